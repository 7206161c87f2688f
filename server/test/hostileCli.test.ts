/**
 * Issue 15, magento-integration-check --fix on files it must not damage (a change saved while it runs, a
 * file in ISO-8859-1 or with bytes that are not its encoding, a read-only file, a file with hard links and
 * another owner), output a workspace can inject workflow commands into (--format github), and, from issue
 * 14, --fix --dry-run patches that `git apply` and `patch -p1` accept whatever path was given.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { apiXml, CHECK_BIN, configXml, runCli, trackTemporaries, writeTree } from './helpers';

const temporary = trackTemporaries();
const tempDir = (name: string) => temporary(realpathSync(mkdtempSync(path.join(tmpdir(), `mic-hostile-${name}-`))));

const REORDER = '            <resource name="Magento_Sales::reorder"/>\n';
const PARENTS = /<resource name="Magento_Sales::sales"\/>/;
const isRoot = process.getuid?.() === 0;

test('--fix keeps a change saved while it runs: that file is left as saved, and said not fixed', async () => {
  const root = tempDir('race');
  const files: Record<string, string> = {};
  // Enough files that --fix takes a while: the last one is changed once the first is fixed.
  // (Each its own integration: Magento merges integrations of one name, so fixing one would fix them all.)
  for (let i = 0; i < 1500; i++) files[`app/code/A${String(i).padStart(4, '0')}/M/etc/integration/api.xml`] = apiXml(REORDER, `I${i}`);
  files['app/code/Zzz/Last/etc/integration/api.xml'] = apiXml(REORDER, 'Last');
  writeTree(root, files);
  const first = path.join(root, 'app/code/A0000/M/etc/integration/api.xml');
  const last = path.join(root, 'app/code/Zzz/Last/etc/integration/api.xml');
  const saved = apiXml('            <resource name="Magento_Sales::sales"/>\n            <!-- saved by the user -->\n', 'Last');

  const child = spawn(process.execPath, [CHECK_BIN, '--fix', '-q', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let changedDuringRun = false;
  const deadline = Date.now() + 120_000;
  while (child.exitCode === null && Date.now() < deadline) {
    if (PARENTS.test(readFileSync(first, 'utf8'))) {
      writeFileSync(last, saved);
      changedDuringRun = child.exitCode === null;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const code = await exited;
  assert.ok(changedDuringRun, 'the change was saved while --fix ran');
  assert.equal(readFileSync(last, 'utf8'), saved, 'the saved change is kept');
  assert.equal(code, 2);
  assert.match(stderr, /error: not fixed app\/code\/Zzz\/Last\/etc\/integration\/api\.xml: it changed since it was read/);
  assert.match(readFileSync(path.join(root, 'app/code/A1499/M/etc/integration/api.xml'), 'utf8'), PARENTS, 'the others are fixed');
});

test('--fix writes a file in its declared encoding, and leaves one it cannot write back exactly as it is', () => {
  const root = tempDir('encodings');
  const declare = (encoding: string) => apiXml(REORDER, encoding).replace('<?xml version="1.0"?>', `<?xml version="1.0" encoding="${encoding}"?>\n<!-- Société Générale -->`);
  const latin1 = Buffer.from(declare('ISO-8859-1'), 'latin1');
  const cp1252 = Buffer.from(declare('windows-1252').replace('Générale', 'Générale ‰'), 'latin1');
  const [head, tail] = apiXml(REORDER, 'Invalid').split('<integrations>');
  const invalid = Buffer.concat([Buffer.from(`${head}<!-- `), Buffer.from([0xff, 0xfe]), Buffer.from(` -->\n<integrations>${tail}`)]);
  const utf16 = Buffer.from(`\uFEFF${declare('UTF-16')}`, 'utf16le');
  const files = {
    'app/code/Latin/One/etc/integration/api.xml': latin1,
    'app/code/Ansi/One/etc/integration/api.xml': cp1252,
    'app/code/Broken/One/etc/integration/api.xml': invalid,
    'app/code/Wide/One/etc/integration/api.xml': utf16,
  };
  writeTree(root, files);
  const run = runCli(['--fix', '.'], { cwd: root });
  assert.equal(run.code, 2, run.stderr);
  const bytes = (p: string) => readFileSync(path.join(root, p));

  const fixedLatin1 = bytes('app/code/Latin/One/etc/integration/api.xml');
  assert.match(fixedLatin1.toString('latin1'), PARENTS, 'ISO-8859-1: fixed');
  assert.equal(fixedLatin1.toString('latin1').replace(/ *<resource name="Magento_Sales::(sales|sales_operation|sales_order|actions)"\/>\n/g, ''), latin1.toString('latin1'), 'every other byte as it was (é is still 0xE9)');
  const fixedUtf16 = bytes('app/code/Wide/One/etc/integration/api.xml');
  assert.deepEqual([...fixedUtf16.subarray(0, 2)], [0xff, 0xfe], 'UTF-16LE keeps its BOM');
  assert.match(fixedUtf16.toString('utf16le'), PARENTS, 'UTF-16LE: fixed, in UTF-16LE');

  assert.deepEqual(bytes('app/code/Ansi/One/etc/integration/api.xml'), cp1252, 'windows-1252: untouched');
  assert.match(run.stderr, /not fixed app\/code\/Ansi\/One\/etc\/integration\/api\.xml: its declared encoding windows-1252 cannot be written back exactly/);
  assert.deepEqual(bytes('app/code/Broken/One/etc/integration/api.xml'), invalid, 'invalid UTF-8: untouched');
  assert.match(run.stderr, /not fixed app\/code\/Broken\/One\/etc\/integration\/api\.xml: its bytes are not valid UTF-8/);
});

test('--fix refuses a read-only file (as root too) unless --fix-read-only; mode, owner and hard links stay', () => {
  const root = tempDir('modes');
  writeTree(root, {
    'app/code/Read/Only/etc/integration/api.xml': apiXml(REORDER, 'Read-only'),
    'app/code/Other/Owner/etc/integration/api.xml': apiXml(REORDER, 'Owned'),
  });
  const readOnly = path.join(root, 'app/code/Read/Only/etc/integration/api.xml');
  const owned = path.join(root, 'app/code/Other/Owner/etc/integration/api.xml');
  chmodSync(readOnly, 0o444);
  chmodSync(owned, 0o640);
  if (isRoot) chownSync(owned, 65534, 65534);
  const hardLink = path.join(root, 'elsewhere.xml');
  linkSync(owned, hardLink);
  const before = statSync(owned);

  const run = runCli(['--fix', '.'], { cwd: root });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /error: not fixed app\/code\/Read\/Only\/etc\/integration\/api\.xml: it is read-only \(--fix-read-only writes it anyway\)/);
  assert.doesNotMatch(readFileSync(readOnly, 'utf8'), PARENTS, 'the read-only file is not written');
  const after = statSync(owned);
  assert.match(readFileSync(hardLink, 'utf8'), PARENTS, 'the fix reaches every hard link (the same file)');
  assert.deepEqual([after.ino, after.nlink, after.mode & 0o7777, after.uid, after.gid], [before.ino, 2, 0o640, before.uid, before.gid]);

  const forced = runCli(['--fix', '--fix-read-only', '.'], { cwd: root });
  assert.equal(forced.code, 1, forced.stderr);
  assert.match(readFileSync(readOnly, 'utf8'), PARENTS);
  assert.equal(statSync(readOnly).mode & 0o777, 0o444, 'and it stays read-only');
  assert.equal(runCli(['--fix-read-only', '.'], { cwd: root }).code, 2, '--fix-read-only goes with --fix');
});

test('--format github: paths with a newline inject no workflow command, on stdout or stderr', () => {
  const root = tempDir('github');
  const evil = 'evil\n::error file=x::injected';
  writeTree(root, {
    [`${evil}/etc/integration/api.xml`]: apiXml(REORDER),
    [`${evil}/etc/integration/config.xml`]: configXml('Acme'),
    [`${evil}/etc/acl.xml`]: 'this is not XML',
  });
  for (const extra of [['--fix', '--dry-run'], ['--fix'], []]) {
    const run = runCli(['-f', 'github', ...extra, '.'], { cwd: root });
    const lines = `${run.stdout}\n${run.stderr}`.split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    assert.ok(commands.length > 0, 'the findings are annotations');
    for (const c of commands) assert.match(c, /^::(error|warning|notice) file=evil%0A%3A%3Aerror file=x%3A%3Ainjected\//, `only our annotations: ${c}`);
    assert.ok(!lines.some((l) => /^\s*::error file=x::injected/.test(l)), `${extra.join(' ')}: nothing injected:\n${lines.join('\n')}`);
  }
});

test('--fix --dry-run: patch paths relative to the working directory, which git apply and patch -p1 accept for any form of the path', () => {
  const repo = tempDir('patch');
  writeTree(repo, {
    'module/etc/integration/api.xml': apiXml(REORDER),
    'module/etc/integration/config.xml': configXml('Acme'),
    'module/etc/acl.xml': '<config><acl><resources><resource id="Magento_Backend::admin" title="Admin"/></resources></acl></config>\n',
    'sub/.keep': '',
  });
  const git = (args: string[], cwd: string, input?: string) => spawnSync('git', args, { cwd, input, encoding: 'utf8' });
  git(['init', '-q'], repo);
  git(['add', '.'], repo);
  git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'module'], repo);
  const header = '--- a/module/etc/integration/api.xml\n+++ b/module/etc/integration/api.xml\n';
  for (const given of ['module', './module', path.join(repo, 'module'), 'module/etc', 'module/etc/integration/api.xml', `../${path.basename(repo)}/module`]) {
    const run = runCli(['--fix', '--dry-run', '-q', given], { cwd: repo });
    assert.ok(run.stdout.includes(header), `${given}:\n${run.stdout}`);
    const diff = run.stdout.slice(run.stdout.indexOf('--- a/'));
    const check = git(['apply', '--check', '-'], repo, diff);
    assert.equal(check.status, 0, `git apply, ${given}: ${check.stderr}`);
    const patch = spawnSync('patch', ['-p1', '--dry-run'], { cwd: repo, input: diff, encoding: 'utf8' });
    assert.equal(patch.status, 0, `patch -p1, ${given}: ${patch.stdout}${patch.stderr}`);
  }
  // Outside the working directory: `../`, never `a//abs/path`; git applies it when told the path may leave the folder.
  const sub = path.join(repo, 'sub');
  mkdirSync(sub, { recursive: true });
  const outside = runCli(['--fix', '--dry-run', '-q', '../module'], { cwd: sub });
  assert.ok(outside.stdout.includes('--- a/../module/etc/integration/api.xml\n+++ b/../module/etc/integration/api.xml\n'), outside.stdout);
  const check = git(['apply', '--check', '--unsafe-paths', '-'], sub, outside.stdout.slice(outside.stdout.indexOf('--- a/')));
  assert.equal(check.status, 0, check.stderr);
  // The summary counts the files with findings among those checked.
  assert.match(runCli(['module'], { cwd: repo }).stdout, /^\d+ problems? \(.*\) in 1 of 3 files; /m);
});
