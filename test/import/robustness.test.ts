/**
 * The importers never throw and never write a design the schema rejects, whatever types the
 * manifests hold where they should not: every value of the fixtures, one at a time, is
 * replaced by a null, a negative number, an address-like string, a map or a percentage.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parse, stringify } from 'yaml';
import { analyze } from '../../src/core/index';
import { emitDesign, importCompose, importKubernetes, readManifests } from '../../src/import/index';
import { source } from './helpers';

const ODD_VALUES: unknown[] = [null, -3, 'x:1', {}, '150%'];

/** Every path to a value inside `value`, depth first. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function replaced(value: unknown, path: (string | number)[], odd: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cur = copy;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = odd;
  return copy;
}

for (const name of ['shop.yaml', 'ensemble.yaml', 'canary.yaml', 'helm.yaml', 'compose.yaml']) {
  test(`${name}: odd values anywhere never throw and never break the schema`, () => {
    const isCompose = name === 'compose.yaml';
    const docs = isCompose ? [parse(source(name).text) as unknown] : readManifests([source(name)]).manifests.map((m) => m.body);
    let checked = 0;
    docs.forEach((doc, d) => {
      paths(doc).forEach((path, p) => {
        // One odd value per path, taking turns, keeps the run to seconds and still puts each kind everywhere across paths.
        for (const odd of [ODD_VALUES[(p + d) % ODD_VALUES.length]]) {
          const mutated = docs.map((other, i) => (i === d ? replaced(other, path, odd) : other));
          const text = mutated.map((m) => stringify(m)).join('---\n');
          const input = [{ name: 'mutated.yaml', text }];
          const result = isCompose ? importCompose(input) : importKubernetes(input);
          if (!result.design) continue;
          const design = emitDesign(result.design);
          // Analysing every output would take minutes; every tenth is a fair sample.
          if (checked++ % 10 !== 0) continue;
          const broken = analyze(design).findings.filter((f) => f.rule === 'schema' || f.rule === 'yaml-syntax' || f.rule === 'unknown-reference');
          assert.deepEqual(
            broken.map((f) => `${f.rule}: ${f.message}`),
            [],
            `${JSON.stringify(path)} = ${JSON.stringify(odd)}`,
          );
        }
      });
    });
    assert.ok(checked > 20, `${checked} designs checked`);
  });
}
