#!/usr/bin/env node
'use strict';
/*
 * One UI-level scenario: drives the real VS Code workbench (code-server in headless Chromium, see
 * test/vscode/code-server-launcher.js and scripts/setup-vscode-test.sh) with the keyboard and mouse like a
 * person, against a scratch copy of test/fixtures/workspace, and saves screenshots on the way.
 *
 *   node test/ui/scenario.js [--dev | --vsix <file>] [--out <dir>] [--timeout <ms>] [--scale <n>] [--verbose]
 *
 *   --dev          (default) run the extension from this repository as the extension development path
 *                  (the workbench's `payload` query, without a tests path); needs `npm run build` first.
 *   --vsix <file>  install the packaged extension (`npm run package` makes integration-acl-xml.vsix) into a
 *                  scratch extensions dir with `code-server --install-extension`, and run it with no
 *                  development path, so the installed package is what runs.
 *   --out <dir>    where the screenshots go (default test/ui/screenshots): suggestions.png, completion.png,
 *                  quickfix.png, problems.png, permissions.png, restarted.png, stopped.png; failure.png when a
 *                  step fails. (docs/images holds completion.png, quickfix.png and permissions.png of a run.)
 *   --timeout <ms> overall limit (default 900000); on expiry the exit code is 124. Each wait ends as soon as
 *                  its condition holds; their limits are generous ceilings, for a busy machine.
 *   --scale <n>    device scale factor of the 1280x800 viewport (default 1; 2 gives sharper screenshots).
 *   --type <text>  what to type in name="" before accepting Magento_Sales::ship (default Magento_Sales::sh,
 *                  which leaves just that suggestion; Magento_Sales:: shows more of the list in completion.png).
 *   --verbose      echo code-server's output and the workbench's console as they come.
 *
 * Steps:
 *   1. start code-server with the extension (and check which copy of the extension runs);
 *   2. open api.xml with Quick Open, click into the editor;
 *   3. Control+Space in the empty <resource name=""/>: the first rows are the ids of the modules the
 *      integration lists (Acme_OrderSync, Magento_Sales), each row with its title (suggestions.png);
 *   3a. over Magento_Sales::reorder, type "ord": the list opens by itself (no Control+Space), the Sales order
 *      ids first and reorder among them, titles in the rows (completion.png, with the details panel); undo;
 *   3b. in the empty <resource name=""/>, type "Magento_Sales::sh": the list opens by itself; accept
 *      Magento_Sales::ship and check the line, and the missing parents the completion inserts with it
 *      (magentoIntegration.completion.insertMissingParents); then undo, which restores the original file, so
 *      that step 4 still has a missing parent to fix;
 *   3c. in config.xml, Control+Space in the name of the integration: nothing to offer, and no word list of
 *      the document either ("No suggestions.");
 *   4. on Magento_Sales::reorder, Control+. (quickfix.png), choose "Add missing parent resources of
 *      Magento_Sales::reorder", and check the inserted lines;
 *   5. show the Problems panel: the rows of the remaining problems with their codes and sources
 *      (problems.png);
 *   5a. click the status-bar item: it says it re-indexes, then what it found;
 *   5b. "Show Effective Permissions of This Integration": rendered beside the editor (permissions.png);
 *      clicking Magento_Sales::reorder in it opens the Sales acl.xml at its line;
 *   6. kill the language server process (SIGKILL): the client starts a new one (another pid) whose completion
 *      answers, and the notification center holds "...stopped unexpectedly and was restarted." once
 *      (restarted.png); dismiss it;
 *   7. kill it again: restarted again, completion answers, and no new notification about it;
 *   8. kill it three more times: after the third and fourth it is restarted silently, the fifth within
 *      3 minutes is not restarted and an error notification says so (stopped.png).
 * Notifications are read in the notification center: the workbench shows no toasts when run by the
 * smoke-test driver, as here (see code-server-launcher.js).
 * Exits 0 on success, 1 with a message and failure.png when a step fails, 124 on timeout.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseArgs } = require('util');
const launcher = require('../vscode/code-server-launcher');

const repoRoot = path.resolve(__dirname, '../..');
const FIXTURE = path.join(repoRoot, 'test/fixtures/workspace');
const API_XML = 'app/code/Acme/OrderSync/etc/integration/api.xml';
const EXTENSION_ID = (() => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return `${manifest.publisher}.${manifest.name}`.toLowerCase();
})();
const COMPLETED = 'Magento_Sales::ship';
const SALES_PARENTS = ['Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions'];
const FIX_TITLE = 'Add missing parent resources of Magento_Sales::reorder';
const EDITOR = '.part.editor .monaco-editor';
const SUGGEST_ROWS = '.suggest-widget.visible .monaco-list-row';
const ACTION_ROWS = '.action-widget .monaco-list-row';
const TIMEOUT_EXIT_CODE = 124;
// client/src/extension.ts: the first crash is told, later ones are not; the fifth in 3 minutes gives up.
const RESTART_MESSAGE = 'The Magento integration server stopped unexpectedly and was restarted.';
const GIVE_UP_MESSAGE = 'The Magento integration server stopped 5 times in 3 minutes and will not be restarted.';

const log = (message) => console.log(`[ui] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const resourceLine = (id) => `<resource name="${id}"/>`;

/** Polls fn until it returns a truthy value; throws "timed out ... waiting for <what>" otherwise. */
async function until(what, fn, { timeout = 90000, interval = 100 } = {}) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() - start > timeout) {
      throw new Error(`timed out after ${seconds(timeout)} waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    }
    await sleep(interval);
  }
}

function options() {
  const { values } = parseArgs({
    options: {
      dev: { type: 'boolean' },
      vsix: { type: 'string' },
      out: { type: 'string', default: path.join(repoRoot, 'test/ui/screenshots') },
      timeout: { type: 'string', default: '900000' },
      scale: { type: 'string', default: '1' },
      type: { type: 'string', default: 'Magento_Sales::sh' },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.dev && values.vsix) throw new Error('give either --dev or --vsix <file>, not both');
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new Error('--timeout must be a positive number of milliseconds');
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const vsix = values.vsix && path.resolve(values.vsix);
  if (vsix && !fs.existsSync(vsix)) throw new Error(`${vsix} does not exist (build it with: npm run package)`);
  if (!vsix && !fs.existsSync(path.join(repoRoot, 'dist/client.js'))) {
    throw new Error('dist/client.js is missing: run npm run build first');
  }
  if (!/^[\w:]+$/.test(values.type)) throw new Error('--type takes an id prefix such as Magento_Sales::sh');
  return { mode: vsix ? 'vsix' : 'dev', vsix, out: path.resolve(values.out), timeout, scale, typed: values.type, verbose: values.verbose };
}

/** The editor's lines top to bottom, as text (the DOM renders spaces as U+00A0). Only rendered lines: the file is short. */
function editorLines(page) {
  return page.$$eval(`${EDITOR} .view-lines .view-line`, (lines) => lines
    .map((line) => ({ top: parseFloat(line.style.top) || 0, text: line.textContent.replace(/\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text));
}

/** 1-based line and column of `needle` (plus `shift` characters) in the lines. */
function positionOf(lines, needle, shift = 0) {
  const line = lines.findIndex((text) => text.includes(needle));
  if (line < 0) throw new Error(`"${needle}" is not in the file`);
  return { line: line + 1, column: lines[line].indexOf(needle) + shift + 1 };
}

async function rows(page, selector) {
  return page.$$eval(selector, (elements) => elements.map((row) => ({
    label: row.getAttribute('aria-label') || row.textContent,
    focused: row.classList.contains('focused'),
  })));
}

/** The processes of code-server's process group (it runs detached, so its pid is the group id) with their command lines. */
function processGroup(pgid) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state ppid pgrp ...
      if (Number(fields[2]) !== pgid) continue;
      found.push({ pid: Number(pid), argv: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/** Running (not zombie) processes of the group executing the language server script. */
function languageServers(pgid, script) {
  return processGroup(pgid).filter((p) => p.argv.some((arg) => path.resolve(arg) === script)).map((p) => p.pid);
}

/** The messages of the notifications shown in `container` (e.g. the notification center). */
function notifications(page, container) {
  return page.$$eval(`${container} .notification-list-item-message`, (elements) => elements
    .filter((el) => el.offsetParent !== null)
    .map((el) => el.textContent.trim()));
}

async function main() {
  const opts = options();
  const started = Date.now();
  const timings = [];
  const serverLog = [];
  const consoleLog = [];
  const state = { step: 'setup' };
  let codeServer;
  let scratch;
  let child;
  let context;
  let page;
  const uiRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'magento-ui-'));
  const workspace = path.join(uiRoot, 'workspace');
  const extensionsDir = path.join(uiRoot, 'extensions');

  fs.mkdirSync(opts.out, { recursive: true });
  fs.rmSync(path.join(opts.out, 'failure.png'), { force: true });
  log(`mode: ${opts.mode}${opts.vsix ? ` (${opts.vsix})` : ` (extension development path ${repoRoot})`}; screenshots: ${opts.out}`);

  let cleaning;
  const cleanup = () => {
    cleaning ??= (async () => {
      await context?.close().catch(() => {});
      await launcher.stopCodeServer(child);
      launcher.removeScratch(scratch);
      fs.rmSync(uiRoot, { recursive: true, force: true });
    })();
    return cleaning;
  };

  const fail = async (err, code = 1) => {
    console.error(`[ui] FAILED in step "${state.step}" after ${seconds(Date.now() - started)}: ${err.message}`);
    if (page) {
      const file = path.join(opts.out, 'failure.png');
      await page.screenshot({ path: file, timeout: 10000 })
        .then(() => console.error(`[ui] screenshot of the failure: ${file}`))
        .catch((e) => console.error(`[ui] failure screenshot failed: ${e.message}`));
    }
    if (!opts.verbose) {
      if (consoleLog.length) console.error(`[ui] last workbench console lines:\n${consoleLog.slice(-40).join('\n')}`);
      if (serverLog.length) console.error(`[ui] code-server output (last 4000 characters):\n${serverLog.join('').slice(-4000)}`);
    }
    await cleanup();
    return code;
  };

  const step = async (name, fn) => {
    state.step = name;
    const t = Date.now();
    log(`${name} ...`);
    const result = await fn();
    timings.push([name, Date.now() - t]);
    log(`${name}: ok (${seconds(Date.now() - t)})`);
    return result;
  };

  const screenshot = async (name) => {
    const file = path.join(opts.out, name);
    await page.screenshot({ path: file });
    log(`  saved ${file}`);
  };

  const scenario = async () => {
    codeServer = launcher.findCodeServer();
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    const original = fs.readFileSync(path.join(workspace, API_XML), 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
    /** Control+Z until api.xml reads as it did at the start. */
    const undoToOriginal = () => until('the original file after Control+Z', async () => {
      const lines = await editorLines(page);
      if (lines.join('\n').trimEnd() === original.join('\n').trimEnd()) return true;
      await page.keyboard.press('Control+Z');
      await sleep(300);
      return false;
    }, { timeout: 30000, interval: 0 });

    // 1. code-server with the extension
    let installed;
    if (opts.mode === 'vsix') {
      installed = await step('0. install the .vsix into a scratch extensions dir', async () => {
        const { code, output } = await launcher.installExtensionsInto(codeServer, extensionsDir, [opts.vsix]);
        if (code !== 0) throw new Error(`code-server --install-extension exited with ${code}:\n${output}`);
        const folder = fs.readdirSync(extensionsDir).find((name) => name.toLowerCase().startsWith(`${EXTENSION_ID}-`));
        if (!folder) throw new Error(`${extensionsDir} holds no ${EXTENSION_ID}-* folder after the install:\n${output}`);
        const dir = path.join(extensionsDir, folder);
        for (const file of ['package.json', 'dist/client.js', 'dist/server.js']) {
          if (!fs.existsSync(path.join(dir, file))) throw new Error(`the installed extension lacks ${file}`);
        }
        if (fs.existsSync(path.join(dir, 'server/src'))) throw new Error('the installed extension holds sources: not a packaged .vsix?');
        log(`  installed in ${dir}`);
        return dir;
      });
    }

    const port = await step('1. start code-server and open the workbench', async () => {
      scratch = launcher.makeScratch({
        extensionsDir: opts.mode === 'vsix' ? extensionsDir : undefined,
        settings: { 'workbench.tips.enabled': false },
      });
      const freePort = await launcher.freePort();
      child = launcher.spawnCodeServer(codeServer, scratch, launcher.serveArgs(freePort), ['ignore', 'pipe', 'pipe'], launcher.SERVE_ENV);
      for (const stream of [child.stdout, child.stderr]) {
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => (opts.verbose ? process.stderr.write(chunk) : serverLog.push(chunk)));
      }
      child.on('exit', (code, signal) => {
        if (!cleaning) state.died = `code-server exited unexpectedly (${code ?? signal})`;
      });
      await launcher.waitForHealth(freePort, child, Date.now() + 30000);

      context = await launcher.launchBrowser(scratch.browserProfile, {
        viewport: { width: 1280, height: 800 },
        deviceScaleFactor: opts.scale,
      });
      page = context.pages()[0] || await context.newPage();
      page.on('console', (message) => {
        const text = message.text().replace(/^%c\s*(\w+)\s+color: [^ ]+\s*/, '$1 ');
        consoleLog.push(text);
        if (opts.verbose) process.stderr.write(`[browser ${message.type()}] ${text}\n`);
      });
      page.on('pageerror', (err) => consoleLog.push(`[pageerror] ${err.message}`));
      page.on('crash', () => { state.died = 'the browser page crashed'; });
      page.setDefaultTimeout(90000);
      const url = launcher.workbenchUrl(freePort, opts.mode === 'vsix'
        ? { target: workspace, payload: false }
        : { target: workspace, developmentPaths: [repoRoot] });
      log(`  ${url}`);
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench .part.statusbar', { state: 'visible' });
      return freePort;
    });

    // 2. api.xml through Quick Open
    await step('2. open api.xml with Quick Open and click into the editor', async () => {
      await openFile(page, 'api.xml', '<resources>');
      await page.click(`${EDITOR} .view-lines`);
      // Close the side bar (Explorer): the editor gets the room, and the suggestion details fit beside the list.
      await page.keyboard.press('Control+B');
      await until('the side bar to close', async () => !(await page.isVisible('.part.sidebar')), { timeout: 30000 });
    });

    const serverScript = opts.mode === 'vsix' ? path.join(installed, 'dist/server.js') : path.join(repoRoot, 'dist/server.js');
    await step('2b. check which copy of the extension runs', async () => {
      const language = await until('the language server process (dist/server.js) in code-server\'s process group', async () => processGroup(child.pid)
        .find((p) => p.argv.some((arg) => arg.endsWith(`${path.sep}dist${path.sep}server.js`))), { timeout: 30000 });
      const script = language.argv.find((arg) => arg.endsWith(`${path.sep}dist${path.sep}server.js`));
      if (path.resolve(script) !== serverScript) {
        throw new Error(`the language server runs ${script}, expected ${serverScript}`);
      }
      if (opts.mode === 'vsix' && page.url().includes('payload=')) throw new Error('the workbench URL has a payload (development path)');
      if (opts.mode === 'dev') {
        const installedCopies = fs.readdirSync(scratch.extensions).filter((name) => name.toLowerCase().startsWith(`${EXTENSION_ID}-`));
        if (installedCopies.length) throw new Error(`the scratch extensions dir holds ${installedCopies.join(', ')}`);
      }
      log(`  language server: pid ${language.pid}, ${script}`);
    });

    // 3. completion
    /** Rows of the suggestion list as they are shown: the id, and the title beside it. */
    const suggestionRows = () => page.$$eval(SUGGEST_ROWS, (elements) => elements
      .map((row) => ({
        top: row.getBoundingClientRect().top,
        label: row.querySelector('.label-name')?.textContent ?? '',
        title: row.querySelector('.details-label')?.textContent ?? '',
        focused: row.classList.contains('focused'),
      }))
      .sort((x, y) => x.top - y.top));
    const listed = (label) => /^(Acme_OrderSync|Magento_Sales)::/.test(label);
    await step('3. Control+Space in the empty name="": the listed modules\' ids first, each row with its title', async () => {
      await goTo(page, positionOf(await editorLines(page), 'name=""', 'name="'.length));
      const shown = await until('the ACL ids from the server', async () => {
        if (state.died) throw new Error(state.died);
        const list = await suggestionRows();
        if (list.some((row) => listed(row.label))) return list;
        // Not open yet (the server may still be indexing): ask again.
        if (list.length) await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Space');
        await sleep(700);
        return false;
      });
      log(`  first rows: ${shown.slice(0, 8).map((row) => `${row.label} [${row.title}]`).join(' | ')}`);
      const first = shown.findIndex((row) => !listed(row.label));
      if (first < 4 || shown.slice(first).some((row) => listed(row.label))) throw new Error(`the listed modules' ids are not first: ${shown.map((row) => row.label).join(', ')}`);
      if (shown[0].label !== 'Acme_OrderSync::sync' || shown[0].title !== 'Acme Order Sync') throw new Error(`first row: ${shown[0].label} [${shown[0].title}]`);
      const titled = shown.filter((row) => row.title);
      if (titled.length !== shown.length) throw new Error(`rows without their title: ${shown.filter((row) => !row.title).map((row) => row.label).join(', ')}`);
      await sleep(300);
      await screenshot('suggestions.png');
      await page.keyboard.press('Escape');
    });

    await step('3a. over Magento_Sales::reorder, type "ord": the list opens by itself, the Sales order ids first, reorder kept', async () => {
      const value = 'Magento_Sales::reorder';
      await goTo(page, positionOf(await editorLines(page), value));
      for (let i = 0; i < value.length; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.type('ord', { delay: 80 });
      // No Control+Space: the list opens as the value is typed.
      const shown = await until('the list opened by typing', async () => {
        const list = await suggestionRows();
        return list.length > 2 && list;
      }, { timeout: 30000 });
      log(`  after "ord": ${shown.slice(0, 6).map((row) => `${row.label} [${row.title}]`).join(' | ')}`);
      const top = shown.slice(0, 3).map((row) => row.label);
      const expected = ['Magento_Sales::sales_order', 'Magento_Sales::reorder', 'Acme_OrderSync::sync'];
      if (JSON.stringify(top) !== JSON.stringify(expected)) throw new Error(`first rows after "ord": ${top.join(', ')}, expected ${expected.join(', ')}`);
      if (shown[1].title !== 'Reorder') throw new Error(`the reorder row shows "${shown[1].title}", not its title`);
      // The details panel of the focused row: title, tree path and declaring module.
      if (!(await page.isVisible('.suggest-details-container .suggest-details'))) await page.keyboard.press('Control+Space');
      const details = await until('the suggestion details', async () => {
        const text = await page.$eval('.suggest-details-container .suggest-details', (el) => (el.offsetParent ? el.innerText : ''));
        return text.includes('Declared by') && text;
      }, { timeout: 15000 }).catch((err) => log(`  note: no details panel (${err.message})`));
      if (details) {
        log(`  details: ${details.replace(/\s+/g, ' ').trim()}`);
        // The first time, VS Code measures the details before giving them their width, so their text wraps
        // more than measured and gets a scrollbar; hiding and showing them again measures them right.
        const docs = '.suggest-details-container .suggest-details .docs';
        for (let i = 0; i < 2 && !(await detailsFit(page)); i++) {
          await page.keyboard.press('Control+Space');
          await until('the details hidden', async () => !(await page.isVisible(docs)), { timeout: 15000 }).catch(() => undefined);
          // Control+Space toggles them: press again only while they are hidden (a keystroke may be lost).
          await until('the suggestion details again', async () => {
            if (await page.isVisible(docs)) return true;
            await page.keyboard.press('Control+Space');
            await sleep(500);
            return page.isVisible(docs);
          }, { timeout: 30000 });
          await sleep(200);
        }
        if (!(await detailsFit(page))) log('  note: the details panel is cut off (it scrolls)');
      }
      await sleep(300); // let the list finish its layout
      await screenshot('completion.png');
      await page.keyboard.press('Escape');
      await undoToOriginal();
    });

    await step(`3b. type "${opts.typed}" in name="": the list opens by itself; accept ${COMPLETED}`, async () => {
      const at = positionOf(await editorLines(page), 'name=""', 'name="'.length);
      await goTo(page, at);
      await page.keyboard.type(opts.typed, { delay: 60 });
      // No Control+Space: the list opens as the value is typed.
      await until(`the suggestion ${COMPLETED}`, async () => {
        if (state.died) throw new Error(state.died);
        return (await rows(page, SUGGEST_ROWS)).some((row) => row.label.includes(COMPLETED));
      }, { timeout: 30000 });
      // Like a person: arrow down to the entry if it is not the focused one.
      for (let i = 0; i < 20; i++) {
        const list = await rows(page, SUGGEST_ROWS);
        const focused = list.find((row) => row.focused);
        if (focused && focused.label.includes(COMPLETED)) break;
        await page.keyboard.press('ArrowDown');
        await sleep(100);
      }
      const focused = (await rows(page, SUGGEST_ROWS)).find((row) => row.focused);
      if (!focused?.label.includes(COMPLETED)) throw new Error(`could not focus ${COMPLETED} in the suggestions`);
      log(`  focused suggestion: ${focused.label.split(', docs:')[0]} (${(await rows(page, SUGGEST_ROWS)).length} shown)`);
      await page.keyboard.press('Enter');
      const lines = await until(`the line ${resourceLine(COMPLETED)}`, async () => {
        const current = await editorLines(page);
        return current.some((line) => line.trim() === resourceLine(COMPLETED)) && current;
      }, { timeout: 30000 });
      if (await page.isVisible('.suggest-widget.visible')) throw new Error('the suggestion list is still open after Enter');
      // The completion also inserts the parents that the id needs and the integration lacks, above the line.
      const index = lines.findIndex((line) => line.trim() === resourceLine(COMPLETED));
      const above = lines.slice(index - SALES_PARENTS.length, index).map((line) => line.trim());
      const expected = SALES_PARENTS.map(resourceLine);
      if (JSON.stringify(above) !== JSON.stringify(expected)) {
        throw new Error(`expected the missing parents above ${COMPLETED}:\n  ${expected.join('\n  ')}\nbut the file reads:\n  ${lines.join('\n  ')}`);
      }
      log(`  line ${index + 1}: ${lines[index].trim()}, with ${SALES_PARENTS.length} parents inserted above it`);
    });

    await step('3c. undo (Control+Z) back to the original file', undoToOriginal);

    await step('3d. in config.xml, Control+Space where nothing is left to offer: no word list of the document', async () => {
      await openFile(page, 'config.xml', 'integrations@acme.example');
      await goTo(page, positionOf(await editorLines(page), 'name="Acme Order Sync"', 'name="'.length));
      await page.keyboard.press('Control+Space');
      // VS Code's own words for an empty answer; rows would be the document's words (`--`, `Acl`, …).
      const message = await until('the suggest widget\'s answer', async () => {
        const rowsShown = (await rows(page, SUGGEST_ROWS)).length > 0;
        const text = await page.locator('.suggest-widget .message').innerText().catch(() => '');
        return (rowsShown || /No suggestions/.test(text)) && (text || 'rows');
      }, { timeout: 30000 });
      const words = await rows(page, SUGGEST_ROWS);
      if (words.length) throw new Error(`suggested where the server has nothing: ${words.map((row) => row.label).join(', ')}`);
      log(`  the suggest widget says: ${message}`);
      await page.keyboard.press('Escape');
      await openFile(page, 'api.xml', '<resources>');
    });

    // 4. quick fix
    await step('4. Control+. on Magento_Sales::reorder and apply the quick fix', async () => {
      const at = positionOf(await editorLines(page), 'Magento_Sales::reorder', 'Magento_Sales::re'.length);
      await goTo(page, at);
      await until('the warning squiggle', () => page.isVisible(`${EDITOR} .squiggly-warning`));
      // Hover the squiggle, as a person reading the warning would.
      const box = await page.$$eval(`${EDITOR} .view-line span`, (spans) => {
        const span = spans.find((s) => s.textContent.includes('Magento_Sales::reorder') && !s.querySelector('span'));
        if (!span) return undefined;
        const r = span.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      });
      if (box) {
        await page.mouse.move(box.x, box.y);
        await until('the hover', () => page.isVisible('.monaco-hover'), { timeout: 5000 }).catch(() => log('  note: no hover shown'));
      }
      let fix;
      await until(`the quick fix "${FIX_TITLE}"`, async () => {
        const list = await rows(page, ACTION_ROWS);
        fix = list.find((row) => row.label.includes(FIX_TITLE));
        if (fix) return true;
        if (list.length) await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        await sleep(700);
        fix = (await rows(page, ACTION_ROWS)).find((row) => row.label.includes(FIX_TITLE));
        return Boolean(fix);
      });
      log(`  entries: ${(await rows(page, ACTION_ROWS)).map((row) => `${row.focused ? '>' : ' '}${row.label}`).join(' | ')}`);
      await sleep(300);
      await screenshot('quickfix.png');
      if (fix.focused) {
        await page.keyboard.press('Enter');
      } else {
        await page.click(`${ACTION_ROWS}[aria-label*="${FIX_TITLE}"]`);
      }
      const lines = await until('the inserted parent resources', async () => {
        const current = await editorLines(page);
        return current.some((line) => line.trim() === resourceLine(SALES_PARENTS[0])) && current;
      }, { timeout: 30000 });
      const index = lines.findIndex((line) => line.trim() === resourceLine('Magento_Sales::reorder'));
      const expected = ['Magento_Sales::sales', ...SALES_PARENTS, 'Magento_Sales::reorder'].map(resourceLine);
      const got = lines.slice(index - SALES_PARENTS.length - 1, index + 1).map((line) => line.trim());
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        throw new Error(`expected the lines\n  ${expected.join('\n  ')}\nbut the file reads:\n  ${lines.join('\n  ')}`);
      }
      log(`  lines ${index + 1 - SALES_PARENTS.length}-${index}: ${SALES_PARENTS.join(', ')} inserted before Magento_Sales::reorder`);
    });

    // 5. Problems
    await step('5. show the Problems panel: the remaining problems, with their codes', async () => {
      await page.mouse.move(5, 795); // no hover over the editor
      await page.keyboard.press('Control+Shift+M');
      // Rows are checked by what identifies them (id, code, source, line), not by the wording of messages.
      const list = await until('the remaining problems (and none about Magento_Sales::reorder)', async () => {
        const current = await rows(page, '.markers-panel .monaco-list-row');
        return current.some((row) => row.label.includes('Acme_OrderSync::export'))
          && !current.some((row) => row.label.includes('Magento_Sales::reorder')) && current;
      });
      for (const row of list) log(`  ${row.label}`);
      const problems = await page.$$eval('.markers-panel .monaco-list-row', (elements) => elements.map((row) => row.innerText.replace(/\s+/g, ' ').trim()));
      const unknown = problems.find((text) => text.includes('Acme_OrderSync::export'));
      const line = (await editorLines(page)).findIndex((l) => l.includes('Acme_OrderSync::export')) + 1;
      if (!/magento-integration/.test(unknown) || !/unknown-resource/.test(unknown) || !new RegExp(`\\[Ln ${line}, Col \\d+\\]`).test(unknown)) {
        throw new Error(`the row of Acme_OrderSync::export lacks its source, code or position: ${unknown}`);
      }
      if (problems.some((text) => /missing-parent/.test(text))) throw new Error(`a missing-parent row is left after the fix: ${problems.join(' | ')}`);
      await sleep(300);
      await screenshot('problems.png');
      await page.keyboard.press('Control+Shift+M'); // hide the panel again
    });

    await step('5a. click the status-bar item: it says it re-indexes, then what it found', async () => {
      await page.click(`${EDITOR} .view-lines`);
      const item = page.locator('.part.statusbar .statusbar-item', { hasText: 'ACL ids' });
      const before = (await item.innerText()).trim();
      if (!/^[\d,]+ ACL ids$/.test(before)) throw new Error(`the status-bar item reads "${before}"`);
      await item.click();
      // Feedback the user can see: the item says it is working, then a status-bar message says what was found.
      const feedback = await until('the re-index feedback in the status bar', async () => {
        const text = (await page.locator('.part.statusbar').innerText()).replace(/\s+/g, ' ');
        return /Re-indexing ACL|Magento ACL re-indexed: [\d,]+ ids, \d+ files/.test(text) && text;
      }, { timeout: 30000 });
      log(`  status bar: ${feedback}`);
      await until('the counts again', async () => /^[\d,]+ ACL ids$/.test((await item.innerText()).trim()), { timeout: 60000 });
    });

    await step('5b. "Show Effective Permissions": rendered beside the editor; a link in it opens the id\'s line', async () => {
      await goTo(page, positionOf(await editorLines(page), 'Acme Order Sync', 2));
      await runCommand(page, 'Magento Integration: Show Effective Permissions of This Integration');
      const frame = await until('the rendered report', async () => {
        for (const f of page.frames()) {
          const text = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
          if (text.includes('Effective permissions of integration "Acme Order Sync"')) return f;
        }
        return false;
      }, { timeout: 60000 });
      // Rendered, not Markdown source: a heading element, and ids as links.
      const heading = await frame.$eval('h1', (h) => h.textContent);
      const tab = (await page.locator('.part.editor .tab.active').allInnerTexts()).map((t) => t.trim());
      if (!tab.some((t) => t.startsWith('Acme Order Sync permissions'))) throw new Error(`the view's tab: ${tab.join(', ')}`);
      if (!/Effective permissions of integration "Acme Order Sync"/.test(heading)) throw new Error(`the report's heading: ${heading}`);
      const links = await frame.$$eval('a', (as) => as.map((a) => a.textContent));
      log(`  links: ${links.join(', ')}`);
      if (!links.includes('Magento_Sales::reorder')) throw new Error(`Magento_Sales::reorder is not a link in the report: ${links.join(', ')}`);
      await sleep(500);
      await screenshot('permissions.png');
      await frame.locator('a', { hasText: 'Magento_Sales::reorder' }).first().click();
      let seen = '';
      const target = await until('the Sales acl.xml at the line of Magento_Sales::reorder', async () => {
        const tab = (await page.locator('.part.editor .tab.active').first().innerText().catch(() => '')).replace(/\s+/g, '');
        const statusText = await page.locator('.part.statusbar').innerText();
        const line = /Ln (\d+), Col \d+/.exec(statusText)?.[1];
        // The file's path in the breadcrumbs: app › code › Magento › Sales › etc › acl.xml.
        const crumbs = (await page.locator('.part.editor .breadcrumbs-control').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
        seen = `tab "${tab}", breadcrumbs "${crumbs}", line ${line}`;
        return tab.startsWith('acl.xml') && /Magento\W+Sales\W+etc\W+acl\.xml/.test(crumbs) && line && { tab, line: Number(line) };
      }, { timeout: 30000 }).catch((err) => {
        throw new Error(`${err.message}; the editor shows: ${seen}`);
      });
      const acl = fs.readFileSync(path.join(workspace, 'app/code/Magento/Sales/etc/acl.xml'), 'utf8').split('\n');
      const expected = acl.findIndex((l) => l.includes('id="Magento_Sales::reorder"')) + 1;
      if (target.line !== expected) throw new Error(`the link opened line ${target.line}, not ${expected}`);
      log(`  opened ${target.tab} at line ${target.line}`);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+W'); // close all editors
      await openFile(page, 'api.xml', '<resources>');
    });

    // 6-8. the language server killed for real: restarted, and the user told once
    /** Kills the one running language server with SIGKILL; resolves to the pid of the next one (none: undefined). */
    const crash = async (round, { restarts = true } = {}) => {
      const servers = languageServers(child.pid, serverScript);
      if (servers.length !== 1) throw new Error(`expected one language server before crash ${round}, found pids ${servers.join(', ') || 'none'}`);
      const [old] = servers;
      process.kill(old, 'SIGKILL');
      await until(`server ${old} to end`, async () => !languageServers(child.pid, serverScript).includes(old), { timeout: 30000 });
      if (!restarts) return undefined;
      const [next, ...more] = await until('a new language server process', async () => {
        const pids = languageServers(child.pid, serverScript);
        return pids.length > 0 && pids;
      });
      if (more.length) throw new Error(`more than one language server after crash ${round}: ${[next, ...more].join(', ')}`);
      if (next === old) throw new Error(`the server still has pid ${old}`);
      log(`  crash ${round}: killed pid ${old}, the client started pid ${next}`);
      return next;
    };
    /** The new server answers: Control+Space in the empty name="" suggests the workspace's own ACL id (retried while it starts). */
    const completionWorks = async () => {
      await page.click(`${EDITOR} .view-lines`);
      await goTo(page, positionOf(await editorLines(page), 'name=""', 'name="'.length));
      const own = 'Acme_OrderSync::sync';
      await until(`the suggestion ${own} from the new server`, async () => {
        if (state.died) throw new Error(state.died);
        if (await page.isVisible('.suggest-widget.visible')) await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Space');
        await sleep(700);
        return (await rows(page, SUGGEST_ROWS)).some((row) => row.label.includes(own));
      });
      await page.keyboard.press('Escape');
    };
    // The smoke-test driver that runs the workbench here (enable-smoke-test-driver) suppresses notification
    // toasts, so notifications are read where a person finds them all: the notification center (the bell).
    const notificationCenter = async () => {
      await page.keyboard.press('Escape');
      await runCommand(page, 'Notifications: Show Notifications');
      await until('the notification center', () => page.isVisible('.notifications-center.visible'), { timeout: 30000 });
      await sleep(300);
      const all = await notifications(page, '.notifications-center');
      log(`  notification center: ${all.length ? all.map((text) => JSON.stringify(text)).join(', ') : 'empty'}`);
      return all;
    };
    const hideNotificationCenter = async () => {
      // Its chevron; the center closes by itself when its last notification is cleared.
      if (await page.isVisible('.notifications-center.visible')) await page.click('.notifications-center .codicon-notifications-hide');
      await until('the notification center to close', async () => !(await page.isVisible('.notifications-center.visible')), { timeout: 30000 });
    };
    const aboutServer = (all) => all.filter((text) => /server|connection/i.test(text));

    await step('6. kill the language server (SIGKILL): a new one starts, and a notification says so', async () => {
      await crash(1);
      await completionWorks();
      const all = await notificationCenter();
      const told = all.filter((text) => text === RESTART_MESSAGE);
      if (told.length !== 1) throw new Error(`expected the notification "${RESTART_MESSAGE}" once, found ${told.length}`);
      const others = aboutServer(all).filter((text) => text !== RESTART_MESSAGE);
      if (others.length) throw new Error(`other notifications about the server: ${others.join(' | ')}`);
      await screenshot('restarted.png');
      // Dismissed as a person would (its close button): a second one would then be a new entry (the
      // workbench replaces an equal notification that is still there, so it could not be told apart).
      const item = page.locator('.notifications-center .notification-list-item').filter({ hasText: RESTART_MESSAGE });
      await item.hover();
      await item.locator('.codicon-notifications-clear').click();
      await until('the notification to be cleared', async () => !(await notifications(page, '.notifications-center')).includes(RESTART_MESSAGE), { timeout: 30000 });
      await hideNotificationCenter();
    });

    await step('7. kill it again: restarted again, without a second notification', async () => {
      await crash(2);
      await completionWorks();
      // The client would send its message before it starts the new server, on the same channel to the
      // workbench as the completion that came back since: it would be there by now. A little more all the same.
      await sleep(1500);
      const all = await notificationCenter();
      if (all.includes(RESTART_MESSAGE)) throw new Error(`"${RESTART_MESSAGE}" was shown again after the second crash`);
      if (aboutServer(all).length) throw new Error(`other notifications about the server: ${aboutServer(all).join(' | ')}`);
      await hideNotificationCenter();
    });

    await step('8. three more crashes within 3 minutes: the fifth is not restarted, and an error says so', async () => {
      await crash(3);
      await completionWorks();
      await crash(4);
      await completionWorks();
      await crash(5, { restarts: false });
      await sleep(2000);
      const servers = languageServers(child.pid, serverScript);
      if (servers.length) throw new Error(`the server was restarted after the fifth crash (pids ${servers.join(', ')})`);
      const all = await notificationCenter();
      if (!all.some((text) => text.startsWith(GIVE_UP_MESSAGE))) throw new Error(`no notification "${GIVE_UP_MESSAGE}"`);
      if (all.includes(RESTART_MESSAGE)) throw new Error(`"${RESTART_MESSAGE}" was shown again`);
      const icon = await page.locator('.notifications-center .notification-list-item').filter({ hasText: GIVE_UP_MESSAGE })
        .locator('.notification-list-item-icon').getAttribute('class').catch(() => '');
      if (!/error/.test(icon)) throw new Error(`"${GIVE_UP_MESSAGE}" is not an error (icon: ${icon || 'none'})`);
      // The status bar no longer shows the counts of a server that is gone.
      const status = await page.locator('.part.statusbar').innerText();
      if (!/Magento ACL: stopped/.test(status)) throw new Error(`the status bar does not say the server stopped: ${status.replace(/\s+/g, ' ')}`);
      await screenshot('stopped.png');
      await hideNotificationCenter();
    });

    return port;
  };

  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${seconds(opts.timeout)} (--timeout)`), { exitCode: TIMEOUT_EXIT_CODE })), opts.timeout);
  });
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      fail(new Error(`interrupted by ${signal}`), 128 + os.constants.signals[signal]).then((code) => process.exit(code));
    });
  }
  try {
    await Promise.race([scenario(), timeout]);
  } catch (err) {
    clearTimeout(timer);
    return fail(err, err.exitCode || 1);
  }
  clearTimeout(timer);
  state.step = 'cleanup';
  const t = Date.now();
  await cleanup();
  timings.push(['cleanup', Date.now() - t]);
  log(`passed in ${seconds(Date.now() - started)} (${opts.mode}):`);
  for (const [name, ms] of timings) log(`  ${seconds(ms).padStart(8)}  ${name}`);
  return 0;
}

/** Whether the suggestion details panel is tall enough for its header and documentation. */
function detailsFit(page) {
  return page.$eval('.suggest-details-container', (container) => {
    const part = (selector) => container.querySelector(selector)?.getBoundingClientRect().height ?? 0;
    return container.getBoundingClientRect().height + 2 >= part('.header') + part('.docs');
  }).catch(() => false);
}

/** Quick Open (Control+P), the file name, Enter; resolves once the editor shows `marker`. */
async function openFile(page, name, marker) {
  // Keystrokes sent before the workbench has bound its keybindings are lost: press again until it opens.
  await until('the Quick Open box', async () => {
    if (!(await page.isVisible('.quick-input-widget .quick-input-box input'))) {
      await page.keyboard.press('Control+P');
      await sleep(500);
    }
    return page.isVisible('.quick-input-widget .quick-input-box input');
  });
  await page.keyboard.type(name, { delay: 40 });
  await until(`${name} among the Quick Open results`, async () => (await rows(page, '.quick-input-list .monaco-list-row'))
    .some((row) => row.label.includes(name)));
  await page.keyboard.press('Enter');
  await until(`${name} in the editor`, async () => (await editorLines(page)).some((line) => line.includes(marker)));
}

/** Control+Shift+P, the command's title, Enter. */
async function runCommand(page, title) {
  await until('the command palette', async () => {
    if (!(await page.isVisible('.quick-input-widget .quick-input-box input'))) {
      await page.keyboard.press('Control+Shift+P');
      await sleep(300);
    }
    return page.isVisible('.quick-input-widget .quick-input-box input');
  }, { timeout: 30000 });
  await page.keyboard.type(title, { delay: 20 });
  await until(`"${title}" in the command palette`, async () => (await rows(page, '.quick-input-list .monaco-list-row'))
    .some((row) => row.label.startsWith(title)), { timeout: 30000 });
  const first = (await rows(page, '.quick-input-list .monaco-list-row'))[0];
  if (!first.label.startsWith(title)) throw new Error(`the first command is "${first.label}", not "${title}"`);
  await page.keyboard.press('Enter');
  await until('the command palette to close', async () => !(await page.isVisible('.quick-input-widget .quick-input-box input')), { timeout: 30000 });
}

/** Control+G, "line:column", Enter: the cursor goes there. */
async function goTo(page, { line, column }) {
  await until('the Go to Line box', async () => {
    if (!(await page.isVisible('.quick-input-widget .quick-input-box input'))) {
      await page.keyboard.press('Control+G');
      await sleep(300);
    }
    return page.isVisible('.quick-input-widget .quick-input-box input');
  }, { timeout: 30000 });
  // The box opens holding ":" (Go to Line); type the position after it.
  const value = await page.inputValue('.quick-input-widget .quick-input-box input');
  await page.keyboard.type(`${value.startsWith(':') ? '' : ':'}${line}:${column}`, { delay: 20 });
  await sleep(150);
  await page.keyboard.press('Enter');
  await until('the Go to Line box to close', async () => !(await page.isVisible('.quick-input-widget .quick-input-box input')), { timeout: 30000 });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[ui] ${err.message}`);
    process.exit(1);
  },
);
