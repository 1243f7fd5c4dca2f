/**
 * `redundancy-lens`: the command line of CLI.md. `main` returns the exit status instead of
 * exiting, so output written to a pipe is flushed by Node before the process ends, and so
 * tests can call it in-process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, LineIndex } from '../core/index';
import type { Severity } from '../core/index';
import { todayUtc } from '../core/dates';
import { parseArgs, quote, USAGE, type FailOn, type Format } from './args';
import { discover, readDesign } from './discover';
import { formatText, useColor } from './formats/text';
import { formatJson } from '../reports/json';
import { formatMarkdown } from '../reports/markdown';
import type { FileReport } from '../reports/report';
import { formatSarif } from '../reports/sarif';

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour in the text format). */
  isTTY: boolean;
  /** The folder relative PATHs are resolved against. */
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_CANNOT_RUN = 2;

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`redundancy-lens: ${message}\n`);
    return EXIT_CANNOT_RUN;
  };
  const command = parseArgs(argv);
  switch (command.kind) {
    case 'help':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    case 'error':
      return fail(command.message);
    case 'lsp':
      return runLanguageServer(fail);
    case 'check':
      return check(command.paths, command.format, command.failOn, io, fail);
  }
}

async function check(paths: string[], format: Format, failOn: FailOn, io: CliIO, fail: (message: string) => number): Promise<number> {
  const today = io.env.REDUNDANCY_LENS_TODAY || todayUtc();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) return fail('REDUNDANCY_LENS_TODAY must be a date written YYYY-MM-DD');

  const found = discover(paths, io.cwd);
  if (!found.ok) return fail(found.message);
  const notes = [...found.notes];

  // Read every file before analysing any, so a bad path fails fast with no partial report.
  const texts: string[] = [];
  for (const file of found.value) {
    const read = readDesign(file);
    if (!read.ok) return fail(read.message);
    notes.push(...read.notes);
    texts.push(read.value);
  }

  const reports: FileReport[] = [];
  for (let i = 0; i < found.value.length; i++) {
    const file = found.value[i];
    const text = texts[i];
    let result;
    try {
      result = analyze(text, { today });
    } catch (err) {
      // analyze promises never to throw; if it does, that is a bug worth a clear report.
      return fail(`internal error while analysing ${quote(file.display)}: ${err instanceof Error ? err.message : String(err)}`.split('\n')[0]);
    }
    reports.push({ file: file.display, absolute: file.absolute, text, lines: new LineIndex(text), result });
  }

  for (const note of notes) io.stderr.write(`redundancy-lens: note: ${note}\n`);

  switch (format) {
    case 'text':
      io.stdout.write(formatText(reports, { color: useColor(io.env, io.isTTY) }));
      break;
    case 'json':
      io.stdout.write(formatJson(reports));
      break;
    case 'sarif':
      io.stdout.write(formatSarif(reports, { version: packageVersion(), cwd: io.cwd }));
      break;
    case 'markdown':
      io.stdout.write(formatMarkdown(reports));
      break;
  }

  const failing = reports.some((r) => r.result.findings.some((f) => !f.accepted && reaches(f.severity, failOn)));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

function reaches(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

interface ServerModule {
  startStdioServer?: () => unknown;
}

async function runLanguageServer(fail: (message: string) => number): Promise<number> {
  let server: ServerModule;
  try {
    // Loaded on demand: `check` must not pay for (or depend on) the LSP libraries.
    server = require('../server/main') as ServerModule;
  } catch (err) {
    const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    if (code === 'MODULE_NOT_FOUND' && detail.includes('server/main')) return fail('the language server is not part of this build (lsp is unavailable)');
    return fail(`the language server could not be loaded: ${detail}`);
  }
  if (typeof server.startStdioServer !== 'function') return fail('the language server module has no startStdioServer()');
  await server.startStdioServer();
  return EXIT_OK;
}

let cachedVersion: string | undefined;

/** The version of the package this file belongs to, found by walking up to its package.json (works from out/ and from a bundle). */
export function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = __dirname;
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'redundancy-lens' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    } catch {
      // No package.json here; keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (cachedVersion = '0.0.0');
    dir = parent;
  }
}
