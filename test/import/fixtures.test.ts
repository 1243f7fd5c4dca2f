/**
 * The importers on realistic inputs: each fixture under examples/kubernetes/ imports to exactly
 * its expected design (the whole text, comments included), and every imported design passes
 * the core's analysis without schema, syntax or reference errors.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/index';
import { emitDesign, importCompose, importKubernetes, nodesFrom, readManifests, type ImportResult } from '../../src/import/index';
import { expected, source } from './helpers';

const nodes = nodesFrom(readManifests([source('nodes.yaml')]).manifests);

const CASES: { name: string; run: () => ImportResult; components: string[]; warnings: string[] }[] = [
  { name: 'shop', run: () => importKubernetes([source('shop.yaml')]), components: ['frontend', 'cart', 'catalog', 'redis-cart', 'catalog-db'], warnings: [] },
  { name: 'ensemble', run: () => importKubernetes([source('ensemble.yaml')]), components: ['zk', 'kafka'], warnings: [] },
  {
    name: 'zones',
    run: () => importKubernetes([source('zones.yaml')]),
    components: ['api', 'ledger', 'fraud', 'reports'],
    warnings: ['examples/kubernetes/zones.yaml:74: Deployment fraud: the labelSelector of topologySpreadConstraints[0] matches none of its own pods, so it protects nothing; ignored'],
  },
  {
    name: 'zones-nodes',
    run: () => importKubernetes([source('zones.yaml')], { nodes }),
    components: ['api', 'ledger', 'fraud', 'reports'],
    warnings: ['examples/kubernetes/zones.yaml:74: Deployment fraud: the labelSelector of topologySpreadConstraints[0] matches none of its own pods, so it protects nothing; ignored'],
  },
  { name: 'canary', run: () => importKubernetes([source('canary.yaml')]), components: ['checkout', 'admin', 'inventory'], warnings: [] },
  { name: 'helm', run: () => importKubernetes([source('helm.yaml')]), components: ['release-gateway', 'release-store', 'release-agent'], warnings: [] },
  { name: 'compose', run: () => importCompose([source('compose.yaml')]), components: ['web', 'api', 'db', 'cache'], warnings: [] },
];

for (const c of CASES) {
  test(`${c.name}: imports to its expected design, whole text`, () => {
    const result = c.run();
    assert.ok(result.design, 'a design');
    assert.deepEqual(
      result.design.components.map((x) => x.id),
      c.components,
    );
    assert.deepEqual(
      result.warnings.map((w) => `${w.file}:${w.line}: ${w.text}`),
      c.warnings,
    );
    assert.equal(emitDesign(result.design), expected(c.name));
  });

  test(`${c.name}: the imported design passes check without schema, syntax or reference errors`, () => {
    const text = expected(c.name);
    const result = analyze(text, { today: '2026-01-01' });
    const broken = result.findings.filter((f) => f.rule === 'schema' || f.rule === 'yaml-syntax' || f.rule === 'unknown-reference');
    assert.deepEqual(
      broken.map((f) => `${f.rule}: ${f.message}`),
      [],
    );
    assert.ok(result.model);
    assert.deepEqual(
      result.model.components.map((x) => x.id),
      c.components,
    );
    // Every component says where it came from.
    for (const id of c.components) assert.match(text, new RegExp(`\\n  # [^\\n]+\\((examples/kubernetes/[a-z-]+\\.yaml):\\d+\\)[^\\n]*\\n(  #[^\\n]*\\n)*  ${id}:\\n`));
  });
}

test('the expected designs say what the manifests say, checked against the model', () => {
  const model = (name: string) => {
    const m = analyze(expected(name)).model;
    assert.ok(m);
    return new Map(m.components.map((c) => [c.id, c]));
  };
  const shop = model('shop');
  // HPA minReplicas (3) wins over spec.replicas (4): the worst case.
  assert.equal(shop.get('frontend')?.replicas.length, 3);
  assert.deepEqual(shop.get('frontend')?.dependsOn, ['cart', 'catalog']);
  assert.deepEqual(shop.get('cart')?.dependsOn, ['redis-cart']);
  assert.deepEqual(shop.get('catalog')?.dependsOn, ['catalog-db']);
  assert.equal(shop.get('catalog-db')?.kind, 'primary-backup');
  assert.equal(shop.get('redis-cart')?.kind, 'store');
  // Required zone spread: placeholders, one per zone in round-robin.
  assert.deepEqual(
    shop.get('frontend')?.replicas.map((r) => r.placement.zone),
    ['zone-1', 'zone-2', 'zone-3'],
  );

  const ensemble = model('ensemble');
  assert.equal(ensemble.get('zk')?.kind, 'state-machine');
  assert.equal(ensemble.get('zk')?.quorum, 2); // PDB maxUnavailable 1 of 3
  assert.equal(ensemble.get('kafka')?.kind, 'log');
  assert.equal(ensemble.get('kafka')?.quorum, 3); // PDB minAvailable 60% of 5 = 3
  assert.equal(ensemble.get('kafka')?.rollout.software.firstWave, 1);
  assert.deepEqual(ensemble.get('kafka')?.dependsOn, ['zk']);
  assert.equal(ensemble.get('zk')?.replicas[0].placement.zone, undefined, 'ScheduleAnyway guarantees no zone');

  const zones = model('zones-nodes');
  assert.deepEqual(
    zones.get('api')?.replicas.map((r) => r.placement.zone),
    ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  );
  assert.equal(zones.get('api')?.rollout.software.firstWave, 4); // maxSurge 50% of 6 up (3) + maxUnavailable 1
  assert.equal(zones.get('ledger')?.replicas[0].placement.zone, undefined, 'preferred anti-affinity guarantees no zone');
  assert.equal(zones.get('fraud')?.replicas[0].placement.zone, undefined, 'a selector that misses protects nothing');
  assert.deepEqual(
    zones.get('reports')?.replicas.map((r) => r.placement.zone),
    ['eu-west-1c', 'eu-west-1c'],
  );
  assert.equal(zones.get('api')?.replicas[0].placement.region, 'eu-west-1');

  const canary = model('canary');
  assert.equal(canary.get('checkout')?.rollout.software.strategy, 'canary');
  assert.equal(canary.get('checkout')?.rollout.software.firstWave, 1); // setWeight 5% of 10 → 0.5 → 1 (ties up)
  assert.equal(canary.get('admin')?.rollout.software.firstWave, 2); // blueGreen: all at once
  assert.equal(canary.get('inventory')?.replicas.length, 4);
  assert.deepEqual(canary.get('checkout')?.dependsOn, ['inventory']);

  const helm = model('helm');
  assert.equal(helm.get('release-store')?.kind, 'log'); // the annotation wins over the image
  assert.equal(helm.get('release-agent')?.replicas.length, 12);
  assert.equal(helm.get('release-gateway')?.rollout.software.firstWave, 2); // Recreate
  assert.deepEqual(
    helm.get('release-gateway')?.replicas.map((r) => r.config),
    ['collector-config@0c4e2a86d5f1', 'collector-config@0c4e2a86d5f1'],
  );

  const compose = model('compose');
  assert.deepEqual(compose.get('api')?.dependsOn, ['cache', 'db']);
  assert.equal(compose.get('db')?.replicas[0].placement.zone, 'zone-a');
  assert.equal(compose.get('api')?.rollout.software.firstWave, 2);
});
