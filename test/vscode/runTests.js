#!/usr/bin/env node
'use strict';
/*
 * Runs a compiled extension test suite in a real VS Code with @vscode/test-electron's standard runTests.
 *
 *   node test/vscode/runTests.js [--suite <index.js>] [--workspace <folder> | --fixture <name> | --no-folder]
 *                                [--extension <folder>] [--extensions-dir <dir>]
 *
 *   --suite           module whose run() VS Code calls in the extension host
 *                     (default: test/out/suite/index.js, compiled from test/suite by `tsc -b test`)
 *   --workspace       folder or .code-workspace to open, used in place
 *   --fixture         open a scratch copy of test/fixtures/<name> (default: workspace; the suite may write files)
 *   --no-folder       open a window without any folder
 *   --extension       extensionDevelopmentPath (default: the repository root, which is the extension manifest)
 *   --extensions-dir  extensions dir to run with, e.g. one where a packaged .vsix was installed; then pass an
 *                     --extension that is not the extension itself, or its development copy shadows the
 *                     installed one (see code-server-launcher.js)
 *
 * By default VS Code is code-server driven by test/vscode/code-server-launcher.js (run
 * scripts/setup-vscode-test.sh once). With VSCODE_TEST_DESKTOP=1, test-electron downloads and runs desktop
 * VS Code as usual instead. Exits non-zero when a test fails or VS Code cannot be run.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseArgs } = require('util');
const { runTests } = require('@vscode/test-electron');

const repoRoot = path.resolve(__dirname, '../..');

async function main() {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string', default: path.join(repoRoot, 'test/out/suite/index.js') },
      workspace: { type: 'string' },
      fixture: { type: 'string', default: 'workspace' },
      'no-folder': { type: 'boolean', default: false },
      extension: { type: 'string', default: repoRoot },
      'extensions-dir': { type: 'string' },
    },
  });
  const desktop = process.env.VSCODE_TEST_DESKTOP === '1';
  const scratchWorkspace = values.workspace || values['no-folder']
    ? undefined
    : fs.mkdtempSync(path.join(os.tmpdir(), 'magento-vscode-workspace-'));
  if (scratchWorkspace) fs.cpSync(path.join(repoRoot, 'test/fixtures', values.fixture), scratchWorkspace, { recursive: true });
  const folder = values['no-folder'] ? [] : [path.resolve(values.workspace || scratchWorkspace)];
  const extensionsDir = values['extensions-dir'] && path.resolve(values['extensions-dir']);

  try {
    await runTests({
      vscodeExecutablePath: desktop ? undefined : path.join(__dirname, 'code-server-launcher.js'),
      extensionDevelopmentPath: path.resolve(values.extension),
      extensionTestsPath: path.resolve(values.suite),
      launchArgs: [
        ...folder,
        // Desktop VS Code takes the dir on its command line; the launcher ignores that flag (test-electron
        // always passes one) and reads MAGENTO_VSCODE_EXTENSIONS_DIR instead.
        ...(extensionsDir ? [`--extensions-dir=${extensionsDir}`] : ['--disable-extensions']),
      ],
      extensionTestsEnv: extensionsDir ? { MAGENTO_VSCODE_EXTENSIONS_DIR: extensionsDir } : undefined,
    });
  } finally {
    if (scratchWorkspace) fs.rmSync(scratchWorkspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`runTests: ${err.message}`);
  process.exit(typeof err.code === 'number' && err.code !== 0 ? err.code : 1);
});
