/**
 * In-process checks of `main` and the format helpers: terminal colour decisions (a child
 * process cannot easily get a TTY), and escaping of user text in every format.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { main, type CliIO } from '../../src/cli/main';
import { useColor } from '../../src/cli/formats/text';
import { codeSpan, escapeText } from '../../src/reports/markdown';
import { oneLine, summaryLine } from '../../src/reports/report';
import { makeTempDir, removeTempDir, writeFiles } from '../helpers/repo';

const dir = makeTempDir();
after(() => removeTempDir(dir));
writeFiles(dir, { 'bad.redundancy.yaml': 'redundancy: 1\nsystem: [\n' });

async function run(argv: string[], env: Record<string, string | undefined>, isTTY: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    isTTY,
    cwd: dir,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

test('colour on a terminal, none with NO_COLOR or off a terminal; FORCE_COLOR decides first', async () => {
  const esc = /\u001b\[/;
  assert.match((await run(['check'], {}, true)).stdout, esc);
  assert.match((await run(['check'], { NO_COLOR: '' }, true)).stdout, esc, 'an empty NO_COLOR does not count');
  assert.doesNotMatch((await run(['check'], { NO_COLOR: '1' }, true)).stdout, esc);
  assert.doesNotMatch((await run(['check'], {}, false)).stdout, esc);
  assert.match((await run(['check'], { FORCE_COLOR: '1' }, false)).stdout, esc);
  assert.doesNotMatch((await run(['check'], { FORCE_COLOR: '0' }, true)).stdout, esc);
  assert.doesNotMatch((await run(['check', '--format', 'json'], {}, true)).stdout, esc, 'machine formats never colour');
});

test('useColor follows NO_COLOR, FORCE_COLOR and TERM=dumb', () => {
  assert.equal(useColor({}, true), true);
  assert.equal(useColor({}, false), false);
  assert.equal(useColor({ NO_COLOR: 'x' }, true), false);
  assert.equal(useColor({ TERM: 'dumb' }, true), false);
  assert.equal(useColor({ FORCE_COLOR: '' }, false), true);
  assert.equal(useColor({ FORCE_COLOR: 'true', NO_COLOR: '1' }, false), true);
  assert.equal(useColor({ FORCE_COLOR: 'false' }, true), false);
});

test('main returns the exit code and writes nothing on stdout when it cannot run', async () => {
  const r = await run(['check', 'missing'], {}, false);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, "redundancy-lens: no such file or folder: 'missing'\n");
  assert.equal((await run(['check'], {}, false)).code, 1);
  assert.equal((await run(['check', '--fail-on', 'never'], {}, false)).code, 0);
});

test('REDUNDANCY_LENS_TODAY must be a date', async () => {
  const r = await run(['check'], { REDUNDANCY_LENS_TODAY: 'tomorrow' }, false);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^redundancy-lens: REDUNDANCY_LENS_TODAY[^\n]*\n$/);
});

test('summaryLine counts with plurals and the accepted ones apart', () => {
  assert.equal(summaryLine({ error: 1, warning: 2, information: 3, hint: 0, accepted: 4 }, 1), '1 error, 2 warnings, 3 information (4 accepted) in 1 file');
  assert.equal(summaryLine({ error: 0, warning: 1, information: 0, hint: 2, accepted: 0 }, 3), '0 errors, 1 warning, 0 information, 2 hints (0 accepted) in 3 files');
});

test('text output cannot be steered by escape sequences or newlines in user text', () => {
  assert.equal(oneLine('a\nb\r\nc\u001b[2Jd\u009b'), 'a b c\\u001b[2Jd\\u009b');
});

test('markdown escaping: no markup, links, HTML or cell breaks from user text', () => {
  assert.equal(escapeText('a|b'), 'a\\|b');
  assert.equal(escapeText('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(escapeText('[x](http://evil) *b* _i_ `c` ~s~ \\'), '\\[x\\](http://evil) \\*b\\* \\_i\\_ \\`c\\` \\~s\\~ \\\\');
  assert.equal(escapeText('two\nlines'), 'two lines');
  assert.equal(escapeText('AT&T'), 'AT&amp;T');
});

test('markdown code spans survive backticks and pipes', () => {
  assert.equal(codeSpan('plain', false), '`plain`');
  assert.equal(codeSpan('a`b', false), '``a`b``');
  assert.equal(codeSpan('`x', false), '`` `x ``');
  assert.equal(codeSpan('a|b', true), '`a\\|b`');
  assert.equal(codeSpan('a|b', false), '`a|b`');
});
