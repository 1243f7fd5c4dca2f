// Opening a design: activation, the language, the diagnostics and the status bar.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, diagnosticsWhen, extension, LANGUAGE_ID, openAnalysed, openFixture, ruleOf, serverRoundTrip, SHOP, SHOP_FINDINGS, SOURCE } from './fixture.e2e';

const byRuleAndPlace = (a: { rule: string; at: string }, b: { rule: string; at: string }): number => a.rule.localeCompare(b.rule) || a.at.localeCompare(b.at);

test('opening a design activates the extension and shows its findings with rule codes', async () => {
  const ext = extension();
  // The run against the packaged .vsix must load the unpacked package, not the repository.
  const expectedPath = process.env.E2E_EXPECT_EXTENSION_PATH;
  if (expectedPath) assert.equal(fs.realpathSync(ext.extensionPath), fs.realpathSync(expectedPath), 'the extension under test');
  assert.equal(ext.isActive, false, 'nothing activates the extension before a design is opened');

  const { document: doc } = await openFixture(SHOP);
  assert.equal(doc.languageId, LANGUAGE_ID);
  const ds = await diagnosticsWhen(doc.uri, (d) => d.length > 0, 'the first diagnostics of the design').catch(async (error: unknown) => {
    // Say why when the extension could not start (a missing server, a throwing activate).
    await Promise.resolve(ext.activate()).catch((failed: unknown) => {
      throw new Error(`the extension failed to activate: ${failed instanceof Error ? failed.message : String(failed)}`);
    });
    throw error;
  });
  assert.equal(ext.isActive, true, 'opening a design activated the extension');

  const seen = ds.map((d) => ({ rule: ruleOf(d) ?? '(no code)', severity: d.severity, at: doc.getText(d.range) })).sort(byRuleAndPlace);
  assert.deepEqual(seen, [...SHOP_FINDINGS].sort(byRuleAndPlace));
  for (const d of ds) {
    assert.equal(d.source, SOURCE);
    assert.ok(typeof d.code === 'object', `code is { value, target }: ${JSON.stringify(d.code)}`);
    // The client points code links at the rule pages shipped in the extension (ruleDocs.e2e.ts opens one).
    const { scheme, authority, path, query } = d.code.target;
    assert.deepEqual({ scheme, authority, path, query }, { scheme: vscode.env.uriScheme, authority: ext.id, path: '/rule-doc', query: `rule=${String(d.code.value)}` }, 'code links the rule page');
    assert.ok(d.message.length > 0);
  }
  const accepted = ds.find((d) => d.severity === vscode.DiagnosticSeverity.Hint);
  assert.ok(accepted?.relatedInformation?.length, 'an accepted finding points at its accepted entry');
  const entry = accepted.relatedInformation[0].location;
  assert.equal(entry.uri.toString(), doc.uri.toString());
  assert.match(doc.getText(entry.range), /rule: untolerated-exposure\s+component: orders/);
});

test("the status bar shows the active design's problem count", async () => {
  const { doc, diagnostics: ds } = await openAnalysed(SHOP);
  await serverRoundTrip(doc.uri);
  const count = (severity: vscode.DiagnosticSeverity) => ds.filter((d) => d.severity === severity).length;
  assert.equal(count(vscode.DiagnosticSeverity.Warning), 3);
  assert.match(api().statusText(), new RegExp(`\\b${count(vscode.DiagnosticSeverity.Error)} errors, 3 warnings\\b`));
});
