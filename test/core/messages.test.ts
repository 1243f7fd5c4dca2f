/** The wording helpers that messages, captions and the model's limits share. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedChain, grouped } from '../../src/core/messages';

test('grouped writes a count as en-US does', () => {
  const samples = [0, 7, 999, 1000, 1001, 9999, 10000, 123456, 1000000, 3996, 200000, 987654321, Number.MAX_SAFE_INTEGER];
  // Seeded (a linear congruential generator), so a failure repeats.
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 500; i++) samples.push(Math.floor(next() * 10 ** (1 + (i % 12))));
  for (const n of samples) assert.equal(grouped(n), n.toLocaleString('en-US'), String(n));
});

test("a long chain's hidden hops are a grouped count", () => {
  assert.equal(boundedChain(['api', 'orders', 'stock', 'c1', 'c0'], 4000, 'c0'), 'api → orders → stock → … 3,996 more … → c0');
});
