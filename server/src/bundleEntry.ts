/**
 * dist/server.js, what the VSIX starts: it compiles the server bundle (dist/server-main.js) with a V8 code
 * cache, so every start after the first skips most of parsing and compiling 500 KB of JavaScript (about a
 * tenth of a cold start here). Node's own module.enableCompileCache needs Node 22; this works on the Node of
 * every VS Code and of the command line.
 *
 * The cache is a file in the user's own cache folder (never a shared temp folder: cached code runs as
 * ours), named after the bundle's content hash and the V8 version, written once the server has started
 * (or at its exit, if sooner).
 * Anything wrong with it — absent, stale, rejected by V8, unwritable — only means a normal compile.
 * MAGENTO_INTEGRATION_LS_CODE_CACHE=0 turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module = require('node:module');
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const main = path.join(__dirname, 'server-main.js');
/** Written this long after the start: by then the functions of start-up and indexing are compiled too. */
const WRITE_AFTER_MS = 5000;

function cacheFolder(): string {
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
    } catch {
      // No cache next time: nothing else changes.
    }
  };
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', write);
}

function start(): void {
  const source = readFileSync(main, 'utf8');
  let script: vm.Script | undefined;
  if (process.env.MAGENTO_INTEGRATION_LS_CODE_CACHE !== '0') {
    try {
      const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
      const file = path.join(cacheFolder(), `server-${key}-v8-${process.versions.v8}.cache`);
      const cachedData = readOwned(file);
      script = new vm.Script(Module.wrap(source), { filename: main, cachedData });
      if (!cachedData || script.cachedDataRejected) writeLater(script, file);
    } catch {
      script = undefined;
    }
  }
  if (!script) {
    require(main);
    return;
  }
  // What Node's own loader does for a CommonJS file, with the compiled script.
  const mod = new Module(main, module);
  mod.filename = main;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(main));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(main), mod, main, path.dirname(main));
  mod.loaded = true;
}

start();
