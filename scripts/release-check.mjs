#!/usr/bin/env node
/**
 * `npm run release:check`: makes both artifacts as a release would — the VSIX (`npm run package`) and the
 * magento-integration-check tarball (scripts/pack-cli.mjs) —, lists what each contains, and fails on anything
 * unexpected:
 *   - a file no rule below expects (sources, tests, source maps, dependencies, tooling), or a required file missing;
 *   - the VSIX over 1 MB, the tarball over 1 MB, a CLI package with dependencies or scripts;
 *   - a placeholder link: a manifest `repository`/`bugs`/`homepage` while the project has no public home, a URL of
 *     a host or repository that does not exist, or a relative link in a shipped document to a file the artifact
 *     does not contain.
 *
 *   node scripts/release-check.mjs     (the artifacts are left at the repository root)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { ARTIFACT_BUNDLES } from './notices.mjs';
import { packCli } from './pack-cli.mjs';
import { publicBaseUrl, VSIX } from './package-vsix.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

/** What each artifact may hold (paths inside it), and what it must hold. */
const VSIX_RULES = {
  allowed: [
    /^\[Content_Types\]\.xml$/, /^extension\.vsixmanifest$/,
    /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i,
    /^extension\/images\/icon\.png$/,
    new RegExp(`^extension/dist/(${ARTIFACT_BUNDLES.vsix.join('|')})\\.js$`),
    /^extension\/dist\/data\/magento-(catalog|schemas)\.json$/,
    /^extension\/dist\/THIRD-PARTY-NOTICES\.md$/,
    /^extension\/syntaxes\/[\w.-]+\.tmLanguage\.json$/,
    /^extension\/docs\/(cli|rules\/[\w-]+|walkthrough\/[\w-]+)\.md$/,
    /^extension\/docs\/images\/[\w-]+\.png$/,
  ],
  required: [
    'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
    'extension/dist/THIRD-PARTY-NOTICES.md', 'extension/dist/data/magento-catalog.json', 'extension/dist/data/magento-schemas.json',
    ...ARTIFACT_BUNDLES.vsix.map((name) => `extension/dist/${name}.js`),
  ],
  maxBytes: MB,
};
const CLI_RULES = {
  allowed: [
    /^package\/(package\.json|README\.md|CHANGELOG\.md|LICENSE|THIRD-PARTY-NOTICES\.md|action\.yml)$/,
    /^package\/bin\/(magento-integration-check|magento-integration-ls|bundle\.js)$/,
    new RegExp(`^package/dist/(${ARTIFACT_BUNDLES.cli.join('|')})\\.js$`),
    /^package\/dist\/data\/magento-(catalog|schemas)\.json$/,
    /^package\/docs\/(cli|rules\/[\w-]+)\.md$/,
    /^package\/action\/check\.mjs$/,
  ],
  required: [
    'package/package.json', 'package/README.md', 'package/LICENSE', 'package/THIRD-PARTY-NOTICES.md',
    'package/bin/magento-integration-check', 'package/bin/magento-integration-ls', 'package/bin/bundle.js',
    'package/dist/data/magento-catalog.json', 'package/dist/data/magento-schemas.json', 'package/docs/cli.md',
    'package/action.yml', 'package/action/check.mjs',
    ...ARTIFACT_BUNDLES.cli.map((name) => `package/dist/${name}.js`),
  ],
  maxBytes: MB,
};

/**
 * Absolute URLs a shipped document or manifest may contain: pages known to exist. Anything else — above all
 * a link to this project's own repository, which does not exist yet — is a placeholder.
 */
const KNOWN_URLS = [
  'https://json.schemastore.org/sarif-2.1.0.json',
  'https://keepachangelog.com/',
  'https://semver.org/',
  'https://pre-commit.com/',
  'https://docs.github.com/',
  'https://code.visualstudio.com/',
  'https://open-vsx.org/',
  'https://marketplace.visualstudio.com/',
  'https://nodejs.org/',
  'https://opensource.org/licenses/',
  'http://www.w3.org/2001/XMLSchema-instance',
  // XML namespaces of the VSIX's own manifests (written by vsce), and the grammar's JSON schema.
  'http://schemas.microsoft.com/developer/vsx-schema/2011',
  'http://schemas.microsoft.com/developer/vsx-schema-design/2011',
  'http://schemas.openxmlformats.org/package/2006/content-types',
  'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
];
/** Placeholders wherever they appear (documents, manifests, bundles' own strings excluded). */
const PLACEHOLDERS = [/magento-integration-tools\/magento-integration-tools/, /github\.com\/(OWNER|owner|your-org|YOUR_ORG|<)/, /\bTODO\b/, /\bFIXME\b/];

/** Entries of a zip file: name -> contents (Buffer). */
function readZip(file) {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map();
      zip.on('error', reject);
      zip.on('end', () => resolvePromise(entries));
      zip.on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks = [];
          stream.on('data', (chunk) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Entries of a .tgz (ustar, as npm pack writes it): name -> contents. */
function readTarball(file) {
  const tar = gunzipSync(readFileSync(file));
  const entries = new Map();
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from, length) => header.subarray(from, from + length).toString('utf8').replace(/\0.*$/s, '');
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join('/');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    if (type === '0') entries.set(name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** Problems with an artifact's list of files, its size, its links. */
export function checkArtifact(label, entries, bytes, rules, options = {}) {
  const problems = [];
  const names = [...entries.keys()];
  for (const name of names) if (!rules.allowed.some((rule) => rule.test(name))) problems.push(`${label}: unexpected file ${name}`);
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const name of rules.required) if (!lower.has(name.toLowerCase())) problems.push(`${label}: ${name} is missing`);
  if (bytes > rules.maxBytes) problems.push(`${label}: ${bytes} bytes, over the budget of ${rules.maxBytes}`);
  for (const [name, content] of entries) {
    if (!/\.(md|json|ya?ml|xml|vsixmanifest)$/i.test(name) || /\/dist\/data\//.test(name)) continue;
    const text = content.toString('utf8');
    const notices = /THIRD-PARTY-NOTICES/.test(name); // third parties' own licence texts: their URLs are theirs
    for (const placeholder of PLACEHOLDERS) if (!notices && placeholder.test(text)) problems.push(`${label}: ${name} contains a placeholder (${placeholder})`);
    if (!notices) {
      for (const [url] of text.matchAll(/\bhttps?:\/\/[^\s)"'<>\]`]+/g)) {
        if (!KNOWN_URLS.some((known) => url.startsWith(known)) && !(options.publicBase && url.startsWith(options.publicBase))) {
          problems.push(`${label}: ${name} links to ${url}, not a page known to exist`);
        }
      }
    }
    if (/\.md$/i.test(name) && !notices) {
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^([a-z][\w+.-]*:|#)/i.test(target)) continue; // absolute (checked above), command: or an anchor
        const file = posix.normalize(posix.join(posix.dirname(name), target.split('#')[0]));
        if (!lower.has(file.toLowerCase())) problems.push(`${label}: ${name} links to ${target}, which is not in the package`);
      }
    }
  }
  return problems;
}

export function checkManifests(vsixManifest, cliManifest, publicBase) {
  const problems = [];
  for (const field of ['repository', 'bugs', 'homepage']) {
    if (!publicBase && vsixManifest[field]) problems.push(`VSIX: package.json has "${field}" but the project has no public home (PUBLIC_BASE_URL)`);
    if (!publicBase && cliManifest[field]) problems.push(`CLI: package.json has "${field}" but the project has no public home (PUBLIC_BASE_URL)`);
  }
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'scripts']) {
    if (cliManifest[field] && Object.keys(cliManifest[field]).length) problems.push(`CLI: package.json has ${field}: everything it runs must be bundled`);
  }
  return problems;
}

function list(label, entries, bytes) {
  process.stdout.write(`${label} (${bytes} bytes, ${entries.size} files)\n`);
  for (const [name, content] of [...entries].sort(([a], [b]) => a.localeCompare(b))) process.stdout.write(`  ${String(content.length).padStart(9)}  ${name}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `npm run package`, the one command for the VSIX (its vscode:prepublish builds), then the CLI from that build.
  execFileSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  const vsixFile = VSIX;
  const tarball = packCli(root);
  const vsix = await readZip(vsixFile);
  const cli = readTarball(tarball);
  const vsixBytes = statSync(vsixFile).size;
  const cliBytes = statSync(tarball).size;
  list(vsixFile, vsix, vsixBytes);
  list(tarball, cli, cliBytes);
  const publicBase = publicBaseUrl();
  const problems = [
    ...checkArtifact('VSIX', vsix, vsixBytes, VSIX_RULES, { publicBase }),
    ...checkArtifact('CLI', cli, cliBytes, CLI_RULES, { publicBase }),
    ...checkManifests(JSON.parse(vsix.get('extension/package.json').toString('utf8')), JSON.parse(cli.get('package/package.json').toString('utf8')), publicBase),
  ];
  if (problems.length) {
    process.stderr.write(`release:check: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p}\n`).join('')}`);
    process.exit(1);
  }
  process.stdout.write(`release:check: both artifacts as expected (VSIX ${(vsixBytes / 1024).toFixed(0)} KB of ${VSIX_RULES.maxBytes / 1024}, CLI ${(cliBytes / 1024).toFixed(0)} KB)\n`);
}

export { VSIX_RULES, CLI_RULES, readTarball, readZip };
