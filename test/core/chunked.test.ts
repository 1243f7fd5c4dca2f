/**
 * The incremental parser must be invisible: for every text, analysing through it gives the
 * same result as a full parse, across a sequence of edits that reuse cached chunks.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, analyzeFull } from '../../src/core/analyze';
import { shiftStats, splitComponents } from '../../src/core/chunked';
import { computeFixes } from '../../src/core/fixes';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { generateDesign } from '../../bench/generate';
import { repoRoot } from '../helpers/repo';

const TODAY = { today: '2026-11-26' };

function same(inc: IncrementalAnalyzer, text: string, label: string): void {
  const reference = analyzeFull(text, TODAY);
  assert.deepEqual(inc.analyze(text, TODAY), reference, label);
  assert.deepEqual(analyze(text, TODAY), reference, `${label} (one-shot)`);
}

describe('incremental parsing', () => {
  test('a character inserted above moves every later component without copying their nodes, until a fix reads them', () => {
    const text = generateDesign(3000);
    const inc = new IncrementalAnalyzer();
    inc.analyze(text, TODAY);
    const at = text.indexOf('version: ', text.length / 2) + 'version: '.length;
    const edited = `${text.slice(0, at)}x${text.slice(at)}`;
    const before = { ...shiftStats };
    const result = inc.analyze(edited, TODAY);
    assert.deepEqual(result, analyzeFull(edited, TODAY));
    assert.ok(shiftStats.pairs - before.pairs > 50, `${shiftStats.pairs - before.pairs} components moved`);
    assert.equal(shiftStats.values - before.values, 0, "no moved component's nodes were copied");
    // A fix of a moved component reads its nodes (then they are copied) and edits the right place.
    const last = result.model!.components[result.model!.components.length - 1];
    const finding = result.findings.find((f) => f.component === last.id && f.severity === 'warning' && !f.accepted);
    assert.ok(finding, `a warning on ${last.id}`);
    assert.deepEqual(computeFixes(edited, finding.data.key, TODAY, inc), computeFixes(edited, finding.data.key, TODAY));
  });

  test('splits plain block files into one chunk per component', () => {
    const text = 'redundancy: 1\ncomponents:\n  # c\n  a:\n    kind: log\n\n  "b c":\n    kind: store\naccepted: []\n';
    const s = splitComponents(text)!;
    assert.deepEqual(
      s.starts.map((o) => text.slice(o, text.indexOf('\n', o))),
      ['  a:', '  "b c":'],
    );
    assert.equal(text.slice(s.blockEnd), 'accepted: []\n');
  });

  test('declines what it cannot chunk', () => {
    assert.equal(splitComponents('components: { a: { kind: log } }\n'), null);
    assert.equal(splitComponents('components:\n  - a\n'), null);
    assert.equal(splitComponents('system: x\n'), null);
  });

  test('component keys become data exactly as yaml makes them: null, __proto__, numbers', () => {
    const component = '    kind: stateless\n    replicas:\n      - { host: h1, version: v1, config: c }\n';
    for (const key of ['null', '~', '__proto__', '"__proto__"', '1.0', '0x10', 'true']) {
      const text = `redundancy: 1\nsystem: s\ncomponents:\n  ${key}:\n${component}  other:\n${component}`;
      same(new IncrementalAnalyzer(), text, `key ${key}`);
    }
  });

  test('every example, edited line by line, matches a full analysis', () => {
    const dir = path.join(repoRoot(), 'examples');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.redundancy.yaml'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const inc = new IncrementalAnalyzer();
      same(inc, text, `${file} as is`);
      assert.equal(inc.parser.stats.chunked, true, `${file} takes the incremental path`);
      const lines = text.split('\n');
      // Delete each line in turn, then restore: chunk boundaries move, syntax breaks and heals.
      for (let i = 0; i < lines.length; i += 3) {
        same(inc, [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'), `${file} without line ${i + 1}`);
        same(inc, text, `${file} restored after line ${i + 1}`);
      }
    }
  });

  test('typing into a generated design keeps results identical', () => {
    let text = generateDesign(600);
    const inc = new IncrementalAnalyzer();
    same(inc, text, 'initial');
    assert.equal(inc.parser.stats.chunked, true, 'the generated design takes the incremental path');
    same(inc, text.replace('@1.0.0', '@1.0.1'), 'one character changed');
    assert.equal(inc.parser.stats.parsed, 1, 'one chunk re-parsed');
    assert.ok(inc.parser.stats.reused > 30, 'the others reused');
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const inserts = ['x', ' ', '\n', ':', '#', '-', '  ', '[', ']', '1', 'a: b\n'];
    for (let i = 0; i < 60; i++) {
      const at = Math.floor(rand() * text.length);
      text = rand() < 0.5 ? text.slice(0, at) + inserts[i % inserts.length] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      same(inc, text, `edit ${i}`);
    }
  });
});
