/**
 * The user docs are part of the product: every rule id links to a page (SARIF and the LSP
 * point at docs/rules/<id>.md), and a YAML example in the docs that the tool itself rejects
 * would teach users a broken format.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, RULE_IDS } from '../../src/core/index';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown };
      if (pkg.name === 'redundancy-lens') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json named redundancy-lens above ${start}`);
    dir = parent;
  }
}

const root = findRepoRoot(__dirname);
const rulesDir = path.join(root, 'docs', 'rules');

interface YamlBlock {
  file: string;
  /** 1-based line of the opening fence, for messages a reader can follow. */
  line: number;
  text: string;
  invalid: boolean;
}

/** Fenced ```yaml blocks that are whole designs (they contain `redundancy: 1`). */
function designBlocks(file: string): YamlBlock[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const blocks: YamlBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,})\s*ya?ml\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const fence = open[2];
    const body: string[] = [];
    let j = i + 1;
    const closes = (line: string) => /^ {0,3}`+\s*$/.test(line) && line.trim().length >= fence.length;
    while (j < lines.length && !closes(lines[j])) {
      body.push(lines[j].slice(Math.min(indent, lines[j].length - lines[j].trimStart().length)));
      j++;
    }
    assert.ok(j < lines.length, `${path.relative(root, file)}:${i + 1}: unclosed yaml fence`);
    const text = body.join('\n') + '\n';
    if (/^redundancy:[ \t]*1[ \t]*(#.*)?$/m.test(text)) {
      blocks.push({ file, line: i + 1, text, invalid: /^#\s*invalid\b/i.test(body[0] ?? '') });
    }
    i = j;
  }
  return blocks;
}

test('every rule id has a page in docs/rules and there are no other pages', () => {
  const pages = fs
    .readdirSync(rulesDir)
    .filter((f) => !f.startsWith('.'))
    .sort();
  const expected = RULE_IDS.map((id) => `${id}.md`).sort();
  assert.deepEqual(pages, expected);
});

test('every rule page is titled with its rule id', () => {
  for (const id of RULE_IDS) {
    const text = fs.readFileSync(path.join(rulesDir, `${id}.md`), 'utf8');
    const title = text.split(/\r?\n/).find((l) => l.startsWith('# '));
    assert.ok(title, `docs/rules/${id}.md has no "# " title`);
    assert.ok(title.includes(`\`${id}\``), `docs/rules/${id}.md: title "${title}" does not name \`${id}\``);
  }
});

const docFiles = [path.join(root, 'docs', 'format.md'), ...RULE_IDS.map((id) => path.join(rulesDir, `${id}.md`))].filter((f) => fs.existsSync(f));

test('docs/format.md and every rule page have whole-design YAML examples to check', () => {
  // Guards the extraction below: a fence-parsing slip would otherwise check nothing and pass.
  assert.ok(fs.existsSync(path.join(root, 'docs', 'format.md')), 'docs/format.md is missing');
  for (const file of docFiles) {
    assert.ok(designBlocks(file).length >= 1, `${path.relative(root, file)} has no \`\`\`yaml block containing "redundancy: 1"`);
  }
});

for (const file of docFiles) {
  for (const block of designBlocks(file)) {
    const where = `${path.relative(root, block.file)}:${block.line}`;
    test(`${where} ${block.invalid ? 'is rejected, as its "invalid" mark says' : 'is a valid design'}`, () => {
      const found = analyze(block.text, { today: '2026-01-01' }).findings.filter((f) => f.rule === 'schema' || f.rule === 'yaml-syntax');
      if (block.invalid) {
        assert.ok(found.length > 0, `${where}: marked "# invalid" but analyze() reports no schema or yaml-syntax finding`);
      } else {
        assert.deepEqual(
          found.map((f) => `${f.rule}: ${f.message} @ ${JSON.stringify(block.text.slice(f.range.start, f.range.end))}`),
          [],
          `${where}: the example is not a valid design`,
        );
      }
    });
  }
}
