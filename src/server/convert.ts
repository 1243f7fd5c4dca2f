/**
 * The one place that knows both the core's offsets and LSP's positions.
 */
import { CodeDescription, Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocUrl } from '../core/rules-meta';
import type { Finding, OffsetRange, Severity } from '../core/types';
import type { RedundancySettings } from '../shared/protocol';

export const SOURCE = 'redundancy-lens';

export function toRange(doc: TextDocument, r: OffsetRange): Range {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}

export function toOffsets(doc: TextDocument, r: Range): OffsetRange {
  return { start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What code actions need to recompute a finding's fixes without reading its message. */
export interface DiagnosticData {
  key: string;
  version: number;
  /** In a Markdown document: the design block the finding is in. */
  block?: number;
}

export function toDiagnostics(doc: TextDocument, findings: Finding[], settings: RedundancySettings): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const override = settings.rules[f.rule];
    if (override === 'off') continue;
    // An accepted risk stays visible but quiet: a hint, not a warning.
    const severity = f.accepted ? 'hint' : (override ?? f.severity);
    const d: Diagnostic = {
      range: toRange(doc, f.range),
      severity: SEVERITY[severity],
      code: f.rule,
      codeDescription: { href: ruleDocUrl(f.rule) } satisfies CodeDescription,
      source: SOURCE,
      message: f.accepted ? `Accepted risk: ${f.message}` : f.message,
      data: (f.block === undefined ? { key: f.data.key, version: doc.version } : { key: f.data.key, version: doc.version, block: f.block }) satisfies DiagnosticData,
    };
    if (f.related.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: doc.uri, range: toRange(doc, r.range) }, message: r.message }));
    out.push(d);
  }
  return out;
}
