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

export const SHOW_ROUTES_COMMAND = 'magentoIntegration.showRoutes';

export function codeLenses(index: WorkspaceIndex, document: TextDocument, file: IndexedFile): CodeLens[] {
  const at = (offset: number) => Range.create(document.positionAt(offset), document.positionAt(offset));
  if (file.kind === 'api' || file.kind === 'integration') {
    return file.integrations.map((i) => {
      const grant = grantOf(index, file.kind, i.name);
      const title = `${grant.listed.length} resource${grant.listed.length === 1 ? '' : 's'} · unlocks ${grant.routes.length} REST route${grant.routes.length === 1 ? '' : 's'}`;
      return { range: at(i.element.start), command: showRoutes(title, `Integration "${i.name}"`, grant.routes) };
    });
  }
  if (file.kind === 'acl') {
    const integrations = [...index.allFiles()].filter((f) => f.kind === 'api' || f.kind === 'integration').flatMap((f) => f.integrations);
    return file.acl
      .filter((d) => d.idStart >= 0)
      .map((d) => {
        const routes = routesRequiring(index, d.id);
        const users = new Set(integrations.filter((i) => i.resources.some((r) => r.id === d.id)).map((i) => i.name)).size;
        const title = `used by ${routes.length} route${routes.length === 1 ? '' : 's'}, ${users} integration${users === 1 ? '' : 's'}`;
        const lineStart = file.text.lastIndexOf('\n', d.idStart) + 1;
        return { range: at(lineStart), command: showRoutes(title, d.id, routes) };
      });
  }
  return [];
}

function showRoutes(title: string, subject: string, routes: readonly Route[]): Command {
  return Command.create(title, SHOW_ROUTES_COMMAND, subject, routes.map((r) => ({ label: routeLabel(r), refs: r.refs, location: r.location })));
}
