/**
 * `import compose`: a docker-compose file (or several, merged service by service as
 * `docker compose -f a -f b` does for top-level service keys) in, an imported design out.
 * Services become stateless components (or what their image suggests), `deploy.replicas`
 * the count, `deploy.placement.constraints` the zone or host, `depends_on` the
 * dependencies. Without any swarm settings the file is for `docker compose up`, which runs
 * every container on one Docker host, and the design says so.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { ComponentKind } from '../core/index';
import type { ImportedComponent, ImportResult } from './design';
import { isObject, type ImportWarning, type SourceText } from './manifests';
import type { RolloutSpec } from './rollout';
import { at, list, str } from './selectors';
import { COMPONENT_KINDS, KIND_ANNOTATION, kindFromImage } from './template';

export interface ComposeImportOptions {
  system?: string;
}

interface ServiceEntry {
  name: string;
  file: string;
  line: number;
  body: Record<string, unknown>;
}

const MAX_COUNT = 10_000;
const ONE_HOST = 'docker-host';

export function importCompose(sources: readonly SourceText[], options: ComposeImportOptions = {}): ImportResult {
  const warnings: ImportWarning[] = [];
  const services = new Map<string, ServiceEntry>();
  let projectName: string | undefined;
  for (const source of sources) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(source.text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
    if (doc.errors.length > 0) {
      warnings.push({ file: source.name, line: lineOf(doc.errors[0].pos[0]), text: `YAML syntax error: ${doc.errors[0].message.split('\n')[0]}; this file is skipped` });
      continue;
    }
    let root: unknown;
    try {
      root = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      warnings.push({ file: source.name, line: 1, text: `cannot read this file: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` });
      continue;
    }
    if (!isObject(root) || !isObject(root.services)) {
      warnings.push({ file: source.name, line: lineOf(doc.contents?.range?.[0]), text: 'not a compose file (it has no services map); skipped' });
      continue;
    }
    projectName ??= str(root.name);
    const servicesNode = isMap(doc.contents) ? doc.contents.get('services', true) : null;
    const lineOfService = new Map<string, number>();
    if (isMap(servicesNode)) for (const p of servicesNode.items) if (isScalar(p.key)) lineOfService.set(String(p.key.value), lineOf((p.key as Node).range?.[0]));
    for (const [name, body] of Object.entries(root.services)) {
      if (!isObject(body)) continue;
      const line = lineOfService.get(name) ?? 1;
      const earlier = services.get(name);
      services.set(name, earlier ? { ...earlier, body: { ...earlier.body, ...body } } : { name, file: source.name, line, body });
    }
  }

  const entries = [...services.values()];
  const swarm = entries.some((s) => at(s.body, 'deploy', 'placement') !== undefined || at(s.body, 'deploy', 'mode') !== undefined || at(s.body, 'deploy', 'update_config') !== undefined);
  const components: ImportedComponent[] = [];
  for (const s of entries) {
    const c = serviceComponent(s, swarm, new Set(services.keys()), warnings);
    if (c) components.push(c);
  }
  if (components.length === 0) return { design: null, warnings };
  const kept = new Set(components.map((c) => c.id));
  for (const c of components) c.dependsOn = c.dependsOn.filter((d) => kept.has(d));
  return {
    design: {
      system: options.system ?? projectName ?? 'compose',
      sources: sources.map((s) => s.name),
      command: 'redundancy-lens import compose',
      failureDomains: ['region', 'zone', 'host'],
      components,
    },
    warnings,
  };
}

function serviceComponent(s: ServiceEntry, swarm: boolean, names: ReadonlySet<string>, warnings: ImportWarning[]): ImportedComponent | null {
  const warn = (text: string): null => {
    warnings.push({ file: s.file, line: s.line, text: `service ${s.name}: ${text}` });
    return null;
  };
  const notes: string[] = [];
  if (str(at(s.body, 'deploy', 'mode')) === 'global') return warn('deploy.mode global runs one container per swarm node, and the node count is not in the file; left out');
  const replicasRaw = at(s.body, 'deploy', 'replicas') ?? s.body.scale;
  let count = 1;
  if (typeof replicasRaw === 'number' && Number.isInteger(replicasRaw) && replicasRaw >= 0) {
    count = replicasRaw;
    notes.push(`replicas ${count}: ${at(s.body, 'deploy', 'replicas') !== undefined ? 'deploy.replicas' : 'scale'}`);
  } else {
    notes.push('replicas 1: deploy.replicas not set (the default is 1)');
  }
  if (count === 0) return warn('scaled to 0 replicas; left out');
  count = Math.min(count, MAX_COUNT);

  const image = str(s.body.image);
  const kind = kindOf(s, image, notes, warnings);
  const fixed: Record<string, string> = {};
  for (const constraint of list(at(s.body, 'deploy', 'placement', 'constraints'))) {
    const m = /^\s*(\S+?)\s*==\s*(\S+)\s*$/.exec(str(constraint) ?? '');
    if (!m) continue;
    if (m[1] === 'node.hostname') fixed.host = m[2];
    else if (/^node\.labels\..*zone/.test(m[1])) fixed.zone = m[2];
    else if (/^node\.labels\..*region/.test(m[1])) fixed.region = m[2];
    else continue;
    notes.push(`${m[1].startsWith('node.hostname') ? 'host' : /zone/.test(m[1]) ? 'zone' : 'region'} ${m[2]}: deploy.placement.constraints ${str(constraint)}`);
  }
  if (fixed.zone === undefined) {
    const spread = list(at(s.body, 'deploy', 'placement', 'preferences'))
      .map((p) => str(at(p, 'spread')))
      .find((v) => v !== undefined && /zone/.test(v));
    notes.push(spread ? `zone unknown: the placement preference spread: ${spread} is best effort, not a guarantee` : 'zone unknown: no zone constraint');
  }
  if (fixed.host === undefined) {
    if (!swarm) {
      fixed.host = ONE_HOST;
      notes.push(`host ${ONE_HOST}: no swarm settings, so docker compose up runs every container on one Docker host`);
    } else if (at(s.body, 'deploy', 'placement', 'max_replicas_per_node') === 1) {
      notes.push('host: one container per node (deploy.placement.max_replicas_per_node 1)');
    } else {
      notes.push('host: nothing keeps the containers on different swarm nodes (the design gives each its own host)');
    }
  }

  if (image) notes.push('version: image');
  else notes.push('version unknown: built from source (build:), no image tag');
  const configNames = [...list(s.body.configs), ...list(s.body.secrets)].map((c) => str(c) ?? str(at(c, 'source'))).filter((c): c is string => c !== undefined);
  const config = configNames.length > 0 ? [...new Set(configNames)].sort().join('+') : undefined;
  if (config) notes.push('config: configs and secrets');

  let software: RolloutSpec;
  if (swarm) {
    const raw = at(s.body, 'deploy', 'update_config', 'parallelism');
    const parallelism = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : 1;
    const first = parallelism === 0 ? count : Math.min(parallelism, count);
    software = first >= count && count > 1 ? { strategy: 'rolling', waves: ['100%'] } : first === 1 ? 'rolling' : { strategy: 'rolling', waves: [first, '100%'] };
    notes.push(
      `rollout: swarm rolling update, deploy.update_config.parallelism ${raw === undefined ? 'not set (default 1)' : String(raw)}${parallelism === 0 ? ' (0 = all at once)' : ''}: first wave ${first} of ${count}`,
    );
  } else {
    software = 'all-at-once';
    notes.push('rollout: docker compose up recreates every container of a changed service at once');
  }

  const dependsRaw = s.body.depends_on;
  const dependsOn = (Array.isArray(dependsRaw) ? dependsRaw.map(str) : isObject(dependsRaw) ? Object.keys(dependsRaw) : []).filter((d): d is string => d !== undefined && d !== s.name && names.has(d));
  if (dependsOn.length > 0) notes.push('dependsOn: depends_on');

  return {
    id: s.name,
    kind,
    origin: `service ${s.name} (${s.file}:${s.line})`,
    notes,
    count,
    fixed,
    spread: {},
    version: image,
    config,
    rollout: { software, config: software },
    dependsOn: [...new Set(dependsOn)].sort(),
  };
}

function kindOf(s: ServiceEntry, image: string | undefined, notes: string[], warnings: ImportWarning[]): ComponentKind {
  const rawLabels = s.body.labels;
  let annotated: string | undefined;
  if (isObject(rawLabels)) annotated = str(rawLabels[KIND_ANNOTATION]);
  else for (const l of list(rawLabels)) if (str(l)?.startsWith(`${KIND_ANNOTATION}=`)) annotated = (str(l) as string).slice(KIND_ANNOTATION.length + 1);
  if (annotated !== undefined) {
    if ((COMPONENT_KINDS as readonly string[]).includes(annotated)) {
      notes.push(`kind ${annotated}: the ${KIND_ANNOTATION} label`);
      return annotated as ComponentKind;
    }
    warnings.push({ file: s.file, line: s.line, text: `service ${s.name}: ${KIND_ANNOTATION} is '${annotated}', not one of ${COMPONENT_KINDS.join(', ')}; ignored` });
  }
  const byImage = image ? kindFromImage(image) : null;
  if (byImage) {
    notes.push(`kind ${byImage}: its image ${image}`);
    return byImage;
  }
  notes.push('kind stateless: a service whose image names no known stateful system');
  return 'stateless';
}
