/**
 * What the language service derives from an analysis or from one version of a design's
 * text — an index of components by id, the line scan of the text, the id occurrences read
 * from its YAML nodes — computed on first use and kept with the analysis it belongs to.
 *
 * Hover, completion and navigation used to keep such things in module-level slots (the last
 * text scanned, the last text parsed), so what one request saw depended on which request
 * had come before it, for which document, and in which version. Here nothing is kept but a
 * pure function of what it is kept with, so every answer is the one a fresh call gives,
 * whatever came first:
 *
 * - `fromResult(result, derive)` is `derive(result)`, kept per result object: an
 *   `AnalysisResult` does not change once built (docs/architecture.md, invariant 7).
 * - `fromText(text, result, derive)` is `derive(text)`, kept with `result` for the one text
 *   it was last asked for (compared by value): the analysis only carries the value and
 *   decides how long it lives (the server drops an analysis when a newer one is done). A
 *   result may be of an older version than `text` (hover asks before the newest analysis is
 *   done); then the text differs and the value is derived again, never reused.
 *
 * `derive` must be a pure function of its argument and declared once (at module level: it
 * is the key), and what it returns is shared by every caller, so it is read, never changed.
 * Both maps are weak: a result no longer referenced takes its values with it.
 */
import type { AnalysisResult } from './types';

type Derive<K, T> = (key: K) => T;

const byResult = new WeakMap<AnalysisResult, Map<Derive<AnalysisResult, unknown>, unknown>>();

/** `derive(result)`, computed once per result object. */
export function fromResult<T>(result: AnalysisResult, derive: Derive<AnalysisResult, T>): T {
  let values = byResult.get(result);
  if (!values) byResult.set(result, (values = new Map()));
  if (values.has(derive)) return values.get(derive) as T;
  const value = derive(result);
  values.set(derive, value);
  return value;
}

const byText = new WeakMap<object, { text: string; values: Map<Derive<string, unknown>, unknown> }>();

/**
 * `derive(text)`, kept with `owner` while it is asked for the same text; computed every time
 * without one. The owner is the analysis the request came with or, without one, an object
 * that lives for one request (so that one request reads the text once).
 */
export function fromText<T>(text: string, owner: object | null | undefined, derive: Derive<string, T>): T {
  if (!owner) return derive(text);
  let slot = byText.get(owner);
  if (!slot || slot.text !== text) byText.set(owner, (slot = { text, values: new Map() }));
  if (slot.values.has(derive)) return slot.values.get(derive) as T;
  const value = derive(text);
  slot.values.set(derive, value);
  return value;
}
