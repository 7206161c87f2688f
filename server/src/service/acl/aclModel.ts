/**
 * The merged ACL tree, as Magento builds it from every module's acl.xml, kept up to date incrementally.
 *
 * Sources are acl.xml files of the workspace and, at lower precedence, the files of the bundled catalog.
 * A bundled file serves only while the workspace has no acl.xml of the same module, so a full Magento
 * tree in the workspace replaces the catalog module by module. Updating one source re-resolves only the
 * ids it declared (before or after the change).
 */
import type { AclDeclaration } from '../files/aclFile';

export interface AclSource {
  /** Document URI for workspace files, `bundled:<path>` for catalog files. */
  readonly key: string;
  /** Module the file belongs to (`Magento_Sales`); decides catalog precedence and the preferred declaration. */
  readonly module: string | undefined;
  readonly bundled: boolean;
  /** URI (workspace) or release path (bundled), for messages. */
  readonly location: string;
  readonly declarations: readonly AclDeclaration[];
}

export interface AclDeclarationSite {
  readonly source: AclSource;
  readonly declaration: AclDeclaration;
}

export interface AclResource {
  readonly id: string;
  /** The module named before `::`. */
  readonly owner: string;
  readonly parentId: string | undefined;
  /** Every distinct parent the id is declared under; more than one is a runtime error in Magento. */
  readonly parents: readonly (string | undefined)[];
  readonly title: string | undefined;
  readonly sortOrder: number | undefined;
  /** Declared `disabled="true"` itself (see AclModel.isDisabled for the subtree rule). */
  readonly disabled: boolean;
  /** Owner module's declaration first, then workspace before bundled, then by file. */
  readonly sites: readonly AclDeclarationSite[];
}

export const ROOT_ID = 'Magento_Backend::admin';
export const ALL_ID = 'Magento_Backend::all';

export function ownerOf(id: string): string {
  const i = id.indexOf('::');
  return i < 0 ? id : id.slice(0, i);
}

export class AclModel {
  private readonly sources = new Map<string, AclSource>();
  private readonly bundledByModule = new Map<string, AclSource[]>();
  private readonly workspaceModuleCount = new Map<string, number>();
  private readonly sitesById = new Map<string, AclDeclarationSite[]>();
  private readonly resolved = new Map<string, AclResource>();
  private readonly dirty = new Set<string>();
  private modules = new Map<string, number>();
  /** Increases on every change; lets callers cache derived data. */
  version = 0;
  private derivedVersion = -1;
  private readonly ancestorsById = new Map<string, readonly string[]>();
  private readonly disabledById = new Map<string, boolean>();

  setSource(source: AclSource): void {
    this.removeSource(source.key);
    this.sources.set(source.key, source);
    const module = source.module;
    if (source.bundled) {
      if (module) this.bundledByModule.set(module, [...(this.bundledByModule.get(module) ?? []), source]);
      if (!module || !this.workspaceModuleCount.get(module)) this.activate(source);
    } else {
      if (module) {
        const count = (this.workspaceModuleCount.get(module) ?? 0) + 1;
        this.workspaceModuleCount.set(module, count);
        if (count === 1) for (const b of this.bundledByModule.get(module) ?? []) this.deactivate(b);
      }
      this.activate(source);
    }
    this.version++;
  }

  removeSource(key: string): void {
    const source = this.sources.get(key);
    if (!source) return;
    this.sources.delete(key);
    const module = source.module;
    if (source.bundled) {
      if (module) {
        const rest = (this.bundledByModule.get(module) ?? []).filter((s) => s !== source);
        if (rest.length) this.bundledByModule.set(module, rest);
        else this.bundledByModule.delete(module);
      }
      this.deactivate(source);
    } else {
      this.deactivate(source);
      if (module) {
        const count = (this.workspaceModuleCount.get(module) ?? 1) - 1;
        if (count > 0) this.workspaceModuleCount.set(module, count);
        else {
          this.workspaceModuleCount.delete(module);
          for (const b of this.bundledByModule.get(module) ?? []) this.activate(b);
        }
      }
    }
    this.version++;
  }

  getSource(key: string): AclSource | undefined {
    return this.sources.get(key);
  }

  /** Sources whose declarations are in the tree now (bundled files shadowed by the workspace are not). */
  activeSources(): AclSource[] {
    return [...this.sources.values()].filter(
      (s) => !s.bundled || !s.module || !this.workspaceModuleCount.get(s.module),
    );
  }

  get(id: string): AclResource | undefined {
    this.flush();
    return this.resolved.get(id);
  }

  all(): IterableIterator<AclResource> {
    this.flush();
    return this.resolved.values();
  }

  get size(): number {
    this.flush();
    return this.resolved.size;
  }

  /** Ancestors of `id`, root first, not including `id`. Stops at unknown parents and at cycles. */
  ancestors(id: string): readonly string[] {
    this.flush();
    // Asked for every listed id by several checks on every keystroke: remembered until the tree changes.
    if (this.derivedVersion !== this.version) {
      this.ancestorsById.clear();
      this.disabledById.clear();
      this.derivedVersion = this.version;
    }
    let chain = this.ancestorsById.get(id);
    if (chain) return chain;
    const built: string[] = [];
    const seen = new Set([id]);
    let parent = this.resolved.get(id)?.parentId;
    while (parent !== undefined && !seen.has(parent)) {
      built.push(parent);
      seen.add(parent);
      parent = this.resolved.get(parent)?.parentId;
    }
    chain = Object.freeze(built.reverse());
    if (this.ancestorsById.size < 100_000) this.ancestorsById.set(id, chain);
    return chain;
  }

  /** True when the id or one of its ancestors is `disabled="true"`: Magento removes that whole subtree. */
  isDisabled(id: string): boolean {
    const chain = this.ancestors(id);
    let disabled = this.disabledById.get(id);
    if (disabled === undefined) {
      disabled = this.resolved.get(id)?.disabled === true || chain.some((a) => this.resolved.get(a)?.disabled === true);
      if (this.disabledById.size < 100_000) this.disabledById.set(id, disabled);
    }
    return disabled;
  }

  /** A module is known when some active file belongs to it or declares an id it owns. */
  isModuleKnown(module: string): boolean {
    this.flush();
    return (this.modules.get(module) ?? 0) > 0 || (this.workspaceModuleCount.get(module) ?? 0) > 0;
  }

  /** Whether some active file belongs to `module` (its own acl.xml is here, in the workspace or bundled). */
  hasFileOfModule(module: string): boolean {
    if ((this.workspaceModuleCount.get(module) ?? 0) > 0) return true;
    return (this.bundledByModule.get(module) ?? []).length > 0;
  }

  /** The known module whose name equals `module` ignoring case (ids and module names are case-sensitive). */
  moduleIgnoringCase(module: string): string | undefined {
    this.flush();
    const lower = module.toLowerCase();
    for (const name of [...this.modules.keys(), ...this.workspaceModuleCount.keys()]) if (name.toLowerCase() === lower) return name;
    return undefined;
  }

  private activate(source: AclSource): void {
    for (const declaration of source.declarations) {
      const sites = this.sitesById.get(declaration.id);
      if (sites) sites.push({ source, declaration });
      else this.sitesById.set(declaration.id, [{ source, declaration }]);
      this.dirty.add(declaration.id);
    }
  }

  private deactivate(source: AclSource): void {
    for (const declaration of source.declarations) {
      const sites = this.sitesById.get(declaration.id);
      if (!sites) continue;
      const rest = sites.filter((s) => s.source !== source);
      if (rest.length) this.sitesById.set(declaration.id, rest);
      else this.sitesById.delete(declaration.id);
      this.dirty.add(declaration.id);
    }
  }

  private flush(): void {
    if (!this.dirty.size) return;
    for (const id of this.dirty) {
      const before = this.resolved.get(id);
      if (before) this.countModule(before.owner, -1);
      const sites = this.sitesById.get(id);
      if (!sites) {
        this.resolved.delete(id);
        continue;
      }
      const resource = resolve(id, sites);
      this.resolved.set(id, resource);
      this.countModule(resource.owner, 1);
    }
    this.dirty.clear();
  }

  private countModule(module: string, delta: number): void {
    const n = (this.modules.get(module) ?? 0) + delta;
    if (n > 0) this.modules.set(module, n);
    else this.modules.delete(module);
  }
}

function resolve(id: string, unsorted: readonly AclDeclarationSite[]): AclResource {
  const owner = ownerOf(id);
  const rank = (s: AclDeclarationSite) => (s.source.module === owner ? 0 : 2) + (s.source.bundled ? 1 : 0);
  const sites = [...unsorted].sort(
    (a, b) => rank(a) - rank(b) || (a.source.key < b.source.key ? -1 : a.source.key > b.source.key ? 1 : 0),
  );
  const parents = [...new Set(sites.map((s) => s.declaration.parentId))];
  const titled = sites.find((s) => s.declaration.title !== undefined && s.declaration.title.trim() !== '');
  const sorted = sites.find((s) => s.declaration.sortOrder !== undefined);
  return {
    id,
    owner,
    parentId: sites[0].declaration.parentId,
    parents,
    title: titled?.declaration.title,
    sortOrder: sorted?.declaration.sortOrder,
    disabled: sites.some((s) => s.declaration.disabled),
    sites,
  };
}

/**
 * The module an acl.xml most likely belongs to when neither module.xml nor the path says: the owner of
 * most ids that no other file needs re-declared, i.e. the leaves of the file.
 */
export function inferModule(declarations: readonly AclDeclaration[]): string | undefined {
  const parents = new Set(declarations.map((d) => d.parentId));
  const counts = new Map<string, number>();
  for (const d of declarations) {
    if (parents.has(d.id)) continue;
    const owner = ownerOf(d.id);
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [owner, count] of counts) if (count > bestCount) [best, bestCount] = [owner, count];
  return best;
}
