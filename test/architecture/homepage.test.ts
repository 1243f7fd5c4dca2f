/**
 * One setting for where the project lives: package.json's `homepage`. scripts/gen-meta.mjs
 * turns it into src/core/generated/meta.ts (the core reads no files); these tests run the
 * real script, on the repository and on package.json files made here.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_URL, RULE_DOCS_BASE, ruleDocUrl } from '../../src/core/rules-meta';
import { makeTempDir, removeTempDir, repoRoot } from '../helpers/repo';

const dir = makeTempDir();
after(() => removeTempDir(dir));

function genMeta(args: readonly string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'scripts', 'gen-meta.mjs'), ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stderr: r.stderr };
}

/** The generated module for a homepage, written to a temp file and read back. */
function generatedFor(homepage: unknown, name: string): { status: number | null; stderr: string; text: string } {
  const pkg = path.join(dir, `${name}.json`);
  const out = path.join(dir, `${name}.ts`);
  fs.writeFileSync(pkg, JSON.stringify(homepage === undefined ? { name: 'x' } : { name: 'x', homepage }));
  const r = genMeta(['--package', pkg, '--out', out]);
  return { ...r, text: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '' };
}

test("the committed src/core/generated/meta.ts is what package.json's homepage gives", () => {
  const r = genMeta(['--check']);
  assert.equal(r.status, 0, r.stderr);
  const homepage = (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { homepage: string }).homepage;
  assert.equal(PROJECT_URL, homepage.replace(/#.*$/, '').replace(/\/+$/, ''));
  assert.ok(RULE_DOCS_BASE.startsWith(`${PROJECT_URL}/`), RULE_DOCS_BASE);
  assert.equal(ruleDocUrl('single-replica'), `${RULE_DOCS_BASE}single-replica.md`);
});

test('a GitHub homepage links rule pages on its main branch; any other site serves docs/ under it', () => {
  const github = generatedFor('https://github.com/acme/lens#readme', 'github');
  assert.equal(github.status, 0, github.stderr);
  assert.match(github.text, /PROJECT_URL = "https:\/\/github\.com\/acme\/lens";/);
  assert.match(github.text, /RULE_DOCS_BASE = "https:\/\/github\.com\/acme\/lens\/blob\/main\/docs\/rules\/";/);

  const site = generatedFor('https://lens.example.org/manual/', 'site');
  assert.equal(site.status, 0, site.stderr);
  assert.match(site.text, /PROJECT_URL = "https:\/\/lens\.example\.org\/manual";/);
  assert.match(site.text, /RULE_DOCS_BASE = "https:\/\/lens\.example\.org\/manual\/docs\/rules\/";/);
});

test('a missing or non-https homepage is a one-line error and writes nothing', () => {
  for (const [name, homepage] of [
    ['missing', undefined],
    ['http', 'http://lens.example.org'],
    ['garbage', 'not a url'],
    ['number', 7],
  ] as const) {
    const r = generatedFor(homepage, name);
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /^gen-meta: .*"homepage" must be an https URL, not .*\n$/, name);
    assert.equal(r.text, '', `${name}: nothing written`);
  }
});

test('--check fails on a stale generated file and says how to fix it', () => {
  const pkg = path.join(dir, 'stale.json');
  const out = path.join(dir, 'stale.ts');
  fs.writeFileSync(pkg, JSON.stringify({ homepage: 'https://lens.example.org' }));
  fs.writeFileSync(out, 'export const PROJECT_URL = "https://old.example.org";\n');
  const r = genMeta(['--check', '--package', pkg, '--out', out]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is not what package\.json's homepage gives; run `node scripts\/gen-meta\.mjs`/);
});
