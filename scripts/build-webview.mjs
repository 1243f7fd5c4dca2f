// Builds media/preview.js and media/markdown-preview.js: type-checks the webview (DOM types, no Node or vscode types),
// then bundles src/webview/main.ts with Mermaid into one minified browser script, so the
// preview works offline with no CDN. `--no-check` skips the type check (for quick loops).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outfile = join(root, 'media', 'preview.js');
const markdownOutfile = join(root, 'media', 'markdown-preview.js');

if (!process.argv.includes('--no-check')) {
  const tsc = require.resolve('typescript/bin/tsc');
  const check = spawnSync(process.execPath, [tsc, '-p', join(root, 'src', 'webview', 'tsconfig.json')], { stdio: 'inherit' });
  if (check.status !== 0) {
    console.error('build-webview: type errors in src/webview (see above)');
    process.exit(1);
  }
}

const started = Date.now();
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120'],
  minify: true,
  // Mermaid loads its diagram types with dynamic imports; without splitting esbuild inlines them.
  splitting: false,
  legalComments: 'eof',
  logLevel: 'warning',
  tsconfig: join(root, 'src', 'webview', 'tsconfig.json'),
};
// The preview panel's page, and the script VS Code's built-in Markdown preview loads.
await Promise.all([
  esbuild.build({ ...common, entryPoints: [join(root, 'src', 'webview', 'main.ts')], outfile }),
  esbuild.build({ ...common, entryPoints: [join(root, 'src', 'webview', 'markdownPreview.ts')], outfile: markdownOutfile }),
]);
for (const file of [outfile, markdownOutfile]) {
  console.log(`build-webview: ${relative(root, file)} ${(statSync(file).size / 1024 / 1024).toFixed(2)} MB in ${Date.now() - started} ms`);
}
