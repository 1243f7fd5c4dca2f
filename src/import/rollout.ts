/**
 * How a new version reaches the pods, as the first wave the format needs: how many pods run
 * the new version before anyone can stop the rollout. The counting rules are the API's:
 * Deployment `maxSurge` rounds up and `maxUnavailable` rounds down (both default 25%), so a
 * rolling update starts `maxSurge + maxUnavailable` new pods at once; a StatefulSet updates
 * pods from the highest ordinal down to `partition`, `maxUnavailable` (default 1) at a
 * time; an Argo Rollout canary scales the new ReplicaSet to each `setWeight` step (the
 * nearest whole number of pods, ties up).
 */
import { at, list, str } from './selectors';
import type { Workload } from './workloads';

export type RolloutSpec = 'all-at-once' | 'rolling' | 'canary' | { strategy: 'rolling' | 'canary' | 'waves'; waves: (number | string)[] };

export interface RolloutPlan {
  /** Absent: the manifests do not stage it (the format then assumes all at once). */
  software?: RolloutSpec;
  notes: string[];
}

type Rounding = 'up' | 'down' | 'nearest';

/** An IntOrString count against `total`: an integer as is, `NN%` of total rounded as the field says; null when unreadable. */
export function scaled(value: unknown, total: number, rounding: Rounding): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const text = str(value);
  const m = text === undefined ? null : /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (!m) return null;
  const exact = (Number(m[1]) * total) / 100;
  if (rounding === 'up') return Math.ceil(exact - 1e-9);
  if (rounding === 'down') return Math.floor(exact + 1e-9);
  return Math.floor(exact + 0.5);
}

const show = (value: unknown): string => (value === undefined ? 'not set' : String(value));

export function rolloutOf(w: Workload, replicas: number): RolloutPlan {
  switch (w.kind) {
    case 'Deployment':
      return deployment(w, replicas);
    case 'StatefulSet':
      return statefulSet(w, replicas);
    case 'DaemonSet':
      return daemonSet(w, replicas);
    case 'Rollout':
      return argoRollout(w, replicas);
    case 'ReplicaSet':
      return { notes: ['rollout: a ReplicaSet does not replace running pods when its template changes; not staged'] };
  }
}

/** The spec for a first wave of `first` of `replicas` pods. */
function staged(strategy: 'rolling' | 'canary', first: number, replicas: number, later: (number | string)[] = []): RolloutSpec {
  if (replicas === 1) return strategy;
  if (first >= replicas) return { strategy, waves: ['100%'] };
  const rest = later.filter((w) => typeof w !== 'number' || (w > first && w < replicas));
  if (first === 1 && rest.length === 0) return strategy;
  return { strategy, waves: [first, ...rest, '100%'] };
}

function deployment(w: Workload, replicas: number): RolloutPlan {
  const type = str(at(w.manifest.body, 'spec', 'strategy', 'type')) ?? 'RollingUpdate';
  if (type === 'Recreate') return { software: 'all-at-once', notes: ['rollout: strategy Recreate stops every pod, then starts the new version on all'] };
  return surgeRollout(
    'spec.strategy.rollingUpdate',
    at(w.manifest.body, 'spec', 'strategy', 'rollingUpdate'),
    replicas,
    '25%',
    '25%',
    type === 'RollingUpdate' && at(w.manifest.body, 'spec', 'strategy') === undefined,
  );
}

/** RollingUpdate arithmetic shared by Deployments and Argo canaries without steps. */
function surgeRollout(field: string, config: unknown, replicas: number, defaultSurge: string, defaultUnavailable: string, defaulted: boolean): RolloutPlan {
  const surgeRaw = at(config, 'maxSurge') ?? defaultSurge;
  const unavailableRaw = at(config, 'maxUnavailable') ?? defaultUnavailable;
  const surge = scaled(surgeRaw, replicas, 'up') ?? 0;
  const unavailable = scaled(unavailableRaw, replicas, 'down') ?? 0;
  const first = Math.min(replicas, Math.max(1, surge + unavailable));
  const origin = defaulted ? 'strategy not set, so the default RollingUpdate' : field;
  const notes = [
    `rollout: ${origin} maxSurge ${show(surgeRaw)} (${surge} pod${surge === 1 ? '' : 's'}, rounded up) + maxUnavailable ${show(unavailableRaw)} (${unavailable}, rounded down): first wave ${first} of ${replicas}`,
  ];
  return { software: staged('rolling', first, replicas), notes };
}

function statefulSet(w: Workload, replicas: number): RolloutPlan {
  const strategy = at(w.manifest.body, 'spec', 'updateStrategy');
  const type = str(at(strategy, 'type')) ?? 'RollingUpdate';
  if (type === 'OnDelete') return { notes: ['rollout: updateStrategy OnDelete updates a pod only when someone deletes it; the staging is manual, so it is not shown'] };
  const partitionRaw = at(strategy, 'rollingUpdate', 'partition');
  const partition = typeof partitionRaw === 'number' && Number.isInteger(partitionRaw) && partitionRaw > 0 ? partitionRaw : 0;
  const unavailableRaw = at(strategy, 'rollingUpdate', 'maxUnavailable');
  const step = Math.max(1, scaled(unavailableRaw ?? 1, replicas, 'up') ?? 1);
  const updated = replicas - partition;
  if (partition === 0) {
    const first = Math.min(step, replicas);
    return {
      software: staged('rolling', first, replicas),
      notes: [`rollout: RollingUpdate, pods replaced from the highest ordinal, maxUnavailable ${show(unavailableRaw ?? 1)} at a time: first wave ${first} of ${replicas}`],
    };
  }
  if (updated <= 0) {
    return {
      software: staged('canary', Math.min(step, replicas), replicas),
      notes: [`rollout: partition ${partition} holds back every pod until it is lowered; then ${Math.min(step, replicas)} at a time`],
    };
  }
  const first = Math.min(step, updated);
  return {
    software: staged('canary', first, replicas, [updated]),
    notes: [`rollout: partition ${partition} updates only ordinals ${partition} and up (${updated} of ${replicas} pods), ${step} at a time: first wave ${first}`],
  };
}

function daemonSet(w: Workload, replicas: number): RolloutPlan {
  const strategy = at(w.manifest.body, 'spec', 'updateStrategy');
  const type = str(at(strategy, 'type')) ?? 'RollingUpdate';
  if (type === 'OnDelete') return { notes: ['rollout: updateStrategy OnDelete updates a pod only when someone deletes it; the staging is manual, so it is not shown'] };
  const unavailableRaw = at(strategy, 'rollingUpdate', 'maxUnavailable') ?? 1;
  const surgeRaw = at(strategy, 'rollingUpdate', 'maxSurge') ?? 0;
  // DaemonSet percentages of the node count both round up.
  const first = Math.min(replicas, Math.max(1, (scaled(unavailableRaw, replicas, 'up') ?? 1) + (scaled(surgeRaw, replicas, 'up') ?? 0)));
  return { software: staged('rolling', first, replicas), notes: [`rollout: RollingUpdate maxUnavailable ${show(unavailableRaw)} + maxSurge ${show(surgeRaw)}: first wave ${first} of ${replicas}`] };
}

function argoRollout(w: Workload, replicas: number): RolloutPlan {
  const strategy = at(w.manifest.body, 'spec', 'strategy');
  if (at(strategy, 'blueGreen') !== undefined) {
    return { software: 'all-at-once', notes: ['rollout: Argo blueGreen switches all traffic from the old pods to the new ones at once'] };
  }
  const canary = at(strategy, 'canary');
  if (canary === undefined) return { notes: ['rollout: the Rollout names no canary or blueGreen strategy; not staged'] };
  const weights = list(at(canary, 'steps'))
    .map((s) => at(s, 'setWeight'))
    .filter((v): v is number => typeof v === 'number' && v > 0);
  if (weights.length === 0) {
    // Without steps a canary updates like a rolling update, by its own maxSurge and maxUnavailable.
    return surgeRollout('spec.strategy.canary (no setWeight steps, so a rolling update)', canary, replicas, '25%', '25%', false);
  }
  // Cumulative waves: each setWeight as a pod count (nearest, ties up, at least 1), increasing only.
  const waves: number[] = [];
  for (const weight of weights) {
    const pods = Math.min(replicas, Math.max(1, scaled(`${weight}%`, replicas, 'nearest') ?? 1));
    if (waves.length === 0 || pods > waves[waves.length - 1]) waves.push(pods);
  }
  const first = waves[0];
  const spec: RolloutSpec = first >= replicas ? { strategy: 'canary', waves: ['100%'] } : { strategy: 'canary', waves: [...waves.filter((p) => p < replicas), '100%'] };
  return { software: spec, notes: [`rollout: Argo canary setWeight ${weights.join(', ')} of ${replicas} pods: waves ${waves.join(', ')}, then all`] };
}
