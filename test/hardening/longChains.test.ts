/**
 * Reliability on the shapes that used to exhaust the analysis (a 20,000-component dependency
 * chain ran out of memory; 4,000 took 37 s and printed 87 MB): the CLI finishes with its
 * findings and bounded messages, and the language server publishes diagnostics for the chain
 * and keeps answering requests on it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { chainDesign, fanInDesign } from '../../bench/shapes';
import { LspClient } from '../helpers/lspClient';
import { makeTempDir, removeTempDir, runCli, writeFiles } from '../helpers/repo';

interface JsonOut {
  files: { findings: { rule: string; component: string | null; message: string }[] }[];
}

describe('a 20,000-component chain and a 10,000-component fan-in', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir();
    writeFiles(dir, { 'chain.redundancy.yaml': chainDesign(20_000), 'fan.redundancy.yaml': fanInDesign(10_000) });
  });
  after(() => removeTempDir(dir));

  test("check finishes on the chain: every component's bottleneck names a few hops, a count and the root", { timeout: 180_000 }, async () => {
    const run = await runCli(['check', path.join(dir, 'chain.redundancy.yaml'), '--format', 'json', '--fail-on', 'never'], { timeoutMs: 170_000 });
    assert.equal(run.code, 0, run.stderr);
    const findings = (JSON.parse(run.stdout) as JsonOut).files[0].findings;
    const bottlenecks = findings.filter((f) => f.rule === 'dependency-bottleneck');
    assert.equal(bottlenecks.length, 19_999, 'every component but c0 goes down through c0');
    assert.ok(bottlenecks.find((f) => f.component === 'c19999')!.message.includes('(c19999 → c19998 → c19997 → … 19,996 more … → c0)'));
    // Bounded messages: the longest is a few hundred characters, not the chain.
    assert.ok(Math.max(...findings.map((f) => f.message.length)) < 400);
  });

  test('check finishes on the fan-in: a bad release of c0 takes all 10,000 down, and each dependent names c0', { timeout: 120_000 }, async () => {
    const run = await runCli(['check', path.join(dir, 'fan.redundancy.yaml'), '--format', 'json', '--fail-on', 'never'], { timeoutMs: 110_000 });
    assert.equal(run.code, 0, run.stderr);
    const findings = (JSON.parse(run.stdout) as JsonOut).files[0].findings;
    const bottlenecks = findings.filter((f) => f.rule === 'dependency-bottleneck');
    assert.equal(bottlenecks.length, 9_999);
    assert.ok(bottlenecks.every((f) => f.message.includes(`(${f.component} → c0)`)));
  });

  test("the language server publishes the chain's diagnostics and answers a hover and an edit on it", { timeout: 180_000 }, async () => {
    const client = new LspClient();
    try {
      await client.initialize();
      const uri = `file://${path.join(dir, 'chain.redundancy.yaml')}`;
      const text = fs.readFileSync(path.join(dir, 'chain.redundancy.yaml'), 'utf8');
      await client.open(uri, text);
      const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 120_000);
      assert.ok(first.diagnostics.some((d) => d.code === 'dependency-bottleneck'));
      // The last component is written first: line 3 is `  c19999:`.
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } })) as Hover | null;
      assert.ok(hover && JSON.stringify(hover.contents).includes('c19999'), "a hover on the chain's head");
      const edited = text.replace('version: v19999,', 'version: v19998,');
      await client.change(uri, 2, edited);
      const second = await client.waitForDiagnostics(uri, (p) => p.version === 2, 120_000);
      assert.ok(second.diagnostics.length > 0);
    } finally {
      await client.shutdown();
    }
  });
});
