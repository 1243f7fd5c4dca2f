/**
 * The format for people at a terminal: findings grouped by file, columns aligned, a summary.
 * Colour is plain ANSI SGR, only where the reader asked for it (see `useColor`).
 */
import type { Finding, Severity } from '../../core/index';
import type { FileReport } from '../discover';

export interface Counts {
  error: number;
  warning: number;
  information: number;
  hint: number;
  accepted: number;
}

/** Accepted findings are counted apart: they keep their severity but are not problems. */
export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, information: 0, hint: 0, accepted: 0 };
  for (const f of findings) {
    if (f.accepted) counts.accepted++;
    else counts[f.severity]++;
  }
  return counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { error: a.error + b.error, warning: a.warning + b.warning, information: a.information + b.information, hint: a.hint + b.hint, accepted: a.accepted + b.accepted };
}

export function summaryLine(counts: Counts, files: number): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.information} information`];
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  return `${parts.join(', ')} (${counts.accepted} accepted) in ${plural(files, 'file')}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * User text on one line with no terminal control: messages quote component ids and
 * values from the file, and an escape sequence in a file must not drive the terminal.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029\t]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Colour when writing to a terminal, unless NO_COLOR is set to something (no-color.org).
 * FORCE_COLOR overrides both the way Node itself reads it: '', '1', '2', '3' or 'true' force
 * colour on, any other value forces it off.
 */
export function useColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

const SGR = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  grey: '\u001b[90m',
  green: '\u001b[32m',
};

const SEVERITY_COLOUR: Record<Severity, string> = {
  error: SGR.red,
  warning: SGR.yellow,
  information: SGR.blue,
  hint: SGR.grey,
};

export function formatText(reports: readonly FileReport[], options: { color: boolean }): string {
  const paint = (codes: string, text: string): string => (options.color && text !== '' ? `${codes}${text}${SGR.reset}` : text);
  const rows = reports.map((report) =>
    report.result.findings.map((f) => {
      const pos = report.lines.positionAt(f.range.start);
      return { finding: f, location: `${pos.line + 1}:${pos.character + 1}` };
    }),
  );
  const flat = rows.flat();
  const locationWidth = Math.max(0, ...flat.map((r) => r.location.length));
  const severityWidth = Math.max(0, ...flat.map((r) => r.finding.severity.length));
  const ruleWidth = Math.max(0, ...flat.map((r) => r.finding.rule.length));

  const out: string[] = [];
  let total: Counts = { error: 0, warning: 0, information: 0, hint: 0, accepted: 0 };
  reports.forEach((report, i) => {
    total = addCounts(total, countFindings(report.result.findings));
    if (rows[i].length === 0) return;
    out.push(paint(SGR.bold + SGR.underline, oneLine(report.file)));
    for (const { finding, location } of rows[i]) {
      const message = oneLine(finding.message) + (finding.accepted ? ' (accepted)' : '');
      const cells = [location.padEnd(locationWidth), finding.severity.padEnd(severityWidth), finding.rule.padEnd(ruleWidth), message];
      if (finding.accepted) {
        out.push(`  ${paint(SGR.dim, cells.join('  '))}`);
      } else {
        out.push(`  ${paint(SGR.dim, cells[0])}  ${paint(SEVERITY_COLOUR[finding.severity], cells[1])}  ${paint(SGR.grey, cells[2])}  ${cells[3]}`);
      }
    }
    out.push('');
  });
  const summary = summaryLine(total, reports.length);
  const summaryColour = total.error > 0 ? SGR.bold + SGR.red : total.warning > 0 ? SGR.bold + SGR.yellow : SGR.bold + SGR.green;
  out.push(paint(summaryColour, summary));
  return out.join('\n') + '\n';
}
