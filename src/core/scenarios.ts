/**
 * The scenario engine, exactly as FORMAT.md defines it: every scenario of every threat
 * class, the replicas each takes down, quorum by kind, propagation through `dependsOn`.
 *
 * Cost: each scenario touches only the components whose replicas it takes down — never every
 * component — because the number of scenarios grows with the number of hosts. What goes down
 * through dependencies is never listed per scenario (quadratic on a chain): reach.ts keeps
 * linear summaries, and one scenario's whole set is walked only when asked for.
 */
import { grouped, namesWithCount } from './messages';
import { originOf, REPLICATING_KINDS } from './model';
import { buildReach, chainTo, stronglyConnected, DependencyGraph, leastOverDependencies, Reach, treeCounts, treeUnion, walkDown } from './reach';
import type { AnalysisResult, CellState, ComponentModel, DesignModel, MatrixCell, ScenarioOutcome, ThreatMatrix } from './types';
import { BEHAVIOURAL_THREATS } from './types';

/** The engine's view of one scenario, by component index (the outcome's ids are derived). */
export interface ScenarioRun {
  threat: string;
  value: string;
  /** Position in enumeration order (file order within a class). */
  order: number;
  /**
   * Identifies what the scenario does (everything but `order`): a scenario taken over from the
   * previous version keeps it, even where a new scenario before it moved it to a later position,
   * so the rules can keep the findings of the components it touches.
   */
  outcomeId: number;
  /** component index -> replicas lost. */
  lost: ReadonlyMap<number, number>;
  /** replica ids lost, in file order. */
  replicaIds: readonly string[];
  /** Components down by their own replicas, by index (ascending). */
  direct: readonly number[];
  /** The same, for lookups: a software bug can take down thousands of components at once. */
  directSet: ReadonlySet<number>;
  dataLoss: readonly number[];
  blastRadius: number;
  frequency: number;
  /** Index into `model.shared` when the scenario is a shared item's push. */
  shared?: number;
}

export interface EngineResult {
  runs: ScenarioRun[];
  /** Components down before any failure (quorum unreachable), directly or through a dependency. */
  baselineDown: Set<number>;
  /** Components with some replica missing a level (per level), and without a version. */
  unknownLevels: Map<number, Set<string>>;
  indexOf: Map<string, number>;
  threats: string[];
  /** Poison-pill streams in file order, and the components that process each. */
  streams: string[];
  /** Position of each stream in `streams`. */
  streamOrder: Map<string, number>;
  processors: Map<string, number[]>;
  /** Per component index, the components that depend on it. */
  dependents: number[][];
  /** Both directions of `dependsOn`, and what is down before any failure. */
  graph: DependencyGraph;
  /** Per component and class, the most relevant scenarios that take it down (see reach.ts). */
  reach: Reach;
  /** The shared items as the scenarios saw them (ids, types, versions, first waves, users). */
  sharedKey: string;
  /** True when built on the previous version's engine: design-wide, nothing changed. */
  continues: boolean;
  /** How many scenarios were taken over from the previous version (for tests and benchmarks). */
  taken: number;
}

/** The previous version's engine and model, whose unchanged scenarios can be kept. */
export interface PriorEngine {
  model: DesignModel;
  engine: EngineResult;
}

// Most scenarios take nothing down: they share these instead of allocating empty ones.
// Large designs have tens of thousands of scenarios, all kept until the analysis is dropped.
const NONE: readonly number[] = Object.freeze([]);
const NO_SET: ReadonlySet<number> = new Set();
const NO_VERSIONS: readonly string[] = Object.freeze([]);

// Only ever increases: two scenarios with the same id are the same outcome (see `outcomeId`).
let lastOutcomeId = 0;

/**
 * Every scenario of the design. With the previous version's engine, a scenario of the same
 * class and value that loses the same replicas (by id) from components of the same size and
 * quorum is taken over as it was (at its new position, when scenarios before it came or
 * went), when nothing design-wide differs (ids in order, dependencies, streams and their
 * processors, what is down before any failure, failure domains, frequency order): its
 * outcome is a function of exactly those inputs.
 */
export function runScenarios(model: DesignModel, prior: PriorEngine | null = null): EngineResult {
  const comps = model.components;
  const { graph, indexOf } = dependencyGraph(comps);
  const dependents = graph.dependents as number[][];
  const baselineDown = graph.baselineDown as Set<number>;

  const streams = poisonStreams(comps);
  const processors = new Map<string, number[]>(streams.map((st) => [st, []]));
  comps.forEach((c, ci) => {
    if (c.kind === 'log') return;
    const own = REPLICATING_KINDS.has(c.kind) ? [c.id] : [];
    for (const st of new Set([...own, ...c.consumes])) processors.get(st)?.push(ci);
  });

  const frequencyRank = (threat: string) => {
    const i = model.frequencyOrder.indexOf(threat);
    return i === -1 ? model.frequencyOrder.length : i;
  };

  // Everything of a shared item that a scenario or a component's message can show (not its range).
  const sharedKey = JSON.stringify(model.shared.map((sh) => [sh.id, sh.type, sh.layer, sh.version, sh.rollout, sh.usedBy]));
  const before = prior && prior.engine.sharedKey === sharedKey && sameStructure(prior, model, dependents, baselineDown, streams, processors) ? prior : null;
  const priorComps = before?.model.components;
  const priorRuns = before?.engine.runs;
  // The previous version's scenario of the same class and value: where the last one was found
  // (`shift` places on from its own position: a new version value moves every later scenario
  // one place on), one place either side, else by value among that class's scenarios (indexed
  // on the first such miss in the class: an edit that adds a value misses once, in one class).
  let shift = 0;
  const priorByClass = new Map<string, Map<string, number>>();
  const nameOf = (value: string, shared: number | undefined) => (shared === undefined ? value : `${value}\u0000${shared}`);
  const previous = (threat: string, value: string, shared: number | undefined): ScenarioRun | undefined => {
    if (!priorRuns) return undefined;
    const isIt = (d: number) => {
      const here = priorRuns[runs.length + d];
      return here !== undefined && here.threat === threat && here.value === value && here.shared === shared;
    };
    const d = isIt(shift) ? shift : isIt(shift - 1) ? shift - 1 : isIt(shift + 1) ? shift + 1 : null;
    if (d !== null) {
      shift = d;
      return priorRuns[runs.length + d];
    }
    let byName = priorByClass.get(threat);
    if (!byName) {
      byName = new Map();
      priorRuns.forEach((r, i) => {
        if (r.threat === threat) byName!.set(nameOf(r.value, r.shared), i);
      });
      priorByClass.set(threat, byName);
    }
    const at = byName.get(nameOf(value, shared));
    if (at === undefined) return undefined;
    shift = at - runs.length;
    return priorRuns[at];
  };
  /**
   * The previous version's scenario of this class and value, if its outcome is certainly the
   * same: the same replicas lost (by id) from components of the same size and quorum.
   */
  const unchanged = (threat: string, value: string, lost: Map<number, number>, replicaIds: string[], dataLoss: readonly number[], shared: number | undefined): ScenarioRun | null => {
    const old = previous(threat, value, shared);
    if (!old || old.lost.size !== lost.size || !sameItems(old.dataLoss, dataLoss)) return null;
    for (const [ci, k] of lost) {
      if (old.lost.get(ci) !== k) return null;
      const c = comps[ci];
      const was = priorComps![ci];
      if (c !== was && (c.replicas.length !== was.replicas.length || c.quorum !== was.quorum)) return null;
    }
    return sameItems(old.replicaIds, replicaIds) ? old : null;
  };

  // One component down by itself takes down what depends on it: counted once per component
  // (summed where the graph below it is a tree), not once per scenario.
  // Elsewhere one walk per dependency cycle or component (the members of a cycle take down the same).
  const trees = treeCounts(graph);
  const cycleOf = new Int32Array(comps.length).fill(-1);
  stronglyConnected(graph).forEach((scc, k) => {
    for (const ci of scc) cycleOf[ci] = k;
  });
  const inTrees = treeUnion(graph, trees);
  const below = new Map<number, number>();
  let walked = 0;
  const radius = (direct: readonly number[]): number => {
    walked += direct.length;
    if (direct.length > 1) return inTrees(direct) ?? direct.length + walkDown(graph, direct, Infinity, () => walked++).order.length;
    const ci = direct[0];
    if (trees[ci] >= 0) return trees[ci];
    let r = below.get(cycleOf[ci]);
    if (r === undefined) below.set(cycleOf[ci], (r = 1 + walkDown(graph, direct, Infinity, () => walked++).order.length));
    return r;
  };

  const runs: ScenarioRun[] = [];
  let taken = 0;
  /** The previous version's scenario, as it was, at the next position. */
  const takeOver = (old: ScenarioRun) => {
    runs.push(old.order === runs.length ? old : { ...old, order: runs.length });
    taken++;
  };
  const add = (threat: string, value: string, lost: Map<number, number>, replicaIds: string[], dataLoss: readonly number[] = NONE, shared?: number) => {
    const old = unchanged(threat, value, lost, replicaIds, dataLoss, shared);
    if (old) {
      takeOver(old);
      return;
    }
    let direct: number[] | null = null;
    for (const [ci, k] of lost) {
      if (baselineDown.has(ci)) continue;
      if (comps[ci].replicas.length - k < comps[ci].quorum) (direct ??= []).push(ci);
    }
    direct?.sort((a, b) => a - b);
    runs.push({
      threat,
      value,
      order: runs.length,
      outcomeId: ++lastOutcomeId,
      lost,
      replicaIds,
      direct: direct ?? NONE,
      directSet: direct ? new Set(direct) : NO_SET,
      dataLoss: dataLoss.length ? dataLoss : NONE,
      blastRadius: direct ? radius(direct) : 0,
      frequency: frequencyRank(threat),
      ...(shared === undefined ? {} : { shared }),
    });
  };

  const unknownLevels = new Map<number, Set<string>>();
  const markUnknown = (ci: number, level: string) => {
    let s = unknownLevels.get(ci);
    if (!s) unknownLevels.set(ci, (s = new Set()));
    s.add(level);
  };

  /**
   * A group of replicas of the same value: the components that have some, in file order. Its
   * lost-replicas map and ids are built only when the previous version's scenario cannot be
   * taken over (see `keptGroup`): an edit builds them for the few values it touched.
   */
  const addGroup = (threat: string, value: string, members: number[], contribution: (ci: number) => Contribution) => {
    const old = keptGroup(threat, value, members);
    if (old) {
      takeOver(old);
      return;
    }
    const lost = new Map<number, number>();
    const ids: string[] = [];
    for (const ci of members) {
      const part = contribution(ci);
      lost.set(ci, part.ids.length);
      for (const id of part.ids) ids.push(id);
    }
    add(threat, value, lost, ids);
  };
  /**
   * The previous version's scenario of this class and value when every component in the group
   * is the model it was, or a moved copy of it (so it contributes the same replicas), and the group has the same
   * members: its outcome is then the same (`unchanged` compares the rest, design-wide).
   */
  const keptGroup = (threat: string, value: string, members: readonly number[]): ScenarioRun | null => {
    if (!priorComps) return null;
    const old = previous(threat, value, undefined);
    if (!old || old.lost.size !== members.length || old.dataLoss.length !== 0) return null;
    for (const ci of members) if (originOf(comps[ci]) !== originOf(priorComps[ci]) || !old.lost.has(ci)) return null;
    return old;
  };

  // Infrastructure levels: one scenario per distinct value, in order of first appearance.
  for (const level of model.failureDomains) {
    const byValue = new Map<string, number[]>();
    comps.forEach((c, ci) => {
      const parts = contributionsOf(c);
      if ((parts.placed.get(level) ?? 0) < c.replicas.length) markUnknown(ci, level);
      const mine = parts.levels.get(level);
      if (!mine) return;
      for (const v of mine.keys()) {
        const members = byValue.get(v);
        if (members) members.push(ci);
        else byValue.set(v, [ci]);
      }
    });
    for (const [v, members] of byValue) addGroup(level, v, members, (ci) => contributionsOf(comps[ci]).levels.get(level)!.get(v)!);
  }

  // Bad release / bad config: the first wave of the component's rollout.
  for (const [threat, which] of [
    ['bad-release', 'software'],
    ['bad-config', 'config'],
  ] as const) {
    comps.forEach((c, ci) => {
      const k = c.rollout[which].firstWave;
      const old = keptGroup(threat, c.id, [ci]);
      if (old) takeOver(old);
      else
        add(
          threat,
          c.id,
          new Map([[ci, k]]),
          c.replicas.slice(0, k).map((r) => r.id),
        );
    });
  }

  // Shared pushes: the first wave of the item's rollout, counted over every replica of every
  // component that uses it, in file order (components, then replicas).
  model.shared.forEach((sh, si) => {
    const lost = new Map<number, number>();
    const ids: string[] = [];
    let left = sh.rollout.firstWave;
    for (const user of sh.usedBy) {
      if (left <= 0) break;
      const ci = indexOf.get(user)!;
      const take = Math.min(left, comps[ci].replicas.length);
      lost.set(ci, take);
      for (let r = 0; r < take; r++) ids.push(comps[ci].replicas[r].id);
      left -= take;
    }
    add(sh.type === 'software' ? 'bad-release' : 'bad-config', sh.id, lost, ids, NONE, si);
  });

  // Software bug: every replica running that version, in every component — its own version,
  // and the version of each shared software item its component uses (then every replica of
  // it runs that version: the ones that run it as their own, and the others under it).
  const sharedVersions = new Map<string, string[]>();
  for (const sh of model.shared) {
    if (sh.version === null) continue;
    for (const user of sh.usedBy) {
      let list = sharedVersions.get(user);
      if (!list) sharedVersions.set(user, (list = []));
      if (!list.includes(sh.version)) list.push(sh.version);
    }
  }
  const byVersion = new Map<string, number[]>();
  const joinVersion = (v: string, ci: number) => {
    const members = byVersion.get(v);
    if (!members) byVersion.set(v, [ci]);
    else if (members[members.length - 1] !== ci) members.push(ci);
  };
  comps.forEach((c, ci) => {
    const parts = contributionsOf(c);
    if (parts.versionless) markUnknown(ci, 'software-bug');
    // In order of first appearance among the component's replicas, as one walk over them
    // (own version, then the shared ones) would meet them: what fixes the scenarios' order.
    for (const v of parts.firstSeen(sharedVersions.get(c.id) ?? NO_VERSIONS)) joinVersion(v, ci);
  });
  const versionPart =
    (v: string) =>
    (ci: number): Contribution => {
      const c = comps[ci];
      return (sharedVersions.get(c.id) ?? NO_VERSIONS).includes(v) ? contributionsOf(c).all : contributionsOf(c).versions.get(v)!;
    };
  for (const [v, members] of byVersion) addGroup('software-bug', v, members, versionPart(v));

  // Poison pill: one scenario per input stream.
  for (const stream of streams) {
    const lost = new Map<number, number>();
    const ids: string[] = [];
    const dataLoss: number[] = [];
    for (const ci of processors.get(stream)!) {
      const c = comps[ci];
      if (c.onPoisonPill === 'skip') dataLoss.push(ci);
      if (c.onPoisonPill !== 'stop') continue;
      const group = largestVersionGroup(c);
      lost.set(ci, group.length);
      ids.push(...group);
    }
    add('poison-pill', stream, lost, ids, dataLoss);
  }

  const threats = [...model.failureDomains, ...BEHAVIOURAL_THREATS];
  const threatIndex = new Map(threats.map((t, i) => [t, i] as const));
  const reach = buildReach(graph, runs, threatIndex, (a, b) => compareRuns(runs[a], runs[b]));
  reach.work += walked;
  const streamOrder = new Map(streams.map((st, i) => [st, i] as const));
  return { runs, baselineDown, unknownLevels, indexOf, threats, streams, streamOrder, processors, dependents, graph, reach, sharedKey, continues: before !== null, taken };
}

/** The replicas one component contributes to a scenario (by id, in file order). */
interface Contribution {
  readonly ids: readonly string[];
}

/** What a component's replicas contribute to the scenarios of each level value and version. */
interface Contributions {
  /** level -> value -> its replicas there, values in order of first appearance. */
  readonly levels: ReadonlyMap<string, ReadonlyMap<string, Contribution>>;
  /** level -> how many replicas say where they run at that level. */
  readonly placed: ReadonlyMap<string, number>;
  /** version -> the replicas that run it as their own, in order of first appearance. */
  readonly versions: ReadonlyMap<string, Contribution>;
  readonly all: Contribution;
  readonly versionless: boolean;
  /** The versions its replicas run, in the order one walk over them meets them, given the shared ones (`under`). */
  firstSeen(under: readonly string[]): readonly string[];
}

/**
 * Per component model, computed once: models are immutable and an edit keeps the untouched
 * ones (the same objects, or moved copies of them), so the engine groups their replicas by
 * value without walking them again. A pure function of the model's origin (ranges play no
 * part), so caching it cannot change an answer.
 */
const contributions = new WeakMap<ComponentModel, Contributions>();

function contributionsOf(model: ComponentModel): Contributions {
  // Ranges play no part: a moved copy of a model contributes what its origin does.
  const c = originOf(model);
  let parts = contributions.get(c);
  if (parts) return parts;
  const levels = new Map<string, Map<string, { ids: string[] }>>();
  const placed = new Map<string, number>();
  const versions = new Map<string, { ids: string[] }>();
  let versionless = false;
  for (const r of c.replicas) {
    for (const level in r.placement) {
      const v = r.placement[level];
      if (v === undefined) continue;
      placed.set(level, (placed.get(level) ?? 0) + 1);
      let byValue = levels.get(level);
      if (!byValue) levels.set(level, (byValue = new Map()));
      const part = byValue.get(v);
      if (part) part.ids.push(r.id);
      else byValue.set(v, { ids: [r.id] });
    }
    if (r.version === null) versionless = true;
    else {
      const part = versions.get(r.version);
      if (part) part.ids.push(r.id);
      else versions.set(r.version, { ids: [r.id] });
    }
  }
  const own = [...versions.keys()];
  const first = c.replicas[0]?.version ?? null;
  parts = {
    levels,
    placed,
    versions,
    all: { ids: c.replicas.map((r) => r.id) },
    versionless,
    firstSeen: (under) => {
      if (under.length === 0 || c.replicas.length === 0) return own;
      // The first replica meets its own version, then every shared one; later replicas add
      // their own versions not met yet.
      const met = new Set(first === null ? under : [first, ...under]);
      for (const v of own) met.add(v);
      return [...met];
    },
  };
  contributions.set(c, parts);
  return parts;
}

/**
 * `dependsOn` in both directions by component index (unknown ids, repeats and self-references
 * left out), and the components down before any failure: those whose quorum exceeds their
 * replicas, and whatever depends on them.
 */
export function dependencyGraph(comps: readonly ComponentModel[]): { graph: DependencyGraph; indexOf: Map<string, number> } {
  const indexOf = new Map(comps.map((c, i) => [c.id, i] as const));
  const dependents: number[][] = comps.map(() => []);
  const dependsOn: number[][] = comps.map(() => []);
  const lastFrom = new Int32Array(comps.length).fill(-1); // a repeated dependency counts once
  comps.forEach((c, i) => {
    for (const d of c.dependsOn) {
      const j = indexOf.get(d);
      if (j === undefined || j === i || lastFrom[j] === i) continue;
      lastFrom[j] = i;
      dependsOn[i].push(j);
      dependents[j].push(i);
    }
  });
  const baselineDown = new Set<number>();
  const baselineDirect = comps.flatMap((c, i) => (c.quorum > c.replicas.length ? [i] : []));
  for (const ci of baselineDirect) baselineDown.add(ci);
  const graph: DependencyGraph = { dependsOn, dependents, baselineDown };
  for (const ci of walkDown(graph, baselineDirect).order) baselineDown.add(ci);
  return { graph, indexOf };
}

/**
 * The components one scenario takes down through dependencies (not by their own replicas),
 * in file order, for the views: one walk of what it reaches. `direct` names the components
 * down by their own replicas (an outcome's `componentsDownDirectly`).
 */
export function downThroughDependencies(model: DesignModel, direct: readonly string[]): string[] {
  const { graph, indexOf } = dependencyGraph(model.components);
  const start = direct.flatMap((id) => {
    const i = indexOf.get(id);
    return i === undefined ? [] : [i];
  });
  return walkDown(graph, start)
    .order.sort((a, b) => a - b)
    .map((i) => model.components[i].id);
}

/**
 * Per component (file order): the index of the most relevant scenario (lowest rank) that takes
 * it down, directly or through a dependency, or null. A scenario takes a component down when it
 * takes it or one of its dependencies down by their own replicas: one pass over the scenarios,
 * one over the dependency graph.
 */
export function worstScenarios(result: Pick<AnalysisResult, 'model' | 'scenarios'>): (number | null)[] {
  const model = result.model;
  if (!model) return [];
  const { graph, indexOf } = dependencyGraph(model.components);
  const own = new Float64Array(model.components.length).fill(Infinity);
  const byRank = new Map<number, number>();
  result.scenarios.forEach((s, si) => {
    byRank.set(s.rank, si);
    for (const id of s.componentsDownDirectly) {
      const ci = indexOf.get(id);
      if (ci !== undefined && s.rank < own[ci]) own[ci] = s.rank;
    }
  });
  return [...leastOverDependencies(graph, own)].map((rank) => (rank === Infinity ? null : (byRank.get(rank) ?? null)));
}

/**
 * The chain from a component through its dependencies to one the scenario takes down by its
 * own replicas (shortest, one walk up), or null when the scenario does not take it down that
 * way (it holds, or it goes down by itself).
 */
export function dependencyChainIn(engine: EngineResult, run: ScenarioRun, ci: number): number[] | null {
  if (run.directSet.has(ci) || engine.baselineDown.has(ci) || run.direct.length === 0) return null;
  return chainTo(engine.graph, ci, run.directSet);
}

/** Whether everything design-wide that a scenario's outcome depends on is as it was. */
function sameStructure(prior: PriorEngine, model: DesignModel, dependents: number[][], baselineDown: Set<number>, streams: string[], processors: Map<string, number[]>): boolean {
  const was = prior.model;
  const engine = prior.engine;
  if (was.components.length !== model.components.length || !sameItems(was.frequencyOrder, model.frequencyOrder) || !sameItems(was.failureDomains, model.failureDomains)) return false;
  for (let i = 0; i < model.components.length; i++) {
    if (was.components[i].id !== model.components[i].id || !sameItems(engine.dependents[i], dependents[i])) return false;
  }
  if (engine.baselineDown.size !== baselineDown.size || [...baselineDown].some((ci) => !engine.baselineDown.has(ci))) return false;
  if (!sameItems(engine.streams, streams)) return false;
  return streams.every((st) => sameItems(engine.processors.get(st)!, processors.get(st)!));
}

/** The same items in the same order (compared with ===). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Streams in file order: each component's own replication stream, then what it consumes. */
export function poisonStreams(comps: readonly ComponentModel[]): string[] {
  const streams: string[] = [];
  const seen = new Set<string>();
  const ids = new Set(comps.map((c) => c.id));
  const push = (s: string) => {
    if (!seen.has(s) && ids.has(s)) {
      seen.add(s);
      streams.push(s);
    }
  };
  for (const c of comps) {
    if (REPLICATING_KINDS.has(c.kind)) push(c.id);
    for (const s of c.consumes) push(s);
  }
  return streams;
}

/** The streams a component processes, in file order of the streams. */
export function streamsProcessedBy(c: ComponentModel, engine: EngineResult): string[] {
  if (c.kind === 'log') return [];
  const order = (st: string) => engine.streamOrder.get(st)!;
  const own = REPLICATING_KINDS.has(c.kind) ? [c.id] : [];
  return [...new Set([...own, ...c.consumes])].filter((st) => engine.processors.has(st)).sort((a, b) => order(a) - order(b));
}

/** The replicas of the component's most common version (ties: the first in file order). */
export function largestVersionGroup(c: ComponentModel): string[] {
  const groups = new Map<string | null, string[]>();
  for (const r of c.replicas) {
    let g = groups.get(r.version);
    if (!g) groups.set(r.version, (g = []));
    g.push(r.id);
  }
  let best: string[] = [];
  for (const g of groups.values()) if (g.length > best.length) best = g;
  return best;
}

/** Most relevant first: blast radius, then how often the class happens, then file order. */
export function compareRuns(a: ScenarioRun, b: ScenarioRun): number {
  return b.blastRadius - a.blastRadius || a.frequency - b.frequency || a.order - b.order;
}

export function buildMatrix(model: DesignModel, engine: EngineResult): ThreatMatrix {
  const { runs, threats, baselineDown, unknownLevels, reach } = engine;
  const comps = model.components;
  const T = threats.length;
  // Built here, then handed out read-only.
  const cells: { -readonly [K in keyof MatrixCell]: MatrixCell[K] }[][] = comps.map((c, ci) =>
    threats.map((_, ti) => {
      // Down in some scenario of the class: the worst is the one that takes down the most (then the earliest).
      const down = reach.down[ci * T + ti];
      return { state: (down ? 'exposed' : 'survives') as CellState, tolerated: false, worst: down ? down[0].run : null };
    }),
  );
  // Never down in the class: the worst is the scenario that leaves the fewest healthy replicas (then the earliest).
  const mostLost: number[][] = comps.map(() => threats.map(() => -1));
  const threatIndex = new Map(threats.map((t, i) => [t, i] as const));
  runs.forEach((run, ri) => {
    const ti = threatIndex.get(run.threat);
    if (ti === undefined) return;
    // forEach, not for-of: no entry pair per replica group lost (runs × components on every edit).
    run.lost.forEach((k, ci) => {
      const cell = cells[ci][ti];
      if (cell.state === 'exposed' || k <= mostLost[ci][ti]) return;
      mostLost[ci][ti] = k;
      cell.worst = ri;
    });
  });
  // Unknown placement (or version) cannot be ruled out, for the component and what depends on
  // it: per class, whether it or anything it depends on leaves that class unknown (one pass
  // over the dependency graph per class, not a walk per component).
  const unknownBelow = threats.map((t) => {
    if (![...unknownLevels.values()].some((levels) => levels.has(t))) return null;
    const own = new Float64Array(comps.length).fill(Infinity);
    for (const [ci, levels] of unknownLevels) if (levels.has(t)) own[ci] = 0;
    return leastOverDependencies(engine.graph, own);
  });
  comps.forEach((c, ci) => {
    threats.forEach((t, ti) => {
      const cell = cells[ci][ti];
      cell.tolerated = c.tolerate.includes(t);
      if (baselineDown.has(ci)) {
        cell.state = 'exposed';
        return;
      }
      if (cell.state === 'survives' && unknownBelow[ti]?.[ci] === 0) cell.state = 'unknown';
    });
  });
  return { threats, components: comps.map((c) => c.id), cells };
}

export function toOutcomes(model: DesignModel, engine: EngineResult): ScenarioOutcome[] {
  const comps = model.components;
  const runs = engine.runs;
  // Ranks through an index sort: tens of thousands of scenarios on large designs.
  const order = runs.map((_, i) => i).sort((a, b) => compareRuns(runs[a], runs[b]));
  const rank = new Int32Array(runs.length);
  order.forEach((ri, r) => (rank[ri] = r));
  const id = (ci: number) => comps[ci].id;
  const byIndex = (a: number, b: number) => a - b;
  return runs.map((run, ri) => {
    const degraded: number[] = [];
    // What lost replicas but went down through a dependency is not degraded: only then is the
    // scenario's whole reach walked (a zone that takes one component down and dents others).
    let reached: ReadonlySet<number> | null = null;
    for (const [ci, k] of run.lost) {
      if (k === 0 || run.directSet.has(ci)) continue;
      if (run.direct.length > 0 && reached === null) reached = new Set(walkDown(engine.graph, run.direct).order);
      if (!reached?.has(ci)) degraded.push(ci);
    }
    degraded.sort(byIndex);
    return {
      threat: run.threat,
      value: run.value,
      replicasDown: run.replicaIds,
      componentsDownDirectly: run.direct.map(id),
      componentsDegraded: degraded.map(id),
      componentsLosingData: run.dataLoss.map(id),
      blastRadius: run.blastRadius,
      rank: rank[ri],
      caption: caption(run, comps, engine.graph),
    };
  });
}

export function scenarioLabel(threat: string, value: string): string {
  switch (threat) {
    case 'bad-release':
      return `a bad release of ${value}`;
    case 'bad-config':
      return `a bad config push to ${value}`;
    case 'software-bug':
      return `a latent bug in ${value}`;
    case 'poison-pill':
      return `a poison pill in the ${value} stream`;
    default:
      return `the loss of ${threat} ${value}`;
  }
}

/** Why a component went down directly, e.g. "(2 of 3 replicas lost; quorum needs 2)". */
export function directReason(run: ScenarioRun, c: ComponentModel, ci: number): string {
  const n = c.replicas.length;
  const k = run.lost.get(ci) ?? 0;
  if (n === 1) return 'its only replica';
  const verb = run.threat === 'poison-pill' ? 'stop' : run.threat === 'bad-release' || run.threat === 'bad-config' ? 'updated at once' : 'lost';
  return `${k} of ${n} replicas ${verb}; quorum needs ${c.quorum}`;
}

const CAPTION_DOWN = 6;

function caption(run: ScenarioRun, comps: readonly ComponentModel[], graph: DependencyGraph): string {
  const behavioural = (BEHAVIOURAL_THREATS as readonly string[]).includes(run.threat);
  const head = behavioural ? scenarioLabel(run.threat, run.value) : `${run.threat} ${run.value} lost`;
  const parts = [head.charAt(0).toUpperCase() + head.slice(1)];
  // A caption names a few components: a scenario can take thousands down, and every
  // scenario has a caption (the outcome lists them all).
  let shown = 0;
  for (const ci of run.direct) if (shown++ < CAPTION_DOWN) parts.push(`${comps[ci].id} down (${directReason(run, comps[ci], ci)})`);
  if (shown < CAPTION_DOWN && run.blastRadius > shown) {
    // The first few of what goes down through dependencies, in walk order; the rest is a count.
    const { order, via } = walkDown(graph, run.direct, CAPTION_DOWN - shown);
    for (const ci of order) parts.push(`${comps[ci].id} down (depends on ${comps[via.get(ci)!].id})`);
  }
  if (run.blastRadius > CAPTION_DOWN) parts.push(`${grouped(run.blastRadius - CAPTION_DOWN)} more components down`);
  if (parts.length === 1) {
    const degraded = [...run.lost.entries()].filter(([, k]) => k > 0).map(([ci]) => comps[ci].id);
    parts.push(degraded.length ? `${namesWithCount(degraded, CAPTION_DOWN)} degraded, nothing goes down` : 'nothing goes down');
  }
  const losing = run.dataLoss.map((ci) => comps[ci].id);
  if (losing.length) parts.push(`${namesWithCount(losing, CAPTION_DOWN)} ${losing.length === 1 ? 'skips' : 'skip'} the event (data lost)`);
  return parts.join(' → ');
}
