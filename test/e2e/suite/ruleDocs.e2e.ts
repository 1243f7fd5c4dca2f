// Rule pages inside VS Code: a diagnostic's code link and `redundancy.openRuleDoc` open the
// page shipped in the extension (docs/rules/<rule-id>.md) in the Markdown preview, with no
// network. In the run against the packaged .vsix this also proves the pages are packaged.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { test, withTimeout } from './harness';
import { EVENT_MS, extension, openAnalysed, ruleOf, SHOP } from './fixture.e2e';

/** A tab of the built-in Markdown preview showing `file` (its label is "Preview <file>"). */
function previewTab(file: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && t.label.includes(file));
}

function tabsNow(): string {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  return (
    tabs.map((t) => `${t.label} (${t.input instanceof vscode.TabInputWebview ? t.input.viewType : t.input instanceof vscode.TabInputText ? t.input.uri.toString() : 'other'})`).join(', ') || 'none'
  );
}

/** Runs `action` and resolves with the Markdown preview tab of `file` once one is open. */
async function previewOpenedBy(file: string, action: () => Thenable<unknown>): Promise<vscode.Tab> {
  let subscription: vscode.Disposable | undefined;
  const opened = new Promise<vscode.Tab>((resolve) => {
    subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = previewTab(file);
      if (tab) resolve(tab);
    });
  });
  try {
    await action();
    const now = previewTab(file);
    return now ?? (await withTimeout(opened, EVENT_MS, `a Markdown preview of ${file} (tabs: ${tabsNow()})`));
  } finally {
    subscription?.dispose();
  }
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  assert.equal(previewTab('.md'), undefined, `no preview is left open (tabs: ${tabsNow()})`);
}

test("a diagnostic's rule link opens the rule page shipped in the extension, in the Markdown preview", async () => {
  await closeAll();
  const { diagnostics } = await openAnalysed(SHOP);
  const d = diagnostics.find((x) => ruleOf(x) === 'single-replica');
  assert.ok(d && typeof d.code === 'object', 'a single-replica diagnostic with a code link');
  const target = d.code.target;
  assert.equal(target.scheme, vscode.env.uriScheme, `the link is the editor's own (${target.toString()}), not the web`);
  assert.equal(target.authority, extension().id);
  assert.ok(fs.existsSync(path.join(extension().extensionPath, 'docs', 'rules', 'single-replica.md')), 'the page ships with the extension');

  // `vscode.open` hands the link to VS Code's opener, as clicking it in a hover does.
  const tab = await previewOpenedBy('single-replica.md', () => vscode.commands.executeCommand('vscode.open', target));
  assert.ok(tab.isActive, 'the preview is shown');
  await closeAll();
});

test('"Open Rule Documentation" opens the page of the rule it is given', async () => {
  await closeAll();
  const tab = await previewOpenedBy('domain-concentration.md', () => vscode.commands.executeCommand('redundancy.openRuleDoc', 'domain-concentration'));
  assert.ok(tab.label.includes('domain-concentration.md'));
  // An id that is no rule opens nothing (and never a path outside docs/rules).
  await vscode.commands.executeCommand('redundancy.openRuleDoc', '../../package');
  assert.equal(previewTab('package'), undefined, `tabs: ${tabsNow()}`);
  await closeAll();
});
