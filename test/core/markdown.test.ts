/**
 * Design blocks inside Markdown: found by markdown-it as the preview finds them, analysed as
 * the design file with the same text would be, offsets mapped both ways, fixes that stay
 * inside their container, and an analysis that re-runs only the blocks an edit touched.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { analyze } from '../../src/core/analyze';
import { applyEdits } from '../../src/core/edits';
import { computeFixes } from '../../src/core/fixes';
import { IncrementalAnalyzer } from '../../src/core/incremental';
import { blockAt, computeMarkdownFixes, findDesignBlocks, MarkdownAnalyzer, toDesignOffset, toMarkdownOffset } from '../../src/core/markdown';

const TODAY = { today: '2026-11-26' };

export const DESIGN = `redundancy: 1
system: shop
components:
  web:
    kind: stateless
    replicas:
      - { host: w1, zone: z1, version: web@1, config: c }
      - { host: w2, zone: z2, version: web@1, config: c }
    dependsOn: [db]
  db:
    kind: primary-backup
    replicas:
      - { host: d1, zone: z1, version: pg@16, config: p }
`;

/** Prefix every line of `text` (the way a block quote or a list item carries it). */
const prefixed = (prefix: string, text: string) =>
  text
    .split('\n')
    .map((l, i, all) => (i === all.length - 1 && l === '' ? '' : prefix + l))
    .join('\n');

/** Containers a design block may sit in; each gives the Markdown and the block's container prefix. */
const CONTAINERS: { name: string; markdown: (design: string) => string }[] = [
  { name: 'top-level ```', markdown: (d) => `# Shop\n\nSome prose.\n\n\`\`\`redundancy\n${d}\`\`\`\n\nMore prose.\n` },
  { name: '~~~ with yaml redundancy', markdown: (d) => `Intro\n\n~~~yaml redundancy\n${d}~~~\n` },
  { name: 'longer fence holding ```', markdown: (d) => `\`\`\`\`redundancy\n# a \`\`\` inside\n${d}\`\`\`\`\n` },
  { name: 'indented fence', markdown: (d) => `Text\n\n   \`\`\`redundancy\n${prefixed('   ', d)}   \`\`\`\n` },
  { name: 'in a list item', markdown: (d) => `- first\n- design:\n\n  \`\`\`redundancy\n${prefixed('  ', d)}  \`\`\`\n- last\n` },
  { name: 'in a block quote', markdown: (d) => `> Quoted design:\n>\n> \`\`\`redundancy\n${prefixed('> ', d)}> \`\`\`\n` },
  { name: 'in a list in a block quote', markdown: (d) => `> 1. item\n>\n>    \`\`\`redundancy\n${prefixed('>    ', d)}>    \`\`\`\n` },
  { name: 'CRLF line endings', markdown: (d) => `Title\r\n\r\n\`\`\`redundancy\r\n${d.replace(/\n/g, '\r\n')}\`\`\`\r\n` },
  { name: 'unclosed at the end of the file', markdown: (d) => `Text\n\n\`\`\`redundancy\n${d}` },
];

describe('findDesignBlocks', () => {
  for (const c of CONTAINERS) {
    test(`${c.name}: the block's text is the design, every offset maps both ways`, () => {
      const design = c.name.startsWith('CRLF') ? DESIGN.replace(/\n/g, '\r\n') : DESIGN;
      const md = c.markdown(DESIGN);
      const blocks = findDesignBlocks(md);
      assert.equal(blocks.length, 1);
      const [b] = blocks;
      const expected = c.name.startsWith('longer') ? `# a \`\`\` inside\n${design}` : design;
      assert.equal(b.text, expected);
      // markdown-it's own content for the fence is the same text (line endings normalised).
      const fence = new MarkdownIt().parse(md, {}).find((t) => t.type === 'fence');
      assert.equal(fence?.content, expected.replace(/\r\n/g, '\n'));
      for (let o = 0; o <= b.text.length; o++) {
        const m = toMarkdownOffset(b, o);
        assert.equal(toDesignOffset(b, m), o, `offset ${o} round trip`);
        if (o < b.text.length) assert.equal(md[m], b.text[o], `character at ${o}`);
      }
      assert.equal(blockAt(blocks, b.content.start)?.index, 0);
      assert.equal(blockAt(blocks, 0), null, 'the prose before is no block');
    });
  }

  test('other fences, inline code and indented code are not designs', () => {
    const md = '```yaml\nredundancy: 1\n```\n\n```redundancyx\na: 1\n```\n\n`redundancy` inline\n\n    ```redundancy\n    indented code, not a fence\n    ```\n';
    assert.deepEqual(findDesignBlocks(md), []);
    assert.deepEqual(findDesignBlocks('# Just a document\n\nNo designs here.\n'), []);
  });

  test('several blocks are numbered in order; an empty block is a block', () => {
    const md = `\`\`\`redundancy\n${DESIGN}\`\`\`\n\ntext\n\n\`\`\`redundancy\n\`\`\`\n\n~~~ redundancy\n${DESIGN}~~~\n`;
    const blocks = findDesignBlocks(md);
    assert.deepEqual(
      blocks.map((b) => [b.index, b.text.length]),
      [
        [0, DESIGN.length],
        [1, 0],
        [2, DESIGN.length],
      ],
    );
    assert.equal(toMarkdownOffset(blocks[1], 0), md.indexOf('```\n\n~~~'));
  });
});

describe('MarkdownAnalyzer', () => {
  for (const c of CONTAINERS) {
    test(`${c.name}: findings are the design's, at the same text in the Markdown`, () => {
      const md = c.markdown(DESIGN);
      const [b] = findDesignBlocks(md);
      const analysis = new MarkdownAnalyzer(() => new IncrementalAnalyzer()).analyze(md, TODAY);
      const own = analyze(b.text, TODAY).findings;
      assert.ok(own.length > 0, 'the design has findings');
      assert.deepEqual(
        analysis.findings.map((f) => [f.rule, f.component, f.data.key, f.block]),
        own.map((f) => [f.rule, f.component, f.data.key, 0]),
      );
      analysis.findings.forEach((f, i) => {
        assert.equal(
          md.slice(f.range.start, f.range.end),
          b.text
            .slice(own[i].range.start, own[i].range.end)
            .split('\n')
            .join('\n' + b.prefix),
        );
      });
    });

    test(`${c.name}: every quick fix, applied to the Markdown, is the design's fix and stays in the block`, () => {
      const md = c.markdown(DESIGN);
      const [b] = findDesignBlocks(md);
      let checked = 0;
      for (const f of analyze(b.text, TODAY).findings) {
        const designFixes = computeFixes(b.text, f.data.key, TODAY);
        const mdFixes = computeMarkdownFixes(md, 0, f.data.key, TODAY);
        assert.equal(mdFixes.length, designFixes.length);
        mdFixes.forEach((fix, i) => {
          const after = applyEdits(md, fix.edits);
          const [nb] = findDesignBlocks(after);
          assert.equal(nb.text, applyEdits(b.text, designFixes[i].edits), `${fix.title}: the block holds the fixed design`);
          assert.equal(after.slice(0, nb.content.start), md.slice(0, b.content.start), 'the Markdown before the block is untouched');
          assert.equal(after.slice(nb.content.end), md.slice(b.content.end), 'the Markdown after the block is untouched');
          checked++;
        });
      }
      assert.ok(checked >= 3, `several fixes checked (${checked})`);
    });
  }

  test('an edit in the prose analyses no block; an edit in a block analyses that block only', () => {
    const second = DESIGN.replace('system: shop', 'system: other');
    const md = `# Doc\n\n\`\`\`redundancy\n${DESIGN}\`\`\`\n\nProse.\n\n\`\`\`redundancy\n${second}\`\`\`\n`;
    const analyzer = new MarkdownAnalyzer(() => new IncrementalAnalyzer());
    const first = analyzer.analyze(md, TODAY);
    assert.equal(analyzer.analysed, 2);

    const prose = analyzer.analyze(md.replace('Prose.', 'Prose, longer now, moving the second block.'), TODAY);
    assert.equal(analyzer.analysed, 0, 'no block analysed');
    assert.equal(prose.blocks[0].result, first.blocks[0].result, 'the first block keeps its result');
    assert.equal(prose.blocks[1].result, first.blocks[1].result, 'the second block keeps its result');
    assert.notDeepEqual(
      prose.findings.filter((f) => f.block === 1).map((f) => f.range),
      first.findings.filter((f) => f.block === 1).map((f) => f.range),
      'its findings moved with it',
    );

    const edited = analyzer.analyze(md.replace('system: other', 'system: other2'), TODAY);
    assert.equal(analyzer.analysed, 1, 'one block analysed');
    assert.equal(edited.blocks[0].result, first.blocks[0].result);
    assert.notEqual(edited.blocks[1].result, first.blocks[1].result);

    // A block inserted above: the others are found by their text and kept.
    const inserted = analyzer.analyze(`\`\`\`redundancy\nredundancy: 1\nsystem: new\ncomponents: {}\n\`\`\`\n` + md.replace('system: other', 'system: other2'), TODAY);
    assert.equal(analyzer.analysed, 1, 'only the new block analysed');
    assert.equal(inserted.blocks[1].result, first.blocks[0].result);
  });

  test('a Markdown file without a block gives nothing and runs no analysis', () => {
    const analyzer = new MarkdownAnalyzer(() => new IncrementalAnalyzer());
    assert.deepEqual(analyzer.analyze('# Title\n\n```yaml\na: 1\n```\n', TODAY), { blocks: [], findings: [] });
    assert.equal(analyzer.analysed, 0);
  });

  test('bounded: a 2 MB document of prose and fences is scanned in linear time', () => {
    const md = 'Some prose line with `code` and *emphasis*.\n\n```yaml\na: 1\n```\n\n'.repeat(25_000) + '```redundancy\n' + DESIGN + '```\n';
    const start = performance.now();
    const blocks = findDesignBlocks(md);
    const ms = performance.now() - start;
    assert.equal(blocks.length, 1);
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
  });
});

describe('findDesignBlocks on generated documents', () => {
  test("any container, fence and content: the text is markdown-it's content, offsets round-trip", async () => {
    const { default: fc } = await import('fast-check');
    const line = fc.stringMatching(/^[ a-z:\-{}[\],#>`~]{0,12}$/);
    const container = fc.constantFrom('', '> ', '>> ', '- ', '1. ', '  - ', '> - ', '   ');
    const fence = fc.constantFrom('```', '~~~', '````', '~~~~~');
    fc.assert(
      fc.property(container, fence, fc.array(line, { maxLength: 8 }), fc.boolean(), (c, f, lines, closed) => {
        // Continuation lines carry the container's prefix as CommonMark reads it (list markers become spaces).
        const cont = c.replace(/[-*+]|\d+\./g, (m) => ' '.repeat(m.length));
        const md = `Intro\n\n${c}${f}redundancy\n${lines.map((l) => cont + l + '\n').join('')}${closed ? cont + f + '\n' : ''}\nAfter.\n`;
        const fences = new MarkdownIt().parse(md, {}).filter((t) => t.type === 'fence' && t.info.trim() === 'redundancy');
        const blocks = findDesignBlocks(md);
        assert.ok(fences.length >= 1, 'the generated document has a design block');
        assert.equal(blocks.length, fences.length);
        blocks.forEach((b, i) => {
          assert.equal(b.text, fences[i].content);
          for (let o = 0; o <= b.text.length; o++) {
            const m = toMarkdownOffset(b, o);
            assert.equal(toDesignOffset(b, m), o);
            if (o < b.text.length) assert.equal(md[m], b.text[o]);
          }
        });
      }),
      { seed: 10, numRuns: 400 },
    );
  });
});
