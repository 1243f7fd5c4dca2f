/**
 * `redundancy-lens import` as users and CI run it: the real bin in a child process. Exit 0
 * when a design is written, 2 when no workload was found or a file could not be read; import
 * problems are `warning: <file>:<line>: <text>` lines on stderr; never a stack trace.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDir, runCli, writeFiles, type RunResult } from '../helpers/repo';
import { expected, FIXTURES, source } from './helpers';

const dir = makeTempDir();
after(() => removeTempDir(dir));
writeFiles(dir, {
  'values.yaml': 'replicaCount: 3\nimage:\n  repository: acme/web\n  tag: 1.0.0\n',
  'syntax.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: { app: web\nspec: {}\n',
  'widget.yaml': '---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
  'folder/a.yaml': source('shop.yaml').text,
  'folder/nested/b.yml': source('ensemble.yaml').text,
  'folder/design.redundancy.yaml': 'not: a manifest\n',
  'folder/notes.txt': 'ignored\n',
  'empty/readme.md': '# nothing\n',
});

function assertNoStack(r: RunResult): void {
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:|TypeError/, `no stack trace: ${r.stderr}`);
}

function assertCannotRun(r: RunResult, mentions: RegExp): void {
  assert.equal(r.code, 2, `exit 2; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const last = r.stderr.trimEnd().split('\n').pop() ?? '';
  assert.match(last, /^redundancy-lens: [^\n]+$/);
  assert.match(last, mentions);
  assertNoStack(r);
}

test('import kubernetes prints the expected design on stdout; k8s is an alias', async () => {
  for (const name of ['kubernetes', 'k8s']) {
    const r = await runCli(['import', name, `${FIXTURES}/shop.yaml`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, expected('shop'));
  }
});

test('--nodes reads zone and region names; warnings go to stderr with file and line', async () => {
  const r = await runCli(['import', 'k8s', `${FIXTURES}/zones.yaml`, '--nodes', `${FIXTURES}/nodes.yaml`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, expected('zones-nodes'));
  assert.equal(r.stderr, `warning: ${FIXTURES}/zones.yaml:74: Deployment fraud: the labelSelector of topologySpreadConstraints[0] matches none of its own pods, so it protects nothing; ignored\n`);
});

test('import compose', async () => {
  const r = await runCli(['import', 'compose', `${FIXTURES}/compose.yaml`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, expected('compose'));
});

test('- reads standard input', async () => {
  const r = await runCli(['import', 'kubernetes', '-'], { input: source('canary.yaml').text });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, expected('canary').replaceAll(`${FIXTURES}/canary.yaml`, '<stdin>'));
});

test('-o writes the file, which check then accepts', async () => {
  const out = path.join(dir, 'out', 'shop.redundancy.yaml');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const r = await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, `${FIXTURES}/helm.yaml`, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^redundancy-lens: wrote '.+shop\.redundancy\.yaml' \(8 components\)\n$/);
  const check = await runCli(['check', out, '--format', 'json', '--fail-on', 'never']);
  assert.equal(check.code, 0, check.stderr);
  const rules = (JSON.parse(check.stdout) as { files: { findings: { rule: string }[] }[] }).files[0].findings.map((f) => f.rule);
  assert.ok(rules.length > 0);
  for (const bad of ['schema', 'yaml-syntax', 'unknown-reference']) assert.ok(!rules.includes(bad), `no ${bad}`);
});

test('folders are searched for *.yaml, *.yml and *.json; design files are not manifests', async () => {
  const r = await runCli(['import', 'k8s', path.join(dir, 'folder')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const ids = [...r.stdout.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
  assert.deepEqual(ids, ['frontend', 'cart', 'catalog', 'redis-cart', 'catalog-db', 'zk', 'kafka']);
});

test('JSON (kubectl get -o json) is read like YAML', async () => {
  const json = JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'acme/web:1' }] } } },
        },
      ],
    },
    null,
    2,
  );
  writeFiles(dir, { 'get.json': json });
  const r = await runCli(['import', 'k8s', path.join(dir, 'get.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n {2}web:\n {4}kind: stateless\n {4}replicas:\n {6}- count: 2\n/);
});

test('bad input: a non-Kubernetes YAML is a warning at its line, then exit 2 (no workload)', async () => {
  const file = path.join(dir, 'values.yaml');
  const r = await runCli(['import', 'k8s', file]);
  assertCannotRun(r, /no workload \(Deployment, StatefulSet, DaemonSet, ReplicaSet or Rollout\) found in/);
  assert.equal(r.stderr.split('\n')[0], `warning: ${file}:1: not a Kubernetes object (it has no apiVersion and kind); skipped`);
});

test('bad input: a syntax error is a warning at its file and line, then exit 2', async () => {
  const file = path.join(dir, 'syntax.yaml');
  const r = await runCli(['import', 'k8s', file]);
  assertCannotRun(r, /no workload/);
  assert.match(r.stderr.split('\n')[0], new RegExp(`^warning: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: YAML syntax error: [^\\n]+; this document is skipped$`));
});

test('bad input: an unknown kind is a warning; with a workload beside it the import still succeeds', async () => {
  const widget = path.join(dir, 'widget.yaml');
  const alone = await runCli(['import', 'k8s', widget]);
  assertCannotRun(alone, /no workload/);
  assert.equal(alone.stderr.split('\n')[0], `warning: ${widget}:2: unknown kind Widget (example.com/v1) w; not read`);

  const beside = await runCli(['import', 'k8s', widget, `${FIXTURES}/canary.yaml`]);
  assert.equal(beside.code, 0);
  assert.equal(beside.stderr, `warning: ${widget}:2: unknown kind Widget (example.com/v1) w; not read\n`);
  assert.match(beside.stdout, /\n {2}checkout:\n/);
});

test('unreadable input and bad command lines: one line, exit 2', async () => {
  assertCannotRun(await runCli(['import', 'k8s', path.join(dir, 'nope.yaml')]), /no such file or folder: '.+nope\.yaml'/);
  assertCannotRun(await runCli(['import', 'k8s', path.join(dir, 'empty')]), /no \*\.yaml, \*\.yml or \*\.json files in/);
  assertCannotRun(await runCli(['import']), /import needs a source: kubernetes \(or k8s\) or compose/);
  assertCannotRun(await runCli(['import', 'helm', 'x']), /cannot import 'helm'; the sources are kubernetes \(or k8s\) and compose/);
  assertCannotRun(await runCli(['import', 'k8s']), /import k8s needs a PATH/);
  assertCannotRun(await runCli(['import', 'k8s', 'x.yaml', '--frobnicate']), /unknown option '--frobnicate' for import/);
  assertCannotRun(await runCli(['import', 'k8s', 'x.yaml', '-o']), /-o needs a file name/);
  assertCannotRun(await runCli(['import', 'compose', 'x.yaml', '--nodes', 'n.yaml']), /--nodes is for import kubernetes/);
  assertCannotRun(await runCli(['import', 'k8s', 'x.yaml', '--format', 'json']), /--format is for import --check/);
  assertCannotRun(await runCli(['import', 'k8s', 'x.yaml', '--check', 'd.yaml', '-o', 'y']), /--check compares and writes no design/);
  assertCannotRun(await runCli(['import', 'k8s', `${FIXTURES}/zones.yaml`, '--nodes', `${FIXTURES}/shop.yaml`]), /has no Node objects/);
  assertCannotRun(await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '-o', path.join(dir, 'no', 'such', 'dir', 'x.yaml')]), /cannot write/);
});

test('--check: no drift against its own import exits 0; drift exits 1 with manifest-drift findings in every format', async () => {
  const same = await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '--check', `${FIXTURES}/shop.expected.redundancy.yaml`]);
  assert.equal(same.code, 0, same.stderr + same.stdout);
  assert.match(same.stdout, /0 errors, 0 warnings, 0 information/);

  // The reviewed design promised more frontends than the manifests now run.
  const drifted = expected('shop').replace('      - count: 3\n        spread: { zone: [ zone-1, zone-2, zone-3 ] }', '      - count: 6\n        spread: { zone: [ zone-1, zone-2, zone-3 ] }');
  assert.notEqual(drifted, expected('shop'));
  const design = path.join(dir, 'reviewed.redundancy.yaml');
  fs.writeFileSync(design, drifted);
  const line = drifted.split('\n').indexOf('  frontend:');

  const json = await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '--check', design, '--format', 'json']);
  assert.equal(json.code, 1, json.stderr);
  const report = JSON.parse(json.stdout) as { files: { file: string; findings: { rule: string; severity: string; component: string; message: string; range: { start: { line: number } } }[] }[] };
  assert.equal(report.files[0].file, design);
  assert.deepEqual(
    report.files[0].findings.map((f) => [f.rule, f.severity, f.component, f.message, f.range.start.line]),
    [['manifest-drift', 'error', 'frontend', 'frontend runs 3 replicas in the manifests; the design has 6', line]],
  );

  const text = await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '--check', design]);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /error\s+manifest-drift\s+frontend runs 3 replicas in the manifests; the design has 6/);

  const sarif = await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '--check', design, '--format', 'sarif']);
  assert.equal(sarif.code, 1);
  const run = (JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] }).runs[0];
  assert.equal(run.results.length, 1);
  assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, 'manifest-drift');

  const markdown = await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '--check', design, '--format', 'markdown']);
  assert.equal(markdown.code, 1);
  assert.match(markdown.stdout, /manifest-drift/);

  const never = await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '--check', design, '--fail-on', 'never']);
  assert.equal(never.code, 0);
});

test('--check on a broken or missing design cannot run', async () => {
  const broken = path.join(dir, 'broken.redundancy.yaml');
  fs.writeFileSync(broken, 'redundancy: 1\nsystem: x\ncomponents: [\n');
  assertCannotRun(await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '--check', broken]), /is not a valid design \(yaml-syntax\); run redundancy-lens check on it first/);
  assertCannotRun(await runCli(['import', 'k8s', `${FIXTURES}/shop.yaml`, '--check', path.join(dir, 'missing.redundancy.yaml')]), /cannot read/);
});

test('--help lists import', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /redundancy-lens import kubernetes\|k8s PATH\.\.\. \[-o FILE\] \[--nodes FILE\]/);
  assert.match(r.stdout, /redundancy-lens import compose PATH\.\.\./);
});
