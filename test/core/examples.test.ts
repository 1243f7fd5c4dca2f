/**
 * Every bundled example against its expected findings, which were derived by hand from
 * FORMAT.md (see examples/derivations/): the engine is checked against an independent oracle.
 * The outage library (examples/outages/) is checked the same way, and each outage's header
 * must be true: the findings it says the design should have raised are raised.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, Finding, LineIndex, RULE_IDS } from '../../src/core';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/repo';

interface Expected {
  today: string;
  findings: { rule: string; component: string | null; line: number; scenario: { threat: string; value: string } | null; accepted: boolean }[];
}

const DESIGN = /\.redundancy\.ya?ml$/;
const key = (f: Expected['findings'][number]) => `${String(f.line).padStart(4, '0')} ${f.rule} ${f.component ?? ''} ${f.scenario?.threat ?? ''} ${f.scenario?.value ?? ''}`;
const expectedOf = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file.replace(DESIGN, '.expected.json')), 'utf8')) as Expected;

/** One test per design in `dir` (not its subfolders): the engine's findings equal the hand-derived ones. */
function checkFolder(dir: string, atLeast: number): string[] {
  const files = fs.readdirSync(dir).filter((f) => DESIGN.test(f));
  test(`at least ${atLeast} designs, each with expected findings`, () => {
    assert.ok(files.length >= atLeast, `${files.length} designs`);
    for (const f of files) assert.ok(fs.existsSync(path.join(dir, f.replace(DESIGN, '.expected.json'))), f);
  });
  for (const file of files) {
    test(file, () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const expected = expectedOf(dir, file);
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
  return files;
}

describe('examples', () => {
  checkFolder(path.join(repoRoot(), 'examples'), 6);
});

/**
 * The claims of an outage header's "What this design should have said." paragraph: each
 * `<rule id> on <name>[, <name>…][ and <name>]`, where a name is one of `known` (the
 * design's components and shared items); the list ends at the first word that is not.
 */
export function headerClaims(text: string, known: ReadonlySet<string>): { rule: string; names: string[] }[] {
  const lines = text.split(/\r?\n/);
  const end = lines.findIndex((l) => !l.startsWith('#'));
  const header = lines
    .slice(0, end === -1 ? lines.length : end)
    .map((l) => l.replace(/^#\s?/, ''))
    .join(' ');
  const said = header.split('What this design should have said.')[1];
  if (said === undefined) return [];
  // Paragraphs are separated by an empty comment line (two spaces once joined); stop at the fix.
  const paragraph = said.split(/\s{2,}|Fix:/)[0];
  const claims: { rule: string; names: string[] }[] = [];
  const pattern = /\b([a-z]+(?:-[a-z]+)+) on ([a-z0-9][a-z0-9-]*(?:(?:, | and )[a-z0-9][a-z0-9-]*)*)/g;
  for (const m of paragraph.matchAll(pattern)) {
    if (!(RULE_IDS as readonly string[]).includes(m[1])) continue;
    const names: string[] = [];
    for (const name of m[2].split(/, | and /)) {
      if (!known.has(name)) break;
      names.push(name);
    }
    if (names.length) claims.push({ rule: m[1], names });
  }
  return claims;
}

/** The component and shared ids of a design, for headerClaims. */
function idsOf(text: string): Set<string> {
  const doc = parse(text) as { components?: object; shared?: object };
  return new Set([...Object.keys(doc.components ?? {}), ...Object.keys(doc.shared ?? {})]);
}

const names = (f: Finding) => (f.rule === 'shared-push' ? (f.scenario?.value ?? null) : f.component);

describe('the outage library', () => {
  const dir = path.join(repoRoot(), 'examples', 'outages');
  const files = checkFolder(dir, 10);

  for (const file of files) {
    test(`${file}: its header says which findings it raises, and they are raised`, () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.match(text, /^# .+\n(?:# .+\n)*#\n# The incident\. /, 'the header starts with a title, then tells the incident');
      assert.match(text, /\n# Why redundancy did not help\. /);
      const claims = headerClaims(text, idsOf(text));
      assert.ok(claims.length >= 1, 'the header names at least one finding as "<rule> on <name>"');
      const findings = analyze(text, { today: expectedOf(dir, file).today }).findings;
      for (const claim of claims) {
        for (const name of claim.names) {
          assert.ok(
            findings.some((f) => f.rule === claim.rule && names(f) === name && !f.accepted),
            `${claim.rule} on ${name}, as the header says; found: ${findings.map((f) => `${f.rule}/${names(f)}`).join(', ')}`,
          );
        }
      }
      // What the library is for: a shared cause (or, where the header says so, a poison pill in a replication stream).
      const headline = claims[0].rule;
      assert.ok(['shared-push', 'version-monoculture', 'poison-pill-halts-all'].includes(headline), `the first finding the header names is a shared cause, not ${headline}`);
      assert.ok(findings.some((f) => f.rule === headline));
    });
  }

  test('the header parser finds what a header says and nothing else', () => {
    const text = [
      '# t',
      '#',
      '# The incident. untolerated-exposure on web is not a claim here.',
      '#',
      '# What this design should have said. shared-push on edge-rules (bad-config), then',
      '# version-monoculture on web, api and worker, whose replicas all run one version;',
      '# not single-replica (no "on"), and domain-concentration on nothing known.',
      '# Fix: shared-push on web.',
      'redundancy: 1',
      '# dependency-bottleneck on web: not the header',
    ].join('\n');
    assert.deepEqual(headerClaims(text, new Set(['edge-rules', 'web', 'api', 'worker'])), [
      { rule: 'shared-push', names: ['edge-rules'] },
      { rule: 'version-monoculture', names: ['web', 'api', 'worker'] },
    ]);
  });

  test('the docs list every outage design and link the library', () => {
    const root = repoRoot();
    const read = (...p: string[]) => fs.readFileSync(path.join(root, ...p), 'utf8');
    const listing = read('examples', 'README.md');
    for (const file of files) assert.ok(listing.includes(`outages/${file}`), `examples/README.md lists ${file}`);
    assert.match(read('README.md'), /## A library of public outages[\s\S]*\]\(examples\/outages\/\)/);
    const threatModel = read('docs', 'threat-model.md');
    // An absolute link: the page is also shown inside the packaged extension, which holds no examples.
    assert.ok(threatModel.includes('](https://github.com/redundancy-lens/redundancy-lens/tree/main/examples/outages)'), 'docs/threat-model.md links the library');
    // docs/rules/version-monoculture.md and the headers point at this section by name.
    assert.match(threatModel, /^## What the format cannot express yet$/m);
    assert.match(threatModel, /\*\*A replica-level choice of shared items\.\*\*/);
    for (const file of files) assert.ok(fs.existsSync(path.join(root, 'examples', 'derivations', 'outages', file.replace(DESIGN, '.md'))), `a derivation for ${file}`);
  });

  test('most of the library is about shared items: at least 8 designs raise shared-push', () => {
    const withPush = files.filter((file) => expectedOf(dir, file).findings.some((f) => f.rule === 'shared-push'));
    assert.ok(withPush.length >= 8, withPush.join(', '));
  });
});
