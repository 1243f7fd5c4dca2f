import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, applyEdits, AnalyzeOptions, computeFixes, Finding, Fix } from '../../src/core';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { parse } from 'yaml';
import { assertUntouchedOutsideEdits } from '../hardening/checks';
import { repoRoot } from '../helpers/repo';

const TODAY = '2026-11-26';

/**
 * Every comment must survive any fix: whole comment lines as they are, and a trailing comment
 * as the text from its `#` (a fix may change the value before it: `rollout: all-at-once  # why`).
 */
function commentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.includes('#'))
    .map((l) => {
      const trailing = l.search(/\s#/);
      return /^\s*#/.test(l) || trailing === -1 ? l : l.slice(trailing);
    });
}

/** Apply a fix and check everything FORMAT.md and the issue promise of it. */
function checkFix(text: string, finding: Finding, fix: Fix): string {
  for (const e of fix.edits) {
    assert.ok(!text.slice(e.start, e.end).includes('#'), `${fix.title}: an edit must not replace a comment`);
  }
  const after = applyEdits(text, fix.edits);
  const result = analyze(after, { today: TODAY });
  assert.equal(result.findings.filter((f) => f.rule === 'yaml-syntax').length, 0, `${fix.title}: result parses`);
  assert.equal(result.findings.filter((f) => f.rule === 'schema').length, 0, `${fix.title}: result passes the schema`);
  const still = result.findings.filter((f) => f.rule === finding.rule && f.component === finding.component && f.scenario?.threat === finding.scenario?.threat && !f.accepted);
  if (finding.rule !== 'unknown-reference' && finding.rule !== 'accepted-risk-expired') assert.equal(still.length, 0, `${fix.title}: the finding is gone`);
  for (const line of commentLines(text)) assert.ok(after.includes(line), `${fix.title}: comment kept: ${line}`);
  // Untouched text is byte-for-byte the same: the result minus the new text equals the original minus the replaced ranges.
  assertUntouchedOutsideEdits(text, after, fix.edits, fix.title);
  return after;
}

/**
 * Every warning's fixes are proven. `acceptOnly` names the warnings that, as documented, have
 * no design fix (a version-monoculture whose version is a shared item's).
 */
function checkAllWarnings(name: string, text: string, acceptOnly: (f: Finding) => boolean = () => false): number {
  const result = analyze(text, { today: TODAY });
  let checked = 0;
  for (const f of result.findings) {
    if (f.severity !== 'warning' || f.accepted) continue;
    const fixes = computeFixes(text, f.data.key, { today: TODAY });
    const design = fixes.filter((x) => x.kind === 'design');
    const accept = fixes.filter((x) => x.kind === 'accept');
    if (acceptOnly(f)) assert.equal(design.length, 0, `${name}: ${f.rule} on ${f.component} cannot be fixed in the design yet`);
    else assert.ok(design.length >= 1, `${name}: ${f.rule} on ${f.component} has a fix that edits the design`);
    assert.ok(accept.length >= 1, `${name}: ${f.rule} on ${f.component} has a fix that accepts the risk`);
    // An accept is never preferred (it must not be applied by an auto-fix), so a warning with only an accept has none.
    assert.equal(fixes.filter((x) => x.isPreferred).length, acceptOnly(f) ? 0 : 1, 'exactly one preferred fix');
    assert.equal(fixes[0].kind === 'design' ? fixes[0].isPreferred : true, true);
    for (const fix of fixes) checkFix(text, f, fix);
    checked++;
  }
  return checked;
}

describe('every warning of every example has working fixes', () => {
  const dir = path.join(repoRoot(), 'examples');
  const files = fs.readdirSync(dir).filter((f) => /\.redundancy\.ya?ml$/.test(f));
  test('there are examples', () => assert.ok(files.length >= 5));
  for (const file of files) {
    test(file, () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      checkAllWarnings(file, text);
    });
  }
});

describe('every warning of every outage design has working fixes', () => {
  const dir = path.join(repoRoot(), 'examples', 'outages');
  const files = fs.readdirSync(dir).filter((f) => /\.redundancy\.ya?ml$/.test(f));
  test('there are outage designs', () => assert.ok(files.length >= 10));
  for (const file of files) {
    test(file, () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      // A replica cannot choose another shared item yet, so a shared item's version has only an accept fix.
      const shared = (parse(text) as { shared?: Record<string, { version?: unknown }> }).shared ?? {};
      const sharedVersions = new Set(Object.values(shared).map((item) => String(item.version)));
      const acceptOnly = (f: Finding) => f.rule === 'version-monoculture' && sharedVersions.has(f.scenario?.value ?? '');
      assert.ok(checkAllWarnings(file, text, acceptOnly) >= 1, `${file} has warnings to fix`);
    });
  }
});

const design = (components: string, tail = '') => `# the design\nredundancy: 1\nsystem: t\nfailureDomains: [zone, host]\ncomponents:\n${components}${tail}`;

describe('fix shapes', () => {
  test('single replica in block style gets replicas appended and keeps comments', () => {
    const text = design(
      `  db:   # the database\n    kind: store\n    replicas:\n      - zone: a   # first\n        version: v1\n        config: c1\n  other:\n    kind: stateless\n    replicas: [{ count: 2, spread: { zone: [b, c] }, version: o, config: o }]\n    rollout: { software: rolling, config: rolling }\n`,
    );
    assert.ok(checkAllWarnings('block', text) >= 1);
  });

  test('flow-style components get flow insertions', () => {
    const text = design(
      `  api: { kind: consumer, consumes: [log], onPoisonPill: skip, replicas: [{ count: 2, spread: { zone: [a, b] }, version: v1, config: c1 }] }\n  log: { kind: log, replicas: [{ count: 3, spread: { zone: [a, b, c] }, version: k, config: k }], rollout: { software: rolling, config: rolling } }\n`,
    );
    assert.ok(checkAllWarnings('flow', text) >= 2);
  });

  test('CRLF files keep CRLF in inserted lines', () => {
    const text = design(`  db:\n    kind: stateless\n    replicas:\n      - count: 3\n        spread: { zone: [a, b, c] }\n        version: v\n        config: c\n`).replace(/\n/g, '\r\n');
    const f = analyze(text, { today: TODAY }).findings.find((x) => x.rule === 'shared-version-and-config')!;
    const fixes = computeFixes(text, f.data.key, { today: TODAY });
    for (const fix of fixes) {
      const after = checkFix(text, f, fix);
      assert.ok(!/[^\r]\n/.test(after), `${fix.title}: no bare LF`);
    }
  });

  test('an accepted entry is appended to an existing accepted list', () => {
    const text = design(
      `  db:\n    kind: store\n    replicas:\n      - { zone: a, version: v1, config: c1 }\n  c:\n    kind: stateless\n    replicas:\n      - { zone: a, version: v1, config: c1 }\n`,
      `accepted:\n  # keep this\n  - rule: single-replica\n    component: c\n    reason: test\n`,
    );
    const f = analyze(text, { today: TODAY }).findings.find((x) => x.rule === 'single-replica' && x.component === 'db')!;
    const accept = computeFixes(text, f.data.key, { today: TODAY }).find((x) => x.kind === 'accept')!;
    const after = checkFix(text, f, accept);
    assert.match(after, /  - rule: single-replica\n    component: db\n    reason: TODO/);
  });

  test('expired acceptance: renew or remove', () => {
    const text = design(
      `  db:\n    kind: store\n    replicas:\n      - { zone: a, version: v1, config: c1 }\n`,
      `accepted:\n  - rule: single-replica\n    component: db\n    reason: old\n    until: 2020-01-01\n  - rule: untolerated-exposure\n    reason: fine\n`,
    );
    const f = analyze(text, { today: TODAY }).findings.find((x) => x.rule === 'accepted-risk-expired')!;
    const fixes = computeFixes(text, f.data.key, { today: TODAY });
    assert.deepEqual(fixes.map((x) => x.kind).sort(), ['accept', 'design']);
    for (const fix of fixes) {
      const after = applyEdits(text, fix.edits);
      assert.equal(analyze(after, { today: TODAY }).findings.filter((x) => x.rule === 'accepted-risk-expired').length, 0);
    }
  });

  test('unknown reference: replaced by the closest id', () => {
    const text = design(
      `  api:\n    kind: stateless\n    dependsOn: [dbb]\n    replicas: [{ count: 2, version: v, config: c, zone: a }]\n  db:\n    kind: stateless\n    replicas: [{ count: 2, version: v, config: c, zone: a }]\n`,
    );
    const f = analyze(text, { today: TODAY }).findings.find((x) => x.rule === 'unknown-reference')!;
    const fixes = computeFixes(text, f.data.key, { today: TODAY });
    assert.equal(fixes[0].title, "Change 'dbb' to 'db'");
    assert.equal(analyze(applyEdits(text, fixes[0].edits), { today: TODAY }).findings.filter((x) => x.rule === 'unknown-reference').length, 0);
  });

  test('an unknown key yields no fixes', () => {
    assert.deepEqual(computeFixes(design(`  a:\n    kind: stateless\n    replicas: [{}]\n`), 'no-such-key'), []);
  });
});

describe('schema fixes through computeFixes', () => {
  test('an enum typo offers the closest value first, and it repairs the file', () => {
    const text = design(`  api:\n    kind: statless   # typo\n    replicas: [{ count: 2, zone: a, version: v, config: c }]\n`);
    const f = analyze(text, { today: TODAY }).findings.find((x) => x.rule === 'schema')!;
    assert.ok(f, 'the typo is a schema finding');
    const fixes = computeFixes(text, f.data.key, { today: TODAY });
    assert.equal(fixes[0].kind, 'schema');
    assert.equal(fixes[0].isPreferred, true);
    const after = applyEdits(text, fixes[0].edits);
    assert.match(after, /kind: stateless   # typo/);
    assert.equal(analyze(after, { today: TODAY }).findings.filter((x) => x.rule === 'schema').length, 0);
  });
});

describe('fixes stay cheap on large designs', () => {
  /** Counts the analyses computeFixes asks for: the text itself, then one per candidate it proves. */
  class CountingAnalyzer extends IncrementalAnalyzer {
    texts: string[] = [];
    override analyzeDetailed(text: string, options: AnalyzeOptions = {}) {
      this.texts.push(text);
      return super.analyzeDetailed(text, options);
    }
  }

  test('a dependency-bottleneck proves candidates for the root of its own chain only, not for everything the scenario takes down', () => {
    // Rack r1 takes down 40 components directly (each needs both its replicas) and db (both
    // its replicas are there); web goes down only through db. Candidates for the other 39 would each cost a full analysis.
    const filler = Array.from(
      { length: 40 },
      (_, i) =>
        `  f${i}:\n    kind: stateless\n    quorum: all\n    replicas:\n      - { host: f${i}a, rack: r1, version: f@${i}, config: c }\n      - { host: f${i}b, rack: r${i + 2}, version: f@${i}x, config: c }\n`,
    ).join('');
    const text = `redundancy: 1\nsystem: big\ncomponents:\n${filler}  db:\n    kind: primary-backup\n    replicas:\n      - { host: d1, rack: r1, version: db@1, config: c }\n      - { host: d2, rack: r1, version: db@2, config: c }\n  web:\n    kind: stateless\n    replicas:\n      - { host: w1, rack: r91, version: web@1, config: c }\n      - { host: w2, rack: r92, version: web@2, config: c }\n    dependsOn: [db]\n`;
    const finding = analyze(text, { today: TODAY }).findings.find((f) => f.rule === 'dependency-bottleneck' && f.component === 'web' && f.scenario?.threat === 'rack');
    assert.ok(finding, 'web goes down through db when rack r1 is lost');
    const analyzer = new CountingAnalyzer();
    const fixes = computeFixes(text, finding.data.key, { today: TODAY }, analyzer);
    const design = fixes.filter((f) => f.kind === 'design');
    assert.ok(design.length > 0, 'a fix at the cause is offered');
    for (const fix of design) assert.match(fix.title, /\bdb\b/, `${fix.title}: fixes db, the root of web's chain`);
    assert.ok(analyzer.texts.length <= 6, `analyses: ${analyzer.texts.length} (the text, then the root's few candidates and accepting)`);
  });
});
