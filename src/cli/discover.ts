/**
 * Turning the PATHs of `check` into design files and their text. Everything that can make
 * the command unable to run (no such path, unreadable file, too large) is found here,
 * before anything is analysed or printed, and becomes a one-line reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { findDesignBlocks, isMarkdownPath } from '../core/markdown';
import { quote } from './args';

/** Files larger than this are refused: a design is a few kilobytes, and the parser is not built for hundreds of megabytes. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export function isDesignFileName(name: string): boolean {
  return name.endsWith('.redundancy.yaml') || name.endsWith('.redundancy.yml');
}

export interface DesignFile {
  /** The path as given on the command line, or as found under a given folder. */
  display: string;
  absolute: string;
  /** The text, when discovery had to read the file already (a Markdown file found in a folder). */
  text?: string;
}

export type Outcome<T> = { ok: true; value: T; notes: string[] } | { ok: false; message: string };

/** Expand PATHs (relative to `cwd`) into design files: given files as they are, folders searched recursively. */
export function discover(paths: readonly string[], cwd: string): Outcome<DesignFile[]> {
  const given = paths.length > 0 ? paths : ['.'];
  const files: DesignFile[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  const add = (file: DesignFile): void => {
    const key = realpathOr(file.absolute);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const p of given) {
    if (p === '') return { ok: false, message: 'an empty path was given' };
    const absolute = path.resolve(cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (err) {
      return { ok: false, message: describeMissing(p, absolute, err) };
    }
    if (stat.isDirectory()) {
      const found: string[][] = [];
      const walked = walk(absolute, [], found, p);
      if (!walked.ok) return walked;
      found.sort(compareSegments);
      let designs = 0;
      for (const segments of found) {
        const file: DesignFile = { display: path.join(p, ...segments), absolute: path.join(absolute, ...segments) };
        if (isMarkdownPath(file.absolute)) {
          // A Markdown file in a folder is a design document only if it holds a design block;
          // any other (unreadable, too large, no block) is skipped silently.
          const read = readDesign(file);
          if (!read.ok || findDesignBlocks(read.value).length === 0) continue;
          file.text = read.value;
          notes.push(...read.notes);
        }
        designs++;
        add(file);
      }
      if (designs === 0) notes.push(`no *.redundancy.yaml or *.redundancy.yml files (nor *.md files with a \`\`\`redundancy block) in ${quote(p)}`);
    } else if (stat.isFile()) {
      add({ display: p, absolute });
    } else {
      return { ok: false, message: `cannot read ${quote(p)}: it is not a file or a folder` };
    }
  }
  return { ok: true, value: files, notes };
}

function walk(dir: string, prefix: string[], found: string[][], shown: string): Outcome<null> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    return { ok: false, message: `cannot read folder ${quote(path.join(shown, ...prefix))}: ${reason(err)}` };
  }
  for (const entry of entries) {
    const segments = [...prefix, entry.name];
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      const inner = walk(path.join(dir, entry.name), segments, found, shown);
      if (!inner.ok) return inner;
      continue;
    }
    if (!isDesignFileName(entry.name) && !isMarkdownPath(entry.name)) continue;
    if (entry.isFile()) {
      found.push(segments);
    } else if (entry.isSymbolicLink()) {
      // Linked design files count; linked folders are not followed, so links cannot loop.
      let target: fs.Stats;
      try {
        target = fs.statSync(path.join(dir, entry.name));
      } catch (err) {
        return { ok: false, message: `cannot read ${quote(path.join(shown, ...segments))}: ${reason(err)}` };
      }
      if (target.isFile()) found.push(segments);
    } else if (!isMarkdownPath(entry.name)) {
      return { ok: false, message: `cannot read ${quote(path.join(shown, ...segments))}: it is not a regular file` };
    }
  }
  return { ok: true, value: null, notes: [] };
}

/** Order by path segment, so a folder's files sort together and the order never depends on the platform or locale. */
function compareSegments(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function describeMissing(shown: string, absolute: string, err: unknown): string {
  if (errorCode(err) === 'ENOENT') {
    let isLink = false;
    try {
      isLink = fs.lstatSync(absolute).isSymbolicLink();
    } catch {
      // Nothing there at all.
    }
    if (isLink) return `cannot read ${quote(shown)}: it is a symbolic link to nothing`;
    return `no such file or folder: ${quote(shown)}`;
  }
  return `cannot read ${quote(shown)}: ${reason(err)}`;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function reason(err: unknown): string {
  switch (errorCode(err)) {
    case 'ENOENT':
      return 'it does not exist (a broken symbolic link?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return (err instanceof Error ? err.message : String(err)).split('\n')[0];
  }
}

/** Read one design file as text. BOMs are honoured and removed; invalid UTF-8 is read with replacement characters, never refused. */
export function readDesign(file: DesignFile): Outcome<string> {
  let bytes: Buffer;
  try {
    const fd = fs.openSync(file.absolute, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size > MAX_FILE_BYTES) {
        return { ok: false, message: `${quote(file.display)} is ${(size / 1024 / 1024).toFixed(1)} MB; design files over ${MAX_FILE_BYTES / 1024 / 1024} MB are not analysed` };
      }
      bytes = fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return { ok: false, message: `cannot read ${quote(file.display)}: ${reason(err)}` };
  }
  // A file can grow between fstat and read.
  if (bytes.length > MAX_FILE_BYTES) {
    return { ok: false, message: `${quote(file.display)} is over ${MAX_FILE_BYTES / 1024 / 1024} MB; design files that large are not analysed` };
  }
  const decoded = decodeText(bytes);
  const notes = decoded.note ? [`${quote(file.display)} ${decoded.note}`] : [];
  return { ok: true, value: decoded.text, notes };
}

export function decodeText(bytes: Uint8Array): { text: string; note?: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: buf.subarray(2, buf.length - (buf.length % 2)).toString('utf16le') };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    return { text: swapped.swap16().toString('utf16le') };
  }
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  const text = body.toString('utf8');
  if (isUtf8(body)) return { text };
  return { text, note: 'is not valid UTF-8; its invalid bytes were read as U+FFFD' };
}
