/**
 * The script VS Code's built-in Markdown preview loads (`markdown.previewScripts`): draws the
 * Mermaid text the markdown-it plugin (src/client/markdownItPlugin.ts) put in each design
 * block. The source is read with `textContent` (it entered the page escaped, as text);
 * Mermaid runs with `securityLevel: 'strict'` and its sanitised SVG is the only markup added.
 * Theme-aware: the editor's theme classes on the body pick the Mermaid theme, and a theme
 * change redraws. The preview replaces its content on every edit, so drawings are cached by
 * theme and source, and a newer update abandons an older one's drawing.
 */
import mermaid from 'mermaid';
import { currentTheme, mermaidConfig, type ThemeKind } from './theme';

const CACHE_SIZE = 32;
const cache = new Map<string, string>();
let configured: ThemeKind | null = null;
let ticket = 0;

async function drawAll(): Promise<void> {
  const mine = ++ticket;
  const blocks = Array.from(document.querySelectorAll<HTMLElement>('.redundancy-lens-block'));
  if (blocks.length === 0) return;
  const theme = currentTheme();
  if (theme !== configured) {
    mermaid.initialize(mermaidConfig(theme));
    configured = theme;
  }
  for (const [i, block] of blocks.entries()) {
    const source = block.querySelector('.redundancy-lens-mermaid')?.textContent ?? '';
    const target = block.querySelector<HTMLElement>('.redundancy-lens-diagram');
    if (!target || source === '') {
      block.dataset.state = 'no-diagram';
      continue;
    }
    const key = `${theme}\n${source}`;
    let svg = cache.get(key);
    if (svg === undefined) {
      const id = `redundancy-lens-md-${mine}-${i}`;
      try {
        await mermaid.parse(source);
        ({ svg } = await mermaid.render(id, source));
      } catch (err) {
        document.getElementById(`d${id}`)?.remove();
        if (mine !== ticket) return;
        target.textContent = `Mermaid could not draw this diagram (a bug in Redundancy Lens; please report it): ${err instanceof Error ? err.message : String(err)}`;
        block.dataset.state = 'error';
        continue;
      }
      cache.set(key, svg);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    // A newer update replaced the content while this one was drawing: it draws its own.
    if (mine !== ticket) return;
    const template = document.createElement('template');
    template.innerHTML = svg;
    const drawn = template.content.querySelector('svg');
    if (drawn) target.replaceChildren(drawn);
    block.dataset.state = drawn ? 'done' : 'error';
    block.dataset.theme = theme;
  }
}

const schedule = (): void => void drawAll();
window.addEventListener('vscode.markdown.updateContent', schedule);
new MutationObserver(() => {
  if (currentTheme() !== configured) schedule();
}).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', schedule);
else schedule();
