/**
 * The core's public data types. Everything here is plain, JSON-serializable data that
 * talks about UTF-16 offsets into the document text and string labels — never editor
 * positions, never `vscode` or LSP types. The CLI, the language server and the preview
 * all consume these shapes; keep them stable.
 */

/** Rule ids from FORMAT.md; they are diagnostic codes and doc page names. */
export const RULE_IDS = [
  'schema',
  'yaml-syntax',
  'unknown-reference',
  'single-replica',
  'quorum-unreachable',
  'domain-concentration',
  'shared-version-and-config',
  'unstaged-rollout',
  'poison-pill-halts-all',
  'poison-pill-data-loss',
  'dependency-bottleneck',
  'unknown-placement',
  'untolerated-exposure',
  'accepted-risk-expired',
  'shared-push',
  'version-monoculture',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Half-open range of UTF-16 offsets into the analysed text: [start, end). */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One replacement of `text.slice(start, end)` by `newText`, offsets into the original text. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * A fix is a titled set of non-overlapping edits against the exact text that was analysed.
 * `kind`: `design` changes the design, `accept` records an `accepted` entry,
 * `schema` repairs a schema error (enum value, unknown key).
 */
export interface Fix {
  title: string;
  kind: 'design' | 'accept' | 'schema';
  isPreferred: boolean;
  edits: TextEdit[];
}

/** A scenario names a threat class and, where there is one, which value (zone, component, version, stream). */
export interface ScenarioRef {
  threat: string;
  value: string;
}

export interface RelatedLocation {
  message: string;
  range: OffsetRange;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Component id the finding is about, or null (file-level findings). */
  component: string | null;
  message: string;
  range: OffsetRange;
  scenario: ScenarioRef | null;
  /** True when an unexpired `accepted` entry matches: reported, but not as a problem. */
  accepted: boolean;
  related: RelatedLocation[];
  /**
   * Stable machine-readable details for stateless quick fixes (the LSP puts this in
   * `Diagnostic.data`). Never parse `message` instead.
   */
  data: FindingData;
  /** In a Markdown file: the 0-based index of the design block the finding is in (absent for design files). */
  block?: number;
}

/** Details a consumer may rely on. `key` identifies the finding across re-analyses of equal text. */
export interface FindingData {
  key: string;
  /** schema findings: which kind of error, for schema quick fixes. */
  schema?: SchemaErrorData;
  /** shared-push findings: the shared item's id (what `accepted.shared` matches). */
  shared?: string;
  /** accepted findings: the range of the entry that silenced it. */
  acceptedBy?: OffsetRange;
}

export type SchemaErrorData = { kind: 'enum'; allowed: string[]; suggestion: string | null } | { kind: 'unknown-key'; key: string; allowed: string[]; suggestion: string | null } | { kind: 'other' };

/** Threat classes: the design's failure-domain levels plus these four. */
export const BEHAVIOURAL_THREATS = ['bad-release', 'bad-config', 'software-bug', 'poison-pill'] as const;

export type CellState = 'survives' | 'exposed' | 'unknown';

export interface MatrixCell {
  state: CellState;
  /** Whether the design (or the component's own `tolerate`) claims to survive this class. */
  tolerated: boolean;
  /** Index into `AnalysisResult.scenarios` of the worst scenario of this class for this component, or null. */
  worst: number | null;
}

export interface ThreatMatrix {
  /** Threat classes, failure-domain levels first (largest first), then the behavioural ones. */
  threats: string[];
  /** Component ids in file order. */
  components: string[];
  /** cells[componentIndex][threatIndex] */
  cells: MatrixCell[][];
}

/** The outcome of one scenario: what it takes down. */
export interface ScenarioOutcome {
  threat: string;
  value: string;
  /** Replica ids the scenario takes down directly. */
  replicasDown: readonly string[];
  /** Components whose own healthy replicas fall below quorum. */
  componentsDownDirectly: string[];
  /** Components that lost replicas but stay up. */
  componentsDegraded: string[];
  /** Components that skip (lose) the poisoned event instead of stopping. */
  componentsLosingData: string[];
  /**
   * Number of components down (blast radius): those down directly and those down only through
   * a hard dependency. The latter are not listed here — on a dependency chain that is
   * quadratic over all scenarios — `downThroughDependencies(model, componentsDownDirectly)`
   * walks them for one scenario.
   */
  blastRadius: number;
  /** Relevance rank: lower is more relevant. */
  rank: number;
  /** Human cause chain, e.g. "zone a lost → cache down (its only replica) → api down (depends on cache)". */
  caption: string;
}

export interface AnalyzeOptions {
  /** ISO date (YYYY-MM-DD) used to decide whether `accepted.until` has passed. Default: today (UTC). */
  today?: string;
}

/** The resolved design, for hovers, the outline and the diagram. */
export interface DesignModel {
  system: string;
  failureDomains: string[];
  tolerate: string[];
  /** Threat classes most to least frequent, for relevance. */
  frequencyOrder: string[];
  components: ComponentModel[];
  /** What many components run on or load (`shared:`), in file order. */
  shared: SharedModel[];
  accepted: AcceptedEntry[];
}

/** A shared cause: software (an OS image, an agent, a runtime) or config (flags, rules) under many components. */
export interface SharedModel {
  id: string;
  type: 'software' | 'config';
  /** Free text shown in messages: os, kernel, agent, waf-rules… */
  layer: string | null;
  /** A software item's version: one more version for the software-bug class. */
  version: string | null;
  /** Resolved against every replica of every component that uses the item. */
  rollout: RolloutModel;
  /** Range of the item's key under `shared`. */
  range: OffsetRange;
  /** Components that use it (top-level `uses` or their own), in file order. */
  usedBy: string[];
}

export type ComponentKind = 'stateless' | 'state-machine' | 'primary-backup' | 'log' | 'consumer' | 'store';
export type RolloutStrategy = 'all-at-once' | 'rolling' | 'canary' | 'waves';
export type PoisonPillPolicy = 'stop' | 'skip' | 'dead-letter';

export interface RolloutModel {
  strategy: RolloutStrategy;
  /** Replicas updated in the first wave (resolved against the replica count). */
  firstWave: number;
  /** True when the first wave is smaller than the whole component. */
  staged: boolean;
}

export interface ReplicaModel {
  id: string;
  component: string;
  /** failure-domain level -> value; a level absent here is unknown. `host` is always set. */
  placement: Record<string, string>;
  version: string | null;
  config: string | null;
  /** Range of the list item (replica or group) this replica came from. */
  range: OffsetRange;
  /** Index of that list item in `replicas`. */
  item: number;
}

export interface ComponentModel {
  id: string;
  kind: ComponentKind;
  /** Range of the component's key in `components`. */
  range: OffsetRange;
  /** Range of the whole component (key through value). */
  fullRange: OffsetRange;
  replicas: ReplicaModel[];
  quorum: number;
  rollout: { software: RolloutModel; config: RolloutModel };
  dependsOn: string[];
  consumes: string[];
  onPoisonPill: PoisonPillPolicy;
  tolerate: string[];
  /** Shared items this component uses: the top-level `uses`, then its own, without repeats. */
  uses: string[];
}

export interface AcceptedEntry {
  rule: string;
  component: string | null;
  /** The shared item the entry names (`shared:`), for shared-push. */
  shared: string | null;
  reason: string;
  until: string | null;
  /** The `until` value, or the entry itself when it has none. */
  range: OffsetRange;
  /** The whole list item. */
  entryRange: OffsetRange;
  /** The `component` value, when present. */
  componentRange: OffsetRange | null;
  /** The `shared` value, when present. */
  sharedRange: OffsetRange | null;
  /** True when `until` has passed: the entry silences nothing. */
  expired: boolean;
}

export interface AnalysisResult {
  /** Ranked: most relevant first. */
  findings: Finding[];
  /** Null when the text is too broken to build a model. */
  model: DesignModel | null;
  /**
   * Every scenario, in enumeration order. Built on first read (an ordinary enumerable
   * property from then on): the language server publishes diagnostics without them, and on
   * large designs there are tens of thousands.
   */
  scenarios: ScenarioOutcome[];
  matrix: ThreatMatrix;
}
