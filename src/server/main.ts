/** Entry point: the language server over standard input and output. */
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';
import { messageWriter } from './wire';

export function startStdioServer(): void {
  // Standard input as a stream, so the connection ends the process when it closes; out, our own
  // writer. The typings take two streams or a reader and a writer, but the library accepts a
  // writer wherever it would wrap a stream in one (it tells them apart by `addListener`).
  const writer = messageWriter(process.stdout) as unknown as NodeJS.WritableStream;
  const connection = createConnection(process.stdin, writer);
  // Never let a bug in one request take the editor's server down.
  process.on('uncaughtException', (err) => connection.console.error(`redundancy-lens: ${err.stack ?? err}`));
  startServer(connection);
}

