/**
 * Hover, completion, navigation, symbols and code lenses: thin adapters from LSP requests to
 * the core's language-service functions.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../core/types';

export type DesignLookup = (uri: string) => { document: TextDocument; result: AnalysisResult } | undefined;

export function registerLanguageFeatures(connection: Connection, lookup: DesignLookup): void {
  void connection;
  void lookup;
}
