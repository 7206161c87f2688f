#!/usr/bin/env node
/**
 * The step of the GitHub Action (action.yml): runs magento-integration-check on INPUT_PATHS with INPUT_FORMAT
 * and INPUT_SEVERITY, first writing a SARIF log to INPUT_SARIF if asked (with --severity off: code scanning
 * decides what blocks a merge), and exits with the check's exit code. Outputs `exit-code` and `sarif` go to
 * $GITHUB_OUTPUT. CI runs it locally through scripts/run-action.mjs, which executes action.yml's steps.
 *
 * The check itself comes from beside this file when it is there: the magento-integration-check package
 * (bin/, dist/) or a built repository (server/bin/, dist/). Otherwise INPUT_PACKAGE (an npm package spec,
 * e.g. the path of the .tgz), by default magento-integration-check at the action's own version, is installed
 * into a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const actionDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FORMATS = ['github', 'text', 'json', 'sarif'];
const LEVELS = ['error', 'warning', 'information', 'hint', 'off'];

function fail(message) {
  process.stderr.write(`::error title=magento-integration-check::${message}\n`);
  process.exit(2);
}

/** The version of the package or repository this action is part of. */
function ownVersion() {
  for (const file of [join(actionDir, 'package.json'), join(actionDir, 'server', 'package.json')]) {
    try {
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      if (manifest.name === 'magento-integration-check' || manifest.name === 'magento-integration-ls') return manifest.version;
    } catch {
      // not this layout
    }
  }
  return undefined;
}

/** The command line (node + script) of magento-integration-check. */
function checkCommand(packageSpec) {
  for (const bin of [join(actionDir, 'bin', 'magento-integration-check'), join(actionDir, 'server', 'bin', 'magento-integration-check')]) {
    if (existsSync(bin) && existsSync(join(actionDir, 'dist', 'cli.js')) && !packageSpec) return [process.execPath, bin];
  }
  const spec = packageSpec || (ownVersion() ? `magento-integration-check@${ownVersion()}` : 'magento-integration-check');
  const prefix = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'magento-integration-check-'));
  const install = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', spec.startsWith('.') ? resolve(spec) : spec], {
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (install.status !== 0) fail(`cannot install ${spec} (npm install exited with ${install.status ?? install.error?.message})`);
  return [process.execPath, join(prefix, 'node_modules', 'magento-integration-check', 'bin', 'magento-integration-check')];
}

function setOutput(name, value) {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

const env = (name, fallback) => (process.env[`INPUT_${name}`] ?? '').trim() || fallback;
const rawPaths = env('PATHS', '.');
// One per line; a single line may list several, separated by spaces.
const paths = (rawPaths.includes('\n') ? rawPaths.split('\n') : rawPaths.split(/\s+/)).map((p) => p.trim()).filter(Boolean);
const format = env('FORMAT', 'github');
const severity = env('SEVERITY', 'warning');
const sarif = env('SARIF', '');
if (!FORMATS.includes(format)) fail(`format "${format}" is not one of ${FORMATS.join(', ')}`);
if (!LEVELS.includes(severity)) fail(`severity "${severity}" is not one of ${LEVELS.join(', ')}`);

const [node, bin] = checkCommand(env('PACKAGE', ''));
if (sarif) {
  const run = spawnSync(node, [bin, '--format', 'sarif', '--severity', 'off', '--', ...paths], { encoding: 'utf8', maxBuffer: 1 << 30 });
  process.stderr.write(run.stderr ?? '');
  if (run.status !== 0) fail(`the SARIF run exited with ${run.status ?? run.error?.message}`);
  writeFileSync(sarif, run.stdout);
  setOutput('sarif', sarif);
}
const check = spawnSync(node, [bin, '--format', format, '--severity', severity, '--', ...paths], { stdio: 'inherit' });
const code = check.status ?? 2;
setOutput('exit-code', code);
process.exit(code);
