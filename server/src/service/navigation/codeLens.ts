/**
 * Code lenses: above each integration, how many resources it lists and how many REST routes that unlocks;
 * above each acl.xml resource, how many routes and integrations use the id. Clicking one shows the routes
 * (client command `magentoIntegration.showRoutes`, given the routes as arguments).
 */
import { CodeLens, Command, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { routesRequiring, Route } from '../webapi/routes';
import { grantOf } from './grants';
import { routeLabel } from './hover';
import { MAX_ITEMS_COMPUTED } from './outline';

export const SHOW_ROUTES_COMMAND = 'magentoIntegration.showRoutes';

export function codeLenses(index: WorkspaceIndex, document: TextDocument, file: IndexedFile): CodeLens[] {
  const at = (offset: number) => Range.create(document.positionAt(offset), document.positionAt(offset));
  if (file.kind === 'api' || file.kind === 'integration') {
    // One grant per name: a file repeating a name thousands of times must not recompute it each time.
    const grants = new Map<string, ReturnType<typeof grantOf>>();
    return file.integrations.slice(0, MAX_ITEMS_COMPUTED).map((i) => {
      let grant = grants.get(i.name);
      if (!grant) grants.set(i.name, (grant = grantOf(index, file.kind, i.name)));
      const title = `${grant.listed.length} resource${grant.listed.length === 1 ? '' : 's'} · unlocks ${grant.routes.length} REST route${grant.routes.length === 1 ? '' : 's'}`;
      return { range: at(i.element.start), command: showRoutes(title, `Integration "${i.name}"`, grant.routes) };
    });
  }
  if (file.kind === 'acl') {
    // Integration names per listed id, once: not a scan of every integration per declaration.
    const users = new Map<string, Set<string>>();
    for (const f of index.allFiles()) {
      if (f.kind !== 'api' && f.kind !== 'integration') continue;
      for (const i of f.integrations) for (const r of i.resources) if (r.id) (users.get(r.id) ?? users.set(r.id, new Set()).get(r.id)!).add(i.name);
    }
    return file.acl
      .filter((d) => d.idStart >= 0)
      .slice(0, MAX_ITEMS_COMPUTED)
      .map((d) => {
        const routes = routesRequiring(index, d.id);
        const count = users.get(d.id)?.size ?? 0;
        const title = `used by ${routes.length} route${routes.length === 1 ? '' : 's'}, ${count} integration${count === 1 ? '' : 's'}`;
        const line = document.positionAt(d.idStart).line;
        return { range: Range.create(line, 0, line, 0), command: showRoutes(title, d.id, routes) };
      });
  }
  return [];
}

function showRoutes(title: string, subject: string, routes: readonly Route[]): Command {
  return Command.create(title, SHOW_ROUTES_COMMAND, subject, routes.map((r) => ({ label: routeLabel(r), refs: r.refs, location: r.location })));
}
