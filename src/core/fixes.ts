/**
 * Quick fixes as plain data, computed on demand for one finding (editors ask per cursor,
 * the CLI never does, so `analyze` stays cheap).
 *
 * Every candidate is proven before it is offered: its edits are applied and the result
 * re-analysed; a candidate is kept only when the new text parses, has no more schema
 * problems than before, and no longer has the finding (or has it accepted). So a fix can
 * be wrong only by being absent, never by breaking the file.
 */
import { Document, isMap, isScalar, isSeq, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { DetailedAnalysis } from './analyze';
import { addDays, todayUtc } from './dates';
import { IncrementalAnalyzer } from './incremental';
import { appendItem, applyEdits, composeEdits, EditContext, editContext, formatFlow, insertPair, removeItem, removePair, replaceScalar, setPair, YamlValue } from './edits';
import { majority } from './model';
import { plural } from './messages';
import { pairOf, resolveNode } from './parse';
import { dependencyChainIn } from './scenarios';
import { distance } from './suggest';
import type { AnalysisResult, AnalyzeOptions, ComponentModel, Finding, Fix, TextEdit } from './types';

interface Candidate {
  title: string;
  kind: Fix['kind'];
  edits: readonly TextEdit[];
}

interface FixContext {
  analysis: DetailedAnalysis;
  doc: Document.Parsed;
  root: YAMLMap;
  edit: EditContext;
  options: AnalyzeOptions;
  today: string;
}

/**
 * Fixes for the finding with `key` (its `data.key`) in `text`, design fixes first.
 *
 * One incremental analyzer serves the text and then each candidate: a candidate differs from
 * the text in a few lines, so proving it re-parses and re-analyses only what it touched (a
 * full analysis per candidate took seconds on a 10,000-line design). The language server
 * starts from the document's own analysis instead (`DesignSession.fixer`, which calls
 * `fixesOf`), so it does not analyse the text again.
 */
export function computeFixes(text: string, key: string, options: AnalyzeOptions = {}, analyzer = new IncrementalAnalyzer()): Fix[] {
  return fixesOf(analyzer.analyzeDetailed(text, options), text, key, options, (t) => analyzer.analyzeDetailed(t, options));
}

/**
 * The fixes of the finding with `key` in an analysis already made of `text`. `prove` analyses
 * an edited text; it is given every candidate and every step of a chained fix, in turn, and
 * should be incremental from `text` (a fork of the analyzer that analysed it). The analysis's
 * parsed nodes are never changed by proofs (chunked.ts hands each version its own copies).
 */
export function fixesOf(analysis: DetailedAnalysis, text: string, key: string, options: AnalyzeOptions, prove: (text: string) => DetailedAnalysis): Fix[] {
  // YAML syntax errors get no fix.
  if (key.startsWith('yaml-syntax|')) return [];
  const finding = analysis.result.findings.find((f) => f.data.key === key);
  const today = options.today ?? todayUtc();
  const ctx = contextOf(analysis, text, options, today);
  if (!finding || !ctx || finding.accepted) return [];
  const candidates: Candidate[] = [...(analysis.schemaFixes.get(key) ?? []), ...designCandidates(ctx, finding), ...acceptCandidates(ctx, finding)];
  const schemaBefore = analysis.result.findings.filter((f) => f.rule === 'schema').length;
  const fixes: Fix[] = [];
  const seen = new Set<string>();
  // Design candidates that keep the file valid but leave the finding: first steps of a chained fix.
  const steps: Candidate[] = [];
  for (const c of candidates) {
    const after = applyEdits(text, c.edits);
    if (seen.has(after)) continue;
    seen.add(after);
    const result = prove(after).result;
    if (!provesFix(result, finding, c.kind, schemaBefore)) {
      if (c.kind === 'design' && keepsFileValid(result, schemaBefore)) steps.push(c);
      continue;
    }
    fixes.push({ title: c.title, kind: c.kind, isPreferred: false, edits: c.edits });
  }
  if (!fixes.some((f) => f.kind === 'design')) {
    const chained = chainedFix(text, finding, steps, prove, options, today, schemaBefore);
    const at = fixes.findIndex((f) => f.kind === 'accept');
    if (chained) fixes.splice(at === -1 ? fixes.length : at, 0, chained);
  }
  const preferred = fixes.find((f) => f.kind === 'design' || f.kind === 'schema');
  return fixes.map((f) => (f === preferred ? { ...f, isPreferred: true } : f));
}

function contextOf(analysis: DetailedAnalysis, text: string, options: AnalyzeOptions, today: string): FixContext | null {
  const doc = analysis.parsed.doc;
  const root = doc ? resolveNode(doc, doc.contents) : null;
  if (!doc || !isMap(root)) return null;
  return { analysis, doc, root, edit: editContext(text, root), options, today };
}

/** "Do A, then do B": a note in parentheses that every step ends with is said once, at the end. */
function chainTitle(titles: string[]): string {
  const note = / \([^()]*\)$/.exec(titles[0])?.[0];
  const shared = note !== undefined && titles.every((t) => t.endsWith(note));
  return titles
    .map((t, i) => (shared && i < titles.length - 1 ? t.slice(0, -note.length) : t))
    .map((t, i) => (i ? t.charAt(0).toLowerCase() + t.slice(1) : t))
    .join(', then ');
}

/** Steps a chained fix may take after its first, and candidates tried at each step. */
const CHAIN_STEPS = 3;
const CHAIN_TRIES = 3;

/**
 * Where no single edit removes a finding, a few in a row may: the causes of a
 * dependency-bottleneck in two dependencies, a replica to add before a rollout can be staged
 * (two voters of a state machine cannot lose one to a first wave), a shared item's first wave
 * that reaches a component that cannot lose a replica. From each first step (a candidate that
 * keeps the file valid but leaves the finding), the finding is looked up again in the edited
 * text and its own candidates computed there; the edits of all steps become one fix, proven
 * like any other. Only tried when no single design fix is proven.
 */
function chainedFix(text: string, finding: Finding, steps: Candidate[], prove: (text: string) => DetailedAnalysis, options: AnalyzeOptions, today: string, schemaBefore: number): Fix | null {
  for (const first of steps.slice(0, 2)) {
    let edits = first.edits;
    let current = applyEdits(text, edits);
    const titles = [first.title];
    const visited = new Set([text, current]);
    for (let step = 0; step < CHAIN_STEPS; step++) {
      const detailed = prove(current);
      const still = detailed.result.findings.find((f) => sameFinding(f, finding) && !f.accepted);
      const ctx = still ? contextOf(detailed, current, options, today) : null;
      if (!still || !ctx) break;
      // Every candidate's edits before the first analysis: analyses may move the parsed nodes' ranges.
      const next = designCandidates(ctx, still)
        .map((c) => ({ c, after: applyEdits(current, c.edits) }))
        .filter((x) => !visited.has(x.after))
        .slice(0, CHAIN_TRIES);
      let carry: { title: string; edits: TextEdit[]; after: string } | null = null;
      for (const { c, after } of next) {
        visited.add(after);
        const composed = composeEdits(text, edits, c.edits);
        if (applyEdits(text, composed) !== after) continue;
        const result = prove(after).result;
        if (provesFix(result, finding, 'design', schemaBefore)) {
          return { title: chainTitle([...titles, c.title]), kind: 'design', isPreferred: false, edits: composed };
        }
        if (!carry && keepsFileValid(result, schemaBefore)) carry = { title: c.title, edits: composed, after };
      }
      if (!carry) break;
      edits = carry.edits;
      current = carry.after;
      titles.push(carry.title);
    }
  }
  return null;
}

/** The identity of a finding across edits that may change the scenario's value. */
function sameFinding(a: Finding, b: Finding): boolean {
  if (a.rule !== b.rule || a.component !== b.component) return false;
  if (a.rule === 'unknown-reference' || a.rule === 'accepted-risk-expired' || a.rule === 'poison-pill-data-loss') return a.message === b.message;
  // One finding per shared item: the item is its identity.
  if (a.rule === 'shared-push') return a.data.shared === b.data.shared;
  return (a.scenario?.threat ?? '') === (b.scenario?.threat ?? '');
}

/** The edited text parses and has no more schema problems than before. */
function keepsFileValid(result: AnalysisResult, schemaBefore: number): boolean {
  return !result.findings.some((f) => f.rule === 'yaml-syntax') && result.findings.filter((f) => f.rule === 'schema').length <= schemaBefore;
}

function provesFix(result: AnalysisResult, finding: Finding, kind: Fix['kind'], schemaBefore: number): boolean {
  if (result.findings.some((f) => f.rule === 'yaml-syntax')) return false;
  if (kind === 'schema') return result.findings.filter((f) => f.rule === 'schema').length < schemaBefore;
  if (result.findings.filter((f) => f.rule === 'schema').length > schemaBefore) return false;
  const still = result.findings.filter((f) => sameFinding(f, finding));
  // Accepting may also renew an entry, which removes the finding instead of marking it.
  if (kind === 'accept') return still.every((f) => f.accepted);
  return still.length === 0;
}

// ---------------------------------------------------------------------------------------
// Candidates

function componentOf(ctx: FixContext, id: string | null): { model: ComponentModel; map: YAMLMap } | null {
  if (id === null) return null;
  const model = ctx.analysis.result.model?.components.find((c) => c.id === id);
  const map = ctx.analysis.build?.nodes.get(id)?.map;
  return model && map ? { model, map } : null;
}

function designCandidates(ctx: FixContext, f: Finding): Candidate[] {
  const comp = componentOf(ctx, f.component);
  switch (f.rule) {
    case 'single-replica':
      return comp ? addReplicas(ctx, comp.model, comp.map) : [];
    case 'domain-concentration':
      return comp && f.scenario ? [...spreadPlacement(ctx, comp.model, comp.map, f.scenario.threat, f.scenario.value), ...growCandidates(ctx, comp.model, comp.map)] : [];
    case 'shared-version-and-config':
      return comp ? orGrow(ctx, comp.model, comp.map, stageRollouts(ctx, comp.model, comp.map, ['software', 'config'])) : [];
    case 'unstaged-rollout':
      return comp && f.scenario ? orGrow(ctx, comp.model, comp.map, stageRollouts(ctx, comp.model, comp.map, [f.scenario.threat === 'bad-release' ? 'software' : 'config'])) : [];
    case 'poison-pill-halts-all':
      return comp ? [quarantine(ctx, comp.model, comp.map), ...versionDiversity(ctx, comp.model, comp.map)] : [];
    case 'poison-pill-data-loss':
      return comp ? [quarantine(ctx, comp.model, comp.map)] : [];
    case 'dependency-bottleneck':
      return bottleneckCandidates(ctx, f);
    case 'shared-push':
      return f.data.shared !== undefined ? [...stageShared(ctx, f.data.shared), ...firstWaveCandidates(ctx, f.data.shared)] : [];
    case 'version-monoculture': {
      if (!comp || !f.scenario) return [];
      // A shared item's version is not the component's to change: see splitVersions.
      const own = comp.model.replicas.some((r) => r.version === f.scenario!.value);
      return own ? orGrow(ctx, comp.model, comp.map, splitVersions(ctx, comp.model, comp.map, f.scenario.value)) : [];
    }
    case 'quorum-unreachable':
      return comp ? fixQuorum(ctx, comp.model, comp.map) : [];
    case 'unknown-reference':
      return renameReference(ctx, f);
    case 'accepted-risk-expired':
      return expiredCandidates(ctx, f);
    default:
      return [];
  }
}

/** Values of a level used anywhere in the design, least used first (ties: file order). */
function levelValuesByUse(ctx: FixContext, level: string): string[] {
  const counts = new Map<string, number>();
  for (const c of ctx.analysis.result.model?.components ?? []) {
    for (const r of c.replicas) {
      const v = r.placement[level];
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => a[1] - b[1]).map(([v]) => v);
}

function replicaItems(ctx: FixContext, map: YAMLMap): YAMLSeq | null {
  const seq = resolveNode(ctx.doc, pairOf(map, 'replicas')?.value);
  return isSeq(seq) ? seq : null;
}

function itemMap(ctx: FixContext, seq: YAMLSeq, i: number): YAMLMap | null {
  const n = resolveNode(ctx.doc, seq.items[i]);
  return isMap(n) ? n : null;
}

function scalarOf(ctx: FixContext, map: YAMLMap, key: string): { node: Scalar; value: string } | null {
  const n = resolveNode(ctx.doc, pairOf(map, key)?.value);
  return isScalar(n) && n.value !== null && n.value !== undefined ? { node: n, value: String(n.value) } : null;
}

/** A new replica item copying `from`, moved to other values of its levels where the design has them. */
function copiedItem(ctx: FixContext, from: YAMLMap, levels: readonly string[], nth: number): Record<string, YamlValue> {
  const out: Record<string, YamlValue> = {};
  for (const pair of from.items) {
    if (!isScalar(pair.key)) continue;
    const k = String(pair.key.value);
    const v = resolveNode(ctx.doc, pair.value);
    if (k === 'count' || k === 'spread' || !isScalar(v)) continue;
    const value = String(v.value);
    if (k === 'id' || k === 'host') out[k] = `${value}-${nth + 1}`;
    else if (levels.includes(k)) {
      const others = levelValuesByUse(ctx, k).filter((x) => x !== value);
      out[k] = others.length ? others[nth % others.length] : value;
    } else out[k] = typeof v.value === 'number' ? v.value : value;
  }
  return out;
}

function addReplicas(ctx: FixContext, c: ComponentModel, map: YAMLMap): Candidate[] {
  const target = c.kind === 'state-machine' || c.kind === 'log' || c.quorum > 1 ? 3 : 2;
  const seq = replicaItems(ctx, map);
  if (!seq || seq.items.length === 0) return [];
  const levels = ctx.analysis.result.model?.failureDomains ?? [];
  const first = itemMap(ctx, seq, 0);
  if (!first) return [];
  const count = scalarOf(ctx, first, 'count');
  if (count) {
    return [{ title: `Run ${target} replicas of ${c.id} (count: ${target})`, kind: 'design', edits: [replaceScalar(ctx.edit.text, count.node, target)] }];
  }
  const items: YamlValue[] = [];
  for (let i = 1; i < target; i++) items.push(copiedItem(ctx, first, levels, i));
  const flowItem = Boolean(first.flow);
  // Several items go in one edit so the new lines keep their order.
  const edits = items.map((it) => appendItem(ctx.edit, seq, it, flowItem));
  const merged: TextEdit = { start: edits[0].start, end: edits[0].end, newText: edits.map((e) => e.newText).join('') };
  const where = levels.filter((l) => l !== 'host' && typeof (items[0] as Record<string, YamlValue>)[l] === 'string');
  return [{ title: `Add ${plural(target - 1, 'replica')} of ${c.id}${where.length ? ` in other ${where.join('/')} values` : ''}`, kind: 'design', edits: [merged] }];
}

function spreadPlacement(ctx: FixContext, c: ComponentModel, map: YAMLMap, level: string, value: string): Candidate[] {
  const seq = replicaItems(ctx, map);
  if (!seq) return [];
  const used = levelValuesByUse(ctx, level);
  const inComponent = new Set(c.replicas.map((r) => r.placement[level]));
  const fresh = used.filter((v) => !inComponent.has(v));
  const targets = [...fresh, ...used.filter((v) => v !== value && inComponent.has(v))];
  if (targets.length === 0) targets.push(...inventedValues(level, value).slice(0, 1));
  const out: Candidate[] = [];
  // Move: the last single replica item placed in the concentrated value.
  for (let i = seq.items.length - 1; i >= 0 && out.length === 0; i--) {
    const item = itemMap(ctx, seq, i);
    if (!item || scalarOf(ctx, item, 'count')) continue;
    const v = scalarOf(ctx, item, level);
    if (!v || v.value !== value) continue;
    for (const t of targets.slice(0, 2)) {
      const id = c.replicas.find((r) => r.item === i)?.id ?? `replica ${i + 1}`;
      out.push({ title: `Move ${id} to ${level} ${t}`, kind: 'design', edits: [replaceScalar(ctx.edit.text, v.node, t)] });
    }
  }
  // Groups: spread over enough values that losing any one keeps quorum.
  const canLose = c.replicas.length - c.quorum;
  const valuesNeeded = canLose >= 1 ? Math.ceil(c.replicas.length / canLose) : 0;
  const spreadValues = (present: string[]) => {
    const out = [...present];
    for (const t of [...targets, ...inventedValues(level, value)]) {
      if (out.length >= valuesNeeded) break;
      if (!out.includes(t)) out.push(t);
    }
    return out;
  };
  for (let i = 0; valuesNeeded > 0 && i < seq.items.length; i++) {
    const item = itemMap(ctx, seq, i);
    if (!item) continue;
    const spread = resolveNode(ctx.doc, pairOf(item, 'spread')?.value);
    const list = isMap(spread) ? resolveNode(ctx.doc, pairOf(spread, level)?.value) : null;
    if (isSeq(list)) {
      const present = list.items.map((n) => String((resolveNode(ctx.doc, n) as { value?: unknown } | null)?.value));
      const added = spreadValues(present).slice(present.length);
      if (added.length) {
        const edits = added.map((t) => appendItem(ctx.edit, list, t));
        out.push({ title: `Spread ${c.id} over ${level} ${added.join(', ')} too`, kind: 'design', edits: [{ ...edits[0], newText: edits.map((e) => e.newText).join('') }] });
      }
      continue;
    }
    const fixed = scalarOf(ctx, item, level);
    if (!fixed || fixed.value !== value || !scalarOf(ctx, item, 'count')) continue;
    const values = spreadValues([value]);
    const title = `Spread ${c.id} over ${level}s ${values.join(', ')}`;
    if (isMap(spread)) {
      // The group spreads over another level already: spread this one too, in place of the fixed value.
      const removal = removePair(ctx.edit, item, level);
      if (removal) out.push({ title, kind: 'design', edits: [insertPair(ctx.edit, spread, level, values), removal] });
    } else {
      const pair = pairOf(item, level)!;
      out.push({
        title,
        kind: 'design',
        edits: [{ start: (pair.key as Node).range![0], end: (pair.value as Node).range![1], newText: `spread: ${formatFlow({ [level]: values })}` }],
      });
    }
  }
  // Add: one more replica in a value the component does not use yet — a new one when the design
  // has no other. Where moving cannot help (a 2/2 split over two zones with quorum 3), a fifth
  // replica in a third zone does.
  const last = itemMap(ctx, seq, seq.items.length - 1);
  const addTo = fresh[0] ?? inventedValues(level, value).find((v) => !used.includes(v)) ?? targets[0];
  if (last && addTo !== undefined) {
    const item = copiedItem(ctx, last, [], 1);
    item[level] = addTo;
    if (item.id === undefined && scalarOf(ctx, last, 'count')) delete item.id;
    const where = used.includes(addTo) ? `${level} ${addTo}` : `a new ${level} ${addTo} (rename it to a real one)`;
    out.push({ title: `Add a replica of ${c.id} in ${where}`, kind: 'design', edits: [appendItem(ctx.edit, seq, item, Boolean(last.flow))] });
  }
  return out;
}

/** Placeholder values for a level the design has no other values of; the user renames them. */
function inventedValues(level: string, value: string): string[] {
  return [2, 3, 4, 5].map((i) => (level === 'host' ? `${value}-${i}` : `${level}-${i}`));
}

function quarantine(ctx: FixContext, c: ComponentModel, map: YAMLMap): Candidate {
  return { title: `Quarantine poison pills in ${c.id}: onPoisonPill: dead-letter`, kind: 'design', edits: [setPair(ctx.edit, map, 'onPoisonPill', 'dead-letter')] };
}

/**
 * A poison pill stops the replicas of one version (FORMAT.md: the pill is assumed to break one
 * version; the others survive), so enough versions that none holds more replicas than the
 * component can lose keep it up — N-version diversity, as for a latent bug.
 */
function versionDiversity(ctx: FixContext, c: ComponentModel, map: YAMLMap): Candidate[] {
  const byVersion = new Map<string, number>();
  for (const r of c.replicas) if (r.version !== null) byVersion.set(r.version, (byVersion.get(r.version) ?? 0) + 1);
  const largest = [...byVersion.entries()].sort((a, b) => b[1] - a[1])[0];
  return (largest ? splitVersions(ctx, c, map, largest[0]) : []).map((x) => ({ ...x, title: `${x.title} (a poison pill stops one version)` }));
}

/** `fixes`, or where the component cannot lose a replica (no first wave or version split can help), replicas to add first. */
function orGrow(ctx: FixContext, c: ComponentModel, map: YAMLMap, fixes: Candidate[]): Candidate[] {
  return fixes.length ? fixes : growCandidates(ctx, c, map);
}

/**
 * Where moving or staging cannot work because the component cannot lose any replica (two
 * voters of a majority, `quorum: 3` of 3, `quorum: all`), add replicas until it can lose one:
 * a group's `count` grows, or new replicas are appended, placed in values of each level the
 * component does not use yet where the design has them. `quorum: all` becomes the number it
 * stood for, so the new replica is a spare and not one more that must be up. Usually a first
 * step: the rollout, versions or placement fix follows in the same chained fix.
 */
function growCandidates(ctx: FixContext, c: ComponentModel, map: YAMLMap): Candidate[] {
  const n = c.replicas.length;
  if (n < 2 || n - c.quorum >= 1) return [];
  const seq = replicaItems(ctx, map);
  if (!seq || seq.items.length === 0) return [];
  const q = scalarOf(ctx, map, 'quorum');
  const edits: TextEdit[] = [];
  let target: number;
  let note = '';
  if (q?.value === 'all') {
    edits.push(replaceScalar(ctx.edit.text, q.node, n));
    target = n + 1;
    note = `; quorum: all becomes ${n}`;
  } else if (q && /^\d+$/.test(q.value)) target = c.quorum + 1;
  else if (c.quorum === majority(n)) {
    target = n + 1;
    while (target - majority(target) < 1) target++;
  } else return [];
  const quorum = q?.value === 'all' || (q && /^\d+$/.test(q.value)) ? c.quorum : majority(target);
  const added = target - n;
  let groupAt = -1;
  for (let i = seq.items.length - 1; i >= 0 && groupAt === -1; i--) {
    const item = itemMap(ctx, seq, i);
    if (item && scalarOf(ctx, item, 'count')) groupAt = i;
  }
  if (groupAt !== -1) {
    const group = itemMap(ctx, seq, groupAt)!;
    const count = scalarOf(ctx, group, 'count')!;
    const size = c.replicas.filter((r) => r.item === groupAt).length;
    edits.push(replaceScalar(ctx.edit.text, count.node, size + added));
  } else {
    const last = itemMap(ctx, seq, seq.items.length - 1);
    if (!last) return [];
    const levels = (ctx.analysis.result.model?.failureDomains ?? []).filter((l) => l !== 'host');
    const taken = new Map(levels.map((l) => [l, new Set(c.replicas.map((r) => r.placement[l]))]));
    const items: YamlValue[] = [];
    for (let i = 0; i < added; i++) {
      const item = copiedItem(ctx, last, [], n + i);
      for (const level of levels) {
        if (typeof item[level] !== 'string') continue;
        const fresh = levelValuesByUse(ctx, level).find((v) => !taken.get(level)!.has(v));
        if (fresh === undefined) continue;
        item[level] = fresh;
        taken.get(level)!.add(fresh);
      }
      items.push(item);
    }
    const parts = items.map((it) => appendItem(ctx.edit, seq, it, Boolean(last.flow)));
    edits.push({ start: parts[0].start, end: parts[0].end, newText: parts.map((e) => e.newText).join('') });
  }
  return [
    {
      title: `Add ${plural(added, 'replica')} to ${c.id} so it can lose one (quorum ${quorum} of ${target}${note})`,
      kind: 'design',
      edits,
    },
  ];
}

/**
 * A staged shared item still takes down a component its first wave (one replica: the first
 * replica of its first user, in file order) leaves below quorum: give that component a
 * replica to lose.
 */
function firstWaveCandidates(ctx: FixContext, id: string): Candidate[] {
  const model = ctx.analysis.result.model;
  const item = model?.shared.find((s) => s.id === id);
  const firstUser = item?.usedBy.map((u) => componentOf(ctx, u)).find((u) => u && u.model.replicas.length > 0);
  if (!firstUser) return [];
  const fixes = firstUser.model.replicas.length === 1 ? addReplicas(ctx, firstUser.model, firstUser.map) : growCandidates(ctx, firstUser.model, firstUser.map);
  return fixes.map((c) => ({ ...c, title: `${c.title} (the first wave of shared ${id} reaches it)` }));
}

type RolloutPart = 'software' | 'config';

function stageRollouts(ctx: FixContext, c: ComponentModel, map: YAMLMap, parts: RolloutPart[]): Candidate[] {
  const n = c.replicas.length;
  const canLose = n - c.quorum;
  if (canLose < 1) return [];
  const rollout = resolveNode(ctx.doc, pairOf(map, 'rollout')?.value);
  const strategy: YamlValue = canLose >= 2 && n >= 4 ? { strategy: 'canary', waves: [1, '50%', '100%'] } : 'rolling';
  const label = typeof strategy === 'string' ? 'rolling, one replica at a time' : 'canary: 1 replica, then half, then all';
  const what = parts.length === 2 ? 'software and config rollouts' : `${parts[0]} rollout`;
  let edits: TextEdit[];
  if (isMap(rollout)) {
    edits = parts.map((p) => {
      const spec = resolveNode(ctx.doc, pairOf(rollout, p)?.value);
      const waves = isMap(spec) ? resolveNode(ctx.doc, pairOf(spec, 'waves')?.value) : null;
      if (isSeq(waves) && waves.items.length > 0 && isScalar(waves.items[0])) return replaceScalar(ctx.edit.text, waves.items[0], 1);
      if (isMap(spec)) return setPair(ctx.edit, spec, 'strategy', 'rolling');
      return setPair(ctx.edit, rollout, p, strategy);
    });
    if (parts.length === 2 && edits[0].start === edits[1].start) edits = [{ ...edits[0], newText: edits[0].newText + edits[1].newText }];
  } else {
    const value: Record<string, YamlValue> = {};
    for (const p of parts) value[p] = strategy;
    edits = [setPair(ctx.edit, map, 'rollout', value)];
  }
  return [{ title: `Stage the ${what} of ${c.id} (${label}; a first wave of 1 keeps quorum ${c.quorum} of ${n})`, kind: 'design', edits }];
}

/**
 * Stage a shared item's rollout: a first wave of one replica (of all its users' replicas),
 * then a tenth, then everything — how fleet-wide pushes of OS images, agent content or rule
 * sets are staged in practice.
 */
function stageShared(ctx: FixContext, id: string): Candidate[] {
  const sharedMap = resolveNode(ctx.doc, pairOf(ctx.root, 'shared')?.value);
  const item = isMap(sharedMap) ? resolveNode(ctx.doc, pairOf(sharedMap, id)?.value) : null;
  if (!isMap(item)) return [];
  const spec = resolveNode(ctx.doc, pairOf(item, 'rollout')?.value);
  const waves = isMap(spec) ? resolveNode(ctx.doc, pairOf(spec, 'waves')?.value) : null;
  if (isSeq(waves) && waves.items.length > 0 && isScalar(waves.items[0])) {
    return [{ title: `Stage shared ${id}: a first wave of 1 replica`, kind: 'design', edits: [replaceScalar(ctx.edit.text, waves.items[0], 1)] }];
  }
  return [
    {
      title: `Stage shared ${id}: waves of 1 replica, then 10%, then all`,
      kind: 'design',
      edits: [setPair(ctx.edit, item, 'rollout', { strategy: 'waves', waves: [1, '10%', '100%'] })],
    },
    { title: `Stage shared ${id}: canary (1 replica first)`, kind: 'design', edits: [setPair(ctx.edit, item, 'rollout', 'canary')] },
  ];
}

/**
 * A latent bug in one version: move enough replicas to other versions that no version holds
 * more than the component can lose (replicas − quorum). Single replicas get their `version`
 * changed in place; a group keeps its first replicas and the rest become new groups after the
 * list, with the same fields and the `spread` lists rotated so every replica keeps its place.
 * The new versions are named after the old one (`-b`, `-c`): the user renames them to the
 * builds they run. A version that comes from a shared item is not the component's to change.
 */
function splitVersions(ctx: FixContext, c: ComponentModel, map: YAMLMap, version: string): Candidate[] {
  const n = c.replicas.length;
  const canLose = n - c.quorum;
  const running = c.replicas.filter((r) => r.version === version);
  if (canLose < 1 || running.length <= canLose) return [];
  const seq = replicaItems(ctx, map);
  if (!seq) return [];
  const toMove = new Set(running.slice(canLose));
  const newVersions = Array.from({ length: Math.ceil(toMove.size / canLose) }, (_, i) => `${version}-${String.fromCharCode(98 + (i % 24))}${i >= 24 ? i : ''}`);
  const target = (k: number) => newVersions[Math.floor(k / canLose)];
  const edits: TextEdit[] = [];
  const appended: YamlValue[] = [];
  let moved = 0;
  for (let i = 0; i < seq.items.length && moved < toMove.size; i++) {
    const inItem = c.replicas.filter((r) => r.item === i);
    const movingHere = inItem.filter((r) => toMove.has(r));
    if (movingHere.length === 0) continue;
    const item = itemMap(ctx, seq, i);
    const v = item ? scalarOf(ctx, item, 'version') : null;
    if (!item || !v) return [];
    const count = scalarOf(ctx, item, 'count');
    if (!count || inItem.length === 1) {
      edits.push(replaceScalar(ctx.edit.text, v.node, target(moved)));
      moved += 1;
      continue;
    }
    const keep = inItem.length - movingHere.length;
    const data = item.toJSON() as Record<string, YamlValue>;
    let offset = keep;
    if (keep === 0) {
      // The whole group moves: its first run of one new version stays in the item itself.
      const name = target(moved);
      let size = 0;
      while (size < inItem.length && target(moved + size) === name) size++;
      edits.push(replaceScalar(ctx.edit.text, v.node, name));
      if (size < inItem.length) edits.push(replaceScalar(ctx.edit.text, count.node, size));
      moved += size;
      offset = size;
    } else edits.push(replaceScalar(ctx.edit.text, count.node, keep));
    // Runs of the same new version within the group become one new group each.
    while (offset < inItem.length) {
      const name = target(moved);
      let size = 0;
      while (offset + size < inItem.length && target(moved + size) === name) size++;
      const copy: Record<string, YamlValue> = { ...data, count: size, version: name };
      if (typeof data.id === 'string' || typeof data.id === 'number') copy.id = `${data.id}-${name.slice(version.length + 1)}`;
      if (data.spread && typeof data.spread === 'object' && !Array.isArray(data.spread)) {
        const rotated: Record<string, YamlValue> = {};
        for (const [level, values] of Object.entries(data.spread)) {
          rotated[level] = Array.isArray(values) && values.length ? values.map((_, j) => values[(offset + j) % values.length]) : values;
        }
        copy.spread = rotated;
      }
      appended.push(copy);
      moved += size;
      offset += size;
    }
  }
  if (appended.length) {
    // One line per new group ({ count, spread, version, … }): nested block maps would need the
    // file's indentation rules for lists inside lists, and a flow item reads as one group.
    const parts = appended.map((it) => appendItem(ctx.edit, seq, it, true));
    edits.push({ start: parts[0].start, end: parts[0].end, newText: parts.map((e) => e.newText).join('') });
  }
  const names = [version, ...newVersions].join(', ');
  const title =
    newVersions.length === 1
      ? `Run a second version on ${toMove.size} of ${n} replicas of ${c.id} (${newVersions[0]}: rename it to your other build)`
      : `Run ${newVersions.length + 1} versions of ${c.id} (${names}), at most ${canLose} replicas each, so a bug in one keeps quorum ${c.quorum}`;
  return [{ title, kind: 'design', edits }];
}

function fixQuorum(ctx: FixContext, c: ComponentModel, map: YAMLMap): Candidate[] {
  const q = scalarOf(ctx, map, 'quorum');
  if (!q) return [];
  return [{ title: `Set the quorum of ${c.id} to a majority (${majority(c.replicas.length)} of ${c.replicas.length})`, kind: 'design', edits: [replaceScalar(ctx.edit.text, q.node, 'majority')] }];
}

function renameReference(ctx: FixContext, f: Finding): Candidate[] {
  const ids = [...(ctx.analysis.build?.allComponentIds ?? [])];
  const bad = ctx.edit.text.slice(f.range.start, f.range.end).replace(/^['"]|['"]$/g, '');
  return ids
    .map((id) => ({ id, d: distance(bad.toLowerCase(), id.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ id }) => ({ title: `Change '${bad}' to '${id}'`, kind: 'design' as const, edits: [{ start: f.range.start, end: f.range.end, newText: id }] }));
}

function expiredCandidates(ctx: FixContext, f: Finding): Candidate[] {
  const seq = resolveNode(ctx.doc, pairOf(ctx.root, 'accepted')?.value);
  if (!isSeq(seq)) return [];
  const index = seq.items.findIndex((n) => {
    const m = resolveNode(ctx.doc, n);
    return m?.range && m.range[0] <= f.range.start && f.range.end <= m.range[1];
  });
  if (index === -1) return [];
  const out: Candidate[] = [];
  const removal = removeItem(ctx.edit, seq, index);
  if (removal) {
    const edits = [keepCommentLines(ctx, removal)];
    if (seq.items.length === 1 && !seq.flow && ctx.edit.text[seq.range![0]] !== '[') {
      // The only entry: `accepted: []` keeps the list (an empty value would break the schema).
      const key = pairOf(ctx.root, 'accepted')!.key as Node;
      const colon = ctx.edit.text.indexOf(':', key.range![1]);
      edits.push({ start: colon + 1, end: colon + 1, newText: ' []' });
    }
    out.push({ title: 'Remove the expired acceptance (the risk is reported again)', kind: 'design', edits });
  }
  const entry = itemMap(ctx, seq, index);
  const until = entry ? scalarOf(ctx, entry, 'until') : null;
  if (until) {
    const renewed = addDays(ctx.today, 90);
    out.push({ title: `Renew this acceptance until ${renewed}`, kind: 'accept', edits: [replaceScalar(ctx.edit.text, until.node, renewed)] });
  }
  return out;
}

/** A removal that keeps the whole-line comments of what it removes: a comment is the user's, not the entry's. */
function keepCommentLines(ctx: FixContext, removal: TextEdit): TextEdit {
  const removed = ctx.edit.text.slice(removal.start, removal.end);
  const comments = removed.split(/\r?\n/).filter((l) => /^\s*#/.test(l));
  return comments.length ? { ...removal, newText: comments.map((l) => l + ctx.edit.eol).join('') } : removal;
}

/**
 * Fixes at the cause: the component at the end of this one's dependency chain in the
 * scenario (a rack can take hundreds of components down directly; only this chain's root
 * is the cause of this component's outage).
 */
function bottleneckCandidates(ctx: FixContext, f: Finding): Candidate[] {
  const engine = ctx.analysis.engine;
  const run = engine?.runs.find((r) => r.threat === f.scenario?.threat && r.value === f.scenario?.value);
  const at = f.component === null ? undefined : engine?.indexOf.get(f.component);
  const chain = engine && run && at !== undefined ? dependencyChainIn(engine, run, at) : null;
  if (!chain || !run) return [];
  const rootId = ctx.analysis.result.model!.components[chain[chain.length - 1]].id;
  const root = componentOf(ctx, rootId);
  if (!root) return [];
  const t = run.threat;
  let fixes: Candidate[] = [];
  if (root.model.replicas.length === 1) fixes = addReplicas(ctx, root.model, root.map);
  else if (t === 'bad-release' || t === 'bad-config') {
    const both = !root.model.rollout.software.staged && !root.model.rollout.config.staged;
    fixes = stageRollouts(ctx, root.model, root.map, both ? ['software', 'config'] : [t === 'bad-release' ? 'software' : 'config']);
  } else if (t === 'poison-pill') {
    fixes = [{ title: `Quarantine poison pills in ${rootId}: onPoisonPill: dead-letter`, kind: 'design', edits: [setPair(ctx.edit, root.map, 'onPoisonPill', 'dead-letter')] }];
  } else if (t === 'software-bug') fixes = splitVersions(ctx, root.model, root.map, run.value);
  else fixes = spreadPlacement(ctx, root.model, root.map, t, run.value);
  return fixes.map((c) => ({ ...c, title: `${c.title} (the cause of ${f.component}'s outage)` }));
}

function acceptCandidates(ctx: FixContext, f: Finding): Candidate[] {
  if (f.rule === 'schema' || f.rule === 'yaml-syntax' || f.rule === 'accepted-risk-expired') return [];
  const entry: Record<string, YamlValue> = { rule: f.rule };
  if (f.component !== null) entry.component = f.component;
  if (f.data.shared !== undefined) entry.shared = f.data.shared;
  entry.reason = 'TODO explain why this risk is acceptable';
  entry.until = addDays(ctx.today, 180);
  const seqPair = pairOf(ctx.root, 'accepted');
  const seq = resolveNode(ctx.doc, seqPair?.value);
  let edit: TextEdit;
  if (isSeq(seq)) {
    const firstItem = seq.items.length ? resolveNode(ctx.doc, seq.items[0]) : null;
    edit = appendItem(ctx.edit, seq, entry, Boolean(isMap(firstItem) && firstItem.flow));
  } else if (seqPair) {
    return [];
  } else {
    edit = insertPair(ctx.edit, ctx.root, 'accepted', [] as YamlValue[]);
    // A new block list reads better than `accepted: []` followed by a flow entry.
    const pad = ' '.repeat(ctx.edit.indentUnit);
    const lines = Object.entries(entry).map(([k, v], i) => `${i === 0 ? `${pad}- ` : `${pad}  `}${k}: ${formatFlow(v)}`);
    edit = { ...edit, newText: `${ctx.edit.eol}accepted:${lines.map((l) => ctx.edit.eol + l).join('')}` };
  }
  const who = f.component ? ` for ${f.component}` : f.data.shared !== undefined ? ` for shared ${f.data.shared}` : '';
  return [{ title: `Accept this risk${who} (record an accepted entry with a reason to fill in)`, kind: 'accept', edits: [edit] }];
}
