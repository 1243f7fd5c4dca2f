// What the suite knows about the fixture workspace (test/e2e/workspace) and the helpers
// every test file shares. This module registers no test.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { withTimeout } from './harness';

export const EXTENSION_ID = 'redundancy-lens.redundancy-lens';
export const LANGUAGE_ID = 'redundancy-yaml';
export const SOURCE = 'redundancy-lens';
export const SHOP = 'shop.redundancy.yaml';

/** Events of a design, language server included, arrive within this; a cold start is the slowest. */
export const EVENT_MS = 20000;

/**
 * The findings of shop.redundancy.yaml, as `redundancy-lens check` reports them: rule,
 * severity and the text the diagnostic underlines. The accepted one is a hint.
 */
export const SHOP_FINDINGS: { rule: string; severity: vscode.DiagnosticSeverity; at: string }[] = [
  { rule: 'dependency-bottleneck', severity: vscode.DiagnosticSeverity.Warning, at: 'web' },
  { rule: 'poison-pill-data-loss', severity: vscode.DiagnosticSeverity.Warning, at: 'skip' },
  { rule: 'single-replica', severity: vscode.DiagnosticSeverity.Warning, at: 'cart' },
  { rule: 'untolerated-exposure', severity: vscode.DiagnosticSeverity.Information, at: 'cart' },
  { rule: 'untolerated-exposure', severity: vscode.DiagnosticSeverity.Information, at: 'mailer' },
  { rule: 'untolerated-exposure', severity: vscode.DiagnosticSeverity.Information, at: 'web' },
  { rule: 'untolerated-exposure', severity: vscode.DiagnosticSeverity.Hint, at: 'orders' },
];

/** The structural part of vscode-languageclient's LanguageClient the suite uses. */
export interface ClientLike {
  /** 1 stopped, 2 running, 3 starting (vscode-languageclient's State). */
  readonly state: number;
  readonly onDidChangeState: vscode.Event<{ oldState: number; newState: number }>;
  readonly serverProcess?: { pid?: number };
  sendRequest(method: string, params: unknown): Promise<unknown>;
}

export const CLIENT_RUNNING = 2;

/** What the extension's activate returns (RedundancyLensApi in src/client/extension.ts). */
export interface ExtensionApi {
  client(): ClientLike | undefined;
  statusText(): string;
  restarts(): number;
}

export function extension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext;
}

/** The API of the already active extension. */
export function api(): ExtensionApi {
  const ext = extension();
  assert.ok(ext.isActive, 'the extension is active');
  return ext.exports;
}

export function fixtureUri(name: string): vscode.Uri {
  const [folder] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a fixture design in the editor (the active editor afterwards). */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * The extension's API once it is active. A failed activation (say, a package without its
 * server) rejects here at once with its error, so the tests after the first fail fast
 * instead of each waiting for diagnostics that cannot come.
 */
export async function activeApi(): Promise<ExtensionApi> {
  return withTimeout(Promise.resolve(extension().activate()), EVENT_MS, 'the extension to activate');
}

/** Opens a fixture design and waits for its first diagnostics. */
export async function openAnalysed(name: string): Promise<{ doc: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  await activeApi();
  const { document: doc } = await openFixture(name);
  const diagnostics = await diagnosticsWhen(doc.uri, (d) => d.length > 0, `diagnostics of ${name}`);
  return { doc, diagnostics };
}

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined || typeof code === 'string' || typeof code === 'number') return code === undefined ? undefined : String(code);
  return String(code.value);
}

/** This extension's diagnostics for a document (other extensions' are left out). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/**
 * Resolves with the document's diagnostics once they satisfy `ready`: at once when the
 * current ones already do, else on the first change that makes them. The check and the
 * subscription happen in the same tick, so no change is missed.
 */
export function diagnosticsWhen(uri: vscode.Uri, ready: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = EVENT_MS): Promise<vscode.Diagnostic[]> {
  const now = ours(uri);
  if (ready(now)) return Promise.resolve(now);
  let subscription: vscode.Disposable | undefined;
  const changed = new Promise<vscode.Diagnostic[]>((resolve) => {
    subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const ds = ours(uri);
      if (ready(ds)) resolve(ds);
    });
  });
  return withTimeout(changed, ms, `${what} (last seen: ${describe(ours(uri))})`).finally(() => subscription?.dispose());
}

export function describe(ds: vscode.Diagnostic[]): string {
  return ds.length ? ds.map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`).join(', ') : 'none';
}

/**
 * Waits until the client has handled everything the server sent before now: a request's
 * answer arrives after every message the server wrote earlier (one ordered stream), such
 * as the `redundancy/analyzed` notification the status bar listens to.
 */
export async function serverRoundTrip(uri: vscode.Uri): Promise<void> {
  const client = api().client();
  assert.ok(client, 'the language client exists');
  await withTimeout(client.sendRequest('redundancy/analysis', { uri: uri.toString() }), EVENT_MS, 'a redundancy/analysis answer');
}

/** Replaces a document's whole text (unsaved), e.g. to undo what a test changed. */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true, 'the edit applied');
}

/** The position of the `nth` (0-based) occurrence of `needle` in the document, plus `delta` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" occurs ${nth + 1} times in ${doc.uri.path}`);
  }
  return doc.positionAt(at + delta);
}

/** The text of hovers, whatever form their contents take. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}
