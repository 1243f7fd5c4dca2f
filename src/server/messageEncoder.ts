/**
 * How the server's messages become bytes. vscode-jsonrpc's default encoder runs
 * `JSON.stringify` over each whole message and converts the string to UTF-8; on a design of
 * 50,000 lines one publish is ~10 MB of diagnostics, and that cost ~250 ms on every keystroke.
 * This encoder gives the same JSON (as its consumer reads it), with two differences:
 *
 * - Each diagnostic of a `textDocument/publishDiagnostics` is encoded once, and its JSON is
 *   kept while the diagnostic object lives. DiagnosticCache (convert.ts) hands the server the
 *   same object for a finding that an edit kept in place, so a publish encodes only the
 *   diagnostics the edit changed and copies the others' JSON. What is kept is a string, not a
 *   Buffer: twelve thousand small Buffers at 50,000 lines were ~20 MB outside the heap, and
 *   one message is written into one Buffer sized up front, with no concatenation.
 * - Characters outside ASCII are written as `\uXXXX` escapes. One `→` in a message made V8
 *   hold the whole message as a two-byte string, which is twice the memory and several times
 *   slower to convert to UTF-8 and (in the client) to parse.
 *
 * Written here because no library offers an LSP message encoder with per-part caching; the
 * framing (Content-Length headers) stays vscode-jsonrpc's.
 */
import { ContentTypeEncoderOptions, Message, PublishDiagnosticsNotification } from 'vscode-languageserver';

/** Every character outside ASCII, including each half of a surrogate pair. */
const NON_ASCII = /[\u007f-\uffff]/g;

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The same class, without the `g` flag: `test` keeps no state. */
const HAS_NON_ASCII = /[\u007f-\uffff]/;

/** JSON of `value` in ASCII only: the same value once parsed. */
export function asciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  // Most diagnostics are ASCII already: a test is several times cheaper than a replace that finds nothing.
  return HAS_NON_ASCII.test(json) ? json.replace(NON_ASCII, escapeChar) : json;
}

/** Stands in for the diagnostics array while the rest of a publish is encoded. */
const PLACEHOLDER = '\u0000redundancy-lens-diagnostics\u0000';
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);

/** A content-type encoder for vscode-jsonrpc's StreamMessageWriter (see main.ts). */
export class MessageEncoder {
  readonly name = 'application/json';
  private readonly json = new WeakMap<object, string>();

  encode(msg: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    if (options.charset !== 'utf-8') return Promise.reject(new Error(`unsupported charset ${options.charset}`));
    return Promise.resolve(this.encodeNow(msg));
  }

  encodeNow(msg: Message): Buffer {
    const diagnostics = publishedDiagnostics(msg);
    if (!diagnostics) return Buffer.from(asciiJson(msg), 'utf8');
    const pieces = asciiJson(msgWith(msg, PLACEHOLDER)).split(PLACEHOLDER_JSON);
    // Only a client-chosen URI could hold the placeholder's text; such a message is encoded whole.
    if (pieces.length !== 2) return Buffer.from(asciiJson(msg), 'utf8');
    const parts = [`${pieces[0]}[`];
    let length = parts[0].length;
    diagnostics.forEach((d, i) => {
      const json = i > 0 ? `,${this.diagnosticJson(d)}` : this.diagnosticJson(d);
      parts.push(json);
      length += json.length;
    });
    parts.push(`]${pieces[1]}`);
    length += parts[parts.length - 1].length;
    // Every part is ASCII: one byte per character, so the Buffer's size is known before writing.
    const bytes = Buffer.allocUnsafe(length);
    let at = 0;
    for (const part of parts) at += bytes.write(part, at, 'latin1');
    return bytes;
  }

  private diagnosticJson(d: unknown): string {
    // Only objects can be keys; a diagnostic is always one, but a stray value must not throw.
    if (typeof d !== 'object' || d === null) return asciiJson(d);
    let json = this.json.get(d);
    if (json === undefined) this.json.set(d, (json = asciiJson(d)));
    return json;
  }
}

function publishedDiagnostics(msg: Message): unknown[] | null {
  const m = msg as { method?: unknown; params?: { diagnostics?: unknown } };
  return m.method === PublishDiagnosticsNotification.method && Array.isArray(m.params?.diagnostics) ? m.params.diagnostics : null;
}

function msgWith(msg: Message, diagnostics: string): Message {
  const m = msg as Message & { params: object };
  return { ...m, params: { ...m.params, diagnostics } } as Message;
}
