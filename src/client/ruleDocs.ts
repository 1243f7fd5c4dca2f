/**
 * The rule pages shipped inside the extension (docs/rules/<rule-id>.md is in the .vsix).
 * A diagnostic's code link — the rule id in the hover and in the Problems panel — opens
 * that copy in VS Code's Markdown preview, so it works without a network and always
 * describes the installed version. The server keeps sending web links
 * (`codeDescription.href`, for other editors); the client rewrites them as they arrive.
 *
 * The rewritten link is a URI of the editor's own scheme (`vscode://<extension id>/rule-doc
 * ?rule=<rule-id>`), which VS Code hands to this extension's UriHandler. A `command:` link
 * would not do: VS Code does not run commands from diagnostic code links.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { RULE_META } from '../core/rules-meta';
import { RULE_IDS, type RuleId } from '../core/types';

export const OPEN_RULE_DOC_COMMAND = 'redundancy.openRuleDoc';
const LINK_PATH = '/rule-doc';

function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && (RULE_IDS as readonly string[]).includes(value);
}

export class RuleDocs implements vscode.Disposable, vscode.UriHandler {
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables = [vscode.commands.registerCommand(OPEN_RULE_DOC_COMMAND, (rule?: unknown) => this.open(rule)), vscode.window.registerUriHandler(this)];
  }

  /** What a diagnostic of `rule` links to: this extension's handler, never the web. */
  linkFor(rule: RuleId): vscode.Uri {
    return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: this.context.extension.id, path: LINK_PATH, query: `rule=${rule}` });
  }

  /** The bundled page of a rule. */
  pageOf(rule: RuleId): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, 'docs', 'rules', `${rule}.md`);
  }

  /** Client middleware: our diagnostics' code links point at the bundled pages. */
  readonly middleware: Pick<Middleware, 'handleDiagnostics'> = {
    handleDiagnostics: (uri, diagnostics, next) => {
      for (const d of diagnostics) {
        if (typeof d.code === 'object' && isRuleId(String(d.code.value))) d.code = { value: d.code.value, target: this.linkFor(String(d.code.value) as RuleId) };
      }
      next(uri, diagnostics);
    },
  };

  handleUri(uri: vscode.Uri): Promise<void> | undefined {
    if (uri.path !== LINK_PATH) return undefined;
    return this.open(new URLSearchParams(uri.query).get('rule') ?? undefined);
  }

  /** Opens the bundled page of `rule` in the Markdown preview; with no rule, asks which. */
  async open(rule?: unknown): Promise<void> {
    let id = rule;
    if (id === undefined) {
      const picked = await vscode.window.showQuickPick(
        RULE_IDS.map((r) => ({ label: r, description: RULE_META[r].title })),
        { placeHolder: 'Which rule?', matchOnDescription: true },
      );
      if (!picked) return;
      id = picked.label;
    }
    if (!isRuleId(id)) {
      void vscode.window.showWarningMessage(`Redundancy Lens has no rule named ${JSON.stringify(id)}.`);
      return;
    }
    const page = this.pageOf(id);
    try {
      await vscode.workspace.fs.stat(page);
    } catch {
      void vscode.window.showErrorMessage(`The page of rule ${id} is missing from the installed extension (${page.fsPath}); reinstall Redundancy Lens.`);
      return;
    }
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', page);
    } catch {
      // The built-in Markdown extension is disabled: the page as text is still the page.
      await vscode.window.showTextDocument(page, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
