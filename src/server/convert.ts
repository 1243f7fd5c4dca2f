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
  /** In a Markdown document: the design block the finding is in. */
  block?: number;
}

/**
 * The diagnostics of each finding, kept while the finding lives. An edit keeps most findings
 * (the same objects, see incremental.ts), and a finding whose ranges sit at the same lines and
 * characters, under the same severity, gives the same diagnostic: reusing the object lets the
 * message encoder (messageEncoder.ts) reuse its JSON too, so a keystroke in a design of
 * thousands of findings encodes only the ones it changed.
 */
export class DiagnosticCache {
  private readonly byFinding = new WeakMap<Finding, Diagnostic>();

  /** The cached diagnostic when it is exactly what `fresh` would build; otherwise `fresh`, cached. */
  reuse(f: Finding, uri: string, severity: DiagnosticSeverity, range: Range, related: Range[], fresh: () => Diagnostic): Diagnostic {
    const was = this.byFinding.get(f);
    if (was && was.severity === severity && sameRange(was.range, range) && sameRelated(was, uri, related)) return was;
    const d = fresh();
    this.byFinding.set(f, d);
    return d;
  }
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameRelated(d: Diagnostic, uri: string, related: Range[]): boolean {
  const was = d.relatedInformation ?? [];
  return was.length === related.length && was.every((r, i) => r.location.uri === uri && sameRange(r.location.range, related[i]));
}

export function toDiagnostics(doc: TextDocument, findings: Finding[], settings: RedundancySettings, cache: DiagnosticCache = new DiagnosticCache()): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const override = settings.rules[f.rule];
    if (override === 'off') continue;
    // An accepted risk stays visible but quiet: a hint, not a warning.
    const severity = SEVERITY[f.accepted ? 'hint' : (override ?? f.severity)];
    const range = toRange(doc, f.range);
    const related = f.related.map((r) => toRange(doc, r.range));
    out.push(
      cache.reuse(f, doc.uri, severity, range, related, () => {
        const d: Diagnostic = {
          range,
          severity,
          code: f.rule,
          codeDescription: { href: ruleDocUrl(f.rule) } satisfies CodeDescription,
          source: SOURCE,
          message: f.accepted ? `Accepted risk: ${f.message}` : f.message,
          data: (f.block === undefined ? { key: f.data.key } : { key: f.data.key, block: f.block }) satisfies DiagnosticData,
        };
        if (related.length) d.relatedInformation = f.related.map((r, i) => ({ location: { uri: doc.uri, range: related[i] }, message: r.message }));
        return d;
      }),
    );
  }
  return out;
}
