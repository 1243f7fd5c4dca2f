/**
 * Hostile and broken inputs: never a crash or a hang, always a clear finding at a sensible place.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, AnalysisResult } from '../../src/core';

const TODAY = '2026-11-26';

function check(text: string): AnalysisResult {
  const result = analyze(text, { today: TODAY });
  for (const f of result.findings) {
    assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, `range inside the text: ${JSON.stringify(f.range)}`);
    assert.ok(f.message.length > 10, 'a message a person can read');
  }
  JSON.stringify(result); // plain, serializable data
  return result;
}

const rulesOf = (r: AnalysisResult) => r.findings.map((f) => f.rule);

describe('bad input', () => {
  test('empty file', () => {
    const r = check('');
    assert.deepEqual(rulesOf(r), ['schema']);
    assert.match(r.findings[0].message, /empty/i);
  });

  test('only comments', () => {
    assert.deepEqual(rulesOf(check('# nothing here\n')), ['schema']);
  });

  test('root is a list or a scalar', () => {
    for (const text of ['- a\n- b\n', 'just text\n', '42\n']) {
      const r = check(text);
      assert.deepEqual(rulesOf(r), ['schema'], text);
      assert.match(r.findings[0].message, /mapping|map/i);
    }
  });

  test('several documents: one finding at the second', () => {
    const text = 'redundancy: 1\nsystem: a\ncomponents: {}\n---\nredundancy: 1\n';
    const r = check(text);
    const f = r.findings.find((x) => x.rule === 'yaml-syntax')!;
    assert.ok(f.range.start >= text.indexOf('---'));
    assert.match(f.message, /one YAML document/);
  });

  test('duplicate keys: a yaml-syntax finding at the duplicate', () => {
    const text = 'redundancy: 1\nsystem: a\nsystem: b\ncomponents: {}\n';
    const r = check(text);
    const f = r.findings.find((x) => x.rule === 'yaml-syntax')!;
    assert.ok(f, 'reported');
    assert.ok(f.range.start >= text.indexOf('system: b') - 1, 'at the second key');
  });

  test('every syntax error is reported, not only the first', () => {
    const text = 'redundancy: 1\nsystem: [a\ncomponents:\n  x: {kind: stateless\n  y: "unterminated\n';
    assert.ok(check(text).findings.filter((f) => f.rule === 'yaml-syntax').length >= 2);
  });

  test('huge numbers are schema errors, not expansions', () => {
    const text = 'redundancy: 1\nsystem: a\ncomponents:\n  x:\n    kind: stateless\n    replicas: [{ count: 99999999999999999999 }]\n    quorum: 1e400\n';
    const r = check(text);
    assert.ok(rulesOf(r).includes('schema'));
    assert.equal(
      r.model?.components.find((c) => c.id === 'x'),
      undefined,
      'the broken component is left out',
    );
  });

  test('alias bomb ("billion laughs") is stopped', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill('*' + String.fromCharCode(96 + i))
          .join(', ')}]`,
      );
    const text = lines.join('\n') + '\n';
    const start = Date.now();
    const r = check(text);
    assert.ok(Date.now() - start < 5000, 'bounded time');
    assert.ok(r.findings.some((f) => f.rule === 'yaml-syntax' && /alias/i.test(f.message)));
  });

  test('very deep nesting', () => {
    for (const text of ['['.repeat(20000) + ']'.repeat(20000), 'a:\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i + 1) + `k${i}:`).join('\n')]) {
      const r = check(text);
      assert.ok(r.findings.length >= 1);
    }
  });

  test('binary garbage', () => {
    let seed = 7;
    const bytes = Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
    const text = Buffer.from(bytes).toString('latin1');
    assert.ok(check(text).findings.length >= 1);
  });

  test('a 5 MB design is analysed', () => {
    const component = (i: number) =>
      `  c${i}:\n    kind: stateless\n    replicas:\n      - count: 2\n        spread: { zone: [a, b], rack: [r1, r2] }\n        version: v${i % 5}\n        config: c1\n    rollout: { software: rolling, config: rolling }\n`;
    const parts = ['redundancy: 1\nsystem: big\ncomponents:\n'];
    let size = parts[0].length;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const c = component(i);
      parts.push(c);
      size += c.length;
    }
    const r = check(parts.join(''));
    assert.ok((r.model?.components.length ?? 0) > 20000);
  });
});

describe('a flood of syntax errors', () => {
  test('is reported as the first 100 and one finding counting the rest', () => {
    const text = 'a: [\n'.repeat(2000);
    const r = check(text);
    const syntax = r.findings.filter((f) => f.rule === 'yaml-syntax');
    assert.equal(syntax.length, 101);
    assert.match(syntax[100].message, /and \d+ more YAML errors/);
  });
});
