import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { applyEdits } from '../../src/core/edits';
import { survivalLine } from '../../src/core/hover';
import { codeLenses, componentAt, definitionOf, documentSymbols, prepareRename, referencesOf, renameEdits, type DocumentSymbolData } from '../../src/core/navigation';
import type { OffsetRange, TextEdit } from '../../src/core/types';
import { SHARED_DESIGN } from '../helpers/sharedDesign';

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
    assert.deepEqual(componentAt(SHOP, key.start + 2, result), { id: 'cache', range: key, declaration: true, namespace: 'component' });
    const quoted = rangeOf(SHOP, '"cache"', 0, 1, 5);
    assert.deepEqual(componentAt(SHOP, quoted.start, result), { id: 'cache', range: quoted, declaration: false, namespace: 'component' });
    const block = rangeOf(SHOP, "- 'cache'", 0, 3, 5);
    assert.deepEqual(componentAt(SHOP, block.end, result), { id: 'cache', range: block, declaration: false, namespace: 'component' });
    const accepted = rangeOf(SHOP, 'component: ledger', 0, 11);
    assert.deepEqual(componentAt(SHOP, accepted.start + 1, result), { id: 'ledger', range: accepted, declaration: false, namespace: 'component' });
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
    assert.deepEqual(refs, [rangeOf(SHOP, '"cache"', 0, 1, 5), rangeOf(SHOP, '  cache:', 0, 2, 5), rangeOf(SHOP, "- 'cache'", 0, 3, 5), rangeOf(SHOP, 'component: cache', 0, 11)]);
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
    assert.deepEqual(
      after.model?.components.map((c) => c.id),
      ['api', 'orders', 'memo', 'ledger'],
    );
    assert.equal(after.findings.filter((f) => f.rule === 'unknown-reference').length, 0);
    assert.deepEqual(
      after.model?.accepted.map((a) => a.component),
      ['memo', 'ledger'],
    );
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
    assert.deepEqual(
      s.get('api')?.children.map((c) => c.name),
      ['api-1 … api-3'],
    );
    const accepted = s.get('accepted');
    assert.ok(accepted);
    assert.equal(accepted.kind, 'section');
    assert.deepEqual(
      accepted.children.map((c) => c.name),
      ['single-replica · cache', 'poison-pill-halts-all · ledger'],
    );
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

describe('shared ids: navigated like component ids', () => {
  const T = SHARED_DESIGN;
  const res = analyze(T, { today: TODAY });
  const agentKey = rangeOf(T, '"agent":', 0, 1, 5);

  test('on a key under shared, in top-level and component uses, and in accepted.shared', () => {
    assert.deepEqual(componentAt(T, agentKey.start + 1, res), { id: 'agent', range: agentKey, declaration: true, namespace: 'shared' });
    const top = rangeOf(T, '[base-image]', 0, 1, 10);
    assert.deepEqual(componentAt(T, top.start, res), { id: 'base-image', range: top, declaration: false, namespace: 'shared' });
    const flow = rangeOf(T, 'edge-rules, agent]', 0, 12, 5);
    assert.deepEqual(componentAt(T, flow.end, res), { id: 'agent', range: flow, declaration: false, namespace: 'shared' });
    const block = rangeOf(T, '- "agent"', 0, 3, 5);
    assert.deepEqual(componentAt(T, block.start + 2, res), { id: 'agent', range: block, declaration: false, namespace: 'shared' });
    const accepted = rangeOf(T, 'shared: agent', 0, 8);
    assert.deepEqual(componentAt(T, accepted.start, res), { id: 'agent', range: accepted, declaration: false, namespace: 'shared' });
    assert.equal(componentAt(T, T.indexOf('layer: os') + 8, res), null, 'a shared item field value is no id');
    assert.equal(componentAt(T, T.indexOf('type: software') + 2, res), null, 'a shared item field key is no id');
  });

  test('definition of every reference is the key under shared', () => {
    for (const [needle, skip] of [
      ['edge-rules, agent]', 13],
      ['- "agent"', 4],
      ['shared: agent', 9],
    ] as const) {
      assert.deepEqual(definitionOf(T, T.indexOf(needle) + skip, res), agentKey, needle);
    }
    assert.deepEqual(definitionOf(T, T.indexOf('[base-image]') + 3, res), rangeOf(T, '  base-image:', 0, 2, 10));
  });

  test('references: the key, every uses entry and accepted.shared, in text order; the line scan and the YAML reading agree', () => {
    const refs = referencesOf(T, 'agent', res, true, 'shared');
    assert.deepEqual(refs, [agentKey, rangeOf(T, 'edge-rules, agent]', 0, 12, 5), rangeOf(T, '- "agent"', 0, 3, 5), rangeOf(T, 'shared: agent', 0, 8)]);
    assert.deepEqual(referencesOf(T, 'agent', res, false, 'shared'), refs.slice(1));
    // A comment naming the id makes the fast line scan give way to the exact YAML reading: same ranges.
    const commented = T.replace('system: storefront', 'system: storefront # agent and base-image everywhere');
    const shift = commented.length - T.length;
    assert.deepEqual(
      referencesOf(commented, 'agent', null, true, 'shared'),
      refs.map((r) => ({ start: r.start + shift, end: r.end + shift })),
    );
    // The component namespace does not see shared ids, nor the shared namespace component ids.
    assert.deepEqual(referencesOf(T, 'agent', res, true, 'component'), []);
    assert.deepEqual(referencesOf(T, 'api', res, true, 'shared'), []);
  });

  test('references the line scan cannot read: a flow shared map over several lines, aliases in uses', () => {
    const flow = T.replace(
      /shared:\n[\s\S]*?\nuses: \[base-image\]/,
      'shared: {\n  base-image: { type: software },\n  edge-rules: { type: config },\n  agent: { type: config } }\nuses: &all [base-image]',
    );
    const refs = referencesOf(flow, 'agent', null, true, 'shared');
    assert.equal(refs.length, 4);
    for (const r of refs) assert.equal(flow.slice(r.start, r.end), 'agent');
    assert.deepEqual(definitionOf(flow, flow.indexOf('shared: agent') + 9, null), refs[0]);
  });

  test('rename changes the key and every reference, keeps quotes, and round-trips', () => {
    const r = renameEdits(T, agentKey.start + 2, 'sensor', res);
    assert.ok('edits' in r, 'error' in r ? r.error : '');
    const renamed = applyEdits(T, r.edits);
    assert.ok(renamed.includes('  "sensor":') && renamed.includes('uses: [edge-rules, sensor]') && renamed.includes('- "sensor"') && renamed.includes('shared: sensor'));
    assert.ok(!/\bagent\b/.test(renamed.replace('layer: agent-content', '').replace('The agent vendor', '')), 'every reference renamed');
    const after = analyze(renamed, { today: TODAY });
    assert.deepEqual(after.model?.shared.find((s) => s.id === 'sensor')?.usedBy, ['edge', 'api']);
    assert.equal(after.findings.find((f) => f.rule === 'shared-push' && f.data.shared === 'sensor')?.accepted, true, 'the accepted entry still matches');
    const back = renameEdits(renamed, renamed.indexOf('- "sensor"') + 4, 'agent', after);
    assert.ok('edits' in back);
    assert.equal(applyEdits(renamed, back.edits), T);
  });

  test('rename refuses an existing shared or component id, and component renames refuse shared ids', () => {
    const at = agentKey.start + 1;
    for (const [name, why] of [
      ['edge-rules', /A shared item named "edge-rules" already exists/],
      ['api', /A component is named "api"; a shared id must differ from every component id/],
      ['my agent', /not a usable shared id/],
      ['', /empty/],
    ] as const) {
      const r = renameEdits(T, at, name, res);
      assert.ok('error' in r, `refuses ${JSON.stringify(name)}`);
      assert.match(r.error, why);
    }
    const comp = renameEdits(T, rangeOf(T, '  db:', 0, 2).start + 1, 'base-image', res);
    assert.ok('error' in comp);
    assert.match(comp.error, /A shared item is named "base-image"/);
    assert.deepEqual(prepareRename(T, agentKey.start, res), { range: agentKey, placeholder: 'agent' });
  });

  test('the outline lists each shared item with its type, layer and users', () => {
    const symbols = documentSymbols(T, res);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [
        ['base-image', 'shared'],
        ['edge-rules', 'shared'],
        ['agent', 'shared'],
        ['edge', 'component'],
        ['api', 'component'],
        ['db', 'component'],
        ['accepted', 'section'],
      ],
    );
    const agent = symbols.find((s) => s.name === 'agent')!;
    assert.equal(agent.detail, 'config · agent-content · used by 2 components');
    assert.deepEqual(agent.selectionRange, agentKey);
    assert.ok(T.slice(agent.range.start, agent.range.end).endsWith('layer: agent-content'));
    assert.deepEqual(
      symbols.find((s) => s.name === 'accepted')!.children.map((c) => c.name),
      ['shared-push · agent'],
    );
  });

  test('a lens above each shared item says what its push takes down and its first wave', () => {
    const lenses = codeLenses(T, res).filter((l) => l.shared !== undefined);
    assert.deepEqual(
      lenses.map((l) => [l.shared, l.title]),
      [
        ['base-image', 'push takes nothing down (1 component degraded) · rollout waves: a bad push reaches 1 of 9 replicas first'],
        ['edge-rules', 'push takes down 1 of 3 components · rollout all-at-once: a bad push reaches all 3 replicas first'],
        ['agent', 'push takes down 2 of 3 components · rollout all-at-once: a bad push reaches all 6 replicas first'],
      ],
    );
    assert.deepEqual(lenses[2].range, rangeOf(T, '"agent":', 0, 0, 7), 'the key as the model has it, quotes included');
    const edgeRules = res.scenarios.find((s) => s.threat === 'bad-config' && s.value === 'edge-rules');
    assert.equal(edgeRules?.blastRadius, 1, 'the lens count is the scenario’s blast radius');
  });
});
