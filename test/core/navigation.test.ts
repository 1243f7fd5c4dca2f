import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { applyEdits } from '../../src/core/edits';
import { survivalLine } from '../../src/core/hover';
import {
  codeLenses,
  componentAt,
  definitionOf,
  documentSymbols,
  prepareRename,
  referencesOf,
  renameEdits,
  type DocumentSymbolData,
} from '../../src/core/navigation';
import type { OffsetRange, TextEdit } from '../../src/core/types';

const TODAY = '2026-11-26';

const SHOP = `redundancy: 1
system: shop
tolerate: [host, zone, bad-release, bad-config, poison-pill]

components:
  api:
    kind: stateless
    replicas:
      - count: 3
        spread: { zone: [za, zb, zc] }
        version: api@1
    dependsOn: [orders, "cache"]   # the cache is quoted on purpose

  orders:
    kind: log
    replicas:
      - { host: k1, zone: za, version: kafka@3 }
      - { host: k2, zone: zb, version: kafka@3 }
      - { host: k3, zone: zc, version: kafka@3 }

  cache:
    kind: store
    replicas:
      - host: c1
        zone: za
    onPoisonPill: stop

  ledger:
    kind: consumer
    consumes:
      - orders
    dependsOn:
      - 'cache'
    replicas:
      - count: 2
        spread: { zone: [za, zb] }

accepted:
  - rule: single-replica
    component: cache
    reason: Rebuilt from the database in seconds.
  - { rule: poison-pill-halts-all, component: ledger, reason: Replayed nightly. }
`;

const result = analyze(SHOP, { today: TODAY });

/** Range of the `nth` occurrence of `needle` in `text`, shifted by `skip` characters. */
function rangeOf(text: string, needle: string, nth = 0, skip = 0, length = needle.length - skip): OffsetRange {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `text contains ${JSON.stringify(needle)} ${nth + 1} times`);
  }
  return { start: at + skip, end: at + skip + length };
}

function slices(text: string, ranges: OffsetRange[]): string[] {
  return ranges.map((r) => text.slice(r.start, r.end));
}

function rename(text: string, from: string, to: string): string {
  const at = rangeOf(text, `  ${from}:`, 0, 2, from.length).start + 1;
  const res = renameEdits(text, at, to, analyze(text, { today: TODAY }));
  assert.ok('edits' in res, `rename ${from} -> ${to}: ${'error' in res ? res.error : ''}`);
  return applyEdits(text, res.edits as TextEdit[]);
}

describe('componentAt and definitionOf', () => {
  test('on a key under components, and on each kind of reference', () => {
    const key = rangeOf(SHOP, '  cache:', 0, 2, 5);
    assert.deepEqual(componentAt(SHOP, key.start + 2, result), { id: 'cache', range: key, declaration: true });
    const quoted = rangeOf(SHOP, '"cache"', 0, 1, 5);
    assert.deepEqual(componentAt(SHOP, quoted.start, result), { id: 'cache', range: quoted, declaration: false });
    const block = rangeOf(SHOP, "- 'cache'", 0, 3, 5);
    assert.deepEqual(componentAt(SHOP, block.end, result), { id: 'cache', range: block, declaration: false });
    const accepted = rangeOf(SHOP, 'component: ledger', 0, 11);
    assert.deepEqual(componentAt(SHOP, accepted.start + 1, result), { id: 'ledger', range: accepted, declaration: false });
    const consumes = rangeOf(SHOP, '- orders', 0, 2);
    assert.equal(componentAt(SHOP, consumes.start, result)?.id, 'orders');
  });

  test('nothing on other keys and values', () => {
    assert.equal(componentAt(SHOP, SHOP.indexOf('kind: store') + 7, result), null);
    assert.equal(componentAt(SHOP, SHOP.indexOf('onPoisonPill') + 1, result), null);
    assert.equal(componentAt(SHOP, SHOP.indexOf('system: shop') + 9, result), null);
    assert.equal(componentAt(SHOP, SHOP.indexOf('the cache is quoted') + 5, result), null, 'in a comment');
  });

  test('the definition of a reference is the component key', () => {
    const key = rangeOf(SHOP, '  cache:', 0, 2, 5);
    assert.deepEqual(definitionOf(SHOP, rangeOf(SHOP, '"cache"').start + 2, result), key);
    assert.deepEqual(definitionOf(SHOP, rangeOf(SHOP, 'component: cache', 0, 11).start, result), key);
    assert.deepEqual(definitionOf(SHOP, key.start, result), key);
    const ghost = SHOP.replace('[orders, "cache"]', '[orders, "cache", ghost]');
    assert.equal(definitionOf(ghost, ghost.indexOf('ghost') + 1, result), null);
  });
});

describe('referencesOf', () => {
  test('every reference in flow and block lists, quoted or not, and in accepted, plus the key', () => {
    const refs = referencesOf(SHOP, 'cache', result, true);
    assert.deepEqual(refs, [
      rangeOf(SHOP, '"cache"', 0, 1, 5),
      rangeOf(SHOP, '  cache:', 0, 2, 5),
      rangeOf(SHOP, "- 'cache'", 0, 3, 5),
      rangeOf(SHOP, 'component: cache', 0, 11),
    ]);
    assert.deepEqual(referencesOf(SHOP, 'cache', result, false), [refs[0], refs[2], refs[3]]);
    assert.deepEqual(slices(SHOP, referencesOf(SHOP, 'orders', result, true)), ['orders', 'orders', 'orders']);
  });

  test('the same references when the id also appears in comments and descriptions', () => {
    // These mentions are not references; they force the exact (parsed) reading.
    const noisy = SHOP.replace('system: shop', 'system: shop\ndescription: cache and orders # cache').replace('    kind: store', '    kind: store # cache');
    const refs = referencesOf(noisy, 'cache', null, true);
    assert.deepEqual(slices(noisy, refs), ['cache', 'cache', 'cache', 'cache']);
    assert.deepEqual(refs[0], rangeOf(noisy, '"cache"', 0, 1, 5));
    assert.deepEqual(refs[3], rangeOf(noisy, 'component: cache', 0, 11));
  });

  test('the line scan and the exact reading agree (block, one-line flow components, flow accepted entries)', () => {
    const text = `${SHOP.replace('# the cache is quoted on purpose', '# the id is quoted on purpose...')}  - { rule: dependency-bottleneck, component: 'cache', reason: r }
`.replace('\naccepted:', `  edge: { kind: stateless, dependsOn: [cache, orders], replicas: [{ host: e1 }] }\n\naccepted:`);
    // The scan alone (no other mention of the id) ...
    const fast = referencesOf(text, 'cache', null, true);
    // ... and the parse (a mention in a comment of the same length elsewhere forces it).
    const noisy = text.replace('# the id is quoted on purpose...', '# the cache is quoted on purpose');
    const exact = referencesOf(noisy, 'cache', null, true);
    assert.equal(noisy.length, text.length, 'same offsets in both texts');
    assert.deepEqual(fast, exact);
    assert.equal(fast.length, 6);
    assert.deepEqual(slices(text, fast), Array(6).fill('cache'));
  });

  test('references in styles the line scan does not read (flow components over several lines, aliases)', () => {
    const text = `redundancy: 1
system: s
components: {
  a: { kind: stateless, replicas: [{ host: h1 }] },
  b: { kind: stateless, replicas: [{ host: h2 }],
       dependsOn: &deps [a] },
  c: { kind: stateless, replicas: [{ host: h3 }], dependsOn: *deps }
}
`;
    const refs = referencesOf(text, 'a', null, true);
    assert.deepEqual(refs, [rangeOf(text, 'a:', 0, 0, 1), rangeOf(text, '[a]', 0, 1, 1)]);
  });
});

describe('rename', () => {
  test('a round trip restores the original text', () => {
    const renamed = rename(SHOP, 'cache', 'memo');
    assert.ok(!/\bcache\b/.test(renamed.replace('# the cache is quoted', '')), 'every reference renamed');
    assert.ok(renamed.includes('"memo"') && renamed.includes("- 'memo'"), 'quoted ids stay quoted');
    assert.ok(renamed.includes('# the cache is quoted on purpose'), 'comments untouched');
    const after = analyze(renamed, { today: TODAY });
    assert.deepEqual(after.model?.components.map((c) => c.id), ['api', 'orders', 'memo', 'ledger']);
    assert.equal(after.findings.filter((f) => f.rule === 'unknown-reference').length, 0);
    assert.deepEqual(after.model?.accepted.map((a) => a.component), ['memo', 'ledger']);
    assert.equal(rename(renamed, 'memo', 'cache'), SHOP);
  });

  test('from a reference, with exact edits', () => {
    const at = rangeOf(SHOP, '- orders').start + 4;
    const res = renameEdits(SHOP, at, 'events', result);
    assert.ok('edits' in res);
    assert.deepEqual(
      res.edits,
      [rangeOf(SHOP, '[orders', 0, 1), rangeOf(SHOP, '  orders:', 0, 2, 6), rangeOf(SHOP, '- orders', 0, 2)].map((r) => ({ ...r, newText: 'events' })),
    );
  });

  test('refuses an id that exists, an empty or unusable name, and a cursor not on an id', () => {
    const at = rangeOf(SHOP, '  cache:', 0, 2).start;
    for (const [name, why] of [
      ['orders', /already exists/],
      ['', /empty/],
      ['my cache', /not a usable component id/],
      ['true', /read as a boolean/],
      ['42', /read as a number/],
      ['null', /read as null/],
    ] as const) {
      const res = renameEdits(SHOP, at, name, result);
      assert.ok('error' in res, `refuses ${JSON.stringify(name)}`);
      assert.match(res.error, why);
    }
    const off = renameEdits(SHOP, SHOP.indexOf('kind: store') + 7, 'x', result);
    assert.ok('error' in off);
    assert.deepEqual(renameEdits(SHOP, at, 'cache', result), { edits: [] });
  });

  test('prepareRename names the id and its range, or null', () => {
    const key = rangeOf(SHOP, '  ledger:', 0, 2, 6);
    assert.deepEqual(prepareRename(SHOP, key.start + 1, result), { range: key, placeholder: 'ledger' });
    assert.equal(prepareRename(SHOP, SHOP.indexOf('kind: log') + 7, result), null);
  });
});

describe('documentSymbols', () => {
  const byName = (symbols: DocumentSymbolData[]) => new Map(symbols.map((s) => [s.name, s] as const));

  test('one symbol per component with kind and replica count, then accepted', () => {
    const symbols = documentSymbols(SHOP, result);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['api', 'orders', 'cache', 'ledger', 'accepted'],
    );
    const s = byName(symbols);
    assert.equal(s.get('api')?.detail, 'stateless · 3 replicas');
    assert.equal(s.get('cache')?.detail, 'store · 1 replica');
    for (const id of ['api', 'orders', 'cache', 'ledger']) {
      const sym = s.get(id);
      assert.ok(sym);
      assert.equal(sym.kind, 'component');
      assert.deepEqual(sym.selectionRange, rangeOf(SHOP, `  ${id}:`, 0, 2, id.length));
      assert.ok(sym.range.start <= sym.selectionRange.start && sym.selectionRange.end <= sym.range.end);
      for (const child of sym.children) assert.ok(sym.range.start <= child.range.start && child.range.end <= sym.range.end, `${id} child inside`);
    }
    // The component's range covers its whole body.
    const cache = s.get('cache');
    assert.ok(cache && SHOP.slice(cache.range.start, cache.range.end).includes('onPoisonPill: stop'));
    assert.deepEqual(
      s.get('orders')?.children.map((c) => [c.name, c.detail]),
      [
        ['orders-1', '1 replica'],
        ['orders-2', '1 replica'],
        ['orders-3', '1 replica'],
      ],
    );
    assert.deepEqual(s.get('api')?.children.map((c) => c.name), ['api-1 … api-3']);
    const accepted = s.get('accepted');
    assert.ok(accepted);
    assert.equal(accepted.kind, 'section');
    assert.deepEqual(accepted.children.map((c) => c.name), ['single-replica · cache', 'poison-pill-halts-all · ledger']);
  });

  test('an outline from the text alone while the YAML does not parse', () => {
    const broken = SHOP.replace('    kind: store', '    kind: [store');
    const res = analyze(broken, { today: TODAY });
    assert.equal(res.model, null);
    const symbols = documentSymbols(broken, res);
    assert.deepEqual(
      symbols.filter((s) => s.kind === 'component').map((s) => [s.name, s.detail]),
      [
        ['api', 'stateless'],
        ['orders', 'log'],
        ['cache', '[store'],
        ['ledger', 'consumer'],
      ],
    );
    const ledger = symbols.find((s) => s.name === 'ledger');
    assert.deepEqual(ledger?.selectionRange, rangeOf(broken, '  ledger:', 0, 2, 6));
    assert.ok(broken.slice(ledger.range.start, ledger.range.end).endsWith('spread: { zone: [za, zb] }'));
  });
});

describe('codeLenses', () => {
  test('one lens per component above its key, titled with its survivability line', () => {
    const lenses = codeLenses(SHOP, result);
    assert.deepEqual(
      lenses.map((l) => l.component),
      ['api', 'orders', 'cache', 'ledger'],
    );
    for (const l of lenses) {
      assert.deepEqual(l.range, rangeOf(SHOP, `  ${l.component}:`, 0, 2, l.component.length));
      assert.equal(l.title, survivalLine(result, l.component));
      assert.match(l.title, /^survives: host [✓✗?] zone [✓✗?] bad-release/);
    }
  });

  test('positions come from the text when the analysis is of an older version', () => {
    const edited = `# header\n${SHOP}`;
    const lenses = codeLenses(edited, result);
    assert.deepEqual(lenses.find((l) => l.component === 'cache')?.range, rangeOf(edited, '  cache:', 0, 2, 5));
    assert.equal(lenses.find((l) => l.component === 'cache')?.title, survivalLine(result, 'cache'));
  });

  test('no lenses without an analysed model', () => {
    assert.deepEqual(codeLenses(SHOP, { ...result, model: null }), []);
  });
});

describe('quoted ids', () => {
  test('a cursor on either quote of a quoted id still finds the component', () => {
    const text = 'redundancy: 1\nsystem: s\ncomponents:\n  "ab":\n    kind: stateless\n    replicas: [{ zone: a }]\n  c:\n    kind: stateless\n    dependsOn: ["ab"]\n    replicas: [{ zone: a }]\n';
    for (const offset of [text.indexOf('"ab"'), text.indexOf('"ab"') + 3, text.lastIndexOf('"ab"'), text.lastIndexOf('"ab"') + 4]) {
      assert.equal(componentAt(text, offset)?.id, 'ab', `offset ${offset}`);
    }
  });
});
