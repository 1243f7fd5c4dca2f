/**
 * The failure-domain diagram as Mermaid flowchart text: nested subgraphs follow the
 * design's failure-domain levels, one node per replica, and one edge per component pair.
 *
 * Invariant: no user text reaches the output except inside a quoted label, entity-encoded
 * by `mermaidLabel`; node, subgraph and class ids are generated. The text is rendered by
 * Mermaid in GitHub and in the preview, so a label must not be able to close its quotes,
 * start a directive (`%%{init`), inject HTML, or end a surrounding ``` fence.
 */
import type { AnalysisResult, ComponentModel, ReplicaModel } from './types';

export interface MermaidOptions {
  /** Flowchart direction. Default `TB`. */
  direction?: 'TB' | 'LR';
}

/** Fill/stroke pairs, light enough for dark text; components cycle through them. */
const PALETTE: ReadonlyArray<readonly [string, string]> = [
  ['#dbeafe', '#1d4ed8'],
  ['#dcfce7', '#15803d'],
  ['#fef3c7', '#b45309'],
  ['#fce7f3', '#be185d'],
  ['#ede9fe', '#6d28d9'],
  ['#cffafe', '#0e7490'],
  ['#fee2e2', '#b91c1c'],
  ['#e5e7eb', '#374151'],
];

/** A tree of failure-domain values; leaves hold replicas. */
interface DomainNode {
  title: string;
  children: Map<string, DomainNode>;
  replicas: ReplicaModel[];
}

export function toMermaid(result: AnalysisResult, options: MermaidOptions = {}): string {
  const model = result.model;
  if (!model) return '';
  const direction = options.direction ?? 'TB';
  const lines: string[] = [`flowchart ${direction}`];

  const root: DomainNode = { title: '', children: new Map(), replicas: [] };
  const levels = model.failureDomains;
  for (const component of model.components) {
    for (const replica of component.replicas) {
      let node = root;
      for (const level of levels) {
        const value = Object.prototype.hasOwnProperty.call(replica.placement, level) ? replica.placement[level] : undefined;
        // Known and unknown values of a level must not collide, whatever the user named a value.
        const key = value === undefined ? `?${level}` : `=${value}`;
        let child = node.children.get(key);
        if (!child) {
          child = { title: value === undefined ? `unknown ${level}` : `${level} ${value}`, children: new Map(), replicas: [] };
          node.children.set(key, child);
        }
        node = child;
      }
      node.replicas.push(replica);
    }
  }

  const nodeIds = new Map<ReplicaModel, string>();
  let nextNode = 1;
  let nextGroup = 1;
  const emitReplica = (replica: ReplicaModel, indent: string): void => {
    const id = `n${nextNode++}`;
    nodeIds.set(replica, id);
    const parts = [replica.component, replica.version, replica.config].filter((p): p is string => p !== null && p !== '');
    lines.push(`${indent}${id}["${parts.map(mermaidLabel).join('<br/>')}"]`);
  };
  const emitDomain = (node: DomainNode, indent: string): void => {
    for (const child of node.children.values()) {
      lines.push(`${indent}subgraph g${nextGroup++}["${mermaidLabel(child.title)}"]`);
      emitDomain(child, indent + '  ');
      lines.push(`${indent}end`);
    }
    for (const replica of node.replicas) emitReplica(replica, indent);
  };
  emitDomain(root, '  ');

  // A component without replicas still needs a node so its edges have an end.
  const representative = new Map<string, string>();
  for (const component of model.components) {
    const first = component.replicas.find((r) => nodeIds.has(r));
    if (first) {
      representative.set(component.id, nodeIds.get(first)!);
    } else if (!representative.has(component.id)) {
      const id = `n${nextNode++}`;
      lines.push(`  ${id}["${mermaidLabel(component.id)}<br/>${mermaidLabel('(no replicas)')}"]`);
      representative.set(component.id, id);
    }
  }

  const seen = new Set<string>();
  const edge = (from: ComponentModel, to: string, arrow: '-->' | '-.->'): void => {
    const a = representative.get(from.id);
    const b = representative.get(to);
    if (!a || !b) return;
    const key = `${a}${arrow}${b}`;
    if (seen.has(key)) return;
    seen.add(key);
    lines.push(`  ${a} ${arrow} ${b}`);
  };
  for (const component of model.components) {
    for (const dep of component.dependsOn) edge(component, dep, '-->');
    for (const src of component.consumes) edge(component, src, '-.->');
  }

  model.components.forEach((component, i) => {
    const [fill, stroke] = PALETTE[i % PALETTE.length];
    const cls = `c${i + 1}`;
    lines.push(`  classDef ${cls} fill:${fill},stroke:${stroke},color:#111827`);
    const ids = component.replicas.map((r) => nodeIds.get(r)).filter((id): id is string => id !== undefined);
    if (ids.length === 0) {
      const rep = representative.get(component.id);
      if (rep) ids.push(rep);
    }
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${cls}`);
  });

  return lines.join('\n') + '\n';
}

/**
 * Characters encoded in labels. Beyond quotes, HTML and fences: `#` so user text cannot
 * spell an entity; `%` for directives; `:` and `;` because Mermaid pre-edits any line
 * matching `style.*:\S*#.*;` before parsing; `ﬂ` and `¶` because Mermaid uses them as
 * its own entity placeholders.
 */
const MERMAID_SPECIALS = '"#&<>`[](){}|%;:\\ﬂ¶';

/**
 * Text for inside a Mermaid `"..."` label. Every character that means something to Mermaid,
 * to HTML or to a Markdown fence becomes a `#code;` entity, which Mermaid decodes for display
 * only; line breaks and other control characters become spaces.
 */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) out += ' ';
    else if (ch === '"') out += '#quot;';
    else if (MERMAID_SPECIALS.includes(ch)) out += `#${code};`;
    else out += ch;
  }
  return out;
}
