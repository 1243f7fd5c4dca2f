import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { hoverAt, survivalLine, type HoverInfo } from '../../src/core/hover';
import { downThroughDependencies } from '../../src/core/scenarios';
import { BEHAVIOURAL_THREATS, type AnalysisResult } from '../../src/core/types';
import { designSchema } from '../../src/core/validate';
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
      software: { strategy: waves, waves: [1, 2] }
      config: rolling
    dependsOn: [orders, "cache", ghost]

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
`;

const result = analyze(SHOP, { today: TODAY });

/** Hover with the cursor `into` characters into the `nth` occurrence of `needle` in SHOP. */
function hoverOn(needle: string, into = 1, nth = 0, text = SHOP, res: AnalysisResult = result): { hover: HoverInfo | null; at: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `fixture contains ${JSON.stringify(needle)} ${nth + 1} times`);
  }
  return { hover: hoverAt(text, at + into, res), at };
}

function md(needle: string, into = 1, nth = 0): string {
  const { hover } = hoverOn(needle, into, nth);
  assert.ok(hover, `a hover on ${needle}`);
  return hover.markdown;
}

type Schema = { [k: string]: unknown };
function schemaPath(...keys: string[]): Schema {
  let node: unknown = designSchema;
  for (const k of keys) node = (node as Schema)[k];
  return node as Schema;
}

describe('hoverAt: property keys show the schema documentation', () => {
  test('a component property (through definitions)', () => {
    const { hover, at } = hoverOn('onPoisonPill: stop', 3);
    assert.ok(hover);
    assert.equal(hover.markdown, schemaPath('definitions', 'component', 'properties', 'onPoisonPill').markdownDescription);
    assert.deepEqual(hover.range, { start: at, end: at + 'onPoisonPill'.length });
  });

  test("a property whose schema is a $ref with its own description: the property's own text", () => {
    assert.equal(md('tolerate: [host'), schemaPath('properties', 'tolerate').markdownDescription);
  });

  test('a property inside an anyOf branch (rollout { strategy, waves })', () => {
    const rolloutSpec = schemaPath('definitions', 'rolloutSpec');
    const objectBranch = (rolloutSpec.anyOf as Schema[]).find((b) => b.type === 'object') as Schema;
    const waves = (objectBranch.properties as Schema).waves as Schema;
    assert.equal(md('waves: [1, 2]'), waves.markdownDescription);
  });

  test('a top-level key and a replica field', () => {
    assert.equal(md('redundancy: 1'), schemaPath('properties', 'redundancy').markdownDescription);
    assert.equal(md('count: 3'), schemaPath('definitions', 'replica', 'properties', 'count').markdownDescription);
  });

  test("a failure-domain level on a replica: what the level means and this replica's value", () => {
    const text = md('zone: za\n        region', 2);
    assert.match(text, /failure-domain level/);
    assert.match(text, /availability zone/);
    assert.ok(text.includes('`cache-1` → `za`'), text);
  });

  test('a spread key: the level and the round-robin values', () => {
    const text = md('zone: [za, zb, zc]');
    assert.match(text, /failure-domain level/);
    assert.ok(text.includes('`api-1` → `za`, `api-2` → `zb`, `api-3` → `zc`'), text);
  });

  test('a replica key that is not a level of this design', () => {
    const source = SHOP.replace('        region: r-eu\n        version: redis@7', '        datacenter: d1\n        version: redis@7');
    const at = source.indexOf('datacenter');
    const hover = hoverAt(source, at + 2, analyze(source, { today: TODAY }));
    assert.ok(hover);
    assert.match(hover.markdown, /not a failure-domain level of this design/);
  });
});

describe('hoverAt: component ids show their survivability', () => {
  const expectedWorst = (id: string) =>
    result.scenarios.filter((s) => s.componentsDownDirectly.includes(id) || downThroughDependencies(result.model!, s.componentsDownDirectly).includes(id)).sort((a, b) => a.rank - b.rank)[0];

  test('on the key under components: kind, replicas, quorum, survivability, worst scenario', () => {
    const { hover, at } = hoverOn('  cache:', 3);
    assert.ok(hover);
    assert.deepEqual(hover.range, { start: at + 2, end: at + 2 + 'cache'.length });
    const text = hover.markdown;
    assert.ok(text.startsWith('**cache** · `store` · 1 replica · quorum 1'), text);
    const line = survivalLine(result, 'cache');
    assert.ok(line && text.includes(line));
    const worst = expectedWorst('cache');
    assert.ok(worst, 'a single replica goes down in some scenario');
    assert.ok(text.includes(`**Worst scenario:** ${worst.caption}`), text);
  });

  test('the survivability line: tolerated classes (levels smallest first), then the others marked as not tolerated', () => {
    const line = survivalLine(result, 'orders');
    assert.ok(line);
    const m = /^survives: (.*?)(?: · not tolerated: (.*))?$/.exec(line);
    assert.ok(m, line);
    const tolerated = m[1].split(' ');
    // name mark pairs, in the documented order, only the design's tolerate list
    assert.deepEqual(
      tolerated.filter((_, i) => i % 2 === 0),
      ['host', 'zone', 'bad-release', 'bad-config', 'poison-pill'],
    );
    assert.ok(tolerated.filter((_, i) => i % 2 === 1).every((mark) => ['✓', '✗', '?'].includes(mark)));
    const others = (m[2] ?? '').split(' ').filter((_, i) => i % 2 === 0);
    assert.deepEqual(others, ['rack', 'region', 'software-bug']);
    // Three brokers on three hosts with quorum 2 survive the loss of any one host.
    assert.ok(line.startsWith('survives: host ✓'), line);
    // A bad release reaches all three brokers at once (no staged rollout).
    assert.ok(line.includes('bad-release ✗'), line);
    // Marks follow the matrix.
    const ci = result.matrix.components.indexOf('orders');
    const ti = result.matrix.threats.indexOf('software-bug');
    const mark = { survives: '✓', exposed: '✗', unknown: '?' }[result.matrix.cells[ci][ti].state];
    assert.ok(line.endsWith(`software-bug ${mark}`), line);
    assert.equal(survivalLine(result, 'ghost'), null);
    assert.ok([...BEHAVIOURAL_THREATS].every((t) => line.includes(t)));
  });

  test('on references: dependsOn (quoted), consumes (block list), accepted.component', () => {
    const quoted = hoverOn('"cache"', 2);
    assert.ok(quoted.hover);
    assert.deepEqual(quoted.hover.range, { start: quoted.at + 1, end: quoted.at + 6 }, 'inside the quotes');
    assert.ok(quoted.hover.markdown.startsWith('**cache** · `store`'));
    assert.ok(md('- orders', 3).startsWith('**orders** · `log` · 3 replicas · quorum 2'));
    assert.ok(md('component: cache', 12).startsWith('**cache**'));
    const api = md('  api:', 3);
    assert.ok(api.includes('depends on `orders`, `cache`'), api);
  });

  test('an unknown reference says so', () => {
    assert.match(md('ghost]'), /No component `ghost` in this design/);
  });

  test('a component left out of the analysis (schema problem) is named as not analysed', () => {
    const source = SHOP.replace('    kind: store', '    kind: store\n    quorum: most');
    const res = analyze(source, { today: TODAY });
    const at = source.indexOf('  cache:') + 3;
    const hover = hoverAt(source, at, res);
    assert.ok(hover);
    assert.match(hover.markdown, /not analysed/);
  });
});

describe('hoverAt: values say what they mean', () => {
  test('threat classes in tolerate', () => {
    const bad = md('bad-config, poison');
    assert.match(bad, /\*\*bad-config\*\* \(threat class\)/);
    assert.match(bad, /config rollout/);
    assert.match(md('poison-pill]'), /largest version group/);
    assert.match(md('zone, bad-release'), /failure-domain level/);
  });

  test('kinds, poison-pill policies, rollout strategies, quorum keywords', () => {
    assert.match(md('kind: log', 7), /^`log`: .*event log/);
    assert.match(md('kind: consumer', 7), /consumes/);
    assert.match(md('onPoisonPill: skip', 15), /data is lost/);
    assert.match(md('config: rolling', 9), /^`rolling`: .*first wave is 1 replica.*`bad-config`/);
    assert.match(md('strategy: waves', 11), /^`waves`: .*cumulative/);
    const source = SHOP.replace('    kind: log\n', '    kind: log\n    quorum: majority\n');
    const at = source.indexOf('majority') + 2;
    const hover = hoverAt(source, at, analyze(source, { today: TODAY }));
    assert.ok(hover);
    assert.match(hover.markdown, /More than half/);
    assert.match(hover.markdown, /Here: 2 of 3 replicas/);
  });

  test('an accepted rule id links its documentation', () => {
    const text = md('rule: single-replica', 8);
    assert.match(text, /^\*\*single-replica\*\* \(warning\)/);
    assert.ok(text.includes('docs/rules/single-replica.md'));
  });

  test('a failure-domain value shows the scenario of losing it', () => {
    const text = md('k2,');
    const scenario = result.scenarios.find((s) => s.threat === 'host' && s.value === 'k2');
    assert.ok(scenario);
    assert.ok(text.includes(scenario.caption), text);
  });

  test('nothing on blanks, comments and free text', () => {
    assert.equal(hoverAt(SHOP, SHOP.indexOf('    kind: store'), result), null, 'indentation');
    const withComment = SHOP.replace('system: shop', 'system: shop # the shop');
    assert.equal(hoverAt(withComment, withComment.indexOf('the shop') + 2, result), null);
    assert.equal(hoverAt(SHOP, SHOP.indexOf('Rebuilt') + 2, result), null);
  });

  test('without an analysis: schema docs and value meanings still, components not analysed', () => {
    assert.equal(hoverAt(SHOP, SHOP.indexOf('onPoisonPill: stop') + 2, null)?.markdown, schemaPath('definitions', 'component', 'properties', 'onPoisonPill').markdownDescription);
    assert.match(hoverAt(SHOP, SHOP.indexOf('kind: log') + 7, null)?.markdown ?? '', /^`log`: /);
    assert.match(hoverAt(SHOP, SHOP.indexOf('  cache:') + 3, null)?.markdown ?? '', /^\*\*cache\*\*: not analysed yet/);
  });

  test('a hover from an analysis of an older text still finds the component by id', () => {
    const edited = `# a comment line added on top\n${SHOP}`;
    const at = edited.indexOf('  cache:') + 3;
    const hover = hoverAt(edited, at, result);
    assert.ok(hover);
    assert.deepEqual(hover.range, { start: at - 1, end: at + 4 });
    assert.ok(hover.markdown.startsWith('**cache**'));
  });
});

describe('hoverAt: shared items', () => {
  const T = SHARED_DESIGN;
  const res = analyze(T, { today: TODAY });
  const on = (needle: string, into = 1, text = T, r: AnalysisResult = res): string => {
    const at = text.indexOf(needle);
    assert.notEqual(at, -1, `fixture contains ${JSON.stringify(needle)}`);
    const h = hoverAt(text, at + into, r);
    assert.ok(h, `a hover on ${needle}`);
    return h.markdown;
  };

  test('schema documentation for shared, uses, a shared item field, component uses and accepted.shared', () => {
    assert.equal(on('shared:\n'), schemaPath('properties', 'shared').markdownDescription);
    assert.equal(on('uses: [base-image]'), schemaPath('properties', 'uses').markdownDescription);
    assert.equal(on('    uses: [edge-rules', 5), schemaPath('definitions', 'component', 'properties', 'uses').markdownDescription);
    const item = schemaPath('definitions', 'sharedItem', 'properties') as Schema;
    for (const field of ['type', 'layer', 'version', 'rollout']) {
      assert.equal(on(`    ${field}: `, 5), (item[field] as Schema).markdownDescription, field);
    }
    assert.equal(on('    shared: agent', 5), schemaPath('definitions', 'acceptedEntry', 'properties', 'shared').markdownDescription);
  });

  test('a shared key: its type, layer, version, users, first wave, what its push and its version take down', () => {
    const text = on('  base-image:', 3);
    assert.match(text, /^\*\*base-image\*\* · shared `software` · layer `os` · version `ubuntu-22\.04\.4`/);
    assert.ok(text.includes('Used by every component (3) · 9 replicas · rollout `waves`: a bad push reaches 1 of 9 replicas first.'), text);
    assert.ok(text.includes('**Its push** (`bad-release base-image`) takes no component down; `edge` degraded.'), text);
    assert.ok(text.includes('**A bug in `ubuntu-22.04.4`** (`software-bug`) takes down `edge`, `api` and `db`.'), text);
    const bug = res.scenarios.find((s) => s.threat === 'software-bug' && s.value === 'ubuntu-22.04.4')!;
    assert.ok(text.endsWith(`**Worst scenario:** ${bug.caption}`), text);

    const agent = on('"agent":', 2);
    assert.ok(agent.includes('Used by 2 components: `edge` and `api` · 6 replicas · rollout `all-at-once`: a bad push reaches all 6 replicas first.'), agent);
    const push = res.scenarios.find((s) => s.threat === 'bad-config' && s.value === 'agent')!;
    assert.ok(agent.includes('**Its push** (`bad-config agent`) takes down `edge` and `api`.'), agent);
    assert.ok(agent.endsWith(`**Worst scenario:** ${push.caption}`), agent);
  });

  test('every reference shows the same as the key', () => {
    const key = on('  edge-rules:', 3);
    assert.equal(on('[edge-rules,', 2), key);
    assert.equal(on('uses: [base-image]', 8), on('  base-image:', 3));
    assert.equal(on('- "agent"', 4), on('"agent":', 2));
    assert.equal(on('shared: agent', 9), on('"agent":', 2));
  });

  test('an unknown shared id, an unanalysed one, an unused one', () => {
    const ghost = T.replace('uses: [base-image]', 'uses: [base-image, ghost]');
    assert.equal(on('ghost]', 1, ghost, analyze(ghost, { today: TODAY })), 'No shared item `ghost` in this design (`unknown-reference`).');
    const broken = T.replace('    layer: waf-rules', '    layer: waf-rules\n    colour: red');
    assert.match(on('[edge-rules,', 2, broken, analyze(broken, { today: TODAY })), /^\*\*edge-rules\*\* \(shared\): not analysed — fix the schema problems/);
    const unused = T.replace('uses: [edge-rules, agent]', 'uses: [agent]');
    assert.match(on('  edge-rules:', 3, unused, analyze(unused, { today: TODAY })), /Used by no component \(name it in a `uses` list\): its push takes nothing down\.$/);
  });

  test('values under a shared item: type, rollout strategy, version', () => {
    assert.match(on('type: software', 7), /^`type: software`: An OS image/);
    assert.match(on('rollout: all-at-once', 10), /^`all-at-once`: .*counted over every replica of every component that uses it\.$/);
    assert.match(on('strategy: waves', 11), /^`waves`: /);
    const bug = res.scenarios.find((s) => s.threat === 'software-bug' && s.value === 'ubuntu-22.04.4')!;
    assert.equal(on('version: ubuntu', 10), `**version ubuntu-22.04.4**: ${bug.caption}`);
  });

  test('a component hover names the shared items it uses', () => {
    assert.ok(on('  edge:', 3).includes('uses shared `base-image`, `edge-rules` and `agent`'), on('  edge:', 3));
  });
});
