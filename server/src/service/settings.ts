/** User settings the service honours, with the defaults of docs/magento-rules.md. */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { FileKind } from './files/fileKind';

export type DiagnosticCode =
  | 'xml-syntax'
  | 'schema'
  | 'missing-parent'
  | 'unknown-resource'
  | 'unverifiable-resource'
  | 'removed-resource'
  | 'grants-everything'
  | 'redundant-root'
  | 'duplicate-resource'
  | 'duplicate-integration'
  | 'disabled-resource'
  | 'integration-without-resources'
  | 'integration-without-config'
  | 'acl-conflicting-parent'
  | 'acl-missing-title';

export type SeverityLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface LanguageSettings {
  completion: { insertMissingParents: boolean };
  /** Code lenses above integrations and acl.xml resources. */
  codeLens: { enabled: boolean };
  /**
   * Severity per code. A key `code@file` (`missing-parent@integration.xml`) applies to one file kind only
   * and wins over the plain code.
   */
  severity: Record<string, SeverityLevel>;
  useBundledCatalog: boolean;
  /** Extra folders whose acl.xml/integration files are indexed (absolute, or relative to a workspace folder). */
  searchPaths: string[];
  /** Globs (relative to a workspace folder, or absolute) of files and folders never indexed. */
  exclude: string[];
}

export const defaultSettings: LanguageSettings = {
  completion: { insertMissingParents: true },
  codeLens: { enabled: true },
  severity: {},
  useBundledCatalog: true,
  searchPaths: [],
  exclude: [],
};

export const defaultSeverities: Record<DiagnosticCode, SeverityLevel> = {
  'xml-syntax': 'error',
  schema: 'error',
  'missing-parent': 'warning',
  'unknown-resource': 'warning',
  'unverifiable-resource': 'information',
  'removed-resource': 'warning',
  'grants-everything': 'warning',
  'redundant-root': 'hint',
  'duplicate-resource': 'warning',
  'duplicate-integration': 'warning',
  'disabled-resource': 'warning',
  'integration-without-resources': 'error',
  'integration-without-config': 'warning',
  'acl-conflicting-parent': 'error',
  'acl-missing-title': 'warning',
};

/** Defaults that differ by file kind: Magento adds the ancestors of integration.xml resources itself. */
const kindDefaults: Record<string, SeverityLevel> = {
  'missing-parent@integration.xml': 'off',
};

export const fileNames: Record<FileKind, string> = {
  api: 'api.xml',
  config: 'config.xml',
  integration: 'integration.xml',
  acl: 'acl.xml',
  webapi: 'webapi.xml',
  module: 'module.xml',
};

export function severityOf(settings: LanguageSettings, code: DiagnosticCode, kind: FileKind): DiagnosticSeverity | undefined {
  const qualified = `${code}@${fileNames[kind]}`;
  const level = settings.severity[qualified] ?? kindDefaults[qualified] ?? settings.severity[code] ?? defaultSeverities[code];
  switch (level) {
    case 'error': return DiagnosticSeverity.Error;
    case 'warning': return DiagnosticSeverity.Warning;
    case 'information': return DiagnosticSeverity.Information;
    case 'hint': return DiagnosticSeverity.Hint;
    default: return undefined;
  }
}

/** Merges partial settings from a client over the defaults, ignoring values of the wrong type. */
export function mergeSettings(input: unknown): LanguageSettings {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const completion = (raw.completion && typeof raw.completion === 'object' ? raw.completion : {}) as Record<string, unknown>;
  const codeLens = (raw.codeLens && typeof raw.codeLens === 'object' ? raw.codeLens : {}) as Record<string, unknown>;
  const severity: Record<string, SeverityLevel> = {};
  const levels = new Set(['error', 'warning', 'information', 'hint', 'off']);
  if (raw.severity && typeof raw.severity === 'object') {
    for (const [k, v] of Object.entries(raw.severity as Record<string, unknown>)) {
      if (typeof v === 'string' && levels.has(v)) severity[k] = v as SeverityLevel;
    }
  }
  return {
    completion: {
      insertMissingParents:
        typeof completion.insertMissingParents === 'boolean' ? completion.insertMissingParents : defaultSettings.completion.insertMissingParents,
    },
    codeLens: { enabled: typeof codeLens.enabled === 'boolean' ? codeLens.enabled : defaultSettings.codeLens.enabled },
    severity,
    useBundledCatalog: typeof raw.useBundledCatalog === 'boolean' ? raw.useBundledCatalog : defaultSettings.useBundledCatalog,
    searchPaths: strings(raw.searchPaths),
    exclude: strings(raw.exclude),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}
