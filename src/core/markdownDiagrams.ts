/**
 * `redundancy-lens render`: keeps a generated ```mermaid block right after each design block
 * of a Markdown document, so GitHub (which renders Mermaid but knows nothing of designs)
 * shows the failure-domain diagram where the design is.
 *
 * The generated part is a marker comment and a mermaid fence, written with the design
 * block's container prefix (inside a block quote or a list it stays inside). It is found
 * again by the marker directly after the design block, and replaced only when its text
 * differs from what the design gives now; nothing else in the file is touched, so a second
 * run changes nothing.
 */
import MarkdownIt from 'markdown-it';
import { analyze } from './analyze';
import { findDesignBlocks, lineStarts, type DesignBlock } from './markdown';
import { MERMAID_LIMITS, mermaidLabel, toMermaid } from './mermaid';
import type { AnalyzeOptions, TextEdit } from './types';
import { applyEdits } from './edits';

export const GENERATED_MARKER = '<!-- redundancy-lens: generated diagram for the block above; do not edit -->';

export interface RenderOutcome {
  /** The document with every diagram up to date. */
  text: string;
  blocks: number;
  /** Diagrams written or rewritten. */
  updated: number;
  /** Blocks left alone, with why (an unclosed fence would swallow a diagram written after it). */
  skipped: { index: number; line: number; reason: string }[];
}

let parser: ReturnType<typeof MarkdownIt> | null = null;
function blockTokens(markdown: string) {
  if (!parser) {
    parser = new MarkdownIt('commonmark', { html: true });
    parser.core.ruler.disable(['inline', 'text_join'], true);
  }
  return parser.parse(markdown, {});
}

/** The Mermaid text for a design: its diagram, or a one-node diagram saying why there is none. */
export function diagramFor(design: string, options: AnalyzeOptions): string {
  const text = toMermaid(analyze(design, options));
  if (text === '') return `flowchart TB\n  none["${mermaidLabel('No diagram: the design above has errors (redundancy-lens check lists them).')}"]\n`;
  if (text.length > MERMAID_LIMITS.maxTextSize) return `flowchart TB\n  none["${mermaidLabel(`The diagram is too large for GitHub (${text.length} characters); open the preview in the editor.`)}"]\n`;
  return text;
}

/** The generated lines for one design block, with its container prefix and the document's line ending. */
function generated(block: DesignBlock, diagram: string, eol: string): string {
  const body = diagram.replace(/\n$/, '').split('\n');
  // A fence longer than any run of backticks in the diagram, so nothing in it can close it.
  const longest = Math.max(2, ...(diagram.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const line = (l: string) => (l === '' ? block.prefix.trimEnd() : block.prefix + l);
  return [GENERATED_MARKER, fence + 'mermaid', ...body, fence].map(line).join(eol) + eol;
}

export function renderDesignDiagrams(markdown: string, options: AnalyzeOptions = {}): RenderOutcome {
  const blocks = findDesignBlocks(markdown);
  if (blocks.length === 0) return { text: markdown, blocks: 0, updated: 0, skipped: [] };
  const eol = markdown.includes('\r\n') ? '\r\n' : '\n';
  const tokens = blockTokens(markdown);
  const starts = lineStarts(markdown);
  const lineStart = (line: number) => (line < starts.length ? starts[line] : markdown.length);
  // The design fences in order: the same ones findDesignBlocks found (both read markdown-it's tokens).
  const fences = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.type === 'fence' && blocks.some((b) => b.line === t.map?.[0]));
  const edits: TextEdit[] = [];
  const skipped: RenderOutcome['skipped'] = [];
  for (const block of blocks) {
    const at = fences.find(({ t }) => t.map?.[0] === block.line);
    if (!at) continue;
    const closingLine = markdown
      .slice(lineStart(at.t.map![1] - 1), lineStart(at.t.map![1]))
      .slice(block.prefix.length)
      .trim();
    const closed = at.t.map![1] - 1 > block.line && new RegExp(`^${at.t.markup[0] === '`' ? '`' : '~'}{${at.t.markup.length},}$`).test(closingLine);
    if (!closed) {
      skipped.push({ index: block.index, line: block.line, reason: 'its fence is not closed, so a diagram after it would be part of the design' });
      continue;
    }
    const want = generated(block, diagramFor(block.text, options), eol);
    const marker = tokens[at.i + 1];
    const mermaid = tokens[at.i + 2];
    if (marker?.type === 'html_block' && marker.content.trim() === GENERATED_MARKER && marker.map && mermaid?.type === 'fence' && mermaid.info.trim() === 'mermaid' && mermaid.map) {
      const start = lineStart(marker.map[0]);
      const end = lineStart(mermaid.map[1]);
      const have = markdown.slice(start, end);
      // An unterminated last line is compared as if it ended: a second run must change nothing.
      if (have === want || (end === markdown.length && have + eol === want)) continue;
      edits.push({ start, end, newText: end === markdown.length && !have.endsWith('\n') ? want.slice(0, -eol.length) : want });
    } else if (marker?.type === 'html_block' && marker.content.trim() === GENERATED_MARKER && marker.map) {
      // The marker without its diagram (deleted by hand): the diagram goes back under it.
      edits.push({ start: lineStart(marker.map[0]), end: lineStart(marker.map[1]), newText: want });
    } else {
      // New: after the design block, separated by a blank line (inside the same container).
      const end = block.fence.end;
      const lead = end === markdown.length && !/\n$/.test(markdown) ? eol : '';
      edits.push({ start: end, end, newText: lead + block.prefix.trimEnd() + eol + want });
    }
  }
  return { text: edits.length ? applyEdits(markdown, edits) : markdown, blocks: blocks.length, updated: edits.length, skipped };
}
