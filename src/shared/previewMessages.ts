/**
 * Every message between the extension host (the preview panel) and the preview webview,
 * declared once. Each carries `source`, the URI of the design document the panel shows:
 * the host drops a webview message whose `source` is not its panel's document, and the
 * webview drops a host message (other than `update`) about another document.
 *
 * Pure types and guards: no `vscode`, no DOM, no Node imports — both sides compile this.
 */
import type { DiagramDetail } from '../core/mermaid';
import type { AnalysisResult } from '../core/types';

/** The webview panel's `viewType` (also the serializer's key after a window reload). */
export const PREVIEW_VIEW_TYPE = 'redundancy.preview';

// ---------------------------------------------------------------- host -> webview

/**
 * Host -> webview: a new analysis of the document. Also the shape of the initial data the
 * host puts, JSON-encoded, in the shell's `data-initial` attribute. A different `source`
 * than before means the preview now follows another document (zoom and scenario reset);
 * for the same `source` an update with a lower `version` than the one shown is ignored.
 */
export interface UpdateMessage {
  type: 'update';
  source: string;
  /** The document version analysed (VS Code's `TextDocument.version`). */
  version: number;
  /** A short name for the title (the file's base name). */
  fileName: string;
  result: AnalysisResult;
}

/** Host -> webview: mark a scenario (index into `result.scenarios`), or clear the marking with null. */
export interface SelectScenarioMessage {
  type: 'selectScenario';
  source: string;
  index: number | null;
}

/** Host -> webview: bring a component into view and highlight it (e.g. from a code lens). */
export interface FocusComponentMessage {
  type: 'focusComponent';
  source: string;
  component: string;
}

export type HostToWebviewMessage = UpdateMessage | SelectScenarioMessage | FocusComponentMessage;

// ---------------------------------------------------------------- webview -> host

/** Webview -> host: the script has started and listens for messages. */
export interface ReadyMessage {
  type: 'ready';
  source: string;
}

/** Webview -> host: the user clicked a component (diagram node or matrix row): reveal it in the editor. */
export interface RevealMessage {
  type: 'reveal';
  source: string;
  component: string;
}

/** Webview -> host: copy this Mermaid source (the diagram as shown) to the clipboard. */
export interface CopyMermaidMessage {
  type: 'copyMermaid';
  source: string;
  text: string;
}

/** Webview -> host: ask where to save, then write this SVG (drawn in the light theme on white). */
export interface SaveSvgMessage {
  type: 'saveSvg';
  source: string;
  svg: string;
}

/** Webview -> host: save the Markdown report of the document (the CLI's `--format markdown`). */
export interface SaveMarkdownMessage {
  type: 'saveMarkdown';
  source: string;
}

/**
 * Webview -> host: a render finished (or failed, with `error` the text shown to the user).
 * For status, telemetry-free timing and tests; the host need not act on it.
 */
export interface RenderedMessage {
  type: 'rendered';
  source: string;
  version: number;
  ok: boolean;
  error: string | null;
  /** Scenario marked, or null. */
  scenario: number | null;
  nodeCount: number;
  subgraphCount: number;
  edgeCount: number;
  textLength: number;
  /** True when something beyond identical replicas was folded (levels, versions, components). */
  folded: boolean;
  /** Mermaid layout that drew it: dagre first, ELK when dagre fails; null when nothing was drawn. */
  layout: 'dagre' | 'elk' | null;
  timings: { generateMs: number; parseMs: number; renderMs: number; totalMs: number };
  /** Read back from the page: the Content-Security-Policy in force (its meta tag), for tests. */
  csp: string | null;
  /** Read back from the drawn SVG: the components of the nodes that carry the `down` class. */
  downComponents: string[];
}

export type WebviewToHostMessage = ReadyMessage | RevealMessage | CopyMermaidMessage | SaveSvgMessage | SaveMarkdownMessage | RenderedMessage;

/**
 * What the webview keeps with `acquireVsCodeApi().setState`, so a reloaded window restores
 * the preview (the host's serializer reads `source` to reopen the document).
 */
export interface PreviewWebviewState {
  source: string;
  scenario: number | null;
  detail: DiagramDetail;
  /** Pan and zoom of the diagram; null until the user moves it (then: fit to the pane). */
  view: { scale: number; x: number; y: number } | null;
}

// ---------------------------------------------------------------- guards

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const WEBVIEW_TYPES = new Set<WebviewToHostMessage['type']>(['ready', 'reveal', 'copyMermaid', 'saveSvg', 'saveMarkdown', 'rendered']);

/** For the host: whether an incoming webview message has a known type, a string `source` and the fields its type needs. */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isRecord(value) || typeof value.source !== 'string' || typeof value.type !== 'string') return false;
  if (!WEBVIEW_TYPES.has(value.type as WebviewToHostMessage['type'])) return false;
  switch (value.type) {
    case 'reveal':
      return typeof value.component === 'string';
    case 'copyMermaid':
      return typeof value.text === 'string';
    case 'saveSvg':
      return typeof value.svg === 'string';
    case 'rendered':
      return typeof value.version === 'number' && typeof value.ok === 'boolean';
    default:
      return true;
  }
}

/** For the webview: whether an incoming message is one the host sends. */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (!isRecord(value) || typeof value.source !== 'string') return false;
  switch (value.type) {
    case 'update':
      return typeof value.version === 'number' && typeof value.fileName === 'string' && isRecord(value.result) && Array.isArray(value.result.scenarios) && isRecord(value.result.matrix);
    case 'selectScenario':
      return value.index === null || (typeof value.index === 'number' && Number.isInteger(value.index));
    case 'focusComponent':
      return typeof value.component === 'string';
    default:
      return false;
  }
}
