/**
 * Where the cursor is in the YAML structure, without parsing the document.
 *
 * The language service asks this on every keystroke, usually while the document is
 * half-typed and not valid YAML, so it cannot rely on the parser. Instead it reads the
 * text the way a person does (the line reading is yamlLines.ts): the current line (its `- `
 * markers, its `key:`, a flow collection being typed), then the lines above it by
 * indentation, nearest first, until the path to the root is known. Cost: at most the lines
 * above the cursor (in practice the sections of its ancestors), never a line below it;
 * `siblingEntries` then reads the one collection at the cursor. Whole-file readings
 * (components, shared items, references, levels) are scan.ts.
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
import {
  type BlockToken,
  commentStart,
  flowEntries,
  indentOf,
  isBlank,
  isBlockScalarIndicator,
  isSpaceOrEol,
  type KeyToken,
  lineSpanAt,
  type LineSpan,
  lineText,
  nextLine,
  parseBlockLine,
  prevLine,
  quoteOpensScalar,
  skipProperties,
  skipQuoted,
  unquote,
} from './yamlLines';

/** The column of `offset` on its line. */
export { columnOf };

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
  const segs = stack
    .slice(0, -1)
    .flatMap((f) => f.seg)
    .concat(top.seg);
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
  const container: CursorContainer = inItem ? { style: 'block', column: seqs[seqs.length - 1].col } : { style: 'block', column: key ? key.col : bl.indent };
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
