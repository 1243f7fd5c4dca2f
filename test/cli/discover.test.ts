import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeText, discover, isDesignFileName, MAX_FILE_BYTES, readDesign } from '../../src/cli/discover';
import { makeTempDir, removeTempDir, writeFiles } from '../helpers/repo';

const root = makeTempDir();
after(() => removeTempDir(root));
// The walked tree lives apart from the scratch files other tests add.
const dir = path.join(root, 'tree');
const scratch = path.join(root, 'scratch');

writeFiles(dir, {
  'b.redundancy.yaml': 'x',
  'a.redundancy.yml': 'x',
  'notes.yaml': 'x',
  'a-b/z.redundancy.yaml': 'x',
  'a/deep/er/y.redundancy.yaml': 'x',
  'node_modules/pkg/skip.redundancy.yaml': 'x',
  '.git/skip.redundancy.yaml': 'x',
  'readme.redundancy.yaml.bak': 'x',
});

test('design file names end in .redundancy.yaml or .redundancy.yml', () => {
  assert.ok(isDesignFileName('x.redundancy.yaml'));
  assert.ok(isDesignFileName('x.redundancy.yml'));
  assert.ok(!isDesignFileName('x.yaml'));
  assert.ok(!isDesignFileName('x.redundancy.yaml.bak'));
});

test('a folder is searched recursively, sorted by path segment, skipping node_modules and .git', () => {
  const found = discover([], dir);
  assert.ok(found.ok);
  if (!found.ok) return;
  assert.deepEqual(
    found.value.map((f) => f.display),
    [path.join('a', 'deep', 'er', 'y.redundancy.yaml'), path.join('a-b', 'z.redundancy.yaml'), 'a.redundancy.yml', 'b.redundancy.yaml'],
  );
  for (const f of found.value) assert.equal(f.absolute, path.join(dir, f.display));
  assert.deepEqual(found.notes, []);
});

test('found files are shown under the folder as given; a file given twice is checked once', () => {
  const found = discover([path.join(dir, 'a'), 'b.redundancy.yaml', './b.redundancy.yaml'], dir);
  assert.ok(found.ok);
  if (!found.ok) return;
  assert.deepEqual(
    found.value.map((f) => f.display),
    [path.join(dir, 'a', 'deep', 'er', 'y.redundancy.yaml'), 'b.redundancy.yaml'],
  );
});

test('a file given by name is checked even if its name is not a design name', () => {
  const found = discover(['notes.yaml'], dir);
  assert.ok(found.ok && found.value.length === 1 && found.value[0].display === 'notes.yaml');
});

test('a folder without design files is a note, not an error', () => {
  const empty = path.join(scratch, 'empty');
  fs.mkdirSync(empty, { recursive: true });
  const found = discover([empty], dir);
  assert.ok(found.ok);
  if (!found.ok) return;
  assert.equal(found.value.length, 0);
  assert.equal(found.notes.length, 1);
});

test('a missing path and a broken link are errors naming the path', () => {
  const missing = discover(['nope.redundancy.yaml'], dir);
  assert.ok(!missing.ok);
  if (!missing.ok) assert.match(missing.message, /nope\.redundancy\.yaml/);

  const linkDir = path.join(scratch, 'links');
  fs.mkdirSync(linkDir, { recursive: true });
  fs.symlinkSync(path.join(scratch, 'does-not-exist'), path.join(linkDir, 'gone.redundancy.yaml'));
  const direct = discover([path.join(linkDir, 'gone.redundancy.yaml')], dir);
  assert.ok(!direct.ok);
  const walked = discover([linkDir], dir);
  assert.ok(!walked.ok);
  if (!walked.ok) assert.match(walked.message, /gone\.redundancy\.yaml/);
});

test('files over the size limit are refused before they are read', () => {
  const big = path.join(scratch, 'sparse', 'big.redundancy.yaml');
  fs.mkdirSync(path.dirname(big), { recursive: true });
  fs.writeFileSync(big, '');
  fs.truncateSync(big, MAX_FILE_BYTES + 1);
  const read = readDesign({ display: 'big.redundancy.yaml', absolute: big });
  assert.ok(!read.ok);
  if (!read.ok) assert.match(read.message, /MB/);
});

test('decodeText strips a UTF-8 BOM and reads UTF-16 with a BOM', () => {
  const text = 'system: café\n';
  assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), { text });
  assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), { text });
  const be = Buffer.from(text, 'utf16le').swap16();
  assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text });
  assert.deepEqual(decodeText(Buffer.from(text, 'utf8')), { text });
});

test('decodeText reads invalid UTF-8 with replacement characters and says so', () => {
  const decoded = decodeText(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0xc3]));
  assert.ok(decoded.text.startsWith('a\ufffd'));
  assert.ok(decoded.text.includes('b'));
  assert.match(decoded.note ?? '', /UTF-8/);
});
