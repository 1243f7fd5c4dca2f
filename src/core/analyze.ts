/**
 * The façade: text in, ranked findings, scenarios and the threat matrix out.
 * Pure and synchronous; never throws on any input: an unexpected internal error becomes
 * a finding at the top of the file rather than a crashed server or CLI.
 */
import { ChunkedParser } from './chunked';
import { todayUtc } from './dates';
import { buildModel, ComponentCache, ModelBuild } from './model';
import { parseDesign, ParsedDesign } from './parse';
import { makeFinding, PriorRules, runRules } from './rules';
import { buildMatrix, EngineResult, PriorEngine, runScenarios, toOutcomes } from './scenarios';
import type { AcceptedEntry, AnalysisResult, AnalyzeOptions, DesignModel, Finding, Fix, OffsetRange, RelatedLocation, Severity, ThreatMatrix } from './types';
import { validateDesign } from './validate';

/** Syntax errors reported one by one; the rest are summed up in one more finding. */
const MAX_SYNTAX_FINDINGS = 100;

const EMPTY_MATRIX: ThreatMatrix = { threats: [], components: [], cells: [] };

/**
 * What one analysis of a document leaves for the next version of it (IncrementalAnalyzer keeps
 * one): component models by their chunk's data (see model.ts), and the previous model, engine and per-component
 * findings, so that only what an edit touched is recomputed. Every reuse is checked against
 * its exact inputs; the result is always the one a fresh analysis gives.
 */
export interface AnalysisMemo {
  components: ComponentCache;
  prior: (PriorEngine & { rules: PriorRules }) | null;
  /**
   * The marked copy of each accepted finding, by the finding it copies: an edit keeps most
   * findings, and a kept finding silenced by an equal entry keeps its copy too — so the server
   * can reuse its diagnostic (and that diagnostic's JSON) as it does for any kept finding.
   */
  accepted: WeakMap<Finding, Finding>;
  /** What the last analysis took over from the one before, for tests and benchmarks. */
  kept: { components: number; scenarios: number; findingsOf: number; movedFindingsOf: number };
}

export function newMemo(): AnalysisMemo {
  return { components: new WeakMap(), prior: null, accepted: new WeakMap(), kept: { components: 0, scenarios: 0, findingsOf: 0, movedFindingsOf: 0 } };
}

/** The analysis plus the intermediate structures that fixes need (not serializable). */
export interface DetailedAnalysis {
  result: AnalysisResult;
  parsed: ParsedDesign;
  build: ModelBuild | null;
  engine: EngineResult | null;
  /** The schema's own quick fixes, by finding key. */
  schemaFixes: Map<string, Fix[]>;
}

/**
 * The analysis of a text. Parsing goes through the chunked parser (one component at a time,
 * with the fast parser for the plain YAML subset), which gives exactly what a full parse gives
 * and is several times faster on large designs.
 */
export function analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeDetailed(text, options, (t) => new ChunkedParser().parse(t)).result;
}

/** The same analysis through the `yaml` library's full parse: the reference the tests compare against. */
export function analyzeFull(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeDetailed(text, options, parseDesign).result;
}

/** `parse` lets an incremental parser stand in for `parseDesign`; it must return the same. */
export function analyzeDetailed(text: string, options: AnalyzeOptions = {}, parse: (text: string) => ParsedDesign = parseDesign, memo?: AnalysisMemo): DetailedAnalysis {
  try {
    return analyzeUnsafe(text, options, parse, memo);
  } catch (err) {
    // Whatever was half-updated is not trusted for the next version.
    if (memo) Object.assign(memo, newMemo());
    const message = err instanceof Error ? err.message : String(err);
    const result: AnalysisResult = {
      findings: [
        makeFinding(
          'yaml-syntax',
          null,
          `Redundancy Lens could not analyse this file (internal error: ${message}). Please report it with the file.`,
          { start: 0, end: Math.min(1, text.length) },
          null,
        ),
      ],
      model: null,
      scenarios: [],
      matrix: EMPTY_MATRIX,
    };
    return { result, parsed: { text, doc: null, value: undefined, problems: [] }, build: null, engine: null, schemaFixes: new Map() };
  }
}

function analyzeUnsafe(text: string, options: AnalyzeOptions, parse: (text: string) => ParsedDesign, memo: AnalysisMemo | undefined): DetailedAnalysis {
  const today = options.today ?? todayUtc();
  const parsed = parse(text);
  const findings: Finding[] = parsed.problems.slice(0, MAX_SYNTAX_FINDINGS).map((p) => makeFinding('yaml-syntax', null, p.message, p.range, null));
  if (parsed.problems.length > MAX_SYNTAX_FINDINGS) {
    // Thousands of errors (a file that is not YAML at all) help no one and flood the editor.
    const rest = parsed.problems.length - MAX_SYNTAX_FINDINGS;
    findings.push(makeFinding('yaml-syntax', null, `…and ${rest} more YAML errors after this point; fix the ones above first.`, parsed.problems[MAX_SYNTAX_FINDINGS].range, null));
  }
  // Taken now: any way out below that builds no model leaves nothing for the next version.
  const prior = memo?.prior ?? null;
  if (memo) {
    memo.prior = null;
    memo.kept = { components: 0, scenarios: 0, findingsOf: 0, movedFindingsOf: 0 };
  }
  const bare = (build: ModelBuild | null): DetailedAnalysis => ({
    result: { findings: rank(findings, null, null), model: null, scenarios: [], matrix: EMPTY_MATRIX },
    parsed,
    build,
    engine: null,
    schemaFixes: new Map(),
  });
  if (findings.length > 0) return bare(null);

  const schemaProblems = validateDesign(parsed);
  const schemaFixes = new Map<string, Fix[]>();
  for (const p of schemaProblems) {
    const f: Finding = { ...makeFinding('schema', null, p.message, p.range, null), data: { key: `schema|${p.path.join('/')}|${p.range.start}`, schema: p.data } };
    schemaFixes.set(f.data.key, p.fixes);
    findings.push(f);
  }

  const build = buildModel(
    parsed,
    schemaProblems.map((p) => p.path),
    memo?.components,
    today,
  );
  if (build.tooLarge) findings.push(makeFinding('schema', null, build.tooLarge, { start: 0, end: Math.min(1, text.length) }, null));
  const model = build.model;
  if (!model) return { ...bare(build), schemaFixes };

  const engine = runScenarios(model, prior);
  const matrix = buildMatrix(model, engine);
  const rules = runRules({ model, engine, matrix, build, today, prior: engine.continues ? prior!.rules : null });
  findings.push(...rules.findings);
  if (memo) {
    memo.kept = {
      // Taken from the cache, whether still in place or shifted to where an edit above moved it.
      components: prior ? build.reused : 0,
      scenarios: engine.taken,
      findingsOf: prior ? rules.memo.findings.filter((f, i) => prior.rules.findings[i] === f).length : 0,
      // Moved by an edit above: the previous findings, shifted.
      movedFindingsOf: rules.moved,
    };
    memo.prior = { model, engine, rules: rules.memo };
  }
  applyAccepted(findings, model, memo?.accepted ?? new WeakMap());
  const result = { findings: rank(findings, model, engine), model, matrix } as Omit<AnalysisResult, 'scenarios'> as AnalysisResult;
  defineLazy(result, 'scenarios', () => toOutcomes(model, engine));
  return { result, parsed, build, engine, schemaFixes };
}

/**
 * A property computed on first read, then stored as a plain enumerable value, so spreading,
 * JSON and deep equality see an ordinary object. Read-only before and after (no setter, then
 * not writable): a result never changes once it is handed out.
 */
function defineLazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(this: object): T[K] {
      const value = compute();
      Object.defineProperty(this, key, { value, enumerable: true, configurable: false, writable: false });
      return value;
    },
  });
}

/**
 * An unexpired entry that names the rule (and the component, when it names one) silences a
 * finding. The finding is replaced by a marked copy, never changed: findings may be shared
 * with the previous version's analysis (see incremental.ts). `copies` holds the copies made
 * before; one is taken again only when it is exactly what a new copy would be.
 */
function applyAccepted(findings: Finding[], model: DesignModel, copies: WeakMap<Finding, Finding>): void {
  // The live entries by rule, in file order (the first that matches wins): tens of thousands
  // of findings on a large design, each looked up among its rule's entries only.
  const live = new Map<string, AcceptedEntry[]>();
  for (const e of model.accepted) {
    if (e.expired) continue;
    let list = live.get(e.rule);
    if (!list) live.set(e.rule, (list = []));
    list.push(e);
  }
  if (live.size === 0) return;
  // One note per entry, shared by every finding it accepts: an entry without a component can
  // accept thousands, and each note's text would otherwise be built — and compared with the
  // last publish's, character by character — once per finding.
  const notes = new Map<AcceptedEntry, RelatedLocation>();
  const noteOf = (entry: AcceptedEntry) => {
    let note = notes.get(entry);
    if (!note) notes.set(entry, (note = { message: `accepted: ${entry.reason}${entry.until ? ` (until ${entry.until})` : ''}`, range: entry.entryRange }));
    return note;
  };
  findings.forEach((f, i) => {
    if (f.rule === 'schema' || f.rule === 'yaml-syntax') return;
    const entry = live.get(f.rule)?.find((e) => (e.component === null || e.component === f.component) && (e.shared === null || e.shared === f.data.shared));
    if (!entry) return;
    const note = noteOf(entry);
    const was = copies.get(f);
    const last = was?.related[was.related.length - 1];
    if (was && last && last.message === note.message && sameRange(last.range, note.range) && was.data.acceptedBy && sameRange(was.data.acceptedBy, note.range)) {
      findings[i] = was;
      return;
    }
    const copy: Finding = { ...f, accepted: true, data: { ...f.data, acceptedBy: entry.entryRange }, related: [...f.related, note] };
    copies.set(f, copy);
    findings[i] = copy;
  });
}

function sameRange(a: OffsetRange, b: OffsetRange): boolean {
  return a.start === b.start && a.end === b.end;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Errors, warnings, information; then blast radius, class frequency, file position; accepted last. */
function rank(findings: Finding[], model: DesignModel | null, engine: EngineResult | null): Finding[] {
  // Blast radius by class, then value: no composite string key per scenario.
  const blast = new Map<string, Map<string, number>>();
  for (const run of engine?.runs ?? []) {
    let byValue = blast.get(run.threat);
    if (!byValue) blast.set(run.threat, (byValue = new Map()));
    byValue.set(run.value, run.blastRadius);
  }
  const order = model?.frequencyOrder ?? [];
  const freq = (f: Finding) => {
    const i = f.scenario ? order.indexOf(f.scenario.threat) : -1;
    return i === -1 ? order.length : i;
  };
  const radius = (f: Finding) => (f.scenario ? (blast.get(f.scenario.threat)?.get(f.scenario.value) ?? 0) : 0);
  const decorated = findings.map((f, i) => ({ f, i, r: radius(f), q: freq(f) }));
  decorated.sort(
    (a, b) =>
      Number(a.f.accepted) - Number(b.f.accepted) ||
      SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
      b.r - a.r ||
      a.q - b.q ||
      // The cause before the components it takes down with it.
      Number(a.f.rule === 'dependency-bottleneck') - Number(b.f.rule === 'dependency-bottleneck') ||
      a.f.range.start - b.f.range.start ||
      a.i - b.i,
  );
  // Keys must identify a finding uniquely for stateless quick fixes (numbered on a copy:
  // findings may be shared with the previous version's analysis).
  const seen = new Map<string, number>();
  return decorated.map(({ f }) => {
    const n = seen.get(f.data.key) ?? 0;
    seen.set(f.data.key, n + 1);
    return n > 0 ? { ...f, data: { ...f.data, key: `${f.data.key}#${n}` } } : f;
  });
}
