/**
 * Whole-file readings of a design that work on half-typed text (no YAML parse): the
 * components and shared items written at the top level with their ranges, the ids written
 * as references to them, the `failureDomains` list and the values written for a level.
 * Each is one pass over the lines (yamlLines.ts reads them), for text that does not parse
 * and for requests where a full YAML parse would be too slow.
 *
 * A fast reading, not a parse: exotic YAML (aliases, anchored keys, flow-style `components`
 * over several lines) is not covered, so callers that must be exact check it against the
 * text (see navigation.ts). Every function here is pure: the same text, the same answer,
 * in new objects; nothing is kept between calls (derived.ts keeps a scan with the analysis
 * it is asked for).
 */
import type { OffsetRange } from './types';
import {
  type BlockLine,
  commentEndTrimmed,
  flowEntries,
  indentOf,
  isBlank,
  isBlockScalarIndicator,
  type KeyToken,
  lineSpanAt,
  type LineSpan,
  lineText,
  nextLine,
  parseBlockLine,
  skipProperties,
  skipQuoted,
  unquote,
} from './yamlLines';

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

/** What one pass over a design's lines finds; every list in file order. */
export interface DesignScan {
  /** The components written under a top-level `components:` (block or one-line flow style), valid or not. */
  readonly components: readonly ScannedComponent[];
  /**
   * Component references written in block style or in one-line flow lists and maps:
   * `dependsOn` / `consumes` items and `accepted[].component`.
   */
  readonly references: readonly ScannedReference[];
  /** The items written under a top-level `shared:` (block or one-line flow style), valid or not. */
  readonly shared: readonly ScannedShared[];
  /** Shared ids written as references: top-level and component `uses` items, `accepted[].shared`. */
  readonly sharedReferences: readonly ScannedReference[];
  /** The items of the top-level `uses` list alone (every component uses them). */
  readonly topUses: readonly ScannedReference[];
}

/** The components, shared items and references written in `text`. */
export function scanDesign(text: string): DesignScan {
  const references: ScannedReference[] = [];
  const sharedReferences: ScannedReference[] = [];
  const components = scanComponentsInto(text, references, sharedReferences);
  scanAccepted(text, references, sharedReferences);
  const topUses: ScannedReference[] = [];
  scanTopList(text, 'uses', topUses);
  sharedReferences.push(...topUses);
  references.sort((a, b) => a.range.start - b.range.start);
  sharedReferences.sort((a, b) => a.range.start - b.range.start);
  return { components, references, shared: scanSharedItems(text), sharedReferences, topUses };
}

// ---------------------------------------------------------------------------------------
// Top-level maps of ids: `components` and `shared`

/** An entry of a top-level map of ids: its key and everything written under it. */
interface MapEntry {
  id: string;
  keyRange: OffsetRange;
  /** Grows while the scan reads the entry's lines. */
  fullRange: { start: number; end: number };
}

/** One line of a block-style map, as `scanTopMap` hands it on. */
interface MapLine {
  ln: LineSpan;
  /** The line's text. */
  s: string;
}

/** What `scanTopMap` asks of the map it reads (the parts where components and shared items differ). */
interface MapReader<T extends MapEntry> {
  /** The entry for a key; `line` is its key line in block style (with its tokens), absent for a flow map's key. */
  entry(base: MapEntry, line?: MapLine & { bl: BlockLine; key: KeyToken }): T;
  /** A line inside the current entry, deeper than its key; `fieldCol` is the column of the entry's first such line. */
  field(cur: T, line: MapLine, ind: number, fieldCol: number): void;
  /** A line at the entries' column: the current entry (if any) ends there. */
  endEntry?(): void;
}

/**
 * The entries of the top-level map `name:` in file order: in block style, one per key at
 * the column of the first line under it (up to the next top-level line), each with the range
 * from its key to its last written line; in one-line flow style, the keys of the flow map.
 */
function scanTopMap<T extends MapEntry>(text: string, name: string, reader: MapReader<T>): T[] {
  const out: T[] = [];
  const m = new RegExp(`^${name}[ \\t]*:`, 'm').exec(text);
  if (!m) return out;
  const head = lineSpanAt(text, m.index);
  const hs = lineText(text, head);
  const hl = parseBlockLine(hs);
  const v = hs.slice(skipProperties(hs, hl.valueStart, hl.valueEnd), hl.valueEnd);
  if (v.startsWith('{')) {
    for (const e of flowEntries(text, head.start + hs.indexOf('{', hl.valueStart))) {
      if (e.key && e.keyRange) out.push(reader.entry({ id: e.key, keyRange: innerRange(text, e.keyRange), fullRange: { ...e.keyRange } }));
    }
    return out;
  }
  if (v !== '') return out;
  let childCol = -1;
  let fieldCol = -1;
  let cur: T | null = null;
  for (let ln = nextLine(text, head); ln; ln = nextLine(text, ln)) {
    const ind = indentOf(text, ln);
    if (ind < 0) continue;
    if (ind === 0) break;
    if (childCol === -1) childCol = ind;
    if (ind < childCol) break;
    const s = lineText(text, ln);
    if (ind === childCol) {
      const bl = parseBlockLine(s);
      const key = bl.tokens[0];
      reader.endEntry?.();
      cur = null;
      if (key?.kind !== 'key') continue;
      const base: MapEntry = {
        id: key.name,
        keyRange: { start: ln.start + key.nameStart, end: ln.start + key.nameEnd },
        fullRange: { start: ln.start + key.col, end: ln.start + (bl.valueEnd > bl.valueStart ? bl.valueEnd : key.colon + 1) },
      };
      cur = reader.entry(base, { ln, s, bl, key });
      fieldCol = -1;
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    cur.fullRange.end = ln.start + commentEndTrimmed(s, ind);
    if (fieldCol === -1) fieldCol = ind;
    reader.field(cur, { ln, s }, ind, fieldCol);
  }
  return out;
}

function scanSharedItems(text: string): ScannedShared[] {
  return scanTopMap<ScannedShared>(text, 'shared', {
    entry(base, line) {
      const item: ScannedShared = { ...base, type: null };
      if (line && line.s[line.bl.valueStart] === '{') {
        const t = flowEntries(text, line.ln.start + line.bl.valueStart).find((e) => e.key === 'type');
        if (t && t.value) item.type = t.value;
      }
      return item;
    },
    field(cur, { s }, ind, fieldCol) {
      if (ind !== fieldCol) return;
      const bl = parseBlockLine(s);
      const key = bl.tokens[0];
      if (key?.kind === 'key' && key.name === 'type' && bl.valueEnd > bl.valueStart) cur.type = unquote(s.slice(bl.valueStart, bl.valueEnd));
    },
  });
}

/** The components, with their `dependsOn` / `consumes` items into `refs` and their `uses` items into `sharedRefs`. */
function scanComponentsInto(text: string, refs: ScannedReference[], sharedRefs: ScannedReference[]): ScannedComponent[] {
  /** Inside a block list of `dependsOn` / `consumes` / `uses`: the column of its `-` markers, once known, and where its items go. */
  let list: { col: number; into: ScannedReference[] } | null = null;
  const targetOf = (field: string): ScannedReference[] | null => (field === 'dependsOn' || field === 'consumes' ? refs : field === 'uses' ? sharedRefs : null);
  return scanTopMap<ScannedComponent>(text, 'components', {
    endEntry() {
      list = null;
    },
    entry(base, line) {
      const cur: ScannedComponent = { ...base, kind: null };
      if (!line) return cur;
      const { ln, s, bl } = line;
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
      return cur;
    },
    field(cur, { ln, s }, ind, fieldCol) {
      if (ind > fieldCol && !list) return;
      const bl = parseBlockLine(s);
      const first = bl.tokens[0];
      if (list && first?.kind === 'seq' && (list.col === -1 || first.col === list.col) && first.col >= fieldCol) {
        list.col = first.col;
        if (bl.tokens.length === 1) {
          const ref = lineValueRef(text, ln, bl);
          if (ref) list.into.push(ref);
        }
        return;
      }
      if (ind > fieldCol) return;
      list = null;
      if (first?.kind !== 'key' || ind !== fieldCol) return;
      if (first.name === 'kind' && cur.kind === null && bl.valueEnd > bl.valueStart) cur.kind = unquote(s.slice(bl.valueStart, bl.valueEnd));
      const into = targetOf(first.name);
      if (into) {
        const vs = skipProperties(s, bl.valueStart, bl.valueEnd);
        if (s[vs] === '[') pushFlowRefs(text, ln.start + vs, into);
        else if (vs >= bl.valueEnd) list = { col: -1, into };
      }
    },
  });
}

// ---------------------------------------------------------------------------------------
// References

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
      for (const [field, into] of [
        ['component', refs],
        ['shared', sharedRefs],
      ] as const) {
        const e = entries.find((x) => x.key === field && x.valueRange);
        if (e && e.valueRange && e.value !== '') into.push({ id: e.value, range: innerRange(text, e.valueRange) });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Failure-domain levels and their values

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
