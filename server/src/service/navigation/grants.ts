/**
 * What an integration is effectively granted and which REST routes that unlocks. api.xml (legacy): exactly
 * the listed known ids plus Magento_Backend::admin; a listed child whose parent is missing is still allowed
 * itself. integration.xml: Magento also adds every ancestor. Magento_Backend::all unlocks every route.
 */
import { ALL_ID, ROOT_ID } from '../acl/aclModel';
import type { FileKind } from '../files/fileKind';
import type { WorkspaceIndex } from '../workspaceIndex';
import { allRoutes, Route } from '../webapi/routes';

export interface Grant {
  readonly name: string;
  /** Distinct ids listed across every file of that kind declaring the integration. */
  readonly listed: readonly string[];
  /** Ids Magento grants: known, not disabled, plus what it adds. */
  readonly effective: ReadonlySet<string>;
  /** Ids Magento adds itself (the root; for integration.xml, ancestors). */
  readonly added: ReadonlySet<string>;
  /** Routes whose every ACL ref is granted (routes open to anonymous or self users excluded). */
  readonly routes: readonly Route[];
}

export function grantOf(index: WorkspaceIndex, kind: FileKind, name: string): Grant {
  const listed = [...new Set(index.integrationsNamed(kind, name).flatMap((s) => s.integration.resources.map((r) => r.id)).filter(Boolean))];
  const effective = new Set<string>();
  const added = new Set<string>();
  const grant = (id: string, isAdded: boolean) => {
    if (!index.acl.get(id) || index.acl.isDisabled(id) || effective.has(id)) return;
    effective.add(id);
    if (isAdded) added.add(id);
  };
  for (const id of listed) grant(id, false);
  grant(ROOT_ID, true);
  if (kind === 'integration') for (const id of listed) for (const a of index.acl.ancestors(id)) grant(a, true);
  const everything = effective.has(ALL_ID);
  const routes = allRoutes(index).filter((r) => {
    const refs = r.refs.filter((x) => x !== '');
    if (!refs.length || refs.some((x) => x === 'anonymous' || x === 'self')) return false;
    return everything || refs.every((x) => effective.has(x));
  });
  return { name, listed, effective, added, routes };
}
