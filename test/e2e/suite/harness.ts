// A tiny test framework for the suite that runs inside VS Code's extension host.
// Mocha is not needed for a handful of sequential tests, and its "N passing" line is
// not what the CI reads; this prints the plain `N passed, N failed` line.
//
// A suite folder's index module imports its test files (which call `test`) and
// re-exports `run`; VS Code's test loader calls that `run` and turns its promise into
// the process exit code (resolved -> 0, rejected -> 1).

export type TestFn = () => void | Promise<void>;

export interface TestOptions {
  /** Per-test limit; default E2E_TEST_TIMEOUT_MS from the extension host's env, else 30000. */
  timeoutMs?: number;
}

interface TestCase {
  name: string;
  fn: TestFn;
  timeoutMs: number;
}

const tests: TestCase[] = [];
let running = false;

function defaultTimeoutMs(): number {
  const fromEnv = Number(process.env.E2E_TEST_TIMEOUT_MS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 30000;
}

/**
 * Prints one line (or block) of suite output. Under runInCodeServer the extension
 * host's console reaches the launcher mixed with the workbench's own log, so each line
 * starts with the tag it passes in E2E_OUTPUT_TAG; the launcher strips the tag and
 * prints the rest bare. Without the variable (desktop VS Code) lines print as they are.
 */
export function log(text: string): void {
  console.log(`${process.env.E2E_OUTPUT_TAG ?? ''}${text}`);
}

/** Registers a test; tests run in registration order, one at a time. */
export function test(name: string, fn: TestFn, options: TestOptions = {}): void {
  if (running) throw new Error(`test("${name}") registered while the suite is running`);
  tests.push({ name, fn, timeoutMs: options.timeoutMs ?? defaultTimeoutMs() });
}

/**
 * Settles with `promise`, or rejects once `ms` have passed. For waiting on an event
 * (a diagnostic, an activation) instead of sleeping.
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

/** Runs every registered test; rejects when any failed, or when none was registered. */
export async function run(): Promise<void> {
  running = true;
  const suiteStart = Date.now();
  let passed = 0;
  let failed = 0;
  for (const { name, fn, timeoutMs } of tests) {
    const start = Date.now();
    try {
      await withTimeout(Promise.resolve().then(fn), timeoutMs, `test "${name}" (per-test timeout)`);
      passed++;
      log(`ok - ${name} (${Date.now() - start} ms)`);
    } catch (error) {
      failed++;
      log(`FAILED - ${name} (${Date.now() - start} ms)`);
      log(indent(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    }
  }
  log(`suite finished in ${Date.now() - suiteStart} ms`);
  log(`${passed} passed, ${failed} failed`);
  if (tests.length === 0) throw new Error('no test was registered: does the suite index import its test files?');
  if (failed > 0) throw new Error(`${failed} of ${tests.length} tests failed`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
