/**
 * Preview rendering: Mermaid text size and render time in headless Chromium against the
 * replica count (10, 50, 100, 500, 2,000), with the default folding (`auto`) and without
 * it (`full`: every level, one node per replica). Renders go through the real webview
 * (media/preview.js) the way the editor drives it: an `update` message in, a `rendered`
 * message out. Medians of warm renders after one cold render.
 * Run: `npm run bench:render`. Results go in bench/README.md under "Preview rendering".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../src/core/analyze';
import { buildDiagram, MERMAID_LIMITS, type DiagramDetail } from '../src/core/mermaid';
import type { RenderedMessage, UpdateMessage } from '../src/shared/previewMessages';
import { repoRoot } from '../test/helpers/repo';
import { launchChromium, openPreview, requireBundle, startPreviewServer } from '../test/render/harness';

const SIZES = (process.env.BENCH_SIZES ?? '10,50,100,500,2000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** A render slower than this is reported as too slow rather than waited for. */
const RENDER_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 120_000);

/**
 * A design with exactly `replicas` replicas: components of 5 (the last takes the rest)
 * spread over 2 regions × 3 zones × 2 racks with a host each, one version and config per
 * component, a dependency chain with gaps, and consumers of the logs.
 */
export function designWithReplicas(replicas: number): string {
  const lines = ['redundancy: 1', `system: bench-${replicas}`, 'failureDomains: [region, zone, rack, host]', 'components:'];
  const count = Math.ceil(replicas / 5);
  let placed = 0;
  for (let c = 0; c < count; c++) {
    const n = Math.min(5, replicas - placed);
    const kind = c % 4 === 0 ? 'log' : c % 4 === 1 ? 'consumer' : 'stateless';
    lines.push(`  svc-${c}:`, `    kind: ${kind}`);
    if (kind === 'consumer') lines.push(`    consumes: [svc-${c - 1}]`);
    if (c > 0 && c % 3 !== 0) lines.push(`    dependsOn: [svc-${c - 1}]`);
    lines.push('    replicas:');
    const region = c % 2 === 0 ? 'eu-west-1' : 'us-east-1';
    for (let r = 0; r < n; r++) {
      const zone = `${region}${'abc'[(c + r) % 3]}`;
      lines.push(`      - { host: h-${c}-${r}, rack: r${r % 2}, zone: ${zone}, region: ${region}, version: svc-${c}@1.${c % 5}, config: cfg-${c}@${c % 7} }`);
    }
    placed += n;
  }
  return lines.join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Row {
  replicas: number;
  detail: string;
  boxes: number;
  edges: number;
  chars: number;
  generateMs: number;
  outcome: string;
}

async function main(): Promise<void> {
  requireBundle();
  const browser = await launchChromium();
  const server = await startPreviewServer();
  const rows: Row[] = [];
  try {
    for (const replicas of SIZES) {
      const text = designWithReplicas(replicas);
      const result = analyze(text, { today: '2026-11-26' });
      for (const detail of ['auto', 'full'] as DiagramDetail[]) {
        const gen: number[] = [];
        let diagram = buildDiagram(result, { detail });
        for (let i = 0; i < RUNS; i++) {
          const t = performance.now();
          diagram = buildDiagram(result, { detail });
          gen.push(performance.now() - t);
        }
        const row: Row = {
          replicas,
          detail: detail === 'auto' ? 'auto (folded)' : 'full',
          boxes: diagram.nodeCount + diagram.subgraphCount,
          edges: diagram.edgeCount,
          chars: diagram.text.length,
          generateMs: median(gen),
          outcome: '',
        };
        rows.push(row);
        if (!diagram.withinLimits) {
          const over = [];
          if (diagram.text.length > MERMAID_LIMITS.maxTextSize) over.push(`text over maxTextSize ${MERMAID_LIMITS.maxTextSize}`);
          if (diagram.edgeCount > MERMAID_LIMITS.maxEdges) over.push(`edges over maxEdges ${MERMAID_LIMITS.maxEdges}`);
          row.outcome = `not drawn: ${over.join(', ')} (the preview explains and offers less detail)`;
          continue;
        }
        const source = `file:///bench/bench-${replicas}.redundancy.yaml`;
        const update = (version: number): UpdateMessage => ({ type: 'update', source, version, fileName: `bench-${replicas}.redundancy.yaml`, result });
        const page = await openPreview(browser, server, update(1), { state: { source, scenario: null, detail, view: null } });
        try {
          let first: RenderedMessage;
          try {
            first = await page.rendered(1, RENDER_TIMEOUT_MS);
          } catch {
            row.outcome = `no render within ${RENDER_TIMEOUT_MS / 1000} s`;
            continue;
          }
          if (!first.ok) {
            row.outcome = `failed: ${first.error}`;
            continue;
          }
          const warm: RenderedMessage[] = [];
          const roundTrips: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            const t = performance.now();
            await page.send(update(i + 2));
            warm.push(await page.rendered(i + 2, RENDER_TIMEOUT_MS));
            roundTrips.push(performance.now() - t);
          }
          const m = (f: (r: RenderedMessage) => number): string => median(warm.map(f)).toFixed(0);
          row.outcome =
            `first ${first.timings.totalMs.toFixed(0)} ms; warm: parse ${m((r) => r.timings.parseMs)}, render ${m((r) => r.timings.renderMs)}, ` +
            `total ${m((r) => r.timings.totalMs)}, update→rendered ${median(roundTrips).toFixed(0)} ms (${warm[warm.length - 1].layout})`;
        } finally {
          await page.close();
        }
        console.error(`${replicas} ${detail}: ${row.outcome}`);
      }
    }
    // The bundled examples: the goal is an update drawn within 0.3 s.
    const examples: string[] = [];
    const dir = path.join(repoRoot(), 'examples');
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.redundancy.yaml'))
      .sort()) {
      const result = analyze(fs.readFileSync(path.join(dir, file), 'utf8'), { today: '2026-11-26' });
      const diagram = buildDiagram(result);
      const source = `file:///bench/${file}`;
      const update = (version: number): UpdateMessage => ({ type: 'update', source, version, fileName: file, result });
      const page = await openPreview(browser, server, update(1));
      try {
        await page.rendered(1, RENDER_TIMEOUT_MS);
        const totals: number[] = [];
        const roundTrips: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t = performance.now();
          await page.send(update(i + 2));
          totals.push((await page.rendered(i + 2, RENDER_TIMEOUT_MS)).timings.totalMs);
          roundTrips.push(performance.now() - t);
        }
        examples.push(`| ${file} | ${diagram.nodeCount + diagram.subgraphCount} | ${diagram.text.length.toLocaleString('en')} | ${median(totals).toFixed(0)} | ${median(roundTrips).toFixed(0)} |`);
      } finally {
        await page.close();
      }
    }

    const cpus = os.cpus();
    console.log(
      `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; Chromium ${browser.version()}; median of ${RUNS} warm renders`,
    );
    console.log('');
    console.log('| replicas | detail | boxes | edges | Mermaid text (chars) | generate (ms) | Chromium |');
    console.log('|---:|---|---:|---:|---:|---:|---|');
    for (const r of rows) console.log(`| ${r.replicas} | ${r.detail} | ${r.boxes} | ${r.edges} | ${r.chars.toLocaleString('en')} | ${r.generateMs.toFixed(1)} | ${r.outcome} |`);
    console.log('');
    console.log('| example | boxes | Mermaid text (chars) | warm render total (ms) | update→rendered (ms) |');
    console.log('|---|---:|---:|---:|---:|');
    for (const line of examples) console.log(line);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
