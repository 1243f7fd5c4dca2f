/**
 * The HTML around the diagram: the scenario list (worst first), the threat matrix, the
 * legend. Built with `el` only: every piece of design text goes in as text.
 */
import type { LegendEntry } from '../core/mermaid';
import type { AnalysisResult, CellState } from '../core/types';
import { button, el } from './dom';

/** Scenario indices, most relevant (lowest `rank`) first; ties keep analysis order. */
export function rankedScenarios(result: AnalysisResult): number[] {
  return result.scenarios.map((_, i) => i).sort((a, b) => result.scenarios[a].rank - result.scenarios[b].rank || a - b);
}

/** Items shown before "Show all": long lists stay quick to build and to scan. */
const FIRST_ITEMS = 60;

export function scenarioList(
  result: AnalysisResult,
  order: readonly number[],
  selected: number | null,
  showAll: boolean,
  onSelect: (index: number | null) => void,
  onShowAll: () => void,
): HTMLElement {
  const list = el('ol', { className: 'scenario-list', attrs: { 'aria-label': 'Scenarios, most relevant first' } });
  const shown = showAll ? order : order.slice(0, FIRST_ITEMS);
  // Keep the selected scenario visible even when it is beyond the first items.
  const items = selected !== null && !shown.includes(selected) && order.includes(selected) ? [...shown, selected] : shown;
  for (const index of items) {
    const s = result.scenarios[index];
    const effects: string[] = [];
    if (s.blastRadius > 0) effects.push(`${s.blastRadius} down`);
    if (s.componentsDegraded.length > 0) effects.push(`${s.componentsDegraded.length} degraded`);
    if (s.componentsLosingData.length > 0) effects.push(`${s.componentsLosingData.length} lose data`);
    if (effects.length === 0) effects.push('no effect');
    const b = button('', () => onSelect(selected === index ? null : index), {
      className: `scenario${s.blastRadius > 0 ? ' harmful' : ''}`,
      title: s.caption,
      attrs: { 'aria-pressed': String(selected === index), 'data-scenario': String(index) },
    });
    b.append(el('span', { className: 'scenario-name', text: `${s.threat} ${s.value}` }), el('span', { className: 'scenario-effect', text: effects.join(' · ') }));
    list.append(el('li', {}, b));
  }
  const wrap = el('div', { className: 'scenarios-body' }, list);
  if (!showAll && order.length > FIRST_ITEMS) wrap.append(button(`Show all ${order.length} scenarios`, onShowAll, { className: 'link' }));
  if (order.length === 0) wrap.replaceChildren(el('p', { className: 'muted', text: 'No scenarios: the design has no replicas to lose.' }));
  return wrap;
}

const SYMBOL: Record<CellState, string> = { survives: '✓', exposed: '✗', unknown: '?' };
const WORD: Record<CellState, string> = { survives: 'survives', exposed: 'exposed', unknown: 'unknown' };

export function matrixTable(result: AnalysisResult, selected: number | null, onCell: (scenario: number) => void, onComponent: (component: string) => void): HTMLElement {
  const { matrix } = result;
  if (matrix.components.length === 0 || matrix.threats.length === 0) return el('p', { className: 'muted', text: 'No threat matrix: the design has no components yet.' });
  const head = el('tr', {}, el('th', { text: 'Component', attrs: { scope: 'col' } }));
  for (const threat of matrix.threats) head.append(el('th', { text: threat, attrs: { scope: 'col' } }));
  const body = el('tbody');
  let anyUntolerated = false;
  matrix.components.forEach((component, ci) => {
    const row = el('tr', { attrs: { 'data-component': component } });
    row.append(
      el(
        'th',
        { attrs: { scope: 'row' } },
        button(component, () => onComponent(component), { className: 'link component', title: `Show ${component} in the editor` }),
      ),
    );
    matrix.threats.forEach((threat, ti) => {
      const cell = matrix.cells[ci]?.[ti];
      if (!cell) {
        row.append(el('td'));
        return;
      }
      if (!cell.tolerated) anyUntolerated = true;
      const label = `${component}, ${threat}: ${WORD[cell.state]}${cell.tolerated ? '' : ' (not claimed in tolerate)'}`;
      const content = SYMBOL[cell.state] + (cell.tolerated ? '' : '†');
      const classes = `cell ${cell.state}${cell.tolerated ? '' : ' untolerated'}${cell.worst !== null && cell.worst === selected ? ' selected' : ''}`;
      const td = el('td', { className: classes });
      if (cell.worst === null) {
        td.append(el('span', { text: content, title: label, attrs: { 'aria-label': label } }));
      } else {
        const worst = cell.worst;
        td.append(button(content, () => onCell(worst), { title: `${label}. Show its worst scenario.`, attrs: { 'aria-label': `${label}; show its worst scenario`, 'data-scenario': String(worst) } }));
      }
      row.append(td);
    });
    body.append(row);
  });
  const table = el('table', { className: 'matrix' }, el('thead', {}, head), body);
  const key = ['✓ survives', '✗ exposed', '? unknown'];
  if (anyUntolerated) key.push('† not claimed in tolerate');
  return el('div', { className: 'matrix-wrap' }, table, el('p', { className: 'muted key', text: `${key.join(' · ')}. A cell shows its worst scenario.` }));
}

export function legend(entries: readonly LegendEntry[]): HTMLElement {
  const list = el('ul', { className: 'legend', attrs: { 'aria-label': 'Legend' } });
  for (const e of entries) {
    const swatch = el('span', { className: `swatch${e.dashed ? ' dashed' : ''}`, attrs: { 'aria-hidden': 'true' } });
    swatch.style.backgroundColor = e.fill;
    swatch.style.borderColor = e.stroke;
    list.append(el('li', {}, swatch, el('span', { text: e.label })));
  }
  return list;
}
