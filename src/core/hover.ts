/**
 * Hover text for a design: a property's schema documentation (schemaDocs.ts), a component's
 * survivability, what a shared item's push takes down, what a threat class, kind, strategy
 * or policy value means.
 *
 * Positions come from `text` (via `pathAt`, no parse); meaning comes from `result`, which
 * may be the analysis of a slightly older version of the text (the editor asks before the
 * newest analysis is done): it is only looked up by component id, never by offset.
 */
import { pathAt, type CursorContext, type PathSegment } from './cursor';
import { fromResult, fromText } from './derived';
import { plural } from './messages';
import { downThroughDependencies, worstScenarios } from './scenarios';
import { RULE_META, ruleDocUrl } from './rules-meta';
import { declaredProperties, enumValuesAt, KIND_DOCS, levelDoc, POISON_PILL_DOCS, QUORUM_DOCS, schemaDoc, schemasAt, STRATEGY_DOCS, threatDoc } from './schemaDocs';
import { scanDesign, scanLevels } from './scan';
import { BEHAVIOURAL_THREATS, RULE_IDS, type AnalysisResult, type ComponentModel, type OffsetRange, type RuleId, type ScenarioOutcome, type SharedModel } from './types';
import { unquote } from './yamlLines';

export interface HoverInfo {
  markdown: string;
  range: OffsetRange;
}

// ---------------------------------------------------------------------------------------
// Survivability

const MARK = { survives: '✓', exposed: '✗', unknown: '?' } as const;

/**
 * "survives: host ✓ rack ✓ zone ✓ bad-release ✗ … · not tolerated: region ✗ software-bug ✗":
 * the classes the component tolerates (infrastructure levels smallest first, then the
 * behavioural ones), then those it does not claim to. Null when `id` was not analysed.
 */
export function survivalLine(result: AnalysisResult, id: string): string | null {
  const m = result.matrix;
  const ci = matrixRow(result, id);
  if (ci === -1) return null;
  const behavioural = BEHAVIOURAL_THREATS as readonly string[];
  const levels = m.threats.filter((t) => !behavioural.includes(t)).reverse();
  const order = [...levels, ...m.threats.filter((t) => behavioural.includes(t))];
  const tolerated: string[] = [];
  const other: string[] = [];
  for (const t of order) {
    const cell = m.cells[ci]?.[m.threats.indexOf(t)];
    if (!cell) continue;
    (cell.tolerated ? tolerated : other).push(`${t} ${MARK[cell.state]}`);
  }
  let line = `survives: ${tolerated.length ? tolerated.join(' ') : '(tolerates nothing)'}`;
  if (other.length) line += ` · not tolerated: ${other.join(' ')}`;
  return line;
}

// Lookups by id, each index built once per analysis (derived.ts): lenses and completion ask for every component.

/** Each component's row in the threat matrix. */
function matrixRows(result: AnalysisResult): Map<string, number> {
  const index = new Map<string, number>();
  result.matrix.components.forEach((x, i) => index.set(x, i));
  return index;
}

/** Position of `id` in the matrix's components, or -1. */
function matrixRow(result: AnalysisResult, id: string): number {
  return fromResult(result, matrixRows).get(id) ?? -1;
}

function componentsById(result: AnalysisResult): Map<string, ComponentModel> {
  return new Map((result.model?.components ?? []).map((c) => [c.id, c] as const));
}

/** The analysed component with this id, or null. */
export function modelComponent(result: AnalysisResult | null | undefined, id: string): ComponentModel | null {
  if (!result?.model?.components) return null;
  return fromResult(result, componentsById).get(id) ?? null;
}

/** The most relevant scenario (lowest rank) that takes the component down, directly or through a dependency. */
export function worstScenarioOf(result: AnalysisResult, id: string) {
  const ci = result.model?.components.findIndex((c) => c.id === id) ?? -1;
  const si = ci === -1 ? null : worstScenarios(result)[ci];
  return si === null || si === undefined ? null : result.scenarios[si];
}

/** Escape text for Markdown. */
export function md(s: string): string {
  return s.replace(/[\\`*_[\]<>~]/g, '\\$&');
}

/** Inline code that survives backticks in `s`. */
export function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${s.includes('`') ? ` ${s} ` : s}${fence}`;
}

/** Markdown about a component: kind, replicas, quorum, survivability and worst scenario. */
export function componentMarkdown(result: AnalysisResult, id: string, existsInText: boolean): string {
  const c = modelComponent(result, id);
  if (!c) {
    if (!existsInText) return `No component ${code(id)} in this design (\`unknown-reference\`).`;
    return `**${md(id)}**: not analysed${result.model ? ' — fix the schema problems in this component first' : ' yet (the file does not parse, or its analysis is still running)'}.`;
  }
  const lines: string[] = [];
  lines.push(`**${md(id)}** · ${code(c.kind)} · ${plural(c.replicas.length, 'replica')} · quorum ${c.quorum}`);
  const line = survivalLine(result, id);
  if (line) lines.push(`${line}\n\n✓ survives · ✗ exposed (some scenario takes it down) · ? unknown (placement unset)`);
  const rel: string[] = [];
  if (c.dependsOn.length) rel.push(`depends on ${c.dependsOn.map(code).join(', ')}`);
  if (c.consumes.length) rel.push(`consumes ${c.consumes.map(code).join(', ')}`);
  if (c.uses.length) rel.push(`uses shared ${fewIds(c.uses)}`);
  if (rel.length) lines.push(rel.join(' · '));
  const worst = worstScenarioOf(result, id);
  lines.push(worst ? `**Worst scenario:** ${md(worst.caption)}` : 'No scenario takes it down.');
  return lines.join('\n\n');
}

function sharedById(result: AnalysisResult): Map<string, SharedModel> {
  return new Map((result.model?.shared ?? []).map((s) => [s.id, s] as const));
}

/** The analysed shared item with this id, or null. */
export function modelShared(result: AnalysisResult | null | undefined, id: string): SharedModel | null {
  if (!result?.model?.shared) return null;
  return fromResult(result, sharedById).get(id) ?? null;
}

/**
 * The push scenario of a shared item (`bad-release` for software, `bad-config` for config,
 * value = its id). Shared ids never equal a component id, so the value names it alone.
 */
export function sharedPushScenario(result: AnalysisResult, sh: SharedModel): number {
  return scenarioIndex(result, sh.type === 'software' ? 'bad-release' : 'bad-config', sh.id);
}

/** The first scenario of each threat class and value; JSON keys, not a join: threat and value may hold any character. */
function scenariosByKey(result: AnalysisResult): Map<string, number> {
  const index = new Map<string, number>();
  result.scenarios.forEach((s, i) => {
    const key = JSON.stringify([s.threat, s.value]);
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

/** Index of the scenario of `threat` with `value`, or -1; the scenarios are indexed once per analysis (lenses ask for every shared item). */
export function scenarioIndex(result: AnalysisResult, threat: string, value: string): number {
  return fromResult(result, scenariosByKey).get(JSON.stringify([threat, value])) ?? -1;
}

/** "`a`, `b`, `c`, `d`, `e` and 7 more": the first few ids, then a count. */
export function fewIds(ids: readonly string[], few = 5): string {
  const shown = ids.slice(0, few).map(code);
  if (ids.length <= few) return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return `${shown.join(', ')} and ${ids.length - few} more`;
}

/** What a shared item's push reaches: the first wave and how many replicas its users have. */
export function sharedWaveLine(result: AnalysisResult, sh: SharedModel, plain = false): string {
  const replicas = usersReplicaCount(result, sh);
  const wave = sh.rollout.firstWave >= replicas ? `all ${plural(replicas, 'replica')}` : `${sh.rollout.firstWave} of ${plural(replicas, 'replica')}`;
  return `rollout ${plain ? sh.rollout.strategy : code(sh.rollout.strategy)}: a bad push reaches ${wave} first`;
}

function usersReplicaCount(result: AnalysisResult, sh: SharedModel): number {
  let n = 0;
  for (const id of sh.usedBy) n += modelComponent(result, id)?.replicas.length ?? 0;
  return n;
}

/** What the push of a shared item takes down, in one line: "takes down 3 of 5 components", or nothing. */
export function sharedPushSummary(result: AnalysisResult, sh: SharedModel): string {
  const i = sharedPushScenario(result, sh);
  const s = i === -1 ? null : result.scenarios[i];
  const total = result.model?.components.length ?? 0;
  if (!s || s.blastRadius === 0) return `push takes nothing down${s && s.componentsDegraded.length ? ` (${plural(s.componentsDegraded.length, 'component')} degraded)` : ''}`;
  return `push takes down ${s.blastRadius} of ${plural(total, 'component')}`;
}

/** Markdown about a shared item: type, layer, version, its users, its first wave, what its push and its version's bug take down. */
export function sharedMarkdown(result: AnalysisResult, id: string, existsInText: boolean): string {
  const sh = modelShared(result, id);
  if (!sh) {
    if (!existsInText) return `No shared item ${code(id)} in this design (\`unknown-reference\`).`;
    return `**${md(id)}** (shared): not analysed${result.model ? ' — fix the schema problems in this item first' : ' yet (the file does not parse, or its analysis is still running)'}.`;
  }
  const lines: string[] = [];
  const head = [`**${md(id)}**`, `shared ${code(sh.type)}`];
  if (sh.layer !== null) head.push(`layer ${code(sh.layer)}`);
  if (sh.version !== null) head.push(`version ${code(sh.version)}`);
  lines.push(head.join(' · '));
  const total = result.model?.components.length ?? 0;
  if (sh.usedBy.length === 0) {
    lines.push('Used by no component (name it in a `uses` list): its push takes nothing down.');
    return lines.join('\n\n');
  }
  const every = sh.usedBy.length === total && total > 1;
  const users = every ? `every component (${total})` : `${plural(sh.usedBy.length, 'component')}: ${fewIds(sh.usedBy)}`;
  lines.push(`Used by ${users} · ${plural(usersReplicaCount(result, sh), 'replica')} · ${sharedWaveLine(result, sh)}.`);
  const push = sharedPushScenario(result, sh);
  const own: ScenarioOutcome[] = [];
  if (push !== -1) {
    const s = result.scenarios[push];
    own.push(s);
    const down = [...s.componentsDownDirectly, ...downThroughDependencies(result.model!, s.componentsDownDirectly)];
    const what = down.length ? `takes down ${fewIds(down)}` : 'takes no component down';
    lines.push(`**Its push** (${code(`${s.threat} ${s.value}`)}) ${what}${s.componentsDegraded.length ? `; ${fewIds(s.componentsDegraded)} degraded` : ''}.`);
  }
  if (sh.version !== null) {
    const bugIndex = scenarioIndex(result, 'software-bug', sh.version);
    const bug = bugIndex === -1 ? null : result.scenarios[bugIndex];
    if (bug) {
      own.push(bug);
      const down = [...bug.componentsDownDirectly, ...downThroughDependencies(result.model!, bug.componentsDownDirectly)];
      lines.push(`**A bug in ${code(sh.version)}** (${code('software-bug')}) ${down.length ? `takes down ${fewIds(down)}` : 'takes no component down'}.`);
    }
  }
  const worst = own.filter((s) => s.blastRadius > 0).sort((a, b) => a.rank - b.rank)[0];
  lines.push(worst ? `**Worst scenario:** ${md(worst.caption)}` : 'No scenario of this item takes a component down.');
  return lines.join('\n\n');
}

// ---------------------------------------------------------------------------------------
// Hover

/** The design's failure-domain levels: from the analysis, else as written, else the default. */
export function designLevels(text: string, result: AnalysisResult | null | undefined): readonly string[] {
  return result?.model?.failureDomains ?? scanLevels(text) ?? ['region', 'zone', 'rack', 'host'];
}

/** Whether `path` is a component reference: an item of `dependsOn` / `consumes`, or `accepted[n].component`. */
export function isComponentReference(path: PathSegment[]): boolean {
  if (path.length === 4 && path[0] === 'components' && (path[2] === 'dependsOn' || path[2] === 'consumes') && typeof path[3] === 'number') return true;
  return path.length === 3 && path[0] === 'accepted' && typeof path[1] === 'number' && path[2] === 'component';
}

/** Whether `path` is a shared-item reference: an item of the top-level or a component's `uses`, or `accepted[n].shared`. */
export function isSharedReference(path: PathSegment[]): boolean {
  if (path.length === 2 && path[0] === 'uses' && typeof path[1] === 'number') return true;
  if (path.length === 4 && path[0] === 'components' && path[2] === 'uses' && typeof path[3] === 'number') return true;
  return path.length === 3 && path[0] === 'accepted' && typeof path[1] === 'number' && path[2] === 'shared';
}

/** Whether `path` is the map of one replica item: components.<id>.replicas.<n>. */
export function isReplicaItem(path: PathSegment[]): boolean {
  return path.length === 4 && path[0] === 'components' && path[2] === 'replicas' && typeof path[3] === 'number';
}

/** Hover at `offset`; `result` is the analysis of `text` (or of a recent version of it), or null before the first one. */
export function hoverAt(text: string, offset: number, analysis: AnalysisResult | null | undefined): HoverInfo | null {
  // A new empty analysis per call, not a shared constant: what derived.ts keeps with it then lives for this call only.
  const result: AnalysisResult = analysis ?? { findings: [], model: null, scenarios: [], matrix: { threats: [], components: [], cells: [] } };
  const ctx = pathAt(text, offset);
  if (!ctx || ctx.word === '' || offset < ctx.replace.start || offset > ctx.replace.end) return null;
  const markdown = ctx.role === 'key' ? keyHover(text, ctx, result) : valueHover(text, ctx, result);
  return markdown ? { markdown, range: ctx.replace } : null;
}

function componentExists(text: string, id: string, result: AnalysisResult): boolean {
  if (modelComponent(result, id)) return true;
  // Not analysed (schema problems, or the text is broken): is it written at all?
  const quoted = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^[ \\t]+["']?${quoted}["']?[ \\t]*:`, 'm').test(text);
}

function sharedExists(text: string, id: string, result: AnalysisResult): boolean {
  return modelShared(result, id) !== null || fromText(text, result, scanDesign).shared.some((s) => s.id === id);
}

function keyHover(text: string, ctx: CursorContext, result: AnalysisResult): string | null {
  const { path, word } = ctx;
  if (path.length === 1 && path[0] === 'components') return componentMarkdown(result, word, true);
  if (path.length === 1 && path[0] === 'shared') return sharedMarkdown(result, word, true);
  const levels = designLevels(text, result);
  const inSpread = path.length === 5 && path[4] === 'spread' && isReplicaItem(path.slice(0, 4));
  const declared = declaredProperties(path).find((p) => p.name === word);
  if (!declared && (isReplicaItem(path) || inSpread)) {
    if (!levels.includes(word)) {
      return `${code(word)} is not a failure-domain level of this design. Replica fields: \`count\`, \`spread\`, \`id\`, \`version\`, \`config\` and one per level: ${levels.map(code).join(', ')}.`;
    }
    return [`**${md(word)}**: ${levelDoc(word)}`, replicaLevelNote(text, ctx, result, word, inSpread)].filter(Boolean).join('\n\n');
  }
  if (declared) return schemaDoc(declared.schema);
  const extra = schemasAt([...path, word]);
  return extra.length ? schemaDoc(extra[0]) : null;
}

/** Which values the replicas of this item have for `level`. */
function replicaLevelNote(text: string, ctx: CursorContext, result: AnalysisResult, level: string, inSpread: boolean): string | null {
  const id = String(ctx.path[1]);
  const item = ctx.path[3] as number;
  const c = modelComponent(result, id);
  const replicas = c?.replicas.filter((r) => r.item === item) ?? [];
  if (replicas.length > 0) {
    const values = new Set(replicas.map((r) => r.placement[level]));
    if (values.size === 1 && replicas.length > 1) {
      const [v] = values;
      const ids = `${code(replicas[0].id)} … ${code(replicas[replicas.length - 1].id)}`;
      return `This item's ${replicas.length} replicas (${ids}): ${v === undefined ? 'unknown' : code(v)}.`;
    }
    const shown = replicas.slice(0, 6).map((r) => (r.placement[level] !== undefined ? `${code(r.id)} → ${code(r.placement[level])}` : `${code(r.id)} → unknown`));
    const more = replicas.length > 6 ? `, … (${replicas.length} replicas)` : '';
    return `${inSpread ? 'Spread round-robin' : 'This item'}: ${shown.join(', ')}${more}.`;
  }
  const value = valueAfterKey(text, ctx.replace.end + (ctx.quote ? 1 : 0));
  return value ? `This item: ${code(value)}.` : null;
}

/** The scalar written after the key that ends at `keyEnd` (`key: value`), or null. */
function valueAfterKey(text: string, keyEnd: number): string | null {
  let i = keyEnd;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== ':') return null;
  i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let end = i;
  while (end < text.length && !',}]#\n\r'.includes(text[end])) end++;
  const raw = text.slice(i, end).trim();
  return raw && !raw.startsWith('[') && !raw.startsWith('{') ? unquote(raw) : null;
}

function valueHover(text: string, ctx: CursorContext, result: AnalysisResult): string | null {
  const { path, word } = ctx;
  if (isComponentReference(path)) return componentMarkdown(result, word, componentExists(text, word, result));
  if (isSharedReference(path)) return sharedMarkdown(result, word, sharedExists(text, word, result));
  const levels = designLevels(text, result);
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === 'number' && (parent === 'tolerate' || parent === 'frequencyOrder') && (path.length === 2 || (path.length === 4 && path[0] === 'components'))) {
    const doc = threatDoc(word, levels);
    return doc
      ? `**${md(word)}** (threat class): ${doc}`
      : `${code(word)} is not a threat class of this design: use one of its failure-domain levels (${levels.map(code).join(', ')}) or ${BEHAVIOURAL_THREATS.map(code).join(', ')}.`;
  }
  if (path.length === 2 && path[0] === 'failureDomains') return `**${md(word)}**: ${levelDoc(word)}`;
  if (path.length === 3 && path[0] === 'components') {
    if (last === 'kind' && KIND_DOCS[word]) return `${code(word)}: ${KIND_DOCS[word]}`;
    if (last === 'onPoisonPill' && POISON_PILL_DOCS[word]) return `${code('onPoisonPill: ' + word)}: ${POISON_PILL_DOCS[word]}`;
    if (last === 'quorum') return quorumHover(result, String(path[1]), word);
  }
  const inRollout = path[0] === 'components' && path[2] === 'rollout' && (path[3] === 'software' || path[3] === 'config');
  if (inRollout && (path.length === 4 || (path.length === 5 && last === 'strategy')) && STRATEGY_DOCS[word]) {
    const scenario = path[3] === 'software' ? '`bad-release`' : '`bad-config`';
    return `${code(word)}: ${STRATEGY_DOCS[word]} A ${scenario} scenario takes down the first wave.`;
  }
  if (path[0] === 'shared' && path.length >= 3) {
    const inSharedRollout = path[2] === 'rollout' && (path.length === 3 || (path.length === 4 && last === 'strategy'));
    if (inSharedRollout && STRATEGY_DOCS[word]) {
      return `${code(word)}: ${STRATEGY_DOCS[word]} The item's push takes down the first wave, counted over every replica of every component that uses it.`;
    }
    if (path.length === 3 && last === 'type') {
      const doc = enumValuesAt(path).find((e) => e.value === word)?.documentation;
      if (doc) return `${code('type: ' + word)}: ${doc}`;
    }
    if (path.length === 3 && last === 'version') return scenarioHover(result, 'software-bug', word, `version ${word}`);
  }
  if (path.length === 3 && path[0] === 'accepted' && last === 'rule') return ruleHover(word);
  if (path[0] === 'components' && path[2] === 'replicas' && typeof path[3] === 'number') {
    const level = path.length === 5 ? String(last) : path.length === 7 && path[4] === 'spread' ? String(parent) : null;
    if (level && levels.includes(level)) return scenarioHover(result, level, word, `${level} ${word}`);
    if (path.length === 5 && last === 'version') return scenarioHover(result, 'software-bug', word, `version ${word}`);
  }
  return null;
}

function quorumHover(result: AnalysisResult, id: string, word: string): string | null {
  const c = modelComponent(result, id);
  const of = c ? ` Here: ${c.quorum} of ${plural(c.replicas.length, 'replica')}.` : '';
  if (QUORUM_DOCS[word]) return `${code('quorum: ' + word)}: ${QUORUM_DOCS[word]}${of}`;
  if (/^\d+$/.test(word)) return `${code('quorum: ' + word)}: ${word} healthy replicas needed for the component to be up.${of}`;
  return null;
}

function ruleHover(word: string): string | null {
  if (!(RULE_IDS as readonly string[]).includes(word)) return null;
  const meta = RULE_META[word as RuleId];
  return `**${md(word)}** (${meta.severity}): ${meta.description} [Rule documentation](${ruleDocUrl(word)})`;
}

function scenarioHover(result: AnalysisResult, threat: string, value: string, label: string): string | null {
  const s = result.scenarios.find((x) => x.threat === threat && x.value === value);
  if (!s) return null;
  return `**${md(label)}**: ${md(s.caption)}`;
}
