/**
 * Designs inside Markdown design documents (FORMAT.md): a fenced code block whose info string
 * is `redundancy` (or `yaml redundancy`) is one complete design.
 *
 * Blocks are found with markdown-it — the parser VS Code's own preview uses — so what counts
 * as a fence here (``` or ~~~, longer fences, indented fences, fences in lists and block
 * quotes, an unclosed fence running to the end of its container) is exactly what the preview
 * shows. A block's design text is its content lines taken from the source with the container
 * prefix (`> `, list indentation, the fence's own indentation) cut off, each line keeping its
 * own line ending. Every design offset is therefore a markdown offset plus the prefix lengths
 * of the lines before it, and `BlockMap` maps offsets both ways exactly.
 */
import MarkdownIt from 'markdown-it';
import { computeFixes } from './fixes';
import type { AnalysisResult, AnalyzeOptions, Finding, Fix, OffsetRange, TextEdit } from './types';

/** One design block: its text, where it sits in the Markdown, and how its offsets map. */
export interface DesignBlock {
  /** 0-based index among the file's design blocks. */
  index: number;
  /** The design text: the content lines with their container prefix removed. */
  text: string;
  /** The content lines in the Markdown (between the fences). */
  content: OffsetRange;
  /** The whole block, opening fence through closing fence (or the end of its container). */
  fence: OffsetRange;
  /** The prefix continuation lines of this block carry (`> `, list indentation); '' at top level. */
  prefix: string;
  /** 0-based Markdown line of the opening fence. */
  line: number;
  /** Design line i starts at `designStarts[i]` in the design and at `markdownStarts[i]` in the Markdown. */
  designStarts: number[];
  markdownStarts: number[];
  /**
   * Where the design's end maps to in the Markdown: after the closing fence line's container
   * prefix, so that text appended to the design lands inside the block.
   */
  endInMarkdown: number;
}

/** Parser for finding fences only: the inline rules (emphasis, links…) are not needed. */
let parser: ReturnType<typeof MarkdownIt> | null = null;
function blockParser(): ReturnType<typeof MarkdownIt> {
  if (!parser) {
    parser = new MarkdownIt('commonmark', { html: true });
    parser.core.ruler.disable(['inline', 'text_join'], true);
  }
  return parser;
}

/** Does a fence's info string mark a design? */
export function isDesignInfo(info: string): boolean {
  const words = info.trim().split(/\s+/);
  return words[0] === 'redundancy' || (words[0] === 'yaml' && words[1] === 'redundancy');
}

/** Line starts as markdown-it counts lines: "\r\n", "\r" and "\n" each end one. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** Cheap test first: a Markdown file with no fence mentioning `redundancy` has no block. */
export function mayHaveDesignBlocks(markdown: string): boolean {
  return /^[ \t>*+\-\d.)]*(`{3,}|~{3,})[ \t]*(yaml[ \t]+)?redundancy/m.test(markdown);
}

/** Every design block of a Markdown text, in order. */
export function findDesignBlocks(markdown: string): DesignBlock[] {
  if (!mayHaveDesignBlocks(markdown)) return [];
  const tokens = blockParser().parse(markdown, {});
  const starts = lineStarts(markdown);
  const lineEnd = (line: number) => (line + 1 < starts.length ? starts[line + 1] : markdown.length);
  const lineText = (line: number) => markdown.slice(starts[line], lineEnd(line)).replace(/\r?\n$|\r$/, '');
  const blocks: DesignBlock[] = [];
  for (const token of tokens) {
    if (token.type !== 'fence' || !token.map || !isDesignInfo(token.info)) continue;
    const [open, after] = token.map;
    const contentLines: string[] = token.content === '' ? [] : token.content.replace(/\n$/, '').split('\n');
    const first = open + 1;
    // Each content line is its source line with the container prefix cut off; the prefix is
    // what is left of the source line before markdown-it's content (a tab expanded inside the
    // prefix can make the content longer than the source: then nothing is cut).
    const prefixes = contentLines.map((content, i) => {
      const source = lineText(first + i);
      return source.endsWith(content) ? source.length - content.length : 0;
    });
    const prefixOf = (i: number) => markdown.slice(starts[first + i], starts[first + i] + prefixes[i]);
    // The block's prefix: the longest among lines with content (blank lines may carry less).
    let prefix = '';
    contentLines.forEach((c, i) => {
      if (c.trim() !== '' && prefixes[i] > prefix.length) prefix = prefixOf(i);
    });
    const designStarts: number[] = [];
    const markdownStarts: number[] = [];
    let text = '';
    contentLines.forEach((_, i) => {
      const line = first + i;
      designStarts.push(text.length);
      markdownStarts.push(starts[line] + prefixes[i]);
      text += markdown.slice(starts[line] + prefixes[i], lineEnd(line));
    });
    const contentStart = first < starts.length ? starts[first] : markdown.length;
    const contentEnd = contentLines.length ? lineEnd(first + contentLines.length - 1) : contentStart;
    const closing = first + contentLines.length;
    const hasClosing = closing < after && closing < starts.length;
    const endInMarkdown = hasClosing && prefix && markdown.startsWith(prefix, starts[closing]) ? starts[closing] + prefix.length : contentEnd;
    const fenceEnd = after < starts.length ? starts[after] : markdown.length;
    blocks.push({
      index: blocks.length,
      text,
      content: { start: contentStart, end: contentEnd },
      fence: { start: starts[open], end: fenceEnd },
      prefix,
      line: open,
      designStarts,
      markdownStarts,
      endInMarkdown,
    });
  }
  return blocks;
}

function lastAtOrBefore(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A design offset of `block` as a Markdown offset. */
export function toMarkdownOffset(block: DesignBlock, offset: number): number {
  if (block.designStarts.length === 0 || offset >= block.text.length) return block.endInMarkdown;
  const o = Math.max(0, offset);
  const i = lastAtOrBefore(block.designStarts, o);
  return block.markdownStarts[i] + (o - block.designStarts[i]);
}

/**
 * A Markdown offset as a design offset of `block`, or null when it is outside the block's
 * content. An offset inside a line's container prefix maps to the start of that design line.
 */
export function toDesignOffset(block: DesignBlock, offset: number): number | null {
  if (offset < block.content.start || offset > block.endInMarkdown) return null;
  if (block.designStarts.length === 0 || offset >= block.content.end) return block.text.length;
  const i = lastAtOrBefore(block.markdownStarts, offset);
  // Before the first line's content (in its prefix): the design's start.
  if (offset < block.markdownStarts[i]) return block.designStarts[i];
  const next = i + 1 < block.designStarts.length ? block.designStarts[i + 1] : block.text.length;
  // Past this line's end: in the next line's prefix, which maps to that line's start.
  return Math.min(block.designStarts[i] + (offset - block.markdownStarts[i]), next);
}

/** The design block whose content holds a Markdown offset (the cursor), if any. */
export function blockAt(blocks: DesignBlock[], offset: number): DesignBlock | null {
  return blocks.find((b) => toDesignOffset(b, offset) !== null) ?? null;
}

export function toMarkdownRange(block: DesignBlock, r: OffsetRange): OffsetRange {
  return { start: toMarkdownOffset(block, r.start), end: toMarkdownOffset(block, r.end) };
}

/**
 * A design edit as a Markdown edit: every line the edit inserts gets the block's container
 * prefix, so a fix inside a block quote or a list stays inside it. An edit that starts a line
 * whose prefix is incomplete (a blank `>` line, or the end of an unclosed block) writes the
 * full prefix first.
 */
export function toMarkdownEdit(block: DesignBlock, markdown: string, edit: TextEdit): TextEdit {
  const range = toMarkdownRange(block, edit);
  if (!block.prefix || edit.newText === '') return { ...range, newText: edit.newText };
  const lines = edit.newText.split('\n');
  let newText = lines.map((l, i) => (i === 0 ? l : (l === '' && i < lines.length - 1 ? block.prefix.trimEnd() : block.prefix) + l)).join('\n');
  let start = range.start;
  const atDesignLineStart = edit.start >= block.text.length || block.designStarts.includes(edit.start);
  if (atDesignLineStart) {
    const lineStart = Math.max(markdown.lastIndexOf('\n', start - 1), markdown.lastIndexOf('\r', start - 1)) + 1;
    if (markdown.slice(lineStart, start) !== block.prefix && block.prefix.startsWith(markdown.slice(lineStart, start))) {
      newText = block.prefix + newText;
      start = lineStart;
    }
  }
  return { start, end: Math.max(start, range.end), newText };
}

/** A finding of a block's design, at Markdown offsets, with its block index. */
export function toMarkdownFinding(block: DesignBlock, f: Finding): Finding {
  const data = f.data.acceptedBy ? { ...f.data, acceptedBy: toMarkdownRange(block, f.data.acceptedBy) } : f.data;
  return { ...f, range: toMarkdownRange(block, f.range), related: f.related.map((r) => ({ ...r, range: toMarkdownRange(block, r.range) })), data, block: block.index };
}

export function toMarkdownFix(block: DesignBlock, markdown: string, fix: Fix): Fix {
  return { ...fix, edits: fix.edits.map((e) => toMarkdownEdit(block, markdown, e)) };
}

/** The analysis of one block: the design-offset result, and its findings at Markdown offsets. */
export interface BlockAnalysis {
  block: DesignBlock;
  /** The design's own analysis (offsets into `block.text`). */
  result: AnalysisResult;
}

export interface MarkdownAnalysis {
  blocks: BlockAnalysis[];
  /** Every block's findings at Markdown offsets, block by block, each ranked as in its block. */
  findings: Finding[];
}

/** Something that analyses one design text (an `IncrementalAnalyzer`, or `analyze` itself). */
export interface DesignAnalyzer {
  analyze(text: string, options?: AnalyzeOptions): AnalysisResult;
}

interface Kept {
  text: string;
  today: string | undefined;
  analyzer: DesignAnalyzer;
  result: AnalysisResult;
}

/**
 * Analysis of successive versions of one Markdown document. Each block keeps its own design
 * analyzer; a block whose text and options did not change keeps its result (an edit in the
 * prose analyses nothing), and a changed block is re-analysed by the analyzer it had, so an
 * edit inside it is incremental as in a design file.
 */
export class MarkdownAnalyzer {
  private kept: Kept[] = [];
  /** How many block analyses the last `analyze` ran (the rest were kept), for tests and benchmarks. */
  analysed = 0;

  constructor(private readonly newAnalyzer: () => DesignAnalyzer) {}

  /** The analyzer of block `index` in the last analysed version, if there is one. */
  analyzerOf(index: number): DesignAnalyzer | undefined {
    return this.kept[index]?.analyzer;
  }

  analyze(markdown: string, options: AnalyzeOptions = {}): MarkdownAnalysis {
    const blocks = findDesignBlocks(markdown);
    const previous = this.kept;
    const taken = new Set<number>();
    const next: Kept[] = [];
    this.analysed = 0;
    const same = (k: Kept, block: DesignBlock) => k.text === block.text && k.today === options.today;
    // First the same text anywhere (a block inserted above shifts the indices)…
    const match = blocks.map((block) => {
      const at = previous.findIndex((k, i) => !taken.has(i) && same(k, block));
      if (at !== -1) taken.add(at);
      return at;
    });
    // …then, for a changed block, the analyzer that had its index, to analyse it incrementally.
    for (const block of blocks) {
      if (match[block.index] !== -1) {
        next.push(previous[match[block.index]]);
        continue;
      }
      const prior = block.index < previous.length && !taken.has(block.index) ? previous[block.index] : null;
      if (prior) taken.add(block.index);
      const analyzer = prior?.analyzer ?? this.newAnalyzer();
      this.analysed++;
      next.push({ text: block.text, today: options.today, analyzer, result: analyzer.analyze(block.text, options) });
    }
    this.kept = next;
    const analyses = blocks.map((block, i) => ({ block, result: next[i].result }));
    return { blocks: analyses, findings: analyses.flatMap(({ block, result }) => result.findings.map((f) => toMarkdownFinding(block, f))) };
  }
}

/** Is this path a Markdown file (by name; any languageId)? */
export function isMarkdownPath(path: string): boolean {
  return /\.md$/i.test(path);
}

/**
 * Quick fixes for the finding with `key` in design block `blockIndex` of a Markdown text, as
 * Markdown edits. Proven on the block's design text like any design's fixes.
 */
export function computeMarkdownFixes(markdown: string, blockIndex: number, key: string, options: AnalyzeOptions = {}): Fix[] {
  const block = findDesignBlocks(markdown)[blockIndex];
  if (!block) return [];
  return computeFixes(block.text, key, options).map((f) => toMarkdownFix(block, markdown, f));
}
