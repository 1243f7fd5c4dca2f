/**
 * The failure-domain preview panel: a webview beside the design that follows the active
 * design editor. The analysis comes from the language server (`redundancy/analysis`); the
 * webview (src/webview, bundled into media/) draws it with Mermaid.
 *
 * Safe by construction: scripts only by nonce, local media only, no forms, the document's
 * data passed as an escaped attribute or as messages; every message from the webview is
 * checked for shape and for `source` (this panel's document) before anything is done.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { findDesignBlocks, mayHaveDesignBlocks, toMarkdownOffset, type DesignBlock } from '../core/markdown';
import { LineIndex } from '../core/positions';
import { formatMarkdown } from '../reports/markdown';
import { buildPreviewHtml } from '../shared/previewHtml';
import { isWebviewToHostMessage, PREVIEW_VIEW_TYPE, PreviewWebviewState, UpdateMessage, WebviewToHostMessage } from '../shared/previewMessages';
import { ANALYSIS_REQUEST, AnalysisParams, isDesignUri, isMarkdownUri } from '../shared/protocol';

/** Later renders wait this long after an analysis so typing does not redraw on every key. */
const UPDATE_DEBOUNCE_MS = 150;

export class PreviewManager implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private source: vscode.Uri | undefined;
  private shownVersion = -1;
  private last: UpdateMessage | undefined;
  /** A scenario to mark once the page reports ready (asked for while it was loading). */
  private pendingSelection: { source: string; index: number } | undefined;
  /** For a Markdown source: the design block shown (its offsets map the analysis into the document). */
  private block: DesignBlock | undefined;
  private timer: NodeJS.Timeout | undefined;
  private blockTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last message the webview sent that was rendered (for tests and status). */
  lastRendered: WebviewToHostMessage | undefined;
  private readonly renderedListeners = new Set<(m: WebviewToHostMessage) => void>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the active design editor; other editors leave the preview as it is.
        if (this.panel && editor && isDesign(editor.document) && editor.document.uri.toString() !== this.source?.toString()) {
          void this.show(editor.document.uri, { reveal: false });
        }
      }),
      // In a Markdown source, moving the cursor into another design block previews that block.
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!this.panel || !this.block || e.textEditor.document.uri.toString() !== this.source?.toString()) return;
        if (this.blockTimer) clearTimeout(this.blockTimer);
        this.blockTimer = setTimeout(() => this.followCursor(e.textEditor), UPDATE_DEBOUNCE_MS);
      }),
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: PreviewWebviewState | undefined) => {
          const source = state?.source ? vscode.Uri.parse(state.source) : vscode.window.activeTextEditor?.document.uri;
          this.adopt(panel);
          if (source) await this.show(source, { reveal: false });
          else panel.dispose();
        },
      }),
    );
  }

  /** Open the preview of `uri` (in the active column, or beside it). */
  async open(uri: vscode.Uri | undefined, toSide: boolean): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Open a .redundancy.yaml design (or a Markdown file with a ```redundancy block) to preview it.');
      return;
    }
    if (!this.panel) {
      const column = toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One);
      this.adopt(
        vscode.window.createWebviewPanel(
          PREVIEW_VIEW_TYPE,
          'Redundancy Preview',
          { viewColumn: column, preserveFocus: toSide },
          {
            enableScripts: true,
            enableForms: false,
            localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')],
          },
        ),
      );
    } else {
      this.panel.reveal(undefined, toSide);
    }
    await this.show(target, { reveal: true });
  }

  /** Bring a component into view in the preview, opening it if needed. */
  async focusComponent(uri: vscode.Uri, component: string): Promise<void> {
    if (!this.panel) await this.open(uri, true);
    else if (this.source?.toString() !== uri.toString()) await this.show(uri, { reveal: true });
    void this.panel?.webview.postMessage({ type: 'focusComponent', source: uri.toString(), component });
  }

  /** Open the preview on `uri` and mark the push scenario of shared item `shared` (found by what it is, not by index). */
  async showSharedPush(uri: vscode.Uri, shared: string): Promise<void> {
    if (!this.panel) await this.open(uri, true);
    else if (this.source?.toString() !== uri.toString()) await this.show(uri, { reveal: true });
    const result = this.last?.result;
    const item = result?.model?.shared.find((s) => s.id === shared);
    if (!result || !item || !this.source) return;
    const threat = item.type === 'software' ? 'bad-release' : 'bad-config';
    const index = result.scenarios.findIndex((s) => s.threat === threat && s.value === shared);
    if (index === -1) return;
    // A page just (re)loaded may not listen yet: say it again when it reports ready.
    this.pendingSelection = { source: this.source.toString(), index };
    this.selectScenario(index);
  }

  /** Mark a scenario (index into the analysis' scenarios) in the open preview, or clear it. */
  selectScenario(index: number | null): void {
    if (this.panel && this.source) void this.panel.webview.postMessage({ type: 'selectScenario', source: this.source.toString(), index });
  }

  /** The analysis the preview shows. */
  get shown(): UpdateMessage | undefined {
    return this.last;
  }

  /** Resolves with the next `rendered` message that satisfies `pred` (end-to-end tests wait on it). */
  nextRendered(pred: (m: WebviewToHostMessage) => boolean = () => true): Promise<WebviewToHostMessage> {
    return new Promise((resolve) => {
      const listener = (m: WebviewToHostMessage) => {
        if (!pred(m)) return;
        this.renderedListeners.delete(listener);
        resolve(m);
      };
      this.renderedListeners.add(listener);
    });
  }

  /** A design was analysed: redraw if it is the one shown (debounced; stale versions dropped). */
  onAnalyzed(uri: string, version: number): void {
    if (!this.panel || uri !== this.source?.toString() || version <= this.shownVersion) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), UPDATE_DEBOUNCE_MS);
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get webviewHtml(): string | undefined {
    return this.panel?.webview.html;
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'preview.svg');
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.source = undefined;
        this.block = undefined;
        this.shownVersion = -1;
        if (this.timer) clearTimeout(this.timer);
      },
      null,
      this.disposables,
    );
    panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m), null, this.disposables);
  }

  private followCursor(editor: vscode.TextEditor): void {
    const offset = editor.document.offsetAt(editor.selection.active);
    const at = findDesignBlocks(editor.document.getText()).find((b) => offset >= b.fence.start && offset < b.fence.end);
    if (at && at.index !== this.block?.index && this.source) void this.show(this.source, { reveal: false });
  }

  private async show(uri: vscode.Uri, opts: { reveal: boolean }): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const changedSource = this.source?.toString() !== uri.toString();
    if (changedSource) this.block = undefined;
    this.source = uri;
    this.shownVersion = -1;
    panel.title = `Preview ${path.basename(uri.path)}`;
    const update = await this.fetch(uri, true);
    if (!update || this.panel !== panel || this.source?.toString() !== uri.toString()) return;
    if (this.block) panel.title = `Preview ${path.basename(uri.path)} (design ${this.block.index + 1})`;
    this.shownVersion = update.version;
    this.last = update;
    if (changedSource || !panel.webview.html) {
      // The first render comes with the page itself, so nothing waits for a round trip.
      panel.webview.html = this.html(panel.webview, update);
    } else {
      void panel.webview.postMessage(update);
    }
    if (opts.reveal) panel.reveal(undefined, true);
  }

  private async refresh(): Promise<void> {
    if (!this.panel || !this.source) return;
    const update = await this.fetch(this.source, false);
    if (!update || !this.panel || update.source !== this.source.toString() || update.version <= this.shownVersion) return;
    this.shownVersion = update.version;
    this.last = update;
    void this.panel.webview.postMessage(update);
  }

  /** `atCursor`: in Markdown, the block at the cursor of the source's editor; else the block shown. */
  private async fetch(uri: vscode.Uri, atCursor: boolean): Promise<UpdateMessage | undefined> {
    const client = this.client();
    if (!client) return undefined;
    // Make sure the server has the document (it analyses only open documents).
    await vscode.workspace.openTextDocument(uri);
    const params: AnalysisParams = { uri: uri.toString() };
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    if (atCursor && editor) params.position = editor.selection.active;
    if (this.block && this.source?.toString() === uri.toString()) params.block = this.block.index;
    const answer = await client.sendRequest(ANALYSIS_REQUEST, params);
    if (!answer) return undefined;
    this.block = answer.block;
    return { type: 'update', source: answer.uri, version: answer.version, fileName: path.basename(uri.path), result: answer.result };
  }

  private html(webview: vscode.Webview, initial: UpdateMessage): string {
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', file)).toString();
    return buildPreviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: media('preview.js'),
      styleUri: media('preview.css'),
      initialDataJson: JSON.stringify(initial),
    });
  }

  /** A message from the webview (public so the end-to-end tests can send hostile ones). */
  async receive(raw: unknown): Promise<void> {
    // Anything malformed, or about another document, is dropped without effect.
    if (!isWebviewToHostMessage(raw) || !this.source || raw.source !== this.source.toString()) return;
    const m = raw;
    switch (m.type) {
      case 'ready': {
        // The page carries its first data itself (data-initial); only a selection asked for
        // while it was loading is sent again.
        const pending = this.pendingSelection;
        this.pendingSelection = undefined;
        if (pending && pending.source === m.source) this.selectScenario(pending.index);
        return;
      }
      case 'rendered':
        this.lastRendered = m;
        for (const l of [...this.renderedListeners]) l(m);
        return;
      case 'reveal':
        return this.reveal(m.component);
      case 'copyMermaid':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.showInformationMessage('Mermaid source copied to the clipboard.');
        return;
      case 'saveSvg':
        return this.save('svg', m.svg, { 'SVG image': ['svg'] });
      case 'saveMarkdown':
        return this.saveMarkdown();
    }
  }

  private async reveal(component: string): Promise<void> {
    const uri = this.source;
    const model = this.last?.result.model;
    const c = model?.components.find((x) => x.id === component);
    if (!uri || !c) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    const existing = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: existing?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const block = this.block;
    const at = (o: number) => doc.positionAt(block ? toMarkdownOffset(block, o) : o);
    const range = new vscode.Range(at(c.range.start), at(c.range.end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async saveMarkdown(): Promise<void> {
    if (!this.source || !this.last) return;
    const doc = await vscode.workspace.openTextDocument(this.source);
    // A Markdown source's report is of the design block shown.
    const text = this.block ? this.block.text : doc.getText();
    const file = vscode.workspace.asRelativePath(this.source) + (this.block ? `, design block ${this.block.index + 1}` : '');
    const report = formatMarkdown([{ file, absolute: this.source.fsPath, text, lines: new LineIndex(text), result: this.last.result }]);
    await this.save('md', report, { Markdown: ['md'] });
  }

  private async save(ext: string, content: string, filters: Record<string, string[]>): Promise<void> {
    if (!this.source) return;
    const base = this.block ? `${this.source.path.replace(/\.md$/i, '')}-design-${this.block.index + 1}` : this.source.path.replace(/\.redundancy\.ya?ml$/i, '');
    const target = await vscode.window.showSaveDialog({ defaultUri: this.source.with({ path: `${base}.${ext}` }), filters });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
    void vscode.window.showInformationMessage(`Saved ${path.basename(target.path)}.`);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.blockTimer) clearTimeout(this.blockTimer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** A design file, or a Markdown document that may hold a design block (the preview follows both). */
function isDesign(doc: vscode.TextDocument): boolean {
  if (doc.languageId === 'redundancy-yaml' || isDesignUri(doc.uri.toString())) return true;
  return (doc.languageId === 'markdown' || isMarkdownUri(doc.uri.toString())) && mayHaveDesignBlocks(doc.getText());
}
