#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled into dist/ by `npm run build`.

// A reader that goes away (`redundancy-lens check | head`) is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : process.exitCode);
  throw err;
});

// The language server keeps V8's young generation small (src/server/memory.ts). Set here, before
// the bundle loads, or loading it grows the young generation to 8 MB (not 2) for good.
if (process.argv[2] === 'lsp') require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');

let cli;
try {
  cli = require('../dist/cli.js');
} catch (err) {
  process.stderr.write(`redundancy-lens: cannot load the CLI (${String(err && err.message).split('\n')[0]}); run \`npm run build\` first\n`);
  process.exitCode = 2;
}

if (cli) {
  cli
    .main(process.argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      isTTY: Boolean(process.stdout.isTTY),
      cwd: process.cwd(),
    })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err) => {
        process.stderr.write(`redundancy-lens: internal error: ${String(err && err.stack ? err.message : err).split('\n')[0]}\n`);
        process.exitCode = 2;
      },
    );
}
