#!/usr/bin/env node
// Bundles the extension for packaging: dist/client-main.js (the VS Code client; vscode-languageclient, most of
// its code, is dist/languageclient-main.js, required after activation), dist/server-main.js (the
// language server, with the catalog next to it in dist/data) and dist/tolerant-parser.js (@xml-tools/parser
// and chevrotain, a third of the server's code, loaded only when a document is not well-formed), and in front
// of the main bundles dist/client.js, dist/languageclient.js and dist/server.js (scripts/code-cache-entry.ts: each loads its
// bundle with a V8 code cache). Minified; source maps are written beside the bundles for debugging and kept
// out of the VSIX by .vscodeignore.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, sourcemap: true, logLevel: 'warning' };

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
});

/** vscode-languageclient is a bundle of its own too, required by the client once activate() has returned. */
const languageClientApart = {
  name: 'language-client-apart',
  setup(b) {
    b.onResolve({ filter: /^vscode-languageclient\/node$/ }, () => ({ path: './languageclient.js', external: true }));
  },
};

await Promise.all([
  entry('client', 'client-main.js'),
  entry('languageclient', 'languageclient-main.js'),
  build({ ...common, entryPoints: [join(root, 'node_modules/vscode-languageclient/lib/node/main.js')], outfile: join(root, 'dist/languageclient-main.js'), external: ['vscode'] }),
  entry('server', 'server-main.js'),
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/client-main.js'), external: ['vscode'], plugins: [languageClientApart] }),
  build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server-main.js'), plugins: [tolerantParserApart] }),
  build({ ...common, entryPoints: [join(root, 'node_modules/@xml-tools/parser/lib/api.js')], outfile: join(root, 'dist/tolerant-parser.js') }),
]);
mkdirSync(join(root, 'dist/data'), { recursive: true });
for (const data of ['magento-catalog.json', 'magento-schemas.json']) copyFileSync(join(root, 'server/data', data), join(root, 'dist/data', data));
