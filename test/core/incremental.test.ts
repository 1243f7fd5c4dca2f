/**
 * The incremental analysis keeps models, scenarios and findings from the last version of a
 * document. It must keep only what the edit could not have changed: after each edit here the
 * result equals a fresh analysis, and the edits are chosen so that a reuse check that is too
 * loose gives a different result (each names the check it exercises).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDetailed, analyzeFull } from '../../src/core/analyze';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { generateDesign } from '../../bench/generate';

const TODAY = { today: '2026-11-26' };

/** Analyse `before`, then `after`, incrementally; `after` must come out as a fresh analysis does. */
function step(before: string, after: string): IncrementalAnalyzer {
  assert.notEqual(before, after, 'the edit changes the text');
  const inc = new IncrementalAnalyzer();
  assert.deepEqual(inc.analyze(before, TODAY), analyzeFull(before, TODAY), 'before');
  assert.deepEqual(inc.analyze(after, TODAY), analyzeFull(after, TODAY), 'after');
  return inc;
}

const DESIGN = `redundancy: 1
system: shop
components:
  cache:
    kind: stateless
    replicas:
      - { host: c1, rack: r9, zone: z1, version: cache@1, config: c }
      - { host: c2, rack: r8, zone: z2, version: cache@1, config: c }
  web:
    kind: stateless
    replicas:
      - { host: w1, rack: r1, zone: z1, version: web@1, config: c }
      - { host: w2, rack: r2, zone: z2, version: web@1, config: c }
    dependsOn: [db]
  db:
    kind: primary-backup
    replicas:
      - { host: d1, rack: r1, zone: z1, version: db@1, config: c }
      - { host: d2, rack: r3, zone: z2, version: db@1, config: c }
      - { host: d3, rack: r9, zone: z3, version: db@1, config: c }
  feed:
    kind: log
    replicas:
      - { host: f1, rack: r1, zone: z1, version: log@1, config: c }
      - { host: f2, rack: r2, zone: z2, version: log@1, config: c }
      - { host: f3, rack: r3, zone: z3, version: log@1, config: c }
  reader:
    kind: consumer
    consumes: [feed]
    onPoisonPill: skip
    replicas:
      - { host: x1, rack: r1, zone: z1, version: reader@1, config: c }
      - { host: x2, rack: r2, zone: z2, version: reader@1, config: c }
accepted:
  - { rule: shared-version-and-config, component: cache, reason: One vendor build. }
`;

describe('incremental analysis keeps only what an edit cannot change', () => {
  test('the fixture gives findings for the components the edits below touch', () => {
    const components = new Set(analyzeFull(DESIGN, TODAY).findings.map((f) => f.component));
    for (const id of ['web', 'db', 'reader']) assert.ok(components.has(id), id);
  });

  test("a dependency whose rack becomes unknown changes its dependent's matrix row only (matrix-row check)", () => {
    // db never goes down (three versions, rolling rollouts), so web's scenarios stay the same
    // objects; only web's rack cell turns unknown through its dependency. Spaces keep the
    // length, so the components after db stay where they were.
    const before = DESIGN.replace(/version: db@1, config: c \}/g, (m, at: number) => m.replace('db@1', `db@${at}`)).replace(
      'kind: primary-backup\n',
      'kind: primary-backup\n    rollout: { software: rolling, config: rolling }\n',
    );
    const after = before.replace('{ host: d3, rack: r9,', `{ host: d3,${' '.repeat(' rack: r9,'.length)}`);
    const inc = step(before, after);
    const { matrix } = analyzeFull(after, TODAY);
    const web = matrix.components.indexOf('web');
    assert.equal(matrix.cells[web][matrix.threats.indexOf('rack')].state, 'unknown');
    assert.ok(inc.kept.findingsOf >= 2, `components after db kept their findings (${inc.kept.findingsOf})`);
  });

  test("a consumer that stops skipping poison pills changes the stream's data loss (data-loss check)", () => {
    step(DESIGN, DESIGN.replace('onPoisonPill: skip', 'onPoisonPill: dead-letter'));
  });

  test("a changed quorum at the root of a dependency chain changes the dependent's message (root-cause check)", () => {
    step(DESIGN, DESIGN.replace('kind: primary-backup\n', 'kind: primary-backup\n    quorum: 3\n'));
  });

  test("a dependency's version renamed in place changes the scenario its dependent's untolerated exposure names (dependency-key check)", () => {
    // web goes down only through db in the software-bug scenario of db's version: web loses no
    // replica in it, so only what its messages say of its dependencies can tell the change.
    step(DESIGN, DESIGN.replaceAll('version: db@1', 'version: db@2'));
  });

  test("a dependency that moves down the file changes where its dependent's finding points (root-cause check)", () => {
    // db (quorum: all) takes web down whenever it loses a replica; a comment added in pad,
    // between them, moves db, while web and every scenario's outcome stay the same.
    const before = `redundancy: 1
system: chain
components:
  web:
    kind: stateless
    replicas:
      - { host: w1, zone: z1, version: web@1, config: c }
      - { host: w2, zone: z2, version: web@2, config: c }
    rollout: { software: rolling, config: rolling }
    dependsOn: [db]
  pad:
    kind: stateless
    replicas:
      - { host: p1, zone: z1, version: pad@1, config: c }
  db:
    kind: primary-backup
    quorum: all
    replicas:
      - { host: d1, zone: z1, version: db@1, config: c }
      - { host: d2, zone: z2, version: db@1, config: c }
`;
    assert.ok(analyzeFull(before, TODAY).findings.some((f) => f.component === 'web' && f.rule === 'dependency-bottleneck'));
    const inc = step(before, before.replace('  pad:\n    kind: stateless\n', '  pad:\n    kind: stateless\n    # moved\n'));
    assert.ok(inc.kept.scenarios > 0, 'scenarios kept');
  });

  test('a replica renamed in place changes every scenario it is lost in (replica-id check)', () => {
    step(DESIGN, DESIGN.replaceAll('host: d2', 'host: d22').replace('{ host: d22', '{ id: db-b, host: d22'));
  });

  test('a line added above moves every later component (offset check)', () => {
    step(DESIGN, DESIGN.replace('components:\n', 'components:\n  # a new comment\n'));
  });

  test('design-wide defaults are compared exactly, whatever characters level names hold (context check)', () => {
    // A level named "host\nzone" once made two different tolerate lists look the same.
    const before = `redundancy: 1
system: s
components:
  api:
    kind: stateless
    replicas:
      - { host: h1, zone: z1, version: v1, config: c }
      - { host: h2, zone: z1, version: v2, config: c }
failureDomains: [host, zone, "host\\nzone"]
tolerate: ["host\\nzone"]
`;
    step(before, before.replace('tolerate: ["host\\nzone"]', 'tolerate: [host, zone]'));
  });

  test('kept findings are handed out as copies: an accepted mark is not applied twice', () => {
    const inc = new IncrementalAnalyzer();
    let text = DESIGN;
    for (const version of ['reader@2', 'reader@3', 'reader@4']) {
      text = text.replace(/reader@\d/g, version);
      assert.deepEqual(inc.analyze(text, TODAY), analyzeFull(text, TODAY), version);
      assert.ok(inc.kept.findingsOf > 0 || version === 'reader@2', `${version}: findings kept`);
    }
    assert.ok(analyzeFull(text, TODAY).findings.some((f) => f.accepted && f.component === 'cache'));
  });

  test('an accepted finding the edit did not touch is handed out as the same copy; a changed entry makes a new one', () => {
    const inc = new IncrementalAnalyzer();
    const accepted = (text: string) => inc.analyze(text, TODAY).findings.find((f) => f.accepted && f.component === 'cache')!;
    const first = accepted(DESIGN);
    assert.ok(first, 'the fixture accepts a risk of cache');
    const edited = DESIGN.replace(/reader@1/g, 'reader@2');
    assert.equal(accepted(edited), first, 'reused: the server reuses its diagnostic and JSON by identity');
    const reworded = edited.replace('One vendor build.', 'One vendor build!');
    const second = accepted(reworded);
    assert.notEqual(second, first);
    assert.deepEqual(
      second,
      analyzeFull(reworded, TODAY).findings.find((f) => f.accepted && f.component === 'cache'),
    );
  });

  test('on a large design, a one-character edit keeps nearly everything', () => {
    const before = generateDesign(5000);
    const at = before.indexOf('@1.', Math.floor(before.length / 2)) + 3;
    const after = before.slice(0, at) + (before[at] === '7' ? '8' : '7') + before.slice(at + 1);
    const inc = step(before, after);
    const fresh = analyzeFull(after, TODAY);
    const components = fresh.model!.components.length;
    assert.equal(inc.kept.components, components - 1, 'every other component keeps its model');
    assert.ok(inc.kept.scenarios > fresh.scenarios.length * 0.95, `scenarios kept: ${inc.kept.scenarios} of ${fresh.scenarios.length}`);
    assert.ok(inc.kept.findingsOf > components * 0.9, `components keeping their findings: ${inc.kept.findingsOf} of ${components}`);
  });

  test('on a large design, a new version value keeps the scenarios and findings after it (matched by class and value)', () => {
    // Scenarios were once matched by position: the new value's scenario moved every later one
    // a place on, and every component they touch had its findings recomputed.
    // The first replica of a component whose replicas run two versions gets a third.
    const before = generateDesign(5000);
    const at = before.indexOf('@2.0, config', Math.floor(before.length / 3)) + 3;
    const after = before.slice(0, at) + '9' + before.slice(at + 1);
    const inc = step(before, after);
    const fresh = analyzeDetailed(after, TODAY);
    const old = analyzeDetailed(before, TODAY);
    const oldNames = new Set(old.engine!.runs.map((r) => `${r.threat}/${r.value}`));
    const added = fresh.engine!.runs.filter((r) => !oldNames.has(`${r.threat}/${r.value}`));
    assert.equal(added.length, 1, 'the edit adds one software-bug scenario');
    const firstLater = fresh.engine!.runs.indexOf(added[0]) + 1;
    assert.ok(fresh.engine!.runs.length - firstLater > 50, 'many scenarios come after it');
    const components = fresh.result.model!.components.length;
    assert.ok(inc.kept.scenarios >= fresh.engine!.runs.length - 3, `scenarios kept: ${inc.kept.scenarios} of ${fresh.engine!.runs.length}`);
    assert.ok(inc.kept.findingsOf > components * 0.95, `components keeping their findings: ${inc.kept.findingsOf} of ${components}`);
  });

  test("on a large design, a character inserted in the middle keeps every other component's model", () => {
    // Models once were keyed by offset: everything after an insertion was rebuilt.
    const before = generateDesign(5000);
    const at = before.indexOf('@1.', Math.floor(before.length / 2)) + 3;
    const inserted = before.slice(0, at) + '7' + before.slice(at);
    const components = analyzeFull(inserted, TODAY).model!.components.length;
    assert.ok(components > 300, `a large design (${components} components)`);
    const inc = step(before, inserted);
    assert.equal(inc.kept.components, components - 1, 'after an insertion');
    assert.deepEqual(inc.analyze(before, TODAY), analyzeFull(before, TODAY), 'the character deleted again');
    assert.equal(inc.kept.components, components - 1, 'after a deletion');
    assert.ok(inc.kept.scenarios > 0, 'scenarios kept');
  });

  test("a line added above shifts copies: the last version's nodes and model stay where they were", () => {
    const inc = new IncrementalAnalyzer();
    const first = inc.analyzeDetailed(DESIGN, TODAY);
    const keyRanges = () => first.build!.nodes.get('db')!.keyRange;
    const dbPair = () => (first.parsed.doc!.get('components', true) as { items: { key: { value: unknown; range: number[] } }[] }).items.find((p) => p.key.value === 'db')!;
    const nodeBefore = [...dbPair().key.range];
    const modelBefore = structuredClone(first.result.model);
    const rangeBefore = { ...keyRanges() };
    const moved = DESIGN.replace('components:\n', 'components:\n  # a new comment\n');
    assert.deepEqual(inc.analyze(moved, TODAY), analyzeFull(moved, TODAY));
    assert.ok(inc.kept.components > 0, 'models were reused at their new place');
    assert.deepEqual(dbPair().key.range, nodeBefore, "the first version's parsed nodes did not move");
    assert.deepEqual(keyRanges(), rangeBefore, 'nor its component nodes');
    assert.deepEqual(first.result.model, modelBefore, 'nor its model');
  });

  // Shared items and `uses` decide which replicas every shared push and shared version takes
  // down, across components: any edit to them is design-wide.
  const SHARED = `redundancy: 1
system: fleet
tolerate: [host, zone, bad-release, bad-config, software-bug]
shared:
  base-image:
    type: software
    layer: os
    version: ubuntu-22.04
    rollout: { strategy: waves, waves: [1, 10%, 100%] }
  edge-rules:
    type: config
    layer: waf-rules
    rollout: rolling
uses: [base-image]
components:
  edge:
    kind: stateless
    uses: [edge-rules]
    rollout: { software: canary, config: rolling }
    replicas:
      - { host: e1, zone: z1, version: edge@1, config: e }
      - { host: e2, zone: z2, version: edge@2, config: e }
  api:
    kind: stateless
    rollout: { software: canary, config: rolling }
    replicas:
      - { host: a1, zone: z1, version: api@1, config: a }
      - { host: a2, zone: z2, version: api@2, config: a }
`;

  test("a shared item's rollout pushed all-at-once takes its users down (shared-item check)", () => {
    const inc = step(SHARED, SHARED.replace('    rollout: rolling\n', '    rollout: all-at-once\n'));
    assert.equal(inc.kept.scenarios, 0, 'a shared item changed: no scenario is kept');
    assert.ok(analyzeFull(SHARED.replace('    rollout: rolling\n', '    rollout: all-at-once\n'), TODAY).findings.some((f) => f.rule === 'shared-push'));
  });

  test("a component that starts using a shared item (same length) changes that item's push (uses check)", () => {
    // "edge-rules" and "base-image" have the same length: nothing moves, only who uses what.
    const after = SHARED.replace('    uses: [edge-rules]\n', '    uses: [base-image]\n').replace('    rollout: rolling\n', '    rollout: all-at-once\n');
    const before = SHARED.replace('    rollout: rolling\n', '    rollout: all-at-once\n');
    step(before, after);
    assert.notDeepEqual(analyzeFull(before, TODAY).findings, analyzeFull(after, TODAY).findings);
  });

  test("the top-level uses changes every component's model (context check)", () => {
    step(SHARED, SHARED.replace('uses: [base-image]\n', 'uses: [edge-rules]\n'));
  });

  test('a shared layer renamed changes the messages that name it (shared-key check)', () => {
    const before = SHARED.replace('version: edge@2', 'version: edge@1').replace('version: api@2', 'version: api@1');
    const after = before.replace('layer: os', 'layer: xx');
    assert.ok(analyzeFull(before, TODAY).findings.some((f) => f.rule === 'version-monoculture' && f.message.includes('(os)')));
    step(before, after);
  });

  // Where an edit above moves a component, its findings are the previous ones shifted (the
  // model is a moved copy of the same origin): what they point at inside the component moves
  // with it, a shared item they point at stays where it is — unless it moved too.
  const MONO = SHARED.replace('version: edge@2', 'version: edge@1').replace('version: api@2', 'version: api@1');
  const underShared = (text: string) => analyzeFull(text, TODAY).findings.filter((f) => f.rule === 'version-monoculture' && f.related.some((r) => text.startsWith('base-image', r.range.start)));

  test('a line added between the shared items and the components moves the findings, not what they point at in shared (moved-findings check)', () => {
    const after = MONO.replace('uses: [base-image]\n', 'uses: [base-image]\n# the components\n');
    assert.ok(underShared(after).length > 0, 'a finding points at the shared item');
    const inc = step(MONO, after);
    assert.ok(inc.kept.movedFindingsOf > 0, `${inc.kept.movedFindingsOf} components' findings moved`);
  });

  test('a line added above the shared items moves them too: findings that point at them are made again (shared-position check)', () => {
    const after = MONO.replace('shared:\n', '# what the fleet shares\nshared:\n');
    assert.ok(underShared(after).length > 0, 'a finding points at the shared item');
    step(MONO, after);
  });

  test('a shared item that moves while the components stay put: the findings that point at it are made again (shared-position check, unmoved components)', () => {
    // The shared items after the components: a line added among them moves no component.
    const shared = MONO.slice(MONO.indexOf('shared:\n'), MONO.indexOf('uses: [base-image]\n'));
    const below = MONO.replace(shared, '') + shared;
    const after = below.replace('shared:\n', 'shared:\n  # images first\n');
    assert.ok(underShared(after).length > 0, 'a finding points at the shared item');
    const inc = step(below, after);
    assert.ok(inc.kept.components > 0, 'the components kept their models');
  });

  test('a shared version edited changes every software-bug scenario of its users (shared-version check)', () => {
    step(SHARED, SHARED.replace('version: ubuntu-22.04', 'version: edge@1.'));
  });

  test('a design-wide change (a new failure domain order) keeps no scenario', () => {
    const before = generateDesign(1000);
    const after = before.replace(/^components:/m, 'frequencyOrder: [zone, host]\ncomponents:');
    const inc = step(before, after);
    assert.equal(inc.kept.scenarios, 0);
    assert.equal(inc.kept.findingsOf, 0);
  });
});

describe('results never change once handed out', () => {
  test('`scenarios` is computed on first read and cannot be replaced, before or after that read', () => {
    const inc = new IncrementalAnalyzer();
    const result = inc.analyze(DESIGN, TODAY);
    assert.throws(() => Object.assign(result, { scenarios: [] }), TypeError, 'before the first read');
    const scenarios = result.scenarios;
    assert.ok(scenarios.length > 0);
    assert.throws(() => Object.assign(result, { scenarios: [] }), TypeError, 'after it');
    assert.equal(result.scenarios, scenarios, 'the same list on every read');
    assert.deepEqual({ ...result }.scenarios, scenarios, 'spread as a plain value');
  });
});
