/**
 * Everything the service knows about the workspace: the parsed Magento files (open documents and files
 * read from disk, fed in by the host) and the ACL model built from them plus the bundled catalog.
 * It never reads files itself.
 */
import { AclModel, inferModule } from './acl/aclModel';
import { Catalog, catalogSources } from './acl/catalog';
import type { SchemaModel } from './schema/model';
import { AclDeclaration, readAclFileSteps } from './files/aclFile';
import { displayPath, FileKind, fileKindOf } from './files/fileKind';
import { IntegrationEntry, readIntegrationsSteps } from './files/integrationFile';
import { moduleNameFromPath } from './files/moduleFile';
import { readWebapiRoutesSteps, WebapiRoute } from './files/webapiFile';
import { runToEnd, Steps } from './steps';
import { ParsedXml, parseXmlSteps } from './xml/xmlDocument';

/**
 * Longest text analysed, in UTF-16 units: ~1,400 times Magento's largest configuration file (23 KB). A
 * well-formed document is read in slices at ~5 bytes of tree per character; beyond this it would cost
 * hundreds of MB, so it is left out of the index and its diagnostics say so. (Documents that are not
 * well-formed are read up to MAX_TOLERANT_LENGTH.)
 */
export const MAX_ANALYSED_LENGTH = 32_000_000;

export interface IndexedFile {
  readonly uri: string;
  readonly kind: FileKind;
  readonly text: string;
  readonly xml: ParsedXml;
  readonly module: string | undefined;
  /** api.xml, integration.xml and config.xml (whose integrations list no resources). */
  readonly integrations: readonly IntegrationEntry[];
  /** The same by name, in file order: Magento merges integrations by name. */
  readonly integrationsByName: ReadonlyMap<string, readonly IntegrationEntry[]>;
  /** acl.xml only. */
  readonly acl: readonly AclDeclaration[];
  /** webapi.xml only. */
  readonly routes: readonly WebapiRoute[];
}

export interface IntegrationSite {
  readonly file: IndexedFile;
  readonly integration: IntegrationEntry;
}

export class WorkspaceIndex {
  readonly acl = new AclModel();
  private readonly files = new Map<string, IndexedFile>();
  // Secondary indexes, kept in step with `files` by add()/drop(), so per-document checks stay cheap on
  // workspaces of thousands of files.
  private readonly byModuleRoot = new Map<string, Set<IndexedFile>>();
  /**
   * Files declaring integrations. A lookup by name asks each (a workspace has tens of them): adding a file
   * then costs nothing per integration, which matters for a file with 100,000s of them.
   */
  private readonly integrationFiles = new Set<IndexedFile>();
  private readonly moduleCounts = new Map<string, number>();
  private catalogValue: Catalog | undefined;
  private catalogInUse = false;
  /** Increases with every change of a file; lets features cache what they derive from the index. */
  version = 0;
  /** The workspace folders (URIs), for paths as the user sees them in the workspace. */
  private folderUris: readonly string[] = [];

  constructor(
    catalog?: Catalog,
    /** Magento's XSDs compiled (data/magento-schemas.json); without it there are no `schema` checks. */
    readonly schemas?: SchemaModel,
  ) {
    this.catalogValue = catalog;
    this.useCatalog(catalog !== undefined);
  }

  get catalog(): Catalog | undefined {
    return this.catalogInUse ? this.catalogValue : undefined;
  }

  set folders(uris: readonly string[]) {
    // The innermost folder first, for folders nested in others.
    this.folderUris = uris.map((u) => (u.endsWith('/') ? u : `${u}/`)).sort((a, b) => b.length - a.length);
  }

  /**
   * A file's path as the user knows it: relative to the workspace folder that holds it (with the folder's
   * name first when there are several, as VS Code writes it), else from app/code/ or vendor/ on.
   */
  relativePath(uri: string): string {
    const folder = this.folderUris.find((f) => uri.startsWith(f));
    if (!folder) return displayPath(uri);
    const relative = decodeURIComponent(uri.slice(folder.length));
    return this.folderUris.length > 1 ? `${decodeURIComponent(folder.slice(0, -1).split('/').pop()!)}/${relative}` : relative;
  }

  /** Turns the bundled catalog on or off (a user setting). */
  useCatalog(on: boolean): void {
    const want = on && this.catalogValue !== undefined;
    if (want === this.catalogInUse || !this.catalogValue) return;
    for (const source of catalogSources(this.catalogValue)) {
      if (want) this.acl.setSource(source);
      else this.acl.removeSource(source.key);
    }
    this.catalogInUse = want;
    this.version++;
  }

  /**
   * Adds or replaces a file. `module` is the module name from the module's etc/module.xml when the host
   * knows it. Returns undefined for files that are not Magento integration/ACL/web API files.
   */
  update(uri: string, text: string, module?: string): IndexedFile | undefined {
    return runToEnd(this.updateSteps(uri, text, module));
  }

  /**
   * `update` in steps (steps.ts): the text is read in slices; the index changes only in the last step, so
   * work abandoned half-way leaves it as it was.
   */
  *updateSteps(uri: string, text: string, module?: string): Steps<IndexedFile | undefined> {
    const previous = this.files.get(uri);
    if (previous && previous.text === text && (module === undefined || module === previous.module)) return previous;
    const kind = fileKindOf(uri, text);
    if (!kind || text.length > MAX_ANALYSED_LENGTH) {
      this.remove(uri);
      return undefined;
    }
    const xml = yield* parseXmlSteps(text);
    const acl = kind === 'acl' ? yield* readAclFileSteps(xml) : [];
    const integrations = kind === 'api' || kind === 'integration' || kind === 'config' ? yield* readIntegrationsSteps(xml) : [];
    const integrationsByName = new Map<string, IntegrationEntry[]>();
    for (let i = 0; i < integrations.length; i++) {
      if (i % 1024 === 1023) yield;
      const list = integrationsByName.get(integrations[i].name);
      if (list) list.push(integrations[i]);
      else integrationsByName.set(integrations[i].name, [integrations[i]]);
    }
    const routes = kind === 'webapi' ? yield* readWebapiRoutesSteps(xml) : [];
    const file: IndexedFile = {
      uri,
      kind,
      text,
      xml,
      module: module ?? moduleNameFromPath(uri) ?? previous?.module ?? (kind === 'acl' ? inferModule(acl) : undefined),
      integrations,
      integrationsByName,
      acl,
      routes,
    };
    this.version++;
    if (previous) this.drop(previous);
    this.add(file);
    if (kind === 'acl') {
      this.acl.setSource({ key: uri, module: file.module, bundled: false, location: uri, declarations: acl });
    } else if (previous?.kind === 'acl') {
      this.acl.removeSource(uri);
    }
    return file;
  }

  remove(uri: string): void {
    const previous = this.files.get(uri);
    if (!previous) return;
    this.drop(previous);
    this.version++;
    if (previous.kind === 'acl') this.acl.removeSource(uri);
  }

  /**
   * A module is known when the ACL tree has ids it owns or files of it, when a workspace file belongs to it,
   * or when the bundled release has it (module.xml): an id naming it is then unknown rather than unverifiable.
   */
  isModuleKnown(module: string): boolean {
    if (this.acl.isModuleKnown(module) || this.catalog?.modules.includes(module)) return true;
    return (this.moduleCounts.get(module) ?? 0) > 0;
  }

  get(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  allFiles(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  /** The indexed files of the module `uri` belongs to (same folder above `etc/`), including that file. */
  moduleFiles(uri: string): IndexedFile[] {
    const root = moduleRootOf(uri);
    if (root === undefined) return [];
    return [...(this.byModuleRoot.get(root) ?? [])];
  }

  /**
   * Every integration of that name in files of that kind: Magento merges api.xml files (and, separately,
   * integration.xml files) of all modules by integration name.
   */
  integrationsNamed(kind: FileKind, name: string): IntegrationSite[] {
    const out: IntegrationSite[] = [];
    for (const file of this.integrationFiles) {
      if (file.kind !== kind) continue;
      for (const integration of file.integrationsByName.get(name) ?? []) out.push({ file, integration });
    }
    return out;
  }

  private add(file: IndexedFile): void {
    this.files.set(file.uri, file);
    const root = moduleRootOf(file.uri);
    if (root !== undefined) addTo(this.byModuleRoot, root, file);
    if (file.integrations.length) this.integrationFiles.add(file);
    if (file.module) this.moduleCounts.set(file.module, (this.moduleCounts.get(file.module) ?? 0) + 1);
  }

  private drop(file: IndexedFile): void {
    this.files.delete(file.uri);
    const root = moduleRootOf(file.uri);
    if (root !== undefined) removeFrom(this.byModuleRoot, root, file);
    this.integrationFiles.delete(file);
    if (file.module) {
      const n = (this.moduleCounts.get(file.module) ?? 1) - 1;
      if (n > 0) this.moduleCounts.set(file.module, n);
      else this.moduleCounts.delete(file.module);
    }
  }

}

/** The module folder of a Magento file: everything before its `/etc/`. */
export function moduleRootOf(uri: string): string | undefined {
  const i = uri.lastIndexOf('/etc/');
  return i < 0 ? undefined : uri.slice(0, i);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (!set.size) map.delete(key);
}
