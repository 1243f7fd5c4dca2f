/**
 * The folder layout is the architecture (docs/architecture.md): each folder under src/ may
 * import only the layers below it. This reads every source file's imports — `import`,
 * `export … from`, `import()` and `require()`, as TypeScript's own pre-processor finds
 * them — and fails on any import a layer is not allowed, so a shortcut such as the client
 * reaching into src/cli fails here instead of in review.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { repoRoot } from '../helpers/repo';

/**
 * Which folders each layer may import from (itself included): the table ESLint's layer rules
 * are built from too. Anything outside src/ counts by its top folder.
 */
const SRC_LAYERS: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'scripts', 'layers.json'), 'utf8'));
// The core also reads the schema (its descriptions are the hovers' docs): the one folder outside src/ a layer may import.
const ALLOWED_LAYERS: Record<string, readonly string[]> = { ...SRC_LAYERS, core: [...SRC_LAYERS.core, 'schemas'] };

/** Packages a layer must not import (a prefix matches subpaths: `vscode-languageserver/node`). */
const FORBIDDEN_PACKAGES: Record<string, readonly string[]> = {
  core: ['vscode', 'vscode-languageserver', 'vscode-languageclient', 'fs', 'node:fs'],
  reports: ['vscode', 'vscode-languageserver', 'vscode-languageclient'],
  shared: ['vscode', 'vscode-languageserver', 'vscode-languageclient'],
  server: ['vscode', 'vscode-languageclient'],
  webview: ['vscode', 'vscode-languageserver', 'vscode-languageclient'],
  cli: ['vscode', 'vscode-languageclient'],
  // Pure like the core: the CLI reads the files.
  import: ['vscode', 'vscode-languageserver', 'vscode-languageclient', 'fs', 'node:fs'],
};

interface SourceFile {
  /** Repository-relative, with `/`: src/client/preview.ts. */
  file: string;
  text: string;
}

function layerViolations(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  for (const { file, text } of files) {
    const layer = file.split('/')[1];
    const allowed = ALLOWED_LAYERS[layer];
    if (!allowed) {
      problems.push(`${file}: src/${layer} is not a known layer (add it to ALLOWED_LAYERS and to docs/architecture.md)`);
      continue;
    }
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const spec = ref.fileName;
      const line = text.slice(0, ref.pos).split('\n').length;
      if (spec.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const [top, second] = target.split('/');
        const targetLayer = top === 'src' ? second : top;
        if (!allowed.includes(targetLayer)) problems.push(`${file}:${line}: src/${layer} imports ${target} (${top === 'src' ? `src/${targetLayer}` : targetLayer} is not among ${allowed.join(', ')})`);
      } else if ((FORBIDDEN_PACKAGES[layer] ?? []).some((p) => spec === p || spec.startsWith(`${p}/`))) {
        problems.push(`${file}:${line}: src/${layer} imports the package ${spec}`);
      }
    }
  }
  return problems;
}

function sourceFiles(): SourceFile[] {
  const root = repoRoot();
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|mts|cts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push({ file: rel, text: fs.readFileSync(path.join(root, rel), 'utf8') });
    }
  };
  walk('src');
  return files;
}

test('every file under src/ imports only the layers its folder may use', () => {
  const files = sourceFiles();
  assert.ok(files.some((f) => f.file === 'src/client/preview.ts') && files.some((f) => f.file.startsWith('src/server/')), 'the walk found the sources');
  assert.deepEqual(layerViolations(files), []);
});

test('the client and the server import nothing from src/cli; the client takes reports from src/reports', () => {
  const files = sourceFiles();
  const imports = (layer: string): string[] =>
    files.filter((f) => f.file.startsWith(`src/${layer}/`)).flatMap((f) => ts.preProcessFile(f.text, true, true).importedFiles.map((r) => path.posix.join(path.posix.dirname(f.file), r.fileName)));
  assert.deepEqual(
    imports('client').filter((t) => t.startsWith('src/cli/')),
    [],
  );
  assert.deepEqual(
    imports('server').filter((t) => t.startsWith('src/cli/')),
    [],
  );
  assert.ok(imports('client').includes('src/reports/markdown'), 'the preview saves its report with src/reports/markdown');
});

test('the check sees every form of import, and names the file and line', () => {
  const text = [
    "import { formatText } from '../cli/formats/text';",
    "export * from '../cli/main';",
    "const lazy = () => import('../cli/discover');",
    "const args = require('../cli/args');",
    "import * as vscode from 'vscode';",
    "import type { Connection } from 'vscode-languageserver/node';",
    "import { ok } from './fine';",
  ].join('\n');
  assert.deepEqual(layerViolations([{ file: 'src/server/bad.ts', text }]), [
    'src/server/bad.ts:1: src/server imports src/cli/formats/text (src/cli is not among server, shared, core)',
    'src/server/bad.ts:2: src/server imports src/cli/main (src/cli is not among server, shared, core)',
    'src/server/bad.ts:3: src/server imports src/cli/discover (src/cli is not among server, shared, core)',
    'src/server/bad.ts:4: src/server imports src/cli/args (src/cli is not among server, shared, core)',
    'src/server/bad.ts:5: src/server imports the package vscode',
  ]);
  assert.deepEqual(
    layerViolations([{ file: 'src/core/bad.ts', text: "import * as fs from 'node:fs';\nimport { x } from '../../package.json';\nimport s from '../../schemas/redundancy.schema.json';" }]),
    ['src/core/bad.ts:1: src/core imports the package node:fs', 'src/core/bad.ts:2: src/core imports package.json (package.json is not among core, schemas)'],
  );
  assert.deepEqual(layerViolations([{ file: 'src/client/bad.ts', text: "import { formatMarkdown } from '../cli/formats/markdown';" }]), [
    'src/client/bad.ts:1: src/client imports src/cli/formats/markdown (src/cli is not among client, shared, reports, core)',
  ]);
});
