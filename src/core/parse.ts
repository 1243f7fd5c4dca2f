/**
 * Text -> YAML document with source ranges, plus `yaml-syntax` findings.
 *
 * Invariant: never throws. Every YAML error (all of them, not only the first) becomes a
 * finding at its own position; inputs the parser cannot bound (alias bombs, absurd
 * nesting) become findings too.
 */
import { Composer, CST, Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, Lexer, Node, Pair, Parser, YAMLMap } from 'yaml';
import { LineIndex } from './positions';
import type { OffsetRange } from './types';

/** A problem found while parsing, before it becomes a Finding. */
export interface SyntaxProblem {
  message: string;
  range: OffsetRange;
}

export interface ParsedDesign {
  text: string;
  /** The first (and only allowed) YAML document, or null when the text has none. */
  doc: Document.Parsed | null;
  /** Plain JS value of the document (aliases resolved), or undefined when unavailable. */
  value: unknown;
  problems: SyntaxProblem[];
}

/** Aliases may expand to at most this many nodes; guards against "billion laughs". */
const MAX_ALIAS_COUNT = 200;

/**
 * Collections may nest at most this deep. The YAML composer recurses per level and runs out
 * of stack somewhere past a thousand levels — at a point that depends on how deep the
 * caller's stack already is, so the same text would fail differently in the CLI, the
 * server and the incremental parser. Refusing earlier, by a fixed count, keeps the outcome
 * a property of the text. Designs need fewer than ten levels.
 */
export const MAX_NESTING = 256;

export class TooDeepError extends Error {
  constructor() {
    super(`it nests collections more than ${MAX_NESTING} levels deep`);
  }
}

/**
 * The documents of `text`, as `parseAllDocuments` (or, with `forceDoc`, `parseDocument`)
 * composes them, refusing with TooDeepError any text that opens more than `maxDepth`
 * collections at once. The parser is driven one lexical token at a time so the check runs
 * before its stack (and the recursion that unwinds it, and the composer's) can grow deep.
 */
export function parseDocumentsBounded(text: string, maxDepth = MAX_NESTING, forceDoc = false): Document.Parsed[] {
  // logLevel 'error': the library would otherwise print a process warning (to the server's
  // stderr) for every collection used as a map key; such keys are reported as findings anyway.
  // resolveKnownTags false: YAML 1.1 tags (!!binary, !!timestamp, !!set, …) stay plain text
  // instead of becoming Buffers, Dates and Sets, whose internals (a Buffer's pool offset)
  // would reach the schema check and make its messages differ from run to run.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, logLevel: 'error', resolveKnownTags: false });
  const parser = new Parser();
  function* bounded(): Generator<CST.Token> {
    for (const lexeme of new Lexer().lex(text)) {
      yield* parser.next(lexeme);
      if (parser.stack.length > maxDepth) throw new TooDeepError();
    }
    yield* parser.end();
  }
  return Array.from(composer.compose(bounded(), forceDoc, forceDoc ? text.length : -1)) as Document.Parsed[];
}

export function parseDesign(text: string): ParsedDesign {
  const problems: SyntaxProblem[] = [];
  let docs: Document.Parsed[];
  try {
    // The library's own duplicate-key check is quadratic in the size of a map (a 5 MB
    // design took seconds); duplicateKeys() below does the same in one pass.
    docs = parseDocumentsBounded(text);
  } catch (err) {
    // The parser recurses per nesting level; a pathological input can exhaust the stack.
    problems.push({ message: `The file cannot be parsed: ${describeError(err)}`, range: { start: 0, end: Math.min(text.length, 1) } });
    return { text, doc: null, value: undefined, problems };
  }
  const doc = docs[0] ?? null;
  for (const d of docs) {
    for (const e of d.errors) problems.push({ message: cleanMessage(e.message), range: errorRange(e.pos, text) });
  }
  if (doc) problems.push(...duplicateKeys(doc, text));
  if (docs.length > 1) {
    const second = docs[1];
    const start = second.range ? second.range[0] : text.length;
    problems.push({
      message: `A design file holds one YAML document; this file has ${docs.length}. Move each design into its own *.redundancy.yaml file.`,
      range: lineRangeAt(text, start),
    });
  }
  let value: unknown = undefined;
  if (doc && doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      problems.push({ message: `The file cannot be read as data: ${describeError(err)}`, range: aliasBombRange(doc, text) });
    }
  }
  return { text, doc, value, problems };
}

/**
 * Every repeated key of every map, reported at the repeat. `skip` names subtrees known to
 * have none (the chunked parser's unchanged components), which are then not walked again.
 */
export function duplicateKeys(doc: Document.Parsed, text: string, skipValueOf?: (p: Pair) => boolean): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  let lines: LineIndex | null = null;
  visitNodes(
    doc.contents,
    (n) => {
      if (!isMap(n)) return;
      const seen = new Map<string, number>();
      for (const pair of n.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const k = String(pair.key.value);
        const first = seen.get(k);
        if (first === undefined) {
          seen.set(k, pair.key.range[0]);
          continue;
        }
        const line = (lines ??= new LineIndex(text)).positionAt(first).line + 1;
        out.push({
          message: `Map keys must be unique: '${k}' is already defined on line ${line}.`,
          range: { start: pair.key.range[0], end: pair.key.range[1] },
        });
      }
    },
    0,
    skipValueOf,
  );
  return out;
}

function describeError(err: unknown): string {
  if (err instanceof TooDeepError) return err.message;
  if (err instanceof RangeError) return 'it is nested too deeply';
  const msg = err instanceof Error ? err.message : String(err);
  if (/alias/i.test(msg)) return 'its aliases expand to too many nodes (an alias bomb?)';
  return msg;
}

function cleanMessage(message: string): string {
  // `yaml` appends " at line L, column C" in some messages; positions are shown by the range.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

function errorRange(pos: [number, number], text: string): OffsetRange {
  let [start, end] = pos;
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  if (end === start) return lineRangeAt(text, start);
  return { start, end };
}

/** The rest of the line from `offset`, or one character, so an empty range stays visible. */
export function lineRangeAt(text: string, offset: number): OffsetRange {
  const start = Math.max(0, Math.min(offset, text.length));
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end: end > start ? end : Math.min(text.length, start + 1) };
}

function aliasBombRange(doc: Document.Parsed, text: string): OffsetRange {
  let found: OffsetRange | null = null;
  visitNodes(doc.contents, (n) => {
    if (!found && isAlias(n) && n.range) found = { start: n.range[0], end: n.range[1] };
  });
  return found ?? lineRangeAt(text, 0);
}

/** Pre-order walk; `fn` returning false skips the node's children, `skipValueOf` a pair's value. */
function visitNodes(node: unknown, fn: (n: Node) => boolean | void, depth = 0, skipValueOf?: (p: Pair) => boolean): void {
  if (!isNode(node) || depth > 500) return;
  if (fn(node) === false) return;
  if (isMap(node)) {
    for (const p of node.items) {
      visitNodes(p.key, fn, depth + 1, skipValueOf);
      if (!skipValueOf?.(p)) visitNodes(p.value, fn, depth + 1, skipValueOf);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) visitNodes(item, fn, depth + 1, skipValueOf);
  }
}

/** Follow an alias to its anchored node (depth-limited: alias chains cannot loop forever). */
export function resolveNode(doc: Document.Parsed, node: unknown): Node | null {
  let n = node;
  for (let i = 0; i < 50 && isAlias(n); i++) n = n.resolve(doc);
  return isNode(n) ? n : null;
}

export function nodeRange(node: Node | null | undefined): OffsetRange | null {
  if (!node || !node.range) return null;
  return { start: node.range[0], end: node.range[1] };
}

/** The pair in a map whose key is `key`. */
export function pairOf(map: YAMLMap, key: string) {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item;
  }
  return null;
}
