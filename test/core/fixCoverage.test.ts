/**
 * FORMAT.md: "Every warning has at least one quick fix that edits the file (and keeps its
 * comments and layout) and one that records an `accepted` entry." Checked on every design the
 * repository holds: the examples (outages and the Kubernetes imports' expected designs
 * included), the design blocks of the Markdown examples (also through the Markdown file),
 * every design file under test/, and the designs the docs show.
 *
 * One documented exception, listed by name below: a `version-monoculture` whose version is a
 * shared item's (every replica of the component runs the item, so no edit of the component
 * gives some replicas another build; docs/rules/version-monoculture.md and
 * docs/threat-model.md, "What the format cannot express yet").
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, AnalysisResult, applyEdits, computeFixes, computeMarkdownFixes, findDesignBlocks, Finding, Fix } from '../../src/core';
import { Parser } from 'yaml';
import { assertUntouchedOutsideEdits } from '../hardening/checks';
import { repoRoot } from '../helpers/repo';

const TODAY = '2026-11-26';
/** Larger designs (generated ones) would make this test slow; none of the repository's is near it. */
const MAX_CHARS = 200_000;

interface Design {
  name: string;
  text: string;
  today: string;
  /** A design block of a Markdown file: the file and the block's index. */
  markdown?: { text: string; block: number };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') walk(p, out);
    } else out.push(p);
  }
  return out;
}

/** The `today` an example's expected findings were derived for, else the tests' own. */
function todayOf(file: string): string {
  const expected = file.replace(/\.redundancy\.ya?ml$|\.md$/, '.expected.json');
  if (expected !== file && fs.existsSync(expected)) {
    const today = (JSON.parse(fs.readFileSync(expected, 'utf8')) as { today?: unknown }).today;
    if (typeof today === 'string') return today;
  }
  return TODAY;
}

function allDesigns(): { designs: Design[]; skipped: string[] } {
  const root = repoRoot();
  const designs: Design[] = [];
  const skipped: string[] = [];
  const files = [...walk(path.join(root, 'examples')), ...walk(path.join(root, 'test'))].sort();
  for (const file of files) {
    const name = path.relative(root, file).split(path.sep).join('/');
    const isDesign = /\.redundancy\.ya?ml$/.test(file);
    const isMarkdownExample = /^examples\/[^/]+\.md$/.test(name);
    if (!isDesign && !isMarkdownExample) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > MAX_CHARS) {
      skipped.push(name);
      continue;
    }
    const today = todayOf(file);
    if (isDesign) designs.push({ name, text, today });
    else findDesignBlocks(text).forEach((b, i) => designs.push({ name: `${name} block ${i}`, text: b.text, today, markdown: { text, block: i } }));
  }
  // The designs the docs show (```yaml blocks with `redundancy: 1`; not those marked `# invalid`).
  for (const file of walk(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const name = path.relative(root, file).split(path.sep).join('/');
    docBlocks(fs.readFileSync(file, 'utf8')).forEach((b) => designs.push({ name: `${name}:${b.line}`, text: b.text, today: TODAY }));
  }
  return { designs, skipped };
}

/** Fenced ```yaml blocks of a Markdown page that are whole, valid designs, with the fence's line. */
function docBlocks(markdown: string): { line: number; text: string }[] {
  const lines = markdown.split(/\r?\n/);
  const out: { line: number; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^`{3,}\s*ya?ml\s*$/.test(lines[i])) continue;
    let j = i + 1;
    while (j < lines.length && !/^`{3,}\s*$/.test(lines[j])) j++;
    const body = lines.slice(i + 1, j);
    const text = body.join('\n') + '\n';
    if (/^redundancy:[ \t]*1\b/m.test(text) && !/^#\s*invalid\b/i.test(body[0] ?? '')) out.push({ line: i + 1, text });
    i = j;
  }
  return out;
}

/**
 * Every comment must survive a fix: whole comment lines as they are, and a trailing comment as
 * the text from the space before its `#` (a fix may change the value before it). Comments are
 * read from YAML's own tokens: a `#` inside a quoted scalar is not one.
 */
function commentLines(text: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const tok = node as { type?: unknown; offset?: unknown; source?: unknown };
      if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
        const lineStart = text.lastIndexOf('\n', tok.offset - 1) + 1;
        const before = text.slice(lineStart, tok.offset);
        out.push(before.trim() === '' ? before + tok.source : text[tok.offset - 1] + tok.source);
      } else Object.values(node).forEach(visit);
    }
  };
  for (const tok of new Parser().parse(text)) visit(tok);
  return out;
}

/** The same finding after an edit that may change its scenario's value (fixes.ts's identity). */
function same(a: Finding, b: Finding): boolean {
  if (a.rule !== b.rule || a.component !== b.component) return false;
  if (a.rule === 'accepted-risk-expired' || a.rule === 'poison-pill-data-loss') return a.message === b.message;
  if (a.rule === 'shared-push') return a.data.shared === b.data.shared;
  return (a.scenario?.threat ?? '') === (b.scenario?.threat ?? '');
}

/** A version-monoculture whose version no replica of the component runs: a shared item's. */
function isSharedVersion(result: AnalysisResult, f: Finding): boolean {
  if (f.rule !== 'version-monoculture' || !f.scenario) return false;
  const version = f.scenario.value;
  const comp = result.model?.components.find((c) => c.id === f.component);
  const shared = result.model?.shared.find((s) => s.version === version && s.usedBy.includes(f.component ?? ''));
  return Boolean(comp && shared && !comp.replicas.some((r) => r.version === version));
}

/** The exception, by name: design, component and the shared item's version. */
const SHARED_VERSION_EXCEPTIONS = [
  'examples/outages/azure-leap-day-2012.redundancy.yaml: api-role (guest-agent@2012.02)',
  'examples/outages/azure-leap-day-2012.redundancy.yaml: web-role (guest-agent@2012.02)',
  'examples/outages/azure-leap-day-2012.redundancy.yaml: worker-role (guest-agent@2012.02)',
  'examples/outages/leap-second-2012.redundancy.yaml: cassandra (linux@3.2.0-23)',
  'examples/outages/leap-second-2012.redundancy.yaml: search (linux@3.2.0-23)',
  'examples/outages/leap-second-2012.redundancy.yaml: web-app (linux@3.2.0-23)',
  'test/e2e/workspace/storefront.redundancy.yaml: api (ubuntu-22.04.4)',
  'test/e2e/workspace/storefront.redundancy.yaml: db (ubuntu-22.04.4)',
  'test/e2e/workspace/storefront.redundancy.yaml: edge (ubuntu-22.04.4)',
];

/** Applies a fix and checks, independently of computeFixes's own proof, what FORMAT.md promises of it. */
function checkFix(d: Design, before: AnalysisResult, finding: Finding, fix: Fix): void {
  const what = `${d.name}: ${finding.rule} on ${finding.component ?? finding.data.shared ?? 'the file'}: ${fix.title}`;
  const after = applyEdits(d.text, fix.edits);
  const result = analyze(after, { today: d.today });
  assert.equal(result.findings.filter((f) => f.rule === 'yaml-syntax').length, 0, `${what}: the result parses`);
  const schema = (r: AnalysisResult) => r.findings.filter((f) => f.rule === 'schema').length;
  assert.ok(schema(result) <= schema(before), `${what}: no new schema problem`);
  const still = result.findings.filter((f) => same(f, finding));
  if (fix.kind === 'design')
    assert.deepEqual(
      still.map((f) => f.message),
      [],
      `${what}: the finding is gone`,
    );
  else
    assert.ok(
      still.every((f) => f.accepted),
      `${what}: the finding is accepted`,
    );
  for (const line of commentLines(d.text)) assert.ok(after.includes(line), `${what}: comment kept: ${line.trim()}`);
  assertUntouchedOutsideEdits(d.text, after, fix.edits, what);
}

describe('every warning of every design has a design fix and an accept fix', () => {
  const { designs, skipped } = allDesigns();
  const exceptions: string[] = [];

  test('the designs are found', () => {
    assert.ok(designs.length >= 40, `${designs.length} designs`);
    for (const part of ['docs/rules/', 'examples/outages/', 'examples/kubernetes/', 'examples/design-doc.md block', 'test/e2e/workspace/', 'test/core/fixtures/fixes/']) {
      assert.ok(
        designs.some((d) => d.name.startsWith(part)),
        `designs under ${part}`,
      );
    }
    assert.deepEqual(skipped, [], 'no design of the repository is too large to check');
  });

  for (const d of designs) {
    test(d.name, () => {
      const result = analyze(d.text, { today: d.today });
      for (const f of result.findings) {
        if (f.severity !== 'warning' || f.accepted) continue;
        const who = `${d.name}: ${f.rule} on ${f.component ?? f.data.shared ?? 'the file'}`;
        const fixes = computeFixes(d.text, f.data.key, { today: d.today });
        const design = fixes.filter((x) => x.kind === 'design');
        assert.ok(
          fixes.some((x) => x.kind === 'accept'),
          `${who}: a fix that accepts the risk`,
        );
        if (isSharedVersion(result, f)) {
          assert.equal(design.length, 0, `${who}: the documented exception has no design fix; if it has one now, drop the exception`);
          exceptions.push(`${d.name}: ${f.component} (${f.scenario!.value})`);
        } else assert.ok(design.length >= 1, `${who}: a fix that edits the design`);
        assert.equal(fixes.filter((x) => x.isPreferred).length, design.length ? 1 : 0, `${who}: one preferred fix, a design fix`);
        if (design.length) assert.equal(fixes.filter((x) => x.kind !== 'schema')[0].kind, 'design', `${who}: design fixes come first`);
        for (const fix of fixes) checkFix(d, result, f, fix);
        if (d.markdown) {
          // Through the Markdown file: the same fixes, and each edits the block as it edits the design.
          const { text, block } = d.markdown;
          const inMarkdown = computeMarkdownFixes(text, block, f.data.key, { today: d.today });
          assert.deepEqual(
            inMarkdown.map((x) => x.title),
            fixes.map((x) => x.title),
            `${who}: the same fixes in the Markdown file`,
          );
          inMarkdown.forEach((x, i) => assert.equal(findDesignBlocks(applyEdits(text, x.edits))[block].text, applyEdits(d.text, fixes[i].edits), `${who}: ${x.title} in the Markdown file`));
        }
      }
    });
  }

  test('the one exception: version monocultures of a shared item, listed by name and documented', () => {
    assert.deepEqual([...exceptions].sort(), SHARED_VERSION_EXCEPTIONS);
    const doc = fs.readFileSync(path.join(repoRoot(), 'docs', 'rules', 'version-monoculture.md'), 'utf8');
    assert.match(doc, /only\s+quick fix is to accept/);
    const threatModel = fs.readFileSync(path.join(repoRoot(), 'docs', 'threat-model.md'), 'utf8');
    assert.match(threatModel, /A replica-level choice of shared items/);
  });
});
