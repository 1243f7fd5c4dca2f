/**
 * The shape of the failure-domain diagram, before any Mermaid syntax: which boxes
 * (failure-domain values) and nodes (replicas, or several identical replicas folded into
 * one) are drawn, which component edges, and which shared items (one node each, joined to
 * the components that use them; an item every component uses is joined to one "every
 * component" note instead, so a top-level `uses` costs one edge, not one per component).
 * `mermaid.ts` turns a plan into text and chooses how much to fold; this module only builds
 * a plan for one level of folding.
 *
 * Pure data in, pure data out: no Mermaid syntax and no user text escaping here.
 */
import type { DesignModel, ReplicaModel, SharedModel } from './types';

/**
 * How replicas that share a place are merged into nodes:
 * `none` — one node per replica; `identical` — replicas of one component with the same
 * version and config share a node; `component` — all replicas of one component share a node.
 * With a scenario, lost and surviving replicas never share a node.
 */
export type FoldMode = 'none' | 'identical' | 'component';

/** One level of folding: how many failure-domain levels are drawn as boxes, how nodes merge, which components are drawn. */
export interface PlanStage {
  /** Number of `failureDomains` levels drawn as nested boxes, from the largest. */
  depth: number;
  fold: FoldMode;
  /** Draw only the first `keep` components of the relevance order; null draws them all. */
  keep: number | null;
}

export interface PlanNode {
  component: string;
  /** The replicas this node stands for, in file order; empty for a component without replicas. */
  replicas: ReplicaModel[];
  /** Distinct versions and configs of those replicas (null when a replica has none). */
  versions: (string | null)[];
  configs: (string | null)[];
  /** With a scenario: whether these replicas are lost in it. */
  lost: boolean;
  /**
   * The deepest failure-domain level, written in the node's label instead of as a box
   * around a single node (a host holding one node is the node).
   */
  place: { level: string; value: string | null } | null;
}

export interface PlanGroup {
  level: string;
  /** The level's value; null when the replicas here leave the level unset (drawn "unknown <level>"). */
  value: string | null;
  groups: PlanGroup[];
  nodes: PlanNode[];
}

export interface PlanEdge {
  from: string;
  to: string;
  kind: 'dependsOn' | 'consumes';
}

/** A shared item drawn as one node. */
export interface PlanShared {
  item: SharedModel;
  /** True when every component of the design uses it (drawn as one edge from the "every component" note). */
  every: boolean;
  /** With a scenario: `push` when it is this item's push, `bug` when it is a latent bug in this item's version. */
  cause: 'push' | 'bug' | null;
}

/** A `uses` edge: from a drawn component (or, with null, from the "every component" note) to a shared item. */
export interface PlanUse {
  component: string | null;
  shared: string;
}

export interface Plan {
  /** The top of the tree: its `level`/`value` are unused; `groups` are the largest boxes. */
  root: PlanGroup;
  /** Every node in drawing order (depth first, groups before nodes, as emitted). */
  nodes: PlanNode[];
  subgraphCount: number;
  /** Component ids drawn, in file order. */
  components: string[];
  /** Component ids left out (`keep`), in relevance order. */
  omitted: string[];
  /** Edges between drawn components, once per pair and kind, within the edge budget. */
  edges: PlanEdge[];
  /** Edges left out by the edge budget (component edges and `uses` edges). */
  omittedEdges: number;
  /** Shared items drawn: the scenario's cause first, then file order, at most `maxShared`. */
  shared: PlanShared[];
  /** Shared ids left out by `maxShared`, in file order. */
  omittedShared: string[];
  /** `uses` edges within the edge budget, after the component edges. */
  uses: PlanUse[];
  /** Whether the "every component" note is drawn. */
  everyNote: boolean;
}

export interface PlanInput {
  model: DesignModel;
  /** Replica ids lost in the chosen scenario, or null without a scenario. */
  lost: ReadonlySet<string> | null;
  /** Component ids, most relevant first: who stays when components must be left out. */
  relevance: readonly string[];
  edgeBudget: number;
  /** With a scenario: the shared item it pushes, and the version it is a latent bug in (else null). */
  cause?: { shared: string | null; version: string | null };
  /** Most shared items drawn. */
  maxShared: number;
}

/** Boxes a plan draws: nodes, subgraphs, shared items and the note (the layout treats them alike). */
export function planBoxes(plan: Plan): number {
  return plan.nodes.length + plan.subgraphCount + plan.shared.length + (plan.everyNote ? 1 : 0);
}

function own(record: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Builds the plan of one stage. Deterministic: groups and nodes keep first-seen (file) order. */
export function buildPlan(input: PlanInput, stage: PlanStage): Plan {
  const { model, lost } = input;
  const levels = model.failureDomains;
  const depth = Math.max(0, Math.min(stage.depth, levels.length));

  const kept = stage.keep === null ? null : new Set(input.relevance.slice(0, Math.max(0, stage.keep)));
  const drawn = model.components.filter((c) => kept === null || kept.has(c.id));
  const omitted = kept === null ? [] : input.relevance.filter((id) => !kept.has(id));

  const root: PlanGroup = { level: '', value: null, groups: [], nodes: [] };
  // Map keys are prefixed so that a known value can never collide with "unset".
  const groupIndex = new Map<PlanGroup, Map<string, PlanGroup>>();
  const nodeIndex = new Map<PlanGroup, Map<string, PlanNode>>();
  const childOf = (parent: PlanGroup, level: string, value: string | null): PlanGroup => {
    let index = groupIndex.get(parent);
    if (!index) groupIndex.set(parent, (index = new Map()));
    const key = value === null ? '?' : `=${value}`;
    let child = index.get(key);
    if (!child) {
      child = { level, value, groups: [], nodes: [] };
      index.set(key, child);
      parent.groups.push(child);
    }
    return child;
  };

  let unfoldedSerial = 0;
  for (const component of drawn) {
    if (component.replicas.length === 0) {
      root.nodes.push({ component: component.id, replicas: [], versions: [], configs: [], lost: false, place: null });
      continue;
    }
    for (const replica of component.replicas) {
      let group = root;
      for (let i = 0; i < depth; i++) {
        const value = own(replica.placement, levels[i]);
        group = childOf(group, levels[i], value ?? null);
      }
      const isLost = lost !== null && lost.has(replica.id);
      const identity =
        stage.fold === 'none' ? `#${unfoldedSerial++}` : stage.fold === 'identical' ? JSON.stringify([component.id, replica.version, replica.config, isLost]) : JSON.stringify([component.id, isLost]);
      let index = nodeIndex.get(group);
      if (!index) nodeIndex.set(group, (index = new Map()));
      let node = index.get(identity);
      if (!node) {
        node = { component: component.id, replicas: [], versions: [], configs: [], lost: isLost, place: null };
        index.set(identity, node);
        group.nodes.push(node);
      }
      node.replicas.push(replica);
    }
  }

  // A box of the deepest level around a single node adds nothing a label line cannot say.
  const deepest = levels.length > 0 && depth === levels.length ? levels[levels.length - 1] : null;
  const collapse = (group: PlanGroup): void => {
    const groups: PlanGroup[] = [];
    for (const child of group.groups) {
      collapse(child);
      if (child.level === deepest && child.groups.length === 0 && child.nodes.length === 1) {
        const node = child.nodes[0];
        node.place = { level: child.level, value: child.value };
        group.nodes.push(node);
      } else {
        groups.push(child);
      }
    }
    group.groups = groups;
  };
  if (deepest !== null) collapse(root);

  const nodes: PlanNode[] = [];
  let subgraphCount = 0;
  const walk = (group: PlanGroup): void => {
    for (const child of group.groups) {
      subgraphCount++;
      walk(child);
    }
    for (const node of group.nodes) {
      node.versions = distinct(node.replicas.map((r) => r.version));
      node.configs = distinct(node.replicas.map((r) => r.config));
      nodes.push(node);
    }
  };
  walk(root);

  const drawnIds = new Set(drawn.map((c) => c.id));
  const edges: PlanEdge[] = [];
  const seen = new Set<string>();
  let omittedEdges = 0;
  for (const component of drawn) {
    const add = (to: string, kind: PlanEdge['kind']): void => {
      if (!drawnIds.has(to)) return;
      const key = JSON.stringify([component.id, to, kind]);
      if (seen.has(key)) return;
      seen.add(key);
      if (edges.length >= input.edgeBudget) omittedEdges++;
      else edges.push({ from: component.id, to, kind });
    };
    for (const dep of component.dependsOn) add(dep, 'dependsOn');
    for (const src of component.consumes) add(src, 'consumes');
  }

  // Shared items: the scenario's cause first (it must be seen), then file order.
  const causeOf = (sh: SharedModel): PlanShared['cause'] => (input.cause?.shared === sh.id ? 'push' : input.cause?.version != null && sh.version === input.cause.version ? 'bug' : null);
  const ordered = [...model.shared].sort((a, b) => Number(causeOf(b) !== null) - Number(causeOf(a) !== null));
  const keptShared = new Set(ordered.slice(0, Math.max(0, input.maxShared)).map((sh) => sh.id));
  const total = model.components.length;
  const shared: PlanShared[] = model.shared.filter((sh) => keptShared.has(sh.id)).map((item) => ({ item, every: total > 1 && item.usedBy.length === total, cause: causeOf(item) }));
  const omittedShared = model.shared.filter((sh) => !keptShared.has(sh.id)).map((sh) => sh.id);
  const uses: PlanUse[] = [];
  for (const sh of shared) {
    const from = sh.every ? [null] : sh.item.usedBy.filter((id) => drawnIds.has(id));
    for (const component of from) {
      if (edges.length + uses.length >= input.edgeBudget) omittedEdges++;
      else uses.push({ component, shared: sh.item.id });
    }
  }
  const everyNote = shared.some((sh) => sh.every);

  return { root, nodes, subgraphCount, components: drawn.map((c) => c.id), omitted, edges, omittedEdges, shared, omittedShared, uses, everyNote };
}
