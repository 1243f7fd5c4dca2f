/**
 * A long-running server holds one analysis per open design and builds a new one on every
 * edit; V8 lets the old ones pile up as garbage until its heap has grown a lot. After the
 * diagnostics are written (see reclaimAfterPublish for when), or when a document is closed, a
 * full collection runs if the heap has grown by half since the last one (by 2× for large
 * heaps), so peak memory stays near that multiple of the live data. It costs a few tens of
 * milliseconds on a 10,000-line design.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * Keep V8's young generation at its starting size. By default it doubles whenever much of it
 * survives a scavenge, and an analysis (whose results all survive) takes it to its maximum of
 * 2 × 16 MB at once; those pages stay resident for the life of the process although every
 * survivor moves on to the old generation anyway. Measured with the acceptance harness: peak
 * RSS 141 → 118 MB at 10,000 lines (bench/README.md), with the young generation in fact at the
 * 8 MB that loading the bundle grew it to (see below). `--max-semi-space-size` would do the
 * same but is read only when the process starts (the server is started as `redundancy-lens
 * lsp --stdio`, without node flags); the growth factor is read at each growth, so setting it
 * here takes effect. It must be set before the bundle loads, which alone grows it to 8 MB:
 * `earlyMemory.ts` calls it first, the CLI's launcher sets the same flag for `lsp`, and
 * `startStdioServer` calls it again for any other way in. Large designs let it grow: see
 * `sizeYoungGeneration`.
 */
export function keepYoungGenerationSmall(): void {
  setGrowthFactor(1);
  growing = false;
}

/**
 * A design of this many characters (about 27,000 lines) has an analysis of ~60 MB or more.
 * Beside it, the young generation's 32 MB are a small part of the server's memory, and a
 * small young generation costs it time: at its starting size (1 MB) a scavenge runs for every
 * megabyte allocated, and each copies what the analysis keeps. Measured with the acceptance
 * harness at 50,000 lines, four pairs alternated (medians of 3): opening took 1,802–2,033 ms
 * with it kept small and 1,582–1,663 ms with it grown, the first change 642–759 against
 * 599–667 ms, for ~20 MB more peak memory (266–283 against 292–299 MB; bench/README.md). At
 * 10,000 lines it would be 20 MB more (121 → 142 MB) for no time measurably saved, so smaller
 * designs keep it small.
 */
export const LARGE_DESIGN_CHARS = 1_000_000;

let growing = false;

/**
 * Let the young generation grow while a large design is open (`largestDesignChars`: the
 * longest open design's text); once they are all closed it grows no further. It does not
 * shrink again: V8 keeps the space it has grown to, at most the 32 MB above.
 */
export function sizeYoungGeneration(largestDesignChars: number): void {
  const grow = largestDesignChars >= LARGE_DESIGN_CHARS;
  if (grow === growing) return;
  growing = grow;
  // 2 is V8's default.
  setGrowthFactor(grow ? 2 : 1);
}

function setGrowthFactor(factor: number): void {
  try {
    v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  } catch {
    // An engine without the flag keeps its default.
  }
}

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Heap in use right after the last collection (the live data, roughly). */
let liveAfterLastCollection = 0;
const SLACK_BYTES = 16 * 1024 * 1024;
/**
 * Large heaps collect less often: a full collection of 150 MB costs ~100 ms. It runs once the
 * diagnostics are written, but an edit that arrives meanwhile waits for it; at 2× a 50,000-line
 * design collects about every third edit and peaks near 450 MB (2.5×: every fifth, ~500 MB).
 */
const GROWTH_SMALL = 1.5;
const GROWTH_LARGE = 2;
const LARGE_BYTES = 100 * 1024 * 1024;

export function reclaimIfGrown(): boolean {
  const used = process.memoryUsage().heapUsed;
  const growth = liveAfterLastCollection > LARGE_BYTES ? GROWTH_LARGE : GROWTH_SMALL;
  if (used < liveAfterLastCollection * growth + SLACK_BYTES) return false;
  return reclaimNow();
}

/** A full collection now, whatever the heap's growth; false when the engine offers none. */
function reclaimNow(): boolean {
  const gc = collector();
  if (!gc) return false;
  gc();
  liveAfterLastCollection = process.memoryUsage().heapUsed;
  return true;
}

/** Quiet time after the last diagnostics before collecting: longer than a pause between keystrokes. */
const IDLE_MS = 750;
let idle: ReturnType<typeof setTimeout> | null = null;

/** Whether the pending collection runs even if the heap has not grown (a document was closed). */
let forced = false;

/** Collect (if grown) once nothing has happened for IDLE_MS; `delayMs` 0 collects on the next turn. */
export function reclaimWhenIdle(delayMs = IDLE_MS): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    idle = null;
    const force = forced;
    forced = false;
    if (force) reclaimNow();
    else reclaimIfGrown();
  }, delayMs);
  // A pending collection never keeps the process alive.
  idle.unref?.();
}

/**
 * A document was closed: its whole analysis is garbage. Collected on the next turn (closes in
 * one burst share one collection) even when the heap has not grown by the usual factor — on a
 * large design it is less than that (a 50,000-line design's ~150 MB against 2 × 150 MB), and
 * the next document opened would otherwise build its analysis on top of it: the acceptance
 * harness, opening a fresh 50,000-line design after each close, peaked at 405 MB after three
 * against 258 MB after one. Nothing waits for a close, so the collection costs no latency.
 */
export function reclaimAfterClose(): void {
  forced = true;
  reclaimWhenIdle(0);
}

/** Something happened (a change): a pending collection waits for the next quiet moment. */
export function postponeReclaim(): void {
  if (idle) reclaimWhenIdle();
}

/**
 * After a publish. A heap of over 100 MB (a design of tens of thousands of lines) is collected
 * at once if it has grown: left for later, the next edit's analysis would build on top of all
 * that garbage, and at 50,000 lines peak memory rose by ~70 MB. A smaller heap is collected
 * when idle, so the keystroke that follows the diagnostics does not wait for the collection.
 */
export function reclaimAfterPublish(): void {
  if (process.memoryUsage().heapUsed > LARGE_BYTES) reclaimIfGrown();
  else reclaimWhenIdle();
}
