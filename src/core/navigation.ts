/**
 * Navigation for component and shared-item ids (two namespaces, navigated alike): the id
 * at the cursor, its definition, its references, rename; and the document outline and the
 * code lenses.
 *
 * Cheap requests (the id at the cursor, the definition, symbols, lenses) use the line scan
 * of `scan.ts` and the analysis result. References and rename must be exact: the scan is
 * trusted for an id only when it accounts for every place the id is written; otherwise the
 * YAML nodes decide, read through the chunked parse (chunked.ts: one chunk per component,
 * with the fast parser). Both the scan and the nodes' occurrences are kept with the
 * analysis for the text they were read from (derived.ts), so `prepareRename` and
 * `renameEdits` on the same version read them once, and no answer depends on which request
 * came before it.
 */
import { isMap, isScalar, isSeq, parse as parseYaml, Scalar, type Node } from 'yaml';
import { ChunkedParser } from './chunked';
import { pathAt } from './cursor';
import { fromText } from './derived';
import { isComponentReference, isSharedReference, sharedPushSummary, sharedWaveLine, survivalLine } from './hover';
import { plural } from './messages';
import { pairOf, resolveNode } from './parse';
import { scanDesign, type DesignScan } from './scan';
import type { AnalysisResult, ComponentModel, OffsetRange, SharedModel, TextEdit } from './types';

/** Component ids and shared-item ids: each is defined by a key and referenced by list items. */
export type IdNamespace = 'component' | 'shared';

export interface ComponentAtCursor {
  id: string;
  /** The id as written under the cursor (inside the quotes when quoted). */
  range: OffsetRange;
  /** True on the id's key (under `components` or `shared`), false on a reference. */
  declaration: boolean;
  namespace: IdNamespace;
}

/**
 * The id under the cursor: a key under `components` or `shared`, a `dependsOn` / `consumes` /
 * `accepted.component` reference (a component), or a `uses` / `accepted.shared` one (a shared item).
 */
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
  if (ctx.role === 'key' && ctx.path.length === 1 && (ctx.path[0] === 'components' || ctx.path[0] === 'shared')) {
    return { id: ctx.word, range: ctx.replace, declaration: true, namespace: ctx.path[0] === 'shared' ? 'shared' : 'component' };
  }
  if (ctx.role === 'value' && isComponentReference(ctx.path)) return { id: ctx.word, range: ctx.replace, declaration: false, namespace: 'component' };
  if (ctx.role === 'value' && isSharedReference(ctx.path)) return { id: ctx.word, range: ctx.replace, declaration: false, namespace: 'shared' };
  return null;
}

/**
 * What derived.ts keeps the text's scan and occurrences with: the request's analysis, else
 * an object of this request's own (one request reads the text once; the next one again).
 */
function ownerOf(result: AnalysisResult | null | undefined): object {
  return result ?? {};
}

/** The line scan of the text (kept with `owner` for this text). */
function scanOf(text: string, owner: object): DesignScan {
  return fromText(text, owner, scanDesign);
}

/** The keys written for a namespace, as the line scan reads them. */
function scannedKeys(scan: DesignScan, namespace: IdNamespace): readonly { id: string; keyRange: OffsetRange }[] {
  return namespace === 'shared' ? scan.shared : scan.components;
}

/** The references written for a namespace, as the line scan reads them. */
function scannedReferences(scan: DesignScan, namespace: IdNamespace): readonly { id: string; range: OffsetRange }[] {
  return namespace === 'shared' ? scan.sharedReferences : scan.references;
}

/** The range of the key that defines the component under the cursor, or null (not on an id, or no such component). */
export function definitionOf(text: string, offset: number, result?: AnalysisResult | null): OffsetRange | null {
  const at = componentAt(text, offset, result);
  if (!at) return null;
  const owner = ownerOf(result);
  const scanned = scannedKeys(scanOf(text, owner), at.namespace).find((c) => c.id === at.id);
  if (scanned) return { ...scanned.keyRange };
  // Ids written in a style the line scan does not read (e.g. multi-line flow).
  const parsed = occurrencesOf(text, owner)[at.namespace].declarations.find((d) => d.id === at.id);
  return parsed ? { ...parsed.range } : null;
}

// ---------------------------------------------------------------------------------------
// Occurrences from the YAML nodes

interface Occurrence {
  id: string;
  /** Inside the quotes when quoted. */
  range: OffsetRange;
}

interface NamespaceOccurrences {
  declarations: Occurrence[];
  references: Occurrence[];
}

type Occurrences = Record<IdNamespace, NamespaceOccurrences>;

function scalarOccurrence(node: unknown): Occurrence | null {
  if (!isScalar(node) || !node.range) return null;
  if (typeof node.value !== 'string' && typeof node.value !== 'number' && typeof node.value !== 'boolean') return null;
  const [start, end] = node.range;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  return { id: String(node.value), range: quoted ? { start: start + 1, end: end - 1 } : { start, end } };
}

/** The id occurrences of the text, read from its YAML nodes once per `owner` and text (derived.ts). */
function occurrencesOf(text: string, owner: object): Occurrences {
  return fromText(text, owner, readOccurrences);
}

/**
 * Every declaration and reference of an id, from the YAML nodes. The chunked parse gives the
 * nodes `parseDesign` gives (it parses the whole text with `yaml` whenever it cannot cut it
 * into components safely: anchors, flow style, syntax errors), several times faster.
 */
function readOccurrences(text: string): Occurrences {
  const occ: Occurrences = { component: { declarations: [], references: [] }, shared: { declarations: [], references: [] } };
  const { doc } = new ChunkedParser().parse(text);
  const root = doc ? resolveNode(doc, doc.contents) : null;
  if (doc && isMap(root)) {
    const seen = new Set<number>();
    const addRef = (node: unknown, namespace: IdNamespace) => {
      const o = scalarOccurrence(resolveNode(doc, node));
      if (o && !seen.has(o.range.start)) {
        seen.add(o.range.start);
        occ[namespace].references.push(o);
      }
    };
    const addList = (node: unknown, namespace: IdNamespace) => {
      const list = resolveNode(doc, node as Node);
      if (isSeq(list)) for (const item of list.items) addRef(item, namespace);
    };
    const keysOf = (node: unknown, namespace: IdNamespace) => {
      const map = resolveNode(doc, node as Node);
      if (!isMap(map)) return [];
      for (const pair of map.items) {
        const decl = scalarOccurrence(pair.key);
        if (decl) occ[namespace].declarations.push(decl);
      }
      return map.items;
    };
    keysOf(pairOf(root, 'shared')?.value, 'shared');
    addList(pairOf(root, 'uses')?.value, 'shared');
    for (const pair of keysOf(pairOf(root, 'components')?.value, 'component')) {
      const comp = resolveNode(doc, pair.value as Node);
      if (!isMap(comp)) continue;
      addList(pairOf(comp, 'dependsOn')?.value, 'component');
      addList(pairOf(comp, 'consumes')?.value, 'component');
      addList(pairOf(comp, 'uses')?.value, 'shared');
    }
    const accepted = resolveNode(doc, pairOf(root, 'accepted')?.value);
    if (isSeq(accepted)) {
      for (const item of accepted.items) {
        const entry = resolveNode(doc, item);
        if (!isMap(entry)) continue;
        for (const [field, namespace] of [
          ['component', 'component'],
          ['shared', 'shared'],
        ] as const) {
          const value = pairOf(entry, field)?.value;
          if (value !== undefined && value !== null) addRef(value as Node, namespace);
        }
      }
    }
    occ.component.references.sort((a, b) => a.range.start - b.range.start);
    occ.shared.references.sort((a, b) => a.range.start - b.range.start);
  }
  return occ;
}

const BEFORE_TOKEN = /[\s[\]{},:"']/;
const AFTER_TOKEN = /[\s[\]{},:"'#]/;

/** How often `id` is written as a whole token (between blanks, brackets, commas, colons, quotes, a comment). */
function countMentions(text: string, id: string): number {
  if (id === '') return 0;
  let n = 0;
  for (let i = text.indexOf(id); i !== -1;) {
    const end = i + id.length;
    if ((i === 0 || BEFORE_TOKEN.test(text[i - 1])) && (end === text.length || AFTER_TOKEN.test(text[end]))) {
      n++;
      i = text.indexOf(id, end);
    } else i = text.indexOf(id, i + 1);
  }
  return n;
}

/**
 * The declaration and reference ranges of `id`. Fast path: the line scan, trusted only when
 * it accounts for every place the id is written as a token (otherwise an alias, a comment,
 * a description or an unusual layout may hide one); else the exact reading of the YAML nodes.
 */
function occurrencesFor(text: string, owner: object, id: string, namespace: IdNamespace): { declarations: OffsetRange[]; references: OffsetRange[] } {
  const scan = scanOf(text, owner);
  // Copies: the scan and the occurrences are kept for the next request (derived.ts), answers are the caller's.
  const declarations = scannedKeys(scan, namespace)
    .filter((c) => c.id === id)
    .map((c) => ({ ...c.keyRange }));
  const references = scannedReferences(scan, namespace)
    .filter((r) => r.id === id)
    .map((r) => ({ ...r.range }));
  if (id !== '' && countMentions(text, id) === declarations.length + references.length) return { declarations, references };
  const occ = occurrencesOf(text, owner)[namespace];
  return {
    declarations: occ.declarations.filter((d) => d.id === id).map((d) => ({ ...d.range })),
    references: occ.references.filter((r) => r.id === id).map((r) => ({ ...r.range })),
  };
}

/** Ranges of every reference to the component (or shared item) `id`, and of its key with `includeDeclaration`, in text order. */
export function referencesOf(text: string, id: string, result: AnalysisResult | null | undefined, includeDeclaration: boolean, namespace: IdNamespace = 'component'): OffsetRange[] {
  return referencesIn(text, ownerOf(result), id, includeDeclaration, namespace);
}

function referencesIn(text: string, owner: object, id: string, includeDeclaration: boolean, namespace: IdNamespace): OffsetRange[] {
  const occ = occurrencesFor(text, owner, id, namespace);
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

/** Why `name` cannot be a new component (or shared) id, or null when it can. */
export function invalidComponentId(name: string, noun = 'component'): string | null {
  if (name.trim() === '') return 'The new name is empty.';
  if (!ID_SHAPE.test(name)) return `"${name}" is not a usable ${noun} id: use letters, digits, "-", "_" and ".", starting with a letter, a digit or "_".`;
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
 * The namespaces in which `name` is an id: a key the line scan reads, one the analysis
 * knows, or — when the scan does not account for every place `name` is written (a key in a
 * style it does not read: anchored, flow style over several lines) — a key in the YAML nodes.
 */
function namespacesOf(text: string, owner: object, name: string, result: AnalysisResult | null | undefined): Set<IdNamespace> {
  const scan = scanOf(text, owner);
  const out = new Set<IdNamespace>();
  let accounted: boolean | null = null;
  for (const namespace of ['component', 'shared'] as const) {
    const analysed: readonly { id: string }[] = (namespace === 'shared' ? result?.model?.shared : result?.model?.components) ?? [];
    if (scannedKeys(scan, namespace).some((c) => c.id === name) || analysed.some((c) => c.id === name)) {
      out.add(namespace);
      continue;
    }
    if (accounted === null) {
      const count = (list: readonly { id: string }[]) => list.filter((x) => x.id === name).length;
      accounted = countMentions(text, name) === count(scan.components) + count(scan.references) + count(scan.shared) + count(scan.sharedReferences);
    }
    if (!accounted && occurrencesOf(text, owner)[namespace].declarations.some((d) => d.id === name)) out.add(namespace);
  }
  return out;
}

/**
 * Edits renaming the component or shared item under the cursor (its key and every
 * reference) to `newName`. Quoted ids stay quoted. Refused, with a reason, when the cursor
 * is not on an id, the name is empty or unusable, or a component or shared item already has
 * it (the two namespaces must not share an id).
 */
export function renameEdits(text: string, offset: number, newName: string, result?: AnalysisResult | null): { edits: TextEdit[] } | { error: string } {
  const at = componentAt(text, offset, result);
  if (!at) {
    return { error: 'Put the cursor on a component or shared id (a key under components or shared, or a dependsOn, consumes, uses or accepted entry) to rename it.' };
  }
  const noun = at.namespace === 'shared' ? 'shared item' : 'component';
  const invalid = invalidComponentId(newName, at.namespace === 'shared' ? 'shared' : 'component');
  if (invalid) return { error: invalid };
  if (newName === at.id) return { edits: [] };
  const owner = ownerOf(result);
  const edits = referencesIn(text, owner, at.id, true, at.namespace).map((r) => ({ start: r.start, end: r.end, newText: newName }));
  const taken = namespacesOf(text, owner, newName, result);
  if (taken.has(at.namespace)) return { error: `A ${noun} named "${newName}" already exists; choose another id.` };
  const other = at.namespace === 'shared' ? 'component' : 'shared';
  if (taken.has(other)) {
    return { error: `A ${other === 'shared' ? 'shared item' : 'component'} is named "${newName}"; a shared id must differ from every component id, so choose another.` };
  }
  if (edits.length === 0) edits.push({ start: at.range.start, end: at.range.end, newText: newName });
  return { edits };
}

// ---------------------------------------------------------------------------------------
// Outline and code lenses

export interface DocumentSymbolData {
  name: string;
  detail: string;
  /** Suggested LSP kinds: component → Class, shared → Interface, replica-group → Array, section → Namespace, accepted-entry → Key. */
  kind: 'component' | 'shared' | 'replica-group' | 'section' | 'accepted-entry';
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
  const groups = new Map<number, ComponentModel['replicas'][number][]>();
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

/** Model shared items whose key still sits where the model says (guards against a result older than `text`). */
function currentModelShared(text: string, result: AnalysisResult | null | undefined): Map<string, SharedModel> {
  const out = new Map<string, SharedModel>();
  for (const sh of result?.model?.shared ?? []) {
    const written = text.slice(sh.range.start, sh.range.end);
    if (written === sh.id || written.slice(1, -1) === sh.id) out.set(sh.id, sh);
  }
  return out;
}

function sharedDetail(sh: SharedModel): string {
  const users = sh.usedBy.length === 0 ? 'unused' : `used by ${plural(sh.usedBy.length, 'component')}`;
  return [sh.type, sh.layer, users].filter((x) => x !== null).join(' · ');
}

/** One symbol per shared item, from the text, with what the analysis knows of it. */
function sharedSymbols(scan: DesignScan, result: AnalysisResult | null | undefined): DocumentSymbolData[] {
  const byId = new Map((result?.model?.shared ?? []).map((sh) => [sh.id, sh] as const));
  return scan.shared.map((s) => {
    const sh = byId.get(s.id);
    return { name: s.id, detail: sh ? sharedDetail(sh) : (s.type ?? ''), kind: 'shared' as const, range: { ...s.fullRange }, selectionRange: { ...s.keyRange }, children: [] };
  });
}

/** The outline: one symbol per shared item and per component (its replica groups as children), then the `accepted` section. */
export function documentSymbols(text: string, result: AnalysisResult | null | undefined): DocumentSymbolData[] {
  const current = currentModelComponents(text, result);
  const byId = new Map((result?.model?.components ?? []).map((c) => [c.id, c] as const));
  const detailOf = (c: ComponentModel) => `${c.kind} · ${plural(c.replicas.length, 'replica')}`;
  const out: DocumentSymbolData[] = [];
  const listed = new Set<string>();
  const scan = scanOf(text, ownerOf(result));
  for (const s of scan.components) {
    listed.add(s.id);
    const c = current.get(s.id);
    if (c) {
      out.push({ name: c.id, detail: detailOf(c), kind: 'component', range: c.fullRange, selectionRange: c.range, children: replicaGroups(c) });
      continue;
    }
    // Not analysed, or analysed in an older version of the text: positions from the text.
    const known = byId.get(s.id);
    out.push({ name: s.id, detail: known ? detailOf(known) : (s.kind ?? ''), kind: 'component', range: { ...s.fullRange }, selectionRange: { ...s.keyRange }, children: [] });
  }
  for (const c of current.values()) {
    if (!listed.has(c.id)) out.push({ name: c.id, detail: detailOf(c), kind: 'component', range: c.fullRange, selectionRange: c.range, children: replicaGroups(c) });
  }
  out.push(...sharedSymbols(scan, result));
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
    name: [e.rule, e.component, e.shared].filter((x) => x !== null).join(' · '),
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
  /** The component's (or shared item's) key. */
  range: OffsetRange;
  /** "survives: host ✓ rack ✓ zone ✓ bad-release ✗ …", "push takes down 3 of 5 components · …", or why there is none. */
  title: string;
  /** The component id; '' on a shared item's lens. */
  component: string;
  /** On a shared item's lens: its id. */
  shared?: string;
}

/** One lens per component, above its key: its survivability line; one per shared item: what its push takes down. */
export function codeLenses(text: string, result: AnalysisResult | null | undefined): CodeLensData[] {
  if (!result?.model) return [];
  const current = currentModelComponents(text, result);
  const titleOf = (id: string) => survivalLine(result, id) ?? 'not analysed: fix the schema problems in this component first';
  const out: CodeLensData[] = [];
  const listed = new Set<string>();
  const scan = scanOf(text, result);
  for (const s of scan.components) {
    listed.add(s.id);
    out.push({ range: current.get(s.id)?.range ?? { ...s.keyRange }, title: titleOf(s.id), component: s.id });
  }
  for (const c of current.values()) if (!listed.has(c.id)) out.push({ range: c.range, title: titleOf(c.id), component: c.id });
  const shared = currentModelShared(text, result);
  for (const s of scan.shared) {
    const sh = shared.get(s.id);
    const title = sh ? `${sharedPushSummary(result, sh)} · ${sharedWaveLine(result, sh, true)}` : 'not analysed: fix the schema problems in this shared item first';
    out.push({ range: sh?.range ?? { ...s.keyRange }, title, component: '', shared: s.id });
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}
