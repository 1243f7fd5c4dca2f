/**
 * The failure-domain diagram as Mermaid flowchart text: nested subgraphs follow the
 * design's failure-domain levels (a level a replica leaves unset is drawn as
 * "unknown <level>"), a node per replica — or per group of identical replicas in one place —
 * and one edge per component pair: solid for `dependsOn`, dotted for `consumes`. Each shared
 * item is one hexagon (id, type and layer, version, rollout) under the components that use
 * it, joined by thick `uses` edges ending in a circle; an item every component uses gets one
 * edge from a single "every component" note instead of one per component. With a scenario
 * that pushes a shared item (or is a bug in its version), the item is drawn as the cause and
 * its `uses` edges in red; the components it takes down are marked as in any scenario.
 *
 * Large designs are folded to stay readable, fast to lay out and inside Mermaid's default
 * limits: identical replicas in one place share a node ("ledger ×4"), then the deepest
 * levels stop being drawn (host, then rack, …), then replicas of a component share a node
 * whatever their version, and as a last resort the least relevant components are left
 * out. `Diagram.folded` says what was folded so a view can say so and offer more detail.
 *
 * Colours: one per component (classes `c1`, `c2`, … in file order), or, with a scenario,
 * one per state (`down` red, `degraded` amber, `dataloss` violet, `ok` green, plus `lost`
 * for the replicas the scenario takes down). The legend is not drawn in the diagram (it
 * would cost boxes and layout time); `Diagram.legend` carries it as data for the preview
 * to draw in HTML. In Markdown, every node's label names its component, so none is needed.
 *
 * Invariant: no user text reaches the output except inside a quoted label, entity-encoded
 * by `mermaidLabel`; node, subgraph and class ids are generated. The text is rendered by
 * Mermaid in GitHub and in the preview, so a label must not be able to close its quotes,
 * start a directive (`%%{init`), inject HTML, or end a surrounding ``` fence.
 */
import { buildPlan, planBoxes, type Plan, type PlanGroup, type PlanNode, type PlanShared, type PlanStage } from './diagram';
import type { AnalysisResult, DesignModel, ScenarioOutcome } from './types';
import { downThroughDependencies, worstScenarios } from './scenarios';

/** Mermaid's default limits: above `maxTextSize` it draws a placeholder, above `maxEdges` it throws. */
export const MERMAID_LIMITS = { maxTextSize: 50_000, maxEdges: 500 } as const;

/**
 * How much to draw. `auto` (the default) draws as much as fits the node budget;
 * `full` draws every level and one node per replica; `{ level }` draws boxes down to that
 * failure-domain level (null: no boxes) with identical replicas folded, and does not fold
 * further even if the picture is large (`Diagram.withinLimits` then says whether Mermaid
 * can draw it).
 */
export type DiagramDetail = 'auto' | 'full' | { level: string | null };

export interface DiagramOptions {
  /** Flowchart direction. Default `TB`. */
  direction?: 'TB' | 'LR';
  detail?: DiagramDetail;
  /**
   * Most boxes (nodes plus subgraphs, which the layout treats alike) `auto` may draw.
   * Default 80: Mermaid's layout takes about a second for 100 boxes.
   */
  nodeBudget?: number;
  /** Most edges drawn; the rest are counted in `folded.omittedEdges`. Default 200, below Mermaid's 500. */
  edgeBudget?: number;
  /** Index into `result.scenarios` to mark; null or out of range marks nothing. */
  scenario?: number | null;
  /** Longest label line in characters (graphemes) before it is cut with "…". Default 40. */
  maxLabelLength?: number;
  /** Largest text `auto` may produce. Default Mermaid's 50,000. */
  maxTextSize?: number;
  /** Most shared items `auto` draws (the scenario's cause always among them). Default 12, at most a quarter of the node budget. */
  maxSharedNodes?: number;
}

/** Kept for the CLI's callers. */
export type MermaidOptions = DiagramOptions;

/** A component's fate in the marked scenario. */
export type ComponentState = 'down' | 'degraded' | 'dataloss' | 'ok';

export interface DiagramNode {
  /** Mermaid node id (`n1`, …); Mermaid's SVG element id ends in `-flowchart-<id>-<k>`. */
  id: string;
  /** Id of the subgraph the node is drawn in, or null at the top. */
  parent: string | null;
  component: string;
  /** Replica ids the node stands for (empty for a component without replicas). */
  replicas: string[];
  /** With a scenario: the component's state, and whether these replicas are lost. */
  state: ComponentState | null;
  lost: boolean;
}

/** A shared item's node. Mermaid's SVG element id ends in `-flowchart-<id>-<k>`. */
export interface DiagramSharedNode {
  /** Mermaid node id (`s1`, …). */
  id: string;
  shared: string;
  /** Components it is drawn joined to (empty when joined to the "every component" note). */
  users: string[];
  /** True when every component uses it. */
  every: boolean;
  /** With a scenario: whether this item is its cause (its push, or a bug in its version). */
  cause: 'push' | 'bug' | null;
}

/** A failure-domain box. Mermaid's SVG element id for it ends in `-<id>`. */
export interface DiagramSubgraph {
  /** Mermaid subgraph id (`g1`, …). */
  id: string;
  parent: string | null;
  level: string;
  /** Null for "unknown <level>". */
  value: string | null;
}

export interface LegendEntry {
  /** Mermaid class name applied to the nodes. */
  className: string;
  /** Plain text (a component id, or a state name); a view must insert it as text. */
  label: string;
  fill: string;
  stroke: string;
  /** Lost replicas are drawn with a dashed border. */
  dashed: boolean;
  kind: 'component' | 'state' | 'shared';
}

export interface FoldInfo {
  /** Failure-domain levels not drawn as boxes, largest first. */
  levels: string[];
  /** Nodes that stand for more than one replica, and the replicas inside them. */
  foldedNodes: number;
  foldedReplicas: number;
  /** True when replicas of a component in one place share a node whatever their version and config. */
  versions: boolean;
  /** Components left out of the picture, most relevant first. */
  omittedComponents: string[];
  /** Edges left out by the edge budget. */
  omittedEdges: number;
  /** Shared items not drawn (beyond `maxSharedNodes`), in file order. */
  omittedShared: string[];
  /** `budget`: `auto` folded to fit; `detail`: folded as asked; null: nothing beyond identical replicas. */
  reason: 'budget' | 'detail' | null;
  /** Boxes the picture would need with every level drawn (identical replicas folded). */
  boxesAtFullDepth: number;
  /** The node budget that applied. */
  budget: number;
}

export interface DiagramScenario {
  index: number;
  threat: string;
  value: string;
  caption: string;
  states: Record<string, ComponentState>;
  lostReplicas: string[];
  /** The shared item the scenario pushes or whose version it is a bug in, when there is one. */
  shared: string | null;
}

export interface Diagram {
  /** Mermaid text; '' when the result has no model. */
  text: string;
  nodeCount: number;
  subgraphCount: number;
  edgeCount: number;
  /** Failure-domain levels drawn as boxes, largest first. */
  levels: string[];
  /** Every level the user can ask for as `{ level }`, largest first (the design's `failureDomains`). */
  detailLevels: string[];
  folded: FoldInfo;
  nodes: DiagramNode[];
  /** Boxes in drawing order, parents before children. */
  subgraphs: DiagramSubgraph[];
  nodeIdsByReplica: Record<string, string>;
  nodeIdsByComponent: Record<string, string[]>;
  /** Shared items drawn, in file order. */
  sharedNodes: DiagramSharedNode[];
  nodeIdsByShared: Record<string, string>;
  /** Mermaid id of the "every component" note, or null when it is not drawn. */
  everyNoteId: string | null;
  legend: LegendEntry[];
  scenario: DiagramScenario | null;
  /** Whether Mermaid can draw `text` with its default limits. */
  withinLimits: boolean;
}

/** Fill/stroke pairs, light enough for dark text on any theme; later components get generated hues. */
const PALETTE: ReadonlyArray<readonly [string, string]> = [
  ['#dbeafe', '#1d4ed8'],
  ['#dcfce7', '#15803d'],
  ['#fef3c7', '#b45309'],
  ['#fce7f3', '#be185d'],
  ['#ede9fe', '#6d28d9'],
  ['#cffafe', '#0e7490'],
  ['#ffedd5', '#c2410c'],
  ['#e0e7ff', '#4338ca'],
  ['#ecfccb', '#4d7c0f'],
  ['#f5f5f4', '#44403c'],
];

const TEXT_COLOUR = '#111827';

const STATE_STYLE: Record<ComponentState | 'lost', { fill: string; stroke: string; label: string }> = {
  down: { fill: '#fecaca', stroke: '#b91c1c', label: 'down' },
  degraded: { fill: '#fde68a', stroke: '#b45309', label: 'degraded' },
  dataloss: { fill: '#e9d5ff', stroke: '#7e22ce', label: 'loses data' },
  ok: { fill: '#bbf7d0', stroke: '#15803d', label: 'unaffected' },
  lost: { fill: '#f87171', stroke: '#7f1d1d', label: 'replica lost' },
};

/** Shared items, the "every component" note, and a shared item that is the scenario's cause. */
const SHARED_STYLE = {
  shared: { fill: '#e2e8f0', stroke: '#334155', label: 'shared item' },
  note: { fill: '#f8fafc', stroke: '#64748b', label: '' },
  cause: { fill: '#fca5a5', stroke: '#7f1d1d', label: 'shared cause of the scenario' },
} as const;

/** The red of a marked `uses` edge. */
const CAUSE_EDGE = '#b91c1c';

/** Mermaid id of the "every component" note. */
const EVERY_NOTE_ID = 'sall';

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): string => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** The colour of the i-th component (file order), stable whatever is folded. */
export function componentColour(i: number): { fill: string; stroke: string } {
  if (i < PALETTE.length) return { fill: PALETTE[i][0], stroke: PALETTE[i][1] };
  // Golden-angle hues keep neighbours apart however many components there are.
  const hue = (i * 137.508) % 360;
  return { fill: hslToHex(hue, 0.8, 0.9), stroke: hslToHex(hue, 0.7, 0.3) };
}

function emptyDiagram(): Diagram {
  return {
    text: '',
    nodeCount: 0,
    subgraphCount: 0,
    edgeCount: 0,
    levels: [],
    detailLevels: [],
    folded: { levels: [], foldedNodes: 0, foldedReplicas: 0, versions: false, omittedComponents: [], omittedEdges: 0, omittedShared: [], reason: null, boxesAtFullDepth: 0, budget: 0 },
    nodes: [],
    subgraphs: [],
    nodeIdsByReplica: Object.create(null) as Record<string, string>,
    nodeIdsByComponent: Object.create(null) as Record<string, string[]>,
    sharedNodes: [],
    nodeIdsByShared: Object.create(null) as Record<string, string>,
    everyNoteId: null,
    legend: [],
    scenario: null,
    withinLimits: true,
  };
}

function componentStates(model: DesignModel, scenario: ScenarioOutcome): Record<string, ComponentState> {
  // Null prototype: component ids such as `__proto__` or `constructor` are plain keys.
  const states: Record<string, ComponentState> = Object.create(null) as Record<string, ComponentState>;
  for (const c of model.components) states[c.id] = 'ok';
  const set = (ids: readonly string[], state: ComponentState): void => {
    for (const id of ids) if (Object.prototype.hasOwnProperty.call(states, id)) states[id] = state;
  };
  // Later calls win: the worst state is applied last.
  set(scenario.componentsDegraded, 'degraded');
  set(scenario.componentsLosingData, 'dataloss');
  set(downThroughDependencies(model, scenario.componentsDownDirectly), 'down');
  set(scenario.componentsDownDirectly, 'down');
  return states;
}

/**
 * Components most relevant first: those the marked scenario affects, then by the most
 * relevant scenario that takes them down, then file order.
 */
function relevanceOrder(result: AnalysisResult, model: DesignModel, states: Record<string, ComponentState> | null): string[] {
  const bestRank = new Map<string, number>();
  worstScenarios(result).forEach((si, ci) => {
    if (si !== null) bestRank.set(model.components[ci].id, result.scenarios[si].rank);
  });
  const affected = (id: string): number => (states === null || states[id] === undefined || states[id] === 'ok' ? 1 : 0);
  return model.components
    .map((c, i) => ({ id: c.id, i }))
    .sort((a, b) => affected(a.id) - affected(b.id) || (bestRank.get(a.id) ?? Infinity) - (bestRank.get(b.id) ?? Infinity) || a.i - b.i)
    .map((x) => x.id);
}

/** Builds the diagram of `result` with folding and marking as `options` ask. */
export function buildDiagram(result: AnalysisResult, options: DiagramOptions = {}): Diagram {
  const model = result.model;
  if (!model) return emptyDiagram();
  const levels = model.failureDomains;
  const budget = Math.max(1, options.nodeBudget ?? 80);
  const edgeBudget = Math.max(0, Math.min(options.edgeBudget ?? 200, MERMAID_LIMITS.maxEdges));
  const maxTextSize = options.maxTextSize ?? MERMAID_LIMITS.maxTextSize;
  const detail = options.detail ?? 'auto';

  const index = options.scenario;
  const outcome = index !== undefined && index !== null && Number.isInteger(index) && index >= 0 && index < result.scenarios.length ? result.scenarios[index] : null;
  const states = outcome ? componentStates(model, outcome) : null;
  const lost = outcome ? new Set(outcome.replicasDown) : null;
  const cause = outcome ? scenarioCause(model, outcome) : undefined;
  // `auto` draws a few shared items; asked-for detail draws them all.
  const maxShared = detail === 'auto' ? Math.max(1, Math.min(options.maxSharedNodes ?? 12, Math.floor(budget / 4))) : model.shared.length;
  const input = { model, lost, relevance: relevanceOrder(result, model, states), edgeBudget, cause, maxShared };
  const emitOptions: EmitOptions = {
    direction: options.direction ?? 'TB',
    maxLabel: Math.max(2, options.maxLabelLength ?? 40),
    states,
  };

  const boxes = planBoxes;
  const fullDepth = buildPlan(input, { depth: levels.length, fold: 'identical', keep: null });

  let stage: PlanStage;
  let plan: Plan;
  let emitted: Emitted;
  let reason: FoldInfo['reason'] = null;
  if (detail === 'full') {
    stage = { depth: levels.length, fold: 'none', keep: null };
    plan = buildPlan(input, stage);
    emitted = emit(model, plan, emitOptions);
  } else if (detail !== 'auto') {
    const at = detail.level === null ? 0 : levels.indexOf(detail.level) + 1;
    stage = { depth: at <= 0 && detail.level !== null ? levels.length : at, fold: 'identical', keep: null };
    plan = buildPlan(input, stage);
    emitted = emit(model, plan, emitOptions);
    if (stage.depth < levels.length) reason = 'detail';
  } else {
    const fits = (p: Plan): Emitted | null => {
      if (boxes(p) > budget) return null;
      const e = emit(model, p, emitOptions);
      return e.text.length <= maxTextSize ? e : null;
    };
    const tries: PlanStage[] = [];
    for (let d = levels.length; d >= 0; d--) tries.push({ depth: d, fold: 'identical', keep: null });
    tries.push({ depth: 0, fold: 'component', keep: null });
    let found: { stage: PlanStage; plan: Plan; emitted: Emitted } | null = null;
    for (const s of tries) {
      const p = s === tries[0] ? fullDepth : buildPlan(input, s);
      const e = fits(p);
      if (e) {
        found = { stage: s, plan: p, emitted: e };
        break;
      }
    }
    if (!found) {
      // Leave out the least relevant components: the largest `keep` that fits (at least one).
      let lo = 1;
      let hi = model.components.length - 1;
      let best: { stage: PlanStage; plan: Plan; emitted: Emitted } | null = null;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s: PlanStage = { depth: 0, fold: 'component', keep: mid };
        const p = buildPlan(input, s);
        const e = fits(p);
        if (e) {
          best = { stage: s, plan: p, emitted: e };
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      if (!best) {
        const s: PlanStage = { depth: 0, fold: 'component', keep: 1 };
        const p = buildPlan(input, s);
        best = { stage: s, plan: p, emitted: emit(model, p, emitOptions) };
      }
      found = best;
    }
    ({ stage, plan, emitted } = found);
    if (stage !== tries[0]) reason = 'budget';
  }

  const folded: FoldInfo = {
    levels: levels.slice(stage.depth),
    foldedNodes: plan.nodes.filter((n) => n.replicas.length > 1).length,
    foldedReplicas: plan.nodes.reduce((sum, n) => sum + (n.replicas.length > 1 ? n.replicas.length : 0), 0),
    versions: stage.fold === 'component',
    omittedComponents: plan.omitted,
    omittedEdges: plan.omittedEdges,
    omittedShared: plan.omittedShared,
    reason,
    boxesAtFullDepth: boxes(fullDepth),
    budget,
  };

  // Null prototype: ids are user text (`__proto__`, `constructor`, …).
  const nodeIdsByReplica: Record<string, string> = Object.create(null) as Record<string, string>;
  const nodeIdsByComponent: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const nodes: DiagramNode[] = plan.nodes.map((n, i) => {
    const id = emitted.ids[i];
    for (const r of n.replicas) nodeIdsByReplica[r.id] = id;
    if (Object.prototype.hasOwnProperty.call(nodeIdsByComponent, n.component)) nodeIdsByComponent[n.component].push(id);
    else nodeIdsByComponent[n.component] = [id];
    return { id, parent: emitted.parents[i], component: n.component, replicas: n.replicas.map((r) => r.id), state: states ? states[n.component] : null, lost: n.lost };
  });

  const nodeIdsByShared: Record<string, string> = Object.create(null) as Record<string, string>;
  const sharedNodes: DiagramSharedNode[] = plan.shared.map((sh, i) => {
    nodeIdsByShared[sh.item.id] = emitted.sharedIds[i];
    const users = sh.every ? [] : plan.uses.filter((u) => u.shared === sh.item.id && u.component !== null).map((u) => u.component!);
    return { id: emitted.sharedIds[i], shared: sh.item.id, users, every: sh.every, cause: sh.cause };
  });

  return {
    text: emitted.text,
    nodeCount: plan.nodes.length,
    subgraphCount: plan.subgraphCount,
    edgeCount: plan.edges.length + plan.uses.length,
    levels: levels.slice(0, stage.depth),
    detailLevels: [...levels],
    folded,
    nodes,
    subgraphs: emitted.subgraphs,
    nodeIdsByReplica,
    nodeIdsByComponent,
    sharedNodes,
    nodeIdsByShared,
    everyNoteId: plan.everyNote ? EVERY_NOTE_ID : null,
    legend: legendOf(model, plan, states),
    scenario:
      outcome && states && index !== undefined && index !== null
        ? {
            index,
            threat: outcome.threat,
            value: outcome.value,
            caption: outcome.caption,
            states,
            lostReplicas: [...outcome.replicasDown],
            shared: cause?.shared ?? plan.shared.find((sh) => sh.cause === 'bug')?.item.id ?? null,
          }
        : null,
    withinLimits: emitted.text.length <= MERMAID_LIMITS.maxTextSize && plan.edges.length + plan.uses.length <= MERMAID_LIMITS.maxEdges,
  };
}

/**
 * What a scenario says of the shared items: the one it pushes (a `bad-release` of a software
 * item or a `bad-config` of a config item, named by its id — shared ids never equal a
 * component id), or the version a `software-bug` scenario is a latent bug in.
 */
function scenarioCause(model: DesignModel, outcome: ScenarioOutcome): { shared: string | null; version: string | null } {
  if (outcome.threat === 'software-bug') return { shared: null, version: outcome.value };
  const pushed = model.shared.find((sh) => sh.id === outcome.value && outcome.threat === (sh.type === 'software' ? 'bad-release' : 'bad-config'));
  return { shared: pushed?.id ?? null, version: null };
}

/** The diagram's Mermaid text with the default folding (as the CLI's Markdown report shows it). */
export function toMermaid(result: AnalysisResult, options: DiagramOptions = {}): string {
  return buildDiagram(result, options).text;
}

/** One or two plain sentences saying what was folded, or null when nothing a user would miss was. */
export function describeFolding(diagram: Diagram): string | null {
  const f = diagram.folded;
  const parts: string[] = [];
  if (f.levels.length > 0 && f.reason !== null) {
    const why = f.reason === 'budget' ? ` to keep the picture under ${f.budget} boxes (every level would need ${f.boxesAtFullDepth})` : ' as asked';
    parts.push(`${capitalise(listOf(f.levels))} ${f.levels.length === 1 ? 'level is' : 'levels are'} not drawn${why}.`);
  }
  if (f.versions) parts.push('Replicas of a component in one place share a node whatever their version and config.');
  else if (f.foldedNodes > 0) parts.push(`${f.foldedNodes} ${f.foldedNodes === 1 ? 'node stands' : 'nodes stand'} for several identical replicas (${f.foldedReplicas} in all).`);
  if (f.omittedComponents.length > 0) {
    const n = f.omittedComponents.length;
    parts.push(`${n} less relevant ${n === 1 ? 'component is' : 'components are'} left out.`);
  }
  if (f.omittedShared.length > 0) {
    const n = f.omittedShared.length;
    parts.push(`${n} ${n === 1 ? 'shared item is' : 'shared items are'} left out.`);
  }
  if (f.omittedEdges > 0) parts.push(`${f.omittedEdges} ${f.omittedEdges === 1 ? 'edge is' : 'edges are'} left out.`);
  return parts.length === 0 ? null : parts.join(' ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function legendOf(model: DesignModel, plan: Plan, states: Record<string, ComponentState> | null): LegendEntry[] {
  const shared: LegendEntry[] = [];
  if (plan.shared.some((sh) => sh.cause !== null))
    shared.push({ className: 'cause', label: SHARED_STYLE.cause.label, fill: SHARED_STYLE.cause.fill, stroke: SHARED_STYLE.cause.stroke, dashed: false, kind: 'shared' });
  if (plan.shared.some((sh) => sh.cause === null))
    shared.push({ className: 'shared', label: SHARED_STYLE.shared.label, fill: SHARED_STYLE.shared.fill, stroke: SHARED_STYLE.shared.stroke, dashed: false, kind: 'shared' });
  if (states === null) {
    const drawn = new Set(plan.components);
    return [...model.components.flatMap((c, i) => (drawn.has(c.id) ? [{ className: `c${i + 1}`, label: c.id, ...componentColour(i), dashed: false, kind: 'component' as const }] : [])), ...shared];
  }
  const used = new Set<string>();
  for (const n of plan.nodes) {
    used.add(states[n.component]);
    if (n.lost) used.add('lost');
  }
  return (['lost', 'down', 'degraded', 'dataloss', 'ok'] as const)
    .filter((s) => used.has(s))
    .map((s): LegendEntry => ({ className: s, label: STATE_STYLE[s].label, fill: STATE_STYLE[s].fill, stroke: STATE_STYLE[s].stroke, dashed: s === 'lost', kind: 'state' }))
    .concat(shared);
}

interface EmitOptions {
  direction: 'TB' | 'LR';
  maxLabel: number;
  states: Record<string, ComponentState> | null;
}

interface Emitted {
  text: string;
  /** Mermaid id of `plan.nodes[i]`, and of the subgraph it is drawn in. */
  ids: string[];
  parents: (string | null)[];
  subgraphs: DiagramSubgraph[];
  /** Mermaid id of `plan.shared[i]`. */
  sharedIds: string[];
}

function emit(model: DesignModel, plan: Plan, options: EmitOptions): Emitted {
  const lines: string[] = [`flowchart ${options.direction}`];
  const ids: string[] = [];
  const parents: (string | null)[] = [];
  const subgraphs: DiagramSubgraph[] = [];
  const idOf = new Map<PlanNode, string>();
  const label = (text: string): string => mermaidLabel(truncateLabel(text, options.maxLabel));

  const emitGroup = (group: PlanGroup, indent: string, parent: string | null): void => {
    for (const child of group.groups) {
      const id = `g${subgraphs.length + 1}`;
      subgraphs.push({ id, parent, level: child.level, value: child.value });
      const title = child.value === null ? `unknown ${child.level}` : `${child.level} ${child.value}`;
      lines.push(`${indent}subgraph ${id}["${label(title)}"]`);
      emitGroup(child, indent + '  ', id);
      lines.push(`${indent}end`);
    }
    for (const node of group.nodes) {
      const id = `n${ids.length + 1}`;
      ids.push(id);
      parents.push(parent);
      idOf.set(node, id);
      lines.push(`${indent}${id}["${nodeLabel(node, options, label)}"]`);
    }
  };
  emitGroup(plan.root, '  ', null);

  // Edges join each component's first node: one edge per pair, not one per replica pair.
  const first = new Map<string, string>();
  for (const node of plan.nodes) if (!first.has(node.component)) first.set(node.component, idOf.get(node)!);
  let edgeCount = 0;
  for (const e of plan.edges) {
    const a = first.get(e.from);
    const b = first.get(e.to);
    if (a && b) {
      lines.push(`  ${a} ${e.kind === 'dependsOn' ? '-->' : '-.->'} ${b}`);
      edgeCount++;
    }
  }

  // Shared items after the components: with `uses` edges pointing at them, the layout puts them under their users.
  const sharedIds = plan.shared.map((_, i) => `s${i + 1}`);
  const sharedIdOf = new Map(plan.shared.map((sh, i) => [sh.item.id, sharedIds[i]] as const));
  if (plan.everyNote) lines.push(`  ${EVERY_NOTE_ID}(["${label(`every component (${model.components.length})`)}"])`);
  plan.shared.forEach((sh, i) => lines.push(`  ${sharedIds[i]}{{"${sharedLabel(model, sh, label)}"}}`));
  const causeEdges: number[] = [];
  for (const u of plan.uses) {
    const from = u.component === null ? EVERY_NOTE_ID : first.get(u.component);
    const to = sharedIdOf.get(u.shared);
    if (!from || !to) continue;
    lines.push(`  ${from} ==o ${to}`);
    if (plan.shared.find((sh) => sh.item.id === u.shared)?.cause) causeEdges.push(edgeCount);
    edgeCount++;
  }
  if (causeEdges.length > 0) lines.push(`  linkStyle ${causeEdges.join(',')} stroke:${CAUSE_EDGE},stroke-width:4px`);

  const byClass = new Map<string, string[]>();
  const tag = (cls: string, id: string): void => {
    const list = byClass.get(cls);
    if (list) list.push(id);
    else byClass.set(cls, [id]);
  };
  if (options.states === null) {
    const indexOf = new Map(model.components.map((c, i) => [c.id, i]));
    for (const node of plan.nodes) tag(`c${indexOf.get(node.component)! + 1}`, idOf.get(node)!);
    for (const [cls, members] of byClass) {
      const { fill, stroke } = componentColour(Number(cls.slice(1)) - 1);
      lines.push(`  classDef ${cls} fill:${fill},stroke:${stroke},color:${TEXT_COLOUR}`);
      lines.push(`  class ${members.join(',')} ${cls}`);
    }
  } else {
    for (const node of plan.nodes) {
      tag(options.states[node.component], idOf.get(node)!);
      if (node.lost) tag('lost', idOf.get(node)!);
    }
    for (const cls of ['down', 'degraded', 'dataloss', 'ok', 'lost'] as const) {
      const members = byClass.get(cls);
      if (!members) continue;
      const s = STATE_STYLE[cls];
      // `lost` comes last so its fill and dashed border win over the component's state.
      const extra = cls === 'lost' ? ',stroke-width:3px,stroke-dasharray:6 3' : '';
      lines.push(`  classDef ${cls} fill:${s.fill},stroke:${s.stroke},color:${TEXT_COLOUR}${extra}`);
      lines.push(`  class ${members.join(',')} ${cls}`);
    }
  }
  const plain = plan.shared.flatMap((sh, i) => (sh.cause === null ? [sharedIds[i]] : []));
  const causes = plan.shared.flatMap((sh, i) => (sh.cause !== null ? [sharedIds[i]] : []));
  if (plain.length > 0) {
    lines.push(`  classDef shared fill:${SHARED_STYLE.shared.fill},stroke:${SHARED_STYLE.shared.stroke},color:${TEXT_COLOUR},stroke-width:2px`);
    lines.push(`  class ${plain.join(',')} shared`);
  }
  if (causes.length > 0) {
    lines.push(`  classDef cause fill:${SHARED_STYLE.cause.fill},stroke:${SHARED_STYLE.cause.stroke},color:${TEXT_COLOUR},stroke-width:4px`);
    lines.push(`  class ${causes.join(',')} cause`);
  }
  if (plan.everyNote) {
    lines.push(`  classDef note fill:${SHARED_STYLE.note.fill},stroke:${SHARED_STYLE.note.stroke},color:${TEXT_COLOUR},stroke-dasharray:4 3`);
    lines.push(`  class ${EVERY_NOTE_ID} note`);
  }

  return { text: lines.join('\n') + '\n', ids, parents, subgraphs, sharedIds };
}

/** A shared item's label: its id, type and layer, version, rollout and, with a scenario, its part in it. */
function sharedLabel(model: DesignModel, sh: PlanShared, label: (text: string) => string): string {
  const { item } = sh;
  // The hexagon and the legend say "shared"; the lines stay short, hexagons wrap early.
  const lines = [label(item.id), label(item.layer === null ? item.type : `${item.type} · ${item.layer}`)];
  if (item.version !== null) lines.push(label(item.version));
  let replicas = 0;
  const users = new Set(item.usedBy);
  for (const c of model.components) if (users.has(c.id)) replicas += c.replicas.length;
  const r = item.rollout;
  lines.push(label(r.staged ? `${r.strategy} · ${r.firstWave} of ${replicas} first` : `${r.strategy} · all ${replicas}`));
  if (item.usedBy.length === 0) lines.push('used by no component');
  // Said in words too, so the marking does not rest on colour alone.
  if (sh.cause === 'push') lines.push('pushed: the cause');
  else if (sh.cause === 'bug') lines.push('its version has the bug');
  return lines.join('<br/>');
}

function nodeLabel(node: PlanNode, options: EmitOptions, label: (text: string) => string): string {
  const count = node.replicas.length;
  const lines = [label(node.component) + (count > 1 ? ` ×${count}` : '')];
  if (count === 0) lines.push(label('(no replicas)'));
  const values = (list: (string | null)[], noun: string): void => {
    if (list.length === 1 && list[0] !== null) lines.push(label(list[0]));
    else if (list.length > 1) lines.push(`${list.length} ${noun}`);
  };
  values(node.versions, 'versions');
  values(node.configs, 'configs');
  if (node.place) lines.push(label(node.place.value === null ? `unknown ${node.place.level}` : `${node.place.level} ${node.place.value}`));
  if (options.states !== null && count > 0) {
    // Said in words too, so the marking does not rest on colour alone.
    const state = options.states[node.component];
    if (node.lost) lines.push(count > 1 ? 'all lost' : 'lost');
    else if (state !== 'ok') lines.push(label(STATE_STYLE[state].label));
  }
  return lines.join('<br/>');
}

/**
 * Made on first use: making one loads a megabyte of ICU's break-iterator data (2.5 MB of
 * resident memory in all) that the language server, which loads this module, needs only when
 * a label is cut. null: the runtime has no segmenter.
 */
let segmenter: Intl.Segmenter | null | undefined;
function graphemes(): Intl.Segmenter | null {
  if (segmenter === undefined) segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  return segmenter;
}

/** Cuts `text` to at most `max` user-perceived characters, ending in "…" when cut. */
export function truncateLabel(text: string, max: number): string {
  if (text.length <= max) return text;
  const split = graphemes();
  const parts = split ? Array.from(split.segment(text), (s) => s.segment) : Array.from(text);
  if (parts.length <= max) return text;
  return parts.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/**
 * Characters encoded in labels. Beyond quotes, HTML and fences: `#` so user text cannot
 * spell an entity; `%` for directives; `:` and `;` because Mermaid pre-edits any line
 * matching `style.*:\S*#.*;` before parsing. (`ﬂ` and `¶`, Mermaid's own entity
 * placeholders, are handled in `mermaidLabel`.)
 */
const MERMAID_SPECIALS = '"#&<>`[](){}|%;:\\';

/** Bidi embeddings, overrides and isolates: one in a label could reverse the lines after it. */
function isBidiControl(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/**
 * Text for inside a Mermaid `"..."` label. Every character that means something to Mermaid,
 * to HTML or to a Markdown fence becomes a `#code;` entity, which Mermaid decodes for display
 * only; line breaks, other control characters and bidi overrides become spaces.
 */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || isBidiControl(code)) out += ' ';
    else if (ch === '"') out += '#quot;';
    // Mermaid turns `ﬂ°` and `¶ß` back into `&` and `;` even after decoding our entities,
    // so a word joiner (invisible) keeps the pair from forming.
    else if (ch === 'ﬂ' || ch === '¶') out += `#${code};\u2060`;
    else if (MERMAID_SPECIALS.includes(ch)) out += `#${code};`;
    else out += ch;
  }
  return out;
}
