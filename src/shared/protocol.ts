/**
 * Every custom LSP method and setting the server and its clients share, declared once.
 * Names are namespaced `redundancy/…`; each says who sends it. Each method is a typed
 * `RequestType`/`NotificationType`, so `sendRequest`, `onRequest`, `sendNotification` and
 * `onNotification` on either side check their parameters and answers against these types.
 * (The package's root export is its runtime-neutral part: no Node code enters with it.)
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { DesignBlock } from '../core/markdown';
import type { AnalysisResult } from '../core/types';

export interface AnalysisParams {
  uri: string;
  /** Markdown: the design block that holds this position (the cursor)… */
  position?: { line: number; character: number };
  /** …else the block with this index (the one a preview shows), else the first. */
  block?: number;
}
export interface AnalysisResponse {
  uri: string;
  version: number;
  result: AnalysisResult;
  /** In a Markdown document: the block analysed (its offsets map the result's into the document). */
  block?: DesignBlock;
}
/** Client -> server request: the analysis of an open design (for the preview and reports); null if it is not open. */
export const ANALYSIS_REQUEST = new RequestType<AnalysisParams, AnalysisResponse | null, void>('redundancy/analysis');

export interface AnalyzedParams {
  uri: string;
  version: number;
  errors: number;
  warnings: number;
  information: number;
  accepted: number;
  /** Milliseconds the analysis took. */
  durationMs: number;
  /** Markdown: how many design blocks the document holds (0: its last block went). */
  designs?: number;
}
/** Server -> client notification: a design was analysed (version and problem counts, for the status bar). */
export const ANALYZED_NOTIFICATION = new NotificationType<AnalyzedParams>('redundancy/analyzed');

/** Command a code lens runs: show a component (the client decides how: reveal, preview). */
export const SHOW_COMPONENT_COMMAND = 'redundancy.showComponent';

/** Command a shared item's code lens runs: mark the item's push scenario in the preview (arguments: uri, shared id). */
export const SHOW_SHARED_PUSH_COMMAND = 'redundancy.showSharedPush';

/** Settings under the `redundancy` section. */
export interface RedundancySettings {
  diagnostics: { delay: number };
  /** Per-rule severity override; `off` hides the rule. */
  rules: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>;
}

export const DEFAULT_SETTINGS: RedundancySettings = {
  diagnostics: { delay: 25 },
  rules: {},
};

/** Does a document name say it is a design, whatever languageId the client sent (Neovim sends `yaml`)? */
export function isDesignUri(uri: string): boolean {
  return /\.redundancy\.ya?ml$/i.test(decodeURIComponent(uri.split(/[?#]/)[0]));
}

/** Is the document a Markdown file, whose design blocks are analysed (any languageId)? */
export function isMarkdownUri(uri: string): boolean {
  return /\.md$/i.test(decodeURIComponent(uri.split(/[?#]/)[0]));
}
