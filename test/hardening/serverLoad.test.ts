/**
 * The real language server over stdio under load and faults: a flood of edits, many open
 * documents, requests for documents it does not have, cancellation, a 5 MB design, and a
 * document that changes while a code action is computed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes } from 'vscode-languageserver-protocol/node';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { analyze, LineIndex } from '../../src/core';
import { generateDesign } from '../../bench/generate';
import { OPTS } from './checks';
import { applyTextEdits, LspClient } from '../helpers/lspClient';
import { repoRoot } from '../helpers/repo';

const example = (name: string) => fs.readFileSync(path.join(repoRoot(), 'examples', name), 'utf8');
const EXAMPLES = fs.readdirSync(path.join(repoRoot(), 'examples')).filter((f) => f.endsWith('.redundancy.yaml'));

/** What the server should publish for `text`: each finding's rule and LSP range. */
function expectedDiagnostics(text: string): string[] {
  const lines = new LineIndex(text);
  return analyze(text, OPTS)
    .findings.map((f) => {
      const s = lines.positionAt(f.range.start);
      const e = lines.positionAt(f.range.end);
      return `${f.rule} ${s.line}:${s.character}-${e.line}:${e.character}`;
    })
    .sort();
}

const published = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();

/** Analyses the server reports and errors it logs, replacing LspClient's no-op listeners. */
function record(client: LspClient) {
  const analyzed = new Map<string, { version: number; durationMs: number }[]>();
  const logged: string[] = [];
  client.connection.onNotification('redundancy/analyzed', (p: { uri: string; version: number; durationMs: number }) => {
    analyzed.set(p.uri, [...(analyzed.get(p.uri) ?? []), p]);
  });
  client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) logged.push(p.message);
  });
  return { analyzed, logged };
}

/** Every publishDiagnostics the client received for `uri`, in order. */
const publishedFor = (client: LspClient, uri: string) => (client as unknown as { diagnostics: Map<string, PublishDiagnosticsParams[]> }).diagnostics.get(uri) ?? [];

/** The protocol's rule for a versioned edit: apply it only to the version it was computed for. */
function applyIfCurrent(current: { version: number; text: string }, change: TextDocumentEdit): string | null {
  if (change.textDocument.version !== current.version) return null;
  return applyTextEdits(current.text, change.edits as TextEdit[]);
}

describe('language server under load and faults', () => {
  let client: LspClient;
  let rec: ReturnType<typeof record>;
  let exited = false;
  before(async () => {
    client = new LspClient();
    rec = record(client);
    void client.exited.then(() => (exited = true));
    await client.initialize();
  });
  after(async () => {
    assert.equal(exited, false, 'the server survived every test');
    assert.deepEqual(rec.logged, [], 'the server logged no error');
    await client.shutdown();
  });

  test('2,000 rapid edits: only the newest version is published, analyses are few', async (t) => {
    const uri = 'file:///work/typing.redundancy.yaml';
    let text = '# typing here: \n' + generateDesign(5000);
    const opened = client.waitForDiagnostics(uri);
    await client.open(uri, text);
    await opened;
    const EDITS = 2000;
    const last = EDITS + 1;
    // Type into the top comment, starting a new comment line every 50 keys, so every later
    // range moves: diagnostics of any older version would sit on the wrong lines.
    let cursor = { line: 0, character: 15 };
    let offset = 15;
    const changes: { version: number; range: { start: typeof cursor; end: typeof cursor }; text: string }[] = [];
    for (let v = 2; v <= last; v++) {
      const insert = v % 50 === 0 ? '\n#' : String.fromCharCode(97 + (v % 26));
      text = text.slice(0, offset) + insert + text.slice(offset);
      offset += insert.length;
      changes.push({ version: v, range: { start: cursor, end: cursor }, text: insert });
      cursor = insert === '\n#' ? { line: cursor.line + 1, character: 1 } : { line: cursor.line, character: cursor.character + 1 };
    }
    const arrived = client.waitForDiagnostics(uri, (p) => p.version === last, 60_000);
    const t0 = performance.now();
    const writes = changes.map((c) => client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: c.version }, contentChanges: [{ range: c.range, text: c.text }] }));
    await Promise.all(writes);
    const sent = performance.now() - t0;
    const final = await arrived;
    const elapsed = performance.now() - t0;
    // A round trip after the last publish: anything published late would have arrived by now.
    await client.connection.sendRequest('redundancy/analysis', { uri });
    const versions = publishedFor(client, uri).map((p) => p.version!);
    assert.equal(versions[versions.length - 1], last, `the last published diagnostics are for the newest version (published: ${versions.join(', ')})`);
    assert.deepEqual(
      [...versions].sort((a, b) => a - b),
      versions,
      'never an older version after a newer one',
    );
    assert.deepEqual(published(final.diagnostics), expectedDiagnostics(text), 'the published diagnostics are those of the newest text');
    const analyses = rec.analyzed.get(uri)!.filter((a) => a.version > 1).length;
    assert.ok(analyses <= EDITS / 20, `analyses (${analyses}) far fewer than edits (${EDITS})`);
    t.diagnostic(
      `${EDITS} edits to a ${(text.length / 1000).toFixed(0)} kB design: sent in ${sent.toFixed(0)} ms, newest version published after ${elapsed.toFixed(0)} ms ` +
        `(${Math.round(EDITS / (elapsed / 1000))} edits/s absorbed), ${analyses} analyses, ${versions.length - 1} publishes`,
    );
  });

  test('50 documents open at once, changed at once, closed at once', async (t) => {
    const docs = Array.from({ length: 50 }, (_, i) => ({
      uri: `file:///work/many/doc-${i}.redundancy.yaml`,
      text: `# document ${i}\n` + example(EXAMPLES[i % EXAMPLES.length]),
    }));
    const t0 = performance.now();
    const first = docs.map((d) => client.waitForDiagnostics(d.uri, (p) => p.version === 1));
    for (const d of docs) await client.open(d.uri, d.text);
    const opened = await Promise.all(first);
    const openMs = performance.now() - t0;
    opened.forEach((p, i) => assert.deepEqual(published(p.diagnostics), expectedDiagnostics(docs[i].text), docs[i].uri));
    const second = docs.map((d) => client.waitForDiagnostics(d.uri, (p) => p.version === 2));
    for (const d of docs) {
      // Every document loses its first component's replicas line: findings change everywhere.
      d.text = d.text.replace(/\n {4}kind: /, '\n    # kind was here\n    kind: ');
      await client.change(d.uri, 2, d.text);
    }
    const changed = await Promise.all(second);
    changed.forEach((p, i) => assert.deepEqual(published(p.diagnostics), expectedDiagnostics(docs[i].text), `${docs[i].uri} v2`));
    const cleared = docs.map((d) => client.waitForDiagnostics(d.uri, (p) => p.diagnostics.length === 0));
    for (const d of docs) await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: d.uri } });
    await Promise.all(cleared);
    t.diagnostic(`50 documents: all diagnostics after ${openMs.toFixed(0)} ms, 50 changes and 50 closes answered in ${(performance.now() - t0).toFixed(0)} ms in total`);
  });

  test('requests for documents never opened, closed, or not designs: empty answers, no crash', async () => {
    const closed = 'file:///work/closed.redundancy.yaml';
    const opened = client.waitForDiagnostics(closed);
    await client.open(closed, example('checkout.redundancy.yaml'));
    const { diagnostics } = await opened;
    const clearedAfterClose = client.waitForDiagnostics(closed, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: closed } });
    await clearedAfterClose;
    await client.open('file:///work/plain.yaml', 'a: [1, 2]\n', 'yaml');
    const position = { line: 10, character: 4 };
    for (const uri of ['file:///work/never-opened.redundancy.yaml', closed, 'file:///work/plain.yaml', 'untitled:Untitled-1']) {
      const textDocument = { uri };
      const calls: [string, unknown][] = [
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/completion', { textDocument, position }],
        ['textDocument/definition', { textDocument, position }],
        ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
        ['textDocument/prepareRename', { textDocument, position }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/codeLens', { textDocument }],
        ['textDocument/codeAction', { textDocument, range: diagnostics[0].range, context: { diagnostics } }],
        ['redundancy/analysis', { uri }],
      ];
      for (const [method, params] of calls) {
        const answer = await client.connection.sendRequest(method, params);
        const empty =
          answer === null ||
          (Array.isArray(answer) && answer.length === 0) ||
          (typeof answer === 'object' && answer !== null && 'items' in answer && (answer as { items: unknown[] }).items.length === 0);
        assert.ok(empty, `${method} for ${uri}: ${JSON.stringify(answer).slice(0, 200)}`);
      }
      // Rename has nothing to change: the client is told so, as a request error, not a crash.
      await assert.rejects(client.connection.sendRequest('textDocument/rename', { textDocument, position, newName: 'x' }), (err: { code?: number }) => err.code === LSPErrorCodes.RequestFailed);
    }
    const live = 'file:///work/live.redundancy.yaml';
    const liveOpened = client.waitForDiagnostics(live);
    await client.open(live, example('checkout.redundancy.yaml'), 'redundancy-yaml', 7);
    await liveOpened;
    const alive = (await client.connection.sendRequest('redundancy/analysis', { uri: live })) as { version: number };
    assert.equal(alive.version, 7, 'the server still serves its open documents');
  });

  test('$/cancelRequest: cancelled requests are answered or cancelled, never lost, and the server goes on', async (t) => {
    const uri = 'file:///work/cancel.redundancy.yaml';
    const text = generateDesign(3000);
    const opened = client.waitForDiagnostics(uri);
    await client.open(uri, text);
    const { diagnostics } = await opened;
    const targets = diagnostics.slice(0, 20);
    const t0 = performance.now();
    const outcomes = await Promise.all(
      targets.map(async (d) => {
        const source = new CancellationTokenSource();
        const answer = client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }, source.token);
        source.cancel();
        try {
          await answer;
          return 'answered';
        } catch (err) {
          assert.equal((err as { code?: number }).code, LSPErrorCodes.RequestCancelled, String(err));
          return 'cancelled';
        }
      }),
    );
    assert.equal(outcomes.length, targets.length);
    // Requests cancelled while queued must not be computed: a client that cancels as the
    // cursor moves would otherwise wait behind every fix it no longer wants.
    const cancelled = outcomes.filter((o) => o === 'cancelled').length;
    assert.ok(cancelled >= targets.length / 2, `${cancelled} of ${targets.length} cancelled requests were skipped (${outcomes.join(', ')})`);
    t.diagnostic(
      `${targets.length} code actions cancelled right after sending: ${cancelled} skipped, ${targets.length - cancelled} answered, all settled in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    // Cancel a request that was already answered: harmless.
    const source = new CancellationTokenSource();
    const done = await client.connection.sendRequest('redundancy/analysis', { uri }, source.token);
    source.cancel();
    assert.ok(done);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: targets[0].range, context: { diagnostics: [targets[0]] } })) as CodeAction[];
    assert.ok(actions.length > 0, 'a request after the cancellations is served in full');
  });

  test('a 5 MB design: opened, changed, diagnostics for each version arrive', async (t) => {
    const uri = 'file:///work/huge.redundancy.yaml';
    let text = generateDesign(116_000);
    assert.ok(Buffer.byteLength(text) >= 5_000_000, `${Buffer.byteLength(text)} bytes`);
    const t0 = performance.now();
    const opened = client.waitForDiagnostics(uri, (p) => p.version === 1, 120_000);
    await client.open(uri, text);
    const first = await opened;
    const openMs = performance.now() - t0;
    assert.ok(first.diagnostics.length > 1000, `${first.diagnostics.length} diagnostics`);
    // One keystroke deep inside: a version string changes.
    const at = text.indexOf('@1.0.0', text.length >> 1);
    const position = new LineIndex(text).positionAt(at + 5);
    text = text.slice(0, at + 5) + '1' + text.slice(at + 6);
    const t1 = performance.now();
    const changed = client.waitForDiagnostics(uri, (p) => p.version === 2, 120_000);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: '1' }],
    });
    const second = await changed;
    const changeMs = performance.now() - t1;
    assert.equal(second.diagnostics.length, first.diagnostics.length);
    const answer = (await client.connection.sendRequest('redundancy/analysis', { uri })) as { version: number };
    assert.equal(answer.version, 2);
    t.diagnostic(
      `5 MB design (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, ${first.diagnostics.length} diagnostics): first diagnostics after ${openMs.toFixed(0)} ms, after a one-character change ${changeMs.toFixed(0)} ms`,
    );
    const closedHuge = client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await closedHuge;
  });

  test('a document that changes while a code action is computed: the stale action is refused, a fresh one applies', async () => {
    const uri = 'file:///work/moving.redundancy.yaml';
    const v1 = example('event-log.redundancy.yaml');
    const opened = client.waitForDiagnostics(uri);
    await client.open(uri, v1);
    const { diagnostics } = await opened;
    const target = diagnostics.find((d) => d.code === 'poison-pill-data-loss')!;
    assert.ok(target);
    // The request and the edit leave back to back; the server answers for the text it had.
    const pending = client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } });
    const v2 = '# three\n# new\n# lines\n' + v1;
    await client.change(uri, 2, v2);
    const stale = (await pending) as CodeAction[];
    const staleChange = stale.find((a) => a.isPreferred)!.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(staleChange.textDocument.version, 1, 'the action says which version it was computed for');
    const current = { version: 2, text: v2 };
    assert.equal(applyIfCurrent(current, staleChange), null, 'a client refuses an edit for an older version');
    const blind = applyTextEdits(v2, staleChange.edits as TextEdit[]);
    // Asked again (same diagnostic, now stale), the server recomputes for the current text.
    const fresh = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } })) as CodeAction[];
    const freshChange = fresh.find((a) => a.isPreferred)!.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(freshChange.textDocument.version, 2);
    const fixed = applyIfCurrent(current, freshChange);
    assert.ok(fixed !== null);
    assert.ok(!expectedDiagnostics(fixed).some((d) => d.startsWith('poison-pill-data-loss')), 'the fresh fix removes its finding');
    assert.ok(fixed.startsWith('# three\n# new\n# lines\n'), 'and keeps the new lines');
    // Why the rule matters: the stale edits, applied to the new text, land three lines too high.
    assert.notEqual(blind, fixed, 'applied blindly, the stale edit would not have made the fix');
  });
});
