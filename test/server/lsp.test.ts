/**
 * The real language server over stdio, driven by a real JSON-RPC client.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../src/core/analyze';
import { toDiagnostics } from '../../src/server/convert';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol';
import { applyTextEdits, LspClient } from '../helpers/lspClient';
import { repoRoot } from '../helpers/repo';

const example = (name: string) => fs.readFileSync(path.join(repoRoot(), 'examples', name), 'utf8');
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe('language server over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    const init = await client.initialize();
    assert.ok(init.capabilities.codeActionProvider, 'advertises code actions');
  });
  after(() => client.shutdown());

  test('diagnostics for a design opened with languageId yaml (as Neovim sends it)', async () => {
    const uri = 'file:///work/checkout.redundancy.yaml';
    const waiting = client.waitForDiagnostics(uri);
    await client.open(uri, example('checkout.redundancy.yaml'), 'yaml');
    const { diagnostics, version } = await waiting;
    assert.equal(version, 1);
    assert.ok(codes(diagnostics).includes('shared-version-and-config'));
    assert.ok(codes(diagnostics).includes('poison-pill-halts-all'));
    for (const d of diagnostics) {
      assert.equal(d.source, 'redundancy-lens');
      assert.match(d.codeDescription!.href, new RegExp(`/docs/rules/${String(d.code)}\\.md$`));
    }
    const poison = diagnostics.find((d) => d.code === 'poison-pill-halts-all')!;
    assert.equal(poison.severity, 2, 'warning');
    assert.deepEqual(poison.range.start, { line: 30, character: 2 }, 'on the ledger key');
    const accepted = diagnostics.find((d) => d.code === 'shared-version-and-config' && /ledger/.test(String(d.message)))!;
    assert.equal(accepted.severity, 4, 'an accepted risk is a hint');
    assert.ok(
      accepted.relatedInformation?.some((r) => /accepted/.test(String(r.message))),
      'points at the accepted entry',
    );
  });

  test('every publish is exactly the analysis of its version, before and after an edit that keeps most findings', async () => {
    // The server reuses a kept finding's diagnostic and its encoded JSON (convert.ts,
    // messageEncoder.ts) and writes non-ASCII as escapes: what arrives must not show it.
    const uri = 'file:///work/exact.redundancy.yaml';
    const before = example('raft-metadata.redundancy.yaml');
    const after = before.replace('version: etcd@3.5.17', 'version: etcd@3.5.18');
    const expected = (text: string, version: number) => {
      const doc = TextDocument.create(uri, 'redundancy-yaml', version, text);
      return JSON.parse(JSON.stringify(toDiagnostics(doc, analyze(text, { today: '2026-11-26' }).findings, DEFAULT_SETTINGS))) as Diagnostic[];
    };
    const first = client.waitForDiagnostics(uri);
    await client.open(uri, before);
    const opened = await first;
    assert.ok(
      opened.diagnostics.some((d) => String(d.message).includes('→')),
      'a message with a non-ASCII character',
    );
    assert.deepEqual(opened.diagnostics, expected(before, 1));
    const second = client.waitForDiagnostics(uri, (p) => p.version === 2);
    await client.change(uri, 2, after);
    const changed = await second;
    assert.notDeepEqual(changed.diagnostics, opened.diagnostics, 'the edit changes some diagnostic');
    assert.deepEqual(changed.diagnostics, expected(after, 2));
  });

  test('a plain YAML file that is not a design is left alone', async () => {
    await client.open('file:///work/other.yaml', 'a: [', 'yaml');
    const answer = await client.connection.sendRequest('redundancy/analysis', { uri: 'file:///work/other.yaml' });
    assert.equal(answer, null);
  });

  test('a quick fix applied removes its finding and keeps comments; the edit is tied to the version', async () => {
    const uri = 'file:///work/event-log.redundancy.yaml';
    const text = example('event-log.redundancy.yaml');
    const first = client.waitForDiagnostics(uri);
    await client.open(uri, text);
    const { diagnostics } = await first;
    const target = diagnostics.find((d) => d.code === 'poison-pill-data-loss')!;
    assert.ok(target, 'the example has a skip consumer');
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    })) as CodeAction[];
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.ok(preferred, 'one preferred fix');
    assert.ok(actions.some((a) => /Accept this risk/.test(a.title)));
    const change = preferred.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1);
    const fixed = applyTextEdits(text, change.edits as TextEdit[]);
    for (const line of text.split('\n').filter((l) => l.includes('#'))) assert.ok(fixed.includes(line), `comment kept: ${line}`);
    const second = client.waitForDiagnostics(uri, (p) => p.version === 2);
    await client.change(uri, 2, fixed);
    const after = await second;
    assert.ok(!codes(after.diagnostics).includes('poison-pill-data-loss'));
  });

  test('typing fast: only the newest version is analysed and published', async () => {
    const uri = 'file:///work/typing.redundancy.yaml';
    const text = example('raft-metadata.redundancy.yaml');
    const opened = client.waitForDiagnostics(uri);
    await client.open(uri, text);
    await opened;
    const last = client.waitForDiagnostics(uri, (p) => p.version === 21);
    for (let v = 2; v <= 21; v++) await client.change(uri, v, text + `# edit ${v}\n`);
    await last;
    const versions = (client as unknown as { diagnostics: Map<string, { version?: number }[]> }).diagnostics.get(uri)!.map((p) => p.version);
    assert.ok(versions.length < 5, `debounced: published for versions ${versions.join(', ')}`);
  });

  test('UTF-16 positions after non-BMP characters', async () => {
    const uri = 'file:///work/emoji.redundancy.yaml';
    const text = 'redundancy: 1\nsystem: "🚀🚀"\ncomponents:\n  db: { kind: store, replicas: [{ zone: a }] }   # 🚀\n';
    const waiting = client.waitForDiagnostics(uri);
    await client.open(uri, text);
    const d = (await waiting).diagnostics.find((x) => x.code === 'single-replica')!;
    assert.deepEqual(d.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 4 } });
  });

  test('a broken file gives syntax diagnostics and the server stays up', async () => {
    const uri = 'file:///work/broken.redundancy.yaml';
    const waiting = client.waitForDiagnostics(uri);
    await client.open(uri, 'redundancy: 1\nsystem: [oops\ncomponents:\n\t- : : :\n');
    const { diagnostics } = await waiting;
    assert.ok(codes(diagnostics).includes('yaml-syntax'));
    const answer = (await client.connection.sendRequest('redundancy/analysis', { uri })) as { version: number };
    assert.equal(answer.version, 1);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///work/broken.redundancy.yaml';
    const cleared = client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  });
});

describe('a client that declares no optional diagnostic properties', () => {
  let plain: LspClient;
  let full: LspClient;
  before(async () => {
    plain = new LspClient();
    await plain.initialize({ textDocument: { publishDiagnostics: {} } });
    full = new LspClient();
    await full.initialize();
  });
  after(async () => {
    await plain.shutdown();
    await full.shutdown();
  });

  test('gets the same diagnostics without rule links or related locations, and their quick fixes', async () => {
    const uri = 'file:///work/plain.redundancy.yaml';
    const text = example('checkout.redundancy.yaml');
    const [withAll, without] = await Promise.all(
      [full, plain].map(async (c) => {
        const waiting = c.waitForDiagnostics(uri);
        await c.open(uri, text);
        return (await waiting).diagnostics;
      }),
    );
    assert.ok(withAll.some((d) => d.relatedInformation?.length) && withAll.every((d) => d.codeDescription), 'the full client gets both');
    assert.deepEqual(
      without,
      withAll.map(({ codeDescription: _link, relatedInformation: _related, ...d }) => d),
    );
    const target = without.find((d) => d.code === 'poison-pill-halts-all')!;
    const actions = (await plain.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } })) as CodeAction[];
    assert.ok(actions.some((a) => a.isPreferred) && actions.some((a) => /Accept this risk/.test(a.title)), actions.map((a) => a.title).join('; '));
  });
});

describe('configuration', () => {
  test('an analysis whose document changed while the settings were fetched is not published under the newer version', async () => {
    // The first settings request is answered only once the document has changed.
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let asked: () => void = () => undefined;
    const requested = new Promise<void>((resolve) => (asked = resolve));
    const client = new LspClient({
      configuration: async () => {
        asked();
        await answered;
        return { diagnostics: { delay: 0 } };
      },
    });
    try {
      await client.initialize();
      const uri = 'file:///work/slow-settings.redundancy.yaml';
      const text = example('checkout.redundancy.yaml');
      // Version 1 has an unknown key (a schema error); version 2 does not.
      const broken = text.replace('components:\n', 'components:\n  bogus-key-here: 1\n');
      assert.notEqual(broken, text);
      await client.open(uri, broken);
      await requested;
      await client.change(uri, 2, text);
      answer();
      const second = await client.waitForDiagnostics(uri, (p) => p.version === 2);
      const fresh = toDiagnostics(TextDocument.create(uri, 'redundancy-yaml', 2, text), analyze(text).findings, DEFAULT_SETTINGS);
      assert.deepEqual(codes(second.diagnostics), codes(fresh), 'the first publish under version 2 is the analysis of version 2');
      assert.ok(!client.received(uri).some((p) => p.version === 2 && codes(p.diagnostics).includes('schema')), "version 1's schema error was never published as version 2");
    } finally {
      await client.shutdown();
    }
  });

  test('per-rule severity overrides and a null answer both work', async () => {
    const client = new LspClient({
      configuration: (_section, scopeUri) => (scopeUri?.includes('quiet') ? { rules: { 'untolerated-exposure': 'off', 'poison-pill-halts-all': 'error' }, diagnostics: { delay: 0 } } : null),
    });
    try {
      await client.initialize();
      const quiet = 'file:///work/quiet.redundancy.yaml';
      const loud = 'file:///work/loud.redundancy.yaml';
      const a = client.waitForDiagnostics(quiet);
      const b = client.waitForDiagnostics(loud);
      await client.open(quiet, example('checkout.redundancy.yaml'));
      await client.open(loud, example('checkout.redundancy.yaml'));
      const [q, l] = await Promise.all([a, b]);
      assert.ok(!codes(q.diagnostics).includes('untolerated-exposure'));
      assert.equal(q.diagnostics.find((d) => d.code === 'poison-pill-halts-all')!.severity, 1);
      assert.ok(codes(l.diagnostics).includes('untolerated-exposure'), 'defaults when the answer is null');
    } finally {
      await client.shutdown();
    }
  });
});
