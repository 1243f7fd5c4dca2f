/**
 * What the server writes: its own message encoder (messageEncoder.ts) and the diagnostics
 * kept per finding (convert.ts). Both exist for speed, so the tests check that nothing a
 * client reads changes: the bytes parse to exactly the message, and a reused diagnostic is
 * exactly the one a fresh conversion builds.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic, type Message } from 'vscode-languageserver';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../src/core/analyze';
import { makeFinding } from '../../src/core/rules';
import type { Finding, OffsetRange } from '../../src/core/types';
import { DiagnosticCache, positionShift, toDiagnostics } from '../../src/server/convert';
import { asciiJson, MessageEncoder } from '../../src/server/messageEncoder';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol';

const AWKWARD = 'api → orders → … 3,996 more … → c0; "quoted" \\ back\u0000slash, tab\t, del\u007f, é, 😀, lone \ud800 half';

const publish = (diagnostics: unknown[], version?: number): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/a.redundancy.yaml', ...(version === undefined ? {} : { version }), diagnostics } }) as Message;

const decoded = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as unknown;

const isAscii = (bytes: Buffer) => bytes.every((b) => b < 0x80);

describe('the message encoder', () => {
  test('asciiJson gives ASCII that parses back to the same value', () => {
    const value = { message: AWKWARD, list: [AWKWARD, 1, null, true], nested: { [AWKWARD]: 'key too' } };
    const json = asciiJson(value);
    assert.match(json, /^[\x00-\x7e]*$/);
    assert.deepEqual(JSON.parse(json), value);
  });

  test('a publish is the same JSON, in ASCII, with or without a version', () => {
    const encoder = new MessageEncoder();
    const diagnostics = [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, message: AWKWARD, severity: 2 },
      { range: { start: { line: 4, character: 2 }, end: { line: 4, character: 9 } }, message: 'plain', severity: 3, data: { key: 'k|x' } },
    ];
    for (const msg of [publish(diagnostics, 7), publish(diagnostics), publish([], 1)]) {
      const bytes = encoder.encodeNow(msg);
      assert.ok(isAscii(bytes));
      assert.deepEqual(decoded(bytes), JSON.parse(JSON.stringify(msg)));
    }
  });

  test('a diagnostic object encoded before is taken again, whatever its neighbours', () => {
    const encoder = new MessageEncoder();
    const d = (n: number) => ({ range: { start: { line: n, character: 0 }, end: { line: n, character: 1 } }, message: `m${n} →`, severity: 1 });
    const [a, b, c] = [d(1), d(2), d(3)];
    encoder.encodeNow(publish([a, b], 1));
    // Reused from the first publish (b) and new (c), in a new order: the parts must not be
    // picked by position.
    const second = encoder.encodeNow(publish([c, b, a], 2));
    assert.deepEqual(decoded(second), JSON.parse(JSON.stringify(publish([c, b, a], 2))));
  });

  test('with its output reused, publishes written back to back through a socket nobody reads yet all arrive intact', async () => {
    // A real socket pair: the kernel takes a few hundred kilobytes, so the first publish's write
    // is still pending when the second is queued, and the reader starts only after both are.
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[net.Socket]>;
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await once(client, 'connect');
    const [socket] = await accepted;
    socket.pause();
    const writer = new StreamMessageWriter(client, { charset: 'utf-8', contentTypeEncoder: new MessageEncoder(true) });
    const many = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } }, message: `${tag} ${i} ${'x'.repeat(200)}`, severity: 2 }));
    // Largest first, so each later publish fits the kept buffer and overwrites the start of it.
    const sent = [publish(many('first', 20000), 1), publish(many('second', 15000), 2), publish(many('third', 100), 3)];
    const written = Promise.all(sent.map((m) => writer.write(m)));
    const received: unknown[] = [];
    const reader = new StreamMessageReader(socket);
    const all = new Promise<void>((resolve) =>
      reader.listen((m) => {
        received.push(m);
        if (received.length === sent.length) resolve();
      }),
    );
    socket.resume();
    await Promise.all([written, all]);
    assert.deepEqual(received, JSON.parse(JSON.stringify(sent)));
    reader.dispose();
    client.destroy();
    socket.destroy();
    server.close();
  });

  test('other messages are encoded whole, in ASCII', () => {
    const encoder = new MessageEncoder();
    const msg = { jsonrpc: '2.0', id: 3, result: { contents: { kind: 'markdown', value: AWKWARD } } } as Message;
    const bytes = encoder.encodeNow(msg);
    assert.ok(isAscii(bytes));
    assert.deepEqual(decoded(bytes), msg);
  });

  test('a URI that holds the placeholder cannot split the message wrongly', () => {
    const encoder = new MessageEncoder();
    const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: '\u0000redundancy-lens-diagnostics\u0000', diagnostics: [{ message: 'x' }] } } as Message;
    assert.deepEqual(decoded(encoder.encodeNow(msg)), msg);
  });
});

describe('diagnostics kept from the last publish', () => {
  const text = `redundancy: 1
system: shop
components:
  api:
    kind: stateless
    dependsOn: [db]
    replicas:
      - { count: 2, spread: { zone: [a, b] }, version: api@1, config: c1 }
  db:
    kind: store
    replicas:
      - { zone: a, version: pg@16, config: pg1 }
`;
  const findings = analyze(text, { today: '2026-11-26' }).findings;
  const doc = TextDocument.create('file:///w/shop.redundancy.yaml', 'redundancy-yaml', 1, text);

  test('the same findings at the same places give the same objects, equal to a fresh conversion', () => {
    const cache = new DiagnosticCache();
    const first = toDiagnostics(doc, findings, DEFAULT_SETTINGS, cache);
    const again = toDiagnostics(TextDocument.create(doc.uri, doc.languageId, 2, text), findings, DEFAULT_SETTINGS, cache);
    assert.ok(first.length > 2, 'the design has findings');
    first.forEach((d, i) => assert.equal(again[i], d, `diagnostic ${i} reused`));
    assert.deepEqual(again, toDiagnostics(doc, findings, DEFAULT_SETTINGS));
  });

  test('a copy of a finding with the same content at the same positions (an edit earlier on its line) reuses the diagnostic; other content does not', () => {
    const cache = new DiagnosticCache();
    const first = toDiagnostics(doc, findings, DEFAULT_SETTINGS, cache);
    const copies = findings.map((f) => ({ ...f, related: f.related.map((r) => ({ ...r })) }));
    toDiagnostics(doc, copies, DEFAULT_SETTINGS, cache).forEach((d, i) => assert.equal(d, first[i], `diagnostic ${i} reused`));
    const reworded = copies.map((f, i) => (i === 0 ? { ...f, message: `${f.message} (reworded)` } : f));
    const third = toDiagnostics(doc, reworded, DEFAULT_SETTINGS, cache);
    assert.notEqual(third[0], first[0]);
    assert.equal(third[0].message, `${findings[0].message} (reworded)`);
    assert.equal(third[1], first[1]);
  });

  test('a finding whose ranges now fall on other lines, or whose severity a setting changed, gets a new diagnostic', () => {
    const cache = new DiagnosticCache();
    const f = makeFinding('single-replica', 'db', 'db has one replica.', { start: 10, end: 12 }, null, [{ message: 'there', range: { start: 20, end: 21 } }]);
    const flat = TextDocument.create('file:///w/x.redundancy.yaml', 'redundancy-yaml', 1, 'a'.repeat(30));
    const [before] = toDiagnostics(flat, [f], DEFAULT_SETTINGS, cache);
    assert.equal(toDiagnostics(flat, [f], DEFAULT_SETTINGS, cache)[0], before, 'reused while nothing moved');
    // The same offsets; a newline between the finding and its related range moves only the latter.
    const relatedMoved = TextDocument.create(flat.uri, flat.languageId, 2, `${'a'.repeat(15)}\n${'a'.repeat(14)}`);
    const [related] = toDiagnostics(relatedMoved, [f], DEFAULT_SETTINGS, cache);
    assert.notEqual(related, before);
    assert.deepEqual(related.range, before.range);
    assert.deepEqual(related.relatedInformation?.[0].location.range.start, { line: 1, character: 4 });
    // A newline before both.
    const bothMoved = TextDocument.create(flat.uri, flat.languageId, 3, `aaaaa\n${'a'.repeat(24)}`);
    const [both] = toDiagnostics(bothMoved, [f], DEFAULT_SETTINGS, cache);
    assert.deepEqual(both.range.start, { line: 1, character: 4 });
    const quieter = { ...DEFAULT_SETTINGS, rules: { 'single-replica': 'information' as const } };
    const [information] = toDiagnostics(bothMoved, [f], quieter, cache) as Diagnostic[];
    assert.equal(information.severity, DiagnosticSeverity.Information);
    assert.deepEqual(toDiagnostics(bothMoved, [f], quieter, cache), toDiagnostics(bothMoved, [f], quieter));
  });
});

/** Deterministic PRNG (the same runs every time). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'bc', ' ', ':', '\n', '\r\n', '\r', '  - x\n', 'é', '😀'];

describe('positions an edit keeps', () => {
  const random = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const textOf = (n: number) => Array.from({ length: n }, () => pick(PIECES)).join('');
  /** Replace [at, at + removed) of `text` by `inserted`. */
  const edits = (): { before: string; after: string; at: number; removed: number; inserted: string }[] =>
    Array.from({ length: 3000 }, () => {
      const before = textOf(1 + Math.floor(random() * 30));
      const at = Math.floor(random() * (before.length + 1));
      const removed = Math.floor(random() * Math.min(3, before.length - at + 1));
      // Same-length replacements, typing within a line, line breaks added and removed, CRs split from their LFs.
      const inserted = pick(['', 'x', 'yz', '\n', '\r', '\r\n', before.slice(at, at + removed).replace(/./g, 'q'), 'é']);
      return { before, after: before.slice(0, at) + inserted + before.slice(at + removed), at, removed, inserted };
    });

  test('an offset the shift says kept has exactly the line and character it had (every offset of 3,000 random edits)', () => {
    let kept = 0;
    for (const { before, after } of edits()) {
      const old = TextDocument.create('file:///w/a.redundancy.yaml', 'redundancy-yaml', 1, before);
      const now = TextDocument.create(old.uri, old.languageId, 2, after);
      const shift = positionShift(before, after);
      for (let o = 0; o <= after.length; o++) {
        const was = o < shift.below ? o : o >= shift.from ? o - shift.delta : null;
        if (was === null || was > before.length) continue;
        kept++;
        assert.deepEqual(now.positionAt(o), old.positionAt(was), `${JSON.stringify(before)} -> ${JSON.stringify(after)} at ${o}`);
      }
    }
    // The property holds trivially for a shift that keeps nothing: most offsets must be kept.
    assert.ok(kept > 20000, `${kept} offsets kept`);
  });

  test('on texts longer than the comparison blocks, edits at and around their edges keep exactly the positions they should', () => {
    const line = (i: number) => (i % 7 === 3 ? `  k${i}: v\r\n` : i % 11 === 5 ? `  k${i}: v\r` : `  k${i}: value ${i}\n`);
    const long = Array.from({ length: 1500 }, (_, i) => line(i)).join('');
    assert.ok(long.length > 3 * 4096);
    let checked = 0;
    for (const at of [0, 1, 4095, 4096, 4097, 8191, 8192, long.length - 4097, long.length - 4096, long.length - 1, long.length]) {
      for (const [removed, inserted] of [
        [0, 'x'],
        [1, ''],
        [1, 'y'],
        [0, '\n'],
        [1, '\r'],
        [2, 'ab'],
      ] as const) {
        const after = long.slice(0, at) + inserted + long.slice(at + removed);
        const old = TextDocument.create('file:///w/l.redundancy.yaml', 'redundancy-yaml', 1, long);
        const now = TextDocument.create(old.uri, old.languageId, 2, after);
        const shift = positionShift(long, after);
        // Every offset near the edit and near each block edge, and a sample of the rest.
        const probes = new Set<number>();
        for (const c of [at, 4096, 8192, after.length - 4096, after.length]) for (let o = c - 40; o <= c + 40; o++) if (o >= 0 && o <= after.length) probes.add(o);
        for (let o = 0; o <= after.length; o += 97) probes.add(o);
        for (const o of probes) {
          const was = o < shift.below ? o : o >= shift.from ? o - shift.delta : null;
          if (was === null || was > long.length) continue;
          checked++;
          assert.deepEqual(now.positionAt(o), old.positionAt(was), `edit at ${at} (-${removed} +${JSON.stringify(inserted)}), offset ${o}`);
        }
      }
    }
    assert.ok(checked > 10000, `${checked} offsets checked`);
  });

  test('the typical edits keep what they should: a digit typed over, a character typed within a line', () => {
    const text = 'a: 1\nb: 2\nc: 3\n';
    assert.equal(positionShift(text, 'a: 1\nb: 7\nc: 3\n').below, Infinity);
    const typed = positionShift(text, 'a: 1\nb: 27\nc: 3\n');
    assert.deepEqual(typed, { below: 9, from: 11, delta: 1 });
    assert.deepEqual(positionShift(text, 'a: 1\nb: 2\n\nc: 3\n'), { below: 10, from: Infinity, delta: 1 });
    // A carriage return left alone by deleting its line feed is a line break of its own.
    assert.equal(positionShift('a\r\nb', 'a\rb').from, Infinity);
    assert.equal(positionShift('a\rx\nb', 'a\r\nb').from, Infinity);
  });

  test('diagnostics kept across random edits are exactly a fresh conversion', () => {
    const shiftRange = (r: OffsetRange, at: number, end: number, delta: number): OffsetRange | null => (r.end < at ? r : r.start >= end ? { start: r.start + delta, end: r.end + delta } : null);
    let reused = 0;
    for (const [n, { before, after, at, removed, inserted }] of edits().entries()) {
      if (before.length < 4) continue;
      const uri = `file:///w/e${n}.redundancy.yaml`;
      const cache = new DiagnosticCache();
      const found: Finding[] = Array.from({ length: 4 }, (_, i) => {
        const start = Math.floor(random() * before.length);
        const r = { start, end: Math.min(before.length, start + 1 + Math.floor(random() * 3)) };
        const rel = Math.floor(random() * before.length);
        return makeFinding('single-replica', `c${i}`, `m${i} →`, r, null, i % 2 ? [{ message: 'there', range: { start: rel, end: rel } }] : []);
      });
      const first = toDiagnostics(TextDocument.create(uri, 'redundancy-yaml', 1, before), found, DEFAULT_SETTINGS, cache);
      // What an edit keeps: findings outside the edited span, the same objects or copies moved by it.
      const delta = inserted.length - removed;
      const kept = found.flatMap((f) => {
        const range = shiftRange(f.range, at, at + removed, delta);
        const related = f.related.map((r) => shiftRange(r.range, at, at + removed, delta));
        if (!range || related.some((r) => !r)) return [];
        if (range === f.range && related.every((r, i) => r === f.related[i].range)) return [f];
        return [{ ...f, range, related: f.related.map((r, i) => ({ ...r, range: related[i]! })) }];
      });
      const doc = TextDocument.create(uri, 'redundancy-yaml', 2, after);
      const second = toDiagnostics(doc, kept, DEFAULT_SETTINGS, cache);
      assert.deepEqual(second, toDiagnostics(doc, kept, DEFAULT_SETTINGS), `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      reused += second.filter((d) => first.includes(d)).length;
    }
    assert.ok(reused > 1000, `${reused} diagnostics reused`);
  });
});
