/**
 * A real LSP client for tests: starts `redundancy-lens lsp --stdio` as a child process and
 * talks JSON-RPC over its pipes. Listeners are registered before anything is sent, and
 * every wait is on an event with a timeout — never a sleep.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createProtocolConnection, InitializeParams, ProtocolConnection, PublishDiagnosticsParams, StreamMessageReader, StreamMessageWriter, TextEdit } from 'vscode-languageserver-protocol/node';
import { cliPath } from './repo';

export interface LspClientOptions {
  /** Answer `workspace/configuration` with this (per item, or a promise of it); undefined = the client lacks the capability. */
  configuration?: (section: string | undefined, scopeUri: string | undefined) => unknown;
  env?: Record<string, string>;
  /** Options for the server's `node` (before the CLI's path). */
  nodeArgs?: readonly string[];
}

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly stderr: string[] = [];
  exited: Promise<number | null>;

  constructor(private readonly options: LspClientOptions = {}) {
    this.child = spawn(process.execPath, [...(options.nodeArgs ?? []), cliPath(), 'lsp', '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, REDUNDANCY_LENS_TODAY: '2026-11-26', ...options.env },
    });
    this.child.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    // 'close', not 'exit': by then everything the server wrote to stderr has been read.
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
      Promise.all(params.items.map((i) => (this.options.configuration ? this.options.configuration(i.section, i.scopeUri) : null))),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('redundancy/analyzed', () => undefined);
    this.connection.listen();
  }

  async initialize(extra: Partial<InitializeParams['capabilities']> = {}) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: this.options.configuration ? { configuration: true } : {},
        // What VS Code's client declares about diagnostics.
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true } },
        ...extra,
      },
    } satisfies InitializeParams);
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  /** Resolves with the first diagnostics for `uri` (already received or future) that satisfy `pred`. */
  waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const seen = (this.diagnostics.get(uri) ?? []).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri,
        pred,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Every publish received for `uri` so far, in order. */
  received(uri: string): readonly PublishDiagnosticsParams[] {
    return this.diagnostics.get(uri) ?? [];
  }

  open(uri: string, text: string, languageId = 'redundancy-yaml', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    await this.exited;
    this.connection.dispose();
  }
}

/** Apply LSP text edits to a text (UTF-16 positions). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = edits.map((e) => ({ s: offset(e.range.start), e: offset(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}
