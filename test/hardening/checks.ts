/**
 * Assertions shared by the hardening suites: what must hold of any analysis and of any
 * applied fix or rename, whatever the input. Each throws an AssertionError naming the
 * broken promise, so a property failure reads as a sentence.
 */
import assert from 'node:assert/strict';
import { analyze, applyEdits } from '../../src/core';
import { downThroughDependencies } from '../../src/core/scenarios';
import type { AnalysisResult, AnalyzeOptions, Finding, Fix, OffsetRange, TextEdit } from '../../src/core';

export const TODAY = '2026-11-26';
export const OPTS: AnalyzeOptions = { today: TODAY };

const INTERNAL_ERROR = /could not analyse this file \(internal error/;

/** `analyze` never throws; it turns a crash into this finding. The hardening suites count it as a crash. */
export function internalError(result: AnalysisResult): string | null {
  return result.findings.find((f) => INTERNAL_ERROR.test(f.message))?.message ?? null;
}

/** What a reordering of map keys must not change: findings as a multiset and the matrix by component. */
export function projection(result: AnalysisResult): { findings: string[]; matrix: Record<string, Record<string, string>>; scenarios: string[] } {
  const scenarioName = (i: number | null) => (i === null ? '-' : `${result.scenarios[i].threat}:${result.scenarios[i].value}`);
  const findings = result.findings.map((f) => [f.rule, f.severity, f.component ?? '-', f.scenario ? `${f.scenario.threat}:${f.scenario.value}` : '-', f.accepted, f.message].join(' | ')).sort();
  const matrix: Record<string, Record<string, string>> = {};
  result.matrix.components.forEach((id, ci) => {
    matrix[id] = {};
    result.matrix.threats.forEach((t, ti) => {
      const cell = result.matrix.cells[ci][ti];
      matrix[id][t] = `${cell.state}/${cell.tolerated}/${scenarioName(cell.worst)}`;
    });
  });
  const scenarios = result.scenarios
    .map((s) =>
      [
        s.threat,
        s.value,
        s.blastRadius,
        [...s.replicasDown].sort().join(','),
        [...s.componentsDownDirectly].sort().join(','),
        downThroughDependencies(result.model!, s.componentsDownDirectly).join(','),
      ].join(' | '),
    )
    .sort();
  return { findings, matrix, scenarios };
}

function assertInside(text: string, r: OffsetRange, what: string): void {
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: integer offsets`);
  assert.ok(0 <= r.start && r.start <= r.end && r.end <= text.length, `${what}: [${r.start}, ${r.end}) lies inside the document of ${text.length} characters`);
}

/** Every range of a finding (a consumer turns them into editor positions) lies inside the text. */
export function assertRangesInside(text: string, result: AnalysisResult): void {
  for (const f of result.findings) {
    assertInside(text, f.range, `${f.rule} range`);
    for (const r of f.related) assertInside(text, r.range, `${f.rule} related "${r.message}"`);
    if (f.data.acceptedBy) assertInside(text, f.data.acceptedBy, `${f.rule} acceptedBy`);
  }
}

/** The model's ranges (the outline, hovers and the preview use them) lie inside the text, start before end. */
export function assertModelRangesOrdered(text: string, result: AnalysisResult): void {
  for (const c of result.model?.components ?? []) {
    assertInside(text, c.range, `component ${c.id} key`);
    assertInside(text, c.fullRange, `component ${c.id}`);
    for (const r of c.replicas) assertInside(text, r.range, `replica ${r.id}`);
  }
}

/**
 * Every comment of a text: a full-line comment with its indentation, a trailing comment
 * from its `#`. (A test-side scan: it ignores `#` inside quotes, which generated designs
 * never put there.)
 */
export function comments(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) out.push(line);
    else {
      const m = /\s(#.*)$/.exec(line);
      if (m) out.push(m[1]);
    }
  }
  return out;
}

/** Each comment of `before` is still in `after`, as often as before. */
export function assertCommentsKept(before: string, after: string, what: string): void {
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const kept = count(comments(after));
  for (const [c, n] of count(comments(before))) assert.ok((kept.get(c) ?? 0) >= n, `${what}: comment kept: ${JSON.stringify(c)}`);
}

export type LineEndings = 'lf' | 'crlf' | 'mixed' | 'none';

export function lineEndings(text: string): LineEndings {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  if (lf === 0) return 'none';
  if (crlf === lf) return 'crlf';
  return crlf === 0 ? 'lf' : 'mixed';
}

/** Edits are in bounds and do not overlap (touching is fine). */
export function assertEditsWellFormed(text: string, edits: readonly TextEdit[], what: string): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  sorted.forEach((e, i) => {
    assertInside(text, e, `${what}: edit`);
    if (i > 0) assert.ok(sorted[i - 1].end <= e.start, `${what}: edits [${sorted[i - 1].start}, ${sorted[i - 1].end}) and [${e.start}, ${e.end}) overlap`);
  });
}

/** The result with the new text taken out, compared with the original with the replaced ranges taken out. */
export function assertUntouchedOutsideEdits(before: string, after: string, edits: readonly TextEdit[], what: string): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let rebuilt = '';
  let pos = 0;
  let shift = 0;
  for (const e of sorted) {
    rebuilt += after.slice(pos + shift, e.start + shift);
    rebuilt += before.slice(e.start, e.end);
    pos = e.end;
    shift += e.newText.length - (e.end - e.start);
  }
  rebuilt += after.slice(pos + shift);
  assert.equal(rebuilt, before, `${what}: nothing outside the edits changed`);
}

/** Line endings and indentation of what an edit wrote match the file. */
export function assertLayoutKept(before: string, after: string, indentUnit: number | null, what: string): void {
  const endings = lineEndings(before);
  if (endings === 'crlf') assert.ok(!/(^|[^\r])\n/.test(after), `${what}: a CRLF file stays CRLF (no bare LF written)`);
  if (endings === 'lf' || endings === 'none') assert.ok(!after.includes('\r'), `${what}: an LF file gets no CR`);
  const old = new Set(before.split(/\r?\n/));
  const afterLines = after.split(/\r?\n/);
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const structural = (l: string) => l.trim() !== '' && !l.trimStart().startsWith('#');
  afterLines.forEach((line, i) => {
    if (old.has(line)) return;
    assert.ok(!/^\s*\t/.test(line), `${what}: no tab indentation written: ${JSON.stringify(line)}`);
    if (indentUnit === null || !structural(line)) return;
    const n = indentOf(line);
    if (n % indentUnit === 0) return;
    // Off the unit is right only for a key inside a "- " item: two columns after its dash.
    let j = i - 1;
    while (j >= 0 && (!structural(afterLines[j]) || indentOf(afterLines[j]) >= n)) j--;
    const parent = j >= 0 ? afterLines[j] : '';
    assert.ok(
      indentOf(parent) === n - 2 && parent.trimStart().startsWith('- '),
      `${what}: written line indented by ${n} in a ${indentUnit}-space file, not under a "- " item: ${JSON.stringify(line)}`,
    );
  });
}

/** Same finding across an edit: the identity fixes.ts also uses (scenario value may move). */
function sameFinding(a: Finding, b: Finding): boolean {
  if (a.rule !== b.rule || a.component !== b.component) return false;
  if (a.rule === 'unknown-reference' || a.rule === 'accepted-risk-expired' || a.rule === 'poison-pill-data-loss') return a.message === b.message;
  // One finding per shared item, whatever its scenario's class.
  if (a.rule === 'shared-push') return a.data.shared === b.data.shared;
  return (a.scenario?.threat ?? '') === (b.scenario?.threat ?? '');
}

/**
 * Apply `fix` to `before` and check every promise of FORMAT.md and the issue: the result
 * parses, passes the schema (when the original did), loses its finding (design fixes) or
 * has it accepted (accept fixes), keeps every comment line, changes nothing outside the
 * edits, and keeps line endings and indentation. Returns the new text.
 */
export function assertFixSound(before: string, finding: Finding, fix: Fix, opts: { indentUnit?: number | null; what?: string } = {}): string {
  const what = `${opts.what ?? ''}${finding.rule}/${finding.component ?? '-'}: "${fix.title}"`;
  assertEditsWellFormed(before, fix.edits, what);
  for (const e of fix.edits) {
    // An edit may delete a list item whole; it must never swallow a comment.
    assert.ok(!/(^|\s)#/.test(before.slice(e.start, e.end)), `${what}: an edit must not replace a comment: ${JSON.stringify(before.slice(e.start, e.end))}`);
  }
  const after = applyEdits(before, fix.edits);
  const schemaBefore = analyze(before, OPTS).findings.filter((f) => f.rule === 'schema').length;
  const result = analyze(after, OPTS);
  assert.equal(internalError(result), null, `${what}: the result analyses without an internal error`);
  assert.deepEqual(
    result.findings.filter((f) => f.rule === 'yaml-syntax').map((f) => f.message),
    [],
    `${what}: the result parses`,
  );
  const schemaAfter = result.findings.filter((f) => f.rule === 'schema');
  if (fix.kind === 'schema') assert.ok(schemaAfter.length < schemaBefore, `${what}: a schema fix removes a schema error`);
  else assert.ok(schemaAfter.length <= schemaBefore, `${what}: the result passes the schema: ${schemaAfter.map((f) => f.message).join('; ')}`);
  const still = result.findings.filter((f) => sameFinding(f, finding));
  if (fix.kind === 'accept')
    assert.ok(
      still.every((f) => f.accepted),
      `${what}: the finding is accepted or gone`,
    );
  else if (fix.kind === 'design')
    assert.deepEqual(
      still.map((f) => f.message),
      [],
      `${what}: the finding is gone`,
    );
  assertCommentsKept(before, after, what);
  assertUntouchedOutsideEdits(before, after, fix.edits, what);
  assertLayoutKept(before, after, opts.indentUnit ?? null, what);
  return after;
}
