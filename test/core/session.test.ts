/**
 * The per-document session: read-only snapshots, one per version, and quick fixes proven
 * from a snapshot — on a fork that starts from it, so a code action analyses only its
 * candidates' edits and leaves the session as it was.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFull } from '../../src/core/analyze';
import { todayUtc } from '../../src/core/dates';
import { computeFixes } from '../../src/core/fixes';
import { DesignSession } from '../../src/core/session';
import { generateDesign } from '../../bench/generate';

const OPTS = { today: '2026-12-03' };
const TEXT = generateDesign(3000);
/** `insert` after the first `marker` from the middle of the text on (from `from`). */
const edit = (text: string, marker: string, insert: string, from = text.length / 2) => {
  const found = text.indexOf(marker, from);
  assert.ok(found !== -1, marker);
  const at = found + marker.length;
  return `${text.slice(0, at)}${insert}${text.slice(at)}`;
};

describe('a design session', () => {
  test('hands out one frozen snapshot per version; an older snapshot is not changed by newer ones', () => {
    const session = new DesignSession();
    const first = session.update(TEXT, OPTS);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.options) && Object.isFrozen(first.kept));
    assert.equal(session.update(TEXT, OPTS), first, 'the same text and options: the same snapshot');
    assert.notEqual(session.update(TEXT, { today: '2026-12-04' }), first, 'another day is another version');
    const before = JSON.stringify(first.result);
    const edited = edit(TEXT, 'version: ', 'x');
    const second = session.update(edited, OPTS);
    assert.equal(session.snapshot, second);
    assert.equal(first.text, TEXT);
    assert.equal(JSON.stringify(first.result), before, "the first version's result as it was handed out");
    assert.deepEqual(second.result.findings, analyzeFull(edited, OPTS).findings);
    assert.ok(second.kept.components >= second.result.model!.components.length - 1, `${second.kept.components} models kept`);
  });

  test('a version analysed without a day is pinned to the day it was analysed for (acceptances expire at midnight)', () => {
    const session = new DesignSession();
    const text = 'redundancy: 1\ncomponents:\n  a:\n    kind: stateless\n    replicas:\n      - { host: h1, version: v1, config: c }\n';
    const snapshot = session.update(text);
    assert.equal(snapshot.options.today, todayUtc());
    assert.equal(session.update(text), snapshot, 'the same day: the same snapshot');
    assert.notEqual(session.update(text, { today: '2000-01-01' }), snapshot);
  });

  test('fixes from a snapshot are the fixes of a fresh analysis, and no proof re-analyses the document', () => {
    const session = new DesignSession();
    const snapshot = session.update(TEXT, OPTS);
    const n = snapshot.result.model!.components.length;
    const rules = new Set<string>();
    const findings = snapshot.result.findings.filter((f) => f.severity === 'warning' && !rules.has(f.rule) && rules.add(f.rule));
    assert.ok(findings.length >= 3, findings.map((f) => f.rule).join(', '));
    const fixer = session.fixer()!;
    for (const f of findings) assert.deepEqual(fixer.fixes(f.data.key), computeFixes(TEXT, f.data.key, OPTS), f.rule);
    // A proof per candidate; each rebuilds the few components its edit touched (a fresh
    // analyzer would rebuild all n, and the first analysis of the text would be one more).
    assert.ok(fixer.proofs.length >= findings.length, `${fixer.proofs.length} proofs`);
    for (const p of fixer.proofs) {
      assert.ok(p.parsed <= 2, `a proof parsed ${p.parsed} chunks`);
      assert.ok(p.rebuilt <= 2, `a proof rebuilt ${p.rebuilt} of ${n} component models`);
    }
    // The session continues from its own version, not from a candidate's.
    assert.equal(session.snapshot, snapshot);
    const next = session.update(edit(TEXT, 'version: ', 'y'), OPTS);
    assert.ok(next.kept.components >= n - 1, `${next.kept.components} of ${n} models kept from the document's version`);
  });

  test('an insertion in the middle keeps every component model it did not touch', () => {
    const session = new DesignSession();
    const n = session.update(TEXT, OPTS).result.model!.components.length;
    const next = session.update(edit(TEXT, 'version: ', 'z'), OPTS);
    assert.equal(next.kept.components, n - 1);
    const shifted = session.update(`# a line above everything\n${next.text}`, OPTS);
    assert.equal(shifted.kept.components, n, 'a line inserted at the top moves every component and keeps them all');
    assert.deepEqual(shifted.result.findings, analyzeFull(shifted.text, OPTS).findings);
  });
});
