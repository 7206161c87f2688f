/**
 * An editor-like LSP client for the benchmark: spawns a server process, speaks JSON-RPC over its stdio with
 * vscode-jsonrpc (the library VS Code's client is built on), answers the server's requests as VS Code does,
 * and timestamps every notification on arrival (performance.now(), same clock as the sends).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-jsonrpc/node';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;

/** The settings VS Code sends for section magentoIntegration (the contributed defaults). */
export const VSCODE_SETTINGS = {
  severity: {},
  completion: { insertMissingParents: true },
  searchPaths: [],
  exclude: [],
  useBundledCatalog: true,
  trace: { server: 'off' },
};

export class Session {
  /** Spawns `node <args>` and connects; `t0` is the moment just before spawn. */
  static start(args, options = {}) {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...(options.env ?? {}) } });
    return new Session(child, t0);
  }

  constructor(child, t0) {
    this.child = child;
    this.t0 = t0;
    this.stderr = '';
    this.logs = [];
    /** uri -> [{ t, params }] in arrival order. */
    this.diagnostics = new Map();
    this.waiters = new Set();
    this.exited = false;
    child.stderr.on('data', (d) => (this.stderr += d));
    child.on('exit', () => {
      this.exited = true;
      this.check();
    });
    const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection = c;
    c.onNotification('textDocument/publishDiagnostics', (params) => {
      const t = performance.now();
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push({ t, params });
      this.diagnostics.set(params.uri, list);
      this.check();
    });
    c.onNotification('window/logMessage', (p) => {
      this.logs.push({ t: performance.now(), message: p.message });
      this.check();
    });
    c.onNotification(() => undefined);
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'magentoIntegration' ? VSCODE_SETTINGS : {})));
    c.onRequest('workspace/codeLens/refresh', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.listen();
  }

  /** Resolves when `probe()` returns something other than undefined (checked on every arrival). */
  until(what, probe, timeoutMs = 60_000) {
    const value = probe();
    if (value !== undefined) return Promise.resolve(value);
    return new Promise((resolve, reject) => {
      const waiter = {
        probe,
        resolve: (v) => {
          clearTimeout(waiter.timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(waiter.timer);
          reject(e);
        },
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  check() {
    for (const waiter of [...this.waiters]) {
      let value;
      try {
        value = waiter.probe();
      } catch (e) {
        value = undefined;
      }
      if (this.exited && value === undefined) value = new Error(`server exited; stderr: ${this.stderr.slice(-2000)}`);
      if (value === undefined) continue;
      this.waiters.delete(waiter);
      if (value instanceof Error) waiter.reject(value);
      else waiter.resolve(value);
    }
  }

  /** The log line matching `re` (waits for it). */
  log(re, timeoutMs) {
    return this.until(`log ${re}`, () => this.logs.find((l) => re.test(l.message)), timeoutMs);
  }

  /** Number of diagnostics notifications received so far for `uri`. */
  diagnosticsCount(uri) {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  /** The first diagnostics notification for `uri` after the first `since` ones that satisfies `accept`. */
  nextDiagnostics(uri, since, accept = () => true, timeoutMs) {
    return this.until(`diagnostics of ${uri}`, () => {
      const list = this.diagnostics.get(uri) ?? [];
      for (let i = since; i < list.length; i++) if (accept(list[i].params)) return list[i];
      return undefined;
    }, timeoutMs);
  }

  async initialize(root, extra = {}) {
    const { pathToFileURL } = await import('node:url');
    const uri = pathToFileURL(root).href;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'magento-integration-bench' },
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: true },
          codeLens: { refreshSupport: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          // As vscode-languageclient announces them: lazily resolved properties and list item defaults.
          completion: {
            completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] }, labelDetailsSupport: true },
            completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
          },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
        window: { workDoneProgress: true },
      },
      ...extra,
    });
    this.connection.sendNotification('initialized', {});
    return result;
  }

  /** A request, timed from send to response arrival. */
  async request(method, params) {
    const start = performance.now();
    const result = await this.connection.sendRequest(method, params);
    return { start, end: performance.now(), ms: performance.now() - start, result };
  }

  notify(method, params) {
    this.connection.sendNotification(method, params);
    return performance.now();
  }

  open(uri, text, version = 1) {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version, text } });
  }

  close(uri) {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** VmHWM and VmRSS of the server process, in MiB (Linux /proc). */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
      return { hwm: kib('VmHWM') / 1024, rss: kib('VmRSS') / 1024 };
    } catch {
      return { hwm: NaN, rss: NaN };
    }
  }

  async shutdown() {
    if (this.exited) return;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([new Promise((r) => (this.exited ? r() : this.child.once('exit', r))), new Promise((r) => setTimeout(r, 3000))]);
    if (!this.exited) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}
