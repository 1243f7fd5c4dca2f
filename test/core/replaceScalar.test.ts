/**
 * One `replaceScalar` (src/core/edits.ts) for the quick fixes and the schema fixes of
 * validate.ts, one `plural` (messages.ts) and one "today" (dates.ts). The edit keeps the
 * scalar's quoting, puts a space after a bare colon and turns a block scalar into one line
 * without eating the line breaks or the header's comment after it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, isScalar, parseDocument, type Scalar } from 'yaml';
import { addDays, todayUtc } from '../../src/core/dates';
import { replaceScalar } from '../../src/core/edits';
import { plural } from '../../src/core/messages';
import { parseDesign } from '../../src/core/parse';
import type { Fix, TextEdit } from '../../src/core/types';
import { validateDesign } from '../../src/core/validate';

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** `text` with the value of its first key `key` replaced by `value`. */
function replaced(text: string, key: string, value: string | number): string {
  const doc = parseDocument(text);
  assert.ok(isMap(doc.contents));
  const node = doc.contents.get(key, true);
  assert.ok(isScalar(node), `${key} is a scalar`);
  return apply(text, [replaceScalar(text, node as Scalar, value)]);
}

describe('replaceScalar', () => {
  it('keeps plain, double- and single-quoted styles, quoting a value that needs it', () => {
    assert.equal(replaced('kind: stateles # typo\nnext: 1\n', 'kind', 'stateless'), 'kind: stateless # typo\nnext: 1\n');
    assert.equal(replaced('kind: "stateles"\n', 'kind', 'say "hi"'), 'kind: "say \\"hi\\""\n');
    assert.equal(replaced("kind: 'stateles'\n", 'kind', "it's"), "kind: 'it''s'\n");
    assert.equal(replaced('kind: x\n', 'kind', 'yes'), 'kind: "yes"\n');
    assert.equal(replaced('count: "2"\n', 'count', 3), 'count: 3\n');
  });

  it('puts a space after a bare colon, none after a colon and a space', () => {
    assert.equal(replaced('kind:\nnext: 1\n', 'kind', 'store'), 'kind: store\nnext: 1\n');
    assert.equal(replaced('kind: \nnext: 1\n', 'kind', 'store'), 'kind: store\nnext: 1\n');
  });

  it('turns a block scalar into one line, keeping the header comment and the line breaks after it', () => {
    assert.equal(replaced('kind: |\n  stateles\nnext: 1\n', 'kind', 'stateless'), 'kind: stateless\nnext: 1\n');
    assert.equal(replaced('kind: >-  # why\n  state\n  les\n\nnext: 1\n', 'kind', 'stateless'), 'kind: stateless  # why\n\nnext: 1\n');
    assert.equal(replaced('kind: |+\r\n  stateles\r\n\r\nnext: 1\r\n', 'kind', 'stateless'), 'kind: stateless\r\n\r\nnext: 1\r\n');
  });
});

describe('validate.ts uses the same edit for its schema fixes', () => {
  const design = (kind: string) => `redundancy: 1\nsystem: s\ncomponents:\n  ledger:\n    kind: ${kind}\n    replicas: [{ host: h1 }]\n`;
  const enumFix = (text: string): Fix => {
    const [p, ...rest] = validateDesign(parseDesign(text));
    assert.deepEqual(rest, [], 'one problem');
    assert.equal(p.fixes[0].title, "Change to 'stateless'");
    return p.fixes[0];
  };

  it('fixes an enum value written as a block scalar (it offered nothing before) and the result validates', () => {
    const text = design('|  # which kind?\n      stateles\n');
    const fixed = apply(text, enumFix(text).edits);
    assert.equal(fixed, design('stateless  # which kind?\n'));
    assert.deepEqual(validateDesign(parseDesign(fixed)), []);
  });

  it('fixes an empty value with a space after the colon, and a quoted key keeps its quotes', () => {
    const text = design('').replace('kind: ', 'kind:');
    assert.match(text, /kind:\n/);
    assert.equal(apply(text, validateDesign(parseDesign(text))[0].fixes.find((f) => f.title === "Change to 'stateless'")!.edits), design('stateless'));
    const key = design('log').replace('replicas:', '"replica":');
    const rename = validateDesign(parseDesign(key))
      .flatMap((p) => p.fixes)
      .find((f) => f.title === "Rename 'replica' to 'replicas'");
    assert.ok(rename, 'a rename fix');
    assert.equal(apply(key, rename.edits), design('log').replace('replicas:', '"replicas":'));
  });
});

describe('one plural, one today', () => {
  it('plural counts one and many, with an irregular plural when given', () => {
    assert.deepEqual([plural(1, 'replica'), plural(0, 'replica'), plural(2, 'accepted risk'), plural(3, 'analysis', 'analyses')], ['1 replica', '0 replicas', '2 accepted risks', '3 analyses']);
  });

  it('today is the UTC date, whatever the local time zone says', () => {
    assert.equal(todayUtc(new Date('2026-12-03T23:30:00-05:00')), '2026-12-04');
    assert.match(todayUtc(), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(todayUtc(), new Date().toISOString().slice(0, 10));
  });

  it('adds calendar days across months, years and leap days', () => {
    assert.deepEqual([addDays('2026-12-31', 1), addDays('2028-02-28', 1), addDays('2027-02-28', 1), addDays('2026-01-01', 180)], ['2027-01-01', '2028-02-29', '2027-03-01', '2026-06-30']);
  });
});
