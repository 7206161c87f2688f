/**
 * Finds the Magento files of a workspace folder on disk: modules under app/code, composer packages under
 * vendor (from vendor/composer/installed.json when present, instead of walking all of vendor/), a
 * standalone module at the root, and module folders nested anywhere else. It never enters node_modules,
 * .git, pub/static, var or generated, follows a symlink only to a directory it has not seen (loops end)
 * and only when it leads into the roots (a link to `/` in a cloned repository is not a way out), and
 * treats an unreadable directory as empty after reporting it once.
 *
 * The walk uses the synchronous fs calls, one folder at a time (on a project of 100,000 files they cost a
 * fraction of the promise versions and hold only the current path in memory), and gives the event loop
 * back every few milliseconds, so the server answers requests meanwhile.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { timeSlicer } from '../documentJobs';
import { isRefusal, outsideMessage, readWorkspaceFile, Roots } from './fileReading';

/** Files the index wants, relative to a module's etc/ folder. */
export const MODULE_FILES = ['acl.xml', 'webapi.xml', 'integration.xml', 'module.xml', 'integration/api.xml', 'integration/config.xml'];

const SKIPPED_NAMES = new Set(['node_modules', '.git', 'var', 'generated', '.svn', '.hg']);
const MAX_DEPTH = 12;
/** Depth inside one composer package: the module is at its root or in src/ (etc/ one or two levels down). */
const PACKAGE_DEPTH = 3;

export interface ScanOptions {
  /** Extra exclusion (user globs), given an absolute path. */
  exclude?: (absolutePath: string) => boolean;
  /** Called once per problem (unreadable directory, broken installed.json, a link out of the roots). */
  log?: (message: string) => void;
  /** Where symbolic links may lead (default: the folder scanned). */
  roots?: Roots;
}

/** Largest vendor/composer/installed.json read (Magento's own is about 1 MB). */
const MAX_INSTALLED_JSON_BYTES = 64 * 1024 * 1024;

export async function scanWorkspace(root: string, options: ScanOptions = {}): Promise<string[]> {
  const found = new Set<string>();
  const visited = new Set<string>();
  const log = options.log ?? (() => undefined);
  const roots = options.roots ?? new Roots([root], root);
  /** A real path the walk may enter: inside the roots (said once per link otherwise). */
  const allowed = (dir: string, real: string): boolean => {
    if (roots.contains(real)) return true;
    log(outsideMessage(dir, roots, roots.contains(path.resolve(dir))));
    return false;
  };
  // Symlinked directories are walked after everything else, so a folder reachable both ways is found
  // under its real path (the one the editor opens), not under the link.
  let links: Array<[string, number, boolean]> = [];
  const breathe = timeSlicer();

  /** `known`: the real path of `dir` when it is known already (a plain subfolder of a real path). */
  const walk = async (dir: string, depth: number, insideVendor: boolean, known?: string): Promise<void> => {
    if (depth > MAX_DEPTH || options.exclude?.(dir)) return;
    await breathe();
    let real: string;
    try {
      // One realpath per walk root or link, not per folder: a folder entry that is no link adds its name.
      real = known ?? realpathSync.native(dir);
    } catch (e) {
      log(`Cannot resolve ${dir}: ${(e as Error).message}`);
      return;
    }
    if (visited.has(real) || !allowed(dir, real)) return;
    visited.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      log(`Cannot read directory ${dir}: ${(e as Error).message}`);
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const full = path.join(dir, name);
      if (SKIPPED_NAMES.has(name)) continue;
      if (entry.isSymbolicLink()) {
        links.push([full, depth + 1, insideVendor]);
        continue;
      }
      if (!entry.isDirectory()) continue;
      if (name === 'static' && path.basename(dir) === 'pub') continue;
      if (name === 'etc') {
        collectEtc(full, found, options, log, roots);
        continue;
      }
      if (name === 'vendor' && !insideVendor) {
        await walkVendor(full, { walk, module: moduleFolder, log, roots });
        continue;
      }
      if (name === 'code' && path.basename(dir) === 'app' && !insideVendor) {
        await walkAppCode(full, path.join(real, name));
        continue;
      }
      await walk(full, depth + 1, insideVendor, path.join(real, name));
    }
  };

  /**
   * app/code: Magento registers exactly the folders app/code/<Vendor>/<Module> (registration.php there), so
   * only their etc/ is looked at, not the rest of each module (tests, fixtures, thousands of PHP files).
   */
  const walkAppCode = async (code: string, real: string): Promise<void> => {
    if (options.exclude?.(code) || visited.has(real)) return;
    visited.add(real);
    for (const vendor of listFolders(code)) {
      await breathe();
      const realVendor = enter(vendor, real, 2);
      if (realVendor === undefined) continue;
      for (const module of listFolders(vendor.path)) {
        if (enter(module, realVendor, 3) !== undefined) collectEtc(path.join(module.path, 'etc'), found, options, log, roots);
      }
    }
  };

  /**
   * A subfolder of the real folder `realParent` to look into: its real path (plain subfolders of a real path
   * are real: marked seen without a realpath call each), or undefined when it is excluded or seen, or a link
   * (walked after everything else, `depth` deep, like any link).
   */
  const enter = (folder: { path: string; link: boolean }, realParent: string, depth: number): string | undefined => {
    if (folder.link) {
      links.push([folder.path, depth, false]);
      return undefined;
    }
    const real = path.join(realParent, path.basename(folder.path));
    if (options.exclude?.(folder.path) || visited.has(real)) return undefined;
    visited.add(real);
    return real;
  };

  /** The subfolders of `dir` (links to folders marked as such); [] when it cannot be read, reported once. */
  const listFolders = (dir: string): Array<{ path: string; link: boolean }> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      log(`Cannot read directory ${dir}: ${(e as Error).message}`);
      return [];
    }
    const out: Array<{ path: string; link: boolean }> = [];
    for (const e of entries) {
      if (SKIPPED_NAMES.has(e.name)) continue;
      if (e.isDirectory()) out.push({ path: path.join(dir, e.name), link: false });
      else if (e.isSymbolicLink()) out.push({ path: path.join(dir, e.name), link: true });
    }
    return out;
  };

  /** A module folder composer registered (its registration.php): only its etc/ is looked at. */
  const moduleFolder = (dir: string): void => {
    if (options.exclude?.(dir)) return;
    let real: string;
    try {
      real = realpathSync.native(dir);
    } catch {
      return; // gone, or never installed
    }
    // Linked (a composer path repository): like any link, after everything else, under its real path.
    if (real !== path.resolve(dir)) links.push([dir, MAX_DEPTH - PACKAGE_DEPTH, true]);
    else if (!visited.has(real) && allowed(dir, real)) {
      visited.add(real);
      collectEtc(path.join(dir, 'etc'), found, options, log, roots);
    }
  };

  await walk(root, 0, false);
  while (links.length) {
    const batch = links;
    links = [];
    for (const [dir, depth, insideVendor] of batch) {
      if (!isDirectory(dir)) continue;
      if (path.basename(dir) === 'etc') {
        const real = realPath(dir);
        if (real !== undefined && allowed(dir, real)) collectEtc(dir, found, options, log, roots);
      } else await walk(dir, depth, insideVendor);
    }
  }
  return [...found].sort();
}

interface InstalledPackage {
  name?: unknown;
  'install-path'?: unknown;
  autoload?: { files?: unknown };
}

interface VendorWalk {
  walk: (dir: string, depth: number, insideVendor: boolean) => Promise<void>;
  module: (dir: string) => void;
  log: (message: string) => void;
  roots: Roots;
}

/**
 * vendor/: the packages composer installed. Magento registers a module of a package through the
 * registration.php its autoload lists (ComponentRegistrar), so those folders are the modules; a package
 * whose autoload lists none is a library and is skipped; one without autoload data is walked a few levels.
 */
async function walkVendor(vendor: string, { walk, module, log, roots }: VendorWalk): Promise<void> {
  const installed = path.join(vendor, 'composer', 'installed.json');
  const read = readWorkspaceFile(installed, { roots, maxBytes: MAX_INSTALLED_JSON_BYTES });
  if (isRefusal(read)) {
    if (read.refused !== 'missing') log(read.message);
    // No composer metadata: walk it, but only as deep as vendor/<vendor>/<package>/[src/]etc.
    await walk(vendor, MAX_DEPTH - PACKAGE_DEPTH - 1, true);
    return;
  }
  const text = read.text;
  let packages: InstalledPackage[] = [];
  try {
    const parsed = JSON.parse(text);
    packages = Array.isArray(parsed) ? parsed : Array.isArray(parsed?.packages) ? parsed.packages : [];
  } catch (e) {
    log(`Cannot parse ${installed}: ${(e as Error).message}`);
  }
  for (const p of packages) {
    if (!p || typeof p !== 'object') continue;
    const installPath = typeof p['install-path'] === 'string' ? p['install-path'] : undefined;
    const dir = installPath ? path.resolve(path.join(vendor, 'composer'), installPath) : typeof p.name === 'string' ? path.join(vendor, p.name) : undefined;
    if (!dir) continue;
    if (!p.autoload || typeof p.autoload !== 'object') {
      await walk(dir, MAX_DEPTH - PACKAGE_DEPTH, true);
      continue;
    }
    const files = Array.isArray(p.autoload.files) ? p.autoload.files : [];
    for (const f of files) {
      if (typeof f === 'string' && /(^|\/)registration\.php$/.test(f)) module(path.resolve(dir, path.dirname(f)));
    }
  }
}

/**
 * The Magento files of one etc/ folder: one directory listing (and one of etc/integration/) instead of a
 * stat per candidate file, which costs several times more on a project of thousands of modules.
 */
function collectEtc(etc: string, found: Set<string>, options: ScanOptions, log: (message: string) => void, roots: Roots): void {
  /** A link is taken only when it leads into the roots (said once otherwise). */
  const linkInside = (link: string): boolean => {
    const real = realPath(link);
    if (real === undefined) return false;
    if (roots.contains(real)) return true;
    log(outsideMessage(link, roots));
    return false;
  };
  const take = (dir: string, wanted: readonly string[]): boolean => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      // Absent (most modules lack some of these files) is normal; unreadable is reported.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') log(`Cannot read directory ${dir}: ${(e as Error).message}`);
      return false;
    }
    let hasIntegration = false;
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.name === 'integration' && dir === etc) hasIntegration = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(file) && linkInside(file));
      if (!wanted.includes(entry.name) || options.exclude?.(file) || entry.isDirectory()) continue;
      // Special files (a FIFO, a device) go to the reader, which refuses them by their type and says so.
      if (!entry.isSymbolicLink() || (isFile(file) && linkInside(file))) found.add(file);
    }
    return hasIntegration;
  };
  if (take(etc, ETC_FILES)) take(path.join(etc, 'integration'), INTEGRATION_FILES);
}

const ETC_FILES = MODULE_FILES.filter((f) => !f.includes('/'));
const INTEGRATION_FILES = MODULE_FILES.filter((f) => f.startsWith('integration/')).map((f) => f.slice('integration/'.length));

function realPath(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined; // dangling link
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false; // dangling link
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false; // dangling link
  }
}

/** The module.xml that names the module a Magento file belongs to: the nearest etc/module.xml above it. */
export function moduleXmlFor(file: string): string | undefined {
  const normalized = file.split(path.sep).join('/');
  const i = normalized.lastIndexOf('/etc/');
  return i < 0 ? undefined : path.join(file.slice(0, i), 'etc', 'module.xml');
}
