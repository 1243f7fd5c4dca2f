// Lets the suite, which runs in VS Code's extension host, read the DOM of a webview the
// workbench shows — such as VS Code's own Markdown preview, whose page no extension can
// reach. The suite logs a tagged `dom-probe {json}` line (see suite/domProbe.e2e.ts); the
// launcher, which drives the workbench page with Playwright, finds the selector in any
// frame (webviews are nested iframes), writes what it found to the answer file the suite
// waits on, and takes a screenshot when asked.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';

export const PROBE_PREFIX = 'dom-probe ';

export interface ProbeRequest {
  /** A CSS selector; the probe waits until some frame has a match. */
  selector: string;
  /** Where to write the answer (JSON); written whole, by rename. */
  answer: string;
  /** A file name for a screenshot of the workbench, saved under the artifacts folder. */
  screenshot?: string;
  timeoutMs?: number;
}

export interface ProbeElement {
  text: string;
  attributes: Record<string, string>;
  /** Text of each Mermaid node (`svg g.node`) inside the element. */
  svgNodes: string[];
}

export interface ProbeAnswer {
  elements: ProbeElement[];
  /** The URL of the frame the elements were found in. */
  frameUrl: string | null;
  screenshot: string | null;
  error: string | null;
}

const READ = `(els) => els.map((e) => ({
  text: e.textContent ?? '',
  attributes: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value])),
  svgNodes: [...e.querySelectorAll('svg g.node')].map((g) => g.textContent ?? ''),
}))`;

/**
 * The first frame, present or yet to come, where `selector` matches: each frame waits for it
 * (Playwright's own wait, which follows the frame's navigations); the first to see it wins.
 */
function frameWith(page: Page, selector: string, timeoutMs: number): Promise<Frame | null> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (frame: Frame | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      page.off('frameattached', watch);
      resolve(frame);
    };
    const watch = (frame: Frame): void => {
      frame.waitForSelector(selector, { state: 'attached', timeout: timeoutMs }).then(
        () => finish(frame),
        () => undefined,
      );
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    page.on('frameattached', watch);
    page.frames().forEach(watch);
  });
}

export async function answerProbe(page: Page, request: ProbeRequest, artifactsDir: string): Promise<void> {
  const answer: ProbeAnswer = { elements: [], frameUrl: null, screenshot: null, error: null };
  try {
    const timeoutMs = request.timeoutMs ?? 30000;
    const frame = await frameWith(page, request.selector, timeoutMs);
    if (frame) {
      answer.elements = (await frame.$$eval(request.selector, new Function(`return ${READ}`)() as never)) as ProbeElement[];
      answer.frameUrl = frame.url();
    } else {
      answer.error = `no frame had ${request.selector} within ${timeoutMs} ms`;
    }
    if (request.screenshot) {
      fs.mkdirSync(artifactsDir, { recursive: true });
      const file = path.join(artifactsDir, path.basename(request.screenshot));
      await page.screenshot({ path: file, timeout: 10000 });
      answer.screenshot = file;
    }
  } catch (error) {
    answer.error = (error as Error).message;
  }
  const temp = `${request.answer}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(answer));
  fs.renameSync(temp, request.answer);
}
