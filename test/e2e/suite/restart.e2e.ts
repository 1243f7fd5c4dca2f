// A language server that dies is restarted, and the user is told. Runs last: it replaces
// the server every other test talks to.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, withTimeout } from './harness';
import { api, CLIENT_RUNNING, describe, diagnosticsWhen, EVENT_MS, extension, openAnalysed, ruleOf, SHOP, SHOP_FINDINGS } from './fixture.e2e';

/** The process's command line and parent, from /proc (the extension host runs on Linux here). */
function processInfo(pid: number): { argv: string[]; ppid: number } {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return { argv, ppid };
}

test('a killed language server is restarted and analyses again', async () => {
  const { doc } = await openAnalysed(SHOP);
  const lens = api();
  const client = lens.client();
  assert.ok(client, 'the language client exists');
  assert.equal(client.state, CLIENT_RUNNING);
  const oldPid = client.serverProcess?.pid;
  assert.ok(oldPid, 'the client knows its server process');
  const { argv, ppid } = processInfo(oldPid);
  assert.equal(ppid, process.pid, 'the server is a child of the extension host');
  assert.ok(argv.includes(path.join(extension().extensionPath, 'dist', 'server.js')), `runs the extension's dist/server.js: ${argv.join(' ')}`);

  const restartsBefore = lens.restarts();
  let subscription: { dispose(): void } | undefined;
  const runningAgain = new Promise<void>((resolve) => {
    subscription = client.onDidChangeState((e) => {
      if (e.newState === CLIENT_RUNNING) resolve();
    });
  });
  try {
    process.kill(oldPid);
    await withTimeout(runningAgain, EVENT_MS, 'the client to be running again');
  } finally {
    subscription?.dispose();
  }
  assert.equal(lens.restarts(), restartsBefore + 1, 'the restart was counted (and the user warned)');
  const newPid = lens.client()?.serverProcess?.pid;
  assert.ok(newPid && newPid !== oldPid, `a new server process (${oldPid} -> ${newPid})`);
  // The client dropped the old server's diagnostics when it closed: these are the new one's.
  const ds = await diagnosticsWhen(doc.uri, (d) => d.length > 0, 'diagnostics from the restarted server');
  assert.deepEqual(ds.map((d) => ruleOf(d)).sort(), SHOP_FINDINGS.map((f) => f.rule).sort(), describe(ds));
});
