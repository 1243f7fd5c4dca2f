/**
 * The façade: text in, ranked findings, scenarios and the threat matrix out.
 * Pure and synchronous; never throws on any input.
 */
import { parseDesign } from './parse';
import type { AnalysisResult, AnalyzeOptions, Finding } from './types';

export function analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  void options;
  const parsed = parseDesign(text);
  const findings: Finding[] = parsed.problems.map((p, i) => ({
    rule: 'yaml-syntax',
    severity: 'error',
    component: null,
    message: p.message,
    range: p.range,
    scenario: null,
    accepted: false,
    related: [],
    data: { key: `yaml-syntax:${i}` },
  }));
  return { findings, model: null, scenarios: [], matrix: { threats: [], components: [], cells: [] } };
}
