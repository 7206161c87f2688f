/**
 * Issue 15, the file system of a hostile workspace (a cloned repository, a pull request in CI): special
 * files (FIFOs, devices, a link to /dev/zero), symbolic links out of the tree (to /proc/self/environ, to a
 * password file, to another project), a 500 MB file, and files in UTF-16 or with CR-only line endings.
 * Every special file and link is made by the test in a temporary folder. What could block runs in a child
 * process (the CLI, the server), so a regression fails here instead of hanging the test run.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { CompletionList } from 'vscode-languageserver-types';
import { uriOf, WorkspaceLoader } from '../src/node/workspaceLoader';
import { getLanguageService } from '../src/service/languageService';
import { WorkspaceIndex } from '../src/service/workspaceIndex';
import { apiXml, configXml, doc, runCli, trackTemporaries, writeTree } from './helpers';
import { initialize, start } from './lspSession';

const temporary = trackTemporaries();
const tempDir = (name: string) => temporary(realpathSync(mkdtempSync(path.join(tmpdir(), `mils-hostile-${name}-`))));

const ACL = (id: string) => `<config><acl><resources><resource id="Magento_Backend::admin"><resource id="${id}" title="T"/></resource></resources></acl></config>`;
const MODULE = (name: string) => `<config><module name="${name}"/></config>`;
const SECRET = 'hunter2-must-never-be-printed';

function mkfifo(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
}

function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at);
}

interface JsonReport {
  files: Array<{ path: string }>;
  findings: Array<{ path: string; code: string; message: string }>;
  errors: string[];
  warnings: string[];
}

/** A module whose api.xml is fine once Acme_Sync::x is known, with special files around it. */
function treeWithSpecialFiles(): { root: string; fifos: string[] } {
  const root = tempDir('special');
  writeTree(root, {
    'app/code/Acme/Sync/etc/acl.xml': ACL('Acme_Sync::x'),
    'app/code/Acme/Sync/etc/integration/api.xml': apiXml('            <resource name="Acme_Sync::x"/>\n'),
    'app/code/Acme/Sync/etc/integration/config.xml': configXml('Acme'),
    // Without composer metadata vendor/ is walked: this module is found that way.
    'vendor/acme/pkg/etc/acl.xml': ACL('Acme_Pkg::x'),
    'vendor/acme/pkg/etc/module.xml': MODULE('Acme_Pkg'),
  });
  const fifos = [
    path.join(root, 'app/code/Acme/Sync/etc/module.xml'),
    path.join(root, 'app/code/Fifo/Acl/etc/acl.xml'),
    path.join(root, 'vendor/composer/installed.json'),
  ];
  for (const f of fifos) mkfifo(f);
  // A link git can commit: reading it would never end.
  link('/dev/zero', path.join(root, 'app/code/Zero/Mod/etc/module.xml'));
  writeFileSync(path.join(root, 'app/code/Zero/Mod/etc/acl.xml'), ACL('Zero_Mod::x'));
  // The device itself inside the tree (a tar archive can hold one; creating it needs root).
  if (process.getuid?.() === 0) {
    mkdirSync(path.join(root, 'app/code/Dev/Ice/etc'), { recursive: true });
    execFileSync('mknod', [path.join(root, 'app/code/Dev/Ice/etc/acl.xml'), 'c', '1', '5']);
  }
  return { root, fifos };
}

test('special files: FIFOs at etc/module.xml, etc/acl.xml and vendor/composer/installed.json, a device, a link to /dev/zero: the CLI ends and says so once each', () => {
  const { root, fifos } = treeWithSpecialFiles();
  const run = runCli(['-f', 'json', '.'], { cwd: root, timeoutMs: 60_000 });
  assert.equal(run.signal, null, `the CLI did not end by itself: ${run.stderr}`);
  assert.equal(run.code, 2, 'files it cannot read inside the checked folder are I/O errors');
  const report = JSON.parse(run.stdout) as JsonReport;
  for (const fifo of fifos) {
    const shown = path.relative(root, fifo);
    assert.equal(report.errors.filter((e) => e.includes(shown)).length, 1, `${shown} said once: ${report.errors.join(' | ')}`);
    assert.match(report.errors.find((e) => e.includes(shown))!, /not a regular file \(a named pipe\)/);
  }
  if (process.getuid?.() === 0) assert.ok(report.errors.some((e) => /Dev\/Ice\/etc\/acl\.xml: it is not a regular file \(a device\)/.test(e)), report.errors.join(' | '));
  assert.equal(report.warnings.filter((w) => w.includes('Zero/Mod/etc/module.xml')).length, 1, `the link to /dev/zero is said once: ${report.warnings.join(' | ')}`);
  assert.match(report.warnings.find((w) => w.includes('Zero/Mod/etc/module.xml'))!, /^Not following .*: a symbolic link leads it outside/);
  // Everything else is checked: the api.xml's id comes from its acl.xml; the vendor module was walked.
  assert.deepEqual(report.findings.filter((f) => f.path.endsWith('api.xml')), []);
  assert.ok(report.files.some((f) => f.path === 'vendor/acme/pkg/etc/acl.xml'), report.files.map((f) => f.path).join());
});

test('special files: the server indexes such a workspace, keeps answering, and a watched-file event or closing such a file blocks nothing', async () => {
  const { root, fifos } = treeWithSpecialFiles();
  const session = start('stdio');
  try {
    await initialize(session, root);
    const api = URI.file(path.join(root, 'app/code/Acme/Sync/etc/integration/api.xml')).toString();
    const text = apiXml('            <resource name="Acme_"/>\n');
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    const complete = () =>
      session.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: api }, position: { line: 4, character: text.split('\n')[4].indexOf('Acme_') + 5 } });
    assert.ok((await complete()).items.some((i) => i.label === 'Acme_Sync::x'));
    // The file watcher reports the FIFOs changed; the editor closes one it had open.
    const fifoAcl = URI.file(fifos[1]).toString();
    session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: fifos.map((f) => ({ uri: URI.file(f).toString(), type: 2 })) });
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fifoAcl, languageId: 'xml', version: 1, text: ACL('Fifo_Acl::x') } });
    session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fifoAcl } });
    const labels = (await complete()).items.map((i) => i.label);
    assert.ok(labels.includes('Acme_Pkg::x') && !labels.includes('Fifo_Acl::x'), labels.join());
    for (const fifo of fifos) assert.equal(session.logs.filter((l) => l.includes(fifo)).length, 1, `${fifo} logged once: ${session.logs.join(' | ')}`);
    assert.equal(session.stderr(), '');
  } finally {
    await session.close();
  }
});

/**
 * A project whose tree links out: a module folder to another project, a module folder through composer's
 * install-path, an acl.xml to /proc/self/environ (the process's environment: CI secrets) and one to a
 * password file elsewhere.
 */
function treeLinkingOut(): { root: string; outside: string; links: string[] } {
  const outside = tempDir('outside');
  writeTree(outside, {
    'app/code/Far/Away/etc/acl.xml': ACL('Far_Away::x'),
    'app/code/Far/Away/etc/integration/api.xml': apiXml('            <resource name="Magento_Sales::reorder"/>\n', 'Far'),
    'app/code/Far/Away/etc/integration/config.xml': configXml('Far'),
    'passwd.xml': `root:x:0:0:${SECRET}:/root:/bin/bash\n`,
  });
  const root = tempDir('links');
  writeTree(root, {
    'app/code/Acme/Sync/etc/integration/api.xml': apiXml('            <resource name="Magento_Sales::reorder"/>\n'),
    'app/code/Acme/Sync/etc/integration/config.xml': configXml('Acme'),
    'vendor/composer/installed.json': JSON.stringify([{ name: 'far/away', 'install-path': path.relative(path.join(root, 'vendor/composer'), path.join(outside, 'app/code/Far/Away')), autoload: { files: ['registration.php'] } }]),
  });
  const links = [path.join(root, 'app/code/Evil/Root'), path.join(root, 'app/code/Evil/Env/etc/acl.xml'), path.join(root, 'app/code/Evil/Pw/etc/acl.xml')];
  link(outside, links[0]);
  link('/proc/self/environ', links[1]);
  link(path.join(outside, 'passwd.xml'), links[2]);
  return { root, outside, links };
}

test('links out of the tree: not followed, said once; nothing behind them in any format, nor offered to --fix', () => {
  const { root, outside, links } = treeLinkingOut();
  for (const format of ['text', 'json', 'sarif', 'github']) {
    for (const extra of [[], ['--fix', '--dry-run']]) {
      const run = runCli(['-f', format, ...extra, '.'], { cwd: root, env: { MIL_SECRET: SECRET } });
      const all = run.stdout + run.stderr;
      assert.equal(run.signal, null);
      assert.doesNotMatch(all, new RegExp(SECRET), `${format} ${extra.join(' ')} prints nothing of the environment or the password file`);
      // The install-path composer's file names is said not to be followed; nothing else names the other project.
      const notFollowing = /^.*Not following .*$/gm;
      assert.ok(!all.replace(notFollowing, '').includes(outside), `${format} ${extra.join(' ')} names nothing outside the tree`);
      assert.doesNotMatch(all, /Far_Away|app\/code\/Evil\/Root\/app/, `${format}: the other project is not read`);
      if (format === 'text') {
        for (const l of links) assert.equal(run.stderr.split(path.relative(root, l)).length - 1, 1, `${l} said once: ${run.stderr}`);
        assert.match(run.stderr, /warning: Not following app\/code\/Evil\/Env\/etc\/acl\.xml: a symbolic link leads it outside the paths being checked/);
      }
      if (extra.length) assert.equal((all.match(/^--- a\//gm) ?? []).length, format === 'json' ? 0 : 1, `${format}: only the module inside is fixed`);
    }
  }
  const json = JSON.parse(runCli(['-f', 'json', '--fix', '--dry-run', '.'], { cwd: root }).stdout) as { files: Array<{ path: string; fix: unknown }> };
  assert.deepEqual(json.files.filter((f) => f.fix).map((f) => f.path), ['app/code/Acme/Sync/etc/integration/api.xml']);
});

test('links out of the tree: the server neither indexes nor logs what is behind them', async () => {
  const { root, outside, links } = treeLinkingOut();
  process.env.MIL_SECRET = SECRET;
  const session = start('stdio');
  delete process.env.MIL_SECRET;
  try {
    await initialize(session, root);
    const api = URI.file(path.join(root, 'app/code/Acme/Sync/etc/integration/api.xml')).toString();
    const text = apiXml('            <resource name="Far_"/>\n');
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: api }, position: { line: 4, character: text.split('\n')[4].indexOf('Far_') + 4 } });
    assert.ok(!list.items.some((i) => i.label === 'Far_Away::x'), 'the other project\'s ids are not known');
    await session.waitFor('diagnostics', () => session.diagnostics.get(api));
    const everything = JSON.stringify([session.logs.filter((l) => !l.startsWith('Not following')), [...session.diagnostics.values()]]);
    assert.doesNotMatch(JSON.stringify(session.logs), new RegExp(SECRET));
    assert.doesNotMatch(everything, new RegExp(SECRET));
    assert.ok(!everything.includes(outside), 'nothing but the not-followed install-path names the other project');
    assert.ok(session.logs.some((l) => l === `Not following ${path.join(outside, 'app/code/Far/Away')}: it lies outside the workspace folders and search paths.`), session.logs.join(' | '));
    for (const l of links) assert.equal(session.logs.filter((m) => m.includes(l)).length, 1, `${l} logged once: ${session.logs.join(' | ')}`);
  } finally {
    await session.close();
  }
});

// The module object itself, as the loader sees it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

test('the size is checked before reading: a 500 MB acl.xml on disk is not read', async () => {
  const root = tempDir('size');
  writeTree(root, { 'app/code/Acme/Big/etc/acl.xml': ACL('Acme_Big::x') });
  const big = path.join(root, 'app/code/Acme/Big/etc/acl.xml');
  truncateSync(big, 500 * 1024 * 1024); // sparse: costs no disk
  const logs: string[] = [];
  const index = new WorkspaceIndex();
  const loader = new WorkspaceLoader(index, () => false, (m) => logs.push(m));
  // Bytes the loader reads, by whichever call it reads them with.
  let bytesRead = 0;
  const readFileSync = fs.readFileSync;
  const readSync = fs.readSync;
  (fs as { readFileSync: unknown }).readFileSync = (...args: Parameters<typeof readFileSync>) => {
    const r = readFileSync(...args);
    bytesRead += typeof r === 'string' ? r.length : r.length;
    return r;
  };
  (fs as { readSync: unknown }).readSync = (...args: Parameters<typeof readSync>) => {
    const n = readSync(...args);
    bytesRead += n;
    return n;
  };
  try {
    await loader.loadFolder(root);
    await loader.refreshFile(big);
  } finally {
    (fs as { readFileSync: unknown }).readFileSync = readFileSync;
    (fs as { readSync: unknown }).readSync = readSync;
  }
  assert.ok(bytesRead < 1024 * 1024, `${bytesRead.toLocaleString('en-US')} bytes read`);
  assert.equal(index.get(uriOf(big)), undefined);
  assert.equal(logs.length, 1, logs.join(' | '));
  assert.match(logs[0], /524,288,000 bytes is too large for a Magento configuration file/);
});

test('UTF-16 files (either byte order, with a BOM) and CR-only files on disk are read as what they are', async () => {
  const root = tempDir('encodings');
  const declared = (id: string) => `<?xml version="1.0" encoding="UTF-16"?>\n${ACL(id)}\n`;
  const be = Buffer.from(`\uFEFF${declared('Acme_Be::x')}`, 'utf16le').swap16();
  writeTree(root, {
    'app/code/Acme/Le/etc/acl.xml': Buffer.from(`\uFEFF${declared('Acme_Le::x')}`, 'utf16le'),
    'app/code/Acme/Be/etc/acl.xml': be,
    'app/code/Acme/Cr/etc/integration/api.xml': apiXml('            <resource name="Acme_Le::x"/>\n            <resource name="Acme_Be::x"/>\n').replace(/\n/g, '\r'),
    'app/code/Acme/Cr/etc/integration/config.xml': configXml('Acme').replace(/\n/g, '\r'),
  });
  const service = getLanguageService();
  await new WorkspaceLoader(service.index).loadFolder(root);
  assert.ok(service.index.acl.get('Acme_Le::x'), 'UTF-16LE');
  assert.ok(service.index.acl.get('Acme_Be::x'), 'UTF-16BE');
  const api = service.index.get(uriOf(path.join(root, 'app/code/Acme/Cr/etc/integration/api.xml')))!;
  const diagnostics = service.doValidation(doc(api.uri, api.text));
  assert.deepEqual(diagnostics.map((d) => d.code), [], JSON.stringify(diagnostics));
});
