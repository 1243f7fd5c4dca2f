/**
 * Analysis of successive versions of one document (the language server keeps one per open
 * design). Parsing is incremental — see chunked.ts — and gives exactly what a full parse
 * gives; the analysis on top runs on the whole model, which costs little next to parsing.
 */
import { analyzeDetailed } from './analyze';
import { ChunkedParser } from './chunked';
import type { AnalysisResult, AnalyzeOptions } from './types';

export class IncrementalAnalyzer {
  readonly parser = new ChunkedParser();

  analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
    return analyzeDetailed(text, options, (t) => this.parser.parse(t)).result;
  }
}
