/**
 * `--check DESIGN`: the reviewed design against what the manifests deploy. Both sides are
 * compared as the core models them (the imported design is analysed like any other), so
 * replica counts, versions, zones and first waves mean the same on both sides. Each
 * difference is a finding of rule `manifest-drift` at the design's component.
 */
import type { ComponentModel, DesignModel, OffsetRange, Severity } from '../core/index';
import { describeList } from './template';

export const DRIFT_RULE = 'manifest-drift';

export type DriftAspect = 'replicas' | 'version' | 'zones' | 'hosts' | 'rollout' | 'dependency' | 'missing' | 'unreviewed';

export interface Drift {
  aspect: DriftAspect;
  severity: Severity;
  /** The component id in the design (or the imported id for a workload the design lacks). */
  component: string;
  message: string;
  /** Offsets into the design text. */
  range: OffsetRange;
}

export function compareDesigns(design: DesignModel, imported: DesignModel, designText: string): Drift[] {
  const drifts: Drift[] = [];
  const importedById = new Map<string, ComponentModel>();
  for (const c of imported.components) {
    importedById.set(c.id, c);
    // A namespaced id (`ns/name`) also answers to its plain name, as the design may not qualify it.
    const plain = c.id.slice(c.id.lastIndexOf('/') + 1);
    if (!importedById.has(plain)) importedById.set(plain, c);
  }
  const matched = new Map<ComponentModel, ComponentModel>();
  const importedOf = new Map<ComponentModel, ComponentModel>();
  const designIdOf = new Map<string, string>();
  for (const d of design.components) {
    const m = importedById.get(d.id);
    if (!m || matched.has(m)) continue;
    matched.set(m, d);
    importedOf.set(d, m);
    designIdOf.set(m.id, d.id);
  }

  for (const d of design.components) {
    const m = importedOf.get(d);
    const at = d.range;
    const push = (aspect: DriftAspect, severity: Severity, message: string): void => {
      drifts.push({ aspect, severity, component: d.id, message, range: at });
    };
    if (!m) {
      push('missing', 'information', `${d.id} is in the design but not in the manifests (an external service, or removed?)`);
      continue;
    }
    const dn = d.replicas.length;
    const mn = m.replicas.length;
    if (mn < dn) push('replicas', 'error', `${d.id} runs ${mn} replica${mn === 1 ? '' : 's'} in the manifests; the design has ${dn}`);
    else if (mn > dn) push('replicas', 'information', `${d.id} runs ${mn} replicas in the manifests; the design has ${dn}`);

    const dv = distinct(d.replicas.map((r) => r.version));
    const mv = distinct(m.replicas.map((r) => r.version));
    const newVersions = mv.filter((v) => !dv.includes(v));
    if (dv.length > 0 && mv.length > 0 && newVersions.length > 0) {
      push('version', 'warning', `${d.id} runs ${describeList(mv)} in the manifests; the design says ${describeList(dv)}`);
    } else if (dv.length > 1 && mv.length < dv.length) {
      push('version', 'warning', `${d.id} runs ${mv.length} version${mv.length === 1 ? '' : 's'} in the manifests; the design has ${dv.length} (${describeList(dv)})`);
    }

    const dz = distinct(d.replicas.map((r) => r.placement.zone ?? null));
    const mz = distinct(m.replicas.map((r) => r.placement.zone ?? null));
    const mAllZoned = m.replicas.every((r) => r.placement.zone !== undefined);
    if (dz.length >= 2 && (!mAllZoned || mz.length < dz.length)) {
      const what = !mAllZoned || mz.length === 0 ? 'the manifests do not guarantee any zone spreading' : `the manifests guarantee ${mz.length} zone${mz.length === 1 ? '' : 's'}`;
      push('zones', 'error', `${d.id} lost its zone spread: the design spreads it over ${dz.length} zones, ${what}`);
    }
    const dh = distinct(d.replicas.map((r) => r.placement.host ?? null));
    const mh = distinct(m.replicas.map((r) => r.placement.host ?? null));
    // Fewer hosts only because there are fewer replicas is the replica drift, reported above.
    if (dh.length >= 2 && mh.length < Math.min(dh.length, mn)) {
      push('hosts', 'error', `${d.id} lost its host spread: the design puts it on ${dh.length} hosts, the manifests on ${mh.length}`);
    }

    const dw = d.rollout.software.firstWave;
    const mw = m.rollout.software.firstWave;
    if (mw > dw) push('rollout', 'warning', `${d.id}'s rollout reaches ${mw} replica${mw === 1 ? '' : 's'} in its first wave in the manifests; the design says ${dw}`);

    const extraDeps = m.dependsOn.map((id) => designIdOf.get(id) ?? id).filter((id) => !d.dependsOn.includes(id));
    if (extraDeps.length > 0) push('dependency', 'warning', `${d.id} depends on ${describeList(extraDeps)} in the manifests; the design does not say so`);
  }

  const componentsKey = componentsKeyRange(designText);
  for (const m of imported.components) {
    if (matched.has(m)) continue;
    drifts.push({
      aspect: 'unreviewed',
      severity: 'warning',
      component: m.id,
      message: `${m.id} runs in the manifests (${m.replicas.length} replica${m.replicas.length === 1 ? '' : 's'}) but is not in the design`,
      range: componentsKey,
    });
  }
  return drifts;
}

function distinct(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

function componentsKeyRange(text: string): OffsetRange {
  const m = /^components[ \t]*:/m.exec(text);
  return m ? { start: m.index, end: m.index + 'components'.length } : { start: 0, end: 0 };
}
