// A Markdown design document (design.md): diagnostics in its blocks at Markdown lines, a
// quick fix applied inside a block, VS Code's built-in Markdown preview drawing the diagram
// (read back from the preview's DOM, with a screenshot), and the Redundancy Lens preview of
// the block at the cursor.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { log, test, withTimeout } from './harness';
import { activeApi, describe, diagnosticsWhen, EVENT_MS, openAnalysed, positionOf, ruleOf, setText } from './fixture.e2e';
import { probeDom } from './probe.e2e';

const DOC = 'design.md';

test('a Markdown design document: the findings of each block at Markdown lines', async () => {
  const { doc, diagnostics } = await openAnalysed(DOC);
  assert.equal(doc.languageId, 'markdown');
  const ledger = positionOf(doc, '  ledger:').line;
  const index = positionOf(doc, '>   index:').line;
  const all = await diagnosticsWhen(doc.uri, (ds) => ds.some((d) => d.range.start.line === index), "the quoted block's findings too");
  assert.ok(
    all.some((d) => ruleOf(d) === 'domain-concentration' && d.range.start.line === ledger),
    `domain-concentration on the ledger line: ${describe(diagnostics)}`,
  );
  const single = all.find((d) => ruleOf(d) === 'single-replica' && d.range.start.line === index);
  assert.ok(single, `single-replica in the quoted block: ${describe(all)}`);
  assert.equal(doc.getText(single.range), 'index', 'underlines the component id, after the "> " prefix');
  const firstFence = positionOf(doc, '```redundancy').line;
  assert.ok(
    all.every((d) => d.range.start.line > firstFence),
    'nothing in the prose',
  );
});

test('a quick fix inside the block moves the standby to another zone', async () => {
  const { doc } = await openAnalysed(DOC);
  const original = doc.getText();
  const target = (await diagnosticsWhen(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'domain-concentration'), 'domain-concentration')).find((d) => ruleOf(d) === 'domain-concentration')!;
  // VS Code's own Markdown extension also offers code actions here; it activates on the same
  // document, and once its activation took 10 s during which the request came back without ours.
  await withTimeout(Promise.resolve(vscode.extensions.getExtension('vscode.markdown-language-features')?.activate()), EVENT_MS, 'the Markdown extension to activate');
  try {
    const offered = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, target.range);
    // Other findings share the range (the ledger's id); VS Code's command does not say which
    // diagnostic an action is for, so the zone fix is picked by what it does.
    const fix = offered.find((a): a is vscode.CodeAction => a instanceof vscode.CodeAction && /^Move ledger-2 to zone eu-west-1[bc]$/.test(a.title));
    assert.ok(fix?.edit, `a fix that moves the standby among: ${offered.map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    await diagnosticsWhen(doc.uri, (ds) => ds.length > 0 && !ds.some((d) => ruleOf(d) === 'domain-concentration'), 'diagnostics without domain-concentration');
    const text = doc.getText();
    assert.equal(text.slice(0, text.indexOf('```redundancy')), original.slice(0, original.indexOf('```redundancy')), 'the prose is untouched');
    assert.ok(text.includes('# Primary and standby, in one zone.'), 'the comment is kept');
  } finally {
    await setText(doc, original);
  }
});

test("VS Code's Markdown preview draws the block as its failure-domain diagram", async () => {
  const { doc } = await openAnalysed(DOC);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
  const answer = await probeDom('.redundancy-lens-block[data-state="done"]', 'markdown-preview.png');
  assert.equal(answer.error, null);
  assert.equal(answer.elements.length, 2, 'both blocks drawn');
  const [payments, search] = answer.elements;
  assert.ok(
    payments.svgNodes.some((n) => n.includes('ledger') && n.includes('host ledger-2')),
    payments.svgNodes.join(' | '),
  );
  assert.ok(payments.svgNodes.some((n) => n.includes('payments-api')));
  assert.match(payments.text, /payments: 2 components/);
  assert.match(payments.text, new RegExp(`line ${positionOf(doc, '  ledger:').line + 1} · domain-concentration`));
  assert.ok(search.svgNodes.some((n) => n.includes('index')));
  assert.ok(answer.screenshot, 'a screenshot was taken');
  log(`  markdown preview screenshot: ${answer.screenshot}`);
});

test('Redundancy Lens: Open Preview to the Side with the cursor in a block previews that block', async () => {
  const { doc } = await openAnalysed(DOC);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  const at = positionOf(doc, 'system: search');
  editor.selection = new vscode.Selection(at, at);
  const api = (await activeApi()) as unknown as {
    preview: {
      nextRendered(p?: (m: { ok: boolean; error: string | null }) => boolean): Promise<{ ok: boolean; error: string | null }>;
      shown: { result: { model: { system: string } | null } } | undefined;
    };
  };
  const rendered = api.preview.nextRendered();
  await vscode.commands.executeCommand('redundancy.openPreviewToSide');
  const first = await withTimeout(rendered, EVENT_MS, 'the preview of the block');
  assert.equal(first.ok, true, `render failed: ${first.error}`);
  assert.equal(api.preview.shown?.result.model?.system, 'search');
});
