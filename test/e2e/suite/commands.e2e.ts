// The extension's commands.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { activeApi, api, describe, diagnosticsWhen, LANGUAGE_ID, serverRoundTrip } from './fixture.e2e';

test('"New Design File" opens an untitled design that is analysed without errors', async () => {
  await activeApi();
  await vscode.commands.executeCommand('redundancy.newDesign');
  const doc = vscode.window.activeTextEditor?.document;
  assert.ok(doc, 'an editor is open');
  try {
    assert.equal(doc.uri.scheme, 'untitled');
    assert.equal(doc.languageId, LANGUAGE_ID);
    assert.match(doc.getText(), /^#/, 'the starter design starts with a comment');
    const ds = await diagnosticsWhen(doc.uri, (d) => d.length > 0, 'diagnostics of the new design');
    const errors = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.equal(errors.length, 0, `no errors: ${describe(errors)}`);
    await serverRoundTrip(doc.uri);
    assert.match(api().statusText(), /Redundancy: (no problems|0 errors)/);
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});
