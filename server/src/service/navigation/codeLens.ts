/**
 * Code lenses: above each integration, how many resources it lists and how many REST routes that unlocks;
 * above each acl.xml resource, how many routes and integrations use the id. Clicking one shows the routes
 * (client command `magentoIntegration.showRoutes`, given the routes as arguments: `METHOD /V1/url — Module`
 * and where the route is, to open its line in webapi.xml).
 *
 * Lazily (`resolve` false, as the server answers): the lenses come with only a range and data, and
 * codeLens/resolve computes title and routes for the ones the editor shows — an integration's lens carries
 * its routes (hundreds for a real one), and a large file has thousands of lenses.
 */
import { CodeLens, Command, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { routesRequiring, Route } from '../webapi/routes';
import { grantOf } from './grants';
import { routeLabel } from './hover';
import { MAX_ITEMS_COMPUTED } from './outline';

export const SHOW_ROUTES_COMMAND = 'magentoIntegration.showRoutes';

/** A route as the showRoutes command receives it (mirrored in the client). */
export interface RouteItem {
  /** `METHOD /V1/url — Module`. */
  readonly label: string;
  /** The ACL ids the route requires. */
  readonly refs: readonly string[];
  /** Where it is declared, as the user reads it: a workspace path and line, or the bundled release's file. */
  readonly where: string;
  /** The workspace webapi.xml and the 0-based line of the route there; absent for bundled routes. */
  readonly uri?: string;
  readonly line?: number;
}

/** What a lens is about, in its data: enough to resolve it later. */
export type CodeLensData = { readonly uri: string; readonly integration: string } | { readonly uri: string; readonly aclId: string };

export function codeLenses(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, resolve = true): CodeLens[] {
  const at = (offset: number) => Range.create(document.positionAt(offset), document.positionAt(offset));
  let lenses: CodeLens[] = [];
  if (file.kind === 'api' || file.kind === 'integration') {
    lenses = file.integrations.slice(0, MAX_ITEMS_COMPUTED).map((i) => ({ range: at(i.element.start), data: { uri: file.uri, integration: i.name } satisfies CodeLensData }));
  } else if (file.kind === 'acl') {
    lenses = file.acl
      .filter((d) => d.idStart >= 0)
      .slice(0, MAX_ITEMS_COMPUTED)
      .map((d) => {
        const line = document.positionAt(d.idStart).line;
        return { range: Range.create(line, 0, line, 0), data: { uri: file.uri, aclId: d.id } satisfies CodeLensData };
      });
  }
  return resolve ? lenses.map((l) => resolveCodeLens(index, file, l)) : lenses;
}

/** The lens with its title and command (codeLens/resolve). */
export function resolveCodeLens(index: WorkspaceIndex, file: IndexedFile, lens: CodeLens): CodeLens {
  const data = lens.data as CodeLensData | undefined;
  if (!data || lens.command) return lens;
  if ('integration' in data) {
    const grants = derived(index).grants;
    const key = `${file.kind}\0${data.integration}`;
    let grant = grants.get(key);
    if (!grant) grants.set(key, (grant = grantOf(index, file.kind, data.integration)));
    const title = `${grant.listed.length} resource${grant.listed.length === 1 ? '' : 's'} · unlocks ${grant.routes.length} REST route${grant.routes.length === 1 ? '' : 's'}`;
    return { range: lens.range, command: showRoutes(index, title, `Integration "${data.integration}"`, grant.routes) };
  }
  const routes = routesRequiring(index, data.aclId);
  const count = usersOf(index).get(data.aclId)?.size ?? 0;
  const title = `used by ${routes.length} route${routes.length === 1 ? '' : 's'}, ${count} integration${count === 1 ? '' : 's'}`;
  return { range: lens.range, command: showRoutes(index, title, data.aclId, routes) };
}

interface Derived {
  readonly version: number;
  /** One grant per kind and name: a file repeating a name thousands of times must not recompute it. */
  readonly grants: Map<string, ReturnType<typeof grantOf>>;
  /** Integration names per listed id: not a scan of every integration per declaration. */
  users?: Map<string, Set<string>>;
}

const derivedByIndex = new WeakMap<WorkspaceIndex, Derived>();

function derived(index: WorkspaceIndex): Derived {
  let d = derivedByIndex.get(index);
  if (!d || d.version !== index.version) derivedByIndex.set(index, (d = { version: index.version, grants: new Map() }));
  return d;
}

function usersOf(index: WorkspaceIndex): Map<string, Set<string>> {
  const d = derived(index);
  if (!d.users) {
    d.users = new Map();
    for (const f of index.allFiles()) {
      if (f.kind !== 'api' && f.kind !== 'integration') continue;
      for (const i of f.integrations) for (const r of i.resources) if (r.id) (d.users.get(r.id) ?? d.users.set(r.id, new Set()).get(r.id)!).add(i.name);
    }
  }
  return d.users;
}

function showRoutes(index: WorkspaceIndex, title: string, subject: string, routes: readonly Route[]): Command {
  return Command.create(title, SHOW_ROUTES_COMMAND, subject, routes.map((r) => routeItem(index, r)));
}

function routeItem(index: WorkspaceIndex, r: Route): RouteItem {
  const label = `${routeLabel(r)} — ${r.module ?? 'unknown module'}`;
  const line = r.line === undefined ? '' : `:${r.line + 1}`;
  if (r.bundled) {
    const release = index.catalog ? `${index.catalog.product} ${index.catalog.release}` : 'the bundled catalog';
    return { label, refs: r.refs, where: `${release} (bundled, not in the workspace): ${r.location}${line}` };
  }
  return { label, refs: r.refs, where: `${index.relativePath(r.location)}${line}`, uri: r.location, line: r.line };
}
