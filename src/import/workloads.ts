/**
 * Which manifests are workloads (one component each) and which are read for what they say
 * about workloads; everything else known to Kubernetes is passed over quietly, and a kind
 * nobody here knows is a warning.
 */
import { isObject, type ImportWarning, type Manifest } from './manifests';
import { at, labels, list, str, type Labels } from './selectors';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Rollout';

export interface PodTemplate {
  labels: Labels;
  annotations: Labels;
  /** `template.spec`, as written. */
  spec: Record<string, unknown>;
}

export interface Workload {
  manifest: Manifest;
  kind: WorkloadKind;
  name: string;
  namespace: string;
  /** `spec.replicas` as written, or null when the manifest leaves it out. */
  replicas: number | null;
  template: PodTemplate;
  /** The workload's own annotations (`metadata.annotations`). */
  annotations: Labels;
  /** Where the pod template came from when it is not the workload's own (an Argo `workloadRef`). */
  templateFrom?: string;
}

/** The other objects the importer reads: by kind, in input order. */
export interface Related {
  services: Manifest[];
  pdbs: Manifest[];
  hpas: Manifest[];
}

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout']);

/** Kinds that say nothing about replicas or placement, skipped without a word. */
const PASSED_OVER: ReadonlySet<string> = new Set([
  'ConfigMap',
  'Secret',
  'Namespace',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'Ingress',
  'IngressClass',
  'NetworkPolicy',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'StorageClass',
  'Job',
  'CronJob',
  'Pod',
  'Endpoints',
  'EndpointSlice',
  'CustomResourceDefinition',
  'LimitRange',
  'ResourceQuota',
  'PriorityClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ReplicationController',
  'Event',
  'Node',
  'Lease',
  'ControllerRevision',
  'APIService',
  'CSIDriver',
  'VolumeAttachment',
  'RuntimeClass',
  'PodTemplate',
  'VerticalPodAutoscaler',
  'AnalysisTemplate',
  'ClusterAnalysisTemplate',
  'AnalysisRun',
  'Experiment',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'Certificate',
  'Issuer',
  'ClusterIssuer',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'UDPRoute',
  'ReferenceGrant',
  'GatewayClass',
  'VirtualService',
  'DestinationRule',
]);

export function classify(manifests: readonly Manifest[], warnings: ImportWarning[]): { workloads: Workload[]; related: Related } {
  const related: Related = { services: [], pdbs: [], hpas: [] };
  const candidates: Manifest[] = [];
  for (const m of manifests) {
    if (WORKLOAD_KINDS.has(m.kind)) candidates.push(m);
    else if (m.kind === 'Service') related.services.push(m);
    else if (m.kind === 'PodDisruptionBudget') related.pdbs.push(m);
    else if (m.kind === 'HorizontalPodAutoscaler') related.hpas.push(m);
    else if (!PASSED_OVER.has(m.kind)) warnings.push({ file: m.file, line: m.line, text: `unknown kind ${m.kind} (${m.apiVersion}) ${m.name}; not read` });
  }

  const workloads: Workload[] = [];
  for (const m of candidates) {
    // A ReplicaSet with an owner is a Deployment's (or a Rollout's) revision, already counted there.
    if (m.kind === 'ReplicaSet' && list(at(m.body, 'metadata', 'ownerReferences')).length > 0) continue;
    const workload = toWorkload(m, candidates, warnings);
    if (workload) workloads.push(workload);
  }
  return { workloads, related };
}

function toWorkload(m: Manifest, all: readonly Manifest[], warnings: ImportWarning[]): Workload | null {
  let templateObj = at(m.body, 'spec', 'template');
  let templateFrom: string | undefined;
  if (m.kind === 'Rollout' && !isObject(templateObj)) {
    // An Argo Rollout may borrow the pod template of a Deployment (`spec.workloadRef`).
    const refName = str(at(m.body, 'spec', 'workloadRef', 'name'));
    const refKind = str(at(m.body, 'spec', 'workloadRef', 'kind')) ?? 'Deployment';
    const target = all.find((o) => o.kind === refKind && o.name === refName && o.namespace === m.namespace);
    if (target) {
      templateObj = at(target.body, 'spec', 'template');
      templateFrom = `${refKind} ${refName} (spec.workloadRef)`;
    } else if (refName !== undefined) {
      warnings.push({ file: m.file, line: m.line, text: `Rollout ${m.name} uses the pod template of ${refKind} ${refName} (spec.workloadRef), which is not in the manifests; skipped` });
      return null;
    }
  }
  if (!isObject(templateObj) || !isObject(templateObj.spec)) {
    warnings.push({ file: m.file, line: m.line, text: `${m.kind} ${m.name} has no pod template (spec.template.spec); skipped` });
    return null;
  }
  const raw = at(m.body, 'spec', 'replicas');
  const replicas = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : null;
  if (raw !== undefined && replicas === null) {
    warnings.push({ file: m.file, line: m.line, text: `${m.kind} ${m.name}: spec.replicas is not a whole number; read as not set` });
  }
  return {
    manifest: m,
    kind: m.kind as WorkloadKind,
    name: m.name,
    namespace: m.namespace,
    replicas,
    template: { labels: labels(at(templateObj, 'metadata', 'labels')), annotations: labels(at(templateObj, 'metadata', 'annotations')), spec: templateObj.spec },
    annotations: labels(at(m.body, 'metadata', 'annotations')),
    templateFrom,
  };
}

/** The containers of a pod spec that have a name and an image. */
export function containersOf(spec: Record<string, unknown>): { name: string; image: string; raw: Record<string, unknown> }[] {
  const out: { name: string; image: string; raw: Record<string, unknown> }[] = [];
  for (const c of list(spec.containers)) {
    if (!isObject(c)) continue;
    const name = str(c.name);
    const image = str(c.image);
    if (name !== undefined && image !== undefined) out.push({ name, image, raw: c });
  }
  return out;
}
