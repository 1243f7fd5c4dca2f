/**
 * Minimal text edits against the YAML source: replace a node, add a key to a map, add an
 * item to a list, remove a list item. Everything outside an edit — comments, blank lines,
 * quoting, indentation, line endings — stays byte-for-byte as it was. New text follows the
 * surrounding style: flow collections get flow text, block collections get lines indented
 * like their siblings, and the file's own line ending.
 */
import { isMap, isScalar, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { columnOf } from './positions';
import type { TextEdit } from './types';

/** A value to write: scalars, flow lists of scalars, or (nested) maps. */
export type YamlValue = string | number | YamlValue[] | { [key: string]: YamlValue };

export interface EditContext {
  text: string;
  eol: string;
  /** Spaces per nesting level, read from the file (default 2). */
  indentUnit: number;
}

export function editContext(text: string, rootMap: YAMLMap | null): EditContext {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  let indentUnit = 2;
  const first = rootMap?.items.find((p) => isMap(p.value) && !p.value.flow && p.value.items.length > 0);
  if (first && isMap(first.value)) {
    const childKey = first.value.items[0].key as Node;
    const col = childKey?.range ? columnOf(text, childKey.range[0]) - columnOf(text, (first.key as Node).range![0]) : 0;
    if (col >= 1 && col <= 8) indentUnit = col;
  }
  return { text, eol, indentUnit };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Offset of the end of the line holding `offset` (before "\r\n" or "\n"). */
function lineEnd(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  if (i === -1) return text.length;
  if (i > 0 && text[i - 1] === '\r') i--;
  return i;
}

const PLAIN_SAFE = /^[A-Za-z0-9_./@%+-][A-Za-z0-9_./@%+ -]*$/;
const AMBIGUOUS = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** A scalar as YAML text: plain when unambiguous, else double-quoted (JSON escapes are valid YAML). */
export function formatScalar(v: string | number): string {
  if (typeof v === 'number') return String(v);
  if (v === '' || !PLAIN_SAFE.test(v) || AMBIGUOUS.test(v) || v.endsWith(' ') || (/^[-+.]?\d/.test(v) && !Number.isNaN(Number(v))) || v.startsWith('- ') || v.startsWith('%')) {
    return JSON.stringify(v);
  }
  return v;
}

export function formatFlow(v: YamlValue): string {
  if (Array.isArray(v)) return `[${v.map(formatFlow).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? `{ ${entries.map(([k, x]) => `${formatScalar(k)}: ${formatFlow(x)}`).join(', ')} }` : '{}';
  }
  return formatScalar(v);
}

/** `key: value` as block lines at `indent`; maps nest as blocks, lists and scalars stay inline. */
function blockPairLines(key: string, v: YamlValue, indent: number, unit: number): string[] {
  const pad = ' '.repeat(indent);
  if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
    return [`${pad}${formatScalar(key)}:`, ...Object.entries(v).flatMap(([k, x]) => blockPairLines(k, x, indent + unit, unit))];
  }
  return [`${pad}${formatScalar(key)}: ${formatFlow(v)}`];
}

function isFlow(node: YAMLMap | YAMLSeq, text: string): boolean {
  if (node.flow) return true;
  const start = node.range?.[0];
  return start !== undefined && (text[start] === '{' || text[start] === '[');
}

/** Where a block collection's last entry ends: the end of that line, comments included. */
function blockInsertPoint(text: string, end: number): number {
  let pos = end;
  while (pos > 0 && (text[pos - 1] === '\n' || text[pos - 1] === '\r')) pos--;
  return lineEnd(text, pos);
}

/** The closing bracket of a flow collection, and the separator a new entry needs. */
function flowInsert(text: string, node: YAMLMap | YAMLSeq, entryText: string): TextEdit {
  const close = node.range![1] - 1;
  let p = close - 1;
  while (p > node.range![0] && /\s/.test(text[p])) p--;
  const empty = node.items.length === 0;
  const hasTrailingComma = text[p] === ',';
  const sep = empty ? '' : hasTrailingComma ? ' ' : ', ';
  const isMapNode = isMap(node);
  const pad = empty && isMapNode ? ' ' : '';
  return { start: p + 1, end: p + 1, newText: `${sep}${pad}${entryText}${pad}` };
}

/** Add `key: value` at the end of a map. */
export function insertPair(ctx: EditContext, map: YAMLMap, key: string, value: YamlValue): TextEdit {
  const { text } = ctx;
  if (isFlow(map, text) || map.items.length === 0) {
    return flowInsert(text, map, `${formatScalar(key)}: ${formatFlow(value)}`);
  }
  const firstKey = map.items[0].key as Node;
  const indent = columnOf(text, firstKey.range![0]);
  const last = map.items[map.items.length - 1];
  const end = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  const at = blockInsertPoint(text, end);
  const lines = blockPairLines(key, value, indent, ctx.indentUnit);
  return { start: at, end: at, newText: lines.map((l) => ctx.eol + l).join('') };
}

/** Add an item at the end of a list; a map item follows the style of the items already there. */
export function appendItem(ctx: EditContext, seq: YAMLSeq, value: YamlValue, preferFlowItem = false): TextEdit {
  const { text } = ctx;
  if (isFlow(seq, text) || seq.items.length === 0) return flowInsert(text, seq, formatFlow(value));
  const firstItem = seq.items[0] as Node;
  let dash = firstItem.range![0] - 1;
  while (dash > 0 && text[dash] !== '-') dash--;
  const dashCol = columnOf(text, dash);
  const last = seq.items[seq.items.length - 1] as Node;
  const at = blockInsertPoint(text, last.range![1]);
  const pad = ' '.repeat(dashCol);
  if (typeof value === 'object' && !Array.isArray(value) && !preferFlowItem) {
    const entries = Object.entries(value);
    const itemIndent = dashCol + 2;
    const lines = entries.flatMap(([k, v]) => blockPairLines(k, v, itemIndent, ctx.indentUnit));
    lines[0] = `${pad}- ${lines[0].slice(itemIndent)}`;
    return { start: at, end: at, newText: lines.map((l) => ctx.eol + l).join('') };
  }
  return { start: at, end: at, newText: `${ctx.eol}${pad}- ${formatFlow(value)}` };
}

/** Replace a node's text (its value range, not trailing comments). */
export function replaceNode(node: Node, newText: string): TextEdit {
  return { start: node.range![0], end: node.range![1], newText };
}

/**
 * Replace a scalar (a value or a key), keeping its quoting style when the new value allows
 * it. The one owner of this edit: quick fixes (fixes.ts) and schema fixes (validate.ts) both use it.
 */
export function replaceScalar(text: string, node: Scalar, value: string | number): TextEdit {
  const [start, end] = node.range!;
  const q = text[start];
  if ((q === '"' || q === "'") && typeof value === 'string') {
    const inner = q === '"' ? JSON.stringify(value).slice(1, -1) : value.replace(/'/g, "''");
    return { start, end, newText: `${q}${inner}${q}` };
  }
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    // A `|`/`>` block's range runs from its header through its last line break (and, for `|+`,
    // the blank lines it keeps). The value becomes one line in the header's place: the line
    // breaks after it stay, and so does a comment on the header line.
    let stop = end;
    while (stop > start && (text[stop - 1] === '\n' || text[stop - 1] === '\r')) stop--;
    const headerEnd = text.slice(start, stop).search(/\r?\n/);
    const comment = /\s+#.*$/.exec(headerEnd < 0 ? text.slice(start, stop) : text.slice(start, start + headerEnd))?.[0] ?? '';
    return { start, end: stop, newText: formatScalar(value) + comment };
  }
  // An empty value (`kind:`) has an empty range right after the colon: `kind: store`, not `kind:store`.
  const space = start === end && text[start - 1] === ':' ? ' ' : '';
  return { start, end, newText: space + formatScalar(value) };
}

/** Set `key` in `map`: replace a scalar value in place, or add the pair. */
export function setPair(ctx: EditContext, map: YAMLMap, key: string, value: YamlValue): TextEdit {
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  if (pair && pair.value && (pair.value as Node).range) {
    const v = pair.value as Node;
    if (isScalar(v) && (typeof value === 'string' || typeof value === 'number')) return replaceScalar(ctx.text, v, value);
    if (isScalar(v) || isFlow(v as YAMLMap, ctx.text)) return replaceNode(v, formatFlow(value));
  }
  if (pair) {
    // A block collection or an empty value: rewrite the value as flow text on the key's line.
    const keyNode = pair.key as Node;
    const v = pair.value as Node | null;
    const end = v?.range ? blockInsertPoint(ctx.text, v.range[1]) : keyNode.range![1];
    const colon = ctx.text.indexOf(':', keyNode.range![1]);
    return { start: colon + 1, end, newText: ` ${formatFlow(value)}` };
  }
  return insertPair(ctx, map, key, value);
}

/** Remove a block list item with its lines (or a flow item with its separator). */
export function removeItem(ctx: EditContext, seq: YAMLSeq, index: number): TextEdit | null {
  const { text } = ctx;
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return null;
  if (isFlow(seq, text)) {
    const prev = index > 0 ? (seq.items[index - 1] as Node).range![1] : null;
    const next = index + 1 < seq.items.length ? (seq.items[index + 1] as Node).range![0] : null;
    if (prev !== null) return { start: prev, end: item.range[1], newText: '' };
    if (next !== null) return { start: item.range[0], end: next, newText: '' };
    return { start: item.range[0], end: item.range[1], newText: '' };
  }
  let dash = item.range[0] - 1;
  while (dash > 0 && text[dash] !== '-') dash--;
  const start = text.lastIndexOf('\n', dash - 1) + 1;
  const endLine = lineEnd(text, blockInsertPoint(text, item.range[1]));
  const end = text.startsWith('\r\n', endLine) ? endLine + 2 : text[endLine] === '\n' ? endLine + 1 : endLine;
  return { start, end, newText: '' };
}

/** Remove `key: value` from a map: its whole line(s) in block style, or the entry and a separator in flow style. */
export function removePair(ctx: EditContext, map: YAMLMap, key: string): TextEdit | null {
  const { text } = ctx;
  const index = map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === key);
  if (index === -1 || map.items.length < 2) return null;
  const pair = map.items[index];
  const start = (pair.key as Node).range![0];
  const end = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1];
  if (isFlow(map, text)) {
    if (index > 0) {
      const prev = map.items[index - 1];
      const prevEnd = (prev.value as Node | null)?.range?.[1] ?? (prev.key as Node).range![1];
      return { start: prevEnd, end, newText: '' };
    }
    const next = map.items[index + 1].key as Node;
    return { start, end: next.range![0], newText: '' };
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return null;
  const endLine = lineEnd(text, blockInsertPoint(text, end));
  const after = text.startsWith('\r\n', endLine) ? endLine + 2 : text[endLine] === '\n' ? endLine + 1 : endLine;
  return { start: lineStart, end: after, newText: '' };
}

/**
 * One set of edits against `text` that does what `first` and then `second` (edits against the
 * text `first` made) do together. Edits of the two that touch or overlap become one edit; the
 * text between them stays untouched, so comments and layout there are kept byte-for-byte.
 */
export function composeEdits(text: string, first: readonly TextEdit[], second: readonly TextEdit[]): TextEdit[] {
  const middle = applyEdits(text, first);
  const last = applyEdits(middle, second);
  interface Span {
    start: number;
    end: number;
    /** Length change from `text` to the middle text, and from it to the last. */
    d1: number;
    d2: number;
  }
  const spans: Span[] = [];
  let shift = 0;
  for (const e of [...first].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const start = e.start + shift;
    const d1 = e.newText.length - (e.end - e.start);
    spans.push({ start, end: start + e.newText.length, d1, d2: 0 });
    shift += d1;
  }
  for (const e of second) spans.push({ start: e.start, end: e.end, d1: 0, d2: e.newText.length - (e.end - e.start) });
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: Span[] = [];
  for (const s of spans) {
    const g = groups[groups.length - 1];
    if (g && s.start <= g.end) {
      g.end = Math.max(g.end, s.end);
      g.d1 += s.d1;
      g.d2 += s.d2;
    } else groups.push({ ...s });
  }
  const out: TextEdit[] = [];
  let shift1 = 0;
  let shift2 = 0;
  for (const g of groups) {
    const start = g.start - shift1;
    const end = g.end - shift1 - g.d1;
    out.push({ start, end, newText: last.slice(g.start + shift2, g.end + shift2 + g.d2) });
    shift1 += g.d1;
    shift2 += g.d2;
  }
  return out;
}
