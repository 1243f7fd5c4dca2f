import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, Finding } from '../../src/core';

const TODAY = '2026-11-26';

function findings(text: string): readonly Finding[] {
  return analyze(text, { today: TODAY }).findings;
}

function rules(text: string, component?: string): string[] {
  return findings(text)
    .filter((f) => component === undefined || f.component === component)
    .map((f) => f.rule)
    .sort();
}

function only(text: string, rule: string, component?: string): Finding[] {
  return findings(text).filter((f) => f.rule === rule && (component === undefined || f.component === component));
}

/** A design with the given components block (already indented by 2). */
function design(components: string, extra = ''): string {
  return `redundancy: 1\nsystem: t\nfailureDomains: [zone, host]\ntolerate: [host, zone, bad-release, bad-config, poison-pill]\n${extra}components:\n${components}`;
}

const threeZones = `    replicas:
      - count: 3
        spread: { zone: [a, b, c] }
        version: v1
        config: c1
    rollout: { software: rolling, config: rolling }
`;

describe('single-replica', () => {
  test('fires for one replica and stands in for the scenario findings', () => {
    const text = design(`  db:\n    kind: store\n    replicas:\n      - { zone: a, version: v1, config: c1 }\n`);
    const got = rules(text, 'db');
    assert.ok(got.includes('single-replica'));
    for (const r of ['domain-concentration', 'unstaged-rollout', 'shared-version-and-config', 'poison-pill-halts-all']) {
      assert.ok(!got.includes(r), `${r} should be folded into single-replica`);
    }
    const f = only(text, 'single-replica')[0];
    assert.equal(text.slice(f.range.start, f.range.end), 'db');
    assert.deepEqual(f.scenario, { threat: 'host', value: 'db-1' });
  });

  test('does not fire for three replicas', () => {
    assert.equal(only(design(`  api:\n    kind: stateless\n${threeZones}`), 'single-replica').length, 0);
  });
});

describe('quorum-unreachable', () => {
  test('quorum above the replica count', () => {
    const text = design(`  log:\n    kind: log\n    quorum: 4\n${threeZones}`);
    assert.deepEqual(rules(text, 'log'), ['quorum-unreachable']);
  });
  test('state machine below a majority', () => {
    const text = design(`  meta:\n    kind: state-machine\n    quorum: 1\n${threeZones}`);
    assert.ok(rules(text, 'meta').includes('quorum-unreachable'));
  });
  test('a majority quorum is fine', () => {
    assert.equal(only(design(`  meta:\n    kind: state-machine\n    quorum: majority\n${threeZones}`), 'quorum-unreachable').length, 0);
  });
});

describe('domain-concentration', () => {
  const text = design(`  meta:
    kind: state-machine
    replicas:
      - { zone: a, version: v1, config: c1 }
      - { zone: a, version: v1, config: c1 }
      - { zone: b, version: v1, config: c1 }
    rollout: { software: rolling, config: rolling }
`);
  test('names the value and the counts', () => {
    const f = only(text, 'domain-concentration', 'meta');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].scenario, { threat: 'zone', value: 'a' });
    assert.match(f[0].message, /2 of 3 replicas are in zone a; quorum needs 2/);
    assert.match(f[0].message, /^meta survives the loss of a host.*but not the loss of a zone/);
  });
  test('does not fire when spread over three zones', () => {
    assert.equal(only(design(`  meta:\n    kind: state-machine\n${threeZones}`), 'domain-concentration').length, 0);
  });
  test('does not fire for an untolerated level (that is untolerated-exposure)', () => {
    const t = text.replace('tolerate: [host, zone,', 'tolerate: [host,');
    assert.equal(only(t, 'domain-concentration').length, 0);
    assert.equal(only(t, 'untolerated-exposure', 'meta').filter((f) => f.scenario?.threat === 'zone').length, 1);
  });
});

describe('shared-version-and-config and unstaged-rollout', () => {
  const unstaged = design(`  ledger:
    kind: consumer
    replicas:
      - count: 3
        spread: { zone: [a, b, c] }
        version: ledger@2.3.1
        config: ledger-cfg@7
`);
  test('same version and config, nothing staged: one shared-version-and-config, no unstaged-rollout', () => {
    const got = rules(unstaged, 'ledger');
    assert.ok(got.includes('shared-version-and-config'));
    assert.ok(!got.includes('unstaged-rollout'));
    const f = only(unstaged, 'shared-version-and-config')[0];
    assert.match(f.message, /all 3 replicas run ledger@2\.3\.1 with config ledger-cfg@7 and both rollouts are all-at-once/);
    assert.match(f.message, /but not a bad release or a bad config push/);
  });
  test('replicas without version or config are named as unnamed ones', () => {
    const unnamed = unstaged.replace('        version: ledger@2.3.1\n        config: ledger-cfg@7\n', '');
    assert.notEqual(unnamed, unstaged);
    const f = only(unnamed, 'shared-version-and-config')[0];
    assert.match(f.message, /all 3 replicas run an unnamed version with an unnamed config and both rollouts are all-at-once/);
  });
  test('two versions but an all-at-once rollout: unstaged-rollout per class', () => {
    const two = unstaged + '      - { zone: a, version: ledger@2.4.0, config: ledger-cfg@7 }\n';
    const f = only(two, 'unstaged-rollout', 'ledger');
    assert.deepEqual(f.map((x) => x.scenario?.threat).sort(), ['bad-config', 'bad-release']);
    assert.equal(only(two, 'shared-version-and-config').length, 0);
  });
  test('a staged software rollout leaves only the config finding', () => {
    const staged = unstaged.replace('config: ledger-cfg@7\n', 'config: ledger-cfg@7\n    rollout: { software: canary }\n');
    assert.deepEqual(
      only(staged, 'unstaged-rollout').map((f) => f.scenario?.threat),
      ['bad-config'],
    );
  });
  test('waves: a first wave too large for quorum is unstaged', () => {
    const t = design(
      `  log:\n    kind: log\n    replicas:\n      - count: 3\n        spread: { zone: [a, b, c] }\n        version: v1\n        config: c1\n      - { zone: a, version: v2, config: c1 }\n    rollout:\n      software: { strategy: waves, waves: [2, 100%] }\n      config: rolling\n`,
    );
    // 4 replicas, majority 3: a first wave of 2 leaves 2 < 3.
    assert.deepEqual(
      only(t, 'unstaged-rollout').map((f) => f.scenario?.threat),
      ['bad-release'],
    );
  });
});

describe('poison pills', () => {
  const oneVersion = '      - count: 3\n        spread: { zone: [a, b, c] }\n        version: v1\n        config: c1\n';
  const consumer = (policy: string, replicas = oneVersion) =>
    design(`  events:
    kind: log
${threeZones}  reader:
    kind: consumer
    consumes: [events]
    onPoisonPill: ${policy}
    replicas:
${replicas}    rollout: { software: rolling, config: rolling }
`);
  test('stop with one version halts all', () => {
    const f = only(consumer('stop'), 'poison-pill-halts-all', 'reader');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].scenario, { threat: 'poison-pill', value: 'events' });
    assert.equal(only(consumer('stop'), 'poison-pill-halts-all', 'events').length, 0, 'log brokers are not affected');
  });
  test('dead-letter survives; skip loses data', () => {
    assert.equal(only(consumer('dead-letter'), 'poison-pill-halts-all').length, 0);
    assert.equal(only(consumer('dead-letter'), 'poison-pill-data-loss').length, 0);
    const skip = consumer('skip');
    const f = only(skip, 'poison-pill-data-loss', 'reader');
    assert.equal(f.length, 1);
    assert.equal(skip.slice(f[0].range.start, f[0].range.end), 'skip');
  });
  test('N-version diversity: the largest version group stops, the rest keeps quorum 1', () => {
    const text = consumer('stop', `      - { zone: a, version: r1, config: c1 }\n      - { zone: b, version: r1, config: c1 }\n      - { zone: c, version: r2, config: c1 }\n`);
    assert.equal(only(text, 'poison-pill-halts-all', 'reader').length, 0);
  });
  test('a replicated store is hit by its own replication stream', () => {
    const text = design(`  db:\n    kind: store\n    quorum: all\n${threeZones}`);
    const f = only(text, 'poison-pill-halts-all', 'db');
    assert.deepEqual(f[0]?.scenario, { threat: 'poison-pill', value: 'db' });
  });
});

describe('dependency-bottleneck', () => {
  const text = design(`  api:
    kind: stateless
    dependsOn: [db]
${threeZones}  db:
    kind: primary-backup
    onPoisonPill: dead-letter
    replicas:
      - { zone: a, version: pg@16, config: pg-1 }
      - { zone: b, version: pg@16, config: pg-1 }
`);
  test('the dependent gets the chain, the dependency its own cause', () => {
    const f = only(text, 'dependency-bottleneck', 'api');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /api → db/);
    assert.ok(rules(text, 'db').includes('shared-version-and-config'));
    assert.equal(only(text, 'dependency-bottleneck', 'db').length, 0);
  });
  test('no dependency, no bottleneck', () => {
    assert.equal(only(text.replace('dependsOn: [db]', 'dependsOn: []'), 'dependency-bottleneck').length, 0);
  });
});

describe('unknown-reference', () => {
  test('dependsOn, consumes and accepted.component', () => {
    const text = design(`  api:\n    kind: stateless\n    dependsOn: [dbb]\n    consumes: [nope]\n${threeZones}`, '') + `accepted:\n  - rule: single-replica\n    component: ghost\n    reason: x\n`;
    const f = only(text, 'unknown-reference');
    assert.deepEqual(f.map((x) => text.slice(x.range.start, x.range.end)).sort(), ['dbb', 'ghost', 'nope']);
    assert.ok(f.every((x) => x.severity === 'error'));
  });
});

describe('unknown-placement', () => {
  test('one per component and tolerated level', () => {
    const text = design(`  api:\n    kind: stateless\n    replicas:\n      - count: 2\n        version: v1\n        config: c1\n    rollout: { software: rolling, config: rolling }\n`);
    const f = only(text, 'unknown-placement', 'api');
    assert.deepEqual(
      f.map((x) => x.scenario),
      [{ threat: 'zone', value: '' }],
    );
    assert.equal(f[0].severity, 'information');
  });
});

describe('untolerated-exposure', () => {
  test('software-bug is reported as information when not tolerated', () => {
    const text = design(`  api:\n    kind: stateless\n${threeZones}`);
    const f = only(text, 'untolerated-exposure', 'api');
    assert.deepEqual(
      f.map((x) => x.scenario),
      [{ threat: 'software-bug', value: 'v1' }],
    );
  });
});

describe('accepted entries', () => {
  const base = design(`  db:\n    kind: store\n    replicas:\n      - { zone: a, version: v1, config: c1 }\n`);
  test('an unexpired entry marks the finding accepted, not dropped', () => {
    const text = base + `accepted:\n  - rule: single-replica\n    component: db\n    reason: dev only\n    until: 2027-01-01\n`;
    const f = only(text, 'single-replica')[0];
    assert.equal(f.accepted, true);
    assert.ok(f.data.acceptedBy);
    assert.equal(findings(text)[findings(text).length - 1].accepted, true, 'accepted findings rank last');
  });
  test('an entry without component matches every component', () => {
    const text = base + `accepted:\n  - rule: single-replica\n    reason: dev only\n`;
    assert.equal(only(text, 'single-replica')[0].accepted, true);
  });
  test('an expired entry silences nothing and is a finding itself', () => {
    const text = base + `accepted:\n  - rule: single-replica\n    component: db\n    reason: dev only\n    until: 2026-11-25\n`;
    assert.equal(only(text, 'single-replica')[0].accepted, false);
    const e = only(text, 'accepted-risk-expired');
    assert.equal(e.length, 1);
    assert.equal(text.slice(e[0].range.start, e[0].range.end), '2026-11-25');
  });
  test('the first entry in the file that matches wins, whether it names the component or not', () => {
    const named = `  - rule: single-replica\n    component: db\n    reason: named\n`;
    const any = `  - rule: single-replica\n    reason: any\n`;
    const other = `  - rule: single-replica\n    component: api\n    reason: other\n`;
    const reasonOf = (entries: string) => only(base + `accepted:\n${entries}`, 'single-replica')[0].related.at(-1)?.message;
    assert.equal(reasonOf(named + any), 'accepted: named');
    assert.equal(reasonOf(any + named), 'accepted: any');
    assert.equal(reasonOf(other + any + named), 'accepted: any', 'an entry for another component is passed over');
  });
  test('the until day itself still counts', () => {
    const text = base + `accepted:\n  - rule: single-replica\n    reason: x\n    until: ${TODAY}\n`;
    assert.equal(only(text, 'accepted-risk-expired').length, 0);
    assert.equal(only(text, 'single-replica')[0].accepted, true);
  });
});

describe('ranking', () => {
  test('errors first, then warnings by blast radius', () => {
    const text = design(`  api:
    kind: stateless
    dependsOn: [db, ghost]
${threeZones}  db:
    kind: store
    replicas:
      - { zone: a, version: v1, config: c1 }
`);
    const fs = findings(text);
    assert.equal(fs[0].rule, 'unknown-reference');
    const warnings = fs.filter((f) => f.severity === 'warning');
    assert.equal(warnings[0].component, 'db', 'the single replica that takes api down ranks first');
    const sev = fs.map((f) => ['error', 'warning', 'information', 'hint'].indexOf(f.severity));
    assert.deepEqual(
      sev,
      [...sev].sort((a, b) => a - b),
    );
  });
});
