/**
 * The language server: wires an LSP connection to the core. It knows LSP; the core does not.
 * Usable from any LSP client (`redundancy-lens lsp --stdio`) and from VS Code's client.
 */
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Connection,
  DidChangeConfigurationNotification,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { todayUtc } from '../core/dates';
import { mayHaveDesignBlocks } from '../core/markdown';
import { DesignSession, Fixer } from '../core/session';
import { ANALYSIS_REQUEST, ANALYZED_NOTIFICATION, AnalyzedParams, isDesignUri, isMarkdownUri } from '../shared/protocol';
import { DiagnosticCache, DiagnosticData, diagnosticSupport, SOURCE, toDiagnostics } from './convert';
import { AnalysisEvent, Designs, DocumentAnalysis } from './designs';
import { blockView, DesignView, fileView, viewAt } from './views';
import { registerLanguageFeatures } from './features';
import { postponeReclaim, reclaimAfterClose, reclaimAfterPublish, sizeYoungGeneration } from './memory';
import { warmUp } from './warmUp';
import { SettingsCache } from './settings';

export interface ServerOptions {
  /** ISO date for `accepted.until`; tests pin it. Default: today (UTC), or REDUNDANCY_LENS_TODAY. */
  today?: () => string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const today = options.today ?? (() => process.env.REDUNDANCY_LENS_TODAY || todayUtc());
  let dynamicConfiguration = false;

  const isMarkdown = (doc: TextDocument) => !isDesignUri(doc.uri) && (isMarkdownUri(doc.uri) || doc.languageId === 'markdown');
  /** Design files, and Markdown documents (which may hold design blocks). */
  const isDesign = (doc: TextDocument) => doc.languageId === 'redundancy-yaml' || isDesignUri(doc.uri) || isMarkdown(doc);
  /** Markdown documents whose last published diagnostics came from design blocks. */
  const markdownWithBlocks = new Set<string>();

  const designs = new Designs(today, (e: AnalysisEvent) => void publish(e), isMarkdown);
  /** The last publish's diagnostics per document: an edit's publish rebuilds (and re-encodes) only what it changed. */
  let diagnosticCache = new DiagnosticCache();

  async function publish({ document, version, result, durationMs }: AnalysisEvent): Promise<void> {
    if (result.markdown && result.designs.length === 0) {
      // A Markdown file without a design is not a design: nothing to say, except clearing what
      // its last block left behind.
      if (markdownWithBlocks.delete(document.uri)) {
        void connection.sendDiagnostics({ uri: document.uri, version, diagnostics: [] });
        const none: AnalyzedParams = { uri: document.uri, version, errors: 0, warnings: 0, information: 0, accepted: 0, durationMs, designs: 0 };
        void connection.sendNotification(ANALYZED_NOTIFICATION, none);
      }
      designs.settled(document.uri);
      return;
    }
    if (result.markdown) markdownWithBlocks.add(document.uri);
    const s = await settings.get(document.uri);
    // A newer version may have arrived while the settings were fetched (the document object is
    // updated in place): its own analysis publishes, not this one under its number.
    if (documents.get(document.uri)?.version !== version) {
      designs.settled(document.uri);
      return;
    }
    const diagnostics = toDiagnostics(document, result.findings, s, diagnosticCache);
    const sent = connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
    const count = (sev: string) => result.findings.filter((f) => !f.accepted && f.severity === sev).length;
    const summary: AnalyzedParams = {
      uri: document.uri,
      version,
      errors: count('error'),
      warnings: count('warning'),
      information: count('information'),
      accepted: result.findings.filter((f) => f.accepted).length,
      durationMs,
      ...(result.markdown ? { designs: result.designs.length } : {}),
    };
    void connection.sendNotification(ANALYZED_NOTIFICATION, summary);
    // The connection encodes and writes on a later turn of the event loop: until then, changes
    // that arrive had queued up behind this analysis.
    sent.then(
      () => {
        reclaimAfterPublish();
        // After the collection: changes handled next were sent while it ran, or queued behind it.
        designs.settled(document.uri);
      },
      () => designs.settled(document.uri),
    );
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    settings.supported = Boolean(caps.workspace?.configuration);
    dynamicConfiguration = Boolean(caps.workspace?.didChangeConfiguration?.dynamicRegistration);
    diagnosticCache = new DiagnosticCache(diagnosticSupport(caps.textDocument?.publishDiagnostics));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '[', ',', '-'], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: SOURCE },
    };
  });

  connection.onInitialized(() => {
    // Compile the analysis' hot paths now, while the editor is still starting, so the first
    // design opened is not also the one that pays for the JIT.
    warmUp(today(), () => designs.uris().length > 0);
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'redundancy' });
  });

  connection.onDidChangeConfiguration(() => {
    settings.forget();
    for (const doc of documents.all()) if (isDesign(doc)) designs.schedule(doc, 0, (u) => documents.get(u), true);
  });

  /**
   * The young generation follows the largest open design (memory.ts), set before its analysis,
   * which an open runs at once. A Markdown document counts once its analysis found design blocks.
   */
  const sizeMemory = () => {
    let largest = 0;
    for (const doc of documents.all()) if (isDesign(doc) && (!isMarkdown(doc) || markdownWithBlocks.has(doc.uri))) largest = Math.max(largest, doc.getText().length);
    sizeYoungGeneration(largest);
  };

  documents.onDidOpen(({ document }) => {
    if (!isDesign(document)) return;
    sizeMemory();
    designs.schedule(document, 0, (u) => documents.get(u));
  });

  documents.onDidChangeContent(({ document }) => {
    postponeReclaim();
    if (!isDesign(document)) return;
    sizeMemory();
    // Markdown without a design block (and none before this edit) costs one scan of the text.
    if (isMarkdown(document) && !markdownWithBlocks.has(document.uri) && !mayHaveDesignBlocks(document.getText())) return;
    void settings.get(document.uri).then((s) => {
      const current = documents.get(document.uri);
      if (current && current.version === document.version) designs.schedule(current, s.diagnostics.delay, (u) => documents.get(u));
    });
  });

  documents.onDidClose(({ document }) => {
    designs.close(document.uri);
    sizeMemory();
    // Its analysis is garbage now, and nothing is being typed into it.
    reclaimAfterClose();
    settings.forget(document.uri);
    diagnosticCache.forget(document.uri);
    const hadBlocks = markdownWithBlocks.delete(document.uri);
    if (!isMarkdown(document) || hadBlocks) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  const designFor = (uri: string) => {
    const doc = documents.get(uri);
    return doc && isDesign(doc) ? doc : undefined;
  };

  /** The designs of a document as the features see them (one per Markdown block). */
  const viewsOf = (doc: TextDocument, analysis: DocumentAnalysis): DesignView[] => {
    const text = analysis.markdown ? doc.getText() : '';
    return analysis.designs.map((d) => (d.block ? blockView(doc, text, d.block, d.result) : fileView(doc, d.result)));
  };

  connection.onCodeAction((params: CodeActionParams, token): CodeAction[] | ResponseError => {
    // Cancelled while still queued (the cursor moved on): computing fixes would only delay the next request.
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'The code action request was cancelled.');
    const doc = designFor(params.textDocument.uri);
    if (!doc) return [];
    const views = viewsOf(doc, designs.resultFor(doc));
    const actions: CodeAction[] = [];
    // Shared by the diagnostics of this request; not kept after it: on a large design it holds
    // as much as the document's own analysis.
    const fixers = new Map<DesignView, Fixer>();
    for (const diagnostic of params.context.diagnostics) {
      const data = diagnostic.data as Partial<DiagnosticData> | undefined;
      if (diagnostic.source !== SOURCE || typeof data?.key !== 'string') continue;
      // In Markdown, the block the finding is in (its design text is what the fix edits).
      const view = views[typeof data.block === 'number' ? data.block : 0];
      if (!view || (view.block !== null) !== (typeof data.block === 'number')) continue;
      // Fixes are recomputed for the current text from the stable key; the edit carries the
      // version it was computed for, so a client never applies it to newer text.
      for (const fix of fixerOf(fixers, view, () => designs.fixerFor(doc.uri, view.block?.index ?? null), today()).fixes(data.key)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.isPreferred || undefined,
          edit: {
            documentChanges: [
              {
                textDocument: { uri: doc.uri, version: doc.version },
                edits: fix.edits.map((e) => view.toEdit(e)),
              },
            ],
          },
        });
      }
    }
    return actions;
  });

  connection.onRequest(ANALYSIS_REQUEST, (params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'The analysis request was cancelled.');
    const doc = designFor(params.uri);
    if (!doc) return null;
    const views = viewsOf(doc, designs.resultFor(doc));
    const view = (params.position && viewAt(views, params.position)?.view) || (typeof params.block === 'number' ? views[params.block] : undefined) || views[0];
    if (!view) return null;
    return { uri: doc.uri, version: doc.version, result: view.result, ...(view.block ? { block: view.block } : {}) };
  });

  registerLanguageFeatures(connection, (uri, fresh) => {
    const doc = designFor(uri);
    return doc ? viewsOf(doc, fresh ? designs.resultFor(doc) : designs.latestResult(doc)) : undefined;
  });

  documents.listen(connection);
  connection.listen();
}

/**
 * One fixer per design of a code-action request, shared by that design's diagnostics: it
 * starts from the snapshot of this very text (`resultFor` above analysed it), so a code
 * action costs the analyses of its candidates' edits. A design with no snapshot of this text
 * (not expected: the request analysed it) gets a session of its own.
 */
function fixerOf(fixers: Map<DesignView, Fixer>, view: DesignView, latest: () => Fixer | null, today: string): Fixer {
  const kept = fixers.get(view);
  if (kept) return kept;
  let fixer = latest();
  if (!fixer || fixer.snapshot.text !== view.text || fixer.snapshot.options.today !== today) {
    const own = new DesignSession();
    own.update(view.text, { today });
    fixer = own.fixer()!;
  }
  fixers.set(view, fixer);
  return fixer;
}
