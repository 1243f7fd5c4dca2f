/**
 * The server keeps V8's young generation at its starting size (memory.ts). Checked in a child
 * process, so the flag does not change how this test process collects its garbage.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LspClient } from '../helpers/lspClient';
import { cliPath, makeTempDir, removeTempDir, repoRoot } from '../helpers/repo';
import { LARGE_DESIGN_CHARS } from '../../src/server/memory';

const memoryModule = path.join(__dirname, '..', '..', 'src', 'server', 'memory.js');

/** Code, for the child processes' scripts: the young generation's size in bytes, now. */
const YOUNG_GENERATION_BYTES = "require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size";

/** The young generation's size after allocating objects that survive several scavenges, after `setup` (memory.ts's functions). */
function youngGenerationMb(setup: string): number {
  const script = `
    const memory = require(${JSON.stringify(memoryModule)});
    ${setup}
    let keep = [];
    for (let i = 0; i < 3e6; i++) { keep.push({ a: i, b: [i] }); if (keep.length > 2e5) keep = []; }
    process.stdout.write(String(${YOUNG_GENERATION_BYTES} / 2 ** 20));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

test('the young generation stays at its starting size, where by default it grows', () => {
  const grown = youngGenerationMb('');
  const kept = youngGenerationMb('memory.keepYoungGenerationSmall();');
  assert.ok(kept <= 4, `kept small: ${kept} MB`);
  assert.ok(grown > kept * 2, `by default it grows (${grown} MB against ${kept} MB), or this test proves nothing`);
});

test('a large design open lets it grow; with only smaller ones it stays small, and closing the large one stops its growth', () => {
  const start = 'memory.keepYoungGenerationSmall();';
  const small = youngGenerationMb(`${start} memory.sizeYoungGeneration(memory.LARGE_DESIGN_CHARS - 1);`);
  const large = youngGenerationMb(`${start} memory.sizeYoungGeneration(memory.LARGE_DESIGN_CHARS);`);
  const closed = youngGenerationMb(`${start} memory.sizeYoungGeneration(memory.LARGE_DESIGN_CHARS); memory.sizeYoungGeneration(0);`);
  // Closed after it had started to grow: it keeps what it has (V8 does not shrink it) but grows no further.
  const grownThenClosed = youngGenerationMb(`${start} memory.sizeYoungGeneration(memory.LARGE_DESIGN_CHARS);
    const young = () => ${YOUNG_GENERATION_BYTES};
    let held = [];
    while (young() < 4 * 2 ** 20) held.push({ a: held.length, b: [held.length] });
    memory.sizeYoungGeneration(0);`);
  assert.ok(small <= 4, `small designs: ${small} MB`);
  assert.ok(large > small * 2, `a large design: ${large} MB against ${small} MB`);
  assert.ok(closed <= 4, `after the large design closed, before it grew: ${closed} MB`);
  assert.ok(grownThenClosed > small && grownThenClosed < large, `closed after one growth: ${grownThenClosed} MB, between ${small} and ${large}`);
});

/**
 * Whether a full collection ran within a turn of `call` (memory.ts's function of that name),
 * after 40 MB of garbage: less than the growth that makes `reclaimIfGrown` collect once the
 * heap has been collected with ~80 MB live, so only a close collects it.
 */
function collectsAfter(call: 'reclaimAfterClose' | 'reclaimWhenIdle'): boolean {
  const script = `
    const memory = require(${JSON.stringify(memoryModule)});
    const { PerformanceObserver, constants } = require('node:perf_hooks');
    const live = Array.from({ length: 8e5 }, (_, i) => ({ i, s: 'x' + i }));
    memory.reclaimIfGrown(); // a first collection: the live data is known
    let garbage = Array.from({ length: 4e5 }, (_, i) => ({ i, s: 'y' + i }));
    garbage = null;
    let major = 0;
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
    });
    observer.observe({ entryTypes: ['gc'] });
    memory.${call}(0);
    setTimeout(() => setImmediate(() => {
      observer.disconnect();
      process.stdout.write(String(major > 0 && live.length > 0));
    }), 20);`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }) === 'true';
}

test("a close collects the closed document's garbage even when the heap has not grown by half", () => {
  assert.equal(collectsAfter('reclaimWhenIdle'), false, 'an idle moment without growth collects nothing, or this test proves nothing');
  assert.equal(collectsAfter('reclaimAfterClose'), true);
});

/** A `--require` script (in `dir`) that writes the young generation's size to stderr as the process exits. */
function exitProbe(dir: string): string {
  const probe = path.join(dir, 'probe.js');
  fs.writeFileSync(probe, `process.on('exit', () => process.stderr.write('new space ' + ${YOUNG_GENERATION_BYTES} / 2 ** 20 + '\\n'));`);
  return probe;
}

function reportedSize(stderr: string): number {
  const mb = /new space (\d+(?:\.\d+)?)/.exec(stderr);
  assert.ok(mb, `no size reported: ${stderr}`);
  return Number(mb[1]);
}

/**
 * The young generation's size in a server process started as editors start it, read as the
 * process exits (its input closed at once, after the bundle has loaded).
 */
function youngGenerationOfProcess(args: readonly string[]): number {
  const dir = makeTempDir();
  try {
    const run = spawnSync(process.execPath, ['--require', exitProbe(dir), ...args], { input: '', encoding: 'utf8', cwd: repoRoot() });
    return reportedSize(run.stderr);
  } finally {
    removeTempDir(dir);
  }
}

test('both ways of starting the server keep the young generation small while the bundle loads', () => {
  const bundle = path.join(repoRoot(), 'dist', 'cli.js');
  const loadedPlainly = youngGenerationOfProcess(['-e', `require(${JSON.stringify(bundle)})`]);
  const viaCli = youngGenerationOfProcess([cliPath(), 'lsp', '--stdio']);
  const viaServerBundle = youngGenerationOfProcess([path.join(repoRoot(), 'dist', 'server.js'), '--stdio']);
  assert.ok(viaCli <= 2, `redundancy-lens lsp --stdio: ${viaCli} MB`);
  assert.ok(viaServerBundle <= 2, `dist/server.js: ${viaServerBundle} MB`);
  assert.ok(loadedPlainly > viaCli * 2, `loading the bundle without it grows the young generation (${loadedPlainly} MB), or this test proves nothing`);
});

/** A design of at least `chars` characters: a chain of components, each on its own lines. */
function designOf(chars: number): string {
  const lines = ['redundancy: 1', 'system: young-generation', 'components:'];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const component = [
      `  c${i}:`,
      `    kind: ${i % 2 ? 'stateless' : 'store'}`,
      ...(i > 0 ? [`    dependsOn: [c${i - 1}]`] : []),
      '    replicas:',
      `      - { count: 3, spread: { zone: [a, b, c] }, region: x, version: v${i % 3}, config: k${i % 2} }`,
    ];
    lines.push(...component);
    length += component.join('\n').length + 1;
  }
  return lines.join('\n') + '\n';
}

/**
 * The young generation's size in a running server after it published diagnostics for `text`,
 * read as it exits, and how many of them were errors (an analysis cut short would prove nothing).
 */
async function youngGenerationAfterOpening(text: string): Promise<{ mb: number; errors: number }> {
  const dir = makeTempDir();
  const client = new LspClient({ nodeArgs: ['--require', exitProbe(dir)] });
  let errors = -1;
  try {
    await client.initialize();
    const uri = 'file:///young-generation.redundancy.yaml';
    await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, () => true, 60_000);
    errors = published.diagnostics.filter((d) => d.severity === 1).length;
  } finally {
    // Also when something above failed: a server left running would keep the test file alive.
    await client.shutdown();
    removeTempDir(dir);
  }
  return { mb: reportedSize(client.stderr.join('')), errors };
}

test('over LSP: the young generation grows while a large design is open, and not for a smaller one', async () => {
  const large = designOf(LARGE_DESIGN_CHARS);
  // The same design, a few components short of the threshold: an analysis nearly as large.
  const smaller = large.slice(0, large.lastIndexOf('\n  c', LARGE_DESIGN_CHARS - 2000) + 1);
  assert.ok(large.length >= LARGE_DESIGN_CHARS && smaller.length < LARGE_DESIGN_CHARS && smaller.length > LARGE_DESIGN_CHARS * 0.99);
  const afterSmaller = await youngGenerationAfterOpening(smaller);
  const afterLarge = await youngGenerationAfterOpening(large);
  assert.deepEqual([afterSmaller.errors, afterLarge.errors], [0, 0], 'both designs are analysed whole');
  assert.ok(afterSmaller.mb <= 2, `below the threshold: ${afterSmaller.mb} MB`);
  assert.ok(afterLarge.mb > afterSmaller.mb * 2, `a large design: ${afterLarge.mb} MB against ${afterSmaller.mb} MB`);
});
