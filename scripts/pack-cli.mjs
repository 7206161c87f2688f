#!/usr/bin/env node
/**
 * Packs magento-integration-check, the command line (and the bare language server) as an npm package of its
 * own: the bins of server/bin, the CLI and server bundles with their data (scripts/bundle.mjs: run
 * `npm run build` first), the documents they link to, the licence and third-party notices, and the GitHub
 * Action. No dependencies: everything it runs is in the bundles, so it installs offline from the tarball.
 *
 *   node scripts/pack-cli.mjs [--out DIR]     writes DIR/magento-integration-check-<version>.tgz (default: .)
 *
 * The package is staged in a temporary folder from cli-package/ (its package.json and README; the version
 * is server/package.json's), then packed there with `npm pack`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACT_BUNDLES } from './notices.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Package path -> repository path of every file the package holds (folders: every file in them). */
export function cliPackageFiles() {
  const files = {
    'README.md': 'cli-package/README.md',
    'LICENSE': 'LICENSE',
    'CHANGELOG.md': 'CHANGELOG.md',
    'THIRD-PARTY-NOTICES.md': 'dist/cli/THIRD-PARTY-NOTICES.md',
    'bin/magento-integration-check': 'server/bin/magento-integration-check',
    'bin/magento-integration-ls': 'server/bin/magento-integration-ls',
    'bin/bundle.js': 'server/bin/bundle.js',
    'dist/data': 'dist/data',
    'docs/cli.md': 'docs/cli.md',
    // The GitHub Action, usable from the installed package: `uses: ./node_modules/magento-integration-check`.
    'action.yml': 'action.yml',
    'action': 'action',
  };
  for (const name of ARTIFACT_BUNDLES.cli) files[`dist/${name}.js`] = `dist/${name}.js`;
  // A rule's documentation (codeDescription links), when there is any.
  if (existsSync(join(root, 'docs/rules'))) files['docs/rules'] = 'docs/rules';
  return files;
}

/** Stages and packs the package into outDir; returns the tarball's path. */
export function packCli(outDir = root) {
  const server = JSON.parse(readFileSync(join(root, 'server/package.json'), 'utf8'));
  const manifest = { ...JSON.parse(readFileSync(join(root, 'cli-package/package.json'), 'utf8')), version: server.version };
  const stage = mkdtempSync(join(tmpdir(), 'magento-integration-check-'));
  try {
    for (const [to, from] of Object.entries(cliPackageFiles())) {
      const source = join(root, from);
      if (!existsSync(source)) throw new Error(`${from} is missing${from.startsWith('dist/') ? ': run npm run build first' : ''}`);
      mkdirSync(dirname(join(stage, to)), { recursive: true });
      cpSync(source, join(stage, to), { recursive: true, filter: (file) => !file.endsWith('.map') });
    }
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    mkdirSync(outDir, { recursive: true });
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', resolve(outDir)], {
      cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' },
    }));
    return join(resolve(outDir), packed.filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const tarball = packCli(at > 0 ? process.argv[at + 1] : root);
  process.stdout.write(`${tarball}\n`);
}
