/**
 * The open designs and their analyses. Each document is analysed for its newest version
 * only. The first change after a quiet spell is analysed at once (the user sees the answer to
 * a keystroke without waiting for a timer); a change that follows closely on another change or
 * analysis resets a per-document timer instead, and when the timer fires the text of that
 * moment is analysed, so typing fast never queues up work. Requests (hover, code actions…)
 * that need the analysis of the current version get it at once, computed if need be.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Finding } from '../core/types';
import { DesignBlock, MarkdownAnalyzer } from '../core/markdown';
import { DesignSession, Fixer } from '../core/session';

/**
 * The analysis of one document: its findings at document offsets, and its designs — the whole
 * file for a design file, one per design block for Markdown (none for Markdown without a block).
 */
export interface DocumentAnalysis {
  findings: readonly Finding[];
  designs: { block: DesignBlock | null; result: AnalysisResult }[];
  markdown: boolean;
}

interface Entry {
  /** A design file's session, or a Markdown document's analyzer (one session per block). */
  analyzer: DesignSession | MarkdownAnalyzer | null;
  version: number;
  result: DocumentAnalysis | null;
  timer: NodeJS.Timeout | null;
  /** The version whose diagnostics were last published. */
  published: number;
  /** When the document last changed (performance.now()). */
  changedAt: number;
  /** When the diagnostics of its last analysis were written (see `settled`). */
  analysedAt: number;
  /** From an analysis's start until its diagnostics are written: changes handled meanwhile queued up behind it. */
  publishing: boolean;
}

/**
 * Changes handled this soon after an analysis's diagnostics were written had queued up behind
 * it (the user typed on meanwhile): they wait for the timer. A client that reads the
 * diagnostics and then sends a change takes longer than this.
 */
const QUEUED_MS = 8;

export interface AnalysisEvent {
  /** The live document: later changes update it in place, so it may be newer than `version`. */
  document: TextDocument;
  /** The version analysed. */
  version: number;
  result: DocumentAnalysis;
  durationMs: number;
}

export class Designs {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly today: () => string,
    private readonly onAnalyzed: (e: AnalysisEvent) => void,
    /** Markdown documents are analysed block by block. */
    private readonly isMarkdown: (document: TextDocument) => boolean = () => false,
  ) {}

  private entry(uri: string): Entry {
    let e = this.entries.get(uri);
    if (!e) this.entries.set(uri, (e = { analyzer: null, version: -1, result: null, timer: null, published: -1, changedAt: -Infinity, analysedAt: -Infinity, publishing: false }));
    return e;
  }

  /**
   * Quick fixes from the latest snapshot of the document's design (a design file's, or one
   * Markdown block's), proven without re-analysing the whole text; null when there is none yet.
   */
  fixerFor(uri: string, block: number | null): Fixer | null {
    const a = this.entries.get(uri)?.analyzer ?? null;
    const design = a instanceof MarkdownAnalyzer ? (block === null ? undefined : a.analyzerOf(block)) : block === null ? a : undefined;
    return design instanceof DesignSession ? design.fixer() : null;
  }

  /** The analysis of exactly this version of the document. */
  resultFor(document: TextDocument): DocumentAnalysis {
    const e = this.entry(document.uri);
    if (e.result && e.version === document.version) return e.result;
    return this.run(document).result;
  }

  /**
   * The newest analysis there is, even of an older version; computed only when there is none.
   * Hover and completion read positions from the current text and look the analysis up by
   * component id, so they can answer at once while a newer analysis waits for its timer.
   */
  latestResult(document: TextDocument): DocumentAnalysis {
    // A Markdown analysis carries its blocks' offset maps, which only fit their own version.
    if (this.isMarkdown(document)) return this.resultFor(document);
    const e = this.entry(document.uri);
    return e.result ?? this.resultFor(document);
  }

  /**
   * Analyse after `delayMs`, unless a newer version comes first; at once when nothing happened
   * to the document for `delayMs` (0 always analyses now). A version whose diagnostics are out
   * already is not published again unless `force` (settings changed).
   */
  schedule(document: TextDocument, delayMs: number, latest: (uri: string) => TextDocument | undefined, force = false): void {
    const e = this.entry(document.uri);
    const pending = e.timer !== null;
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    if (!force && e.published === document.version) return;
    const now = performance.now();
    const quiet = !pending && !e.publishing && now - e.changedAt >= delayMs && now - e.analysedAt >= Math.min(delayMs, QUEUED_MS);
    e.changedAt = now;
    if (delayMs <= 0 || quiet) {
      this.publish(document);
      return;
    }
    e.timer = setTimeout(() => {
      e.timer = null;
      const current = latest(document.uri);
      if (current) this.publish(current);
    }, delayMs);
  }

  /**
   * The diagnostics of the last analysis are written: changes handled from now on were typed
   * after the user could see them. (Until then, changes queued behind the analysis wait.)
   */
  settled(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    e.analysedAt = performance.now();
    e.publishing = false;
  }

  close(uri: string): void {
    const e = this.entries.get(uri);
    if (e?.timer) clearTimeout(e.timer);
    this.entries.delete(uri);
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  private publish(document: TextDocument): void {
    const e = this.entry(document.uri);
    e.published = document.version;
    if (e.result && e.version === document.version) {
      this.onAnalyzed({ document, version: e.version, result: e.result, durationMs: 0 });
      return;
    }
    // Until the server says the diagnostics are out (`settled`), changes wait for the timer.
    e.publishing = true;
    this.onAnalyzed(this.run(document));
  }

  private run(document: TextDocument): AnalysisEvent {
    const e = this.entry(document.uri);
    const start = performance.now();
    const text = document.getText();
    const options = { today: this.today() };
    let result: DocumentAnalysis;
    if (this.isMarkdown(document)) {
      // Each block keeps its own incremental analyzer; prose edits analyse no block.
      const analyzer = e.analyzer instanceof MarkdownAnalyzer ? e.analyzer : (e.analyzer = new MarkdownAnalyzer(() => new DesignSession()));
      const md = analyzer.analyze(text, options);
      result = { findings: md.findings, designs: md.blocks, markdown: true };
    } else {
      const session = e.analyzer instanceof DesignSession ? e.analyzer : (e.analyzer = new DesignSession());
      const r = session.update(text, options).result;
      result = { findings: r.findings, designs: [{ block: null, result: r }], markdown: false };
    }
    e.version = document.version;
    e.result = result;
    return { document, version: e.version, result, durationMs: performance.now() - start };
  }
}
