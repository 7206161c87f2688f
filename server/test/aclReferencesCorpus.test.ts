/**
 * The reference readers on the 676 files of Magento 2.4.7-p1 that name ACL ids outside acl.xml, webapi.xml
 * and integration files (corpus README section 10): the counts per kind, and the six references core ships
 * dangling, found against the ids core's acl.xml files declare. CI always has the corpus: there a missing
 * corpus fails the run instead of skipping it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readAclFile } from '../src/service/files/aclFile';
import type { AclReference } from '../src/service/files/aclReferences';
import { ReferenceFileKind, referenceFileKindOf } from '../src/service/files/fileKind';
import { readLayoutFile } from '../src/service/files/layoutFile';
import { readMenuFile } from '../src/service/files/menuFile';
import { isPhpCandidate, readPhpFile } from '../src/service/files/phpFile';
import { readSystemFile } from '../src/service/files/systemFile';
import { readUiComponentFile } from '../src/service/files/uiComponentFile';
import { parseXml } from '../src/service/xml/xmlDocument';
import { corpusRoot } from './helpers';

const corpus = corpusRoot();
if (!corpus && process.env.CI) throw new Error('../shared/corpus is missing: the corpus tests must run in CI');
const skip = corpus ? false : 'corpus not found at ../shared/corpus';

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

function read(kind: ReferenceFileKind, text: string): AclReference[] {
  switch (kind) {
    case 'menu':
      return [...readMenuFile(parseXml(text)).references];
    case 'system':
    case 'system-include':
      return [...readSystemFile(parseXml(text)).references];
    case 'ui-component':
      return readUiComponentFile(parseXml(text));
    case 'layout':
      return readLayoutFile(parseXml(text));
    case 'php':
      return readPhpFile(text);
    case 'app-config':
      return [];
  }
}

/** README section 10's table: files and references with `::` per kind (the PHP row's files: the first number). */
function readmeCounts(readme: string): Record<string, { files: number; references: number; undeclared: number }> {
  const section = readme.slice(readme.indexOf('## 10.'), readme.indexOf('## 11.'));
  const out: Record<string, { files: number; references: number; undeclared: number }> = {};
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || !/^\d/.test(cells[2])) continue;
    const kind = cells[1].startsWith('`etc/adminhtml/menu.xml`') ? 'menu'
      : cells[1].startsWith('`etc/adminhtml/system.xml`') ? 'system'
      : cells[1].startsWith('`view/adminhtml/ui_component') ? 'ui-component'
      : cells[1].startsWith('`view/adminhtml/layout') ? 'layout'
      : cells[1].startsWith('PHP') ? 'php' : undefined;
    if (kind) out[kind] = { files: parseInt(cells[2], 10), references: Number(cells[3]), undeclared: Number(cells[4]) };
  }
  return out;
}

test('corpus: the readers reproduce README section 10 per kind, and find the six references core ships dangling', { skip }, () => {
  const root = path.join(corpus!, 'magento2');
  const declared = new Set<string>();
  const byKind = new Map<string, { files: Set<string>; references: number; wrapperCalls: number; wrapperFiles: Set<string>; sourceFiles: number }>();
  const dangling: string[] = [];
  for (const file of filesUnder(root)) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (relative.endsWith('/etc/acl.xml')) for (const d of readAclFile(parseXml(readFileSync(file, 'utf8')))) declared.add(d.id);
  }
  assert.ok(declared.size > 250, `${declared.size} ids declared by core`);
  for (const file of filesUnder(root)) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    const kind = referenceFileKindOf(`file:///${relative}`);
    if (!kind) continue;
    const bytes = readFileSync(file);
    if (kind === 'php') assert.ok(isPhpCandidate(bytes), `${relative} is a candidate`);
    const references = read(kind, bytes.toString('utf8')).filter((r) => r.id.includes('::'));
    const row = byKind.get(kind) ?? { files: new Set(), references: 0, wrapperCalls: 0, wrapperFiles: new Set(), sourceFiles: 0 };
    byKind.set(kind, row);
    row.sourceFiles++;
    for (const r of references) {
      row.files.add(relative);
      row.references++;
      if (r.kind === 'php' && r.wrapper === '_isAllowedAction') {
        row.wrapperCalls++;
        row.wrapperFiles.add(relative);
      }
      if (!declared.has(r.id)) dangling.push(`${relative.replace(/^app\/code\//, '')} → ${r.id}`);
    }
  }

  const expected = readmeCounts(readFileSync(path.join(corpus!, 'README.md'), 'utf8'));
  assert.deepEqual(Object.keys(expected).sort(), ['layout', 'menu', 'php', 'system', 'ui-component']);
  for (const kind of ['menu', 'system', 'ui-component', 'layout']) {
    const row = byKind.get(kind)!;
    assert.deepEqual({ files: row.files.size, references: row.references }, { files: expected[kind].files, references: expected[kind].references }, kind);
    assert.equal(row.sourceFiles, expected[kind].files, `${kind}: every copied file names an id`);
  }
  // PHP: the README's regular expressions (`const ADMIN_RESOURCE = '…'`, `isAllowed('…'`) miss one kind of
  // reference the reader follows: literals passed to a method of the same file that hands its parameter on
  // to isAllowed — `$this->_isAllowedAction('Magento_Sales::hold')` in Sales' order, invoice and credit memo
  // views and Cms' page grid, 13 of them on one line and 4 split over lines. (The two `_isAllowed('…')` of
  // Paypal's agreement view, a wrapper too, the regex counted by accident: `isAllowed\(` matches inside.)
  const php = byKind.get('php')!;
  assert.equal(php.sourceFiles, 544, 'every copied PHP file');
  assert.deepEqual({ wrapperCalls: php.wrapperCalls, wrapperFiles: [...php.wrapperFiles].sort() }, {
    wrapperCalls: 17,
    wrapperFiles: [
      'app/code/Magento/Cms/Block/Adminhtml/Page.php',
      'app/code/Magento/Sales/Block/Adminhtml/Order/Creditmemo/View.php',
      'app/code/Magento/Sales/Block/Adminhtml/Order/Invoice/View.php',
      'app/code/Magento/Sales/Block/Adminhtml/Order/View.php',
    ],
  });
  assert.deepEqual({ files: php.files.size, references: php.references }, { files: expected.php.files + 4, references: expected.php.references + 17 });

  assert.deepEqual(dangling.sort(), [
    'Magento/Backup/Controller/Adminhtml/Index/Disabled.php → Magento_Backend::backup',
    'Magento/CardinalCommerce/etc/adminhtml/system.xml → Magento_Sales::three_d_secure',
    'Magento/Marketplace/Controller/Adminhtml/Index.php → Magento_Marketplace::index',
    'Magento/Marketplace/Controller/Adminhtml/Partners.php → Magento_Marketplace::partners',
    'Magento/Marketplace/etc/adminhtml/menu.xml → Magento_Marketplace::partners',
    'Magento/ServicesConnector/etc/adminhtml/system.xml → Magento_ServicesConnector::config_integration',
  ]);
  const undeclared = (kind: string) => dangling.filter((d) => referenceFileKindOf(`file:///app/code/${d.split(' → ')[0]}`) === kind).length;
  for (const kind of Object.keys(expected)) assert.equal(undeclared(kind), expected[kind].undeclared, `${kind}: undeclared ids`);
});
