/**
 * Deterministic generator of realistic format-v1 designs of a given size, shared by the
 * benchmarks. About 15.6 lines and 4.7 replicas per component, a mix of kinds, explicit and
 * grouped replicas, rollouts, dependencies and consumers, comments — so that 10,000 lines
 * hold ~640 components and ~3,000 replicas, like the peer measurements in the issues.
 */
const KINDS = ['stateless', 'consumer', 'log', 'store', 'state-machine', 'primary-backup'] as const;

/** Small deterministic PRNG so every run measures the same text. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface GenerateOptions {
  /**
   * Shared causes (FORMAT.md additions): an OS image and a node agent under every component, and
   * a flag set one component in five loads. On by default: that is the design the benchmarks
   * measure since shared items exist.
   */
  shared?: boolean;
}

export function generateDesign(targetLines: number, seed = 1, options: GenerateOptions = {}): string {
  const shared = options.shared ?? true;
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const regions = ['eu-west-1', 'us-east-1', 'ap-south-1'];
  const zonesOf = (r: string) => ['a', 'b', 'c'].map((z) => `${r}${z}`);
  const lines: string[] = [
    '# Generated benchmark design.',
    'redundancy: 1',
    'system: generated',
    'description: A generated design for benchmarks.',
    'failureDomains: [region, zone, rack, host]',
    'tolerate: [host, rack, zone, bad-release, bad-config, poison-pill]',
    ...(shared
      ? [
          'shared:',
          '  base-image:',
          '    type: software',
          '    layer: os',
          '    version: ubuntu-22.04.4',
          '    rollout: { strategy: waves, waves: [1, 5%, 100%] }',
          '  node-agent:',
          '    type: config',
          '    layer: agent-content',
          '    rollout: rolling',
          '  flags:',
          '    type: config',
          '    layer: feature-flags',
          '    rollout: { strategy: canary, waves: [1, 10%, 100%] }',
          'uses: [base-image, node-agent]',
        ]
      : []),
    'components:',
  ];
  const ids: string[] = [];
  const logs: string[] = [];
  let i = 0;
  while (lines.length < targetLines - 2) {
    const kind = KINDS[i % KINDS.length];
    const id = `${kind.replace(/[^a-z]/g, '').slice(0, 5)}-${i}`;
    const region = pick(regions);
    const zones = zonesOf(region);
    lines.push(`  ${id}:`, `    # ${kind} number ${i}`, `    kind: ${kind}`);
    if (kind === 'consumer' && logs.length) {
      lines.push(`    consumes: [${pick(logs)}]`, `    onPoisonPill: ${pick(['stop', 'dead-letter', 'skip'] as const)}`);
    }
    if (shared && i % 5 === 0) lines.push('    uses: [flags]');
    if (ids.length > 3 && rand() < 0.6) lines.push(`    dependsOn: [${pick(ids)}, ${pick(ids)}]`.replace(/\[(.+), \1\]/, '[$1]'));
    lines.push('    replicas:');
    if (i % 2 === 0) {
      const n = 3 + Math.floor(rand() * 4);
      lines.push(
        `      - count: ${n}`,
        `        spread: { zone: [${zones.join(', ')}], rack: [r1, r2] }`,
        `        region: ${region}`,
        `        version: ${id}@1.${i % 7}.0`,
        `        config: ${id}-cfg@${i % 13}`,
      );
    } else {
      for (let k = 0; k < 4; k++) {
        lines.push(`      - { host: h-${i}-${k}, rack: r${k % 2}, zone: ${zones[k % 3]}, region: ${region}, version: ${id}@2.${k % 2}, config: ${id}-cfg@1 }`);
      }
    }
    lines.push('    rollout:', `      software: ${pick(['rolling', 'canary', 'all-at-once'] as const)}`, `      config: { strategy: waves, waves: [1, 50%, 100%] }`);
    if (kind === 'log') logs.push(id);
    ids.push(id);
    i++;
  }
  lines.push('accepted:', '  - rule: untolerated-exposure', '    reason: Region loss is handled by the DR runbook.');
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  process.stdout.write(generateDesign(Number(process.argv[2] ?? 1000)));
}
