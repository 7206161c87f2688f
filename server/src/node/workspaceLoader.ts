/**
 * Feeds the index from disk: the files of workspace folders, then single files as the client reports them
 * created, changed or deleted. Open documents are owned by the editor: the loader never overwrites them.
 * Used by the server and by the demo, so both see a workspace the same way.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { fileKindOf } from '../service/files/fileKind';
import { readModuleName } from '../service/files/moduleFile';
import { runToEnd, Steps } from '../service/steps';
import { MAX_ANALYSED_LENGTH, WorkspaceIndex } from '../service/workspaceIndex';
import { parseXml } from '../service/xml/xmlDocument';
import { timeSlicer } from '../documentJobs';
import { moduleXmlFor, scanWorkspace, ScanOptions } from './workspaceScanner';

/** Files longer than this are not indexed from disk (a generated or binary file, not a real acl.xml). */
const MAX_FILE_CHARS = 20 * 1024 * 1024;

export function uriOf(file: string): string {
  return URI.file(file).toString();
}

export function pathOf(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
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
    /** Exclusions apply to the scan and to single-file refreshes alike; replaced when settings change. */
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
    const files = await scanWorkspace(root, { ...this.scanOptions, log: (m) => this.logOnce(m) });
    const is = (name: string) => (f: string) => f.endsWith(`${path.sep}etc${path.sep}${name}`);
    const isModuleXml = is('module.xml');
    const isWebapi = is('webapi.xml');
    // module.xml first: the other files of a module are then indexed under its name at once (the name is
    // read once, not again when the module.xml itself comes along).
    await this.loadAll([...files.filter(isModuleXml), ...files.filter((f) => !isModuleXml(f) && !isWebapi(f))]);
    return { files, routes: this.loadAll(files.filter(isWebapi)) };
  }

  /**
   * One file after the other, read synchronously (thousands of small files cost a fraction of the promise
   * calls), giving the event loop back every few milliseconds.
   */
  private async loadAll(files: readonly string[]): Promise<void> {
    const breathe = timeSlicer();
    for (const file of files) {
      await this.refreshFile(file);
      await breathe();
    }
  }

  /** Reads one file from disk into the index (or drops it when it is gone). */
  async refreshFile(file: string): Promise<void> {
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
    const text = await this.read(file);
    if (text === undefined) {
      this.index.remove(uri);
      return;
    }
    const module = await this.moduleName(file);
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
  moduleName(file: string): Promise<string | undefined> {
    const moduleXml = moduleXmlFor(file);
    if (!moduleXml) return Promise.resolve(undefined);
    let name = this.moduleNames.get(moduleXml);
    if (!name) {
      name = this.read(moduleXml, true).then((text) => (text === undefined ? undefined : readModuleName(parseXml(text))));
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

  private async read(file: string, quiet = false): Promise<string | undefined> {
    try {
      // One call (Node reads the whole file natively); a separate stat per file first cost as much again
      // on a project of thousands of files. The size is judged on what was read.
      const text = readFileSync(file, 'utf8');
      if (text.length > MAX_FILE_CHARS) {
        this.logOnce(`Skipping ${file}: ${text.length} characters is too large for a Magento configuration file.`);
        return undefined;
      }
      return text;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!quiet && code !== 'ENOENT') this.logOnce(`Cannot read ${file}: ${(e as Error).message}`);
      return undefined;
    }
  }

  private logOnce(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.log(message);
  }
}
