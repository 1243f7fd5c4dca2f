// Reading a webview's DOM from the suite (VS Code's own Markdown preview, which no extension
// can reach): the launcher answers a logged request (see launch/domProbe.ts). Registers no test.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { log, withTimeout } from './harness';

export interface ProbeAnswer {
  elements: { text: string; attributes: Record<string, string>; svgNodes: string[] }[];
  frameUrl: string | null;
  screenshot: string | null;
  error: string | null;
}

/** The elements matching `selector` in whichever frame first has them; a screenshot if named. */
export async function probeDom(selector: string, screenshot?: string, timeoutMs = 30000): Promise<ProbeAnswer> {
  if (!process.env.E2E_OUTPUT_TAG) throw new Error('reading a webview needs the code-server launcher (runInCodeServer)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redundancy-e2e-probe-'));
  const answer = path.join(dir, 'answer.json');
  try {
    let watcher: fs.FSWatcher | undefined;
    const written = new Promise<void>((resolve) => {
      watcher = fs.watch(dir, () => {
        if (fs.existsSync(answer)) resolve();
      });
    });
    log(`dom-probe ${JSON.stringify({ selector, answer, screenshot, timeoutMs })}`);
    await withTimeout(written, timeoutMs + 15000, `the launcher's answer to a probe of ${selector}`).finally(() => watcher?.close());
    return JSON.parse(fs.readFileSync(answer, 'utf8')) as ProbeAnswer;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
