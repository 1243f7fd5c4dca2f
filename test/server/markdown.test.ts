/**
 * Design blocks in Markdown over real LSP (stdio): diagnostics at Markdown positions, nothing
 * for Markdown without a block, and the language features inside a block.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, DocumentSymbol, Hover, Location, MarkupContent, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, LspClient } from '../helpers/lspClient';

const DESIGN = `redundancy: 1
system: shop
components:
  api:
    kind: stateless
    dependsOn: [db]
    replicas:
      - count: 2
        spread: { zone: [a, b] }
        version: api@1
        config: c1
  db:
    kind: store
    replicas:
      - { zone: a, version: pg@16, config: pg1 }
`;

const quoted = (t: string) => t.replace(/^(?=.)/gm, '> ');
const MD = `# Shop design

The API reads the database. \`db\` is mentioned here, in prose.

\`\`\`redundancy
${DESIGN}\`\`\`

A second design, quoted from the review:

> \`\`\`yaml redundancy
${quoted(DESIGN.replace('system: shop', 'system: quoted'))}> \`\`\`
`;

/** LSP position of the n-th occurrence of `needle` in `text` (plus `shift` characters). */
function pos(text: string, needle: string, nth = 0, shift = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at + shift);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}
const lineOf = (text: string, needle: string, nth = 0) => pos(text, needle, nth).line;
const shape = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`).sort();

describe('Markdown design documents over LSP', () => {
  let client: LspClient;
  const uri = 'file:///work/design.md';
  let diagnostics: Diagnostic[];
  before(async () => {
    client = new LspClient();
    await client.initialize();
    const opened = client.waitForDiagnostics(uri);
    await client.open(uri, MD, 'markdown');
    diagnostics = (await opened).diagnostics;
  });
  after(() => client.shutdown());

  test('each block is analysed as the design file with its text, at Markdown lines', async () => {
    const fileUri = 'file:///work/shop.redundancy.yaml';
    const file = client.waitForDiagnostics(fileUri);
    await client.open(fileUri, DESIGN);
    const own = (await file).diagnostics;
    assert.ok(own.length >= 3, 'the design has findings');
    const first = diagnostics.filter((d) => (d.data as { block?: number }).block === 0);
    const second = diagnostics.filter((d) => (d.data as { block?: number }).block === 1);
    assert.deepEqual(shape(first), shape(own));
    assert.equal(second.length, own.length);
    const shift = lineOf(MD, '```redundancy') + 1;
    assert.deepEqual(first.map((d) => [d.code, d.range.start.line, d.range.start.character]).sort(), own.map((d) => [d.code, d.range.start.line + shift, d.range.start.character]).sort());
    // In the block quote, the same findings sit two characters further right ("> ").
    const quotedShift = lineOf(MD, '> ```yaml redundancy') + 1;
    assert.deepEqual(second.map((d) => [d.code, d.range.start.line, d.range.start.character]).sort(), own.map((d) => [d.code, d.range.start.line + quotedShift, d.range.start.character + 2]).sort());
  });

  test('a Markdown file without a block publishes nothing; removing the last block clears its diagnostics', async () => {
    const plain = 'file:///work/notes.md';
    await client.open(plain, '# Notes\n\n```yaml\nredundancy: 1\n```\n', 'markdown');
    // Requests are answered in order: by the time this answers, the notes were analysed.
    const answer = await client.connection.sendRequest('redundancy/analysis', { uri: plain });
    assert.equal(answer, null);
    const marker = 'file:///work/after-notes.redundancy.yaml';
    const markerDiagnostics = client.waitForDiagnostics(marker);
    await client.open(marker, DESIGN);
    await markerDiagnostics;
    await assert.rejects(
      client.waitForDiagnostics(plain, () => true, 50),
      'nothing was published for the notes',
    );

    const doc = 'file:///work/shrinking.md';
    const first = client.waitForDiagnostics(doc);
    await client.open(doc, `Intro\n\n\`\`\`redundancy\n${DESIGN}\`\`\`\n`, 'plaintext');
    assert.ok((await first).diagnostics.length > 0, 'any languageId: a .md is read by its name');
    const cleared = client.waitForDiagnostics(doc, (p) => p.version === 2);
    await client.change(doc, 2, 'Intro\n\nThe design moved elsewhere.\n');
    assert.deepEqual((await cleared).diagnostics, []);
  });

  test('hover inside a block answers at Markdown positions; in the prose nothing', async () => {
    const h = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos(MD, 'api:', 0, 1) })) as Hover;
    assert.match((h.contents as MarkupContent).value, /survives:/);
    assert.equal(h.range?.start.line, lineOf(MD, 'api:'));
    const quotedHover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos(MD, 'api:', 1, 1) })) as Hover;
    assert.equal(quotedHover.range?.start.line, lineOf(MD, 'api:', 1));
    assert.equal(quotedHover.range?.start.character, 4, '"> " plus the two spaces of indentation');
    const prose = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos(MD, '`db`', 0, 1) });
    assert.equal(prose, null);
  });

  test('completion inside the quoted block', async () => {
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: pos(MD, 'kind: store', 1, 6) })) as {
      items: { label: string; textEdit?: TextEdit }[];
    };
    assert.ok(list.items.some((i) => i.label === 'primary-backup'));
    const edit = list.items[0].textEdit!;
    assert.equal(edit.range.start.line, lineOf(MD, 'kind: store', 1));
  });

  test('a quick fix in the block quote keeps the fixed design inside the quote', async () => {
    const target = diagnostics.find((d) => d.code === 'single-replica' && (d.data as { block?: number }).block === 1);
    assert.ok(target, 'the quoted db has one replica');
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    assert.ok(fix, 'a preferred fix');
    const change = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1);
    const fixed = applyTextEdits(MD, change.edits as TextEdit[]);
    const quotedPart = fixed.slice(fixed.indexOf('> ```yaml redundancy'));
    assert.ok(
      quotedPart
        .trimEnd()
        .split('\n')
        .every((l) => l.startsWith('>')),
      `every line of the quoted block stays quoted:\n${quotedPart}`,
    );
    assert.equal(fixed.slice(0, fixed.indexOf('> ```yaml')), MD.slice(0, MD.indexOf('> ```yaml')), 'the rest of the file is untouched');
    const again = client.waitForDiagnostics(uri, (p) => p.version === 2);
    await client.change(uri, 2, fixed);
    const after = (await again).diagnostics;
    assert.ok(!after.some((d) => d.code === 'single-replica' && (d.data as { block?: number }).block === 1), 'the finding is gone');
    assert.ok(
      after.some((d) => d.code === 'single-replica' && (d.data as { block?: number }).block === 0),
      'the other block is as it was',
    );
    await client.change(uri, 3, MD);
  });

  test('definition, references and rename stay inside their block', async () => {
    const def = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: pos(MD, '[db]', 0, 1) })) as Location;
    assert.deepEqual(def.range.start, pos(MD, 'db:', 0));
    const refs = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: pos(MD, 'db:', 0), context: { includeDeclaration: true } })) as Location[];
    assert.deepEqual(
      refs.map((r) => r.range.start.line).sort((a, b) => a - b),
      [lineOf(MD, '[db]'), lineOf(MD, 'db:')],
    );
    const rename = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: pos(MD, 'db:', 1), newName: 'store' })) as WorkspaceEdit;
    const edits = (rename.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
    const renamed = applyTextEdits(MD, edits);
    assert.equal(renamed.slice(0, renamed.indexOf('> ```')), MD.slice(0, MD.indexOf('> ```')), 'the first block and the prose keep `db`');
    assert.match(renamed, /^> {5}dependsOn: \[store\]$/m);
    assert.match(renamed, /^> {3}store:$/m);
  });

  test('document symbols and code lenses of both blocks, at their lines', async () => {
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    const components = symbols.flatMap((s) => (s.children ?? []).concat(s)).filter((s) => s.name === 'api');
    assert.deepEqual(
      components.map((s) => s.selectionRange.start.line),
      [lineOf(MD, 'api:'), lineOf(MD, 'api:', 1)],
    );
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.equal(lenses.length, 4, 'api and db in each block');
    const quotedDb = lenses.find((l) => l.range.start.line === lineOf(MD, 'db:', 1))!;
    assert.ok(quotedDb, 'a lens on the quoted db');
    const [, start, , component] = quotedDb.command!.arguments as [string, number, number, string];
    assert.equal(component, 'db');
    assert.equal(MD.slice(start, start + 3), 'db:', 'the command carries Markdown offsets');
  });

  test('the analysis request answers for the block at the cursor', async () => {
    const second = (await client.connection.sendRequest('redundancy/analysis', { uri, position: pos(MD, 'system: quoted') })) as { result: { model: { system: string } }; block: { index: number } };
    assert.equal(second.block.index, 1);
    assert.equal(second.result.model.system, 'quoted');
    const first = (await client.connection.sendRequest('redundancy/analysis', { uri, position: pos(MD, '# Shop') })) as { block: { index: number } };
    assert.equal(first.block.index, 0, 'outside a block: the first block');
  });
});
