/**
 * Hover, completion, navigation, rename, symbols and code lenses over real LSP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CompletionItemKind,
  SymbolKind,
  type CodeLens,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type Location,
  type MarkupContent,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyTextEdits, LspClient } from '../helpers/lspClient';
import { SHARED_DESIGN } from '../helpers/sharedDesign';

const uri = 'file:///work/shop.redundancy.yaml';
const text = `redundancy: 1
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
      - { zone: a, version: pg@16, config: pg1 }   # the only database
  worker:
    kind: consumer
    consumes: [db]
    replicas: [{ count: 2, zone: b, version: w@1, config: w1 }]
accepted:
  - rule: single-replica
    component: db
    reason: dev only
`;

/** LSP position of the n-th occurrence of `needle` (plus `shift` characters). */
function pos(needle: string, nth = 0, shift = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('language features over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
    const opened = client.waitForDiagnostics(uri);
    await client.open(uri, text);
    await opened;
  });
  after(() => client.shutdown());

  test('hover on a component id shows its survivability and worst scenario', async () => {
    const h = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos('api:', 0, 1) })) as Hover;
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /survives: host ✗ rack \? zone ✗ bad-release ✗/, 'db, its single-replica dependency, takes it down with its host');
    assert.match(md, /Worst scenario:.*→ api down \(depends on db\)/);
  });

  test('hover on a property shows its schema documentation', async () => {
    const k = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos('consumes:', 0, 1) })) as Hover;
    assert.match((k.contents as MarkupContent).value, /events or requests/i);
  });

  test('completion after `kind: ` offers the kinds', async () => {
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: pos('kind: store', 0, 6) })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    for (const k of ['stateless', 'state-machine', 'primary-backup', 'log', 'consumer', 'store']) assert.ok(labels.includes(k), k);
  });

  test('completion in dependsOn offers other component ids', async () => {
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: pos('[db]', 0, 1) })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('db') && labels.includes('worker'));
    assert.ok(!labels.includes('api'), 'not the component itself');
  });

  test('definition and references of a component', async () => {
    const def = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: pos('[db]', 0, 1) })) as Location;
    assert.deepEqual(def.range.start, pos('db:', 0));
    const refs = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: pos('db:', 0),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.equal(refs.length, 4, 'key, dependsOn, consumes, accepted.component');
  });

  test('rename updates every reference and refuses an existing id', async () => {
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: pos('db:', 0), newName: 'database' })) as WorkspaceEdit;
    const change = edit.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1);
    const renamed = applyTextEdits(text, change.edits as TextEdit[]);
    assert.equal((renamed.replace('# the only database', '').match(/\bdatabase\b/g) ?? []).length, 4);
    assert.ok(!/\bdb\b/.test(renamed.replace(/pg@16/, '')));
    assert.ok(renamed.includes('# the only database'), 'comments kept');
    await assert.rejects(client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: pos('db:', 0), newName: 'api' }), /exists|already/i);
  });

  test('document symbols list the components with kind and replica count', async () => {
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    const names = JSON.stringify(symbols.map((s) => [s.name, s.detail]));
    for (const id of ['api', 'db', 'worker']) assert.ok(names.includes(`"${id}"`), id);
    const api = symbols.flatMap((s) => [s, ...(s.children ?? [])]).find((s) => s.name === 'api')!;
    assert.match(api.detail ?? '', /stateless/);
    assert.match(api.detail ?? '', /2 replicas/);
  });

  test('a code lens above each component with its survivability line', async () => {
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.equal(lenses.length, 3);
    assert.ok(lenses.every((l) => l.command && /survives/.test(l.command.title) && l.command.command === 'redundancy.showComponent'));
  });

  test('requests for a document that was never opened answer empty', async () => {
    const other = 'file:///work/never.redundancy.yaml';
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: other }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: other } }), []);
  });
});

describe('shared items over LSP', () => {
  const sharedUri = 'file:///work/storefront.redundancy.yaml';
  const T = SHARED_DESIGN;
  /** LSP position `shift` characters into the first occurrence of `needle` in the shared design. */
  const at = (needle: string, shift = 0) => {
    const i = T.indexOf(needle);
    assert.ok(i >= 0, needle);
    const before = T.slice(0, i + shift);
    return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
  };
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
    const opened = client.waitForDiagnostics(sharedUri);
    await client.open(sharedUri, T);
    await opened;
  });
  after(() => client.shutdown());

  test('completion in a uses list offers the shared ids the component does not use yet, as module references', async () => {
    // The edit (`uses: [edge-rules, ]`) goes to the server first, as an editor sends it while typing.
    const edited = T.replace('uses: [edge-rules, agent]', 'uses: [edge-rules, ]');
    await client.change(sharedUri, 2, edited);
    const i = edited.indexOf('[edge-rules, ]') + '[edge-rules, '.length;
    const before = edited.slice(0, i);
    const position = { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: sharedUri }, position })) as CompletionList;
    assert.deepEqual(
      list.items.map((x) => x.label),
      ['agent'],
      'not edge-rules (in the list), not base-image (in the top-level uses)',
    );
    const agent = list.items.find((x) => x.label === 'agent')!;
    assert.equal(agent.kind, CompletionItemKind.Module);
    assert.equal(agent.detail, 'shared config · agent-content');
    assert.deepEqual((agent.textEdit as TextEdit).range, { start: position, end: position });
    const back = client.waitForDiagnostics(sharedUri, (p) => p.version === 3);
    await client.change(sharedUri, 3, T);
    await back;
  });

  test('rename of a shared id edits the key, every uses entry and accepted.shared; a component id is refused', async () => {
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri: sharedUri }, position: at('- "agent"', 4), newName: 'sensor' })) as WorkspaceEdit;
    const change = edit.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 3);
    assert.equal(change.edits.length, 4);
    const renamed = applyTextEdits(T, change.edits as TextEdit[]);
    assert.ok(renamed.includes('  "sensor":\n') && renamed.includes('uses: [edge-rules, sensor]') && renamed.includes('- "sensor"') && renamed.includes('shared: sensor'), renamed);
    await assert.rejects(client.connection.sendRequest('textDocument/rename', { textDocument: { uri: sharedUri }, position: at('"agent":', 2), newName: 'db' }), /A component is named "db"/);
  });

  test('references, symbols and lenses include the shared items', async () => {
    const refs = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: sharedUri },
      position: at('[base-image]', 2),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(
      refs.map((r) => r.range.start),
      [at('  base-image:', 2), at('[base-image]', 1)],
    );
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: sharedUri } })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.filter((s) => s.kind === SymbolKind.Interface).map((s) => s.name),
      ['base-image', 'edge-rules', 'agent'],
    );
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: sharedUri } })) as CodeLens[];
    const shared = lenses.filter((l) => l.command?.command === 'redundancy.showSharedPush');
    assert.deepEqual(
      shared.map((l) => l.command!.arguments),
      [
        [sharedUri, 'base-image'],
        [sharedUri, 'edge-rules'],
        [sharedUri, 'agent'],
      ],
    );
    assert.match(shared[1].command!.title, /^push takes down 1 of 3 components/);
  });
});
