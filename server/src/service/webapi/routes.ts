/**
 * The web API routes of the store: every workspace webapi.xml, plus the bundled release's routes of modules
 * the workspace has no webapi.xml for (the same precedence as the ACL tree). Cached per index version.
 */
import { lineOf } from '../positions';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';

export interface Route {
  readonly method: string;
  readonly url: string;
  readonly refs: readonly string[];
  readonly module: string | undefined;
  /** Workspace file URI, or the release path for bundled routes. */
  readonly location: string;
  readonly bundled: boolean;
  /** 0-based line of the route (its `<route` tag), when known. */
  readonly line: number | undefined;
}

const cache = new WeakMap<WorkspaceIndex, { version: number; routes: Route[]; byRef: Map<string, Route[]> }>();

export function allRoutes(index: WorkspaceIndex): Route[] {
  return routeTable(index).routes;
}

/** Routes that require `id` (one of their refs). */
export function routesRequiring(index: WorkspaceIndex, id: string): Route[] {
  return routeTable(index).byRef.get(id) ?? [];
}

function routeTable(index: WorkspaceIndex) {
  const cached = cache.get(index);
  if (cached && cached.version === index.version) return cached;
  const routes: Route[] = [];
  const workspaceModules = new Set<string | undefined>();
  for (const file of index.allFiles()) {
    if (file.kind !== 'webapi') continue;
    workspaceModules.add(file.module);
    routes.push(...routesOf(file));
  }
  for (const r of index.catalog?.routes ?? []) {
    if (workspaceModules.has(r.module)) continue;
    routes.push({ method: r.method, url: r.url, refs: r.refs, module: r.module, location: r.path, bundled: true, line: r.line });
  }
  const byRef = new Map<string, Route[]>();
  for (const route of routes) {
    for (const ref of new Set(route.refs.map((r) => r.trim()))) {
      const list = byRef.get(ref);
      if (list) list.push(route);
      else byRef.set(ref, [route]);
    }
  }
  const table = { version: index.version, routes, byRef };
  cache.set(index, table);
  return table;
}

function routesOf(file: IndexedFile): Route[] {
  return file.routes.map((r) => ({
    method: r.method,
    url: r.url,
    refs: r.refs.map((x) => x.ref.trim()),
    module: file.module,
    location: file.uri,
    bundled: false,
    line: lineOf(file, r.start),
  }));
}
