/**
 * When a change is analysed at once and when it waits for the timer (in-process, on a clock
 * the schedule reads; nothing here waits for a timer).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Designs } from '../../src/server/designs';

const TODAY = '2026-11-26';
const doc = (text: string, version = 1) => TextDocument.create('file:///x.redundancy.yaml', 'redundancy-yaml', version, text);

describe('scheduling analyses', () => {
  const DESIGN = 'redundancy: 1\nsystem: s\ncomponents:\n  a:\n    kind: stateless\n    replicas: [{ host: h1 }]\n';
  const URI = 'file:///x.redundancy.yaml';
  const latest = () => undefined;
  // Delays no test waits for: whatever is not analysed synchronously here waits for its timer.
  const LONG = 10_000;
  /** Designs that record which document versions they analysed. */
  const recording = () => {
    const analysed: number[] = [];
    return {
      analysed,
      designs: new Designs(
        () => TODAY,
        (e) => analysed.push(e.document.version),
      ),
    };
  };

  test('a change handled just after the diagnostics went out had queued behind them: it waits for the timer', () => {
    const { analysed, designs } = recording();
    designs.schedule(doc(DESIGN, 1), 0, latest);
    assert.deepEqual(analysed, [1], 'opened: at once');
    designs.settled(URI);
    designs.schedule(doc(DESIGN.replace('h1', 'h2'), 2), LONG, latest);
    assert.deepEqual(analysed, [1]);
    designs.close(URI);
  });

  test('the first change after a quiet spell is analysed at once; the next one, right behind it, waits', () => {
    const { analysed, designs } = recording();
    designs.schedule(doc(DESIGN, 1), 0, latest);
    designs.settled(URI);
    // A minute passes — on the clock the schedule reads, not by waiting.
    const real = performance.now.bind(performance);
    performance.now = () => real() + 60_000;
    try {
      designs.schedule(doc(DESIGN.replace('h1', 'h2'), 2), LONG, latest);
      assert.deepEqual(analysed, [1, 2], 'at once');
      designs.schedule(doc(DESIGN.replace('h1', 'h3'), 3), LONG, latest);
      assert.deepEqual(analysed, [1, 2], 'typing on: the timer');
    } finally {
      performance.now = real;
      designs.close(URI);
    }
  });
});
