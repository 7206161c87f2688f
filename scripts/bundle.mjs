#!/usr/bin/env node
// Bundles the extension for packaging: dist/client.js (the VS Code client) and the language server, with
// the catalog next to it in dist/data: dist/server.js (server/src/bundleEntry.ts: loads the next one with a
// V8 code cache), dist/server-main.js (the server) and dist/tolerant-parser.js (@xml-tools/parser and
// chevrotain, a third of the server's code, loaded only when a document is not well-formed). Minified;
// source maps are written beside the bundles for debugging and kept out of the VSIX by .vscodeignore.
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

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/client.js'), external: ['vscode'] }),
  build({ ...common, entryPoints: [join(root, 'server/src/bundleEntry.ts')], outfile: join(root, 'dist/server.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server-main.js'), plugins: [tolerantParserApart] }),
  build({ ...common, entryPoints: [join(root, 'node_modules/@xml-tools/parser/lib/api.js')], outfile: join(root, 'dist/tolerant-parser.js') }),
]);
mkdirSync(join(root, 'dist/data'), { recursive: true });
for (const data of ['magento-catalog.json', 'magento-schemas.json']) copyFileSync(join(root, 'server/data', data), join(root, 'dist/data', data));
