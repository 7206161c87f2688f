/**
 * The shipped catalog (server/data/magento-catalog.json): its content, and that it is exactly what
 * scripts/generate-catalog.mjs makes from the corpus (so nobody edits it by hand or forgets to regenerate).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { bundledCatalog, corpusRoot } from './helpers';
import { getLanguageService } from '../src/service/languageService';

const repo = path.resolve(__dirname, '..', '..', '..');
const corpus = corpusRoot();
if (!corpus && process.env.CI) throw new Error('../shared/corpus is missing: the catalog check must run in CI');

test('the catalog holds the Magento Open Source 2.4.7-p1 tree, routes and id history', () => {
  const catalog = bundledCatalog();
  assert.equal(catalog.release, '2.4.7-p1');
  assert.equal(catalog.acl.length, 73);
  const service = getLanguageService({ catalog });
  const model = service.index.acl;
  assert.equal(model.size, 276);
  assert.equal(model.get('Magento_Sales::reorder')?.title, 'Reorder');
  assert.deepEqual(model.ancestors('Magento_Sales::reorder'), ['Magento_Backend::admin', 'Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions']);
  assert.equal(model.isDisabled('Magento_Config::advanced'), true);
  assert.equal(catalog.routes.length, 432);
  assert.equal(new Set(catalog.routes.flatMap((r) => r.refs)).size, 58);
  assert.equal(catalog.routes.filter((r) => r.refs.includes('Magento_Catalog::products')).length, 32);
  assert.deepEqual(catalog.history.ids['Magento_LoginAsCustomer::login_button'], ['2.4.0', '2.4.1']);
  const sales = catalog.acl.find((f) => f.module === 'Magento_Sales')!;
  assert.equal(sales.path, 'app/code/Magento/Sales/etc/acl.xml');
  assert.ok(sales.resources.every((r) => Number.isInteger(r.line) && Number.isInteger(r.character)));
});

test('the committed catalog is what the generator makes from the corpus', { skip: corpus ? false : 'corpus not found at ../shared/corpus' }, () => {
  const out = execFileSync(process.execPath, [path.join(repo, 'scripts', 'generate-catalog.mjs'), '--corpus', corpus!, '--check'], { encoding: 'utf8' });
  assert.match(out, /up to date/);
});
