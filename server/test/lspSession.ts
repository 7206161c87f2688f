/**
 * The built server as a process and a real JSON-RPC client talking to it (stdio or node-ipc), for the
 * protocol tests: diagnostics and log lines as they arrive, waits by condition, and an event order for
 * tests that assert what was answered before what.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-types';

export interface PublishDiagnosticsParams { uri: string; version?: number; diagnostics: Diagnostic[] }

export const BIN = path.resolve(__dirname, '..', '..', 'bin', 'magento-integration-ls');

export interface Session {
  connection: MessageConnection;
  child: ChildProcess;
  diagnostics: Map<string, PublishDiagnosticsParams[]>;
  logs: string[];
  /** What arrived, in order: `publish <uri>`, `log <message>`, and whatever the test `mark`s. */
  events: string[];
  /** Records `what` in `events` now (e.g. when an answer arrives: `request.then(() => mark('hover'))`). */
  mark(what: string): void;
  stderr(): string;
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export function start(transport: 'stdio' | 'ipc'): Session {
  const child =
    transport === 'stdio'
      ? spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] })
      : fork(BIN, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection =
    transport === 'stdio'
      ? createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
      : createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  const logs: string[] = [];
  const events: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, [...(diagnostics.get(p.uri) ?? []), p]);
    events.push(`publish ${p.uri}`);
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
    events.push(`log ${p.message}`);
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.listen();
  return {
    connection,
    child,
    diagnostics,
    logs,
    events,
    mark: (what) => void events.push(what),
    stderr: () => stderr,
    // A generous ceiling: the wait ends as soon as its condition holds, and a busy machine may take long.
    async waitFor(what, probe, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; logs: ${logs.join(' | ')} stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        // A server that does not answer (a regression that blocks it) is killed, not waited for forever.
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await Promise.race([connection.sendRequest('shutdown').catch(() => undefined), exited]);
        connection.sendNotification('exit');
        await exited;
        clearTimeout(timer);
      }
      connection.dispose();
    },
  };
}

export function workspaceOnDisk(): { root: string; file: (p: string, text?: string) => string } {
  const root = mkdtempSync(path.join(tmpdir(), 'mils-'));
  const file = (p: string, text?: string) => {
    const full = path.join(root, p);
    if (text !== undefined) {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
    return URI.file(full).toString();
  };
  return { root, file };
}

export async function initialize(session: Session, root: string, initializationOptions?: unknown, textDocument?: unknown) {
  const result = await session.connection.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>('initialize', {
    processId: process.pid,
    rootUri: URI.file(root).toString(),
    workspaceFolders: [{ uri: URI.file(root).toString(), name: 'ws' }],
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument },
    initializationOptions,
  });
  session.connection.sendNotification('initialized', {});
  await session.waitFor('indexing', () => session.logs.find((l) => l.startsWith('Indexed')));
  // The second phase: webapi.xml files (route counts in hovers and lenses).
  await session.waitFor('web API routes', () => session.logs.find((l) => l.startsWith('Web API routes read')));
  return result;
}

export function latest(session: Session, uri: string): PublishDiagnosticsParams | undefined {
  const all = session.diagnostics.get(uri);
  return all?.[all.length - 1];
}
