/**
 * FORMAT.md "Version 1 additions": shared causes (`shared`, `uses`, `accepted.shared`), their
 * push and software-bug scenarios, and the rules shared-push and version-monoculture. Each
 * expectation is what the contract's text derives for the design, worked out by hand.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, applyEdits, computeFixes, Finding } from '../../src/core';

const TODAY = { today: '2026-11-26' };

function findings(text: string): readonly Finding[] {
  return analyze(text, TODAY).findings;
}

/** The additions' example, completed into a design: an edge tier and an api on one OS image. */
const EXAMPLE = `redundancy: 1
system: edge
tolerate: [host, zone, bad-release, bad-config, poison-pill]
shared:
  base-image:
    type: software                 # software | config (required)
    layer: os
    version: ubuntu-22.04.4
    rollout: { strategy: waves, waves: [1, 10%, 100%] }
  edge-rules:
    type: config
    layer: waf-rules
    rollout: all-at-once
uses: [base-image]
components:
  edge:
    kind: stateless
    uses: [edge-rules]
    rollout: { software: canary, config: rolling }
    replicas:
      - { count: 4, spread: { zone: [a, b] }, version: edge@7, config: edge-cfg@3 }
  api:
    kind: stateless
    rollout: { software: canary, config: rolling }
    replicas:
      - { count: 3, spread: { zone: [a, b, c] }, version: api@2, config: api-cfg@1 }
`;

describe('shared items: scenarios', () => {
  const result = analyze(EXAMPLE, TODAY);
  const scenario = (threat: string, value: string) => result.scenarios.find((s) => s.threat === threat && s.value === value);

  test('a config item pushed all-at-once takes down the first wave over every replica of every user', () => {
    const push = scenario('bad-config', 'edge-rules')!;
    assert.deepEqual(push.replicasDown, ['edge-1', 'edge-2', 'edge-3', 'edge-4']);
    assert.deepEqual(push.componentsDownDirectly, ['edge']);
  });

  test('a staged software item takes down one replica: waves count over all 7 replicas of its users, in file order', () => {
    const push = scenario('bad-release', 'base-image')!;
    assert.deepEqual(push.replicasDown, ['edge-1']);
    assert.deepEqual(push.componentsDownDirectly, []);
  });

  test("a software item's version is one more software-bug scenario, over every replica of its users", () => {
    const bug = scenario('software-bug', 'ubuntu-22.04.4')!;
    assert.equal(bug.replicasDown.length, 7);
    assert.deepEqual(bug.componentsDownDirectly, ['edge', 'api']);
    // The replicas' own versions are still scenarios of their own.
    assert.ok(scenario('software-bug', 'edge@7'));
  });
});

describe('shared-push', () => {
  test('one finding per item whose tolerated push takes a component down, at the item, naming layer, rollout and components', () => {
    const got = findings(EXAMPLE).filter((f) => f.rule === 'shared-push');
    assert.equal(got.length, 1);
    const f = got[0];
    assert.equal(f.severity, 'warning');
    assert.equal(f.component, null);
    assert.deepEqual(f.scenario, { threat: 'bad-config', value: 'edge-rules' });
    assert.equal(EXAMPLE.slice(f.range.start, f.range.end), 'edge-rules');
    assert.ok(f.range.start < EXAMPLE.indexOf('components:'), 'the key under shared, not a uses entry');
    for (const part of ['edge-rules (waf-rules)', 'all-at-once', 'all 4 replicas', 'takes down 1 component (edge)', 'own staged rollouts do not help']) {
      assert.ok(f.message.includes(part), `${part} in: ${f.message}`);
    }
  });

  test('one cause, one finding: the components it takes down get no unstaged-rollout, shared-version-and-config or dependency-bottleneck for it', () => {
    const text = EXAMPLE.replace(
      '    rollout: { software: canary, config: rolling }\n    replicas:\n      - { count: 3',
      '    dependsOn: [edge]\n    rollout: { software: canary, config: rolling }\n    replicas:\n      - { count: 3',
    );
    const all = findings(text);
    const push = all.find((f) => f.rule === 'shared-push')!;
    assert.ok(push.message.includes('takes down 2 components (edge and api)'), push.message);
    assert.deepEqual(
      all.filter((f) => ['unstaged-rollout', 'shared-version-and-config', 'dependency-bottleneck'].includes(f.rule)).map((f) => `${f.rule}/${f.component}`),
      [],
    );
  });

  test('a push that takes down only components not claiming to tolerate its class is untolerated exposure, not shared-push', () => {
    const text = EXAMPLE.replace('tolerate: [host, zone, bad-release, bad-config, poison-pill]', 'tolerate: [host, zone, bad-release, poison-pill]');
    const all = findings(text);
    assert.equal(all.filter((f) => f.rule === 'shared-push').length, 0);
    assert.ok(all.some((f) => f.rule === 'untolerated-exposure' && f.component === 'edge' && f.scenario?.value === 'edge-rules'));
  });

  test('the message names a few components, then a count, however many use the item', () => {
    const many = Array.from(
      { length: 60 },
      (_, i) => `  c${i}:\n    kind: stateless\n    replicas:\n      - { count: 2, spread: { zone: [a, b] }, version: c@${i}, config: k }\n    rollout: { software: rolling, config: rolling }\n`,
    ).join('');
    const text = `redundancy: 1\nsystem: big\nshared:\n  flags:\n    type: config\n    layer: flags\nuses: [flags]\ncomponents:\n${many}`;
    const f = findings(text).find((x) => x.rule === 'shared-push')!;
    assert.ok(f.message.includes('takes down 60 components (c0, c1, c2 and 57 more)'), f.message);
    assert.ok(f.message.length < 400, 'bounded');
    assert.ok(f.related.length <= 5);
  });

  test('accepted entries name the shared item; an entry for another item silences nothing', () => {
    const accept = (id: string) => `${EXAMPLE}accepted:\n  - { rule: shared-push, shared: ${id}, reason: Rules are tested in staging. }\n`;
    assert.equal(findings(accept('edge-rules')).find((f) => f.rule === 'shared-push')!.accepted, true);
    const other = findings(accept('base-image'));
    assert.equal(other.find((f) => f.rule === 'shared-push')!.accepted, false);
  });

  test('fixes: stage the item (proven), or accept it by name', () => {
    const f = findings(EXAMPLE).find((x) => x.rule === 'shared-push')!;
    const fixes = computeFixes(EXAMPLE, f.data.key, TODAY);
    const design = fixes.filter((x) => x.kind === 'design');
    assert.ok(design.length >= 1);
    const staged = applyEdits(EXAMPLE, design[0].edits);
    assert.ok(staged.includes('    layer: waf-rules\n    rollout: { strategy: waves, waves: [1, 10%, 100%] }\n'), staged);
    assert.ok(staged.includes('type: software                 # software | config (required)'), 'comments kept');
    assert.equal(findings(staged).filter((x) => x.rule === 'shared-push').length, 0);
    const accept = fixes.find((x) => x.kind === 'accept')!;
    const accepted = applyEdits(EXAMPLE, accept.edits);
    assert.ok(accepted.includes('shared: edge-rules'));
    assert.equal(findings(accepted).find((x) => x.rule === 'shared-push')!.accepted, true);
  });
});

describe('version-monoculture', () => {
  const meta = (tolerate: string, replicas: string) =>
    `redundancy: 1\nsystem: m\ntolerate: [${tolerate}]\ncomponents:\n  meta:\n    kind: state-machine\n    rollout: { software: rolling, config: rolling }\n    replicas:\n${replicas}`;
  const one = '      - { count: 3, spread: { zone: [a, b, c] }, version: etcd@3.5, config: c1 }\n';

  test('fires when software-bug is tolerated and one version holds too many replicas; names the version', () => {
    const got = findings(meta('host, zone, software-bug', one)).filter((f) => f.rule === 'version-monoculture');
    assert.equal(got.length, 1);
    assert.deepEqual(got[0].scenario, { threat: 'software-bug', value: 'etcd@3.5' });
    assert.ok(got[0].message.includes('all 3 replicas run etcd@3.5'), got[0].message);
    assert.ok(got[0].message.includes('quorum needs 2'), got[0].message);
  });

  test('without software-bug in tolerate the exposure stays untolerated-exposure', () => {
    const all = findings(meta('host, zone', one));
    assert.equal(all.filter((f) => f.rule === 'version-monoculture').length, 0);
    assert.ok(all.some((f) => f.rule === 'untolerated-exposure' && f.scenario?.threat === 'software-bug'));
  });

  test('two versions are not enough for a three-voter state machine; three are', () => {
    const two = '      - { count: 2, spread: { zone: [a, b] }, version: etcd@3.5, config: c1 }\n      - { zone: c, version: etcd@3.4, config: c1 }\n';
    assert.equal(findings(meta('host, zone, software-bug', two)).filter((f) => f.rule === 'version-monoculture').length, 1);
    const three = '      - { zone: a, version: etcd@3.5, config: c1 }\n      - { zone: b, version: etcd@3.4, config: c1 }\n      - { zone: c, version: etcd@3.3, config: c1 }\n';
    assert.equal(findings(meta('host, zone, software-bug', three)).filter((f) => f.rule === 'version-monoculture').length, 0);
  });

  test("a shared item's version counts: the message says whose version it is", () => {
    const text = `redundancy: 1\nsystem: s\ntolerate: [host, software-bug]\nshared:\n  base-image: { type: software, layer: os, version: ubuntu-22.04 }\nuses: [base-image]\ncomponents:\n  api:\n    kind: stateless\n    replicas:\n      - { host: h1, version: api@1 }\n      - { host: h2, version: api@2 }\n`;
    const f = findings(text).find((x) => x.rule === 'version-monoculture')!;
    assert.deepEqual(f.scenario, { threat: 'software-bug', value: 'ubuntu-22.04' });
    assert.ok(f.message.includes('the version of shared base-image (os)'), f.message);
  });

  test('an accepted entry naming the shared item accepts the monocultures on its version, and only those', () => {
    const text = `redundancy: 1\nsystem: s\ntolerate: [host, software-bug]\nshared:\n  kernel: { type: software, layer: kernel, version: linux@3.2 }\ncomponents:\n  api:\n    kind: stateless\n    uses: [kernel]\n    replicas:\n      - { host: h1, version: api@1 }\n      - { host: h2, version: api@2 }\n  db:\n    kind: stateless\n    replicas:\n      - { host: d1, version: db@1 }\n      - { host: d2, version: db@1 }\n`;
    const mono = (t: string) => findings(t).filter((f) => f.rule === 'version-monoculture');
    assert.ok(mono(text)[0].message.includes('the version of shared kernel under'), 'the layer is left out when it repeats the id');
    const accepted = mono(`${text}accepted:\n  - { rule: version-monoculture, shared: kernel, reason: One kernel fleet-wide. }\n`);
    assert.deepEqual(accepted.map((f) => `${f.component} ${f.scenario?.value} ${f.accepted}`).sort(), ['api linux@3.2 true', 'db db@1 false']);
  });

  test('the fix splits the group into enough versions, every replica keeping its zone, and is proven', () => {
    const text = meta('host, zone, software-bug', one);
    const f = findings(text).find((x) => x.rule === 'version-monoculture')!;
    const fix = computeFixes(text, f.data.key, TODAY).find((x) => x.kind === 'design')!;
    assert.ok(fix, 'a design fix');
    const after = applyEdits(text, fix.edits);
    const zones = (t: string) => analyze(t, TODAY).model!.components[0].replicas.map((r) => r.placement.zone);
    assert.deepEqual(zones(after), zones(text));
    const versions = analyze(after, TODAY).model!.components[0].replicas.map((r) => r.version);
    assert.deepEqual(versions, ['etcd@3.5', 'etcd@3.5-b', 'etcd@3.5-c']);
    assert.equal(findings(after).filter((x) => x.rule === 'version-monoculture').length, 0);
  });
});

describe('references and the schema', () => {
  test('a uses entry naming no shared item is unknown-reference, at the entry, listing the shared items', () => {
    const text = EXAMPLE.replace('uses: [edge-rules]', 'uses: [edge-rulez]');
    const f = findings(text).find((x) => x.rule === 'unknown-reference')!;
    assert.equal(text.slice(f.range.start, f.range.end), 'edge-rulez');
    assert.ok(f.message.includes('shared items: base-image, edge-rules'), f.message);
  });

  test('a shared id equal to a component id is a schema error at the shared key', () => {
    const text = EXAMPLE.replace('  edge-rules:\n    type: config', '  api:\n    type: config').replace('uses: [edge-rules]', 'uses: [api]');
    const f = findings(text).find((x) => x.rule === 'schema')!;
    assert.ok(f.message.includes("Shared item 'api' has the id of component 'api'"), f.message);
    assert.ok(f.range.start < text.indexOf('components:'));
  });

  test('a shared item without a type is a schema error and adds no scenario', () => {
    const text = EXAMPLE.replace('    type: config\n', '');
    const result = analyze(text, TODAY);
    assert.ok(result.findings.some((f) => f.rule === 'schema' && f.message.includes('type')));
    assert.equal(result.scenarios.filter((s) => s.value === 'edge-rules').length, 0);
  });
});

describe('bounded output on long dependency chains', () => {
  /** n components, each depending on the next, every one a single version (each bad release takes down everything above it). */
  const chain = (n: number, fan = false) => {
    let s = 'redundancy: 1\nsystem: chain\ncomponents:\n';
    for (let i = n - 1; i >= 0; i--) {
      s += `  c${i}:\n    kind: stateless\n    replicas:\n      - { host: h${i}a, zone: z${i % 3}, version: v${i}, config: k }\n      - { host: h${i}b, zone: z${(i + 1) % 3}, version: v${i}, config: k }\n`;
      if (i > 0) s += `    dependsOn: [${fan ? 'c0' : `c${i - 1}`}]\n`;
    }
    return s;
  };
  const size = (text: string) => {
    const r = analyze(text, TODAY);
    return r.findings.reduce((sum, f) => sum + f.message.length, 0) + r.scenarios.reduce((sum, s) => sum + s.caption.length, 0);
  };

  test('messages and captions grow linearly with the chain: doubling it at most doubles them (plus digits)', () => {
    const small = size(chain(150));
    const large = size(chain(300));
    assert.ok(large / small < 2.3, `${small} → ${large} characters`);
  });

  test('a message names a few hops of a long chain, then a count, then its root', () => {
    const f = analyze(chain(60), TODAY).findings.find((x) => x.rule === 'dependency-bottleneck' && x.component === 'c59')!;
    assert.ok(f.message.includes('(c59 → c58 → c57 → … 56 more … → c0)'), f.message);
  });

  test('a wide fan-in names a few of the components a scenario takes down, then a count', () => {
    const s = analyze(chain(200, true), TODAY).scenarios.find((x) => x.threat === 'bad-release' && x.value === 'c0')!;
    assert.equal(s.blastRadius, 200);
    assert.ok(s.caption.includes('194 more components down'), s.caption);
    assert.ok(s.caption.length < 500);
  });
});
