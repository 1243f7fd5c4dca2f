/**
 * Parsed YAML -> the resolved design: replica groups expanded (count, round-robin spread),
 * defaults applied (replica ids, a host of its own, quorum, rollout first waves, tolerate).
 *
 * Invariant: only data the schema accepted reaches the model. A component with a schema
 * problem inside it is left out of the analysis (its id still counts as existing, so
 * references to it are not reported twice); an invalid `accepted` entry is left out.
 */
import { isMap, isScalar, isSeq, Node, Pair, YAMLMap } from 'yaml';
import { nodeRange, pairOf, ParsedDesign, resolveNode } from './parse';
import { valueEndOf } from './chunked';
import { todayUtc } from './dates';
import { grouped } from './messages';
import type { AcceptedEntry, ComponentKind, ComponentModel, DesignModel, OffsetRange, PoisonPillPolicy, ReplicaModel, RolloutModel, RolloutStrategy, SharedModel } from './types';
import { BEHAVIOURAL_THREATS } from './types';

export const DEFAULT_FAILURE_DOMAINS = ['region', 'zone', 'rack', 'host'];
export const DEFAULT_TOLERATE = ['host', 'rack', 'zone', 'bad-release', 'bad-config', 'poison-pill'];
export const DEFAULT_FREQUENCY_ORDER = ['host', 'bad-release', 'bad-config', 'poison-pill', 'rack', 'software-bug', 'zone', 'region'];
/** Kinds whose replicas apply the same replicated writes: their own stream can carry a poison pill. */
export const REPLICATING_KINDS: ReadonlySet<ComponentKind> = new Set(['state-machine', 'primary-backup', 'store']);

/**
 * Expansion stops here so a hostile `count` cannot exhaust memory or time (every replica
 * is a host scenario); the schema caps each group. A 5 MB design has about 50,000.
 */
export const MAX_TOTAL_REPLICAS = 100_000;

export interface ModelBuild {
  model: DesignModel | null;
  /** Every component id written in the file, valid or not. */
  allComponentIds: Set<string>;
  /** Node ranges the rules point at, per component id. */
  nodes: Map<string, ComponentNodes>;
  /** Every shared id written in the file, valid or not. */
  allSharedIds: Set<string>;
  /** The top-level `uses` items, for unknown-reference. */
  topUses: { id: string; range: OffsetRange }[];
  /** A reason the model could not be built, when that is not already a schema finding. */
  tooLarge: string | null;
  /** Components whose model came from the cache (as it was, or shifted to where it moved). */
  reused: number;
}

/** Where a component's parts sit in the text, for findings and fixes. */
export interface ComponentNodes {
  map: YAMLMap | null;
  keyRange: OffsetRange;
  quorum: OffsetRange | null;
  onPoisonPill: OffsetRange | null;
  /** Range of each `dependsOn` / `consumes` / `uses` item value, in order. */
  dependsOn: { id: string; range: OffsetRange }[];
  consumes: { id: string; range: OffsetRange }[];
  uses: { id: string; range: OffsetRange }[];
}

type Plain = Record<string, unknown>;

/**
 * A component's model, kept for the next version of the same document. The chunked parser
 * hands back the very same data object for a component whose text did not change (it stands
 * for exactly that text, wherever it now sits), so the model is keyed by it: with the same
 * design-wide inputs the model is the same, only shifted by as far as the component moved.
 * Models built from a full parse (fresh data every time) are never found again.
 */
export interface CachedComponent {
  id: string;
  keyStart: number;
  /** The value's end, from the key's start: part of the text, so a check only. */
  valueSpan: number;
  /** The design-wide inputs: failure domains, default tolerate list and top-level uses. */
  context: string;
  component: ComponentModel;
  nodes: ComponentNodes;
}

/** Component models by their chunk's data (a WeakMap, or a fork's layer over one). */
export interface ComponentCache {
  get(data: object): CachedComponent | undefined;
  set(data: object, entry: CachedComponent): unknown;
}

/** `today` (YYYY-MM-DD) decides which `accepted` entries have expired. */
export function buildModel(parsed: ParsedDesign, invalidPaths: (string | number)[][], cache?: ComponentCache, today = todayUtc()): ModelBuild {
  const empty: ModelBuild = { model: null, allComponentIds: new Set(), nodes: new Map(), allSharedIds: new Set(), topUses: [], tooLarge: null, reused: 0 };
  const doc = parsed.doc;
  const root = parsed.value;
  if (!doc || !isPlainObject(root)) return empty;
  const rootNode = resolveNode(doc, doc.contents);
  if (!isMap(rootNode)) return empty;
  const componentsPair = pairOf(rootNode, 'components');
  const componentsNode = componentsPair ? resolveNode(doc, componentsPair.value) : null;
  if (!isPlainObject(root.components) || !isMap(componentsNode)) return empty;

  const invalidTop = new Set(invalidPaths.filter((p) => p.length > 0).map((p) => String(p[0])));
  const invalidComponents = new Set(invalidPaths.filter((p) => p[0] === 'components' && p.length > 1).map((p) => String(p[1])));
  const acceptedWhollyInvalid = invalidPaths.some((p) => p.length === 1 && p[0] === 'accepted');
  const invalidAccepted = new Set(invalidPaths.filter((p) => p[0] === 'accepted' && p.length > 1).map((p) => Number(p[1])));

  const failureDomains = !invalidTop.has('failureDomains') && isStringArray(root.failureDomains) ? dedupe(root.failureDomains) : DEFAULT_FAILURE_DOMAINS;
  const threatClasses = new Set([...failureDomains, ...BEHAVIOURAL_THREATS]);
  const systemTolerate = !invalidTop.has('tolerate') && isStringArray(root.tolerate) ? dedupe(root.tolerate) : DEFAULT_TOLERATE.filter((t) => threatClasses.has(t));
  const listedOrder = !invalidTop.has('frequencyOrder') && isStringArray(root.frequencyOrder) ? dedupe(root.frequencyOrder) : DEFAULT_FREQUENCY_ORDER;
  const frequencyOrder = [...listedOrder, ...[...failureDomains].reverse(), ...DEFAULT_FREQUENCY_ORDER].filter((t, i, all) => threatClasses.has(t) && all.indexOf(t) === i);

  const allComponentIds = new Set<string>();
  const nodes = new Map<string, ComponentNodes>();
  const components: ComponentModel[] = [];
  let totalReplicas = 0;
  let tooLarge: string | null = null;
  let reused = 0;

  const topUses = !invalidTop.has('uses') && isStringArray(root.uses) ? dedupe(root.uses) : [];
  // JSON, not a join: level names may contain any character, the separator included.
  const context = JSON.stringify([failureDomains, systemTolerate, topUses]);
  for (const pair of componentsNode.items) {
    if (!isScalar(pair.key)) continue;
    const id = String(pair.key.value);
    allComponentIds.add(id);
    const keyRange = nodeRange(pair.key) ?? { start: 0, end: 0 };
    const raw = (root.components as Plain)[id];
    const valueEnd = valueEndOf(pair) ?? keyRange.end;
    const valueSpan = valueEnd - keyRange.start;
    let entry = cache && isPlainObject(raw) ? cache.get(raw) : undefined;
    const reusable = entry && entry.id === id && entry.valueSpan === valueSpan && entry.context === context && !invalidComponents.has(id);
    if (reusable) {
      reused++;
      if (entry!.keyStart !== keyRange.start) {
        // Moved by an edit above it: the same model, at its new place (a copy; the old one may be in a result).
        const delta = keyRange.start - entry!.keyStart;
        // The map node only when a fix asks for it: reading the value copies its nodes (chunked.ts).
        // It holds the pair, not this version's document: the entry outlives the version while
        // the component stays put. (Moved chunks come from the chunked parse: no aliases to resolve.)
        const mapNode = () => {
          const valueNode = pair.value;
          return isMap(valueNode) ? valueNode : null;
        };
        entry = { ...entry!, keyStart: keyRange.start, component: shiftComponent(entry!.component, delta), nodes: shiftNodes(entry!.nodes, mapNode, delta) };
        cache!.set(raw as object, entry);
      }
    } else {
      const valueNode = resolveNode(doc, pair.value);
      const compMap = isMap(valueNode) ? valueNode : null;
      const compNodes = componentNodes(doc, compMap, keyRange);
      if (invalidComponents.has(id) || !isPlainObject(raw) || !compMap) {
        nodes.set(id, compNodes);
        continue;
      }
      const component = buildComponent(doc, id, raw, compMap, keyRange, valueEnd, failureDomains, systemTolerate, topUses);
      entry = { id, keyStart: keyRange.start, valueSpan, context, component, nodes: compNodes };
      cache?.set(raw, entry);
    }
    nodes.set(id, entry!.nodes);
    totalReplicas += entry!.component.replicas.length;
    if (totalReplicas > MAX_TOTAL_REPLICAS) {
      tooLarge = `The design expands to more than ${grouped(MAX_TOTAL_REPLICAS)} replicas; the analysis stops there.`;
      break;
    }
    components.push(entry!.component);
  }
  const sharedIds = new Set<string>();
  const topUsesNodes = refItems(doc, resolveNode(doc, pairOf(rootNode, 'uses')?.value));
  if (tooLarge) return { model: null, allComponentIds, nodes, allSharedIds: sharedIds, topUses: topUsesNodes, tooLarge, reused };
  const shared = buildShared(doc, rootNode, root, invalidPaths, components, sharedIds);

  const accepted: AcceptedEntry[] = [];
  const acceptedNode = resolveNode(doc, pairOf(rootNode, 'accepted')?.value);
  if (Array.isArray(root.accepted) && isSeq(acceptedNode) && !acceptedWhollyInvalid) {
    root.accepted.forEach((entry, i) => {
      if (invalidAccepted.has(i) || !isPlainObject(entry) || typeof entry.rule !== 'string') return;
      const node = resolveNode(doc, acceptedNode.items[i]);
      const untilNode = isMap(node) ? resolveNode(doc, pairOf(node, 'until')?.value) : null;
      const componentNode = isMap(node) ? resolveNode(doc, pairOf(node, 'component')?.value) : null;
      accepted.push({
        rule: entry.rule,
        component: typeof entry.component === 'string' ? entry.component : null,
        shared: typeof entry.shared === 'string' ? entry.shared : null,
        reason: typeof entry.reason === 'string' ? entry.reason : '',
        until: typeof entry.until === 'string' ? entry.until : null,
        range: nodeRange(untilNode) ?? nodeRange(node) ?? { start: 0, end: 0 },
        entryRange: nodeRange(node) ?? { start: 0, end: 0 },
        componentRange: nodeRange(componentNode),
        sharedRange: isMap(node) ? nodeRange(resolveNode(doc, pairOf(node, 'shared')?.value)) : null,
        expired: typeof entry.until === 'string' && entry.until < today,
      });
    });
  }

  const system = typeof root.system === 'string' ? root.system : '';
  return {
    model: { system, failureDomains, tolerate: systemTolerate, frequencyOrder, components, shared, accepted },
    allComponentIds,
    nodes,
    allSharedIds: sharedIds,
    topUses: topUsesNodes,
    tooLarge: null,
    reused,
  };
}

const shifted = (r: OffsetRange, delta: number): OffsetRange => ({ start: r.start + delta, end: r.end + delta });

/** Each shifted model's origin: the model built from its text, of which it is a moved copy. */
const origins = new WeakMap<ComponentModel, ComponentModel>();

/**
 * The model `c` was built as, wherever an edit above has moved it since: two models with the
 * same origin differ in their ranges only (the scenario engine groups their replicas the same
 * way; the rules' findings of one are the other's, shifted).
 */
export function originOf(c: ComponentModel): ComponentModel {
  return origins.get(c) ?? c;
}

/**
 * A component's model `delta` further on in the text. Written out field by field, in the
 * order `buildComponent` and `expandReplicas` give (the JSON output keeps it): an object
 * spread took most of the time of an insertion at 50,000 lines.
 */
function shiftComponent(c: ComponentModel, delta: number): ComponentModel {
  // Every field named (`Required`): one added to the model later cannot be dropped from moved copies.
  const copy: ComponentModel = {
    id: c.id,
    kind: c.kind,
    range: shifted(c.range, delta),
    fullRange: shifted(c.fullRange, delta),
    replicas: c.replicas.map(
      (r) => ({ id: r.id, component: r.component, placement: r.placement, version: r.version, config: r.config, range: shifted(r.range, delta), item: r.item }) satisfies Required<ReplicaModel>,
    ),
    quorum: c.quorum,
    rollout: c.rollout,
    dependsOn: c.dependsOn,
    consumes: c.consumes,
    onPoisonPill: c.onPoisonPill,
    tolerate: c.tolerate,
    uses: c.uses,
  } satisfies Required<ComponentModel>;
  origins.set(copy, originOf(c));
  return copy;
}

/** A component's node ranges `delta` further on, with the map node that now sits there. */
function shiftNodes(n: ComponentNodes, mapNode: () => YAMLMap | null, delta: number): ComponentNodes {
  const refs = (items: { id: string; range: OffsetRange }[]) => items.map((x) => ({ id: x.id, range: shifted(x.range, delta) }));
  let map: YAMLMap | null | undefined;
  return {
    get map() {
      return map === undefined ? (map = mapNode()) : map;
    },
    keyRange: shifted(n.keyRange, delta),
    quorum: n.quorum && shifted(n.quorum, delta),
    onPoisonPill: n.onPoisonPill && shifted(n.onPoisonPill, delta),
    dependsOn: refs(n.dependsOn),
    consumes: refs(n.consumes),
    uses: refs(n.uses),
  };
}

/** One component's model from its (schema-valid) data and nodes. */
function buildComponent(
  doc: ParsedDesign['doc'] & object,
  id: string,
  raw: Plain,
  compMap: YAMLMap,
  keyRange: OffsetRange,
  valueEnd: number,
  failureDomains: string[],
  systemTolerate: string[],
  topUses: string[],
): ComponentModel {
  const replicas = expandReplicas(id, raw, resolveNode(doc, pairOf(compMap, 'replicas')?.value), failureDomains);
  const n = replicas.length;
  const kind = raw.kind as ComponentKind;
  return {
    id,
    kind,
    range: keyRange,
    // The value as written here: for an alias that is `*name`, not the anchored node elsewhere.
    fullRange: { start: keyRange.start, end: Math.max(keyRange.end, valueEnd) },
    replicas,
    quorum: resolveQuorum(raw.quorum, kind, n),
    rollout: {
      software: resolveRollout(raw.rollout, 'software', n),
      config: resolveRollout(raw.rollout, 'config', n),
    },
    dependsOn: isStringArray(raw.dependsOn) ? dedupe(raw.dependsOn) : [],
    consumes: isStringArray(raw.consumes) ? dedupe(raw.consumes) : [],
    onPoisonPill: (raw.onPoisonPill as PoisonPillPolicy | undefined) ?? 'stop',
    tolerate: isStringArray(raw.tolerate) ? dedupe(raw.tolerate) : systemTolerate,
    uses: dedupe([...topUses, ...(isStringArray(raw.uses) ? raw.uses : [])]),
  };
}

/**
 * The `shared` items that passed the schema, in file order, each with the components that use
 * it and its rollout resolved against all of their replicas (a shared push counts its waves
 * over every replica of every user, in file order).
 */
function buildShared(doc: ParsedDesign['doc'] & object, rootNode: YAMLMap, root: Plain, invalidPaths: (string | number)[][], components: ComponentModel[], ids: Set<string>): SharedModel[] {
  const sharedNode = resolveNode(doc, pairOf(rootNode, 'shared')?.value);
  if (!isMap(sharedNode) || !isPlainObject(root.shared)) return [];
  for (const pair of sharedNode.items) if (isScalar(pair.key)) ids.add(String(pair.key.value));
  if (invalidPaths.some((p) => p.length === 1 && p[0] === 'shared')) return [];
  const invalid = new Set(invalidPaths.filter((p) => p[0] === 'shared' && p.length > 1).map((p) => String(p[1])));
  const out: SharedModel[] = [];
  for (const pair of sharedNode.items) {
    if (!isScalar(pair.key)) continue;
    const id = String(pair.key.value);
    const raw = (root.shared as Plain)[id];
    if (invalid.has(id) || !isPlainObject(raw) || (raw.type !== 'software' && raw.type !== 'config')) continue;
    const usedBy = components.filter((c) => c.uses.includes(id));
    const replicas = usedBy.reduce((n, c) => n + c.replicas.length, 0);
    out.push({
      id,
      type: raw.type,
      layer: typeof raw.layer === 'string' ? raw.layer : null,
      version: raw.type === 'software' && raw.version !== undefined && raw.version !== null ? String(raw.version) : null,
      rollout: resolveRollout({ software: raw.rollout }, 'software', replicas),
      range: nodeRange(pair.key) ?? { start: 0, end: 0 },
      usedBy: usedBy.map((c) => c.id),
    });
  }
  return out;
}

function refItems(doc: ParsedDesign['doc'] & object, seq: Node | null): { id: string; range: OffsetRange }[] {
  if (!isSeq(seq)) return [];
  const out: { id: string; range: OffsetRange }[] = [];
  for (const item of seq.items) {
    const n = resolveNode(doc, item);
    if (isScalar(n) && n.range) out.push({ id: String(n.value), range: { start: n.range[0], end: n.range[1] } });
  }
  return out;
}

function componentNodes(doc: ParsedDesign['doc'] & object, map: YAMLMap | null, keyRange: OffsetRange): ComponentNodes {
  const valueRange = (key: string) => (map ? nodeRange(resolveNode(doc, pairOf(map, key)?.value)) : null);
  const refs = (key: string) => refItems(doc, map ? resolveNode(doc, pairOf(map, key)?.value) : null);
  return {
    map,
    keyRange,
    quorum: valueRange('quorum'),
    onPoisonPill: valueRange('onPoisonPill'),
    dependsOn: refs('dependsOn'),
    consumes: refs('consumes'),
    uses: refs('uses'),
  };
}

function expandReplicas(component: string, raw: Plain, replicasNode: Node | null, levels: string[]): ReplicaModel[] {
  const items = Array.isArray(raw.replicas) ? raw.replicas : [];
  const itemNodes = isSeq(replicasNode) ? replicasNode.items : [];
  const out: ReplicaModel[] = [];
  items.forEach((item, itemIndex) => {
    if (!isPlainObject(item)) return;
    const itemNode = itemNodes[itemIndex] as Node | Pair | undefined;
    const range = (itemNode && 'range' in itemNode && itemNode.range ? { start: itemNode.range[0], end: itemNode.range[1] } : null) ?? {
      start: 0,
      end: 0,
    };
    const count = typeof item.count === 'number' && item.count >= 1 ? Math.floor(item.count) : 1;
    const spread = isPlainObject(item.spread) ? item.spread : {};
    for (let k = 0; k < count && out.length < MAX_TOTAL_REPLICAS + 1; k++) {
      const n = out.length + 1;
      const id = item.id !== undefined && item.id !== null ? (count > 1 ? `${String(item.id)}-${k + 1}` : String(item.id)) : `${component}-${n}`;
      const placement: Record<string, string> = {};
      for (const level of levels) {
        const values = spread[level];
        const v = Array.isArray(values) && values.length > 0 ? values[k % values.length] : item[level];
        if (v !== undefined && v !== null) placement[level] = String(v);
      }
      if (levels.includes('host') && placement.host === undefined) placement.host = id;
      out.push({
        id,
        component,
        placement,
        version: item.version !== undefined && item.version !== null ? String(item.version) : null,
        config: item.config !== undefined && item.config !== null ? String(item.config) : null,
        range,
        item: itemIndex,
      });
    }
  });
  return out;
}

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

function resolveQuorum(q: unknown, kind: ComponentKind, n: number): number {
  if (typeof q === 'number') return q;
  if (q === 'all') return n;
  if (q === 'majority') return majority(n);
  return kind === 'state-machine' || kind === 'log' ? majority(n) : 1;
}

function resolveRollout(rollout: unknown, which: 'software' | 'config', n: number): RolloutModel {
  const spec = isPlainObject(rollout) ? rollout[which] : undefined;
  let strategy: RolloutStrategy = 'all-at-once';
  let waves: unknown[] | null = null;
  if (typeof spec === 'string') strategy = spec as RolloutStrategy;
  else if (isPlainObject(spec)) {
    if (typeof spec.strategy === 'string') strategy = spec.strategy as RolloutStrategy;
    if (Array.isArray(spec.waves) && spec.waves.length > 0) waves = spec.waves;
  }
  let firstWave: number;
  if (waves) firstWave = waveSize(waves[0], n);
  else if (strategy === 'rolling' || strategy === 'canary') firstWave = 1;
  else firstWave = n;
  firstWave = Math.max(Math.min(firstWave, n), Math.min(1, n));
  return { strategy, firstWave, staged: firstWave < n };
}

/** A wave is a replica count or a percentage of the replicas, rounded up, at least one. */
export function waveSize(wave: unknown, n: number): number {
  if (typeof wave === 'number') return Math.max(1, Math.floor(wave));
  if (typeof wave === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(wave);
    if (m) return Math.max(1, Math.ceil((Number(m[1]) * n) / 100));
    const num = Number(wave);
    if (Number.isFinite(num)) return Math.max(1, Math.floor(num));
  }
  return n;
}

function isPlainObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
