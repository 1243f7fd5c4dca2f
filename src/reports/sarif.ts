/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps).
 * One run; every rule is listed with its help link whether or not it fired, so a viewer
 * can explain a rule id; accepted findings are results with an in-source suppression.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_IDS, type Finding, type Severity } from '../core/index';
import { PROJECT_URL, RULE_META, ruleDocUrl } from '../core/rules-meta';
import { acceptedReason, type FileReport } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(reports: readonly FileReport[], options: { version: string; cwd: string }): object {
  const ruleIndex = new Map<string, number>(RULE_IDS.map((id, i) => [id, i]));
  const rules = RULE_IDS.map((id) => {
    const meta = RULE_META[id];
    return {
      id,
      name: meta.name,
      shortDescription: { text: meta.title },
      fullDescription: { text: meta.description },
      helpUri: ruleDocUrl(id),
      help: { text: `${meta.description} See ${ruleDocUrl(id)}`, markdown: `${meta.description} [Read more](${ruleDocUrl(id)}).` },
      defaultConfiguration: { level: LEVEL[meta.severity] },
    };
  });

  const results = reports.flatMap((report) => {
    const artifact = artifactLocation(report, options.cwd);
    return report.result.findings.map((f) => {
      const start = report.lines.positionAt(f.range.start);
      const end = report.lines.positionAt(f.range.end);
      const result: Record<string, unknown> = {
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule) ?? -1,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact,
              // SARIF columns are 1-based and endColumn is exclusive, like LSP's end character.
              region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
            },
          },
        ],
      };
      if (f.component !== null || f.scenario !== null) {
        result.properties = { component: f.component, scenario: f.scenario };
      }
      if (f.accepted) result.suppressions = [{ kind: 'inSource', status: 'accepted', justification: acceptedReason(report, f) }];
      return result;
    });
  });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'redundancy-lens', version: options.version, semanticVersion: options.version, informationUri: PROJECT_URL, rules } },
        // Offsets in the core count UTF-16 code units; SARIF's default is code points.
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.cwd.endsWith(path.sep) ? options.cwd : options.cwd + path.sep).href } },
        results,
      },
    ],
  };
}

export function formatSarif(reports: readonly FileReport[], options: { version: string; cwd: string }): string {
  return JSON.stringify(toSarif(reports, options), null, 2) + '\n';
}

/** Files under the working folder get a relative URI (what code scanning expects); others an absolute file URI. */
function artifactLocation(report: FileReport, cwd: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(cwd, report.absolute);
  if (relative === '' || relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) return { uri: pathToFileURL(report.absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}
