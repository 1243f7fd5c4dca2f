/**
 * YAML read the way a person reads it, a line at a time, without a parser: line spans, the
 * tokens of one block line (its `- ` markers and its `key:`), quoted scalars, comments,
 * `&anchor` / `!tag` properties, and the entries of a flow collection. The cursor path
 * (cursor.ts) and the whole-file scans (scan.ts) are built on these; they work on half-typed
 * text, which the parser would reject.
 *
 * Offsets are UTF-16 code units into the text; columns are offsets from the line start.
 */
import type { OffsetRange } from './types';

export interface LineSpan {
  start: number;
  /** End of the line's content, before "\r\n" or "\n". */
  end: number;
}

export interface KeyToken {
  kind: 'key';
  col: number;
  name: string;
  /** Columns of the key's text (inside the quotes when quoted). */
  nameStart: number;
  nameEnd: number;
  quote: '"' | "'" | null;
  colon: number;
}
export interface SeqToken {
  kind: 'seq';
  col: number;
}
export type BlockToken = KeyToken | SeqToken;

export interface BlockLine {
  /** Column of the first character, or -1 for a blank or comment-only line. */
  indent: number;
  /** `- ` markers, then at most one `key:`, in column order. */
  tokens: BlockToken[];
  /** Column where the value part starts (after the last token and blanks). */
  valueStart: number;
  /** Column where the value part ends (before a comment and trailing blanks). */
  valueEnd: number;
  docMarker: boolean;
}

// ---------------------------------------------------------------------------------------
// Lines

export function lineSpanAt(text: string, offset: number): LineSpan {
  const start = offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

export function prevLine(text: string, lineStart: number): LineSpan | null {
  if (lineStart <= 0) return null;
  const nl = lineStart - 1;
  const start = nl === 0 ? 0 : text.lastIndexOf('\n', nl - 1) + 1;
  const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  return { start, end };
}

export function nextLine(text: string, line: LineSpan): LineSpan | null {
  const nl = text.indexOf('\n', line.end);
  if (nl === -1) return null;
  const start = nl + 1;
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

/** Column of the line's first character, or -1 when it is blank or only a comment. Cheap. */
export function indentOf(text: string, line: LineSpan): number {
  let i = line.start;
  while (i < line.end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i >= line.end || text.charCodeAt(i) === 35 /* # */) return -1;
  return i - line.start;
}

// ---------------------------------------------------------------------------------------
// One block line

export function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

export function isSpaceOrEol(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** Index after the quoted scalar that starts at `i` (s[i] is the quote), or `limit` when unterminated. */
export function skipQuoted(s: string, i: number, limit = s.length): number {
  const q = s[i];
  let j = i + 1;
  while (j < limit) {
    const c = s[j];
    if (q === '"' && c === '\\') {
      j += 2;
      continue;
    }
    if (c === q) {
      if (q === "'" && s[j + 1] === "'") {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return limit;
}

/** Whether a quote at `i` opens a quoted scalar (rather than being an apostrophe inside a plain one). */
export function quoteOpensScalar(s: string, i: number, from: number): boolean {
  if (i <= from) return true;
  const prev = s[i - 1];
  if ('[{,:'.includes(prev)) return true;
  if (!isBlank(prev)) return false;
  let k = i - 1;
  while (k > from && isBlank(s[k - 1])) k--;
  return k <= from || '[{,:-?'.includes(s[k - 1]);
}

/** Column where a comment starts in `s` at or after `from`, or s.length. */
export function commentStart(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === '#' && (i === 0 || isBlank(s[i - 1]))) return i;
    if ((c === '"' || c === "'") && quoteOpensScalar(s, i, from)) {
      i = skipQuoted(s, i);
      continue;
    }
    i++;
  }
  return s.length;
}

export function unquote(raw: string): string {
  if (raw.length >= 2 && raw[0] === '"' && raw[raw.length - 1] === '"') {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw.length >= 2 && raw[0] === "'" && raw[raw.length - 1] === "'") return raw.slice(1, -1).replace(/''/g, "'");
  return raw;
}

function readKey(s: string, i: number): KeyToken | null {
  const c = s[i];
  if (c === '"' || c === "'") {
    const j = skipQuoted(s, i);
    if (s[j - 1] !== c || j - 1 === i) return null;
    let k = j;
    while (isBlank(s[k])) k++;
    if (s[k] === ':' && isSpaceOrEol(s[k + 1])) {
      return { kind: 'key', col: i, name: unquote(s.slice(i, j)), nameStart: i + 1, nameEnd: j - 1, quote: c, colon: k };
    }
    return null;
  }
  if ('[]{},#&*!|>%@`?'.includes(c)) return null;
  for (let j = i; j < s.length; j++) {
    if (s[j] === ':' && isSpaceOrEol(s[j + 1])) {
      const name = s.slice(i, j).trimEnd();
      return { kind: 'key', col: i, name, nameStart: i, nameEnd: i + name.length, quote: null, colon: j };
    }
    if (s[j] === '#' && isBlank(s[j - 1])) return null;
  }
  return null;
}

export function parseBlockLine(s: string): BlockLine {
  let i = 0;
  const n = s.length;
  while (i < n && isBlank(s[i])) i++;
  const blank: BlockLine = { indent: -1, tokens: [], valueStart: n, valueEnd: n, docMarker: false };
  if (i >= n || s[i] === '#') return blank;
  if (i === 0 && (s.startsWith('---') || s.startsWith('...')) && isSpaceOrEol(s[3])) return { ...blank, docMarker: true };
  const indent = i;
  const tokens: BlockToken[] = [];
  while (s[i] === '-' && isSpaceOrEol(s[i + 1])) {
    tokens.push({ kind: 'seq', col: i });
    i++;
    while (i < n && isBlank(s[i])) i++;
  }
  if (i < n && s[i] !== '#') {
    const key = readKey(s, i);
    if (key) {
      tokens.push(key);
      i = key.colon + 1;
      while (i < n && isBlank(s[i])) i++;
    }
  }
  let end = commentStart(s, i);
  while (end > i && isBlank(s[end - 1])) end--;
  return { indent, tokens, valueStart: i, valueEnd: end, docMarker: false };
}

export function lineText(text: string, line: LineSpan): string {
  return text.slice(line.start, line.end);
}

export function isBlockScalarIndicator(v: string): boolean {
  return /^[|>][-+0-9]*$/.test(v);
}

/** A value that skips `&anchor` and `!tag` properties: its start column. */
export function skipProperties(s: string, i: number, end: number): number {
  while (i < end && (s[i] === '&' || s[i] === '!')) {
    while (i < end && !isBlank(s[i])) i++;
    while (i < end && isBlank(s[i])) i++;
  }
  return i;
}

// ---------------------------------------------------------------------------------------
// Flow collections

export interface FlowEntry {
  /** The entry's key in a flow map (or an implicit `key: value` pair in a list), else null. */
  key: string | null;
  keyRange: OffsetRange | null;
  /** The scalar value, unquoted; '' when the value is a collection or absent. */
  value: string;
  /** Range of the written value (quotes included), or null when absent. */
  valueRange: OffsetRange | null;
  /** Whether the value is quoted. */
  quoted: boolean;
}

/**
 * The entries of the flow collection whose bracket is at `open`, to its closing bracket
 * (or as far as it goes when unclosed). Entries of nested collections are not listed.
 */
export function flowEntries(text: string, open: number): FlowEntry[] {
  const out: FlowEntry[] = [];
  let depth = 0;
  let cur: FlowEntry | null = null;
  let tokStart = -1;
  let tokEnd = -1;
  let tokQuoted = false;
  const flushToken = (asKey: boolean) => {
    if (!cur) cur = { key: null, keyRange: null, value: '', valueRange: null, quoted: false };
    if (tokStart !== -1) {
      const raw = text.slice(tokStart, tokEnd);
      const range = { start: tokStart, end: tokEnd };
      if (asKey) {
        cur.key = unquote(raw);
        cur.keyRange = range;
      } else {
        cur.value = unquote(raw);
        cur.valueRange = range;
        cur.quoted = tokQuoted;
      }
    } else if (asKey) cur.key = '';
    tokStart = -1;
    tokEnd = -1;
    tokQuoted = false;
  };
  const endEntry = () => {
    flushToken(false);
    const e = cur as FlowEntry | null;
    if (e && (e.key !== null || e.valueRange || e.value !== '')) out.push(e);
    cur = null;
  };
  let i = open;
  const limit = Math.min(text.length, open + 1_000_000);
  while (i < limit) {
    const c = text[i];
    if (c === '#' && i > open && isSpaceOrEol(text[i - 1])) {
      const nl = text.indexOf('\n', i);
      if (nl === -1) break;
      i = nl;
      continue;
    }
    if (c === '[' || c === '{') {
      depth++;
      if (depth === 2 && !cur) cur = { key: null, keyRange: null, value: '', valueRange: null, quoted: false };
      i++;
      continue;
    }
    if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        endEntry();
        break;
      }
      i++;
      continue;
    }
    if (depth !== 1) {
      if (c === '"' || c === "'") {
        i = skipQuoted(text, i, lineSpanAt(text, i).end);
        continue;
      }
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === ',') {
      endEntry();
      i++;
      continue;
    }
    if ((c === '"' || c === "'") && tokStart === -1) {
      const q = skipQuoted(text, i, lineSpanAt(text, i).end);
      tokStart = i;
      tokEnd = q;
      tokQuoted = true;
      i = q;
      continue;
    }
    if (c === ':' && (isSpaceOrEol(text[i + 1]) || ',]}'.includes(text[i + 1] ?? '') || tokQuoted)) {
      flushToken(true);
      i++;
      continue;
    }
    if (tokStart === -1) tokStart = i;
    tokEnd = i + 1;
    i++;
  }
  return out;
}

/** End of the written content of a block line from `from`: before a comment and trailing blanks. */
export function commentEndTrimmed(s: string, from: number): number {
  let end = commentStart(s, from);
  while (end > from && isBlank(s[end - 1])) end--;
  return end;
}
