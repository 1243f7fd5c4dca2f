import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseArgs, quote } from '../../src/cli/args';

test('check with no paths defaults to text and --fail-on error', () => {
  assert.deepEqual(parseArgs(['check']), { kind: 'check', paths: [], format: 'text', failOn: 'error' });
});

test('check takes both --flag value and --flag=value, paths in order', () => {
  assert.deepEqual(parseArgs(['check', 'a', '--format', 'json', 'b', '--fail-on=warning']), {
    kind: 'check',
    paths: ['a', 'b'],
    format: 'json',
    failOn: 'warning',
  });
  assert.deepEqual(parseArgs(['check', '--format=sarif']), { kind: 'check', paths: [], format: 'sarif', failOn: 'error' });
  assert.deepEqual(parseArgs(['check', '--fail-on', 'never', '--format', 'markdown']), { kind: 'check', paths: [], format: 'markdown', failOn: 'never' });
});

test('-- ends the options, so a path may start with a dash', () => {
  assert.deepEqual(parseArgs(['check', '--', '--odd.redundancy.yaml', '--help']), {
    kind: 'check',
    paths: ['--odd.redundancy.yaml', '--help'],
    format: 'text',
    failOn: 'error',
  });
});

test('--help, -h and --version win anywhere before --', () => {
  assert.deepEqual(parseArgs(['--help']), { kind: 'help' });
  assert.deepEqual(parseArgs(['-h']), { kind: 'help' });
  assert.deepEqual(parseArgs(['check', 'x', '--help']), { kind: 'help' });
  assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
  assert.deepEqual(parseArgs(['check', '--version']), { kind: 'version' });
});

test('bad command lines are errors with a one-line reason', () => {
  const cases: string[][] = [
    [],
    ['frobnicate'],
    ['--bogus'],
    ['check', '--bogus'],
    ['check', '-x'],
    ['check', '--format'],
    ['check', '--format='],
    ['check', '--format', 'xml'],
    ['check', '--format', '--fail-on', 'error'],
    ['check', '--fail-on', 'sometimes'],
    ['lsp'],
    ['lsp', '--socket=4000'],
    ['lsp', '--stdio', 'extra'],
  ];
  for (const argv of cases) {
    const parsed = parseArgs(argv);
    assert.equal(parsed.kind, 'error', `expected an error for ${JSON.stringify(argv)}`);
    if (parsed.kind === 'error') {
      assert.ok(parsed.message.length > 0);
      assert.ok(!parsed.message.includes('\n'), `one line for ${JSON.stringify(argv)}`);
    }
  }
});

test('a bad value names the allowed ones', () => {
  const parsed = parseArgs(['check', '--format', 'xml']);
  assert.equal(parsed.kind, 'error');
  if (parsed.kind === 'error') {
    assert.match(parsed.message, /'xml'/);
    for (const f of ['text', 'json', 'sarif', 'markdown']) assert.ok(parsed.message.includes(f), f);
  }
});

test('lsp accepts --stdio and the client process id that vscode-languageclient appends', () => {
  assert.deepEqual(parseArgs(['lsp', '--stdio']), { kind: 'lsp' });
  assert.deepEqual(parseArgs(['lsp', '--stdio', '--clientProcessId=123']), { kind: 'lsp' });
  assert.deepEqual(parseArgs(['lsp', '--clientProcessId', '123', '--stdio']), { kind: 'lsp' });
});

test('quote keeps a message on one line whatever the input', () => {
  assert.equal(quote('a\nb\u001b[31m'), "'a\\u000ab\\u001b[31m'");
  assert.equal(quote('plain path/x.yaml'), "'plain path/x.yaml'");
});
