/**
 * Feeds the index from disk: the files of workspace folders, then single files as the client reports them
 * created, changed or deleted. Open documents are owned by the editor: the loader never overwrites them.
 * Used by the server and by the demo, so both see a workspace the same way.
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { fileKindOf } from '../service/files/fileKind';
import { readModuleName } from '../service/files/moduleFile';
import { runToEnd, Steps } from '../service/steps';
import { MAX_ANALYSED_LENGTH, WorkspaceIndex } from '../service/workspaceIndex';
import { parseXml } from '../service/xml/xmlDocument';
import { timeSlicer } from '../documentJobs';
import { isRefusal, readWorkspaceFile, Roots } from './fileReading';
import { MODULE_FILES, moduleXmlFor, scanWorkspace, ScanOptions } from './workspaceScanner';

export function uriOf(file: string): string {
  return URI.file(file).toString();
}

export function pathOf(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

function moduleFilesOf(module: string): string[] {
  return MODULE_FILES.map((f) => path.join(module, 'etc', ...f.split('/')));
}

/** One pass over many files: where links may lead, and the real paths of their folders found so far. */
interface ReadPass {
  readonly roots: Roots;
  readonly realFolders: Map<string, string>;
}

export class WorkspaceLoader {
  private readonly moduleNames = new Map<string, Promise<string | undefined>>();
  private readonly reported = new Set<string>();
  /** How the index's update steps run: at once here; the server reads a large file in time slices. */
  runSteps: <T>(steps: Steps<T>, length: number) => T | Promise<T | undefined> = (steps) => runToEnd(steps);

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly isOpen: (uri: string) => boolean = () => false,
    private readonly log: (message: string) => void = () => undefined,
    /**
     * Exclusions and the roots links may lead into apply to the scan and to single-file refreshes alike;
     * replaced when settings or folders change.
     */
    public scanOptions: ScanOptions = {},
  ) {}

  /** Indexes every Magento file under `root`; returns the files found. */
  async loadFolder(root: string): Promise<string[]> {
    const { files, routes } = await this.loadFolderInPhases(root);
    await routes;
    return files;
  }

  /**
   * Indexes the files under `root` in two phases: everything the ACL tree and the integration checks need
   * (resolves with the files found), then the webapi.xml files (`routes`: half the text of a Magento tree,
   * needed only for route counts, hovers and the webapi.xml files' own checks, which sync them when opened).
   */
  async loadFolderInPhases(root: string): Promise<{ files: string[]; routes: Promise<void> }> {
    // Links may lead into the configured roots, else into this folder only.
    const roots = this.scanOptions.roots ?? new Roots([root], root);
    const files = await scanWorkspace(root, { ...this.scanOptions, roots, log: (m) => this.logOnce(m) });
    const is = (name: string) => (f: string) => f.endsWith(`${path.sep}etc${path.sep}${name}`);
    const isModuleXml = is('module.xml');
    const isWebapi = is('webapi.xml');
    // module.xml first: the other files of a module are then indexed under its name at once (the name is
    // read once, not again when the module.xml itself comes along).
    await this.loadAll([...files.filter(isModuleXml), ...files.filter((f) => !isModuleXml(f) && !isWebapi(f))], roots);
    return { files, routes: this.loadAll(files.filter(isWebapi), roots) };
  }

  /**
   * One file after the other, read synchronously (thousands of small files cost a fraction of the promise
   * calls), giving the event loop back every few milliseconds.
   */
  private async loadAll(files: readonly string[], roots: Roots): Promise<void> {
    const breathe = timeSlicer();
    // The files of one etc/ folder share one real-path lookup of the folder.
    const pass: ReadPass = { roots, realFolders: new Map() };
    for (const file of files) {
      await this.refreshFile(file, pass);
      await breathe();
    }
  }

  /** Reads one file from disk into the index (or drops it when it is gone or refused). */
  async refreshFile(file: string, pass?: ReadPass): Promise<void> {
    const uri = uriOf(file);
    if (!fileKindOf(uri)) return;
    if (this.scanOptions.exclude?.(file)) {
      this.removeFile(file);
      return;
    }
    if (fileKindOf(uri) === 'module') {
      this.moduleNames.delete(file);
      await this.refreshModuleOf(file);
      return;
    }
    if (this.isOpen(uri)) return;
    const text = this.read(file, pass);
    if (text === undefined) {
      this.index.remove(uri);
      return;
    }
    const module = await this.moduleName(file, pass);
    const indexed = await this.runSteps(this.index.updateSteps(uri, text, module), text.length);
    if (!indexed) this.logOnce(`Skipping ${file}: ${text.length} characters is too long to analyse (limit ${MAX_ANALYSED_LENGTH}).`);
    else if (!indexed.xml.root && indexed.xml.errors.length) this.logOnce(`Nothing could be read from ${file}: ${indexed.xml.errors[0].message}`);
  }

  removeFile(file: string): void {
    const uri = uriOf(file);
    if (fileKindOf(uri) === 'module') {
      this.moduleNames.delete(file);
      void this.refreshModuleOf(file);
      return;
    }
    if (!this.isOpen(uri)) this.index.remove(uri);
  }

  /**
   * Reads the Magento files of one module folder, without scanning anything else (a document opened from
   * outside the workspace is checked with its module beside it); links may not lead out of that folder.
   */
  async loadModule(module: string): Promise<void> {
    const pass: ReadPass = { roots: new Roots([module], module), realFolders: new Map() };
    for (const file of moduleFilesOf(module)) await this.refreshFile(file, pass);
  }

  /** Drops what loadModule read (open documents stay). */
  forgetModule(module: string): void {
    for (const file of moduleFilesOf(module)) if (fileKindOf(uriOf(file)) !== 'module') this.removeFile(file);
    this.moduleNames.delete(path.join(module, 'etc', 'module.xml'));
  }

  /** Forgets every file read from disk (open documents stay): the start of a full re-index. */
  clear(): void {
    this.moduleNames.clear();
    this.reported.clear();
    for (const file of [...this.index.allFiles()]) if (!this.isOpen(file.uri)) this.index.remove(file.uri);
  }

  /** Removes every indexed file under `root` (a workspace folder that was closed). */
  removeFolder(root: string): void {
    const prefix = uriOf(root).replace(/\/?$/, '/');
    for (const file of [...this.index.allFiles()]) if (file.uri.startsWith(prefix)) this.index.remove(file.uri);
  }

  /** The module name a Magento file belongs to, from the module's etc/module.xml (cached). */
  moduleName(file: string, pass?: ReadPass): Promise<string | undefined> {
    const moduleXml = moduleXmlFor(file);
    if (!moduleXml) return Promise.resolve(undefined);
    let name = this.moduleNames.get(moduleXml);
    if (!name) {
      const text = this.read(moduleXml, pass);
      name = Promise.resolve(text === undefined ? undefined : readModuleName(parseXml(text)));
      this.moduleNames.set(moduleXml, name);
    }
    return name;
  }

  /** module.xml changed: re-index the module's other files under the new name. */
  private async refreshModuleOf(moduleXml: string): Promise<void> {
    // The files named by this module.xml (moduleXmlFor) are those of its module folder, which the index
    // keeps by folder: no pass over every indexed file per module.xml (quadratic on a large project).
    for (const file of this.index.moduleFiles(uriOf(moduleXml))) {
      const filePath = pathOf(file.uri);
      if (filePath) this.index.update(file.uri, file.text, await this.moduleName(filePath));
    }
  }

  /** The text of a file, or undefined when it is absent or refused (which is said once). */
  private read(file: string, pass?: ReadPass): string | undefined {
    const read = readWorkspaceFile(file, { roots: pass?.roots ?? this.scanOptions.roots, realFolders: pass?.realFolders });
    if (!isRefusal(read)) return read.text;
    if (read.refused !== 'missing') this.logOnce(read.message);
    return undefined;
  }

  private logOnce(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.log(message);
  }
}
