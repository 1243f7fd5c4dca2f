/**
 * Wording shared by findings, hovers and reports. Every finding message says what the
 * component is redundant against and what it is not, then names the scenario.
 */
import { BEHAVIOURAL_THREATS } from './types';

const BEHAVIOURAL_PHRASES: Record<string, string> = {
  'bad-release': 'a bad release',
  'bad-config': 'a bad config push',
  'software-bug': 'a latent software bug',
  'poison-pill': 'a poison pill',
};

function isBehavioural(threat: string): boolean {
  return (BEHAVIOURAL_THREATS as readonly string[]).includes(threat);
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** "the loss of a zone", "a bad release", … for one threat class. */
export function threatPhrase(threat: string): string {
  return BEHAVIOURAL_PHRASES[threat] ?? `the loss of ${article(threat)} ${threat}`;
}

export function joinWords(words: string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** "the loss of a host, rack or zone, a bad release or a poison pill" */
export function threatsPhrase(threats: string[], conjunction: 'and' | 'or'): string {
  const levels = threats.filter((t) => !isBehavioural(t));
  const parts: string[] = [];
  if (levels.length) parts.push(`the loss of ${article(levels[0])} ${joinWords(levels, 'or')}`);
  for (const t of threats) if (isBehavioural(t)) parts.push(BEHAVIOURAL_PHRASES[t]);
  if (parts.length <= 1) return parts.join('');
  if (parts.length === 2) return `${parts[0]} ${conjunction} ${parts[1]}`;
  // A comma before the last item keeps "the loss of a host, rack or zone" readable as one item.
  return `${parts.slice(0, -1).join(', ')}, ${conjunction} ${parts[parts.length - 1]}`;
}

/** "ledger survives the loss of a host, rack or zone, but not a bad release or a bad config push" */
export function survivalLead(component: string, survives: string[], notAgainst: string[]): string {
  const not = threatsPhrase(notAgainst, 'or');
  if (survives.length === 0) return `${component} does not survive ${not}`;
  return `${component} survives ${threatsPhrase(survives, 'and')}, but not ${not}`;
}

/** "ledger@2.3.1", or a placeholder when the design does not say. */
export function versionName(v: string | null): string {
  return v ?? 'an unnamed version';
}

/**
 * "3,996": a count (a whole number, not negative) with its thousands grouped, as
 * `toLocaleString('en-US')` writes it. Written out because that call loads ICU's number-format
 * data into the process: 7 MB more resident memory in the language server, whose peak is one
 * of its speed targets (bench/README.md).
 */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** "1 replica", "3 replicas": the one plural of the core, the reports and the fixes' titles. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "api, orders, ledger and 9 more": the first few names, then a count, so a message stays
 * short however many components a scenario reaches.
 */
export function namesWithCount(names: readonly string[], shown = 3): string {
  if (names.length <= shown + 1) return joinWords([...names], 'and');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/**
 * "api → orders → … 3,996 more … → c0": a chain of any length in a message of bounded size
 * (the first hops and the root, which is where the fix goes).
 */
export function chainText(ids: readonly string[], head = 3): string {
  return boundedChain(ids.slice(0, head + 2), ids.length, ids[ids.length - 1], head);
}

/**
 * The same from the chain's first `head + 2` ids (all of them when it is that short), its
 * length and its root: what the scenario engine knows without walking the chain.
 */
export function boundedChain(first: readonly string[], length: number, root: string, head = 3): string {
  if (length <= head + 2) return first.slice(0, length).join(' → ');
  const hidden = length - head - 1;
  return `${first.slice(0, head).join(' → ')} → … ${grouped(hidden)} more … → ${root}`;
}
