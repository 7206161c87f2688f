/** Checks of etc/integration/config.xml: every integration needs resources somewhere in the module. */
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { duplicateIntegrations, nameRange } from './integrationChecks';
import type { Problem } from './problem';

export function checkConfigFile(index: WorkspaceIndex, file: IndexedFile): Problem[] {
  const out = duplicateIntegrations(file);
  const siblings = index.moduleFiles(file.uri).filter((f) => f.kind === 'api' || f.kind === 'integration');
  for (const integration of file.integrations) {
    if (!integration.name) continue;
    if (siblings.some((f) => f.integrations.some((i) => i.name === integration.name))) continue;
    const [start, end] = nameRange(integration);
    out.push({
      code: 'integration-without-resources',
      start,
      end,
      message: `No etc/integration/api.xml (or etc/integration.xml) entry of this module is named "${integration.name}": Magento creates the integration with no permissions at all.`,
    });
  }
  return out;
}
