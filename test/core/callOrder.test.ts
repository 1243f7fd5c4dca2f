/**
 * The language service keeps what it derives (the line scan, the id occurrences, indexes by
 * id) with the analysis it is asked with (src/core/derived.ts), never in a module-level slot
 * that the last request fills. These tests show that every answer is the one a fresh call
 * gives, whichever requests came before it, on which version of the text and with which
 * analysis.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { completionsAt } from '../../src/core/completion';
import { hoverAt } from '../../src/core/hover';
import { codeLenses, componentAt, definitionOf, documentSymbols, prepareRename, referencesOf, renameEdits } from '../../src/core/navigation';
import type { AnalysisResult } from '../../src/core/types';
import { SHARED_DESIGN } from '../helpers/sharedDesign';

const TODAY = '2026-11-26';

const V1 = SHARED_DESIGN;
/** The next version: a component that uses the agent and depends on api, and api renamed in a comment. */
const V2 = V1.replace(
  'accepted:\n',
  `  worker:
    kind: consumer
    uses: [agent]
    dependsOn:
      - api   # api, again
    replicas:
      - count: 2
        spread: { zone: [za, zb] }
        version: worker@1

accepted:
`,
);

type Call = (text: string, result: AnalysisResult | null) => unknown;

/** Where `needle` is, plus `delta`. */
function at(text: string, needle: string, delta = 0): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i + delta;
}

const CALLS: Record<string, Call> = {
  'hover on a shared reference': (t, r) => hoverAt(t, at(t, '- "agent"', 4), r),
  'hover on a component reference': (t, r) => hoverAt(t, at(t, 'dependsOn: [api]', 13), r),
  'completion in a uses list': (t, r) => completionsAt(t, at(t, 'uses: [edge-rules, agent]', 7), r),
  'completion of a dependency': (t, r) => completionsAt(t, at(t, 'dependsOn: [api]', 13), r),
  definition: (t, r) => definitionOf(t, at(t, 'dependsOn: [api]', 13), r),
  'references of a component': (t, r) => {
    const target = componentAt(t, at(t, 'dependsOn: [api]', 13), r);
    return target && referencesOf(t, target.id, r, true, target.namespace);
  },
  'references of a shared item': (t, r) => referencesOf(t, 'agent', r, true, 'shared'),
  'prepare rename': (t, r) => prepareRename(t, at(t, '  api:', 2), r),
  rename: (t, r) => renameEdits(t, at(t, '  api:', 2), 'gateway', r),
  'rename onto a shared id': (t, r) => renameEdits(t, at(t, '  api:', 2), 'edge-rules', r),
  symbols: (t, r) => documentSymbols(t, r),
  lenses: (t, r) => codeLenses(t, r),
};

/** Versions of the text with the analyses a request may come with: its own, an older one's, none. */
type Pair = [label: string, text: string, result: () => AnalysisResult | null];
const PAIRS: Pair[] = [
  ['V1 with its analysis', V1, () => analyze(V1, { today: TODAY })],
  ['V2 with the analysis of V1', V2, () => analyze(V1, { today: TODAY })],
  ['V2 with its analysis', V2, () => analyze(V2, { today: TODAY })],
  ['V2 without an analysis', V2, () => null],
  ['V1 without an analysis', V1, () => null],
];

/** Each call's answer in a fresh state: a new analysis object for this one call. */
function freshAnswers(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [label, text, result] of PAIRS) for (const [name, call] of Object.entries(CALLS)) out.set(`${name} · ${label}`, JSON.stringify(call(text, result())));
  return out;
}

describe('answers do not depend on which call came first', () => {
  const expected = freshAnswers();

  for (const order of ['forward', 'backward'] as const) {
    test(`every call on every version, ${order}, with the analyses shared between the calls`, () => {
      // One analysis object per version, as the server holds them: whatever a call keeps with it, the next call sees.
      const results = new Map<Pair, AnalysisResult | null>(PAIRS.map((p) => [p, null]));
      const r1 = analyze(V1, { today: TODAY });
      const r2 = analyze(V2, { today: TODAY });
      results.set(PAIRS[0], r1).set(PAIRS[1], r1).set(PAIRS[2], r2);
      const pairs = order === 'forward' ? PAIRS : [...PAIRS].reverse();
      const names = order === 'forward' ? Object.keys(CALLS) : Object.keys(CALLS).reverse();
      for (const pair of pairs) {
        for (const name of names) {
          const key = `${name} · ${pair[0]}`;
          assert.equal(JSON.stringify(CALLS[name](pair[1], results.get(pair)!)), expected.get(key), key);
        }
      }
    });
  }

  test('references after a hover on a different version of the text equal a fresh call', () => {
    const r1 = analyze(V1, { today: TODAY });
    const fresh = CALLS['references of a component'](V2, analyze(V1, { today: TODAY }));
    CALLS['hover on a shared reference'](V1, r1);
    CALLS.lenses(V1, r1);
    assert.deepEqual(CALLS['references of a component'](V2, r1), fresh);
    // V2 has one more reference to api (worker's dependsOn) than V1.
    assert.equal((fresh as unknown[]).length, (CALLS['references of a component'](V1, r1) as unknown[]).length + 1);
  });

  test('an answer is the caller’s: changing it changes no later answer', () => {
    const r = analyze(V2, { today: TODAY });
    const refs = referencesOf(V2, 'agent', r, true, 'shared');
    const before = JSON.stringify(refs);
    // The types say read-only; a caller that ignores them still changes nothing later.
    for (const x of refs as { start: number; end: number }[]) x.start = x.end = -1;
    const def = definitionOf(V2, at(V2, '- "agent"', 4), r) as { start: number } | null;
    def!.start = -1;
    assert.equal(JSON.stringify(referencesOf(V2, 'agent', r, true, 'shared')), before);
    assert.equal(definitionOf(V2, at(V2, '- "agent"', 4), r)?.start, at(V2, '  "agent":', 3));
  });

  test('rename refuses an id the line scan cannot read, whether or not the text was parsed before', () => {
    // An anchored key: the line scan does not read it, the YAML nodes do.
    const text = V1.replace('  base-image:\n', '  &img base-image:\n');
    const onApi = at(text, '  api:', 2);
    const onUse = at(text, 'uses: [base-image]', 7);
    const first = renameEdits(text, onApi, 'base-image', null);
    assert.ok('error' in first && /shared item is named "base-image"/.test(first.error), JSON.stringify(first));
    // The definition of the shared item reads the YAML nodes (the scan does not have the key) …
    assert.deepEqual(definitionOf(text, onUse, null), { start: at(text, 'base-image:'), end: at(text, 'base-image:') + 'base-image'.length });
    // … and a rename after it answers the same as before it.
    assert.deepEqual(renameEdits(text, onApi, 'base-image', null), first);
  });
});
