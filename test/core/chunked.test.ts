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

  test('a fork that parses a text where the chunks sit elsewhere leaves the placements of the parser it came from', () => {
    // The parser's version has every component a line below where it was parsed (shifted copies);
    // the fork's text moves them a line further; the parser's next text has them where it last had them.
    const parsed = generateDesign(1000);
    const text = parsed.replace(/^components:\n/m, 'components:\n  # one\n');
    const inc = new IncrementalAnalyzer();
    inc.analyze(parsed, TODAY);
    inc.analyze(text, TODAY);
    inc.fork().analyze(text.replace(/^components:\n/m, 'components:\n  # two\n'), TODAY);
    const before = shiftStats.pairs;
    const again = text.replace(/version: (\S+?)(\d)\b/, (_, v: string, d: string) => `version: ${v}${(Number(d) + 1) % 10}`);
    assert.notEqual(again, text);
    assert.deepEqual(inc.analyze(again, TODAY), analyzeFull(again, TODAY));
    assert.equal(shiftStats.pairs - before, 0, 'no chunk needed a shifted copy: each is where the parser last placed it');
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

  test('keys that are equal only as text are still duplicates, in every map of a chunk', () => {
    const base = 'redundancy: 1\ncomponents:\n  api:\n    kind: stateless\n    replicas:\n      - { host: h1, version: v1, config: c }\n';
    const cases = [
      // A number and a string with the same text; a null key and the string 'null'; an inherited name twice.
      '    tags:\n      1: a\n      "1": b\n',
      '    tags:\n      ~: a\n      "null": b\n',
      '    tags: { toString: a, toString: b }\n',
      '    tags:\n      x: a\n      y: b\n      x: c\n',
    ];
    for (const extra of cases) {
      const text = base + extra;
      const inc = new IncrementalAnalyzer();
      const result = inc.analyze(text, TODAY);
      assert.deepEqual(result, analyzeFull(text, TODAY), extra);
      assert.ok(
        result.findings.some((f) => f.rule === 'yaml-syntax' && /Map keys must be unique/.test(f.message)),
        `duplicate reported for ${JSON.stringify(extra)}`,
      );
      // And again once the chunk is cached: an edit elsewhere reuses it with its duplicate.
      const edited = text.replace('redundancy: 1', 'redundancy: 1\nsystem: s');
      assert.deepEqual(inc.analyze(edited, TODAY), analyzeFull(edited, TODAY), `${extra} (reused)`);
    }
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
