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
 * Each open document's last published diagnostics, by finding key. An edit keeps most findings
 * (the same objects, or, where it moved text within a line, copies with new offsets but the
 * same lines and characters); such a finding, under the same severity, gives the same
 * diagnostic. Handing out the last publish's object lets the message encoder
 * (messageEncoder.ts) reuse its JSON too, so a keystroke in a design of thousands of findings
 * encodes only the diagnostics it changed. A diagnostic is never changed once built.
 */
export class DiagnosticCache {
  private readonly byUri = new Map<string, Map<string, Kept>>();

  /** The last publish's diagnostics of a document (empty for a new one). */
  last(uri: string): ReadonlyMap<string, Kept> {
    return this.byUri.get(uri) ?? NONE;
  }

  /** This publish's diagnostics replace the last one's. */
  keep(uri: string, now: Map<string, Kept>): void {
    this.byUri.set(uri, now);
  }

  /** The document is closed. */
  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

interface Kept {
  finding: Finding;
  diagnostic: Diagnostic;
}

const NONE: ReadonlyMap<string, Kept> = new Map();

/** Whether two findings give the same diagnostic at the same positions (ranges compared by the caller). */
function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a === b ||
    (a.rule === b.rule &&
      a.message === b.message &&
      a.accepted === b.accepted &&
      a.block === b.block &&
      a.data.key === b.data.key &&
      a.related.length === b.related.length &&
      a.related.every((r, i) => r.message === b.related[i].message))
  );
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameRelated(d: Diagnostic, uri: string, related: Range[]): boolean {
  const was = d.relatedInformation ?? [];
  return was.length === related.length && was.every((r, i) => r.location.uri === uri && sameRange(r.location.range, related[i]));
}

export function toDiagnostics(doc: TextDocument, findings: readonly Finding[], settings: RedundancySettings, cache: DiagnosticCache = new DiagnosticCache()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const last = cache.last(doc.uri);
  const now = new Map<string, Kept>();
  for (const f of findings) {
    const override = settings.rules[f.rule];
    if (override === 'off') continue;
    // An accepted risk stays visible but quiet: a hint, not a warning.
    const severity = SEVERITY[f.accepted ? 'hint' : (override ?? f.severity)];
    const range = toRange(doc, f.range);
    const related = f.related.map((r) => toRange(doc, r.range));
    // Keys are unique within a design; a Markdown document's blocks are designs of their own.
    const key = f.block === undefined ? f.data.key : `${f.block}|${f.data.key}`;
    const was = last.get(key);
    let d: Diagnostic;
    if (was && was.diagnostic.severity === severity && sameFinding(was.finding, f) && sameRange(was.diagnostic.range, range) && sameRelated(was.diagnostic, doc.uri, related)) {
      d = was.diagnostic;
    } else {
      d = {
        range,
        severity,
        code: f.rule,
        codeDescription: { href: ruleDocUrl(f.rule) } satisfies CodeDescription,
        source: SOURCE,
        message: f.accepted ? `Accepted risk: ${f.message}` : f.message,
        data: (f.block === undefined ? { key: f.data.key } : { key: f.data.key, block: f.block }) satisfies DiagnosticData,
      };
      if (related.length) d.relatedInformation = f.related.map((r, i) => ({ location: { uri: doc.uri, range: related[i] }, message: r.message }));
    }
    now.set(key, { finding: f, diagnostic: d });
    out.push(d);
  }
  cache.keep(doc.uri, now);
  return out;
}
