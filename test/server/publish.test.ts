/**
 * What a publish does in-process: diagnostics reused from the last publish only when they
 * say the same at the same place, the wire encoding of reused JSON, and when a change is
 * analysed at once or waits for the timer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../src/core/analyze';
import { makeFinding } from '../../src/core/rules';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol';
import { DIAGNOSTICS_JSON, DiagnosticCache, toDiagnostics } from '../../src/server/convert';
import { Designs } from '../../src/server/designs';
import { encodeMessage } from '../../src/server/wire';
import { generateDesign } from '../../bench/generate';

const TODAY = '2026-11-26';
const doc = (text: string, version = 1) => TextDocument.create('file:///x.redundancy.yaml', 'redundancy-yaml', version, text);

describe('publishing diagnostics', () => {
  test('an unchanged finding gets the diagnostic sent last time; the wire JSON is what JSON.stringify writes', () => {
    const text = generateDesign(400);
    const findings = analyze(text, { today: TODAY }).findings;
    const cache = new DiagnosticCache();
    const first = toDiagnostics(doc(text), findings, DEFAULT_SETTINGS, cache);
    assert.equal(cache.reused, 0);
    const second = toDiagnostics(doc(text, 2), findings, DEFAULT_SETTINGS, cache);
    assert.equal(cache.reused, findings.length);
    assert.ok(
      second.every((d, i) => d === first[i]),
      'the same objects',
    );
    assert.deepEqual([...second], toDiagnostics(doc(text, 2), findings, DEFAULT_SETTINGS), 'as made without a cache');
    const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x.redundancy.yaml', version: 2, diagnostics: second } };
    assert.equal(second[DIAGNOSTICS_JSON]?.length, second.length);
    assert.deepEqual(JSON.parse(encodeMessage(message)), JSON.parse(JSON.stringify(message)));
  });

  test('a finding at the same offsets on another line, or with another severity, is converted again', () => {
    const f = makeFinding('schema', null, 'bad value', { start: 8, end: 11 }, null);
    const cache = new DiagnosticCache();
    const [a] = toDiagnostics(doc('aaaa bbbbccc\n'), [f], DEFAULT_SETTINGS, cache);
    // Same length, same offsets: a line break before the finding moves it to line 1.
    const [b] = toDiagnostics(doc('aa\na bbbbccc\n', 2), [f], DEFAULT_SETTINGS, cache);
    assert.equal(cache.reused, 0);
    assert.deepEqual([a.range.start.line, b.range.start.line], [0, 1]);
    const [c] = toDiagnostics(doc('aa\na bbbbccc\n', 3), [f], { ...DEFAULT_SETTINGS, rules: { schema: 'hint' } }, cache);
    assert.equal(cache.reused, 0);
    assert.notEqual(c.severity, b.severity);
  });

  test('a message that is not a publish from toDiagnostics is plain JSON', () => {
    const diagnostics = toDiagnostics(doc('x: 1\n'), [makeFinding('schema', null, 'm', { start: 0, end: 1 }, null)], DEFAULT_SETTINGS);
    const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///y', diagnostics } };
    assert.equal(encodeMessage(message), JSON.stringify(message));
  });

  const DESIGN = 'redundancy: 1\nsystem: s\ncomponents:\n  a:\n    kind: stateless\n    replicas: [{ host: h1 }]\n';
  const URI = 'file:///x.redundancy.yaml';
  const latest = () => undefined;
  // Delays no test waits for: whatever is not analysed synchronously here waits for its timer.
  const LONG = 10_000;

  test('a change handled just after the diagnostics went out had queued behind them: it waits for the timer', () => {
    const analysed: number[] = [];
    const designs = new Designs(
      () => TODAY,
      (e) => analysed.push(e.document.version),
    );
    designs.schedule(doc(DESIGN, 1), 0, latest);
    assert.deepEqual(analysed, [1], 'opened: at once');
    designs.settled(URI);
    designs.schedule(doc(DESIGN.replace('h1', 'h2'), 2), LONG, latest);
    assert.deepEqual(analysed, [1]);
    designs.close(URI);
  });

  test('the first change after a quiet spell is analysed at once; the next one, right behind it, waits', () => {
    const analysed: number[] = [];
    const designs = new Designs(
      () => TODAY,
      (e) => analysed.push(e.document.version),
    );
    designs.schedule(doc(DESIGN, 1), 0, latest);
    designs.settled(URI);
    // A minute passes — on the clock the schedule reads, not by waiting.
    const real = performance.now.bind(performance);
    performance.now = () => real() + 60_000;
    try {
      designs.schedule(doc(DESIGN.replace('h1', 'h2'), 2), LONG, latest);
      assert.deepEqual(analysed, [1, 2], 'at once');
      designs.schedule(doc(DESIGN.replace('h1', 'h3'), 3), LONG, latest);
      assert.deepEqual(analysed, [1, 2], 'typing on: the timer');
    } finally {
      performance.now = real;
      designs.close(URI);
    }
  });
});
