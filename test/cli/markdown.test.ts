/**
 * Markdown design documents on the command line (the real bin, child processes): `check` on
 * .md files and folders, findings at Markdown lines with `block`, and `render`, which keeps
 * a generated mermaid diagram after each design block — idempotent, touching nothing else.
 */
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, LineIndex } from '../../src/core/index';
import { findDesignBlocks } from '../../src/core/markdown';
import { GENERATED_MARKER } from '../../src/core/markdownDiagrams';
import { toMermaid } from '../../src/core/mermaid';
import { makeTempDir, removeTempDir, runCli, writeFiles } from '../helpers/repo';

const TODAY = { REDUNDANCY_LENS_TODAY: '2026-11-26' };

const DESIGN = `redundancy: 1
system: pay
components:
  api:
    kind: stateless
    replicas:
      - count: 2
        spread: { zone: [z1, z2] }
        version: api@1
        config: c
    dependsOn: [db]
  db:
    kind: store
    replicas:
      - { host: d1, zone: z1, version: pg@16, config: p }
`;
const SECOND = DESIGN.replace('system: pay', 'system: ledger').replace(/db/g, 'store');
const quoted = (t: string) => t.replace(/^(?=.)/gm, '> ');

const DOC = `# Payments design

Prose with \`inline\` code, a list:

- one
- two

\`\`\`redundancy
${DESIGN}\`\`\`

Trailing prose, two spaces at the end of this line  
and a table:

| a | b |
|---|---|
| 1 | 2 |

> Quoted from the review:
>
> ~~~yaml redundancy
${quoted(SECOND)}> ~~~

The end.
`;

const dir = makeTempDir();
after(() => removeTempDir(dir));
writeFiles(dir, {
  'docs/design.md': DOC,
  'docs/notes.md': '# Notes\n\n```yaml\nredundancy: 1\n```\n',
  'docs/sub/api.redundancy.yaml': DESIGN,
  'empty/readme.md': '# Nothing here\n',
});

interface JsonOut {
  files: { file: string; findings: { rule: string; component: string | null; range: { start: { line: number; character: number } }; block?: number }[] }[];
}

describe('check on Markdown', () => {
  test("an explicit .md: the blocks' findings at Markdown lines, each with its block", async () => {
    const r = await runCli(['check', 'docs/design.md', '--format', 'json', '--fail-on', 'never'], { cwd: dir, env: TODAY });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.equal(out.files.length, 1);
    const findings = out.files[0].findings;
    const blocks = findDesignBlocks(DOC);
    for (const [i, design] of [DESIGN, SECOND].entries()) {
      const own = analyze(design, { today: TODAY.REDUNDANCY_LENS_TODAY }).findings;
      const lines = new LineIndex(design);
      const mine = findings.filter((f) => f.block === i);
      assert.equal(mine.length, own.length, `block ${i}`);
      assert.deepEqual(
        mine.map((f) => [f.rule, f.component, f.range.start.line, f.range.start.character]),
        own.map((f) => {
          const p = lines.positionAt(f.range.start);
          return [f.rule, f.component, p.line + blocks[i].line + 1, p.character + blocks[i].prefix.length];
        }),
      );
    }
  });

  test('a folder: design files and the .md files that hold a block; others silently skipped', async () => {
    const r = await runCli(['check', 'docs', '--format', 'json', '--fail-on', 'never'], { cwd: dir, env: TODAY });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'notes.md is skipped without a word');
    const files = (JSON.parse(r.stdout) as JsonOut).files.map((f) => f.file);
    assert.deepEqual(files, [path.join('docs', 'design.md'), path.join('docs', 'sub', 'api.redundancy.yaml')]);
    const design = (JSON.parse(r.stdout) as JsonOut).files[1].findings;
    assert.ok(
      design.every((f) => !('block' in f)),
      'design files have no block',
    );
  });

  test('a folder with no design at all says so; an explicit .md without a block is checked and noted', async () => {
    const empty = await runCli(['check', 'empty'], { cwd: dir, env: TODAY });
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /note: no \*\.redundancy\.yaml.*\*\.md files with a ```redundancy block\) in 'empty'/);
    const notes = await runCli(['check', 'docs/notes.md', '--format', 'json'], { cwd: dir, env: TODAY });
    assert.equal(notes.code, 0);
    assert.deepEqual((JSON.parse(notes.stdout) as JsonOut).files, [{ file: path.join('docs', 'notes.md'), findings: [] }]);
    assert.match(notes.stderr, /note: 'docs\/notes\.md' has no ```redundancy design block/);
  });

  test('text and SARIF show Markdown lines; the Markdown report has a section per block', async () => {
    const blocks = findDesignBlocks(DOC);
    const dbLine = DOC.split('\n').findIndex((l) => l === '  db:') + 1;
    const text = await runCli(['check', 'docs/design.md'], { cwd: dir, env: TODAY });
    assert.equal(text.code, 0, 'warnings only');
    assert.match(text.stdout, new RegExp(`^  ${dbLine}:3 +warning +single-replica +db has a single replica`, 'm'));
    const sarif = JSON.parse((await runCli(['check', 'docs/design.md', '--format', 'sarif'], { cwd: dir, env: TODAY })).stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    assert.ok(sarif.runs[0].results.some((x) => x.ruleId === 'single-replica' && x.locations[0].physicalLocation.region.startLine === dbLine));
    const md = (await runCli(['check', 'docs/design.md', '--format', 'markdown'], { cwd: dir, env: TODAY })).stdout;
    assert.match(md, new RegExp(`## \`docs/design\\.md, design block 1 \\(line ${blocks[0].line + 1}\\)\``));
    assert.match(md, new RegExp(`## \`docs/design\\.md, design block 2 \\(line ${blocks[1].line + 1}\\)\``));
    assert.match(md, new RegExp(`\\| ${dbLine} \\| warning \\| \\[single-replica\\]`), 'findings table at Markdown lines');
    assert.equal((md.match(/```mermaid/g) ?? []).length, 2, 'one diagram per block');
  });
});

describe('render', () => {
  test('writes a diagram after each block, touches nothing else, and a second run changes nothing', async () => {
    const file = path.join(dir, 'render.md');
    fs.writeFileSync(file, DOC);
    const before = await runCli(['render', 'render.md', '--check'], { cwd: dir, env: TODAY });
    assert.equal(before.code, 1, 'out of date before the first render');
    assert.match(before.stdout, /render\.md: diagrams out of date/);
    assert.equal(fs.readFileSync(file, 'utf8'), DOC, '--check writes nothing');

    const first = await runCli(['render', 'render.md'], { cwd: dir, env: TODAY });
    assert.equal(first.code, 0, first.stderr);
    const rendered = fs.readFileSync(file, 'utf8');
    assert.equal((rendered.match(new RegExp(GENERATED_MARKER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')) ?? []).length, 2);
    // Removing what render added gives back the document byte for byte.
    const stripped = rendered.replace(/\n(>?)\n\1 ?<!-- redundancy-lens: generated[^\n]*\n(?:\1 ?[^\n]*\n)*?\1 ?```\n/g, '\n');
    assert.equal(stripped, DOC);
    // The diagrams are the core's diagrams of the blocks; the quoted one stays in the quote.
    assert.ok(rendered.includes('```mermaid\n' + toMermaid(analyze(DESIGN, { today: TODAY.REDUNDANCY_LENS_TODAY }))));
    const quotedDiagram = toMermaid(analyze(SECOND, { today: TODAY.REDUNDANCY_LENS_TODAY }))
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    assert.ok(rendered.includes(`> \`\`\`mermaid\n${quotedDiagram}\n> \`\`\`\n`), "the quoted block's diagram is quoted too");
    // The preview parser still sees exactly two design blocks with the same designs.
    assert.deepEqual(
      findDesignBlocks(rendered).map((b) => b.text),
      [DESIGN, SECOND],
    );

    const second = await runCli(['render', 'render.md'], { cwd: dir, env: TODAY });
    assert.equal(second.code, 0);
    assert.match(second.stdout, /diagrams up to date/);
    assert.equal(fs.readFileSync(file, 'utf8'), rendered, 'idempotent');
    assert.equal((await runCli(['render', 'render.md', '--check'], { cwd: dir, env: TODAY })).code, 0);

    // Edit a design: only its diagram changes.
    const edited = rendered.replace('host: d1', 'host: d9');
    fs.writeFileSync(file, edited);
    assert.equal((await runCli(['render', 'render.md', '--check'], { cwd: dir, env: TODAY })).code, 1);
    await runCli(['render', 'render.md'], { cwd: dir, env: TODAY });
    const again = fs.readFileSync(file, 'utf8');
    const firstPart = again.slice(0, again.indexOf('> Quoted'));
    assert.ok(firstPart.includes('host d9') && !firstPart.includes('host d1'), 'the first diagram follows its design');
    assert.equal(again.slice(again.indexOf('> Quoted')), edited.slice(edited.indexOf('> Quoted')), 'the other block and its diagram untouched');
  });

  test('CRLF files and a UTF-8 byte order mark are kept', async () => {
    const file = path.join(dir, 'crlf.md');
    const crlf = DOC.replace(/\n/g, '\r\n');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]));
    assert.equal((await runCli(['render', 'crlf.md'], { cwd: dir, env: TODAY })).code, 0);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
    assert.ok(text.startsWith(crlf.slice(0, crlf.indexOf('```\r\n\r\nTrailing') + 5)));
    assert.equal((await runCli(['render', 'crlf.md', '--check'], { cwd: dir, env: TODAY })).code, 0, 'idempotent on CRLF');
  });

  test('bad input: a missing file, a design file, an unknown option — one line, exit 2', async () => {
    for (const args of [
      ['render', 'nope.md'],
      ['render', 'docs/sub/api.redundancy.yaml'],
      ['render', '--fix'],
    ]) {
      const r = await runCli(args, { cwd: dir, env: TODAY });
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^redundancy-lens: /);
    }
  });

  test('an unclosed design block gets no diagram, and a note says why', async () => {
    const file = path.join(dir, 'unclosed.md');
    const text = `Text\n\n\`\`\`redundancy\n${DESIGN}`;
    fs.writeFileSync(file, text);
    const r = await runCli(['render', 'unclosed.md'], { cwd: dir, env: TODAY });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /unclosed\.md:3: design block 1 left without a diagram: its fence is not closed/);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });
});
