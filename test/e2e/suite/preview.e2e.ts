// The failure-domain preview in the real VS Code: it opens beside the design and draws the
// diagram, its page runs under the intended Content-Security-Policy, a chosen scenario
// marks the expected components down, and an edit to the design redraws it.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, diagnosticsWhen, EVENT_MS, openAnalysed, SHOP } from './fixture.e2e';
import { test, withTimeout } from './harness';

interface Rendered {
  type: 'rendered';
  version: number;
  ok: boolean;
  error: string | null;
  scenario: number | null;
  nodeCount: number;
  csp: string | null;
  downComponents: string[];
}

interface PreviewApi {
  isOpen: boolean;
  webviewHtml: string | undefined;
  shown: { version: number; result: { scenarios: { threat: string; value: string; componentsDownDirectly: string[]; blastRadius: number }[] } } | undefined;
  nextRendered(pred?: (m: Rendered) => boolean): Promise<Rendered>;
  selectScenario(index: number | null): void;
  receive(raw: unknown): Promise<void>;
}

async function preview(): Promise<PreviewApi> {
  return ((await activeApi()) as unknown as { preview: PreviewApi }).preview;
}

test('the preview opens beside the design, draws the diagram under the intended CSP', async () => {
  await openAnalysed(SHOP);
  const p = await preview();
  const rendered = p.nextRendered();
  await vscode.commands.executeCommand('redundancy.openPreviewToSide');
  const first = await withTimeout(rendered, EVENT_MS, 'the first render of the preview');
  assert.equal(first.ok, true, `render failed: ${first.error}`);
  assert.ok(first.nodeCount >= 5, `replica nodes drawn: ${first.nodeCount}`);
  // The policy the page runs under, read back from its DOM, is the one the host meant.
  const html = p.webviewHtml ?? '';
  const nonce = /nonce="([^"]+)"/.exec(html)?.[1] ?? '';
  const cspSource = /style-src (.+?) 'unsafe-inline'/.exec(first.csp ?? '')?.[1] ?? '';
  assert.ok(nonce && cspSource, 'nonce and cspSource found');
  // Written out here on purpose: the test states the intended policy (src/shared/previewHtml.ts).
  assert.equal(first.csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} 'unsafe-inline'; img-src ${cspSource} data:; font-src ${cspSource}`);
});

test('choosing a scenario marks what it takes down', async () => {
  const p = await preview();
  const scenarios = p.shown!.result.scenarios;
  const index = scenarios.findIndex((s) => s.threat === 'host' && s.componentsDownDirectly.includes('cart'));
  assert.ok(index >= 0, 'the loss of the cart host is a scenario');
  // What goes down through dependencies is not listed per scenario (quadratic on a chain): the
  // preview walks it; here the design says web depends on cart.
  assert.deepEqual(scenarios[index].componentsDownDirectly, ['cart']);
  assert.equal(scenarios[index].blastRadius, 2, 'the cart host takes cart and web down');
  const expected = ['cart', 'web'];
  const rendered = p.nextRendered((m) => m.scenario === index);
  p.selectScenario(index);
  const marked = await withTimeout(rendered, EVENT_MS, 'the render with the scenario marked');
  assert.equal(marked.ok, true, `render failed: ${marked.error}`);
  assert.equal(marked.scenario, index);
  assert.deepEqual(marked.downComponents, expected);
});

test('editing the design redraws the preview', async () => {
  const p = await preview();
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(SHOP))!;
  const doc = editor.document;
  const before = p.shown!.version;
  const at = doc.getText().indexOf('      - { zone: z-a, rack: r4');
  const original = doc.getText();
  const rendered = p.nextRendered((m) => m.version > before);
  const line = '      - { zone: z-b, rack: r10, version: cart@2.1.0, config: cart-cfg@4 }\n';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, doc.positionAt(at), line);
  assert.ok(await vscode.workspace.applyEdit(edit));
  const next = await withTimeout(rendered, EVENT_MS, 'a render after the edit');
  assert.equal(next.ok, true, `render failed: ${next.error}`);
  assert.ok(next.nodeCount > 0);
  // Put the text back without saving, for the tests after this one.
  const back = new vscode.WorkspaceEdit();
  back.delete(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + line.length)));
  assert.ok(await vscode.workspace.applyEdit(back));
  assert.equal(doc.getText(), original);
  await diagnosticsWhen(doc.uri, (ds) => ds.some((d) => d.code !== undefined && JSON.stringify(d.code).includes('single-replica')), 'the original findings again');
});

test('messages of the wrong shape or about another document are dropped without effect', async () => {
  const p = await preview();
  const doc = vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(SHOP))!.document;
  const source = doc.uri.toString();
  const start = new vscode.Position(0, 0);
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false });
  editor.selection = new vscode.Selection(start, start);
  await p.receive({ type: 'reveal', source: 'file:///elsewhere.redundancy.yaml', component: 'cart' });
  await p.receive({ type: 'reveal', source, component: 42 });
  await p.receive({ type: 'reveal', component: 'cart' });
  await p.receive('reveal');
  await p.receive({ type: 'runCommand', source, command: 'workbench.action.closeAllEditors' });
  assert.ok(vscode.window.activeTextEditor?.selection.start.isEqual(start), 'nothing moved the cursor');
  // The same message about the panel's own document does act: the guard is what stopped the others.
  await p.receive({ type: 'reveal', source, component: 'cart' });
  const selected = vscode.window.activeTextEditor!;
  assert.equal(selected.document.getText(selected.selection), 'cart');
});

test("a shared item's code lens marks its push in the preview: the item's users go down", async () => {
  const { doc } = await openAnalysed('storefront.redundancy.yaml');
  const lenses = await withTimeout(Promise.resolve(vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)), EVENT_MS, 'the code lenses');
  const lens = lenses.find((l) => l.command?.command === 'redundancy.showSharedPush' && l.command.arguments?.[1] === 'agent');
  assert.ok(lens?.command, `a lens on the shared item agent (got ${lenses.map((l) => l.command?.title).join(' | ')})`);
  assert.match(lens.command.title, /^push takes down 2 of 3 components/);
  assert.equal(doc.getText(lens.range), '"agent"');
  const p = await preview();
  const rendered = p.nextRendered((m) => m.scenario !== null && m.downComponents.length > 0);
  await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
  const marked = await withTimeout(rendered, EVENT_MS, 'the render with the push of agent marked');
  assert.equal(marked.ok, true, `render failed: ${marked.error}`);
  const s = p.shown!.result.scenarios[marked.scenario!];
  assert.deepEqual([s.threat, s.value], ['bad-config', 'agent']);
  assert.deepEqual(marked.downComponents, ['api', 'edge']);
});
