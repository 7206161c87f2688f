'use strict';
/*
 * Runs inside a real VS Code extension host (code-server, see test/vscode): activates the extension once and
 * writes how long `extension.activate()` took — loading dist/client.js and running its activate() — to the
 * file named by MAGENTO_BENCH_ACTIVATE_OUT. The workspace is an empty folder, so nothing (no
 * workspaceContains event) has activated the extension before. With MAGENTO_BENCH_ACTIVATE_SPLIT=1 the
 * bundle is required first and timed alone (loadMs), so `ms` is then the activate() call only.
 * MAGENTO_BENCH_ACTIVATE_AFTER_MS keeps the window open that long after activating (a warm-up run, so the
 * code cache of dist/client.js gets written).
 */
const fs = require('fs');
const { performance } = require('perf_hooks');
const vscode = require('vscode');

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('integration-acl-tools.integration-acl-xml');
  if (!ext) throw new Error('extension integration-acl-tools.integration-acl-xml not found');
  const wasActive = ext.isActive;
  // Let the workbench finish starting (it competes for the CPU with the extension host), so the figure is
  // the extension's, not the start-up's noise.
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.MAGENTO_BENCH_ACTIVATE_SETTLE_MS ?? 5000)));
  // Diagnostic split (MAGENTO_BENCH_ACTIVATE_SPLIT=1): load the bundle first, so activate() is the call alone.
  let loadMs;
  if (process.env.MAGENTO_BENCH_ACTIVATE_SPLIT === '1') {
    const t = performance.now();
    require(require('path').join(ext.extensionPath, ext.packageJSON.main));
    loadMs = performance.now() - t;
  }
  const start = performance.now();
  await ext.activate();
  const ms = performance.now() - start;
  fs.writeFileSync(process.env.MAGENTO_BENCH_ACTIVATE_OUT, JSON.stringify({ ms, loadMs, wasActive, node: process.version, vscode: vscode.version }));
  // A warm-up run stays a while, as a real window does, so the extension writes its code cache.
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.MAGENTO_BENCH_ACTIVATE_AFTER_MS ?? 0)));
};
