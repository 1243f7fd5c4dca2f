/**
 * Navigation for component ids: the id at the cursor, its definition, its references,
 * rename; and the document outline and the code lenses.
 *
 * Cheap requests (the id at the cursor, the definition, symbols, lenses) use the text
 * scan of `cursor.ts` and the analysis result. References and rename must be exact, so
 * they read the YAML nodes (one parse, cached for the last text: `prepareRename` and
 * `renameEdits` on the same text parse once).
 */
import { isMap, isScalar, isSeq, parse as parseYaml, Scalar, type Node } from 'yaml';
import { pathAt, scanComponents, scanReferences } from './cursor';
import { isComponentReference, survivalLine } from './hover';
import { plural } from './messages';
import { pairOf, parseDesign, resolveNode } from './parse';
import type { AnalysisResult, ComponentModel, OffsetRange, TextEdit } from './types';

export interface ComponentAtCursor {
  id: string;
  /** The id as written under the cursor (inside the quotes when quoted). */
  range: OffsetRange;
  /** True on the component's key under `components`, false on a reference. */
  declaration: boolean;
}

/** The component id under the cursor: a key under `components`, or a `dependsOn` / `consumes` / `accepted.component` reference. */
export function componentAt(text: string, offset: number, result?: AnalysisResult | null): ComponentAtCursor | null {
  const at = componentAtOffset(text, offset);
  if (at) return at;
  // Just outside the quotes of a quoted id ("ab" with the cursor on a quote) still means the id.
  if (text[offset] === '"' || text[offset] === "'") return componentAtOffset(text, offset + 1);
  if (offset > 0 && (text[offset - 1] === '"' || text[offset - 1] === "'")) return componentAtOffset(text, offset - 1);
  void result;
  return null;
}

function componentAtOffset(text: string, offset: number): ComponentAtCursor | null {
  const ctx = pathAt(text, offset);
  if (!ctx || ctx.word === '' || offset < ctx.replace.start || offset > ctx.replace.end) return null;
  if (ctx.role === 'key' && ctx.path.length === 1 && ctx.path[0] === 'components') return { id: ctx.word, range: ctx.replace, declaration: true };
  if (ctx.role === 'value' && isComponentReference(ctx.path)) return { id: ctx.word, range: ctx.replace, declaration: false };
  return null;
}

/** The range of the key that defines the component under the cursor, or null (not on an id, or no such component). */
export function definitionOf(text: string, offset: number, result?: AnalysisResult | null): OffsetRange | null {
  const at = componentAt(text, offset, result);
  if (!at) return null;
  const scanned = scanComponents(text).find((c) => c.id === at.id);
  if (scanned) return scanned.keyRange;
  // Components written in a style the line scan does not read (e.g. multi-line flow).
  return occurrencesOf(text).declarations.find((d) => d.id === at.id)?.range ?? null;
}

// ---------------------------------------------------------------------------------------
// Occurrences from the YAML nodes

interface Occurrence {
  id: string;
  /** Inside the quotes when quoted. */
  range: OffsetRange;
}

interface Occurrences {
  declarations: Occurrence[];
  references: Occurrence[];
}

let occurrenceCache: { text: string; occ: Occurrences } | null = null;

function scalarOccurrence(node: unknown): Occurrence | null {
  if (!isScalar(node) || !node.range) return null;
  if (typeof node.value !== 'string' && typeof node.value !== 'number' && typeof node.value !== 'boolean') return null;
  const [start, end] = node.range;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  return { id: String(node.value), range: quoted ? { start: start + 1, end: end - 1 } : { start, end } };
}

function occurrencesOf(text: string): Occurrences {
  if (occurrenceCache && occurrenceCache.text === text) return occurrenceCache.occ;
  const occ: Occurrences = { declarations: [], references: [] };
  const { doc } = parseDesign(text);
  const root = doc ? resolveNode(doc, doc.contents) : null;
  if (doc && isMap(root)) {
    const seen = new Set<number>();
    const addRef = (node: unknown) => {
      const o = scalarOccurrence(resolveNode(doc, node));
      if (o && !seen.has(o.range.start)) {
        seen.add(o.range.start);
        occ.references.push(o);
      }
    };
    const components = resolveNode(doc, pairOf(root, 'components')?.value);
    if (isMap(components)) {
      for (const pair of components.items) {
        const decl = scalarOccurrence(pair.key);
        if (decl) occ.declarations.push(decl);
        const comp = resolveNode(doc, pair.value);
        if (!isMap(comp)) continue;
        for (const field of ['dependsOn', 'consumes']) {
          const list = resolveNode(doc, pairOf(comp, field)?.value);
          if (isSeq(list)) for (const item of list.items) addRef(item);
        }
      }
    }
    const accepted = resolveNode(doc, pairOf(root, 'accepted')?.value);
    if (isSeq(accepted)) {
      for (const item of accepted.items) {
        const entry = resolveNode(doc, item);
        if (isMap(entry)) {
          const value = pairOf(entry, 'component')?.value;
          if (value !== undefined && value !== null) addRef(value as Node);
        }
      }
    }
    occ.references.sort((a, b) => a.range.start - b.range.start);
  }
  occurrenceCache = { text, occ };
  return occ;
}

/** How often `id` is written as a whole token (between blanks, brackets, commas, colons, quotes, a comment). */
function countMentions(text: string, id: string): number {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<=^|[\\s\\[\\]{},:"'])${escaped}(?=$|[\\s\\[\\]{},:"'#])`, 'g');
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/**
 * The declaration and reference ranges of `id`. Fast path: the line scan, trusted only when
 * it accounts for every place the id is written as a token (otherwise an alias, a comment,
 * a description or an unusual layout may hide one); else the exact reading of the YAML nodes.
 */
function occurrencesFor(text: string, id: string): { declarations: OffsetRange[]; references: OffsetRange[] } {
  const declarations = scanComponents(text).filter((c) => c.id === id).map((c) => c.keyRange);
  const references = scanReferences(text).filter((r) => r.id === id).map((r) => r.range);
  if (id !== '' && countMentions(text, id) === declarations.length + references.length) return { declarations, references };
  const occ = occurrencesOf(text);
  return {
    declarations: occ.declarations.filter((d) => d.id === id).map((d) => d.range),
    references: occ.references.filter((r) => r.id === id).map((r) => r.range),
  };
}

/** Ranges of every reference to component `id` (and of its key, with `includeDeclaration`), in text order. */
export function referencesOf(text: string, id: string, _result: AnalysisResult | null | undefined, includeDeclaration: boolean): OffsetRange[] {
  const occ = occurrencesFor(text, id);
  const out = [...occ.references, ...(includeDeclaration ? occ.declarations : [])];
  return out.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------
// Rename

/** What a rename would change: the id under the cursor, or null where rename does not apply. */
export function prepareRename(text: string, offset: number, result?: AnalysisResult | null): { range: OffsetRange; placeholder: string } | null {
  const at = componentAt(text, offset, result);
  return at ? { range: at.range, placeholder: at.id } : null;
}

const ID_SHAPE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Why `name` cannot be a new component id, or null when it can. */
export function invalidComponentId(name: string): string | null {
  if (name.trim() === '') return 'The new name is empty.';
  if (!ID_SHAPE.test(name)) return `"${name}" is not a usable component id: use letters, digits, "-", "_" and ".", starting with a letter, a digit or "_".`;
  let read: unknown;
  try {
    read = parseYaml(name);
  } catch {
    read = null;
  }
  if (typeof read !== 'string') return `"${name}" would be read as ${read === null ? 'null' : `a ${typeof read}`}, not as a name, in YAML; choose another id.`;
  return null;
}

/**
 * Edits renaming the component under the cursor (its key and every reference) to
 * `newName`. Quoted ids stay quoted. Refused, with a reason, when the cursor is not on a
 * component id, the name is empty or unusable, or another component already has it.
 */
export function renameEdits(text: string, offset: number, newName: string, result?: AnalysisResult | null): { edits: TextEdit[] } | { error: string } {
  const at = componentAt(text, offset, result);
  if (!at) return { error: 'Put the cursor on a component id (a key under components, or a dependsOn, consumes or accepted component entry) to rename it.' };
  const invalid = invalidComponentId(newName);
  if (invalid) return { error: invalid };
  if (newName === at.id) return { edits: [] };
  const edits = referencesOf(text, at.id, result, true).map((r) => ({ start: r.start, end: r.end, newText: newName }));
  // Components the line scan cannot read (flow style over several lines) are known once the text was parsed.
  const parsed = occurrenceCache?.text === text ? occurrenceCache.occ.declarations.map((d) => d.id) : [];
  const existing = new Set<string>([...scanComponents(text).map((c) => c.id), ...parsed, ...(result?.model?.components.map((c) => c.id) ?? [])]);
  if (existing.has(newName)) return { error: `A component named "${newName}" already exists; choose another id.` };
  if (edits.length === 0) edits.push({ start: at.range.start, end: at.range.end, newText: newName });
  return { edits };
}

// ---------------------------------------------------------------------------------------
// Outline and code lenses

export interface DocumentSymbolData {
  name: string;
  detail: string;
  /** Suggested LSP kinds: component → Class, replica-group → Array, section → Namespace, accepted-entry → Key. */
  kind: 'component' | 'replica-group' | 'section' | 'accepted-entry';
  /** The whole element. */
  range: OffsetRange;
  /** The part to select and reveal (a component's key); inside `range`. */
  selectionRange: OffsetRange;
  children: DocumentSymbolData[];
}

/** Model components whose key still sits where the model says (guards against a result older than `text`). */
function currentModelComponents(text: string, result: AnalysisResult | null | undefined): Map<string, ComponentModel> {
  const out = new Map<string, ComponentModel>();
  for (const c of result?.model?.components ?? []) {
    const written = text.slice(c.range.start, c.range.end);
    if (written === c.id || written.slice(1, -1) === c.id) out.set(c.id, c);
  }
  return out;
}

function replicaGroups(c: ComponentModel): DocumentSymbolData[] {
  const groups = new Map<number, ComponentModel['replicas']>();
  for (const r of c.replicas) {
    const g = groups.get(r.item);
    if (g) g.push(r);
    else groups.set(r.item, [r]);
  }
  return [...groups.values()].map((rs) => {
    const range = rs[0].range;
    const name = rs.length === 1 ? rs[0].id : `${rs[0].id} … ${rs[rs.length - 1].id}`;
    return { name, detail: plural(rs.length, 'replica'), kind: 'replica-group' as const, range, selectionRange: range, children: [] };
  });
}

/** The outline: one symbol per component (its replica groups as children), then the `accepted` section. */
export function documentSymbols(text: string, result: AnalysisResult | null | undefined): DocumentSymbolData[] {
  const current = currentModelComponents(text, result);
  const byId = new Map((result?.model?.components ?? []).map((c) => [c.id, c] as const));
  const detailOf = (c: ComponentModel) => `${c.kind} · ${plural(c.replicas.length, 'replica')}`;
  const out: DocumentSymbolData[] = [];
  const listed = new Set<string>();
  for (const s of scanComponents(text)) {
    listed.add(s.id);
    const c = current.get(s.id);
    if (c) {
      out.push({ name: c.id, detail: detailOf(c), kind: 'component', range: c.fullRange, selectionRange: c.range, children: replicaGroups(c) });
      continue;
    }
    // Not analysed, or analysed in an older version of the text: positions from the text.
    const known = byId.get(s.id);
    out.push({ name: s.id, detail: known ? detailOf(known) : s.kind ?? '', kind: 'component', range: s.fullRange, selectionRange: s.keyRange, children: [] });
  }
  for (const c of current.values()) {
    if (!listed.has(c.id)) out.push({ name: c.id, detail: detailOf(c), kind: 'component', range: c.fullRange, selectionRange: c.range, children: replicaGroups(c) });
  }
  const acc = acceptedSection(text, result);
  if (acc) out.push(acc);
  return out.sort((a, b) => a.range.start - b.range.start);
}

function acceptedSection(text: string, result: AnalysisResult | null | undefined): DocumentSymbolData | null {
  const m = /^accepted[ \t]*:/m.exec(text);
  if (!m) return null;
  const key = { start: m.index, end: m.index + 'accepted'.length };
  const entries = (result?.model?.accepted ?? []).filter((e) => e.entryRange.start > key.end && e.entryRange.end <= text.length);
  const children = entries.map((e) => ({
    name: e.component ? `${e.rule} · ${e.component}` : e.rule,
    detail: `${e.expired ? 'expired · ' : ''}${e.reason.length > 60 ? `${e.reason.slice(0, 59)}…` : e.reason}`,
    kind: 'accepted-entry' as const,
    range: e.entryRange,
    selectionRange: e.entryRange,
    children: [],
  }));
  const end = Math.max(key.end, ...children.map((c) => c.range.end));
  return { name: 'accepted', detail: plural(children.length, 'accepted risk'), kind: 'section', range: { start: key.start, end }, selectionRange: key, children };
}

export interface CodeLensData {
  /** The component's key. */
  range: OffsetRange;
  /** "survives: host ✓ rack ✓ zone ✓ bad-release ✗ …", or why there is none. */
  title: string;
  component: string;
}

/** One lens per component, above its key: its survivability line. */
export function codeLenses(text: string, result: AnalysisResult | null | undefined): CodeLensData[] {
  if (!result?.model) return [];
  const current = currentModelComponents(text, result);
  const titleOf = (id: string) => survivalLine(result, id) ?? 'not analysed: fix the schema problems in this component first';
  const out: CodeLensData[] = [];
  const listed = new Set<string>();
  for (const s of scanComponents(text)) {
    listed.add(s.id);
    out.push({ range: current.get(s.id)?.range ?? s.keyRange, title: titleOf(s.id), component: s.id });
  }
  for (const c of current.values()) if (!listed.has(c.id)) out.push({ range: c.range, title: titleOf(c.id), component: c.id });
  return out.sort((a, b) => a.range.start - b.range.start);
}
