/**
 * Reading Kubernetes manifests: multi-document YAML or JSON streams as `kubectl get -o yaml`,
 * `kustomize build` and `helm template` print them, with `List` objects unpacked. Pure: it
 * takes texts, never files. Anything that is not a Kubernetes object becomes a warning at
 * its file and line, so a stray values.yaml or a syntax error never stops an import.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, type Node } from 'yaml';

/** One input text and the name to show for it (the path as given, or `<stdin>`). */
export interface SourceText {
  name: string;
  text: string;
}

/** One Kubernetes object and where it was written. `line` counts from 1. */
export interface Manifest {
  file: string;
  line: number;
  apiVersion: string;
  kind: string;
  name: string;
  /** `metadata.namespace`, or '' when the manifest leaves it to the apply command. */
  namespace: string;
  body: Record<string, unknown>;
  /** The line (from 1) of the value at `path` inside this object, or of the object when the path is not there. */
  lineAt(path: readonly (string | number)[]): number;
}

/** An import problem, printed as `warning: <file>:<line>: <text>`. */
export interface ImportWarning {
  file: string;
  line: number;
  text: string;
}

/** Every document in one stream is read; a stream this large is not a manifest set. */
const MAX_DOCUMENTS = 100_000;

export function readManifests(sources: readonly SourceText[]): { manifests: Manifest[]; warnings: ImportWarning[] } {
  const manifests: Manifest[] = [];
  const warnings: ImportWarning[] = [];
  for (const source of sources) {
    const lineCounter = new LineCounter();
    const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
    const docs = parseAllDocuments(source.text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    // A text that is only comments or blank parses to an empty stream: nothing to read, nothing to warn about.
    const list = Array.isArray(docs) ? docs : [];
    let count = 0;
    for (const doc of list) {
      if (++count > MAX_DOCUMENTS) {
        warnings.push({ file: source.name, line: lineOf(doc.range[0]), text: `more than ${MAX_DOCUMENTS} documents; the rest are not read` });
        break;
      }
      if (doc.errors.length > 0) {
        const error = doc.errors[0];
        warnings.push({ file: source.name, line: lineOf(error.pos[0]), text: `YAML syntax error: ${firstLine(error.message)}; this document is skipped` });
        continue;
      }
      if (doc.contents === null) continue; // an empty document, as a trailing `---` makes
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 1000 });
      } catch (err) {
        warnings.push({ file: source.name, line: lineOf(doc.contents.range?.[0]), text: `cannot read this document: ${firstLine(err instanceof Error ? err.message : String(err))}` });
        continue;
      }
      collect(value, doc.contents as Node, source.name, lineOf, manifests, warnings);
    }
  }
  return { manifests, warnings };
}

function collect(value: unknown, node: Node | null, file: string, lineOf: (offset: number | undefined) => number, manifests: Manifest[], warnings: ImportWarning[]): void {
  const line = lineOf(node?.range?.[0]);
  if (!isObject(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    warnings.push({ file, line, text: 'not a Kubernetes object (it has no apiVersion and kind); skipped' });
    return;
  }
  // `kubectl get -o yaml` of several objects prints one `List` (kind `List` or `<Kind>List`).
  if (value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items))) {
    const items = Array.isArray(value.items) ? value.items : [];
    const itemsNode = isMap(node) ? node.get('items', true) : null;
    items.forEach((item, i) => {
      const itemNode = isSeq(itemsNode) ? ((itemsNode.items[i] as Node | undefined) ?? null) : null;
      collect(item, itemNode, file, lineOf, manifests, warnings);
    });
    return;
  }
  const metadata = isObject(value.metadata) ? value.metadata : {};
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    warnings.push({ file, line, text: `${value.kind} has no metadata.name; skipped` });
    return;
  }
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const lineAt = (path: readonly (string | number)[]): number => {
    let found: unknown = null;
    if (isMap(node)) found = node.getIn(path, true);
    const offset = found && typeof found === 'object' && 'range' in found ? (found as Node).range?.[0] : undefined;
    return offset === undefined ? line : lineOf(offset);
  };
  manifests.push({ file, line, apiVersion: value.apiVersion, kind: value.kind, name: metadata.name, namespace, body: value, lineAt });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
