/**
 * What every report format shares: the analysed file it is given, the counts and summary
 * line, the reason an accepted finding was silenced, and user text made safe to print on
 * one line. The CLI builds FileReports from files on disk; the VS Code client builds one
 * from the open document for the preview's "save report".
 */
import type { AnalysisResult, Finding, LineIndex } from '../core/index';
import { plural } from '../core/messages';

/** A design file after analysis, as the formats see it. */
export interface FileReport {
  /** The file's name as the report shows it (as given on the command line, or relative to the workspace). */
  file: string;
  absolute: string;
  /** The analysed text (BOM stripped); offsets in `result` index into it. */
  text: string;
  lines: LineIndex;
  /** For a Markdown file, every block's findings (at Markdown offsets) and no model of its own. */
  result: AnalysisResult;
  /** A Markdown file's design blocks: each block's analysis, its findings at Markdown offsets. */
  blocks?: { index: number; line: number; result: AnalysisResult }[];
}

export interface Counts {
  error: number;
  warning: number;
  information: number;
  hint: number;
  accepted: number;
}

/** Accepted findings are counted apart: they keep their severity but are not problems. */
export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, information: 0, hint: 0, accepted: 0 };
  for (const f of findings) {
    if (f.accepted) counts.accepted++;
    else counts[f.severity]++;
  }
  return counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { error: a.error + b.error, warning: a.warning + b.warning, information: a.information + b.information, hint: a.hint + b.hint, accepted: a.accepted + b.accepted };
}

export function summaryLine(counts: Counts, files: number): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.information} information`];
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  return `${parts.join(', ')} (${counts.accepted} accepted) in ${plural(files, 'file')}`;
}

/** The reason of the `accepted` entry that silenced a finding. */
export function acceptedReason(report: FileReport, finding: Finding): string {
  const by = finding.data.acceptedBy;
  const entries = report.result.model?.accepted ?? [];
  const entry =
    (by && entries.find((e) => e.range.start === by.start && e.range.end === by.end)) ||
    entries.find((e) => !e.expired && e.rule === finding.rule && (e.component === null || e.component === finding.component));
  return entry ? entry.reason : 'Accepted in the design file.';
}

/**
 * User text on one line with no terminal control: messages quote component ids and
 * values from the file, and an escape sequence in a file must not drive the terminal.
 */
export function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029\t]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
