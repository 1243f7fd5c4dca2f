/**
 * The scenario engine's summaries of what goes down through dependencies (src/core/reach.ts)
 * against the definition, walked naively per scenario: on generated designs — dependency
 * cycles included — every blast radius, every threat-matrix cell and every
 * dependency-bottleneck's scenario and chain must be what propagating each scenario gives.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../src/core';
import type { AnalysisResult, ComponentModel } from '../../src/core';
import { downThroughDependencies } from '../../src/core/scenarios';
import { designArb } from './arbitraries';
import { OPTS } from './checks';

const params = (numRuns: number) => ({ seed: 20261203, numRuns, includeErrorInReport: true });

/** Per scenario, by propagation: the components down through dependencies (not by themselves). */
function naive(result: AnalysisResult) {
  const comps = result.model!.components;
  const index = new Map(comps.map((c, i) => [c.id, i] as const));
  const dependents = comps.map(() => new Set<number>());
  comps.forEach((c, i) => {
    for (const d of c.dependsOn) {
      const j = index.get(d);
      if (j !== undefined && j !== i) dependents[j].add(i);
    }
  });
  const spread = (start: number[], blocked: Set<number>) => {
    const down = new Set(start);
    const queue = [...start];
    while (queue.length) for (const d of dependents[queue.shift()!]) if (!down.has(d) && !blocked.has(d)) (down.add(d), queue.push(d));
    return down;
  };
  const baseline = spread(
    comps.flatMap((c, i) => (c.quorum > c.replicas.length ? [i] : [])),
    new Set(),
  );
  const via = result.scenarios.map((s) => {
    const direct = s.componentsDownDirectly.map((id) => index.get(id)!);
    const all = spread(direct, baseline);
    for (const d of direct) all.delete(d);
    return all;
  });
  return { comps, index, baseline, via };
}

/** Hops from a component through its dependencies to the nearest one in `roots`. */
function distance(comps: readonly ComponentModel[], index: Map<string, number>, from: number, roots: Set<number>): number {
  const seen = new Set([from]);
  let frontier = [from];
  for (let hops = 0; frontier.length; hops++) {
    if (frontier.some((x) => roots.has(x))) return hops;
    const next: number[] = [];
    for (const x of frontier)
      for (const d of comps[x].dependsOn) {
        const j = index.get(d);
        if (j !== undefined && !seen.has(j)) (seen.add(j), next.push(j));
      }
    frontier = next;
  }
  return Infinity;
}

describe('what goes down through dependencies, against propagating every scenario', () => {
  test('blast radius, the threat matrix and every dependency-bottleneck (scenario and chain) match the definition', () => {
    let bottlenecks = 0;
    let cycles = 0;
    fc.assert(
      fc.property(designArb, ({ text }) => {
        const seen = checkAgainstNaive(text);
        bottlenecks += seen.bottlenecks;
        cycles += seen.cycles;
      }),
      params(300),
    );
    // The generator must have reached what this test is about.
    assert.ok(bottlenecks > 20, `${bottlenecks} dependency-bottlenecks checked`);
    assert.ok(cycles > 5, `${cycles} designs with a dependency cycle`);
  });

  // Components packed onto a few shared hosts and under several shared versions: many scenarios
  // of one class take a component and its dependencies down together, so the per-component
  // lists (REACH_LIMIT long) are cut and the bottleneck must be found past them.
  test('the same on co-located designs, where more scenarios than a list keeps hit a component and its dependencies together', () => {
    let bottlenecks = 0;
    fc.assert(
      fc.property(colocatedArb, (text) => {
        bottlenecks += checkAgainstNaive(text).bottlenecks;
      }),
      params(300),
    );
    assert.ok(bottlenecks > 50, `${bottlenecks} dependency-bottlenecks checked`);
  });
});

/** Small designs on hosts h0..h5 with up to six shared versions; dependencies may form cycles. */
const colocatedArb = fc
  .record({ n: fc.integer({ min: 2, max: 5 }), versions: fc.integer({ min: 0, max: 6 }) })
  .chain(({ n, versions }) =>
    fc.tuple(
      fc.constant(versions),
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            hosts: fc.subarray(['h0', 'h1', 'h2', 'h3', 'h4', 'h5'], { minLength: 1, maxLength: 6 }),
            quorum: fc.constantFrom('1', 'all', 'majority', '7'),
            version: fc.constantFrom('v1', 'v2', `own${i}`),
            deps: fc.subarray(
              Array.from({ length: n }, (_, j) => `c${j}`),
              { maxLength: Math.min(3, n) },
            ),
            tolerate: fc.subarray(['host', 'software-bug', 'bad-release'], { minLength: 1 }),
          }),
        ),
      ),
    ),
  )
  .map(([versions, comps]) => {
    const lines = ['redundancy: 1', 'system: colocated'];
    if (versions) {
      lines.push('shared:');
      for (let v = 0; v < versions; v++) lines.push(`  s${v}: { type: software, layer: os, version: s${v}@1 }`);
      lines.push(`uses: [${Array.from({ length: versions }, (_, v) => `s${v}`).join(', ')}]`);
    }
    lines.push('components:');
    comps.forEach((c, i) => {
      lines.push(`  c${i}:`, '    kind: stateless', `    quorum: ${c.quorum}`, `    tolerate: [${c.tolerate.join(', ')}]`);
      if (c.deps.length) lines.push(`    dependsOn: [${c.deps.join(', ')}]`);
      lines.push('    replicas:', `      - { count: ${c.hosts.length}, spread: { host: [${c.hosts.join(', ')}] }, zone: z, rack: r, region: e, version: ${c.version}, config: k }`);
    });
    return lines.join('\n') + '\n';
  });

/** Checks one design's summaries against naive propagation; counts what it checked. */
function checkAgainstNaive(text: string): { bottlenecks: number; cycles: number } {
  let bottlenecks = 0;
  let cycles = 0;
  const result = analyze(text, OPTS);
  if (!result.model) return { bottlenecks, cycles };
  const { comps, index, baseline, via } = naive(result);
  if (comps.some((c) => c.dependsOn.some((d) => comps[index.get(d) ?? -1]?.dependsOn.includes(c.id)))) cycles++;
  result.scenarios.forEach((s, si) => {
    assert.equal(s.blastRadius, s.componentsDownDirectly.length + via[si].size, `${s.threat} ${s.value}: blast radius`);
    assert.deepEqual(
      downThroughDependencies(result.model!, s.componentsDownDirectly),
      [...via[si]].sort((a, b) => a - b).map((i) => comps[i].id),
    );
  });
  const down = (si: number, ci: number) => via[si].has(ci) || result.scenarios[si].componentsDownDirectly.includes(comps[ci].id);
  result.matrix.threats.forEach((t, ti) => {
    comps.forEach((c, ci) => {
      const cell = result.matrix.cells[ci][ti];
      const takers = result.scenarios.flatMap((s, si) => (s.threat === t && down(si, ci) ? [si] : []));
      if (baseline.has(ci)) return assert.equal(cell.state, 'exposed');
      assert.equal(cell.state === 'exposed', takers.length > 0, `${c.id} ${t}: exposed`);
      if (takers.length) {
        const worst = takers.reduce((a, b) => (result.scenarios[b].blastRadius > result.scenarios[a].blastRadius ? b : a));
        assert.equal(cell.worst, worst, `${c.id} ${t}: worst scenario`);
      }
    });
  });
  const shared = new Set(result.model!.shared.map((sh) => sh.id));
  comps.forEach((c, ci) => {
    const finding = result.findings.find((f) => f.rule === 'dependency-bottleneck' && f.component === c.id);
    if (baseline.has(ci)) return assert.equal(finding, undefined);
    const candidates = result.scenarios
      .map((s, si) => ({ s, si }))
      .filter(({ s, si }) => via[si].has(ci) && c.tolerate.includes(s.threat) && !((s.threat === 'bad-release' || s.threat === 'bad-config') && shared.has(s.value)));
    const best = candidates.sort((a, b) => a.s.rank - b.s.rank)[0];
    assert.equal(finding?.scenario?.value, best?.s.value, `${c.id}: the bottleneck's scenario`);
    assert.equal(finding?.scenario?.threat, best?.s.threat);
    if (!finding || !best) return;
    bottlenecks++;
    // "… depends on db (api → orders → db), which goes down": a real, shortest chain to a component the scenario takes down by itself.
    const chain = /\(([^()]*?)\), which goes down/.exec(finding.message)![1].split(' → ');
    const roots = new Set(best.s.componentsDownDirectly.map((id) => index.get(id)!));
    assert.equal(chain[0], c.id);
    assert.ok(roots.has(index.get(chain[chain.length - 1])!), `${finding.message}: ends at a component down by itself`);
    for (let i = 1; i < chain.length; i++) assert.ok(comps[index.get(chain[i - 1])!].dependsOn.includes(chain[i]), `${chain[i - 1]} depends on ${chain[i]}`);
    assert.equal(chain.length - 1, distance(comps, index, ci, roots), `${finding.message}: the shortest chain`);
  });
  return { bottlenecks, cycles };
}
