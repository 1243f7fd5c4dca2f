/**
 * The outage library in the preview, in headless Chromium with the real Mermaid: for every
 * design whose shared item's push is a finding, a user can pick that push in "What if…" and
 * see everything it takes down marked down, with the caption that names the push.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import { buildDiagram } from '../../src/core/mermaid';
import { downThroughDependencies } from '../../src/core/scenarios';
import { repoRoot } from '../helpers/repo';
import { ARTIFACTS, drawnNodes, launchChromium, openPreview, requireBundle, startPreviewServer, type PreviewServer } from './harness';

const TODAY = '2026-11-26';

let browser: Browser;
let server: PreviewServer;

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

describe('the outage library in the preview', () => {
  const dir = path.join(repoRoot(), 'examples', 'outages');
  const designs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.redundancy.yaml'))
    .sort()
    .map((f) => ({ file: path.join(dir, f), name: f.replace(/\.redundancy\.yaml$/, '') }))
    .map((d) => ({ ...d, result: analyze(fs.readFileSync(d.file, 'utf8'), { today: TODAY }) }))
    .filter((d) => d.result.findings.some((f) => f.rule === 'shared-push'));

  test('most outage designs have a shared push to pick', () => assert.ok(designs.length >= 8, `${designs.length}`));

  for (const { file, name, result } of designs) {
    test(`${name}: picking the shared push marks every component it takes down`, { timeout: 120_000 }, async () => {
      const push = result.findings.find((f) => f.rule === 'shared-push')!.scenario!;
      const index = result.scenarios.findIndex((s) => s.threat === push.threat && s.value === push.value);
      assert.ok(index >= 0, `the ${push.threat} ${push.value} scenario is listed`);
      const scenario = result.scenarios[index];
      const down = new Set([...scenario.componentsDownDirectly, ...downThroughDependencies(result.model!, scenario.componentsDownDirectly)]);
      assert.ok(down.size >= 1);
      const p = await openPreview(browser, server, { type: 'update', source: `file://${file}`, version: 1, fileName: path.basename(file), result });
      try {
        await p.rendered(1);
        const button = p.page.locator(`.scenario-list button.scenario[data-scenario="${index}"]`);
        assert.equal(await button.count(), 1, 'the push is in the first items of "What if…"');
        assert.equal(await button.locator('.scenario-name').textContent(), `${push.threat} ${push.value}`);
        await button.click();
        const rendered = await p.rendered(2);
        assert.equal(rendered.ok, true, `render failed: ${rendered.error}`);
        assert.equal(rendered.scenario, index);
        const nodes = await drawnNodes(p.page);
        const marked = buildDiagram(result, { scenario: index });
        const downNodes = nodes.filter((n) => n.classes.includes('down'));
        assert.deepEqual(
          downNodes.map((n) => n.id).sort(),
          marked.nodes
            .filter((n) => n.state === 'down')
            .map((n) => n.id)
            .sort(),
          'nodes marked down',
        );
        assert.deepEqual(new Set(downNodes.map((n) => n.component)), down, 'every component the push takes down, and only those, is drawn down');
        assert.equal(await p.page.locator('.caption .caption-text').textContent(), scenario.caption);
        assert.match(scenario.caption, new RegExp(`^A bad (release|config push) (of|to) ${push.value} → `));
        await p.page.screenshot({ path: path.join(ARTIFACTS(), `outage-${name}-shared-push.png`), fullPage: true });
      } finally {
        await p.close();
      }
    });
  }
});
