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
  readonly start: number;
  readonly end: number;
}

/** One replacement of `text.slice(start, end)` by `newText`, offsets into the original text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * A fix is a titled set of non-overlapping edits against the exact text that was analysed.
 * `kind`: `design` changes the design, `accept` records an `accepted` entry,
 * `schema` repairs a schema error (enum value, unknown key).
 */
export interface Fix {
  readonly title: string;
  readonly kind: 'design' | 'accept' | 'schema';
  readonly isPreferred: boolean;
  readonly edits: readonly TextEdit[];
}

/** A scenario names a threat class and, where there is one, which value (zone, component, version, stream). */
export interface ScenarioRef {
  readonly threat: string;
  readonly value: string;
}

export interface RelatedLocation {
  readonly message: string;
  readonly range: OffsetRange;
}

export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** Component id the finding is about, or null (file-level findings). */
  readonly component: string | null;
  readonly message: string;
  readonly range: OffsetRange;
  readonly scenario: ScenarioRef | null;
  /** True when an unexpired `accepted` entry matches: reported, but not as a problem. */
  readonly accepted: boolean;
  readonly related: readonly RelatedLocation[];
  /**
   * Stable machine-readable details for stateless quick fixes (the LSP puts this in
   * `Diagnostic.data`). Never parse `message` instead.
   */
  readonly data: FindingData;
  /** In a Markdown file: the 0-based index of the design block the finding is in (absent for design files). */
  readonly block?: number;
}

/** Details a consumer may rely on. `key` identifies the finding across re-analyses of equal text. */
export interface FindingData {
  readonly key: string;
  /** schema findings: which kind of error, for schema quick fixes. */
  readonly schema?: SchemaErrorData;
  /** shared-push findings: the shared item's id (what `accepted.shared` matches). */
  readonly shared?: string;
  /** accepted findings: the range of the entry that silenced it. */
  readonly acceptedBy?: OffsetRange;
}

export type SchemaErrorData =
  { kind: 'enum'; allowed: readonly string[]; suggestion: string | null } | { kind: 'unknown-key'; key: string; allowed: readonly string[]; suggestion: string | null } | { kind: 'other' };

/** Threat classes: the design's failure-domain levels plus these four. */
export const BEHAVIOURAL_THREATS = ['bad-release', 'bad-config', 'software-bug', 'poison-pill'] as const;

export type CellState = 'survives' | 'exposed' | 'unknown';

export interface MatrixCell {
  readonly state: CellState;
  /** Whether the design (or the component's own `tolerate`) claims to survive this class. */
  readonly tolerated: boolean;
  /** Index into `AnalysisResult.scenarios` of the worst scenario of this class for this component, or null. */
  readonly worst: number | null;
}

export interface ThreatMatrix {
  /** Threat classes, failure-domain levels first (largest first), then the behavioural ones. */
  readonly threats: readonly string[];
  /** Component ids in file order. */
  readonly components: readonly string[];
  /** cells[componentIndex][threatIndex] */
  readonly cells: readonly (readonly MatrixCell[])[];
}

/** The outcome of one scenario: what it takes down. */
export interface ScenarioOutcome {
  readonly threat: string;
  readonly value: string;
  /** Replica ids the scenario takes down directly. */
  readonly replicasDown: readonly string[];
  /** Components whose own healthy replicas fall below quorum. */
  readonly componentsDownDirectly: readonly string[];
  /** Components that lost replicas but stay up. */
  readonly componentsDegraded: readonly string[];
  /** Components that skip (lose) the poisoned event instead of stopping. */
  readonly componentsLosingData: readonly string[];
  /**
   * Number of components down (blast radius): those down directly and those down only through
   * a hard dependency. The latter are not listed here — on a dependency chain that is
   * quadratic over all scenarios — `downThroughDependencies(model, componentsDownDirectly)`
   * walks them for one scenario.
   */
  readonly blastRadius: number;
  /** Relevance rank: lower is more relevant. */
  readonly rank: number;
  /** Human cause chain, e.g. "zone a lost → cache down (its only replica) → api down (depends on cache)". */
  readonly caption: string;
}

export interface AnalyzeOptions {
  /** ISO date (YYYY-MM-DD) used to decide whether `accepted.until` has passed. Default: today (UTC). */
  readonly today?: string;
}

/** The resolved design, for hovers, the outline and the diagram. */
export interface DesignModel {
  readonly system: string;
  readonly failureDomains: readonly string[];
  readonly tolerate: readonly string[];
  /** Threat classes most to least frequent, for relevance. */
  readonly frequencyOrder: readonly string[];
  readonly components: readonly ComponentModel[];
  /** What many components run on or load (`shared:`), in file order. */
  readonly shared: readonly SharedModel[];
  readonly accepted: readonly AcceptedEntry[];
}

/** A shared cause: software (an OS image, an agent, a runtime) or config (flags, rules) under many components. */
export interface SharedModel {
  readonly id: string;
  readonly type: 'software' | 'config';
  /** Free text shown in messages: os, kernel, agent, waf-rules… */
  readonly layer: string | null;
  /** A software item's version: one more version for the software-bug class. */
  readonly version: string | null;
  /** Resolved against every replica of every component that uses the item. */
  readonly rollout: RolloutModel;
  /** Range of the item's key under `shared`. */
  readonly range: OffsetRange;
  /** Components that use it (top-level `uses` or their own), in file order. */
  readonly usedBy: readonly string[];
}

export type ComponentKind = 'stateless' | 'state-machine' | 'primary-backup' | 'log' | 'consumer' | 'store';
export type RolloutStrategy = 'all-at-once' | 'rolling' | 'canary' | 'waves';
export type PoisonPillPolicy = 'stop' | 'skip' | 'dead-letter';

export interface RolloutModel {
  readonly strategy: RolloutStrategy;
  /** Replicas updated in the first wave (resolved against the replica count). */
  readonly firstWave: number;
  /** True when the first wave is smaller than the whole component. */
  readonly staged: boolean;
}

export interface ReplicaModel {
  readonly id: string;
  readonly component: string;
  /** failure-domain level -> value; a level absent here is unknown. `host` is always set. */
  readonly placement: Readonly<Record<string, string>>;
  readonly version: string | null;
  readonly config: string | null;
  /** Range of the list item (replica or group) this replica came from. */
  readonly range: OffsetRange;
  /** Index of that list item in `replicas`. */
  readonly item: number;
}

export interface ComponentModel {
  readonly id: string;
  readonly kind: ComponentKind;
  /** Range of the component's key in `components`. */
  readonly range: OffsetRange;
  /** Range of the whole component (key through value). */
  readonly fullRange: OffsetRange;
  readonly replicas: readonly ReplicaModel[];
  readonly quorum: number;
  readonly rollout: { software: RolloutModel; config: RolloutModel };
  readonly dependsOn: readonly string[];
  readonly consumes: readonly string[];
  readonly onPoisonPill: PoisonPillPolicy;
  readonly tolerate: readonly string[];
  /** Shared items this component uses: the top-level `uses`, then its own, without repeats. */
  readonly uses: readonly string[];
}

export interface AcceptedEntry {
  readonly rule: string;
  readonly component: string | null;
  /** The shared item the entry names (`shared:`), for shared-push. */
  readonly shared: string | null;
  readonly reason: string;
  readonly until: string | null;
  /** The `until` value, or the entry itself when it has none. */
  readonly range: OffsetRange;
  /** The whole list item. */
  readonly entryRange: OffsetRange;
  /** The `component` value, when present. */
  readonly componentRange: OffsetRange | null;
  /** The `shared` value, when present. */
  readonly sharedRange: OffsetRange | null;
  /** True when `until` has passed: the entry silences nothing. */
  readonly expired: boolean;
}

export interface AnalysisResult {
  /** Ranked: most relevant first. */
  readonly findings: readonly Finding[];
  /** Null when the text is too broken to build a model. */
  readonly model: DesignModel | null;
  /**
   * Every scenario, in enumeration order. Built on first read (an ordinary enumerable
   * property from then on): the language server publishes diagnostics without them, and on
   * large designs there are tens of thousands.
   */
  readonly scenarios: readonly ScenarioOutcome[];
  readonly matrix: ThreatMatrix;
}
