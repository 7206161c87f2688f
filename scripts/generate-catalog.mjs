#!/usr/bin/env node
// Generates server/data/magento-catalog.json, the catalog the server ships, from the Magento corpus:
// the ACL tree of every core acl.xml, the web API routes of every core webapi.xml, and the ACL id history.
// It reads the files with the server's own XML readers (build first: npm run build).
//
//   node scripts/generate-catalog.mjs [--corpus DIR] [--out FILE] [--check]
//
// --check compares with the existing file instead of writing it (exit 1 when they differ).
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const service = (m) => require(join(root, 'server/out/src/service', m));
const { parseXml, attribute, childrenNamed } = service('xml/xmlDocument.js');
const { readAclFile } = service('files/aclFile.js');
const { readWebapiRoutes } = service('files/webapiFile.js');
const { readModuleName } = service('files/moduleFile.js');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const corpus = opt('--corpus', join(root, '..', 'shared', 'corpus'));
const out = opt('--out', join(root, 'server', 'data', 'magento-catalog.json'));
const magento = join(corpus, 'magento2');
if (!existsSync(magento)) {
  console.error(`generate-catalog: no Magento tree at ${magento} (pass --corpus DIR)`);
  process.exit(2);
}

/** Line and UTF-16 character of an offset, as LSP counts them. */
function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** app/code/<Vendor>/<Module>/etc/<name>, sorted, with the module name from etc/module.xml. */
function moduleFiles(name) {
  const found = [];
  const code = join(magento, 'app', 'code');
  for (const vendor of readdirSync(code).sort()) {
    for (const module of readdirSync(join(code, vendor)).sort()) {
      const file = join(code, vendor, module, 'etc', name);
      if (!existsSync(file)) continue;
      const moduleXml = join(code, vendor, module, 'etc', 'module.xml');
      const moduleName = (existsSync(moduleXml) && readModuleName(parseXml(readFileSync(moduleXml, 'utf8')))) || `${vendor}_${module}`;
      found.push({ file, path: relative(magento, file).split('\\').join('/'), module: moduleName });
    }
  }
  return found;
}

const acl = moduleFiles('acl.xml').map(({ file, path, module }) => {
  const text = readFileSync(file, 'utf8');
  const xml = parseXml(text);
  if (xml.errors.length) throw new Error(`${path}: ${xml.errors[0].message}`);
  return {
    module,
    path,
    resources: readAclFile(xml).map((d) => {
      const r = { id: d.id };
      if (d.parentId !== undefined) r.parent = d.parentId;
      if (d.title !== undefined) r.title = d.title;
      if (d.sortOrder !== undefined) r.sortOrder = d.sortOrder;
      if (d.disabled) r.disabled = true;
      return { ...r, ...positionAt(text, d.idStart) };
    }),
  };
});

const routes = moduleFiles('webapi.xml').flatMap(({ file, path, module }) => {
  const text = readFileSync(file, 'utf8');
  return readWebapiRoutes(parseXml(text)).map((route) => ({
    method: route.method,
    url: route.url,
    refs: route.refs.map((r) => r.ref),
    module,
    path,
    line: positionAt(text, route.start).line,
  }));
});

// Every module of the release (module.xml), also those without an acl.xml: an id naming one of them is
// "unknown", not "unverifiable".
const code = join(magento, 'app', 'code');
const modules = readdirSync(code).sort().flatMap((vendor) =>
  readdirSync(join(code, vendor)).sort().flatMap((module) => {
    const moduleXml = join(code, vendor, module, 'etc', 'module.xml');
    const name = existsSync(moduleXml) && readModuleName(parseXml(readFileSync(moduleXml, 'utf8')));
    return name ? [name] : [];
  }),
);

const historyXml = parseXml(readFileSync(join(corpus, 'magento2-acl-history', 'acl-ids-by-release.xml'), 'utf8'));
const releases = childrenNamed(historyXml.root, 'releases').flatMap((r) => childrenNamed(r, 'release')).map((r) => attribute(r, 'name').value);
const ids = {};
for (const r of childrenNamed(historyXml.root, 'resource')) {
  ids[attribute(r, 'id').value] = [attribute(r, 'first').value, attribute(r, 'last').value];
}
const release = releases[releases.length - 1];

const catalog = {
  product: 'Magento Open Source',
  release,
  generatedFrom: 'shared/corpus (magento2/app/code/*/*/etc/{acl,webapi}.xml, magento2-acl-history/acl-ids-by-release.xml)',
  licence: 'Data derived from Magento Open Source files, OSL-3.0 / AFL-3.0',
  modules,
  acl,
  routes,
  history: { releases, ids },
};
const json = JSON.stringify(catalog) + '\n';

if (args.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== json) {
    console.error(`generate-catalog: ${relative(root, out)} is out of date; run npm run generate-catalog`);
    process.exit(1);
  }
  console.log(`generate-catalog: ${relative(root, out)} is up to date`);
} else {
  writeFileSync(out, json);
  const distinct = new Set(acl.flatMap((f) => f.resources.map((r) => r.id))).size;
  console.log(`generate-catalog: wrote ${relative(root, out)}: ${acl.length} acl.xml files, ${distinct} ids, ${routes.length} routes, ${Object.keys(ids).length} ids in the history of ${releases.length} releases`);
}
