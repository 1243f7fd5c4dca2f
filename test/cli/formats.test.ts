/**
 * The four output formats, produced by the real bin: the shapes CLI.md promises.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { RULE_IDS } from '../../src/core/types';
import { RULE_DOCS_BASE, RULE_META } from '../../src/core/rules-meta';
import { makeTempDir, packageVersion, removeTempDir, runCli, writeFiles } from '../helpers/repo';

/** Two `yaml-syntax` errors at known places: the duplicate keys on lines 3 and 12 (1-based). */
const DUPLICATE_KEYS = `redundancy: 1
system: first
system: second
components:
  a:
    kind: stateless
    replicas:
      - host: h1
      - host: h2
      - host: h3
    dependsOn: []
components: {}
`;

const ONE_REPLICA = `redundancy: 1
system: tiny
components:
  solo:
    kind: stateless
    replicas:
      - { host: h1, rack: r1, zone: z1, region: g1, version: solo@1, config: solo-cfg@1 }
  front:
    kind: stateless
    dependsOn: [solo]
    replicas:
      - count: 2
        spread: { host: [f1, f2], rack: [r1, r2], zone: [z1, z2] }
        region: g1
accepted:
  - rule: single-replica
    component: solo
    reason: Pipes | and *stars* are fine here.
    until: 2999-12-31
`;

const dir = makeTempDir();
after(() => removeTempDir(dir));
writeFiles(dir, {
  'designs/dup.redundancy.yaml': DUPLICATE_KEYS,
  'designs/sub/one.redundancy.yml': ONE_REPLICA,
});
const DUP = path.join('designs', 'dup.redundancy.yaml');
const ONE = path.join('designs', 'sub', 'one.redundancy.yml');

interface JsonFinding {
  rule: string;
  severity: string;
  component: string | null;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  scenario: { threat: string; value: string } | null;
  accepted: boolean;
}

test('json: the object of CLI.md, 0-based positions, files as found', async () => {
  const r = await runCli(['check', 'designs', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout) as { files: { file: string; findings: JsonFinding[] }[] };
  assert.deepEqual(Object.keys(report), ['files']);
  assert.deepEqual(
    report.files.map((f) => f.file),
    [DUP, ONE],
  );
  for (const file of report.files) {
    assert.deepEqual(Object.keys(file), ['file', 'findings']);
    for (const f of file.findings) {
      assert.deepEqual(Object.keys(f), ['rule', 'severity', 'component', 'message', 'range', 'scenario', 'accepted']);
      assert.ok((RULE_IDS as readonly string[]).includes(f.rule), f.rule);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity));
      assert.ok(f.component === null || typeof f.component === 'string');
      assert.deepEqual(Object.keys(f.range), ['start', 'end']);
      assert.deepEqual(Object.keys(f.range.start), ['line', 'character']);
      assert.deepEqual(Object.keys(f.range.end), ['line', 'character']);
      if (f.scenario !== null) assert.deepEqual(Object.keys(f.scenario), ['threat', 'value']);
      assert.equal(typeof f.accepted, 'boolean');
    }
  }
  const dup = report.files[0].findings.filter((f) => f.rule === 'yaml-syntax');
  assert.deepEqual(
    dup.map((f) => f.range.start).sort((a, b) => a.line - b.line),
    [
      { line: 2, character: 0 },
      { line: 11, character: 0 },
    ],
  );
  assert.ok(r.stdout.startsWith('{\n  "files": ['), 'pretty-printed with two spaces');
});

test('--format=json and --format json are the same', async () => {
  const a = await runCli(['check', 'designs', '--format=json'], { cwd: dir });
  const b = await runCli(['check', 'designs', '--format', 'json'], { cwd: dir });
  assert.equal(a.stdout, b.stdout);
});

test('text: a header per file, aligned columns, 1-based line:col, a summary', async () => {
  const r = await runCli(['check', DUP], { cwd: dir });
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, /\u001b/, 'no escape codes when stdout is not a terminal');
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], DUP);
  const rows = lines.filter((l) => /^ {2}\d+:\d+ /.test(l));
  assert.equal(rows.length, 2, r.stdout);
  assert.ok(rows.some((l) => l.startsWith('  3:1 ')));
  assert.ok(rows.some((l) => l.startsWith('  12:1 ')));
  // The severity column starts at the same place on every row.
  const severityAt = rows.map((l) => l.indexOf('error'));
  assert.equal(new Set(severityAt).size, 1, rows.join('\n'));
  const ruleAt = rows.map((l) => l.indexOf('yaml-syntax'));
  assert.equal(new Set(ruleAt).size, 1, rows.join('\n'));
  assert.match(r.stdout, /\n2 errors, 0 warnings, 0 information \(0 accepted\) in 1 file\n$/);
});

test('text: NO_COLOR and a non-terminal stdout give plain text; FORCE_COLOR gives colour', async () => {
  const plain = await runCli(['check', DUP], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.doesNotMatch(plain.stdout + plain.stderr, /\u001b/);
  const forced = await runCli(['check', DUP], { cwd: dir, env: { FORCE_COLOR: '1' } });
  assert.match(forced.stdout, /\u001b\[31m/, 'errors in red');
  const strippedForced = forced.stdout.replace(/\u001b\[[0-9;]*m/g, '');
  assert.equal(strippedForced, plain.stdout, 'colour adds escape codes and nothing else');
});

test('text: accepted findings are marked and counted apart (needs the engine)', async () => {
  const r = await runCli(['check', ONE], { cwd: dir });
  const accepted = r.stdout.split('\n').filter((l) => l.includes('single-replica'));
  assert.equal(accepted.length, 1, r.stdout);
  assert.match(accepted[0], /\(accepted\)$/);
  assert.match(r.stdout, /\(1 accepted\) in 1 file\n$/);
});

test('sarif: 2.1.0, one run, every rule with a help link, 1-based regions', async () => {
  const r = await runCli(['check', 'designs', '--format', 'sarif'], { cwd: dir });
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'redundancy-lens');
  assert.equal(run.tool.driver.version, packageVersion());
  assert.match(run.tool.driver.informationUri, /^https:\/\//);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.deepEqual(
    run.tool.driver.rules.map((x: { id: string }) => x.id),
    [...RULE_IDS],
  );
  for (const rule of run.tool.driver.rules) {
    assert.equal(rule.helpUri, `${RULE_DOCS_BASE}${rule.id}.md`);
    assert.equal(rule.name, RULE_META[rule.id as keyof typeof RULE_META].name, 'a readable name, not the id');
    assert.equal(rule.shortDescription.text, RULE_META[rule.id as keyof typeof RULE_META].title);
    assert.ok(rule.fullDescription.text.length > 20);
    const expected = { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[RULE_META[rule.id as keyof typeof RULE_META].severity];
    assert.equal(rule.defaultConfiguration.level, expected);
  }
  const dup = run.results.filter(
    (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri === 'designs/dup.redundancy.yaml',
  );
  assert.equal(dup.length, 2);
  for (const result of dup) {
    assert.equal(result.ruleId, 'yaml-syntax');
    assert.equal(result.level, 'error');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'yaml-syntax');
    assert.ok(result.message.text.length > 0);
    const region = result.locations[0].physicalLocation.region;
    assert.ok([3, 12].includes(region.startLine), JSON.stringify(region));
    assert.equal(region.startColumn, 1);
    assert.ok(region.endLine >= region.startLine);
  }
});

test('sarif: accepted findings are in-source suppressions with the reason (needs the engine)', async () => {
  const r = await runCli(['check', ONE, '--format', 'sarif'], { cwd: dir });
  const run = JSON.parse(r.stdout).runs[0];
  const single = run.results.find((x: { ruleId: string }) => x.ruleId === 'single-replica');
  assert.ok(single, JSON.stringify(run.results));
  assert.equal(single.level, 'warning');
  assert.deepEqual(single.suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'Pipes | and *stars* are fine here.' }]);
  assert.equal(single.locations[0].physicalLocation.artifactLocation.uri, 'designs/sub/one.redundancy.yml');
});

test('markdown: summary table and findings with linked rules', async () => {
  const r = await runCli(['check', 'designs', '--format', 'markdown'], { cwd: dir });
  assert.equal(r.code, 1);
  const md = r.stdout;
  assert.ok(md.startsWith('# Redundancy Lens report\n'));
  assert.match(md, /\| File \| System \| Errors \| Warnings \| Information \| Accepted \|/);
  assert.ok(md.includes(`| \`${DUP}\` |  | 2 | 0 | 0 | 0 |`), md);
  assert.match(md, /\| Line \| Severity \| Rule \| Component \| Message \|/);
  assert.ok(md.includes(`| 3 | error | [yaml-syntax](${RULE_DOCS_BASE}yaml-syntax.md) |`), md);
  assert.ok(md.includes(`| 12 | error | [yaml-syntax](${RULE_DOCS_BASE}yaml-syntax.md) |`), md);
});

test('markdown: scenario matrix and mermaid diagram for a design (needs the engine)', async () => {
  const r = await runCli(['check', ONE, '--format', 'markdown'], { cwd: dir });
  const md = r.stdout;
  assert.match(md, /### Scenario matrix\n\n\| Component \| [^\n]*host[^\n]*\|\n\|---\|(:-:\|)+\n/);
  assert.match(md, /\| `solo` \|( [✓✗?]†? \|)+\n/);
  assert.match(md, /\| `front` \|( [✓✗?]†? \|)+\n/);
  assert.match(md, /```mermaid\nflowchart TB\n[\s\S]*\n```\n/);
  const accepted = md.split('\n').find((l) => l.includes('[single-replica]'));
  assert.ok(accepted, md);
  assert.match(accepted, /warning \(accepted\)/);
  // The pipe in the reason must not open a new table cell.
  assert.ok(accepted.includes('Pipes \\| and \\*stars\\* are fine here.'), accepted);
});
