/**
 * The command line as users and CI run it: the real bin in a child process, on files in a
 * temporary folder. Exit codes and stderr follow CLI.md: 0 / 1 / 2 with one-line reasons.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_BYTES } from '../../src/cli/discover';
import { makeTempDir, packageVersion, removeTempDir, repoRoot, runCli, writeFiles, type RunResult } from '../helpers/repo';

/** A YAML syntax error: an error finding whatever the rules do. */
const SYNTAX_ERROR = 'redundancy: 1\nsystem: broken\ncomponents: [\n';

/** One component, one replica, fully placed: `single-replica` (a warning), no errors. */
const ONE_REPLICA = `redundancy: 1
system: tiny
components:
  solo:
    kind: stateless
    replicas:
      - { host: h1, rack: r1, zone: z1, region: g1, version: solo@1, config: solo-cfg@1 }
`;

const ONE_REPLICA_ACCEPTED = `${ONE_REPLICA}accepted:
  - rule: single-replica
    component: solo
    reason: A demo system.
    until: 2999-12-31
`;

/** Spread over three zones and racks and tolerating only those: at most information findings. */
const CALM = `redundancy: 1
system: calm
tolerate: [host, rack, zone]
components:
  web:
    kind: stateless
    replicas:
      - count: 3
        spread: { zone: [z1, z2, z3], rack: [r1, r2, r3] }
        region: g1
`;

const dir = makeTempDir();
after(() => removeTempDir(dir));
writeFiles(dir, {
  'syntax/bad.redundancy.yaml': SYNTAX_ERROR,
  'one/one.redundancy.yaml': ONE_REPLICA,
  'accepted/one.redundancy.yaml': ONE_REPLICA_ACCEPTED,
  'calm/calm.redundancy.yaml': CALM,
  'empty/readme.md': '# no designs here\n',
});

function assertCannotRun(r: RunResult, mentions?: RegExp): void {
  assert.equal(r.code, 2, `exit 2 expected; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^redundancy-lens: [^\n]+\n$/, 'exactly one line on stderr');
  if (mentions) assert.match(r.stderr, mentions);
}

function jsonOf(r: RunResult): { files: { file: string; findings: { rule: string; severity: string; accepted: boolean }[] }[] } {
  return JSON.parse(r.stdout);
}

test('--help and -h print the usage and exit 0', async () => {
  for (const args of [['--help'], ['-h'], ['check', '--help']]) {
    const r = await runCli(args);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /redundancy-lens check \[PATH\.\.\.\] \[--format text\|json\|sarif\|markdown\] \[--fail-on error\|warning\|never\]/);
    assert.match(r.stdout, /redundancy-lens lsp --stdio/);
    assert.equal(r.stderr, '');
  }
});

test('--version prints the package version', async () => {
  const r = await runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${packageVersion()}\n`);
});

test('bad command lines exit 2 with one line on stderr', async () => {
  assertCannotRun(await runCli([]));
  assertCannotRun(await runCli(['frobnicate']), /frobnicate/);
  assertCannotRun(await runCli(['check', '--bogus', dir]), /--bogus/);
  assertCannotRun(await runCli(['check', '--format', 'xml', dir]), /xml/);
  assertCannotRun(await runCli(['check', dir, '--format']), /--format/);
  assertCannotRun(await runCli(['check', '--fail-on=sometimes', dir]), /sometimes/);
  assertCannotRun(await runCli(['lsp']), /--stdio/);
});

test('a path that does not exist exits 2 naming it', async () => {
  assertCannotRun(await runCli(['check', 'no/such/file.redundancy.yaml'], { cwd: dir }), /no\/such\/file\.redundancy\.yaml/);
  // One bad path spoils the run even when the others are fine: no partial report.
  assertCannotRun(await runCli(['check', 'one', 'missing-folder'], { cwd: dir }), /missing-folder/);
});

test('an unreadable design file exits 2: a broken link, given or found', async () => {
  const links = path.join(dir, 'links');
  fs.mkdirSync(links);
  fs.symlinkSync(path.join(dir, 'nothing-here'), path.join(links, 'gone.redundancy.yaml'));
  assertCannotRun(await runCli(['check', 'links/gone.redundancy.yaml'], { cwd: dir }), /gone\.redundancy\.yaml/);
  assertCannotRun(await runCli(['check', 'links'], { cwd: dir }), /gone\.redundancy\.yaml/);
});

test('a file over the size limit exits 2', async () => {
  const big = path.join(dir, 'big', 'huge.redundancy.yaml');
  fs.mkdirSync(path.dirname(big));
  fs.writeFileSync(big, '');
  fs.truncateSync(big, MAX_FILE_BYTES + 1024);
  assertCannotRun(await runCli(['check', big]), /huge\.redundancy\.yaml/);
});

test('a folder with no design files is a note on stderr, not an error', async () => {
  const r = await runCli(['check', 'empty', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), { files: [] });
  assert.match(r.stderr, /^redundancy-lens: note: .*empty/);
});

test('an error finding fails the default --fail-on error and --fail-on warning, not never', async () => {
  assert.equal((await runCli(['check', 'syntax'], { cwd: dir })).code, 1);
  assert.equal((await runCli(['check', 'syntax', '--fail-on', 'error'], { cwd: dir })).code, 1);
  assert.equal((await runCli(['check', 'syntax', '--fail-on=warning'], { cwd: dir })).code, 1);
  const never = await runCli(['check', 'syntax', '--fail-on', 'never', '--format', 'json'], { cwd: dir });
  assert.equal(never.code, 0);
  const findings = jsonOf(never).files[0].findings;
  assert.ok(findings.some((f) => f.rule === 'yaml-syntax' && f.severity === 'error' && !f.accepted));
});

test('no PATH means the current folder', async () => {
  const r = await runCli(['check', '--format', 'json', '--fail-on', 'never'], { cwd: path.join(dir, 'syntax') });
  assert.equal(r.code, 0);
  assert.deepEqual(
    jsonOf(r).files.map((f) => f.file),
    ['bad.redundancy.yaml'],
  );
});

test('a design without errors passes --fail-on error', async () => {
  const r = await runCli(['check', 'one'], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('a warning fails --fail-on warning only (needs the single-replica rule)', async () => {
  const r = await runCli(['check', 'one', '--fail-on', 'warning', '--format', 'json'], { cwd: dir });
  const findings = jsonOf(r).files[0].findings;
  assert.ok(
    findings.some((f) => f.rule === 'single-replica' && f.severity === 'warning' && !f.accepted),
    JSON.stringify(findings),
  );
  assert.equal(r.code, 1);
  assert.equal((await runCli(['check', 'one', '--fail-on', 'never'], { cwd: dir })).code, 0);
});

test('information findings do not fail --fail-on warning', async () => {
  const r = await runCli(['check', 'calm', '--fail-on', 'warning', '--format', 'json'], { cwd: dir });
  const findings = jsonOf(r).files[0].findings;
  assert.ok(
    findings.every((f) => f.severity === 'information' || f.severity === 'hint'),
    JSON.stringify(findings),
  );
  assert.equal(r.code, 0);
});

test('an accepted finding is reported but does not fail (needs the engine)', async () => {
  const r = await runCli(['check', 'accepted', '--fail-on', 'warning', '--format', 'json'], { cwd: dir });
  const findings = jsonOf(r).files[0].findings;
  const single = findings.find((f) => f.rule === 'single-replica');
  assert.ok(single, JSON.stringify(findings));
  assert.equal(single.accepted, true);
  assert.equal(single.severity, 'warning', 'an accepted finding keeps its severity');
  assert.equal(r.code, 0);
});

test('several paths: every file is reported and any failure fails the run', async () => {
  const r = await runCli(['check', 'one', 'syntax', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.deepEqual(
    jsonOf(r).files.map((f) => f.file),
    [path.join('one', 'one.redundancy.yaml'), path.join('syntax', 'bad.redundancy.yaml')],
  );
});

test('a path may start with a dash after --', async () => {
  writeFiles(dir, { 'dash/--odd.redundancy.yaml': SYNTAX_ERROR });
  const r = await runCli(['check', '--format', 'json', '--', '--odd.redundancy.yaml'], { cwd: path.join(dir, 'dash') });
  assert.equal(r.code, 1);
  assert.equal(jsonOf(r).files[0].file, '--odd.redundancy.yaml');
});

test('a UTF-8 BOM or UTF-16 encoding changes nothing in the findings', async () => {
  // The error sits on the first line, where a BOM left in the text would shift its column.
  const text = 'redundancy: 1: 2\nsystem: x\n';
  writeFiles(dir, {
    'bom/plain.redundancy.yaml': text,
    'bom/utf8bom.redundancy.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
    'bom/utf16.redundancy.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
  });
  const r = await runCli(['check', 'bom', '--format', 'json'], { cwd: dir });
  assert.equal(r.stderr, '');
  const files = JSON.parse(r.stdout) as { files: { file: string; findings: { range: { start: { line: number; character: number } } }[] }[] };
  assert.deepEqual(
    files.files.map((f) => path.basename(f.file)),
    ['plain.redundancy.yaml', 'utf16.redundancy.yaml', 'utf8bom.redundancy.yaml'],
  );
  const [plain, utf16, utf8bom] = files.files;
  assert.ok(
    plain.findings.some((f) => f.range.start.line === 0),
    'a finding on the first line',
  );
  assert.deepEqual(utf8bom.findings, plain.findings);
  assert.deepEqual(utf16.findings, plain.findings);
});

test('binary garbage gives findings, not a crash', async () => {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
  writeFiles(dir, { 'garbage/noise.redundancy.yaml': bytes });
  const r = await runCli(['check', 'garbage', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^redundancy-lens: note: .*UTF-8/);
  const findings = jsonOf(r).files[0].findings;
  assert.ok(
    findings.some((f) => f.severity === 'error'),
    JSON.stringify(findings),
  );
});

test('lsp without --stdio is a usage error: exit 2 with one line', async () => {
  assertCannotRun(await runCli(['lsp']), /stdio/);
});

test('the same input gives the same output, byte for byte', async () => {
  const a = await runCli(['check', '.', '--format', 'json', '--fail-on', 'never'], { cwd: path.join(dir, 'one') });
  const b = await runCli(['check', '.', '--format', 'json', '--fail-on', 'never'], { cwd: path.join(dir, 'one') });
  assert.equal(a.code, 0);
  assert.equal(a.stdout, b.stdout);
});
