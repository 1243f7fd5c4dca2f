// Hover, completion, outline, code lenses and rename, through the commands VS Code's UI uses.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { describe, diagnosticsWhen, hoverText, openAnalysed, positionOf, ruleOf, setText, SHOP, SHOP_FINDINGS } from './fixture.e2e';

const COMPONENTS = ['web', 'cart', 'orders', 'mailer'];

/** The fixture, open and analysed. */
async function analysedShop(): Promise<vscode.TextDocument> {
  return (await openAnalysed(SHOP)).doc;
}

test('hover on a component id shows its survivability', async () => {
  const doc = await analysedShop();
  const onOrders = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, '\n  orders:', 3));
  assert.match(hoverText(onOrders), /survives: host ✓ rack ✓ zone ✓ bad-release ✓ bad-config ✓ poison-pill ✓/);
  // cart has one replica: every tolerated class takes it down.
  const onCart = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, '\n  cart:', 3));
  assert.match(hoverText(onCart), /survives: host ✗ rack ✗ zone ✗ bad-release ✗ bad-config ✗ poison-pill ✗/);
});

test('completion offers the kinds after `kind: ` and component ids in dependsOn', async () => {
  const doc = await analysedShop();
  const labels = async (position: vscode.Position): Promise<string[]> => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
    return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  };
  const kinds = await labels(positionOf(doc, 'kind: log', 'kind: '.length));
  for (const kind of ['stateless', 'state-machine', 'primary-backup', 'log', 'consumer', 'store']) {
    assert.ok(kinds.includes(kind), `${kind} among ${kinds.join(', ')}`);
  }
  const ids = await labels(positionOf(doc, 'dependsOn: [', 'dependsOn: ['.length));
  for (const id of ['orders', 'mailer']) assert.ok(ids.includes(id), `${id} among ${ids.join(', ')}`);
});

test('the outline lists the components with kind and replica count', async () => {
  const doc = await analysedShop();
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
  const names = symbols.map((s) => s.name);
  for (const id of COMPONENTS) assert.ok(names.includes(id), `${id} in the outline: ${names.join(', ')}`);
  const cart = symbols.find((s) => s.name === 'cart')!;
  assert.equal(doc.getText(cart.selectionRange), 'cart');
  assert.match(cart.detail, /store/);
  assert.match(cart.detail, /\b1 replica\b/);
  assert.match(symbols.find((s) => s.name === 'web')!.detail, /\b3 replicas\b/);
});

test('a code lens above each component shows its survivability', async () => {
  const doc = await analysedShop();
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
  for (const id of COMPONENTS) {
    const line = positionOf(doc, `\n  ${id}:`, 1).line;
    const lens = lenses.find((l) => l.range.start.line === line);
    assert.ok(lens, `a lens on the line of ${id}`);
    assert.match(lens.command?.title ?? '', /^survives: /);
  }
});

test('rename updates every reference and refuses an id that already exists', async () => {
  const doc = await analysedShop();
  const original = doc.getText();
  const at = positionOf(doc, '\n  orders:', 3);
  await assert.rejects(Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at, 'cart')), /cart/, 'renaming orders to cart is refused');
  const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, 'order-log');
  const edits = edit.get(doc.uri);
  // The key, mailer's `consumes` and the accepted entry's `component`.
  assert.equal(edits.length, 3, `edits: ${JSON.stringify(edits.map((e) => [e.range.start.line + 1, doc.getText(e.range), e.newText]))}`);
  for (const e of edits) {
    assert.equal(doc.getText(e.range), 'orders');
    assert.equal(e.newText, 'order-log');
  }
  try {
    assert.equal(await vscode.workspace.applyEdit(edit), true, 'the rename applied');
    assert.doesNotMatch(doc.getText(), /\borders\b/);
    // Still the same findings (no unknown-reference), the accepted one now on the new id.
    const after = await diagnosticsWhen(doc.uri, (ds) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Hint && doc.getText(d.range) === 'order-log'), 'diagnostics of the renamed design');
    assert.deepEqual(after.map((d) => ruleOf(d)).sort(), SHOP_FINDINGS.map((f) => f.rule).sort(), describe(after));
  } finally {
    await setText(doc, original);
  }
});
