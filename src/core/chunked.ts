/**
 * Incremental parsing for successive versions of one document: the `components` block is
 * cut into one chunk per component, each chunk is parsed on its own, and a chunk whose text
 * did not change is reused. A chunk's own nodes count their ranges from the chunk's start and
 * are never changed: where the chunk sits elsewhere in the file, the document gets a shifted
 * copy of them, so a document handed out for one version is never altered by the next. The
 * pieces are assembled into the same document `parseDesign` would build, so everything
 * downstream is unchanged. A one-character edit re-parses one component instead of the whole
 * file.
 *
 * Only plain block-style files take this path. Anything else — anchors or aliases, several
 * documents, directives, a flow-style root or `components`, a chunk with a syntax error —
 * falls back to parsing the whole text, so the result is always the one `parseDesign` gives.
 * Parsing many small documents is also faster than one big one with `yaml`, so even the
 * first version gains.
 */
import { Document, isMap, isNode, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { fastParseChunk } from './fastYaml';
import { duplicateKeys, MAX_NESTING, parseDesign, ParsedDesign, parseDocumentsBounded } from './parse';

interface Chunk {
  text: string;
  /**
   * The chunk parsed on its own, its ranges counted from `base` (where it sat when it was
   * parsed: the first document that holds it needs no copy). Never changed after that.
   */
  pair: Pair;
  base: number;
  /** The component's key in the data. */
  id: string;
  /**
   * The component's data, shared by every version that holds this chunk: the model cache
   * (model.ts) keys on it, since it stands for exactly this text.
   */
  value: unknown;
  /** No map inside repeats a key: the duplicate-key check need not walk it again. */
  clean: boolean;
  /** The pair where the chunk last sat (`pair` itself at 0), so an unmoved chunk costs nothing. */
  placed: { start: number; pair: Pair };
}

const COMPONENTS_LINE = /^components:[ \t]*(#.*)?$/m;
const UNSAFE = /[&*]|^(---|\.\.\.|%)/m;

export class ChunkedParser {
  /** Parsed chunks by their text; several equal chunks may exist at once. */
  private cache = new Map<string, Chunk[]>();
  /** What the last parse did, for tests and benchmarks. */
  readonly stats = { chunked: false, parsed: 0, reused: 0 };

  /** A parser that starts from this one's chunks; parsing with either never changes the other. */
  fork(): ChunkedParser {
    const copy = new ChunkedParser();
    // Each parse takes chunks out of their pools and notes where each chunk was placed: the
    // fork gets pools and chunks of its own (the parsed nodes and data are shared: never changed).
    copy.cache = new Map([...this.cache].map(([text, pool]) => [text, pool.map((c) => ({ ...c }))]));
    return copy;
  }

  parse(text: string): ParsedDesign {
    this.stats.parsed = 0;
    this.stats.reused = 0;
    let result: ParsedDesign | null;
    try {
      result = this.tryChunked(text);
    } catch {
      // Whatever the pieces cannot handle (nesting near the limit among them), the full parse decides.
      result = null;
    }
    this.stats.chunked = result !== null;
    return result ?? parseDesign(text);
  }

  private tryChunked(text: string): ParsedDesign | null {
    if (UNSAFE.test(text)) return null;
    const split = splitComponents(text);
    if (!split) return null;
    const { blockStart, blockEnd, starts } = split;

    // The rest of the file, without the components block; suffix nodes shift back after it.
    const headText = text.slice(0, blockStart) + text.slice(blockEnd);
    const headPiece = parsePiece(headText);
    const head = headPiece?.doc;
    if (!head || head.errors.length || !isMap(head.contents)) return null;
    shiftNodes(head.contents, blockEnd - blockStart, blockStart);
    const componentsPair = head.contents.items.find((p) => isScalar(p.key) && p.key.value === 'components');
    if (!componentsPair || !(componentsPair.value === null || (isScalar(componentsPair.value) && componentsPair.value.value === null))) return null;

    const next = new Map<string, Chunk[]>();
    const chunks: Chunk[] = [];
    const placed: Pair[] = [];
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i];
      const end = i + 1 < starts.length ? starts[i + 1] : blockEnd;
      const chunk = this.chunk(text.slice(start, end), start);
      if (!chunk) return null;
      chunks.push(chunk);
      placed.push(place(chunk, start));
      const list = next.get(chunk.text) ?? [];
      list.push(chunk);
      next.set(chunk.text, list);
    }
    this.cache = next;

    // The head's own data first, while `components` is still empty: the chunks' data is cached.
    let value: Record<string, unknown>;
    try {
      value = (headPiece!.fast ? plainData(head.contents).value : head.toJS({ maxAliasCount: 200 })) as Record<string, unknown>;
    } catch {
      return null;
    }
    const map = new YAMLMap();
    map.items = placed;
    const firstKey = placed[0].key as Node;
    map.range = [firstKey.range![0], blockEnd, blockEnd];
    componentsPair.value = map as unknown as typeof componentsPair.value;
    const components: Record<string, unknown> = {};
    // Defined, not assigned, as `yaml` does: a component named `__proto__` is data, not a prototype.
    for (const c of chunks) Object.defineProperty(components, c.id, { value: c.value, enumerable: true, writable: true, configurable: true });
    value.components = components;
    // By pair, not by value node: reading a moved component's value would copy it (`shiftedPair`).
    const clean = new Set(placed.filter((_, i) => chunks[i].clean));
    return { text, doc: head, value, problems: duplicateKeys(head, text, (p) => clean.has(p)) };
  }

  /** A parsed chunk for this text (counted from `start` when it is new): reused when the text is unchanged. */
  private chunk(text: string, start: number): Chunk | null {
    // In file order, so equal chunks keep their places from one version to the next.
    const pool = this.cache.get(text);
    const cached = pool?.shift();
    if (cached) {
      this.stats.reused++;
      return cached;
    }
    this.stats.parsed++;
    const piece = parsePiece(text);
    const doc = piece?.doc;
    if (!doc || doc.errors.length || !isMap(doc.contents) || doc.contents.items.length !== 1) return null;
    const pair = doc.contents.items[0];
    if (!isScalar(pair.key)) return null;
    // The key exactly as `yaml` turns it into data (`null:` becomes '', for one).
    const data = piece!.fast ? plainData(doc.contents) : null;
    const js = (data ? data.value : doc.toJS()) as Record<string, unknown>;
    const keys = Object.keys(js);
    if (keys.length !== 1) return null;
    // The walk that built the data saw every map's keys: only a map where two of them might
    // be equal needs the duplicate-key check (most chunks of a large design need none).
    const clean = data?.distinctKeys === true || duplicateKeys(doc, text).length === 0;
    // Fresh nodes that no document holds yet: moved once, to where they sit.
    shiftNodes(pair.key, start, 0);
    shiftNodes(pair.value, start, 0);
    return { text, pair, base: start, id: keys[0], value: js[keys[0]], clean, placed: { start, pair } };
  }
}

/**
 * The chunk's pair at `start`: the one it had there last time, its own where it was parsed,
 * or else a copy shifted there. Copies are new nodes; no node a document already holds ever
 * moves.
 */
function place(chunk: Chunk, start: number): Pair {
  if (chunk.placed.start !== start) {
    // Back where it was parsed (a character typed above, then deleted): its own nodes.
    const delta = start - chunk.base;
    chunk.placed = { start, pair: delta === 0 ? chunk.pair : shiftedPair(chunk.pair, delta) };
  }
  return chunk.placed.pair;
}

/** Where each shifted pair's value ends, known before the value is copied (see `valueEndOf`). */
const shiftedEnds = new WeakMap<Pair, number>();
/** How many shifted values were copied (read), for tests and benchmarks. */
export const shiftStats = { pairs: 0, values: 0 };

/**
 * A copy of `pair`, `delta` further on. Its key is copied now; its value — the component's
 * whole tree — when first read: an insertion moves every later component, and an analysis
 * reads the nodes of only the components it cannot take over (the model cache has the rest),
 * so most copies are never made. The copy is made from the chunk's own nodes, which never
 * change, so when it is made does not matter.
 */
function shiftedPair(pair: Pair, delta: number): Pair {
  const copy = new Pair(shiftedCopy(pair.key, delta));
  const own = pair.value;
  let value: unknown;
  let made = false;
  shiftStats.pairs++;
  Object.defineProperty(copy, 'value', {
    enumerable: true,
    configurable: true,
    get() {
      if (!made) {
        value = shiftedCopy(own, delta);
        made = true;
        shiftStats.values++;
      }
      return value;
    },
    set(v: unknown) {
      value = v;
      made = true;
      shiftedEnds.delete(copy);
    },
  });
  const end = (own as Node | null)?.range?.[1];
  if (end !== undefined) shiftedEnds.set(copy, end + delta);
  return copy;
}

/** Where a pair's value ends (`range[1]`), without copying a shifted value to find out. */
export function valueEndOf(pair: Pair): number | undefined {
  return shiftedEnds.get(pair) ?? (pair.value as Node | null)?.range?.[1];
}

/**
 * One piece of the file as `parseDocument` reads it. The fast parser answers for plain
 * pieces (the same document, several times faster); anything else goes to `yaml`. A piece
 * nests a level or two less than the whole file, so pieces are held to a slightly lower
 * limit than parseDesign's: whenever the whole file could reach the limit, it is parsed
 * whole and gets the whole file's answer.
 */
function parsePiece(text: string): { doc: Document.Parsed; fast: boolean } | null {
  const fast = fastParseChunk(text);
  if (fast) return { doc: fast, fast: true };
  const docs = parseDocumentsBounded(text, MAX_NESTING - 4, true);
  return docs.length === 1 ? { doc: docs[0], fast: false } : null;
}

/**
 * The data of a document the fast parser built, as `toJS` makes it: its subset has no tags,
 * aliases or merge keys, and every scalar already holds its value, so this is a plain walk
 * (`toJS` costs as much as the fast parse itself). Keys become strings as `yaml` makes them
 * (`null` is ''), and a key the object already has, `__proto__` among them, is defined rather
 * than assigned, as `yaml` does. `distinctKeys`: no map has two keys that the duplicate-key
 * check (parse.ts, which compares `String(key)`) could find equal — false as soon as a key's
 * name is already in its object (inherited names included) or a key is null (`String(null)`
 * is not the data's '').
 */
function plainData(root: unknown): { value: unknown; distinctKeys: boolean } {
  let distinctKeys = true;
  const walk = (node: unknown): unknown => {
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map(walk);
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const p of node.items) {
        const key = isScalar(p.key) ? p.key.value : p.key;
        if (key !== null && typeof key === 'object') throw new Error('a collection as a key is outside the fast subset');
        const name = key === null ? '' : String(key);
        const value = walk(p.value);
        if (key === null || !isScalar(p.key)) distinctKeys = false;
        if (name in out) {
          distinctKeys = false;
          Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
        } else out[name] = value;
      }
      return out;
    }
    return null;
  };
  const value = walk(root);
  return { value, distinctKeys };
}

/**
 * Where the components block is and where each component starts, or null when the file
 * is not laid out in plain block style (then the whole text is parsed).
 */
export function splitComponents(text: string): { blockStart: number; blockEnd: number; starts: number[] } | null {
  const m = COMPONENTS_LINE.exec(text);
  if (!m) return null;
  let pos = text.indexOf('\n', m.index);
  if (pos === -1) return null;
  const blockStart = pos + 1;
  let indent = -1;
  const starts: number[] = [];
  pos = blockStart;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    const line = text.slice(pos, eol);
    const content = line.replace(/^ */, '');
    const lineIndent = line.length - content.length;
    const blank = content === '' || content === '\r' || content.startsWith('#');
    if (!blank) {
      if (content.startsWith('\t')) return null;
      if (lineIndent === 0) break;
      if (indent === -1) indent = lineIndent;
      if (lineIndent < indent) return null;
      if (lineIndent === indent) {
        // A component key in plain or quoted style; anything else (lists, complex keys) is not ours.
        if (!/^("[^"\n]*"|'[^'\n]*'|[^\s#:'"?\-{[][^:#\n]*?):(\s|$)/.test(content)) return null;
        starts.push(pos);
      }
    }
    pos = eol + 1;
  }
  if (starts.length === 0) return null;
  const blockEnd = Math.min(pos, text.length);
  return { blockStart: starts[0], blockEnd, starts };
}

/**
 * A copy of a node tree with every range `delta` further on. Built with the node classes'
 * constructors and a plain copy of the fields: `yaml`'s own `clone` copies property
 * descriptors, which made a one-character insertion in a 10,000-line design twice as slow.
 * Anything but a plain scalar, map or list (none reach here from the fast parser) is cloned
 * by `yaml`.
 */
function shiftedCopy(node: unknown, delta: number): unknown {
  if (!isNode(node)) return node;
  let copy: Node;
  const proto = Object.getPrototypeOf(node) as object;
  if (proto === Scalar.prototype) copy = Object.assign(new Scalar((node as Scalar).value), node);
  else if (proto === YAMLMap.prototype) {
    const map = Object.assign(new YAMLMap((node as YAMLMap).schema), node);
    map.items = (node as YAMLMap).items.map((p) => new Pair(shiftedCopy(p.key, delta), shiftedCopy(p.value, delta)));
    copy = map;
  } else if (proto === YAMLSeq.prototype) {
    const seq = Object.assign(new YAMLSeq((node as YAMLSeq).schema), node);
    seq.items = (node as YAMLSeq).items.map((item) => shiftedCopy(item, delta));
    copy = seq;
  } else {
    copy = node.clone() as Node;
    shiftNodes(copy, delta, 0);
    return copy;
  }
  const r = node.range;
  if (r) copy.range = [r[0] + delta, r[1] + delta, r[2] + delta];
  return copy;
}

/** Add `delta` to every range offset at or after `from` in a node tree. */
function shiftNodes(node: unknown, delta: number, from: number): void {
  if (delta === 0 || !isNode(node)) return;
  const r = node.range;
  if (r) for (let i = 0; i < 3; i++) if (r[i] >= from) r[i] += delta;
  if (isMap(node)) {
    for (const p of node.items) {
      shiftNodes(p.key, delta, from);
      shiftNodes(p.value, delta, from);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) shiftNodes(item, delta, from);
  }
}
