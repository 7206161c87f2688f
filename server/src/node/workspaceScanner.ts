/**
 * Finds the Magento files of a workspace folder on disk: modules under app/code, composer packages under
 * vendor (from vendor/composer/installed.json when present, instead of walking all of vendor/), a
 * standalone module at the root, and module folders nested anywhere else. It never enters node_modules,
 * .git, pub/static, var or generated, follows a symlink only to a directory it has not seen (loops end),
 * and treats an unreadable directory as empty after reporting it once.
 */
import { promises as fs, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Files the index wants, relative to a module's etc/ folder. */
export const MODULE_FILES = ['acl.xml', 'webapi.xml', 'integration.xml', 'module.xml', 'integration/api.xml', 'integration/config.xml'];

const SKIPPED_NAMES = new Set(['node_modules', '.git', 'var', 'generated', '.svn', '.hg']);
const MAX_DEPTH = 12;
/** Depth inside one composer package: the module is at its root or in src/ (etc/ one or two levels down). */
const PACKAGE_DEPTH = 3;

export interface ScanOptions {
  /** Extra exclusion (user globs), given an absolute path. */
  exclude?: (absolutePath: string) => boolean;
  /** Called once per problem (unreadable directory, broken installed.json). */
  log?: (message: string) => void;
}

export async function scanWorkspace(root: string, options: ScanOptions = {}): Promise<string[]> {
  const found = new Set<string>();
  const visited = new Set<string>();
  const log = options.log ?? (() => undefined);
  // Symlinked directories are walked after everything else, so a folder reachable both ways is found
  // under its real path (the one the editor opens), not under the link.
  let links: Array<[string, number, boolean]> = [];

  /** `known`: the real path of `dir` when it is known already (a plain subfolder of a real path). */
  const walk = async (dir: string, depth: number, insideVendor: boolean, known?: string): Promise<void> => {
    if (depth > MAX_DEPTH || options.exclude?.(dir)) return;
    let real: string;
    try {
      // One realpath per walk root or link, not per folder: a folder entry that is no link adds its name.
      real = known ?? realpathSync.native(dir);
    } catch (e) {
      log(`Cannot resolve ${dir}: ${(e as Error).message}`);
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
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
        await collectEtc(full, found, options);
        continue;
      }
      if (name === 'vendor' && !insideVendor) {
        await walkVendor(full, walk, log);
        continue;
      }
      await walk(full, depth + 1, insideVendor, path.join(real, name));
    }
  };

  await walk(root, 0, false);
  while (links.length) {
    const batch = links;
    links = [];
    await Promise.all(batch.map(async ([dir, depth, insideVendor]) => {
      if (!(await isDirectory(dir))) return;
      if (path.basename(dir) === 'etc') await collectEtc(dir, found, options);
      else await walk(dir, depth, insideVendor);
    }));
  }
  return [...found].sort();
}

async function walkVendor(
  vendor: string,
  walk: (dir: string, depth: number, insideVendor: boolean) => Promise<void>,
  log: (message: string) => void,
): Promise<void> {
  const installed = path.join(vendor, 'composer', 'installed.json');
  let text: string | undefined;
  try {
    text = await fs.readFile(installed, 'utf8');
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    // No composer metadata: walk it, but only as deep as vendor/<vendor>/<package>/[src/]etc.
    await walk(vendor, MAX_DEPTH - PACKAGE_DEPTH - 1, true);
    return;
  }
  let packages: Array<{ name?: string; 'install-path'?: string }> = [];
  try {
    const parsed = JSON.parse(text);
    packages = Array.isArray(parsed) ? parsed : Array.isArray(parsed?.packages) ? parsed.packages : [];
  } catch (e) {
    log(`Cannot parse ${installed}: ${(e as Error).message}`);
  }
  await Promise.all(
    packages.map((p) => {
      const dir = p['install-path']
        ? path.resolve(path.join(vendor, 'composer'), p['install-path'])
        : p.name ? path.join(vendor, p.name) : undefined;
      return dir ? walk(dir, MAX_DEPTH - PACKAGE_DEPTH, true) : Promise.resolve();
    }),
  );
}

async function collectEtc(etc: string, found: Set<string>, options: ScanOptions): Promise<void> {
  await Promise.all(
    MODULE_FILES.map(async (name) => {
      const file = path.join(etc, name);
      if (options.exclude?.(file)) return;
      try {
        // Synchronous: six stats per etc/ folder, most of them absent, cost less than six round trips.
        if (statSync(file, { throwIfNoEntry: false })?.isFile()) found.add(file);
      } catch {
        // Absent: most modules have only some of these files.
      }
    }),
  );
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isDirectory();
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
