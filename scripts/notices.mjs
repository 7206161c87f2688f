/**
 * Third-party licence notices for what a bundle contains, generated from esbuild's metafiles: every package
 * with a file among a bundle's inputs is listed with its version, its licence and the full text of its licence
 * file. A package without a licence file stops the build: shipping its code without its notice is not an
 * option. scripts/bundle.mjs writes one notice file per artifact (the VSIX, the CLI package).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bundles (dist/<name>.js) each artifact ships; the code-cache entries (client, server, ...) bundle no package. */
export const ARTIFACT_BUNDLES = {
  vsix: ['client', 'client-main', 'languageclient', 'languageclient-main', 'markdown-it', 'server', 'server-main', 'tolerant-parser'],
  cli: ['cli', 'cli-main', 'server', 'server-main', 'tolerant-parser'],
};

/** `node_modules/<name>/` or `node_modules/@scope/<name>/`: the last one in a path is the package a file belongs to. */
const PACKAGE_IN_PATH = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//g;

/** The folders (relative to the metafile's working directory) of the packages with files among the inputs. */
export function packageDirs(metafiles) {
  const dirs = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      let last;
      for (const m of input.matchAll(PACKAGE_IN_PATH)) last = m;
      if (last) dirs.add(input.slice(0, last.index + last[0].length - 1));
    }
  }
  return [...dirs];
}

// LICENSE, LICENCE.md, COPYING, and with the licence's name as punycode.js has it: LICENSE-MIT.txt.
const LICENCE_FILE = /^(licen[cs]e|copying)(-[\w.]+?)?(\.(md|txt|markdown))?$/i;

/** name, version, licence and licence text of each package folder (relative to root), sorted by name. */
export function describePackages(root, dirs) {
  const packages = new Map();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const file = readdirSync(join(root, dir)).find((name) => LICENCE_FILE.test(name));
    if (!file) throw new Error(`${manifest.name} (${dir}) has no licence file: its notice cannot be shipped`);
    const licence = typeof manifest.license === 'string' ? manifest.license : manifest.license?.type;
    if (!licence) throw new Error(`${manifest.name} (${dir}) declares no licence`);
    const key = `${manifest.name}@${manifest.version}`;
    packages.set(key, { name: manifest.name, version: manifest.version, licence, text: readFileSync(join(root, dir, file), 'utf8').trim() });
  }
  return [...packages.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** The data files the product ships are derived from Magento Open Source files, and keep their licences. */
const DATA_NOTICE = `## Magento Open Source 2.4.7-p1 (data)

\`data/magento-catalog.json\` (ACL resources, module names, web API routes, ACL id history) and
\`data/magento-schemas.json\` (a content model compiled from the integration, ACL and web API XSDs) are derived
from files of Magento Open Source, Copyright © Magento, Inc. (an Adobe company), licensed under the Open
Software License 3.0 (OSL-3.0) and the Academic Free License 3.0 (AFL-3.0). Magento is a trademark of Adobe;
this project is not affiliated with or endorsed by Adobe.`;

/** The notice file for an artifact whose bundles are described by `metafiles` (paths relative to root). */
export function renderNotices(root, metafiles, artifact) {
  const packages = describePackages(root, packageDirs(metafiles));
  const parts = [
    `# Third-party notices: ${artifact}`,
    `${artifact} bundles the code of the packages below (generated at build from the bundles' contents), and ships data derived from Magento Open Source.`,
    ...packages.map((p) => `## ${p.name} ${p.version}\n\nLicence: ${p.licence}\n\n\`\`\`\`text\n${p.text}\n\`\`\`\``),
    DATA_NOTICE,
  ];
  return `${parts.join('\n\n')}\n`;
}

/** The package names and versions a notice file lists (its `## name version` headings, data excluded). */
export function listedPackages(noticeText) {
  return [...noticeText.matchAll(/^## (\S+) (\d\S*)$/gm)].map((m) => `${m[1]}@${m[2]}`);
}
