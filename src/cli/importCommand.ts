/**
 * `redundancy-lens import`: the file-system side of the importers in src/import (which are
 * pure). Reads the PATHs (files, folders of *.yaml/*.yml/*.json, `-` for stdin), prints
 * import warnings as `warning: <file>:<line>: <text>`, and writes the design — or, with
 * `--check DESIGN`, reports the drift between DESIGN and the manifests in the check formats.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, LineIndex, type AnalysisResult, type Finding, type RuleId } from '../core/index';
import { compareDesigns, DRIFT_RULE, emitDesign, importCompose, importKubernetes, nodesFrom, readManifests, type ImportResult, type SourceText } from '../import/index';
import { quote, type ImportCommand } from './args';
import { formatJson } from '../reports/json';
import { formatMarkdown } from '../reports/markdown';
import { oneLine, type FileReport } from '../reports/report';
import { toSarif } from '../reports/sarif';
import { decodeText, MAX_FILE_BYTES, readDesign } from './discover';
import { formatText, useColor } from './formats/text';
import type { CliIO } from './main';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const STDIN_NAME = '<stdin>';

type Read<T> = { ok: true; value: T } | { ok: false; message: string };

export async function runImport(command: ImportCommand, io: CliIO, fail: (message: string) => number): Promise<number> {
  const sources: SourceText[] = [];
  for (const p of command.paths) {
    const read = p === '-' ? await readStdin(io) : readPath(p, io.cwd);
    if (!read.ok) return fail(read.message);
    sources.push(...read.value);
  }
  if (sources.length === 0) return fail(`no *.yaml, *.yml or *.json files in ${command.paths.map(quote).join(', ')}`);

  let nodes;
  if (command.nodes !== undefined) {
    const read = readPath(command.nodes, io.cwd);
    if (!read.ok) return fail(read.message);
    nodes = nodesFrom(readManifests(read.value).manifests);
    if (nodes.length === 0) return fail(`${quote(command.nodes)} has no Node objects; make it with kubectl get nodes -o yaml`);
  }
  let result: ImportResult;
  let text: string | null = null;
  try {
    result = command.source === 'kubernetes' ? importKubernetes(sources, { nodes, system: command.system }) : importCompose(sources, { system: command.system });
    if (result.design) text = emitDesign(result.design);
  } catch (err) {
    // The importers read anything without throwing; if one does, that is a bug worth one clear line.
    return fail(`internal error while importing: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }

  for (const w of result.warnings) io.stderr.write(`warning: ${oneLine(w.file)}:${w.line}: ${oneLine(w.text)}\n`);
  if (!result.design || text === null) {
    const what = command.source === 'kubernetes' ? 'no workload (Deployment, StatefulSet, DaemonSet, ReplicaSet or Rollout)' : 'no service';
    return fail(`${what} found in ${sources.length === 1 ? quote(sources[0].name) : `${sources.length} files`}`);
  }
  if (command.check !== undefined) return reportDrift(command, text, io, fail);

  if (command.output === undefined || command.output === '-') {
    io.stdout.write(text);
    return 0;
  }
  try {
    fs.writeFileSync(path.resolve(io.cwd, command.output), text);
  } catch (err) {
    return fail(`cannot write ${quote(command.output)}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
  io.stderr.write(`redundancy-lens: wrote ${quote(command.output)} (${result.design.components.length} component${result.design.components.length === 1 ? '' : 's'})\n`);
  return 0;
}

function reportDrift(command: ImportCommand, importedText: string, io: CliIO, fail: (message: string) => number): number {
  const designPath = command.check as string;
  const read = readDesign({ display: designPath, absolute: path.resolve(io.cwd, designPath) });
  if (!read.ok) return fail(read.message);
  const today = io.env.REDUNDANCY_LENS_TODAY || new Date().toISOString().slice(0, 10);
  const designResult = analyze(read.value, { today });
  const broken = designResult.findings.find((f) => f.rule === 'yaml-syntax' || f.rule === 'schema');
  if (!designResult.model || broken) return fail(`${quote(designPath)} is not a valid design (${broken ? broken.rule : 'unreadable'}); run redundancy-lens check on it first`);
  const imported = analyze(importedText, { today }).model;
  if (!imported) return fail('internal error: the imported design could not be modelled');

  const findings: Finding[] = compareDesigns(designResult.model, imported, read.value).map((d) => ({
    // Drift is not one of the design rules (FORMAT.md); the formats print any rule id.
    rule: DRIFT_RULE as RuleId,
    severity: d.severity,
    component: d.component,
    message: d.message,
    range: d.range,
    scenario: null,
    accepted: false,
    related: [],
    data: { key: `${DRIFT_RULE}:${d.component}:${d.aspect}` },
  }));
  const result: AnalysisResult = {
    findings,
    model: designResult.model,
    matrix: designResult.matrix,
    get scenarios() {
      return designResult.scenarios;
    },
  };
  const report: FileReport = { file: designPath, absolute: path.resolve(io.cwd, designPath), text: read.value, lines: new LineIndex(read.value), result };
  switch (command.format) {
    case 'text':
      io.stdout.write(formatText([report], { color: useColor(io.env, io.isTTY) }));
      break;
    case 'json':
      io.stdout.write(formatJson([report]));
      break;
    case 'markdown':
      io.stdout.write(formatMarkdown([report]));
      break;
    case 'sarif':
      io.stdout.write(JSON.stringify(withDriftRule(toSarif([report], { version: packageVersionOf(), cwd: io.cwd })), null, 2) + '\n');
      break;
  }
  const rank = { hint: 0, information: 1, warning: 2, error: 3 } as const;
  const failing = command.failOn !== 'never' && findings.some((f) => rank[f.severity] >= rank[command.failOn as 'error' | 'warning']);
  return failing ? 1 : 0;
}

/** SARIF lists every rule a result names: add `manifest-drift` to the driver and point its results at it. */
function withDriftRule(sarif: object): object {
  const run = (sarif as { runs: { tool: { driver: { rules: object[] } }; results: { ruleId: string; ruleIndex: number }[] }[] }).runs[0];
  const index = run.tool.driver.rules.length;
  run.tool.driver.rules.push({
    id: DRIFT_RULE,
    name: 'ManifestDrift',
    shortDescription: { text: 'The deployed manifests differ from the design' },
    fullDescription: {
      text: 'A component runs fewer replicas, another version, a smaller spread, a larger first wave or more dependencies in the manifests than the design says, or the two list different components.',
    },
    defaultConfiguration: { level: 'error' },
  });
  for (const r of run.results) if (r.ruleId === DRIFT_RULE) r.ruleIndex = index;
  return sarif;
}

function packageVersionOf(): string {
  // Loaded lazily to avoid an import cycle with main.ts.
  return (require('./main') as typeof import('./main')).packageVersion();
}

/** A file as given, or a folder searched for *.yaml, *.yml and *.json (design files are not manifests). */
function readPath(p: string, cwd: string): Read<SourceText[]> {
  if (p === '') return { ok: false, message: 'an empty path was given' };
  const absolute = path.resolve(cwd, p);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    return { ok: false, message: `no such file or folder: ${quote(p)}` };
  }
  const files: { display: string; absolute: string }[] = [];
  if (stat.isDirectory()) {
    const walked = walk(absolute, p, files);
    if (!walked.ok) return walked;
    files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  } else {
    files.push({ display: p, absolute });
  }
  const out: SourceText[] = [];
  for (const file of files) {
    const read = readDesign(file);
    if (!read.ok) return read;
    out.push({ name: file.display, text: read.value });
  }
  return { ok: true, value: out };
}

function walk(dir: string, shown: string, files: { display: string; absolute: string }[]): Read<null> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    return { ok: false, message: `cannot read folder ${quote(shown)}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` };
  }
  for (const entry of entries) {
    const display = path.join(shown, entry.name);
    const absolute = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      const inner = walk(absolute, display, files);
      if (!inner.ok) return inner;
    } else if (MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !/\.redundancy\.ya?ml$/.test(entry.name)) {
      if (entry.isFile() || (entry.isSymbolicLink() && fs.statSync(absolute, { throwIfNoEntry: false })?.isFile())) files.push({ display, absolute });
    }
  }
  return { ok: true, value: null };
}

async function readStdin(io: CliIO): Promise<Read<SourceText[]>> {
  const stream = io.stdin ?? process.stdin;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > MAX_FILE_BYTES) return { ok: false, message: `standard input is over ${MAX_FILE_BYTES / 1024 / 1024} MB; manifests that large are not read` };
      chunks.push(buf);
    }
  } catch (err) {
    return { ok: false, message: `cannot read standard input: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` };
  }
  const { text } = decodeText(Buffer.concat(chunks));
  return { ok: true, value: [{ name: STDIN_NAME, text }] };
}
