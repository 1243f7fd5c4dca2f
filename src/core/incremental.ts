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
import type { AnalysisResult, AnalyzeOptions } from './types';

export class IncrementalAnalyzer {
  readonly parser = new ChunkedParser();
  private readonly memo = newMemo();

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
