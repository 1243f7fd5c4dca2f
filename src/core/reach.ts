/**
 * What scenarios take down through `dependsOn`, without listing it per scenario.
 *
 * A scenario takes a component down through its dependencies exactly when it takes one of
 * the component's transitive dependencies down by its own replicas (nothing down before any
 * failure stands in between: whatever depends on such a component is down before any
 * failure too). Listing that set per scenario is quadratic on a dependency chain — each of n
 * scenarios takes down up to n components — so the engine keeps linear summaries instead:
 *
 * - per scenario, its blast radius: with one component down by itself, the number of
 *   components that depend on it (counted once per component, and summed exactly where the
 *   graph below it is a tree); otherwise one walk of what it takes down;
 * - per component and threat class, the few most relevant scenarios that take it down, best
 *   first, each with the dependency it falls through, the chain's length and the component
 *   at its end. The lists are a dynamic programme over the dependency graph in dependency
 *   order (a component's scenarios are its own and those of its dependencies), with cycles
 *   solved as strongly connected components. They are exact prefixes of the full order.
 *
 * The whole set one scenario takes down is computed on demand, for one scenario at a time.
 */

/** One scenario that takes a component down, as seen from that component. */
export interface DownEntry {
  /** Index into the engine's runs. */
  readonly run: number;
  /** The dependency it goes down through; -1 when it goes down by its own replicas. */
  readonly hop: number;
  /** Hops to the component at the chain's end (0 when down by its own replicas). */
  readonly depth: number;
  /** The component at the chain's end, down by its own replicas. */
  readonly root: number;
}

/**
 * How many scenarios each list keeps, bounded so memory stays linear. The lists are exact
 * prefixes, so the matrix (their first entry) is always exact; a bottleneck past the end of a
 * cut list is left to the exact fallback in rules.ts.
 */
export const REACH_LIMIT = 4;

/**
 * The bottleneck lists keep up to this many more per class: one per scenario that takes
 * several components down at once (a zone, a shared version), which is often down by itself
 * in a component and its dependency alike and would otherwise crowd the lists, leaving the
 * exact fallback to run per component.
 */
export const CROWD_LIMIT = 12;

/** One list being merged (see `merged` in `solve`): a dependency's, or the component's own. */
interface Source {
  list: readonly DownEntry[];
  /** The next entry to look at. */
  at: number;
  /** The dependency its entries come through (-1: the component's own). */
  hop: number;
  /** Hops its entries gain on the way: 1 through a dependency, 0 for its own. */
  deeper: number;
}

/** What the dynamic programme needs of a scenario. */
export interface ReachRun {
  readonly threat: string;
  readonly direct: readonly number[];
  readonly directSet: ReadonlySet<number>;
  readonly shared?: number;
}

/** The dependency graph the engine built: both directions, without repeats or self-edges. */
export interface DependencyGraph {
  readonly dependsOn: readonly (readonly number[])[];
  readonly dependents: readonly (readonly number[])[];
  /** Components down before any failure; never reached by a scenario. */
  readonly baselineDown: ReadonlySet<number>;
}

export interface Reach {
  readonly threats: number;
  /** [component * threats + threat]: the most relevant scenarios that take it down, best first. */
  readonly down: readonly (readonly DownEntry[] | undefined)[];
  /**
   * [component * threats + threat]: its most relevant non-shared scenario in which it goes
   * down through a dependency while its own replicas hold (dependency-bottleneck). null: none;
   * undefined: the lists were too short to tell — `exactBottleneck` answers.
   */
  readonly bottleneck: readonly (DownEntry | null | undefined)[];
  /** The same lists without shared pushes, which the bottleneck chains are followed through. */
  readonly unsharedDown: readonly (readonly DownEntry[] | undefined)[];
  /** Elementary steps taken (list entries merged, edges walked): what the growth tests count. */
  work: number;
}

/**
 * Per component and threat class, the most relevant scenarios that take it down.
 * `compare` orders two scenarios of one class, most relevant first (a total order).
 */
export function buildReach(graph: DependencyGraph, runs: readonly ReachRun[], threatIndex: ReadonlyMap<string, number>, compare: (a: number, b: number) => number): Reach {
  const n = graph.dependsOn.length;
  const T = threatIndex.size;
  const ownOf: number[][] = Array.from({ length: n }, () => []);
  runs.forEach((run, ri) => {
    for (const ci of run.direct) ownOf[ci].push(ri);
  });
  const reach: Reach = { threats: T, down: [], bottleneck: new Array(n * T).fill(null), unsharedDown: [], work: 0 };
  const order = stronglyConnected(graph);
  const own = (ri: number) => runs[ri].shared === undefined;
  const crowd = new Array<number>(T).fill(0);
  runs.forEach((run, ri) => {
    if (run.direct.length > 1 && own(ri)) crowd[threatIndex.get(run.threat)!]++;
  });
  (reach as { down: unknown }).down = solve(graph, runs, threatIndex, compare, ownOf, order, () => true, null, reach, new Array<number>(T).fill(REACH_LIMIT));
  const limits = crowd.map((k) => REACH_LIMIT + Math.min(k, CROWD_LIMIT));
  (reach as { unsharedDown: unknown }).unsharedDown = solve(graph, runs, threatIndex, compare, ownOf, order, own, reach.bottleneck as (DownEntry | null | undefined)[], reach, limits);
  return reach;
}

/** Strongly connected components of the dependency graph, dependencies first (Tarjan, iterative). */
export function stronglyConnected(graph: DependencyGraph): number[][] {
  const n = graph.dependsOn.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const frames: number[] = []; // pairs: component, next dependency to look at
  for (let s = 0; s < n; s++) {
    if (index[s] !== -1 || graph.baselineDown.has(s)) continue;
    index[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = 1;
    frames.push(s, 0);
    while (frames.length) {
      const v = frames[frames.length - 2];
      const next = frames[frames.length - 1];
      const deps = graph.dependsOn[v];
      if (next < deps.length) {
        frames[frames.length - 1] = next + 1;
        const w = deps[next];
        if (graph.baselineDown.has(w)) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push(w, 0);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      frames.length -= 2;
      if (frames.length) {
        const u = frames[frames.length - 2];
        low[u] = Math.min(low[u], low[v]);
      }
      if (low[v] === index[v]) {
        const scc: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          scc.push(w);
        } while (w !== v);
        out.push(scc);
      }
    }
  }
  return out;
}

/**
 * The lists for the scenarios `keep` admits. With `bottleneck`, also records each
 * component's best scenario in which it goes down through a dependency but not by itself.
 */
function solve(
  graph: DependencyGraph,
  runs: readonly ReachRun[],
  threatIndex: ReadonlyMap<string, number>,
  compare: (a: number, b: number) => number,
  ownOf: readonly number[][],
  order: readonly number[][],
  keep: (run: number) => boolean,
  bottleneck: (DownEntry | null | undefined)[] | null,
  reach: Reach,
  limits: readonly number[],
): (DownEntry[] | undefined)[] {
  const n = graph.dependsOn.length;
  const T = threatIndex.size;
  const lists: (DownEntry[] | undefined)[] = new Array(n * T);
  // [component * threats + threat]: 1 when the list is a prefix of a longer one (some of the
  // scenarios that take the component down were left out, here or in a dependency's list).
  const truncated = new Uint8Array(n * T);
  /** Whether a dependency outside `scc` has a truncated list for the class. */
  const inputsTruncated = (ci: number, scc: number, ti: number) => graph.dependsOn[ci].some((d) => sccOf[d] !== scc && sccOf[d] !== -1 && truncated[d * T + ti] === 1);
  const sccOf = new Int32Array(n).fill(-1);
  order.forEach((scc, k) => {
    for (const ci of scc) sccOf[ci] = k;
  });
  // Same scenario from several places: by itself first, then the shorter chain, then file order.
  const better = (a: DownEntry, b: DownEntry) => compare(a.run, b.run) || a.depth - b.depth || a.hop - b.hop;
  /** The best entry per scenario, most relevant first, at most the class's limit; and whether more were cut. */
  const top = (cands: DownEntry[], ti: number): { list: DownEntry[]; cut: boolean } => {
    reach.work += cands.length;
    cands.sort(better);
    const list: DownEntry[] = [];
    for (const e of cands) {
      if (list.length && list[list.length - 1].run === e.run) continue;
      if (list.length === limits[ti]) return { list, cut: true };
      list.push(e);
    }
    return { list, cut: false };
  };
  const threatOf = (ri: number) => threatIndex.get(runs[ri].threat)!;
  /** Candidates per threat class: the component's own scenarios and its dependencies' (outside `scc`). */
  const gather = (ci: number, scc: number, into: Map<number, DownEntry[]>, own: boolean) => {
    const push = (ti: number, e: DownEntry) => {
      let list = into.get(ti);
      if (!list) into.set(ti, (list = []));
      list.push(e);
    };
    if (own) for (const ri of ownOf[ci]) if (keep(ri)) push(threatOf(ri), { run: ri, hop: -1, depth: 0, root: ci });
    for (const d of graph.dependsOn[ci]) {
      reach.work++;
      if (sccOf[d] === scc || sccOf[d] === -1) continue;
      for (let ti = 0; ti < T; ti++) {
        const list = lists[d * T + ti];
        if (list) for (const e of list) push(ti, { run: e.run, hop: d, depth: e.depth + 1, root: e.root });
      }
    }
  };

  /**
   * The same as `top` over a component's own scenarios and its dependencies' lists, by merging
   * those lists (each is best first already, and `better` orders a dependency's entries as its
   * own list does): only the chosen entries are built, not one candidate per entry of every
   * dependency's list. A heap of the lists keeps a component with thousands of dependencies
   * linear in them. The lists to merge are the first `count` sources; the sources and the heap
   * are scratch space reused from one call to the next (this runs per component and class).
   */
  const sources: Source[] = [];
  const heap: number[] = [];
  let lastCut = false;
  const setSource = (i: number, list: readonly DownEntry[], hop: number, deeper: number) => {
    const src = (sources[i] ??= { list, at: 0, hop, deeper });
    src.list = list;
    src.at = 0;
    src.hop = hop;
    src.deeper = deeper;
  };
  // Entry order as `better` sees the built entries: depth and hop as seen from this component.
  const before = (i: number, j: number) => {
    const a = sources[i];
    const b = sources[j];
    const x = a.list[a.at];
    const y = b.list[b.at];
    return (compare(x.run, y.run) || x.depth + a.deeper - (y.depth + b.deeper) || a.hop - b.hop) < 0;
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  /** The best entry per scenario over the first `count` sources, at most the class's limit; `lastCut`: more were left out. */
  const merged = (count: number, ti: number): DownEntry[] => {
    heap.length = 0;
    for (let i = 0; i < count; i++) {
      sources[i].at = 0;
      if (sources[i].list.length) heap.push(i);
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
    const list: DownEntry[] = [];
    lastCut = false;
    while (heap.length) {
      const src = sources[heap[0]];
      const e = src.list[src.at];
      reach.work++;
      if (++src.at === src.list.length) {
        heap[0] = heap[heap.length - 1];
        heap.pop();
      }
      if (heap.length) siftDown(0);
      if (list.length && list[list.length - 1].run === e.run) continue;
      if (list.length === limits[ti]) {
        lastCut = true;
        break;
      }
      list.push(src.deeper === 0 ? e : { run: e.run, hop: src.hop, depth: e.depth + 1, root: e.root });
    }
    return list;
  };

  // A component's own scenarios per class: scratch lists, emptied after each component (merged
  // puts the entries it keeps in a new list). Index loops here and below: this runs per
  // component and class on every edit, mostly before V8 has optimised it, and until then a
  // for-of allocates an iterator result per element.
  const ownByThreat: DownEntry[][] = Array.from({ length: T }, () => []);
  order.forEach((scc, k) => {
    if (scc.length === 1) {
      const ci = scc[0];
      const ownRuns = ownOf[ci];
      for (let i = 0; i < ownRuns.length; i++) {
        const ri = ownRuns[i];
        if (keep(ri)) ownByThreat[threatOf(ri)].push({ run: ri, hop: -1, depth: 0, root: ci });
      }
      const deps = graph.dependsOn[ci];
      reach.work += deps.length;
      for (let ti = 0; ti < T; ti++) {
        let count = 0;
        for (let j = 0; j < deps.length; j++) {
          const d = deps[j];
          if (sccOf[d] === k || sccOf[d] === -1) continue;
          const list = lists[d * T + ti];
          if (list?.length) setSource(count++, list, d, 1);
        }
        const mine = ownByThreat[ti];
        if (count === 0 && mine.length === 0) continue;
        // Best first, as the merge expects.
        if (mine.length > 1) mine.sort(better);
        // Through its dependencies alone first: the bottleneck is the best of those it does not share.
        if (bottleneck && count > 0) {
          const list = merged(count, ti);
          const hit = list.find((e) => !runs[e.run].directSet.has(ci));
          bottleneck[ci * T + ti] = hit ?? (lastCut || inputsTruncated(ci, k, ti) ? undefined : null);
        }
        if (mine.length) setSource(count++, mine, -1, 0);
        lists[ci * T + ti] = merged(count, ti);
        mine.length = 0;
        if (lastCut || inputsTruncated(ci, k, ti)) truncated[ci * T + ti] = 1;
      }
      return;
    }
    // A dependency cycle: every member is down whenever any member is, so the members share
    // one list of scenarios; each member's chain is a walk inside the cycle from where the
    // scenario enters it.
    const cands = new Map<number, DownEntry[]>();
    for (const ci of scc) gather(ci, k, cands, true);
    for (const [ti, all] of cands) {
      const { list, cut: cutHere } = top(all, ti);
      const cut = cutHere || scc.some((ci) => inputsTruncated(ci, k, ti));
      const perMember = new Map<number, DownEntry[]>(scc.map((ci) => [ci, []]));
      for (const chosen of list) for (const [ci, e] of chainsInCycle(graph, scc, k, sccOf, chosen.run, runs, lists, ti, T, reach)) perMember.get(ci)!.push(e);
      for (const [ci, entries] of perMember) {
        lists[ci * T + ti] = entries;
        if (cut) truncated[ci * T + ti] = 1;
        if (bottleneck) bottleneck[ci * T + ti] = entries.find((e) => e.hop !== -1) ?? (cut ? undefined : null);
      }
    }
  });
  return lists;
}

/** For one scenario that reaches a dependency cycle: each member's hop, depth and root (a breadth-first walk from where it enters). */
function chainsInCycle(
  graph: DependencyGraph,
  scc: readonly number[],
  k: number,
  sccOf: Int32Array,
  ri: number,
  runs: readonly ReachRun[],
  lists: readonly (DownEntry[] | undefined)[],
  ti: number,
  T: number,
  reach: Reach,
): Map<number, DownEntry> {
  const best = new Map<number, DownEntry>();
  const entrants = new Map<number, DownEntry>();
  for (const ci of scc) {
    if (runs[ri].directSet.has(ci)) {
      entrants.set(ci, { run: ri, hop: -1, depth: 0, root: ci });
      continue;
    }
    for (const d of graph.dependsOn[ci]) {
      if (sccOf[d] === k) continue;
      const e = lists[d * T + ti]?.find((x) => x.run === ri);
      const cand = e && { run: ri, hop: d, depth: e.depth + 1, root: e.root };
      const was = entrants.get(ci);
      if (cand && (!was || cand.depth < was.depth)) entrants.set(ci, cand);
    }
  }
  // Entrants by depth, merged with the walk's queue: unit steps, so both stay in depth order.
  const start = [...entrants].sort((a, b) => a[1].depth - b[1].depth || a[0] - b[0]);
  const queue: number[] = [];
  let qi = 0;
  let si = 0;
  while (si < start.length || qi < queue.length) {
    let ci: number;
    if (qi < queue.length && (si >= start.length || best.get(queue[qi])!.depth <= start[si][1].depth)) ci = queue[qi++];
    else {
      const [m, e] = start[si++];
      if (best.has(m)) continue;
      best.set(m, e);
      ci = m;
    }
    const at = best.get(ci)!;
    for (const w of graph.dependents[ci]) {
      reach.work++;
      if (sccOf[w] !== k || best.has(w)) continue;
      const entrant = entrants.get(w);
      if (entrant && entrant.depth <= at.depth + 1) continue; // it enters at least as close by itself
      best.set(w, { run: ri, hop: ci, depth: at.depth + 1, root: at.root });
      queue.push(w);
    }
  }
  return best;
}

/**
 * How many components each one takes down with it (itself included): exact sums where what
 * depends on it is a tree (every component below has one dependency), -1 elsewhere (the
 * caller walks those).
 */
export function treeCounts(graph: DependencyGraph): Int32Array {
  const n = graph.dependsOn.length;
  const count = new Int32Array(n).fill(-1);
  const pending = new Int32Array(n);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) {
    if (graph.baselineDown.has(i)) continue;
    for (const j of graph.dependents[i]) if (!graph.baselineDown.has(j)) pending[i]++;
    if (pending[i] === 0) queue.push(i);
  }
  // From what nothing depends on towards the dependencies: each counted after all its dependents.
  const tree = new Uint8Array(n);
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    let sum = 1;
    let isTree = true;
    for (const j of graph.dependents[i]) {
      if (graph.baselineDown.has(j)) continue;
      if (!tree[j] || graph.dependsOn[j].length !== 1) isTree = false;
      else sum += count[j];
    }
    if (isTree) {
      tree[i] = 1;
      count[i] = sum;
    }
    for (const p of graph.dependsOn[i]) if (--pending[p] === 0) queue.push(p);
  }
  return count;
}

/**
 * Everything the components in `start` take down with them, in walk order (breadth first,
 * from `start` in the given order), each with the dependency it went down through. `limit`
 * stops the walk after that many components have been found (captions name a few).
 */
export function walkDown(graph: DependencyGraph, start: readonly number[], limit = Infinity, onStep?: () => void): { order: number[]; via: Map<number, number> } {
  const seen = new Set<number>(start);
  const via = new Map<number, number>();
  const order: number[] = [];
  const queue = [...start];
  for (let q = 0; q < queue.length && order.length < limit; q++) {
    const ci = queue[q];
    for (const d of graph.dependents[ci]) {
      onStep?.();
      if (seen.has(d) || graph.baselineDown.has(d)) continue;
      seen.add(d);
      via.set(d, ci);
      order.push(d);
      queue.push(d);
      if (order.length >= limit) break;
    }
  }
  return { order, via };
}

/**
 * The shortest chain from `from` through its dependencies to a component in `roots`, or null
 * when none is reached ([from] when it is in `roots` itself). One walk up the dependencies.
 */
export function chainTo(graph: DependencyGraph, from: number, roots: ReadonlySet<number>): number[] | null {
  if (roots.has(from)) return [from];
  const parent = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const ci = queue[q];
    for (const d of graph.dependsOn[ci]) {
      if (parent.has(d) || graph.baselineDown.has(d)) continue;
      parent.set(d, ci);
      if (roots.has(d)) {
        const chain = [d];
        for (let cur = ci; cur !== -1; cur = parent.get(cur)!) chain.push(cur);
        return chain.reverse();
      }
      queue.push(d);
    }
  }
  return null;
}

/** Every component `from` depends on, transitively (not itself). */
export function dependenciesOf(graph: DependencyGraph, from: number): Set<number> {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length) {
    for (const d of graph.dependsOn[stack.pop()!]) {
      if (d === from || seen.has(d) || graph.baselineDown.has(d)) continue;
      seen.add(d);
      stack.push(d);
    }
  }
  return seen;
}

/**
 * Per component, the least of `own` over itself and everything it depends on, transitively
 * (Infinity for what is down before any failure): with `own` the best rank of the scenarios
 * that take a component down by itself, the best rank of those that take it down at all.
 */
export function leastOverDependencies(graph: DependencyGraph, own: ArrayLike<number>): Float64Array {
  const best = new Float64Array(graph.dependsOn.length).fill(Infinity);
  for (const scc of stronglyConnected(graph)) {
    let least = Infinity;
    for (const ci of scc) {
      least = Math.min(least, own[ci]);
      // Dependencies outside the cycle come earlier in the order; those inside are its members.
      for (const d of graph.dependsOn[ci]) least = Math.min(least, best[d]);
    }
    for (const ci of scc) best[ci] = least;
  }
  return best;
}

/**
 * How many components a set of components down by themselves takes down in all, when each is
 * a tree's root by `treeCounts` (else null): the sum over those not inside another's tree.
 * Nesting is read off the trees' preorder intervals, built once per graph: a zone or host
 * that takes several components of a chain down costs its own size, not a walk of the chain.
 */
export function treeUnion(graph: DependencyGraph, counts: Int32Array): (set: readonly number[]) => number | null {
  let tin: Int32Array | null = null;
  let tout: Int32Array | null = null;
  const intervals = () => {
    const n = counts.length;
    tin = new Int32Array(n).fill(-1);
    tout = new Int32Array(n).fill(-1);
    let clock = 0;
    // A tree's children are its dependents (each has exactly this one dependency); its roots
    // are the tree components whose dependency is not one.
    const isChild = (ci: number) => graph.dependsOn[ci].length === 1 && counts[graph.dependsOn[ci][0]] >= 0;
    for (let r = 0; r < n; r++) {
      if (counts[r] < 0 || isChild(r)) continue;
      const stack = [r];
      while (stack.length) {
        const ci = stack[stack.length - 1];
        if (tin[ci] === -1) {
          tin[ci] = clock++;
          for (const d of graph.dependents[ci]) if (!graph.baselineDown.has(d)) stack.push(d);
        } else {
          stack.pop();
          if (tout[ci] === -1) tout[ci] = clock - 1;
        }
      }
    }
  };
  return (set) => {
    if (set.some((ci) => counts[ci] < 0)) return null;
    if (!tin) intervals();
    const byEntry = [...set].sort((a, b) => tin![a] - tin![b]);
    let total = 0;
    let end = -1;
    for (const ci of byEntry) {
      if (tin![ci] <= end) continue; // inside a tree already counted
      total += counts[ci];
      end = tout![ci];
    }
    return total;
  };
}
