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
 * The optional diagnostic properties a client declares it supports
 * (`textDocument.publishDiagnostics` in its capabilities). A property it did not declare is
 * not sent: LSP leaves such a client free to ignore it, and on a design of 50,000 lines the
 * rule links alone are 1.5 MB of every publish. Code actions need `data` (the finding's key,
 * read back by server.ts's code action handler), so it is sent whatever the client says.
 */
export interface DiagnosticSupport {
  /** `codeDescriptionSupport`: the rule's documentation link. */
  readonly codeDescription: boolean;
  /** `relatedInformation`: the replicas, chain hops and accepted entries a finding points at. */
  readonly relatedInformation: boolean;
}

export const FULL_SUPPORT: DiagnosticSupport = { codeDescription: true, relatedInformation: true };

/** What a client's `textDocument.publishDiagnostics` capabilities declare. */
export function diagnosticSupport(caps: { codeDescriptionSupport?: boolean; relatedInformation?: boolean } | undefined): DiagnosticSupport {
  return { codeDescription: caps?.codeDescriptionSupport === true, relatedInformation: caps?.relatedInformation === true };
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
  private readonly byUri = new Map<string, Published>();

  /** What the client said it shows (`initialize`); everything, unless told otherwise. */
  constructor(readonly client: DiagnosticSupport = FULL_SUPPORT) {}

  /** The last publish's diagnostics of a document (empty for a new one), and the text they were placed in. */
  last(uri: string): Published {
    return this.byUri.get(uri) ?? NONE;
  }

  /** This publish's diagnostics replace the last one's. */
  keep(uri: string, now: Published): void {
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

interface Published {
  readonly text: string;
  readonly kept: ReadonlyMap<string, Kept>;
}

const NONE: Published = { text: '', kept: new Map() };

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

/**
 * How one edit moved positions, from one comparison of the texts before and after it: an
 * offset below `below` has the same line and character in both texts; an offset at or past
 * `from` (in the new text) has the line and character that `offset - delta` had in the old
 * one. A same-length replacement without line breaks (and not right after a carriage return)
 * keeps every position (`below` is Infinity); text typed within a line keeps the positions of
 * every later line (`from` is the next line's start); an edit that adds or removes a line
 * break keeps only what comes before it.
 */
export interface PositionShift {
  readonly below: number;
  readonly from: number;
  readonly delta: number;
}

const UNCHANGED: PositionShift = { below: Infinity, from: Infinity, delta: 0 };
const NOTHING_KEPT: PositionShift = { below: 0, from: Infinity, delta: 0 };

export function positionShift(before: string, after: string): PositionShift {
  if (before === after) return UNCHANGED;
  const n = Math.min(before.length, after.length);
  // Common prefix, then suffix, in blocks: comparing slices runs in the engine, not per character.
  const BLOCK = 4096;
  let p = 0;
  while (p + BLOCK <= n && before.slice(p, p + BLOCK) === after.slice(p, p + BLOCK)) p += BLOCK;
  while (p < n && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  const rest = n - p;
  while (s + BLOCK <= rest && before.slice(before.length - s - BLOCK, before.length - s) === after.slice(after.length - s - BLOCK, after.length - s)) s += BLOCK;
  while (s < rest && before.charCodeAt(before.length - s - 1) === after.charCodeAt(after.length - s - 1)) s++;
  const delta = after.length - before.length;
  // Line breaks in what changed move every later line; so does a carriage return right before
  // it, which is a line break of its own or half of one depending on what follows.
  const changedBreaks = LINE_BREAK.test(before.slice(p, before.length - s)) || LINE_BREAK.test(after.slice(p, after.length - s)) || (p > 0 && before.charCodeAt(p - 1) === CR);
  if (changedBreaks) return { below: p, from: Infinity, delta };
  if (delta === 0) return UNCHANGED;
  // The edited line's own later characters moved; the lines after it did not.
  LINE_BREAK_FROM.lastIndex = p;
  const m = LINE_BREAK_FROM.exec(after);
  return { below: p, from: m ? m.index + m[0].length : Infinity, delta };
}

const LINE_BREAK = /[\r\n]/;
const CR = 13;
const LINE_BREAK_FROM = /\r\n|\r|\n/g;

/** Whether `now`, an offset of the new text, has the position `was` had in the old one. */
function samePosition(shift: PositionShift, now: number, was: number): boolean {
  return (now < shift.below && was === now) || (now >= shift.from && was === now - shift.delta);
}

/** Whether every range of finding `f` has the positions the same range of `was` had before the edit. */
function samePositions(shift: PositionShift, f: Finding, was: Finding): boolean {
  if (f.related.length !== was.related.length) return false;
  if (!samePosition(shift, f.range.start, was.range.start) || !samePosition(shift, f.range.end, was.range.end)) return false;
  return f.related.every((r, i) => samePosition(shift, r.range.start, was.related[i].range.start) && samePosition(shift, r.range.end, was.related[i].range.end));
}

export function toDiagnostics(doc: TextDocument, findings: readonly Finding[], settings: RedundancySettings, cache: DiagnosticCache = new DiagnosticCache()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const text = doc.getText();
  const last = cache.last(doc.uri);
  // A new document's last text is empty: nothing of it is kept.
  const shift = last.kept.size ? positionShift(last.text, text) : NOTHING_KEPT;
  const now = new Map<string, Kept>();
  const { codeDescription, relatedInformation } = cache.client;
  for (const f of findings) {
    const override = settings.rules[f.rule];
    if (override === 'off') continue;
    // An accepted risk stays visible but quiet: a hint, not a warning.
    const severity = SEVERITY[f.accepted ? 'hint' : (override ?? f.severity)];
    // Keys are unique within a design; a Markdown document's blocks are designs of their own.
    const key = f.block === undefined ? f.data.key : `${f.block}|${f.data.key}`;
    const was = last.kept.get(key);
    const same = was !== undefined && was.diagnostic.severity === severity && sameFinding(was.finding, f);
    // The finding kept by the edit (itself, or a copy an edit above shifted) where the edit moved
    // none of its positions: the diagnostic as it was, without computing them again — on a
    // design of 50,000 lines that is 12,000 findings and their related locations per keystroke.
    if (same && samePositions(shift, f, was.finding)) {
      now.set(key, was.finding === f ? was : { finding: f, diagnostic: was.diagnostic });
      out.push(was.diagnostic);
      continue;
    }
    const range = toRange(doc, f.range);
    const related = relatedInformation ? f.related.map((r) => toRange(doc, r.range)) : [];
    let d: Diagnostic;
    if (same && sameRange(was.diagnostic.range, range) && sameRelated(was.diagnostic, doc.uri, related)) {
      d = was.diagnostic;
    } else {
      d = {
        range,
        severity,
        code: f.rule,
        ...(codeDescription ? { codeDescription: { href: ruleDocUrl(f.rule) } satisfies CodeDescription } : {}),
        source: SOURCE,
        message: f.accepted ? `Accepted risk: ${f.message}` : f.message,
        data: (f.block === undefined ? { key: f.data.key } : { key: f.data.key, block: f.block }) satisfies DiagnosticData,
      };
      if (related.length) d.relatedInformation = f.related.map((r, i) => ({ location: { uri: doc.uri, range: related[i] }, message: r.message }));
    }
    now.set(key, { finding: f, diagnostic: d });
    out.push(d);
  }
  cache.keep(doc.uri, { text, kept: now });
  return out;
}
