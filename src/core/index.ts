/** The core's one entry point for the CLI, the language server, the preview and the tests. */
export * from './types';
export { analyze, analyzeFull } from './analyze';
export { computeFixes } from './fixes';
export { applyEdits } from './edits';
export { LineIndex } from './positions';
export type { LinePosition } from './positions';
export { pathAt } from './cursor';
export type { CursorContext, CursorContainer, PathSegment } from './cursor';
export { hoverAt, survivalLine } from './hover';
export type { HoverInfo } from './hover';
export { completionsAt } from './completion';
export type { CompletionItemData, CompletionKind, CompletionList } from './completion';
export { codeLenses, componentAt, definitionOf, documentSymbols, prepareRename, referencesOf, renameEdits } from './navigation';
export type { CodeLensData, ComponentAtCursor, DocumentSymbolData } from './navigation';
export { blockAt, computeMarkdownFixes, findDesignBlocks, isMarkdownPath, MarkdownAnalyzer, toDesignOffset, toMarkdownOffset, toMarkdownRange } from './markdown';
export type { BlockAnalysis, DesignBlock, MarkdownAnalysis } from './markdown';
