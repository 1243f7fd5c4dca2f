/**
 * The JSON that goes out on the connection. `publishDiagnostics` of a large design is most of
 * what the server writes (a 50,000-line design has some 12,000 diagnostics, 9 MB of JSON), and
 * after an edit most of those diagnostics are the ones sent for the last version: their JSON is
 * kept (convert.ts) and joined here instead of serializing every diagnostic again. Everything
 * else is `JSON.stringify`, as vscode-jsonrpc's own encoder does.
 */
import { Message, NotificationMessage, StreamMessageWriter } from 'vscode-languageserver/node';
import { DIAGNOSTICS_JSON, EncodedDiagnostics } from './convert';

const PUBLISH = 'textDocument/publishDiagnostics';

export function encodeMessage(msg: Message): string {
  const n = msg as NotificationMessage;
  const params = n.method === PUBLISH ? (n.params as { diagnostics?: EncodedDiagnostics }) : null;
  const parts = params?.diagnostics?.[DIAGNOSTICS_JSON];
  // Only the very array toDiagnostics made: its JSON is what its diagnostics say.
  if (!params || !parts || parts.length !== params.diagnostics!.length) return JSON.stringify(msg);
  // The envelope as JSON.stringify writes it, then the diagnostics in place of its empty list
  // (in JSON text, `"diagnostics":[]` can only be the key itself: quotes in strings are escaped).
  const envelope = JSON.stringify({ ...n, params: { ...params, diagnostics: [] } });
  const at = envelope.lastIndexOf('"diagnostics":[]') + '"diagnostics":['.length;
  return envelope.slice(0, at) + parts.join(',') + envelope.slice(at);
}

/** A writer of LSP messages to a stream, with the encoder above. */
export function messageWriter(output: NodeJS.WritableStream): StreamMessageWriter {
  return new StreamMessageWriter(output, {
    charset: 'utf-8',
    contentTypeEncoder: {
      name: 'application/json',
      encode: (msg: Message) => {
        try {
          return Promise.resolve(Buffer.from(encodeMessage(msg), 'utf-8'));
        } catch (err) {
          return Promise.reject(err);
        }
      },
    },
  });
}
