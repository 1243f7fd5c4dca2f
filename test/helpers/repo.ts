/**
 * Test helpers shared by the suites: where the repository is, a scratch folder, and the
 * built CLI run as a real child process.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let root: string | undefined;

/** The folder holding the package.json named `redundancy-lens`, found from this file (works from out/). */
export function repoRoot(): string {
  if (root !== undefined) return root;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown };
      if (pkg.name === 'redundancy-lens') return (root = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json named redundancy-lens above ${__dirname}`);
    dir = parent;
  }
}

export function cliPath(): string {
  return path.join(repoRoot(), 'bin', 'redundancy-lens.js');
}

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** A fresh folder under os.tmpdir(); remove it with `removeTempDir`. */
export function makeTempDir(prefix = 'redundancy-lens-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Write files (relative path -> content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

export interface RunResult {
  /** Exit status; -1 when the process was killed by a signal. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Merged over the parent's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  input?: string;
  /** Kill the child and reject after this long (default 30 s). */
  timeoutMs?: number;
}

/** Variables that would change colour or test-runner behaviour in the child unless a test sets them. */
const SCRUBBED = ['FORCE_COLOR', 'NO_COLOR', 'NODE_TEST_CONTEXT', 'REDUNDANCY_LENS_TODAY'];

/** Run `bin/redundancy-lens.js` with `args` in a child Node process. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUBBED.includes(k)) env[k] = v;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], { cwd: options.cwd ?? repoRoot(), env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redundancy-lens ${args.join(' ')} did not finish in ${options.timeoutMs ?? 30000} ms`));
    }, options.timeoutMs ?? 30000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {
      // The CLI may exit without reading stdin; a broken pipe here is expected.
    });
    child.stdin.end(options.input ?? '');
  });
}
