// A quick fix, found and applied the way the light bulb does it.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, describe, diagnosticsWhen, openAnalysed, ruleOf, serverRoundTrip, setText, SHOP, SHOP_FINDINGS } from './fixture.e2e';

const RULE = 'poison-pill-data-loss';

test('a quick fix removes its finding and keeps the comments', async () => {
  const { doc } = await openAnalysed(SHOP);
  const original = doc.getText();
  const before = await diagnosticsWhen(doc.uri, (ds) => ds.some((d) => ruleOf(d) === RULE), `a ${RULE} diagnostic`);
  const target = before.find((d) => ruleOf(d) === RULE)!;
  try {
    const offered = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, target.range);
    // The range is the finding's own (`skip`), which no other finding overlaps. VS Code's
    // command does not hand back an action's `diagnostics`; where it does, they must match.
    const actions = offered.filter((a): a is vscode.CodeAction => a instanceof vscode.CodeAction && (!a.diagnostics || a.diagnostics.some((d) => ruleOf(d) === RULE)));
    assert.ok(
      actions.some((a) => /accept/i.test(a.title)),
      `an "accept this risk" action among: ${offered.map((a) => a.title).join(' | ')}`,
    );
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, `a preferred fix with an edit among: ${actions.map((a) => a.title).join(' | ')}`);

    assert.equal(await vscode.workspace.applyEdit(preferred.edit), true, 'the fix applied');
    const after = await diagnosticsWhen(doc.uri, (ds) => ds.length > 0 && !ds.some((d) => ruleOf(d) === RULE), `diagnostics without ${RULE}`);
    assert.deepEqual(
      after.map((d) => ruleOf(d)).sort(),
      SHOP_FINDINGS.filter((f) => f.rule !== RULE)
        .map((f) => f.rule)
        .sort(),
      `only that finding went: ${describe(after)}`,
    );
    const text = doc.getText();
    for (const line of original.split('\n').filter((l) => l.includes('#'))) {
      const comment = line.slice(line.indexOf('#'));
      assert.ok(text.includes(comment), `comment kept: ${comment}`);
    }
    await serverRoundTrip(doc.uri);
    assert.match(api().statusText(), /\b2 warnings\b/, 'the status bar counts one warning fewer');
  } finally {
    await setText(doc, original);
  }
});
