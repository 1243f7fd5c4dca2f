/** Entry point: the language server over standard input and output. */
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

export function startStdioServer(): void {
  const connection = createConnection(process.stdin, process.stdout);
  // Never let a bug in one request take the editor's server down.
  process.on('uncaughtException', (err) => connection.console.error(`redundancy-lens: ${err.stack ?? err}`));
  startServer(connection);
}

