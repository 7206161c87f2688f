#!/usr/bin/env node
// Bundles the extension for packaging: dist/client.js (the VS Code client) and dist/server.js (the
// language server, with the catalog next to it in dist/data). Minified; source maps are written beside
// the bundles for debugging and kept out of the VSIX by .vscodeignore.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/client.js'), external: ['vscode'] }),
  build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server.js') }),
]);
mkdirSync(join(root, 'dist/data'), { recursive: true });
for (const data of ['magento-catalog.json', 'magento-schemas.json']) copyFileSync(join(root, 'server/data', data), join(root, 'dist/data', data));
