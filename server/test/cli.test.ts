/**
 * magento-integration-check as CI runs it: the built executable spawned as a process, on copies of the
 * example module and on small workspaces written to disk. Every format (json against its own JSON Schema,
 * SARIF against the SARIF 2.1.0 schema), exit codes, options, single files, unreadable and missing paths.
 * --fix on the corpus: cliFix.test.ts.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../src/service/languageService';
import { uriOf, WorkspaceLoader } from '../src/node/workspaceLoader';
import { JSON_REPORT_SCHEMA } from '../src/cli/format/json';
import { escapeData, escapeProperty } from '../src/cli/format/github';
import { createProgress } from '../src/cli/progress';
import { RULES } from '../src/cli/rules';
import { defaultSeverities } from '../src/service/settings';
import { apiXml, bundledCatalog, bundledSchemas, configXml, CORE_ACL, trackTemporaries } from './helpers';

/** Temporary folders of this file, removed when its tests are done. */
const temporary = trackTemporaries();


const SERVER = path.resolve(__dirname, '..', '..');
const BIN = path.join(SERVER, 'bin', 'magento-integration-check');
const EXAMPLES = path.resolve(SERVER, '..', 'examples');

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; prefix?: string[] } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const command = [...(options.prefix ?? []), process.execPath, BIN, ...args];
  const r = spawnSync(command[0], command.slice(1), { cwd: options.cwd ?? SERVER, env, encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return temporary(mkdtempSync(path.join(tmpdir(), 'mic-')));
}

/** A copy of examples/ in a fresh folder (the cwd of the runs), so paths read `examples/...`. */
function examplesCopy(): string {
  const root = tempDir();
  cpSync(EXAMPLES, path.join(root, 'examples'), { recursive: true });
  return root;
}

function write(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
  }
}

const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at .+\(.*:\d+:\d+\)/, 'no stack trace');

const API = 'examples/app/code/Acme/OrderSync/etc/integration/api.xml';
const FEED = 'examples/app/code/Acme/ProductFeed/etc/integration.xml';
/** What the example module must show (README's main job): code, file, line. */
const EXAMPLE_FINDINGS = [
  ['missing-parent', API, 6],
  ['missing-parent', API, 7],
  ['missing-parent', API, 9],
  ['unverifiable-resource', API, 11],
  ['unknown-resource', API, 13],
  ['removed-resource', API, 15],
  ['unverifiable-resource', API, 17],
  ['unknown-resource', FEED, 10],
];

type JsonReport = {
  schemaVersion: number;
  exitCode: number;
  summary: Record<string, number>;
  files: Array<{ path: string; kind: string; findings: number; fixable: boolean; fix: null | Record<string, unknown> }>;
  findings: Array<{ path: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string; related: unknown[] }>;
  errors: string[];
  catalog: null | { inUse: boolean };
};

function json(run: Run): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

// ---------------------------------------------------------------------------------------------------------
// Formats

test('text (default): path:line:col severity code message, source line and caret; plain when not a TTY; exit 1', () => {
  const cwd = examplesCopy();
  const run = cli(['examples'], { cwd });
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stderr, '', 'no progress or warnings on a non-TTY stderr');
  assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colour when stdout is not a TTY');
  const lines = run.stdout.trimEnd().split('\n');
  const heads = lines.filter((l) => /^examples\/\S+:\d+:\d+ /.test(l));
  assert.deepEqual(
    heads.map((l) => { const m = /^(\S+):(\d+):(\d+) (\w+) (\S+) /.exec(l)!; return [m[5], m[1], Number(m[2])]; }),
    EXAMPLE_FINDINGS,
  );
  const first = lines.indexOf(heads[0]);
  assert.match(heads[0], /^examples\/app\/code\/Acme\/OrderSync\/etc\/integration\/api\.xml:6:29 warning missing-parent Magento_Sales::reorder is listed without its parent resources Magento_Sales::sales, /);
  assert.equal(lines[first + 1], ' 6 |             <resource name="Magento_Sales::reorder"/>');
  assert.equal(lines[first + 2], '   |                             ^~~~~~~~~~~~~~~~~~~~~~');
  assert.ok(heads.some((l) => / info unverifiable-resource /.test(l)), 'information reads "info"');
  assert.match(lines.at(-2)!, /^8 problems \(6 warnings, 2 information\) in 2 of 4 files; checked against \d+ ACL resources \(bundled Magento Open Source [\d.]+(-p\d+)? catalog in use\)\.$/);
  assert.match(lines.at(-1)!, /--fix/);
});

test('text: colours with FORCE_COLOR, none with NO_COLOR (which wins)', () => {
  const cwd = examplesCopy();
  const coloured = cli(['examples'], { cwd, env: { FORCE_COLOR: '1' } });
  assert.match(coloured.stdout, /\x1b\[33mwarning\x1b\[39m/);
  assert.match(coloured.stdout, /\x1b\[36minfo\x1b\[39m/);
  const plain = cli(['examples'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.doesNotMatch(plain.stdout, /\x1b\[/);
  assert.equal(plain.stdout, cli(['examples'], { cwd }).stdout);
});

test('json: valid against its documented schema, same findings as the language service itself', async () => {
  const cwd = examplesCopy();
  const run = cli(['--format', 'json', 'examples'], { cwd });
  assert.equal(run.code, 1);
  assert.equal(run.stderr, '');
  const report = json(run);
  const validate = validator(new Ajv({ allErrors: true, strict: true }), JSON_REPORT_SCHEMA);
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.exitCode, 1);
  assert.deepEqual(report.findings.map((f) => [f.code, f.path, f.line]), EXAMPLE_FINDINGS);
  assert.deepEqual(
    { files: report.summary.files, findings: report.summary.findings, warning: report.summary.warning, information: report.summary.information, failing: report.summary.failing },
    { files: 4, findings: 8, warning: 6, information: 2, failing: 6 },
  );
  assert.deepEqual(report.files.map((f) => [f.path, f.kind, f.fixable]), [
    ['examples/app/code/Acme/OrderSync/etc/acl.xml', 'acl', false],
    [API, 'api', true],
    ['examples/app/code/Acme/OrderSync/etc/integration/config.xml', 'config', false],
    [FEED, 'integration', false],
  ]);

  // The same analysis in-process (demo.ts's recipe): identical diagnostics, ranges and messages.
  const service = getLanguageService({ catalog: bundledCatalog(), schemas: bundledSchemas() });
  const files = await new WorkspaceLoader(service.index).loadFolder(path.join(cwd, 'examples'));
  const expected = files
    .filter((f) => !f.endsWith('module.xml'))
    .sort()
    .flatMap((file) => {
      const document = TextDocument.create(uriOf(file), 'xml', 1, readFileSync(file, 'utf8'));
      return service.doValidation(document).map((d) => ({
        path: path.relative(cwd, file),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        code: String(d.code),
        message: d.message,
      }));
    });
  assert.deepEqual(report.findings.map(({ path: p, line, column, endLine, endColumn, code, message }) => ({ path: p, line, column, endLine, endColumn, code, message })), expected);
});

/** A compiled schema as a plain predicate (Ajv's type guard would narrow the parsed JSON to unknown). */
function validator(ajv: { compile(schema: object): { (data: unknown): boolean; errors?: unknown } }, schema: object): { (data: unknown): boolean; errors?: unknown } {
  const compiled = ajv.compile(schema);
  const check = (data: unknown) => {
    const ok = compiled(data) as boolean;
    check.errors = compiled.errors;
    return ok;
  };
  check.errors = undefined as unknown;
  return check;
}

function sarifValidator() {
  const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // The schema is draft-04; its `language` pattern is not valid under the u flag, hence unicodeRegExp: false.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return validator(ajv, JSON.parse(readFileSync(schemaFile, 'utf8')));
}

test('sarif: valid SARIF 2.1.0 (JSON schema), rules with descriptions and help, results with regions', () => {
  const cwd = examplesCopy();
  const run = cli(['--format', 'sarif', 'examples'], { cwd });
  assert.equal(run.code, 1);
  assert.equal(run.stderr, '');
  const log = JSON.parse(run.stdout);
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  // A log that is not SARIF is refused by the same validator (the check has teeth).
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);

  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const [runLog] = log.runs;
  const rules = runLog.tool.driver.rules;
  assert.equal(runLog.tool.driver.name, 'magento-integration-check');
  assert.deepEqual(rules.map((r: { id: string }) => r.id).sort(), Object.keys(defaultSeverities).sort(), 'every diagnostic code is a rule');
  for (const rule of rules) {
    assert.ok(rule.shortDescription.text.length > 10, rule.id);
    assert.ok(rule.fullDescription.text.length > rule.shortDescription.text.length, rule.id);
    assert.ok(rule.help.text.length > 50 && rule.help.markdown.length > 50, rule.id);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
  }
  assert.equal(runLog.originalUriBaseIds['%SRCROOT%'].uri, uriOf(cwd) + '/');
  assert.equal(runLog.invocations[0].executionSuccessful, true);
  const results = runLog.results;
  assert.deepEqual(
    results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
    EXAMPLE_FINDINGS,
  );
  for (const r of results) {
    assert.equal(rules[r.ruleIndex].id, r.ruleId);
    assert.ok(['warning', 'note'].includes(r.level));
    const { artifactLocation, region } = r.locations[0].physicalLocation;
    assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(region.startColumn >= 1 && region.endColumn > region.startColumn && region.endLine === region.startLine);
    assert.ok(r.message.text.length > 20);
  }
  const first = results[0].locations[0].physicalLocation.region;
  assert.deepEqual(first, { startLine: 6, startColumn: 29, endLine: 6, endColumn: 51 });
  assert.equal(results[3].level, 'note', 'information is a note');
});

test('sarif: related locations (acl-conflicting-parent), hints as notes, and a valid log with no result', () => {
  const root = tempDir();
  write(root, {
    'app/code/Acme/A/etc/acl.xml': '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Acme_A::x" title="X one"/></resource></resources></acl></config>',
    'app/code/Acme/B/etc/acl.xml': '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Magento_Sales::sales"><resource id="Acme_A::x" title="X two"/></resource></resource></resources></acl></config>',
    'app/code/Acme/A/etc/integration/api.xml': apiXml('            <resource name="Magento_Backend::admin"/>\n            <resource name="Acme_A::x"/>\n', 'A'),
    'app/code/Acme/A/etc/integration/config.xml': configXml('A'),
  });
  const run = cli(['-f', 'sarif', '.'], { cwd: root });
  const log = JSON.parse(run.stdout);
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const results = log.runs[0].results;
  const conflict = results.find((r: any) => r.ruleId === 'acl-conflicting-parent');
  assert.ok(conflict, JSON.stringify(results.map((r: any) => r.ruleId)));
  assert.equal(conflict.level, 'error');
  assert.ok(conflict.relatedLocations.length >= 1);
  assert.match(conflict.relatedLocations[0].physicalLocation.artifactLocation.uri, /^app\/code\/Acme\/[AB]\/etc\/acl\.xml$/);
  const root_ = results.find((r: any) => r.ruleId === 'redundant-root');
  assert.equal(root_.level, 'note');
  assert.equal(run.code, 1, 'the conflict is an error');

  const clean = tempDir();
  write(clean, { 'etc/acl.xml': '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Acme_Clean::x" title="Fine"/></resource></resources></acl></config>' });
  const none = cli(['-f', 'sarif'], { cwd: clean });
  assert.equal(none.code, 0);
  const empty = JSON.parse(none.stdout);
  assert.ok(validate(empty), JSON.stringify(validate.errors));
  assert.deepEqual(empty.runs[0].results, []);
});

test('github: one workflow command per finding, escaped; notices for information', () => {
  const cwd = examplesCopy();
  const run = cli(['--format', 'github', 'examples'], { cwd });
  assert.equal(run.code, 1);
  const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'));
  assert.equal(commands.length, 8);
  const parsed = commands.map((l) => /^::(error|warning|notice) file=([^,]+),line=(\d+),endLine=(\d+),col=(\d+),endColumn=(\d+),title=([^,:]+)::(.+)$/.exec(l));
  assert.ok(parsed.every(Boolean), commands.join('\n'));
  assert.deepEqual(parsed.map((m) => [m![7].replace(/ \(magento-integration\)$/, ''), m![2], Number(m![3])]), EXAMPLE_FINDINGS);
  assert.deepEqual(parsed.map((m) => m![1]), ['warning', 'warning', 'warning', 'notice', 'warning', 'warning', 'notice', 'warning']);
  assert.deepEqual(parsed[0]!.slice(5, 7).map(Number), [29, 50], 'col and the inclusive endColumn');
  assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
  assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
});

// ---------------------------------------------------------------------------------------------------------
// Exit codes and options

test('exit codes follow --severity; --rule changes levels (code and code@file); --quiet keeps only failing findings', () => {
  const cwd = examplesCopy();
  assert.equal(cli(['examples', '--severity', 'error'], { cwd }).code, 0, 'no errors in the example');
  assert.equal(cli(['examples', '--severity', 'warning'], { cwd }).code, 1);
  assert.equal(cli(['examples', '--severity', 'hint'], { cwd }).code, 1);
  assert.equal(cli(['examples', '--severity', 'off'], { cwd }).code, 0, 'off: report only');
  assert.equal(cli(['examples', '--severity', 'error', '--rule', 'missing-parent=error'], { cwd }).code, 1);

  const off = json(cli(['-f', 'json', 'examples', '--rule', 'missing-parent=off', '-r', 'unverifiable-resource=off'], { cwd }));
  assert.deepEqual(off.findings.map((f) => f.code), ['unknown-resource', 'removed-resource', 'unknown-resource']);
  assert.equal(off.files.find((f) => f.path === API)!.fixable, false, 'no safe fix for a code switched off');

  // integration.xml lists ids without their parents: off by default there, on with the file-qualified key.
  const feed = json(cli(['-f', 'json', 'examples', '--rule', 'missing-parent@integration.xml=error'], { cwd }));
  const feedMissing = feed.findings.filter((f) => f.path === FEED && f.code === 'missing-parent');
  assert.ok(feedMissing.length >= 1 && feedMissing.every((f) => f.severity === 'error'));
  assert.ok(feed.findings.filter((f) => f.path === API && f.code === 'missing-parent').every((f) => f.severity === 'warning'));

  const quiet = cli(['examples', '--quiet', '--severity', 'warning'], { cwd });
  assert.equal(quiet.code, 1);
  assert.doesNotMatch(quiet.stdout, /unverifiable-resource|problems/);
  assert.equal(quiet.stdout.split('\n').filter((l) => l.startsWith('examples/')).length, 6);
  assert.equal(cli(['examples', '-q', '-s', 'error'], { cwd }).stdout, '', 'nothing to say');
});

test('usage errors exit 2 with a message and no stack trace; --help and --version exit 0', () => {
  for (const [args, message] of [
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--format', 'xml'], /--format: "xml" is not a format \(one of text, json, sarif, github\)/],
    [['--severity', 'fatal'], /--severity: "fatal" is not a level/],
    [['--rule', 'missing-parent'], /is not CODE=LEVEL/],
    [['--rule', 'missing-parents=error'], /"missing-parents" is not a diagnostic code/],
    [['--rule', 'missing-parent@foo.xml=error'], /after @ comes a file name/],
    [['--rule', 'schema=loud'], /--rule schema: "loud" is not a level/],
    [['--dry-run'], /--dry-run goes with --fix/],
  ] as Array<[string[], RegExp]>) {
    const run = cli([...args, EXAMPLES]);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.match(run.stderr, /--help/);
    assert.equal(run.stdout, '');
    noStack(run.stderr);
  }
  const help = cli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: magento-integration-check \[options\] \[PATH\.\.\.\]/);
  for (const rule of RULES) assert.ok(help.stdout.includes(rule.code), rule.code);
  const version = cli(['--version']);
  assert.equal(version.code, 0);
  const pkg = JSON.parse(readFileSync(path.join(SERVER, 'package.json'), 'utf8'));
  assert.match(version.stdout, new RegExp(`^magento-integration-check ${pkg.version.replace(/\./g, '\\.')} \\(bundled catalog: Magento Open Source `));
});

test('missing paths and paths that are no Magento file exit 2, naming each', () => {
  const cwd = examplesCopy();
  write(cwd, { 'notes.txt': 'hello', 'etc/di.xml': '<config/>' });
  const run = cli(['examples', 'nope/api.xml', 'also-missing', 'notes.txt', 'etc/di.xml', 'notes.txt/etc/acl.xml'], { cwd });
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '', 'no partial report');
  assert.match(run.stderr, /magento-integration-check: nope\/api\.xml: no such file or directory/);
  assert.match(run.stderr, /magento-integration-check: also-missing: no such file or directory/);
  assert.match(run.stderr, /notes\.txt is not a Magento integration, ACL or web API file/);
  assert.match(run.stderr, /etc\/di\.xml is not a Magento integration, ACL or web API file/);
  assert.match(run.stderr, /notes\.txt\/etc\/acl\.xml: a path component is not a directory/, 'other I/O errors, even as root');
  noStack(run.stderr);
  const root = cli(['examples', '--magento-root', 'missing-root'], { cwd });
  assert.equal(root.code, 2);
  assert.match(root.stderr, /--magento-root missing-root: no such file or directory/);
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

test('unreadable paths exit 2 with a clear message naming them; an unreadable file inside a folder too', { skip: unprivilegedSkip }, () => {
  const prefix = unprivileged()!;
  const cwd = examplesCopy();
  chmodSync(cwd, 0o755);
  const api = path.join(cwd, API);
  chmodSync(api, 0o000);
  const single = cli([API], { cwd, prefix });
  assert.equal(single.code, 2);
  assert.equal(single.stderr, `magento-integration-check: cannot read ${API}: permission denied\n`);
  assert.equal(single.stdout, '');

  const folder = cli(['examples'], { cwd, prefix });
  assert.equal(folder.code, 2, 'an unreadable file in a checked folder is an I/O error');
  assert.match(folder.stderr, /error: Cannot read examples\/app\/code\/Acme\/OrderSync\/etc\/integration\/api\.xml: EACCES: permission denied/);
  assert.match(folder.stdout, /ProductFeed\/etc\/integration\.xml:10:29 warning unknown-resource/, 'the readable files are still checked');
  noStack(folder.stderr);

  chmodSync(api, 0o644);
  const dir = path.join(cwd, 'examples/app/code/Acme/ProductFeed');
  chmodSync(dir, 0o000);
  const locked = cli(['examples/app/code/Acme/ProductFeed'], { cwd, prefix });
  assert.equal(locked.code, 2);
  assert.equal(locked.stderr, 'magento-integration-check: cannot read directory examples/app/code/Acme/ProductFeed: permission denied\n');
  chmodSync(dir, 0o755);
});

test('a single file is checked with its module indexed beside it, and only it is reported', () => {
  const cwd = examplesCopy();
  const whole = json(cli(['-f', 'json', 'examples'], { cwd }));
  const single = json(cli(['-f', 'json', API], { cwd }));
  assert.deepEqual(single.files.map((f) => f.path), [API]);
  // acl.xml of the module (Acme_OrderSync::sync) and config.xml (the integration exists) were indexed.
  assert.deepEqual(single.findings, whole.findings.filter((f) => f.path === API));
  assert.ok(single.findings.some((f) => f.code === 'missing-parent' && f.message.includes('Acme_OrderSync::sync')));
  assert.ok(!single.findings.some((f) => f.code === 'integration-without-config'));

  // The etc/ folder of a module, and a path given from inside it.
  const etc = json(cli(['-f', 'json', 'examples/app/code/Acme/OrderSync/etc/integration'], { cwd }));
  assert.deepEqual(etc.findings, single.findings);
  const inside = json(cli(['-f', 'json', 'integration/api.xml'], { cwd: path.join(cwd, 'examples/app/code/Acme/OrderSync/etc') }));
  assert.deepEqual(inside.findings.map((f) => [f.path, f.line, f.code]), single.findings.map((f) => ['integration/api.xml', f.line, f.code]));
});

test('--magento-root indexes a Magento installation without reporting it; --no-bundled-catalog drops the catalog', () => {
  const root = tempDir();
  write(root, {
    'module/etc/module.xml': '<config><module name="Acme_Sync"/></config>',
    'module/etc/integration/config.xml': configXml('Acme'),
    'module/etc/integration/api.xml': apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="Vendor_Other::top"/>\n'),
    'magento/vendor/vendor/module-other/etc/acl.xml':
      '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Vendor_Other::top" title="Other top"/></resource></resources></acl></config>',
    'magento/vendor/vendor/module-other/etc/integration/api.xml': apiXml('            <resource name="Nope_Nope::x"/>\n', 'Other'),
  });
  const alone = json(cli(['-f', 'json', 'module'], { cwd: root }));
  assert.deepEqual(alone.findings.map((f) => f.code), ['unverifiable-resource']);
  const withRoot = json(cli(['-f', 'json', 'module', '--magento-root', 'magento'], { cwd: root }));
  assert.deepEqual(withRoot.findings, [], 'Vendor_Other::top is known; the root\'s own problems are not reported');
  assert.deepEqual(withRoot.files.map((f) => f.path), ['module/etc/integration/api.xml', 'module/etc/integration/config.xml']);
  assert.equal(withRoot.exitCode, 0);

  const noCatalog = json(cli(['-f', 'json', 'module', '--magento-root', 'magento', '--no-bundled-catalog'], { cwd: root }));
  assert.deepEqual(noCatalog.findings.map((f) => f.code), ['unverifiable-resource']);
  assert.match(noCatalog.findings[0].message, /Magento_Sales::sales/);
  assert.equal(noCatalog.catalog?.inUse, false);
});

test('paths are relative to the working directory; the current directory is the default PATH', () => {
  const cwd = examplesCopy();
  const run = json(cli(['-f', 'json'], { cwd: path.join(cwd, 'examples', 'app') }));
  assert.deepEqual(run.findings.map((f) => f.path), EXAMPLE_FINDINGS.map(([, p]) => String(p).replace(/^examples\/app\//, '')));
  const outside = json(cli(['-f', 'json', path.join(cwd, 'examples')], { cwd: tempDir() }));
  assert.ok(outside.findings.every((f) => f.path.startsWith(path.join(cwd, 'examples') + '/')), 'absolute when outside the cwd');
});

test('a project with core modules: workspace acl.xml files are used, the catalog serves only what is missing', () => {
  const root = tempDir();
  write(root, {
    'app/code/Magento/Sales/etc/acl.xml': CORE_ACL,
    'app/code/Magento/Sales/etc/module.xml': '<config><module name="Magento_Sales"/></config>',
    'app/code/Acme/Sync/etc/module.xml': '<config><module name="Acme_Sync"/></config>',
    'app/code/Acme/Sync/etc/integration/config.xml': configXml('Acme'),
    // Magento_Sales::creditmemo exists in the real catalog, not in this workspace's Magento_Sales.
    'app/code/Acme/Sync/etc/integration/api.xml': apiXml(
      ['Magento_Sales::sales', 'Magento_Sales::creditmemo', 'Magento_Catalog::catalog'].map((id) => `            <resource name="${id}"/>\n`).join(''),
    ),
  });
  const report = json(cli(['-f', 'json'], { cwd: root }));
  assert.deepEqual(report.findings.map((f) => [f.code, f.message.split(' ')[0]]), [['unknown-resource', 'Magento_Sales::creditmemo']]);
});

// ---------------------------------------------------------------------------------------------------------
// Progress

test('progress: silent for short runs, one redrawn line after half a second, erased at the end', () => {
  let now = 0;
  const written: string[] = [];
  const progress = createProgress({ write: (s: string) => void written.push(s), columns: 60 }, () => now);
  progress.phase('indexing');
  now = 100;
  progress.tick();
  assert.equal(written.length, 0, 'nothing in the first half second');
  now = 600;
  progress.phase('checking', 3);
  progress.tick();
  now = 650;
  progress.tick();
  now = 800;
  progress.tick();
  progress.done();
  assert.equal(written.length, 3, written.join('|'));
  assert.match(written[0], /^\r. magento-integration-check: checking 0\/3 files…\x1b\[K$/);
  assert.match(written[1], /checking 3\/3 files/);
  assert.ok(written.every((w) => w.length <= 60 + 5), 'clipped to the terminal width');
  assert.equal(written[2], '\r\x1b[K');
});

test('progress never reaches json or sarif output, even on a terminal', { skip: existsSync('/usr/bin/script') ? false : 'no script(1) for a pseudo-terminal' }, () => {
  const cwd = examplesCopy();
  const ttyEnv: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete ttyEnv.NO_COLOR;
  delete ttyEnv.FORCE_COLOR;
  // Node reports a CI terminal as colourless (tty.hasColors() is false when CI is set).
  delete ttyEnv.CI;
  for (const format of ['json', 'sarif']) {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} -f ${format} examples 2>&1`;
    const r = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8', env: ttyEnv });
    const out = r.stdout.replace(/\r\n/g, '\n');
    assert.doesNotMatch(out, /\x1b\[K|magento-integration-check: (indexing|checking)/, format);
    JSON.parse(out);
  }
  // And on a terminal the text format is coloured.
  const r = spawnSync('/usr/bin/script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} examples`, '/dev/null'], {
    cwd,
    encoding: 'utf8',
    env: ttyEnv,
  });
  assert.match(r.stdout, /\x1b\[33mwarning/);
});
