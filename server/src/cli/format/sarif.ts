/**
 * --format sarif: a SARIF 2.1.0 log as GitHub code scanning reads it — one run, every rule with its
 * descriptions and help (text and markdown), results with regions (1-based, UTF-16 columns, exclusive
 * end column), paths relative to the working directory under %SRCROOT% (the repository root in CI).
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Finding, Level, Place, Report } from '../check';
import { CliOptions, PROGRAM } from '../options';
import { helpMarkdown, helpText, RULES } from '../rules';
import { exitCode, shownFindings } from '../summary';
import { publicDocumentUrl } from '../../projectLinks';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const sarifLevel: Record<Level | 'off', 'error' | 'warning' | 'note' | 'none'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
  off: 'none',
};

/** A relative URI reference for a path under the working directory, else an absolute file URI. */
function artifactLocation(place: Place, cwd: string) {
  const rel = path.relative(cwd, place.file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: URI.file(place.file).toString() };
}

function region(place: Place) {
  return {
    startLine: place.range.start.line + 1,
    startColumn: place.range.start.character + 1,
    endLine: place.range.end.line + 1,
    endColumn: place.range.end.character + 1,
  };
}

function result(f: Finding, cwd: string, ruleIndex: Map<string, number>) {
  const out: Record<string, unknown> = {
    ruleId: f.code,
    level: sarifLevel[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(f, cwd), region: region(f) } }],
  };
  const index = ruleIndex.get(f.code);
  if (index !== undefined) out.ruleIndex = index;
  if (f.related.length) {
    out.relatedLocations = f.related.map((r, id) => ({
      id,
      message: { text: r.message },
      physicalLocation: { artifactLocation: artifactLocation(r, cwd), region: region(r) },
    }));
  }
  if (f.severity === 'hint' || f.unnecessary) out.properties = { ...(f.severity === 'hint' ? { severity: 'hint' } : {}), ...(f.unnecessary ? { tags: ['unnecessary'] } : {}) };
  return out;
}

export function sarifLog(report: Report, options: CliOptions, version: string, cwd: string) {
  const ruleIndex = new Map(RULES.map((r, i) => [r.code as string, i]));
  const cwdUri = URI.file(cwd).toString().replace(/\/?$/, '/');
  // Only a public page: the log is read elsewhere (GitHub code scanning), where a file of this install means nothing.
  const home = publicDocumentUrl('docs/cli.md');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: PROGRAM,
            version,
            semanticVersion: version,
            ...(home ? { informationUri: home } : {}),
            rules: RULES.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.summary },
              fullDescription: { text: `${r.summary} ${r.why}` },
              help: { text: helpText(r), markdown: helpMarkdown(r) },
              defaultConfiguration: { level: sarifLevel[r.level] },
              properties: { tags: ['magento', 'integration', r.code === 'xml-syntax' || r.code === 'schema' ? 'correctness' : 'acl'] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            exitCode: exitCode(report, options),
            toolExecutionNotifications: [
              ...report.errors.map((m) => ({ level: 'error', message: { text: m } })),
              ...report.warnings.map((m) => ({ level: 'warning', message: { text: m } })),
            ],
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri } },
        columnKind: 'utf16CodeUnits',
        results: shownFindings(report, options).map((f) => result(f, cwd, ruleIndex)),
      },
    ],
  };
}

export function formatSarif(report: Report, options: CliOptions, version: string, cwd: string): string {
  return JSON.stringify(sarifLog(report, options, version, cwd), null, 2) + '\n';
}
