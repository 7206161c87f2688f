/**
 * The bundled Magento catalog: the ACL tree, web API routes and ACL id history of a Magento release,
 * generated from the corpus by scripts/generate-catalog.mjs and shipped as data/magento-catalog.json.
 * The service receives it as a plain object (it never reads files).
 */
import type { AclDeclaration } from '../files/aclFile';
import type { AclSource } from './aclModel';

export interface CatalogResource {
  id: string;
  parent?: string;
  title?: string;
  sortOrder?: number;
  disabled?: boolean;
  /** 0-based position of the id attribute value in the release's file. */
  line: number;
  character: number;
}

export interface CatalogAclFile {
  module: string;
  /** Path of the acl.xml in the release (Magento git layout). */
  path: string;
  resources: CatalogResource[];
}

export interface CatalogRoute {
  method: string;
  url: string;
  refs: string[];
  module: string;
  path: string;
  line: number;
}

export interface Catalog {
  product: string;
  release: string;
  /** Every module of the release (from its module.xml), with or without an acl.xml. */
  modules: string[];
  acl: CatalogAclFile[];
  routes: CatalogRoute[];
  history: {
    /** Release names, oldest first. */
    releases: string[];
    /** id -> [first release, last release] it was declared in. */
    ids: Record<string, [string, string]>;
  };
}

export function catalogSources(catalog: Catalog): AclSource[] {
  return catalog.acl.map((file) => ({
    key: `bundled:${file.path}`,
    module: file.module,
    bundled: true,
    location: file.path,
    declarations: file.resources.map(
      (r): AclDeclaration => ({
        id: r.id,
        parentId: r.parent,
        title: r.title,
        sortOrder: r.sortOrder,
        disabled: r.disabled === true,
        idStart: -1,
        idEnd: -1,
        line: r.line,
        character: r.character,
      }),
    ),
  }));
}

/** For an id the current release lacks: the last release that declared it, if any did. */
export function lastReleaseWith(catalog: Catalog | undefined, id: string): { first: string; last: string } | undefined {
  const range = catalog?.history.ids[id];
  if (!range || range[1] === catalog.release) return undefined;
  return { first: range[0], last: range[1] };
}
