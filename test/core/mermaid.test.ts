import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDiagram, describeFolding, MERMAID_LIMITS, mermaidLabel, toMermaid, truncateLabel } from '../../src/core/mermaid';
import { analyze } from '../../src/core/analyze';
import type { AnalysisResult, ComponentModel, DesignModel, ReplicaModel, ScenarioOutcome, SharedModel } from '../../src/core/types';
import { SHARED_DESIGN } from '../helpers/sharedDesign';

function replica(component: string, n: number, placement: Record<string, string>, version: string | null = null, config: string | null = null): ReplicaModel {
  return { id: `${component}-${n}`, component, placement, version, config, range: { start: 0, end: 1 }, item: 0 };
}

function component(id: string, replicas: ReplicaModel[], extra: Partial<ComponentModel> = {}): ComponentModel {
  const rollout = { strategy: 'all-at-once' as const, firstWave: replicas.length, staged: false };
  return {
    id,
    kind: 'stateless',
    range: { start: 0, end: 1 },
    fullRange: { start: 0, end: 1 },
    replicas,
    quorum: 1,
    rollout: { software: rollout, config: rollout },
    dependsOn: [],
    consumes: [],
    onPoisonPill: 'stop',
    tolerate: ['host', 'zone'],
    uses: [],
    ...extra,
  };
}

function resultOf(components: ComponentModel[], failureDomains = ['region', 'zone', 'rack', 'host'], scenarios: ScenarioOutcome[] = []): AnalysisResult {
  const model: DesignModel = {
    system: 'test',
    failureDomains,
    tolerate: ['host', 'zone'],
    frequencyOrder: [],
    components,
    shared: [],
    accepted: [],
  };
  return { findings: [], model, scenarios, matrix: { threats: [], components: [], cells: [] } };
}

function scenario(threat: string, value: string, parts: Partial<ScenarioOutcome>): ScenarioOutcome {
  return {
    threat,
    value,
    replicasDown: [],
    componentsDownDirectly: [],
    componentsDegraded: [],
    componentsLosingData: [],
    blastRadius: 0,
    rank: 0,
    caption: `${threat} ${value} lost`,
    ...parts,
  };
}

/** The lines of the diagram without indentation, for order-insensitive checks. */
function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** `count` components of `perComponent` replicas over 3 zones × 2 racks, one host each. */
function wide(count: number, perComponent: number, versions = 1): ComponentModel[] {
  return Array.from({ length: count }, (_, c) =>
    component(
      `svc${c}`,
      Array.from({ length: perComponent }, (_, r) => replica(`svc${c}`, r + 1, { region: 'eu', zone: `z${r % 3}`, rack: `r${r % 2}`, host: `h${c}-${r}` }, `v${r % versions}`, 'cfg')),
      { dependsOn: c > 0 ? [`svc${c - 1}`] : [] },
    ),
  );
}

test('no model, no diagram', () => {
  assert.equal(toMermaid({ findings: [], model: null, scenarios: [], matrix: { threats: [], components: [], cells: [] } }), '');
  const d = buildDiagram({ findings: [], model: null, scenarios: [], matrix: { threats: [], components: [], cells: [] } });
  assert.equal(d.nodeCount, 0);
  assert.equal(d.withinLimits, true);
});

describe('structure', () => {
  test('subgraphs nest region > zone > rack > host; a host holding one node is written in its label', () => {
    const api = component('api', [
      replica('api', 1, { region: 'eu', zone: 'a', rack: 'r1', host: 'h1' }, 'api@1', 'cfg@2'),
      replica('api', 2, { region: 'eu', zone: 'b', rack: 'r2', host: 'h2' }, 'api@1', 'cfg@2'),
      replica('api', 3, { region: 'eu', zone: 'b', rack: 'r2', host: 'h2' }, 'api@2', 'cfg@2'),
    ]);
    const d = buildDiagram(resultOf([api]));
    const lines = d.text.split('\n');
    assert.equal(lines[0], 'flowchart TB');
    // One region, two zones, two racks, and one host box: h2 holds two nodes, h1 one.
    assert.equal(lines.filter((l) => l.trim().startsWith('subgraph ')).length, 1 + 2 + 2 + 1);
    assert.equal(d.subgraphCount, 6);
    assert.equal(lines.filter((l) => l.trim() === 'end').length, 6);
    assert.match(d.text, /^ {2}subgraph g1\["region eu"\]\n {4}subgraph g2\["zone a"\]\n {6}subgraph g3\["rack r1"\]\n {8}n1\["api<br\/>api@1<br\/>cfg@2<br\/>host h1"\]\n {6}end\n/m);
    assert.match(d.text, / {8}subgraph g6\["host h2"\]\n {10}n2\["api<br\/>api@1<br\/>cfg@2"\]\n {10}n3\["api<br\/>api@2<br\/>cfg@2"\]\n {8}end/);
    assert.deepEqual(d.levels, ['region', 'zone', 'rack', 'host']);
    assert.equal(d.nodeCount, 3);
    assert.deepEqual({ ...d.nodeIdsByReplica }, { 'api-1': 'n1', 'api-2': 'n2', 'api-3': 'n3' });
    assert.deepEqual({ ...d.nodeIdsByComponent }, { api: ['n1', 'n2', 'n3'] });
  });

  test('a level a replica leaves unset goes under an "unknown <level>" subgraph', () => {
    const db = component('db', [replica('db', 1, { zone: 'a', host: 'db-1' }), replica('db', 2, { region: 'eu', zone: 'a', host: 'db-2' })]);
    const lines = linesOf(toMermaid(resultOf([db])));
    assert.ok(lines.some((l) => /^subgraph g\d+\["unknown region"\]$/.test(l)));
    assert.ok(lines.some((l) => /^subgraph g\d+\["region eu"\]$/.test(l)));
    assert.equal(lines.filter((l) => /^subgraph g\d+\["unknown rack"\]$/.test(l)).length, 2, 'one under each region');
    assert.equal(lines.filter((l) => /^subgraph g\d+\["zone a"\]$/.test(l)).length, 2);
  });

  test("the user's own failure-domain levels are followed", () => {
    const c = component('svc', [replica('svc', 1, { datacenter: 'dc1', host: 'h' }), replica('svc', 2, { datacenter: 'dc1', host: 'h' }, 'v2')]);
    const d = buildDiagram(resultOf([c], ['datacenter', 'host']));
    const lines = linesOf(d.text);
    assert.ok(lines.includes('subgraph g1["datacenter dc1"]'));
    assert.ok(lines.includes('subgraph g2["host h"]'));
    assert.ok(!lines.some((l) => l.includes('zone')));
    assert.deepEqual(d.detailLevels, ['datacenter', 'host']);
  });

  test('one edge per component pair: solid for dependsOn, dotted for consumes', () => {
    const log = component('log', [replica('log', 1, { host: 'k1' }), replica('log', 2, { host: 'k2' }), replica('log', 3, { host: 'k3' })], { kind: 'log' });
    const api = component('api', [replica('api', 1, { host: 'a1' }), replica('api', 2, { host: 'a2' })], { dependsOn: ['log', 'log', 'missing'] });
    const worker = component('worker', [replica('worker', 1, { host: 'w1' })], { consumes: ['log'], dependsOn: ['api'] });
    const d = buildDiagram(resultOf([log, api, worker], ['host']));
    const lines = linesOf(d.text);
    const first = (c: string): string => d.nodeIdsByComponent[c][0];
    const edges = lines.filter((l) => / (-->|-\.->) /.test(l));
    assert.deepEqual(edges.sort(), [`${first('api')} --> ${first('log')}`, `${first('worker')} --> ${first('api')}`, `${first('worker')} -.-> ${first('log')}`].sort());
    assert.equal(d.edgeCount, 3);
  });

  test("a classDef per component, every node carries its component's class, and the legend lists them", () => {
    const a = component('a', [replica('a', 1, { host: 'x' }), replica('a', 2, { host: 'y' })]);
    const b = component('b', [replica('b', 1, { host: 'x' })]);
    const d = buildDiagram(resultOf([a, b], ['host']));
    const lines = linesOf(d.text);
    assert.equal(lines.filter((l) => l.startsWith('classDef ')).length, 2);
    const classLines = lines.filter((l) => l.startsWith('class '));
    assert.equal(classLines.length, 2);
    const nodes = lines.filter((l) => /^n\d+\[/.test(l)).map((l) => l.slice(0, l.indexOf('[')));
    const classed = classLines.flatMap((l) => l.split(' ')[1].split(','));
    assert.deepEqual([...classed].sort(), [...nodes].sort());
    assert.deepEqual(
      d.legend.map((e) => [e.label, e.className, e.kind]),
      [
        ['a', 'c1', 'component'],
        ['b', 'c2', 'component'],
      ],
    );
    assert.notEqual(d.legend[0].fill, d.legend[1].fill);
  });

  test('every component gets its own colour, beyond the palette too', () => {
    const many = Array.from({ length: 40 }, (_, i) => component(`c${i}`, [replica(`c${i}`, 1, { host: `h${i}` })]));
    const d = buildDiagram(resultOf(many, ['host']), { nodeBudget: 100 });
    assert.equal(new Set(d.legend.map((e) => e.fill)).size, 40);
  });

  test('a component without replicas still gets a node, so its edges have an end', () => {
    const empty = component('ghost', []);
    const user = component('user', [replica('user', 1, { host: 'h' })], { dependsOn: ['ghost'] });
    const d = buildDiagram(resultOf([empty, user], ['host']));
    const id = d.nodeIdsByComponent['ghost'][0];
    assert.match(d.text, new RegExp(`${id}\\["ghost<br/>#40;no replicas#41;"\\]`));
    assert.ok(linesOf(d.text).some((l) => l.endsWith(`--> ${id}`)));
  });

  test('the direction option switches the flowchart', () => {
    const c = component('a', [replica('a', 1, { host: 'h' })]);
    assert.ok(toMermaid(resultOf([c], ['host']), { direction: 'LR' }).startsWith('flowchart LR\n'));
  });
});

describe('folding', () => {
  test('small designs are not folded: describeFolding has nothing to say', () => {
    const d = buildDiagram(resultOf(wide(2, 3)));
    assert.equal(d.folded.reason, null);
    assert.deepEqual(d.folded.levels, []);
    assert.equal(describeFolding(d), null);
  });

  test('over the node budget, deeper levels fold away first and identical replicas share a node', () => {
    const result = resultOf(wide(6, 6));
    const d = buildDiagram(result, { nodeBudget: 40 });
    assert.equal(d.folded.reason, 'budget');
    assert.ok(d.nodeCount + d.subgraphCount <= 40, `${d.nodeCount} + ${d.subgraphCount} boxes`);
    assert.deepEqual(d.levels, ['region', 'zone']);
    assert.deepEqual(d.folded.levels, ['rack', 'host']);
    // Each component has 2 replicas per zone with the same version: one "×2" node per zone.
    assert.equal(d.nodeCount, 6 * 3);
    assert.match(d.text, /n1\["svc0 ×2<br\/>v0<br\/>cfg"\]/);
    assert.equal(d.folded.foldedNodes, 18);
    assert.equal(d.folded.foldedReplicas, 36);
    assert.equal(d.folded.boxesAtFullDepth, buildDiagram(result, { nodeBudget: 1000 }).nodeCount + buildDiagram(result, { nodeBudget: 1000 }).subgraphCount);
    assert.equal(
      describeFolding(d),
      `Rack and host levels are not drawn to keep the picture under 40 boxes (every level would need ${d.folded.boxesAtFullDepth}). 18 nodes stand for several identical replicas (36 in all).`,
    );
    for (const c of result.model!.components) for (const r of c.replicas) assert.ok(d.nodeIdsByReplica[r.id], `${r.id} is in a node`);
  });

  test('different versions in one place stay apart until versions fold too', () => {
    const result = resultOf(wide(3, 4, 2));
    const atZone = buildDiagram(result, { detail: { level: 'zone' } });
    assert.ok(atZone.text.includes('svc0 ×2<br/>v0<br/>cfg') || atZone.text.includes('svc0<br/>v0<br/>cfg'));
    assert.equal(atZone.folded.reason, 'detail');
    const tight = buildDiagram(result, { nodeBudget: 3 });
    assert.equal(tight.folded.versions, true);
    assert.deepEqual(tight.levels, []);
    assert.equal(tight.nodeCount, 3);
    assert.match(tight.text, /svc0 ×4<br\/>2 versions<br\/>cfg/);
    assert.match(describeFolding(tight)!, /whatever their version and config/);
  });

  test('as a last resort the least relevant components are left out, the ones that go down kept', () => {
    const comps = wide(30, 2);
    const scenarios = [
      scenario('host', 'h29-0', { componentsDownDirectly: ['svc29'], rank: 0, blastRadius: 1 }),
      scenario('host', 'h7-0', { componentsDownDirectly: ['svc7'], rank: 1, blastRadius: 1 }),
    ];
    const d = buildDiagram(resultOf(comps, undefined, scenarios), { nodeBudget: 10 });
    assert.equal(d.nodeCount, 10);
    assert.equal(d.folded.omittedComponents.length, 20);
    assert.ok(d.nodeIdsByComponent['svc29'] && d.nodeIdsByComponent['svc7'], 'components with damaging scenarios are kept');
    assert.ok(!d.folded.omittedComponents.includes('svc29'));
    assert.match(describeFolding(d)!, /20 less relevant components are left out\./);
    // Edges only between drawn components.
    for (const line of linesOf(d.text).filter((l) => l.includes('-->'))) {
      for (const id of line.split(' --> ')) assert.ok(d.nodes.some((n) => n.id === id));
    }
  });

  test('a chosen level draws down to it; full draws one node per replica; both report whether Mermaid can cope', () => {
    const result = resultOf(wide(4, 6));
    const zone = buildDiagram(result, { detail: { level: 'zone' } });
    assert.deepEqual(zone.levels, ['region', 'zone']);
    const none = buildDiagram(result, { detail: { level: null } });
    assert.deepEqual(none.levels, []);
    assert.equal(none.subgraphCount, 0);
    const full = buildDiagram(result, { detail: 'full', nodeBudget: 5 });
    assert.equal(full.nodeCount, 24, 'no budget applies to full');
    assert.equal(full.folded.foldedNodes, 0);
    assert.equal(full.withinLimits, true);
    const huge = buildDiagram(resultOf(wide(120, 20)), { detail: 'full' });
    assert.ok(huge.text.length > MERMAID_LIMITS.maxTextSize);
    assert.equal(huge.withinLimits, false);
    assert.equal(buildDiagram(resultOf(wide(120, 20))).withinLimits, true, 'auto stays within');
  });

  test('the edge budget leaves edges out and says so', () => {
    const hub = Array.from({ length: 12 }, (_, i) =>
      component(`c${i}`, [replica(`c${i}`, 1, { host: `h${i}` })], { dependsOn: Array.from({ length: 12 }, (_, j) => `c${j}`).filter((j) => j !== `c${i}`) }),
    );
    const d = buildDiagram(resultOf(hub, ['host']), { edgeBudget: 50 });
    assert.equal(d.edgeCount, 50);
    assert.equal(d.folded.omittedEdges, 12 * 11 - 50);
    assert.match(describeFolding(d)!, /82 edges are left out\./);
  });

  test('auto keeps the text under the size limit even with long, fully escaped labels', () => {
    const evil = '<>"#%'.repeat(20);
    const comps = Array.from({ length: 30 }, (_, i) => component(`${evil}${i}`, [replica(`${evil}${i}`, 1, { host: `${evil}h` }, evil, evil)]));
    const d = buildDiagram(resultOf(comps, ['host']), { maxTextSize: 5000 });
    assert.ok(d.text.length <= 5000, `${d.text.length} characters`);
    assert.ok(d.nodeCount >= 1);
  });
});

describe('scenario marking', () => {
  const db = component('db', [replica('db', 1, { zone: 'a', host: 'd1' }, 'v1'), replica('db', 2, { zone: 'a', host: 'd2' }, 'v1'), replica('db', 3, { zone: 'b', host: 'd3' }, 'v1')], { quorum: 2 });
  const api = component('api', [replica('api', 1, { zone: 'a', host: 'a1' }), replica('api', 2, { zone: 'b', host: 'a2' })], { dependsOn: ['db'] });
  const cache = component('cache', [replica('cache', 1, { zone: 'b', host: 'c1' })]);
  const reader = component('reader', [replica('reader', 1, { zone: 'a', host: 'r1' }), replica('reader', 2, { zone: 'b', host: 'r2' })], { consumes: ['db'], onPoisonPill: 'skip' });
  const zoneA = scenario('zone', 'a', {
    replicasDown: ['db-1', 'db-2', 'api-1', 'reader-1'],
    componentsDownDirectly: ['db'],
    componentsDegraded: ['reader'],
    blastRadius: 2,
    caption: 'zone a lost → db down (2 of 3 replicas lost; quorum needs 2) → api down (depends on db)',
  });
  const pill = scenario('poison-pill', 'db', { componentsLosingData: ['reader'] });
  const result = resultOf([db, api, cache, reader], ['zone', 'host'], [zoneA, pill]);

  test("lost replicas, down, degraded and unaffected components get their classes; the caption is the scenario's", () => {
    const d = buildDiagram(result, { scenario: 0 });
    assert.equal(d.scenario?.caption, zoneA.caption);
    assert.deepEqual({ ...d.scenario!.states }, { db: 'down', api: 'down', cache: 'ok', reader: 'degraded' });
    const byReplica = (id: string) => d.nodes.find((n) => n.replicas.includes(id))!;
    assert.equal(byReplica('db-1').lost, true);
    assert.equal(byReplica('db-3').lost, false);
    assert.equal(byReplica('db-3').state, 'down');
    assert.equal(byReplica('cache-1').state, 'ok');
    assert.equal(byReplica('reader-2').state, 'degraded');
    const classOf = (cls: string): string[] =>
      linesOf(d.text)
        .filter((l) => l.startsWith('class ') && l.endsWith(` ${cls}`))
        .flatMap((l) => l.split(' ')[1].split(','));
    assert.deepEqual(classOf('lost').sort(), ['db-1', 'db-2', 'api-1', 'reader-1'].map((r) => d.nodeIdsByReplica[r]).sort());
    assert.deepEqual(
      classOf('down').sort(),
      d.nodes
        .filter((n) => n.component === 'db' || n.component === 'api')
        .map((n) => n.id)
        .sort(),
    );
    assert.deepEqual(classOf('degraded').sort(), d.nodeIdsByComponent['reader'].slice().sort());
    assert.deepEqual(classOf('ok'), d.nodeIdsByComponent['cache']);
    assert.ok(!/classDef c\d/.test(d.text), 'state colours replace component colours');
    assert.deepEqual(
      d.legend.map((e) => e.className),
      ['lost', 'down', 'degraded', 'ok'],
    );
    assert.match(d.text, /db<br\/>v1<br\/>host d1<br\/>lost/);
    assert.match(d.text, /cache<br\/>host c1"\]/, 'unaffected nodes say nothing more');
  });

  test('lost and surviving replicas never share a folded node', () => {
    const d = buildDiagram(result, { scenario: 0, detail: { level: 'zone' } });
    const dbNodes = d.nodes.filter((n) => n.component === 'db');
    assert.deepEqual(
      dbNodes.map((n) => [n.replicas, n.lost]),
      [
        [['db-1', 'db-2'], true],
        [['db-3'], false],
      ],
    );
    assert.match(d.text, /db ×2<br\/>v1<br\/>all lost/);
    // Host d1 lost: db-1 and db-2 share zone, version and config, but not their fate.
    const host = resultOf([db], ['zone', 'host'], [scenario('host', 'd1', { replicasDown: ['db-1'], componentsDegraded: ['db'] })]);
    const h = buildDiagram(host, { scenario: 0, detail: { level: 'zone' } });
    assert.deepEqual(
      h.nodes.map((n) => [n.replicas, n.lost]),
      [
        [['db-1'], true],
        [['db-2'], false],
        [['db-3'], false],
      ],
    );
    assert.deepEqual(
      buildDiagram(host, { detail: { level: 'zone' } }).nodes.map((n) => n.replicas),
      [['db-1', 'db-2'], ['db-3']],
      'without the scenario they fold',
    );
  });

  test('a component that loses data is marked so; an out-of-range scenario marks nothing', () => {
    const d = buildDiagram(result, { scenario: 1 });
    assert.equal(d.scenario!.states['reader'], 'dataloss');
    assert.match(d.text, /reader<br\/>host r1<br\/>loses data/);
    assert.equal(buildDiagram(result, { scenario: 7 }).scenario, null);
    assert.equal(buildDiagram(result, { scenario: -1 }).scenario, null);
    assert.equal(buildDiagram(result, { scenario: 0.5 }).scenario, null);
  });
});

const HOSTILE = [
  'a"]:::x\nclick n1 "javascript:alert(1)"',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '%%{init: {"securityLevel": "loose"}}%%',
  '```\n# heading',
  'x --> y',
  'click n1 call alert()',
  'b[1](2){3}|4|',
  '#quot; #60; &lt;',
  'style n1 fill:#f00;',
  'ﬂ°°60¶ß',
  'end',
  '__proto__',
  'constructor',
  'v1\u202eevil\u202c',
];

describe('escaping', () => {
  test('labels cannot break out: quotes, brackets, arrows, HTML, directives, fences, newlines', () => {
    for (const evil of HOSTILE) {
      const label = mermaidLabel(evil);
      // What is left once the entities we wrote are removed must be inert text.
      const bare = label.replace(/#(quot|\d+);/g, '');
      assert.doesNotMatch(bare, /["<>`\n\r[\](){}|%;:#]/, `raw special left in ${JSON.stringify(label)}`);
      assert.doesNotMatch(label, /-->/);
      assert.doesNotMatch(label, /ﬂ°|¶ß|[\u202a-\u202e\u2066-\u2069]/, 'no placeholder pair, no bidi override');
    }
  });

  test('hostile ids and values appear only inside quoted labels; ids are generated', () => {
    const evilComponent = HOSTILE[0];
    const c = component(
      evilComponent,
      [replica(evilComponent, 1, { zone: HOSTILE[3], host: HOSTILE[1] }, HOSTILE[4], HOSTILE[5]), replica(evilComponent, 2, { zone: HOSTILE[3], host: HOSTILE[1] }, HOSTILE[11], HOSTILE[12])],
      {
        dependsOn: [HOSTILE[7]],
      },
    );
    const d2 = component(HOSTILE[7], [replica(HOSTILE[7], 1, { host: HOSTILE[8] }, HOSTILE[9], HOSTILE[10])], { consumes: [evilComponent] });
    const e = component('constructor', [replica('constructor', 1, { host: '__proto__' }, HOSTILE[6], HOSTILE[2])]);
    const result = resultOf([c, d2, e], ['zone', 'host'], [scenario('host', HOSTILE[1], { replicasDown: [`${evilComponent}-1`], componentsDegraded: [evilComponent] })]);
    for (const options of [{}, { scenario: 0 }]) {
      const text = toMermaid(result, options);
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
        const outside = line.replace(/"[^"]*"/g, '""');
        assert.match(
          outside.trim(),
          /^(flowchart TB|subgraph g\d+\[""\]|end|n\d+\[""\]|n\d+ (-->|-\.->) n\d+|classDef (c\d+|down|degraded|dataloss|ok|lost) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}(,stroke-width:3px,stroke-dasharray:6 3)?|class n\d+(,n\d+)* (c\d+|down|degraded|dataloss|ok|lost))$/,
          `unexpected line ${JSON.stringify(line)}`,
        );
      }
      assert.ok(!text.includes('```'));
      assert.ok(!text.includes('<script'));
      assert.ok(!text.includes('%%'));
      assert.ok(text.includes('#quot;'), 'quotes are encoded, not dropped');
    }
  });

  test('long names are cut with an ellipsis, by user-perceived characters', () => {
    assert.equal(truncateLabel('abcdef', 4), 'abc…');
    assert.equal(truncateLabel('abc', 4), 'abc');
    const family = '👨‍👩‍👧‍👦';
    assert.equal(truncateLabel(family.repeat(5), 3), `${family}${family}…`, 'emoji sequences are not split');
    const long = 'x'.repeat(500);
    const d = buildDiagram(resultOf([component(long, [replica(long, 1, { host: long })])], ['host']));
    assert.ok(d.text.includes(`${'x'.repeat(39)}…`));
    assert.ok(!d.text.includes('x'.repeat(41)));
  });
});

function sharedItem(id: string, usedBy: string[], extra: Partial<SharedModel> = {}): SharedModel {
  return { id, type: 'config', layer: 'flags', version: null, rollout: { strategy: 'all-at-once', firstWave: 99, staged: false }, range: { start: 0, end: 1 }, usedBy, ...extra };
}

function withShared(result: AnalysisResult, shared: SharedModel[]): AnalysisResult {
  return { ...result, model: { ...result.model!, shared } };
}

describe('shared items', () => {
  const result = analyze(SHARED_DESIGN, { today: '2026-11-26' });
  const push = (id: string) => result.scenarios.findIndex((s) => (s.threat === 'bad-config' || s.threat === 'bad-release') && s.value === id);

  test('one hexagon per shared item with id, type and layer, version and rollout; uses edges from each user; one edge from the "every component" note', () => {
    const d = buildDiagram(result);
    const lines = linesOf(d.text);
    assert.deepEqual(
      d.sharedNodes.map((n) => [n.id, n.shared, n.users, n.every]),
      [
        ['s1', 'base-image', [], true],
        ['s2', 'edge-rules', ['edge'], false],
        ['s3', 'agent', ['edge', 'api'], false],
      ],
    );
    assert.ok(lines.includes('s1{{"base-image<br/>software · os<br/>ubuntu-22.04.4<br/>waves · 1 of 9 first"}}'), d.text);
    assert.ok(lines.includes('s2{{"edge-rules<br/>config · waf-rules<br/>all-at-once · all 3"}}'));
    assert.ok(lines.includes('sall(["every component #40;3#41;"])'), 'the note, its parentheses escaped');
    const edge = d.nodeIdsByComponent['edge'][0];
    const api = d.nodeIdsByComponent['api'][0];
    assert.deepEqual(
      lines.filter((l) => l.includes(' ==o ')),
      ['sall ==o s1', `${edge} ==o s2`, `${edge} ==o s3`, `${api} ==o s3`],
      'the item under every component costs one edge, not three',
    );
    assert.equal(d.everyNoteId, 'sall');
    assert.deepEqual({ ...d.nodeIdsByShared }, { 'base-image': 's1', 'edge-rules': 's2', agent: 's3' });
    assert.equal(d.edgeCount, 1 + 4, 'one dependsOn edge and four uses edges');
    assert.ok(lines.includes('class s1,s2,s3 shared') && lines.includes('class sall note'));
    assert.deepEqual(
      d.legend.map((e) => e.kind),
      ['component', 'component', 'component', 'shared'],
    );
    assert.equal(d.nodeCount, d.nodes.length, 'nodeCount counts replica nodes only');
  });

  test('picking a shared push marks the item as the cause, its uses edges red, and everything it takes down', () => {
    const index = push('agent');
    const d = buildDiagram(result, { scenario: index });
    assert.equal(d.scenario?.shared, 'agent');
    assert.deepEqual(
      d.sharedNodes.map((n) => n.cause),
      [null, null, 'push'],
    );
    const lines = linesOf(d.text);
    assert.ok(lines.includes('s3{{"agent<br/>config · agent-content<br/>all-at-once · all 6<br/>pushed: the cause"}}'));
    assert.ok(lines.includes('class s3 cause') && lines.includes('class s1,s2 shared'));
    // Mermaid numbers links in the order they are written: find the agent's.
    const links = lines.filter((l) => / (-->|-\.->|==o) /.test(l));
    const agentLinks = links.flatMap((l, i) => (l.endsWith(' s3') ? [i] : []));
    assert.deepEqual(agentLinks, [3, 4]);
    assert.ok(lines.includes(`linkStyle ${agentLinks.join(',')} stroke:#b91c1c,stroke-width:4px`));
    const s = result.scenarios[index];
    assert.deepEqual({ ...d.scenario!.states }, { edge: 'down', api: 'down', db: 'ok' });
    assert.deepEqual(
      d.nodes
        .filter((n) => n.lost)
        .flatMap((n) => n.replicas)
        .sort(),
      [...s.replicasDown].sort(),
    );
    assert.equal(d.legend.find((e) => e.className === 'cause')?.label, 'shared cause of the scenario');
  });

  test('a latent bug in a shared version marks that item; a component scenario marks none', () => {
    const bug = result.scenarios.findIndex((s) => s.threat === 'software-bug' && s.value === 'ubuntu-22.04.4');
    const d = buildDiagram(result, { scenario: bug });
    assert.deepEqual(
      d.sharedNodes.map((n) => n.cause),
      ['bug', null, null],
    );
    assert.equal(d.scenario?.shared, 'base-image');
    assert.match(d.text, /s1\{\{"base-image<br\/>.*<br\/>its version has the bug"\}\}/);
    assert.ok(d.text.includes('linkStyle 1 stroke:#b91c1c'), 'the note edge of the item under every component');
    const zone = buildDiagram(result, { scenario: result.scenarios.findIndex((s) => s.threat === 'zone') });
    assert.deepEqual(
      zone.sharedNodes.map((n) => n.cause),
      [null, null, null],
    );
    assert.equal(zone.scenario?.shared, null);
    assert.ok(!zone.text.includes('linkStyle'));
  });

  test('many users and many items stay within the budgets; the cause is always drawn', () => {
    const comps = wide(60, 3);
    const items = [
      sharedItem(
        'os',
        comps.map((c) => c.id),
        { type: 'software', version: 'os@1' },
      ),
      ...Array.from({ length: 19 }, (_, i) =>
        sharedItem(
          `flags-${i}`,
          comps.slice(0, 30 + i).map((c) => c.id),
        ),
      ),
    ];
    const r = withShared(resultOf(comps), items);
    const d = buildDiagram(r);
    assert.ok(d.nodeCount + d.subgraphCount + d.sharedNodes.length + 1 <= 80, 'boxes, shared items and the note within the node budget');
    assert.equal(d.sharedNodes.length, 12, 'at most 12 shared items');
    assert.deepEqual(
      d.folded.omittedShared,
      items.slice(12).map((sh) => sh.id),
    );
    assert.match(describeFolding(d)!, /8 shared items are left out\./);
    assert.ok(d.edgeCount <= 200, `${d.edgeCount} edges`);
    assert.ok(d.text.length <= MERMAID_LIMITS.maxTextSize);
    assert.equal(linesOf(d.text).filter((l) => l.startsWith('sall ==o')).length, 1, 'the item under all 60 components: one edge');
    // The scenario of an item beyond the cap: drawn first, the others after it.
    const r2 = { ...r, scenarios: [scenario('bad-config', 'flags-18', { componentsDownDirectly: comps.slice(0, 48).map((c) => c.id), blastRadius: 48 })] };
    const marked = buildDiagram(r2, { scenario: 0 });
    assert.ok(marked.sharedNodes.some((n) => n.shared === 'flags-18' && n.cause === 'push'));
    assert.equal(marked.sharedNodes.length, 12);
    const full = buildDiagram(r, { detail: { level: null } });
    assert.equal(full.sharedNodes.length, 20, 'asked-for detail draws every shared item');
  });

  test('an item nobody uses is drawn alone and says so; a design without shared items draws none', () => {
    const r = withShared(resultOf([component('a', [replica('a', 1, { host: 'h' })]), component('b', [replica('b', 1, { host: 'h2' })])], ['host']), [sharedItem('orphan', [])]);
    const d = buildDiagram(r);
    assert.ok(d.text.includes('orphan<br/>config · flags<br/>all-at-once · all 0<br/>used by no component'));
    assert.ok(!d.text.includes('==o') && d.everyNoteId === null);
    const none = buildDiagram(resultOf([component('a', [replica('a', 1, { host: 'h' })])], ['host']));
    assert.deepEqual(none.sharedNodes, []);
    assert.ok(!/\bs\d+\{\{|sall/.test(none.text));
  });
});

describe('Mermaid accepts what the generator writes', () => {
  type MermaidApi = { initialize(config: object): void; parse(text: string): Promise<unknown> };
  let mermaid: MermaidApi;

  before(async () => {
    // Mermaid's DOMPurify needs a window; jsdom 29 provides one on Node 20.
    const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: Record<string, unknown> & { document: unknown } } };
    const dom = new JSDOM('<!DOCTYPE html><body></body>');
    const g = globalThis as Record<string, unknown>;
    g.window = dom.window;
    g.document = dom.window.document;
    const specifier = 'mermaid';
    mermaid = ((await import(specifier)) as { default: MermaidApi }).default;
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  });

  test('hostile values in every field parse, marked and unmarked', async () => {
    const comps = HOSTILE.map((evil, i) =>
      component(
        `${evil}${i}`,
        [
          replica(`${evil}${i}`, 1, { region: evil, zone: HOSTILE[(i + 1) % HOSTILE.length], host: evil }, evil, HOSTILE[(i + 2) % HOSTILE.length]),
          replica(`${evil}${i}`, 2, { host: `${evil}2` }, evil, evil),
        ],
        {
          dependsOn: i > 0 ? [`${HOSTILE[i - 1]}${i - 1}`] : [],
          consumes: i > 1 ? [`${HOSTILE[i - 2]}${i - 2}`] : [],
        },
      ),
    );
    const result = resultOf(comps, undefined, [
      scenario('host', 'x', { replicasDown: [comps[0].replicas[0].id], componentsDownDirectly: [comps[1].id], componentsDegraded: [comps[0].id], componentsLosingData: [comps[2].id] }),
    ]);
    for (const options of [{}, { scenario: 0 }, { detail: 'full' as const }, { detail: { level: null } }, { nodeBudget: 3 }]) {
      await mermaid.parse(toMermaid(result, options));
    }
  });

  test('hostile shared ids, layers and versions parse, marked and unmarked, and appear only inside quoted labels', async () => {
    const comps = HOSTILE.slice(0, 4).map((evil, i) => component(`${evil}${i}`, [replica(`${evil}${i}`, 1, { host: `h${i}` })]));
    const items = HOSTILE.map((evil, i) =>
      sharedItem(`${evil}#${i}`, i % 2 === 0 ? comps.map((c) => c.id) : [comps[i % 4].id], { layer: evil, version: i % 3 === 0 ? evil : null, type: i % 2 === 0 ? 'software' : 'config' }),
    );
    const result = withShared(
      resultOf(comps, ['host'], [scenario('bad-release', items[0].id, { componentsDownDirectly: [comps[0].id], blastRadius: 1 }), scenario('software-bug', HOSTILE[0], {})]),
      items,
    );
    for (const options of [{}, { scenario: 0 }, { scenario: 1 }, { detail: 'full' as const }, { nodeBudget: 3 }]) {
      const text = toMermaid(result, options);
      await mermaid.parse(text);
      for (const line of linesOf(text).filter((l) => /^s(\d+|all)[{(]/.test(l))) assert.match(line, /^s(\d+|all)(\{\{"[^"]*"\}\}|\(\["[^"]*"\]\))$/, line);
    }
  });

  test('any strings in any field: the text parses and every replica is in one node', async () => {
    const name = fc.string({ unit: 'binary', maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, fc.array(fc.tuple(name, name, fc.option(name), fc.option(name)), { minLength: 0, maxLength: 4 })), { minLength: 1, maxLength: 5 }), async (spec) => {
        const seen = new Set<string>();
        const comps = spec
          .filter(([id]) => !seen.has(id) && (seen.add(id), true))
          .map(([id, reps], ci) =>
            component(
              id,
              reps.map(([zone, host, v, c], ri) => ({ ...replica(id, ri + 1, { zone, host }, v, c), id: `r${ci}-${ri}` })),
              { dependsOn: [spec[0][0]] },
            ),
          );
        const result = resultOf(comps, ['zone', 'host']);
        for (const options of [{}, { detail: 'full' as const }, { nodeBudget: 2 }]) {
          const d = buildDiagram(result, options);
          await mermaid.parse(d.text);
          const drawn = new Set(d.nodes.map((n) => n.component));
          for (const comp of comps) {
            if (!drawn.has(comp.id)) continue;
            for (const r of comp.replicas) assert.equal(d.nodes.filter((n) => n.replicas.includes(r.id)).length, 1);
          }
        }
      }),
      { seed: 4242, numRuns: 60 },
    );
  });
});
