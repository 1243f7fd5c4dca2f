/**
 * The layer rules are ESLint rules (eslint.config.mjs) and the core's tsconfig has no Node or
 * DOM types. These tests feed each rule a deliberately bad snippet under a real layer path —
 * through ESLint's and TypeScript's own APIs, as `npm run lint` and `npm run typecheck` run
 * them — so a rule that stopped matching fails here instead of silently passing the code base.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import * as ts from 'typescript';
import { repoRoot } from '../helpers/repo';

let eslint: ESLint | undefined;
let untyped: ESLint | undefined;
/** The project's configuration as `npm run lint` runs it. */
function linter(): ESLint {
  return (eslint ??= new ESLint({ cwd: repoRoot() }));
}
/**
 * The same without type information, for the import rules on files that do not exist (the
 * project service types only files of a tsconfig, and src/import/ may not exist yet).
 */
function importLinter(): ESLint {
  return (untyped ??= new ESLint({
    cwd: repoRoot(),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
  }));
}

/** `line: rule` for each problem ESLint reports on `text` as if it were the file `file`. */
async function problems(file: string, text: string, eslint = importLinter()): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(repoRoot(), file) });
  return result.messages.map((m) => `${m.line}: ${m.ruleId ?? m.message}`);
}

test('each layer is told which imports it may not have', async () => {
  const cases: [file: string, bad: string[], good: string[]][] = [
    [
      'src/core/bad.ts',
      [
        "import * as fs from 'node:fs';",
        "import * as path from 'path';",
        "import { x } from '../server/server';",
        "import type { y } from '../../src/shared/protocol';",
        "import * as vscode from 'vscode';",
        "import { RequestType } from 'vscode-languageserver-protocol';",
      ],
      ["import { analyze } from './analyze';", "import schema from '../../schemas/redundancy.schema.json';", "import { parseDocument } from 'yaml';"],
    ],
    ['src/core/generated/bad.ts', ["import { x } from '../../cli/main';"], ["import { y } from '../types';"]],
    [
      'src/server/bad.ts',
      [
        "import { run } from '../cli/main';",
        "import * as vscode from 'vscode';",
        "import { LanguageClient } from 'vscode-languageclient/node';",
        "import { x } from '../client/preview';",
        "import { y } from '../reports/markdown';",
      ],
      ["import * as fs from 'node:fs';", "import { x } from '../shared/protocol';", "import { createConnection } from 'vscode-languageserver/node';"],
    ],
    [
      'src/client/bad.ts',
      ["import { run } from '../cli/main';", "import { x } from '../server/designs';", "import { createConnection } from 'vscode-languageserver/node';"],
      ["import * as vscode from 'vscode';", "import { formatMarkdown } from '../reports/markdown';", "import { ANALYSIS_REQUEST } from '../shared/protocol';"],
    ],
    [
      'src/webview/bad.ts',
      ["import { ANALYSIS_REQUEST } from '../shared/protocol';", "import * as fs from 'node:fs';", "import { x } from '../client/preview';"],
      ["import { isHostToWebviewMessage } from '../shared/previewMessages';", "import { buildDiagram } from '../core/diagram';", "import mermaid from 'mermaid';"],
    ],
    [
      'src/reports/bad.ts',
      ["import { x } from '../cli/main';", "import { y } from '../shared/protocol';", "import * as vscode from 'vscode';"],
      ["import * as path from 'node:path';", "import { analyze } from '../core/analyze';"],
    ],
    [
      'src/shared/bad.ts',
      ["import * as fs from 'node:fs';", "import { x } from '../server/server';"],
      ["import { RequestType } from 'vscode-languageserver-protocol';", "import type { AnalysisResult } from '../core/types';"],
    ],
    [
      'src/import/bad.ts',
      ["import { x } from '../cli/main';", "import * as vscode from 'vscode';", "import * as fs from 'node:fs';"],
      ["import { parseAllDocuments } from 'yaml';", "import { analyze } from '../core/analyze';"],
    ],
    [
      'src/cli/bad.ts',
      ["import { x } from '../client/preview';", "import * as vscode from 'vscode';"],
      ["import { x } from '../import/kubernetes';", "import { startServer } from '../server/main';", "import { formatSarif } from '../reports/sarif';"],
    ],
  ];
  for (const [file, bad, good] of cases) {
    const text = [...bad, ...good].join('\n');
    assert.deepEqual(
      await problems(file, text),
      bad.map((_, i) => `${i + 1}: no-restricted-imports`),
      `${file}:\n${text}`,
    );
  }
});

test('the message names the layer and where the rules are written', async () => {
  const [result] = await importLinter().lintText("import { run } from '../cli/main';\n", { filePath: path.join(repoRoot(), 'src/core/bad.ts') });
  assert.equal(result.messages.length, 1);
  assert.match(result.messages[0].message, /src\/core may import only src\/core \(docs\/architecture\.md, "Layers"\)/);
});

test('a promise nobody awaits is an error in the server (type-aware)', async () => {
  // The project service types an existing file of the server's tsconfig, with this text in place of its own.
  const text = ['async function later(): Promise<number> {', '  return 1;', '}', 'later();', 'void later();', 'export {};'].join('\n');
  assert.deepEqual(await problems('src/server/stdio.ts', text, linter()), ['4: @typescript-eslint/no-floating-promises']);
});

test('the core compiles without Node or DOM types: fs, process and document do not exist there', () => {
  const root = repoRoot();
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'src/core/tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) },
  );
  assert.ok(config, 'src/core/tsconfig.json parses');
  assert.deepEqual(config.options.types, []);
  const probe = path.join(root, 'src/core/probe-not-on-disk.ts');
  const text = ["import * as fs from 'node:fs';", 'export const a = process.argv;', 'export const b = document.title;', 'export const c = [fs, [1].at(-1), Object.hasOwn({}, "x")];'].join('\n');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (path.resolve(f) === probe ? text : readFile(f));
  host.fileExists = (f) => path.resolve(f) === probe || ts.sys.fileExists(f);
  host.getSourceFile = (f, lang, ...rest) => (path.resolve(f) === probe ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, ...rest));
  const program = ts.createProgram({ rootNames: [probe], options: config.options, host });
  const lines = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0}: TS${d.code}`);
  // ES2022 itself (`at`, `Object.hasOwn`) is there; Node's module, Node's globals and the DOM are not.
  assert.deepEqual(lines, ['1: TS2307', '2: TS2591', '3: TS2584']);
});
