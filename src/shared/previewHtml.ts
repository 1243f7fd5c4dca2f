/**
 * The preview webview's HTML shell, as a pure string. The host passes its webview's
 * `cspSource`, a fresh nonce (from `crypto.randomBytes`, never `Math.random`), the URIs of
 * `media/preview.js` and `media/preview.css` (from `asWebviewUri`), and the initial
 * `UpdateMessage` as JSON. Document data only ever enters the page as that escaped
 * attribute value: nothing from the design is spliced into a script or into markup.
 */

export interface PreviewHtmlParams {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Base64 or hex nonce, fresh for each shell. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** `JSON.stringify(updateMessage)`; read back by the webview from `data-initial`. */
  initialDataJson: string;
}

/**
 * The Content-Security-Policy of the preview:
 * - `default-src 'none'`: nothing loads unless listed below (no network, no frames, no forms).
 * - `script-src 'nonce-…'`: only the bundled script tag carrying the nonce runs; no inline
 *   handlers, no eval.
 * - `style-src <cspSource> 'unsafe-inline'`: the stylesheet from the extension's media, and
 *   the `<style>` element and `style` attributes Mermaid writes into every SVG it draws
 *   (it cannot draw without them). Styles cannot run code.
 * - `img-src <cspSource> data:` and `font-src <cspSource>`: local media only; Mermaid's
 *   flowcharts load no images or fonts from elsewhere.
 */
export function previewCsp(cspSource: string, nonce: string): string {
  checkToken('nonce', nonce, /^[A-Za-z0-9+/=_-]{16,}$/);
  // Hosts give a list of sources, possibly with quoted keywords (code-server: `'self' https://*.vscode-cdn.net`).
  checkToken('cspSource', cspSource, /^(?:'[a-z-]+'|[^\s;,'"]+)(?: (?:'[a-z-]+'|[^\s;,'"]+))*$/);
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource} 'unsafe-inline'`, `img-src ${cspSource} data:`, `font-src ${cspSource}`].join('; ');
}

function checkToken(name: string, value: string, pattern: RegExp): void {
  // A CSP source or nonce that could close the directive would weaken the policy: refuse it.
  if (!pattern.test(value)) throw new Error(`previewHtml: unsafe ${name} ${JSON.stringify(value)}`);
}

/** Escapes text for a double-quoted HTML attribute value (and for element content). */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function buildPreviewHtml(params: PreviewHtmlParams): string {
  const csp = previewCsp(params.cspSource, params.nonce);
  // Parsing here fails loudly on a host bug rather than leaving the webview to guess.
  JSON.parse(params.initialDataJson);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${escapeAttribute(params.styleUri)}">`,
    '<title>Redundancy Lens preview</title>',
    '</head>',
    `<body data-initial="${escapeAttribute(params.initialDataJson)}">`,
    '<div id="app"><p class="loading">Loading the preview…</p></div>',
    `<script nonce="${escapeAttribute(params.nonce)}" src="${escapeAttribute(params.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
