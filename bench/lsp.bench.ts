/**
 * Language servers over LSP on stdio, side by side: ours against yaml-language-server 2.x
 * (the peer, which only validates the schema — ours does the schema and the whole scenario
 * analysis) on the same generated designs with the same schema (the project's).
 *
 * Measured per size: time from `didOpen` to the first diagnostics; time from a
 * one-character `didChange` to the diagnostics of that version (median of CHANGES edits,
 * each waiting for its diagnostics), once replacing a character and once typing (a character
 * inserted, then deleted: everything after it moves); and the server's peak RSS (VmHWM).
 *
 * Run: `npm run bench:lsp` (installs the peer into bench/peer on first use).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, ProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { generateDesign } from './generate';

const ROOT = path.resolve(__dirname, '..', '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 9);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
/** Which servers to run, by name (default both): handy while working on one of them. */
const ONLY = process.env.BENCH_SERVERS?.split(',');
const SCHEMA_URI = pathToFileURL(path.join(ROOT, 'schemas', 'redundancy.schema.json')).href;

interface Server {
  name: string;
  command: string[];
  settings: unknown;
}

function peerEntry(): string {
  const dir = path.join(ROOT, 'bench', 'peer');
  const entry = path.join(dir, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  if (!fs.existsSync(entry)) execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  return entry;
}

const ALL_SERVERS: Server[] = [
  { name: 'redundancy-lens', command: [path.join(ROOT, 'bin', 'redundancy-lens.js'), 'lsp', '--stdio'], settings: { redundancy: {} } },
  {
    name: 'yaml-language-server',
    get command() {
      return [peerEntry(), '--stdio'];
    },
    settings: {
      yaml: { validate: true, hover: false, completion: false, schemaStore: { enable: false }, schemas: { [SCHEMA_URI]: '*.redundancy.yaml' } },
    },
  },
];

const SERVERS = ALL_SERVERS.filter((s) => !ONLY || ONLY.includes(s.name));

function peakRssMb(child: ChildProcess): number {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(server: Server, lines: number): Promise<{ open: number; change: number; typing: number; rssMb: number; diagnostics: number }> {
  const child = spawn(process.execPath, server.command, { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn: ProtocolConnection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let onDiagnostics: ((p: { uri: string; version?: number; diagnostics: unknown[] }) => void) | null = null;
  conn.onNotification('textDocument/publishDiagnostics', (p) => onDiagnostics?.(p));
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((i) => (i.section ? ((server.settings as Record<string, unknown>)[i.section.split('.')[0]] ?? null) : server.settings)),
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onUnhandledNotification(() => undefined);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    // Diagnostics as VS Code's client declares them: rule links and related locations are sent
    // only to clients that say they show them (src/server/convert.ts), and VS Code does.
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true } },
    },
  });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: server.settings });
  // Editors open documents a moment after the handshake; both servers get the same second
  // to finish starting up (module loading, JIT warm-up) before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  const uri = pathToFileURL(path.join(ROOT, 'bench', `generated-${lines}.redundancy.yaml`)).href;
  // One unknown key, so both servers have a schema error to report.
  // BENCH_SHARED=0: the same designs without shared items, to compare in one sitting.
  let text = generateDesign(lines, 1, { shared: process.env.BENCH_SHARED !== '0' }).replace('description:', 'descriptoin:');

  const nextDiagnostics = () =>
    new Promise<{ at: number; count: number }>((resolve) => {
      onDiagnostics = (p) => {
        if (p.uri !== uri) return;
        onDiagnostics = null;
        resolve({ at: performance.now(), count: p.diagnostics.length });
      };
    });

  let waiting = nextDiagnostics();
  let start = performance.now();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const opened = await waiting;
  const open = opened.at - start;

  // One-character edits in the middle of the file: a version digit flips back and forth.
  const changes: number[] = [];
  const mid = text.indexOf('@1.', Math.floor(text.length / 2));
  const line = text.slice(0, mid).split('\n').length - 1;
  const character = mid - text.lastIndexOf('\n', mid - 1) - 1 + 3;
  let version = 1;
  const send = async (range: { start: number; end: number }, insert: string): Promise<number> => {
    text = text.slice(0, mid + 3 + range.start) + insert + text.slice(mid + 3 + range.end);
    waiting = nextDiagnostics();
    start = performance.now();
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: { line, character: character + range.start }, end: { line, character: character + range.end } }, text: insert }],
    });
    return (await waiting).at - start;
  };
  for (let i = 0; i < CHANGES; i++) changes.push(await send({ start: 0, end: 1 }, String((i + 2) % 10)));
  // Typing: a character inserted, then deleted, so everything after it moves each time.
  const typing: number[] = [];
  for (let i = 0; i < CHANGES; i++) typing.push(await send(i % 2 === 0 ? { start: 0, end: 0 } : { start: 0, end: 1 }, i % 2 === 0 ? '7' : ''));
  const rssMb = peakRssMb(child);
  try {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } catch {
    /* the process may already be gone */
  }
  child.kill();
  conn.dispose();
  return { open, change: median(changes), typing: median(typing), rssMb, diagnostics: opened.count };
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}; ${CHANGES} one-character changes per size (median); times in ms; peak RSS in MB`);
  console.log('| lines | server | didOpen → diagnostics | didChange → diagnostics | typing → diagnostics | peak RSS | diagnostics |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  for (const lines of SIZES) {
    for (const server of SERVERS) {
      const r = await measure(server, lines);
      console.log(`| ${lines} | ${server.name} | ${r.open.toFixed(0)} | ${r.change.toFixed(0)} | ${r.typing.toFixed(0)} | ${r.rssMb.toFixed(0)} | ${r.diagnostics} |`);
    }
  }
}

void main();
