/**
 * One design per kind of design fix (test/core/fixtures/fixes/), each built to need that kind:
 * the fixes offered for its warnings, by title, in order. That every fix is proven, keeps the
 * comments and leaves the rest of the file alone is checked for these designs with every other
 * one in fixCoverage.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, applyEdits, computeFixes, Finding, TextEdit } from '../../src/core';
import { composeEdits } from '../../src/core/edits';
import { repoRoot } from '../helpers/repo';

const TODAY = '2026-11-26';
const dir = () => path.join(repoRoot(), 'test', 'core', 'fixtures', 'fixes');
const read = (file: string) => fs.readFileSync(path.join(dir(), file), 'utf8');

/** The design fixes' titles for the one unaccepted warning of `rule` on `who` (a component or a shared item), and the text after the first. */
function designFixes(file: string, rule: string, who: string | null, threat?: string): { titles: string[]; after: string } {
  const text = read(file);
  const matches = (f: Finding) => f.rule === rule && !f.accepted && (who === null || f.component === who || f.data.shared === who) && (threat === undefined || f.scenario?.threat === threat);
  const found = analyze(text, { today: TODAY }).findings.filter(matches);
  assert.equal(found.length, 1, `${file}: one ${rule} on ${who}`);
  const fixes = computeFixes(text, found[0].data.key, { today: TODAY });
  assert.ok(
    fixes.some((f) => f.kind === 'accept'),
    `${file}: ${rule} can be accepted`,
  );
  const design = fixes.filter((f) => f.kind === 'design');
  assert.ok(design.length > 0, `${file}: ${rule} has a design fix`);
  assert.equal(design[0].isPreferred, true);
  return { titles: design.map((f) => f.title), after: applyEdits(text, design[0].edits) };
}

describe('each kind of design fix, on a design that needs it', () => {
  test('single-replica: a group of one grows its count; a single item gets a replica appended', () => {
    assert.deepEqual(designFixes('single-replica.redundancy.yaml', 'single-replica', 'api').titles, ['Run 2 replicas of api (count: 2)']);
    const db = designFixes('single-replica.redundancy.yaml', 'single-replica', 'db');
    assert.deepEqual(db.titles, ['Add 1 replica of db in other zone values']);
    assert.match(db.after, /      # the only database host\n      - \{ host: db1, zone: b, version: pg@16, config: pg-cfg@1 \}\n      - \{ host: db1-2, zone: a, /);
  });

  test('domain-concentration: move a replica to a zone the design has', () => {
    const { titles, after } = designFixes('domain-move.redundancy.yaml', 'domain-concentration', 'api');
    assert.deepEqual(titles, ['Move api-2 to zone b', 'Move api-2 to zone c', 'Add a replica of api in zone b']);
    assert.match(after, /\{ host: h2, zone: b, version: api@2, config: c1 \}   # same zone as h1/);
  });

  test('domain-concentration: spread a pinned group over zones', () => {
    const { titles, after } = designFixes('domain-spread.redundancy.yaml', 'domain-concentration', 'api');
    assert.deepEqual(titles, ['Spread api over zones a, zone-2', 'Add a replica of api in a new zone zone-2 (rename it to a real one)']);
    assert.match(after, /      # three copies, all in zone a\n      - count: 3\n        spread: \{ zone: \[a, zone-2\] \}\n/);
  });

  test('domain-concentration: a 2/2 split with quorum 3 gets a fifth voter in a new zone (no move can help)', () => {
    const { titles, after } = designFixes('domain-add.redundancy.yaml', 'domain-concentration', 'meta');
    assert.deepEqual(titles, ['Add a replica of meta in a new zone zone-2 (rename it to a real one)']);
    assert.match(after, /# quorum 3 of 4\n      - \{ host: m4-2, zone: zone-2, version: v4, config: c1 \}\n/);
  });

  test('domain-concentration with quorum: all: a spare replica first (quorum becomes the number), then a new zone', () => {
    const { titles, after } = designFixes('domain-grow.redundancy.yaml', 'domain-concentration', 'api', 'zone');
    assert.deepEqual(titles, ['Add 1 replica to api so it can lose one (quorum 3 of 4; quorum: all becomes 3), then spread api over zone zone-2 too']);
    assert.match(after, /    quorum: 3   # needs every replica\n    replicas:\n      - count: 4\n        spread: \{ zone: \[a, b, c, zone-2\] \}\n/);
    // The loss of a host needs only the spare.
    assert.deepEqual(designFixes('domain-grow.redundancy.yaml', 'domain-concentration', 'api', 'host').titles, ['Add 1 replica to api so it can lose one (quorum 3 of 4; quorum: all becomes 3)']);
  });

  test('shared-version-and-config: stage both rollouts; two voters get a third first', () => {
    const { titles, after } = designFixes('shared-version-and-config.redundancy.yaml', 'shared-version-and-config', 'api');
    assert.deepEqual(titles, ['Stage the software and config rollouts of api (rolling, one replica at a time; a first wave of 1 keeps quorum 1 of 3)']);
    assert.match(after, /        config: c1\n    rollout:\n      software: rolling\n      config: rolling\n  # two voters/);
    const locks = designFixes('shared-version-and-config.redundancy.yaml', 'shared-version-and-config', 'locks');
    assert.deepEqual(locks.titles, [
      'Add 1 replica to locks so it can lose one (quorum 2 of 3), then stage the software and config rollouts of locks (rolling, one replica at a time; a first wave of 1 keeps quorum 2 of 3)',
    ]);
    assert.match(locks.after, /      - count: 3\n        spread: \{ zone: \[a, b\] \}\n        version: zk@3.8\n        config: z1\n    rollout:\n      software: rolling\n      config: rolling\n$/);
  });

  test('unstaged-rollout: a first wave of 1', () => {
    const { titles, after } = designFixes('unstaged-rollout.redundancy.yaml', 'unstaged-rollout', 'orders');
    assert.deepEqual(titles, ['Stage the software rollout of orders (rolling, one replica at a time; a first wave of 1 keeps quorum 2 of 3)']);
    assert.match(after, /software: \{ strategy: waves, waves: \[1, 100%\] \}   # two brokers first/);
  });

  test('unstaged-rollout of two voters: a third voter first, then a rolling rollout', () => {
    const { titles, after } = designFixes('unstaged-two-voters.redundancy.yaml', 'unstaged-rollout', 'meta', 'bad-release');
    assert.deepEqual(titles, [
      'Add 1 replica to meta so it can lose one (quorum 2 of 3), then stage the software rollout of meta (rolling, one replica at a time; a first wave of 1 keeps quorum 2 of 3)',
    ]);
    // The design has no third zone: the new voter shares zone b (the zone finding keeps its own fixes).
    assert.match(after, /      - \{ host: m2-3, zone: b, version: etcd@3.4, config: c1 \}\n    rollout:\n      software: rolling   # both at once\n/);
    // The config rollout is rolling already: the third voter alone fixes a bad config push.
    assert.deepEqual(designFixes('unstaged-two-voters.redundancy.yaml', 'unstaged-rollout', 'meta', 'bad-config').titles, ['Add 1 replica to meta so it can lose one (quorum 2 of 3)']);
  });

  test('poison-pill-halts-all: quarantine, or a second version (a pill stops one version)', () => {
    const { titles, after } = designFixes('poison-pill-halts-all.redundancy.yaml', 'poison-pill-halts-all', 'ledger');
    assert.deepEqual(titles, [
      'Quarantine poison pills in ledger: onPoisonPill: dead-letter',
      'Run a second version on 1 of 2 replicas of ledger (ledger@2-b: rename it to your other build) (a poison pill stops one version)',
    ]);
    assert.match(after, /onPoisonPill: dead-letter   # halts on a bad event/);
  });

  test('poison-pill-data-loss: quarantine', () => {
    const { titles, after } = designFixes('poison-pill-data-loss.redundancy.yaml', 'poison-pill-data-loss', 'search');
    assert.deepEqual(titles, ['Quarantine poison pills in search: onPoisonPill: dead-letter']);
    assert.match(after, /onPoisonPill: dead-letter   # drops the event/);
  });

  test('dependency-bottleneck with two causes: a replica for each, in one fix', () => {
    const { titles, after } = designFixes('dependency-bottleneck.redundancy.yaml', 'dependency-bottleneck', 'web');
    assert.deepEqual(titles, ["Add 1 replica of db in other zone values, then add 1 replica of cache in other zone values (the cause of web's outage)"]);
    assert.match(after, /      - \{ host: d1, zone: a, version: pg@16, config: p1 \}\n      - \{ host: d1-2, zone: b, /);
    assert.match(after, /      # one cache node\n      - \{ host: c1, zone: b, version: redis@7, config: r1 \}\n      - \{ host: c1-2, zone: a, /);
  });

  test('version-monoculture: three versions for three voters; two voters get a third first', () => {
    const meta = designFixes('version-monoculture.redundancy.yaml', 'version-monoculture', 'meta');
    assert.deepEqual(meta.titles, ['Run 3 versions of meta (etcd@3.5, etcd@3.5-b, etcd@3.5-c), at most 1 replicas each, so a bug in one keeps quorum 2']);
    assert.match(meta.after, /      - count: 1\n        spread: \{ zone: \[a, b, c\] \}\n        version: etcd@3.5   # one build\n/);
    const locks = designFixes('version-monoculture.redundancy.yaml', 'version-monoculture', 'locks');
    assert.deepEqual(locks.titles, [
      'Add 1 replica to locks so it can lose one (quorum 2 of 3), then run 3 versions of locks (zk@3.8, zk@3.8-b, zk@3.8-c), at most 1 replicas each, so a bug in one keeps quorum 2',
    ]);
    assert.match(locks.after, /version: zk@3.8, config: z1 \}\n      - \{ host: l2, zone: b, version: zk@3.8-b, config: z1 \}\n      - \{ host: l2-3, zone: c, version: zk@3.8-c, config: z1 \}\n$/);
  });

  test('shared-push: stage the item; where its first wave reaches a single replica, give that component a second', () => {
    const agent = designFixes('shared-push.redundancy.yaml', 'shared-push', 'agent');
    assert.deepEqual(agent.titles, ['Stage shared agent: waves of 1 replica, then 10%, then all, then add 1 replica of batch in other zone values (the first wave of shared agent reaches it)']);
    assert.match(agent.after, /    layer: agent   # security agent content\n    rollout:\n      strategy: waves\n      waves: \[1, 10%, 100%\]\n/);
    const rules = designFixes('shared-push.redundancy.yaml', 'shared-push', 'rules');
    assert.deepEqual(rules.titles, ['Stage shared rules: a first wave of 1 replica']);
    assert.match(rules.after, /rollout: \{ strategy: waves, waves: \[1, 100%\] \}   # two edge replicas first/);
  });

  test('accepted-risk-expired: remove the only entry (the list stays, empty, and its comments stay), or renew it', () => {
    const text = read('accepted-risk-expired.redundancy.yaml');
    const f = analyze(text, { today: TODAY }).findings.find((x) => x.rule === 'accepted-risk-expired')!;
    const fixes = computeFixes(text, f.data.key, { today: TODAY });
    assert.deepEqual(
      fixes.map((x) => `${x.kind}: ${x.title}`),
      ['design: Remove the expired acceptance (the risk is reported again)', 'accept: Renew this acceptance until 2027-02-24'],
    );
    assert.match(applyEdits(text, fixes[0].edits), /\naccepted: \[\]   # reviewed yearly\n    # it was a single replica then\n$/);
  });
});

describe('composeEdits: two rounds of edits as one', () => {
  const text = 'alpha\nbeta # keep\ngamma\ndelta\n';
  const check = (first: TextEdit[], second: TextEdit[]) => {
    const composed = composeEdits(text, first, second);
    assert.equal(applyEdits(text, composed), applyEdits(applyEdits(text, first), second));
    return composed;
  };

  test('edits far apart stay apart, and the text between them is not touched', () => {
    const composed = check([{ start: 0, end: 5, newText: 'ALPHA' }], [{ start: 24, end: 24, newText: 'epsilon\n' }]);
    assert.deepEqual(composed, [
      { start: 0, end: 5, newText: 'ALPHA' },
      { start: 24, end: 24, newText: 'epsilon\n' },
    ]);
  });

  test('a second edit inside what the first inserted becomes part of it', () => {
    const composed = check([{ start: 6, end: 6, newText: 'one two\n' }], [{ start: 10, end: 13, newText: 'TWO' }]);
    assert.deepEqual(composed, [{ start: 6, end: 6, newText: 'one TWO\n' }]);
  });

  test('overlapping and touching edits merge; a later edit is shifted by the first', () => {
    check([{ start: 6, end: 10, newText: 'B' }], [{ start: 5, end: 8, newText: '!' }]);
    check(
      [
        { start: 0, end: 0, newText: 'x' },
        { start: 12, end: 12, newText: 'yy' },
      ],
      [
        { start: 1, end: 1, newText: 'z' },
        { start: 20, end: 25, newText: '' },
      ],
    );
  });

  test('random rounds of edits', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const edits = (t: string): TextEdit[] => {
      const cuts = Array.from({ length: 2 * (1 + rand(3)) }, () => rand(t.length + 1)).sort((a, b) => a - b);
      const out: TextEdit[] = [];
      for (let i = 0; i < cuts.length; i += 2) if (!out.length || cuts[i] > out[out.length - 1].end) out.push({ start: cuts[i], end: cuts[i + 1], newText: 'n'.repeat(rand(4)) });
      return out;
    };
    for (let round = 0; round < 300; round++) {
      const first = edits(text);
      check(first, edits(applyEdits(text, first)));
    }
  });
});
