/**
 * Schema validation of a parsed design: Ajv against schemas/redundancy.schema.json, then
 * the checks a static schema cannot make because failure-domain levels are the user's own
 * (replica level keys, `spread` keys, `tolerate` and `frequencyOrder` entries are checked
 * against the file's `failureDomains`: placementChecks.ts). Every problem is mapped back to the YAML node it
 * is about, as offsets into the text, with plain-data quick fixes where one is obvious.
 *
 * Where a problem lands:
 * - missing required key: the key of the mapping that lacks it (its first line when it has
 *   no key: the root, a list item);
 * - unknown key: that key;
 * - bad value: the value (a multi-line mapping or list: its key, else its first line;
 *   an empty value such as `kind:`: its key);
 * - list item: that item.
 *
 * Aliases. Ajv sees the document with aliases expanded, so a problem inside an anchored
 * node is found once per path that reaches it. The rule: a problem whose path crosses no
 * alias is reported at its node, as usual. A problem whose path crosses an alias is the
 * same problem as one found without crossing any alias when both are the same schema
 * failure at the same node; then it is dropped (the anchor's own place reports it and a
 * fix there repairs every use). Otherwise the anchored node is fine where it is written
 * and wrong only where it is reused, so the problem is reported at the alias (`*name`) —
 * the outermost alias on the path, the one written in the document — and gets no fix,
 * because editing the anchor would change its other uses.
 *
 * Performance: the schema is compiled once per process; paths are resolved through a
 * per-call memo (each map gets one key index), so mapping E errors costs O(E × depth)
 * rather than a document walk per error; the post-Ajv checks are one pass over the value.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { Document, isAlias, isCollection, isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap } from 'yaml';
import schema from '../../schemas/redundancy.schema.json';
import { replaceScalar } from './edits';
import { lineRangeAt, type ParsedDesign, resolveNode } from './parse';
import { placementChecks } from './placementChecks';
import { didYouMean, escapePointer, isPlainObject, mergeKeyHint, type RawProblem, type Segment, sentence, type Target, where } from './schemaProblems';
import { closest } from './suggest';
import type { Fix, OffsetRange, SchemaErrorData } from './types';

export interface SchemaProblem {
  message: string;
  range: OffsetRange;
  /**
   * Instance path of what the problem is about, sequence indexes as numbers. A missing
   * key's path ends with that key (it does not exist in the text); an unknown key's path
   * ends with the key.
   */
  path: (string | number)[];
  data: SchemaErrorData;
  fixes: Fix[];
}

/** The design schema as JSON (schemaDocs.ts imports the file itself, without Ajv). */
export const designSchema: object = schema;

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
// Editor annotations (VS Code / yaml-language-server) that Ajv's strict mode would reject.
ajv.addVocabulary(['markdownDescription', 'markdownEnumDescriptions', 'errorMessage', 'defaultSnippets']);
const validateSchema = ajv.compile(schema);

const EXAMPLE = ['redundancy: 1', 'system: checkout', 'components:', '  api:', '    kind: stateless', '    replicas:', '      - count: 3', '        spread: { zone: [a, b, c] }'].join('\n');

export function validateDesign(parsed: ParsedDesign): SchemaProblem[] {
  const { doc, text } = parsed;
  if (!doc) return parsed.problems.length > 0 ? [] : [emptyProblem(text)];
  if (parsed.value === undefined) return [];
  const root = resolveNode(doc, doc.contents);
  if (!root || (isScalar(root) && root.value === null && root.range && root.range[0] === root.range[1])) return [emptyProblem(text)];
  if (!isMap(root)) return [notAMapping(root, text)];
  if (!isPlainObject(parsed.value)) return [];

  const raws: RawProblem[] = [];
  const unknownKeys = new Set<string>();
  postChecks(parsed.value, raws, unknownKeys);
  if (!validateSchema(parsed.value)) raws.push(...fromAjv(validateSchema.errors ?? [], unknownKeys));
  return place(raws, new Resolver(doc), text);
}

// ---------------------------------------------------------------- Ajv errors

const LEAF_KEYWORDS = new Set(['type', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'pattern', 'minLength', 'maxLength', 'format', 'not']);

type SchemaNode = Record<string, unknown>;

function fromAjv(errors: ErrorObject[], unknownKeys: Set<string>): RawProblem[] {
  const dropped = new Set<number>();
  const combined: RawProblem[] = [];
  collapseAlternatives(errors, dropped, combined);

  const out: RawProblem[] = [];
  errors.forEach((e, i) => {
    if (dropped.has(i) || e.keyword === 'if' || underUnknownKey(e.instancePath, unknownKeys)) return;
    const raw = rawFromError(e);
    if (raw) out.push(raw);
  });
  for (const c of combined) if (!underUnknownKey(c.pointer, unknownKeys)) out.push(c);
  return out;
}

function underUnknownKey(pointer: string, unknownKeys: Set<string>): boolean {
  if (unknownKeys.size === 0) return false;
  for (let p = pointer; p.length > 0; p = p.slice(0, p.lastIndexOf('/'))) if (unknownKeys.has(p)) return true;
  return false;
}

/**
 * anyOf/oneOf become one problem per node. When the value's type fits exactly one branch
 * and that branch fails structurally (a missing or unknown key, an error deeper inside),
 * that branch's own errors are the useful ones (`software: { strategy: canry }`); in every
 * other case the branch errors are replaced by a single message for the node.
 * Outer alternatives are decided first so that an inner one is only judged if kept.
 */
function collapseAlternatives(errors: ErrorObject[], dropped: Set<number>, combined: RawProblem[]): void {
  const order = errors
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => a.e.schemaPath.length - b.e.schemaPath.length);
  for (const { e, i } of order) {
    if (dropped.has(i)) continue;
    dropped.add(i);
    const prefix = e.schemaPath + '/';
    // Ajv reports an alternative's branch errors as one run right before it, so a backward
    // scan finds them without visiting the whole error list.
    const branchOf = new Map<number, number>();
    for (let j = i - 1; j >= 0; j--) {
      const b = errors[j];
      if (!b.schemaPath.startsWith(prefix) || !isAtOrUnder(b.instancePath, e.instancePath)) break;
      if (!dropped.has(j)) branchOf.set(j, Number(b.schemaPath.slice(prefix.length).split('/')[0]));
    }
    const branches = Array.isArray(e.schema) ? (e.schema as SchemaNode[]) : [];
    const fitting = branches.map((b, k) => (acceptsType(b, e.data) ? k : -1)).filter((k) => k >= 0);
    if (fitting.length === 1) {
      const only = fitting[0];
      const own = [...branchOf].filter(([, k]) => k === only).map(([j]) => errors[j]);
      const structural = own.some((b) => b.instancePath !== e.instancePath || !LEAF_KEYWORDS.has(b.keyword));
      if (structural) {
        for (const [j, k] of branchOf) if (k !== only) dropped.add(j);
        continue;
      }
    }
    for (const j of branchOf.keys()) dropped.add(j);
    combined.push(alternativesProblem(e, branches));
  }
}

function isAtOrUnder(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + '/');
}

function alternativesProblem(e: ErrorObject, branches: SchemaNode[]): RawProblem {
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const allowed = branches.flatMap((b) => (Array.isArray(b.enum) ? b.enum.filter((v): v is string => typeof v === 'string') : []));
  const enumLike = allowed.length > 0 && typeof e.data === 'string';
  const suggestion = enumLike ? closest(e.data as string, allowed) : null;
  return {
    pointer: e.instancePath,
    target: 'value',
    message: (path) => {
      const base = typeof parent.errorMessage === 'string' ? parent.errorMessage : `${subject(path)} must be ${branches.map(expected).join(' or ')}`;
      return base + didYouMean(suggestion) + gotNothing(e.data);
    },
    data: enumLike ? { kind: 'enum', allowed, suggestion } : { kind: 'other' },
    fix: enumLike ? 'enum' : null,
    identity: `alternatives|${e.schemaPath}`,
  };
}

function rawFromError(e: ErrorObject): RawProblem | null {
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const identity = `${e.keyword}|${e.schemaPath}|${JSON.stringify(e.params)}`;
  switch (e.keyword) {
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const props = (parent.properties ?? {}) as Record<string, SchemaNode>;
      const hint = requiredHint(missing, props[missing]);
      return {
        pointer: e.instancePath,
        target: 'container',
        pathSuffix: missing,
        message: (path) => `Missing required key \`${missing}\` in ${where(path)}${hint}`,
        data: { kind: 'other' },
        fix: null,
        identity,
      };
    }
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as object).filter((k) => !k.startsWith('$'));
      const suggestion = closest(key, allowed);
      return {
        pointer: `${e.instancePath}/${escapePointer(key)}`,
        target: 'key',
        message: (path) => `Unknown key '${key}' in ${where(path.slice(0, -1))}${didYouMean(suggestion)}${mergeKeyHint(key)}${sentence(suggestion)}Allowed keys: ${allowed.join(', ')}`,
        data: { kind: 'unknown-key', key, allowed, suggestion },
        fix: suggestion ? 'rename' : null,
        identity,
      };
    }
    case 'uniqueItems': {
      const { i, j } = e.params as { i: number; j: number };
      const later = Math.max(i, j);
      const items = Array.isArray(e.data) ? e.data : [];
      return {
        pointer: `${e.instancePath}/${later}`,
        target: 'value',
        message: (path) => `${show(items[later])} is listed twice in \`${String(lastKey(path))}\``,
        data: { kind: 'other' },
        fix: null,
        identity,
      };
    }
    case 'minItems': {
      const limit = (e.params as { limit: number }).limit;
      return valueProblem(e, identity, (path) => `${subject(path)} must list at least ${limit === 1 ? 'one item' : `${limit} items`}`);
    }
    case 'minProperties':
      return valueProblem(e, identity, (path) => `${subject(path)} must not be empty`);
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const suggestion = typeof e.data === 'string' ? closest(e.data, allowed) : null;
      const unacceptable = e.instancePath.endsWith('/rule') && (e.data === 'schema' || e.data === 'yaml-syntax');
      const note = unacceptable ? ` (\`${String(e.data)}\` findings cannot be accepted: fix the file instead)` : '';
      return {
        pointer: e.instancePath,
        target: 'value',
        message: (path) =>
          (typeof parent.errorMessage === 'string' ? parent.errorMessage : `${subject(path)} must be one of ${allowed.join(', ')}`) + didYouMean(suggestion) + note + gotNothing(e.data),
        data: { kind: 'enum', allowed, suggestion },
        fix: 'enum',
        identity,
      };
    }
    case 'false schema':
      return valueProblem(e, identity, (path) => `${subject(path)} is not allowed here`);
    default:
      return valueProblem(e, identity, (path) => {
        if (typeof parent.errorMessage === 'string') return parent.errorMessage + gotNothing(e.data);
        if (e.keyword === 'type') return `${subject(path)} must be ${expected(parent)}${gotType(e.data, parent)}`;
        if (LEAF_KEYWORDS.has(e.keyword) && e.keyword !== 'not' && e.keyword !== 'pattern') return `${subject(path)} must be ${expected(parent)}${gotNothing(e.data)}`;
        return `${subject(path)} ${e.message ?? 'is not valid'}`;
      });
  }
}

function valueProblem(e: ErrorObject, identity: string, message: (path: Segment[]) => string): RawProblem {
  return { pointer: e.instancePath, target: 'value', message, data: { kind: 'other' }, fix: null, identity };
}

function requiredHint(key: string, prop: SchemaNode | undefined): string {
  if (key === 'redundancy') return ' (write `redundancy: 1`, the format version)';
  if (key === 'waves') return ' (the waves strategy needs its list, e.g. `waves: [1, 50%, 100%]`)';
  if (prop && Array.isArray(prop.enum)) return ` (one of ${prop.enum.join(', ')})`;
  return '';
}

// ---------------------------------------------------------------- post-Ajv checks

/** Checks no static schema can make: the file's own failure-domain levels (placementChecks.ts), shared ids against component ids, calendar dates. */
function postChecks(value: Record<string, unknown>, out: RawProblem[], unknownKeys: Set<string>): void {
  placementChecks(value, out, unknownKeys);
  const components = value.components;

  // Shared ids live in their own namespace, but one that equals a component id would make
  // scenario values (and accepted entries) ambiguous: FORMAT.md makes the clash a schema error.
  if (isPlainObject(value.shared) && isPlainObject(components)) {
    for (const id of Object.keys(value.shared)) {
      if (!Object.prototype.hasOwnProperty.call(components, id)) continue;
      out.push({
        pointer: `/shared/${escapePointer(id)}`,
        target: 'key',
        message: () => `Shared item '${id}' has the id of component '${id}'; a shared id must differ from every component id (rename one of them)`,
        data: { kind: 'other' },
        fix: null,
        identity: `shared-clash|${id}`,
      });
    }
  }

  if (Array.isArray(value.accepted)) {
    value.accepted.forEach((entry, i) => {
      if (!isPlainObject(entry) || typeof entry.until !== 'string') return;
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(entry.until);
      if (!m || isCalendarDate(+m[1], +m[2], +m[3])) return;
      const until = entry.until;
      out.push({
        pointer: `/accepted/${i}/until`,
        target: 'value',
        message: () => `\`until\` ${until} is not a day of the calendar; write a real date as YYYY-MM-DD`,
        data: { kind: 'other' },
        fix: null,
        identity: 'until-date',
      });
    });
  }
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

// ---------------------------------------------------------------- placing problems in the text

interface Step {
  /** The node at this path, aliases resolved; null when the path does not exist in the text. */
  node: Node | null;
  /** The key scalar when this step is a map member. */
  key: Scalar | null;
  /** The map this step is a member of, if any. */
  map: YAMLMap | null;
  /** The outermost alias crossed to reach the container of this step. */
  containerAlias: Node | null;
  /** The outermost alias crossed to reach this node, including the step's own value. */
  alias: Node | null;
  /** Segments from the root, sequence indexes as numbers. */
  path: Segment[];
}

/** Resolves JSON pointers to nodes, memoizing every prefix, so shared prefixes are walked once. */
class Resolver {
  private readonly steps = new Map<string, Step>();
  private readonly keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(private readonly doc: Document.Parsed) {}

  resolve(pointer: string): Step {
    const cached = this.steps.get(pointer);
    if (cached) return cached;
    let step: Step;
    if (pointer === '') {
      step = { node: resolveNode(this.doc, this.doc.contents), key: null, map: null, containerAlias: null, alias: null, path: [] };
    } else {
      const cut = pointer.lastIndexOf('/');
      const parent = this.resolve(pointer.slice(0, cut));
      step = this.child(parent, unescapePointer(pointer.slice(cut + 1)));
    }
    this.steps.set(pointer, step);
    return step;
  }

  /**
   * The pair under `key` in `map`. With a repeated key (a yaml-syntax finding, yet the
   * value is still built) the last pair wins, as it does in the value Ajv validated.
   */
  pairIn(map: YAMLMap, key: string): Pair | null {
    let index = this.keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) if (isScalar(item.key)) index.set(String(item.key.value), item);
      this.keyIndex.set(map, index);
    }
    return index.get(key) ?? null;
  }

  private child(parent: Step, seg: string): Step {
    const containerAlias = parent.alias;
    const missing = (path: Segment): Step => ({ node: null, key: null, map: null, containerAlias, alias: containerAlias, path: [...parent.path, path] });
    const container = parent.node;
    if (isMap(container)) {
      const pair = this.pairIn(container, seg);
      if (!pair) return missing(seg);
      const raw = pair.value;
      return {
        node: resolveNode(this.doc, raw),
        key: isScalar(pair.key) ? pair.key : null,
        map: container,
        containerAlias,
        alias: containerAlias ?? (isAlias(raw) ? raw : null),
        path: [...parent.path, seg],
      };
    }
    if (isSeq(container)) {
      const index = Number(seg);
      const raw = Number.isInteger(index) ? container.items[index] : undefined;
      if (raw === undefined) return missing(seg);
      return {
        node: resolveNode(this.doc, raw),
        key: null,
        map: null,
        containerAlias,
        alias: containerAlias ?? (isAlias(raw) ? raw : null),
        path: [...parent.path, index],
      };
    }
    return missing(seg);
  }
}

function place(raws: RawProblem[], resolver: Resolver, text: string): SchemaProblem[] {
  const direct = new Set<string>();
  const placed: { raw: RawProblem; step: Step; alias: Node | null; identity: string }[] = [];
  // First pass: where each problem is in the anchored text, so aliased duplicates can be recognised.
  for (const raw of raws) {
    const step = resolver.resolve(raw.pointer);
    const at = raw.target === 'key' ? step.key : step.node;
    const alias = raw.target === 'key' ? step.containerAlias : step.alias;
    const identity = `${raw.identity}@${raw.target}@${at?.range ? at.range[0] : `?${raw.pointer}`}`;
    if (!alias) direct.add(identity);
    placed.push({ raw, step, alias, identity });
  }

  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const { raw, step, alias, identity } of placed) {
    if (alias && direct.has(identity)) continue;
    const path = raw.pathSuffix === undefined ? step.path : [...step.path, raw.pathSuffix];
    let message = raw.message(step.path);
    let range: OffsetRange;
    let fixes: Fix[] = [];
    if (alias) {
      range = nodeRangeOr(alias, text);
      message += ` (in the value of alias ${aliasName(alias)})`;
    } else {
      range = targetRange(raw.target, step, resolver, text);
      fixes = makeFixes(raw, step, resolver, text);
    }
    const key = `${range.start}:${range.end}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ message, range, path, data: raw.data, fixes });
  }
  out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return out;
}

function targetRange(target: Target, step: Step, resolver: Resolver, text: string): OffsetRange {
  if (target === 'key' && step.key?.range) return { start: step.key.range[0], end: step.key.range[1] };
  let s = step;
  // A path that is not in the text (keys the parser spells differently): the nearest ancestor that is.
  while (!s.node && s.path.length > 0) s = resolver.resolve(toPointer(s.path.slice(0, -1)));
  const node = s.node;
  if (!node?.range) return lineRangeAt(text, 0);
  const [start, end] = node.range;
  if (target === 'container' || (isCollection(node) && text.slice(start, end).includes('\n')) || start === end) {
    if (s.key?.range) return { start: s.key.range[0], end: s.key.range[1] };
    return firstLine(text, start, end);
  }
  return { start, end };
}

function firstLine(text: string, start: number, end: number): OffsetRange {
  const line = lineRangeAt(text, start);
  return end > start ? { start, end: Math.min(line.end, end) } : line;
}

function nodeRangeOr(node: Node, text: string): OffsetRange {
  return node.range ? { start: node.range[0], end: node.range[1] } : lineRangeAt(text, 0);
}

function aliasName(alias: Node): string {
  return isAlias(alias) ? `*${alias.source}` : 'here';
}

// ---------------------------------------------------------------- fixes

function makeFixes(raw: RawProblem, step: Step, resolver: Resolver, text: string): Fix[] {
  if (raw.fix === 'enum' && raw.data.kind === 'enum') {
    const node = step.node;
    if (!isScalar(node) || !node.range) return [];
    const { allowed, suggestion } = raw.data;
    const ordered = suggestion ? [suggestion, ...allowed.filter((v) => v !== suggestion)] : allowed;
    const fixes: Fix[] = [];
    for (const v of ordered) {
      fixes.push({ title: `Change to '${v}'`, kind: 'schema', isPreferred: v === suggestion, edits: [replaceScalar(text, node, v)] });
    }
    return fixes;
  }
  if (raw.fix === 'rename' && raw.data.kind === 'unknown-key' && raw.data.suggestion) {
    const key = step.key;
    const suggestion = raw.data.suggestion;
    // Renaming onto a key the mapping already has would only trade this error for a duplicate key.
    if (!key?.range || !step.map || resolver.pairIn(step.map, suggestion)) return [];
    return [{ title: `Rename '${raw.data.key}' to '${suggestion}'`, kind: 'schema', isPreferred: true, edits: [replaceScalar(text, key, suggestion)] }];
  }
  return [];
}

// ---------------------------------------------------------------- messages

function emptyProblem(text: string): SchemaProblem {
  const range = text.length === 0 ? { start: 0, end: 0 } : lineRangeAt(text, 0);
  return {
    message: `The file is empty. A design needs \`redundancy: 1\`, a \`system\` name and \`components\`, for example:\n${EXAMPLE}`,
    range,
    path: [],
    data: { kind: 'other' },
    fixes: [],
  };
}

function notAMapping(root: Node, text: string): SchemaProblem {
  const what = isSeq(root) ? 'a list' : 'a single value';
  const range = root.range ? firstLine(text, root.range[0], root.range[1]) : lineRangeAt(text, 0);
  return {
    message: `A design is a mapping of keys (\`redundancy: 1\`, \`system\`, \`components\`, …), but this file's top level is ${what}. For example:\n${EXAMPLE}`,
    range,
    path: [],
    data: { kind: 'other' },
    fixes: [],
  };
}

/** The grammatical subject for a value: "`count`", "Item 2 of `dependsOn`", "The design". */
function subject(path: Segment[]): string {
  if (path.length === 0) return 'The design';
  const last = path[path.length - 1];
  if (typeof last === 'number') return `Item ${last + 1} of \`${String(lastKey(path))}\``;
  return `\`${last}\``;
}

function lastKey(path: Segment[]): Segment {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i];
  return '';
}

/** What a schema accepts, in words: "an integer from 1 to 10000", "a string or a number". */
function expected(s: SchemaNode): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => (typeof v === 'string' ? `\`${v}\`` : String(v))).join(', ')}`;
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (types.length === 0) return 'a valid value';
  return types.map((t) => typeWords(t, s)).join(' or ');
}

function typeWords(t: string, s: SchemaNode): string {
  const min = typeof s.minimum === 'number' ? s.minimum : null;
  const max = typeof s.maximum === 'number' ? s.maximum : null;
  switch (t) {
    case 'integer':
    case 'number': {
      const noun = t === 'integer' ? 'an integer' : 'a number';
      if (min !== null && max !== null) return `${noun} from ${min} to ${max}`;
      if (min !== null) return `${noun} of at least ${min}`;
      if (max !== null) return `${noun} of at most ${max}`;
      return noun;
    }
    case 'string':
      return typeof s.minLength === 'number' && s.minLength > 0 ? 'a non-empty string' : 'a string';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping (key: value)';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'empty';
    default:
      return t;
  }
}

/** Whether a value fits a branch's type, to tell which alternative the user was writing. */
function acceptsType(branch: SchemaNode, data: unknown): boolean {
  const actual = jsonType(data);
  const types = Array.isArray(branch.type) ? (branch.type as string[]) : typeof branch.type === 'string' ? [branch.type] : null;
  if (types) return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
  if (Array.isArray(branch.enum)) return branch.enum.some((v) => jsonType(v) === actual);
  return true;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function gotNothing(data: unknown): string {
  return data === null ? ' (it has no value)' : '';
}

/** What the value is instead, when that helps: a scalar where a list belongs can simply be bracketed. */
function gotType(data: unknown, s: SchemaNode): string {
  const wantsList = s.type === 'array';
  if ((typeof data === 'string' || typeof data === 'number') && wantsList) return ` (for a list of one, write [${String(data)}])`;
  if (data === null) return ' (it has no value)';
  if (Array.isArray(data)) return ' (it is a list)';
  if (typeof data === 'object') return ' (it is a mapping)';
  return '';
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function toPointer(path: Segment[]): string {
  return path.map((s) => '/' + escapePointer(String(s))).join('');
}
