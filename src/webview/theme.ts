/**
 * The editor's theme, read from the classes VS Code puts on the webview's body
 * (`vscode-light`, `vscode-dark`, `vscode-high-contrast`, `vscode-high-contrast-light`),
 * and the Mermaid configuration that goes with it. Node fills come from the diagram's own
 * classDefs (light fills, dark text) and read on any background; the theme decides the
 * boxes, lines and titles around them.
 */
import type { MermaidConfig } from 'mermaid';
import { MERMAID_LIMITS } from '../core/mermaid';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export function currentTheme(body: HTMLElement = document.body): ThemeKind {
  const kind = body.dataset.vscodeThemeKind;
  const has = (c: string): boolean => body.classList.contains(c) || kind === c;
  if (has('vscode-high-contrast-light')) return 'high-contrast-light';
  if (has('vscode-high-contrast')) return 'high-contrast';
  if (has('vscode-dark')) return 'dark';
  return 'light';
}

function fontFamily(): string {
  const f = getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim();
  return f || 'system-ui, -apple-system, "Segoe UI", sans-serif';
}

/** Settings every render shares, whatever the theme. */
const BASE: MermaidConfig = {
  startOnLoad: false,
  securityLevel: 'strict',
  // The preview explains problems itself; Mermaid's own error picture would say "Syntax error".
  suppressErrorRendering: true,
  maxTextSize: MERMAID_LIMITS.maxTextSize,
  maxEdges: MERMAID_LIMITS.maxEdges,
  look: 'classic',
  // Nodes closer than Mermaid's defaults (nested failure-domain boxes otherwise spread
  // wide), but ranks far enough apart that nested box titles never overlap (below ~45 they do).
  flowchart: { nodeSpacing: 20, rankSpacing: 48, padding: 8, subGraphTitleMargin: { top: 4, bottom: 4 } },
};

export function mermaidConfig(theme: ThemeKind): MermaidConfig {
  const common = { ...BASE, fontFamily: fontFamily() };
  switch (theme) {
    case 'dark':
      return { ...common, theme: 'dark', themeVariables: { clusterBkg: '#1f2937', clusterBorder: '#9ca3af', lineColor: '#d1d5db' } };
    case 'high-contrast':
      return {
        ...common,
        theme: 'base',
        themeVariables: {
          background: '#000000',
          primaryColor: '#000000',
          primaryTextColor: '#ffffff',
          primaryBorderColor: '#ffffff',
          lineColor: '#ffffff',
          clusterBkg: '#000000',
          clusterBorder: '#f38518',
          titleColor: '#ffffff',
          edgeLabelBackground: '#000000',
        },
      };
    case 'high-contrast-light':
      return {
        ...common,
        theme: 'base',
        themeVariables: {
          background: '#ffffff',
          primaryColor: '#ffffff',
          primaryTextColor: '#000000',
          primaryBorderColor: '#000000',
          lineColor: '#000000',
          clusterBkg: '#ffffff',
          clusterBorder: '#0f4a85',
          titleColor: '#000000',
          edgeLabelBackground: '#ffffff',
        },
      };
    default:
      return { ...common, theme: 'default', themeVariables: { clusterBkg: '#f8fafc', clusterBorder: '#94a3b8', lineColor: '#475569' } };
  }
}

/**
 * Frontmatter that makes one render draw in the light theme, for export: the exported SVG
 * must be legible on a white page whatever the editor's theme. Our own text, never user text.
 */
export const EXPORT_FRONTMATTER = ['---', 'config:', '  theme: default', '  themeVariables:', "    clusterBkg: '#f8fafc'", "    clusterBorder: '#94a3b8'", "    lineColor: '#475569'", '---', ''].join(
  '\n',
);
