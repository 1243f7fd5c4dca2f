/**
 * The format for people at a terminal: findings grouped by file, columns aligned, a summary.
 * Colour is plain ANSI SGR, only where the reader asked for it (see `useColor`).
 */
import type { Severity } from '../../core/index';
import { addCounts, countFindings, oneLine, summaryLine, type Counts, type FileReport } from '../../reports/report';

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
