/**
 * Designs of the shapes that once made the analysis quadratic, for the bench and the
 * reliability tests: a long dependency chain, a wide fan-in on one dependency, a cycle.
 * Each component has its own version and two hosts in two zones, so every bad release,
 * config push and version bug takes exactly one component down by itself — and everything
 * that depends on it with it.
 */

/** n components, written last first; `dependsOn(i)` lists the indices component i depends on. */
export function shapeDesign(n: number, dependsOn: (i: number) => number[], system = 'shape'): string {
  const parts = [`redundancy: 1\nsystem: ${system}\ncomponents:\n`];
  for (let i = n - 1; i >= 0; i--) {
    parts.push(
      `  c${i}:\n    kind: stateless\n    replicas:\n      - { host: h${i}a, zone: z${i % 3}, version: v${i}, config: k }\n      - { host: h${i}b, zone: z${(i + 1) % 3}, version: v${i}, config: k }\n`,
    );
    const deps = dependsOn(i);
    if (deps.length) parts.push(`    dependsOn: [${deps.map((d) => `c${d}`).join(', ')}]\n`);
  }
  return parts.join('');
}

/** c_i depends on c_(i-1): a bad release of c0 takes down all n. */
export const chainDesign = (n: number): string => shapeDesign(n, (i) => (i > 0 ? [i - 1] : []), 'chain');

/** Every component depends on c0. */
export const fanInDesign = (n: number): string => shapeDesign(n, (i) => (i > 0 ? [0] : []), 'fan-in');

/** A chain closed into a ring: c0 depends on the last one. */
export const cycleDesign = (n: number): string => shapeDesign(n, (i) => [i > 0 ? i - 1 : n - 1], 'cycle');
