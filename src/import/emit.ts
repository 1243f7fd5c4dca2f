/**
 * Writing an imported design as format-v1 text. The `yaml` library builds the document (so
 * every value is quoted where YAML needs it); each component carries a comment saying
 * where its values came from and what the manifests leave open.
 */
import { Document, isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ImportedComponent, ImportedDesign } from './design';
import { describeList } from './template';

export function emitDesign(design: ImportedDesign): string {
  const components: Record<string, unknown> = {};
  for (const c of design.components) components[c.id] = componentObject(c);
  const doc = new Document(
    {
      redundancy: 1,
      system: design.system,
      failureDomains: design.failureDomains,
      components,
    },
    { aliasDuplicateObjects: false },
  );
  doc.commentBefore = [
    ` Imported by ${design.command} from ${describeList(design.sources, 6)}.`,
    ' The comment on each component says where its values came from; where the input does',
    ' not say something, the comment says so and the design leaves it out or marks a placeholder.',
  ].join('\n');

  flowStyle(doc.get('failureDomains', true) as Node | undefined);
  const componentMap = doc.get('components', true);
  if (isMap(componentMap)) {
    componentMap.items.forEach((pair, i) => {
      const c = design.components[i];
      const key = pair.key as Node;
      key.commentBefore = [` ${c.origin}`, ...c.notes.map((n) => `   ${n}`)].join('\n');
      const value = pair.value;
      if (!isMap(value)) return;
      const replicas = value.get('replicas', true);
      if (isSeq(replicas)) for (const item of replicas.items) flowNested(item as Node);
      flowStyle(value.get('dependsOn', true) as Node | undefined);
      const rollout = value.get('rollout', true);
      if (isMap(rollout)) for (const p of rollout.items as Pair[]) flowStyle(p.value as Node);
    });
    // A blank line between components, as people write them.
    componentMap.items.forEach((pair, i) => {
      if (i > 0) (pair.key as Node).spaceBefore = true;
    });
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

function componentObject(c: ImportedComponent): Record<string, unknown> {
  const replica: Record<string, unknown> = {};
  if (c.count !== 1 || Object.keys(c.spread).length > 0) replica.count = c.count;
  if (Object.keys(c.spread).length > 0) replica.spread = c.spread;
  for (const [level, value] of Object.entries(c.fixed)) replica[level] = value;
  if (c.version !== undefined) replica.version = c.version;
  if (c.config !== undefined) replica.config = c.config;
  if (Object.keys(replica).length === 0) replica.count = c.count;
  const out: Record<string, unknown> = { kind: c.kind, replicas: [replica] };
  if (c.quorum !== undefined) out.quorum = c.quorum;
  if (c.rollout) out.rollout = c.rollout;
  if (c.dependsOn.length > 0) out.dependsOn = c.dependsOn;
  return out;
}

function flowStyle(node: Node | undefined | null): void {
  if (node && (isMap(node) || isSeq(node))) node.flow = true;
}

/** Inside a replica item: `spread` and its lists on one line each. */
function flowNested(item: Node): void {
  if (!isMap(item)) return;
  flowStyle((item as YAMLMap).get('spread', true) as Node | undefined);
}
