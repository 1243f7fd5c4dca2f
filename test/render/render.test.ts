/**
 * The preview webview in headless Chromium: every example and every hostile fixture
 * renders with the real bundled Mermaid, with the replica nodes the generator promised,
 * nothing executes, and the scenario, matrix, export and update paths behave.
 * Screenshots go to test-artifacts/render/ (look at them).
 *
 * Needs Debian's Chromium (`apt-get install -y chromium`) and `npm run build:webview`;
 * `npm run test:render` does the build. Missing Chromium fails the run, never skips it.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import { buildDiagram, MERMAID_LIMITS, truncateLabel } from '../../src/core/mermaid';
import type { AnalysisResult } from '../../src/core/types';
import { previewCsp } from '../../src/shared/previewHtml';
import type { CopyMermaidMessage, RenderedMessage, RevealMessage, SaveSvgMessage, UpdateMessage } from '../../src/shared/previewMessages';
import { generateDesign } from '../../bench/generate';
import { repoRoot } from '../helpers/repo';
import { SHARED_DESIGN } from '../helpers/sharedDesign';
import { ARTIFACTS, CHROMIUM_PATH, drawnNodes, drawnShared, launchChromium, openPreview, requireBundle, startPreviewServer, type PreviewPage, type PreviewServer, type Theme } from './harness';

const TODAY = '2026-11-26';

interface Fixture {
  name: string;
  file: string;
  text: string;
  hostile: boolean;
}

function fixtures(): Fixture[] {
  const root = repoRoot();
  const list = (dir: string, hostile: boolean): Fixture[] =>
    fs
      .readdirSync(path.join(root, dir))
      .filter((f) => f.endsWith('.redundancy.yaml'))
      .sort()
      .map((f) => ({ name: f.replace(/\.redundancy\.yaml$/, ''), file: path.join(root, dir, f), text: fs.readFileSync(path.join(root, dir, f), 'utf8'), hostile }));
  return [...list('examples', false), ...list(path.join('test', 'render', 'fixtures'), true)];
}

function updateOf(f: { name: string; file: string }, result: AnalysisResult, version = 1): UpdateMessage {
  return { type: 'update', source: `file://${f.file}`, version, fileName: path.basename(f.file), result };
}

function rankedFirst(result: AnalysisResult): number {
  return result.scenarios.map((s, i) => ({ rank: s.rank, i })).sort((a, b) => a.rank - b.rank || a.i - b.i)[0].i;
}

let browser: Browser;
let server: PreviewServer;

// Counted as a failure (not only as cancelled tests) when the machine lacks Chromium.
test('Chromium and the webview bundle are available', () => {
  assert.ok(fs.existsSync(CHROMIUM_PATH), `Chromium not found at ${CHROMIUM_PATH}: install chromium: apt-get install -y chromium`);
  requireBundle();
});

before(async () => {
  requireBundle();
  browser = await launchChromium();
  server = await startPreviewServer();
  fs.mkdirSync(ARTIFACTS(), { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Titles of failure-domain boxes that overlap another title or a node (unreadable). */
async function hiddenTitles(page: PreviewPage['page'], scope: string): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const titles = [...document.querySelectorAll('${scope} g.cluster-label')].map((e) => [e.textContent, e.getBoundingClientRect()]);
    const nodes = [...document.querySelectorAll('${scope} g.node')].map((e) => [e.textContent, e.getBoundingClientRect()]);
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const bad = [];
    titles.forEach(([t, a], i) => {
      titles.forEach(([u, b], j) => { if (j > i && hit(a, b)) bad.push(t + ' / ' + u); });
      for (const [u, b] of nodes) if (hit(a, b)) bad.push(t + ' / node ' + u);
    });
    return bad;
  })()`)) as string[];
}

/** Nothing ran that should not have: no dialog, no console or page error, no CSP violation, no `__pwned`. */
async function assertClean(p: PreviewPage, what: string): Promise<void> {
  assert.deepEqual(p.problems.dialogs, [], `${what}: a dialog opened`);
  assert.deepEqual(p.problems.pageErrors, [], `${what}: uncaught page errors`);
  assert.deepEqual(p.problems.console, [], `${what}: console errors`);
  assert.deepEqual(await p.violations(), [], `${what}: CSP violations`);
  assert.equal(await p.pwned(), undefined, `${what}: window.__pwned was set`);
  const active = (await p.page.evaluate(`(() => {
    const bad = [];
    for (const e of document.querySelectorAll('*')) {
      for (const a of e.attributes) if (/^on/i.test(a.name)) bad.push(e.tagName + ' ' + a.name);
      if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG'].includes(e.tagName.toUpperCase()) && !(e.tagName === 'SCRIPT' && e.parentElement === document.body && e.getAttribute('nonce') !== null)) bad.push(e.tagName);
      if (e.tagName.toLowerCase() === 'a' && /javascript:/i.test(e.getAttribute('href') || e.getAttribute('xlink:href') || '')) bad.push('a javascript:');
    }
    return bad;
  })()`)) as string[];
  assert.deepEqual(active, [], `${what}: active content in the page`);
}

for (const fixture of fixtures()) {
  describe(`${fixture.hostile ? 'hostile fixture' : 'example'} ${fixture.name}`, () => {
    const result = analyze(fixture.text, { today: TODAY });
    const expected = buildDiagram(result);

    for (const theme of ['vscode-light', 'vscode-dark'] as Theme[]) {
      test(`renders in ${theme} with the expected replica nodes and nothing executes`, { timeout: 120_000 }, async () => {
        assert.ok(result.model, 'the fixture builds a model');
        const p = await openPreview(browser, server, updateOf(fixture, result), { theme });
        try {
          const rendered = await p.rendered(1);
          assert.equal(rendered.ok, true, `render failed: ${rendered.error}`);
          assert.equal(rendered.nodeCount, expected.nodeCount);
          const nodes = await drawnNodes(p.page);
          assert.equal(nodes.length, expected.nodeCount, 'replica nodes in the SVG');
          assert.deepEqual(nodes.map((n) => [n.id, n.component]).sort(), expected.nodes.map((n) => [n.id, n.component]).sort(), 'every node drawn, with its component');
          // The label shows the text itself, escaped, not dropped and not interpreted.
          const replicas = new Map(result.model.components.flatMap((c) => c.replicas.map((r) => [r.id, r] as const)));
          const shown = (text: string): string => truncateLabel(text, 40).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
          const visible = (text: string): string => text.replace(/\u2060/g, '');
          for (const n of nodes) {
            const node = expected.nodes.find((e) => e.id === n.id)!;
            const parts = [node.component];
            const values = node.replicas.map((r) => replicas.get(r)!);
            for (const key of ['version', 'config'] as const) {
              const distinct = new Set(values.map((r) => r[key]));
              if (distinct.size === 1 && values[0][key] !== null) parts.push(values[0][key]!);
            }
            for (const part of parts) assert.ok(visible(n.text).includes(shown(part)), `node ${n.id} shows ${JSON.stringify(shown(part))}; it shows ${JSON.stringify(n.text)}`);
          }
          const clusters = (await p.page.evaluate("document.querySelectorAll('.canvas g.cluster').length")) as number;
          assert.equal(clusters, expected.subgraphCount, 'failure-domain boxes');
          assert.deepEqual(await hiddenTitles(p.page, '.canvas'), [], 'box titles are not covered by other titles or nodes');
          const csp = (await p.page.evaluate(`document.querySelector('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')`)) as string;
          assert.equal(csp, previewCsp(server.origin, p.nonce));
          assert.equal(await p.page.evaluate('document.body.dataset.theme'), theme === 'vscode-dark' ? 'dark' : 'light');
          await assertClean(p, fixture.name);
          await p.page.screenshot({ path: path.join(ARTIFACTS(), `${fixture.name}-${theme.replace('vscode-', '')}.png`), fullPage: true });
        } finally {
          await p.close();
        }
      });
    }

    test('choosing the worst scenario in the list marks lost replicas and down, degraded and unaffected components', { timeout: 120_000 }, async () => {
      assert.ok(result.scenarios.length > 0, 'the fixture has scenarios');
      const index = rankedFirst(result);
      const marked = buildDiagram(result, { scenario: index });
      const p = await openPreview(browser, server, updateOf(fixture, result));
      try {
        await p.rendered(1);
        const first = p.page.locator('.scenario-list button.scenario').first();
        assert.equal(await first.getAttribute('data-scenario'), String(index), 'the list starts with the most relevant scenario');
        await first.click();
        const rendered = await p.rendered(2);
        assert.equal(rendered.ok, true, `render failed: ${rendered.error}`);
        assert.equal(rendered.scenario, index);
        assert.equal(await first.getAttribute('aria-pressed'), 'true');
        const nodes = await drawnNodes(p.page);
        const withClass = (cls: string): string[] =>
          nodes
            .filter((n) => n.classes.includes(cls))
            .map((n) => n.id)
            .sort();
        for (const state of ['down', 'degraded', 'dataloss', 'ok'] as const) {
          assert.deepEqual(
            withClass(state),
            marked.nodes
              .filter((n) => n.state === state)
              .map((n) => n.id)
              .sort(),
            `nodes marked ${state}`,
          );
        }
        assert.deepEqual(
          withClass('lost'),
          marked.nodes
            .filter((n) => n.lost)
            .map((n) => n.id)
            .sort(),
          'nodes marked lost',
        );
        const lostReplicas = new Set(result.scenarios[index].replicasDown);
        for (const n of marked.nodes) assert.equal(n.lost, n.replicas.length > 0 && n.replicas.every((r) => lostReplicas.has(r)), `node ${n.id} lost flag`);
        assert.equal(await p.page.locator('.caption .caption-text').textContent(), result.scenarios[index].caption);
        await assertClean(p, `${fixture.name} scenario`);
        await p.page.screenshot({ path: path.join(ARTIFACTS(), `${fixture.name}-scenario.png`), fullPage: true });
      } finally {
        await p.close();
      }
    });
  });
}

describe('interaction', () => {
  const fixture = fixtures().find((f) => f.name === 'checkout')!;
  const result = analyze(fixture.text, { today: TODAY });

  test('a matrix cell selects its worst scenario; a node and a matrix row post reveal', { timeout: 60_000 }, async () => {
    const p = await openPreview(browser, server, updateOf(fixture, result));
    try {
      await p.rendered(1);
      const ci = result.matrix.components.indexOf('orders');
      const ti = result.matrix.cells[ci].findIndex((c) => c.worst !== null && c.state === 'exposed');
      assert.ok(ti >= 0, 'orders has an exposed cell');
      const worst = result.matrix.cells[ci][ti].worst!;
      await p.page
        .locator(`tr[data-component="orders"] td button`)
        .nth(result.matrix.cells[ci].slice(0, ti).filter((c) => c.worst !== null).length)
        .click();
      const rendered = await p.rendered(2);
      assert.equal(rendered.scenario, worst);
      assert.equal(await p.page.locator('.caption .caption-text').textContent(), result.scenarios[worst].caption);

      const ordersNode = buildDiagram(result, { scenario: worst }).nodeIdsByComponent['orders'][0];
      await p.page.locator(`.canvas g.node[id*="-flowchart-${ordersNode}-"]`).click();
      await p.page.locator('tr[data-component="ledger"] th button').click();
      const reveals = (await p.posted()).filter((m): m is RevealMessage => m.type === 'reveal');
      assert.deepEqual(
        reveals.map((m) => [m.component, m.source]),
        [
          ['orders', `file://${fixture.file}`],
          ['ledger', `file://${fixture.file}`],
        ],
      );
      await assertClean(p, 'interaction');
    } finally {
      await p.close();
    }
  });

  test('copy, save SVG (light, on white, even in the dark theme) and save Markdown post to the host', { timeout: 60_000 }, async () => {
    const p = await openPreview(browser, server, updateOf(fixture, result), { theme: 'vscode-dark' });
    try {
      await p.rendered(1);
      await p.page.click('button[data-action="copyMermaid"]');
      await p.page.click('button[data-action="saveMarkdown"]');
      await p.page.click('button[data-action="saveSvg"]');
      await p.waitForMessage((m) => m.type === 'saveSvg', 30_000);
      const posted = await p.posted();
      const copy = posted.find((m): m is CopyMermaidMessage => m.type === 'copyMermaid');
      assert.equal(copy?.text, buildDiagram(result).text);
      assert.ok(posted.some((m) => m.type === 'saveMarkdown' && m.source === `file://${fixture.file}`));
      const svg = posted.find((m): m is SaveSvgMessage => m.type === 'saveSvg')!.svg;
      assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
      assert.match(svg, /<rect [^>]*fill="#ffffff"/, 'a white background');
      assert.doesNotMatch(svg, /<script/i);
      // Drawn in the light theme: the light cluster fill, not the dark one the panel shows.
      assert.match(svg, /#f8fafc/i);
      assert.doesNotMatch(svg, /#1f2937/i);
      const svgPath = path.join(ARTIFACTS(), 'checkout-export.svg');
      fs.writeFileSync(svgPath, svg);
      // The saved file stands alone: it renders in a fresh page.
      const view = await browser.newPage();
      try {
        await view.goto(`file://${svgPath}`);
        assert.equal(await view.evaluate("document.querySelectorAll('g.node').length"), buildDiagram(result).nodeCount);
        assert.deepEqual(await hiddenTitles(view, 'svg'), [], 'titles readable in the export too');
        await view.screenshot({ path: path.join(ARTIFACTS(), 'checkout-export.png') });
      } finally {
        await view.close();
      }
      await assertClean(p, 'export');
    } finally {
      await p.close();
    }
  });

  test('updates keep zoom and scenario; stale and older versions are dropped; a broken file keeps the last picture and says why', { timeout: 60_000 }, async () => {
    const p = await openPreview(browser, server, updateOf(fixture, result, 1));
    try {
      await p.rendered(1);
      await p.page.click('button[aria-label="Zoom in"]');
      await p.page.click('button[aria-label="Zoom in"]');
      const transform = async (): Promise<string> => (await p.page.evaluate("document.querySelector('.canvas').style.transform")) as string;
      const zoomed = await transform();
      const scenario = rankedFirst(result);
      await p.page.locator('.scenario-list button.scenario').first().click();
      await p.rendered(2);

      // Five quick edits: only the newest may end up on screen.
      const edited = fixture.text.replace('count: 6', 'count: 4');
      const editedResult = analyze(edited, { today: TODAY });
      const burst = [2, 3, 4, 5].map((v) => updateOf(fixture, v === 5 ? editedResult : result, v));
      await p.page.evaluate(`for (const m of ${JSON.stringify(burst)}) window.postMessage(m, '*')`);
      await p.waitForMessage((m) => m.type === 'rendered' && m.version === 5, 30_000);
      const renders = (await p.posted()).filter((m): m is RenderedMessage => m.type === 'rendered');
      assert.ok(renders.length - 2 < 4, `stale renders were abandoned (${renders.length - 2} renders for 4 updates)`);
      assert.equal(renders[renders.length - 1].version, 5, 'nothing older is drawn after the newest');
      // An older version arriving late is ignored.
      await p.send(updateOf(fixture, result, 3));
      // A task later the message has been handled (message events queue before this timer).
      await p.page.evaluate('new Promise((resolve) => setTimeout(resolve, 0))');
      assert.equal(await p.page.evaluate('document.getElementById("app").dataset.dataVersion'), '5', 'version 3 after 5 is ignored');
      const expectedNodes = buildDiagram(editedResult, {
        scenario: editedResult.scenarios.findIndex((s) => s.threat === result.scenarios[scenario].threat && s.value === result.scenarios[scenario].value),
      });
      assert.equal((await drawnNodes(p.page)).length, expectedNodes.nodeCount);
      assert.equal(await transform(), zoomed, 'zoom and pan kept across updates');
      assert.equal(await p.page.evaluate('document.getElementById("app").dataset.renderVersion'), '5');
      const state = (await p.page.evaluate('window.__state')) as { source: string; scenario: number | null; view: { scale: number; x: number; y: number } | null };
      assert.equal(state.source, `file://${fixture.file}`);
      assert.ok(state.view, 'the zoom is saved with setState');
      const numbers = (t: string): number[] => (t.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
      const [x, y, k] = numbers(zoomed);
      assert.ok(Math.abs(x - state.view.x) < 0.01 && Math.abs(y - state.view.y) < 0.01 && Math.abs(k - state.view.scale) < 1e-6, `${zoomed} is the saved ${JSON.stringify(state.view)}`);
      assert.notEqual(state.scenario, null, 'the scenario is saved with setState');

      const broken = analyze('redundancy: 1\ncomponents: [unclosed\n', { today: TODAY });
      assert.equal(broken.model, null);
      const before = await p.renderedCount();
      await p.send(updateOf(fixture, broken, 6));
      const r = await p.rendered(before + 1);
      assert.equal(r.ok, false);
      assert.match(await p.page.locator('.problem').innerText(), /last version that could/);
      assert.equal((await drawnNodes(p.page)).length, expectedNodes.nodeCount, 'the last good picture stays');
      await assertClean(p, 'updates');
    } finally {
      await p.close();
    }
  });

  test('the host can select a scenario and focus a component; messages about another document are ignored', { timeout: 60_000 }, async () => {
    const update = updateOf(fixture, result);
    const p = await openPreview(browser, server, update);
    try {
      await p.rendered(1);
      const index = result.scenarios.findIndex((s) => s.threat === 'zone');
      await p.send({ type: 'selectScenario', source: 'file:///elsewhere.redundancy.yaml', index });
      await p.send({ type: 'selectScenario', source: update.source, index });
      const r = await p.rendered(2);
      assert.equal(r.scenario, index, 'only the message about this document counts');
      await p.send({ type: 'focusComponent', source: update.source, component: 'orders' });
      await p.page.evaluate('new Promise((resolve) => setTimeout(resolve, 0))');
      const focused = (await drawnNodes(p.page)).filter((n) => n.classes.includes('focused')).map((n) => n.component);
      assert.deepEqual(
        focused,
        buildDiagram(result, { scenario: index })
          .nodes.filter((n) => n.component === 'orders')
          .map(() => 'orders'),
      );
      assert.equal(await p.page.locator('tr.focused').getAttribute('data-component'), 'orders');
      await p.send({ type: 'selectScenario', source: update.source, index: null });
      const cleared = await p.rendered(3);
      assert.equal(cleared.scenario, null);
      assert.equal(await p.page.locator('.caption').isVisible(), false);
      await assertClean(p, 'host messages');
    } finally {
      await p.close();
    }
  });

  test('a reloaded webview restores scenario, detail and view from getState', { timeout: 60_000 }, async () => {
    const update = updateOf(fixture, result);
    const index = rankedFirst(result);
    const p = await openPreview(browser, server, update, { state: { source: update.source, scenario: index, detail: { level: 'zone' }, view: { scale: 0.5, x: 10, y: 20 } } });
    try {
      const r = await p.rendered(1);
      assert.equal(r.scenario, index);
      const expected = buildDiagram(result, { scenario: index, detail: { level: 'zone' } });
      assert.equal(r.nodeCount, expected.nodeCount);
      assert.equal(await p.page.evaluate("document.querySelector('.canvas').style.transform"), 'translate(10px, 20px) scale(0.5)');
      assert.equal(await p.page.locator('select').inputValue(), 'level:zone');
      await assertClean(p, 'restore');
    } finally {
      await p.close();
    }
  });

  test('a theme change re-renders with the new theme', { timeout: 60_000 }, async () => {
    const p = await openPreview(browser, server, updateOf(fixture, result));
    try {
      await p.rendered(1);
      await p.page.evaluate("document.body.className = 'vscode-high-contrast'");
      const r = await p.rendered(2);
      assert.equal(r.ok, true);
      assert.equal(await p.page.evaluate('document.body.dataset.theme'), 'high-contrast');
      await p.page.screenshot({ path: path.join(ARTIFACTS(), 'checkout-high-contrast.png'), fullPage: true });
      await assertClean(p, 'theme');
    } finally {
      await p.close();
    }
  });

  test('keyboard and wheel zoom and pan the diagram', { timeout: 60_000 }, async () => {
    const p = await openPreview(browser, server, updateOf(fixture, result));
    try {
      await p.rendered(1);
      const scale = async (): Promise<number> => Number(await p.page.evaluate("document.querySelector('.viewport').dataset.scale"));
      const s0 = await scale();
      await p.page.focus('.viewport');
      await p.page.keyboard.press('+');
      const s1 = await scale();
      assert.ok(s1 > s0, 'plus zooms in');
      await p.page.keyboard.press('-');
      await p.page.keyboard.press('-');
      assert.ok((await scale()) < s1, 'minus zooms out');
      const box = (await p.page.locator('.viewport').boundingBox())!;
      await p.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const before = await scale();
      await p.page.keyboard.down('Control');
      await p.page.mouse.wheel(0, -200);
      await p.page.keyboard.up('Control');
      assert.ok((await scale()) > before, 'Ctrl + wheel zooms in');
      const t0 = (await p.page.evaluate("document.querySelector('.canvas').style.transform")) as string;
      await p.page.keyboard.press('ArrowLeft');
      assert.notEqual(await p.page.evaluate("document.querySelector('.canvas').style.transform"), t0, 'arrows pan');
      await assertClean(p, 'pan and zoom');
    } finally {
      await p.close();
    }
  });
});

describe('shared items', () => {
  const result = analyze(SHARED_DESIGN, { today: TODAY });
  const fixture = { name: 'shared-causes', file: path.join(repoRoot(), 'shared-causes.redundancy.yaml') };
  const pushOf = (id: string): number => result.scenarios.findIndex((s) => (s.threat === 'bad-config' || s.threat === 'bad-release') && s.value === id);

  test('each shared item is drawn as its own node under its users; picking its push in the list marks it and everything it takes down', { timeout: 120_000 }, async () => {
    const expected = buildDiagram(result);
    const p = await openPreview(browser, server, updateOf(fixture, result));
    try {
      const r1 = await p.rendered(1);
      assert.equal(r1.ok, true, `render failed: ${r1.error}`);
      const shared = await drawnShared(p.page);
      assert.deepEqual(
        shared.filter((n) => n.id !== 'sall').map((n) => [n.id, n.shared]),
        expected.sharedNodes.map((n) => [n.id, n.shared]),
        'one node per shared item, tagged with its id',
      );
      for (const n of shared.filter((x) => x.id !== 'sall')) {
        assert.equal(n.shape, 'polygon', `${n.id} is a hexagon, not a replica's rectangle`);
        assert.ok(n.classes.includes('shared'), `${n.id} has the shared style`);
      }
      assert.match(shared.find((n) => n.shared === 'base-image')!.text, /base-image.*software · os.*ubuntu-22\.04\.4.*waves · 1 of 9 first/);
      assert.match(shared.find((n) => n.id === 'sall')!.text, /every component \(3\)/);
      assert.equal((await drawnNodes(p.page)).length, expected.nodeCount, 'replica nodes as before');
      // The uses edges are drawn: one per user of a partial item, one from the note.
      const usesEdges = (await p.page.evaluate(
        `[...document.querySelectorAll('.canvas path.flowchart-link')].map((e) => e.id).filter((id) => /_s(\\d+|all)_|_s\\d+_\\d+$/.test(id)).length`,
      )) as number;
      assert.equal(usesEdges, 4, 'four uses edges');
      await p.page.screenshot({ path: path.join(ARTIFACTS(), 'shared-causes.png'), fullPage: true });

      const index = pushOf('agent');
      const item = p.page.locator(`.scenario-list button.scenario[data-scenario="${index}"]`);
      assert.equal(await item.locator('.scenario-name').textContent(), 'bad-config agent');
      await item.click();
      const r2 = await p.rendered(2);
      assert.equal(r2.ok, true, `render failed: ${r2.error}`);
      assert.equal(r2.scenario, index);
      assert.deepEqual(r2.downComponents, ['api', 'edge'], 'the users the push takes down');
      const marked = buildDiagram(result, { scenario: index });
      const nodes = await drawnNodes(p.page);
      assert.deepEqual(
        nodes
          .filter((n) => n.classes.includes('lost'))
          .map((n) => n.id)
          .sort(),
        marked.nodes
          .filter((n) => n.lost)
          .map((n) => n.id)
          .sort(),
        'every replica in the first wave is lost',
      );
      assert.deepEqual(
        nodes.filter((n) => n.classes.includes('ok')).map((n) => n.component),
        ['db', 'db', 'db'],
        'db does not use the agent',
      );
      const after = await drawnShared(p.page);
      const agent = after.find((n) => n.shared === 'agent')!;
      assert.ok(agent.classes.includes('cause'), `the agent is marked as the cause: ${agent.classes.join(' ')}`);
      assert.match(agent.text, /pushed: the cause/);
      assert.ok(after.filter((n) => n.shared !== 'agent' && n.id !== 'sall').every((n) => n.classes.includes('shared') && !n.classes.includes('cause')));
      const red = (await p.page.evaluate(`[...document.querySelectorAll('.canvas path.flowchart-link')].filter((e) => /stroke:\\s*#b91c1c/i.test(e.getAttribute('style') || '')).length`)) as number;
      assert.equal(red, 2, "the agent's two uses edges are red");
      assert.equal(await p.page.locator('.caption .caption-text').textContent(), result.scenarios[index].caption);
      assert.ok((await p.page.locator('.legend').innerText()).includes('shared cause of the scenario'));
      await assertClean(p, 'shared push');
      await p.page.screenshot({ path: path.join(ARTIFACTS(), 'shared-causes-push.png'), fullPage: true });

      // Clicking a shared item shows its own push; clicking it again clears it.
      await p.page.locator('.canvas g.node[data-shared="edge-rules"]').click();
      const r3 = await p.rendered(3);
      assert.equal(r3.scenario, pushOf('edge-rules'));
      assert.deepEqual(r3.downComponents, ['edge']);
      await p.page.locator('.canvas g.node[data-shared="edge-rules"]').click();
      const r4 = await p.rendered(4);
      assert.equal(r4.scenario, null);
      assert.match((await p.page.locator('.canvas g.node[data-shared="agent"]').getAttribute('aria-label')) ?? '', /^shared agent, used by 2 components\. Show what its push takes down\.$/);
      await assertClean(p, 'shared click');
    } finally {
      await p.close();
    }
  });
});

describe('large designs', () => {
  const text = generateDesign(6000);
  const result = analyze(text, { today: TODAY });
  const fixture = { name: 'generated-6000', file: path.join(repoRoot(), 'generated-6000.redundancy.yaml') };

  test('render folded within the limits and say what was folded; too much detail is explained, not blank', { timeout: 120_000 }, async () => {
    const replicas = result.model!.components.reduce((n, c) => n + c.replicas.length, 0);
    assert.ok(replicas > 1000, `a large design (${replicas} replicas)`);
    const expected = buildDiagram(result);
    assert.ok(expected.nodeCount + expected.subgraphCount <= 80);
    assert.ok(expected.text.length < MERMAID_LIMITS.maxTextSize && expected.edgeCount < MERMAID_LIMITS.maxEdges);
    const p = await openPreview(browser, server, updateOf(fixture, result));
    try {
      const r = await p.rendered(1);
      assert.equal(r.ok, true, `render failed: ${r.error}`);
      assert.equal(r.folded, true);
      assert.equal((await drawnNodes(p.page)).length, expected.nodeCount);
      const notice = await p.page.locator('.notice').innerText();
      assert.match(notice, /levels? (is|are) not drawn to keep the picture under 80 boxes/);
      assert.match(notice, /left out/);
      assert.ok(await p.page.locator('.notice button', { hasText: 'More detail' }).isVisible());
      await p.page.screenshot({ path: path.join(ARTIFACTS(), 'generated-6000.png') });

      await p.page.selectOption('select', 'full');
      const r2 = await p.rendered(2);
      assert.equal(r2.ok, false);
      const problem = await p.page.locator('.problem').innerText();
      assert.match(problem, /too large for Mermaid to draw: [\d,]+ characters \(its limit is 50,000\)/);
      assert.doesNotMatch(problem, /^Syntax error/);
      await p.page.locator('.problem button', { hasText: 'Automatic detail' }).click();
      const r3 = await p.rendered(3);
      assert.equal(r3.ok, true);
      assert.equal(await p.page.locator('.problem').isVisible(), false);
      await assertClean(p, 'large design');
    } finally {
      await p.close();
    }
  });
});
