/**
 * `--format json`: exactly the object of CLI.md, nothing more at the finding level, so
 * scripts can rely on the keys. Positions are 0-based UTF-16 line/character, as in LSP.
 */
import type { Severity } from '../core/index';
import type { FileReport } from './report';

export interface JsonPosition {
  line: number;
  character: number;
}

export interface JsonFinding {
  rule: string;
  severity: Severity;
  component: string | null;
  message: string;
  range: { start: JsonPosition; end: JsonPosition };
  scenario: { threat: string; value: string } | null;
  accepted: boolean;
  /** In a Markdown file: the 0-based index of the design block (absent for design files). */
  block?: number;
}

export interface JsonReport {
  files: { file: string; findings: JsonFinding[] }[];
}

export function toJsonReport(reports: readonly FileReport[]): JsonReport {
  return {
    files: reports.map((report) => ({
      file: report.file,
      findings: report.result.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        component: f.component,
        message: f.message,
        range: { start: report.lines.positionAt(f.range.start), end: report.lines.positionAt(f.range.end) },
        scenario: f.scenario ? { threat: f.scenario.threat, value: f.scenario.value } : null,
        accepted: f.accepted,
        ...(f.block === undefined ? {} : { block: f.block }),
      })),
    })),
  };
}

export function formatJson(reports: readonly FileReport[]): string {
  return JSON.stringify(toJsonReport(reports), null, 2) + '\n';
}
