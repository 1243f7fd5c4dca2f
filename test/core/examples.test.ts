/**
 * Every bundled example against its expected findings, which were derived by hand from
 * FORMAT.md (see examples/derivations/): the engine is checked against an independent oracle.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, LineIndex } from '../../src/core';
import { repoRoot } from '../helpers/repo';

interface Expected {
  today: string;
  findings: { rule: string; component: string | null; line: number; scenario: { threat: string; value: string } | null; accepted: boolean }[];
}

const key = (f: Expected["findings"][number]) => `${String(f.line).padStart(4, "0")} ${f.rule} ${f.component ?? ""} ${f.scenario?.threat ?? ""} ${f.scenario?.value ?? ""}`;

describe('examples', () => {
  const dir = path.join(repoRoot(), 'examples');
  const files = fs.readdirSync(dir).filter((f) => /\.redundancy\.ya?ml$/.test(f));
  test('at least six examples, each with expected findings', () => {
    assert.ok(files.length >= 6);
    for (const f of files) assert.ok(fs.existsSync(path.join(dir, f.replace(/\.redundancy\.ya?ml$/, '.expected.json'))), f);
  });
  for (const file of files) {
    test(file, () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const expected = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.redundancy\.ya?ml$/, '.expected.json')), 'utf8')) as Expected;
      const lines = new LineIndex(text);
      const actual = analyze(text, { today: expected.today }).findings.map((f) => ({
        rule: f.rule,
        component: f.component,
        line: lines.positionAt(f.range.start).line + 1,
        scenario: f.scenario,
        accepted: f.accepted,
      }));
      const sort = (xs: Expected['findings']) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
      assert.deepEqual(sort(actual), sort(expected.findings));
    });
  }
});
