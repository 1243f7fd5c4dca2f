import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mermaidLabel, toMermaid } from '../../src/core/mermaid';
import type { AnalysisResult, ComponentModel, DesignModel, ReplicaModel } from '../../src/core/types';

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
    ...extra,
  };
}

function resultOf(components: ComponentModel[], failureDomains = ['region', 'zone', 'rack', 'host']): AnalysisResult {
  const model: DesignModel = {
    system: 'test',
    failureDomains,
    tolerate: ['host', 'zone'],
    frequencyOrder: [],
    components,
    accepted: [],
  };
  return { findings: [], model, scenarios: [], matrix: { threats: [], components: [], cells: [] } };
}

/** The lines of the diagram without indentation, for order-insensitive checks. */
function linesOf(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

test('no model, no diagram', () => {
  assert.equal(toMermaid({ findings: [], model: null, scenarios: [], matrix: { threats: [], components: [], cells: [] } }), '');
});

test('subgraphs nest region > zone > rack > host and hold one node per replica', () => {
  const api = component('api', [
    replica('api', 1, { region: 'eu', zone: 'a', rack: 'r1', host: 'h1' }, 'api@1', 'cfg@2'),
    replica('api', 2, { region: 'eu', zone: 'b', rack: 'r2', host: 'h2' }, 'api@1', 'cfg@2'),
  ]);
  const text = toMermaid(resultOf([api]));
  const lines = text.split('\n');
  assert.equal(lines[0], 'flowchart TB');
  assert.equal(lines.filter((l) => l.trim().startsWith('subgraph ')).length, 1 + 2 + 2 + 2, 'one region, two zones, two racks, two hosts');
  assert.equal(lines.filter((l) => l.trim() === 'end').length, 7);
  // Nesting by indentation: region at depth 1, host at depth 4, the replica node inside the host.
  assert.match(text, /^ {2}subgraph g1\["region eu"\]\n {4}subgraph g2\["zone a"\]\n {6}subgraph g3\["rack r1"\]\n {8}subgraph g4\["host h1"\]\n {10}n1\["api<br\/>api@1<br\/>cfg@2"\]\n {8}end\n/m);
  assert.ok(lines.some((l) => l.trim() === 'n2["api<br/>api@1<br/>cfg@2"]'));
});

test('a level a replica leaves unset goes under an "unknown <level>" subgraph', () => {
  const db = component('db', [replica('db', 1, { zone: 'a', host: 'db-1' }), replica('db', 2, { region: 'eu', zone: 'a', host: 'db-2' })]);
  const lines = linesOf(toMermaid(resultOf([db])));
  assert.ok(lines.some((l) => /^subgraph g\d+\["unknown region"\]$/.test(l)));
  assert.ok(lines.some((l) => /^subgraph g\d+\["region eu"\]$/.test(l)));
  assert.equal(lines.filter((l) => /^subgraph g\d+\["unknown rack"\]$/.test(l)).length, 2, 'one under each region');
  assert.equal(lines.filter((l) => /^subgraph g\d+\["zone a"\]$/.test(l)).length, 2);
});

test('the user\'s own failure-domain levels are followed', () => {
  const c = component('svc', [replica('svc', 1, { datacenter: 'dc1', host: 'h' })]);
  const lines = linesOf(toMermaid(resultOf([c], ['datacenter', 'host'])));
  assert.ok(lines.includes('subgraph g1["datacenter dc1"]'));
  assert.ok(lines.includes('subgraph g2["host h"]'));
  assert.ok(!lines.some((l) => l.includes('zone')));
});

test('one edge per component pair: solid for dependsOn, dotted for consumes', () => {
  const log = component('log', [replica('log', 1, { host: 'k1' }), replica('log', 2, { host: 'k2' }), replica('log', 3, { host: 'k3' })], { kind: 'log' });
  const api = component('api', [replica('api', 1, { host: 'a1' }), replica('api', 2, { host: 'a2' })], { dependsOn: ['log', 'log', 'missing'] });
  const worker = component('worker', [replica('worker', 1, { host: 'w1' })], { consumes: ['log'], dependsOn: ['api'] });
  const text = toMermaid(resultOf([log, api, worker], ['host']));
  const lines = linesOf(text);
  const node = (label: string): string => {
    const line = lines.find((l) => l.endsWith(`["${label}"]`));
    assert.ok(line, label);
    return line.slice(0, line.indexOf('['));
  };
  const edges = lines.filter((l) => / (-->|-\.->) /.test(l));
  assert.deepEqual(edges.sort(), [`${node('api')} --> ${node('log')}`, `${node('worker')} --> ${node('api')}`, `${node('worker')} -.-> ${node('log')}`].sort());
});

test('a classDef per component, and every replica node carries its component\'s class', () => {
  const a = component('a', [replica('a', 1, { host: 'x' }), replica('a', 2, { host: 'y' })]);
  const b = component('b', [replica('b', 1, { host: 'x' })]);
  const lines = linesOf(toMermaid(resultOf([a, b], ['host'])));
  assert.equal(lines.filter((l) => l.startsWith('classDef ')).length, 2);
  const classLines = lines.filter((l) => l.startsWith('class '));
  assert.equal(classLines.length, 2);
  const nodes = lines.filter((l) => /^n\d+\[/.test(l)).map((l) => l.slice(0, l.indexOf('[')));
  const classed = classLines.flatMap((l) => l.split(' ')[1].split(','));
  assert.deepEqual([...classed].sort(), [...nodes].sort());
});

test('a component without replicas still gets a node, so its edges have an end', () => {
  const empty = component('ghost', []);
  const user = component('user', [replica('user', 1, { host: 'h' })], { dependsOn: ['ghost'] });
  const lines = linesOf(toMermaid(resultOf([empty, user], ['host'])));
  const ghost = lines.find((l) => l.includes('ghost'));
  assert.ok(ghost);
  const id = ghost.slice(0, ghost.indexOf('['));
  assert.ok(lines.some((l) => l.endsWith(`--> ${id}`)));
});

const HOSTILE = [
  'a"]:::x\nclick n1 "javascript:alert(1)"',
  '<script>alert(1)</script>',
  '%%{init: {"securityLevel": "loose"}}%%',
  '```\n# heading',
  'x --> y',
  'b[1](2){3}|4|',
  '#quot; #60; &lt;',
  'style n1 fill:#f00;',
  'ﬂ°°60¶ß',
];

test('labels cannot break out: quotes, brackets, arrows, HTML, directives, fences, newlines', () => {
  for (const evil of HOSTILE) {
    const label = mermaidLabel(evil);
    // What is left once the entities we wrote are removed must be inert text.
    const bare = label.replace(/#(quot|\d+);/g, '');
    assert.doesNotMatch(bare, /["<>`\n\r[\](){}|%;:#ﬂ¶]/, `raw special left in ${JSON.stringify(label)}`);
    assert.doesNotMatch(label, /-->/);
  }
});

test('hostile ids and values appear only inside quoted labels; ids are generated', () => {
  const evilComponent = HOSTILE[0];
  const c = component(evilComponent, [replica(evilComponent, 1, { zone: HOSTILE[2], host: HOSTILE[1] }, HOSTILE[3], HOSTILE[4])], {
    dependsOn: [HOSTILE[5]],
  });
  const d = component(HOSTILE[5], [replica(HOSTILE[5], 1, { host: HOSTILE[6] }, HOSTILE[7], HOSTILE[8])]);
  const text = toMermaid(resultOf([c, d], ['zone', 'host']));
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const outside = line.replace(/"[^"]*"/g, '""');
    assert.match(
      outside.trim(),
      /^(flowchart TB|subgraph g\d+\[""\]|end|n\d+\[""\]|n\d+ (-->|-\.->) n\d+|classDef c\d+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}|class n\d+(,n\d+)* c\d+)$/,
      `unexpected line ${JSON.stringify(line)}`,
    );
  }
  assert.ok(!text.includes('```'));
  assert.ok(!text.includes('<script'));
  assert.ok(!text.includes('%%'));
  assert.ok(text.includes('#quot;'), 'quotes are encoded, not dropped');
});

test('the direction option switches the flowchart', () => {
  const c = component('a', [replica('a', 1, { host: 'h' })]);
  assert.ok(toMermaid(resultOf([c], ['host']), { direction: 'LR' }).startsWith('flowchart LR\n'));
});
