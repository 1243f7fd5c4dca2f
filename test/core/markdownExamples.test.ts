/**
 * The bundled Markdown design documents (examples/*.md) against their hand-derived expected
 * findings (examples/derivations/), at Markdown lines with their block; and their generated
 * diagrams are up to date (what `redundancy-lens render --check` checks in CI).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { MarkdownAnalyzer } from '../../src/core/markdown';
import { renderDesignDiagrams } from '../../src/core/markdownDiagrams';
import { LineIndex } from '../../src/core/positions';
import { repoRoot } from '../helpers/repo';

interface Expected {
  today: string;
  findings: { rule: string; component: string | null; line: number; block: number; scenario: { threat: string; value: string } | null; accepted: boolean }[];
}

const key = (f: Expected['findings'][number]) => `${f.block} ${String(f.line).padStart(4, '0')} ${f.rule} ${f.component ?? ''} ${f.scenario?.threat ?? ''} ${f.scenario?.value ?? ''}`;

describe('Markdown examples', () => {
  const dir = path.join(repoRoot(), 'examples');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md') && fs.existsSync(path.join(dir, f.replace(/\.md$/, '.expected.json'))));
  test('there is a design document example', () => assert.ok(files.includes('design-doc.md')));
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const expected = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.md$/, '.expected.json')), 'utf8')) as Expected;
    test(`${file}: the expected findings at Markdown lines`, () => {
      const lines = new LineIndex(text);
      const actual = new MarkdownAnalyzer(() => new IncrementalAnalyzer()).analyze(text, { today: expected.today }).findings.map((f) => ({
        rule: f.rule,
        component: f.component,
        line: lines.positionAt(f.range.start).line + 1,
        block: f.block!,
        scenario: f.scenario,
        accepted: f.accepted,
      }));
      const sort = (xs: Expected['findings']) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
      assert.deepEqual(sort(actual), sort(expected.findings));
    });
    test(`${file}: its generated diagrams are up to date`, () => {
      const outcome = renderDesignDiagrams(text, { today: expected.today });
      assert.ok(outcome.blocks > 0);
      assert.equal(outcome.updated, 0, `run: redundancy-lens render examples/${file}`);
    });
  }
});
