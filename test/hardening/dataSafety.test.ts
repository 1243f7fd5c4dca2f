/**
 * Data safety: quick fixes and rename never lose a comment, never reformat untouched lines,
 * keep line endings (CRLF stays CRLF) and indentation (2 or 4 spaces); a fix whose target
 * moved is refused, never applied in the wrong place — in the core (stale finding keys) and
 * through the language server (versioned edits).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { analyze, applyEdits, computeFixes, LineIndex } from '../../src/core';
import type { TextEdit } from '../../src/core';
import { renameEdits } from '../../src/core/navigation';
import { commentedBlockDesignArb, GeneratedDesign } from './arbitraries';
import { assertCommentsKept, assertEditsWellFormed, assertFixSound, assertLayoutKept, assertUntouchedOutsideEdits, lineEndings, OPTS } from './checks';
import { LspClient } from '../helpers/lspClient';

const SEED = 4242;
const LAYOUTS = [
  { eol: '\n', indent: 2 },
  { eol: '\n', indent: 4 },
  { eol: '\r\n', indent: 2 },
  { eol: '\r\n', indent: 4 },
] as const;

/** LSP edits as core offset edits against `text`. */
function toOffsets(text: string, edits: LspTextEdit[]): TextEdit[] {
  const lines = new LineIndex(text);
  return edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
}

/** Random edits a user makes between two requests: lines added or removed above, values changed. */
const userEditArb = fc.record({
  kind: fc.constantFrom('insert-comment-lines', 'delete-line', 'change-value', 'add-component', 'swap-lines'),
  at: fc.nat(),
  n: fc.integer({ min: 1, max: 4 }),
});

function userEdit(text: string, e: { kind: string; at: number; n: number }): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const i = e.at % Math.max(1, lines.length - 1);
  switch (e.kind) {
    case 'insert-comment-lines':
      lines.splice(i, 0, ...Array.from({ length: e.n }, (_, k) => `# inserted ${k}`));
      break;
    case 'delete-line':
      lines.splice(i, 1);
      break;
    case 'change-value':
      lines[i] = lines[i].replace(/(: )([A-Za-z][\w.@-]*)/, `$1$2x${e.n}`);
      break;
    case 'add-component':
      return text.replace(/^components:.*$/m, (m) => `${m}${eol}  added${e.n}: { kind: stateless, replicas: [{ count: 2, zone: zo-a }] }`);
    default:
      if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
  }
  return lines.join(eol);
}

describe('data safety in the core', () => {
  for (const { eol, indent } of LAYOUTS) {
    const label = `${eol === '\n' ? 'LF' : 'CRLF'}, ${indent}-space indentation`;

    test(`quick fixes keep comments, untouched lines, line endings and indentation (${label})`, () => {
      let checked = 0;
      fc.assert(
        fc.property(commentedBlockDesignArb(eol, indent), ({ text }) => {
          assert.equal(lineEndings(text), eol === '\n' ? 'lf' : 'crlf');
          for (const f of analyze(text, OPTS).findings) {
            if (f.accepted || f.severity === 'information') continue;
            for (const fix of computeFixes(text, f.data.key, OPTS)) {
              assertFixSound(text, f, fix, { indentUnit: indent, what: `${label}: ` });
              checked++;
            }
          }
        }),
        { seed: SEED, numRuns: 8, includeErrorInReport: true },
      );
      assert.ok(checked > 20, `${checked} fixes checked`);
    });

    test(`rename touches only the id and keeps layout; renaming back restores the bytes (${label})`, () => {
      fc.assert(
        fc.property(commentedBlockDesignArb(eol, indent), fc.nat(), ({ text }, pick) => {
          const components = analyze(text, OPTS).model!.components;
          const c = components[pick % components.length];
          // Inside the id: the cursor just before an opening quote is not on it (navigation.ts).
          const r = renameEdits(text, c.range.start + 1, 'renamed-one');
          assert.ok('edits' in r, 'error' in r ? r.error : '');
          assertEditsWellFormed(text, r.edits, 'rename');
          for (const e of r.edits) assert.match(text.slice(e.start, e.end), new RegExp(`^["']?${c.id.replace(/[.-]/g, '\\$&')}["']?$`), 'an edit replaces the id and nothing else');
          const renamed = applyEdits(text, r.edits);
          assertUntouchedOutsideEdits(text, renamed, r.edits, 'rename');
          assertCommentsKept(text, renamed, 'rename');
          assertLayoutKept(text, renamed, indent, 'rename');
          const back = renameEdits(renamed, analyze(renamed, OPTS).model!.components.find((x) => x.id === 'renamed-one')!.range.start + 1, c.id);
          assert.ok('edits' in back);
          assert.equal(applyEdits(renamed, back.edits), text);
        }),
        { seed: SEED, numRuns: 25, includeErrorInReport: true },
      );
    });
  }

  test('computeFixes(text after an edit, key from before) gives no fix or a fix valid for the new text', () => {
    let refused = 0;
    let valid = 0;
    fc.assert(
      fc.property(commentedBlockDesignArb('\n', 2), fc.array(userEditArb, { minLength: 1, maxLength: 3 }), ({ text }, edits) => {
        const keys = analyze(text, OPTS)
          .findings.filter((f) => !f.accepted)
          .map((f) => f.data.key);
        const changed = edits.reduce(userEdit, text);
        const now = analyze(changed, OPTS);
        const schemaNow = now.findings.filter((f) => f.rule === 'schema').length;
        for (const key of keys) {
          const fixes = computeFixes(changed, key, OPTS);
          const target = now.findings.find((f) => f.data.key === key);
          if (!target || target.accepted) {
            // The finding no longer exists in the new text: there is nothing to fix.
            assert.deepEqual(fixes, [], `${key}: no fix for a finding that is gone`);
            refused++;
            continue;
          }
          for (const fix of fixes) {
            if (schemaNow === 0) assertFixSound(changed, target, fix, { indentUnit: 2, what: 'stale key: ' });
            else {
              assertEditsWellFormed(changed, fix.edits, fix.title);
              assertUntouchedOutsideEdits(changed, applyEdits(changed, fix.edits), fix.edits, fix.title);
            }
            valid++;
          }
        }
      }),
      { seed: SEED, numRuns: 20, includeErrorInReport: true },
    );
    assert.ok(refused > 0 && valid > 0, `both outcomes seen: ${refused} refused, ${valid} valid for the new text`);
  });
});

describe('data safety through the language server', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  const samples: GeneratedDesign[] = LAYOUTS.flatMap(({ eol, indent }) => fc.sample(commentedBlockDesignArb(eol, indent), { seed: SEED, numRuns: 2 }));

  /** Apply a versioned edit only to the version it names, as the protocol requires of clients. */
  function applyIfCurrent(doc: { version: number; text: string }, change: TextDocumentEdit): string | null {
    return change.textDocument.version === doc.version ? applyEdits(doc.text, toOffsets(doc.text, change.edits as LspTextEdit[])) : null;
  }

  test('every code action for every warning keeps comments, untouched lines, line endings and indentation', async () => {
    let applied = 0;
    for (const [i, d] of samples.entries()) {
      const uri = `file:///work/safety-${i}.redundancy.yaml`;
      const opened = client.waitForDiagnostics(uri);
      await client.open(uri, d.text);
      const { diagnostics } = await opened;
      const doc = { version: 1, text: d.text };
      for (const diag of diagnostics.filter((x: Diagnostic) => x.severity === 2)) {
        const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
        assert.ok(actions.length >= 1, `${String(diag.code)}: at least one action`);
        for (const a of actions) {
          const change = a.edit!.documentChanges![0] as TextDocumentEdit;
          const fixed = applyIfCurrent(doc, change);
          assert.ok(fixed !== null, 'computed for the current version');
          const edits = toOffsets(doc.text, change.edits as LspTextEdit[]);
          const what = `${d.style.eol === '\n' ? 'LF' : 'CRLF'}/${d.style.indent}: ${String(diag.code)} "${a.title}"`;
          assertUntouchedOutsideEdits(doc.text, fixed, edits, what);
          assertCommentsKept(doc.text, fixed, what);
          assertLayoutKept(doc.text, fixed, d.style.indent, what);
          applied++;
        }
      }
    }
    assert.ok(applied > 10, `${applied} actions applied`);
  });

  test('rename through the server keeps layout, and a rename or fix computed for an older version is refused', async () => {
    for (const [i, d] of samples.entries()) {
      const uri = `file:///work/rename-${i}.redundancy.yaml`;
      const opened = client.waitForDiagnostics(uri);
      await client.open(uri, d.text);
      await opened;
      const component = analyze(d.text, OPTS).model!.components[0];
      const position = new LineIndex(d.text).positionAt(component.range.start + 1);
      const prepared = (await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position })) as { placeholder: string } | null;
      assert.equal(prepared?.placeholder, component.id);
      const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'moved-away' })) as WorkspaceEdit;
      const change = edit.documentChanges![0] as TextDocumentEdit;
      const doc = { version: 1, text: d.text };
      const renamed = applyIfCurrent(doc, change)!;
      assert.ok(renamed !== null);
      assertCommentsKept(d.text, renamed, 'rename');
      assertLayoutKept(d.text, renamed, d.style.indent, 'rename');
      assertUntouchedOutsideEdits(d.text, renamed, toOffsets(d.text, change.edits as LspTextEdit[]), 'rename');

      // The user types above the component before the edit comes back: the target moved.
      const moved = d.text.replace(/^components:.*$/m, (m) => `# a note typed meanwhile${d.style.eol}${m}`);
      await client.change(uri, 2, moved);
      const current = { version: 2, text: moved };
      assert.equal(applyIfCurrent(current, change), null, 'the rename for version 1 is refused on version 2');
      const diags = await client.waitForDiagnostics(uri, (p) => p.version === 2);
      // A quick fix computed for version 2, then the document moves again: refused too.
      const warning = diags.diagnostics.find((x) => x.severity === 2);
      if (warning) {
        const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: warning.range, context: { diagnostics: [warning] } })) as CodeAction[];
        await client.change(uri, 3, `# another line${d.style.eol}${moved}`);
        for (const a of actions) assert.equal(applyIfCurrent({ version: 3, text: `# another line${d.style.eol}${moved}` }, a.edit!.documentChanges![0] as TextDocumentEdit), null);
      }
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });
});
