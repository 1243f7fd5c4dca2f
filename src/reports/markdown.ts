/**
 * The Markdown report, for `check --format markdown` and the preview's "save report". It is
 * meant for GitHub (a PR comment, a job summary): a summary, and per file the scenario
 * matrix, the findings and the failure-domain diagram as a ```mermaid block. All user
 * text is escaped: a design file must not be able to inject markup, links or a table cell
 * boundary into the report.
 */
import { toMermaid } from '../core/mermaid';
import { ruleDocUrl } from '../core/rules-meta';
import type { CellState } from '../core/index';
import { acceptedReason, addCounts, countFindings, oneLine, summaryLine, type Counts, type FileReport } from './report';

/** Mermaid's default `maxTextSize`; GitHub shows an error instead of a diagram above it. */
const MERMAID_MAX_TEXT = 50_000;

const CELL_SYMBOL: Record<CellState, string> = { survives: '✓', exposed: '✗', unknown: '?' };

export function formatMarkdown(reports: readonly FileReport[]): string {
  const out: string[] = ['# Redundancy Lens report', ''];
  let total: Counts = { error: 0, warning: 0, information: 0, hint: 0, accepted: 0 };
  const perFile = reports.map((r) => countFindings(r.result.findings));
  for (const c of perFile) total = addCounts(total, c);
  out.push(`**${summaryLine(total, reports.length)}**`, '');

  if (reports.length > 0) {
    out.push('| File | System | Errors | Warnings | Information | Accepted |', '|---|---|---:|---:|---:|---:|');
    reports.forEach((r, i) => {
      const c = perFile[i];
      const system = r.result.model ? escapeText(r.result.model.system) : '';
      out.push(`| ${codeSpan(r.file, true)} | ${system} | ${c.error} | ${c.warning} | ${c.information + c.hint} | ${c.accepted} |`);
    });
    out.push('');
  }

  for (const report of reports) {
    out.push(`## ${codeSpan(report.file, false)}`, '');
    const model = report.result.model;
    if (model) out.push(`System **${escapeText(model.system)}**: ${model.components.length} component${model.components.length === 1 ? '' : 's'}.`, '');
    else out.push('The file could not be read as a design, so there is no scenario matrix or diagram; fix the errors below first.', '');

    out.push(...matrixSection(report));
    out.push(...findingsSection(report));
    out.push(...diagramSection(report));
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function matrixSection(report: FileReport): string[] {
  const { matrix } = report.result;
  if (!report.result.model || matrix.components.length === 0 || matrix.threats.length === 0) return [];
  const lines = ['### Scenario matrix', ''];
  lines.push(`| Component | ${matrix.threats.map(escapeText).join(' | ')} |`);
  lines.push(`|---|${matrix.threats.map(() => ':-:').join('|')}|`);
  let anyUntolerated = false;
  matrix.components.forEach((component, ci) => {
    const cells = matrix.threats.map((threat, ti) => {
      const cell = matrix.cells[ci]?.[ti];
      if (!cell) return '';
      if (!cell.tolerated) anyUntolerated = true;
      return CELL_SYMBOL[cell.state] + (cell.tolerated ? '' : '†');
    });
    lines.push(`| ${codeSpan(component, true)} | ${cells.join(' | ')} |`);
  });
  lines.push('');
  const legend = ['✓ survives', '✗ exposed', '? unknown'];
  if (anyUntolerated) legend.push('† not claimed in `tolerate`');
  lines.push(`${legend.join(' · ')}`, '');
  return lines;
}

function findingsSection(report: FileReport): string[] {
  const findings = report.result.findings;
  const lines = ['### Findings', ''];
  if (findings.length === 0) return [...lines, 'No findings.', ''];
  lines.push('| Line | Severity | Rule | Component | Message |', '|---:|---|---|---|---|');
  for (const f of findings) {
    const line = report.lines.positionAt(f.range.start).line + 1;
    const severity = f.accepted ? `${f.severity} (accepted)` : f.severity;
    let message = escapeText(f.message);
    if (f.accepted) message += ` _Accepted: ${escapeText(acceptedReason(report, f))}_`;
    const component = f.component === null ? '' : codeSpan(f.component, true);
    lines.push(`| ${line} | ${severity} | [${f.rule}](${ruleDocUrl(f.rule)}) | ${component} | ${message} |`);
  }
  lines.push('');
  return lines;
}

function diagramSection(report: FileReport): string[] {
  const diagram = toMermaid(report.result);
  if (diagram === '') return [];
  const lines = ['### Failure domains', ''];
  if (diagram.length > MERMAID_MAX_TEXT) {
    return [...lines, `The diagram is too large for GitHub to render (${diagram.length} characters); open the file's preview in the editor to see it.`, ''];
  }
  return [...lines, '```mermaid', diagram.replace(/\n$/, ''), '```', ''];
}

/**
 * Plain user text for a paragraph or a table cell: HTML is entity-encoded and every
 * character Markdown could read as syntax is backslash-escaped (`|` included, which
 * GitHub honours inside tables).
 */
export function escapeText(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** User text as inline code. In a table `|` still splits cells, so there it is escaped too. */
export function codeSpan(text: string, inTable: boolean): string {
  let body = oneLine(text);
  if (inTable) body = body.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
