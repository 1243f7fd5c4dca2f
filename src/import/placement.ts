/**
 * Where a workload's pods run, as far as the manifests guarantee it. Only *required* rules
 * are guarantees: `topologySpreadConstraints` with `whenUnsatisfiable: DoNotSchedule` and
 * `requiredDuringScheduling...` pod anti-affinity. `ScheduleAnyway` and preferred
 * anti-affinity let the scheduler put every pod in one zone when it has to, so they leave
 * the zone unknown. Zone names come from the nodes list when there is one; otherwise a
 * required spread gets named placeholders, said so in a comment.
 */
import type { ImportWarning, Manifest } from './manifests';
import { at, labels, list, mapMatches, requirementHolds, selectorMatches, str, type Labels } from './selectors';
import type { Workload } from './workloads';

export const ZONE_KEYS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
export const REGION_KEYS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];
export const HOST_KEY = 'kubernetes.io/hostname';

/** Placeholder zones for a required spread when the zones are not known (a typical cloud region has three). */
export const PLACEHOLDER_ZONES = 3;

export interface NodeInfo {
  name: string;
  labels: Labels;
}

export type ZonePlacement = { kind: 'spread'; values: string[]; placeholders: boolean } | { kind: 'fixed'; value: string } | { kind: 'unknown' };

export interface Placement {
  zone: ZonePlacement;
  /** Set when every node the pods may use is in one region (known only from a nodes list). */
  region?: string;
  /** True when the manifests keep every pod on a node of its own. */
  ownHost: boolean;
  /** Node names, one per pod in order, when they are known exactly (a DaemonSet with a nodes list). */
  hosts?: string[];
  notes: string[];
}

export function nodesFrom(manifests: readonly Manifest[]): NodeInfo[] {
  return manifests.filter((m) => m.kind === 'Node').map((m) => ({ name: m.name, labels: labels(at(m.body, 'metadata', 'labels')) }));
}

const isZoneKey = (key: string | undefined): boolean => key !== undefined && ZONE_KEYS.includes(key);

interface Rule {
  level: 'zone' | 'host';
  /** even: DoNotSchedule with maxSkew 1; onePer: required anti-affinity; soft: anything the scheduler may break. */
  strength: 'even' | 'onePer' | 'soft';
  source: string;
  minDomains?: number;
}

export function placementOf(w: Workload, replicas: number, nodes: readonly NodeInfo[] | null, warnings: ImportWarning[]): Placement {
  if (w.kind === 'DaemonSet' && nodes) return daemonSetPlacement(w, nodes);
  const notes: string[] = [];
  const rules = schedulingRules(w, warnings);
  const allowed = allowedZones(w, nodes);

  const zoneRules = rules.filter((r) => r.level === 'zone');
  const onePer = zoneRules.find((r) => r.strength === 'onePer');
  const even = zoneRules.find((r) => r.strength === 'even');
  const soft = zoneRules.find((r) => r.strength === 'soft');
  let zone: ZonePlacement;
  if (allowed && allowed.zones.length === 1) {
    zone = { kind: 'fixed', value: allowed.zones[0] };
    notes.push(`zone ${allowed.zones[0]}: ${allowed.source}`);
  } else if (onePer || even) {
    const rule = (onePer ?? even) as Rule;
    let values: string[];
    let placeholders = false;
    if (allowed && allowed.zones.length > 0) {
      values = onePer ? allowed.zones.slice(0, Math.max(1, Math.min(replicas, allowed.zones.length))) : allowed.zones;
      notes.push(`zone: required spreading (${rule.source}) over ${allowed.zones.join(', ')} (${allowed.source})`);
      if (onePer && allowed.zones.length < replicas)
        notes.push(`only ${allowed.zones.length} zones for ${replicas} pods with one pod per zone: pods beyond ${allowed.zones.length} cannot be scheduled`);
    } else {
      const n = onePer ? replicas : Math.max(1, rule.minDomains ?? Math.min(replicas, PLACEHOLDER_ZONES));
      values = Array.from({ length: n }, (_, i) => `zone-${i + 1}`);
      placeholders = true;
      const why = onePer ? 'one pod per zone' : rule.minDomains ? `minDomains ${rule.minDomains}` : `assumed ${PLACEHOLDER_ZONES} zones`;
      notes.push(`zone: required spreading (${rule.source}); the zone names are not in the manifests, so ${values.join(', ')} are placeholders (${why}); pass --nodes to read them`);
    }
    zone = { kind: 'spread', values, placeholders };
  } else if (soft) {
    zone = { kind: 'unknown' };
    notes.push(`zone unknown: ${soft.source} is preferred, not required; the scheduler may still put every pod in one zone`);
  } else {
    zone = { kind: 'unknown' };
    notes.push(allowed ? `zone unknown: the pods may run in ${allowed.zones.join(', ')} (${allowed.source}) and nothing spreads them` : 'zone unknown: no required zone spreading or zone pinning');
  }

  let region: string | undefined;
  if (nodes) {
    const regions = new Set(
      eligibleNodes(w, nodes)
        .map((n) => firstLabel(n.labels, REGION_KEYS))
        .filter((r): r is string => r !== undefined),
    );
    if (regions.size === 1) {
      region = [...regions][0];
      notes.push(`region ${region}: every node the pods may use (--nodes)`);
    }
  }

  const hostRule = rules.find((r) => r.level === 'host' && r.strength !== 'soft');
  const softHost = rules.find((r) => r.level === 'host' && r.strength === 'soft');
  let ownHost = false;
  if (w.kind === 'DaemonSet') {
    ownHost = true;
    notes.push('host: a DaemonSet runs one pod per node');
  } else if (hostRule) {
    ownHost = true;
    notes.push(`host: one pod per node (${hostRule.source})`);
  } else {
    notes.push(
      `host: ${softHost ? `${softHost.source} is preferred, not required` : 'nothing keeps the pods on different nodes'}; the scheduler may put several on one node (the design gives each its own host)`,
    );
  }
  return { zone, region, ownHost, notes };
}

/** A DaemonSet with a nodes list: one pod on each node it may use, so every pod's node and zone are known. */
function daemonSetPlacement(w: Workload, nodes: readonly NodeInfo[]): Placement {
  const eligible = [...eligibleNodes(w, nodes)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const zones = eligible.map((n) => firstLabel(n.labels, ZONE_KEYS));
  const regions = new Set(eligible.map((n) => firstLabel(n.labels, REGION_KEYS)));
  const notes = ['host: a DaemonSet runs one pod on each node it may use; the nodes are named by --nodes'];
  let zone: ZonePlacement = { kind: 'unknown' };
  if (eligible.length > 0 && zones.every((z) => z !== undefined)) {
    zone = { kind: 'spread', values: zones as string[], placeholders: false };
    notes.push("zone: each node's zone label (--nodes)");
  } else {
    notes.push('zone unknown: some nodes have no zone label');
  }
  const region = regions.size === 1 ? [...regions][0] : undefined;
  if (region) notes.push(`region ${region}: every node the pods may use (--nodes)`);
  return { zone, region, ownHost: true, hosts: eligible.map((n) => n.name), notes };
}

/** Spreading and anti-affinity rules on zone and hostname that select the workload's own pods. */
function schedulingRules(w: Workload, warnings: ImportWarning[]): Rule[] {
  const rules: Rule[] = [];
  const { spec } = w.template;
  const own = w.template.labels;
  const where = `${w.kind} ${w.name}`;
  const levelOf = (key: string | undefined): 'zone' | 'host' | null => (isZoneKey(key) ? 'zone' : key === HOST_KEY ? 'host' : null);
  const protects = (selector: unknown, field: string, path: (string | number)[]): boolean => {
    if (selectorMatches(selector, own)) return true;
    warnings.push({
      file: w.manifest.file,
      line: w.manifest.lineAt(['spec', 'template', 'spec', ...path]),
      text: `${where}: the labelSelector of ${field} matches none of its own pods, so it protects nothing; ignored`,
    });
    return false;
  };

  list(spec.topologySpreadConstraints).forEach((c, i) => {
    const key = str(at(c, 'topologyKey'));
    const level = levelOf(key);
    if (!level) return;
    const field = `topologySpreadConstraints[${i}]`;
    if (!protects(at(c, 'labelSelector'), field, ['topologySpreadConstraints', i])) return;
    const when = str(at(c, 'whenUnsatisfiable')) ?? 'DoNotSchedule';
    const skewRaw = at(c, 'maxSkew');
    const maxSkew = typeof skewRaw === 'number' ? skewRaw : 1;
    const minDomainsRaw = at(c, 'minDomains');
    const minDomains = typeof minDomainsRaw === 'number' && Number.isInteger(minDomainsRaw) && minDomainsRaw > 0 ? minDomainsRaw : undefined;
    const source = `${field} on ${key}, ${when}, maxSkew ${maxSkew}`;
    if (when === 'DoNotSchedule' && maxSkew === 1) rules.push({ level, strength: 'even', source, minDomains });
    else rules.push({ level, strength: 'soft', source: maxSkew > 1 && when === 'DoNotSchedule' ? `${source} (uneven spreading allowed)` : source });
  });

  list(at(spec, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution')).forEach((term, i) => {
    const key = str(at(term, 'topologyKey'));
    const level = levelOf(key);
    if (!level) return;
    const field = `podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (!protects(at(term, 'labelSelector'), field, ['affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', i])) return;
    rules.push({ level, strength: 'onePer', source: `required podAntiAffinity on ${key}` });
  });

  list(at(spec, 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution')).forEach((pref, i) => {
    const key = str(at(pref, 'podAffinityTerm', 'topologyKey'));
    const level = levelOf(key);
    if (!level) return;
    const field = `podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (!protects(at(pref, 'podAffinityTerm', 'labelSelector'), field, ['affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i])) return;
    rules.push({ level, strength: 'soft', source: `preferred podAntiAffinity on ${key}` });
  });
  return rules;
}

/** Zones the pods may use: from the nodes list when given, else from a zone nodeSelector or required nodeAffinity; null when unknown. */
function allowedZones(w: Workload, nodes: readonly NodeInfo[] | null): { zones: string[]; source: string } | null {
  if (nodes) {
    const eligible = eligibleNodes(w, nodes);
    const zones = [...new Set(eligible.map((n) => firstLabel(n.labels, ZONE_KEYS)).filter((z): z is string => z !== undefined))].sort();
    if (zones.length === 0) return null;
    return { zones, source: `zones of the ${eligible.length} node${eligible.length === 1 ? '' : 's'} the pods may use (--nodes)` };
  }
  const selector = labels(w.template.spec.nodeSelector);
  for (const key of ZONE_KEYS) if (selector[key] !== undefined) return { zones: [selector[key]], source: `nodeSelector ${key}` };
  const terms = list(at(w.template.spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'));
  if (terms.length === 0) return null;
  // Terms are ORed: the pods are held to named zones only if every term names them.
  const zones = new Set<string>();
  for (const term of terms) {
    const inZone = list(at(term, 'matchExpressions')).find((e) => isZoneKey(str(at(e, 'key'))) && str(at(e, 'operator')) === 'In');
    if (!inZone) return null;
    for (const v of list(at(inZone, 'values'))) if (str(v) !== undefined) zones.add(str(v) as string);
  }
  if (zones.size === 0) return null;
  return { zones: [...zones].sort(), source: 'required nodeAffinity on the zone' };
}

/** Nodes the pod template's nodeSelector and required nodeAffinity allow. */
export function eligibleNodes(w: Workload, nodes: readonly NodeInfo[]): NodeInfo[] {
  const selector = labels(w.template.spec.nodeSelector);
  const terms = list(at(w.template.spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'));
  return nodes.filter((n) => {
    if (Object.keys(selector).length > 0 && !mapMatches(selector, n.labels)) return false;
    if (terms.length === 0) return true;
    return terms.some((t) => {
      const exprs = list(at(t, 'matchExpressions'));
      return exprs.length > 0 && exprs.every((e) => requirementHolds(e, n.labels));
    });
  });
}

function firstLabel(l: Labels, keys: readonly string[]): string | undefined {
  for (const k of keys) if (l[k] !== undefined) return l[k];
  return undefined;
}
