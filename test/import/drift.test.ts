/**
 * `--check`: drift between a reviewed design and the manifests, compared as the core models
 * both. A design imported from the same manifests has no drift; each kind of difference
 * gives its finding at the design's component.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, type DesignModel } from '../../src/core/index';
import { compareDesigns, emitDesign, importKubernetes, type Drift } from '../../src/import/index';
import { expected, source } from './helpers';

function modelOf(text: string): DesignModel {
  const m = analyze(text).model;
  assert.ok(m, 'a model');
  return m;
}

const imported = (name: string): DesignModel => {
  const design = importKubernetes([source(`${name}.yaml`)]).design;
  assert.ok(design);
  return modelOf(emitDesign(design));
};

const summary = (drifts: Drift[]) => drifts.map((d) => `${d.severity} ${d.aspect} ${d.component}: ${d.message}`);

test('a design imported from the same manifests has no drift', () => {
  for (const name of ['shop', 'ensemble', 'zones', 'canary', 'helm']) {
    const text = expected(name);
    assert.deepEqual(compareDesigns(modelOf(text), imported(name), text), [], name);
  }
});

test('fewer replicas, another version, a lost spread, a new dependency, a larger first wave, missing and unreviewed components', () => {
  const design = `redundancy: 1
system: shop
failureDomains: [region, zone, host]
components:
  frontend:
    kind: stateless
    replicas:
      - count: 5
        spread: { zone: [a, b, c] }
        version: ghcr.io/acme/shop-frontend:2.14.0
    rollout: { software: rolling }
    dependsOn: [cart]
  cart:
    kind: stateless
    replicas:
      - count: 2
        version: ghcr.io/acme/shop-cart:1.8.0
    rollout: { software: rolling }
    dependsOn: [redis-cart]
  catalog:
    kind: stateless
    replicas:
      - count: 3
        spread: { zone: [a, b, c] }
    rollout: { software: rolling }
    dependsOn: [catalog-db]
  catalog-db:
    kind: primary-backup
    replicas:
      - { host: db1 }
      - { host: db2 }
    rollout: { software: rolling }
  payments:
    kind: stateless
    replicas:
      - count: 2
`;
  const drifts = compareDesigns(modelOf(design), imported('shop'), design);
  assert.deepEqual(summary(drifts), [
    'error replicas frontend: frontend runs 3 replicas in the manifests; the design has 5',
    'warning dependency frontend: frontend depends on catalog in the manifests; the design does not say so',
    'warning version cart: cart runs ghcr.io/acme/shop-cart:1.9.3 in the manifests; the design says ghcr.io/acme/shop-cart:1.8.0',
    'error zones catalog: catalog lost its zone spread: the design spreads it over 3 zones, the manifests do not guarantee any zone spreading',
    'information missing payments: payments is in the design but not in the manifests (an external service, or removed?)',
    'warning unreviewed redis-cart: redis-cart runs in the manifests (1 replica) but is not in the design',
  ]);
  // Each finding sits on its component's key in the design text.
  for (const d of drifts.filter((x) => x.aspect !== 'unreviewed')) assert.equal(design.slice(d.range.start, d.range.end), d.component);
  const unreviewed = drifts.find((d) => d.aspect === 'unreviewed');
  assert.equal(design.slice(unreviewed?.range.start, unreviewed?.range.end), 'components');
});

test('a first wave larger than the design says, and hosts that collapse', () => {
  const design = `redundancy: 1
system: payments
components:
  api:
    kind: stateless
    replicas:
      - count: 6
        spread: { zone: [zone-1, zone-2, zone-3] }
        version: registry.example.com/payments/api:5.2.0
    rollout: { software: rolling }
    dependsOn: [ledger]
  ledger:
    kind: stateless
    replicas:
      - count: 3
        version: registry.example.com/payments/ledger:3.0.1
    rollout: { software: rolling }
  fraud:
    kind: stateless
    replicas:
      - count: 3
        version: registry.example.com/payments/fraud:0.9.0
    rollout: { software: rolling }
  reports:
    kind: stateless
    replicas:
      - { zone: eu-west-1c, version: registry.example.com/payments/reports:1.1.0 }
      - { zone: eu-west-1c, version: registry.example.com/payments/reports:1.1.0 }
    rollout: { software: rolling }
`;
  assert.deepEqual(summary(compareDesigns(modelOf(design), imported('zones'), design)), [
    "warning rollout api: api's rollout reaches 4 replicas in its first wave in the manifests; the design says 1",
  ]);
  const compose = `redundancy: 1
system: s
components:
  web:
    kind: stateless
    replicas:
      - { host: h1 }
      - { host: h2 }
`;
  const oneHost = `redundancy: 1
system: s
components:
  web:
    kind: stateless
    replicas:
      - { count: 2, host: docker-host }
`;
  assert.deepEqual(summary(compareDesigns(modelOf(compose), modelOf(oneHost), compose)), ['error hosts web: web lost its host spread: the design puts it on 2 hosts, the manifests on 1']);
});

test("a namespaced import id matches the design's plain id", () => {
  const design = `redundancy: 1\nsystem: s\ncomponents:\n  api:\n    kind: stateless\n    replicas:\n      - count: 2\n`;
  const other = `redundancy: 1\nsystem: s\ncomponents:\n  prod/api:\n    kind: stateless\n    replicas:\n      - count: 1\n`;
  assert.deepEqual(summary(compareDesigns(modelOf(design), modelOf(other), design)), ['error replicas api: api runs 1 replica in the manifests; the design has 2']);
});
