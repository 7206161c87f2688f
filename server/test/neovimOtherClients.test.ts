/**
 * Beside the Neovim test: the Emacs (eglot) and Vim (ALE) configurations of docs/cli.md, run verbatim in
 * batch mode (test/neovim/eglot.el, test/neovim/ale.vim) against the built server on PATH as
 * `magento-integration-ls`. Optional: each is skipped when its editor is not installed (apt `emacs-nox
 * elpa-eglot`, `vim vim-ale`); CI does not install them, so these keep the documentation honest on machines
 * that have them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { apiXml, configXml, trackTemporaries } from './helpers';

/** Temporary folders of this file, removed when its tests are done. */
const temporary = trackTemporaries();


const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'server', 'bin', 'magento-integration-ls');

const has = (command: string, args: string[]) => !spawnSync(command, args, { encoding: 'utf8' }).error;
const eglot = has('emacs', ['--version']) && existsSync('/usr/share/emacs/site-lisp/elpa-src') ? false : 'Emacs with elpa-eglot is not installed';
const ale = has('vim', ['--version']) && existsSync('/usr/share/vim-ale/plugin/ale.vim') ? false : 'Vim with vim-ale is not installed';

/** A git-controlled module (both configurations take the repository as the project root). */
function module(): { root: string; api: string; line: number; column: number; env: NodeJS.ProcessEnv } {
  const root = temporary(mkdtempSync(path.join(tmpdir(), 'mil-editors-')));
  const write = (p: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
    return path.join(root, p);
  };
  // A real repository: eglot lists the project's files with git when it sets up file watching.
  if (spawnSync('git', ['init', '-q'], { cwd: root }).status !== 0) mkdirSync(path.join(root, '.git'));
  write('etc/module.xml', '<config><module name="Acme_Sync"/></config>');
  write('etc/integration/config.xml', configXml('Acme'));
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n');
  const api = write('etc/integration/api.xml', text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('Magento_Sales::reorder'));
  const column = lines[line].indexOf('Magento_Sales::') + 'Magento_Sales::'.length;
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  symlinkSync(SERVER, path.join(bin, 'magento-integration-ls'));
  return {
    root,
    api,
    line,
    column,
    env: { ...process.env, PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, MIL_FILE: api },
  };
}

test('the Emacs and Vim configurations of docs/cli.md are the ones the tests run, verbatim', () => {
  const doc = readFileSync(path.join(REPO, 'docs', 'cli.md'), 'utf8');
  const blocks = (language: string) => [...doc.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1].trim());
  const [elisp] = blocks('elisp');
  assert.ok(elisp?.includes('eglot-server-programs'));
  assert.ok(readFileSync(path.join(REPO, 'test', 'neovim', 'eglot.el'), 'utf8').includes(elisp));
  const [linter, vimrc] = blocks('vim');
  assert.ok(linter?.includes('ale#linter#Define') && vimrc?.includes('g:ale_linters'));
  assert.ok(readFileSync(path.join(REPO, 'test', 'neovim', 'ale_linters', 'xml', 'magento_integration.vim'), 'utf8').includes(linter));
  assert.ok(readFileSync(path.join(REPO, 'test', 'neovim', 'ale.vim'), 'utf8').includes(vimrc));
});

const MISSING = /^Magento_Sales::reorder is listed without its parent resources Magento_Sales::sales, /;

test('Emacs + eglot (docs/cli.md configuration): missing-parent as an error (initializationOptions), completion', { skip: eglot }, () => {
  const m = module();
  const out = path.join(m.root, 'eglot.json');
  const run = spawnSync('emacs', ['--batch', '-Q', '-l', path.join(REPO, 'test', 'neovim', 'eglot.el')], {
    cwd: m.root, encoding: 'utf8', timeout: 60000, env: { ...m.env, MIL_OUT: out },
  });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(readFileSync(out, 'utf8')) as { diagnostics: Array<{ type: string; text: string }>; completion: string[]; errors: string[] };
  assert.deepEqual(result.errors, []);
  const missing = result.diagnostics.find((d) => /\[missing-parent\]/.test(d.text));
  assert.ok(missing, JSON.stringify(result.diagnostics));
  assert.equal(missing.type, 'eglot-error', 'the severity setting arrived through initializationOptions');
  assert.match(missing.text.replace(/^magento-integration \[missing-parent\]: /, ''), MISSING);
  assert.ok(result.completion.includes('Magento_Sales::sales'), result.completion.slice(0, 5).join(', '));
});

test('Vim + ALE (docs/cli.md configuration): missing-parent as an error (initialization_options), completion', { skip: ale }, () => {
  const m = module();
  const out = path.join(m.root, 'ale.json');
  const run = spawnSync('vim', ['-N', '-u', 'NONE', '-i', 'NONE', '-es', '-S', path.join(REPO, 'test', 'neovim', 'ale.vim')], {
    cwd: m.root, encoding: 'utf8', timeout: 60000,
    env: { ...m.env, MIL_OUT: out, MIL_LINE: String(m.line + 1), MIL_COLUMN: String(m.column + 1) },
  });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(readFileSync(out, 'utf8')) as { loclist: Array<{ type: string; code: string; text: string; lnum: number }>; completion: string[]; errors: string[] };
  assert.deepEqual(result.errors, []);
  const missing = result.loclist.find((l) => l.code === 'missing-parent');
  assert.ok(missing, JSON.stringify(result.loclist));
  assert.equal(missing.type, 'E');
  assert.equal(missing.lnum, m.line + 1);
  assert.match(missing.text, MISSING);
  assert.ok(result.completion.includes('Magento_Sales::sales'), result.completion.slice(0, 5).join(', '));
});
