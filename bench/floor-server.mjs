/**
 * The floor: the least a language server on this machine must do for each benchmark figure. A Node process
 * speaking JSON-RPC over stdio with the same library (vscode-jsonrpc) that, after `initialized`, reads the
 * Magento files of the workspace (the list written by the generator, so no directory walk) and then:
 * answers completion with one item, publishes empty diagnostics at once for every didOpen/didChange, and on
 * a watched-file change reads the file and publishes for every open document. No parsing, no analysis.
 *
 *   node bench/floor-server.mjs --stdio   (BENCH_FLOOR_FILES = JSON file with the paths relative to the root)
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import rpc from 'vscode-jsonrpc/node';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;
const c = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
const open = new Map();
let root;
let ready = false;

c.onRequest('initialize', (params) => {
  root = fileURLToPath(params.workspaceFolders?.[0]?.uri ?? params.rootUri);
  return { capabilities: { textDocumentSync: 2, completionProvider: {} }, serverInfo: { name: 'floor' } };
});
c.onNotification('initialized', () => {
  const started = Date.now();
  const files = process.env.BENCH_FLOOR_FILES ? JSON.parse(readFileSync(process.env.BENCH_FLOOR_FILES, 'utf8')) : [];
  let bytes = 0;
  for (const f of files) bytes += readFileSync(path.join(root, f), 'utf8').length;
  ready = true;
  c.sendNotification('window/logMessage', { type: 4, message: `Indexed ${files.length} files (${bytes} chars) in ${Date.now() - started} ms` });
});
c.onRequest('textDocument/completion', () => ({ isIncomplete: false, items: ready ? [{ label: 'ready' }] : [] }));
const publish = (uri) => c.sendNotification('textDocument/publishDiagnostics', { uri, version: open.get(uri), diagnostics: [] });
c.onNotification('textDocument/didOpen', (p) => {
  open.set(p.textDocument.uri, p.textDocument.version);
  publish(p.textDocument.uri);
});
c.onNotification('textDocument/didChange', (p) => {
  open.set(p.textDocument.uri, p.textDocument.version);
  publish(p.textDocument.uri);
});
c.onNotification('textDocument/didClose', (p) => {
  open.delete(p.textDocument.uri);
  c.sendNotification('textDocument/publishDiagnostics', { uri: p.textDocument.uri, diagnostics: [] });
});
c.onNotification('workspace/didChangeWatchedFiles', (p) => {
  for (const change of p.changes) {
    try {
      readFileSync(fileURLToPath(change.uri), 'utf8');
    } catch {
      // deleted
    }
  }
  for (const uri of open.keys()) publish(uri);
});
c.onRequest('shutdown', () => null);
c.onNotification('exit', () => process.exit(0));
c.listen();
