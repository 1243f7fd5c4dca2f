/**
 * A design as the language features see it: its own text and analysis, and how its offsets
 * sit in the open document. A design file is one view of the whole document; a Markdown
 * document has one view per design block, whose offsets are translated through the block's
 * map (core/markdown.ts). Features translate the cursor into the view, call the core's
 * function on the design text, and translate the answer back: the core never sees Markdown.
 */
import type { Position, Range, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DesignBlock, toDesignOffset, toMarkdownEdit, toMarkdownOffset } from '../core/markdown';
import type { AnalysisResult, OffsetRange, TextEdit } from '../core/types';

export interface DesignView {
  document: TextDocument;
  /** The design text the core analyses. */
  text: string;
  result: AnalysisResult;
  /** The Markdown block, or null for a design file. */
  block: DesignBlock | null;
  /** A document position as a design offset; null when it is outside this design. */
  offsetAt(position: Position): number | null;
  /** A design offset as a document offset. */
  documentOffset(offset: number): number;
  toRange(r: OffsetRange): Range;
  toEdit(e: TextEdit): LspTextEdit;
}

export function fileView(document: TextDocument, result: AnalysisResult): DesignView {
  const range = (r: OffsetRange): Range => ({ start: document.positionAt(r.start), end: document.positionAt(r.end) });
  return {
    document,
    text: document.getText(),
    result,
    block: null,
    offsetAt: (p) => document.offsetAt(p),
    documentOffset: (o) => o,
    toRange: range,
    toEdit: (e) => ({ range: range(e), newText: e.newText }),
  };
}

export function blockView(document: TextDocument, markdown: string, block: DesignBlock, result: AnalysisResult): DesignView {
  const range = (r: OffsetRange): Range => ({ start: document.positionAt(toMarkdownOffset(block, r.start)), end: document.positionAt(toMarkdownOffset(block, r.end)) });
  return {
    document,
    text: block.text,
    result,
    block,
    offsetAt: (p) => toDesignOffset(block, document.offsetAt(p)),
    documentOffset: (o) => toMarkdownOffset(block, o),
    toRange: range,
    toEdit: (e) => {
      const m = toMarkdownEdit(block, markdown, e);
      return { range: { start: document.positionAt(m.start), end: document.positionAt(m.end) }, newText: m.newText };
    },
  };
}

/** The view holding a position (the cursor), with the position as a design offset. */
export function viewAt(views: DesignView[], position: Position): { view: DesignView; offset: number } | undefined {
  for (const view of views) {
    const offset = view.offsetAt(position);
    if (offset !== null) return { view, offset };
  }
  return undefined;
}
