/**
 * Hard dependencies from what a workload's containers are told to connect to: Service names
 * in env values, args and commands (`http://name:port`, `name:port`, `name.ns.svc`, and a
 * bare name in a variable named like a host or URL), resolved to the workloads the Service
 * selects. A host that names no Service in the manifests (an external API, a managed
 * database) is not a dependency the design can draw.
 */
import { isObject, type Manifest } from './manifests';
import { at, labels, list, mapMatches, str } from './selectors';
import type { Workload } from './workloads';

export interface Dependency {
  target: Workload;
  /** Where it was found, e.g. `env CART_URL=http://cart:8080 → Service cart`. */
  evidence: string[];
}

const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([a-z0-9][a-z0-9.-]*)/gi;
const HOST_PORT = /(?:^|[\s,;=(/"'])([a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*):\d{1,5}\b/gi;
const SVC_DNS = /\b([a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*\.svc)(?:\.cluster\.local)?\b/gi;
const HOST_LIKE_NAME = /(HOST|HOSTNAME|ADDR|ADDRESS|SERVICE|SERVER|URL|URI|ENDPOINT|BROKERS?)$/i;
/** Values longer than this are not addresses (certificates, scripts); they are scanned only this far. */
const MAX_SCANNED = 4096;

/** Services by name and workloads by pod label, built once so that resolving every address stays near linear. */
export interface DependencyIndex {
  servicesByName: Map<string, Manifest[]>;
  workloadsByLabel: Map<string, Workload[]>;
}

export function dependencyIndex(workloads: readonly Workload[], services: readonly Manifest[]): DependencyIndex {
  const servicesByName = new Map<string, Manifest[]>();
  for (const s of services) servicesByName.set(s.name, [...(servicesByName.get(s.name) ?? []), s]);
  const workloadsByLabel = new Map<string, Workload[]>();
  for (const w of workloads) {
    for (const [k, v] of Object.entries(w.template.labels)) {
      const key = `${k}=${v}`;
      const list = workloadsByLabel.get(key);
      if (list) list.push(w);
      else workloadsByLabel.set(key, [w]);
    }
  }
  return { servicesByName, workloadsByLabel };
}

export function dependenciesOf(w: Workload, index: DependencyIndex): Dependency[] {
  const found = new Map<Workload, string[]>();
  for (const { where, value, hostLike } of addressTexts(w)) {
    for (const host of hostsIn(value, hostLike)) {
      const service = resolveService(host, w.namespace, index.servicesByName);
      if (!service) continue;
      const selector = labels(at(service.body, 'spec', 'selector'));
      const [firstKey] = Object.keys(selector);
      // A Service without a selector selects no pods; otherwise only workloads carrying its first label can match.
      const candidates = firstKey === undefined ? [] : (index.workloadsByLabel.get(`${firstKey}=${selector[firstKey]}`) ?? []);
      for (const target of candidates) {
        if (target === w || !sameNamespace(target.namespace, service.namespace)) continue;
        if (!mapMatches(selector, target.template.labels)) continue;
        const evidence = `${where}${clip(value)} → Service ${service.name}`;
        const list = found.get(target) ?? [];
        if (!list.includes(evidence)) list.push(evidence);
        found.set(target, list);
      }
    }
  }
  return [...found].map(([target, evidence]) => ({ target, evidence }));
}

function* addressTexts(w: Workload): Generator<{ where: string; value: string; hostLike: boolean }> {
  for (const c of [...list(w.template.spec.containers), ...list(w.template.spec.initContainers)]) {
    if (!isObject(c)) continue;
    for (const e of list(c.env)) {
      const value = str(at(e, 'value'));
      const name = str(at(e, 'name')) ?? '?';
      if (value !== undefined) yield { where: `env ${name}=`, value: value.slice(0, MAX_SCANNED), hostLike: HOST_LIKE_NAME.test(name) };
    }
    for (const field of ['args', 'command'] as const) {
      for (const a of list(c[field])) {
        const value = str(a);
        if (value !== undefined) yield { where: field === 'args' ? 'arg ' : 'command ', value: value.slice(0, MAX_SCANNED), hostLike: false };
      }
    }
  }
}

export function hostsIn(value: string, hostLike: boolean): string[] {
  const hosts = new Set<string>();
  for (const re of [URL_HOST, HOST_PORT, SVC_DNS]) {
    re.lastIndex = 0;
    for (let m = re.exec(value); m !== null; m = re.exec(value)) hosts.add(m[1].toLowerCase());
  }
  const bare = value.trim().toLowerCase();
  if (hostLike && /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/.test(bare)) hosts.add(bare);
  return [...hosts];
}

/** A DNS name inside the cluster → the Service it names: `name`, `name.ns`, `name.ns.svc[.cluster.local]`, or a StatefulSet pod's `pod.name[.ns...]`. */
function resolveService(host: string, ownNamespace: string, servicesByName: ReadonlyMap<string, Manifest[]>): Manifest | null {
  let parts = host.replace(/\.cluster\.local$/, '').split('.');
  if (parts[parts.length - 1] === 'svc') parts = parts.slice(0, -1);
  const find = (name: string, ns: string): Manifest | null => servicesByName.get(name)?.find((s) => sameNamespace(s.namespace, ns)) ?? null;
  if (parts.length === 1) return find(parts[0], ownNamespace);
  if (parts.length === 2) return find(parts[0], parts[1]) ?? (/-\d+$/.test(parts[0]) ? find(parts[1], ownNamespace) : null);
  if (parts.length === 3 && /-\d+$/.test(parts[0])) return find(parts[1], parts[2]);
  return null;
}

/** '' is a namespace the manifests leave to `kubectl apply -n`: it matches any. */
function sameNamespace(a: string, b: string): boolean {
  return a === b || a === '' || b === '';
}

/** One line, short, and with any `user:password@` of a URL masked: comments must not copy credentials. */
function clip(value: string): string {
  const one = value.replace(/\s+/g, ' ').replace(/:\/\/[^@/\s]*@/g, '://***@');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
