/**
 * Completion for a design: keys valid at the cursor (from the schema, plus the design's own
 * failure-domain levels on replicas and in `spread`), enum values, component ids in
 * `dependsOn` / `consumes` / `accepted.component`, shared ids in `uses` (top level and per
 * component) and `accepted.shared`, failure-domain values already written in
 * the file, rule ids in `accepted.rule`, threat classes in `tolerate` / `frequencyOrder`.
 *
 * The cursor context comes from the text alone (`pathAt`), so completion works while the
 * document is half-typed; `result` (possibly from a slightly older version of the text)
 * only adds what the analysis knows: kinds, replica counts, survivability.
 */
import { columnOf, pathAt, siblingEntries, type CursorContainer, type CursorContext, type PathSegment } from './cursor';
import { fromText } from './derived';
import { designLevels, isComponentReference, isReplicaItem, isSharedReference, modelComponent, modelShared, sharedPushSummary, sharedWaveLine, survivalLine } from './hover';
import { RULE_META, ruleDocUrl } from './rules-meta';
import { scanDesign, scanLevelValues, type DesignScan } from './scan';
import { declaredProperties, enumValuesAt, isListAt, isMapAt, KIND_DOCS, levelDoc, POISON_PILL_DOCS, QUORUM_DOCS, schemaDoc, STRATEGY_DOCS, threatDoc } from './schemaDocs';
import { BEHAVIOURAL_THREATS, RULE_IDS, type AnalysisResult, type OffsetRange, type RuleId } from './types';

export type CompletionKind = 'property' | 'value' | 'component' | 'shared' | 'rule' | 'threat' | 'domain-value' | 'snippet';

export interface CompletionItemData {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /**
   * Replaces `CompletionList.replace`. Plain text, except for kind `snippet`, which uses
   * LSP snippet syntax (`${1:placeholder}`) and indents continuation lines relative to the
   * cursor line (insert with the client's indentation adjustment).
   */
  insertText: string;
  filterText?: string;
  sortText?: string;
}

export interface CompletionList {
  items: CompletionItemData[];
  /** The range every item's `insertText` replaces (the word at the cursor; empty when there is none). */
  replace: OffsetRange;
}

const DEFAULT_LEVELS = ['region', 'zone', 'rack', 'host'];

export function completionsAt(text: string, offset: number, result: AnalysisResult | null | undefined): CompletionList {
  const ctx = pathAt(text, offset);
  const none = { items: [], replace: { start: offset, end: offset } };
  // Editors need a one-line range around the cursor (never true between "\r" and "\n").
  if (!ctx || ctx.replace.start > offset || ctx.replace.end < offset || /[\r\n]/.test(text.slice(ctx.replace.start, ctx.replace.end))) return none;
  const c = new Completer(text, offset, ctx, result ?? null);
  return { items: c.run(), replace: ctx.replace };
}

class Completer {
  private readonly levels: readonly string[];

  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly ctx: CursorContext,
    private readonly result: AnalysisResult | null,
  ) {
    this.levels = designLevels(text, result);
  }

  /** The components and shared items written in the text: kept with the analysis for this text (derived.ts), else for this request. */
  private get scan(): DesignScan {
    return fromText(this.text, this.result ?? this, scanDesign);
  }

  run(): CompletionItemData[] {
    const { ctx } = this;
    const path = ctx.path;
    if (ctx.role === 'key') {
      const items: CompletionItemData[] = [];
      if (isMapAt(path)) items.push(...this.keys(path, this.ctx.container, ''));
      if (ctx.bare && isListAt(path)) items.push(...this.listItem([...path, 0]));
      else if (ctx.bare) items.push(...this.values(path, ''));
      return withSort(items);
    }
    const last = path[path.length - 1];
    if (typeof last === 'number' && isMapAt(path) && !isListAt(path)) {
      // A list item that is a map (a replica, an accepted entry): its keys, unless in a flow list.
      if (ctx.flow) return [];
      if (ctx.bare) return withSort(this.keys(path, null, '- '));
      const column = columnOf(this.text, ctx.word ? ctx.replace.start : this.offset);
      return withSort(this.keys(path, { style: 'block', column }, ''));
    }
    return withSort(this.values(path, ctx.bare ? '- ' : ''));
  }

  /** A new item under a list key written on the line above (`dependsOn:` then a deeper blank line). */
  private listItem(itemPath: PathSegment[]): CompletionItemData[] {
    if (isMapAt(itemPath) && !isListAt(itemPath)) return this.keys(itemPath, null, '- ');
    return this.values(itemPath, '- ');
  }

  // -------------------------------------------------------------------------------------
  // Keys

  private keys(path: PathSegment[], container: CursorContainer | null, lead: string): CompletionItemData[] {
    if (path.length === 1 && path[0] === 'components') return [componentSnippet()];
    const present = new Set(container ? siblingEntries(this.text, this.offset, container, 'keys') : []);
    // On a key that already has its colon, replace the name only.
    const after = this.text.slice(this.ctx.replace.end + (this.ctx.quote ? 1 : 0), this.ctx.replace.end + 40);
    const nameOnly = this.ctx.role === 'key' && (!!this.ctx.quote || /^[ \t]*:/.test(after));
    const insert = (name: string) => (nameOnly ? name : `${lead}${name}: `);
    const items: CompletionItemData[] = [];
    for (const p of declaredProperties(path)) {
      if (present.has(p.name) || p.name === '$schema') continue;
      const doc = schemaDoc(p.schema);
      items.push({
        label: p.name,
        kind: 'property',
        ...(p.required ? { detail: 'required' } : {}),
        ...(doc ? { documentation: doc } : {}),
        insertText: insert(p.name),
        sortText: p.required ? '0' : '1',
      });
    }
    const inSpread = path.length === 5 && path[4] === 'spread' && isReplicaItem(path.slice(0, 4));
    if (isReplicaItem(path) || inSpread) {
      for (const level of this.levels) {
        if (present.has(level)) continue;
        items.push({
          label: level,
          kind: 'property',
          detail: inSpread ? `spread ${level} values round-robin` : 'failure-domain level',
          documentation: levelDoc(level),
          insertText: insert(level),
          sortText: '1',
        });
      }
    }
    return items;
  }

  // -------------------------------------------------------------------------------------
  // Values

  private values(path: PathSegment[], lead: string): CompletionItemData[] {
    const { ctx } = this;
    const needsSpace = !lead && !ctx.quote && this.text[ctx.replace.start - 1] === ':';
    const insert = (v: string) => `${lead}${needsSpace ? ' ' : ''}${v}`;
    const last = path[path.length - 1];
    const parent = path[path.length - 2];
    const isItem = typeof last === 'number';

    if (isComponentReference(path)) return this.componentIds(path, insert);
    if (isSharedReference(path)) return this.sharedIds(path, insert);
    if (isItem && (parent === 'tolerate' || parent === 'frequencyOrder') && (path.length === 2 || (path.length === 4 && path[0] === 'components'))) {
      const present = new Set(this.listSiblings());
      return [...this.levels, ...BEHAVIOURAL_THREATS]
        .filter((t) => !present.has(t))
        .map((t) => {
          const doc = threatDoc(t, this.levels);
          return { label: t, kind: 'threat' as const, detail: 'threat class', ...(doc ? { documentation: doc } : {}), insertText: insert(t) };
        });
    }
    if (isItem && path.length === 2 && path[0] === 'failureDomains') {
      const present = new Set(this.listSiblings());
      return DEFAULT_LEVELS.filter((l) => !present.has(l)).map((l) => ({ label: l, kind: 'value' as const, documentation: levelDoc(l), insertText: insert(l) }));
    }
    if (path.length === 3 && path[0] === 'accepted' && path[2] === 'rule') {
      return enumValuesAt(path)
        .map((e) => String(e.value))
        .filter((r) => (RULE_IDS as readonly string[]).includes(r))
        .map((r) => {
          const meta = RULE_META[r as RuleId];
          return {
            label: r,
            kind: 'rule' as const,
            detail: `${meta.title} (${meta.severity})`,
            documentation: `${meta.description} [Rule documentation](${ruleDocUrl(r)})`,
            insertText: insert(r),
          };
        });
    }
    const level = this.levelOfValue(path);
    if (level) {
      const present = new Set(path.length === 7 ? this.listSiblings() : []);
      return scanLevelValues(this.text, level, this.offset)
        .filter((v) => !present.has(v.value))
        .map((v) => ({
          label: v.value,
          kind: 'domain-value' as const,
          detail: `${level} · written ${v.count}×`,
          insertText: insert(v.value),
        }));
    }
    return enumValuesAt(path).map((e) => {
      const v = String(e.value);
      const doc = valueDoc(path, v) ?? e.documentation;
      return { label: v, kind: 'value' as const, ...(doc ? { documentation: doc } : {}), insertText: insert(v) };
    });
  }

  /** The level whose value is at `path`: a replica's `zone: |` or an item of its `spread: { zone: [|] }`. */
  private levelOfValue(path: PathSegment[]): string | null {
    if (path[0] !== 'components' || path[2] !== 'replicas' || typeof path[3] !== 'number') return null;
    const declared = (name: string) => declaredProperties(path.slice(0, 4)).some((p) => p.name === name);
    if (path.length === 5 && typeof path[4] === 'string' && this.levels.includes(path[4]) && !declared(path[4])) return path[4];
    if (path.length === 7 && path[4] === 'spread' && typeof path[5] === 'string' && this.levels.includes(path[5]) && typeof path[6] === 'number') return path[5];
    return null;
  }

  private listSiblings(): string[] {
    return siblingEntries(this.text, this.offset, this.ctx.container, 'items');
  }

  private componentIds(path: PathSegment[], insert: (v: string) => string): CompletionItemData[] {
    const self = path[0] === 'components' ? String(path[1]) : null;
    const present = new Set(self !== null ? this.listSiblings() : []);
    const model = this.result?.model?.components ?? [];
    const ids = new Map<string, string | null>();
    for (const c of this.scan.components) ids.set(c.id, c.kind);
    for (const c of model) if (!ids.has(c.id)) ids.set(c.id, c.kind);
    const items: CompletionItemData[] = [];
    for (const [id, kind] of ids) {
      if (id === self || present.has(id) || id === '') continue;
      const m = modelComponent(this.result, id);
      const detail = m ? `${m.kind} · ${m.replicas.length} replica${m.replicas.length === 1 ? '' : 's'}` : (kind ?? undefined);
      const line = this.result ? survivalLine(this.result, id) : null;
      items.push({
        label: id,
        kind: 'component',
        ...(detail ? { detail } : {}),
        ...(line ? { documentation: line } : {}),
        insertText: insert(id),
      });
    }
    return items;
  }

  private sharedIds(path: PathSegment[], insert: (v: string) => string): CompletionItemData[] {
    // In a `uses` list, the ids already in it; in a component's, also the top-level ones (it
    // uses them already); `accepted[].shared` holds one id.
    const present = new Set(path[0] === 'accepted' ? [] : this.listSiblings());
    if (path[0] === 'components') for (const r of this.scan.topUses) present.add(r.id);
    const ids = new Map<string, string | null>();
    for (const s of this.scan.shared) if (!ids.has(s.id)) ids.set(s.id, s.type);
    for (const s of this.result?.model?.shared ?? []) if (!ids.has(s.id)) ids.set(s.id, s.type);
    const items: CompletionItemData[] = [];
    for (const [id, type] of ids) {
      if (present.has(id) || id === '') continue;
      const m = modelShared(this.result, id);
      const detail = m ? [`shared ${m.type}`, m.layer, m.version].filter((x) => x !== null).join(' · ') : type ? `shared ${type}` : 'shared item';
      const doc = m && this.result ? `${sharedPushSummary(this.result, m)}; ${sharedWaveLine(this.result, m)}.` : null;
      items.push({ label: id, kind: 'shared', detail, ...(doc ? { documentation: doc } : {}), insertText: insert(id) });
    }
    return items;
  }
}

function valueDoc(path: PathSegment[], v: string): string | null {
  const last = path[path.length - 1];
  if (last === 'kind') return KIND_DOCS[v] ?? null;
  if (last === 'onPoisonPill') return POISON_PILL_DOCS[v] ?? null;
  if (last === 'quorum') return QUORUM_DOCS[v] ?? null;
  if (last === 'strategy' || last === 'software' || last === 'config') return STRATEGY_DOCS[v] ?? null;
  return null;
}

function componentSnippet(): CompletionItemData {
  return {
    label: 'new component',
    kind: 'snippet',
    detail: 'a component with a replica group',
    documentation: 'A component with its `kind` and a group of replicas spread over three zones.',
    insertText: [
      '${1:id}:',
      '  kind: ${2|stateless,state-machine,primary-backup,log,consumer,store|}',
      '  replicas:',
      '    - count: ${3:3}',
      '      spread: { zone: [${4:zone-a}, ${5:zone-b}, ${6:zone-c}] }',
      '      version: ${7:app@1.0.0}',
      '      config: ${8:app-cfg@1}',
    ].join('\n'),
  };
}

/** Keep the producers' order (required keys first) as the client's sort order. */
function withSort(items: CompletionItemData[]): CompletionItemData[] {
  const seen = new Set<string>();
  const out: CompletionItemData[] = [];
  items.forEach((item, i) => {
    if (seen.has(`${item.kind}|${item.label}`)) return;
    seen.add(`${item.kind}|${item.label}`);
    out.push({ ...item, sortText: `${item.sortText ?? ''}${String(i).padStart(4, '0')}` });
  });
  return out;
}
