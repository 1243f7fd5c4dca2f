/**
 * Hover, completion, navigation, symbols and code lenses: thin adapters from LSP requests to
 * the core's language-service functions (which speak offsets and plain data).
 */
import {
  CodeLens,
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  Connection,
  DocumentSymbol,
  Hover,
  InsertTextFormat,
  Location,
  MarkupKind,
  ResponseError,
  SymbolKind,
  WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completionsAt, CompletionItemData } from '../core/completion';
import { hoverAt } from '../core/hover';
import { codeLenses, definitionOf, documentSymbols, DocumentSymbolData, prepareRename, referencesOf, renameEdits, componentAt } from '../core/navigation';
import type { AnalysisResult } from '../core/types';
import { SHOW_COMPONENT_COMMAND, SHOW_SHARED_PUSH_COMMAND } from '../shared/protocol';
import { toRange } from './convert';

/** `fresh`: the analysis of exactly the current version; otherwise the newest one there is. */
export type DesignLookup = (uri: string, fresh: boolean) => { document: TextDocument; result: AnalysisResult } | undefined;

const COMPLETION_KIND: Record<CompletionItemData['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  component: CompletionItemKind.Reference,
  shared: CompletionItemKind.Module,
  rule: CompletionItemKind.Constant,
  threat: CompletionItemKind.EnumMember,
  'domain-value': CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

const SYMBOL_KIND: Record<DocumentSymbolData['kind'], SymbolKind> = {
  component: SymbolKind.Class,
  shared: SymbolKind.Interface,
  'replica-group': SymbolKind.Array,
  section: SymbolKind.Namespace,
  'accepted-entry': SymbolKind.Key,
};

export function registerLanguageFeatures(connection: Connection, lookup: DesignLookup): void {
  connection.onHover(({ textDocument, position }): Hover | null => {
    const d = lookup(textDocument.uri, false);
    if (!d) return null;
    const text = d.document.getText();
    const h = hoverAt(text, d.document.offsetAt(position), d.result);
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(d.document, h.range) } : null;
  });

  connection.onCompletion(({ textDocument, position }): CompletionList | null => {
    const d = lookup(textDocument.uri, false);
    if (!d) return null;
    const list = completionsAt(d.document.getText(), d.document.offsetAt(position), d.result);
    const range = toRange(d.document, list.replace);
    const items = list.items.map(
      (i): CompletionItem => ({
        label: i.label,
        kind: COMPLETION_KIND[i.kind],
        detail: i.detail,
        documentation: i.documentation ? { kind: MarkupKind.Markdown, value: i.documentation } : undefined,
        textEdit: { range, newText: i.insertText },
        insertTextFormat: i.kind === 'snippet' ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        filterText: i.filterText,
        sortText: i.sortText,
      }),
    );
    return { isIncomplete: false, items };
  });

  connection.onDefinition(({ textDocument, position }): Location | null => {
    const d = lookup(textDocument.uri, true);
    if (!d) return null;
    const r = definitionOf(d.document.getText(), d.document.offsetAt(position), d.result);
    return r ? { uri: textDocument.uri, range: toRange(d.document, r) } : null;
  });

  connection.onReferences(({ textDocument, position, context }): Location[] => {
    const d = lookup(textDocument.uri, true);
    if (!d) return [];
    const text = d.document.getText();
    const at = componentAt(text, d.document.offsetAt(position), d.result);
    if (!at) return [];
    return referencesOf(text, at.id, d.result, context.includeDeclaration, at.namespace).map((r) => ({ uri: textDocument.uri, range: toRange(d.document, r) }));
  });

  connection.onPrepareRename(({ textDocument, position }) => {
    const d = lookup(textDocument.uri, true);
    if (!d) return null;
    const p = prepareRename(d.document.getText(), d.document.offsetAt(position), d.result);
    return p ? { range: toRange(d.document, p.range), placeholder: p.placeholder } : null;
  });

  connection.onRenameRequest(({ textDocument, position, newName }): WorkspaceEdit | ResponseError => {
    const d = lookup(textDocument.uri, true);
    if (!d) return new ResponseError(-32803, 'This document is not an open design.');
    const r = renameEdits(d.document.getText(), d.document.offsetAt(position), newName, d.result);
    // Refusals (an id that already exists, an invalid name) reach the user as the request's error.
    if ('error' in r) return new ResponseError(-32803, r.error);
    return {
      documentChanges: [
        {
          textDocument: { uri: textDocument.uri, version: d.document.version },
          edits: r.edits.map((e) => ({ range: toRange(d.document, e), newText: e.newText })),
        },
      ],
    };
  });

  connection.onDocumentSymbol(({ textDocument }): DocumentSymbol[] => {
    const d = lookup(textDocument.uri, false);
    if (!d) return [];
    const convert = (s: DocumentSymbolData): DocumentSymbol => ({
      name: s.name || ' ',
      detail: s.detail,
      kind: SYMBOL_KIND[s.kind],
      range: toRange(d.document, s.range),
      selectionRange: toRange(d.document, s.selectionRange),
      children: s.children?.map(convert),
    });
    return documentSymbols(d.document.getText(), d.result).map(convert);
  });

  connection.onCodeLens(({ textDocument }): CodeLens[] => {
    const d = lookup(textDocument.uri, false);
    if (!d) return [];
    return codeLenses(d.document.getText(), d.result).map((l) => ({
      range: toRange(d.document, l.range),
      command:
        l.shared !== undefined
          ? { title: l.title, command: SHOW_SHARED_PUSH_COMMAND, arguments: [textDocument.uri, l.shared] }
          : { title: l.title, command: SHOW_COMPONENT_COMMAND, arguments: [textDocument.uri, l.range.start, l.range.end, l.component] },
    }));
  });
}
