#!/usr/bin/env node
// Generates server/data/magento-schemas.json, the schema model the server ships, from Magento's own XSDs in the
// corpus (Magento_Integration etc/integration/*.xsd, Magento_Webapi etc/webapi*.xsd, Framework Acl/etc/acl*.xsd),
// compiled with the service's own XSD compiler (build first: npx tsc -p server). The XSDs themselves are never
// shipped: only this model, which is derived from them.
//
//   node scripts/generate-schemas.mjs [--corpus DIR] [--out FILE] [--check]
//
// --check compares with the existing file instead of writing it (exit 1 when they differ).
import { readFileSync, writeFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { compileSchemas } = require(join(root, 'server/out/src/service/schema/xsdCompiler.js'));

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const corpus = opt('--corpus', join(root, '..', 'shared', 'corpus'));
const out = opt('--out', join(root, 'server', 'data', 'magento-schemas.json'));
const magento = join(corpus, 'magento2');
if (!existsSync(magento)) {
  console.error(`generate-schemas: no Magento tree at ${magento} (pass --corpus DIR)`);
  process.exit(2);
}

/** The XSDs, keyed by the URN Magento resolves them by. */
const locations = [
  ['app/code/Magento/Integration/etc/integration', 'urn:magento:module:Magento_Integration:etc/integration/'],
  ['app/code/Magento/Webapi/etc', 'urn:magento:module:Magento_Webapi:etc/'],
  ['lib/internal/Magento/Framework/Acl/etc', 'urn:magento:framework:Acl/etc/'],
];
const sources = {};
const files = [];
for (const [dir, urn] of locations) {
  for (const name of readdirSync(join(magento, dir)).sort()) {
    const file = join(magento, dir, name);
    if (!name.endsWith('.xsd') || !statSync(file).isFile()) continue;
    sources[urn + name] = readFileSync(file, 'utf8');
    files.push(`${dir}/${name}`);
  }
}

// The schemas Magento validates against: per file and merged (see corpus README section 7). The *_base.xsd files
// are only included/redefined by these.
const entries = ['api.xsd', 'config.xsd', 'integration.xsd', 'integration_file.xsd', 'acl.xsd', 'acl_merged.xsd', 'webapi.xsd', 'webapi_merged.xsd']
  .map((name) => {
    const key = Object.keys(sources).find((k) => k.endsWith(`/${name}`));
    if (!key) throw new Error(`generate-schemas: ${name} is missing from the corpus`);
    return key;
  });
const compiled = compileSchemas(sources, entries);
const model = {
  version: compiled.version,
  generatedFrom: `shared/corpus/magento2 (Magento Open Source 2.4.7-p1): ${files.join(', ')}`,
  licence: 'Data derived from Magento Open Source files, OSL-3.0 / AFL-3.0',
  schemas: compiled.schemas,
};
const json = JSON.stringify(model, null, 1) + '\n';

if (args.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== json) {
    console.error(`generate-schemas: ${relative(root, out)} is out of date; run node scripts/generate-schemas.mjs`);
    process.exit(1);
  }
  console.log(`generate-schemas: ${relative(root, out)} is up to date`);
} else {
  writeFileSync(out, json);
  console.log(`generate-schemas: wrote ${relative(root, out)}: ${Object.keys(model.schemas).length} schemas (${Object.keys(model.schemas).join(', ')}) from ${files.length} XSDs`);
}
