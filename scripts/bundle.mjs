#!/usr/bin/env node
// Bundles the extension for packaging: dist/client-main.js (the VS Code client; vscode-languageclient, most of
// its code, is dist/languageclient-main.js, required after activation, and markdown-it dist/markdown-it.js,
// required by the first permissions view), dist/server-main.js (the
// language server, with the catalog next to it in dist/data) and dist/tolerant-parser.js (@xml-tools/parser
// and chevrotain, a third of the server's code, loaded only when a document is not well-formed), and in front
// of the main bundles dist/client.js, dist/languageclient.js and dist/server.js (scripts/code-cache-entry.ts: each loads its
// bundle with a V8 code cache). The command line, magento-integration-check, is dist/cli-main.js behind
// dist/cli.js; server/bin/* run these bundles, and the CLI package (scripts/pack-cli.mjs) ships them.
// Minified; source maps are written beside the bundles for debugging and kept out of both packages.
// Each artifact's third-party notices are generated from the bundles' metafiles (kept in dist/meta/ for the
// tests): dist/THIRD-PARTY-NOTICES.md for the VSIX, dist/cli/THIRD-PARTY-NOTICES.md for the CLI package.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACT_BUNDLES, renderNotices } from './notices.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const version = JSON.parse(readFileSync(join(root, 'server/package.json'), 'utf8')).version;
const common = {
  bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, sourcemap: true, logLevel: 'warning',
  absWorkingDir: root, metafile: true,
  // The CLI's --version: a bundle has no server/package.json beside it to read.
  define: { BUNDLED_VERSION: JSON.stringify(version) },
};

/** The tolerant parser stays out of the server bundle: `require('@xml-tools/parser')` loads the file beside it. */
const tolerantParserApart = {
  name: 'tolerant-parser-apart',
  setup(b) {
    b.onResolve({ filter: /^@xml-tools\/parser$/ }, () => ({ path: './tolerant-parser.js', external: true }));
  },
};

/** The code-cache entry in front of bundle `main` (dist/<name>.js). */
const entry = (name, main) => build({
  ...common,
  entryPoints: [join(root, 'scripts/code-cache-entry.ts')],
  outfile: join(root, `dist/${name}.js`),
  define: { BUNDLE_MAIN: JSON.stringify(main), BUNDLE_NAME: JSON.stringify(name) },
}).then((result) => [name, result]);

/** vscode-languageclient is a bundle of its own too, required by the client once activate() has returned. */
const languageClientApart = {
  name: 'language-client-apart',
  setup(b) {
    b.onResolve({ filter: /^vscode-languageclient\/node$/ }, () => ({ path: './languageclient.js', external: true }));
  },
};

/** So is markdown-it, required when the first permissions view opens (ten times the client's own code). */
const markdownItApart = {
  name: 'markdown-it-apart',
  setup(b) {
    b.onResolve({ filter: /^markdown-it$/ }, () => ({ path: './markdown-it.js', external: true }));
  },
};

/** Bundle `name` (dist/<name>.js) of `entryPoint`. */
const bundle = (name, entryPoint, options = {}) =>
  build({ ...common, entryPoints: [join(root, entryPoint)], outfile: join(root, `dist/${name}.js`), ...options }).then((result) => [name, result]);

const results = new Map(await Promise.all([
  entry('client', 'client-main.js'),
  entry('languageclient', 'languageclient-main.js'),
  bundle('languageclient-main', 'node_modules/vscode-languageclient/lib/node/main.js', { external: ['vscode'] }),
  entry('server', 'server-main.js'),
  bundle('client-main', 'client/src/extension.ts', { external: ['vscode'], plugins: [languageClientApart, markdownItApart] }),
  bundle('markdown-it', 'node_modules/markdown-it/dist/index.cjs.js'),
  bundle('server-main', 'server/src/server.ts', { plugins: [tolerantParserApart] }),
  bundle('tolerant-parser', 'node_modules/@xml-tools/parser/lib/api.js'),
  entry('cli', 'cli-main.js'),
  bundle('cli-main', 'server/src/cli/main.ts', { plugins: [tolerantParserApart] }),
]));
mkdirSync(join(root, 'dist/data'), { recursive: true });
for (const data of ['magento-catalog.json', 'magento-schemas.json']) copyFileSync(join(root, 'server/data', data), join(root, 'dist/data', data));

mkdirSync(join(root, 'dist/meta'), { recursive: true });
for (const [name, result] of results) writeFileSync(join(root, `dist/meta/${name}.json`), JSON.stringify(result.metafile));
const metafilesOf = (artifact) => ARTIFACT_BUNDLES[artifact].map((name) => results.get(name).metafile);
writeFileSync(join(root, 'dist/THIRD-PARTY-NOTICES.md'), renderNotices(root, metafilesOf('vsix'), 'the VS Code extension'));
mkdirSync(join(root, 'dist/cli'), { recursive: true });
writeFileSync(join(root, 'dist/cli/THIRD-PARTY-NOTICES.md'), renderNotices(root, metafilesOf('cli'), 'magento-integration-check'));
