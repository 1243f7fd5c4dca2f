/**
 * The imported design before it is written: plain data that `emit.ts` turns into format-v1
 * text, with every value's origin kept as comment lines. Both importers (Kubernetes and
 * docker-compose) produce it.
 */
import type { ComponentKind } from '../core/index';
import type { ImportWarning } from './manifests';
import type { RolloutSpec } from './rollout';

export interface ImportedComponent {
  id: string;
  kind: ComponentKind;
  /** First comment line: what the component was read from, e.g. `Deployment shop/cart (k8s/shop.yaml:12)`. */
  origin: string;
  /** Further comment lines: where each value came from, and what the manifests do not say. */
  notes: string[];
  count: number;
  /** Failure-domain values every replica shares (zone, region, host). */
  fixed: Record<string, string>;
  /** Failure-domain values assigned round-robin (zone). */
  spread: Record<string, string[]>;
  version?: string;
  config?: string;
  quorum?: number;
  rollout?: { software?: RolloutSpec; config?: RolloutSpec };
  dependsOn: string[];
}

export interface ImportedDesign {
  system: string;
  /** What was read, for the header comment. */
  sources: string[];
  /** The command that made it, for the header comment. */
  command: string;
  failureDomains: string[];
  components: ImportedComponent[];
}

export interface ImportResult {
  /** Null when no workload was found. */
  design: ImportedDesign | null;
  warnings: ImportWarning[];
}
