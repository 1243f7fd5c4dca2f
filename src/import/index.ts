/** The importers' entry points: manifests or compose files in, a design (text) out, and drift against a reviewed design. */
export { importKubernetes, type KubernetesImportOptions } from './kubernetes';
export { importCompose, type ComposeImportOptions } from './compose';
export { emitDesign } from './emit';
export { compareDesigns, DRIFT_RULE, type Drift, type DriftAspect } from './drift';
export { nodesFrom, type NodeInfo } from './placement';
export { readManifests, type ImportWarning, type SourceText } from './manifests';
export type { ImportedComponent, ImportedDesign, ImportResult } from './design';
