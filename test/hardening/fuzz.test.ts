/**
 * Mutation fuzzing in CI: a fixed, reproducible number of hostile variants of every example
 * and fixture through the core, and a sample of them through one real language server.
 * `npm run fuzz` runs the same fuzzer longer (see fuzz.ts).
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { analyze, computeFixes, LineIndex } from '../../src/core';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { internalError, OPTS } from './checks';
import { corpus, fuzzCore, FuzzReport, Mutant, mutants, summarize } from './fuzz';
import { LspClient } from '../helpers/lspClient';

const SEED = 20261126;
const CORE_CASES = 1500;
const SERVER_CASES = 150;
const BUDGET_MS = 2000;
/**
 * Scaling every group up to thousands of replicas doubles the time per case; it stays in
 * `npm run fuzz` (on by default there), not in the CI run.
 */
const CI_EXCLUDE = ['manyGroups'];

const failuresOf = (r: FuzzReport, pred: (kind: string) => boolean) =>
  r.failures.filter((f) => pred(f.kind)).map((f) => `[${f.kind}] case ${f.index}: ${f.source} + ${f.mutations.join(' + ')}: ${f.message}`);

describe('mutation fuzzing of every example and fixture', () => {
  test('the corpus holds every example and fixture', () => {
    const names = corpus().map((s) => s.name);
    assert.ok(names.filter((n) => n.startsWith('examples/')).length >= 7, names.join(', '));
    assert.ok(
      names.some((n) => n.startsWith('test/')),
      'fixtures under test/ are included',
    );
    assert.ok(names.filter((n) => n.startsWith('examples/outages/')).length >= 10, 'the outage designs are included');
  });

  test('deep nesting is refused by a fixed limit, the same way on every path (regression)', () => {
    const base = 'redundancy: 1\nsystem: x\ncomponents:\n  a:\n    kind: log\n    replicas: [{}]\n';
    const shapes: Record<string, (n: number) => string> = {
      flow: (n) => `${base}deep: ${'['.repeat(n)}1${']'.repeat(n)}\n`,
      unclosed: (n) => `${base}deep: ${'[{x: '.repeat(n)}\n`,
      dashes: (n) => `${base}deep:\n  ${'- '.repeat(n)}x\n`,
      block: (n) => base + Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('') + `${' '.repeat(n)}leaf\n`,
      inComponent: (n) => base.replace('replicas: [{}]', `replicas: [{}]\n    description: ${'['.repeat(n)}1${']'.repeat(n)}`),
    };
    for (const [shape, make] of Object.entries(shapes)) {
      assert.deepEqual(
        analyze(make(40), OPTS).findings.filter((f) => /nest/.test(f.message)),
        [],
        `${shape}: 40 levels are fine`,
      );
      for (const n of [300, 1500, 6000]) {
        const text = make(n);
        const full = analyze(text, OPTS);
        assert.equal(internalError(full), null, `${shape} ${n}`);
        assert.ok(
          full.findings.some((f) => f.rule === 'yaml-syntax' && /more than 256 levels/.test(f.message)),
          `${shape} ${n}: ${full.findings.map((f) => f.message).join('; ')}`,
        );
        assert.ok(!full.findings.some((f) => /call stack/i.test(f.message)), `${shape} ${n}: no stack overflow leaks into a message`);
        // A deeper caller stack (the server's, the incremental parser's) must not change the answer.
        const nested = (depth: number): unknown => (depth === 0 ? new IncrementalAnalyzer().analyze(text, OPTS) : nested(depth - 1));
        assert.ok(isDeepStrictEqual(nested(300), full), `${shape} ${n}: the incremental path under a deep stack agrees`);
      }
    }
  });

  test('YAML 1.1 typed values (!!binary, !!timestamp, !!set, !!omap) are read as plain text, the same on every run (regression)', () => {
    const base = 'redundancy: 1\nsystem: x\ncomponents:\n  a:\n    kind: log\n    replicas:\n      - count: 3\n        spread: SPREAD\n        version: VERSION\n';
    const values = ['!!binary aGVsbG8=', '!!timestamp 2001-12-14t21:59:43.10-05:00', '!!set { a, b }', '!!omap [ a: 1 ]', '!!pairs [ a: 1 ]'];
    for (const v of values) {
      for (const text of [base.replace('SPREAD', v).replace('VERSION', 'v1'), base.replace('SPREAD', '{ zone: [a, b] }').replace('VERSION', v)]) {
        const first = analyze(text, OPTS);
        // A decoded !!binary is a Node Buffer whose `offset` into the shared pool changes between calls.
        Buffer.from('move the buffer pool on');
        assert.deepEqual(analyze(text, OPTS), first, `${v}: the same analysis twice`);
        assert.deepEqual(new IncrementalAnalyzer().analyze(text, OPTS), first, `${v}: the incremental path agrees`);
        assert.ok(!first.findings.some((f) => /offset|byteLength|parent/.test(f.message)), `${v}: no internals of a decoded value in messages: ${first.findings.map((f) => f.message).join('; ')}`);
      }
    }
  });

  let report: FuzzReport | undefined;
  test(`${CORE_CASES} mutants through analyze, the IncrementalAnalyzer and computeFixes`, (t) => {
    report = fuzzCore({ cases: CORE_CASES, seed: SEED, budgetMs: BUDGET_MS, fixEvery: 5, exclude: CI_EXCLUDE });
    t.diagnostic(summarize(report).replace(/\n/g, ' | '));
    assert.equal(report.cases, CORE_CASES);
    assert.ok(report.fixesChecked > 50, `fixes were applied (${report.fixesChecked})`);
    assert.deepEqual(
      failuresOf(report, (k) => k !== 'model-range'),
      [],
    );
  });

  test('the model ranges of those mutants are ordered and inside the text', () => {
    assert.ok(report, 'runs after the fuzz test');
    assert.deepEqual(
      failuresOf(report, (k) => k === 'model-range'),
      [],
    );
  });

  test('a design expanded past the replica cap gets its analysis and its fixes within the budget', () => {
    let text = 'redundancy: 1\nsystem: big\ncomponents:\n';
    const kinds = ['stateless', 'log', 'store', 'consumer'];
    for (let i = 0; i < 40; i++) {
      text += `  c${i}:\n    kind: ${kinds[i % 4]}\n    consumes: [c0]\n    dependsOn: [c${Math.max(0, i - 1)}]\n    replicas:\n      - count: 5000\n        spread: { zone: [a, b, c], rack: [r1, r2, r3, r4] }\n        version: v${i % 3}\n`;
    }
    let t0 = performance.now();
    const result = analyze(text, OPTS);
    const analyzeMs = performance.now() - t0;
    t0 = performance.now();
    computeFixes(text, result.findings[0].data.key, OPTS);
    const fixMs = performance.now() - t0;
    assert.ok(analyzeMs < BUDGET_MS && fixMs < BUDGET_MS, `analyze ${analyzeMs.toFixed(0)} ms, computeFixes ${fixMs.toFixed(0)} ms`);
  });
});

describe('mutants through one real language server', () => {
  test(`${SERVER_CASES} mutants as successive versions of one document; the server answers to the end`, async (t) => {
    const client = new LspClient({ configuration: () => ({ diagnostics: { delay: 0 } }) });
    const logged: string[] = [];
    // Errors the server logs (its uncaughtException handler logs there) are failures too.
    client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1) logged.push(p.message);
    });
    let exited = false;
    void client.exited.then(() => (exited = true));
    try {
      const init = await client.initialize();
      const caps = init.capabilities;
      const uri = 'file:///work/fuzzed.redundancy.yaml';
      const stream = mutants(SEED + 1, corpus(), CI_EXCLUDE);
      const first = stream.next().value as Mutant;
      const opened = client.waitForDiagnostics(uri);
      await client.open(uri, first.text);
      await opened;
      const errors: string[] = [];
      let requests = 0;
      for (let v = 2; v <= SERVER_CASES + 1; v++) {
        const m = stream.next().value as Mutant;
        const published = client.waitForDiagnostics(uri, (p) => p.version === v, 20_000);
        await client.change(uri, v, m.text);
        const { diagnostics } = await published;
        // The diagnostics are those of this text: same findings, same places.
        const expected = analyze(m.text, OPTS)
          .findings.map((f) => f.rule)
          .sort();
        assert.deepEqual(diagnostics.map((d) => String(d.code)).sort(), expected, `version ${v}: ${m.source} + ${m.mutations.join(' + ')}`);
        if (v % 5 === 0) requests += await probe(client, uri, m, diagnostics, caps, errors);
      }
      const answer = (await client.connection.sendRequest('redundancy/analysis', { uri })) as { version: number } | null;
      assert.equal(answer?.version, SERVER_CASES + 1, 'the server answers for the newest version');
      assert.equal(exited, false, 'the server process is still running');
      t.diagnostic(`${SERVER_CASES} versions analysed and published, ${requests} feature requests answered`);
      assert.deepEqual(errors, [], 'no request failed');
      assert.deepEqual(logged, [], 'the server logged no error');
    } finally {
      await client.shutdown();
    }
  });
});

/** Editor requests at a few places of a mutant; every one must be answered without an error. */
async function probe(client: LspClient, uri: string, m: Mutant, diagnostics: Diagnostic[], caps: Record<string, unknown>, errors: string[]): Promise<number> {
  const lines = new LineIndex(m.text);
  const at = (fraction: number) => lines.positionAt(Math.floor(fraction * m.text.length));
  const textDocument = { uri };
  const calls: [string, unknown][] = [];
  for (const f of [0.1, 0.5, 0.9]) {
    const position = at(f);
    if (caps.hoverProvider) calls.push(['textDocument/hover', { textDocument, position }]);
    if (caps.completionProvider) calls.push(['textDocument/completion', { textDocument, position }]);
    if (caps.definitionProvider) calls.push(['textDocument/definition', { textDocument, position }]);
    if (caps.referencesProvider) calls.push(['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }]);
    if (caps.renameProvider) calls.push(['textDocument/prepareRename', { textDocument, position }]);
  }
  if (caps.documentSymbolProvider) calls.push(['textDocument/documentSymbol', { textDocument }]);
  if (caps.codeLensProvider) calls.push(['textDocument/codeLens', { textDocument }]);
  if (caps.codeActionProvider && diagnostics.length) {
    const d = diagnostics[0];
    calls.push(['textDocument/codeAction', { textDocument, range: d.range, context: { diagnostics: [d] } }]);
  }
  const label = `${m.source} + ${m.mutations.join(' + ')}`;
  await Promise.all(
    calls.map(([method, params]) =>
      client.connection.sendRequest(method, params).then(
        (answer) => {
          if (method === 'textDocument/codeAction') checkActions(answer as CodeAction[] | null, m.text, label, errors);
        },
        (err: Error) => errors.push(`${method} on ${label}: ${err.message}`),
      ),
    ),
  );
  return calls.length;
}

function checkActions(actions: CodeAction[] | null, text: string, label: string, errors: string[]): void {
  for (const a of actions ?? []) {
    const change = a.edit?.documentChanges?.[0] as { edits?: { range: { start: { line: number } } }[] } | undefined;
    const lineCount = text.split('\n').length;
    for (const e of change?.edits ?? []) if (e.range.start.line >= lineCount) errors.push(`code action "${a.title}" on ${label} edits past the end`);
  }
}
