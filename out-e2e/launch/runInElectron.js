"use strict";
// Runs the same in-VS Code suite in desktop VS Code through @vscode/test-electron, which
// downloads VS Code on first use (into .vscode-test/). Machines that reach only the npm
// registry cannot download it (ENOTFOUND update.code.visualstudio.com): there, use
// runInCodeServer. Same arguments:
//
//   node out-e2e/launch/runInElectron.js --extension <dir> --tests <compiled suite dir>
//        --workspace <dir> [--env KEY=VALUE]... [--timeout <ms>]
//
// VSCODE_TEST_VERSION picks the VS Code version (default: the latest stable);
// VSCODE_EXECUTABLE_PATH uses an installed VS Code instead of downloading one.
// --timeout is not enforced here: the desktop run ends when the suite's run() settles.
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
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const test_electron_1 = require("@vscode/test-electron");
const runInCodeServer_1 = require("./runInCodeServer");
const codeServer_1 = require("./codeServer");
async function main() {
    const args = (0, runInCodeServer_1.parseArgs)(process.argv.slice(2));
    const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'redundancy-e2e-'));
    try {
        const workspace = (0, runInCodeServer_1.copyWorkspace)(args.workspace, tempRoot);
        const userDataDir = path.join(tempRoot, 'data');
        (0, codeServer_1.writeQuietUserSettings)(userDataDir);
        return await (0, test_electron_1.runTests)({
            version: process.env.VSCODE_TEST_VERSION,
            vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
            cachePath: path.join(codeServer_1.REPO_ROOT, '.vscode-test'),
            extensionDevelopmentPath: args.extension,
            extensionTestsPath: args.tests,
            extensionTestsEnv: args.env,
            launchArgs: [
                workspace,
                '--disable-extensions',
                '--disable-workspace-trust',
                '--skip-welcome',
                '--skip-release-notes',
                '--user-data-dir',
                userDataDir,
            ],
        });
    }
    finally {
        fs.rmSync(tempRoot, { recursive: true, force: true });
    }
}
main().then((code) => {
    process.exitCode = code;
}, (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
});
//# sourceMappingURL=runInElectron.js.map