/**
 * Analysis of successive versions of one document. For now every version is analysed in
 * full; this is the seam where re-parsing only what an edit touched plugs in.
 */
import { analyze } from './analyze';
import type { AnalysisResult, AnalyzeOptions } from './types';

export class IncrementalAnalyzer {
  analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
    return analyze(text, options);
  }
}
