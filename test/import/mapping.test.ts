/**
 * The mapping rules one at a time, on small inline manifests: rounding of every
 * IntOrString the importer reads, required versus preferred spreading, PDB and HPA,
 * kinds, dependencies, ids, and what becomes a warning.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hostsIn } from '../../src/import/dependencies';
import { analyze } from '../../src/core/index';
import { emitDesign, importKubernetes, nodesFrom, readManifests, type ImportedComponent } from '../../src/import/index';
import { scaled } from '../../src/import/rollout';
import { kindFromImage } from '../../src/import/template';

/** A Deployment (or another kind) with `app: <name>` pods; `spec` and `pod` are merged in. */
function workload(name: string, options: { kind?: string; spec?: string; pod?: string; meta?: string; podMeta?: string; image?: string; container?: string } = {}): string {
  const indent = (text: string | undefined, n: number) =>
    (text ?? '')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => ' '.repeat(n) + l)
      .join('\n');
  return `apiVersion: apps/v1
kind: ${options.kind ?? 'Deployment'}
metadata:
  name: ${name}
${indent(options.meta, 2)}
spec:
${indent(options.spec, 2)}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
${indent(options.podMeta, 6)}
    spec:
${indent(options.pod, 6)}
      containers:
        - name: ${name}
          image: ${options.image ?? `acme/${name}:1.0.0`}
${indent(options.container, 10)}
`;
}

function service(name: string, app = name): string {
  return `apiVersion: v1\nkind: Service\nmetadata: { name: ${name} }\nspec:\n  selector: { app: ${app} }\n`;
}

function importOne(text: string, name = 'm.yaml'): { c: ImportedComponent[]; warnings: string[] } {
  const r = importKubernetes([{ name, text }]);
  return { c: r.design?.components ?? [], warnings: r.warnings.map((w) => `${w.file}:${w.line}: ${w.text}`) };
}

const first = (text: string): ImportedComponent => {
  const { c } = importOne(text);
  assert.ok(c[0], 'a component');
  return c[0];
};

test('IntOrString counts round as each field says', () => {
  assert.equal(scaled('25%', 10, 'up'), 3);
  assert.equal(scaled('25%', 10, 'down'), 2);
  assert.equal(scaled('25%', 4, 'down'), 1);
  assert.equal(scaled('41%', 10, 'nearest'), 4);
  assert.equal(scaled('45%', 10, 'nearest'), 5, 'ties round up');
  assert.equal(scaled('33%', 3, 'up'), 1);
  assert.equal(scaled(2, 10, 'up'), 2);
  assert.equal(scaled('two', 10, 'up'), null);
});

test('Deployment rolling updates: maxSurge rounds up, maxUnavailable down, first wave is their sum', () => {
  const wave = (strategy: string, replicas: number) => first(workload('a', { spec: `replicas: ${replicas}\nstrategy:\n${strategy}` })).rollout?.software;
  assert.deepEqual(wave('  rollingUpdate: { maxSurge: 25%, maxUnavailable: 25% }', 10), { strategy: 'rolling', waves: [5, '100%'] }); // 3 + 2
  assert.equal(wave('  rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }', 10), 'rolling');
  assert.deepEqual(wave('  rollingUpdate: { maxSurge: 0, maxUnavailable: 100% }', 4), { strategy: 'rolling', waves: ['100%'] });
  assert.equal(wave('  type: Recreate', 3), 'all-at-once');
  // No strategy: the API's default 25% / 25%.
  const c = first(workload('a', { spec: 'replicas: 8' }));
  assert.deepEqual(c.rollout?.software, { strategy: 'rolling', waves: [4, '100%'] });
  assert.ok(c.notes.some((n) => n.includes('strategy not set, so the default RollingUpdate')));
});

test('StatefulSet partition stages a canary; OnDelete is not staged', () => {
  const sts = (strategy: string) => first(workload('db', { kind: 'StatefulSet', spec: `replicas: 5\nupdateStrategy:\n${strategy}`, image: 'etcd:3.5' }));
  assert.deepEqual(sts('  rollingUpdate: { partition: 3 }').rollout?.software, { strategy: 'canary', waves: [1, 2, '100%'] });
  assert.equal(sts('  type: RollingUpdate').rollout?.software, 'rolling');
  assert.deepEqual(sts('  rollingUpdate: { maxUnavailable: 40% }').rollout?.software, { strategy: 'rolling', waves: [2, '100%'] });
  const onDelete = sts('  type: OnDelete');
  assert.equal(onDelete.rollout?.software, undefined);
  assert.ok(onDelete.notes.some((n) => n.includes('OnDelete')));
});

test('Argo canary setWeight steps become cumulative waves of pods (nearest, ties up, at least 1)', () => {
  const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: web }
spec:
  replicas: 8
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "acme/web:2" }] }
  strategy:
    canary:
      steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 20 }, { setWeight: 50 }, { setWeight: 100 }]
`;
  assert.deepEqual(first(rollout).rollout?.software, { strategy: 'canary', waves: [1, 2, 4, '100%'] });
});

test('replicas: HPA minReplicas is the worst case; no spec.replicas means 1; zero is left out with a warning', () => {
  const hpa = `---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: h }\nspec:\n  scaleTargetRef: { kind: Deployment, name: a }\n  maxReplicas: 9\n`;
  assert.equal(first(workload('a', { spec: 'replicas: 6' }) + hpa + '  minReplicas: 2\n').count, 2);
  assert.equal(first(workload('a', { spec: 'replicas: 6' }) + hpa).count, 1, 'minReplicas defaults to 1');
  assert.equal(first(workload('a')).count, 1);
  const zero = importKubernetes([{ name: 'z.yaml', text: workload('a', { spec: 'replicas: 0' }) }]);
  assert.equal(zero.design, null);
  assert.deepEqual(
    zero.warnings.map((w) => w.text),
    ['Deployment a: scaled to 0 replicas; left out'],
  );
});

test('quorum from a PodDisruptionBudget that selects the pods, percentages rounded up', () => {
  const pdb = (spec: string, app = 'db') => `---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: p }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  ${spec}\n`;
  const store = (p: string) => first(workload('db', { kind: 'StatefulSet', spec: 'replicas: 5', image: 'cassandra:4.1' }) + p);
  assert.equal(store(pdb('minAvailable: 3')).quorum, 3);
  assert.equal(store(pdb('minAvailable: 50%')).quorum, 3); // 2.5 up
  assert.equal(store(pdb('maxUnavailable: 1')).quorum, 4);
  assert.equal(store(pdb('maxUnavailable: 30%')).quorum, 3); // 1.5 up = 2 may go
  assert.equal(store(pdb('minAvailable: 3', 'other')).quorum, undefined, 'a PDB for other pods');
  // A Raft ensemble needs a majority whatever the PDB lets go.
  const etcd = first(workload('db', { kind: 'StatefulSet', spec: 'replicas: 5', image: 'quay.io/coreos/etcd:v3.5.12' }) + pdb('minAvailable: 1'));
  assert.equal(etcd.kind, 'state-machine');
  assert.equal(etcd.quorum, undefined);
});

test('kinds: stateless workloads, StatefulSets by image, the annotation overrides', () => {
  assert.equal(kindFromImage('docker.io/bitnami/zookeeper:3.9'), 'state-machine');
  assert.equal(kindFromImage('hashicorp/consul:1.18'), 'state-machine');
  assert.equal(kindFromImage('redpandadata/redpanda:v24.1.1'), 'log');
  assert.equal(kindFromImage('apachepulsar/pulsar:3.2.2'), 'log');
  assert.equal(kindFromImage('bitnami/postgresql:16'), 'primary-backup');
  assert.equal(kindFromImage('mysql:8.4'), 'primary-backup');
  assert.equal(kindFromImage('docker.elastic.co/elasticsearch/elasticsearch:8.13.0'), 'store');
  assert.equal(kindFromImage('acme/ledger:2'), null);
  const unknown = first(workload('x', { kind: 'StatefulSet', image: 'acme/ledger:2' }));
  assert.equal(unknown.kind, 'store');
  assert.ok(unknown.notes.some((n) => n.includes('names no known system')));
  assert.equal(first(workload('x', { kind: 'StatefulSet', image: 'acme/ledger:2', meta: 'annotations: { redundancy-lens/kind: consumer }' })).kind, 'consumer');
  assert.equal(first(workload('x', { kind: 'DaemonSet', spec: '', image: 'a:1' }) + 'status: { desiredNumberScheduled: 4 }\n').kind, 'stateless');
  const bad = importOne(workload('x', { meta: 'annotations: { redundancy-lens/kind: queue }' }));
  assert.equal(bad.c[0].kind, 'stateless');
  assert.match(bad.warnings[0], /^m\.yaml:5: Deployment x: redundancy-lens\/kind is 'queue'/);
});

test('placement: only required spreading is a guarantee', () => {
  const zone = (pod: string) => first(workload('a', { spec: 'replicas: 4', pod })).spread.zone;
  const tsc = (when: string, skew = 1) =>
    `topologySpreadConstraints:\n  - { maxSkew: ${skew}, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ${when}, labelSelector: { matchLabels: { app: a } } }`;
  assert.deepEqual(zone(tsc('DoNotSchedule')), ['zone-1', 'zone-2', 'zone-3']);
  assert.equal(zone(tsc('ScheduleAnyway')), undefined);
  assert.equal(zone(tsc('DoNotSchedule', 2)), undefined, 'maxSkew 2 allows an uneven spread');
  const anti = (kind: 'required' | 'preferred') =>
    kind === 'required'
      ? 'affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      - { topologyKey: topology.kubernetes.io/zone, labelSelector: { matchLabels: { app: a } } }'
      : 'affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n      - { weight: 1, podAffinityTerm: { topologyKey: topology.kubernetes.io/zone, labelSelector: { matchLabels: { app: a } } } }';
  assert.deepEqual(zone(anti('required')), ['zone-1', 'zone-2', 'zone-3', 'zone-4'], 'one pod per zone');
  assert.equal(zone(anti('preferred')), undefined);
  const pinned = first(workload('a', { pod: 'nodeSelector: { topology.kubernetes.io/zone: eu-1a }' }));
  assert.equal(pinned.fixed.zone, 'eu-1a');
  // A required spread within named zones uses their names.
  const named = first(
    workload('a', {
      spec: 'replicas: 4',
      pod: `${tsc('DoNotSchedule')}\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions: [{ key: topology.kubernetes.io/zone, operator: In, values: [b, a] }]`,
    }),
  );
  assert.deepEqual(named.spread.zone, ['a', 'b']);
});

test('a spreading selector that matches none of its own pods is a warning at its line and protects nothing', () => {
  const text = workload('a', {
    spec: 'replicas: 3',
    pod: 'topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: { matchLabels: { app: b } }',
  });
  const { c, warnings } = importOne(text);
  assert.equal(c[0].spread.zone, undefined);
  const line = text.split('\n').findIndex((l) => l.includes('- maxSkew: 1')) + 1;
  assert.deepEqual(warnings, [`m.yaml:${line}: Deployment a: the labelSelector of topologySpreadConstraints[0] matches none of its own pods, so it protects nothing; ignored`]);
});

test('dependencies: the three address forms and host-like variables, resolved through Services to workloads', () => {
  assert.deepEqual(hostsIn('http://cart:8080/x', false).sort(), ['cart']);
  assert.ok(hostsIn('redis.cache.svc.cluster.local:6379', false).includes('redis.cache.svc'));
  assert.ok(hostsIn('a:1,b:2', false).includes('b'));
  assert.deepEqual(hostsIn('ledger', true), ['ledger']);
  assert.deepEqual(hostsIn('ledger', false), [], 'a bare word in a variable not named like a host is not an address');
  const env = (pairs: [string, string][]) => `env:\n${pairs.map(([k, v]) => `  - { name: ${k}, value: "${v}" }`).join('\n')}`;
  const text = [
    workload('web', {
      container: env([
        ['A', 'http://api-svc:80'],
        ['B', 'db.prod.svc:5432'],
        ['C', 'https://example.com:443'],
        ['D', 'postgres://u:pw@db:5432/x'],
      ]),
    }),
    service('api-svc', 'api'),
    workload('api'),
    service('db'),
    workload('db', { kind: 'StatefulSet', image: 'postgres:16' }),
  ].join('---\n');
  const web = importOne(text).c.find((c) => c.id === 'web');
  assert.deepEqual(web?.dependsOn, ['api', 'db']);
  assert.ok(web?.notes.some((n) => n === 'dependsOn api: env A=http://api-svc:80 → Service api-svc'));
  assert.ok(!web?.notes.some((n) => n.includes('pw@')), 'credentials in a URL are masked');
});

test('ids: metadata.name, namespaced only where names collide', () => {
  const ns = (name: string, namespace: string) => workload(name, { meta: `namespace: ${namespace}` });
  const ids = importOne([ns('api', 'a'), ns('api', 'b'), ns('web', 'a')].join('---\n')).c.map((c) => c.id);
  assert.deepEqual(ids, ['a/api', 'b/api', 'web']);
  const design = importKubernetes([{ name: 'm.yaml', text: [ns('api', 'a'), ns('api', 'b')].join('---\n') }]).design;
  assert.ok(design);
  assert.match(emitDesign(design), /\n {2}a\/api:\n/);
});

test('List objects are unpacked; owned ReplicaSets and non-workload kinds are passed over quietly', () => {
  const text = `apiVersion: v1\nkind: List\nitems:\n${[workload('a'), service('a'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n']
    .map((doc) =>
      doc
        .split('\n')
        .filter((l) => l !== '')
        .map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))
        .join('\n'),
    )
    .join('\n')}\n`;
  const { c, warnings } = importOne(text);
  assert.deepEqual(
    c.map((x) => x.id),
    ['a'],
  );
  assert.deepEqual(warnings, []);
  const owned = workload('rs', { kind: 'ReplicaSet', meta: 'ownerReferences: [{ kind: Deployment, name: x }]' });
  assert.equal(importKubernetes([{ name: 'o.yaml', text: owned }]).design, null);
});

test('warnings: non-Kubernetes YAML, a syntax error and an unknown kind, each at its file and line', () => {
  const broken = `${workload('ok')}---\napiVersion: v1\nkind: Service\nmetadata: { name: [x\n`;
  const r = readManifests([
    { name: 'values.yaml', text: 'replicaCount: 3\nimage: { tag: 1.0 }\n' },
    { name: 'broken.yaml', text: broken },
    { name: 'crd.yaml', text: '# a custom resource\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n' },
  ]);
  assert.equal(r.manifests.length, 2);
  // The unclosed flow sequence is reported where the parser expected its `]`: the end of the text.
  assert.deepEqual(
    r.warnings.map((w) => `${w.file}:${w.line}`),
    ['values.yaml:1', `broken.yaml:${broken.split('\n').length}`],
  );
  assert.match(r.warnings[0].text, /not a Kubernetes object/);
  assert.match(r.warnings[1].text, /^YAML syntax error: .+; this document is skipped$/);
  const unknown = importKubernetes([{ name: 'crd.yaml', text: '# a custom resource\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n' }]);
  assert.equal(unknown.design, null);
  assert.deepEqual(
    unknown.warnings.map((w) => `${w.file}:${w.line}: ${w.text}`),
    ['crd.yaml:2: unknown kind Widget (example.com/v1) w; not read'],
  );
});

test('a DaemonSet without a node count is left out with a warning, not invented', () => {
  const r = importKubernetes([{ name: 'd.yaml', text: workload('agent', { kind: 'DaemonSet' }) }]);
  assert.equal(r.design, null);
  assert.match(r.warnings[0].text, /node count is not in the manifests; left out \(pass --nodes\)/);
});

test('a DaemonSet with a nodes list runs one pod on each node it may use, each node and zone known', () => {
  const node = (name: string, zone: string, extra = '') =>
    `  - { apiVersion: v1, kind: Node, metadata: { name: ${name}, labels: { topology.kubernetes.io/zone: ${zone}, topology.kubernetes.io/region: r1${extra} } } }`;
  const nodesText = `apiVersion: v1\nkind: List\nitems:\n${[node('n3', 'b'), node('n1', 'a'), node('n2', 'a'), node('gpu1', 'c', ', gpu: "true"')].join('\n')}\n`;
  const nodes = nodesFrom(readManifests([{ name: 'nodes.yaml', text: nodesText }]).manifests);
  const ds = workload('agent', {
    kind: 'DaemonSet',
    pod: 'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions: [{ key: gpu, operator: DoesNotExist }]',
  });
  const design = importKubernetes([{ name: 'd.yaml', text: ds }], { nodes }).design;
  assert.ok(design);
  const c = design.components[0];
  assert.equal(c.count, 3);
  assert.deepEqual(c.spread, { zone: ['a', 'a', 'b'], host: ['n1', 'n2', 'n3'] });
  assert.equal(c.fixed.region, 'r1');
  const model = analyze(emitDesign(design)).model;
  assert.deepEqual(
    model?.components[0].replicas.map((r) => `${r.placement.host}/${r.placement.zone}`),
    ['n1/a', 'n2/a', 'n3/b'],
  );
});

test('output stays linear: a workload with many dependencies names them once each', () => {
  const n = 300;
  const docs = [workload('hub', { container: `env:\n${Array.from({ length: n }, (_, i) => `  - { name: S${i}_URL, value: "http://s${i}:80" }`).join('\n')}` })];
  for (let i = 0; i < n; i++) docs.push(workload(`s${i}`), service(`s${i}`));
  const started = Date.now();
  const r = importKubernetes([{ name: 'big.yaml', text: docs.join('---\n') }]);
  assert.ok(r.design);
  const text = emitDesign(r.design);
  assert.equal(r.design.components.length, n + 1);
  assert.equal(r.design.components[0].dependsOn.length, n);
  assert.ok(text.length < 1500 * (n + 1), `text is ${text.length} characters`);
  assert.ok(Date.now() - started < 10_000);
});
