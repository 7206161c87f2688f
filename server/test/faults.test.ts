/**
 * Workspace faults (issue 8): unreadable files and directories (EACCES), files deleted or replaced while
 * being indexed, symlink loops, a vendor/ of 100,000 files, and acl.xml files that are empty, binary or
 * 5 MB. The index stays consistent with the disk and each problem is logged once, never a crash; the
 * server over stdio keeps answering in such a workspace.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { uriOf, WorkspaceLoader } from '../src/node/workspaceLoader';
import { scanWorkspace } from '../src/node/workspaceScanner';
import { WorkspaceIndex } from '../src/service/workspaceIndex';
import { CORE_ACL } from './helpers';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mils-faults-'));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), content);
  }
  return root;
}

const ACL = (id: string) => `<config><acl><resources><resource id="Magento_Backend::admin"><resource id="${id}" title="T"/></resource></resources></acl></config>`;

// The module object itself (an `import * as` namespace is read-only), as the loader and scanner see it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

/** Replaces one fs function for the duration of `run` (the loader and scanner call it through the module object). */
async function withFault<K extends 'openSync' | 'readdirSync'>(name: K, fault: (original: (typeof fs)[K], ...args: unknown[]) => unknown, run: () => Promise<void>): Promise<void> {
  const original = fs[name];
  (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => fault(original, ...args);
  try {
    await run();
  } finally {
    (fs as unknown as Record<string, unknown>)[name] = original;
  }
}

const eacces = (p: string) => Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });

test('faults: unreadable files and directories are logged once and left out; everything else is indexed', async () => {
  const root = tree({
    'app/code/A/One/etc/acl.xml': ACL('A_One::x'),
    'app/code/A/Two/etc/acl.xml': ACL('A_Two::x'),
    'app/code/A/Three/etc/acl.xml': ACL('A_Three::x'),
  });
  const locked = path.join(root, 'app/code/A/Two/etc/acl.xml');
  const lockedDir = path.join(root, 'app/code/A/Three/etc');
  const index = new WorkspaceIndex();
  const logs: string[] = [];
  const loader = new WorkspaceLoader(index, () => false, (m) => logs.push(m));
  try {
    const failOn = (target: string) => (orig: unknown, p: unknown, ...rest: unknown[]) => {
      if (p === target) throw eacces(String(p));
      return (orig as (...a: unknown[]) => unknown)(p, ...rest);
    };
    await withFault('openSync', failOn(locked), async () => {
      await withFault('readdirSync', failOn(lockedDir), async () => {
        await loader.loadFolder(root);
        // Watched-file events for the unreadable file, again and again: still one line in the log.
        for (let i = 0; i < 3; i++) await loader.refreshFile(locked);
      });
    });
    assert.ok(index.acl.get('A_One::x'));
    assert.equal(index.acl.get('A_Two::x'), undefined);
    assert.equal(index.acl.get('A_Three::x'), undefined);
    assert.equal(logs.filter((l) => l.includes(locked)).length, 1, logs.join('\n'));
    assert.equal(logs.filter((l) => l.includes(lockedDir)).length, 1, logs.join('\n'));
    // Readable again: the next event indexes it.
    await loader.refreshFile(locked);
    assert.ok(index.acl.get('A_Two::x'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('faults: files deleted or replaced while being indexed leave the index equal to the disk', async () => {
  const root = tree({
    'app/code/A/Gone/etc/acl.xml': ACL('A_Gone::x'),
    'app/code/A/New/etc/acl.xml': ACL('A_New::old'),
    'app/code/A/Keep/etc/acl.xml': ACL('A_Keep::x'),
  });
  const gone = path.join(root, 'app/code/A/Gone/etc/acl.xml');
  const replaced = path.join(root, 'app/code/A/New/etc/acl.xml');
  const index = new WorkspaceIndex();
  const logs: string[] = [];
  const loader = new WorkspaceLoader(index, () => false, (m) => logs.push(m));
  try {
    await withFault('openSync', (orig, p, ...rest) => {
      // Between the scan's listing and the read: one file disappears, another is rewritten.
      if (p === gone) unlinkSync(gone);
      if (p === replaced) writeFileSync(replaced, ACL('A_New::new'));
      return (orig as (...a: unknown[]) => unknown)(p, ...rest);
    }, async () => {
      await loader.loadFolder(root);
    });
    assert.equal(index.get(uriOf(gone)), undefined);
    assert.equal(index.acl.get('A_Gone::x'), undefined);
    assert.equal(index.acl.get('A_New::old'), undefined);
    assert.ok(index.acl.get('A_New::new'));
    assert.ok(index.acl.get('A_Keep::x'));
    assert.deepEqual(logs, [], 'a vanished file is not an error');
    // A full re-index agrees with the incremental result.
    const fresh = new WorkspaceIndex();
    await new WorkspaceLoader(fresh).loadFolder(root);
    assert.deepEqual([...fresh.allFiles()].map((f) => [f.uri, f.text]).sort(), [...index.allFiles()].map((f) => [f.uri, f.text]).sort());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// The outcome is that the scan ends with the right files; the timeout is only a generous ceiling for a hang.
test('faults: symlink loops end; a vendor/ of 100,000 files is scanned, and only the Magento files are found', { timeout: 600_000 }, async () => {
  const root = tree({ 'app/code/A/One/etc/acl.xml': ACL('A_One::x'), 'vendor/acme/real/etc/acl.xml': ACL('Acme_Real::x') });
  try {
    symlinkSync(root, path.join(root, 'app/code/A/One/loop'));
    symlinkSync(path.join(root, 'app'), path.join(root, 'app/code/A/back'));
    symlinkSync(path.join(root, 'nowhere'), path.join(root, 'app/code/dangling'));
    // 100,000 files in vendor/: 400 packages of 250 files, no composer metadata (so it is walked).
    const started = Date.now();
    for (let p = 0; p < 400; p++) {
      const dir = path.join(root, 'vendor', `v${p % 20}`, `pkg${p}`, 'src');
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 250; f++) writeFileSync(path.join(dir, `F${f}.php`), '');
    }
    const created = Date.now() - started;
    const t = Date.now();
    const files = await scanWorkspace(root);
    const scanned = Date.now() - t;
    assert.deepEqual(files.map((f) => path.relative(root, f)).sort(), ['app/code/A/One/etc/acl.xml', 'vendor/acme/real/etc/acl.xml']);
    console.log(`# faults: vendor/ of 100,000 files (created in ${created} ms) scanned in ${scanned} ms, with symlink loops`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('faults: the server over stdio, in a workspace with empty, binary, 5 MB and broken 5 MB acl.xml files and a symlink loop, logs each once and keeps answering', async () => {
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const root = tree({
    'app/code/Magento/Sales/etc/acl.xml': CORE_ACL,
    'app/code/A/Empty/etc/acl.xml': '',
    'app/code/A/Binary/etc/acl.xml': binary,
    'app/code/A/Huge/etc/acl.xml': `<config><acl><resources>${'<resource id="A_Huge::x" title="t"/>'.repeat(150_000)}</resources></acl></config>`,
    // Over MAX_TOLERANT_LENGTH and cut off: nothing can be read from it.
    'app/code/A/Broken/etc/acl.xml': `<config><acl><resources>${'<resource id="A_Broken::x" title="t"/>'.repeat(150_000)}</resources>`,
    'app/code/A/Sync/etc/integration/api.xml': '<integrations><integration name="S"><resources><resource name="Magento_Sales::reorder"/></resources></integration></integrations>',
  });
  symlinkSync(root, path.join(root, 'app/code/loop'));
  const child = spawn(process.execPath, [path.resolve(__dirname, '..', '..', 'bin', 'magento-integration-ls'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const logs: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  connection.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  try {
    const rootUri = URI.file(root).toString();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: {} });
    connection.sendNotification('initialized', {});
    const deadline = Date.now() + 120_000; // a generous ceiling; the loop ends as soon as indexing is logged
    while (!logs.some((l) => l.startsWith('Indexed')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(logs.some((l) => l.startsWith('Indexed')), `no index: ${logs.join(' | ')} ${stderr}`);
    const api = URI.file(path.join(root, 'app/code/A/Sync/etc/integration/api.xml')).toString();
    const text = '<integrations><integration name="S"><resources><resource name="Magento_Sales::"/><resource name="A_"/></resources></integration></integrations>';
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    const complete = (after: string) =>
      connection.sendRequest<{ items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri: api }, position: { line: 0, character: text.indexOf(after) + after.length } });
    const list = await complete('Magento_Sales::');
    assert.ok(list.items.some((i) => i.label === 'Magento_Sales::ship'), 'completion works');
    // A well-formed 5 MB file is analysed (in slices); a broken one that large is logged once, not read.
    const own = await complete('"A_');
    assert.ok(own.items.some((i) => i.label === 'A_Huge::x'), 'the 5 MB acl.xml is indexed');
    assert.ok(!own.items.some((i) => i.label === 'A_Broken::x'), 'nothing is read from the broken one');
    const broken = path.join(root, 'app/code/A/Broken/etc/acl.xml');
    assert.equal(logs.filter((l) => l.includes(broken)).length, 1, `the broken 5 MB file is logged once: ${logs.join(' | ')}`);
    assert.equal(logs.filter((l) => l.includes(path.join(root, 'app/code/A/Huge/etc/acl.xml'))).length, 0, `the well-formed one is not: ${logs.join(' | ')}`);
    assert.equal(logs.filter((l) => /failed:/.test(l)).length, 0, `no handler failed: ${logs.join(' | ')}`);
    assert.equal(stderr, '');
    assert.equal(child.exitCode, null);
  } finally {
    await connection.sendRequest('shutdown').catch(() => undefined);
    connection.sendNotification('exit');
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    connection.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
