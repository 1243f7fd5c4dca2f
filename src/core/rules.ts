/**
 * FORMAT.md's rules over the scenario results, with its "one cause, one finding" rules:
 * `single-replica` stands in for the component's other scenario findings,
 * `shared-version-and-config` for its `unstaged-rollout`, a component that goes down only
 * through a dependency gets `dependency-bottleneck` while the dependency gets its own cause,
 * and a component that is down before any failure gets only `quorum-unreachable`.
 */
import { boundedChain, namesWithCount, plural, survivalLead, versionName } from './messages';
import type { ComponentNodes, ModelBuild } from './model';
import { majority, originOf } from './model';
import { RULE_META } from './rules-meta';
import { chainTo, dependenciesOf, walkDown } from './reach';
import { compareRuns, directReason, EngineResult, streamsProcessedBy, ScenarioRun, scenarioLabel } from './scenarios';
import type { ComponentModel, DesignModel, Finding, MatrixCell, OffsetRange, RuleId, ScenarioRef, Severity, SharedModel, ThreatMatrix } from './types';

const SEVERITY = (rule: RuleId): Severity => RULE_META[rule].severity;

export function makeFinding(rule: RuleId, component: string | null, message: string, range: OffsetRange, scenario: ScenarioRef | null, related: Finding['related'] = []): Finding {
  const key = [rule, component ?? '', scenario?.threat ?? '', scenario?.value ?? ''].join('|');
  return { rule, severity: SEVERITY(rule), component, message, range, scenario, accepted: false, related, data: { key } };
}

/** The finding with `data.shared` set: the shared item an `accepted` entry's `shared` matches. */
function onShared(f: Finding, shared: string | undefined): Finding {
  return shared === undefined ? f : { ...f, data: { ...f.data, shared } };
}

export interface RuleContext {
  model: DesignModel;
  engine: EngineResult;
  matrix: ThreatMatrix;
  build: ModelBuild;
  today: string;
  /** The previous version's per-component findings; only when the engine continues from it. */
  prior?: PriorRules | null;
}

/**
 * What the rules saw and said for each component (by index), kept for the next version. The
 * findings are shared with the analysis results, so nothing may change them after this
 * (marking accepted findings and numbering repeated keys make copies).
 */
export interface PriorRules {
  components: readonly ComponentModel[];
  /** The scenarios the matrix rows' `worst` indexes point into. */
  scenarios: ScenarioRun[];
  runs: ScenarioRun[][];
  rows: readonly (readonly MatrixCell[])[];
  /** What each component's messages say of its dependencies (see `throughDependencies`). */
  deps: string[];
  findings: Finding[][];
  /** Where the shared items are (what a component's findings may point at besides itself and its chain's root). */
  sharedAt: string;
}

export function runRules(ctx: RuleContext): { findings: Finding[]; memo: PriorRules; moved: number } {
  const out: Finding[] = [];
  out.push(...unknownReferences(ctx));
  out.push(...expiredAcceptances(ctx));
  out.push(...sharedPushes(ctx));
  const runsByComponent = indexRuns(ctx.engine);
  const prior = ctx.prior;
  const sharedAt = ctx.model.shared.map((sh) => `${sh.range.start}-${sh.range.end}`).join(',');
  const sharedStays = prior?.sharedAt === sharedAt;
  let movedCount = 0;
  const memo: PriorRules = { components: ctx.model.components, scenarios: ctx.engine.runs, runs: [], rows: ctx.matrix.cells, deps: [], findings: [], sharedAt };
  const sameWorst = (was: number | null, now: number | null) => (was === null || now === null ? was === now : prior!.scenarios[was].outcomeId === ctx.engine.runs[now].outcomeId);
  ctx.model.components.forEach((c, ci) => {
    const runs = runsByComponent.get(ci) ?? [];
    const deps = throughDependencies(ctx, c, ci);
    // A component's findings are a function of its model (the same object when its text did
    // not change), the scenarios in which it loses replicas, its matrix row, and what its
    // messages say of its dependencies (`deps.key`). Design-wide inputs are the same when
    // the engine continues from the previous version.
    const was = prior?.components[ci];
    const kept = was !== undefined && originOf(was) === originOf(c) && sameOutcomes(prior!.runs[ci], runs) && sameRow(prior!.rows[ci], ctx.matrix.cells[ci], sameWorst) && prior!.deps[ci] === deps.key;
    // A moved copy of the model (an edit above it) says the same at its new place: the
    // findings shifted, when they point only into the component itself.
    const moved = kept && was !== c ? movedFindings(prior!.findings[ci], was, c, sharedStays) : null;
    if (moved) movedCount++;
    // In place, the findings stand as they are — unless a shared item they point at may have
    // moved (nothing else outside the component can: a chain's root is in the dependencies key).
    const same = kept && was === c && (sharedStays || !pointsOutside(prior!.findings[ci], c.fullRange)) ? prior!.findings[ci] : null;
    const own = moved ?? same ?? componentFindings(ctx, c, ci, runs, deps);
    memo.runs.push(runs);
    memo.deps.push(deps.key);
    memo.findings.push(own);
    out.push(...own);
  });
  return { findings: out, memo, moved: movedCount };
}

/** Whether any of the findings (or their related notes) points outside `range`. */
function pointsOutside(findings: readonly Finding[], range: OffsetRange): boolean {
  const outside = (r: OffsetRange) => r.start < range.start || r.end > range.end;
  return findings.some((f) => outside(f.range) || f.related.some((r) => outside(r.range)));
}

/**
 * A component's findings where its model moved from `was` to `now` (the same origin: only the
 * ranges differ). What they point at inside the component moved with it; what they point at
 * outside it is a chain's root (its place is in the dependencies key, compared already) or a
 * shared item — which stays put when `sharedStays` (the items' ranges are the same), else the
 * findings are made again (null).
 */
function movedFindings(findings: readonly Finding[], was: ComponentModel, now: ComponentModel, sharedStays: boolean): Finding[] | null {
  const { start, end } = was.fullRange;
  const delta = now.fullRange.start - start;
  let outside = false;
  const move = (r: OffsetRange): OffsetRange => {
    if (r.start >= start && r.end <= end) return { start: r.start + delta, end: r.end + delta };
    outside = true;
    return r;
  };
  const moved = findings.map((f) => ({ ...f, range: move(f.range), related: f.related.map((r) => ({ ...r, range: move(r.range) })) }));
  return outside && !sharedStays ? null : moved;
}

/**
 * The same scenarios in the same order, by outcome: a scenario that only moved position (a new
 * one came before it) says the same of every component it touches.
 */
function sameOutcomes(a: readonly ScenarioRun[], b: readonly ScenarioRun[]): boolean {
  return a.length === b.length && a.every((x, i) => x.outcomeId === b[i].outcomeId);
}

function sameRow(a: readonly MatrixCell[], b: readonly MatrixCell[], sameWorst: (was: number | null, now: number | null) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => x.state === b[i].state && x.tolerated === b[i].tolerated && sameWorst(x.worst, b[i].worst));
}

/**
 * Scenario runs in which each component loses replicas, in enumeration order. (What goes down
 * only through a dependency is in `engine.reach`: listing it here would be quadratic on a chain.)
 */
function indexRuns(engine: EngineResult): Map<number, ScenarioRun[]> {
  const map = new Map<number, ScenarioRun[]>();
  for (const run of engine.runs) {
    for (const ci of run.lost.keys()) {
      let list = map.get(ci);
      if (!list) map.set(ci, (list = []));
      list.push(run);
    }
  }
  return map;
}

/** The scenario of a dependency-bottleneck and the chain it names (a few hops, the length, the root). */
interface Bottleneck {
  run: ScenarioRun;
  /** The chain's first components (the component first), at most HEAD + 2. */
  head: number[];
  length: number;
  root: number;
}

/** What a component's messages say of its dependencies, and a key that changes when any of it does. */
interface ThroughDependencies {
  bottleneck: Bottleneck | null;
  /** Per threat index: the dependency the class's worst scenario takes it down through, or -1. */
  hops: number[];
  key: string;
}

const CHAIN_HEAD = 3;

function throughDependencies(ctx: RuleContext, c: ComponentModel, ci: number): ThroughDependencies {
  const { engine, model } = ctx;
  const T = engine.threats.length;
  const hops = engine.threats.map((_, ti) => engine.reach.down[ci * T + ti]?.[0].hop ?? -1);
  let bottleneck: Bottleneck | null = null;
  engine.threats.forEach((t, ti) => {
    if (!c.tolerate.includes(t)) return;
    const entry = engine.reach.bottleneck[ci * T + ti];
    if (entry === null) return;
    const found = entry === undefined ? exactBottleneck(engine, ci, t) : followChain(engine, ci, ti, entry.run, entry.depth + 1, entry.root);
    if (found && (!bottleneck || compareRuns(found.run, bottleneck.run) < 0)) bottleneck = found;
  });
  const b = bottleneck as Bottleneck | null;
  const ids = (list: number[]) => list.map((i) => (i < 0 ? '' : model.components[i].id)).join(',');
  // Where the class's worst scenario takes it down through a dependency, that scenario is not
  // among those in which the component loses replicas: its name must be in the key.
  let key = hops.map((hop, ti) => (hop < 0 ? '' : `${model.components[hop].id}:${worstName(engine, ctx.matrix.cells[ci][ti].worst)}`)).join(',');
  if (b) {
    const root = model.components[b.root];
    key += `|${b.run.threat}|${b.run.value}|${ids(b.head)}|${b.length}|${root.replicas.length}|${root.quorum}|${b.run.lost.get(b.root) ?? 0}|${root.range.start}-${root.range.end}`;
  }
  return { bottleneck: b, hops, key };
}

function worstName(engine: EngineResult, ri: number | null): string {
  return ri === null ? '' : `${engine.runs[ri].threat}/${engine.runs[ri].value}`;
}

/** The chain's first hops through the lists (each hop's list holds the same scenario). */
function followChain(engine: EngineResult, ci: number, ti: number, ri: number, length: number, root: number): Bottleneck {
  const T = engine.threats.length;
  const head = [ci];
  let cur = ci;
  let entry = engine.reach.unsharedDown[ci * T + ti]?.find((e) => e.run === ri) ?? engine.reach.bottleneck[ci * T + ti];
  while (entry && entry.hop !== -1 && head.length < CHAIN_HEAD + 2) {
    cur = entry.hop;
    head.push(cur);
    entry = engine.reach.unsharedDown[cur * T + ti]?.find((e) => e.run === ri);
  }
  return { run: engine.runs[ri], head, length, root };
}

/**
 * The bottleneck when the lists were too short to tell (the component went down by itself in
 * every scenario they kept): every scenario of the class that takes a dependency down by
 * itself and not the component. Linear in the design per call; it runs only where more than
 * CROWD_LIMIT scenarios that take several components down crowd a class's lists.
 */
function exactBottleneck(engine: EngineResult, ci: number, threat: string): Bottleneck | null {
  const deps = dependenciesOf(engine.graph, ci);
  engine.reach.work += engine.runs.length + deps.size;
  let best: ScenarioRun | null = null;
  for (const run of engine.runs) {
    if (run.threat !== threat || run.shared !== undefined || run.directSet.has(ci) || run.direct.length === 0) continue;
    if (best && compareRuns(run, best) >= 0) continue;
    if (run.direct.some((d) => deps.has(d))) best = run;
  }
  if (!best) return null;
  const chain = chainTo(engine.graph, ci, best.directSet)!;
  return { run: best, head: chain.slice(0, CHAIN_HEAD + 2), length: chain.length, root: chain[chain.length - 1] };
}

function unknownReferences(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const known = ctx.build.allComponentIds;
  // A few names, then a count: a design may have thousands of components.
  const knownList = fewNames([...known]);
  for (const [id, nodes] of ctx.build.nodes) {
    for (const [field, refs] of [
      ['dependsOn', nodes.dependsOn],
      ['consumes', nodes.consumes],
    ] as const) {
      for (const ref of refs) {
        if (known.has(ref.id)) continue;
        out.push(makeFinding('unknown-reference', id, `${id}.${field} names '${ref.id}', which is not a component of this design (components: ${knownList}).`, ref.range, null));
      }
    }
  }
  const sharedIds = ctx.build.allSharedIds;
  const sharedList = sharedIds.size ? `shared items: ${fewNames([...sharedIds])}` : 'it has no shared items';
  const unknownShared = (ref: { id: string; range: OffsetRange }, owner: string | null, where: string) =>
    makeFinding('unknown-reference', owner, `${where} names '${ref.id}', which is not a shared item of this design (${sharedList}).`, ref.range, null);
  for (const ref of ctx.build.topUses) if (!sharedIds.has(ref.id)) out.push(unknownShared(ref, null, 'The top-level uses'));
  for (const [id, nodes] of ctx.build.nodes) for (const ref of nodes.uses) if (!sharedIds.has(ref.id)) out.push(unknownShared(ref, id, `${id}.uses`));
  for (const entry of ctx.model.accepted) {
    if (entry.shared !== null && !sharedIds.has(entry.shared)) {
      out.push(unknownShared({ id: entry.shared, range: entry.sharedRange ?? entry.range }, null, 'This accepted entry'));
    }
    if (entry.component !== null && !known.has(entry.component)) {
      out.push(
        makeFinding(
          'unknown-reference',
          null,
          `This accepted entry names component '${entry.component}', which is not a component of this design (components: ${knownList}).`,
          entry.componentRange ?? entry.range,
          null,
        ),
      );
    }
  }
  return out;
}

/** "a, b, c": up to ten names, then "… and N more" (a design may have thousands). */
function fewNames(names: readonly string[], shown = 10): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

function expiredAcceptances(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const entry of ctx.model.accepted) {
    if (!entry.expired) continue;
    const what = entry.component ? `${entry.rule} on ${entry.component}` : entry.shared ? `${entry.rule} on shared ${entry.shared}` : `${entry.rule} on every component`;
    out.push(
      makeFinding('accepted-risk-expired', entry.component, `The acceptance of ${what} expired on ${entry.until}; it silences nothing until it is renewed or the risk is fixed.`, entry.range, null),
    );
  }
  return out;
}

function componentFindings(ctx: RuleContext, c: ComponentModel, ci: number, runs: ScenarioRun[], deps: ThroughDependencies): Finding[] {
  const { model, engine, matrix } = ctx;
  const nodes = ctx.build.nodes.get(c.id)!;
  const at = nodes.keyRange;
  const n = c.replicas.length;
  const out: Finding[] = [];
  const row = matrix.cells[ci];
  const tolerated = (t: string) => c.tolerate.includes(t);
  // Smallest level first reads naturally: "the loss of a host, rack or zone".
  const levelsFirst = [...model.failureDomains].reverse().concat(matrix.threats.filter((t) => !model.failureDomains.includes(t)));
  const survived = () => levelsFirst.filter((t) => tolerated(t) && row[matrix.threats.indexOf(t)].state === 'survives');
  const lead = (notAgainst: string[]) =>
    survivalLead(
      c.id,
      survived().filter((t) => !notAgainst.includes(t)),
      notAgainst,
    );
  const ref = (run: ScenarioRun): ScenarioRef => ({ threat: run.threat, value: run.value });

  // Quorum that can never be met: the component is down before anything fails.
  const quorumRelated = nodes.quorum ? [{ message: `quorum: ${c.quorum}`, range: nodes.quorum }] : [];
  if (c.quorum > n) {
    out.push(makeFinding('quorum-unreachable', c.id, `${c.id} can never be up: its quorum needs ${c.quorum} healthy replicas but it has ${plural(n, 'replica')}.`, at, null, quorumRelated));
  } else if (c.kind === 'state-machine' && c.quorum < majority(n)) {
    out.push(
      makeFinding(
        'quorum-unreachable',
        c.id,
        `${c.id} is a replicated state machine with a quorum of ${c.quorum}, below a majority of its ${n} replicas (${majority(n)}): two halves of a partition could both accept writes and diverge.`,
        at,
        null,
        quorumRelated,
      ),
    );
  }
  if (engine.baselineDown.has(ci)) return out;

  const single = n === 1;
  if (single) {
    const r = c.replicas[0];
    out.push(
      makeFinding(
        'single-replica',
        c.id,
        `${c.id} has a single replica (${r.id}), so it is not redundant against anything: losing its host, a bad release, a bad config push or a poison pill takes it down.`,
        at,
        r.placement.host !== undefined ? { threat: 'host', value: r.placement.host } : null,
        [{ message: `${r.id}`, range: r.range }],
      ),
    );
  }

  const downDirectly = (run: ScenarioRun) => run.directSet.has(ci);

  // One finding per tolerated infrastructure level: the value that leaves the fewest healthy replicas.
  if (!single) {
    for (const level of model.failureDomains) {
      if (!tolerated(level)) continue;
      let worst: ScenarioRun | null = null;
      for (const run of runs) {
        if (run.threat !== level || !downDirectly(run)) continue;
        if (!worst || (run.lost.get(ci) ?? 0) > (worst.lost.get(ci) ?? 0)) worst = run;
      }
      if (!worst) continue;
      const k = worst.lost.get(ci) ?? 0;
      const inValue = c.replicas.filter((r) => r.placement[level] === worst!.value);
      out.push(
        makeFinding(
          'domain-concentration',
          c.id,
          `${lead([level])}: ${k} of ${n} replicas are in ${level} ${worst.value}; quorum needs ${c.quorum}.`,
          at,
          ref(worst),
          inValue.map((r) => ({ message: `${r.id} is in ${level} ${worst!.value}`, range: r.range })),
        ),
      );
    }
  }

  // Same version and config everywhere, and nothing staged: one bad change reaches every replica.
  const versions = new Set(c.replicas.map((r) => r.version));
  const configs = new Set(c.replicas.map((r) => r.config));
  const staged = c.rollout.software.staged || c.rollout.config.staged;
  const sharedClasses = (['bad-release', 'bad-config'] as const).filter(tolerated);
  const shared = !single && sharedClasses.length > 0 && versions.size === 1 && configs.size === 1 && !staged;
  if (shared) {
    const v = versionName(c.replicas[0].version);
    const config = c.replicas[0].config;
    const cfg = config === null ? 'an unnamed config' : `config ${config}`;
    out.push(
      makeFinding(
        'shared-version-and-config',
        c.id,
        `${lead(['bad-release', 'bad-config'].filter(tolerated))}: ${n === 2 ? 'both replicas' : `all ${n} replicas`} run ${v} with ${cfg} and both rollouts are all-at-once.`,
        at,
        { threat: sharedClasses[0], value: c.id },
      ),
    );
  }

  if (!single && !shared) {
    for (const [threat, which] of [
      ['bad-release', 'software'],
      ['bad-config', 'config'],
    ] as const) {
      if (!tolerated(threat)) continue;
      const run = runs.find((r) => r.threat === threat && r.value === c.id);
      if (!run || !downDirectly(run)) continue;
      const ro = c.rollout[which];
      const canLose = n - c.quorum;
      out.push(
        makeFinding(
          'unstaged-rollout',
          c.id,
          `${lead([threat])}: the ${which} rollout (${ro.strategy}) updates ${ro.firstWave} of ${n} replicas in its first wave, but ${c.id} stays up only while ${c.quorum} are healthy (a first wave of at most ${Math.max(canLose, 0)} keeps quorum).`,
          at,
          ref(run),
        ),
      );
    }
  }

  if (!single && tolerated('poison-pill')) {
    const run = runs.find((r) => r.threat === 'poison-pill' && downDirectly(r));
    if (run) {
      const k = run.lost.get(ci) ?? 0;
      const version = c.replicas.find((r) => engineLostIds(run).has(r.id))?.version ?? null;
      const others = streamsProcessedBy(c, engine).filter((s) => s !== run.value);
      out.push(
        makeFinding(
          'poison-pill-halts-all',
          c.id,
          `${lead(['poison-pill'])}: an event in the ${run.value} stream that ${versionName(version)} cannot process stops ${k} of ${n} replicas (onPoisonPill: ${c.onPoisonPill}); quorum needs ${c.quorum}.` +
            (others.length ? ` The same holds for ${plural(others.length, 'other stream')} (${others.join(', ')}).` : ''),
          at,
          ref(run),
        ),
      );
    }
  }

  if (c.onPoisonPill === 'skip' && nodes.onPoisonPill) {
    const streams = streamsProcessedBy(c, engine);
    const lossLead = survivalLead(c.id, [], ['poison-pill']).replace('does not survive a poison pill', 'survives a poison pill only by losing data');
    out.push(
      makeFinding(
        'poison-pill-data-loss',
        c.id,
        `${lossLead}: with onPoisonPill: skip, an event it cannot process${streams.length ? ` in ${streams.join(', ')}` : ''} is dropped and never applied.`,
        nodes.onPoisonPill,
        streams.length ? { threat: 'poison-pill', value: streams[0] } : null,
      ),
    );
  }

  // A latent bug in one version (its own or a shared item's) stops too many replicas at once.
  if (!single && tolerated('software-bug')) {
    let worst: ScenarioRun | null = null;
    for (const run of runs) if (run.threat === 'software-bug' && downDirectly(run) && (!worst || compareRuns(run, worst) < 0)) worst = run;
    if (worst) {
      const k = worst.lost.get(ci) ?? 0;
      const under = model.shared.find((sh) => sh.version === worst!.value && c.uses.includes(sh.id) && !c.replicas.some((r) => r.version === worst!.value));
      const runsWhat = k === n ? (n === 2 ? 'both replicas run' : `all ${n} replicas run`) : `${k} of ${n} replicas run`;
      const on = under ? `${worst.value}, the version of shared ${sharedName(under)} under all of them` : worst.value;
      out.push(
        makeFinding(
          'version-monoculture',
          c.id,
          `${lead(['software-bug'])}: ${runsWhat} ${on}, so ${scenarioLabel(worst.threat, worst.value)} stops them at once; quorum needs ${c.quorum}.`,
          at,
          ref(worst),
          under ? [{ message: `shared ${under.id} runs ${under.version}`, range: under.range }] : [],
        ),
      );
      // `accepted: [{ rule: version-monoculture, shared: kernel }]` accepts every monoculture on it.
      if (under) out[out.length - 1] = onShared(out[out.length - 1], under.id);
    }
  }

  // Down only through a dependency, in a scenario the component claims to tolerate. A shared
  // push is one cause: its shared-push finding names every component it takes down.
  if (deps.bottleneck) {
    const { run: bottleneck, head, length, root: rootIndex } = deps.bottleneck;
    const root = model.components[rootIndex];
    const chain = boundedChain(
      head.map((i) => model.components[i].id),
      length,
      root.id,
      CHAIN_HEAD,
    );
    out.push(
      makeFinding(
        'dependency-bottleneck',
        c.id,
        `${lead([bottleneck.threat])}: in ${scenarioLabel(bottleneck.threat, bottleneck.value)} its own replicas hold, but it depends on ${root.id} (${chain}), which goes down: ${directReason(bottleneck, root, rootIndex)}.`,
        at,
        ref(bottleneck),
        [{ message: `${root.id} goes down in this scenario`, range: root.range }],
      ),
    );
  }

  // Tolerated levels that some replicas leave unset.
  for (const level of model.failureDomains) {
    if (!tolerated(level)) continue;
    const missing = c.replicas.filter((r) => r.placement[level] === undefined);
    if (missing.length === 0) continue;
    out.push(
      makeFinding(
        'unknown-placement',
        c.id,
        `${c.id} claims to tolerate the loss of ${level === 'host' ? 'a host' : `a ${level}`}, but ${missing.length} of ${n} replicas do not say which ${level} they run in, so that cannot be shown.`,
        at,
        { threat: level, value: '' },
        missing.slice(0, 5).map((r) => ({ message: `${r.id} has no ${level}`, range: r.range })),
      ),
    );
  }

  // Exposure to classes the design does not claim to tolerate: information, one per class.
  matrix.threats.forEach((t, ti) => {
    const cell = row[ti];
    if (tolerated(t) || cell.state !== 'exposed' || cell.worst === null) return;
    const run = engine.runs[cell.worst];
    const hop = deps.hops[ti];
    const how = hop !== -1 ? `takes it down through ${model.components[hop].id}` : `takes it down`;
    out.push(makeFinding('untolerated-exposure', c.id, `${lead([t])}, which this design does not claim to tolerate: ${scenarioLabel(run.threat, run.value)} ${how}.`, at, ref(run)));
  });

  return out;
}

/**
 * One finding per shared item whose push takes down a component that claims to tolerate that
 * class of failure, at the item. Cheap (one per item), so never kept from an earlier version.
 */
function sharedPushes(ctx: RuleContext): Finding[] {
  const { model, engine } = ctx;
  const out: Finding[] = [];
  for (const run of engine.runs) {
    if (run.shared === undefined) continue;
    const sh = model.shared[run.shared];
    const down = [...run.direct, ...walkDown(engine.graph, run.direct).order].sort((a, b) => a - b);
    if (!down.some((ci) => model.components[ci].tolerate.includes(run.threat))) continue;
    const users = sh.usedBy.length;
    const total = sh.usedBy.reduce((sum, id) => sum + model.components[engine.indexOf.get(id)!].replicas.length, 0);
    const what = sharedName(sh);
    const of = users === 1 ? 'the component that uses it' : `the ${users} components that use it`;
    const wave = sh.rollout.staged
      ? `its ${sh.rollout.strategy} rollout updates ${sh.rollout.firstWave} of the ${total} replicas of ${of} in its first wave`
      : `it is pushed ${sh.rollout.strategy === 'all-at-once' ? 'all-at-once' : `(${sh.rollout.strategy})`} to ${total === 1 ? 'the only replica' : `all ${total} replicas`} of ${of}`;
    const names = namesWithCount(down.map((ci) => model.components[ci].id));
    const which = run.threat === 'bad-release' ? 'software' : 'config';
    const ownStaged = down.every((ci) => model.components[ci].rollout[which].staged);
    const advice = sh.rollout.staged
      ? 'a smaller first wave would keep them up'
      : `staging ${sh.id}'s rollout would stop a bad push at its first wave${ownStaged ? ' (their own staged rollouts do not help: this push goes around them)' : ''}`;
    const f = makeFinding(
      'shared-push',
      null,
      `Shared ${what} is one cause under many components: ${wave}, so ${scenarioLabel(run.threat, sh.id)} takes down ${plural(down.length, 'component')} (${names}); ${advice}.`,
      sh.range,
      { threat: run.threat, value: sh.id },
      down.slice(0, 5).map((ci) => ({ message: `${model.components[ci].id} goes down in this scenario`, range: model.components[ci].range })),
    );
    out.push(onShared(f, sh.id));
  }
  return out;
}

/** "base-image (os)"; the layer only when it says more than the id. */
function sharedName(sh: SharedModel): string {
  return sh.layer && sh.layer !== sh.id ? `${sh.id} (${sh.layer})` : sh.id;
}

function engineLostIds(run: ScenarioRun): Set<string> {
  return new Set(run.replicaIds);
}

export type { ComponentNodes };
