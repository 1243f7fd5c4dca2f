/**
 * Loads the real preview webview (the HTML shell from `previewHtml`, the bundled
 * `media/preview.js` and `media/preview.css`) in headless Debian Chromium through
 * playwright-core, served from a loopback HTTP server, with a stand-in for
 * `acquireVsCodeApi` that records what the webview posts. Shared by the render tests and
 * the render bench.
 *
 * Written without DOM types (the root tsconfig compiles the bench with Node types only):
 * code that runs in the page is passed as strings or typed through `globalThis`.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPreviewHtml } from '../../src/shared/previewHtml';
import type { HostToWebviewMessage, RenderedMessage, UpdateMessage, WebviewToHostMessage } from '../../src/shared/previewMessages';
import { repoRoot } from '../helpers/repo';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that work as root in containers (see notes/VSCODE-HOST.md). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install chromium: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export function mediaPath(file: string): string {
  return path.join(repoRoot(), 'media', file);
}

/** Fails with a clear message when the webview bundle has not been built. */
export function requireBundle(): void {
  for (const f of ['preview.js', 'preview.css']) {
    if (!fs.existsSync(mediaPath(f))) throw new Error(`media/${f} is missing: run npm run build:webview first`);
  }
}

export interface PreviewServer {
  origin: string;
  /** Registers a page and returns its URL. */
  addPage(html: string): string;
  close(): Promise<void>;
}

export async function startPreviewServer(): Promise<PreviewServer> {
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    // Chromium asks for it on every first load; a 404 would show up as a console error.
    if (url === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url === '/media/preview.js') return send(200, 'text/javascript; charset=utf-8', fs.readFileSync(mediaPath('preview.js')));
    if (url === '/media/preview.css') return send(200, 'text/css; charset=utf-8', fs.readFileSync(mediaPath('preview.css')));
    const page = pages.get(url);
    if (page !== undefined) return send(200, 'text/html; charset=utf-8', page);
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let next = 1;
  return {
    origin,
    addPage(html) {
      const p = `/page/${next++}`;
      pages.set(p, html);
      return origin + p;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Theme = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast';

export interface PreviewPage {
  page: Page;
  /** The shell's HTML as served. */
  html: string;
  /** The CSP the shell was built with. */
  nonce: string;
  /** Console errors, uncaught page errors, dialogs and CSP violations seen so far. */
  problems: { console: string[]; pageErrors: string[]; dialogs: string[] };
  posted(): Promise<WebviewToHostMessage[]>;
  /** Waits for the n-th `rendered` message (1-based) and returns it. */
  rendered(n: number, timeoutMs?: number): Promise<RenderedMessage>;
  renderedCount(): Promise<number>;
  /** Waits until some posted message satisfies `predicate` and returns it. */
  waitForMessage<T extends WebviewToHostMessage>(predicate: (m: WebviewToHostMessage) => m is T, timeoutMs?: number): Promise<T>;
  waitForMessage(predicate: (m: WebviewToHostMessage) => boolean, timeoutMs?: number): Promise<WebviewToHostMessage>;
  send(message: HostToWebviewMessage): Promise<void>;
  violations(): Promise<string[]>;
  pwned(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Stands in for VS Code's webview API before any page script runs: messages are kept in
 * `window.__posted` and passed to the test through the `__rlPost` binding (the page's CSP
 * forbids the eval that polling with `waitForFunction` needs); state is kept in
 * `window.__state`; CSP violations are collected too.
 */
function initScript(state: unknown): string {
  return `(() => {
    const posted = [];
    const notify = window.__rlPost;
    let state = ${JSON.stringify(state ?? null)} ?? undefined;
    Object.defineProperty(window, '__posted', { value: posted });
    window.__violations = [];
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => { const copy = JSON.parse(JSON.stringify(m)); posted.push(copy); void notify(copy); },
      getState: () => state,
      setState: (s) => { state = JSON.parse(JSON.stringify(s)); window.__state = state; },
    });
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  })();`;
}

export interface OpenOptions {
  theme?: Theme;
  width?: number;
  height?: number;
  /** State `getState()` returns at start (a reloaded window). */
  state?: unknown;
}

export async function openPreview(browser: Browser, server: PreviewServer, update: UpdateMessage, options: OpenOptions = {}): Promise<PreviewPage> {
  const nonce = crypto.randomBytes(16).toString('base64');
  let html = buildPreviewHtml({
    cspSource: server.origin,
    nonce,
    scriptUri: `${server.origin}/media/preview.js`,
    styleUri: `${server.origin}/media/preview.css`,
    initialDataJson: JSON.stringify(update),
  });
  // VS Code puts the theme class on the body; the shell itself has none.
  html = html.replace('<body ', `<body class="${options.theme ?? 'vscode-light'}" `);
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  const page = await context.newPage();
  const problems = { console: [] as string[], pageErrors: [] as string[], dialogs: [] as string[] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(m.text());
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  const messages: WebviewToHostMessage[] = [];
  const waiters = new Set<() => void>();
  await page.exposeBinding('__rlPost', (_source, message: WebviewToHostMessage) => {
    messages.push(message);
    for (const w of [...waiters]) w();
  });
  const waitForMessage = (predicate: (m: WebviewToHostMessage) => boolean, timeoutMs = 60_000): Promise<WebviewToHostMessage> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = messages.find(predicate);
        if (!found) return false;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(found);
        return true;
      };
      const waiter = (): void => void check();
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no matching message from the webview within ${timeoutMs} ms; got ${messages.map((m) => m.type).join(', ') || 'none'}`));
      }, timeoutMs);
      waiters.add(waiter);
      check();
    });
  page.on('dialog', (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(initScript(options.state));
  await page.goto(server.addPage(html));

  const renderedMessages = (): RenderedMessage[] => messages.filter((m): m is RenderedMessage => m.type === 'rendered');
  return {
    page,
    html,
    nonce,
    problems,
    posted: async () => [...messages],
    renderedCount: async () => renderedMessages().length,
    waitForMessage: waitForMessage as PreviewPage['waitForMessage'],
    async rendered(n, timeoutMs = 60_000) {
      await waitForMessage(() => renderedMessages().length >= n, timeoutMs);
      return renderedMessages()[n - 1];
    },
    async send(message) {
      await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
    },
    violations: async () => (await page.evaluate('window.__violations')) as string[],
    pwned: () => page.evaluate('window.__pwned'),
    close: () => context.close(),
  };
}

/** The `n1`… ids of the nodes Mermaid drew (from its element ids), with their classes. */
export async function drawnNodes(page: Page): Promise<{ id: string; classes: string[]; component: string | null; text: string }[]> {
  // Replica nodes only (`n1`, …): shared items (`s1`, …) and the "every component" note are `drawnShared`'s.
  return (await page.evaluate(`[...document.querySelectorAll('.canvas g.node')].map((g) => {
    const m = /-flowchart-(n\\d+)-\\d+$/.exec(g.id);
    return { id: m ? m[1] : '', classes: [...g.classList], component: g.getAttribute('data-component'), text: g.textContent };
  }).filter((n) => n.id !== '')`)) as { id: string; classes: string[]; component: string | null; text: string }[];
}

/** The shared-item nodes and the "every component" note in the drawn SVG. */
export async function drawnShared(page: Page): Promise<{ id: string; classes: string[]; shared: string | null; text: string; shape: string | null }[]> {
  return (await page.evaluate(`[...document.querySelectorAll('.canvas g.node')].flatMap((g) => {
    const m = /-flowchart-(s\\d+|sall)-\\d+$/.exec(g.id);
    if (!m) return [];
    const shape = g.querySelector(':scope > polygon, :scope > rect, :scope > path');
    return [{ id: m[1], classes: [...g.classList], shared: g.getAttribute('data-shared'), text: g.textContent, shape: shape ? shape.tagName : null }];
  })`)) as { id: string; classes: string[]; shared: string | null; text: string; shape: string | null }[];
}

export const ARTIFACTS = (): string => path.join(repoRoot(), 'test-artifacts', 'render');
