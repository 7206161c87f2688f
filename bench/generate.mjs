/**
 * Benchmark workspaces, generated deterministically from ../shared/corpus into a cache dir outside git
 * (${XDG_CACHE_HOME:-~/.cache}/magento-integration-bench) and reused while the generator and the corpus are
 * unchanged.
 *
 * Scale s (1, 5, 20) = s copies of the 83 core modules of magento2/app/code (73 with an acl.xml, 36 with a
 * webapi.xml, all with a module.xml): copy 1 keeps its real names (Magento_Sales), copy k >= 2 is renamed
 * consistently in every file (Magento_Sales / PayPal_Braintree -> Vendor<k>_Sales / Vendor<k>_Braintree, ids,
 * refs, module names and sequences; web API urls get a /vendor<k> segment so routes stay distinct). The
 * ACL root Magento_Backend::admin is left alone, so every copy hangs below the one root, as in a real merged
 * Magento tree (a real project declares Magento_Backend::admin in every acl.xml, and so does this one):
 * distinct ids = 1 + 275 s (276 / 1,376 / 5,501). Plus the 29 real third-party modules of
 * corpus/thirdparty under app/code (including the 245-resource api.xml of dealer4dealer xCore).
 *
 * Two layouts per scale:
 *   plain-<s>x      app/code/<Vendor>/<Module>/etc/... only (what the server must read, nothing else)
 *   composer-<s>x   the core copies as composer packages (vendor/<vendor>/module-<name>/etc/...) listed in
 *                   vendor/composer/installed.json with their autoload data (modules list their
 *                   registration.php, libraries only namespaces), the third-party modules in app/code, and 100,000
 *                   non-Magento files (empty: the scanner reads directory entries, never their content):
 *                   30,000 in the module packages (registration.php, etc/di.xml, Model/, view/ ...),
 *                   45,000 in 250 library packages (also listed in installed.json), 10,000 in dev/, setup/
 *                   and lib/ (walked), 15,000 in generated/, var/, pub/static and node_modules (never walked).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, closeSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 4;
export const PADDING = { modules: 30_000, libraries: 45_000, walked: 10_000, skipped: 15_000 };
const LIBRARY_PACKAGES = 250;
const MAGENTO_FILE = /(^|\/)etc\/(acl|webapi|module|integration)\.xml$|(^|\/)etc\/integration\/(api|config)\.xml$/;

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'magento-integration-bench');
}

// ---------------------------------------------------------------------------------------------- corpus

function walkFiles(dir, out = [], rel = '') {
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walkFiles(dir, out, r);
    else if (entry.isFile()) out.push(r);
  }
  return out;
}

/** The corpus files the trees are made of, read once: core modules and third-party modules. */
export function readCorpus() {
  const codeRoot = path.join(corpusRoot, 'magento2', 'app', 'code');
  const core = [];
  for (const vendor of readdirSync(codeRoot).sort()) {
    for (const module of readdirSync(path.join(codeRoot, vendor)).sort()) {
      const etc = path.join(codeRoot, vendor, module, 'etc');
      if (!existsSync(etc)) continue;
      const files = {};
      for (const name of ['acl.xml', 'webapi.xml', 'module.xml']) {
        const file = path.join(etc, name);
        if (existsSync(file)) files[name] = readFileSync(file, 'utf8');
      }
      if (files['module.xml']) core.push({ vendor, module, files });
    }
  }
  const thirdRoot = path.join(corpusRoot, 'thirdparty');
  const thirdparty = [];
  for (const dir of readdirSync(thirdRoot).sort()) {
    const files = {};
    for (const rel of walkFiles(path.join(thirdRoot, dir))) files[rel] = readFileSync(path.join(thirdRoot, dir, rel), 'utf8');
    const name = /<module\s+name="([^"]+)"/.exec(files['etc/module.xml'] ?? '')?.[1] ?? dir.replace(/\W/g, '_');
    thirdparty.push({ dir, name, files });
  }
  const hash = createHash('sha256');
  for (const m of core) for (const [k, v] of Object.entries(m.files)) hash.update(`${m.vendor}/${m.module}/${k}\0${v}\0`);
  for (const m of thirdparty) for (const [k, v] of Object.entries(m.files)) hash.update(`${m.dir}/${k}\0${v}\0`);
  return { core, thirdparty, hash: hash.digest('hex').slice(0, 16) };
}

/** Copy k of a core file: every Magento_/PayPal_ module and id renamed to Vendor<k>_, the root kept. */
export function renameCopy(text, k, kind) {
  if (k === 1) return text;
  let out = text.replace(/\b(?:Magento|PayPal)_(?=[A-Z])/g, `Vendor${k}_`).replaceAll(`Vendor${k}_Backend::admin`, 'Magento_Backend::admin');
  if (kind === 'webapi.xml') out = out.replace(/url="\/V1\//g, `url="/V1/vendor${k}/`);
  return out;
}

/** Every ACL id the core acl.xml files declare, in document order (parents first), once each. */
export function coreAclIds(corpus) {
  const ids = [];
  const seen = new Set();
  for (const m of corpus.core) {
    for (const [, id] of (m.files['acl.xml'] ?? '').matchAll(/<resource\s+id="([^"]+)"/g)) {
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
  }
  return ids;
}

// ------------------------------------------------------------------------------------------- writing

class TreeWriter {
  constructor(root) {
    this.root = root;
    this.dirs = new Set();
    this.magentoFiles = [];
    this.paddingFiles = 0;
  }
  dir(rel) {
    if (this.dirs.has(rel)) return;
    mkdirSync(path.join(this.root, rel), { recursive: true });
    this.dirs.add(rel);
  }
  write(rel, text) {
    this.dir(path.posix.dirname(rel));
    writeFileSync(path.join(this.root, rel), text);
    if (MAGENTO_FILE.test(rel)) this.magentoFiles.push(rel);
  }
  /** An empty non-Magento file. */
  pad(rel) {
    this.dir(path.posix.dirname(rel));
    closeSync(openSync(path.join(this.root, rel), 'w'));
    this.paddingFiles++;
  }
}

const kebab = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();

/** Where each copy of each core module goes, and its renamed files. */
function coreModules(corpus, scale) {
  const out = [];
  for (let k = 1; k <= scale; k++) {
    for (const m of corpus.core) {
      const vendor = k === 1 ? m.vendor : `Vendor${k}`;
      const files = Object.fromEntries(Object.entries(m.files).map(([name, text]) => [name, renameCopy(text, k, name)]));
      out.push({ vendor, module: m.module, name: `${vendor}_${m.module}`, files, copy: k });
    }
  }
  return out;
}

function writeThirdparty(w, corpus) {
  const taken = new Set();
  for (const m of corpus.thirdparty) {
    let [vendor, module] = m.name.includes('_') ? m.name.split('_', 2) : ['ThirdParty', m.name];
    // Two corpus repositories ship a module of the same name; the second gets its own folder.
    while (taken.has(`${vendor}/${module}`)) module += 'Copy';
    taken.add(`${vendor}/${module}`);
    for (const [rel, text] of Object.entries(m.files)) w.write(`app/code/${vendor}/${module}/${rel}`, text);
  }
}

/** Spreads `count` empty files round-robin over `dirs` (relative to `base`), named after their index. */
function padFiles(w, base, dirs, count, ext = 'php') {
  for (let i = 0; i < count; i++) {
    const dir = dirs[i % dirs.length];
    w.pad(`${base}/${dir}/File${Math.floor(i / dirs.length)}.${ext}`);
  }
}

const MODULE_PAD_DIRS = [
  '.', 'etc', 'etc/adminhtml', 'etc/frontend', 'Model', 'Model/ResourceModel', 'Model/ResourceModel/Entity', 'Api', 'Api/Data',
  'Controller/Adminhtml/Index', 'Block/Adminhtml/Edit', 'Observer', 'Plugin', 'Setup/Patch/Data', 'Test/Unit/Model',
  'Test/Unit/Controller/Adminhtml', 'view/adminhtml/templates', 'view/adminhtml/layout', 'view/adminhtml/ui_component',
  'view/frontend/web/js/view', 'view/frontend/web/template/form/element', 'i18n', 'Helper', 'Ui/Component/Listing/Column',
];
const LIBRARY_PAD_DIRS = [
  'src', 'src/Component', 'src/Component/Exception', 'src/Component/Handler/Internal', 'src/Util', 'src/Resources/config',
  'src/Resources/translations/xliff', 'tests', 'tests/Unit/Component', 'tests/Fixtures/data/nested', 'docs',
];

function writeComposerPadding(w, modules, magentoPackages) {
  // 1. Module packages: files beside the Magento files, spread evenly (the first packages take the remainder).
  const per = Math.floor(PADDING.modules / magentoPackages.length);
  let extra = PADDING.modules - per * magentoPackages.length;
  magentoPackages.forEach((pkg) => {
    const n = per + (extra-- > 0 ? 1 : 0);
    padFiles(w, pkg, MODULE_PAD_DIRS, n);
  });
  // 2. Library packages, listed in installed.json too; one of them is magento/framework with etc/ folders.
  const libraries = [];
  const perLib = Math.floor(PADDING.libraries / LIBRARY_PACKAGES);
  let libExtra = PADDING.libraries - perLib * LIBRARY_PACKAGES;
  for (let i = 0; i < LIBRARY_PACKAGES; i++) {
    const name = i === 0 ? 'magento/framework' : `lib${String(i % 60).padStart(2, '0')}/package-${i}`;
    libraries.push(name);
    const dirs = i === 0 ? ['Acl/etc', 'App/etc', 'Module/etc', 'Webapi/etc', 'View/Element/UiComponent', 'Setup/Declaration/Schema'] : LIBRARY_PAD_DIRS;
    padFiles(w, `vendor/${name}`, dirs, perLib + (libExtra-- > 0 ? 1 : 0), i === 0 ? 'xsd' : 'php');
  }
  // 3. Walked by the root walk: dev/, setup/, lib/.
  const walked = [
    'dev/tests/integration/testsuite/Magento/Catalog/_files', 'dev/tests/integration/etc', 'dev/tests/api-functional/testsuite/Magento/Sales/Api',
    'dev/tests/static/testsuite/Magento/Test/Integrity/_files/blacklist', 'dev/tools/grunt/configs', 'setup/src/Magento/Setup/Model/Declaration',
    'setup/performance-toolkit/profiles/ce', 'lib/web/mage/backend', 'lib/web/jquery/ui-modules/widgets', 'lib/internal/LinLibertineFont', 'app/etc', 'app/i18n/Magento/de_DE', 'bin',
  ];
  padFiles(w, '.', walked, PADDING.walked);
  // 4. Never walked: generated/, var/, pub/static, node_modules.
  const skipped = [
    'generated/code/Magento/Catalog/Model/Product/Interceptor', 'generated/metadata', 'var/cache/mage--0', 'var/view_preprocessed/pub/static/adminhtml',
    'pub/static/adminhtml/Magento/backend/en_US/Magento_Ui/js', 'pub/static/frontend/Magento/luma/en_US/css', 'node_modules/grunt/lib/util', 'node_modules/.bin',
  ];
  padFiles(w, '.', skipped, PADDING.skipped, 'js');
  return libraries;
}

function buildTree(root, corpus, scale, layout) {
  const w = new TreeWriter(root);
  const modules = coreModules(corpus, scale);
  const packages = [];
  if (layout === 'plain') {
    for (const m of modules) for (const [name, text] of Object.entries(m.files)) w.write(`app/code/${m.vendor}/${m.module}/etc/${name}`, text);
  } else {
    w.write('composer.json', JSON.stringify({ name: 'bench/project', type: 'project', require: { 'magento/product-community-edition': '2.4.7-p1' } }, null, 4) + '\n');
    for (const m of modules) {
      const pkg = `vendor/${m.vendor.toLowerCase()}/module-${kebab(m.module)}`;
      packages.push({ name: pkg.slice('vendor/'.length), type: 'magento2-module', dir: pkg, namespace: `${m.vendor}\\${m.module}\\` });
      for (const [name, text] of Object.entries(m.files)) w.write(`${pkg}/etc/${name}`, text);
      // As in a real package: the module registers itself (composer autoload "files").
      w.write(`${pkg}/registration.php`, `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${m.name}', __DIR__);\n`);
      w.paddingFiles++;
    }
    const libraries = writeComposerPadding(w, modules, packages.map((p) => p.dir));
    // Autoload data as composer writes it: modules (and magento/framework, a library component) list their
    // registration.php; other libraries only map namespaces.
    const all = [
      ...packages.map((p) => ({ name: p.name, type: p.type, autoload: { files: ['registration.php'], 'psr-4': { [p.namespace]: '' } } })),
      ...libraries.map((name) => ({ name, type: name === 'magento/framework' ? 'magento2-library' : 'library', autoload: name === 'magento/framework' ? { files: ['registration.php'], 'psr-4': { 'Magento\\Framework\\': '' } } : { 'psr-4': { [`${name.replace(/\W+/g, '_')}\\`]: 'src/' } } })),
    ];
    const installed = {
      packages: all.map((p) => ({ name: p.name, version: '2.4.7-p1', type: p.type, 'install-path': `../${p.name}`, autoload: p.autoload })),
      dev: false,
      'dev-package-names': [],
    };
    w.write('vendor/composer/installed.json', JSON.stringify(installed, null, 4) + '\n');
  }
  writeThirdparty(w, corpus);
  return { magentoFiles: w.magentoFiles.sort(), paddingFiles: w.paddingFiles, modules: modules.length, aclFiles: w.magentoFiles.filter((f) => f.endsWith('/acl.xml')).length };
}

/**
 * The tree `<layout>-<scale>x`, generated when missing or stale. Returns its root, the Magento files in it
 * (relative paths) and counts.
 */
export function ensureTree(scale, layout, log = () => undefined) {
  const corpus = ensureTree.corpus ?? (ensureTree.corpus = readCorpus());
  const name = `${layout}-${scale}x`;
  const root = path.join(cacheDir(), name);
  const stampFile = path.join(root, '.bench-tree.json');
  const key = { generator: GENERATOR_VERSION, corpus: corpus.hash, scale, layout };
  if (existsSync(stampFile)) {
    try {
      const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
      if (JSON.stringify(stamp.key) === JSON.stringify(key)) return { name, root, ...stamp.info };
    } catch {
      // regenerate
    }
  }
  const started = Date.now();
  log(`generating ${name} in ${root} ...`);
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const info = buildTree(tmp, corpus, scale, layout);
  writeFileSync(path.join(tmp, '.bench-tree.json'), JSON.stringify({ key, info }, null, 1));
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  log(`generated ${name}: ${info.magentoFiles.length} Magento files (${info.aclFiles} acl.xml), ${info.paddingFiles} other files, ${Date.now() - started} ms`);
  return { name, root, ...info };
}

// --------------------------------------------------------------------------------- 5 MB documents

/** A webapi.xml of about `bytes` (25k routes for 5 MB), refs cycling through real ids, 1 in 97 unknown. */
export function bigWebapiXml(ids, bytes = 5 * 1024 * 1024) {
  const parts = ['<?xml version="1.0"?>\n<routes xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Webapi:etc/webapi.xsd">\n'];
  let size = parts[0].length;
  let i = 0;
  while (size < bytes - 20) {
    const ref = i % 97 === 0 ? `Magento_Sales::bench_unknown_${i}` : ids[(i * 7) % ids.length];
    const route =
      `    <route url="/V1/bench/entity${i}/:id" method="${['GET', 'POST', 'PUT', 'DELETE'][i % 4]}">\n` +
      `        <service class="Bench\\Big\\Api\\Entity${i}RepositoryInterface" method="get"/>\n` +
      `        <resources>\n            <resource ref="${ref}"/>\n        </resources>\n    </route>\n`;
    parts.push(route);
    size += route.length;
    i++;
  }
  parts.push('</routes>\n');
  return { text: parts.join(''), routes: i };
}

/** An api.xml of about `bytes` (100k resources for 5 MB): integrations each listing the core ids in tree order. */
export function bigApiXml(ids, bytes = 5 * 1024 * 1024) {
  const parts = ['<?xml version="1.0"?>\n<integrations xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/api.xsd">\n'];
  let size = parts[0].length;
  let resources = 0;
  let n = 0;
  while (size < bytes - 40) {
    const lines = [`    <integration name="Bench Integration ${n}">\n        <resources>\n`];
    ids.forEach((id, j) => lines.push(`            <resource name="${j === (n % ids.length) ? `${id.split('::')[0]}::bench_unknown` : id}"/>\n`));
    lines.push('        </resources>\n    </integration>\n');
    const chunk = lines.join('');
    parts.push(chunk);
    size += chunk.length;
    resources += ids.length;
    n++;
  }
  parts.push('</integrations>\n');
  return { text: parts.join(''), resources, integrations: n };
}

// Run directly: generate every tree (or those named on the command line, e.g. plain-1x composer-20x).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  for (const layout of ['plain', 'composer']) {
    for (const scale of [1, 5, 20]) {
      if (wanted.length && !wanted.includes(`${layout}-${scale}x`)) continue;
      const t = ensureTree(scale, layout, console.log);
      console.log(`${t.name}: ${t.root} (${t.magentoFiles.length} Magento files, ${t.aclFiles} acl.xml, ${t.paddingFiles} padding)`);
    }
  }
  const ids = coreAclIds(ensureTree.corpus);
  console.log(`core ids: ${ids.length}; 5 MB webapi.xml: ${bigWebapiXml(ids).routes} routes; 5 MB api.xml: ${bigApiXml(ids).resources} resources`);
}
