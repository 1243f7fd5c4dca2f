/**
 * What the format's keys and values mean, for hovers and completion: the schema
 * (schemas/redundancy.schema.json) walked by path — the schemas that apply at a path, their
 * descriptions, the properties and enum values they declare — and short docs of the values
 * whose meaning the schema cannot hold (failure-domain levels are the file's own; threat
 * classes, kinds, rollout strategies, poison-pill policies and quorum words).
 */
import schema from '../../schemas/redundancy.schema.json';
import type { PathSegment } from './cursor';

// ---------------------------------------------------------------------------------------
// The schema, walked generically

export type JsonSchema = { readonly [key: string]: unknown };

const ROOT = schema as JsonSchema;

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Follow `$ref`s (local JSON pointers only). */
export function deref(s: JsonSchema): JsonSchema {
  let cur = s;
  for (let i = 0; i < 20 && typeof cur.$ref === 'string'; i++) {
    const ref = cur.$ref as string;
    if (!ref.startsWith('#')) break;
    let node: unknown = ROOT;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isObject(node) ? node[part] : undefined;
    }
    if (!isObject(node)) break;
    cur = node;
  }
  return cur;
}

/** The schema and every `anyOf` / `oneOf` / `allOf` branch under it, references followed. */
export function branches(s: JsonSchema): JsonSchema[] {
  const d = deref(s);
  const out = [d];
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const list = d[k];
    if (Array.isArray(list)) for (const b of list) if (isObject(b)) out.push(...branches(b));
  }
  return out;
}

function childSchemas(s: JsonSchema, seg: PathSegment): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const b of branches(s)) {
    if (typeof seg === 'number') {
      if (isObject(b.items)) out.push(b.items);
      continue;
    }
    const props = b.properties;
    if (isObject(props) && isObject(props[seg])) {
      out.push(props[seg] as JsonSchema);
      continue;
    }
    const patterns = b.patternProperties;
    let matched = false;
    if (isObject(patterns)) {
      for (const [re, sub] of Object.entries(patterns)) {
        if (isObject(sub) && new RegExp(re, 'u').test(seg)) {
          out.push(sub);
          matched = true;
        }
      }
    }
    if (!matched && isObject(b.additionalProperties)) out.push(b.additionalProperties);
  }
  return out;
}

/** The schemas (unresolved, as written) that apply at `path`. */
export function schemasAt(path: PathSegment[]): JsonSchema[] {
  let cur: JsonSchema[] = [ROOT];
  for (const seg of path) {
    cur = cur.flatMap((s) => childSchemas(s, seg));
    if (cur.length === 0) break;
  }
  return cur;
}

/** The documentation of a schema: its own markdown or text, else that of what it references. */
export function schemaDoc(s: JsonSchema): string | null {
  for (const c of [s, deref(s)]) {
    if (typeof c.markdownDescription === 'string') return c.markdownDescription;
    if (typeof c.description === 'string') return c.description;
  }
  return null;
}

export interface PropertyInfo {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

/** The properties the schema declares for maps at `path`, in schema order. */
export function declaredProperties(path: PathSegment[]): PropertyInfo[] {
  const out: PropertyInfo[] = [];
  const seen = new Set<string>();
  for (const s of schemasAt(path)) {
    for (const b of branches(s)) {
      const props = b.properties;
      if (!isObject(props)) continue;
      const required = Array.isArray(b.required) ? (b.required as string[]) : [];
      for (const [name, sub] of Object.entries(props)) {
        if (seen.has(name) || !isObject(sub)) continue;
        seen.add(name);
        out.push({ name, schema: sub, required: required.includes(name) });
      }
    }
  }
  return out;
}

export interface EnumValue {
  value: string | number;
  documentation: string | null;
}

/** The enum and const values allowed at `path`, with their documentation. */
export function enumValuesAt(path: PathSegment[]): EnumValue[] {
  const out: EnumValue[] = [];
  const seen = new Set<string | number>();
  for (const s of schemasAt(path)) {
    for (const b of branches(s)) {
      const docs = Array.isArray(b.markdownEnumDescriptions) ? (b.markdownEnumDescriptions as unknown[]) : [];
      const values = Array.isArray(b.enum) ? (b.enum as unknown[]) : 'const' in b ? [b.const] : [];
      values.forEach((v, i) => {
        if ((typeof v === 'string' || typeof v === 'number') && !seen.has(v)) {
          seen.add(v);
          out.push({ value: v, documentation: typeof docs[i] === 'string' ? (docs[i] as string) : null });
        }
      });
    }
  }
  return out;
}

/** Whether some schema at `path` describes a map (`type: object`, properties or additionalProperties). */
export function isMapAt(path: PathSegment[]): boolean {
  return schemasAt(path).some((s) => branches(s).some((b) => b.type === 'object' || isObject(b.properties)));
}

/** Whether some schema at `path` describes a list. */
export function isListAt(path: PathSegment[]): boolean {
  return schemasAt(path).some((s) => branches(s).some((b) => b.type === 'array' || isObject(b.items)));
}

// ---------------------------------------------------------------------------------------
// What values mean (short, after FORMAT.md and the project's decisions)

const LEVEL_WORDS: Record<string, string> = {
  host: 'one machine (physical or virtual)',
  rack: 'one rack (shared power and top-of-rack switch)',
  zone: 'one availability zone or data centre',
  region: 'one region',
};

export const THREAT_DOCS: Record<string, string> = {
  'bad-release':
    "A faulty **software release**. One scenario per component: it takes down the first wave of the component's software rollout (`rollout.software`): every replica with `all-at-once` (the default), 1 replica with `rolling` or `canary`, `waves[0]` with `waves`.",
  'bad-config':
    "A faulty **configuration** push. One scenario per component: it takes down the first wave of the component's config rollout (`rollout.config`): every replica with `all-at-once` (the default), 1 replica with `rolling` or `canary`, `waves[0]` with `waves`.",
  'software-bug':
    'A latent **bug triggered everywhere at once**. One scenario per distinct `version`: every replica running that version goes down, in every component. Replicas without `version` take part in none.',
  'poison-pill':
    "An event **no replica of one version can process**. One scenario per input stream: each component named in some `consumes`, and the replication stream of each `state-machine`, `primary-backup` or `store`. Every component processing the stream with `onPoisonPill: stop` loses the replicas of its largest version group; `skip` loses the event's data instead; `dead-letter` sets it aside. A `log`'s brokers store payloads without reading them and are not affected.",
};

export function levelDoc(level: string): string {
  const what = LEVEL_WORDS[level] ?? `one \`${level}\``;
  const unset = level === 'host' ? 'A replica without `host` gets a host of its own, named after its id.' : `A replica that leaves \`${level}\` unset has it *unknown* (\`unknown-placement\`).`;
  return `A **failure-domain level**: losing ${what}. One \`${level}\` scenario per distinct value written in the design; it takes down every replica with that value. ${unset}`;
}

/** What a threat class means; `levels` are the design's failure-domain levels. */
export function threatDoc(threat: string, levels: readonly string[]): string | null {
  if (THREAT_DOCS[threat]) return THREAT_DOCS[threat];
  if (levels.includes(threat)) return levelDoc(threat);
  return null;
}

export const KIND_DOCS: Record<string, string> = {
  stateless: 'Interchangeable replicas holding no state, such as web or API servers. Default `quorum`: 1.',
  'state-machine':
    'A Raft/Paxos-style **replicated state machine**: every replica applies the same ordered writes, so a poison pill in its replication stream reaches every replica. Default `quorum`: majority; a quorum below a majority is an error (`quorum-unreachable`).',
  'primary-backup': 'A **primary** that replicates its writes to **backups**. Its replication stream is a poison-pill stream. Default `quorum`: 1.',
  log: 'An ordered **event log** or stream (Kafka, Pulsar, …). Its brokers store payloads without interpreting them, so poison pills do not stop them; the components that `consumes` it process its stream. Default `quorum`: majority.',
  consumer: 'Reads a log or stream: it processes the events of the components in its `consumes`, each a poison-pill stream. Default `quorum`: 1.',
  store: 'A replicated **database or cache**. Its replication stream is a poison-pill stream. Default `quorum`: 1.',
};

export const STRATEGY_DOCS: Record<string, string> = {
  'all-at-once': 'Every replica is updated at once: a bad release or bad config reaches all of them. The default.',
  rolling: 'Replicas are updated one after another: without `waves`, the first wave is 1 replica.',
  canary: 'A canary goes first: without `waves`, the first wave is 1 replica.',
  waves:
    'Explicit waves; needs the `waves` list. Each entry is the total (cumulative) number or percentage of replicas updated by the end of that wave; percentages round up, at least 1 replica. The first wave is `waves[0]`.',
};

export const POISON_PILL_DOCS: Record<string, string> = {
  stop: "**Stop** processing until someone deals with the event (the default): in a poison-pill scenario the replicas of the component's largest version group halt (`poison-pill-halts-all` when that breaks its quorum).",
  skip: "**Skip** the event and go on: nothing stops, but the event's data is lost (`poison-pill-data-loss`).",
  'dead-letter': 'Move the event to a **dead-letter** queue and go on: nothing stops and nothing is lost.',
};

export const QUORUM_DOCS: Record<string, string> = {
  majority: "More than half of the component's replicas must be healthy: ⌊n/2⌋ + 1 of n.",
  all: 'Every replica must be healthy: losing any one takes the component down.',
};
