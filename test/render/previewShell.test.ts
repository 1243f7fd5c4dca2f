/**
 * The webview shell and the message guards, without a browser: the CSP is exactly the
 * intended one, design data only enters as an escaped attribute, and malformed messages
 * are refused.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildPreviewHtml, escapeAttribute, previewCsp } from '../../src/shared/previewHtml';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../src/shared/previewMessages';

const NONCE = 'c2VjcmV0LW5vbmNlLTEyMzQ1Ng==';
const CSP_SOURCE = 'https://*.vscode-cdn.net';

test('the CSP allows only the nonce script, local styles (and Mermaid inline styles), local images and fonts', () => {
  assert.equal(previewCsp(CSP_SOURCE, NONCE), `default-src 'none'; script-src 'nonce-${NONCE}'; style-src ${CSP_SOURCE} 'unsafe-inline'; img-src ${CSP_SOURCE} data:; font-src ${CSP_SOURCE}`);
});

test('a nonce or source that could break out of the policy is refused', () => {
  assert.throws(() => previewCsp(CSP_SOURCE, "abc'; script-src *"), /unsafe nonce/);
  assert.throws(() => previewCsp(CSP_SOURCE, 'short'), /unsafe nonce/);
  assert.throws(() => previewCsp("https://x; script-src 'unsafe-inline'", NONCE), /unsafe cspSource/);
  assert.throws(() => previewCsp('"x"', NONCE), /unsafe cspSource/);
  assert.throws(() => previewCsp("'self' 'x", NONCE), /unsafe cspSource/);
});

test("a host's list of sources with quoted keywords is accepted (code-server sends one)", () => {
  const source = "'self' https://*.vscode-cdn.net";
  assert.match(previewCsp(source, NONCE), new RegExp(`style-src 'self' https://\\*\\.vscode-cdn\\.net 'unsafe-inline'`));
});

test('initial data goes into data-initial escaped: no markup, no quote can end the attribute', () => {
  const hostile = { type: 'update', source: 'file:///a"b', version: 1, fileName: '</script><script>alert(1)</script>', result: { note: `"'><img src=x onerror=alert(1)>&amp;` } };
  const html = buildPreviewHtml({ cspSource: CSP_SOURCE, nonce: NONCE, scriptUri: 'https://x/preview.js', styleUri: 'https://x/preview.css', initialDataJson: JSON.stringify(hostile) });
  const m = /<body data-initial="([^"]*)">/.exec(html);
  assert.ok(m, 'one double-quoted attribute holds the data');
  assert.doesNotMatch(m[1], /[<>"']/);
  const decoded = m[1].replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  assert.deepEqual(JSON.parse(decoded), hostile);
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'only the bundle');
  assert.match(html, new RegExp(`<script nonce="${escapeAttribute(NONCE)}" src="https://x/preview.js"></script>`));
  assert.ok(html.includes(`content="${escapeAttribute(previewCsp(CSP_SOURCE, NONCE))}"`));
  assert.throws(() => buildPreviewHtml({ cspSource: CSP_SOURCE, nonce: NONCE, scriptUri: 'a', styleUri: 'b', initialDataJson: '{not json' }));
});

test('message guards accept the declared shapes and refuse the rest', () => {
  assert.ok(isWebviewToHostMessage({ type: 'reveal', source: 'file:///a', component: 'api' }));
  assert.ok(isWebviewToHostMessage({ type: 'saveMarkdown', source: 'file:///a' }));
  assert.ok(!isWebviewToHostMessage({ type: 'reveal', source: 'file:///a' }), 'reveal needs a component');
  assert.ok(!isWebviewToHostMessage({ type: 'saveSvg', source: 'file:///a', svg: 1 }));
  assert.ok(!isWebviewToHostMessage({ type: 'openExternal', source: 'file:///a', url: 'https://x' }), 'unknown types are refused');
  assert.ok(!isWebviewToHostMessage({ type: 'ready' }), 'source is required');
  assert.ok(!isWebviewToHostMessage(null));
  const result = { findings: [], model: null, scenarios: [], matrix: { threats: [], components: [], cells: [] } };
  assert.ok(isHostToWebviewMessage({ type: 'update', source: 's', version: 2, fileName: 'f', result }));
  assert.ok(!isHostToWebviewMessage({ type: 'update', source: 's', version: '2', fileName: 'f', result }));
  assert.ok(isHostToWebviewMessage({ type: 'selectScenario', source: 's', index: null }));
  assert.ok(!isHostToWebviewMessage({ type: 'selectScenario', source: 's', index: 1.5 }));
  assert.ok(isHostToWebviewMessage({ type: 'focusComponent', source: 's', component: 'db' }));
  assert.ok(!isHostToWebviewMessage({ type: 'eval', source: 's', code: 'alert(1)' }));
});
