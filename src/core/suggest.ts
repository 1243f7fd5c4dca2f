/**
 * "Did you mean …?" for misspelt keys and values. Pure and small: candidate lists are
 * schema enums and key sets (tens of entries), so a quadratic edit distance is cheap.
 */

/**
 * The candidate `word` most likely stands for, or null when none is close enough.
 * Tried in order: the same word ignoring case and separators (`State_Machine` ->
 * `state-machine`); the only candidate that starts with `word` (`maj` -> `majority`); a
 * candidate that `word` starts with (`hostname` -> `host`); the smallest
 * Damerau-Levenshtein distance within a third of the word's length, at least 1
 * (`zoen` -> `zone`). Ties go to the earlier candidate, so callers list candidates in
 * their natural order.
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  if (word.length === 0 || candidates.length === 0) return null;
  const lower = word.toLowerCase();
  const normal = normalize(word);
  for (const c of candidates) if (c.toLowerCase() === lower) return c;
  for (const c of candidates) if (normalize(c) === normal && normal.length > 0) return c;

  if (lower.length >= 2) {
    const starting = candidates.filter((c) => c.toLowerCase().startsWith(lower));
    if (starting.length === 1) return starting[0];
  }
  // A short candidate inside a long word ("id" in "idle") says little; four letters do.
  const within = candidates.filter((c) => c.length >= 4 && lower.startsWith(c.toLowerCase()));
  if (within.length > 0) return within.reduce((a, b) => (b.length > a.length ? b : a));

  const limit = Math.max(1, Math.floor(lower.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (Math.abs(cl.length - lower.length) >= bestDistance) continue;
    const d = distance(lower, cl, bestDistance - 1);
    // A distance as long as the candidate means nothing of it survived.
    if (d < bestDistance && d < c.length) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/[-_\s.]/g, '');
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), giving
 * up early once every cell of a row exceeds `max` (the caller only cares below it).
 */
export function distance(a: string, b: string, max = Infinity): number {
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return rowMin;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}
