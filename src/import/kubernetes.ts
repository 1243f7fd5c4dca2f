/**
 * `import kubernetes`: manifests in, an imported design out. One component per Deployment,
 * StatefulSet, DaemonSet, ReplicaSet without an owner and Argo Rollout; Services,
 * PodDisruptionBudgets and HorizontalPodAutoscalers are read for what they say about those.
 * Pure: texts in, data out (the CLI reads the files).
 */
import type { ComponentKind } from '../core/index';
import { dependenciesOf, dependencyIndex } from './dependencies';
import type { ImportedComponent, ImportResult } from './design';
import { readManifests, type ImportWarning, type Manifest, type SourceText } from './manifests';
import { eligibleNodes, placementOf, type NodeInfo } from './placement';
import { rolloutOf, scaled, type RolloutSpec } from './rollout';
import { at, labels, selectorMatches, str } from './selectors';
import { COMPONENT_KINDS, KIND_ANNOTATION, configOf, configValue, describeList, kindFromImage, mainContainer, versionOf } from './template';
import { classify, type Workload } from './workloads';

export interface KubernetesImportOptions {
  /** Nodes as `kubectl get nodes -o yaml` prints them: zone and region names, and DaemonSet sizes. */
  nodes?: readonly NodeInfo[];
  /** The design's `system`; default: the namespace all workloads share, else `cluster`. */
  system?: string;
}

/** The schema's limit on a replica group's count. */
const MAX_COUNT = 10_000;

export function importKubernetes(sources: readonly SourceText[], options: KubernetesImportOptions = {}): ImportResult {
  const { manifests, warnings } = readManifests(sources);
  const { workloads, related } = classify(manifests, warnings);
  const nodes = options.nodes && options.nodes.length > 0 ? options.nodes : null;

  // Deployments whose pod template an Argo Rollout borrows, scaled to zero by the migration, are the Rollout's.
  const borrowed = new Set(workloads.filter((w) => w.templateFrom).map((w) => `${w.namespace}/${str(at(w.manifest.body, 'spec', 'workloadRef', 'name'))}`));

  // HPAs by target, PDBs by the first label they require: each workload looks up only its own.
  const hpaByTarget = new Map<string, Manifest[]>();
  for (const h of related.hpas) {
    const key = `${str(at(h.body, 'spec', 'scaleTargetRef', 'kind'))}/${str(at(h.body, 'spec', 'scaleTargetRef', 'name'))}`;
    hpaByTarget.set(key, [...(hpaByTarget.get(key) ?? []), h]);
  }
  const pdbIndex = indexBySelector(related.pdbs);

  const counted: { w: Workload; count: number; note: string }[] = [];
  for (const w of workloads) {
    if (w.kind === 'Deployment' && w.replicas === 0 && borrowed.has(`${w.namespace}/${w.name}`)) continue;
    const replicas = replicaCount(w, hpaByTarget.get(`${w.kind}/${w.name}`) ?? [], nodes, warnings);
    if (replicas) counted.push({ w, ...replicas });
  }
  if (counted.length === 0) return { design: null, warnings };

  const ids = componentIds(counted.map((c) => c.w));
  const index = dependencyIndex(workloads, related.services);
  const components: ImportedComponent[] = counted.map(({ w, count, note }) => {
    const notes: string[] = [note];
    const kind = kindOf(w, notes, warnings);
    const placement = placementOf(w, count, nodes, warnings);
    notes.push(...placement.notes);
    const fixed: Record<string, string> = {};
    const spread: Record<string, string[]> = {};
    if (placement.region) fixed.region = placement.region;
    if (placement.zone.kind === 'fixed') fixed.zone = placement.zone.value;
    if (placement.zone.kind === 'spread') spread.zone = placement.zone.values;
    if (placement.hosts && placement.hosts.length > 0) spread.host = placement.hosts;

    const version = versionOf(w);
    if (version) notes.push(version.note);
    const config = configOf(w);
    const configText = configValue(config);
    if (configText !== null) {
      const names = describeList(config.sources);
      notes.push(`config: ${names || 'no ConfigMap or Secret'}${config.checksum ? `, versioned by the ${config.checksum.key} annotation` : ' (no checksum annotation, so no config version)'}`);
    }

    const quorum = quorumOf(w, kind, count, pdbCandidates(pdbIndex, w), notes);
    const plan = rolloutOf(w, count);
    notes.push(...plan.notes);
    const rollout: { software?: RolloutSpec; config?: RolloutSpec } = {};
    if (plan.software) rollout.software = plan.software;
    const configRollout = configRolloutOf(config, plan.software, notes);
    if (configRollout) rollout.config = configRollout;

    const dependsOn: string[] = [];
    for (const dep of dependenciesOf(w, index)) {
      const id = ids.get(dep.target);
      if (id === undefined || dependsOn.includes(id)) continue;
      dependsOn.push(id);
      const more = dep.evidence.length > 1 ? ` (and ${dep.evidence.length - 1} more)` : '';
      notes.push(`dependsOn ${id}: ${dep.evidence[0]}${more}`);
    }
    dependsOn.sort();

    const where = w.namespace ? `${w.namespace}/${w.name}` : w.name;
    return {
      id: ids.get(w) as string,
      kind,
      origin: `${w.kind} ${where} (${w.manifest.file}:${w.manifest.line})${w.templateFrom ? `, pod template from ${w.templateFrom}` : ''}`,
      notes,
      count,
      fixed,
      spread,
      version: version?.version,
      config: configText ?? undefined,
      quorum,
      rollout: Object.keys(rollout).length > 0 ? rollout : undefined,
      dependsOn,
    };
  });

  const namespaces = new Set(counted.map((c) => c.w.namespace));
  const shared = namespaces.size === 1 ? [...namespaces][0] : '';
  return {
    design: {
      system: options.system ?? (shared || 'cluster'),
      sources: sources.map((s) => s.name),
      command: 'redundancy-lens import kubernetes',
      // Kubernetes has well-known labels for region, zone and node, none for racks.
      failureDomains: ['region', 'zone', 'host'],
      components,
    },
    warnings,
  };
}

function replicaCount(w: Workload, hpas: readonly Manifest[], nodes: readonly NodeInfo[] | null, warnings: ImportWarning[]): { count: number; note: string } | null {
  const warn = (text: string): null => {
    warnings.push({ file: w.manifest.file, line: w.manifest.line, text: `${w.kind} ${w.name}: ${text}` });
    return null;
  };
  let count: number;
  let note: string;
  if (w.kind === 'DaemonSet') {
    const desired = at(w.manifest.body, 'status', 'desiredNumberScheduled');
    if (nodes) {
      count = eligibleNodes(w, nodes).length;
      note = `replicas ${count}: one per node its nodeSelector and nodeAffinity allow (--nodes)`;
    } else if (typeof desired === 'number' && Number.isInteger(desired)) {
      count = desired;
      note = `replicas ${count}: status.desiredNumberScheduled`;
    } else {
      return warn('a DaemonSet runs one pod per node, and the node count is not in the manifests; left out (pass --nodes)');
    }
  } else {
    const hpa = hpas.find(
      (h) =>
        str(at(h.body, 'spec', 'scaleTargetRef', 'kind')) === w.kind &&
        str(at(h.body, 'spec', 'scaleTargetRef', 'name')) === w.name &&
        (h.namespace === w.namespace || h.namespace === '' || w.namespace === ''),
    );
    if (hpa) {
      const min = at(hpa.body, 'spec', 'minReplicas');
      count = typeof min === 'number' && Number.isInteger(min) && min >= 0 ? min : 1;
      note = `replicas ${count}: HorizontalPodAutoscaler ${hpa.name} ${typeof min === 'number' ? 'minReplicas' : 'minReplicas not set (default 1)'}, the fewest it scales down to${w.replicas !== null ? ` (spec.replicas ${w.replicas})` : ''}`;
    } else if (w.replicas !== null) {
      count = w.replicas;
      note = `replicas ${count}: spec.replicas`;
    } else {
      count = 1;
      note = 'replicas 1: spec.replicas not set (the default is 1)';
    }
  }
  if (count === 0) return warn('scaled to 0 replicas; left out');
  if (count > MAX_COUNT) {
    warn(`${count} replicas; the design counts at most ${MAX_COUNT}`);
    count = MAX_COUNT;
  }
  return { count, note };
}

interface SelectorIndex {
  byLabel: Map<string, Manifest[]>;
  /** Selectors with no matchLabels (expressions only, or `{}`): checked against every workload. */
  others: Manifest[];
}

function indexBySelector(objects: readonly Manifest[]): SelectorIndex {
  const byLabel = new Map<string, Manifest[]>();
  const others: Manifest[] = [];
  for (const o of objects) {
    const matchLabels = labels(at(o.body, 'spec', 'selector', 'matchLabels'));
    const [k] = Object.keys(matchLabels);
    if (k === undefined) others.push(o);
    else byLabel.set(`${k}=${matchLabels[k]}`, [...(byLabel.get(`${k}=${matchLabels[k]}`) ?? []), o]);
  }
  return { byLabel, others };
}

/** The PDBs that may select the workload's pods, in input order. */
function pdbCandidates(index: SelectorIndex, w: Workload): Manifest[] {
  const found = new Set<Manifest>(index.others);
  for (const [k, v] of Object.entries(w.template.labels)) for (const m of index.byLabel.get(`${k}=${v}`) ?? []) found.add(m);
  return [...found].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** Ids are `metadata.name`; names that collide become `namespace/name`, and then `namespace/kind/name`. */
function componentIds(workloads: readonly Workload[]): Map<Workload, string> {
  const ids = new Map<Workload, string>();
  const byName = new Map<string, Workload[]>();
  for (const w of workloads) byName.set(w.name, [...(byName.get(w.name) ?? []), w]);
  for (const [name, group] of byName) {
    if (group.length === 1) {
      ids.set(group[0], name);
      continue;
    }
    const qualified = group.map((w) => `${w.namespace || 'default'}/${name}`);
    group.forEach((w, i) => {
      const clash = qualified.filter((q) => q === qualified[i]).length > 1;
      ids.set(w, clash ? `${w.namespace || 'default'}/${w.kind.toLowerCase()}/${name}` : qualified[i]);
    });
  }
  return ids;
}

function kindOf(w: Workload, notes: string[], warnings: ImportWarning[]): ComponentKind {
  const annotated = w.annotations[KIND_ANNOTATION] ?? w.template.annotations[KIND_ANNOTATION];
  if (annotated !== undefined) {
    if ((COMPONENT_KINDS as readonly string[]).includes(annotated)) {
      notes.push(`kind ${annotated}: the ${KIND_ANNOTATION} annotation`);
      return annotated as ComponentKind;
    }
    warnings.push({
      file: w.manifest.file,
      line: w.manifest.lineAt(['metadata', 'annotations', KIND_ANNOTATION]),
      text: `${w.kind} ${w.name}: ${KIND_ANNOTATION} is '${annotated}', not one of ${COMPONENT_KINDS.join(', ')}; ignored`,
    });
  }
  if (w.kind !== 'StatefulSet') {
    notes.push(`kind stateless: a ${w.kind}`);
    return 'stateless';
  }
  const image = mainContainer(w)?.image ?? '';
  const byImage = kindFromImage(image);
  if (byImage) {
    notes.push(`kind ${byImage}: a StatefulSet running ${image}`);
    return byImage;
  }
  notes.push(`kind store: a StatefulSet whose image (${image || 'none'}) names no known system; set the ${KIND_ANNOTATION} annotation if it is another kind`);
  return 'store';
}

/** Quorum from a PodDisruptionBudget that selects the pods: how many must stay up. Percentages round up, as the disruption controller counts them. */
function quorumOf(w: Workload, kind: ComponentKind, count: number, pdbs: readonly Manifest[], notes: string[]): number | undefined {
  const pdb = pdbs.find((p) => (p.namespace === w.namespace || p.namespace === '' || w.namespace === '') && selectorMatches(at(p.body, 'spec', 'selector'), w.template.labels));
  if (!pdb) return undefined;
  const minAvailable = at(pdb.body, 'spec', 'minAvailable');
  const maxUnavailable = at(pdb.body, 'spec', 'maxUnavailable');
  let needed: number | null = null;
  let how = '';
  if (minAvailable !== undefined) {
    needed = scaled(minAvailable, count, 'up');
    how = `minAvailable ${String(minAvailable)}`;
  } else if (maxUnavailable !== undefined) {
    const down = scaled(maxUnavailable, count, 'up');
    needed = down === null ? null : count - down;
    how = `maxUnavailable ${String(maxUnavailable)}`;
  }
  if (needed === null) {
    notes.push(`quorum: PodDisruptionBudget ${pdb.name} has no readable minAvailable or maxUnavailable; the kind's default`);
    return undefined;
  }
  const majority = Math.floor(count / 2) + 1;
  if (needed < 1) {
    notes.push(`quorum: PodDisruptionBudget ${pdb.name} (${how}) lets every pod go; the kind's default`);
    return undefined;
  }
  if ((kind === 'state-machine' || kind === 'log') && needed < majority) {
    notes.push(`quorum: PodDisruptionBudget ${pdb.name} (${how}) allows fewer than a majority; a ${kind} needs a majority, so the default stays`);
    return undefined;
  }
  const quorum = Math.min(needed, count);
  notes.push(`quorum ${quorum}: PodDisruptionBudget ${pdb.name} ${how} of ${count}`);
  return quorum;
}

function configRolloutOf(config: ReturnType<typeof configOf>, software: RolloutSpec | undefined, notes: string[]): RolloutSpec | undefined {
  if (config.sources.length === 0 && !config.checksum) {
    if (!software) return undefined;
    notes.push('config rollout: no ConfigMap or Secret; its settings are in the pod template, so they roll out like a new version');
    return software;
  }
  if (config.checksum) {
    if (!software) return undefined;
    notes.push(`config rollout: the ${config.checksum.key} annotation changes the pod template, so a config change rolls out like a new version`);
    return software;
  }
  if (config.mounted) {
    notes.push('config rollout: all at once; the kubelet refreshes mounted ConfigMaps and Secrets on every pod in place');
    return 'all-at-once';
  }
  if (!software) return undefined;
  notes.push('config rollout: read at start, so a change reaches pods as they restart, as a rollout (kubectl rollout restart) replaces them');
  return software;
}
