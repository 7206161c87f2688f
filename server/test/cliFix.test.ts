/**
 * magento-integration-check --fix on copies of the corpus's third-party modules (read-only originals in
 * ../shared/corpus; CI must have them, elsewhere the corpus tests are skipped when they are absent) and of
 * the example module: the result equals the language service's own safe fixes, a second run changes
 * nothing, files are written in place and only when changed, and --dry-run prints a diff that `git
 * apply` turns into exactly the same files.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../src/service/languageService';
import { uriOf, WorkspaceLoader } from '../src/node/workspaceLoader';
import { bundledCatalog, bundledSchemas, corpusRoot, trackTemporaries } from './helpers';

/** Temporary folders of this file, removed when its tests are done. */
const temporary = trackTemporaries();


const corpus = corpusRoot();
if (!corpus && process.env.CI) throw new Error('../shared/corpus is missing: the corpus tests must run in CI');
const skip = corpus ? false : 'corpus not found at ../shared/corpus';

const SERVER = path.resolve(__dirname, '..', '..');
const BIN = path.join(SERVER, 'bin', 'magento-integration-check');
const EXAMPLES = path.resolve(SERVER, '..', 'examples');

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], cwd: string, prefix: string[] = []): Run {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const command = [...prefix, process.execPath, BIN, ...args];
  const r = spawnSync(command[0], command.slice(1), { cwd, env, encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `root` (relative path -> content), for before/after comparisons. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}

function copyOf(source: string, name: string): string {
  const root = temporary(mkdtempSync(path.join(tmpdir(), 'mic-fix-')));
  cpSync(source, path.join(root, name), { recursive: true });
  // The corpus is read-only on CI: the copies must be writable.
  const makeWritable = (p: string) => {
    chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) makeWritable(path.join(p, e));
  };
  makeWritable(path.join(root, name));
  return root;
}

/**
 * What the server's quick-fixes make of the same workspace: the language service's getSafeFixes for each
 * file in turn (sorted, as the CLI goes), each fixed text synced into the index before the next file.
 */
async function serverFixes(folder: string): Promise<Map<string, string>> {
  const service = getLanguageService({ catalog: bundledCatalog(), schemas: bundledSchemas() });
  const files = (await new WorkspaceLoader(service.index).loadFolder(folder)).sort();
  const out = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const document = TextDocument.create(uriOf(file), 'xml', 1, text);
    const fixed = TextDocument.applyEdits(document, service.getSafeFixes(document));
    service.doValidation(TextDocument.create(document.uri, 'xml', 2, fixed));
    out.set(file, fixed);
  }
  return out;
}

type JsonReport = {
  exitCode: number;
  summary: { fixed: number };
  files: Array<{ path: string; fix: null | { written: boolean; edits: number; inserted: number; removed: number; resolved: Record<string, number>; diff?: string } }>;
  findings: Array<{ path: string; code: string }>;
};

test('--fix on the corpus equals the server\'s quick-fixes; twice changes nothing; in place, only changed files', { skip }, async () => {
  const cwd = copyOf(path.join(corpus!, 'thirdparty'), 'thirdparty');
  const folder = path.join(cwd, 'thirdparty');
  const before = snapshot(folder);
  const expected = await serverFixes(folder);
  const stats = new Map([...before.keys()].map((f) => [f, statSync(path.join(folder, f))]));

  const run = cli(['--fix', '-f', 'json', 'thirdparty'], cwd);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  assert.equal(run.stderr, '');
  const report = JSON.parse(run.stdout) as JsonReport;
  const after = snapshot(folder);

  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file added (no temporary file left) or removed');
  let changed = 0;
  for (const [file, text] of after) {
    const full = path.join(folder, file);
    const want = expected.get(full) ?? before.get(file)!;
    assert.equal(text, want, `${file} equals the server's safe fixes`);
    // In place (issue 15): the same inode, so mode, owner and hard links stay.
    assert.equal(statSync(full).ino, stats.get(file)!.ino, `${file} is the same file`);
    if (text !== before.get(file)) changed++;
    else assert.equal(statSync(full).mtimeMs, stats.get(file)!.mtimeMs, `${file} was not rewritten`);
  }
  assert.ok(changed >= 15, `--fix changed ${changed} files`);
  assert.equal(report.summary.fixed, changed);
  const resolved: Record<string, number> = {};
  for (const f of report.files) for (const [code, n] of Object.entries(f.fix?.resolved ?? {})) resolved[code] = (resolved[code] ?? 0) + n;
  assert.ok(resolved['missing-parent'] > 0 && resolved['duplicate-resource'] === 6 && resolved['redundant-root'] > 0, JSON.stringify(resolved));
  assert.ok(report.files.every((f) => !f.fix || (f.fix.written && f.fix.edits > 0 && f.fix.diff === undefined)));
  // What is reported is what remains: no safe-fixable finding is left.
  assert.deepEqual(report.findings.filter((f) => ['duplicate-resource', 'redundant-root'].includes(f.code) || (f.code === 'missing-parent' && f.path.endsWith('api.xml'))), []);

  const mtimesAfter = new Map([...after.keys()].map((f) => [f, statSync(path.join(folder, f)).mtimeMs]));
  const again = cli(['--fix', '-f', 'json', 'thirdparty'], cwd);
  assert.equal(again.code, run.code);
  assert.equal((JSON.parse(again.stdout) as JsonReport).summary.fixed, 0);
  assert.deepEqual(snapshot(folder), after, 'a second --fix changes nothing');
  for (const file of after.keys()) assert.equal(statSync(path.join(folder, file)).mtimeMs, mtimesAfter.get(file), `${file} not rewritten by the second run`);
});

test('--fix --dry-run changes no file and prints a unified diff that git apply turns into the --fix result', { skip }, () => {
  const fixedCwd = copyOf(path.join(corpus!, 'thirdparty'), 'thirdparty');
  cli(['--fix', '-q', 'thirdparty'], fixedCwd);
  const fixed = snapshot(path.join(fixedCwd, 'thirdparty'));

  const cwd = copyOf(path.join(corpus!, 'thirdparty'), 'thirdparty');
  const before = snapshot(path.join(cwd, 'thirdparty'));
  const run = cli(['--fix', '--dry-run', 'thirdparty'], cwd);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  assert.deepEqual(snapshot(path.join(cwd, 'thirdparty')), before, 'dry run: nothing written');
  assert.match(run.stdout, /^--- a\/thirdparty\/.+\/etc\/integration\/api\.xml\n\+\+\+ b\/thirdparty\/.+\/etc\/integration\/api\.xml\n@@ /m);
  assert.match(run.stdout, /^Would fix thirdparty\/\S+: \d+ missing-parent/m);

  const json = JSON.parse(cli(['--fix', '--dry-run', '-f', 'json', 'thirdparty'], cwd).stdout) as JsonReport;
  const diffs = json.files.filter((f) => f.fix).map((f) => f.fix!.diff!);
  assert.ok(diffs.length >= 15 && diffs.every((d) => d.startsWith('--- a/thirdparty/')));
  assert.ok(json.files.every((f) => !f.fix || f.fix.written === false));
  for (const diff of diffs) assert.ok(run.stdout.includes(diff), 'text and json carry the same diff');

  const patch = spawnSync('git', ['apply', '--whitespace=nowarn', '-'], { cwd, input: diffs.join(''), encoding: 'utf8' });
  assert.equal(patch.status, 0, patch.stderr);
  assert.deepEqual(snapshot(path.join(cwd, 'thirdparty')), fixed, 'the diff applied equals --fix');
});

test('--fix on the example module: reports what it changed; text output; then nothing left to fix', () => {
  const cwd = copyOf(EXAMPLES, 'examples');
  const api = path.join(cwd, 'examples/app/code/Acme/OrderSync/etc/integration/api.xml');
  const original = readFileSync(api, 'utf8');
  chmodSync(api, 0o640);
  const run = cli(['--fix', 'examples'], cwd);
  assert.equal(run.code, 1, 'unknown ids remain: not safe to fix');
  assert.match(run.stdout, /^Fixed examples\/app\/code\/Acme\/OrderSync\/etc\/integration\/api\.xml: 3 missing-parent \(5 <resource> inserted\)\.$/m);
  assert.doesNotMatch(run.stdout, /missing-parent Magento_Sales/);
  const text = readFileSync(api, 'utf8');
  assert.notEqual(text, original);
  assert.match(text, /<resource name="Magento_Sales::sales"\/>\n {12}<resource name="Magento_Sales::sales_operation"\/>/);
  assert.equal(statSync(api).mode & 0o777, 0o640, 'permissions kept');
  const again = cli(['--fix', 'examples'], cwd);
  assert.doesNotMatch(again.stdout, /^Fixed/m);
  assert.equal(readFileSync(api, 'utf8'), text);
});

/**
 * Runs as an unprivileged user when we are root (root reads and writes files whatever their mode), if that
 * user can run the checkout's executable at all (a checkout under a private home folder it cannot).
 */
function unprivileged(): string[] | undefined {
  if (process.getuid?.() !== 0) return [];
  if (!existsSync('/usr/bin/setpriv')) return undefined;
  const prefix = ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  const probe = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, BIN, '--version'], { encoding: 'utf8' });
  return probe.status === 0 ? prefix : undefined;
}
const unprivilegedSkip = unprivileged() ? false : 'running as root, and no unprivileged user (setpriv, nobody) can run the checkout';

test('--fix: a file that cannot be written is an I/O error (exit 2) and is reported as it is on disk', { skip: unprivilegedSkip }, () => {
  const cwd = copyOf(EXAMPLES, 'examples');
  chmodSync(cwd, 0o755);
  const etc = path.join(cwd, 'examples/app/code/Acme/OrderSync/etc/integration');
  chmodSync(path.join(etc, 'api.xml'), 0o444);
  const before = snapshot(cwd);
  const run = cli(['--fix', 'examples'], cwd, unprivileged());
  assert.equal(run.code, 2);
  assert.match(run.stderr, /error: cannot write examples\/app\/code\/Acme\/OrderSync\/etc\/integration\/api\.xml: permission denied/);
  assert.match(run.stdout, /missing-parent Magento_Sales::reorder/, 'the unfixed findings are still reported');
  assert.doesNotMatch(run.stdout, /^Fixed/m);
  assert.deepEqual(snapshot(cwd), before, 'nothing written, no temporary file left');
});
