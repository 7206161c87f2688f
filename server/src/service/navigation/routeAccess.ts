/**
 * Every route of the store as seen from one integration: what it requires and whether that integration
 * (grants.ts) already unlocks it. Routes open to `anonymous` or `self` need no grant at all.
 */
import type { FileKind } from '../files/fileKind';
import type { WorkspaceIndex } from '../workspaceIndex';
import { allRoutes } from '../webapi/routes';
import { grantOf } from './grants';

export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly refs: readonly string[];
  readonly module: string | undefined;
  /** Workspace file URI, or the release path for bundled routes. */
  readonly location: string;
  readonly line: number | undefined;
  /** `anonymous` or `self` when the route needs no ACL grant. */
  readonly open: 'anonymous' | 'self' | undefined;
  /** The integration in focus can call it (always false without one, and for open routes). */
  readonly unlocked: boolean;
}

export interface RoutesAnswer {
  /** The integration the `unlocked` flags are for, if the position is inside one. */
  readonly integration: { readonly name: string; readonly kind: FileKind } | undefined;
  readonly routes: readonly RouteAccess[];
}

export function routeAccess(index: WorkspaceIndex, integration: { name: string; kind: FileKind } | undefined): RoutesAnswer {
  const unlocked = new Set(integration ? grantOf(index, integration.kind, integration.name).routes : []);
  const routes = allRoutes(index).map((r): RouteAccess => {
    const refs = r.refs.filter((x) => x !== '');
    const open = refs.includes('anonymous') ? 'anonymous' : refs.includes('self') ? 'self' : undefined;
    return { method: r.method, url: r.url, refs, module: r.module, location: r.location, line: r.line, open, unlocked: unlocked.has(r) };
  });
  return { integration, routes };
}
