import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDesign } from '../../src/core/parse';
import { closest } from '../../src/core/suggest';
import type { Fix, OffsetRange } from '../../src/core/types';
import { designSchema, validateDesign, type SchemaProblem } from '../../src/core/validate';

const FIXTURES = path.join(__dirname, '../../../test/core/fixtures/schema');

function problems(text: string): SchemaProblem[] {
  return validateDesign(parseDesign(text));
}

/** The only problem, failing with the whole list when there is not exactly one. */
function single(text: string): SchemaProblem {
  const ps = problems(text);
  assert.equal(
    ps.length,
    1,
    `expected one problem, got ${JSON.stringify(
      ps.map((p) => p.message),
      null,
      1,
    )}`,
  );
  return ps[0];
}

/** Range of the `nth` occurrence of `needle` in `text`, located by search rather than by counting. */
function rangeOf(text: string, needle: string, nth = 0): OffsetRange {
  let start = -1;
  for (let i = 0; i <= nth; i++) {
    start = text.indexOf(needle, start + 1);
    assert.ok(start >= 0, `'${needle}' (#${nth}) not in the text`);
  }
  return { start, end: start + needle.length };
}

function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** A valid design with room for one broken line per test: `BODY` is replaced. */
function design(body: string): string {
  return ['redundancy: 1', 'system: checkout', 'components:', '  orders:', '    kind: log', '    replicas:', '      - count: 3', '        spread: { zone: [a, b, c] }', body].join('\n') + '\n';
}

describe('validateDesign', () => {
  it('accepts the complete example of FORMAT.md', () => {
    const text = readFileSync(path.join(FIXTURES, 'format-example.redundancy.yaml'), 'utf8');
    assert.ok(text.includes('components:'), 'fixture is the FORMAT.md example');
    assert.deepEqual(problems(text), []);
  });

  it('accepts every optional field and extension', () => {
    const text = [
      '$schema: https://example.invalid/redundancy.schema.json',
      'redundancy: 1',
      'system: s',
      'description: d',
      'failureDomains: [region, datacenter, host]',
      'tolerate: [host, datacenter, bad-release, bad-config, software-bug, poison-pill]',
      'frequencyOrder: [host, bad-config, datacenter]',
      'components:',
      '  db:',
      '    kind: state-machine',
      '    description: the ledger of record',
      '    quorum: majority',
      '    onPoisonPill: dead-letter',
      '    tolerate: []',
      '    rollout:',
      '      software: { strategy: waves, waves: [1, 50%, 100%] }',
      '      config: { strategy: rolling }',
      '    replicas:',
      '      - { id: db-a, host: h1, datacenter: 7, region: eu, version: 2, config: c@1 }',
      '      - count: 2',
      '        spread: { datacenter: [d1, d2], host: [h2, h3] }',
      '  api:',
      '    kind: stateless',
      '    quorum: 2',
      '    dependsOn: [db]',
      '    consumes: [db]',
      '    replicas: [{ count: 10000 }]',
      'accepted:',
      '  - rule: single-replica',
      '    reason: r',
      '  - { rule: accepted-risk-expired, component: api, reason: r, until: 2024-02-29 }',
    ].join('\n');
    assert.deepEqual(problems(text), []);
  });

  describe('missing keys', () => {
    it('reports a missing component key at the component key', () => {
      const text = design('  ledger:\n    replicas: [{ host: h1 }]');
      const p = single(text);
      assert.equal(p.message.startsWith('Missing required key `kind` in component `ledger`'), true, p.message);
      assert.deepEqual(p.range, rangeOf(text, 'ledger'));
      assert.deepEqual(p.path, ['components', 'ledger', 'kind']);
      assert.deepEqual(p.data, { kind: 'other' });
    });

    it('reports a key missing at the top level on the first line of the document', () => {
      const text = 'redundancy: 1\ncomponents:\n  a: { kind: log, replicas: [{ host: h }] }\n';
      const p = single(text);
      assert.match(p.message, /Missing required key `system`/);
      assert.deepEqual(p.range, rangeOf(text, 'redundancy: 1'));
      assert.deepEqual(p.path, ['system']);
    });

    it('reports a key missing in a list item on the first line of the item', () => {
      const text = design('accepted:\n  - rule: single-replica\n    component: orders\n');
      const p = single(text);
      assert.match(p.message, /Missing required key `reason` in entry 1 of `accepted`/);
      assert.deepEqual(p.range, rangeOf(text, 'rule: single-replica'));
      assert.deepEqual(p.path, ['accepted', 0, 'reason']);
    });

    it('asks for the waves list when the strategy is waves', () => {
      const text = design('    rollout:\n      software: { strategy: waves }');
      const p = single(text);
      assert.match(p.message, /Missing required key `waves` in `rollout.software` of component `orders`/);
      assert.deepEqual(p.range, rangeOf(text, 'software'));
    });
  });

  describe('unknown keys', () => {
    it('reports the key, suggests the right one and renames it', () => {
      const text = design('    dependOn: [orders]');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'dependOn'));
      assert.match(p.message, /^Unknown key 'dependOn' in component `orders`; did you mean 'dependsOn'\?/);
      assert.equal(p.data.kind, 'unknown-key');
      if (p.data.kind === 'unknown-key') {
        assert.equal(p.data.key, 'dependOn');
        assert.equal(p.data.suggestion, 'dependsOn');
        assert.ok(p.data.allowed.includes('kind'));
      }
      assert.equal(p.fixes.length, 1);
      assert.equal(p.fixes[0].kind, 'schema');
      assert.equal(p.fixes[0].isPreferred, true);
      const fixed = applyFix(text, p.fixes[0]);
      assert.equal(fixed, text.replace('dependOn', 'dependsOn'));
      assert.deepEqual(problems(fixed), []);
    });

    it('offers no rename onto a key the mapping already has', () => {
      const text = design('    kinds: log');
      const p = single(text);
      assert.equal(p.data.kind === 'unknown-key' && p.data.suggestion, 'kind');
      assert.deepEqual(p.fixes, []);
    });

    it('reports an unknown top-level key without a suggestion when nothing is close', () => {
      const text = design('owner: team-a');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'owner'));
      assert.deepEqual(p.fixes, []);
      assert.equal(p.data.kind === 'unknown-key' && p.data.suggestion, null);
    });
  });

  describe('enum values', () => {
    it('suggests the closest value; its fix removes the problem and changes nothing else', () => {
      const text = design('  ledger:\n    kind: state-machin\n    replicas: [{ host: h1 }, { host: h2 }, { host: h3 }]');
      const p = single(text);
      assert.equal(p.message, "`kind` must be one of stateless, state-machine, primary-backup, log, consumer, store; did you mean 'state-machine'?");
      assert.deepEqual(p.range, rangeOf(text, 'state-machin'));
      assert.deepEqual(p.data, { kind: 'enum', allowed: ['stateless', 'state-machine', 'primary-backup', 'log', 'consumer', 'store'], suggestion: 'state-machine' });
      assert.equal(p.fixes.length, 6);
      assert.equal(p.fixes[0].title, "Change to 'state-machine'");
      assert.deepEqual(
        p.fixes.map((f) => f.isPreferred),
        [true, false, false, false, false, false],
      );
      const { start, end } = rangeOf(text, 'state-machin');
      const fixed = applyFix(text, p.fixes[0]);
      assert.equal(fixed, text.slice(0, start) + 'state-machine' + text.slice(end));
      assert.deepEqual(problems(fixed), []);
      for (const f of p.fixes) assert.deepEqual(problems(applyFix(text, f)), [], f.title);
    });

    it('keeps the quoting style of the value', () => {
      for (const [written, replaced] of [
        ['"stateles"', '"stateless"'],
        ["'stateles'", "'stateless'"],
      ]) {
        const text = design(`  api:\n    kind: ${written}\n    replicas: [{ host: h1 }]`);
        const p = single(text);
        assert.deepEqual(p.range, rangeOf(text, written));
        const fixed = applyFix(text, p.fixes[0]);
        assert.equal(fixed, text.replace(written, replaced));
        assert.deepEqual(problems(fixed), []);
      }
    });

    it('explains that schema findings cannot be accepted', () => {
      const text = design('accepted:\n  - { rule: schema, reason: r }');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'schema'));
      assert.match(p.message, /cannot be accepted/);
      assert.equal(p.data.kind === 'enum' && p.data.allowed.includes('schema'), false);
    });
  });

  describe('wrong types and values', () => {
    it('reports a mapping where a list belongs, at the value', () => {
      const text = design('  api:\n    kind: stateless\n    replicas: { count: 3 }');
      const p = single(text);
      assert.equal(p.message, '`replicas` must be a list (it is a mapping)');
      assert.deepEqual(p.range, rangeOf(text, '{ count: 3 }'));
      assert.deepEqual(p.path, ['components', 'api', 'replicas']);
    });

    it('reports a multi-line value at its key rather than across its lines', () => {
      const text = design('    description:\n      - a\n      - b');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'description'));
    });

    it('says what count accepts', () => {
      for (const bad of ['0', '10001', 'many', '2.5']) {
        const text = design(`      - count: ${bad}`);
        const p = single(text);
        assert.equal(p.message, '`count` must be an integer from 1 to 10000');
        assert.deepEqual(p.range, rangeOf(text, bad, text.split(bad).length - 2));
      }
    });

    it('checks the format version, dates and calendar days', () => {
      let text = design('accepted: [{ rule: single-replica, reason: r, until: 2027-6-30 }]').replace('redundancy: 1', 'redundancy: 2');
      let ps = problems(text);
      assert.deepEqual(
        ps.map((p) => text.slice(p.range.start, p.range.end)),
        ['2', '2027-6-30'],
      );
      assert.match(ps[0].message, /`redundancy` must be 1/);
      assert.match(ps[1].message, /YYYY-MM-DD/);
      text = design('accepted: [{ rule: single-replica, reason: r, until: 2027-02-30 }]');
      ps = problems(text);
      assert.equal(ps.length, 1);
      assert.deepEqual(ps[0].range, rangeOf(text, '2027-02-30'));
    });
  });

  describe('list items', () => {
    it('reports the offending item of a list', () => {
      const text = design('    dependsOn: [orders, 3]');
      const p = single(text);
      assert.equal(p.message, 'Item 2 of `dependsOn` must be a non-empty string');
      const at = rangeOf(text, '3]').start;
      assert.deepEqual(p.range, { start: at, end: at + 1 });
      assert.deepEqual(p.path, ['components', 'orders', 'dependsOn', 1]);
    });

    it('reports the second of two equal entries', () => {
      const text = design('tolerate: [host, zone, host]');
      const p = single(text);
      assert.equal(p.message, "'host' is listed twice in `tolerate`");
      assert.deepEqual(p.range, rangeOf(text, 'host', 1));
    });

    it('reports a replica item that is not a mapping', () => {
      const text = design('      - just-a-name');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'just-a-name'));
      assert.deepEqual(p.path, ['components', 'orders', 'replicas', 1]);
    });
  });

  describe('flow style', () => {
    const text = '{ redundancy: 1, system: s, components: { api: { kind: stateles, replicas: [ { host: h1, zoen: a }, { count: -1 } ] }, db: { kind: store } } }\n';
    const ps = problems(text);

    it('finds every problem inside flow collections', () => {
      assert.deepEqual(
        ps.map((p) => text.slice(p.range.start, p.range.end)),
        ['stateles', 'zoen', '-1', 'db'],
      );
    });

    it('places the missing key at the key of its flow mapping', () => {
      assert.match(ps[3].message, /Missing required key `replicas` in component `db`/);
    });

    it('renames an unknown replica key inside a flow mapping', () => {
      const zoen = ps[1];
      assert.match(zoen.message, /^Unknown key 'zoen' in item 1 of `replicas` in component `api`; did you mean 'zone'\?/);
      const fixed = applyFix(text, zoen.fixes[0]);
      assert.equal(fixed, text.replace('zoen', 'zone'));
      assert.equal(
        problems(fixed).some((p) => p.message.includes('zoen')),
        false,
      );
    });
  });

  describe('anchors and aliases', () => {
    it('reports a problem in an anchored node once, at the anchor, with its fixes', () => {
      const text = design('  base: &base\n    kind: stateles\n    replicas: [{ host: h1 }]\n  copy: *base\n  again: *base');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'stateles'));
      assert.deepEqual(p.path, ['components', 'base', 'kind']);
      assert.equal(p.fixes[0].title, "Change to 'stateless'");
      assert.deepEqual(problems(applyFix(text, p.fixes[0])), []);
    });

    it('reports a node that is fine where it is anchored but wrong where reused, at the alias', () => {
      const text = design('    rollout: &r { software: rolling }\n    description: *r');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, '*r'));
      assert.match(p.message, /`description` must be a string .*alias \*r/);
      assert.deepEqual(p.path, ['components', 'orders', 'description']);
      assert.deepEqual(p.fixes, []);
    });

    it('reports a problem inside a reused list once', () => {
      const text = design('  a:\n    kind: log\n    replicas: &rs\n      - { host: h1, rak: r1 }\n  b:\n    kind: log\n    replicas: *rs');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'rak'));
      assert.equal(p.data.kind === 'unknown-key' && p.data.suggestion, 'rack');
    });

    it('reports the alias when the anchored node sits where nothing is validated', () => {
      const text = 'redundancy: 1\nsystem: s\nowner: &o { kind: log }\ncomponents:\n  orders:\n    kind: log\n    rollout: *o\n    replicas: [{ host: h }]\n';
      const ps = problems(text);
      assert.deepEqual(
        ps.map((p) => text.slice(p.range.start, p.range.end)),
        ['owner', '*o'],
      );
      assert.match(ps[1].message, /^Unknown key 'kind' in `rollout` of component `orders`.*alias \*o/);
      assert.deepEqual(ps[1].path, ['components', 'orders', 'rollout', 'kind']);
      assert.deepEqual(ps[1].fixes, []);
    });
  });

  describe('alternatives (anyOf) surface as one message', () => {
    it('quorum: most', () => {
      const text = design('    quorum: most');
      const p = single(text);
      assert.equal(p.message, '`quorum` must be an integer of at least 1, `majority` or `all`');
      assert.deepEqual(p.range, rangeOf(text, 'most'));
      assert.deepEqual(
        p.fixes.map((f) => f.title),
        ["Change to 'majority'", "Change to 'all'"],
      );
      assert.deepEqual(problems(applyFix(text, p.fixes[0])), []);
    });

    it('quorum: 0, 1.5, a list, nothing', () => {
      for (const bad of ['0', '1.5', '[2]', '']) {
        const text = design(`    quorum: ${bad}`);
        assert.match(single(text).message, /^`quorum` must be an integer of at least 1, `majority` or `all`/);
      }
    });

    it('quorum: majorty suggests majority', () => {
      const p = single(design('    quorum: majorty'));
      assert.equal(p.data.kind === 'enum' && p.data.suggestion, 'majority');
      assert.equal(p.fixes[0].isPreferred, true);
    });

    it('a misspelt strategy name', () => {
      const text = design('    rollout: { software: canry }');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'canry'));
      assert.match(p.message, /did you mean 'canary'\?$/);
      assert.deepEqual(problems(applyFix(text, p.fixes[0])), []);
    });

    it('a misspelt strategy inside the object form is reported at the strategy', () => {
      const text = design('    rollout: { config: { strategy: canry, waves: [1] } }');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'canry'));
      assert.deepEqual(p.path, ['components', 'orders', 'rollout', 'config', 'strategy']);
    });

    it('a bad wave', () => {
      const text = design('    rollout: { software: { strategy: waves, waves: [1, 0%, 100%] } }');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, '0%'));
      assert.match(p.message, /^A wave is a replica count/);
    });

    it('the waves strategy by name alone', () => {
      const text = design('    rollout: { software: waves }');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'waves'));
      assert.match(p.message, /the waves strategy needs its list/);
    });
  });

  it('reads keys that are numbers', () => {
    const text = design('  1:\n    kind: log\n  2:\n    kind: log\n    replicas:\n      - { 7: x, host: h }');
    const ps = problems(text);
    assert.equal(ps.length, 2, JSON.stringify(ps));
    assert.match(ps[0].message, /Missing required key `replicas` in component `1`/);
    assert.deepEqual(ps[0].range, { start: text.indexOf('  1:') + 2, end: text.indexOf('  1:') + 3 });
    assert.deepEqual(ps[1].path, ['components', '2', 'replicas', 0, '7']);
    assert.deepEqual(ps[1].range, rangeOf(text, '7'));
  });

  describe('null values', () => {
    it('reports an empty enum value at its key and fills it in', () => {
      const text = design('  api:\n    kind:\n    replicas: [{ host: h }]');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'kind', 1));
      assert.match(p.message, /\(it has no value\)$/);
      const fixed = applyFix(text, p.fixes[0]);
      assert.equal(fixed, text.replace('    kind:\n    replicas: [', '    kind: stateless\n    replicas: ['));
      assert.deepEqual(problems(fixed), []);
    });

    it('reports an empty value in a flow mapping', () => {
      const text = design('  api: { kind: , replicas: [{ host: }] }');
      const ps = problems(text);
      assert.deepEqual(
        ps.map((p) => text.slice(p.range.start, p.range.end)),
        ['kind', 'host'],
      );
      const fixed = applyFix(text, ps[0].fixes[0]);
      assert.equal(fixed, text.replace('{ kind: ,', '{ kind: stateless,'));
    });
  });

  describe("failure-domain levels are the file's own", () => {
    const head = 'redundancy: 1\nsystem: s\nfailureDomains: [region, datacenter, host]\n';

    it('accepts custom levels in replicas, spread and tolerate', () => {
      const text =
        head +
        'tolerate: [datacenter, host]\ncomponents:\n  a:\n    kind: log\n    tolerate: [datacenter]\n    replicas:\n      - { datacenter: d1, host: h1 }\n      - count: 2\n        spread: { datacenter: [d2, d3] }\n';
      assert.deepEqual(problems(text), []);
    });

    it('rejects default levels the file does not declare', () => {
      const text = head + 'tolerate: [zone]\ncomponents:\n  a:\n    kind: log\n    replicas:\n      - { rack: r1, host: h1 }\n      - spread: { zone: [z1] }\n';
      const ps = problems(text);
      assert.deepEqual(
        ps.map((p) => text.slice(p.range.start, p.range.end)),
        ['zone', 'rack', 'zone'],
      );
      assert.equal(ps[0].data.kind, 'enum');
      assert.equal(ps[1].data.kind === 'unknown-key' && ps[1].data.allowed.includes('datacenter'), true);
      assert.match(ps[1].message, /datacenter/);
    });

    it('suggests a declared level for a misspelt one', () => {
      const text = head + 'tolerate: [datacentre]\ncomponents:\n  a:\n    kind: log\n    replicas:\n      - { datacentr: d1 }\n';
      const ps = problems(text);
      assert.equal(ps.length, 2);
      assert.match(ps[0].message, /^'datacentre' in `tolerate` is not a threat class of this design; .*did you mean 'datacenter'\?$/);
      assert.equal(ps[0].fixes[0].isPreferred, true);
      let fixed = text;
      for (const p of [...ps].reverse()) fixed = applyFix(fixed, p.fixes[0]);
      assert.deepEqual(problems(fixed), []);
    });

    it('checks frequencyOrder entries and level names', () => {
      const text = 'redundancy: 1\nsystem: s\nfailureDomains: [zone, version]\nfrequencyOrder: [zone, zonee, poison-pill]\ncomponents:\n  a: { kind: log, replicas: [{ zone: z }] }\n';
      const ps = problems(text);
      assert.deepEqual(
        ps.map((p) => text.slice(p.range.start, p.range.end)),
        ['version', 'zonee'],
      );
      assert.match(ps[0].message, /not the replica fields|other than the replica fields/);
    });

    it('uses the default levels when failureDomains is absent', () => {
      const ps = problems(design('      - { zoen: a }'));
      assert.equal(ps.length, 1);
      assert.equal(ps[0].data.kind === 'unknown-key' && ps[0].data.suggestion, 'zone');
      assert.match(ps[0].message, /\(region, zone, rack, host\)/);
    });

    it('does not add a type error for the value under an unknown key', () => {
      const text = design('      - { zoen: [a, b] }');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'zoen'));
    });
  });

  describe('files that are not a design mapping', () => {
    it('an empty file', () => {
      const p = single('');
      assert.deepEqual(p.range, { start: 0, end: 0 });
      assert.match(p.message, /empty/);
      assert.match(p.message, /redundancy: 1/);
      assert.match(p.message, /components/);
    });

    it('a file of comments only', () => {
      const p = single('# nothing yet\n');
      assert.equal(p.range.start, 0);
      assert.match(p.message, /empty/);
    });

    it('a document marker with nothing after it', () => {
      assert.match(single('---\n').message, /empty/);
    });

    it('a list at the top level', () => {
      const text = '- redundancy: 1\n- system: s\n';
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, '- redundancy: 1'));
      assert.match(p.message, /mapping.*a list/);
    });

    it('a scalar at the top level', () => {
      const text = 'checkout\n';
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'checkout'));
      assert.match(p.message, /mapping.*a single value/);
    });

    it('leaves broken YAML to the syntax check', () => {
      assert.deepEqual(problems('redundancy: 1\ncomponents: [\n'), []);
      assert.deepEqual(problems('system: "unclosed\n'), []);
    });

    it('with a repeated key, reports at the occurrence whose value was validated (the last)', () => {
      const text = design('  api:\n    kind: log\n    kind: nope\n    replicas: [{ host: h }]');
      const p = single(text);
      assert.deepEqual(p.range, rangeOf(text, 'nope'));
    });
  });

  it('returns problems in text order without duplicates', () => {
    const text = design('  x:\n    kind: nope\n    replicas: []\n  y:\n    kind: nope\n    replicas: [{ host: h }]');
    const ps = problems(text);
    const starts = ps.map((p) => p.range.start);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
    const keys = ps.map((p) => `${p.range.start}:${p.range.end}:${p.message}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(ps.length, 3);
  });

  it('stays fast on a large file with many problems', () => {
    const lines = ['redundancy: 1', 'system: big', 'components:'];
    for (let i = 0; i < 1000; i++) lines.push(`  c${i}:`, `    kind: ${i % 2 ? 'stateles' : 'log'}`, '    replicas:', `      - { host: h${i}, zoen: a, count: 3 }`);
    const parsed = parseDesign(lines.join('\n'));
    const t = performance.now();
    const ps = validateDesign(parsed);
    const ms = performance.now() - t;
    assert.equal(ps.length, 1500);
    // Generous bound: catches a per-error document walk (quadratic), not machine jitter.
    assert.ok(ms < 1500, `${ms} ms`);
  });
});

describe('designSchema', () => {
  type Json = Record<string, unknown>;
  const root = designSchema as Json;

  it('has a stable id and documents every property for hovers', () => {
    assert.match(String(root.$id), /^https:\/\/.+\/redundancy\.schema\.json$/);
    const undocumented: string[] = [];
    const visit = (s: unknown, where: string): void => {
      if (!s || typeof s !== 'object') return;
      const node = s as Json;
      for (const [name, prop] of Object.entries((node.properties ?? {}) as Json)) {
        const p = prop as Json;
        if (typeof p.description !== 'string' || typeof p.markdownDescription !== 'string') undocumented.push(`${where}.${name}`);
        visit(p, `${where}.${name}`);
      }
      for (const k of ['items', 'additionalProperties']) {
        const sub = node[k];
        if (sub && typeof sub === 'object' && !('$ref' in (sub as Json))) {
          if (typeof (sub as Json).description !== 'string' || typeof (sub as Json).markdownDescription !== 'string') undocumented.push(`${where}.${k}`);
          visit(sub, `${where}.${k}`);
        }
      }
      for (const k of ['anyOf', 'oneOf']) for (const [i, b] of ((node[k] ?? []) as unknown[]).entries()) visit(b, `${where}.${k}[${i}]`);
      for (const [name, def] of Object.entries((node.definitions ?? {}) as Json)) visit(def, `#${name}`);
    };
    visit(root, '');
    assert.deepEqual(undocumented, []);
  });

  it('rejects unknown keys wherever the keys are fixed', () => {
    const defs = root.definitions as Record<string, Json>;
    assert.equal(root.additionalProperties, false);
    assert.equal(defs.component.additionalProperties, false);
    assert.equal(defs.acceptedEntry.additionalProperties, false);
    assert.equal(((defs.component.properties as Json).rollout as Json).additionalProperties, false);
    const objectForm = (defs.rolloutSpec.anyOf as Json[]).find((b) => b.type === 'object') as Json;
    assert.equal(objectForm.additionalProperties, false);
  });
});

describe('closest', () => {
  it('finds likely intentions', () => {
    assert.equal(closest('zoen', ['region', 'zone', 'rack', 'host']), 'zone');
    assert.equal(closest('stateles', ['stateless', 'state-machine']), 'stateless');
    assert.equal(closest('State_Machine', ['stateless', 'state-machine']), 'state-machine');
    assert.equal(closest('maj', ['majority', 'all']), 'majority');
    assert.equal(closest('hostname', ['zone', 'host']), 'host');
    assert.equal(closest('ZONE', ['zone']), 'zone');
    assert.equal(closest('canry', ['all-at-once', 'rolling', 'canary']), 'canary');
  });

  it('returns null when nothing is close', () => {
    assert.equal(closest('most', ['majority', 'all']), null);
    assert.equal(closest('owner', ['redundancy', 'system', 'components']), null);
    assert.equal(closest('', ['a']), null);
    assert.equal(closest('x', []), null);
    assert.equal(closest('q', ['id']), null);
  });

  it('prefers the earlier candidate on a tie', () => {
    assert.equal(closest('rck', ['rack', 'rock']), 'rack');
  });
});
