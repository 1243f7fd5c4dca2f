/**
 * What a pod template says about the software and configuration it runs: the main
 * container's image (the version), the ConfigMaps and Secrets it mounts or reads (the
 * config), a checksum annotation (the config's version), and the component kind its image
 * suggests.
 */
import type { ComponentKind } from '../core/index';
import { isObject } from './manifests';
import { at, list, str } from './selectors';
import { containersOf, type Workload } from './workloads';

export interface VersionInfo {
  version: string;
  note: string;
}

/** The main container: the one `kubectl.kubernetes.io/default-container` names, else the one named like the workload, else the first. */
export function mainContainer(w: Workload): { name: string; image: string; raw: Record<string, unknown> } | null {
  const containers = containersOf(w.template.spec);
  if (containers.length === 0) return null;
  const named = w.template.annotations['kubectl.kubernetes.io/default-container'];
  return containers.find((c) => c.name === named) ?? containers.find((c) => c.name === w.name) ?? containers[0];
}

export function versionOf(w: Workload): VersionInfo | null {
  const main = mainContainer(w);
  if (!main) return null;
  const others = containersOf(w.template.spec)
    .filter((c) => c.name !== main.name)
    .map((c) => c.name);
  const tagless = !/@/.test(main.image) && !/:[^/]+$/.test(main.image);
  let note = `version: image of container ${main.name}`;
  if (others.length > 0) note += ` (the main one; ${describeList(others)} not modelled)`;
  if (tagless) note += '; it has no tag or digest, so it runs whatever :latest is when a pod starts';
  return { version: main.image, note };
}

export interface ConfigInfo {
  /** ConfigMaps and Secrets, `configmap/name` and `secret/name`, sorted. */
  sources: string[];
  /** Whether any is mounted as a volume without subPath (the kubelet refreshes those files in place). */
  mounted: boolean;
  /** A checksum annotation on the pod template, which changes the template when the config changes. */
  checksum?: { key: string; value: string };
}

export function configOf(w: Workload): ConfigInfo {
  const spec = w.template.spec;
  const sources = new Set<string>();
  const volumes = new Map<string, string[]>();
  for (const v of list(spec.volumes)) {
    const name = str(at(v, 'name'));
    const refs: string[] = [];
    const cm = str(at(v, 'configMap', 'name'));
    if (cm) refs.push(`configmap/${cm}`);
    const secret = str(at(v, 'secret', 'secretName'));
    if (secret) refs.push(`secret/${secret}`);
    for (const s of list(at(v, 'projected', 'sources'))) {
      const pcm = str(at(s, 'configMap', 'name'));
      if (pcm) refs.push(`configmap/${pcm}`);
      const ps = str(at(s, 'secret', 'name'));
      if (ps) refs.push(`secret/${ps}`);
    }
    if (name && refs.length > 0) volumes.set(name, refs);
  }
  let mounted = false;
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    if (!isObject(c)) continue;
    for (const m of list(c.volumeMounts)) {
      const refs = volumes.get(str(at(m, 'name')) ?? '');
      if (!refs) continue;
      refs.forEach((r) => sources.add(r));
      if (at(m, 'subPath') === undefined && at(m, 'subPathExpr') === undefined) mounted = true;
    }
    for (const e of list(c.env)) {
      const cm = str(at(e, 'valueFrom', 'configMapKeyRef', 'name'));
      if (cm) sources.add(`configmap/${cm}`);
      const s = str(at(e, 'valueFrom', 'secretKeyRef', 'name'));
      if (s) sources.add(`secret/${s}`);
    }
    for (const e of list(c.envFrom)) {
      const cm = str(at(e, 'configMapRef', 'name'));
      if (cm) sources.add(`configmap/${cm}`);
      const s = str(at(e, 'secretRef', 'name'));
      if (s) sources.add(`secret/${s}`);
    }
  }
  const checksumKey = Object.keys(w.template.annotations)
    .sort()
    .find((k) => /checksum|config-?hash/i.test(k));
  const checksum = checksumKey ? { key: checksumKey, value: w.template.annotations[checksumKey] } : undefined;
  return { sources: [...sources].sort(), mounted, checksum };
}

/** The design's `config` value: the sources' names, and the checksum (shortened) as their version. */
export function configValue(info: ConfigInfo): string | null {
  if (info.sources.length === 0 && !info.checksum) return null;
  const names = info.sources.map((s) => s.slice(s.indexOf('/') + 1));
  const base = names.length > 0 ? [...new Set(names)].join('+') : 'config';
  return info.checksum ? `${base}@${info.checksum.value.slice(0, 12)}` : base;
}

const KIND_BY_IMAGE: [RegExp, ComponentKind][] = [
  [/etcd|zookeeper|consul/, 'state-machine'],
  [/kafka|redpanda|pulsar/, 'log'],
  [/postgres|mysql|mariadb/, 'primary-backup'],
  [/redis|cassandra|elasticsearch|opensearch/, 'store'],
];

/** An annotation (a label in compose) that names the component kind outright. */
export const KIND_ANNOTATION = 'redundancy-lens/kind';

export const COMPONENT_KINDS: readonly ComponentKind[] = ['stateless', 'state-machine', 'primary-backup', 'log', 'consumer', 'store'];

/** The kind a stateful image suggests: the image's name (its last path segment, tag removed), or null when it names none of the known ones. */
export function kindFromImage(image: string): ComponentKind | null {
  const name = imageName(image);
  for (const [re, kind] of KIND_BY_IMAGE) if (re.test(name)) return kind;
  return null;
}

export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  return last.replace(/:[^:]*$/, '').toLowerCase();
}

/** The first few items, then a count: a comment never grows with an unbounded list. */
export function describeList(items: readonly string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
