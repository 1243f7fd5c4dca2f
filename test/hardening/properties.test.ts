/**
 * Property-based tests over generated valid designs (fast-check, fixed seed, bounded runs):
 * what must hold for every design, not just for the examples.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import fc from 'fast-check';
import { analyze, analyzeFull, applyEdits, computeFixes } from '../../src/core';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { renameEdits } from '../../src/core/navigation';
import { generateDesign } from '../../bench/generate';
import { designArb, designSpecArb, renderDesign, styleArb } from './arbitraries';
import { assertCommentsKept, assertFixSound, assertModelRangesOrdered, assertRangesInside, internalError, OPTS, projection, TODAY } from './checks';
import { makeTempDir, removeTempDir, repoRoot, runCli, writeFiles } from '../helpers/repo';

/** One seed for the whole file: a failure is reproducible from its printed counterexample. */
const SEED = 20261126;
const params = (numRuns: number) => ({ seed: SEED, numRuns, includeErrorInReport: true });

describe('properties of the analysis over generated designs', () => {
  test('generated designs are valid: no syntax, schema or reference errors (the generator is honest)', () => {
    fc.assert(
      fc.property(designArb, ({ text }) => {
        const bad = analyze(text, OPTS).findings.filter((f) => f.rule === 'yaml-syntax' || f.rule === 'schema' || f.rule === 'unknown-reference');
        assert.deepEqual(
          bad.map((f) => f.message),
          [],
        );
      }),
      params(150),
    );
  });

  test('the analysis is deterministic and never reports an internal error', () => {
    fc.assert(
      fc.property(designArb, ({ text }) => {
        const a = analyze(text, OPTS);
        assert.equal(internalError(a), null);
        assert.deepEqual(analyze(text, OPTS), a);
        assert.deepEqual(analyzeFull(text, OPTS), a, 'the chunked parse agrees with a full parse');
        assert.deepEqual(new IncrementalAnalyzer().analyze(text, OPTS), a, 'the incremental path agrees on a fresh document');
      }),
      params(120),
    );
  });

  test('findings, matrix and scenarios do not depend on key order, indentation, comments, line endings or flow/block style', () => {
    fc.assert(
      fc.property(designSpecArb, styleArb, styleArb, (spec, s1, s2) => {
        const a = renderDesign(spec, s1);
        const b = renderDesign(spec, s2);
        assert.deepEqual(projection(analyze(b, OPTS)), projection(analyze(a, OPTS)));
      }),
      params(150),
    );
  });

  test('key order alone: same layout, two shuffles of every map', () => {
    fc.assert(
      fc.property(designSpecArb, styleArb, fc.integer({ min: 1, max: 2 ** 30 }), (spec, style, seed) => {
        const a = renderDesign(spec, { ...style, keyOrderSeed: 0 });
        const b = renderDesign(spec, { ...style, keyOrderSeed: seed });
        assert.deepEqual(projection(analyze(b, OPTS)), projection(analyze(a, OPTS)));
      }),
      params(100),
    );
  });

  test('every range (findings, related locations, model) lies inside the document', () => {
    fc.assert(
      fc.property(designArb, ({ text }) => {
        const result = analyze(text, OPTS);
        assertRangesInside(text, result);
        assertModelRangesOrdered(text, result);
      }),
      params(150),
    );
  });

  test('every fix of every finding, applied, parses, passes the schema, removes its finding and changes nothing else', () => {
    let fixesChecked = 0;
    fc.assert(
      fc.property(designArb, ({ text, style }) => {
        for (const finding of analyze(text, OPTS).findings) {
          if (finding.accepted) continue;
          const fixes = computeFixes(text, finding.data.key, OPTS);
          if (finding.severity === 'warning') {
            assert.ok(
              fixes.some((f) => f.kind === 'accept'),
              `${finding.rule}/${finding.component}: a warning can always be accepted`,
            );
          }
          for (const fix of fixes) {
            assertFixSound(text, finding, fix, { indentUnit: style.indent });
            fixesChecked++;
          }
        }
      }),
      params(30),
    );
    assert.ok(fixesChecked > 100, `enough fixes exercised (${fixesChecked})`);
  });

  test('incremental analysis equals a full analysis after every step of random edits', () => {
    const snippet = fc.constantFrom(
      'x',
      ' ',
      '\n',
      '  ',
      ':',
      '- ',
      '#',
      '"',
      '{',
      '}',
      '[',
      ']',
      ',',
      '\t',
      '\r\n',
      '    kind: log\n',
      '  extra:\n    kind: store\n    replicas: [{}]\n',
      'count: 3',
      '&a ',
      '*a',
      '---\n',
    );
    const edit = fc.record({
      at: fc.nat(),
      len: fc.integer({ min: 0, max: 12 }),
      insert: fc.oneof(snippet, fc.string({ maxLength: 4 })),
      op: fc.constantFrom('replace', 'deleteLine', 'duplicateLine', 'restore'),
    });
    fc.assert(
      fc.property(designArb, fc.array(edit, { minLength: 1, maxLength: 14 }), ({ text: original }, edits) => {
        const inc = new IncrementalAnalyzer();
        let text = original;
        assert.deepEqual(inc.analyze(text, OPTS), analyzeFull(text, OPTS), 'initial');
        edits.forEach((e, step) => {
          const at = text.length ? e.at % text.length : 0;
          const lineStart = text.lastIndexOf('\n', at - 1) + 1;
          const nl = text.indexOf('\n', at);
          const lineEnd = nl === -1 ? text.length : nl + 1;
          if (e.op === 'replace') text = text.slice(0, at) + e.insert + text.slice(at + e.len);
          else if (e.op === 'deleteLine') text = text.slice(0, lineStart) + text.slice(lineEnd);
          else if (e.op === 'duplicateLine') text = text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
          else text = original;
          assert.deepEqual(inc.analyze(text, OPTS), analyzeFull(text, OPTS), `step ${step + 1} (${e.op}) on ${JSON.stringify(text)}`);
        });
      }),
      params(40),
    );
  });

  test('incremental analysis equals a full analysis after every step of edits that change what fails', () => {
    // Edits to placement, versions, counts, quorum, policies, kinds and dependencies, plus lines
    // added or removed (which move every later component): the kinds of change that decide
    // which scenarios and findings the incremental analysis may keep from the last version.
    const tweaks: { pattern: RegExp; values: string[] }[] = [
      { pattern: /\b(re|zo|ra|ho)-[a-d]\b/g, values: ['re-a', 're-b', 'zo-a', 'zo-c', 'ra-a', 'ra-d', 'ho-b', 'ho-c'] },
      { pattern: /(?<=version: )[^,}\s]+/g, values: ['7', 'app@1.1.0', 'app@2.0.0', 'log@3'] },
      { pattern: /(?<=count: )\d+/g, values: ['1', '2', '3', '5'] },
      { pattern: /(?<=quorum: )\S+/g, values: ['1', '2', 'all', 'majority'] },
      { pattern: /(?<=onPoisonPill: )\S+/g, values: ['stop', 'skip', 'dead-letter'] },
      // A placement taken away: the level becomes unknown for the component and its dependents.
      { pattern: /, (?:region|zone|rack|host): [\w-]+/g, values: [''] },
      { pattern: /(?<=kind: )\S+/g, values: ['stateless', 'log', 'store', 'state-machine', 'primary-backup'] },
      { pattern: /(?<=strategy: )\S+/g, values: ['canary', 'all-at-once', 'rolling', 'waves'] },
      { pattern: /(?<=\n      - )[\w-]+(?=\s*\n)/g, values: ['ws', 'l87', 'host', 'zone', 'rack', 'poison-pill'] },
      // Shared causes: what an item is, its layer and version, and who uses it (design-wide).
      { pattern: /(?<=type: )\S+/g, values: ['software', 'config'] },
      { pattern: /(?<=layer: )\S+/g, values: ['os', 'kernel', 'flags'] },
      { pattern: /(?<=uses: \[)[^\]]*/g, values: ['', 'base-image', 'edge-rules, sec-agent', 'flags-pipeline, base-image'] },
      { pattern: /\b(base-image|edge-rules|sec-agent|flags-pipeline)\b/g, values: ['base-image', 'edge-rules', 'sec-agent', 'flags-pipeline'] },
      { pattern: /(?<=version: )(ubuntu-22\.04|kernel@6\.1)/g, values: ['ubuntu-24.04', 'app@1.0.0', 'kernel@6.1'] },
    ];
    const edit = fc.record({ tweak: fc.nat(), which: fc.nat(), value: fc.nat(), op: fc.constantFrom('tweak', 'tweak', 'tweak', 'insertLine', 'deleteLine'), at: fc.nat() });
    fc.assert(
      fc.property(designArb, fc.array(edit, { minLength: 1, maxLength: 10 }), ({ text: original }, edits) => {
        const inc = new IncrementalAnalyzer();
        let text = original;
        assert.deepEqual(inc.analyze(text, OPTS), analyzeFull(text, OPTS), 'initial');
        edits.forEach((e, step) => {
          if (e.op === 'tweak') {
            const t = tweaks[e.tweak % tweaks.length];
            const hits = [...text.matchAll(t.pattern)];
            if (hits.length === 0) return;
            const hit = hits[e.which % hits.length];
            text = text.slice(0, hit.index) + t.values[e.value % t.values.length] + text.slice(hit.index! + hit[0].length);
          } else {
            const lines = text.split('\n');
            const i = e.at % lines.length;
            if (e.op === 'insertLine') lines.splice(i, 0, lines[i].replace(/\S.*$/, '# an added comment'));
            else if (!/^\S/.test(lines[i])) lines.splice(i, 1);
            text = lines.join('\n');
          }
          assert.deepEqual(inc.analyze(text, OPTS), analyzeFull(text, OPTS), `step ${step + 1} (${e.op}) on ${JSON.stringify(text)}`);
        });
      }),
      params(60),
    );
  });

  test('incremental analysis equals a full analysis after insertions and deletions on large designs', () => {
    // Models and parsed chunks are reused wherever an edit moved them: every later component
    // moves by the edit's length, and may land where another chunk sat before.
    const edit = fc.record({
      at: fc.nat(),
      op: fc.constantFrom('insertChar', 'deleteChar', 'insertLine', 'deleteLine', 'undo'),
      char: fc.constantFrom('x', '7', ' ', '#', ':', '\n'),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(edit, { minLength: 1, maxLength: 5 }), (seed, edits) => {
        const original = generateDesign(1500, seed);
        const inc = new IncrementalAnalyzer();
        let text = original;
        let last = text;
        assert.deepEqual(inc.analyze(text, OPTS), analyzeFull(text, OPTS), 'initial');
        edits.forEach((e, step) => {
          const at = e.at % text.length;
          const lineStart = text.lastIndexOf('\n', at - 1) + 1;
          const nl = text.indexOf('\n', at);
          const lineEnd = nl === -1 ? text.length : nl + 1;
          const previous = text;
          if (e.op === 'insertChar') text = text.slice(0, at) + e.char + text.slice(at);
          else if (e.op === 'deleteChar') text = text.slice(0, at) + text.slice(at + 1);
          else if (e.op === 'insertLine') text = text.slice(0, lineStart) + text.slice(lineStart, lineEnd) + text.slice(lineStart);
          else if (e.op === 'deleteLine') text = text.slice(0, lineStart) + text.slice(lineEnd);
          else text = last;
          last = previous;
          assert.deepEqual(inc.analyze(text, OPTS), analyzeFull(text, OPTS), `seed ${seed}, step ${step + 1} (${e.op} at ${at})`);
        });
      }),
      params(8),
    );
  });

  test('rename a -> b then b -> a gives the original text, and keeps every comment', () => {
    let renamed = 0;
    fc.assert(
      fc.property(designArb, fc.nat(), ({ text }, pick) => {
        const model = analyze(text, OPTS).model!;
        const component = model.components[pick % model.components.length];
        const fresh = `renamed-${component.id.length}x`;
        const there = renameEdits(text, component.range.start + 1, fresh);
        assert.ok('edits' in there, `rename ${component.id} -> ${fresh}: ${'error' in there ? there.error : ''}`);
        const mid = applyEdits(text, there.edits);
        assertCommentsKept(text, mid, `rename ${component.id} -> ${fresh}`);
        const moved = analyze(mid, OPTS);
        assert.deepEqual(
          moved.findings.filter((f) => f.rule === 'unknown-reference'),
          [],
          'every reference followed the rename',
        );
        const key = moved.model!.components.find((c) => c.id === fresh);
        assert.ok(key, `${fresh} exists after the rename`);
        const back = renameEdits(mid, key.range.start + 1, component.id);
        assert.ok('edits' in back, `rename ${fresh} -> ${component.id}: ${'error' in back ? back.error : ''}`);
        assert.equal(applyEdits(mid, back.edits), text);
        renamed++;
      }),
      params(60),
    );
    assert.ok(renamed >= 60);
  });
});

describe('the CLI JSON output validates against schemas/cli-output.schema.json', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'schemas', 'cli-output.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  const explain = () => ajv.errorsText(validate.errors);
  let dir = '';
  before(() => {
    dir = makeTempDir('redundancy-lens-hardening-');
  });
  after(() => removeTempDir(dir));

  test('the schema can fail: it rejects outputs that break CLI.md', () => {
    const finding = {
      rule: 'single-replica',
      severity: 'warning',
      component: 'db',
      message: 'm',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } },
      scenario: null,
      accepted: false,
    };
    assert.ok(validate({ files: [{ file: 'a.redundancy.yaml', findings: [finding] }] }), explain());
    const broken: unknown[] = [
      {},
      { files: [{ file: 'a', findings: [{ ...finding, severity: 'fatal' }] }] },
      { files: [{ file: 'a', findings: [{ ...finding, rule: 'no-such-rule' }] }] },
      { files: [{ file: 'a', findings: [{ ...finding, extra: 1 }] }] },
      { files: [{ file: 'a', findings: [{ ...finding, accepted: undefined }] }] },
      { files: [{ file: 'a', findings: [{ ...finding, range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } }] }] },
      { files: [{ file: 'a', findings: [{ ...finding, scenario: { threat: 'zone' } }] }] },
      { files: [{ findings: [] }] },
    ];
    for (const b of broken) assert.equal(validate(JSON.parse(JSON.stringify(b))), false, JSON.stringify(b));
  });

  test('generated designs, a broken file, CRLF and BOM files: the JSON validates and agrees with the core', async () => {
    const samples = fc.sample(designArb, { seed: SEED, numRuns: 6 });
    const files: Record<string, string> = {};
    samples.forEach((d, i) => (files[`gen-${i}.redundancy.yaml`] = d.text));
    files['broken.redundancy.yaml'] = 'redundancy: 1\nsystem: [oops\ncomponents:\n\t- : :\n';
    files['bom.redundancy.yml'] = '\uFEFF' + samples[0].text;
    files['empty.redundancy.yaml'] = '';
    writeFiles(dir, files);
    const run = await runCli(['check', dir, '--format', 'json', '--fail-on', 'never'], { env: { REDUNDANCY_LENS_TODAY: TODAY } });
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { files: { file: string; findings: { rule: string; component: string | null }[] }[] };
    assert.ok(validate(out), explain());
    assert.equal(out.files.length, Object.keys(files).length);
    for (const f of out.files) {
      const name = path.basename(f.file);
      const expected = analyze(files[name].replace(/^\uFEFF/, ''), OPTS).findings.map((x) => `${x.rule}/${x.component}`);
      assert.deepEqual(
        f.findings.map((x) => `${x.rule}/${x.component}`),
        expected,
        `${name}: the JSON lists the core's findings in rank order`,
      );
    }
  });

  test('every example validates', async () => {
    const run = await runCli(['check', 'examples', '--format', 'json', '--fail-on', 'never'], { env: { REDUNDANCY_LENS_TODAY: TODAY } });
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { files: unknown[] };
    assert.ok(out.files.length >= 5);
    assert.ok(validate(out), explain());
  });
});
