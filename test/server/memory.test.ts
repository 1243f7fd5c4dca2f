/**
 * The server keeps V8's young generation at its starting size (memory.ts). Checked in a child
 * process, so the flag does not change how this test process collects its garbage.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';

const memoryModule = path.join(__dirname, '..', '..', 'src', 'server', 'memory.js');

/** The young generation's size after allocating objects that survive several scavenges. */
function youngGenerationMb(keepSmall: boolean): number {
  const script = `
    ${keepSmall ? `require(${JSON.stringify(memoryModule)}).keepYoungGenerationSmall();` : ''}
    let keep = [];
    for (let i = 0; i < 3e6; i++) { keep.push({ a: i, b: [i] }); if (keep.length > 2e5) keep = []; }
    const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size / 2 ** 20));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

test('the young generation stays at its starting size, where by default it grows', () => {
  const grown = youngGenerationMb(false);
  const kept = youngGenerationMb(true);
  assert.ok(kept <= 4, `kept small: ${kept} MB`);
  assert.ok(grown > kept * 2, `by default it grows (${grown} MB against ${kept} MB), or this test proves nothing`);
});
