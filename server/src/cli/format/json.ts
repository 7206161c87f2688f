/**
 * --format json: one JSON document on stdout, schema version 1 (JSON_REPORT_SCHEMA below, documented in
 * docs/cli.md). Lines and columns are 1-based; columns count UTF-16 code units, as LSP and SARIF's
 * utf16CodeUnits do; endColumn is exclusive. Fields are only ever added within one schemaVersion.
 */
import type { Finding, Place, Report } from '../check';
import { CliOptions, PROGRAM } from '../options';
import { atOrAbove, counts, exitCode, shownFindings, shownIn } from '../summary';

export const JSON_SCHEMA_VERSION = 1;

function region(place: Place) {
  return {
    line: place.range.start.line + 1,
    column: place.range.start.character + 1,
    endLine: place.range.end.line + 1,
    endColumn: place.range.end.character + 1,
  };
}

function finding(f: Finding) {
  return {
    path: f.path,
    ...region(f),
    severity: f.severity,
    code: f.code,
    message: f.message,
    tags: f.unnecessary ? ['unnecessary'] : [],
    related: f.related.map((r) => ({ path: r.path, ...region(r), message: r.message })),
  };
}

export function jsonReport(report: Report, options: CliOptions, version: string) {
  const findings = shownFindings(report, options);
  const c = counts(findings);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: PROGRAM, version },
    catalog: report.catalog ?? null,
    aclResources: report.aclResources,
    threshold: options.threshold,
    exitCode: exitCode(report, options),
    summary: {
      files: report.files.length,
      findings: findings.length,
      ...c,
      failing: findings.filter((f) => atOrAbove(f.severity, options.threshold)).length,
      fixed: report.files.filter((f) => f.fix?.changed).length,
    },
    files: report.files.map((f) => ({
      path: f.path,
      kind: f.kind,
      findings: shownIn(f, options).length,
      fixable: f.fixable,
      fix: f.fix
        ? {
            written: f.fix.written,
            edits: f.fix.edits,
            inserted: f.fix.inserted,
            removed: f.fix.removed,
            resolved: f.fix.resolved,
            ...(f.fix.diff !== undefined ? { diff: f.fix.diff } : {}),
          }
        : null,
    })),
    findings: findings.map(finding),
    errors: report.errors,
    warnings: report.warnings,
  };
}

export function formatJson(report: Report, options: CliOptions, version: string): string {
  return JSON.stringify(jsonReport(report, options, version), null, 2) + '\n';
}

const position = {
  line: { type: 'integer', minimum: 1, description: '1-based line of the start' },
  column: { type: 'integer', minimum: 1, description: '1-based column of the start, in UTF-16 code units' },
  endLine: { type: 'integer', minimum: 1, description: '1-based line of the end' },
  endColumn: { type: 'integer', minimum: 1, description: '1-based column just after the end (exclusive), in UTF-16 code units' },
};
const level = { enum: ['error', 'warning', 'information', 'hint'] };

/** JSON Schema (draft-07) of the --format json document, schemaVersion 1. */
export const JSON_REPORT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:magento-integration-check:report:1',
  title: 'magento-integration-check --format json report, schemaVersion 1',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'catalog', 'aclResources', 'threshold', 'exitCode', 'summary', 'files', 'findings', 'errors', 'warnings'],
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: PROGRAM }, version: { type: 'string' } },
    },
    catalog: {
      description: 'The bundled Magento catalog (null when it could not be loaded); inUse is false with --no-bundled-catalog',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['product', 'release', 'inUse'],
          properties: { product: { type: 'string' }, release: { type: 'string' }, inUse: { type: 'boolean' } },
        },
      ],
    },
    aclResources: { type: 'integer', minimum: 0, description: 'ACL resource ids known (checked paths, --magento-root folders and the catalog)' },
    threshold: { enum: ['error', 'warning', 'information', 'hint', 'off'], description: 'the --severity threshold' },
    exitCode: { enum: [0, 1, 2], description: 'the exit code of this run' },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['files', 'findings', 'error', 'warning', 'information', 'hint', 'failing', 'fixed'],
      properties: {
        files: { type: 'integer', minimum: 0, description: 'files checked' },
        findings: { type: 'integer', minimum: 0, description: 'entries of findings[]' },
        error: { type: 'integer', minimum: 0 },
        warning: { type: 'integer', minimum: 0 },
        information: { type: 'integer', minimum: 0 },
        hint: { type: 'integer', minimum: 0 },
        failing: { type: 'integer', minimum: 0, description: 'findings at or above the threshold' },
        fixed: { type: 'integer', minimum: 0, description: 'files changed by --fix (or that would be, with --dry-run)' },
      },
    },
    files: {
      type: 'array',
      description: 'every file checked, sorted by path',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'kind', 'findings', 'fixable', 'fix'],
        properties: {
          path: { type: 'string', description: 'relative to the working directory, with / (absolute when outside it)' },
          kind: { enum: ['api', 'config', 'integration', 'acl', 'webapi', 'module'] },
          findings: { type: 'integer', minimum: 0 },
          fixable: { type: 'boolean', description: 'without --fix: safe fixes are available for this file' },
          fix: {
            description: 'with --fix: what the safe fixes changed in this file (null when nothing)',
            oneOf: [
              { type: 'null' },
              {
                type: 'object',
                additionalProperties: false,
                required: ['written', 'edits', 'inserted', 'removed', 'resolved'],
                properties: {
                  written: { type: 'boolean', description: 'false with --dry-run' },
                  edits: { type: 'integer', minimum: 1 },
                  inserted: { type: 'integer', minimum: 0, description: '<resource> elements inserted' },
                  removed: { type: 'integer', minimum: 0, description: 'entries removed' },
                  resolved: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 }, description: 'findings resolved, by code' },
                  diff: { type: 'string', description: 'with --dry-run: unified diff (a/ b/ prefixes)' },
                },
              },
            ],
          },
        },
      },
    },
    findings: {
      type: 'array',
      description: 'sorted by path, then position; with --quiet only those at or above the threshold',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message', 'tags', 'related'],
        properties: {
          path: { type: 'string' },
          ...position,
          severity: level,
          code: { type: 'string', description: 'a diagnostic code of docs/magento-rules.md' },
          message: { type: 'string' },
          tags: { type: 'array', items: { enum: ['unnecessary'] } },
          related: {
            type: 'array',
            description: 'other places involved (acl-conflicting-parent: the other declarations)',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['path', 'line', 'column', 'endLine', 'endColumn', 'message'],
              properties: { path: { type: 'string' }, ...position, message: { type: 'string' } },
            },
          },
        },
      },
    },
    errors: { type: 'array', items: { type: 'string' }, description: 'I/O errors inside the checked paths (exit code 2)' },
    warnings: { type: 'array', items: { type: 'string' }, description: 'problems outside them (module context, --magento-root)' },
  },
} as const;
