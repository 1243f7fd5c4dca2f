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

/**
 * What code actions need to recompute a finding's fixes without reading its message. No
 * version: fixes are computed for the current text (the edit carries its version), and without
 * one an unchanged finding's diagnostic is the same from one version to the next.
 */
export interface DiagnosticData {
  key: string;
  /** In a Markdown document: the design block the finding is in. */
  block?: number;
}

/** A diagnostic as sent, with what it was made from. */
interface Sent {
  rule: string;
  severity: DiagnosticSeverity;
  message: string;
  related: Finding['related'];
  block: number | undefined;
  diagnostic: Diagnostic;
  json: string;
}

/**
 * The diagnostics last sent for one document, by finding key. After an edit most findings
 * say what they said before at the same place; those reuse their diagnostic and its JSON, so
 * a publish serializes only what changed (see wire.ts).
 */
export class DiagnosticCache {
  sent = new Map<string, Sent>();
  /** How many diagnostics the last publish took over, for tests. */
  reused = 0;
}

/** Where `toDiagnostics` leaves, on the array it returns, each diagnostic's JSON (wire.ts writes them). */
export const DIAGNOSTICS_JSON: unique symbol = Symbol('diagnostics JSON');

export type EncodedDiagnostics = Diagnostic[] & { [DIAGNOSTICS_JSON]?: string[] };

const samePosition = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

function sameSent(s: Sent, f: Finding, severity: DiagnosticSeverity, message: string, range: Range, related: Range[]): boolean {
  if (s.rule !== f.rule || s.severity !== severity || s.message !== message || s.block !== f.block || !samePosition(s.diagnostic.range, range)) return false;
  if (s.related.length !== f.related.length) return false;
  const sentRelated = s.diagnostic.relatedInformation ?? [];
  return f.related.every((r, i) => r.message === s.related[i].message && samePosition(sentRelated[i].location.range, related[i]));
}

/**
 * The findings as LSP diagnostics. With a cache, an unchanged finding (same rule, severity,
 * message, related messages and positions) gets the very diagnostic sent last time, and the
 * array carries each diagnostic's JSON (`DIAGNOSTICS_JSON`). Nothing may change them.
 */
export function toDiagnostics(doc: TextDocument, findings: Finding[], settings: RedundancySettings, cache?: DiagnosticCache): EncodedDiagnostics {
  const out: EncodedDiagnostics = [];
  const json: string[] = [];
  const sent = new Map<string, Sent>();
  let reused = 0;
  for (const f of findings) {
    const override = settings.rules[f.rule];
    if (override === 'off') continue;
    // An accepted risk stays visible but quiet: a hint, not a warning.
    const severity = SEVERITY[f.accepted ? 'hint' : (override ?? f.severity)];
    const message = f.accepted ? `Accepted risk: ${f.message}` : f.message;
    const range = toRange(doc, f.range);
    const related = f.related.map((r) => toRange(doc, r.range));
    if (!cache) {
      out.push(diagnosticOf(doc, f, severity, message, range, related));
      continue;
    }
    let s = cache.sent.get(f.data.key);
    if (s && sameSent(s, f, severity, message, range, related)) reused++;
    else {
      const diagnostic = diagnosticOf(doc, f, severity, message, range, related);
      s = { rule: f.rule, severity, message, related: f.related, block: f.block, diagnostic, json: JSON.stringify(diagnostic) };
    }
    sent.set(f.data.key, s);
    out.push(s.diagnostic);
    json.push(s.json);
  }
  if (cache) {
    cache.sent = sent;
    cache.reused = reused;
    out[DIAGNOSTICS_JSON] = json;
  }
  return out;
}

function diagnosticOf(doc: TextDocument, f: Finding, severity: DiagnosticSeverity, message: string, range: Range, related: Range[]): Diagnostic {
  const d: Diagnostic = {
    range,
    severity,
    code: f.rule,
    codeDescription: { href: ruleDocUrl(f.rule) } satisfies CodeDescription,
    source: SOURCE,
    message,
    data: (f.block === undefined ? { key: f.data.key } : { key: f.data.key, block: f.block }) satisfies DiagnosticData,
  };
  if (f.related.length) d.relatedInformation = f.related.map((r, i) => ({ location: { uri: doc.uri, range: related[i] }, message: r.message }));
  return d;
}
