/**
 * A schema problem before it is placed in the text, and the words its messages share:
 * validate.ts (Ajv's errors) and placementChecks.ts (the file's own failure-domain levels)
 * both build them.
 */
import type { SchemaErrorData } from './types';

export type Segment = string | number;
export type Target = 'value' | 'key' | 'container';

/** A problem before it is placed in the text. */
export interface RawProblem {
  /** JSON pointer (Ajv's instancePath syntax) of the node the problem is about. */
  pointer: string;
  /** value: the node itself; key: the map key the pointer ends with; container: the mapping at the pointer. */
  target: Target;
  message: (path: Segment[]) => string;
  /** Extra path segment for the reported path (a missing key). */
  pathSuffix?: string;
  data: SchemaErrorData;
  fix: 'enum' | 'rename' | null;
  /** What makes two reports of one node the same schema failure (see the alias rule). */
  identity: string;
}

/** Where a path is, in words: "component `ledger`", "item 2 of `replicas` in component `api`". */
export function where(path: Segment[]): string {
  if (path.length === 0) return 'the top level of the design';
  if (path[0] === 'components' && path.length >= 2) {
    const component = `component \`${path[1]}\``;
    const rest = path.slice(2);
    if (rest.length === 0) return component;
    if (rest[0] === 'replicas' && typeof rest[1] === 'number') {
      const item = `item ${rest[1] + 1} of \`replicas\` in ${component}`;
      return rest.length === 2 ? item : `\`${dotted(rest.slice(2))}\` of ${item}`;
    }
    return `\`${dotted(rest)}\` of ${component}`;
  }
  if (path[0] === 'accepted' && typeof path[1] === 'number') {
    const entry = `entry ${path[1] + 1} of \`accepted\``;
    return path.length === 2 ? entry : `\`${dotted(path.slice(2))}\` of ${entry}`;
  }
  return `\`${dotted(path)}\``;
}

export function dotted(path: Segment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function didYouMean(suggestion: string | null): string {
  return suggestion ? `; did you mean '${suggestion}'?` : '';
}

/** Separator before a following sentence: a question already ends one. */
export function sentence(suggestion: string | null): string {
  return suggestion ? ' ' : '. ';
}

export function mergeKeyHint(key: string): string {
  return key === '<<' ? ' (YAML merge keys are not supported; repeat the fields or use an alias for the whole value)' : '';
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function escapePointer(seg: string): string {
  return seg.replace(/~/g, '~0').replace(/\//g, '~1');
}
