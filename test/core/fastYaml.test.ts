/**
 * The fast chunk parser must be indistinguishable from `yaml`: whenever it answers, its
 * document matches yaml's node for node — classes, all three range numbers, flow style,
 * scalar values, types and sources — and converts to the same data. It is compared on real
 * designs, generated ones, hand-written corner cases and thousands of random mutations; and
 * it must actually answer for the designs it exists for, or it would be a parser that always
 * bails.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Document, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { splitComponents } from '../../src/core/chunked';
import { fastParseChunk } from '../../src/core/fastYaml';
import { generateDesign } from '../../bench/generate';
import { repoRoot } from '../helpers/repo';

/** Everything about a node that the analysis (or anyone) could read, as plain data. */
function dump(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isPair(node)) return { pair: true, key: dump(node.key), value: dump(node.value) };
  if (isMap(node) || isSeq(node)) {
    return {
      class: isMap(node) ? 'map' : 'seq',
      range: node.range,
      flow: node.flow,
      tag: node.tag,
      anchor: node.anchor,
      items: (node.items as unknown[]).map(dump),
    };
  }
  if (isScalar(node)) {
    return {
      class: 'scalar',
      range: node.range,
      value: node.value,
      type: node.type,
      source: node.source,
      format: node.format,
      minFractionDigits: node.minFractionDigits,
      tag: node.tag,
      anchor: node.anchor,
    };
  }
  return { class: 'other', text: String(node) };
}

function reference(text: string): Document.Parsed {
  return parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
}

/**
 * Compare the fast parser with yaml on one text. Returns whether the fast parser answered;
 * when it did, yaml must have found no problem and built the same document.
 */
function check(text: string, label: string): boolean {
  const fast = fastParseChunk(text);
  if (fast === null) return false;
  const ref = reference(text);
  const context = `${label}: ${JSON.stringify(text.length > 400 ? text.slice(0, 400) + '…' : text)}`;
  assert.deepEqual(
    ref.errors.map((e) => e.message),
    [],
    `yaml reports errors the fast parser missed — ${context}`,
  );
  assert.deepEqual(
    ref.warnings.map((e) => e.message),
    [],
    `yaml warns where the fast parser did not — ${context}`,
  );
  assert.deepEqual(fast.errors, [], context);
  assert.deepEqual(fast.warnings, [], context);
  assert.deepEqual(dump(fast.contents), dump(ref.contents), `node trees differ — ${context}`);
  assert.deepEqual(fast.range, ref.range, `document ranges differ — ${context}`);
  assert.deepEqual(fast.toJS(), ref.toJS(), `data differs — ${context}`);
  return true;
}

/** The pieces the incremental parser parses: each component, and the rest of the file. */
function pieces(text: string): { components: string[]; head: string | null } {
  const split = splitComponents(text);
  if (!split) return { components: [], head: null };
  const { blockStart, blockEnd, starts } = split;
  const components = starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] : blockEnd));
  return { components, head: text.slice(0, blockStart) + text.slice(blockEnd) };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out;
}

function exampleFiles(): string[] {
  const dir = path.join(repoRoot(), 'examples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.redundancy.yaml'))
    .map((f) => path.join(dir, f));
}

function fixtureFiles(): string[] {
  const root = path.join(repoRoot(), 'test');
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const fixtures = path.join(root, entry.name, 'fixtures');
    if (fs.existsSync(fixtures)) yamlFiles(fixtures, out);
  }
  return out;
}

/** Hand-written corners: comments everywhere, empty values, quoting, numbers, CRLF. */
const TRICKY: string[] = [
  // Comments after values, indented under them, at the map's column, at the root's, at column 0.
  '  a:\n    k: v # c\n    e:\n    f: 1.10\n    g: [a, b ] # x\n    # end\n\n',
  '  a:\n    k: v\n      # under v\n\n      # still v\n    # map\n      # map again\n  b: 1\n',
  '  a:\n    k: v\n  # root\n\n',
  '  a:\n    k: v\n# column 0\n\n',
  '  a:\n    k: v\n # column 1\n\n',
  'a: 1\n  # under the value at root 0\n',
  '  a:\n    k: v\n    # c1\n\n  b: 1\n',
  // `key:` with nothing after it, followed by every kind of line.
  '  a:\n    b:\n\n',
  '  a:\n    b: # x\n\n',
  '  a:\n    b: # x\n    c: 1\n',
  '  a:\n    b:   \n    c: 1\n',
  '  a:\n    b:\n    # c\n    c: 1\n',
  '  a:\n    b:\n      # c\n    c: 1\n',
  '  a:\n    b:\n\n    # c\n    c: 1\n',
  '  a:\n    b:\n    # c\n\n    c: 1\n',
  '  a:\n    b:\n      # c\n\n      # d\n    c: 1\n',
  '  a:\n    b:\n      # c\n    # d\n\n    c: 1\n',
  '  a:\n    b: # x\n  # y\n\n  c: 1\n',
  '  a:\n    b:\n  # y\n\n  c: 1\n',
  '  a:\n    b:',
  '  a:\n    b: # x',
  '  a:',
  '  a:   # c\n    b: 1\n',
  '  a:\n    b:\n    - x\n',
  '  a:\n    b:\n  - x\n',
  // Quoted keys and values holding `#`, `: ` and the other quote.
  '  "a b": x\n  \'c\': y\n  "d # e": "f: g"\n  \'h: i\': \'j # k\'\n',
  "  \"a\" : x\n  'it''s': 'it''s'\n  e: \"say 'hi'\"\n  f: 'say \"hi\"'\n  g: ''\n  h: \"\"\n",
  '  a: { "k":v, \'q\' : w, "x # y": "1, 2" }\n',
  '  a: [ "a,b", \'c]d\', "e}f" ]\n',
  // Lists at their key's indentation and deeper, compact maps, comments between entries.
  '  x:\n  - a\n  - b: 1\n    c: 2\n    # cm\n  y: 1\n',
  '  x:\n    - a\n    - b: 1\n      c: 2\n     # cm\n  y: 1\n',
  '  x:\n    -   b: 1\n        c: 2\n    - { p: 1 }\n    - [q]\n    # between\n    - "r"\n  y: 1\n',
  '  x:\n    - a\n      # under a\n    - b\n    # after\n',
  '  replicas:\n    - count: 3\n      spread: { zone: [a, b, c] }\n      # note\n    - host: h1\n',
  '  a:\n    - x\n\n\n  b:\n    - y\n',
  // Flow collections nested, spaced, with trailing commas, empty.
  '  a: { x: [p, q ] , y: "s" ,z: r}  # c\n',
  '  a: [a, b, ]\n  b: [a, b ,]\n  c: {a: 1, }\n  d: []\n  e: {}\n  f: [ ]\n  g: { }\n',
  '  a: [[a] , [b]]\n  b: [[], {}, [[x]]]\n  c: { zone: [a, b], rack: r1 }\n',
  '  a: [-1, -a, a-b, a:b, a#b, 1.5, "x"]\n',
  // CRLF line ends everywhere.
  '  a: b\r\n  c:\r\n  # x\r\n  d: [1, 2] # e\r\n\r\n',
  '  a:\r\n    - x\r\n    - y: 1\r\n      z: 2\r\n    # c\r\n  b: "q"\r\n',
  // Trailing spaces.
  '  a: b   \n  c:    \n  d: [x]   \n  e: "q"   \n   \n',
  // Numbers, nulls and booleans the core schema way (some of these bail, which is fine).
  '  a: 3\n  b: 3.5\n  c: 1.10\n  d: 007\n  e: -1\n  f: 1e3\n  g: 0x1F\n  h: +1\n  i: .5\n  j: 0o17\n',
  '  a: null\n  b: Null\n  c: NULL\n  d: ~\n  e: nUll\n  f: true\n  g: True\n  h: TRUE\n  i: tRue\n  j: yes\n  k: no\n  l: off\n',
  '  a: 1.2.3\n  b: 50%\n  c: 2027-06-30\n  d: api@4.2.0\n  e: eu-west-1a\n  f: -0\n  g: 1.0\n  h: 0.0\n  i: 12345678901234567890\n',
  '  a: [3, 3.5, 1.10, 007, -1, null, ~, true, False, yes, 1.2.3]\n',
  '  3: x\n  3.5: y\n  null: z\n  true: w\n',
  // Keys with spaces, punctuation, odd but plain characters.
  '  my key: value with spaces\n  a.b/c: d\n  x-y_z: "q"\n  http://host: url\n  k: v: w\n',
  '  a: b,c [d] {e}\n  f: g#h\n  i: -j\n',
  // Prelude comments and blank lines before the root.
  '# c\n\n  a: 1\n',
  '\n\n# x\n  # y\n  a: 1\n',
  // Root at column 0, like the head of a file.
  'redundancy: 1   # format version\nsystem: x\ncomponents:\naccepted:\n  - rule: r\n    reason: text, with: colons\n',
  'redundancy: 1\ncomponents:   # here\n\naccepted: []\n',
  // Outside the subset: must bail (or, if answered, match).
  '  a: &x 1\n  b: *x\n',
  '  a: !!str 1\n',
  '  a: |\n    text\n',
  '  a: >\n    text\n',
  '  ? a\n  : b\n',
  '  a: "esc\\n"\n',
  '  a: multi\n    line\n',
  '  a: "multi\n    line"\n',
  '  a: [multi,\n    line]\n',
  '  a:\n\tb: 1\n',
  '---\n  a: 1\n',
  '  a: 1\n...\n',
  '  a: 1\n b: 2\n',
  '  a: 1\n    b: 2\n',
  '  a: b: c\n',
  '  - a\n',
  '  a:\n    -\n    - b\n',
  '  a:\n    - - b\n',
  '  a: [a, , b]\n',
  '  a: [, b]\n',
  '  a: {b}\n',
  '  a: {b: }\n',
  '  a: [b: c]\n',
  '  a: "x"y\n',
  '  a: [x]y\n',
  '  a: [x]#y\n',
  '  a: @x\n',
  '  a: `x\n',
  '  a: %x\n',
  '  a: b\r  c: d\n',
];

/** Deterministic PRNG (the same runs every time). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const INSERTS = [' ', ' ', ':', ': ', '#', ' #', '-', '- ', '[', ']', '{', '}', ',', "'", '"', '\n', '\n  ', '  ', '\r\n', 'x', '0', '.', '~', '&', '*', '!', '|', '?', '\t', '\\'];

function mutate(text: string, rand: () => number): string {
  const edits = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(rand() * (text.length + 1));
    const r = rand();
    if (r < 0.4) text = text.slice(0, at) + text.slice(at + 1);
    else if (r < 0.9) text = text.slice(0, at) + INSERTS[Math.floor(rand() * INSERTS.length)] + text.slice(at);
    else {
      // Move a line's indentation by one or two columns.
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      text = rand() < 0.5 ? text.slice(0, lineStart) + (rand() < 0.5 ? ' ' : '  ') + text.slice(lineStart) : text.slice(0, lineStart) + text.slice(lineStart + 1);
    }
  }
  return text;
}

describe('fast chunk parser', () => {
  test('matches yaml on every piece of every example, and answers for all of them', (t) => {
    let n = 0;
    for (const file of exampleFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      const { components, head } = pieces(text);
      assert.ok(components.length > 0, `${file} has components`);
      for (const [i, c] of components.entries()) {
        assert.equal(check(c, `${path.basename(file)} component ${i}`), true, `${path.basename(file)} component ${i} takes the fast path`);
        n++;
      }
      assert.equal(check(head!, `${path.basename(file)} head`), true, `${path.basename(file)} head takes the fast path`);
      check(text, `${path.basename(file)} whole`);
      check(text.replace(/\n/g, '\r\n'), `${path.basename(file)} whole, CRLF`);
    }
    assert.ok(n >= 20, `the examples hold ${n} components`);
    t.diagnostic(`${n} example components, all on the fast path`);
  });

  test('matches yaml on the pieces of the test fixtures', (t) => {
    const files = fixtureFiles();
    assert.ok(files.length > 0, 'fixtures found');
    let n = 0;
    let fast = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const label = path.relative(repoRoot(), file);
      const { components, head } = pieces(text);
      const all = head === null ? [text] : [...components, head, text];
      for (const [i, piece] of all.entries()) {
        n++;
        if (check(piece, `${label} piece ${i}`)) fast++;
      }
    }
    t.diagnostic(`${files.length} fixture files, ${n} pieces, ${fast} on the fast path`);
  });

  test('matches yaml on a generated design and answers for at least 95% of its components', (t) => {
    const text = generateDesign(3000);
    const { components, head } = pieces(text);
    assert.ok(components.length > 150, `${components.length} components`);
    let fast = 0;
    components.forEach((c, i) => {
      if (check(c, `generated component ${i}`)) fast++;
    });
    assert.ok(fast >= 0.95 * components.length, `fast path for ${fast} of ${components.length} components`);
    t.diagnostic(`${components.length} generated components, ${fast} on the fast path`);
    assert.equal(check(head!, 'generated head'), true, 'the generated head takes the fast path');
    assert.equal(check(text, 'generated whole'), true, 'the generated design as a whole takes the fast path');
  });

  test('matches yaml on hand-written corner cases', (t) => {
    let fast = 0;
    for (const [i, text] of TRICKY.entries()) {
      if (check(text, `tricky ${i}`)) fast++;
      // The same text with CRLF line ends and without its final line break.
      check(text.replace(/\r?\n/g, '\r\n'), `tricky ${i}, CRLF`);
      check(text.replace(/\r?\n$/, ''), `tricky ${i}, no final newline`);
    }
    assert.ok(fast >= TRICKY.length / 2, `fast path for ${fast} of ${TRICKY.length} corner cases`);
    t.diagnostic(`${TRICKY.length} corner cases (x3 variants), ${fast} on the fast path as written`);
  });

  test('bails out on what it does not cover', () => {
    for (const text of [
      '  a: &x 1\n  b: *x\n',
      '  a: !!str 1\n',
      '  a: |\n    text\n',
      '  ? a\n  : b\n',
      '  a: "esc\\n"\n',
      '  a: multi\n    line\n',
      '  a: [multi,\n    line]\n',
      '  a:\n\tb: 1\n',
      '---\n  a: 1\n',
      '  a: 0x1F\n',
      '  a: 1e3\n',
      '  a: +1\n',
      '  a: .5\n',
      '  a: .inf\n',
      '  a: 12345678901234567890\n',
      '  a: b: c\n',
      '  a: b\r  c: d\n',
      '',
      '# only a comment\n',
    ]) {
      assert.equal(fastParseChunk(text), null, JSON.stringify(text));
    }
  });

  test('random mutations of real pieces: either bail or match yaml exactly', (t) => {
    const rand = rng(20261126);
    const sources: string[] = [];
    for (const file of exampleFiles()) {
      const { components, head } = pieces(fs.readFileSync(file, 'utf8'));
      sources.push(...components, head!);
    }
    sources.push(...pieces(generateDesign(400)).components.slice(0, 20), ...TRICKY.slice(0, 55));
    let fast = 0;
    const cases = 6000;
    for (let i = 0; i < cases; i++) {
      const base = sources[Math.floor(rand() * sources.length)];
      const text = mutate(base, rand);
      if (check(text, `mutation ${i}`)) fast++;
    }
    // Many mutations stay valid; the comparison is only meaningful if the fast path runs often.
    assert.ok(fast > cases / 4, `fast path for ${fast} of ${cases} mutations`);
    t.diagnostic(`${cases} mutations, ${fast} on the fast path`);
  });
});
