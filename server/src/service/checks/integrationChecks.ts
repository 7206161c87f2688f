/**
 * Checks of api.xml and integration.xml: every listed id against the ACL tree (unknown, removed, disabled,
 * missing parents), the special top-level ids, duplicates, and (api.xml) the config.xml entry of the module.
 */
import { ALL_ID, ROOT_ID } from '../acl/aclModel';
import type { IntegrationEntry, ResourceEntry } from '../files/integrationFile';
import type { Steps } from '../steps';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { findMissingParents } from '../features/missingParents';
import type { Problem } from './problem';
import { classifyUnknownId, suggestIds } from './resourceIds';

const DROPPED = 'Magento silently drops it, so the integration does not get this permission.';

/** Yields after each integration (see steps.ts). */
export function* checkIntegrationFile(index: WorkspaceIndex, file: IndexedFile): Steps<Problem[]> {
  const out: Problem[] = [];
  const legacy = file.kind === 'api';
  out.push(...duplicateIntegrations(file));
  for (const integration of file.integrations) {
    yield;
    const seen = new Set<string>();
    for (const entry of integration.resources) {
      const [start, end] = valueRange(entry);
      if (!entry.id) continue;
      if (seen.has(entry.id)) {
        out.push({ code: 'duplicate-resource', start, end, message: `${entry.id} is listed twice in integration "${integration.name}"; the second entry has no effect.`, unnecessary: true });
        continue;
      }
      seen.add(entry.id);
      const unknown = classifyUnknownId(index, entry.id);
      if (unknown) {
        const [best] = unknown.code === 'unverifiable-resource' ? [] : suggestIds(index, entry.id, 1);
        yield; // each suggestion compares with every known id
        const hint = best ? ` Did you mean ${best}?` : '';
        out.push({ code: unknown.code, start, end, message: `${unknown.reason}${hint} ${DROPPED}` });
        continue;
      }
      if (entry.id === ALL_ID) {
        out.push({ code: 'grants-everything', start, end, message: `${ALL_ID} grants integration "${integration.name}" every Web API of the store, whatever else is listed.` });
      } else if (entry.id === ROOT_ID) {
        out.push({ code: 'redundant-root', start, end, message: `${ROOT_ID} need not be listed: Magento adds it to every integration itself.`, unnecessary: true });
      } else if (index.acl.isDisabled(entry.id)) {
        const root = [...index.acl.ancestors(entry.id), entry.id].find((a) => index.acl.get(a)?.disabled);
        out.push({ code: 'disabled-resource', start, end, message: `${entry.id} lies in the subtree of ${root}, which an acl.xml disables (disabled="true"): Magento removes it from the tree, so it is never granted.` });
      }
    }
    for (const { entry, missing } of findMissingParents(index, file, integration)) {
      const list = missing.join(', ');
      const message = legacy
        ? `${entry.id} is listed without its parent resources ${list}: Magento denies those explicitly, so Web API routes that need them fail for integration "${integration.name}".`
        : `${entry.id} is listed without its parent resources ${list}: Magento adds them on setup:upgrade, but listing them keeps what integration "${integration.name}" is granted explicit.`;
      out.push({ code: 'missing-parent', start: valueRange(entry)[0], end: valueRange(entry)[1], message });
    }
    if (legacy && integration.name) {
      const configured = index.moduleFiles(file.uri).some((f) => (f.kind === 'config' || f.kind === 'integration') && f.integrations.some((i) => i.name === integration.name));
      if (!configured) {
        const [s, e] = nameRange(integration);
        out.push({ code: 'integration-without-config', start: s, end: e, message: `No etc/integration/config.xml entry of this module is named "${integration.name}": processIntegrationConfig() never creates the integration, so these resources are never granted.` });
      }
    }
  }
  return out;
}

/** The same integration name twice in one file (api.xml, integration.xml, config.xml). */
export function duplicateIntegrations(file: IndexedFile): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const integration of file.integrations) {
    if (!integration.name) continue;
    if (seen.has(integration.name)) {
      const [start, end] = nameRange(integration);
      out.push({ code: 'duplicate-integration', start, end, message: `Integration "${integration.name}" is declared twice in this file; Magento merges both into one.` });
    }
    seen.add(integration.name);
  }
  return out;
}

export function valueRange(entry: ResourceEntry): [number, number] {
  const a = entry.nameAttribute;
  if (a && a.valueStart >= 0) return [a.valueStart, a.valueEnd];
  return [entry.element.start, entry.element.start];
}

export function nameRange(integration: IntegrationEntry): [number, number] {
  const a = integration.element.attributes.find((x) => x.name === 'name');
  if (a && a.valueStart >= 0) return [a.valueStart, a.valueEnd];
  return [integration.element.start, integration.element.start + 1 + 'integration'.length];
}
