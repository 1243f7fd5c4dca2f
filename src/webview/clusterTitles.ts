/**
 * Mermaid's dagre layout sometimes puts a nested box or a node over its parent box's title
 * (an edge pulls the child to the top rank of the parent). Once the SVG is in the document
 * and laid out, this moves such a parent's top edge and title up just enough — innermost
 * boxes first, so that a moved box pushes its own parent in turn — and grows the viewBox
 * when the outermost box now starts above it. Nodes and edges do not move.
 */
import type { DiagramNode, DiagramSubgraph } from '../core/mermaid';

/** Space between a title and the content under it, in SVG units. */
const GAP = 4;

function translateOf(el: Element): { x: number; y: number } | null {
  const m = /translate\(\s*(-?[\d.e+-]+)(?:[\s,]+(-?[\d.e+-]+))?\s*\)/.exec(el.getAttribute('transform') ?? '');
  return m ? { x: Number(m[1]), y: Number(m[2] ?? 0) } : null;
}

/** Returns the number of boxes moved. */
export function clearClusterTitles(svg: SVGSVGElement, subgraphs: readonly DiagramSubgraph[], nodes: readonly DiagramNode[]): number {
  const clusters = new Map<string, SVGGElement>();
  for (const g of svg.querySelectorAll<SVGGElement>('g.cluster')) {
    const m = /-(g\d+)$/.exec(g.id);
    if (m) clusters.set(m[1], g);
  }
  const nodeEls = new Map<string, SVGGElement>();
  for (const g of svg.querySelectorAll<SVGGElement>('g.node')) {
    const m = /-flowchart-(n\d+)-\d+$/.exec(g.id);
    if (m) nodeEls.set(m[1], g);
  }
  const children = new Map<string, Element[]>();
  const add = (parent: string | null, el: Element | undefined): void => {
    if (parent === null || !el) return;
    const list = children.get(parent);
    if (list) list.push(el);
    else children.set(parent, [el]);
  };
  for (const s of subgraphs) add(s.parent, clusters.get(s.id));
  for (const n of nodes) add(n.parent, nodeEls.get(n.id));

  const depth = new Map<string, number>();
  const byId = new Map(subgraphs.map((s) => [s.id, s]));
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parent = byId.get(id)?.parent ?? null;
    const d = parent === null ? 0 : depthOf(parent) + 1;
    depth.set(id, d);
    return d;
  };
  const order = [...subgraphs].sort((a, b) => depthOf(b.id) - depthOf(a.id));

  let moved = 0;
  for (const s of order) {
    const g = clusters.get(s.id);
    const kids = children.get(s.id);
    if (!g || !kids || kids.length === 0) continue;
    const rect = g.querySelector<SVGRectElement>(':scope > rect');
    const label = g.querySelector<SVGGElement>(':scope > g.cluster-label');
    if (!rect || !label) continue;
    const box = rect.getBoundingClientRect();
    const localHeight = rect.height.baseVal.value;
    if (box.height === 0 || localHeight === 0) continue;
    // Screen pixels per SVG unit of this box (the canvas may be zoomed).
    const k = box.height / localHeight;
    const contentTop = Math.min(...kids.map((e) => e.getBoundingClientRect().top));
    const need = (label.getBoundingClientRect().bottom + GAP * k - contentTop) / k;
    if (need <= 0.5) continue;
    const t = translateOf(label);
    if (!t) continue;
    rect.y.baseVal.value -= need;
    rect.height.baseVal.value += need;
    label.setAttribute('transform', `translate(${t.x}, ${t.y - need})`);
    moved++;
  }

  if (moved > 0) {
    const vb = svg.viewBox.baseVal;
    const svgBox = svg.getBoundingClientRect();
    const tops = [...clusters.values()].map((g) => g.getBoundingClientRect().top);
    if (vb && vb.height > 0 && svgBox.height > 0 && tops.length > 0) {
      const k = svgBox.height / vb.height;
      const over = (svgBox.top + GAP * k - Math.min(...tops)) / k;
      if (over > 0) {
        // The SVG is drawn at its natural size (one unit per pixel): grow both together.
        const { x, y, width, height } = { x: vb.x, y: vb.y, width: vb.width, height: vb.height };
        svg.setAttribute('viewBox', `${x} ${y - over} ${width} ${height + over}`);
        if (Number(svg.getAttribute('height')) > 0) svg.setAttribute('height', String(Math.ceil(height + over)));
      }
    }
  }
  return moved;
}
