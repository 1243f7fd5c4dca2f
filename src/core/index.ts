/** The core's one entry point for the CLI, the language server, the preview and the tests. */
export * from './types';
export { analyze } from './analyze';
export { computeFixes } from './fixes';
export { applyEdits } from './edits';
export { LineIndex } from './positions';
export type { LinePosition } from './positions';
