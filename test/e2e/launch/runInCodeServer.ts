// Runs the extension's end-to-end suite inside a real VS Code: code-server with its Node
// extension host, driven by headless Debian Chromium. Exits with the suite's exit code.
//
//   node out-e2e/launch/runInCodeServer.js --extension <dir> --tests <compiled suite dir>
//        --workspace <dir> [--env KEY=VALUE]... [--timeout <ms>]
//
// Environment: VSCODE_HOST_DIR (default <repo>/.vscode-host), CHROMIUM_PATH (default
// /usr/bin/chromium), E2E_TIMEOUT_MS (default 180000; --timeout wins), E2E_KEEP_TEMP=1
// keeps the temporary folder, E2E_ARTIFACTS_DIR receives a screenshot and the logs of a
// failed run.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startCodeServer, writeQuietUserSettings, type CodeServer } from './codeServer';
import { answerProbe, PROBE_PREFIX, type ProbeRequest } from './domProbe';

export interface RunArgs {
  extension: string;
  tests: string;
  workspace: string;
  env: Record<string, string>;
  timeoutMs: number;
}

export const USAGE = 'usage: --extension <extension dir> --tests <compiled suite dir> --workspace <dir> [--env KEY=VALUE]... [--timeout <ms>]';

/** Parses the arguments shared by both launchers; paths come back absolute and checked. */
export function parseArgs(argv: string[]): RunArgs {
  const values: Partial<Record<'extension' | 'tests' | 'workspace' | 'timeout', string>> = {};
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === '--env') {
      const eq = value.indexOf('=');
      if (eq <= 0) throw new Error(`--env expects KEY=VALUE, got ${value}`);
      env[value.slice(0, eq)] = value.slice(eq + 1);
    } else if (flag === '--extension' || flag === '--tests' || flag === '--workspace' || flag === '--timeout') {
      values[flag.slice(2) as keyof typeof values] = value;
    } else {
      throw new Error(`unknown argument ${flag}\n${USAGE}`);
    }
  }
  const { extension, tests, workspace } = values;
  if (!extension || !tests || !workspace) throw new Error(USAGE);
  const timeoutText = values.timeout ?? process.env.E2E_TIMEOUT_MS ?? '180000';
  const timeoutMs = Number(timeoutText);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`bad timeout ${timeoutText}`);
  const args = { extension: path.resolve(extension), tests: path.resolve(tests), workspace: path.resolve(workspace), env, timeoutMs };
  if (!fs.existsSync(path.join(args.extension, 'package.json'))) {
    throw new Error(`${args.extension} has no package.json: --extension must be the extension's folder`);
  }
  if (!fs.existsSync(args.tests)) throw new Error(`--tests ${args.tests} does not exist (compile the suite first)`);
  if (!fs.statSync(args.workspace).isDirectory()) throw new Error(`--workspace ${args.workspace} is not a folder`);
  return args;
}

/** Tests may edit files: they get a copy, so a failed run never leaves a fixture changed. */
export function copyWorkspace(workspace: string, tempRoot: string): string {
  const copy = path.join(tempRoot, 'workspace');
  fs.cpSync(workspace, copy, { recursive: true });
  return copy;
}

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface SuiteExit {
  code: number;
  /** The workbench's own log files, as the smoke-test driver hands them over. */
  browserLogs: { relativePath: string; contents: string }[];
}

export async function runInCodeServer(args: RunArgs): Promise<number> {
  const started = Date.now();
  const since = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const log = (message: string): void => console.error(`[e2e] ${message}`);
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'redundancy-e2e-'));
  const userDataDir = path.join(tempRoot, 'data');

  // Every wait below is cut short by `stop`: the deadline, a signal (the server is
  // detached and would not see the terminal's Ctrl-C), the server, browser or page going
  // away. `finally` then cleans up whatever had started.
  let stop!: (error: Error) => void;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => undefined);
  const deadline = setTimeout(() => stop(new Error(`the run did not finish within ${args.timeoutMs} ms`)), args.timeoutMs);
  const onSignal = (signal: NodeJS.Signals): void => stop(new Error(`interrupted by ${signal}`));
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  const guard = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, stopped]);

  let starting: Promise<CodeServer> | undefined;
  let launching: Promise<BrowserContext> | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let stopping = false;
  let exitCode = 1;
  try {
    const workspace = copyWorkspace(args.workspace, tempRoot);
    writeQuietUserSettings(userDataDir);
    starting = startCodeServer({
      homeDir: path.join(tempRoot, 'home'),
      userDataDir,
      extensionsDir: path.join(tempRoot, 'extensions'),
      startTimeoutMs: Math.min(args.timeoutMs, 60000),
      onOutput: (line) => {
        // Only its errors are news; lines printed while it is being stopped are not.
        if (!stopping && /\berror\b/i.test(line) && !isOfflineNoise(line)) log(`code-server: ${line}`);
      },
    });
    const server = await guard(starting);
    log(`code-server listening on ${server.origin} after ${since()}`);
    void server.exited.then((how) => stop(new Error(`code-server exited (${how}) during the run`)));

    // The harness starts each of its lines with this tag, which tells them apart from
    // the workbench's own log lines: both reach codeAutomationLog the same way.
    const outputTag = `[e2e-out:${randomBytes(6).toString('hex')}] `;
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(args.extension)],
      ['extensionTestsPath', remote(args.tests)],
      ['extensionEnvironment', JSON.stringify({ ...args.env, E2E_OUTPUT_TAG: outputTag })],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    launching = chromium.launchPersistentContext(path.join(tempRoot, 'chromium'), {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
      // Its crash reporter writes under HOME.
      env: { ...process.env, HOME: path.join(tempRoot, 'home') },
      timeout: Math.min(args.timeoutMs, 60000),
      // Playwright's own handlers exit the process on Ctrl-C before our cleanup has run.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: { width: 1280, height: 800 },
    });
    context = await guard(launching);
    context.once('close', () => stop(new Error('Chromium closed during the run')));
    let suiteExited!: (exit: SuiteExit) => void;
    const suiteExit = new Promise<SuiteExit>((resolve) => (suiteExited = resolve));
    // Both must exist before the workbench loads: it looks them up when the suite starts.
    await guard(
      context.exposeFunction('codeAutomationExit', (code: number, browserLogs: unknown) => {
        suiteExited({ code, browserLogs: Array.isArray(browserLogs) ? browserLogs : [] });
      }),
    );
    await guard(
      context.exposeFunction('codeAutomationLog', (type: string, message: unknown) => {
        const probe = probeRequest(message, outputTag);
        if (probe && page) void answerProbe(page, probe, artifactsDir());
        else printAutomationLog(type, message, outputTag);
      }),
    );
    const workbench = context.pages()[0] ?? (await guard(context.newPage()));
    page = workbench;
    workbench.once('crash', () => stop(new Error('the workbench page crashed')));

    await guard(workbench.goto(url, { waitUntil: 'domcontentloaded', timeout: args.timeoutMs }));
    workbench
      .waitForSelector('.monaco-workbench', { timeout: args.timeoutMs })
      .then(() => log(`workbench ready after ${since()}`))
      .catch(() => undefined);

    const exit = await guard(suiteExit);
    exitCode = exit.code;
    log(`suite exited with code ${exit.code} after ${since()}`);
    if (exitCode !== 0) await saveArtifacts(workbench, exit.browserLogs, userDataDir, log);
  } catch (error) {
    log(`FAILED: ${(error as Error).message}`);
    exitCode = 1;
    if (page) await saveArtifacts(page, [], userDataDir, log);
  } finally {
    stopping = true;
    clearTimeout(deadline);
    printExtensionHostLog(userDataDir);
    // A browser or server that was still starting is stopped too once it is up: it
    // would otherwise write into the folder removed below.
    await launching
      ?.then(
        (browser) => browser.close(),
        () => undefined,
      )
      .catch(() => undefined);
    await starting?.then(
      (server) => server.stop(),
      () => undefined,
    );
    for (const signal of signals) process.removeListener(signal, onSignal);
    if (process.env.E2E_KEEP_TEMP === '1') {
      log(`kept ${tempRoot}`);
    } else {
      fs.rmSync(tempRoot, { recursive: true, force: true });
    }
  }
  log(`done in ${since()}, exit code ${exitCode}`);
  return exitCode;
}

/** Screenshots the suite asks for go here: E2E_ARTIFACTS_DIR, else test-artifacts/e2e. */
function artifactsDir(): string {
  return path.resolve(process.env.E2E_ARTIFACTS_DIR ?? path.join('test-artifacts', 'e2e'));
}

/** A suite line asking to read a webview's DOM (see domProbe.ts), or null. */
function probeRequest(message: unknown, outputTag: string): ProbeRequest | null {
  const text = Array.isArray(message) ? message.map(String).join(' ') : String(message);
  if (!text.startsWith(outputTag + PROBE_PREFIX)) return null;
  try {
    const request = JSON.parse(text.slice(outputTag.length + PROBE_PREFIX.length)) as ProbeRequest;
    return typeof request.selector === 'string' && typeof request.answer === 'string' ? request : null;
  } catch {
    return null;
  }
}

/**
 * The workbench's log in test mode, which also carries the extension host's console.
 * The suite's own lines (tagged by the harness) go to stdout bare, so that its closing
 * `N passed, N failed` line stands alone on a line as the CI reads it; the workbench's
 * warnings and errors go to stderr, the rest only with E2E_VERBOSE=1.
 */
function printAutomationLog(type: string, message: unknown, outputTag: string): void {
  const text = Array.isArray(message) ? message.map(String).join(' ') : String(message);
  if (text.startsWith(outputTag)) {
    console.log(text.slice(outputTag.length));
  } else if (process.env.E2E_VERBOSE === '1' || ((type === 'error' || type === 'warn') && !isOfflineNoise(text))) {
    console.error(`[vscode ${type}] ${text}`);
  }
}

/** The machine is offline by design: failed gallery and telemetry look-ups are expected. */
function isOfflineNoise(text: string): boolean {
  return /ENOTFOUND|ERR_NAME_NOT_RESOLVED|open-vsx\.org|telemetry/i.test(text);
}

/** The remote extension host writes its log under the server's user data folder. */
function printExtensionHostLog(userDataDir: string): void {
  for (const file of findFiles(path.join(userDataDir, 'logs'), (f) => /exthost\.log$/.test(f))) {
    const contents = fs.readFileSync(file, 'utf8').trimEnd();
    if (!contents) continue;
    console.error(`[e2e] ---- ${path.relative(userDataDir, file)} ----`);
    console.error(contents);
    console.error('[e2e] ---- end ----');
  }
}

async function saveArtifacts(page: Page, browserLogs: SuiteExit['browserLogs'], userDataDir: string, log: (message: string) => void): Promise<void> {
  const dir = process.env.E2E_ARTIFACTS_DIR;
  if (!dir) return;
  const target = path.resolve(dir, `e2e-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(target, { recursive: true });
  await page.screenshot({ path: path.join(target, 'workbench.png'), timeout: 10000 }).catch(() => undefined);
  for (const entry of browserLogs) {
    const file = path.join(target, 'browser-logs', entry.relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.contents);
  }
  const serverLogs = path.join(userDataDir, 'logs');
  if (fs.existsSync(serverLogs)) fs.cpSync(serverLogs, path.join(target, 'server-logs'), { recursive: true });
  log(`artifacts in ${target}`);
}

function findFiles(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(keep)
    .sort();
}

if (require.main === module) {
  let args: RunArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  runInCodeServer(args).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
