/** Diagnostics of one document: XML syntax, and in integration files the resource-id checks. */
import { Diagnostic, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ownerOf } from '../acl/aclModel';
import { lastReleaseWith } from '../acl/catalog';
import type { ResourceEntry } from '../files/integrationFile';
import { DiagnosticCode, LanguageSettings, severityOf } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { findMissingParents } from './missingParents';

export const SOURCE = 'magento-integration';
/** A broken document yields a cascade of parser errors; the first few say all there is. */
const MAX_SYNTAX_ERRORS = 10;

/** Ids known to come from an outdated sample in Magento's own integration guide. */
const DOCUMENTATION_SAMPLES: Record<string, string> = {
  'Magento_Log::online':
    'It comes from an outdated sample in Magento\'s "Create an integration" guide and exists in no Magento release.',
};

export function validate(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, settings: LanguageSettings): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push = (code: DiagnosticCode, start: number, end: number, message: string) => {
    const severity = severityOf(settings, code, file.kind);
    if (severity === undefined) return;
    out.push({
      range: Range.create(document.positionAt(start), document.positionAt(end)),
      severity,
      code,
      source: SOURCE,
      message,
    });
  };

  for (const e of file.xml.errors.slice(0, MAX_SYNTAX_ERRORS)) push('xml-syntax', e.start, e.end, e.message);

  if (file.kind !== 'api' && file.kind !== 'integration') return out;
  const legacy = file.kind === 'api';

  for (const integration of file.integrations) {
    for (const entry of integration.resources) {
      const problem = unknownIdProblem(index, entry.id);
      if (problem) push(problem.code, ...valueRange(entry), problem.message);
    }
    for (const { entry, missing } of findMissingParents(index, file, integration)) {
      const list = missing.join(', ');
      const message = legacy
        ? `${entry.id} is listed without its parent resources ${list}: Magento denies those explicitly, so Web API routes that need them fail for integration "${integration.name}".`
        : `${entry.id} is listed without its parent resources ${list}: Magento adds them on setup:upgrade, but listing them keeps what integration "${integration.name}" is granted explicit.`;
      push('missing-parent', ...valueRange(entry), message);
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function valueRange(entry: ResourceEntry): [number, number] {
  const a = entry.nameAttribute;
  if (a && a.valueStart >= 0) return [a.valueStart, a.valueEnd];
  return [entry.element.start, entry.element.start];
}

/** Why an id listed in an integration is not in the ACL tree, or undefined when it is. */
export function unknownIdProblem(index: WorkspaceIndex, id: string): { code: DiagnosticCode; message: string } | undefined {
  if (!id || index.acl.get(id)) return undefined;
  const catalog = index.catalog;
  const dropped = 'Magento silently drops it, so the integration does not get this permission.';
  const removed = lastReleaseWith(catalog, id);
  if (removed && catalog) {
    return {
      code: 'removed-resource',
      message: `${id} was removed from Magento after ${removed.last} (declared ${removed.first}–${removed.last}): on ${catalog.release} ${dropped}`,
    };
  }
  const module = ownerOf(id);
  const sample = DOCUMENTATION_SAMPLES[id] ? ` ${DOCUMENTATION_SAMPLES[id]}` : '';
  if (index.acl.isModuleKnown(module)) {
    return { code: 'unknown-resource', message: `${id} is not declared by module ${module} in any acl.xml: ${dropped}${sample}` };
  }
  const sameModule = index.acl.moduleIgnoringCase(module);
  if (sameModule) {
    const lower = id.toLowerCase();
    const exact = [...index.acl.all()].find((r) => r.id.toLowerCase() === lower)?.id;
    const hint = exact ? `did you mean ${exact}?` : `the module is ${sameModule}.`;
    return { code: 'unknown-resource', message: `${id} is not declared in any acl.xml (ids are case-sensitive; ${hint}): ${dropped}` };
  }
  const where = catalog ? `the workspace or the bundled ${catalog.product} ${catalog.release} catalog` : 'the workspace';
  return {
    code: 'unverifiable-resource',
    message: `${id} cannot be checked: module ${module} is not in ${where}. If the store lacks that module, ${dropped}${sample}`,
  };
}
