// ESLint for src/: the layer rules of docs/architecture.md as `no-restricted-imports`, and
// promises nobody awaits in the runtimes that have an event loop to lose them in. Style is
// Prettier's job (.prettierrc.json), not this file's. `npm run lint`; test/architecture/lint.test.ts
// proves each layer rule reports a bad import.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * Which folders each layer may import (itself included): scripts/layers.json, the one table
 * docs/architecture.md shows and test/architecture/layers.test.ts checks every import against.
 */
export const LAYERS = JSON.parse(readFileSync(new URL('./scripts/layers.json', import.meta.url), 'utf8'));

const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** `fs`, `fs/promises`, `node:fs`, `node:test`: any Node built-in, with or without the prefix. */
const nodeBuiltin = `^(node:.*|(${NODE_BUILTINS.map(escape).join('|')})(/.*)?)$`;

const pkg = {
  vscode: { regex: '^vscode$', why: 'the VS Code API exists only in the extension host (src/client)' },
  languageServer: { regex: '^vscode-languageserver(/.*)?$', why: 'the language-server library belongs to src/server' },
  languageClient: { regex: '^vscode-languageclient(/.*)?$', why: 'the language-client library belongs to src/client' },
  protocolRuntime: { regex: '^vscode-(languageserver-protocol|jsonrpc)(/.*)?$', why: 'the core speaks plain data, not LSP' },
  node: { regex: nodeBuiltin, why: 'it runs where Node does not (pure core, webview, every runtime)' },
};

/** Packages each layer must not import, beyond the src/ folders LAYERS does not list. */
const FORBIDDEN_PACKAGES = {
  core: [pkg.vscode, pkg.languageServer, pkg.languageClient, pkg.protocolRuntime, pkg.node],
  shared: [pkg.vscode, pkg.languageServer, pkg.languageClient, pkg.node],
  reports: [pkg.vscode, pkg.languageServer, pkg.languageClient],
  // Pure like the core: the CLI reads the files.
  import: [pkg.vscode, pkg.languageServer, pkg.languageClient, pkg.node],
  server: [pkg.vscode, pkg.languageClient],
  client: [pkg.languageServer],
  webview: [pkg.vscode, pkg.languageServer, pkg.languageClient, pkg.protocolRuntime, pkg.node],
  cli: [pkg.vscode, pkg.languageClient],
};

/**
 * One `no-restricted-imports` per layer (a later config object for the same files would
 * replace these options, not add to them). Relative imports are matched by the folder they
 * climb into: from src/core/generated/x.ts, `../../server/y` names src/server.
 */
function layerRules(layer) {
  const others = Object.keys(LAYERS).filter((l) => !LAYERS[layer].includes(l));
  const patterns = [
    {
      regex: `^(\\.\\./)+(src/)?(${others.join('|')})(/.*)?$`,
      message: `src/${layer} may import only ${LAYERS[layer].map((l) => `src/${l}`).join(', ')} (docs/architecture.md, "Layers").`,
    },
    ...FORBIDDEN_PACKAGES[layer].map((p) => ({ regex: p.regex, message: `not in src/${layer}: ${p.why} (docs/architecture.md, "Layers").` })),
  ];
  if (layer === 'webview') {
    // protocol.ts carries the LSP message types (vscode-languageserver-protocol): not for the browser bundle.
    patterns.push({ regex: '(^|/)shared/protocol$', message: 'not in src/webview: src/shared/protocol is the LSP protocol; the page speaks src/shared/previewMessages.' });
  }
  return { files: [`src/${layer}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default defineConfig(
  { ignores: ['out/**', 'out-e2e/**', 'dist/**', 'media/**', 'node_modules/**', '.vscode-host/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  ...Object.keys(LAYERS).map(layerRules),
  {
    // The runtimes with long-lived event loops: a promise nobody awaits or `void`s loses its error.
    files: ['src/server/**/*.ts', 'src/client/**/*.ts', 'src/cli/**/*.ts', 'src/import/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
);
