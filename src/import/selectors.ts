/**
 * Kubernetes label selectors (`matchLabels` and `matchExpressions`, and the plain maps of
 * Services and nodeSelectors) evaluated against a set of labels, and small readers for the
 * loosely typed objects the manifests are.
 */
import { isObject } from './manifests';

export type Labels = Readonly<Record<string, string>>;

/** Read `obj.a.b.c`, or undefined when any step is missing. */
export function at(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A map of string values (labels, annotations, a nodeSelector); other entries are dropped. */
export function labels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const s = str(v) ?? (typeof v === 'boolean' ? String(v) : undefined);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** Whether a plain map selector (`Service.spec.selector`, `nodeSelector`) matches: every pair present. An empty map matches nothing here, as a Service without a selector selects no pods. */
export function mapMatches(selector: Labels, target: Labels): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => target[k] === v);
}

/**
 * Whether a `LabelSelector` matches: `matchLabels` and every `matchExpressions` requirement
 * (In, NotIn, Exists, DoesNotExist). An empty selector `{}` matches everything, a missing one
 * nothing, as the API defines for pod selectors in PDBs and affinity terms.
 */
export function selectorMatches(selector: unknown, target: Labels): boolean {
  if (!isObject(selector)) return false;
  for (const [k, v] of Object.entries(labels(selector.matchLabels))) if (target[k] !== v) return false;
  for (const expr of list(selector.matchExpressions)) if (!requirementHolds(expr, target)) return false;
  return true;
}

/** One `matchExpressions` entry of a label or node selector. Gt/Lt (node selectors) compare integers. */
export function requirementHolds(expr: unknown, target: Labels): boolean {
  const key = str(at(expr, 'key'));
  const operator = str(at(expr, 'operator'));
  const values = list(at(expr, 'values'))
    .map(str)
    .filter((v): v is string => v !== undefined);
  if (key === undefined) return false;
  const value = target[key];
  switch (operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(values[0], 10);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}
