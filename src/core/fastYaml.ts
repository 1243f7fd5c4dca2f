/**
 * A fast parser for the plain block-style YAML that design files are written in, used per
 * chunk by the incremental parser (chunked.ts). It builds the very document `yaml` would —
 * the same node classes, values, scalar types and source ranges — and returns null for
 * anything outside its subset, so the caller falls back to `yaml`. It never guesses: every
 * construct it is not certain to read exactly as `yaml` does is a bail-out.
 *
 * The subset: block maps (a key's nested map or list on the following lines, a list at the
 * key's own indentation), block lists (`- scalar`, `- key: value` compact maps, `- [flow]`,
 * `- {flow}`), single-line flow maps and lists nested freely (trailing commas allowed),
 * plain scalars, single-quoted scalars, double-quoted scalars without escapes, comments,
 * blank lines, CRLF line ends, an indented root. Out of it (null): tabs, anchors, aliases,
 * tags, block scalars, `?` keys, directives and document markers, scalars or flow
 * collections spread over several lines, empty list items or empty flow values, numbers
 * other than plain decimals (hex, octal, exponents, `.inf`, a leading `+`…), and every
 * input `yaml` would report an error for that the scanner can see.
 *
 * Why the ranges come out right: `yaml` hands the blank and comment lines after a value to
 * different nodes depending on their indentation, and those hand-offs decide each node's
 * third range number (its end including trailing trivia). The three rules it follows, as
 * read from its parser and checked against it by test/core/fastYaml.test.ts:
 *  1. Comment lines right after a scalar or flow value, indented deeper than the collection
 *     holding that value (blank lines between them allowed), belong to the value.
 *  2. The blank and comment lines after a collection's last entry stay with that collection
 *     when one of their comments sits at or right of its indentation (and the indentation is
 *     not 0); otherwise they move on to the enclosing collection, which applies the same test.
 *  3. After `key:` with no value, the lines up to the next key belong to the empty value up
 *     to the second line break (counted from the last comment indented deeper than the key),
 *     or all of them when the map ends there; the empty value's range reaches their end only
 *     when they hold a comment.
 * Comments themselves are not attached to the nodes (nothing downstream reads them).
 */
import { Document, Pair, Scalar, Schema, YAMLMap, YAMLSeq } from 'yaml';

/** The options parseDocumentsBounded gives the composer, so the documents are alike. */
const DOC_OPTIONS = { prettyErrors: false, uniqueKeys: false, logLevel: 'error', resolveKnownTags: false } as const;

/** Designs nest a handful of levels; deeper texts go to `yaml`, which enforces its own bound. */
const MAX_DEPTH = 64;

/** `yaml` reports keys of more than 1024 characters; leave anything near that to it. */
const MAX_KEY_LENGTH = 1000;

/** Thrown (never escapes fastParseChunk) when the text leaves the subset. */
const BAIL: unique symbol = Symbol('bail');

const BLANK = 0;
const COMMENT = 1;
const CONTENT = 2;

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;

/** Characters a plain scalar cannot start with here: indicators, reserved characters, and `?`/`:` (kept out for simplicity). */
const BAD_PLAIN_START = new Set(Array.from('#{}[]*"\'|>!&,%@`?:', (c) => c.charCodeAt(0)));

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/** The regular expressions of yaml's core schema for numbers this parser does not resolve itself. */
const OTHER_NUMBERS = [
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
const DECIMAL_INT = /^-?[0-9]{1,15}$/;
const DECIMAL_FLOAT = /^-?[0-9]{1,15}\.[0-9]{1,15}$/;

type Node = Scalar | YAMLMap | YAMLSeq;
type Range = [number, number, number];

/** The blank and comment lines after a collection's last entry (rule 2). */
interface Tail {
  /** Where they end: the start of the next content, or the end of the text. */
  end: number;
  /** The deepest indentation among their comments, -1 for none. */
  maxCommentIndent: number;
}

/** A parsed node, what trails it, and the index of the next content line (lineCount at the end). */
interface Parsed {
  node: Node;
  tail: Tail;
  next: number;
}

/**
 * The document `yaml`'s parseDocument (with the options parseDocumentsBounded uses) would
 * build for `text`, or null when the text is outside the subset described above.
 */
export function fastParseChunk(text: string): Document.Parsed | null {
  if (text.indexOf('\t') !== -1 || text.charCodeAt(0) === 0xfeff) return null;
  // A carriage return is a line break only before a line feed; alone, leave it to yaml.
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return null;
  }
  try {
    return new ChunkParser(text).parse();
  } catch (err) {
    if (err === BAIL) return null;
    throw err;
  }
}

function bail(): never {
  throw BAIL;
}

class ChunkParser {
  /** Per line: start offset, end of content (before "\r\n" or "\n"), start of the next line, indentation, kind. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly nexts: number[] = [];
  private readonly indents: number[] = [];
  private readonly kinds: number[] = [];
  private readonly lineCount: number;
  private readonly doc: Document.Parsed;
  private readonly schema: Schema;
  /** Set by keyAt: the offset of the `:` after the key. */
  private colon = 0;
  /** Set by flow: the offset after the closing bracket. */
  private flowEnd = 0;

  constructor(private readonly text: string) {
    this.splitLines();
    this.lineCount = this.kinds.length;
    this.doc = new Document(undefined, DOC_OPTIONS) as Document.Parsed;
    this.schema = this.doc.schema;
  }

  parse(): Document.Parsed {
    const first = this.nextContent(0);
    if (first === this.lineCount || this.isDash(first)) bail();
    const indent = this.indents[first];
    const root = this.map(indent, first, this.starts[first] + indent, 1);
    // A line left unread is indented less than the root: not a single-map document.
    if (root.next !== this.lineCount) bail();
    const doc = this.doc;
    doc.contents = root.node as Document.Parsed['contents'];
    const contentEnd = root.node.range![2];
    // The root passes its tail (rule 2) to the document.
    doc.range = [this.starts[first], contentEnd, root.tail.end];
    return doc;
  }

  private splitLines(): void {
    const t = this.text;
    const len = t.length;
    let s = 0;
    while (s < len) {
      const nl = t.indexOf('\n', s);
      const next = nl === -1 ? len : nl + 1;
      let e = nl === -1 ? len : nl;
      if (e > s && t.charCodeAt(e - 1) === 13) e--;
      let i = s;
      while (i < e && t.charCodeAt(i) === SPACE) i++;
      const kind = i === e ? BLANK : t.charCodeAt(i) === HASH ? COMMENT : CONTENT;
      // Document markers at the start of a line end the document.
      if (kind === CONTENT && i === s && e - s >= 3 && (t.startsWith('---', s) || t.startsWith('...', s))) {
        if (e - s === 3 || t.charCodeAt(s + 3) === SPACE) bail();
      }
      this.starts.push(s);
      this.ends.push(e);
      this.nexts.push(next);
      this.indents.push(i - s);
      this.kinds.push(kind);
      s = next;
    }
  }

  private nextContent(line: number): number {
    while (line < this.lineCount && this.kinds[line] !== CONTENT) line++;
    return line;
  }

  /** A content line that is a block list entry: `-` then a space or the end of the line. */
  private isDash(line: number): boolean {
    const p = this.starts[line] + this.indents[line];
    if (this.text.charCodeAt(p) !== DASH) return false;
    return p + 1 === this.ends[line] || this.text.charCodeAt(p + 1) === SPACE;
  }

  private skipSpaces(i: number, e: number): number {
    while (i < e && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /**
   * A block map whose keys sit at column `indent`; its first key starts at offset `p` on
   * `line` (mid-line for a compact map after `- `).
   */
  private map(indent: number, line: number, p: number, depth: number): Parsed {
    if (depth > MAX_DEPTH) bail();
    const map = new YAMLMap(this.schema);
    const start = p;
    let last: Parsed;
    for (;;) {
      const e = this.ends[line];
      const key = this.keyAt(p, e) ?? bail();
      const afterColon = this.skipSpaces(this.colon + 1, e);
      if (afterColon < e && this.text.charCodeAt(afterColon) !== HASH) {
        last = this.inlineValue(line, afterColon, indent, depth);
        // More indented content after a complete value continues it over lines, or is an error.
        if (last.next < this.lineCount && this.indents[last.next] > indent) bail();
      } else {
        last = this.valueBelow(line, afterColon, indent, depth);
      }
      map.items.push(new Pair(key, last.node));
      const next = last.next;
      if (next === this.lineCount || this.indents[next] < indent) break;
      if (this.indents[next] > indent || this.isDash(next)) bail();
      line = next;
      p = this.starts[next] + indent;
    }
    return this.finish(map, start, indent, last);
  }

  /**
   * A block list whose `-` sit at column `indent`, the first on `line`. It ends at the first
   * content line that is not an entry at that column; the caller checks that line.
   */
  private seq(indent: number, line: number, depth: number): Parsed {
    if (depth > MAX_DEPTH) bail();
    const seq = new YAMLSeq(this.schema);
    const start = this.starts[line] + indent;
    let last: Parsed;
    for (;;) {
      const e = this.ends[line];
      const dash = this.starts[line] + indent;
      const p = this.skipSpaces(dash + 1, e);
      // Empty entries, comments after the dash and lists in lists are left to yaml.
      if (p === e || this.text.charCodeAt(p) === HASH) bail();
      if (this.text.charCodeAt(p) === DASH && (p + 1 === e || this.text.charCodeAt(p + 1) === SPACE)) bail();
      if (this.keyAt(p, e)) {
        last = this.map(p - this.starts[line], line, p, depth + 1);
      } else {
        last = this.inlineValue(line, p, indent, depth);
        if (last.next < this.lineCount && this.indents[last.next] > indent) bail();
      }
      seq.items.push(last.node);
      const next = last.next;
      if (next === this.lineCount || this.indents[next] < indent) break;
      if (this.indents[next] > indent) bail();
      if (!this.isDash(next)) break;
      line = next;
    }
    return this.finish(seq, start, indent, last);
  }

  /** Close a block collection: its range, and rule 2 for the lines after its last entry. */
  private finish(node: YAMLMap | YAMLSeq, start: number, indent: number, last: Parsed): Parsed {
    const end = last.node.range![2];
    const tail = last.tail;
    if (indent > 0 && tail.maxCommentIndent >= indent) {
      node.range = [start, end, tail.end];
      return { node, tail: { end: tail.end, maxCommentIndent: -1 }, next: last.next };
    }
    node.range = [start, end, end];
    return { node, tail, next: last.next };
  }

  /**
   * The value of a `key:` that ends its line (`p` is the end of the line or its comment):
   * a collection on the following lines, or an empty (null) scalar.
   */
  private valueBelow(line: number, p: number, indent: number, depth: number): Parsed {
    const next = this.nextContent(line + 1);
    if (next < this.lineCount) {
      const below = this.indents[next];
      if (below > indent) {
        if (this.isDash(next)) return this.seq(below, next, depth + 1);
        return this.map(below, next, this.starts[next] + below, depth + 1);
      }
      // A list may sit at the same indentation as its key.
      if (below === indent && this.isDash(next)) return this.seq(below, next, depth + 1);
    }
    // Rule 3: which of the following lines the empty value takes.
    let comment = p < this.ends[line];
    let end: number;
    if (next < this.lineCount && this.indents[next] === indent) {
      let from = line;
      for (let j = line + 1; j < next; j++) {
        if (this.kinds[j] === COMMENT && this.indents[j] > indent) from = j;
      }
      if (from + 1 < next) {
        end = this.ends[from + 1];
        if (from > line || this.kinds[from + 1] === COMMENT) comment = true;
      } else {
        end = this.starts[next] + indent;
        for (let j = line + 1; j < next; j++) if (this.kinds[j] === COMMENT) comment = true;
      }
    } else {
      end = next < this.lineCount ? this.starts[next] + this.indents[next] : this.text.length;
      for (let j = line + 1; j < next; j++) if (this.kinds[j] === COMMENT) comment = true;
    }
    const node = new Scalar(null);
    node.range = [p, p, comment ? end : p];
    node.source = '';
    node.type = Scalar.PLAIN;
    // The lines went to the empty value, so nothing trails the map for rule 2.
    return { node, tail: { end: node.range[2], maxCommentIndent: -1 }, next };
  }

  /**
   * A scalar or flow collection starting at `p` on `line`, after `key: ` or `- `; `container`
   * is the indentation of the collection holding it. Its range runs to the end of the line,
   * then over comment lines indented under it (rule 1).
   */
  private inlineValue(line: number, p: number, container: number, depth: number): Parsed {
    const t = this.text;
    const e = this.ends[line];
    const c = t.charCodeAt(p);
    let node: Node;
    let after: number;
    if (c === LBRACKET || c === LBRACE) {
      node = this.flow(p, e, depth + 1);
      after = this.flowEnd;
    } else if (c === DQUOTE || c === SQUOTE) {
      node = this.quoted(p, e);
      after = node.range![1];
    } else {
      node = this.blockPlain(p, e);
      after = node.range![1];
    }
    // Only a comment, set off by a space, may follow on the line.
    if (after < e) {
      const i = this.skipSpaces(after, e);
      if (i < e && (i === after || t.charCodeAt(i) !== HASH)) bail();
    }
    let end = this.nexts[line];
    let k = line + 1;
    let next = k;
    while (k < this.lineCount) {
      const kind = this.kinds[k];
      if (kind === BLANK) k++;
      else if (kind === COMMENT && this.indents[k] > container) {
        end = this.nexts[k];
        next = ++k;
      } else break;
    }
    (node.range as Range)[2] = end;
    let maxCommentIndent = -1;
    while (next < this.lineCount && this.kinds[next] !== CONTENT) {
      if (this.kinds[next] === COMMENT && this.indents[next] > maxCommentIndent) maxCommentIndent = this.indents[next];
      next++;
    }
    const tailEnd = next < this.lineCount ? this.starts[next] + this.indents[next] : t.length;
    return { node, tail: { end: tailEnd, maxCommentIndent }, next };
  }

  /**
   * The key starting at `p` when the line holds `key:` followed by a space or the line end
   * (its `:` goes to this.colon), else null. Only plain and quoted keys qualify.
   */
  private keyAt(p: number, e: number): Scalar | null {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const key = this.quoted(p, e);
      const i = this.skipSpaces(key.range![1], e);
      if (t.charCodeAt(i) !== COLON || (i + 1 < e && t.charCodeAt(i + 1) !== SPACE)) return null;
      if (i - p > MAX_KEY_LENGTH) bail();
      this.colon = i;
      return key;
    }
    if (!this.plainStart(p, e, false)) return null;
    let last = p;
    for (let i = p; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (ch === COLON) {
        if (i + 1 === e || t.charCodeAt(i + 1) === SPACE) {
          if (i - p > MAX_KEY_LENGTH) bail();
          this.colon = i;
          return this.plain(t.slice(p, last), p, last, last);
        }
        last = i + 1;
      } else if (ch === SPACE) {
        // A comment before any `:` — the line is no key.
        if (t.charCodeAt(i + 1) === HASH) return null;
      } else {
        last = i + 1;
      }
    }
    return null;
  }

  /** Whether a plain scalar may start at `p` (block or flow context). */
  private plainStart(p: number, e: number, inFlow: boolean): boolean {
    const c = this.text.charCodeAt(p);
    if (BAD_PLAIN_START.has(c)) return false;
    if (c === DASH) {
      // `- ` is a list entry; `-,` in a flow collection is one too (an error there).
      if (p + 1 === e) return false;
      const d = this.text.charCodeAt(p + 1);
      if (d === SPACE || (inFlow && isFlowIndicator(d))) return false;
    }
    return true;
  }

  /** A plain scalar in block context: up to a comment or the line end; `: ` inside bails. */
  private blockPlain(p: number, e: number): Scalar {
    if (!this.plainStart(p, e, false)) bail();
    const t = this.text;
    let last = p;
    for (let i = p; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (ch === SPACE) {
        if (t.charCodeAt(i + 1) === HASH) break;
      } else {
        // `key: a: b` nests a map on one line, an error in yaml.
        if (ch === COLON && (i + 1 === e || t.charCodeAt(i + 1) === SPACE)) bail();
        last = i + 1;
      }
    }
    return this.plain(t.slice(p, last), p, last, last);
  }

  /** A plain scalar inside a flow collection; it must end on its line, before `,[]{}` or `: `. */
  private flowPlain(p: number, e: number): Scalar {
    if (!this.plainStart(p, e, true)) bail();
    const t = this.text;
    let last = p;
    let i = p;
    for (;;) {
      if (i >= e) bail();
      const ch = t.charCodeAt(i);
      if (isFlowIndicator(ch)) break;
      if (ch === SPACE) {
        if (t.charCodeAt(i + 1) === HASH) bail();
      } else {
        if (ch === COLON) {
          if (i + 1 >= e) bail();
          const d = t.charCodeAt(i + 1);
          if (d === SPACE) break;
          // yaml reads `:` before a flow indicator in ways not worth copying.
          if (isFlowIndicator(d)) bail();
        }
        last = i + 1;
      }
      i++;
    }
    return this.plain(t.slice(p, last), p, last, last);
  }

  /** A quoted scalar closed on its line; double-quoted ones must hold no escapes. */
  private quoted(p: number, e: number): Scalar {
    const t = this.text;
    let value: string;
    let end: number;
    if (t.charCodeAt(p) === SQUOTE) {
      let i = t.indexOf("'", p + 1);
      let doubled = false;
      while (i !== -1 && i < e && t.charCodeAt(i + 1) === SQUOTE) {
        doubled = true;
        i = t.indexOf("'", i + 2);
      }
      if (i === -1 || i >= e) bail();
      end = i + 1;
      value = t.slice(p + 1, i);
      if (doubled) value = value.replace(/''/g, "'");
    } else {
      const i = t.indexOf('"', p + 1);
      if (i === -1 || i >= e) bail();
      end = i + 1;
      value = t.slice(p + 1, i);
      if (value.indexOf('\\') !== -1) bail();
    }
    const node = new Scalar(value);
    node.range = [p, end, end];
    node.source = value;
    node.type = t.charCodeAt(p) === SQUOTE ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    return node;
  }

  /** A plain scalar node for `source`, resolved by the core schema as yaml resolves it. */
  private plain(source: string, start: number, end: number, nodeEnd: number): Scalar {
    const node = new Scalar(resolvePlain(source));
    const dot = source.indexOf('.');
    if (typeof node.value === 'number' && dot !== -1 && source.charCodeAt(source.length - 1) === 48) {
      // yaml keeps the written precision of `1.10` for stringifying.
      node.minFractionDigits = source.length - dot - 1;
    }
    node.range = [start, end, nodeEnd];
    node.source = source;
    node.type = Scalar.PLAIN;
    return node;
  }

  /**
   * A flow collection from `p` (at `[` or `{`) closed on the same line; this.flowEnd is set
   * to the offset after its closing bracket. Items' ranges take the spaces after them.
   */
  private flow(p: number, e: number, depth: number): YAMLMap | YAMLSeq {
    if (depth > MAX_DEPTH) bail();
    const t = this.text;
    const isMap = t.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const coll = isMap ? new YAMLMap(this.schema) : new YAMLSeq(this.schema);
    coll.flow = true;
    let i = this.skipSpaces(p + 1, e);
    for (;;) {
      if (i >= e) bail();
      if (t.charCodeAt(i) === close) break;
      if (isMap) {
        const c = t.charCodeAt(i);
        let key: Scalar;
        if (c === DQUOTE || c === SQUOTE) {
          key = this.quoted(i, e);
          i = this.skipSpaces(key.range![1], e);
          if (t.charCodeAt(i) !== COLON) bail();
        } else {
          key = this.flowPlain(i, e);
          i = this.skipSpaces(key.range![1], e);
          // After a plain key only `: ` is a value indicator; a key without a value is left to yaml.
          if (t.charCodeAt(i) !== COLON || t.charCodeAt(i + 1) !== SPACE) bail();
        }
        i = this.skipSpaces(i + 1, e);
        const value = this.flowValue(i, e, depth);
        i = value.range![2];
        (coll as YAMLMap).items.push(new Pair(key, value));
      } else {
        const item = this.flowValue(i, e, depth);
        i = item.range![2];
        (coll as YAMLSeq).items.push(item);
      }
      const c = t.charCodeAt(i);
      if (c === close) break;
      if (c !== COMMA) bail();
      i = this.skipSpaces(i + 1, e);
      // `[a, , b]` and `[, a]` are errors; a single trailing comma is fine.
      if (t.charCodeAt(i) === COMMA) bail();
    }
    this.flowEnd = i + 1;
    coll.range = [p, i + 1, i + 1];
    return coll;
  }

  /** A value inside a flow collection; its range ends after the spaces that follow it. */
  private flowValue(i: number, e: number, depth: number): Node {
    // A value missing before `,` or a closing bracket, or at the line end, is left to yaml.
    if (i >= e) bail();
    const c = this.text.charCodeAt(i);
    let node: Node;
    if (c === LBRACKET || c === LBRACE) {
      node = this.flow(i, e, depth + 1);
    } else if (c === DQUOTE || c === SQUOTE) {
      node = this.quoted(i, e);
    } else {
      // flowPlain refuses `,]}` as a start.
      node = this.flowPlain(i, e);
    }
    const range = node.range as Range;
    range[2] = this.skipSpaces(range[1], e);
    return node;
  }
}

/**
 * The value of a plain scalar under the YAML 1.2 core schema, as `yaml` resolves it: null,
 * booleans, decimal integers and decimals; other numeric forms bail so `yaml` decides.
 */
function resolvePlain(s: string): unknown {
  switch (s) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = s.charCodeAt(0);
  // Every numeric form of the core schema starts with a digit, a sign or a dot.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (DECIMAL_INT.test(s)) return parseInt(s, 10);
    if (DECIMAL_FLOAT.test(s)) return parseFloat(s);
    for (const re of OTHER_NUMBERS) if (re.test(s)) bail();
  }
  return s;
}
