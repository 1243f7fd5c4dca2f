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
  Position,
  ResponseError,
  SymbolKind,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { completionsAt, CompletionItemData } from '../core/completion';
import { hoverAt } from '../core/hover';
import { codeLenses, definitionOf, documentSymbols, DocumentSymbolData, prepareRename, referencesOf, renameEdits, componentAt } from '../core/navigation';
import type { AnalysisResult } from '../core/types';
import { SHOW_COMPONENT_COMMAND, SHOW_SHARED_PUSH_COMMAND } from '../shared/protocol';
import { DesignView, viewAt } from './views';

/**
 * The designs of an open document (one for a design file, one per block in Markdown), or
 * undefined when it is not one. `fresh`: the analysis of exactly the current version;
 * otherwise the newest one there is.
 */
export type DesignLookup = (uri: string, fresh: boolean) => DesignView[] | undefined;

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
  /** The design under the cursor, with the cursor as an offset into its text. */
  const at = (uri: string, position: Position, fresh: boolean) => {
    const views = lookup(uri, fresh);
    return views ? viewAt(views, position) : undefined;
  };

  connection.onHover(({ textDocument, position }): Hover | null => {
    const d = at(textDocument.uri, position, false);
    if (!d) return null;
    const h = hoverAt(d.view.text, d.offset, d.view.result);
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: d.view.toRange(h.range) } : null;
  });

  connection.onCompletion(({ textDocument, position }): CompletionList | null => {
    const d = at(textDocument.uri, position, false);
    if (!d) return null;
    const list = completionsAt(d.view.text, d.offset, d.view.result);
    const range = d.view.toRange(list.replace);
    const items = list.items.map((i): CompletionItem => ({
      label: i.label,
      kind: COMPLETION_KIND[i.kind],
      detail: i.detail,
      documentation: i.documentation ? { kind: MarkupKind.Markdown, value: i.documentation } : undefined,
      // Inside a block quote or list, each further line of a snippet needs the container's prefix.
      textEdit: { range, newText: d.view.block?.prefix ? i.insertText.replace(/\n/g, `\n${d.view.block.prefix}`) : i.insertText },
      insertTextFormat: i.kind === 'snippet' ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      filterText: i.filterText,
      sortText: i.sortText,
    }));
    return { isIncomplete: false, items };
  });

  connection.onDefinition(({ textDocument, position }): Location | null => {
    const d = at(textDocument.uri, position, true);
    if (!d) return null;
    const r = definitionOf(d.view.text, d.offset, d.view.result);
    return r ? { uri: textDocument.uri, range: d.view.toRange(r) } : null;
  });

  connection.onReferences(({ textDocument, position, context }): Location[] => {
    const d = at(textDocument.uri, position, true);
    if (!d) return [];
    const target = componentAt(d.view.text, d.offset, d.view.result);
    if (!target) return [];
    return referencesOf(d.view.text, target.id, d.view.result, context.includeDeclaration, target.namespace).map((r) => ({ uri: textDocument.uri, range: d.view.toRange(r) }));
  });

  connection.onPrepareRename(({ textDocument, position }) => {
    const d = at(textDocument.uri, position, true);
    if (!d) return null;
    const p = prepareRename(d.view.text, d.offset, d.view.result);
    return p ? { range: d.view.toRange(p.range), placeholder: p.placeholder } : null;
  });

  connection.onRenameRequest(({ textDocument, position, newName }): WorkspaceEdit | ResponseError => {
    const d = at(textDocument.uri, position, true);
    if (!d) return new ResponseError(-32803, 'This document is not an open design.');
    // In Markdown, a rename stays inside its block: each block is a design of its own.
    const r = renameEdits(d.view.text, d.offset, newName, d.view.result);
    // Refusals (an id that already exists, an invalid name) reach the user as the request's error.
    if ('error' in r) return new ResponseError(-32803, r.error);
    return {
      documentChanges: [
        {
          textDocument: { uri: textDocument.uri, version: d.view.document.version },
          edits: r.edits.map((e) => d.view.toEdit(e)),
        },
      ],
    };
  });

  connection.onDocumentSymbol(({ textDocument }): DocumentSymbol[] => {
    const views = lookup(textDocument.uri, false);
    if (!views) return [];
    return views.flatMap((view) => {
      const convert = (s: DocumentSymbolData): DocumentSymbol => ({
        name: s.name || ' ',
        detail: s.detail,
        kind: SYMBOL_KIND[s.kind],
        range: view.toRange(s.range),
        selectionRange: view.toRange(s.selectionRange),
        children: s.children?.map(convert),
      });
      return documentSymbols(view.text, view.result).map(convert);
    });
  });

  connection.onCodeLens(({ textDocument }): CodeLens[] => {
    const views = lookup(textDocument.uri, false);
    if (!views) return [];
    return views.flatMap((view) =>
      codeLenses(view.text, view.result).map((l) => ({
        range: view.toRange(l.range),
        // The command's offsets are the document's (a Markdown block's are translated).
        command:
          l.shared !== undefined
            ? { title: l.title, command: SHOW_SHARED_PUSH_COMMAND, arguments: [textDocument.uri, l.shared] }
            : { title: l.title, command: SHOW_COMPONENT_COMMAND, arguments: [textDocument.uri, view.documentOffset(l.range.start), view.documentOffset(l.range.end), l.component] },
      })),
    );
  });
}
