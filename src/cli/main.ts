/**
 * `redundancy-lens`: the command line of CLI.md. `main` returns the exit status instead of
 * exiting, so output written to a pipe is flushed by Node before the process ends, and so
 * tests can call it in-process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, LineIndex } from '../core/index';
import { isMarkdownPath, MarkdownAnalyzer } from '../core/markdown';
import type { AnalysisResult, Finding, Severity } from '../core/index';
import { isUtf8 } from 'node:buffer';
import { renderDesignDiagrams } from '../core/markdownDiagrams';
import { parseArgs, quote, USAGE, type FailOn, type Format, type RenderCommand } from './args';
import { todayUtc } from '../core/dates';
import { discover, readDesign } from './discover';
import { formatText, useColor } from './formats/text';
import { formatJson } from '../reports/json';
import { formatMarkdown } from '../reports/markdown';
import type { FileReport } from '../reports/report';
import { formatSarif } from '../reports/sarif';
import { runImport } from './importCommand';

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour in the text format). */
  isTTY: boolean;
  /** The folder relative PATHs are resolved against. */
  cwd: string;
  /** Where `import ... -` reads manifests from (default: the process's standard input). */
  stdin?: AsyncIterable<Buffer | string>;
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
    case 'import':
      return runImport(command, io, fail);
    case 'render':
      return render(command, io, fail);
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
    const read = file.text !== undefined ? { ok: true as const, value: file.text, notes: [] } : readDesign(file);
    if (!read.ok) return fail(read.message);
    notes.push(...read.notes);
    texts.push(read.value);
  }

  const reports: FileReport[] = [];
  for (let i = 0; i < found.value.length; i++) {
    const file = found.value[i];
    const text = texts[i];
    let report: FileReport;
    try {
      const base = { file: file.display, absolute: file.absolute, text, lines: new LineIndex(text) };
      report = isMarkdownPath(file.absolute) ? { ...base, ...analyzeMarkdownFile(text, today) } : { ...base, result: analyze(text, { today }) };
    } catch (err) {
      // analyze promises never to throw; if it does, that is a bug worth a clear report.
      return fail(`internal error while analysing ${quote(file.display)}: ${err instanceof Error ? err.message : String(err)}`.split('\n')[0]);
    }
    if (report.blocks?.length === 0) notes.push(`${quote(file.display)} has no \`\`\`redundancy design block`);
    reports.push(report);
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
      io.stdout.write(formatMarkdown(reports.flatMap(reportPerBlock)));
      break;
  }

  const failing = reports.some((r) => r.result.findings.some((f) => !f.accepted && reaches(f.severity, failOn)));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * A Markdown design document: every design block analysed as a design file, its findings at
 * Markdown offsets (carrying `block`). The file-level result holds all of them and no model.
 */
function analyzeMarkdownFile(text: string, today: string): Pick<FileReport, 'result' | 'blocks'> {
  const analysis = new MarkdownAnalyzer(() => ({ analyze })).analyze(text, { today });
  const blocks = analysis.blocks.map(({ block, result }) => ({
    index: block.index,
    line: block.line,
    result: withFindings(
      result,
      analysis.findings.filter((f) => f.block === block.index),
    ),
  }));
  return { result: { findings: analysis.findings, model: null, scenarios: [], matrix: { threats: [], components: [], cells: [] } }, blocks };
}

/** A copy of a result with other findings; its lazily built `scenarios` stay lazy (a spread would build them). */
function withFindings(result: AnalysisResult, findings: Finding[]): AnalysisResult {
  const copy = Object.create(Object.getPrototypeOf(result), Object.getOwnPropertyDescriptors(result)) as { -readonly [K in keyof AnalysisResult]: AnalysisResult[K] };
  copy.findings = findings;
  return copy;
}

/** The Markdown report draws one design at a time: a design document gives one section per block. */
function reportPerBlock(report: FileReport): FileReport[] {
  if (!report.blocks) return [report];
  return report.blocks.map((b) => ({ ...report, file: `${report.file}, design block ${b.index + 1} (line ${b.line + 1})`, result: b.result, blocks: undefined }));
}

/**
 * `render`: writes each design block's diagram into its Markdown file (after the block), or
 * with `--check` only says which files are out of date. Every file is read and rendered
 * before any is written, so a bad PATH leaves all of them as they were.
 */
function render(command: RenderCommand, io: CliIO, fail: (message: string) => number): number {
  const today = io.env.REDUNDANCY_LENS_TODAY || new Date().toISOString().slice(0, 10);
  const found = discover(command.paths, io.cwd);
  if (!found.ok) return fail(found.message);
  const files = found.value.filter((f) => isMarkdownPath(f.absolute) || !command.paths.includes(f.display));
  const notAMarkdown = found.value.find((f) => !isMarkdownPath(f.absolute) && command.paths.includes(f.display));
  if (notAMarkdown) return fail(`render works on Markdown files (*.md); ${quote(notAMarkdown.display)} is not one (check analyses design files)`);
  const planned: { file: string; absolute: string; bytes: Buffer }[] = [];
  for (const file of files.filter((f) => isMarkdownPath(f.absolute))) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file.absolute);
    } catch (err) {
      return fail(`cannot read ${quote(file.display)}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    }
    // Written back as read: a UTF-8 byte order mark stays; other encodings are not rewritten.
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const body = bom ? bytes.subarray(3) : bytes;
    if (!isUtf8(body)) return fail(`${quote(file.display)} is not UTF-8; render rewrites UTF-8 files only`);
    const outcome = renderDesignDiagrams(body.toString('utf8'), { today });
    for (const s of outcome.skipped) io.stderr.write(`redundancy-lens: note: ${file.display}:${s.line + 1}: design block ${s.index + 1} left without a diagram: ${s.reason}\n`);
    if (outcome.blocks === 0) io.stderr.write(`redundancy-lens: note: ${quote(file.display)} has no \`\`\`redundancy design block\n`);
    if (outcome.updated > 0) planned.push({ file: file.display, absolute: file.absolute, bytes: Buffer.concat([bom ? bytes.subarray(0, 3) : Buffer.alloc(0), Buffer.from(outcome.text, 'utf8')]) });
  }
  if (command.check) {
    for (const p of planned) io.stdout.write(`${p.file}: diagrams out of date (run redundancy-lens render ${p.file})\n`);
    if (planned.length === 0) io.stdout.write('diagrams up to date\n');
    return planned.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  }
  for (const p of planned) {
    try {
      fs.writeFileSync(p.absolute, p.bytes);
    } catch (err) {
      return fail(`cannot write ${quote(p.file)}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    }
    io.stdout.write(`${p.file}: diagrams updated\n`);
  }
  if (planned.length === 0) io.stdout.write('diagrams up to date\n');
  return EXIT_OK;
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
