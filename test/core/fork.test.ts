/**
 * Quick fixes prove their candidates on a fork of the document's analyzer: the fork starts
 * from the document's last version (its first analysis of that text reparses and rebuilds
 * nothing), gives the fixes a fresh analyzer gives, and leaves the document's analyzer as it
 * was (its next analysis continues from the document's version, not from a candidate's).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFull } from '../../src/core/analyze';
import { computeFixes } from '../../src/core/fixes';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { generateDesign } from '../../bench/generate';

const OPTS = { today: '2026-12-03' };
const TEXT = generateDesign(3000);

describe('a fork of the document analyzer for quick fixes', () => {
  test("the fork's analysis of the document's own text reparses no chunk and rebuilds no component", () => {
    const doc = new IncrementalAnalyzer();
    const result = doc.analyze(TEXT, OPTS);
    const fork = doc.fork();
    fork.analyze(TEXT, OPTS);
    const n = result.model!.components.length;
    assert.ok(n > 100, `${n} components`);
    assert.equal(fork.parser.stats.parsed, 0, 'no chunk parsed again');
    assert.equal(fork.kept.components, n, 'every component model kept');
    assert.equal(fork.kept.findingsOf, n, "every component's findings kept");
  });

  test("fixes proven on a fork are a fresh analyzer's, and the document analyzer is left as it was", () => {
    const doc = new IncrementalAnalyzer();
    const result = doc.analyze(TEXT, OPTS);
    const rules = new Set<string>();
    const findings = result.findings.filter((f) => f.severity === 'warning' && !rules.has(f.rule) && rules.add(f.rule));
    assert.ok(findings.length >= 3, findings.map((f) => f.rule).join(', '));
    const fork = doc.fork();
    for (const f of findings) assert.deepEqual(computeFixes(TEXT, f.data.key, OPTS, fork), computeFixes(TEXT, f.data.key, OPTS), f.rule);
    // The candidates the fork analysed are not the document's previous version: an edit of the
    // document continues from its own text, and matches a full analysis.
    const at = TEXT.indexOf('version:', TEXT.length / 2) + 'version: '.length;
    const edited = `${TEXT.slice(0, at)}x${TEXT.slice(at)}`;
    assert.deepEqual(doc.analyze(edited, OPTS).findings, analyzeFull(edited, OPTS).findings);
    assert.ok(doc.kept.components >= result.model!.components.length - 1, `${doc.kept.components} models kept from the document's version`);
  });
});
