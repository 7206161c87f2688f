/**
 * The entry the bundler puts in front of each bundle of the extension (scripts/bundle.mjs builds it twice):
 * dist/server.js loads dist/server-main.js, dist/client.js loads dist/client-main.js, each compiled with a V8
 * code cache, so every start after the first skips most of parsing and compiling ~500 KB of JavaScript (for
 * the server about a tenth of a cold start here; for the client most of activate()). Node's own
 * module.enableCompileCache needs Node 22 and acts on the whole process (the extension host runs every
 * extension); this works on the Node of every VS Code and of the command line, for our file only.
 *
 * The cache is a file in the user's own cache folder (never a shared temp folder: cached code runs as
 * ours), named after the bundle's content hash and the V8 version, written once the bundle has run a while
 * (or at exit, if sooner). Anything wrong with it — absent, stale, rejected by V8, unwritable — only means a
 * normal compile. MAGENTO_INTEGRATION_LS_CODE_CACHE=0 turns it off; MAGENTO_INTEGRATION_LS_CACHE_DIR moves it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module = require('node:module');
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

declare const BUNDLE_MAIN: string;
declare const BUNDLE_NAME: string;

/** Set by the bundler: the bundle this entry loads, beside it, and the name its cache files start with. */
const main = path.join(__dirname, BUNDLE_MAIN);
/** Written this long after the start: by then the functions of start-up and indexing are compiled too. */
const WRITE_AFTER_MS = 5000;

function cacheFolder(): string {
  if (process.env.MAGENTO_INTEGRATION_LS_CACHE_DIR) return process.env.MAGENTO_INTEGRATION_LS_CACHE_DIR;
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'magento-integration-ls');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'magento-integration-ls');
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'magento-integration-ls');
}

/** The cached data at `file` if this user owns it, else undefined. */
function readOwned(file: string): Buffer | undefined {
  try {
    const stat = statSync(file);
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return undefined;
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache once: WRITE_AFTER_MS after the start, or at exit if that comes first. */
function writeLater(script: vm.Script, file: string): void {
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, file);
      // The caches of earlier builds of this bundle are of no use any more.
      const dir = path.dirname(file);
      for (const other of readdirSync(dir)) {
        if (other.startsWith(`${BUNDLE_NAME}-`) && other.endsWith('.cache') && other !== path.basename(file)) rmSync(path.join(dir, other), { force: true });
      }
    } catch {
      // No cache next time: nothing else changes.
    }
  };
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', write);
}

function load(): unknown {
  let script: vm.Script | undefined;
  if (process.env.MAGENTO_INTEGRATION_LS_CODE_CACHE !== '0') {
    try {
      const source = readFileSync(main, 'utf8');
      const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
      const file = path.join(cacheFolder(), `${BUNDLE_NAME}-${key}-v8-${process.versions.v8}.cache`);
      const cachedData = readOwned(file);
      script = new vm.Script(Module.wrap(source), { filename: main, cachedData });
      if (!cachedData || script.cachedDataRejected) writeLater(script, file);
    } catch {
      script = undefined;
    }
  }
  if (!script) return require(main);
  // What Node's own loader does for a CommonJS file, with the compiled script.
  const mod = new Module(main, module);
  mod.filename = main;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(main));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  // The bundle's own require (parent: its module), as VS Code resolves `require('vscode')` by the caller.
  const requireFromMain = ((id: string) => mod.require(id)) as NodeRequire;
  Object.assign(requireFromMain, { resolve: Module.createRequire(main).resolve, cache: require.cache, main: require.main });
  wrapper.call(mod.exports, mod.exports, requireFromMain, mod, main, path.dirname(main));
  mod.loaded = true;
  return mod.exports;
}

// The client bundle's exports (activate, deactivate) become this file's; the server's are empty.
module.exports = load();
