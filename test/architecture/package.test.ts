/**
 * What the .vsix holds, as `vsce ls` lists it from the .vscodeignore allow-list: the rule
 * pages the extension opens (redundancy.openRuleDoc) and every page they link to, so a link
 * in the Markdown preview never leads to a file the package lacks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_IDS } from '../../src/core/types';
import { repoRoot } from '../helpers/repo';

function packagedFiles(): string[] {
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot(), encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `vsce ls: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Relative link targets of a Markdown file (no scheme, no pure #anchors), without their #fragment. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((t) => t.replace(/#.*$/, ''));
}

test('the package holds every rule page, and every page a packaged doc links to', () => {
  const files = packagedFiles();
  const packaged = new Set(files);
  for (const id of RULE_IDS) assert.ok(packaged.has(`docs/rules/${id}.md`), `docs/rules/${id}.md is packaged (.vscodeignore)`);

  // README and CHANGELOG links are rewritten to the repository by vsce; the docs are shown as they are.
  const docs = files.filter((f) => f.startsWith('docs/') && f.endsWith('.md'));
  assert.ok(docs.length > RULE_IDS.length, `the rule pages and the docs they link to: ${docs.join(', ')}`);
  const missing: string[] = [];
  for (const doc of docs) {
    for (const link of relativeLinks(fs.readFileSync(path.join(repoRoot(), doc), 'utf8'))) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(doc), link)).replace(/\/$/, '');
      const ok = packaged.has(target) || files.some((f) => f.startsWith(`${target}/`));
      if (!ok) missing.push(`${doc} links to ${link} (${target}), which is not packaged`);
    }
  }
  assert.deepEqual(missing, []);
});
