/** Entry point: the language server over standard input and output. */
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { keepYoungGenerationSmall } from './memory';
import { MessageEncoder } from './messageEncoder';
import { startServer } from './server';

export function startStdioServer(): void {
  keepYoungGenerationSmall();
  // Our encoder, vscode-jsonrpc's framing (see messageEncoder.ts); this writer's lock lets it reuse its output.
  const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: new MessageEncoder(true) });
  const connection = createConnection(new StreamMessageReader(process.stdin), writer);
  // What vscode-languageserver does when given the streams themselves: the server goes when
  // its client does (exit code 1 unless the client asked for a shutdown first).
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const exit = () => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  // Never let a bug in one request take the editor's server down.
  process.on('uncaughtException', (err) => connection.console.error(`redundancy-lens: ${err.stack ?? err}`));
  startServer(connection);
}
