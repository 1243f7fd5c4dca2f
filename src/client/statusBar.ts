/** The status-bar item for the active design: its problem count; a click opens Problems. */
import * as vscode from 'vscode';
import type { AnalyzedParams } from '../shared/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('redundancy.status', vscode.StatusBarAlignment.Left, 100);
  private readonly counts = new Map<string, AnalyzedParams>();

  constructor() {
    this.item.name = 'Redundancy Lens';
    this.item.command = 'workbench.actions.view.problems';
  }

  get text(): string {
    return this.item.text;
  }

  update(p: AnalyzedParams): void {
    this.counts.set(p.uri, p);
    const active = vscode.window.activeTextEditor?.document;
    if (active && active.uri.toString() === p.uri) this.showFor(active);
  }

  forget(uri: string): void {
    this.counts.delete(uri);
  }

  showFor(doc: vscode.TextDocument | undefined): void {
    const p = doc ? this.counts.get(doc.uri.toString()) : undefined;
    // Design files, and Markdown documents while they hold a design block.
    if (!doc || !p || (doc.languageId !== 'redundancy-yaml' && !(p.designs ?? 0))) {
      this.item.hide();
      return;
    }
    const problems = p.errors + p.warnings;
    this.item.text = problems === 0 ? '$(shield) Redundancy: no problems' : `$(shield) Redundancy: ${p.errors} errors, ${p.warnings} warnings`;
    this.item.tooltip = `${p.errors} errors, ${p.warnings} warnings, ${p.information} information, ${p.accepted} accepted risks — click to open Problems`;
    this.item.backgroundColor = p.errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : p.warnings ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
