/**
 * magento-integration-check as a person with only Node gets it: scripts/pack-cli.mjs packs the tarball, npm
 * installs it into an empty folder offline (the registry set to an address nothing answers, so any download
 * would fail), and npx runs it there, away from the repository. Its findings on the example module and on a
 * corpus module must equal those of the CLI compiled from the sources (server/out, not the bundle). The
 * packaged language server must answer `initialize`. Then the GitHub Action (action.yml, executed by
 * scripts/run-action.mjs as the runner would) from the repository, from the installed package and installing
 * the tarball itself, and the pre-commit hook (.pre-commit-hooks.yaml) through `pre-commit try-repo`.
 * CI has the corpus and pre-commit: there their absence fails the run instead of skipping.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { run } from '../src/cli/main';
import { corpusRoot } from './helpers';

const REPO = path.resolve(__dirname, '..', '..', '..');
const corpus = corpusRoot();
if (!corpus && process.env.CI) throw new Error('../shared/corpus is missing: the corpus tests must run in CI');
const CORPUS_MODULE = corpus && path.join(corpus, 'thirdparty', 'JustunoCom__magento-2-v4');
const hasPreCommit = !spawnSync('pre-commit', ['--version']).error;
if (!hasPreCommit && process.env.CI) throw new Error('pre-commit is missing: .ci/run installs it (apt pre-commit)');

/** npm and npx with no way to reach a registry. */
const OFFLINE = { npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

let scratch: string;
let tarball: string;
let consumer: string;
let installed: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const script = (name: string): Promise<any> => import(pathToFileURL(path.join(REPO, 'scripts', name)).href);

function sh(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28, ...options, env: { ...process.env, ...OFFLINE, ...options.env } });
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}

before(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'cli-package-'));
  tarball = (await script('pack-cli.mjs')).packCli(path.join(scratch, 'pack'));
  consumer = path.join(scratch, 'consumer');
  mkdirSync(consumer);
  const install = sh('npm', ['install', tarball], { cwd: consumer });
  assert.equal(install.code, 0, `npm install of the tarball, offline: ${install.stderr}`);
  installed = path.join(consumer, 'node_modules', 'magento-integration-check');
});

after(() => rmSync(scratch, { recursive: true, force: true }));

test('the package: bins, bundles, data, docs, licence and notices; no dependencies, no sources, no maps, small', () => {
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  const server = JSON.parse(readFileSync(path.join(REPO, 'server', 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'magento-integration-check');
  assert.equal(manifest.version, server.version);
  assert.deepEqual(Object.keys(manifest.bin).sort(), ['magento-integration-check', 'magento-integration-ls']);
  for (const field of ['dependencies', 'devDependencies', 'scripts']) assert.equal(manifest[field], undefined, field);
  const listing = sh('tar', ['-tzf', tarball]).stdout.trim().split('\n').sort();
  for (const file of ['bin/magento-integration-check', 'bin/magento-integration-ls', 'dist/cli-main.js', 'dist/server-main.js', 'dist/tolerant-parser.js',
    'dist/data/magento-catalog.json', 'dist/data/magento-schemas.json', 'LICENSE', 'THIRD-PARTY-NOTICES.md', 'README.md', 'docs/cli.md', 'action.yml']) {
    assert.ok(listing.includes(`package/${file}`), `${file} is in the package`);
  }
  for (const file of listing) assert.doesNotMatch(file, /\.(ts|map)$|\/(src|test|out|node_modules)\//, file);
  assert.ok(readFileSync(tarball).length < 400 * 1024, `${readFileSync(tarball).length} bytes`);
});

/** The JSON report of the source CLI (server/out) run in-process from `cwd`. */
async function sourceReport(args: string[], cwd: string) {
  let stdout = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, env: {}, cwd };
  const code = await run(args, io);
  return { code, report: JSON.parse(stdout) };
}

for (const [label, target] of [['the example module', path.join(REPO, 'examples')], ['a corpus module', CORPUS_MODULE]] as const) {
  test(`npx magento-integration-check in an empty folder finds what the source CLI finds: ${label}`, { skip: target ? false : 'corpus not found at ../shared/corpus' }, async () => {
    const args = ['--format', 'json', '--severity', 'warning', target!];
    const packaged = sh('npx', ['--offline', 'magento-integration-check', ...args], { cwd: consumer });
    assert.equal(packaged.error, undefined);
    const source = await sourceReport(args, consumer);
    const report = JSON.parse(packaged.stdout);
    assert.ok(report.findings.length > 0, 'the module has findings');
    assert.equal(packaged.code, source.code);
    assert.equal(packaged.code, 1);
    assert.deepEqual(report.findings, source.report.findings);
    assert.deepEqual(report.summary, source.report.summary);
    assert.deepEqual(report.files, source.report.files);
    assert.deepEqual(report.catalog, source.report.catalog);
    assert.equal(report.aclResources, source.report.aclResources);
    assert.equal(report.tool.version, source.report.tool.version);
  });
}

test('npx magento-integration-check --version names the package version and the bundled catalog', () => {
  const r = sh('npx', ['--offline', 'magento-integration-check', '--version'], { cwd: consumer });
  const version = JSON.parse(readFileSync(path.join(REPO, 'server', 'package.json'), 'utf8')).version;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^magento-integration-check ${version.replace(/\./g, '\\.')} \\(bundled catalog: Magento Open Source 2\\.4\\.7-p1\\)`));
});

test('the packaged magento-integration-ls answers initialize over stdio', async () => {
  const child = spawn(process.execPath, [path.join(consumer, 'node_modules', '.bin', 'magento-integration-ls'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  try {
    const result = await connection.sendRequest<{ capabilities: { completionProvider?: { triggerCharacters?: string[] }; codeActionProvider?: unknown } }>('initialize', {
      processId: process.pid, rootUri: pathToFileURL(path.join(REPO, 'examples')).href, capabilities: {}, workspaceFolders: null,
    });
    assert.ok(result.capabilities.completionProvider, 'completion');
    assert.ok(result.capabilities.codeActionProvider, 'code actions');
    await connection.sendRequest('shutdown');
    connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 0);
  } finally {
    connection.dispose();
    child.kill();
  }
});

/** The GitHub Action of actionDir, run on `paths` from the repository root with `inputs`. */
async function action(actionDir: string, inputs: Record<string, string>) {
  const { runAction } = await script('run-action.mjs');
  return runAction({ actionDir, inputs, cwd: REPO, stdio: 'pipe', env: OFFLINE }) as { code: number; outputs: Record<string, string>; stdout: string; stderr: string };
}

const annotations = (stdout: string) => stdout.split('\n').filter((line) => /^::(error|warning|notice) /.test(line));

test('the GitHub Action from the repository: annotations, a SARIF file, the exit code as output', async () => {
  const sarif = path.join(scratch, 'action.sarif');
  const r = await action(REPO, { paths: 'examples', sarif });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.outputs['exit-code'], '1');
  assert.equal(r.outputs.sarif, sarif);
  const lines = annotations(r.stdout);
  const json = await sourceReport(['--format', 'json', 'examples'], REPO);
  assert.equal(lines.length, json.report.findings.length);
  assert.ok(lines.some((l) => l.startsWith('::warning file=examples/app/code/Acme/OrderSync/etc/integration/api.xml,line=6,') && l.includes('title=missing-parent')), lines.join('\n'));
  const log = JSON.parse(readFileSync(sarif, 'utf8'));
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0].results.length, json.report.findings.length);
  assert.equal(log.runs[0].tool.driver.informationUri, undefined, 'no link to a page that does not exist');
});

test('the GitHub Action: severity off passes, text format, several paths, and bad inputs fail with an error annotation', async () => {
  const clean = await action(REPO, { paths: 'examples/app/code/Acme/ProductFeed\nexamples/app/code/Acme/OrderSync', severity: 'off', format: 'text' });
  assert.equal(clean.code, 0, clean.stderr);
  assert.equal(clean.outputs['exit-code'], '0');
  assert.match(clean.stdout, /ProductFeed\/etc\/integration\.xml:10:29 warning unknown-resource/);
  assert.match(clean.stdout, /OrderSync\/etc\/integration\/api\.xml:6:29 warning missing-parent/);
  const errorsOnly = await action(REPO, { paths: 'examples', severity: 'error' });
  assert.equal(errorsOnly.code, 0, 'the example module has warnings, no errors');
  const bad = await action(REPO, { paths: 'examples', format: 'xml' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /::error title=magento-integration-check::format "xml" is not one of github, text, json, sarif/);
});

test('the GitHub Action from the installed package (uses: ./node_modules/magento-integration-check) and installing the tarball itself', async () => {
  const fromPackage = await action(installed, { paths: 'examples' });
  assert.equal(fromPackage.code, 1, fromPackage.stderr);
  const fromRepo = await action(REPO, { paths: 'examples' });
  assert.deepEqual(annotations(fromPackage.stdout), annotations(fromRepo.stdout));
  // Neither layout beside action.yml: the `package` input (here the tarball) is installed first.
  const bare = path.join(scratch, 'bare-action');
  mkdirSync(bare);
  cpSync(path.join(REPO, 'action.yml'), path.join(bare, 'action.yml'));
  cpSync(path.join(REPO, 'action'), path.join(bare, 'action'), { recursive: true });
  const fromTarball = await action(bare, { paths: 'examples', package: tarball });
  assert.equal(fromTarball.code, 1, fromTarball.stderr);
  assert.deepEqual(annotations(fromTarball.stdout), annotations(fromRepo.stdout));
});

test('the pre-commit hook checks the staged files with the project\'s installed package', { skip: hasPreCommit ? false : 'pre-commit is not installed (apt pre-commit)' }, () => {
  const project = path.join(scratch, 'pre-commit-project');
  cpSync(path.join(REPO, 'examples'), project, { recursive: true });
  cpSync(path.join(consumer, 'node_modules'), path.join(project, 'node_modules'), { recursive: true });
  writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
  const git = (...args: string[]) => sh('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: project });
  assert.equal(git('init', '-q').code, 0);
  assert.equal(git('add', '.').code, 0);
  // try-repo commits uncommitted changes of REPO in a scratch clone: it needs an identity wherever it runs.
  const env = { PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const file = 'app/code/Acme/ProductFeed/etc/integration.xml';
  const hook = sh('pre-commit', ['try-repo', REPO, 'magento-integration-check', '--files', file], { cwd: project, env });
  assert.equal(hook.code, 1, hook.stdout + hook.stderr);
  assert.match(hook.stdout, /Magento 2 integration, ACL and web API files\.+Failed/);
  assert.match(hook.stdout, /integration\.xml:10:29 warning unknown-resource Magento_Cataloginventory::cataloginventory/);
  // A file the hook's pattern does not match is not passed to it.
  const other = sh('pre-commit', ['try-repo', REPO, 'magento-integration-check', '--files', 'app/code/Acme/OrderSync/etc/module.xml'], { cwd: project, env });
  assert.equal(other.code, 0, other.stdout + other.stderr);
  assert.match(other.stdout, /\(no files to check\)Skipped/);
  // docs/cli.md's `repo: local` configuration, verbatim, run by `pre-commit run` on the staged files.
  const doc = readFileSync(path.join(REPO, 'docs', 'cli.md'), 'utf8');
  const config = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((block) => block.includes('repo: local'));
  assert.ok(config, 'docs/cli.md has a pre-commit configuration');
  writeFileSync(path.join(project, '.pre-commit-config.yaml'), config);
  assert.equal(git('add', '.').code, 0);
  const documented = sh('pre-commit', ['run', '--files', file, 'app/code/Acme/OrderSync/etc/module.xml'], { cwd: project, env });
  assert.equal(documented.code, 1, documented.stdout + documented.stderr);
  assert.match(documented.stdout, /integration\.xml:10:29 warning unknown-resource Magento_Cataloginventory::cataloginventory/);
  assert.doesNotMatch(documented.stdout, /module\.xml/, 'module.xml is not passed to the hook');
});
