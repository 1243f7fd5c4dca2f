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

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyWorkspace, parseArgs } from './runInCodeServer';
import { REPO_ROOT, writeQuietUserSettings } from './codeServer';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'redundancy-e2e-'));
  try {
    const workspace = copyWorkspace(args.workspace, tempRoot);
    const userDataDir = path.join(tempRoot, 'data');
    writeQuietUserSettings(userDataDir);
    return await runTests({
      version: process.env.VSCODE_TEST_VERSION,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
      cachePath: path.join(REPO_ROOT, '.vscode-test'),
      extensionDevelopmentPath: args.extension,
      extensionTestsPath: args.tests,
      extensionTestsEnv: args.env,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', userDataDir],
    });
  } finally {
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
