/**
 * The CLI's SARIF, checked by Microsoft's own validator (`@microsoft/sarif-multitool`, the
 * one GitHub code scanning's docs point to): the JSON schema and the SARIF rules that
 * warn about logs viewers handle badly (SARIF1001: a rule `name` equal to its `id`, …).
 * Every bundled example, plus a file with YAML errors, accepted findings and a design
 * outside the working folder (an absolute artifact URI), must give zero errors and zero
 * warnings. Notes (advice such as "consider message arguments") are not failures.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_IDS } from '../../src/core/types';
import { RULE_META } from '../../src/core/rules-meta';
import { makeTempDir, removeTempDir, repoRoot, runCli, writeFiles } from '../helpers/repo';

const dir = makeTempDir();
after(() => removeTempDir(dir));

interface ValidatorResult {
  ruleId: string;
  level: string;
  text: string;
  file: string;
}

/** The multitool's binary for this platform, as its npm package resolves it. */
function multitool(): string {
  const bin = require('@microsoft/sarif-multitool') as unknown;
  assert.equal(typeof bin, 'string', '@microsoft/sarif-multitool resolves to its platform binary');
  assert.ok(fs.existsSync(bin as string), `the SARIF multitool binary exists at ${String(bin)} (npm ci installs it for this platform)`);
  return bin as string;
}

/** Runs `Sarif.Multitool validate` over the files; its findings at the levels asked for. */
function validate(files: readonly string[], levels = 'Error;Warning'): ValidatorResult[] {
  const output = path.join(dir, `validation-${Date.now()}-${Math.random().toString(36).slice(2)}.sarif`);
  const run = spawnSync(multitool(), ['validate', ...files, '--output', output, '--log', 'ForceOverwrite', '--level', levels], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    // The tool is a self-contained .NET program; without ICU on the machine it must not abort.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  assert.equal(run.error, undefined, `the validator ran: ${String(run.error)}`);
  assert.equal(run.status, 0, `the validator finished cleanly:\n${run.stdout}\n${run.stderr}`);
  const log = JSON.parse(fs.readFileSync(output, 'utf8').replace(/^\uFEFF/, '')) as {
    runs: {
      results?: { ruleId: string; level?: string; message: { text?: string }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[];
      invocations?: { executionSuccessful?: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
    }[];
  };
  const [validation] = log.runs;
  for (const invocation of validation.invocations ?? []) {
    assert.deepEqual(
      (invocation.toolExecutionNotifications ?? []).map((n) => n.message.text),
      [],
      'the validator read every file',
    );
  }
  return (validation.results ?? []).map((r) => ({
    ruleId: r.ruleId,
    level: r.level ?? 'warning',
    text: r.message.text ?? '',
    file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '',
  }));
}

function describe(results: readonly ValidatorResult[]): string {
  return results.map((r) => `${r.level} ${r.ruleId} in ${r.file}: ${r.text}`).join('\n');
}

/** The CLI's SARIF for one design path (relative to `cwd`), written to `<dir>/<name>.sarif`. */
async function sarifOf(design: string, name: string, cwd: string): Promise<string> {
  const r = await runCli(['check', design, '--format', 'sarif', '--fail-on', 'never'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  const file = path.join(dir, `${name}.sarif`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

const BROKEN = `redundancy: 1
system: broken
system: twice
components:
  a: { kind: stateless, replicas: [{ host: h1 }] }
  b: { kind: nonsense, dependsOn: [nobody] }
`;

const ACCEPTED = `redundancy: 1
system: "quoted | pipes *and* <html>"
components:
  solo:
    kind: stateless
    replicas:
      - { host: h1, zone: z1 }
accepted:
  - rule: single-replica
    component: solo
    reason: A lab box.
    until: 2999-12-31
  - rule: untolerated-exposure
    reason: Expired on purpose.
    until: 2000-01-01
`;

test('the SARIF of every example, and of broken and accepted designs, validates with no error and no warning', async () => {
  const examples = fs.readdirSync(path.join(repoRoot(), 'examples')).filter((f) => f.endsWith('.redundancy.yaml'));
  assert.ok(examples.length >= 5, `the examples were found: ${examples.join(', ')}`);
  const files: string[] = [];
  for (const example of examples) files.push(await sarifOf(path.join('examples', example), example, repoRoot()));

  writeFiles(dir, { 'work/broken.redundancy.yaml': BROKEN, 'work/accepted.redundancy.yaml': ACCEPTED, 'elsewhere/outside.redundancy.yaml': ACCEPTED });
  const work = path.join(dir, 'work');
  files.push(await sarifOf('.', 'work-folder', work));
  files.push(await sarifOf(path.join('..', 'elsewhere', 'outside.redundancy.yaml'), 'outside', work));
  const outside = JSON.parse(fs.readFileSync(files[files.length - 1], 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.match(outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, /^file:\/\//, 'a design outside the working folder gets an absolute URI');

  const results = validate(files);
  assert.deepEqual(results, [], describe(results));
});

test('the validator run here does report a warning: a rule named like its id is SARIF1001', async () => {
  const good = await sarifOf(path.join('examples', 'checkout.redundancy.yaml'), 'checkout-for-mutation', repoRoot());
  const log = JSON.parse(fs.readFileSync(good, 'utf8')) as { runs: { tool: { driver: { rules: { id: string; name: string }[] } } }[] };
  log.runs[0].tool.driver.rules[0].name = log.runs[0].tool.driver.rules[0].id;
  const bad = path.join(dir, 'name-equals-id.sarif');
  fs.writeFileSync(bad, JSON.stringify(log, null, 2));
  const results = validate([bad]);
  assert.ok(
    results.some((r) => r.ruleId === 'SARIF1001' && r.level === 'warning'),
    describe(results) || 'no results',
  );
});

test('every rule has a readable PascalCase name, unique and not its id in another case', () => {
  const names = RULE_IDS.map((id) => RULE_META[id].name);
  assert.equal(new Set(names).size, names.length, names.join(', '));
  for (const id of RULE_IDS) {
    const { name } = RULE_META[id];
    assert.match(name, /^[A-Z][a-z]+(?:[A-Z][a-z]*)*$/, `${id}: ${name}`);
    assert.notEqual(name.toLowerCase(), id.toLowerCase(), `${id}: ${name}`);
  }
});
