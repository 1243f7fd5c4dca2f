/**
 * Analysis of successive versions of one document (the language server keeps one per open
 * design). Each step keeps what the edit did not touch, and always gives exactly what a fresh
 * analysis gives:
 * - parsing: a component whose text did not change keeps its parsed nodes (chunked.ts; where
 *   an edit above moved it, the document gets a shifted copy, never the nodes moved);
 * - model: such a component, with the same design-wide failure domains, default tolerate
 *   list and top-level uses, keeps its model (model.ts), shifted to where it now sits — so an
 *   insertion keeps as many models as a same-length replacement;
 * - scenarios: one that loses the same replicas of components of the same size and quorum
 *   keeps its outcome, when nothing design-wide changed (scenarios.ts);
 * - rules: a component with the same model, scenarios and matrix row keeps its findings
 *   (rules.ts).
 * Schema validation, the matrix and the ranking run on the whole design every time.
 */
import { AnalysisMemo, analyzeDetailed, DetailedAnalysis, newMemo } from './analyze';
import { ChunkedParser } from './chunked';
import type { CachedComponent, ComponentCache } from './model';
import type { AnalysisResult, AnalyzeOptions } from './types';

export class IncrementalAnalyzer {
  constructor(
    readonly parser = new ChunkedParser(),
    private readonly memo: AnalysisMemo = newMemo(),
  ) {}

  /**
   * An analyzer that starts from this one's last version and never changes it: quick fixes
   * prove their candidates on a fork of the document's analyzer, so a code action costs the
   * analysis of each edited text — not a fresh analysis of the whole document — and leaves
   * the document's own state as it was. Both share only what no analysis changes: the parsed
   * chunks, the previous version's model, scenarios and findings, and the component-model
   * cache (whose entries are checked against their exact inputs on every read).
   */
  fork(): IncrementalAnalyzer {
    return new IncrementalAnalyzer(this.parser.fork(), {
      components: layered(this.memo.components),
      prior: this.memo.prior,
      // Its own: the copies a fork makes for candidate texts are not the document's.
      accepted: new WeakMap(),
      kept: { ...this.memo.kept },
    });
  }

  /** Components (models), scenarios and components' findings the last analysis kept from the one before. */
  get kept(): Readonly<AnalysisMemo['kept']> {
    return this.memo.kept;
  }

  analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
    return this.analyzeDetailed(text, options).result;
  }

  /** The same, with the structures fixes need. */
  analyzeDetailed(text: string, options: AnalyzeOptions = {}): DetailedAnalysis {
    return analyzeDetailed(text, options, (t) => this.parser.parse(t), this.memo);
  }
}

/**
 * Reads fall through to the document's cache; writes stay in the fork's own layer, so the
 * models a fork builds for candidate texts never replace the document's (which its next
 * analysis keeps by identity).
 */
function layered(below: ComponentCache): ComponentCache {
  const own = new WeakMap<object, CachedComponent>();
  return {
    get: (data) => own.get(data) ?? below.get(data),
    set: (data, entry) => own.set(data, entry),
  };
}
