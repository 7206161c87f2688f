/** What the editor-API suites share. */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { extensions, type CompletionItem, type Diagnostic } from 'vscode';

export const EXTENSION_ID = 'integration-acl-tools.integration-acl-xml';

/** What the extension's activate() returns (client/src/extension.ts; the suites may not import client code). */
export interface MagentoIntegrationApi {
  readonly serverStarted: boolean;
  statusBar(): { text: string; tooltip: string; visible: boolean };
  languageStatus(): Array<{ id: string; text: string; detail: string | undefined; busy: boolean; severity: number; command: string | undefined }>;
  lastCompletionRequest(): { uri: string; version: number; kind: number; character: string | undefined } | undefined;
  permissionViews(): Array<{ title: string; markdown: string; html: string }>;
}

/** The extension, activated, and what it exports. */
export async function extensionApi(): Promise<{ api: MagentoIntegrationApi; extensionPath: string }> {
  const extension = extensions.getExtension<MagentoIntegrationApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  return { api, extensionPath: extension.extensionPath };
}

/** Runs every *.test.js of `dir` with mocha (the entry point VS Code calls is a suite folder's index.js). */
export function runSuites(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

/**
 * The running language servers of this extension host: its child processes executing `script`
 * (vscode-languageclient puts --clientProcessId=<extension host pid> on their command line).
 */
export function languageServers(script: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== process.pid || state === 'Z') continue; // not ours, or dead and not yet reaped
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.includes(script) && argv.includes(`--clientProcessId=${process.pid}`)) found.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/** Polls `probe` every 100 ms until it gives a value (not undefined or false), or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const codeOf = (d: Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
export const labelOf = (i: CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
