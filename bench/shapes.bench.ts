/**
 * The shapes that once made the analysis quadratic — a long dependency chain and a wide
 * fan-in on one dependency — at growing sizes: `check --format json` end to end through the
 * CLI (a fresh process per size, so peak RSS is that size's), its wall time, peak RSS and
 * output size. Linear means doubling the components doubles each column.
 * Run: `npm run bench:shapes` (BENCH_SHAPE_SIZES=2000,4000 to choose sizes).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chainDesign, fanInDesign } from './shapes';

const SIZES = (process.env.BENCH_SHAPE_SIZES ?? '2500,5000,10000,20000').split(',').map(Number);
const cli = path.join(__dirname, '..', '..', 'bin', 'redundancy-lens.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapes-bench-'));

const rows: string[] = [];
for (const [name, make] of [
  ['chain', chainDesign],
  ['fan-in', fanInDesign],
] as const) {
  for (const n of SIZES) {
    const file = path.join(dir, `${name}-${n}.redundancy.yaml`);
    fs.writeFileSync(file, make(n));
    // /usr/bin/time would be one more dependency: the child reports its own peak RSS on exit instead.
    const start = performance.now();
    const run = spawnSync(process.execPath, ['--require', path.join(__dirname, 'reportRss.js'), cli, 'check', file, '--format', 'json', '--fail-on', 'never'], {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`${name} ${n}: exit ${run.status}: ${run.stderr}`);
    const rss = /peak-rss-mb (\d+)/.exec(run.stderr)?.[1] ?? '?';
    const findings = (JSON.parse(run.stdout) as { files: { findings: unknown[] }[] }).files[0].findings.length;
    rows.push(`| ${name} | ${n.toLocaleString('en-US')} | ${(ms / 1000).toFixed(1)} s | ${rss} MB | ${(run.stdout.length / 1e6).toFixed(1)} MB | ${findings.toLocaleString('en-US')} |`);
    console.error(rows[rows.length - 1]);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
console.log('| shape | components | check, wall | peak RSS | JSON out | findings |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
