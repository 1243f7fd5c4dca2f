/**
 * The schema checks a static schema cannot make because failure-domain levels are the
 * user's own: replica level keys, `spread` keys, and `tolerate` / `frequencyOrder` entries,
 * checked against the file's `failureDomains` (or the default levels). validate.ts runs
 * them on the parsed value before Ajv and places their problems with its own.
 */
import { didYouMean, escapePointer, isPlainObject, mergeKeyHint, type RawProblem, sentence, where } from './schemaProblems';
import { closest } from './suggest';
import { BEHAVIOURAL_THREATS } from './types';

const DEFAULT_LEVELS = ['region', 'zone', 'rack', 'host'];
const REPLICA_FIELDS = ['count', 'spread', 'id', 'version', 'config'];
const RESERVED_LEVEL_NAMES = new Set<string>([...REPLICA_FIELDS, ...BEHAVIOURAL_THREATS]);

/** The checks that depend on the file's own failure-domain levels; one pass over the value. */
export function placementChecks(value: Record<string, unknown>, out: RawProblem[], unknownKeys: Set<string>): void {
  const levels = levelsOf(value.failureDomains);
  const levelSet = new Set(levels);
  const threats = [...levels, ...BEHAVIOURAL_THREATS];
  const threatSet = new Set(threats);
  const replicaKeys = [...REPLICA_FIELDS, ...levels];

  threatEntries(value.tolerate, '/tolerate', threats, threatSet, out);
  threatEntries(value.frequencyOrder, '/frequencyOrder', threats, threatSet, out);

  const components = value.components;
  if (isPlainObject(components)) {
    for (const [id, component] of Object.entries(components)) {
      if (!isPlainObject(component)) continue;
      const base = `/components/${escapePointer(id)}`;
      threatEntries(component.tolerate, `${base}/tolerate`, threats, threatSet, out);
      if (!Array.isArray(component.replicas)) continue;
      component.replicas.forEach((item, i) => {
        if (!isPlainObject(item)) return;
        for (const key of Object.keys(item)) {
          if (REPLICA_FIELDS.includes(key) || levelSet.has(key)) continue;
          const pointer = `${base}/replicas/${i}/${escapePointer(key)}`;
          unknownKeys.add(pointer);
          const suggestion = closest(key, replicaKeys);
          out.push({
            pointer,
            target: 'key',
            message: (path) =>
              `Unknown key '${key}' in ${where(path.slice(0, -1))}${didYouMean(suggestion)}${mergeKeyHint(key)}${sentence(suggestion)}A replica takes ${REPLICA_FIELDS.join(', ')} and this design's failure-domain levels (${levels.join(', ')})`,
            data: { kind: 'unknown-key', key, allowed: replicaKeys, suggestion },
            fix: suggestion ? 'rename' : null,
            identity: `replica-key|${key}`,
          });
        }
        if (!isPlainObject(item.spread)) return;
        for (const key of Object.keys(item.spread)) {
          if (levelSet.has(key)) continue;
          const pointer = `${base}/replicas/${i}/spread/${escapePointer(key)}`;
          unknownKeys.add(pointer);
          const suggestion = closest(key, levels);
          out.push({
            pointer,
            target: 'key',
            message: () => `'${key}' in \`spread\` is not a failure-domain level of this design (${levels.join(', ')})${didYouMean(suggestion)}`,
            data: { kind: 'unknown-key', key, allowed: levels, suggestion },
            fix: suggestion ? 'rename' : null,
            identity: `spread-key|${key}`,
          });
        }
      });
    }
  }
}

/** The file's levels: its valid `failureDomains` names, or the default when it names none. */
function levelsOf(domains: unknown): string[] {
  if (!Array.isArray(domains)) return DEFAULT_LEVELS;
  const names = domains.filter((d): d is string => typeof d === 'string' && d.length > 0 && !RESERVED_LEVEL_NAMES.has(d));
  return names.length > 0 ? [...new Set(names)] : DEFAULT_LEVELS;
}

function threatEntries(list: unknown, pointer: string, threats: string[], threatSet: Set<string>, out: RawProblem[]): void {
  if (!Array.isArray(list)) return;
  const name = pointer.slice(pointer.lastIndexOf('/') + 1);
  list.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry.length === 0 || threatSet.has(entry)) return;
    const suggestion = closest(entry, threats);
    out.push({
      pointer: `${pointer}/${i}`,
      target: 'value',
      message: () => `'${entry}' in \`${name}\` is not a threat class of this design; use one of ${threats.join(', ')}${didYouMean(suggestion)}`,
      data: { kind: 'enum', allowed: threats, suggestion },
      fix: 'enum',
      identity: `threat|${entry}`,
    });
  });
}
