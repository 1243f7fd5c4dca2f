/**
 * How the server's messages become bytes. vscode-jsonrpc's default encoder runs
 * `JSON.stringify` over each whole message and converts the string to UTF-8; on a design of
 * 50,000 lines one publish is ~10 MB of diagnostics, and that cost ~250 ms on every keystroke.
 * This encoder gives the same JSON (as its consumer reads it), with two differences:
 *
 * - Each diagnostic of a `textDocument/publishDiagnostics` is encoded once, and its bytes are
 *   kept while the diagnostic object lives. DiagnosticCache (convert.ts) hands the server the
 *   same object for a finding that an edit kept in place, so a publish encodes only the
 *   diagnostics the edit changed and copies the others' bytes.
 * - Characters outside ASCII are written as `\uXXXX` escapes. One `→` in a message made V8
 *   hold the whole message as a two-byte string, which is twice the memory and several times
 *   slower to convert to UTF-8 and (in the client) to parse.
 *
 * - With `reuseOutput`, a publish is assembled in one buffer that the next publish writes over
 *   (see `reuseOutput` for why that is safe). Copying the parts costs ~2 ms for 10 MB; touching
 *   a fresh 10 MB buffer's pages for the first time costs 25–40 ms, on every publish.
 *
 * Written here because no library offers an LSP message encoder with per-part caching; the
 * framing (Content-Length headers) stays vscode-jsonrpc's.
 */
import { ContentTypeEncoderOptions, Message, PublishDiagnosticsNotification } from 'vscode-languageserver';

/** Every character outside ASCII, including each half of a surrogate pair. */
const NON_ASCII = /[\u007f-\uffff]/g;

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON of `value` in ASCII only: the same value once parsed. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, escapeChar);
}

/** Stands in for the diagnostics array while the rest of a publish is encoded. */
const PLACEHOLDER = '\u0000redundancy-lens-diagnostics\u0000';
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);
const COMMA = Buffer.from(',');

/** A content-type encoder for vscode-jsonrpc's StreamMessageWriter (see main.ts). */
export class MessageEncoder {
  readonly name = 'application/json';
  private readonly bytes = new WeakMap<object, Buffer>();
  /** The buffer the last publish was assembled in, when output is reused. */
  private output: Buffer | null = null;

  /**
   * `reuseOutput`: each publish overwrites the buffer the previous one returned. Only for the
   * encoder of vscode-jsonrpc's `WriteableStreamMessageWriter`: it encodes a message only once
   * the previous message's bytes are written (its write lock is held until the stream's write
   * callback), so nothing reads the old bytes any more.
   */
  constructor(private readonly reuseOutput = false) {}

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
    const [before, after] = pieces;
    const parts: Buffer[] = [Buffer.from(`${before}[`)];
    let length = parts[0].length;
    diagnostics.forEach((d, i) => {
      if (i > 0) parts.push(COMMA);
      const b = this.diagnosticBytes(d);
      parts.push(b);
      length += b.length + (i > 0 ? 1 : 0);
    });
    parts.push(Buffer.from(`]${after}`));
    length += parts[parts.length - 1].length;
    if (!this.reuseOutput) return Buffer.concat(parts, length);
    const out = this.outputFor(length);
    let at = 0;
    for (const p of parts) at += p.copy(out, at);
    return out;
  }

  /**
   * `length` bytes of the kept buffer; a new one when it is too small, or over four times too
   * large (a large design was closed: its publishes' buffer is not kept for small ones).
   */
  private outputFor(length: number): Buffer {
    if (!this.output || this.output.length < length || this.output.length > 4 * length + 65536) {
      // Not from Buffer's shared pool: this memory is overwritten by the next publish.
      this.output = Buffer.allocUnsafeSlow(length);
    }
    return this.output.subarray(0, length);
  }

  private diagnosticBytes(d: unknown): Buffer {
    // Only objects can be keys; a diagnostic is always one, but a stray value must not throw.
    if (typeof d !== 'object' || d === null) return Buffer.from(asciiJson(d));
    let b = this.bytes.get(d);
    if (!b) this.bytes.set(d, (b = Buffer.from(asciiJson(d))));
    return b;
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
