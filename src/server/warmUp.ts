/** A few analyses of a small built-in design at start-up, to warm the JIT (see server.ts). */
import type { Message } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DesignSession } from '../core/session';
import { DEFAULT_SETTINGS } from '../shared/protocol';
import { DiagnosticCache, toDiagnostics } from './convert';
import { MessageEncoder } from './messageEncoder';

function sampleDesign(components: number): string {
  const lines = ['redundancy: 1', 'system: warm-up', 'components:'];
  for (let i = 0; i < components; i++) {
    const kind = ['stateless', 'log', 'consumer', 'store', 'state-machine'][i % 5];
    lines.push(`  c${i}:`, `    kind: ${kind}`);
    if (kind === 'consumer') lines.push(`    consumes: [c${i - 1}]`, '    onPoisonPill: skip');
    if (i > 0) lines.push(`    dependsOn: [c${i - 1}]`);
    lines.push(
      '    replicas:',
      `      - { count: 3, spread: { zone: [a, b, c], rack: [r1, r2] }, region: x, version: v${i % 3}, config: k${i % 2} }`,
      `      - { host: h${i}, zone: a, rack: r3, region: y, version: w${i}, config: k1 }`,
      `    rollout: { software: rolling, config: { strategy: waves, waves: [1, 50%] } }`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Analyses of growing sample designs, one per event-loop turn, so a real request that
 * arrives meanwhile is served first; `stop` ends the warm-up (a design was opened). Each
 * result also goes through what a publish does — diagnostics and their JSON — or the first
 * design opened runs that code cold (tens of milliseconds on thousands of diagnostics).
 */
export function warmUp(today: string, stop: () => boolean): void {
  const steps = [40, 40, 40, 200, 200, 400].map((n) => sampleDesign(n));
  const session = new DesignSession();
  const cache = new DiagnosticCache();
  // Its bytes are dropped at once, so it may reuse its output as the server's does.
  const encoder = new MessageEncoder(true);
  const step = (i: number) => {
    if (i >= steps.length || stop()) return;
    const text = i % 2 ? steps[i].replace('c7:', 'c7 :') : steps[i];
    const result = session.update(text, { today }).result;
    const doc = TextDocument.create('file:///warm-up.redundancy.yaml', 'redundancy-yaml', i, text);
    const diagnostics = toDiagnostics(doc, result.findings, DEFAULT_SETTINGS, cache);
    encoder.encodeNow({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: doc.uri, version: i, diagnostics } } as Message);
    setImmediate(() => step(i + 1));
  };
  setImmediate(() => step(0));
}
