/**
 * Where the cursor is in the YAML structure, without parsing the document.
 *
 * The language service asks this on every keystroke, usually while the document is
 * half-typed and not valid YAML, so it cannot rely on the parser. Instead it reads the
 * text the way a person does: the current line (its `- ` markers, its `key:`, a flow
 * collection being typed), then the lines above it by indentation, nearest first, until
 * the path to the root is known. Cost: at most the lines above the cursor (in practice
 * the sections of its ancestors), never a line below it; `siblingEntries` then reads the
 * one collection at the cursor. The whole-document scans at the end (component and shared
 * keys and their references, `failureDomains`, level values) are one pass over the lines, for text that
 * does not parse and for requests where a full YAML parse would be too slow.
 *
 * Offsets are UTF-16 code units into `text`; columns are offsets from the line start.
 * Handled: block maps and lists (also the compact `key:\n- item` style), flow maps and
 * lists (also spread over several lines), quoted keys and values, comments, blank lines,
 * CRLF line ends, `---` markers. Not handled (rare in designs): complex `? ` keys,
 * multi-line plain or quoted scalars outside flow collections; inside a block scalar
 * (`description: |`) there is no context.
 */
import { columnOf } from './positions';
import type { OffsetRange } from './types';

export type PathSegment = string | number;

/** The collection the cursor's entry belongs to, to list its other entries. */
export type CursorContainer =
  /** A block map or list whose keys (or `-` markers) start at `column`. */
  | { style: 'block'; column: number }
  /** A flow map or list opened by the bracket at offset `open`. */
  | { style: 'flow'; open: number };

export interface CursorContext {
  /**
   * Map keys and list indexes from the root. Role `key`: the path of the map whose key is
   * under the cursor. Role `value`: the path of the value under the cursor (it ends with the
   * value's key, or with the list index of the item).
   */
  path: PathSegment[];
  role: 'key' | 'value';
  /** Role `key`: the key under the cursor (as typed so far); role `value`: the nearest map key in `path`. */
  key?: string;
  /** The part of `word` before the cursor. */
  prefix: string;
  /** The whole scalar the cursor is in (unquoted), or '' where nothing is written yet. */
  word: string;
  /** Range of `word` in the text (inside the quotes for a quoted scalar): what a completion replaces. */
  replace: OffsetRange;
  /** The quote around `word`, when it is quoted. */
  quote?: '"' | "'";
  /** True inside a flow collection (`[...]`, `{...}`). */
  flow: boolean;
  /**
   * Only indentation before the cursor on its line: a new entry starts here, so a completion
   * may insert a whole `key: ` or `- item`.
   */
  bare: boolean;
  /** The collection holding the entry at the cursor (the map for keys, the list for list items). */
  container: CursorContainer;
}

interface LineSpan {
  start: number;
  /** End of the line's content, before "\r\n" or "\n". */
  end: number;
}

interface KeyToken {
  kind: 'key';
  col: number;
  name: string;
  /** Columns of the key's text (inside the quotes when quoted). */
  nameStart: number;
  nameEnd: number;
  quote: '"' | "'" | null;
  colon: number;
}
interface SeqToken {
  kind: 'seq';
  col: number;
}
type BlockToken = KeyToken | SeqToken;

interface BlockLine {
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

function prevLine(text: string, lineStart: number): LineSpan | null {
  if (lineStart <= 0) return null;
  const nl = lineStart - 1;
  const start = nl === 0 ? 0 : text.lastIndexOf('\n', nl - 1) + 1;
  const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  return { start, end };
}

function nextLine(text: string, line: LineSpan): LineSpan | null {
  const nl = text.indexOf('\n', line.end);
  if (nl === -1) return null;
  const start = nl + 1;
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

/** Column of the line's first character, or -1 when it is blank or only a comment. Cheap. */
function indentOf(text: string, line: LineSpan): number {
  let i = line.start;
  while (i < line.end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i >= line.end || text.charCodeAt(i) === 35 /* # */) return -1;
  return i - line.start;
}

/** The column of `offset` on its line. */
export { columnOf };

// ---------------------------------------------------------------------------------------
// One block line

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function isSpaceOrEol(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** Index after the quoted scalar that starts at `i` (s[i] is the quote), or `limit` when unterminated. */
function skipQuoted(s: string, i: number, limit = s.length): number {
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
function quoteOpensScalar(s: string, i: number, from: number): boolean {
  if (i <= from) return true;
  const prev = s[i - 1];
  if ('[{,:'.includes(prev)) return true;
  if (!isBlank(prev)) return false;
  let k = i - 1;
  while (k > from && isBlank(s[k - 1])) k--;
  return k <= from || '[{,:-?'.includes(s[k - 1]);
}

/** Column where a comment starts in `s` at or after `from`, or s.length. */
function commentStart(s: string, from: number): number {
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

function parseBlockLine(s: string): BlockLine {
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

function lineText(text: string, line: LineSpan): string {
  return text.slice(line.start, line.end);
}

function isBlockScalarIndicator(v: string): boolean {
  return /^[|>][-+0-9]*$/.test(v);
}

/** A value that skips `&anchor` and `!tag` properties: its start column. */
function skipProperties(s: string, i: number, end: number): number {
  while (i < end && (s[i] === '&' || s[i] === '!')) {
    while (i < end && !isBlank(s[i])) i++;
    while (i < end && isBlank(s[i])) i++;
  }
  return i;
}

// ---------------------------------------------------------------------------------------
// Ancestors by indentation

interface Target {
  kind: 'key' | 'seq' | 'empty';
  col: number;
}

interface Ancestry {
  /** Path from the root to the target's parent collection (its own segment excluded). */
  segs: PathSegment[];
  /** The target's index when it is (or turned out to be) a list item. */
  index: number;
  /** What an `empty` target turned out to be: a key of a map, an item of a list, or deeper than its parent. */
  resolved: 'key' | 'seq' | 'child';
}

/**
 * The path to the collection holding the first token of `lineStart`'s line, found by
 * walking up: lines indented deeper than the target are inside a sibling; a line at the
 * target's column holds a sibling (counted, for list indexes); the first line with a token
 * left of the target holds the parent. Null when the target sits inside a scalar.
 */
function ancestry(text: string, lineStart: number, target: Target): Ancestry | null {
  const rev: PathSegment[] = [];
  let col = target.col;
  let kind = target.kind;
  let name: string | undefined;
  let count = 0;
  let initial = true;
  let index = 0;
  let resolved: Ancestry['resolved'] = target.kind === 'seq' ? 'seq' : 'key';
  if (kind === 'key' && col === 0) return { segs: [], index: 0, resolved: 'key' };
  for (let ln = prevLine(text, lineStart); ln; ln = prevLine(text, ln.start)) {
    const ind = indentOf(text, ln);
    if (ind < 0 || ind > col) continue;
    if (ind === col && kind !== 'empty') {
      // Fast path for the common case: a sibling entry of the same kind.
      const isSeq = text[ln.start + ind] === '-' && isSpaceOrEol(text[ln.start + ind + 1]);
      if (kind === 'key' && !isSeq) continue;
      if (kind === 'seq' && isSeq) {
        count++;
        continue;
      }
    }
    const bl = parseBlockLine(lineText(text, ln));
    if (bl.docMarker) break;
    const toks = bl.tokens;
    if (toks.length === 0) continue;
    let j = toks.findIndex((t) => t.col >= col);
    if (j === -1) j = toks.length;
    if (j < toks.length && toks[j].col === col) {
      const t = toks[j];
      if (kind === 'empty') {
        kind = t.kind;
        resolved = t.kind;
      }
      if (t.kind === kind) {
        if (kind === 'seq') count++;
        if (j === 0) continue;
      } else if (kind === 'key') {
        // A compact list at a key's column belongs to a sibling key's value.
        continue;
      } else {
        // A compact list under its key: `key:\n- item`.
        j++;
      }
    }
    if (j === 0) continue;
    const anc = toks.slice(0, j);
    const parent = anc[anc.length - 1];
    if (parent.kind === 'key' && parent === toks[toks.length - 1]) {
      // A key with a value on its line has no children, unless that value is a flow
      // collection still open (a multi-line flow map or list).
      const ls = lineText(text, ln);
      const v = ls.slice(skipProperties(ls, bl.valueStart, bl.valueEnd), bl.valueEnd);
      if (v !== '' && !(v.startsWith('[') || v.startsWith('{'))) return null;
    }
    if (kind === 'empty') resolved = 'child';
    if (initial) {
      index = count;
      initial = false;
    } else {
      rev.push(kind === 'seq' ? count : (name as string));
    }
    for (let k = anc.length - 1; k >= 1; k--) {
      const t = anc[k];
      rev.push(t.kind === 'key' ? t.name : 0);
    }
    const top = anc[0];
    col = top.col;
    kind = top.kind;
    name = top.kind === 'key' ? top.name : undefined;
    count = 0;
    if (kind === 'key' && col === 0) {
      rev.push(name as string);
      return { segs: rev.reverse(), index, resolved };
    }
  }
  if (initial) {
    index = count;
    if (kind === 'empty') resolved = 'key';
  } else {
    rev.push(kind === 'seq' ? count : (name as string));
  }
  return { segs: rev.reverse(), index, resolved };
}

// ---------------------------------------------------------------------------------------
// Flow collections

/** Net `[{` minus `]}` on a line, outside quotes and comments. */
function bracketBalance(text: string, line: LineSpan): number {
  let any = false;
  for (let k = line.start; k < line.end && !any; k++) {
    const ch = text.charCodeAt(k);
    any = ch === 91 || ch === 93 || ch === 123 || ch === 125;
  }
  if (!any) return 0;
  const s = lineText(text, line);
  let from = 0;
  while (from < s.length && isBlank(s[from])) from++;
  let bal = 0;
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === '#' && (i === 0 || isBlank(s[i - 1]))) break;
    if ((c === '"' || c === "'") && quoteOpensScalar(s, i, from)) {
      i = skipQuoted(s, i);
      continue;
    }
    if (c === '[' || c === '{') bal++;
    else if (c === ']' || c === '}') bal--;
    i++;
  }
  return bal;
}

/**
 * The line that opened a flow collection still open at the start of `line`, or null.
 * Walks up summing bracket balances; stops at the first line left of `indent` (block
 * structure resumes there) with nothing open.
 */
function openFlowAbove(text: string, line: LineSpan, indent: number): LineSpan | null {
  let sum = 0;
  for (let ln = prevLine(text, line.start); ln; ln = prevLine(text, ln.start)) {
    const ind = indentOf(text, ln);
    if (ind < 0) continue;
    sum += bracketBalance(text, ln);
    if (sum > 0) return ln;
    if (ind < indent) return null;
    // `- ` items and `key:` openers are block structure: no flow collection spans them.
    const c = text[ln.start + ind];
    if (c === '-' || ind === 0) {
      const bl = parseBlockLine(lineText(text, ln));
      if (bl.docMarker || bl.tokens[0]?.kind === 'seq' || (ind === 0 && bl.tokens.length > 0)) return null;
    } else if (text.charCodeAt(ln.end - 1) === 58 /* : */) {
      const bl = parseBlockLine(lineText(text, ln));
      if (bl.tokens.length === 1 && bl.valueStart >= bl.valueEnd) return null;
    }
  }
  return null;
}

interface Frame {
  kind: 'seq' | 'map';
  open: number;
  index: number;
  key: string | null;
  afterColon: boolean;
  tokenStart: number;
  /** Segments from the enclosing frame into this one. */
  seg: PathSegment[];
}

interface FlowContext {
  segs: PathSegment[];
  role: 'key' | 'value';
  replace: OffsetRange;
  quote?: '"' | "'";
  open: number;
}

function frameSeg(f: Frame): PathSegment[] {
  if (f.kind === 'seq') return f.afterColon && f.key !== null ? [f.index, f.key] : [f.index];
  return f.afterColon && f.key !== null ? [f.key] : [];
}

/** End of the flow token that continues at `from`: before `,` `]` `}` a comment, a line end or `: `. */
function flowTokenEnd(text: string, from: number, start: number): number {
  let j = from;
  while (j < text.length) {
    const c = text[j];
    if (c === ',' || c === '[' || c === ']' || c === '{' || c === '}' || c === '\n' || c === '\r') break;
    if (c === '#' && isSpaceOrEol(text[j - 1])) break;
    if (c === ':' && (isSpaceOrEol(text[j + 1]) || ',]}'.includes(text[j + 1]))) break;
    j++;
  }
  while (j > Math.max(from, start) && isBlank(text[j - 1])) j--;
  return j;
}

/** The flow structure from the bracket at `open` up to `cursor`; null in a comment or after the collection closed. */
function flowAt(text: string, open: number, cursor: number): FlowContext | null {
  const stack: Frame[] = [];
  let i = open;
  while (i < cursor) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '#' && i > open && isSpaceOrEol(text[i - 1])) {
      const nl = text.indexOf('\n', i);
      if (nl === -1 || nl >= cursor) return null;
      i = nl;
      continue;
    }
    if (c === '[' || c === '{') {
      stack.push({
        kind: c === '[' ? 'seq' : 'map',
        open: i,
        index: 0,
        key: null,
        afterColon: false,
        tokenStart: -1,
        seg: top ? frameSeg(top) : [],
      });
      i++;
      continue;
    }
    if (!top) return null;
    if ((c === '"' || c === "'") && top.tokenStart === -1) {
      const lineEnd = lineSpanAt(text, i).end;
      const q = skipQuoted(text, i, lineEnd);
      const closed = text[q - 1] === c && q - 1 > i;
      if (cursor < q || (cursor === q && !closed)) {
        const segs = stack.flatMap((f) => f.seg);
        const role = top.kind === 'map' && !top.afterColon ? 'key' : 'value';
        segs.push(...(role === 'key' ? [] : frameSeg(top)));
        return { segs, role, replace: { start: i + 1, end: closed ? q - 1 : q }, quote: c, open: top.open };
      }
      top.tokenStart = i;
      i = q;
      continue;
    }
    if (c === ']' || c === '}') {
      stack.pop();
      if (stack.length === 0) return null;
      stack[stack.length - 1].tokenStart = i;
      i++;
      continue;
    }
    if (c === ',') {
      top.index++;
      top.key = null;
      top.afterColon = false;
      top.tokenStart = -1;
      i++;
      continue;
    }
    if (c === ':' && (isSpaceOrEol(text[i + 1]) || ',]}'.includes(text[i + 1] ?? '') || (top.tokenStart !== -1 && (text[i - 1] === '"' || text[i - 1] === "'")))) {
      top.key = top.tokenStart === -1 ? '' : unquote(text.slice(top.tokenStart, i).trim());
      top.afterColon = true;
      top.tokenStart = -1;
      i++;
      continue;
    }
    if (top.tokenStart === -1) top.tokenStart = i;
    i++;
  }
  const top = stack[stack.length - 1];
  if (!top) return null;
  const segs = stack.slice(0, -1).flatMap((f) => f.seg).concat(top.seg);
  const role: 'key' | 'value' = top.kind === 'map' && !top.afterColon ? 'key' : 'value';
  if (role === 'value') segs.push(...frameSeg(top));
  if (top.tokenStart === -1 && (text[cursor] === '"' || text[cursor] === "'")) {
    // Right before an opening quote: the quoted scalar that starts here.
    const q = skipQuoted(text, cursor, lineSpanAt(text, cursor).end);
    const closed = text[q - 1] === text[cursor] && q - 1 > cursor;
    return { segs, role, replace: { start: cursor + 1, end: closed ? q - 1 : q }, quote: text[cursor] as '"' | "'", open: top.open };
  }
  // On the blank before the next token (`[a,| b]`): on nothing yet.
  if (top.tokenStart === -1 && (isBlank(text[cursor]) || text[cursor] === '\r' || text[cursor] === '\n')) {
    return { segs, role, replace: { start: cursor, end: cursor }, open: top.open };
  }
  const start = top.tokenStart === -1 ? cursor : top.tokenStart;
  // A quoted token that closed before the cursor: the cursor is after it, on nothing.
  if (top.tokenStart !== -1 && (text[start] === '"' || text[start] === "'")) {
    return { segs, role, replace: { start: cursor, end: cursor }, open: top.open };
  }
  return { segs, role, replace: { start, end: flowTokenEnd(text, cursor, start) }, open: top.open };
}

// ---------------------------------------------------------------------------------------
// The cursor

/**
 * Where `offset` is in the YAML structure of `text`. Null inside a comment, a block scalar,
 * a `---` marker, or after a flow collection closed on the line.
 */
export function pathAt(text: string, offset: number): CursorContext | null {
  offset = Math.max(0, Math.min(offset, text.length));
  const line = lineSpanAt(text, offset);
  if (offset > line.end) offset = line.end;
  const s = lineText(text, line);
  const cc = offset - line.start;
  const bl = parseBlockLine(s);
  if (bl.docMarker) return null;
  if (cc > commentStart(s, bl.indent < 0 ? 0 : bl.indent)) return null;

  const bare = bl.indent < 0 || cc < bl.indent || (cc === bl.indent && bl.tokens[0]?.kind === 'seq');
  const ownIndent = bare ? cc : bl.indent;

  // Inside a flow collection opened on a line above?
  const opener = openFlowAbove(text, line, ownIndent);
  if (opener) {
    const ol = parseBlockLine(lineText(text, opener));
    const os = lineText(text, opener);
    const vs = skipProperties(os, ol.valueStart, ol.valueEnd);
    if (os[vs] === '[' || os[vs] === '{') {
      const flow = flowAt(text, opener.start + vs, offset);
      if (!flow) return null;
      const target: Target = ol.tokens.length ? { kind: ol.tokens[0].kind, col: ol.tokens[0].col } : { kind: 'empty', col: ol.indent };
      const anc = ancestry(text, opener.start, target);
      if (!anc) return null;
      const own = ol.tokens.length ? lineSegments(ol.tokens, anc.index, true) : anc.resolved === 'seq' ? [anc.index] : [];
      const segs = [...anc.segs, ...own, ...flow.segs];
      return fromFlow(text, offset, segs, flow);
    }
  }

  if (bare) {
    const anc = ancestry(text, line.start, { kind: 'empty', col: cc });
    if (!anc) return null;
    const replace = { start: offset, end: offset };
    const container: CursorContainer = { style: 'block', column: cc };
    if (anc.resolved === 'seq') {
      const path = [...anc.segs, anc.index];
      return { path, role: 'value', key: lastKey(path), prefix: '', word: '', replace, flow: false, bare: true, container };
    }
    return { path: anc.segs, role: 'key', prefix: '', word: '', replace, flow: false, bare: true, container };
  }

  const toks = bl.tokens;
  const key = toks.find((t): t is KeyToken => t.kind === 'key');
  const seqs = toks.filter((t) => t.kind === 'seq');
  // Between a `-` marker and what follows it: no entry to complete or describe.
  const contentStart = key ? key.col : bl.valueStart;
  if (seqs.length > 0 && cc > seqs[0].col && cc < contentStart) return null;
  const target: Target = toks.length ? { kind: toks[0].kind, col: toks[0].col } : { kind: 'key', col: bl.indent };
  const anc = ancestry(text, line.start, target);
  if (!anc) return null;

  if (key && cc <= key.colon) {
    // On a key.
    const path = [...anc.segs, ...lineSegments(seqs, anc.index, false)];
    const replace = { start: line.start + key.nameStart, end: line.start + key.nameEnd };
    const prefix = s.slice(key.nameStart, Math.max(key.nameStart, Math.min(cc, key.nameEnd)));
    const ctx: CursorContext = {
      path,
      role: 'key',
      key: key.name,
      prefix,
      word: key.name,
      replace,
      flow: false,
      bare: false,
      container: { style: 'block', column: key.col },
    };
    if (key.quote) ctx.quote = key.quote;
    return ctx;
  }

  const base = [...anc.segs, ...lineSegments(toks, anc.index, true)];
  const vs = skipProperties(s, bl.valueStart, bl.valueEnd);
  const inItem = !key && seqs.length > 0;
  const container: CursorContainer = inItem
    ? { style: 'block', column: seqs[seqs.length - 1].col }
    : { style: 'block', column: key ? key.col : bl.indent };
  if (cc > bl.valueStart && cc < vs) return null;
  const v = s.slice(vs, bl.valueEnd);
  if ((v.startsWith('[') || v.startsWith('{')) && cc > vs) {
    const flow = flowAt(text, line.start + vs, offset);
    if (!flow) return null;
    return fromFlow(text, offset, [...base, ...flow.segs], flow);
  }
  if (isBlockScalarIndicator(v) && cc > vs) return null;

  if (!key && !inItem) {
    // A bare word on a map's line: a key being typed (its colon not yet written).
    const word = s.slice(bl.valueStart, bl.valueEnd);
    return {
      path: anc.segs,
      role: 'key',
      key: word,
      prefix: s.slice(bl.valueStart, Math.min(cc, bl.valueEnd)),
      word,
      replace: { start: line.start + bl.valueStart, end: line.start + bl.valueEnd },
      flow: false,
      bare: false,
      container: { style: 'block', column: bl.indent },
    };
  }

  const ctx: CursorContext = {
    path: base,
    role: 'value',
    key: lastKey(base),
    prefix: '',
    word: '',
    replace: { start: offset, end: offset },
    flow: false,
    bare: false,
    container,
  };
  if (v.length === 0 || cc < vs) return ctx;
  if (v[0] === '"' || v[0] === "'") {
    const q = skipQuoted(s, vs, bl.valueEnd);
    const closed = s[q - 1] === v[0] && q - 1 > vs;
    const innerEnd = closed ? q - 1 : q;
    if (cc > innerEnd && closed) return ctx;
    const inner = s.slice(vs + 1, innerEnd);
    ctx.quote = v[0] as '"' | "'";
    ctx.word = closed ? unquote(s.slice(vs, q)) : inner;
    ctx.prefix = s.slice(vs + 1, Math.max(vs + 1, cc));
    ctx.replace = { start: line.start + vs + 1, end: line.start + innerEnd };
    return ctx;
  }
  if (cc > bl.valueEnd) return ctx;
  ctx.word = v;
  ctx.prefix = s.slice(vs, cc);
  ctx.replace = { start: line.start + vs, end: line.start + bl.valueEnd };
  return ctx;
}

/** Path segments contributed by one line's tokens: list indexes (the first from its siblings) and keys. */
function lineSegments(toks: BlockToken[], firstIndex: number, withKey: boolean): PathSegment[] {
  const out: PathSegment[] = [];
  toks.forEach((t, i) => {
    if (t.kind === 'seq') out.push(i === 0 ? firstIndex : 0);
    else if (withKey) out.push(t.name);
  });
  return out;
}

function lastKey(path: PathSegment[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

function fromFlow(text: string, offset: number, path: PathSegment[], flow: FlowContext): CursorContext {
  const rawWord = text.slice(flow.replace.start, flow.replace.end);
  const word = flow.quote ? unquote(`${flow.quote}${rawWord}${flow.quote}`) : rawWord;
  const ctx: CursorContext = {
    path,
    role: flow.role,
    prefix: text.slice(flow.replace.start, Math.max(flow.replace.start, offset)),
    word,
    replace: flow.replace,
    flow: true,
    bare: false,
    container: { style: 'flow', open: flow.open },
  };
  ctx.key = flow.role === 'key' ? word : lastKey(path);
  if (ctx.key === undefined) delete ctx.key;
  if (flow.quote) ctx.quote = flow.quote;
  return ctx;
}

// ---------------------------------------------------------------------------------------
// The other entries of a collection

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

/**
 * The keys (`mode: 'keys'`) or scalar items (`mode: 'items'`) of the collection holding the
 * entry at `offset`, without that entry itself.
 */
export function siblingEntries(text: string, offset: number, container: CursorContainer, mode: 'keys' | 'items'): string[] {
  if (container.style === 'flow') {
    return flowEntries(text, container.open)
      .filter((e) => {
        const r = mode === 'keys' ? e.keyRange : e.valueRange;
        return !(r && r.start <= offset && offset <= r.end);
      })
      .map((e) => (mode === 'keys' ? e.key : e.valueRange && !e.key ? e.value : null))
      .filter((x): x is string => x !== null && x !== '');
  }
  const col = container.column;
  const here = lineSpanAt(text, offset);
  const out: string[] = [];
  // Returns false when the line ends the collection.
  const visit = (ln: LineSpan, upward: boolean): boolean => {
    const ind = indentOf(text, ln);
    if (ind < 0 || ind > col) return true;
    const s = lineText(text, ln);
    const bl = parseBlockLine(s);
    if (bl.docMarker) return false;
    const at = bl.tokens.find((t) => t.col === col);
    const left = bl.tokens.length > 0 && bl.tokens[0].col < col;
    if (mode === 'keys') {
      if (at?.kind === 'key') {
        // `- key:` starts the item: the map's first line going up, the next item's going down.
        if (!left || upward) out.push(at.name);
        return !left;
      }
      if (at?.kind === 'seq') return true;
      return ind >= col;
    }
    if (at?.kind === 'seq') {
      if (bl.tokens.indexOf(at) === bl.tokens.length - 1) {
        const v = s.slice(skipProperties(s, bl.valueStart, bl.valueEnd), bl.valueEnd);
        if (v && !v.startsWith('[') && !v.startsWith('{')) out.push(unquote(v));
      }
      return !left;
    }
    return false;
  };
  // The line at the cursor may itself start a list item (`- key: …`): nothing above is in its map.
  const own = parseBlockLine(lineText(text, here));
  const startsItem = mode === 'keys' && own.tokens.length > 0 && own.tokens[0].col < col;
  if (!startsItem) for (let ln = prevLine(text, here.start); ln; ln = prevLine(text, ln.start)) if (!visit(ln, true)) break;
  for (let ln = nextLine(text, here); ln; ln = nextLine(text, ln)) if (!visit(ln, false)) break;
  return out;
}

// ---------------------------------------------------------------------------------------
// Whole-document scans that work on half-typed text (no YAML parse)

export interface ScannedComponent {
  id: string;
  /** The id as written (inside the quotes when quoted). */
  keyRange: OffsetRange;
  /** From the key to the component's last written line. */
  fullRange: OffsetRange;
  /** The `kind` value as written, or null. */
  kind: string | null;
}

/** A component id written as a reference: a `dependsOn` / `consumes` item or an `accepted` entry's `component`. */
export interface ScannedReference {
  id: string;
  /** Inside the quotes when quoted. */
  range: OffsetRange;
}

/** A shared item written under a top-level `shared:`. */
export interface ScannedShared {
  id: string;
  /** The id as written (inside the quotes when quoted). */
  keyRange: OffsetRange;
  /** From the key to the item's last written line. */
  fullRange: OffsetRange;
  /** The `type` value as written, or null. */
  type: string | null;
}

interface Scan {
  text: string;
  components: ScannedComponent[];
  references: ScannedReference[];
  shared: ScannedShared[];
  /** Shared ids written as references: top-level and component `uses` items, `accepted[].shared`. */
  sharedReferences: ScannedReference[];
  /** The top-level `uses` items alone. */
  topUses: ScannedReference[];
}

let scanCache: Scan | null = null;

function scanAll(text: string): Scan {
  if (scanCache && scanCache.text === text) return scanCache;
  const components: ScannedComponent[] = [];
  const references: ScannedReference[] = [];
  const sharedReferences: ScannedReference[] = [];
  const m = /^components[ \t]*:/m.exec(text);
  if (m) {
    const head = lineSpanAt(text, m.index);
    const hs = lineText(text, head);
    const hl = parseBlockLine(hs);
    const v = hs.slice(skipProperties(hs, hl.valueStart, hl.valueEnd), hl.valueEnd);
    if (v.startsWith('{')) {
      for (const e of flowEntries(text, head.start + hs.indexOf('{', hl.valueStart))) {
        if (e.key && e.keyRange) {
          components.push({ id: e.key, keyRange: innerRange(text, e.keyRange), fullRange: { start: e.keyRange.start, end: e.keyRange.end }, kind: null });
        }
      }
    } else if (v === '') {
      scanBlockComponents(text, head, components, references, sharedReferences);
    }
  }
  scanAccepted(text, references, sharedReferences);
  const topUses: ScannedReference[] = [];
  scanTopList(text, 'uses', topUses);
  sharedReferences.push(...topUses);
  references.sort((a, b) => a.range.start - b.range.start);
  sharedReferences.sort((a, b) => a.range.start - b.range.start);
  scanCache = { text, components, references, shared: scanSharedItems(text), sharedReferences, topUses };
  return scanCache;
}

/** The items written under a top-level `shared:` (block or one-line flow style), in file order, valid or not. */
export function scanShared(text: string): ScannedShared[] {
  return scanAll(text).shared;
}

/** Shared ids written in `uses` lists (top level and per component) and in `accepted[].shared`, in text order. */
export function scanSharedReferences(text: string): ScannedReference[] {
  return scanAll(text).sharedReferences;
}

/** The items of the top-level `uses` list as written (every component uses them). */
export function scanTopUses(text: string): ScannedReference[] {
  return scanAll(text).topUses;
}

function scanSharedItems(text: string): ScannedShared[] {
  const out: ScannedShared[] = [];
  const m = /^shared[ \t]*:/m.exec(text);
  if (!m) return out;
  const head = lineSpanAt(text, m.index);
  const hs = lineText(text, head);
  const hl = parseBlockLine(hs);
  const v = hs.slice(skipProperties(hs, hl.valueStart, hl.valueEnd), hl.valueEnd);
  if (v.startsWith('{')) {
    for (const e of flowEntries(text, head.start + hs.indexOf('{', hl.valueStart))) {
      if (e.key && e.keyRange) out.push({ id: e.key, keyRange: innerRange(text, e.keyRange), fullRange: { ...e.keyRange }, type: null });
    }
    return out;
  }
  if (v !== '') return out;
  let childCol = -1;
  let fieldCol = -1;
  let cur: ScannedShared | null = null;
  for (let ln = nextLine(text, head); ln; ln = nextLine(text, ln)) {
    const ind = indentOf(text, ln);
    if (ind < 0) continue;
    if (ind === 0) break;
    if (childCol === -1) childCol = ind;
    if (ind < childCol) break;
    const s = lineText(text, ln);
    const bl = parseBlockLine(s);
    const key = bl.tokens[0];
    if (ind === childCol) {
      cur = null;
      if (key?.kind !== 'key') continue;
      cur = {
        id: key.name,
        keyRange: { start: ln.start + key.nameStart, end: ln.start + key.nameEnd },
        fullRange: { start: ln.start + key.col, end: ln.start + (bl.valueEnd > bl.valueStart ? bl.valueEnd : key.colon + 1) },
        type: null,
      };
      fieldCol = -1;
      out.push(cur);
      if (s[bl.valueStart] === '{') {
        const t = flowEntries(text, ln.start + bl.valueStart).find((e) => e.key === 'type');
        if (t && t.value) cur.type = t.value;
      }
      continue;
    }
    if (!cur) continue;
    cur.fullRange.end = ln.start + commentEndTrimmed(s, ind);
    if (fieldCol === -1) fieldCol = ind;
    if (ind === fieldCol && key?.kind === 'key' && key.name === 'type' && bl.valueEnd > bl.valueStart) cur.type = unquote(s.slice(bl.valueStart, bl.valueEnd));
  }
  return out;
}

/** The items of a top-level list `key: [a, b]` or `key:` followed by `- a` lines. */
function scanTopList(text: string, key: string, refs: ScannedReference[]): void {
  const m = new RegExp(`^${key}[ \\t]*:`, 'm').exec(text);
  if (!m) return;
  const head = lineSpanAt(text, m.index);
  const hs = lineText(text, head);
  const hl = parseBlockLine(hs);
  const vs = skipProperties(hs, hl.valueStart, hl.valueEnd);
  if (hs[vs] === '[') {
    pushFlowRefs(text, head.start + vs, refs);
    return;
  }
  if (vs < hl.valueEnd) return;
  let col = -1;
  for (let ln = nextLine(text, head); ln; ln = nextLine(text, ln)) {
    const ind = indentOf(text, ln);
    if (ind < 0) continue;
    const bl = parseBlockLine(lineText(text, ln));
    if (bl.tokens.length !== 1 || bl.tokens[0].kind !== 'seq' || (col !== -1 && ind !== col)) break;
    col = ind;
    const ref = lineValueRef(text, ln, bl);
    if (ref) refs.push(ref);
  }
}

/**
 * The components written under a top-level `components:` (block or one-line flow style),
 * in file order, valid or not. One pass over the lines; the last result is cached.
 */
export function scanComponents(text: string): ScannedComponent[] {
  return scanAll(text).components;
}

/**
 * Component references written in block style or in one-line flow lists and maps, in text
 * order. A fast reading, not a parse: exotic YAML (aliases, flow-style components) is not
 * covered, so callers that must be exact check it against the text (see navigation.ts).
 */
export function scanReferences(text: string): ScannedReference[] {
  return scanAll(text).references;
}

function innerRange(text: string, r: OffsetRange): OffsetRange {
  const q = text[r.start];
  return (q === '"' || q === "'") && r.end - r.start >= 2 && text[r.end - 1] === q ? { start: r.start + 1, end: r.end - 1 } : r;
}

function pushFlowRefs(text: string, open: number, out: ScannedReference[]): void {
  for (const e of flowEntries(text, open)) if (e.key === null && e.valueRange && e.value !== '') out.push({ id: e.value, range: innerRange(text, e.valueRange) });
}

/** The scalar value of a block line as a reference (quotes excluded from the range), or null. */
function lineValueRef(text: string, ln: LineSpan, bl: BlockLine): ScannedReference | null {
  const s = lineText(text, ln);
  const vs = skipProperties(s, bl.valueStart, bl.valueEnd);
  const raw = s.slice(vs, bl.valueEnd);
  if (raw === '' || raw.startsWith('[') || raw.startsWith('{') || raw.startsWith('*') || isBlockScalarIndicator(raw)) return null;
  return { id: unquote(raw), range: innerRange(text, { start: ln.start + vs, end: ln.start + bl.valueEnd }) };
}

function scanBlockComponents(text: string, head: LineSpan, out: ScannedComponent[], refs: ScannedReference[], sharedRefs: ScannedReference[]): void {
  let childCol = -1;
  let fieldCol = -1;
  let cur: ScannedComponent | null = null;
  /** Inside a block list of `dependsOn` / `consumes` / `uses`: the column of its `-` markers, once known, and where its items go. */
  let list: { col: number; into: ScannedReference[] } | null = null;
  const targetOf = (field: string): ScannedReference[] | null => (field === 'dependsOn' || field === 'consumes' ? refs : field === 'uses' ? sharedRefs : null);
  for (let ln = nextLine(text, head); ln; ln = nextLine(text, ln)) {
    const ind = indentOf(text, ln);
    if (ind < 0) continue;
    if (ind === 0) break;
    if (childCol === -1) childCol = ind;
    if (ind < childCol) break;
    if (ind === childCol) {
      const s = lineText(text, ln);
      const bl = parseBlockLine(s);
      const key = bl.tokens[0];
      list = null;
      if (key?.kind !== 'key') {
        cur = null;
        continue;
      }
      cur = {
        id: key.name,
        keyRange: { start: ln.start + key.nameStart, end: ln.start + key.nameEnd },
        fullRange: { start: ln.start + key.col, end: ln.start + (bl.valueEnd > bl.valueStart ? bl.valueEnd : key.colon + 1) },
        kind: null,
      };
      fieldCol = -1;
      out.push(cur);
      const v = s.slice(bl.valueStart, bl.valueEnd);
      if (v.startsWith('{')) {
        const open = ln.start + bl.valueStart;
        const entries = flowEntries(text, open);
        const kind = entries.find((e) => e.key === 'kind');
        if (kind && kind.value) cur.kind = kind.value;
        // One-line flow components: their reference lists are nested; read them from the text.
        for (const field of ['dependsOn', 'consumes', 'uses']) {
          const e = entries.find((x) => x.key === field && x.keyRange);
          if (!e || !e.keyRange) continue;
          const bracket = text.indexOf('[', e.keyRange.end);
          const stop = text.indexOf('\n', e.keyRange.end);
          if (bracket !== -1 && (stop === -1 || bracket < stop) && /^["']?[ \t]*:[ \t]*$/.test(text.slice(e.keyRange.end, bracket))) pushFlowRefs(text, bracket, targetOf(field)!);
        }
      }
      continue;
    }
    if (!cur) continue;
    const s = lineText(text, ln);
    cur.fullRange.end = ln.start + commentEndTrimmed(s, ind);
    if (fieldCol === -1) fieldCol = ind;
    if (ind > fieldCol && !list) continue;
    const bl = parseBlockLine(s);
    const first = bl.tokens[0];
    if (list && first?.kind === 'seq' && (list.col === -1 || first.col === list.col) && first.col >= fieldCol) {
      list.col = first.col;
      if (bl.tokens.length === 1) {
        const ref = lineValueRef(text, ln, bl);
        if (ref) list.into.push(ref);
      }
      continue;
    }
    if (ind > fieldCol) continue;
    list = null;
    if (first?.kind !== 'key' || ind !== fieldCol) continue;
    if (first.name === 'kind' && cur.kind === null && bl.valueEnd > bl.valueStart) cur.kind = unquote(s.slice(bl.valueStart, bl.valueEnd));
    const into = targetOf(first.name);
    if (into) {
      const vs = skipProperties(s, bl.valueStart, bl.valueEnd);
      if (s[vs] === '[') pushFlowRefs(text, ln.start + vs, into);
      else if (vs >= bl.valueEnd) list = { col: -1, into };
    }
  }
}

/** `component:` (and `shared:`) values of the top-level `accepted` list (block items, or one-line flow maps). */
function scanAccepted(text: string, refs: ScannedReference[], sharedRefs: ScannedReference[]): void {
  const m = /^accepted[ \t]*:[ \t]*(?:#.*)?$/m.exec(text);
  if (!m) return;
  let itemCol = -1;
  for (let ln = nextLine(text, lineSpanAt(text, m.index)); ln; ln = nextLine(text, ln)) {
    const ind = indentOf(text, ln);
    if (ind < 0) continue;
    const s = lineText(text, ln);
    const bl = parseBlockLine(s);
    if (bl.docMarker || (ind === 0 && bl.tokens[0]?.kind !== 'seq')) break;
    for (const t of bl.tokens) {
      if (t.kind === 'seq') {
        if (itemCol === -1 || t.col === itemCol) itemCol = t.col;
        continue;
      }
      if ((t.name === 'component' || t.name === 'shared') && t.col > itemCol) {
        const ref = lineValueRef(text, ln, bl);
        if (ref) (t.name === 'component' ? refs : sharedRefs).push(ref);
      }
    }
    const vs = skipProperties(s, bl.valueStart, bl.valueEnd);
    if (s[vs] === '{' && bl.tokens.length > 0 && bl.tokens[bl.tokens.length - 1].kind === 'seq') {
      const entries = flowEntries(text, ln.start + vs);
      for (const [field, into] of [['component', refs], ['shared', sharedRefs]] as const) {
        const e = entries.find((x) => x.key === field && x.valueRange);
        if (e && e.valueRange && e.value !== '') into.push({ id: e.value, range: innerRange(text, e.valueRange) });
      }
    }
  }
}

function commentEndTrimmed(s: string, from: number): number {
  let end = commentStart(s, from);
  while (end > from && isBlank(s[end - 1])) end--;
  return end;
}

/** The `failureDomains` list as written at the top level (block or flow), or null when absent. */
export function scanLevels(text: string): string[] | null {
  const m = /^failureDomains[ \t]*:/m.exec(text);
  if (!m) return null;
  const head = lineSpanAt(text, m.index);
  const hs = lineText(text, head);
  const hl = parseBlockLine(hs);
  if (hs[hl.valueStart] === '[') {
    return flowEntries(text, head.start + hl.valueStart)
      .filter((e) => e.key === null && e.value !== '')
      .map((e) => e.value);
  }
  if (hl.valueEnd > hl.valueStart) return null;
  const out: string[] = [];
  for (let ln = nextLine(text, head); ln; ln = nextLine(text, ln)) {
    if (indentOf(text, ln) < 0) continue;
    const s = lineText(text, ln);
    const bl = parseBlockLine(s);
    if (bl.tokens.length !== 1 || bl.tokens[0].kind !== 'seq') break;
    const v = s.slice(bl.valueStart, bl.valueEnd);
    if (v) out.push(unquote(v));
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Values written for a failure-domain level anywhere in the file (`zone: a` on replicas,
 * `zone: [a, b]` in `spread`), in order of first appearance, with how often each is written.
 * Occurrences whose range contains `exclude` (the word being typed) are left out.
 */
export function scanLevelValues(text: string, level: string, exclude = -1): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  const add = (v: string, range: OffsetRange) => {
    if (v === '' || (exclude >= range.start && exclude <= range.end)) return;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  };
  const re = new RegExp(`(?:^|[\\s{,])["']?${escapeRegExp(level)}["']?[ \\t]*:(?=[ \\t]|$)[ \\t]*`, 'gm');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].length;
    if (text[at] === '[') {
      for (const e of flowEntries(text, at)) if (e.key === null && e.valueRange) add(e.value, e.valueRange);
      continue;
    }
    let end = at;
    if (text[at] === '"' || text[at] === "'") end = skipQuoted(text, at, lineSpanAt(text, at).end);
    else {
      while (end < text.length && !',}]#\n\r'.includes(text[end])) end++;
      while (end > at && isBlank(text[end - 1])) end--;
    }
    add(unquote(text.slice(at, end)), { start: at, end });
  }
  return [...counts].map(([value, count]) => ({ value, count }));
}
