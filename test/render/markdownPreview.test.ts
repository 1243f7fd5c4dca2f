/**
 * VS Code's Markdown preview with Redundancy Lens' markdown-it plugin and preview script, in
 * headless Chromium with the real Mermaid bundle (media/markdown-preview.js): the page is
 * what the built-in preview builds (the plugin's HTML in a `markdown-body`, the script and
 * style by URL under a nonce-only CSP). Each design block becomes its diagram with a findings
 * summary, in the editor's theme, redrawn on the preview's update event, escaped against
 * hostile designs, folded to the preview's node budget on large ones.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import type { Browser, Page } from 'playwright-core';
import { redundancyMarkdownIt } from '../../src/client/markdownItPlugin';
import { analyze } from '../../src/core/analyze';
import { findDesignBlocks } from '../../src/core/markdown';
import { buildDiagram } from '../../src/core/mermaid';
import { generateDesign } from '../../bench/generate';
import { repoRoot } from '../helpers/repo';
import { ARTIFACTS, launchChromium } from './harness';

const TODAY = '2026-11-26';
const media = (f: string) => path.join(repoRoot(), 'media', f);

function renderMarkdown(text: string): string {
  const md = redundancyMarkdownIt(new MarkdownIt({ html: true }), { today: () => TODAY });
  return md.render(text);
}

let server: http.Server;
let origin = '';
const pages = new Map<string, string>();
let next = 0;

function pageFor(markdown: string, theme: string): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  // As VS Code's Markdown preview: scripts only by nonce, styles from the extension and inline.
  const csp = `default-src 'none'; img-src ${origin} data:; style-src ${origin} 'unsafe-inline'; font-src ${origin}; script-src 'nonce-${nonce}'`;
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/media/markdown-preview.css"></head>
<body class="vscode-body ${theme}"><div class="markdown-body">${renderMarkdown(markdown)}</div>
<script nonce="${nonce}" src="${origin}/media/markdown-preview.js"></script></body></html>`;
  const p = `/page/${next++}`;
  pages.set(p, html);
  return origin + p;
}

async function open(browser: Browser, markdown: string, theme = 'vscode-light') {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
  const page = await context.newPage();
  const problems = { console: [] as string[], errors: [] as string[], dialogs: [] as string[] };
  page.on('console', (m) => m.type() === 'error' && problems.console.push(m.text()));
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  page.on('dialog', (d) => {
    problems.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pageFor(markdown, theme));
  await drawn(page);
  return { page, problems, close: () => context.close() };
}

/** Waits until no design block is still pending (the script marks each done, error or no-diagram). */
async function drawn(page: Page): Promise<void> {
  await page.waitForSelector('.redundancy-lens-block', { timeout: 30_000 });
  await page.waitForSelector('.redundancy-lens-block[data-state="pending"]', { state: 'detached', timeout: 60_000 });
}

interface BlockState {
  state: string;
  theme: string | null;
  nodes: string[];
  summary: string;
  source: string;
  sourceChildren: number;
}

async function blocks(page: Page): Promise<BlockState[]> {
  return (await page.evaluate(`[...document.querySelectorAll('.redundancy-lens-block')].map((b) => ({
    state: b.dataset.state,
    theme: b.dataset.theme ?? null,
    nodes: [...b.querySelectorAll('.redundancy-lens-diagram svg g.node')].map((g) => g.textContent),
    summary: b.querySelector('.redundancy-lens-summary')?.textContent ?? '',
    source: b.querySelector('.redundancy-lens-mermaid')?.textContent ?? '',
    sourceChildren: b.querySelector('.redundancy-lens-mermaid')?.children.length ?? 0,
  }))`)) as BlockState[];
}

describe('the Markdown preview draws design blocks', () => {
  let browser: Browser;
  before(async () => {
    for (const f of ['markdown-preview.js', 'markdown-preview.css']) assert.ok(fs.existsSync(media(f)), `media/${f} is missing: run npm run build:webview`);
    server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      // Chromium asks for it on every first load; a 404 would show up as a console error.
      if (url === '/favicon.ico') return res.writeHead(204).end();
      const file = { '/media/markdown-preview.js': 'text/javascript', '/media/markdown-preview.css': 'text/css' }[url];
      if (file) {
        res.writeHead(200, { 'content-type': `${file}; charset=utf-8` });
        return res.end(fs.readFileSync(media(url.slice('/media/'.length))));
      }
      const page = pages.get(url);
      res.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  test('examples/design-doc.md: the diagram of its block, with the findings summary at Markdown lines', async () => {
    const text = fs.readFileSync(path.join(repoRoot(), 'examples', 'design-doc.md'), 'utf8');
    const { page, problems, close } = await open(browser, text);
    try {
      const [b, ...rest] = await blocks(page);
      assert.equal(rest.length, 0, 'one design block');
      assert.equal(b.state, 'done');
      const [block] = findDesignBlocks(text);
      const result = analyze(block.text, { today: TODAY });
      assert.equal(b.nodes.length, buildDiagram(result).nodeCount, "every node of the core's diagram is drawn");
      assert.ok(b.nodes.some((n) => n.includes('ledger') && n.includes('host ledger-2')));
      assert.ok(b.nodes.some((n) => n.includes('payments-api')));
      assert.match(b.summary, /payments: 2 components · 0 errors, 3 warnings, 4 information/);
      assert.match(b.summary, /line 51 · domain-concentration/, 'findings at the Markdown line of the ledger');
      // The generated ```mermaid block after the design is an ordinary code block here.
      assert.equal(await page.locator('pre code.language-mermaid').count(), 1);
      assert.deepEqual(problems, { console: [], errors: [], dialogs: [] });
      fs.mkdirSync(ARTIFACTS(), { recursive: true });
      await page.locator('.redundancy-lens-block').screenshot({ path: path.join(ARTIFACTS(), 'markdown-preview-light.png') });
    } finally {
      await close();
    }
  });

  test('theme-aware: drawn in the dark theme, redrawn when the editor switches to light', async () => {
    const text = fs.readFileSync(path.join(repoRoot(), 'examples', 'design-doc.md'), 'utf8');
    const { page, close } = await open(browser, text, 'vscode-dark');
    try {
      assert.equal((await blocks(page))[0].theme, 'dark');
      const darkFill = await page.evaluate(`getComputedStyle(document.querySelector('.redundancy-lens-diagram svg .cluster rect')).fill`);
      await page.screenshot({ path: path.join(ARTIFACTS(), 'markdown-preview-dark.png') });
      await page.evaluate(`document.body.classList.replace('vscode-dark', 'vscode-light')`);
      await page.waitForSelector('.redundancy-lens-block[data-theme="light"]', { timeout: 30_000 });
      const lightFill = await page.evaluate(`getComputedStyle(document.querySelector('.redundancy-lens-diagram svg .cluster rect')).fill`);
      assert.notEqual(lightFill, darkFill, 'the failure-domain boxes change with the theme');
    } finally {
      await close();
    }
  });

  test("an edit: the preview's update event redraws with the new design", async () => {
    const design = 'redundancy: 1\nsystem: s\ncomponents:\n  web:\n    kind: stateless\n    replicas:\n      - { host: h1, zone: a }\n';
    const doc = (d: string) => `# Doc\n\n\`\`\`redundancy\n${d}\`\`\`\n`;
    const { page, close } = await open(browser, doc(design));
    try {
      assert.ok((await blocks(page))[0].nodes.some((n) => n.includes('host h1')));
      const updated = renderMarkdown(doc(design.replace('host: h1', 'host: h2')));
      await page.evaluate(`document.querySelector('.markdown-body').innerHTML = ${JSON.stringify(updated)}; window.dispatchEvent(new CustomEvent('vscode.markdown.updateContent'))`);
      await drawn(page);
      const [b] = await blocks(page);
      assert.ok(b.nodes.some((n) => n.includes('host h2')) && !b.nodes.some((n) => n.includes('host h1')), b.nodes.join(' | '));
    } finally {
      await close();
    }
  });

  test('hostile designs: nothing executes, the Mermaid source stays text', async () => {
    const hostile = ['hostile-markup', 'hostile-text', 'hostile-directives'].map((n) => fs.readFileSync(path.join(repoRoot(), 'test', 'render', 'fixtures', `${n}.redundancy.yaml`), 'utf8'));
    const text = `# Hostile <script>window.__pwned='title'</script>\n\n${hostile.map((h) => `~~~~redundancy\n${h}~~~~\n`).join('\n')}`;
    const { page, problems, close } = await open(browser, text);
    try {
      const states = await blocks(page);
      assert.equal(states.length, 3);
      const designs = findDesignBlocks(text);
      states.forEach((b, i) => {
        assert.equal(b.sourceChildren, 0, 'no markup inside the Mermaid source');
        const diagram = buildDiagram(analyze(designs[i].text, { today: TODAY }));
        if (diagram.text !== '') assert.equal(b.source, diagram.text, 'the source reaches the page as written');
      });
      assert.equal(await page.evaluate('window.__pwned'), undefined);
      assert.deepEqual(problems.dialogs, []);
      // (The heading's own <script> is the document's HTML, which VS Code sanitises and the CSP blocks.)
      assert.equal(await page.evaluate(`document.querySelectorAll('.redundancy-lens-block script').length`), 0, 'no script from a design');
      assert.equal(await page.evaluate(`document.querySelectorAll('.redundancy-lens-block [onerror], .redundancy-lens-block [onmouseover], .redundancy-lens-block [onclick]').length`), 0);
    } finally {
      await close();
    }
  });

  test("a large design is folded to the preview's node budget and says so", async () => {
    const design = generateDesign(3000, 7);
    const { page, close } = await open(browser, `# Big\n\n\`\`\`redundancy\n${design}\`\`\`\n`);
    try {
      const [b] = await blocks(page);
      const diagram = buildDiagram(analyze(design, { today: TODAY }));
      assert.equal(b.state, 'done');
      // Replica nodes, plus a hexagon per shared item and the "every component" note.
      const drawn = diagram.nodeCount + diagram.sharedNodes.length + (diagram.everyNoteId ? 1 : 0);
      assert.ok(diagram.sharedNodes.length > 0, 'the generated design has shared items');
      assert.equal(b.nodes.length, drawn);
      assert.ok(drawn <= 80, `within the budget: ${drawn}`);
      assert.ok((await page.locator('.redundancy-lens-folded').count()) === 1, 'the folding is explained');
    } finally {
      await close();
    }
  });
});
