/**
 * The VS Code extension host side: starts the language server, shows the active design's
 * problem count in the status bar, and contributes the commands. All analysis happens in
 * the server (and its core); nothing here reads design files itself.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { ANALYZED_NOTIFICATION, SHOW_COMPONENT_COMMAND, SHOW_SHARED_PUSH_COMMAND } from '../shared/protocol';
import { redundancyMarkdownIt } from './markdownItPlugin';
import { PreviewManager } from './preview';
import { RuleDocs } from './ruleDocs';
import { StatusBar } from './statusBar';
import { starterDesign } from './starter';

let client: LanguageClient | undefined;

/** For the end-to-end tests: the running client and what the status bar shows. */
export interface RedundancyLensApi {
  client: () => LanguageClient | undefined;
  statusText: () => string;
  restarts: () => number;
  preview: PreviewManager;
  /** VS Code's Markdown preview calls this (`markdown.markdownItPlugins`): design blocks drawn as diagrams. */
  extendMarkdownIt: (md: Parameters<typeof redundancyMarkdownIt>[0]) => ReturnType<typeof redundancyMarkdownIt>;
}

export async function activate(context: vscode.ExtensionContext): Promise<RedundancyLensApi> {
  const output = vscode.window.createOutputChannel('Redundancy Lens', { log: true });
  const statusBar = new StatusBar();
  const ruleDocs = new RuleDocs(context);
  context.subscriptions.push(output, statusBar, ruleDocs);
  let restarts = 0;
  const crashTimes: number[] = [];

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'redundancy-yaml' },
      { scheme: 'file', pattern: '**/*.redundancy.{yaml,yml}' },
      { scheme: 'untitled', language: 'redundancy-yaml' },
      // Markdown design documents: the server only works on those that hold a design block.
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', pattern: '**/*.md' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: { configurationSection: 'redundancy' },
    outputChannel: output,
    middleware: ruleDocs.middleware,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        // Restart a crashed server and say so; give up after 5 crashes in 3 minutes.
        const now = Date.now();
        crashTimes.push(now);
        while (crashTimes.length && now - crashTimes[0] > 180_000) crashTimes.shift();
        if (crashTimes.length > 5) {
          return { action: CloseAction.DoNotRestart, message: 'The Redundancy Lens server crashed 5 times in 3 minutes and will not be restarted. See the "Redundancy Lens" output.' };
        }
        restarts++;
        void vscode.window.showWarningMessage('The Redundancy Lens server stopped unexpectedly and was restarted.');
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };

  client = new LanguageClient('redundancy', 'Redundancy Lens', serverOptions, clientOptions);
  const preview = new PreviewManager(context, () => client);
  context.subscriptions.push(
    preview,
    client.onNotification(ANALYZED_NOTIFICATION, (p) => {
      statusBar.update(p);
      preview.onAnalyzed(p.uri, p.version);
    }),
    vscode.commands.registerCommand('redundancy.openPreview', (uri?: vscode.Uri) => preview.open(uri, false)),
    vscode.commands.registerCommand('redundancy.openPreviewToSide', (uri?: vscode.Uri) => preview.open(uri, true)),
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) output.info('Redundancy Lens server is running.');
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => statusBar.showFor(editor?.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => statusBar.forget(doc.uri.toString())),
    vscode.commands.registerCommand('redundancy.newDesign', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'redundancy-yaml', content: starterDesign() });
      await vscode.window.showTextDocument(doc);
    }),
    vscode.commands.registerCommand('redundancy.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('redundancy.showOutput', () => output.show(true)),
    // A code lens: show the component in the preview (opened beside the editor if need be).
    vscode.commands.registerCommand(SHOW_COMPONENT_COMMAND, (uri: string, _start: number, _end: number, component: string) => preview.focusComponent(vscode.Uri.parse(uri), component)),
    // A shared item's code lens: mark its push scenario in the preview.
    vscode.commands.registerCommand(SHOW_SHARED_PUSH_COMMAND, (uri: string, shared: string) => preview.showSharedPush(vscode.Uri.parse(uri), shared)),
  );
  await client.start();
  statusBar.showFor(vscode.window.activeTextEditor?.document);
  const today = () => process.env.REDUNDANCY_LENS_TODAY || new Date().toISOString().slice(0, 10);
  return { client: () => client, statusText: () => statusBar.text, restarts: () => restarts, preview, extendMarkdownIt: (md) => redundancyMarkdownIt(md, { today }) };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
