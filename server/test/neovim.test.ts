/**
 * The bare language server in a real editor that is not VS Code: Neovim's built-in LSP client, headless
 * (`nvim --headless -u NONE`, test/neovim/lsp.lua). It opens an api.xml that lists an id without its
 * parents; the missing-parent diagnostic and a completion item must arrive. CI installs Neovim (apt
 * `neovim`, .ci/run) and fails here when it is missing; elsewhere the test is skipped.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { apiXml, configXml, trackTemporaries } from './helpers';

/** Temporary folders of this file, removed when its tests are done. */
const temporary = trackTemporaries();


const REPO = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(REPO, 'test', 'neovim', 'lsp.lua');
const SERVER = path.join(REPO, 'server', 'bin', 'magento-integration-ls');

const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const nvim = probe.error ? undefined : probe.stdout.split('\n')[0];
if (!nvim && process.env.CI) throw new Error('nvim is not installed: CI must install Neovim (apt-get install -y neovim) for the Neovim test');
const skip = nvim ? false : 'Neovim (nvim) is not installed: apt-get install -y neovim to run the real-Neovim LSP test';

interface NeovimResult {
  nvim: { major: number; minor: number; patch: number };
  filetype: string;
  attached: boolean;
  indexed: boolean;
  logs: string[];
  server_name: string;
  diagnostics_arrived: boolean;
  diagnostics: Array<{ code: string; message: string; source: string; severity: number; lnum: number; col: number }>;
  completion: Array<{ label: string; detail?: string }>;
  errors: string[];
}

/** The fenced code blocks of docs/cli.md in a language (the editor configurations). */
function docBlocks(language: string): string[] {
  const doc = readFileSync(path.join(REPO, 'docs', 'cli.md'), 'utf8');
  return [...doc.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1].trim());
}

test('the Neovim configuration of docs/cli.md is the one the test runs, verbatim', () => {
  const [config] = docBlocks('lua');
  assert.ok(config?.includes('vim.lsp.start_client'), 'docs/cli.md has a Lua configuration');
  assert.ok(readFileSync(SCRIPT, 'utf8').includes(config), 'test/neovim/lsp.lua contains it verbatim');
});

test(`Neovim's built-in LSP client gets the missing-parent diagnostic and completion items (${nvim ?? 'nvim missing'})`, { skip }, () => {
  const root = temporary(mkdtempSync(path.join(tmpdir(), 'mil-nvim-')));
  const file = (p: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
    return path.join(root, p);
  };
  // A git repository: the configuration takes it as the project root (the server indexes all of it).
  if (spawnSync('git', ['init', '-q'], { cwd: root }).status !== 0) mkdirSync(path.join(root, '.git'));
  // The configuration runs `magento-integration-ls` from PATH, as after `npm install -g`.
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  symlinkSync(SERVER, path.join(bin, 'magento-integration-ls'));
  file('etc/module.xml', '<config><module name="Acme_Sync"/></config>');
  file('etc/integration/config.xml', configXml('Acme'));
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n');
  const api = file('etc/integration/api.xml', text);
  // Completion inside the value, just after "Magento_Sales::".
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('Magento_Sales::reorder'));
  const character = lines[line].indexOf('Magento_Sales::') + 'Magento_Sales::'.length;
  const out = path.join(root, 'result.json');

  const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60000,
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      MIL_FILE: api,
      MIL_LINE: String(line),
      MIL_CHARACTER: String(character),
      MIL_OUT: out,
      XDG_STATE_HOME: path.join(root, 'state'),
      XDG_CACHE_HOME: path.join(root, 'cache'),
    },
  });
  assert.equal(run.error, undefined);
  assert.equal(run.status, 0, `nvim exited with ${run.status}: ${run.stderr}`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as NeovimResult;
  assert.deepEqual(result.errors, []);
  assert.equal(result.filetype, 'xml');
  assert.ok(result.attached, 'the FileType autocommand of the configuration attached the client');
  assert.equal(result.server_name, 'magento-integration');
  assert.ok(result.indexed, `the server indexed the module: ${result.logs.join(' | ')}`);
  assert.ok(result.diagnostics_arrived, 'diagnostics arrived in Neovim');
  // The module's config.xml was indexed: the api.xml integration is declared there.
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['missing-parent']);

  const missing = result.diagnostics.find((d) => d.code === 'missing-parent');
  assert.ok(missing, JSON.stringify(result.diagnostics));
  assert.equal(missing.source, 'magento-integration');
  assert.equal(missing.severity, 1, 'vim.diagnostic.severity.ERROR: the severity setting arrived through init_options');
  assert.equal(missing.lnum, line);
  assert.match(missing.message, /Magento_Sales::reorder is listed without its parent resources Magento_Sales::sales, Magento_Sales::sales_operation/);

  const labels = result.completion.map((c) => c.label);
  assert.ok(labels.includes('Magento_Sales::sales'), `completion offers the missing parent; got ${labels.slice(0, 10).join(', ')}`);
  assert.ok(labels.includes('Magento_Sales::ship'));
});
