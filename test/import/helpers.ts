/** The importer examples under examples/kubernetes/ (manifests and their expected designs), read as the CLI reads them (names relative to the repository). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceText } from '../../src/import/index';
import { repoRoot } from '../helpers/repo';

export const FIXTURES = 'examples/kubernetes';

export function source(name: string): SourceText {
  const rel = `${FIXTURES}/${name}`;
  return { name: rel, text: fs.readFileSync(path.join(repoRoot(), rel), 'utf8') };
}

/** The expected design of fixture `name` (`<name>.expected.redundancy.yaml`). */
export function expected(name: string): string {
  return fs.readFileSync(path.join(repoRoot(), FIXTURES, `${name}.expected.redundancy.yaml`), 'utf8');
}
