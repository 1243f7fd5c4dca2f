/**
 * Bounded cost on any design: the scenario engine's work grows linearly with components and
 * dependency edges on the shapes that used to be quadratic — a long chain, a wide fan-in, a
 * dependency cycle. The engine counts its elementary steps (list entries merged, edges
 * walked); doubling the design must not much more than double them (a quadratic engine
 * quadruples them). Counting steps, not timing, keeps the test exact on any machine.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDetailed } from '../../src/core/analyze';
import { chainDesign, cycleDesign, fanInDesign } from '../../bench/shapes';

const TODAY = { today: '2026-12-03' };

const SHAPES: Record<string, (n: number) => string> = {
  'a chain (each component depends on the one before)': chainDesign,
  'a wide fan-in (every component depends on c0)': fanInDesign,
  'a cycle (c0 depends on the last one)': cycleDesign,
  'a chain under five shared versions (every software-bug scenario takes every component down directly)': sharedVersionsChain,
  'a chain whose neighbours share a host (each host scenario takes two components down directly)': sharedHostsChain,
};

/** c_i depends on c_(i-1); every component runs under five shared software versions. */
function sharedVersionsChain(n: number): string {
  const lines = ['redundancy: 1', 'system: shared-versions', 'tolerate: [host, software-bug]', 'shared:'];
  for (let v = 0; v < 5; v++) lines.push(`  s${v}: { type: software, layer: os, version: s${v}@1 }`);
  lines.push('uses: [s0, s1, s2, s3, s4]', 'components:');
  for (let i = 0; i < n; i++) {
    lines.push(`  c${i}:`, '    kind: stateless', '    replicas:', `      - { count: 2, spread: { host: [h${i}a, h${i}b] }, zone: z, rack: r, region: e, version: s0@1, config: k }`);
    if (i) lines.push(`    dependsOn: [c${i - 1}]`);
  }
  return lines.join('\n') + '\n';
}

/** c_i depends on c_(i-1), runs on hosts h_i and h_(i+1), quorum all. */
function sharedHostsChain(n: number): string {
  const lines = ['redundancy: 1', 'system: shared-hosts', 'tolerate: [host]', 'components:'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  c${i}:`,
      '    kind: stateless',
      '    quorum: all',
      '    replicas:',
      `      - { count: 2, spread: { host: [h${i}, h${i + 1}] }, zone: z, rack: r, region: e, version: v${i}, config: k }`,
    );
    if (i) lines.push(`    dependsOn: [c${i - 1}]`);
  }
  return lines.join('\n') + '\n';
}

describe('linear growth on long chains, wide fan-in and cycles', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    test(`${name}: doubling the design at most doubles the engine's work (plus a little)`, () => {
      const work = (n: number) => {
        const a = analyzeDetailed(shape(n), TODAY);
        return { work: a.engine!.reach.work, findings: a.result.findings.length };
      };
      const small = work(400);
      const large = work(800);
      assert.ok(small.work > 400, `the engine counts its steps (${small.work})`);
      assert.ok(large.work / small.work < 2.3, `${small.work} → ${large.work} steps`);
      assert.ok(large.findings / small.findings < 2.1, `${small.findings} → ${large.findings} findings`);
    });
  }

  test("the chain's scenarios are counted in full: a bad release of c0 takes down all 2,000 components, c1999 names its chain in a few hops", () => {
    const n = 2000;
    const a = analyzeDetailed(chainDesign(n), TODAY);
    const s = a.result.scenarios.find((x) => x.threat === 'bad-release' && x.value === 'c0')!;
    assert.equal(s.blastRadius, n);
    assert.equal(a.result.scenarios.find((x) => x.threat === 'bad-release' && x.value === 'c1000')!.blastRadius, 1000);
    const f = a.result.findings.find((x) => x.rule === 'dependency-bottleneck' && x.component === 'c1999')!;
    assert.ok(f.message.includes('(c1999 → c1998 → c1997 → … 1,996 more … → c0)'), f.message);
  });

  test('in a cycle every member goes down with any member, and the chain runs the short way round', () => {
    const n = 50;
    const a = analyzeDetailed(cycleDesign(n), TODAY);
    for (const s of a.result.scenarios.filter((x) => x.threat === 'bad-release')) assert.equal(s.blastRadius, n, `${s.value}`);
    const f = a.result.findings.find((x) => x.rule === 'dependency-bottleneck' && x.component === 'c5')!;
    // c5 → c4 → … → c0 → c49: its most relevant scenario is the first bad release in file order (c49 is written first).
    assert.equal(f.scenario?.value, 'c49');
    assert.ok(f.message.includes('(c5 → c4 → c3 → … 3 more … → c49)'), f.message);
  });
});
