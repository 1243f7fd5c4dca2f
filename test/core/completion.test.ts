import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { completionsAt, type CompletionList } from '../../src/core/completion';
import { pathAt, siblingEntries, type CursorContext } from '../../src/core/cursor';
import { RULE_IDS } from '../../src/core/types';
import { SHARED_DESIGN } from '../helpers/sharedDesign';

const TODAY = '2026-11-26';

const SHOP = `redundancy: 1
system: shop
failureDomains: [region, zone, rack, host]
tolerate: [host, zone, bad-release, bad-config, poison-pill]

components:
  api:
    kind: stateless
    replicas:
      - count: 3
        spread: { zone: [za, zb, zc] }
        region: r-eu
        version: api@1
        config: api-cfg@1
    rollout:
      software: rolling
      config: rolling
    dependsOn: [orders, "cache"]   # the cache is quoted on purpose

  orders:
    kind: log
    replicas:
      - { host: k1, zone: za, region: r-eu, version: kafka@3, config: b@1 }
      - { host: k2, zone: zb, region: r-eu, version: kafka@3, config: b@1 }
      - { host: k3, zone: zc, region: r-eu, version: kafka@3, config: b@1 }

  cache:
    kind: store
    replicas:
      - host: c1
        zone: za
        region: r-eu
        version: redis@7
    onPoisonPill: stop

  ledger:
    kind: consumer
    consumes:
      - orders
    dependsOn:
      - 'cache'
    onPoisonPill: skip
    replicas:
      - count: 2
        spread: { zone: [za, zb] }
        region: r-eu
        version: ledger@2
        config: ledger-cfg@1

accepted:
  - rule: single-replica
    component: cache
    reason: Rebuilt from the database in seconds.
  - { rule: poison-pill-data-loss, component: ledger, reason: Replayed nightly. }
`;

const CURSOR = '‸';

/** `source` with one cursor mark: the text without it and the mark's offset. */
function marked(source: string): { text: string; offset: number } {
  const offset = source.indexOf(CURSOR);
  assert.notEqual(offset, -1, 'fixture has a cursor mark');
  assert.equal(source.indexOf(CURSOR, offset + 1), -1, 'fixture has one cursor mark');
  return { text: source.slice(0, offset) + source.slice(offset + 1), offset };
}

/** SHOP with `find` replaced by `replace` (which carries the cursor mark). */
function shopWith(find: string, replace: string): { text: string; offset: number } {
  assert.ok(SHOP.includes(find), `fixture contains ${JSON.stringify(find)}`);
  return marked(SHOP.replace(find, replace));
}

function ctxOf(source: string): { ctx: CursorContext; text: string; offset: number } {
  const { text, offset } = marked(source);
  const ctx = pathAt(text, offset);
  assert.ok(ctx, 'a cursor context');
  return { ctx, text, offset };
}

function labels(list: CompletionList): string[] {
  return list.items.map((i) => i.label);
}

function item(list: CompletionList, label: string) {
  const found = list.items.find((i) => i.label === label);
  assert.ok(found, `completion ${label} offered (got ${labels(list).join(', ')})`);
  return found;
}

const shopResult = analyze(SHOP, { today: TODAY });

/** Completions at the mark in SHOP-with-an-edit, analysed with the unedited SHOP (as while typing). */
function complete(find: string, replace: string): { list: CompletionList; text: string; offset: number } {
  const { text, offset } = shopWith(find, replace);
  return { list: completionsAt(text, offset, shopResult), text, offset };
}

describe('pathAt', () => {
  test('a block map value: path to the value, the whole word and its range', () => {
    const { ctx, text, offset } = ctxOf(SHOP.replace('kind: store', `kind: st${CURSOR}ore`));
    assert.deepEqual(ctx.path, ['components', 'cache', 'kind']);
    assert.equal(ctx.role, 'value');
    assert.equal(ctx.key, 'kind');
    assert.equal(ctx.word, 'store');
    assert.equal(ctx.prefix, 'st');
    const start = text.indexOf('store');
    assert.deepEqual(ctx.replace, { start, end: start + 'store'.length });
    assert.equal(offset, start + 2);
    assert.equal(ctx.flow, false);
  });

  test('a block map key: the path of its map', () => {
    const { ctx, text } = ctxOf(SHOP.replace('    onPoisonPill: stop', `    onPoi${CURSOR}sonPill: stop`));
    assert.deepEqual(ctx.path, ['components', 'cache']);
    assert.equal(ctx.role, 'key');
    assert.equal(ctx.word, 'onPoisonPill');
    assert.equal(ctx.prefix, 'onPoi');
    const start = text.indexOf('onPoisonPill: stop');
    assert.deepEqual(ctx.replace, { start, end: start + 'onPoisonPill'.length });
  });

  test('a list of maps: item indexes count earlier items, across blank and comment lines', () => {
    const source = SHOP.replace('      - { host: k2', '\n      # the second broker\n\n      - { host: k2').replace('{ host: k3, zone: zc', `{ host: k3, zone: z${CURSOR}c`);
    const { ctx, text } = ctxOf(source);
    assert.deepEqual(ctx.path, ['components', 'orders', 'replicas', 2, 'zone']);
    assert.equal(ctx.role, 'value');
    assert.equal(ctx.flow, true);
    assert.equal(ctx.word, 'zc');
    const start = text.indexOf('zc, region');
    assert.deepEqual(ctx.replace, { start, end: start + 2 });
  });

  test('a key on the first line of a list item and on its continuation lines', () => {
    let r = ctxOf(SHOP.replace('      - host: c1', `      - ho${CURSOR}st: c1`));
    assert.deepEqual(r.ctx.path, ['components', 'cache', 'replicas', 0]);
    assert.equal(r.ctx.role, 'key');
    assert.equal(r.ctx.word, 'host');
    r = ctxOf(SHOP.replace('        version: redis@7', `        version: redis${CURSOR}@7`));
    assert.deepEqual(r.ctx.path, ['components', 'cache', 'replicas', 0, 'version']);
    assert.equal(r.ctx.word, 'redis@7');
  });

  test('a flow list inside a flow map', () => {
    const { ctx, text } = ctxOf(SHOP.replace('{ zone: [za, zb, zc] }', `{ zone: [za, z${CURSOR}b, zc] }`));
    assert.deepEqual(ctx.path, ['components', 'api', 'replicas', 0, 'spread', 'zone', 1]);
    assert.equal(ctx.key, 'zone');
    const start = text.indexOf('zb, zc] }');
    assert.deepEqual(ctx.replace, { start, end: start + 2 });
    assert.deepEqual(siblingEntries(text, start + 1, ctx.container, 'items'), ['za', 'zc']);
  });

  test('a key in a flow map, and the other keys of that map', () => {
    const { ctx, text, offset } = ctxOf(SHOP.replace('{ host: k1, zone: za', `{ host: k1, zo${CURSOR}ne: za`));
    assert.deepEqual(ctx.path, ['components', 'orders', 'replicas', 0]);
    assert.equal(ctx.role, 'key');
    assert.equal(ctx.word, 'zone');
    assert.deepEqual(siblingEntries(text, offset, ctx.container, 'keys'), ['host', 'region', 'version', 'config']);
  });

  test('a flow list of ids, quoted and plain', () => {
    let r = ctxOf(SHOP.replace('[orders, "cache"]', `[orders, "ca${CURSOR}che"]`));
    assert.deepEqual(r.ctx.path, ['components', 'api', 'dependsOn', 1]);
    assert.equal(r.ctx.quote, '"');
    assert.equal(r.ctx.word, 'cache');
    assert.equal(r.ctx.prefix, 'ca');
    const inner = r.text.indexOf('cache"]');
    assert.deepEqual(r.ctx.replace, { start: inner, end: inner + 5 });
    r = ctxOf(SHOP.replace('[orders, "cache"]', `[orders, "cache", ${CURSOR}]`));
    assert.deepEqual(r.ctx.path, ['components', 'api', 'dependsOn', 2]);
    assert.equal(r.ctx.word, '');
    assert.deepEqual(r.ctx.replace, { start: r.offset, end: r.offset });
  });

  test('on the blank after a comma, or between `-` and its item: on no word', () => {
    const r = ctxOf(SHOP.replace('[orders, "cache"]', `[orders,${CURSOR} "cache"]`));
    assert.deepEqual(r.ctx.path, ['components', 'api', 'dependsOn', 1]);
    assert.equal(r.ctx.word, '');
    assert.deepEqual(r.ctx.replace, { start: r.offset, end: r.offset });
    const { text, offset } = marked(SHOP.replace('      - count: 3', `      -${CURSOR} count: 3`));
    assert.equal(pathAt(text, offset), null);
    assert.deepEqual(completionsAt(text, offset, shopResult).items, []);
  });

  test('a block list item, single-quoted', () => {
    const { ctx, text } = ctxOf(SHOP.replace("      - 'cache'", `      - 'c${CURSOR}ache'`));
    assert.deepEqual(ctx.path, ['components', 'ledger', 'dependsOn', 0]);
    assert.equal(ctx.quote, "'");
    assert.equal(ctx.word, 'cache');
    const inner = text.indexOf("cache'\n    onPoisonPill: skip");
    assert.deepEqual(ctx.replace, { start: inner, end: inner + 5 });
  });

  test('no context inside a comment, a block scalar or after a closed flow list', () => {
    let { text, offset } = marked(SHOP.replace('# the cache is quoted', `# the ca${CURSOR}che is quoted`));
    assert.equal(pathAt(text, offset), null);
    ({ text, offset } = marked(SHOP.replace('    kind: store', `    description: |\n      a cache in front of the data${CURSOR}base\n    kind: store`)));
    assert.equal(pathAt(text, offset), null);
    ({ text, offset } = marked(SHOP.replace('[orders, "cache"]', `[orders, "cache"] ${CURSOR}`)));
    assert.equal(pathAt(text, offset), null);
  });

  test('CRLF line ends give the same paths and ranges as LF', () => {
    const lf = marked(SHOP.replace('version: redis@7', `version: red${CURSOR}is@7`));
    const crlfSource = SHOP.replace(/\n/g, '\r\n').replace('version: redis@7', `version: red${CURSOR}is@7`);
    const crlf = marked(crlfSource);
    const a = pathAt(lf.text, lf.offset);
    const b = pathAt(crlf.text, crlf.offset);
    assert.ok(a && b);
    assert.deepEqual(b.path, a.path);
    assert.equal(b.word, 'redis@7');
    const start = crlf.text.indexOf('redis@7');
    assert.deepEqual(b.replace, { start, end: start + 7 });
    // At the end of a CRLF line, before the "\r".
    const eol = crlf.text.indexOf('kind: store') + 'kind: store'.length;
    assert.equal(crlf.text[eol], '\r');
    assert.deepEqual(pathAt(crlf.text, eol)?.path, ['components', 'cache', 'kind']);
  });

  test('the cursor at the very end of the file, with no final newline', () => {
    const { ctx } = ctxOf(`${SHOP}  - rule: unknown-placement\n    component: le${CURSOR}`);
    assert.deepEqual(ctx.path, ['accepted', 2, 'component']);
    assert.equal(ctx.word, 'le');
  });

  test('an empty line under a key: a new entry of the map, or of the list under it', () => {
    let r = ctxOf(SHOP.replace('    onPoisonPill: stop\n', `    onPoisonPill: stop\n    ${CURSOR}\n`));
    assert.deepEqual(r.ctx.path, ['components', 'cache']);
    assert.equal(r.ctx.role, 'key');
    assert.equal(r.ctx.bare, true);
    assert.deepEqual(siblingEntries(r.text, r.offset, r.ctx.container, 'keys').sort(), ['kind', 'onPoisonPill', 'replicas']);
    // Deeper than a key with no value: inside that key.
    r = ctxOf(SHOP.replace('    onPoisonPill: stop\n', `    onPoisonPill: stop\n    rollout:\n      ${CURSOR}\n`));
    assert.deepEqual(r.ctx.path, ['components', 'cache', 'rollout']);
    assert.equal(r.ctx.role, 'key');
    // At the column of list items: the next item.
    r = ctxOf(SHOP.replace("      - 'cache'\n", `      - 'cache'\n      ${CURSOR}\n`));
    assert.deepEqual(r.ctx.path, ['components', 'ledger', 'dependsOn', 1]);
    assert.equal(r.ctx.role, 'value');
    assert.equal(r.ctx.bare, true);
    // Compact lists (`key:` then `- item` at the key's column).
    r = ctxOf(`failureDomains:\n- region\n- zone\n${CURSOR}`);
    assert.deepEqual(r.ctx.path, ['failureDomains', 2]);
    // At the left margin: a top-level key.
    r = ctxOf(SHOP.replace('\naccepted:', `\n${CURSOR}\naccepted:`));
    assert.deepEqual(r.ctx.path, []);
    assert.equal(r.ctx.role, 'key');
  });

  test('a flow list spread over several lines', () => {
    const { ctx } = ctxOf(SHOP.replace('[orders, "cache"]', `[\n      orders,\n      "cache",\n      le${CURSOR}\n    ]`));
    assert.deepEqual(ctx.path, ['components', 'api', 'dependsOn', 2]);
    assert.equal(ctx.word, 'le');
    assert.equal(ctx.flow, true);
  });

  test('a half-typed document: a key without its colon, an unclosed list above', () => {
    const source = SHOP.replace('    kind: store', '    kind store\n    dependsOn: [orders,').replace('        region: r-eu\n        version: redis@7', `        region: r-eu\n        ver${CURSOR}`);
    const { ctx } = ctxOf(source);
    assert.deepEqual(ctx.path, ['components', 'cache', 'replicas', 0]);
    assert.equal(ctx.role, 'key');
    assert.equal(ctx.word, 'ver');
  });

  test('an empty document: a top-level key', () => {
    const ctx = pathAt('', 0);
    assert.ok(ctx);
    assert.deepEqual(ctx.path, []);
    assert.equal(ctx.role, 'key');
    assert.equal(ctx.bare, true);
  });
});

describe('completionsAt', () => {
  test('keys of a component: the schema properties not yet written, as `key: `', () => {
    const { list, offset } = complete('    onPoisonPill: stop\n', `    onPoisonPill: stop\n    ${CURSOR}\n`);
    const got = labels(list);
    for (const k of ['quorum', 'rollout', 'dependsOn', 'consumes', 'tolerate', 'description']) assert.ok(got.includes(k), `offers ${k}`);
    for (const k of ['kind', 'replicas', 'onPoisonPill']) assert.ok(!got.includes(k), `does not offer ${k}, already written`);
    assert.equal(item(list, 'quorum').insertText, 'quorum: ');
    assert.equal(item(list, 'quorum').kind, 'property');
    assert.ok(item(list, 'quorum').documentation?.includes('healthy replicas'));
    assert.deepEqual(list.replace, { start: offset, end: offset });
  });

  test("keys of a replica: its fields and the design's own failure-domain levels", () => {
    const { list, text } = complete('        region: r-eu\n        version: redis@7', `        region: r-eu\n        ra${CURSOR}\n        version: redis@7`);
    const got = labels(list);
    for (const k of ['rack', 'count', 'spread', 'id', 'config']) assert.ok(got.includes(k), `offers ${k}`);
    for (const k of ['host', 'zone', 'region', 'version']) assert.ok(!got.includes(k), `does not offer ${k}, already written`);
    const start = text.indexOf('ra\n');
    assert.deepEqual(list.replace, { start, end: start + 2 });

    const custom = marked(`redundancy: 1\nsystem: s\nfailureDomains: [dc, host]\ncomponents:\n  a:\n    kind: stateless\n    replicas:\n      - host: h1\n        ${CURSOR}\n`);
    const levels = labels(completionsAt(custom.text, custom.offset, analyze(custom.text, { today: TODAY })));
    assert.ok(levels.includes('dc'));
    assert.ok(!levels.includes('zone'), 'zone is not a level of this design');
    assert.ok(!levels.includes('host'));
  });

  test('on an existing key, only the name is replaced (its colon stays)', () => {
    const { list, text } = complete('    onPoisonPill: stop', `    onPoi${CURSOR}sonPill: stop`);
    assert.equal(item(list, 'quorum').insertText, 'quorum');
    const start = text.indexOf('onPoisonPill: stop');
    assert.deepEqual(list.replace, { start, end: start + 'onPoisonPill'.length });
  });

  test('enum values: kind, onPoisonPill, rollout strategies, quorum keywords, redundancy', () => {
    let r = complete('kind: store', `kind: ${CURSOR}store`);
    assert.deepEqual(labels(r.list), ['stateless', 'state-machine', 'primary-backup', 'log', 'consumer', 'store']);
    assert.ok(item(r.list, 'log').documentation?.includes('event log'));
    r = complete('onPoisonPill: skip', `onPoisonPill: ${CURSOR}`);
    assert.deepEqual(labels(r.list), ['stop', 'skip', 'dead-letter']);
    r = complete('      software: rolling', `      software: { strategy: ${CURSOR} }`);
    assert.deepEqual(labels(r.list), ['all-at-once', 'rolling', 'canary', 'waves']);
    r = complete('      config: rolling', `      config: ${CURSOR}`);
    assert.deepEqual(labels(r.list), ['all-at-once', 'rolling', 'canary']);
    r = complete('    kind: log\n', `    kind: log\n    quorum: ${CURSOR}\n`);
    assert.deepEqual(labels(r.list), ['majority', 'all']);
    r = complete('redundancy: 1', `redundancy: ${CURSOR}`);
    assert.deepEqual(labels(r.list), ['1']);
  });

  test('a value typed right after the colon gets a space', () => {
    const { list } = complete('kind: store', `kind:${CURSOR}`);
    assert.equal(item(list, 'store').insertText, ' store');
  });

  test('component ids in dependsOn: not the component itself, not those already listed', () => {
    const { list } = complete('[orders, "cache"]', `[orders, "cache", ${CURSOR}]`);
    assert.deepEqual(labels(list), ['ledger']);
    const ledger = item(list, 'ledger');
    assert.equal(ledger.kind, 'component');
    assert.equal(ledger.detail, 'consumer · 2 replicas');
    assert.equal(ledger.insertText, 'ledger');
    assert.ok(ledger.documentation?.startsWith('survives: '));
  });

  test('component ids in consumes (block list) and in accepted.component', () => {
    let r = complete('      - orders\n    dependsOn:', `      - orders\n      - ${CURSOR}\n    dependsOn:`);
    assert.deepEqual(labels(r.list), ['api', 'cache']);
    r = complete('    component: cache', `    component: ${CURSOR}`);
    assert.deepEqual(labels(r.list), ['api', 'orders', 'cache', 'ledger']);
  });

  test('a new list item on an empty line under a list key inserts `- id`', () => {
    const { list } = complete("    dependsOn:\n      - 'cache'", `    dependsOn:\n      - 'cache'\n      ${CURSOR}`);
    assert.deepEqual(labels(list), ['api', 'orders']);
    assert.equal(item(list, 'orders').insertText, '- orders');
  });

  test('failure-domain values already written for that level', () => {
    let r = complete('        zone: za\n        region: r-eu\n        version: redis@7', `        zone: ${CURSOR}\n        region: r-eu\n        version: redis@7`);
    assert.deepEqual(labels(r.list), ['za', 'zb', 'zc']);
    assert.equal(item(r.list, 'za').kind, 'domain-value');
    r = complete('{ zone: [za, zb] }', `{ zone: [za, ${CURSOR}] }`);
    assert.deepEqual(labels(r.list), ['zb', 'zc'], 'a spread list does not repeat its own values');
    r = complete('{ host: k1,', `{ host: ${CURSOR},`);
    assert.deepEqual(labels(r.list), ['k2', 'k3', 'c1']);
  });

  test('rule ids in accepted.rule', () => {
    const { list } = complete('  - rule: single-replica', `  - rule: ${CURSOR}`);
    const expected = RULE_IDS.filter((r) => r !== 'schema' && r !== 'yaml-syntax');
    assert.deepEqual(labels(list), [...expected]);
    const single = item(list, 'single-replica');
    assert.equal(single.kind, 'rule');
    assert.ok(single.documentation?.includes('docs/rules/single-replica.md'));
  });

  test('threat classes in tolerate and frequencyOrder: levels and behavioural classes not yet listed', () => {
    let r = complete('tolerate: [host, zone, bad-release, bad-config, poison-pill]', `tolerate: [host, zone, ${CURSOR}]`);
    assert.deepEqual(labels(r.list), ['region', 'rack', 'bad-release', 'bad-config', 'software-bug', 'poison-pill']);
    assert.equal(item(r.list, 'software-bug').kind, 'threat');
    r = complete('tolerate: [host', `frequencyOrder:\n  - ${CURSOR}\ntolerate: [host`);
    assert.ok(labels(r.list).includes('host') && labels(r.list).includes('poison-pill'));
  });

  test('keys of a replica list item typed after `- `', () => {
    const { list } = complete('      - host: c1', `      - ${CURSOR}\n      - host: c1`);
    assert.ok(labels(list).includes('count'));
    assert.ok(labels(list).includes('zone'));
    assert.equal(item(list, 'count').insertText, 'count: ');
  });

  test('a new component under components is a snippet', () => {
    const { list } = complete('\n  orders:', `\n  ${CURSOR}\n  orders:`);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].kind, 'snippet');
    assert.ok(list.items[0].insertText.includes('${1:id}:'));
  });

  test('top-level keys not yet written', () => {
    const { list } = complete('\naccepted:', `\n${CURSOR}\naccepted:`);
    assert.deepEqual(labels(list).sort(), ['description', 'frequencyOrder', 'shared', 'uses']);
  });

  test('works on text that does not parse, without an analysis', () => {
    const { text, offset } = shopWith('[orders, "cache"]', `[orders, "cache", ${CURSOR}`);
    const broken = analyze(text, { today: TODAY });
    assert.equal(broken.model, null, 'the fixture is broken YAML');
    const list = completionsAt(text, offset, broken);
    assert.deepEqual(labels(list), ['ledger']);
    assert.deepEqual(labels(completionsAt(text, offset, null)), ['ledger']);
  });

  test('nothing inside a comment', () => {
    const { list } = complete('# the cache is quoted', `# the ${CURSOR}cache is quoted`);
    assert.deepEqual(list.items, []);
  });
});

describe('completionsAt: shared ids', () => {
  const T = SHARED_DESIGN;
  const res = analyze(T, { today: TODAY });
  const at = (find: string, replace: string) => {
    assert.ok(T.includes(find), `fixture contains ${JSON.stringify(find)}`);
    const { text, offset } = marked(T.replace(find, replace));
    return completionsAt(text, offset, res);
  };

  test('in a component flow uses list: the shared ids not yet in it nor in the top-level uses, with type, layer and what a push takes down', () => {
    const list = at('uses: [edge-rules, agent]', `uses: [edge-rules, ${CURSOR}]`);
    assert.deepEqual(labels(list), ['agent'], 'base-image is in the top-level uses: every component uses it already');
    const agent = item(list, 'agent');
    assert.equal(agent.kind, 'shared');
    assert.equal(agent.detail, 'shared config · agent-content');
    assert.equal(agent.documentation, 'push takes down 2 of 3 components; rollout `all-at-once`: a bad push reaches all 6 replicas first.');
    const top = at('uses: [base-image]', `uses: [${CURSOR}]`);
    assert.equal(item(top, 'base-image').detail, 'shared software · os · ubuntu-22.04.4');
  });

  test('in a block uses list, a top-level uses list and accepted.shared', () => {
    const block = at('      - "agent"\n', `      - "agent"\n      - ${CURSOR}\n`);
    assert.deepEqual(labels(block), ['edge-rules']);
    assert.deepEqual(labels(at('uses: [base-image]', `uses: [base-image, ${CURSOR}]`)), ['edge-rules', 'agent']);
    const typed = at('uses: [base-image]', `uses: [ed${CURSOR}]`);
    assert.ok(labels(typed).includes('edge-rules') && labels(typed).includes('base-image'), 'the typed word is replaced, not counted as present');
    assert.deepEqual(typed.replace, { start: T.indexOf('[base-image]') + 1, end: T.indexOf('[base-image]') + 3 });
    assert.deepEqual(labels(at('shared: agent', `shared: ${CURSOR}`)), ['base-image', 'edge-rules', 'agent']);
  });

  test('from the text alone while it does not parse, and items written after the analysis', () => {
    const list = at('uses: [edge-rules, agent]', `uses: [edge-rules, ${CURSOR}]\n    kind: [broken`);
    assert.deepEqual(labels(list), ['agent']);
    const added = T.replace('shared:\n', 'shared:\n  runtime:\n    type: software\n');
    const { text, offset } = marked(added.replace('uses: [base-image]', `uses: [base-image, ${CURSOR}]`));
    const fresh = completionsAt(text, offset, res);
    assert.deepEqual(labels(fresh), ['runtime', 'edge-rules', 'agent']);
    assert.equal(item(fresh, 'runtime').detail, 'shared software', 'known from the text only');
  });

  test('component ids are not offered in uses, nor shared ids in dependsOn', () => {
    assert.ok(!labels(at('uses: [edge-rules, agent]', `uses: [edge-rules, ${CURSOR}]`)).includes('api'));
    const deps = labels(at('dependsOn: [api]', `dependsOn: [${CURSOR}]`));
    assert.deepEqual(deps, ['api', 'db']);
  });
});
