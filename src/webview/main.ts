/**
 * The preview webview: draws the failure-domain diagram with the bundled Mermaid, lists
 * the scenarios (worst first) and the threat matrix, and talks to the host only through
 * the messages of `src/shared/previewMessages.ts`.
 *
 * Data arrives as the escaped JSON in `<body data-initial>` and then as `update`
 * messages; it is never evaluated. The diagram text comes from the core's generator,
 * which escapes every label; Mermaid runs with `securityLevel: 'strict'`, and problems are
 * shown as text (never Mermaid's bare "Syntax error", never a blank panel).
 */
import mermaid from 'mermaid';
import { buildDiagram, describeFolding, MERMAID_LIMITS, type Diagram, type DiagramDetail, type DiagramNode, type DiagramSharedNode } from '../core/mermaid';
import type { AnalysisResult } from '../core/types';
import { isHostToWebviewMessage, type PreviewWebviewState, type RenderedMessage, type UpdateMessage, type WebviewToHostMessage } from '../shared/previewMessages';
import { clearClusterTitles } from './clusterTitles';
import { button, el } from './dom';
import { legend, matrixTable, rankedScenarios, scenarioList } from './panels';
import { PanZoom, type View } from './panZoom';
import { currentTheme, EXPORT_FRONTMATTER, mermaidConfig, type ThemeKind } from './theme';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

type Layout = 'dagre' | 'elk';

const vscode: VsCodeApi | null = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;

function post(message: WebviewToHostMessage): void {
  vscode?.postMessage(message);
}

/** Mermaid's SVG node element ids end in `-flowchart-<our id>-<counter>`. */
const NODE_ID = /-flowchart-(n\d+)-\d+$/;
/** The same for shared items (`s1`, …) and the "every component" note (`sall`). */
const SHARED_NODE_ID = /-flowchart-(s\d+|sall)-\d+$/;

function isDetail(value: unknown): value is DiagramDetail {
  if (value === 'auto' || value === 'full') return true;
  return typeof value === 'object' && value !== null && 'level' in value && (typeof (value as { level: unknown }).level === 'string' || (value as { level: unknown }).level === null);
}

function savedState(source: string): PreviewWebviewState | null {
  const s = vscode?.getState() as Partial<PreviewWebviewState> | undefined;
  if (!s || s.source !== source) return null;
  return {
    source,
    scenario: typeof s.scenario === 'number' ? s.scenario : null,
    detail: isDetail(s.detail) ? s.detail : 'auto',
    view: s.view && typeof s.view === 'object' ? s.view : null,
  };
}

class Preview {
  private data: UpdateMessage | null = null;
  private scenario: number | null = null;
  private detail: DiagramDetail = 'auto';
  private focus: string | null = null;
  private showAllScenarios = false;
  private diagram: Diagram | null = null;
  /** What the canvas shows, so a broken edit can keep the last good picture on screen. */
  private drawn: { source: string; version: number } | null = null;
  /** Theme and layout Mermaid is initialised with. */
  private theme: ThemeKind | null = null;
  private layout: Layout | null = null;
  /** Bumped by every request; a render that finds it changed abandons its result. */
  private wanted = 0;
  private busy = false;
  private exportCount = 0;

  private readonly app = document.getElementById('app') ?? document.body.appendChild(el('div', { attrs: { id: 'app' } }));
  private readonly title = el('h1', { className: 'title', text: 'Redundancy Lens' });
  private readonly detailSelect = el('select', { attrs: { 'aria-label': 'Detail' } });
  private readonly notice = el('div', { className: 'notice', attrs: { role: 'status' } });
  private readonly problem = el('div', { className: 'problem', attrs: { role: 'alert' } });
  private readonly caption = el('div', { className: 'caption', attrs: { 'aria-live': 'polite' } });
  private readonly viewport = el('div', { className: 'viewport', attrs: { tabindex: '0', 'aria-label': 'Failure-domain diagram. Arrow keys pan, plus and minus zoom, 0 fits.' } });
  private readonly canvas = el('div', { className: 'canvas' });
  private readonly legendBox = el('div', { className: 'legend-box' });
  private readonly scenarios = el('section', { className: 'scenarios', attrs: { 'aria-label': 'Scenarios' } });
  private readonly matrix = el('section', { className: 'matrix-section', attrs: { 'aria-label': 'Threat matrix' } });
  private readonly panZoom: PanZoom;

  constructor() {
    this.viewport.append(this.canvas);
    this.panZoom = new PanZoom(this.viewport, this.canvas, () => this.saveState());
    const toolbar = el(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Preview' } },
      this.title,
      el(
        'div',
        { className: 'group' },
        button('−', () => this.panZoom.zoomOut(), { title: 'Zoom out (-)', attrs: { 'aria-label': 'Zoom out' } }),
        button('+', () => this.panZoom.zoomIn(), { title: 'Zoom in (+)', attrs: { 'aria-label': 'Zoom in' } }),
        button('Fit', () => this.panZoom.fitByUser(), { title: 'Fit the diagram (0)' }),
        button('1:1', () => this.panZoom.actualSize(), { title: 'Actual size (1)' }),
      ),
      el('label', { className: 'group' }, el('span', { text: 'Detail' }), this.detailSelect),
      el(
        'div',
        { className: 'group' },
        button('Copy Mermaid', () => this.copyMermaid(), { attrs: { 'data-action': 'copyMermaid' } }),
        button('Save SVG', () => void this.saveSvg(), { attrs: { 'data-action': 'saveSvg' } }),
        button('Save Markdown', () => this.saveMarkdown(), { attrs: { 'data-action': 'saveMarkdown' } }),
      ),
    );
    this.detailSelect.addEventListener('change', () => this.setDetail(this.parseDetail(this.detailSelect.value)));
    this.canvas.addEventListener('click', (e) => this.onDiagramClick(e));
    this.canvas.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && e.target instanceof Element) {
        e.preventDefault();
        this.onDiagramClick(e);
      }
    });
    const main = el('div', { className: 'layout' }, el('div', { className: 'diagram-pane' }, this.caption, this.problem, this.notice, this.viewport, this.legendBox), this.scenarios);
    this.app.replaceChildren(toolbar, main, this.matrix);
    new ResizeObserver(() => this.panZoom.resized()).observe(this.viewport);
    new MutationObserver(() => {
      if (currentTheme() !== this.theme) this.schedule();
    }).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.onMessage(e.data));
  }

  start(): void {
    const raw = document.body.dataset.initial;
    let initial: unknown = null;
    if (raw) {
      try {
        initial = JSON.parse(raw);
      } catch {
        this.showProblem('The preview received data it cannot read. Close and reopen the preview.');
      }
    }
    if (isHostToWebviewMessage(initial) && initial.type === 'update') {
      const saved = savedState(initial.source);
      this.accept(initial);
      if (saved) {
        this.scenario = saved.scenario !== null && saved.scenario < initial.result.scenarios.length ? saved.scenario : null;
        this.detail = saved.detail;
        this.panZoom.restore(saved.view);
      }
      this.schedule();
    } else if (!raw) {
      this.showProblem('Waiting for a design…', 'muted');
    }
    post({ type: 'ready', source: this.data?.source ?? '' });
  }

  private onMessage(message: unknown): void {
    if (!isHostToWebviewMessage(message)) return;
    if (message.type === 'update') {
      if (this.data && message.source === this.data.source && message.version < this.data.version) return;
      this.accept(message);
      this.schedule();
      return;
    }
    if (!this.data || message.source !== this.data.source) return;
    if (message.type === 'selectScenario') {
      this.selectScenario(message.index);
    } else {
      this.focus = message.component;
      this.applyFocus(true);
    }
  }

  /** Takes new data; a new document starts afresh, the same document keeps scenario, detail and view. */
  private accept(message: UpdateMessage): void {
    const previous = this.data;
    const sameDocument = previous !== null && previous.source === message.source;
    if (!sameDocument) {
      this.scenario = null;
      this.detail = 'auto';
      this.focus = null;
      this.showAllScenarios = false;
      if (previous !== null) this.panZoom.reset();
    } else if (this.scenario !== null) {
      // Scenario indices move when the design changes: follow the scenario by what it is.
      const old = previous.result.scenarios[this.scenario];
      const found = old ? message.result.scenarios.findIndex((s) => s.threat === old.threat && s.value === old.value) : -1;
      this.scenario = found >= 0 ? found : null;
    }
    this.data = message;
    // For the host's tests: which version the webview holds (render state is in data-render-*).
    this.app.dataset.dataVersion = String(message.version);
    this.buildPanels();
    this.saveState();
  }

  private schedule(): void {
    this.wanted++;
    if (!this.busy) void this.loop();
  }

  private async loop(): Promise<void> {
    this.busy = true;
    try {
      let done = -1;
      while (done !== this.wanted) {
        // Let messages already queued land first, so a burst of updates draws only the newest.
        await nextTask();
        done = this.wanted;
        await this.render(done);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Mermaid keeps one global configuration: set it only when theme or layout change. */
  private configure(layout: Layout): void {
    const theme = currentTheme();
    if (theme === this.theme && layout === this.layout) return;
    mermaid.initialize({ ...mermaidConfig(theme), layout });
    this.theme = theme;
    this.layout = layout;
    document.body.dataset.theme = theme;
  }

  private stale(ticket: number): boolean {
    return ticket !== this.wanted;
  }

  private async render(ticket: number): Promise<void> {
    const data = this.data;
    if (!data) return;
    const t0 = performance.now();
    const diagram = buildDiagram(data.result, { detail: this.detail, scenario: this.scenario });
    this.diagram = diagram;
    const t1 = performance.now();
    this.updateChrome(diagram, data.result);

    const report = (ok: boolean, error: string | null, parseMs: number, renderMs: number): void => {
      this.app.dataset.renderState = ok ? 'done' : 'error';
      this.app.dataset.renderVersion = String(data.version);
      const message: RenderedMessage = {
        type: 'rendered',
        source: data.source,
        version: data.version,
        ok,
        error,
        scenario: diagram.scenario?.index ?? null,
        nodeCount: diagram.nodeCount,
        subgraphCount: diagram.subgraphCount,
        edgeCount: diagram.edgeCount,
        textLength: diagram.text.length,
        folded: diagram.folded.reason !== null || diagram.folded.versions || diagram.folded.omittedComponents.length > 0,
        layout: ok ? this.layout : null,
        timings: { generateMs: t1 - t0, parseMs, renderMs, totalMs: performance.now() - t0 },
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
        downComponents: [
          ...new Set(
            Array.from(document.querySelectorAll('.canvas g.node.down'))
              .map((g) => g.getAttribute('data-component'))
              .filter((c): c is string => c !== null),
          ),
        ].sort(),
      };
      post(message);
    };

    if (diagram.text === '') {
      const keep = this.drawn !== null && this.drawn.source === data.source;
      const text = keep
        ? 'This version of the file cannot be read as a design, so the diagram shows the last version that could. Fix the errors in the Problems panel.'
        : 'This file cannot be read as a design yet, so there is nothing to draw. Fix the errors in the Problems panel.';
      this.showProblem(text);
      if (!keep) this.clearCanvas();
      report(false, text, 0, 0);
      return;
    }
    if (!diagram.withinLimits || diagram.text.length > MERMAID_LIMITS.maxTextSize || diagram.edgeCount > MERMAID_LIMITS.maxEdges) {
      const text =
        `At this detail the diagram is too large for Mermaid to draw: ${diagram.text.length.toLocaleString('en')} characters ` +
        `(its limit is ${MERMAID_LIMITS.maxTextSize.toLocaleString('en')}) and ${diagram.edgeCount} edges (limit ${MERMAID_LIMITS.maxEdges}). Choose less detail.`;
      this.showProblem(
        text,
        'error',
        button('Automatic detail', () => this.setDetail('auto')),
      );
      this.clearCanvas();
      report(false, text, 0, 0);
      return;
    }

    const id = `rl-diagram-${ticket}`;
    let t2 = performance.now();
    try {
      this.configure('dagre');
      await mermaid.parse(diagram.text);
      if (this.stale(ticket)) return;
      t2 = performance.now();
      let svg: string;
      try {
        ({ svg } = await mermaid.render(id, diagram.text));
      } catch (dagreError) {
        // Dagre is quicker and lays nested boxes out more compactly, but it fails on some
        // large compound graphs; ELK draws those. The text parsed, so the layout is to blame.
        document.getElementById(`d${id}`)?.remove();
        if (this.stale(ticket)) return;
        console.warn('Redundancy Lens: dagre layout failed, retrying with ELK:', dagreError);
        this.configure('elk');
        ({ svg } = await mermaid.render(`${id}-elk`, diagram.text));
      }
      if (this.stale(ticket)) return;
      const t3 = performance.now();
      this.show(svg);
      this.drawn = { source: data.source, version: data.version };
      this.showProblem(null);
      this.applyFocus(false);
      report(true, null, t2 - t1, t3 - t2);
    } catch (err) {
      document.getElementById(`d${id}`)?.remove();
      document.getElementById(`d${id}-elk`)?.remove();
      if (this.stale(ticket)) return;
      const detail = err instanceof Error ? err.message : String(err);
      const text = `Mermaid could not draw the diagram Redundancy Lens generated for this design. This is a bug in Redundancy Lens; please report it with the file. Mermaid said: ${detail}`;
      this.showProblem(text);
      this.clearCanvas();
      report(false, text, t2 - t1, performance.now() - t2);
    }
  }

  /** Puts Mermaid's SVG (sanitised by Mermaid in strict mode) on the canvas and makes its nodes clickable. */
  private show(svgText: string): void {
    const template = document.createElement('template');
    template.innerHTML = svgText;
    const svg = template.content.querySelector('svg');
    if (!svg) throw new Error('Mermaid returned no SVG');
    // Natural size from the viewBox, so that pan and zoom own the scaling.
    const vb = svg.viewBox.baseVal;
    if (vb && vb.width > 0 && vb.height > 0) {
      svg.setAttribute('width', String(Math.ceil(vb.width)));
      svg.setAttribute('height', String(Math.ceil(vb.height)));
      svg.style.removeProperty('max-width');
    }
    const byId = new Map((this.diagram?.nodes ?? []).map((n) => [n.id, n]));
    for (const g of svg.querySelectorAll('g.node')) {
      const node = this.nodeOf(g, byId);
      if (!node) continue;
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('data-component', node.component);
      const count = node.replicas.length;
      const what = count === 1 ? `replica ${node.replicas[0]}` : count === 0 ? 'no replicas' : `${count} replicas`;
      g.setAttribute('aria-label', `${node.component}, ${what}${node.lost ? ', lost' : node.state && node.state !== 'ok' ? `, ${node.state}` : ''}. Show in the editor.`);
    }
    const sharedById = new Map((this.diagram?.sharedNodes ?? []).map((n) => [n.id, n]));
    for (const g of svg.querySelectorAll('g.node')) {
      const m = SHARED_NODE_ID.exec(g.id);
      const node = m ? sharedById.get(m[1]) : undefined;
      if (!node) continue;
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('data-shared', node.shared);
      g.setAttribute('aria-label', this.sharedAriaLabel(node));
    }
    this.canvas.replaceChildren(svg);
    if (this.diagram) clearClusterTitles(svg, this.diagram.subgraphs, this.diagram.nodes);
    this.panZoom.contentChanged();
  }

  private clearCanvas(): void {
    this.canvas.replaceChildren();
    this.drawn = null;
  }

  private nodeOf(g: Element, byId: Map<string, DiagramNode>): DiagramNode | null {
    const m = NODE_ID.exec(g.id);
    return m ? (byId.get(m[1]) ?? null) : null;
  }

  private sharedAriaLabel(node: DiagramSharedNode): string {
    const users = node.every ? 'used by every component' : node.users.length === 0 ? 'used by no component' : `used by ${node.users.length} component${node.users.length === 1 ? '' : 's'}`;
    const cause = node.cause === 'push' ? ', pushed in this scenario' : node.cause === 'bug' ? ', its version has the bug in this scenario' : '';
    return `shared ${node.shared}, ${users}${cause}. Show what its push takes down.`;
  }

  /** The push scenario of a shared item (shared ids never equal a component id, so the value names it). */
  private sharedPush(shared: string): number {
    const result = this.data?.result;
    const item = result?.model?.shared.find((s) => s.id === shared);
    if (!result || !item) return -1;
    const threat = item.type === 'software' ? 'bad-release' : 'bad-config';
    return result.scenarios.findIndex((s) => s.threat === threat && s.value === shared);
  }

  private onDiagramClick(e: Event): void {
    const target = e.target instanceof Element ? e.target.closest('g.node') : null;
    if (!target || !this.data) return;
    const component = target.getAttribute('data-component');
    if (component !== null) post({ type: 'reveal', source: this.data.source, component });
    const shared = target.getAttribute('data-shared');
    if (shared !== null) {
      // A shared item stands for its push: clicking it shows (or clears) what the push takes down.
      const index = this.sharedPush(shared);
      if (index !== -1) this.selectScenario(this.scenario === index ? null : index);
    }
  }

  /** Everything outside the SVG that depends on the diagram: title, detail choice, caption, legend, folding notice. */
  private updateChrome(diagram: Diagram, result: AnalysisResult): void {
    const data = this.data!;
    this.title.textContent = result.model ? `${result.model.system} — ${data.fileName}` : data.fileName;
    this.title.title = data.source;

    const choices: [string, string][] = [['auto', 'Automatic']];
    diagram.detailLevels.forEach((level) => choices.push([`level:${level}`, `Down to ${level}`]));
    choices.push(['none', 'Components only'], ['full', 'Every replica']);
    this.detailSelect.replaceChildren(...choices.map(([value, label]) => el('option', { text: label, attrs: { value } })));
    this.detailSelect.value = this.detailValue(this.detail);

    if (diagram.scenario) {
      const position = rankedScenarios(result).indexOf(diagram.scenario.index) + 1;
      this.caption.replaceChildren(
        el('span', { className: 'caption-label', text: `Scenario ${position} of ${result.scenarios.length}:` }),
        el('span', { className: 'caption-text', text: diagram.scenario.caption }),
        button('Clear', () => this.selectScenario(null), { className: 'link', attrs: { 'aria-label': 'Clear the scenario' } }),
      );
      this.caption.hidden = false;
    } else {
      this.caption.replaceChildren();
      this.caption.hidden = true;
    }

    this.legendBox.replaceChildren(legend(diagram.legend));
    const folding = describeFolding(diagram);
    this.notice.replaceChildren();
    if (folding) {
      this.notice.append(el('span', { text: folding }));
      const more = this.moreDetail(diagram);
      if (more) this.notice.append(button('More detail', () => this.setDetail(more), { className: 'link' }));
      if (this.detail !== 'auto') this.notice.append(button('Automatic detail', () => this.setDetail('auto'), { className: 'link' }));
    }
    this.notice.hidden = folding === null;
    this.updateSelection();
  }

  private moreDetail(diagram: Diagram): DiagramDetail | null {
    const f = diagram.folded;
    if (f.omittedComponents.length > 0 || f.versions) return { level: null };
    if (diagram.levels.length < diagram.detailLevels.length) return { level: diagram.detailLevels[diagram.levels.length] };
    return f.foldedNodes > 0 ? 'full' : null;
  }

  private detailValue(detail: DiagramDetail): string {
    if (detail === 'auto' || detail === 'full') return detail;
    return detail.level === null ? 'none' : `level:${detail.level}`;
  }

  private parseDetail(value: string): DiagramDetail {
    if (value === 'full') return 'full';
    if (value === 'none') return { level: null };
    if (value.startsWith('level:')) return { level: value.slice('level:'.length) };
    return 'auto';
  }

  private setDetail(detail: DiagramDetail): void {
    this.detail = detail;
    this.saveState();
    this.schedule();
  }

  private selectScenario(index: number | null): void {
    if (!this.data) return;
    this.scenario = index !== null && index >= 0 && index < this.data.result.scenarios.length ? index : null;
    this.saveState();
    this.updateSelection();
    this.schedule();
  }

  /** Scenario list and matrix, rebuilt when the data changes. */
  private buildPanels(): void {
    const data = this.data;
    if (!data) return;
    const order = rankedScenarios(data.result);
    const list = scenarioList(
      data.result,
      order,
      this.scenario,
      this.showAllScenarios,
      (i) => this.selectScenario(i),
      () => {
        this.showAllScenarios = true;
        this.buildPanels();
      },
    );
    this.scenarios.replaceChildren(el('h2', { text: 'What if…' }), list);
    this.matrix.replaceChildren(
      el('h2', { text: 'Threat matrix' }),
      matrixTable(
        data.result,
        this.scenario,
        (i) => this.selectScenario(i),
        (component) => post({ type: 'reveal', source: data.source, component }),
      ),
    );
    this.applyFocus(false);
  }

  /** Marks the selected scenario in the list and matrix without rebuilding them. */
  private updateSelection(): void {
    for (const b of this.scenarios.querySelectorAll<HTMLButtonElement>('button[data-scenario]')) {
      b.setAttribute('aria-pressed', String(Number(b.dataset.scenario) === this.scenario));
    }
    if (this.scenario !== null && !this.scenarios.querySelector(`button[data-scenario="${this.scenario}"]`)) this.buildPanels();
    for (const td of this.matrix.querySelectorAll('td.cell')) {
      const b = td.querySelector<HTMLButtonElement>('button[data-scenario]');
      td.classList.toggle('selected', b !== null && Number(b.dataset.scenario) === this.scenario);
    }
  }

  private applyFocus(scroll: boolean): void {
    const component = this.focus;
    for (const g of this.canvas.querySelectorAll('g.node.focused')) g.classList.remove('focused');
    for (const tr of this.matrix.querySelectorAll('tr.focused')) tr.classList.remove('focused');
    if (component === null) return;
    const nodes = [...this.canvas.querySelectorAll('g.node')].filter((g) => g.getAttribute('data-component') === component);
    for (const g of nodes) g.classList.add('focused');
    for (const tr of this.matrix.querySelectorAll('tr')) if (tr.getAttribute('data-component') === component) tr.classList.add('focused');
    if (scroll && nodes.length > 0) this.panZoom.centreOn(nodes[0].getBoundingClientRect());
  }

  private showProblem(text: string | null, kind: 'error' | 'muted' = 'error', ...actions: HTMLElement[]): void {
    this.problem.replaceChildren();
    this.problem.className = `problem ${kind}`;
    if (text === null) {
      this.problem.hidden = true;
      return;
    }
    this.problem.append(el('span', { text }), ...actions);
    this.problem.hidden = false;
  }

  private saveState(): void {
    if (!vscode || !this.data) return;
    const state: PreviewWebviewState = { source: this.data.source, scenario: this.scenario, detail: this.detail, view: this.panZoom.current() as View | null };
    vscode.setState(state);
  }

  private copyMermaid(): void {
    if (!this.data || !this.diagram || this.diagram.text === '') return;
    post({ type: 'copyMermaid', source: this.data.source, text: this.diagram.text });
  }

  private saveMarkdown(): void {
    if (this.data) post({ type: 'saveMarkdown', source: this.data.source });
  }

  /** Draws the current diagram again in the light theme on white, whatever the editor theme, and sends it. */
  private async saveSvg(): Promise<void> {
    const data = this.data;
    const diagram = this.diagram;
    if (!data || !diagram || diagram.text === '' || !diagram.withinLimits) return;
    const id = `rl-export-${++this.exportCount}`;
    try {
      const { svg } = await mermaid.render(id, EXPORT_FRONTMATTER + diagram.text);
      post({ type: 'saveSvg', source: data.source, svg: standaloneSvg(svg, diagram) });
    } catch (err) {
      document.getElementById(`d${id}`)?.remove();
      this.showProblem(`The SVG could not be drawn for saving: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A self-contained SVG file: explicit size, a white background, serialised as XML. */
function standaloneSvg(svgText: string, diagram: Diagram): string {
  const template = document.createElement('template');
  template.innerHTML = svgText;
  const svg = template.content.querySelector('svg');
  if (!svg) return svgText;
  let vb = svg.viewBox.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) {
    svg.setAttribute('width', String(Math.ceil(vb.width)));
    svg.setAttribute('height', String(Math.ceil(vb.height)));
    svg.style.removeProperty('max-width');
    // Laid out off screen for a moment: moving titles needs measured boxes.
    const host = el('div', { className: 'export-host', attrs: { 'aria-hidden': 'true' } });
    host.append(svg);
    document.body.append(host);
    try {
      clearClusterTitles(svg, diagram.subgraphs, diagram.nodes);
    } finally {
      host.remove();
    }
    vb = svg.viewBox.baseVal;
    const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    bg.setAttribute('x', String(vb.x));
    bg.setAttribute('y', String(vb.y));
    bg.setAttribute('width', String(vb.width));
    bg.setAttribute('height', String(vb.height));
    bg.setAttribute('fill', '#ffffff');
    svg.insertBefore(bg, svg.firstChild);
  }
  svg.style.removeProperty('max-width');
  svg.style.backgroundColor = '#ffffff';
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg) + '\n';
}

new Preview().start();
