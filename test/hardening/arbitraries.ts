/**
 * fast-check generators of valid format-v1 designs, and a renderer that writes one design
 * in many textual layouts (block or flow components, comments, key orders, 2- or 4-space
 * indentation, LF or CRLF). Two layouts of one spec are the same design, which is what the
 * key-order property compares.
 *
 * Valid means: the file parses and passes the schema and the extra checks of validate.ts
 * (levels, spread keys and tolerate entries drawn from the file's own failureDomains,
 * references to existing components). Findings of any other rule are expected.
 */
import fc from 'fast-check';
import { BEHAVIOURAL_THREATS, RULE_IDS } from '../../src/core/types';

export const BEHAVIOURAL = BEHAVIOURAL_THREATS;
export const KINDS = ['stateless', 'state-machine', 'primary-backup', 'log', 'consumer', 'store'] as const;
/** Every rule an `accepted` entry may name: all but schema and yaml-syntax. */
export const ACCEPTABLE_RULES = RULE_IDS.filter((r) => r !== 'schema' && r !== 'yaml-syntax');

const DEFAULT_LEVELS = ['region', 'zone', 'rack', 'host'];
/** Level sets a design may declare; null keeps the default. */
const LEVEL_SETS: (string[] | null)[] = [null, null, ['region', 'zone', 'rack', 'host'], ['zone', 'host'], ['datacenter', 'rack', 'host'], ['cell', 'node']];

export type Scalar = string | number;
export type RolloutSpec = string | { strategy: string; waves: Scalar[] | null };

export interface ReplicaItemSpec {
  /** null: no `count` key (one replica). */
  count: number | null;
  spread: [string, Scalar[]][];
  levels: [string, Scalar][];
  version: Scalar | null;
  config: Scalar | null;
  id: string | null;
  /** Write this item as `{ … }` inside a block list. */
  flow: boolean;
}

export interface ComponentSpec {
  id: string;
  kind: string;
  description: string | null;
  quorum: number | 'majority' | 'all' | null;
  replicas: ReplicaItemSpec[];
  rollout: { software: RolloutSpec | null; config: RolloutSpec | null } | null;
  dependsOn: string[];
  consumes: string[];
  onPoisonPill: 'stop' | 'skip' | 'dead-letter' | null;
  tolerate: string[] | null;
  /** Shared item ids (never the component ids: they are drawn from their own pool). */
  uses: string[];
}

export interface SharedSpec {
  id: string;
  type: 'software' | 'config';
  layer: string | null;
  version: Scalar | null;
  rollout: RolloutSpec | null;
}

export interface AcceptedSpec {
  rule: string;
  component: string | null;
  shared: string | null;
  reason: string;
  until: string | null;
}

export interface DesignSpec {
  system: string;
  description: string | null;
  failureDomains: string[] | null;
  tolerate: string[] | null;
  frequencyOrder: string[] | null;
  components: ComponentSpec[];
  shared: SharedSpec[];
  /** Top-level `uses`. */
  uses: string[];
  accepted: AcceptedSpec[];
}

export interface StyleSpec {
  eol: '\n' | '\r\n';
  indent: 2 | 4;
  /** Per component: block or flow mapping (cycled when shorter than the component list). */
  flow: boolean[];
  /** Full-line and trailing comments. */
  comments: boolean;
  /** Lists (dependsOn, tolerate, …) as `- item` lines rather than `[a, b]`, in block components. */
  blockLists: boolean;
  /** 0 keeps the canonical key order; anything else shuffles every map's keys deterministically. */
  keyOrderSeed: number;
  /** Component ids as `"id":` keys (rename must keep the quotes). */
  quoteIds: boolean;
}

export interface GeneratedDesign {
  spec: DesignSpec;
  style: StyleSpec;
  text: string;
}

const AMBIGUOUS = /^(y|n|yes|no|on|off|true|false|null|nan|inf)$/i;

const idArb = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4})?$/).filter((s) => !AMBIGUOUS.test(s) && !s.startsWith('node'));
const wordArb = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'omega', 'blue', 'green', 'edge', 'core');
const valueArb = (level: string) => fc.constantFrom(`${level.slice(0, 2)}-a`, `${level.slice(0, 2)}-b`, `${level.slice(0, 2)}-c`, `${level.slice(0, 2)}-d`);
const versionArb: fc.Arbitrary<Scalar> = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('app@1.0.0', 'app@1.1.0', 'app@2.0.0', 'kafka@3.7', 'v2') }, { weight: 1, arbitrary: fc.constantFrom(3, 7) });
const configArb: fc.Arbitrary<Scalar> = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('cfg@1', 'cfg@2', 'broker@12') }, { weight: 1, arbitrary: fc.constant(12) });
const waveArb: fc.Arbitrary<Scalar> = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constantFrom('10%', '33.5%', '50%', '100%'));

const rolloutArb: fc.Arbitrary<RolloutSpec> = fc.oneof(
  fc.constantFrom('all-at-once', 'rolling', 'canary'),
  fc.record({ strategy: fc.constantFrom('all-at-once', 'rolling', 'canary'), waves: fc.option(fc.array(waveArb, { minLength: 1, maxLength: 3 }), { nil: null }) }),
  fc.record({ strategy: fc.constant('waves'), waves: fc.array(waveArb, { minLength: 1, maxLength: 3 }) }),
);

function replicaItemArb(levels: string[]): fc.Arbitrary<ReplicaItemSpec> {
  return fc.shuffledSubarray(levels, { minLength: 0, maxLength: Math.min(2, levels.length) }).chain((spreadLevels) => {
    const rest = levels.filter((l) => !spreadLevels.includes(l));
    return fc.record({
      count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      spread: fc.tuple(...spreadLevels.map((l) => fc.tuple(fc.constant(l), fc.uniqueArray(valueArb(l), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Scalar[]>))),
      levels: fc.subarray(rest).chain((ls) => fc.tuple(...ls.map((l) => fc.tuple(fc.constant(l), valueArb(l) as fc.Arbitrary<Scalar>)))),
      version: fc.option(versionArb, { nil: null, freq: 3 }),
      config: fc.option(configArb, { nil: null, freq: 3 }),
      id: fc.constant(null),
      flow: fc.boolean(),
    });
  });
}

/** Shared ids: unlike any component id idArb draws (their tail is longer than four characters). */
export const SHARED_IDS = ['base-image', 'edge-rules', 'sec-agent', 'flags-pipeline'];

const sharedArb = (id: string): fc.Arbitrary<SharedSpec> =>
  fc.record({
    id: fc.constant(id),
    type: fc.constantFrom('software' as const, 'config' as const),
    layer: fc.option(fc.constantFrom('os', 'agent', 'waf-rules', 'flags', 'runtime'), { nil: null, freq: 4 }),
    version: fc.option(fc.oneof(versionArb, fc.constantFrom('ubuntu-22.04', 'kernel@6.1')), { nil: null, freq: 2 }),
    rollout: fc.option(rolloutArb, { nil: null, freq: 2 }),
  });

function componentArb(id: string, others: string[], levels: string[], threats: string[], sharedIds: string[]): fc.Arbitrary<ComponentSpec> {
  return fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom(...KINDS),
    description: fc.option(fc.constant(`The ${id} component.`), { nil: null, freq: 4 }),
    quorum: fc.option(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom('majority' as const, 'all' as const)), { nil: null, freq: 2 }),
    replicas: fc.array(replicaItemArb(levels), { minLength: 1, maxLength: 3 }),
    rollout: fc.option(fc.record({ software: fc.option(rolloutArb, { nil: null }), config: fc.option(rolloutArb, { nil: null }) }), { nil: null, freq: 3 }),
    dependsOn: fc.subarray(others, { maxLength: Math.min(2, others.length) }),
    consumes: fc.subarray(others, { maxLength: Math.min(2, others.length) }),
    onPoisonPill: fc.option(fc.constantFrom('stop' as const, 'skip' as const, 'dead-letter' as const), { nil: null, freq: 2 }),
    tolerate: fc.option(fc.shuffledSubarray(threats, { minLength: 1 }), { nil: null, freq: 5 }),
    uses: fc.subarray(sharedIds, { maxLength: Math.min(2, sharedIds.length) }),
  });
}

/** Explicit replica ids, unique in the file and unlike any default `<component>-<n>` id. */
function assignReplicaIds(components: ComponentSpec[], every: number): void {
  let n = 0;
  components.forEach((c, ci) =>
    c.replicas.forEach((r, ri) => {
      if (every > 0 && n++ % every === 0) r.id = `node${ci}x${ri}`;
    }),
  );
}

export const designSpecArb: fc.Arbitrary<DesignSpec> = fc
  .record({
    levelsChoice: fc.constantFrom(...LEVEL_SETS),
    ids: fc.uniqueArray(idArb, { minLength: 1, maxLength: 5 }),
    idEvery: fc.constantFrom(0, 0, 2, 3),
    sharedIds: fc.oneof({ weight: 2, arbitrary: fc.constant([] as string[]) }, { weight: 3, arbitrary: fc.subarray(SHARED_IDS, { minLength: 1, maxLength: 3 }) }),
  })
  .chain(({ levelsChoice, ids, idEvery, sharedIds }) => {
    const levels = levelsChoice ?? DEFAULT_LEVELS;
    const threats = [...levels, ...BEHAVIOURAL];
    return fc
      .record({
        system: wordArb,
        description: fc.option(fc.constant('A generated design.'), { nil: null, freq: 3 }),
        failureDomains: fc.constant(levelsChoice),
        tolerate: fc.option(fc.shuffledSubarray(threats, { minLength: 1 }), { nil: null }),
        frequencyOrder: fc.option(fc.shuffledSubarray(threats, { minLength: 1 }), { nil: null, freq: 4 }),
        components: fc.tuple(
          ...ids.map((id) =>
            componentArb(
              id,
              ids.filter((x) => x !== id),
              levels,
              threats,
              sharedIds,
            ),
          ),
        ),
        shared: fc.tuple(...sharedIds.map(sharedArb)),
        uses: fc.subarray(sharedIds, { maxLength: Math.min(2, sharedIds.length) }),
        accepted: fc.array(
          fc.record({
            rule: fc.constantFrom(...ACCEPTABLE_RULES),
            component: fc.option(fc.constantFrom(...ids), { nil: null }),
            shared: sharedIds.length ? fc.option(fc.constantFrom(...sharedIds), { nil: null, freq: 2 }) : fc.constant(null),
            reason: fc.constantFrom('Known and owned.', 'Vendor binary', 'DR runbook covers it'),
            until: fc.option(fc.constantFrom('2020-01-01', '2026-11-26', '2099-12-31'), { nil: null }),
          }),
          { maxLength: 2 },
        ),
      })
      .map((spec) => {
        assignReplicaIds(spec.components, idEvery);
        return spec;
      });
  });

export const styleArb: fc.Arbitrary<StyleSpec> = fc.record({
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  indent: fc.constantFrom(2 as const, 4 as const),
  flow: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  comments: fc.boolean(),
  blockLists: fc.boolean(),
  keyOrderSeed: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 30 })),
  quoteIds: fc.boolean(),
});

/** Counterexamples print as the text itself: that is what a reader needs to reproduce them. */
function generated(spec: DesignSpec, style: StyleSpec): GeneratedDesign {
  const text = renderDesign(spec, style);
  return Object.defineProperty({ spec, style, text }, fc.toStringMethod, { value: () => `design text ${JSON.stringify(text)}`, enumerable: false });
}

export const designArb: fc.Arbitrary<GeneratedDesign> = fc.tuple(designSpecArb, styleArb).map(([spec, style]) => generated(spec, style));

/** Block-only designs with comments: the layout quick fixes and rename must preserve. */
export const commentedBlockDesignArb = (eol: '\n' | '\r\n', indent: 2 | 4): fc.Arbitrary<GeneratedDesign> =>
  fc.tuple(designSpecArb, fc.integer({ min: 0, max: 2 ** 30 }), fc.boolean(), fc.boolean()).map(([spec, keyOrderSeed, blockLists, quoteIds]) => {
    return generated(spec, { eol, indent, flow: [false], comments: true, blockLists, keyOrderSeed, quoteIds });
  });

// ---------------------------------------------------------------------------------------
// Rendering

const PLAIN = /^[A-Za-z_][A-Za-z0-9_.@/-]*( [A-Za-z0-9_.@/-]+)*[.]?$/;

/** A scalar as YAML: plain where that reads back as the same string, else double-quoted. */
export function scalar(v: Scalar): string {
  if (typeof v === 'number') return String(v);
  if (PLAIN.test(v) && !AMBIGUOUS.test(v)) return v;
  return JSON.stringify(v);
}

function flowValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flowValue).join(', ')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return `{ ${entries.map(([k, x]) => `${scalar(k)}: ${flowValue(x)}`).join(', ')} }`;
  }
  return scalar(v as Scalar);
}

/** Deterministic shuffle (mulberry32) so a seed names one key order. */
function shuffler(seed: number): <T>(xs: T[]) => T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return <T>(xs: T[]): T[] => {
    if (seed === 0) return xs;
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
}

type Entry = [string, unknown];

/** An ordered map: a list of entries so key order is under the renderer's control. */
function entries(pairs: (Entry | null)[]): Entry[] {
  return pairs.filter((p): p is Entry => p !== null);
}

function replicaEntries(r: ReplicaItemSpec, shuffle: <T>(xs: T[]) => T[]): Entry[] {
  return shuffle(
    entries([
      r.count === null ? null : ['count', r.count],
      r.spread.length ? ['spread', Object.fromEntries(shuffle(r.spread.map(([l, vs]) => [l, vs] as Entry)))] : null,
      ...r.levels.map(([l, v]) => [l, v] as Entry),
      r.version === null ? null : ['version', r.version],
      r.config === null ? null : ['config', r.config],
      r.id === null ? null : ['id', r.id],
    ]),
  );
}

function rolloutValue(r: RolloutSpec, shuffle: <T>(xs: T[]) => T[]): unknown {
  if (typeof r === 'string') return r;
  return Object.fromEntries(shuffle(entries([['strategy', r.strategy], r.waves === null ? null : ['waves', r.waves]])));
}

function componentEntries(c: ComponentSpec, shuffle: <T>(xs: T[]) => T[]): Entry[] {
  return shuffle(
    entries([
      ['kind', c.kind],
      c.description === null ? null : ['description', c.description],
      c.quorum === null ? null : ['quorum', c.quorum],
      ['replicas', c.replicas.map((r) => ({ __item: r }))],
      c.rollout === null || (c.rollout.software === null && c.rollout.config === null)
        ? null
        : [
            'rollout',
            Object.fromEntries(
              shuffle(
                entries([
                  c.rollout.software === null ? null : ['software', rolloutValue(c.rollout.software, shuffle)],
                  c.rollout.config === null ? null : ['config', rolloutValue(c.rollout.config, shuffle)],
                ]),
              ),
            ),
          ],
      c.dependsOn.length ? ['dependsOn', c.dependsOn] : null,
      c.consumes.length ? ['consumes', c.consumes] : null,
      c.onPoisonPill === null ? null : ['onPoisonPill', c.onPoisonPill],
      c.tolerate === null ? null : ['tolerate', c.tolerate],
      c.uses.length ? ['uses', c.uses] : null,
    ]),
  );
}

function sharedEntries(sh: SharedSpec, shuffle: <T>(xs: T[]) => T[]): Entry[] {
  return shuffle(
    entries([
      ['type', sh.type],
      sh.layer === null ? null : ['layer', sh.layer],
      sh.version === null ? null : ['version', sh.version],
      sh.rollout === null ? null : ['rollout', rolloutValue(sh.rollout, shuffle)],
    ]),
  );
}

/** Render `spec` as text in `style`. The same spec in any style is the same design. */
export function renderDesign(spec: DesignSpec, style: StyleSpec): string {
  const shuffle = shuffler(style.keyOrderSeed);
  const u = style.indent;
  const pad = (n: number) => ' '.repeat(n * u);
  const lines: string[] = [];
  let note = 0;
  const trailing = () => (style.comments ? `   # note ${++note}: keep me` : '');
  const fullLine = (depth: number, indent = pad(depth)) => {
    if (style.comments) lines.push(`${indent}# comment ${++note}, keep me`);
  };
  const idKey = (id: string) => (style.quoteIds ? JSON.stringify(id) : scalar(id));
  const itemFlow = (r: ReplicaItemSpec) => flowValue(Object.fromEntries(replicaEntries(r, shuffle)));

  /** A block value under `key` at `depth`; scalars and short lists stay on the key's line. */
  const blockPair = (depth: number, key: string, value: unknown): void => {
    if (Array.isArray(value) && value.length && typeof value[0] === 'object' && value[0] !== null && '__item' in value[0]) {
      lines.push(`${pad(depth)}${key}:`);
      for (const { __item: r } of value as { __item: ReplicaItemSpec }[]) {
        if (r.flow) {
          lines.push(`${pad(depth + 1)}- ${itemFlow(r)}${trailing()}`);
          continue;
        }
        const es = replicaEntries(r, shuffle);
        if (es.length === 0) {
          lines.push(`${pad(depth + 1)}- {}`);
          continue;
        }
        // "- " takes two columns whatever the unit; siblings align with the first key.
        const inner = ' '.repeat((depth + 1) * u + 2);
        es.forEach(([k, v], i) => {
          if (i === 2) fullLine(0, inner);
          lines.push(`${i === 0 ? `${pad(depth + 1)}- ` : inner}${scalar(k)}: ${flowValue(v)}${i === 0 ? trailing() : ''}`);
        });
      }
      return;
    }
    if (Array.isArray(value) && style.blockLists && value.length) {
      lines.push(`${pad(depth)}${key}:${trailing()}`);
      for (const v of value) lines.push(`${pad(depth + 1)}- ${flowValue(v)}`);
      return;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      lines.push(`${pad(depth)}${key}:`);
      for (const [k, v] of Object.entries(value)) blockPair(depth + 1, scalar(k), v);
      return;
    }
    lines.push(`${pad(depth)}${key}: ${flowValue(value)}${trailing()}`);
  };

  const flowComponent = (c: ComponentSpec): string => {
    const es = componentEntries(c, shuffle).map(([k, v]) => {
      if (k === 'replicas') return `replicas: [${(v as { __item: ReplicaItemSpec }[]).map(({ __item }) => itemFlow(__item)).join(', ')}]`;
      return `${k}: ${flowValue(v)}`;
    });
    return `{ ${es.join(', ')} }`;
  };

  if (style.comments) lines.push('# A generated design; every comment must survive edits.');
  const top = shuffle(
    entries([
      ['redundancy', 1],
      ['system', spec.system],
      spec.description === null ? null : ['description', spec.description],
      spec.failureDomains === null ? null : ['failureDomains', spec.failureDomains],
      spec.tolerate === null ? null : ['tolerate', spec.tolerate],
      spec.frequencyOrder === null ? null : ['frequencyOrder', spec.frequencyOrder],
      spec.shared.length ? ['shared', Object.fromEntries(spec.shared.map((sh) => [sh.id, Object.fromEntries(sharedEntries(sh, shuffle))]))] : null,
      spec.uses.length ? ['uses', spec.uses] : null,
      ['components', null],
      spec.accepted.length ? ['accepted', null] : null,
    ]),
  );
  for (const [key, value] of top) {
    if (key === 'components') {
      lines.push(`components:${trailing()}`);
      spec.components.forEach((c, i) => {
        if (style.comments && i > 0) lines.push('');
        fullLine(1);
        if (style.flow[i % style.flow.length]) {
          lines.push(`${pad(1)}${idKey(c.id)}: ${flowComponent(c)}${trailing()}`);
          return;
        }
        lines.push(`${pad(1)}${idKey(c.id)}:${trailing()}`);
        componentEntries(c, shuffle).forEach(([k, v], j) => {
          if (j === 1) fullLine(2);
          blockPair(2, k, v);
        });
      });
    } else if (key === 'accepted') {
      lines.push('accepted:');
      for (const a of spec.accepted) {
        fullLine(1);
        const es = shuffle(
          entries([
            ['rule', a.rule],
            a.component === null ? null : ['component', a.component],
            a.shared === null ? null : ['shared', a.shared],
            ['reason', a.reason],
            a.until === null ? null : ['until', a.until],
          ]),
        );
        es.forEach(([k, v], i) => lines.push(`${i === 0 ? `${pad(1)}- ` : ' '.repeat(u + 2)}${k}: ${flowValue(v)}`));
      }
    } else if (key === 'redundancy' || key === 'system' || key === 'description') {
      lines.push(`${key}: ${flowValue(value)}${trailing()}`);
    } else {
      blockPair(0, key, value);
    }
  }
  return lines.join(style.eol) + style.eol;
}
