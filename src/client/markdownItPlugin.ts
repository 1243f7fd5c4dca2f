/**
 * The markdown-it plugin VS Code's built-in Markdown preview loads (`extendMarkdownIt`):
 * each ```redundancy block is drawn as its failure-domain diagram with a findings summary
 * under it. The design is analysed here, in the extension host, by the same core as the
 * language server; the page only gets Mermaid text to draw (media/markdown-preview.js).
 *
 * Strictly escaped: every piece of document text (the Mermaid source, whose labels the core
 * escapes for Mermaid already, messages, ids) enters the page HTML-escaped as text, never as
 * markup or script; Mermaid then runs with `securityLevel: 'strict'`. No `vscode` import, so
 * the render tests run this same code outside VS Code.
 */
import type MarkdownIt from 'markdown-it';
import { analyze } from '../core/analyze';
import { isDesignInfo } from '../core/markdown';
import { buildDiagram, describeFolding, MERMAID_LIMITS } from '../core/mermaid';
import { LineIndex } from '../core/positions';
import type { Finding } from '../core/types';

type Md = ReturnType<typeof MarkdownIt>;

/** Findings listed under a diagram; the rest are counted. */
const MAX_LISTED = 5;
/** Rendered blocks kept between preview updates (the preview re-renders the whole file on each edit). */
const CACHE_SIZE = 32;

export interface PluginOptions {
  /** ISO date for `accepted.until`; default today (UTC). */
  today?: () => string;
}

export function redundancyMarkdownIt(md: Md, options: PluginOptions = {}): Md {
  const fallback = md.renderer.rules.fence;
  const cache = new Map<string, string>();
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx];
    if (!isDesignInfo(token.info)) return fallback ? fallback(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts);
    // The first content line, for the summary's line numbers (1-based, as editors show them).
    const firstLine = (token.map?.[0] ?? 0) + 2;
    const key = `${today()}\n${firstLine}\n${token.content}`;
    let body = cache.get(key);
    if (body === undefined) {
      body = renderDesign(md, token.content, firstLine, today());
      cache.set(key, body);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    // `code-line` and `data-line` keep the preview's scroll sync with the editor.
    const line = token.map ? ` data-line="${token.map[0]}"` : '';
    return `<div class="redundancy-lens-block code-line"${line} data-state="pending">${body}</div>\n`;
  };
  return md;
}

function renderDesign(md: Md, design: string, firstLine: number, today: string): string {
  const esc = md.utils.escapeHtml;
  const result = analyze(design, { today });
  const diagram = buildDiagram(result);
  const lines = new LineIndex(design);
  const parts: string[] = [];
  if (!result.model || diagram.text === '') {
    // Nothing to draw: show the design as code, so the reader still sees it.
    parts.push(`<p class="redundancy-lens-note">This block cannot be read as a design yet, so there is no diagram.</p>`);
    parts.push(`<pre class="redundancy-lens-code"><code>${esc(design)}</code></pre>`);
  } else if (!diagram.withinLimits || diagram.text.length > MERMAID_LIMITS.maxTextSize) {
    parts.push(`<p class="redundancy-lens-note">The diagram is too large to draw here (${diagram.text.length} characters); open the Redundancy Lens preview for other levels of detail.</p>`);
  } else {
    parts.push(`<pre class="redundancy-lens-mermaid" hidden>${esc(diagram.text)}</pre>`);
    parts.push(`<div class="redundancy-lens-diagram" role="img" aria-label="${esc(`Failure-domain diagram of ${result.model.system}`)}"></div>`);
    const folded = describeFolding(diagram);
    if (folded) parts.push(`<p class="redundancy-lens-folded">${esc(folded)}</p>`);
  }
  parts.push(summary(md, result.model?.system ?? null, result.model?.components.length ?? 0, result.findings, (f) => lines.positionAt(f.range.start).line + firstLine));
  return parts.join('\n');
}

function summary(md: Md, system: string | null, components: number, findings: readonly Finding[], lineOf: (f: Finding) => number): string {
  const esc = md.utils.escapeHtml;
  const count = (s: string) => findings.filter((f) => !f.accepted && f.severity === s).length;
  const accepted = findings.filter((f) => f.accepted).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const head = [
    system !== null ? `<strong>${esc(system)}</strong>: ${plural(components, 'component')}` : '<strong>Design</strong>',
    `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information')} information${accepted ? `, ${accepted} accepted` : ''}`,
  ].join(' · ');
  const open = findings.filter((f) => !f.accepted);
  const items = open.slice(0, MAX_LISTED).map((f) => `<li class="redundancy-lens-${f.severity}"><span class="redundancy-lens-where">line ${lineOf(f)} · ${esc(f.rule)}</span> ${esc(f.message)}</li>`);
  const more = open.length > MAX_LISTED ? `<p class="redundancy-lens-more">…and ${open.length - MAX_LISTED} more (see the Problems panel).</p>` : '';
  return `<div class="redundancy-lens-summary"><p>${head}</p>${items.length ? `<ul>${items.join('')}</ul>` : ''}${more}</div>`;
}
