/**
 * Mutation fuzzing of every example and fixture: hostile variants of real designs (byte and
 * token edits, cut files, duplicated blocks, tabs, BOMs, CRLF and lone CR, mis-decoded
 * encodings, deep nesting, alias bombs, huge values) fed to `analyze`, the
 * IncrementalAnalyzer and `computeFixes`. The CI suite (fuzz.test.ts) runs a fixed number of
 * cases; `npm run fuzz -- --cases 20000 [--seed N]` runs more and prints a summary.
 *
 * A case fails when an exception escapes, when `analyze` reports an internal error (its
 * crash guard fired), when the incremental result differs from a full analysis, when a
 * range falls outside the text, when a proven fix breaks the file, or when one input takes
 * longer than the budget.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { analyze, analyzeFull, applyEdits, computeFixes } from '../../src/core';
import type { AnalysisResult, Fix } from '../../src/core';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { assertEditsWellFormed, assertModelRangesOrdered, assertRangesInside, internalError, OPTS } from './checks';
import { repoRoot } from '../helpers/repo';

export interface Seed {
  name: string;
  text: string;
}

/** Every example (the outage library and the Kubernetes manifests included) and every YAML fixture under test/ (the sources, not out/). */
export function corpus(): Seed[] {
  const root = repoRoot();
  const out: Seed[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (dir === path.join(root, 'examples'))
        continue; // the top level is read in order below
      else if (/\.ya?ml$/i.test(entry.name)) out.push({ name: path.relative(root, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  for (const f of fs.readdirSync(path.join(root, 'examples')).sort()) {
    if (/\.ya?ml$/i.test(f)) out.push({ name: `examples/${f}`, text: fs.readFileSync(path.join(root, 'examples', f), 'utf8') });
  }
  walk(path.join(root, 'examples'));
  walk(path.join(root, 'test'));
  return out;
}

/** Small deterministic PRNG (mulberry32): a seed names the whole run. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Rand = () => number;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[int(rand, xs.length)];

const HOSTILE_CHARS = [
  ':',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '?',
  ' ',
  '\t',
  '\n',
  '\r',
  '\\',
  '\u0000',
  '\uFEFF',
  '\u00e9',
  '\u2028',
  '\u0085',
  '\uD800',
  '\uDC00',
  '🚀',
  '\uFFFE',
  '0',
  '9',
  'a',
  'Z',
];
const YAML_TOKENS = [
  'null',
  '~',
  'true',
  'yes',
  'no',
  '0x1F',
  '1e308',
  '-1',
  '0',
  '.inf',
  '.nan',
  '10000',
  '99999999999999999999',
  '&a',
  '*a',
  '<<',
  '!!binary',
  '!custom',
  '|',
  '>-',
  '---',
  '...',
  '?',
  '- ',
  ': ',
  '[]',
  '{}',
  '""',
  "''",
  '%YAML 1.1',
  '#',
];
const LINE = /[^\n]*\n?/g;

function lines(text: string): string[] {
  return text.match(LINE)!.filter((l) => l !== '');
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** Each mutation returns the new text; its name is recorded for the report. */
const MUTATIONS: Record<string, (text: string, rand: Rand) => string> = {
  byte(text, rand) {
    let out = text;
    for (let n = 1 + int(rand, 8); n > 0 && out.length; n--) {
      const at = int(rand, out.length);
      out = out.slice(0, at) + pick(rand, HOSTILE_CHARS) + out.slice(at + 1);
    }
    return out;
  },
  insertChars(text, rand) {
    const at = int(rand, text.length + 1);
    let s = '';
    for (let n = 1 + int(rand, 6); n > 0; n--) s += pick(rand, HOSTILE_CHARS);
    return text.slice(0, at) + s + text.slice(at);
  },
  deleteSpan(text, rand) {
    const at = int(rand, text.length + 1);
    return text.slice(0, at) + text.slice(at + 1 + int(rand, 60));
  },
  token(text, rand) {
    const tokens = text.match(/[A-Za-z0-9_@.%-]+|\s+|./gsu) ?? [];
    if (!tokens.length) return pick(rand, YAML_TOKENS);
    const i = int(rand, tokens.length);
    switch (int(rand, 4)) {
      case 0:
        tokens.splice(i, 1);
        break;
      case 1:
        tokens.splice(i, 0, tokens[i]);
        break;
      case 2:
        tokens[i] = pick(rand, tokens);
        break;
      default:
        tokens[i] = pick(rand, YAML_TOKENS);
    }
    return tokens.join('');
  },
  cut(text, rand) {
    return text.slice(0, int(rand, text.length + 1));
  },
  cutMiddle(text, rand) {
    const a = int(rand, text.length + 1);
    const b = a + int(rand, text.length - a + 1);
    return text.slice(0, a) + text.slice(b);
  },
  duplicateBlock(text, rand) {
    const ls = lines(text);
    if (!ls.length) return text + text;
    const a = int(rand, ls.length);
    const block = ls.slice(a, a + 1 + int(rand, 12));
    const at = rand() < 0.5 ? a + block.length : int(rand, ls.length + 1);
    ls.splice(at, 0, ...block);
    return ls.join('');
  },
  moveBlock(text, rand) {
    const ls = lines(text);
    const a = int(rand, ls.length + 1);
    const block = ls.splice(a, 1 + int(rand, 8));
    ls.splice(int(rand, ls.length + 1), 0, ...block);
    return ls.join('');
  },
  tabs(text, rand) {
    const all = rand() < 0.3;
    return text.replace(/^( +)/gm, (m) => (all || rand() < 0.2 ? '\t'.repeat(Math.max(1, m.length >> 1)) : m));
  },
  bom(text, rand) {
    if (rand() < 0.6) return '\uFEFF' + text;
    const at = int(rand, text.length + 1);
    return text.slice(0, at) + '\uFEFF' + text.slice(at);
  },
  crlf(text) {
    return text.replace(/\r?\n/g, '\r\n');
  },
  mixedEol(text, rand) {
    return text.replace(/\r?\n/g, () => pick(rand, ['\n', '\r\n', '\r', '\r\r\n', '\n\r']));
  },
  loneCr(text) {
    return text.replace(/\r?\n/g, '\r');
  },
  misdecoded(text, rand) {
    // Text with non-ASCII characters, part of it decoded with the wrong charset.
    const at = int(rand, text.length + 1);
    const withUnicode = text.slice(0, at) + pick(rand, ['Zürich é', '東京', '🚀 ü', 'naïve café']) + text.slice(at);
    const a = Math.max(0, at - int(rand, 40));
    const b = Math.min(withUnicode.length, at + 10 + int(rand, 40));
    const slice = withUnicode.slice(a, b);
    const wrong = rand() < 0.5 ? Buffer.from(slice, 'utf8').toString('latin1') : Buffer.from(slice, 'latin1').toString('utf8');
    return withUnicode.slice(0, a) + wrong + withUnicode.slice(b);
  },
  latin1File(text) {
    // A whole file saved as UTF-8 and read as Latin-1, or the reverse.
    const withUnicode = text.replace(/system: ([^\n#]*)/, 'system: $1 Zürich 東京');
    return Buffer.from(withUnicode, 'utf8').toString('latin1');
  },
  controlChars(text, rand) {
    let out = text;
    for (let n = 1 + int(rand, 4); n > 0; n--) {
      const at = int(rand, out.length + 1);
      out = out.slice(0, at) + pick(rand, ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\uD800', '\uDFFF', '\uFFFF', '\u200B']) + out.slice(at);
    }
    return out;
  },
  deepFlow(text, rand) {
    const n = pick(rand, [50, 500, 2000, 10000]);
    const open = pick(rand, ['[', '{a: ', '[{x: ']);
    const close = open === '[' ? ']' : open === '{a: ' ? '}' : '}]';
    const balanced = rand() < 0.5;
    const nest = open.repeat(n) + (balanced ? '1' + close.repeat(n) : '');
    return insertAtLine(text, rand, `deep: ${nest}\n`);
  },
  deepBlock(text, rand) {
    const n = pick(rand, [50, 300, 1500]);
    let s = '';
    for (let i = 0; i < n; i++) s += `${' '.repeat(i)}k${i}:\n`;
    return insertAtLine(text, rand, s + `${' '.repeat(n)}leaf\n`);
  },
  deepList(text, rand) {
    // "- - - x" nests one sequence per dash on a single line; the indented form costs O(n²) characters.
    const n = pick(rand, [50, 500, 3000, 20000]);
    if (rand() < 0.5) return insertAtLine(text, rand, `deep:\n  ${'- '.repeat(n)}x\n`);
    const m = Math.min(n, 300);
    let s = 'deep:\n';
    for (let i = 1; i <= m; i++) s += `${' '.repeat(i)}- `;
    return insertAtLine(text, rand, s + 'x\n');
  },
  aliasBomb(text, rand) {
    const levels = 3 + int(rand, 8);
    let s = 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < levels; i++)
      s += `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]\n`;
    return rand() < 0.5 ? s + text : text + s;
  },
  anchors(text, rand) {
    const ls = lines(text);
    const i = ls.findIndex((l) => /^ {2}[A-Za-z][^:]*:\s*$/.test(l));
    if (i === -1) return text;
    ls[i] = ls[i].replace(/:\s*$/, ': &comp\n');
    ls.splice(int(rand, ls.length + 1), 0, pick(rand, ['  copy: *comp\n', '  <<: *comp\n', 'x: *comp\n', '  other: *missing\n']));
    return ls.join('');
  },
  hugeValue(text, rand) {
    return text.replace(/count: \d+|quorum: \w+|waves: \[[^\]]*\]/, (m) => {
      const key = m.split(':')[0];
      return `${key}: ${pick(rand, ['10000', '9999999999', '1e308', '-5', '0', '0.5', '"3"', '[]', '{}', '.inf', '.nan', 'null', '[1, 100%, 101%]'])}`;
    });
  },
  manyGroups(text, rand) {
    // Every group scaled up, up to the maximum count: expansion must stay bounded.
    const scale = pick(rand, ['100', '1000', '5000', '10000']);
    return text.replace(/count: \d+/g, () => `count: ${scale}`);
  },
  longLine(text, rand) {
    return insertAtLine(text, rand, `description: ${'x'.repeat(pick(rand, [10_000, 200_000]))}\n`);
  },
  typeSwap(text, rand) {
    const matches = [...text.matchAll(/: ([^\s#\n][^\n#]*)/g)];
    if (!matches.length) return text;
    const m = pick(rand, matches);
    const at = m.index! + 2;
    return (
      text.slice(0, at) +
      pick(rand, ['[]', '{}', 'null', '~', '!!binary aGVsbG8=', '!custom x', '|\n  block\n', '[a, [b, [c]]]', '{ a: { b: c } }', '"unterminated', "'x''y'", '-1', '12:30:00']) +
      text.slice(at + m[1].length)
    );
  },
  documents(text, rand) {
    return pick(rand, [`%YAML 1.1\n---\n${text}`, `---\n${text}...\n`, `${text}---\n${text}`, `--- !!map\n${text}`, `%TAG ! tag:x,2000:\n---\n${text}`]);
  },
  keyCollision(text, rand) {
    // The same component id twice, or a top-level key twice.
    const ls = lines(text);
    const keys = ls.map((l, i) => [l, i] as const).filter(([l]) => /^ {0,2}[A-Za-z][\w-]*:/.test(l));
    if (!keys.length) return text;
    const [line] = pick(rand, keys);
    ls.splice(int(rand, ls.length + 1), 0, line.endsWith('\n') ? line : line + '\n');
    return ls.join('');
  },
  empty(_text, rand) {
    return pick(rand, ['', '\n', '\uFEFF', '   ', '#', '---', '...', '~', 'null', '[]', '{}', '"x"', 'components:', 'redundancy: 1\n', '\r\n\r\n']);
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

function insertAtLine(text: string, rand: Rand, block: string): string {
  const starts = lineStarts(text);
  const at = pick(rand, starts);
  return text.slice(0, at) + block + text.slice(at);
}

export interface Mutant {
  source: string;
  mutations: string[];
  text: string;
}

/** An endless, reproducible stream of mutants: one to four stacked mutations of a corpus file. */
export function* mutants(seed: number, seeds: Seed[] = corpus(), exclude: readonly string[] = []): Generator<Mutant> {
  const rand = prng(seed);
  const names = MUTATION_NAMES.filter((n) => !exclude.includes(n));
  for (;;) {
    const base = pick(rand, seeds);
    let text = base.text;
    const applied: string[] = [];
    for (let n = 1 + int(rand, rand() < 0.7 ? 2 : 4); n > 0; n--) {
      const name = pick(rand, names);
      text = MUTATIONS[name](text, rand);
      applied.push(name);
    }
    yield { source: base.name, mutations: applied, text };
  }
}

export type FailureKind = 'exception' | 'internal-error' | 'incremental-mismatch' | 'range' | 'model-range' | 'bad-fix' | 'too-slow';

export interface FuzzFailure {
  kind: FailureKind;
  /** Position of the case in the run: `mutants(seed)` yields it again after `index` others. */
  index: number;
  source: string;
  mutations: string[];
  message: string;
  /** The first 2,000 characters of the input, for the report. */
  input: string;
  length: number;
}

export interface Timing {
  ms: number;
  index: number;
  source: string;
  mutations: string[];
  length: number;
  /** The call that took `ms`: analyze, incremental, computeFixes, or all of them (input). */
  call: string;
}

export interface FuzzReport {
  cases: number;
  failures: FuzzFailure[];
  /** The slowest single call of the core on one input. */
  slowestCall: Timing;
  /** The slowest input, all its calls together (analysis, incremental analysis, fixes applied and re-analysed). */
  slowestInput: Timing;
  totalMs: number;
  fixesChecked: number;
  /** How often each mutation was applied. */
  mutationCounts: Record<string, number>;
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Fail an input when one call of the core on it (analyze, an incremental analysis, computeFixes) takes longer (ms). */
  budgetMs: number;
  /** Findings per input whose fixes are computed and applied. */
  fixesPerCase?: number;
  /** Compute fixes on every n-th input only (default 1: every input); the analyses run on all. */
  fixEvery?: number;
  /** Mutations left out of this run. */
  exclude?: readonly string[];
  onProgress?: (done: number, report: FuzzReport) => void;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : String(err).slice(0, 500);
}

const NO_TIMING: Timing = { ms: 0, index: -1, source: '', mutations: [], length: 0, call: '' };

/** Run `options.cases` mutants through the core and collect every failure (never stops at the first). */
export function fuzzCore(options: FuzzOptions): FuzzReport {
  const seeds = corpus();
  // One analyzer per corpus file, fed its successive mutants, so chunk reuse is exercised too.
  const analyzers = new Map(seeds.map((s) => [s.name, new IncrementalAnalyzer()]));
  const originalKeys = new Map(seeds.map((s) => [s.name, analyze(s.text, OPTS).findings.map((f) => f.data.key)]));
  const rand = prng(options.seed ^ 0x9e3779b9);
  const report: FuzzReport = { cases: 0, failures: [], slowestCall: NO_TIMING, slowestInput: NO_TIMING, totalMs: 0, fixesChecked: 0, mutationCounts: {} };
  const stream = mutants(options.seed, seeds, options.exclude);
  const started = performance.now();
  for (let i = 0; i < options.cases; i++) {
    const m = stream.next().value as Mutant;
    for (const name of m.mutations) report.mutationCounts[name] = (report.mutationCounts[name] ?? 0) + 1;
    const fail = (kind: FailureKind, message: string) =>
      report.failures.push({ kind, index: i, source: m.source, mutations: m.mutations, message, input: m.text.slice(0, 2000), length: m.text.length });
    const timing = (ms: number, call: string): Timing => ({ ms, index: i, source: m.source, mutations: m.mutations, length: m.text.length, call });
    /** Run one call of the core, timed against the budget. */
    const timed = <T>(call: string, fn: () => T): T => {
      const t = performance.now();
      const out = fn();
      const ms = performance.now() - t;
      if (ms > report.slowestCall.ms) report.slowestCall = timing(ms, call);
      if (ms > options.budgetMs) fail('too-slow', `${call} took ${ms.toFixed(0)} ms (budget ${options.budgetMs} ms)`);
      return out;
    };
    const t0 = performance.now();
    try {
      const full = timed('analyze', () => analyze(m.text, OPTS));
      const crash = internalError(full);
      if (crash) fail('internal-error', crash);
      try {
        assertRangesInside(m.text, full);
      } catch (err) {
        fail('range', describe(err));
      }
      try {
        assertModelRangesOrdered(m.text, full);
      } catch (err) {
        fail('model-range', describe(err));
      }
      const inc = timed('incremental', () => analyzers.get(m.source)!.analyze(m.text, OPTS));
      if (!isDeepStrictEqual(inc, full)) fail('incremental-mismatch', firstDifference(inc, full));
      // Both go through the chunked parser; the yaml library's full parse is the reference.
      const reference = analyzeFull(m.text, OPTS);
      if (!isDeepStrictEqual(full, reference)) fail('incremental-mismatch', firstDifference(full, reference));
      // Fixes for a few current findings, and for a finding key of the unmutated file:
      // a stale key must give no fix or a fix that is valid for the new text.
      const keys = i % (options.fixEvery ?? 1) === 0 ? pickKeys(full, rand, options.fixesPerCase ?? 1) : [];
      const stale = originalKeys.get(m.source)!;
      if (keys.length && stale.length) keys.push(pick(rand, stale));
      for (const key of keys) {
        const fixes = timed('computeFixes', () => computeFixes(m.text, key, OPTS));
        report.fixesChecked += checkFixes(m.text, key, fixes, full, (msg) => fail('bad-fix', msg));
      }
    } catch (err) {
      fail('exception', describe(err));
    }
    const ms = performance.now() - t0;
    if (ms > report.slowestInput.ms) report.slowestInput = timing(ms, 'input');
    report.cases++;
    options.onProgress?.(report.cases, report);
  }
  report.totalMs = performance.now() - started;
  return report;
}

function pickKeys(result: AnalysisResult, rand: Rand, n: number): string[] {
  const keys = result.findings.map((f) => f.data.key);
  const out: string[] = [];
  for (let i = 0; i < n && keys.length; i++) out.push(keys.splice(int(rand, keys.length), 1)[0]);
  return out;
}

/** Apply the fixes computed for `key`; returns how many were checked. */
function checkFixes(text: string, key: string, fixes: Fix[], before: AnalysisResult, fail: (message: string) => void): number {
  const schemaBefore = before.findings.filter((f) => f.rule === 'schema').length;
  for (const fix of fixes) {
    try {
      assertEditsWellFormed(text, fix.edits, fix.title);
    } catch (err) {
      fail(`${key}: ${describe(err)}`);
      continue;
    }
    const after = analyze(applyEdits(text, fix.edits), OPTS);
    if (internalError(after)) fail(`${key}: "${fix.title}" leads to an internal error: ${internalError(after)}`);
    if (after.findings.some((f) => f.rule === 'yaml-syntax')) fail(`${key}: "${fix.title}" leaves a file that does not parse`);
    const schemaAfter = after.findings.filter((f) => f.rule === 'schema').length;
    if (fix.kind === 'schema' ? schemaAfter >= schemaBefore : schemaAfter > schemaBefore) fail(`${key}: "${fix.title}" adds schema errors (${schemaBefore} -> ${schemaAfter})`);
  }
  return fixes.length;
}

function firstDifference(a: AnalysisResult, b: AnalysisResult): string {
  if (!isDeepStrictEqual(a.findings, b.findings)) {
    const i = a.findings.findIndex((f, k) => !isDeepStrictEqual(f, b.findings[k]));
    return `findings differ at ${i}: incremental ${JSON.stringify(a.findings[i] ?? null).slice(0, 300)} vs full ${JSON.stringify(b.findings[i] ?? null).slice(0, 300)}`;
  }
  if (!isDeepStrictEqual(a.model, b.model)) return 'models differ';
  if (!isDeepStrictEqual(a.scenarios, b.scenarios)) return 'scenarios differ';
  return 'matrices differ';
}

export function summarize(report: FuzzReport): string {
  const byKind = new Map<string, number>();
  for (const f of report.failures) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const show = (t: Timing) => `${t.ms.toFixed(1)} ms (${t.call}; ${t.length.toLocaleString('en-US')} characters; case ${t.index}: ${t.source} + ${t.mutations.join(' + ')})`;
  return [
    `cases tried:   ${report.cases}`,
    `failures:      ${report.failures.length}${byKind.size ? ` (${[...byKind].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`,
    `fixes applied: ${report.fixesChecked}`,
    `slowest call:  ${show(report.slowestCall)}`,
    `slowest input: ${show(report.slowestInput)}`,
    `total time:    ${(report.totalMs / 1000).toFixed(1)} s (${(report.totalMs / Math.max(1, report.cases)).toFixed(1)} ms per input)`,
  ].join('\n');
}

function main(argv: string[]): number {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const v = i === -1 ? NaN : Number(argv[i + 1]);
    return Number.isFinite(v) ? v : fallback;
  };
  const cases = arg('cases', 5000);
  const seed = arg('seed', Date.now() % 2 ** 31);
  const budgetMs = arg('budget-ms', 2000);
  const excludeAt = argv.indexOf('--exclude');
  const exclude = excludeAt === -1 ? [] : (argv[excludeAt + 1] ?? '').split(',');
  const outAt = argv.indexOf('--out');
  process.stdout.write(
    `fuzzing ${cases} mutants of ${corpus().length} files (seed ${seed}, budget ${budgetMs} ms per call${exclude.length ? `, without ${exclude.join(', ')}` : ''}; Node ${process.version})\n`,
  );
  const report = fuzzCore({
    cases,
    seed,
    budgetMs,
    exclude,
    onProgress: (done, r) => {
      if (done % 1000 === 0) process.stdout.write(`  ${done} cases, ${r.failures.length} failures\n`);
    },
  });
  process.stdout.write(summarize(report) + '\n');
  for (const f of report.failures.slice(0, 20)) {
    process.stdout.write(`\n[${f.kind}] ${f.source} + ${f.mutations.join(' + ')} (${f.length} chars)\n  ${f.message}\n  input: ${JSON.stringify(f.input.slice(0, 400))}\n`);
  }
  if (report.failures.length > 20) process.stdout.write(`\n… and ${report.failures.length - 20} more\n`);
  if (outAt !== -1 && argv[outAt + 1]) fs.writeFileSync(argv[outAt + 1], JSON.stringify(report, null, 2));
  process.stdout.write(`\nreproduce with: npm run fuzz -- --cases ${cases} --seed ${seed}${exclude.length ? ` --exclude ${exclude.join(',')}` : ''}\n`);
  return report.failures.length ? 1 : 0;
}

// `node --test out/test/` runs every file under test/ as a test; only a direct run fuzzes.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) process.exitCode = main(process.argv.slice(2));
