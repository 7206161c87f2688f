/** Quick-fixes beyond missing parents: did-you-mean, removals, missing entries, config.xml order. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CodeAction, CodeActionKind, CreateFile, Range, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import type { LanguageService } from '../src/service/languageService';
import { API_PATH, apiXml, applyEdits, CONFIG_PATH, configXml, CORE_ACL, CORE_ACL_PATH, doc, editsOf, uri, workspace } from './helpers';

function actionsAt(service: LanguageService, path: string, text: string, needle: string, occurrence = 0): CodeAction[] {
  const document = doc(uri(path), text);
  const diagnostics = service.doValidation(document);
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, needle);
  const position = document.positionAt(offset + 1);
  return service.getCodeActions(document, Range.create(position, position), { diagnostics, only: [CodeActionKind.QuickFix] });
}

function codes(service: LanguageService, path: string, text: string): string[] {
  return service.doValidation(doc(uri(path), text)).map((d) => String(d.code));
}

test('did you mean: core\'s Magento_AdobeStockImage::actions_view offers Magento_AdobeStockAsset::actions_view first', () => {
  const webapi = '<routes>\n  <route url="/V1/x" method="GET">\n    <service class="A" method="b"/>\n    <resources>\n      <resource ref="Magento_AdobeStockImage::actions_view"/>\n    </resources>\n  </route>\n</routes>\n';
  const path = 'app/code/Magento/AdobeStockAsset/etc/webapi.xml';
  const service = workspace({}, { catalog: 'bundled' });
  const actions = actionsAt(service, path, webapi, 'Magento_AdobeStockImage');
  assert.ok(actions.length >= 1 && actions.length <= 3);
  assert.equal(actions[0].title, 'Replace with Magento_AdobeStockAsset::actions_view');
  assert.equal(actions[0].isPreferred, true);
  const fixed = applyEdits(webapi, editsOf(actions[0], uri(path)));
  assert.equal(fixed, webapi.replace('Magento_AdobeStockImage::actions_view', 'Magento_AdobeStockAsset::actions_view'));
  assert.deepEqual(codes(service, path, fixed), []);
});

test('did you mean in api.xml: up to three replacements for a never-existing id, none for unverifiable ones', () => {
  const service = workspace({ [CONFIG_PATH]: configXml('Acme') }, { catalog: 'bundled' });
  const text = apiXml('            <resource name="Magento_Catalog::product_read"/>\n            <resource name="Magento_Reward::reward_spend"/>\n');
  const actions = actionsAt(service, API_PATH, text, 'Magento_Catalog::product_read');
  assert.ok(actions.some((a) => a.title === 'Replace with Magento_Catalog::products'), actions.map((a) => a.title).join(', '));
  assert.ok(actions.filter((a) => a.title.startsWith('Replace with')).length <= 3);
  assert.deepEqual(actionsAt(service, API_PATH, text, 'Magento_Reward').filter((a) => a.title.startsWith('Replace')), []);
});

test('remove a duplicate resource: its whole line goes, CRLF and the rest untouched; then nothing more to do', () => {
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [CONFIG_PATH]: configXml('Acme') });
  const text = apiXml('\t\t\t<resource name="Magento_Backend::stores"/>\r\n\t\t\t<resource name="Magento_Backend::stores"/>\r\n').replace(/(?<!\r)\n/g, '\r\n');
  const [remove] = actionsAt(service, API_PATH, text, 'Magento_Backend::stores', 1).filter((a) => a.title.startsWith('Remove'));
  assert.equal(remove.title, 'Remove duplicate Magento_Backend::stores');
  assert.equal(remove.isPreferred, true);
  const fixed = applyEdits(text, editsOf(remove, uri(API_PATH)));
  assert.equal(fixed, text.replace('\t\t\t<resource name="Magento_Backend::stores"/>\r\n', ''));
  assert.ok(!codes(service, API_PATH, fixed).includes('duplicate-resource'));
  assert.deepEqual(actionsAt(service, API_PATH, fixed, 'Magento_Backend::stores').filter((a) => a.title.startsWith('Remove')), []);
});

test('remove Magento_Backend::admin, also when it shares its line with another element', () => {
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [CONFIG_PATH]: configXml('Acme') });
  const text = '<integrations><integration name="Acme"><resources><resource name="Magento_Backend::admin"/><resource name="Magento_Backend::stores"/></resources></integration></integrations>';
  const [remove] = actionsAt(service, API_PATH, text, 'Magento_Backend::admin').filter((a) => a.title.startsWith('Remove'));
  assert.equal(remove.title, 'Remove Magento_Backend::admin (Magento adds it)');
  assert.equal(applyEdits(text, editsOf(remove, uri(API_PATH))), text.replace('<resource name="Magento_Backend::admin"/>', ''));
});

test('create the missing config.xml entry in the module\'s config.xml, in its style (tabs, CRLF)', () => {
  const config = '<?xml version="1.0"?>\r\n<integrations>\r\n\t<integration name="Other">\r\n\t\t<email>a@b.example</email>\r\n\t</integration>\r\n</integrations>\r\n';
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [CONFIG_PATH]: config });
  const text = apiXml('            <resource name="Magento_Backend::stores"/>\n');
  const [create] = actionsAt(service, API_PATH, text, '"Acme"').filter((a) => a.title.startsWith('Create'));
  assert.equal(create.title, 'Create the config.xml entry of integration "Acme"');
  const edits = create.edit!.changes![uri(CONFIG_PATH)];
  const fixed = applyEdits(config, edits);
  assert.equal(fixed, config.replace('</integrations>', '\t<integration name="Acme">\r\n\t\t<email>integration@example.com</email>\r\n\t\t<endpoint_url>https://example.com/magento/activate</endpoint_url>\r\n\t</integration>\r\n</integrations>'));
  service.index.update(uri(CONFIG_PATH), fixed);
  assert.ok(!codes(service, API_PATH, text).includes('integration-without-config'));
});

test('create config.xml itself when the module has none', () => {
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL });
  const text = apiXml('            <resource name="Magento_Backend::stores"/>\n');
  const [create] = actionsAt(service, API_PATH, text, '"Acme"').filter((a) => a.title.startsWith('Create'));
  const [createFile, insert] = create.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
  assert.equal(createFile.kind, 'create');
  assert.equal(createFile.uri, uri(CONFIG_PATH));
  const content = (insert.edits[0] as TextEdit).newText;
  assert.match(content, /^<\?xml version="1.0"\?>\n<integrations [^>]*config\.xsd">\n    <integration name="Acme">\n        <email>/);
  service.index.update(uri(CONFIG_PATH), content);
  assert.deepEqual(codes(service, CONFIG_PATH, content), []);
  assert.ok(!codes(service, API_PATH, text).includes('integration-without-config'));
});

test('create the missing api.xml entry from config.xml', () => {
  const api = apiXml('            <resource name="Magento_Backend::stores"/>\n', 'Other');
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [API_PATH]: api });
  const config = configXml('Other', 'New One');
  const [create] = actionsAt(service, CONFIG_PATH, config, 'New One').filter((a) => a.title.startsWith('Create'));
  assert.equal(create.title, 'Create the api.xml entry of integration "New One"');
  const fixed = applyEdits(api, create.edit!.changes![uri(API_PATH)]);
  assert.match(fixed, / {4}<\/integration>\n {4}<integration name="New One">\n {8}<resources>\n {12}<resource name=""\/>\n {8}<\/resources>\n {4}<\/integration>\n<\/integrations>/);
  service.index.update(uri(API_PATH), fixed);
  assert.ok(!codes(service, CONFIG_PATH, config).includes('integration-without-resources'));
});

test('config.xml children are put in schema order; comments and spacing stay; then nothing to do', () => {
  const service = workspace({ [API_PATH]: apiXml('', 'Acme') });
  const config = '<integrations>\n  <integration name="Acme">\n    <endpoint_url>https://x.example/a</endpoint_url>\n    <!-- contact -->\n    <email>a@b.example</email>\n  </integration>\n</integrations>\n';
  const [reorder] = actionsAt(service, CONFIG_PATH, config, 'endpoint_url').filter((a) => a.title.startsWith('Put'));
  assert.match(reorder.title, /schema order/);
  const fixed = applyEdits(config, editsOf(reorder, uri(CONFIG_PATH)));
  assert.equal(fixed, '<integrations>\n  <integration name="Acme">\n    <email>a@b.example</email>\n    <!-- contact -->\n    <endpoint_url>https://x.example/a</endpoint_url>\n  </integration>\n</integrations>\n');
  assert.deepEqual(actionsAt(service, CONFIG_PATH, fixed, 'email').filter((a) => a.title.startsWith('Put')), []);
});

test('no quick-fix for a code switched off', () => {
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [CONFIG_PATH]: configXml('Acme') }, { settings: { severity: { 'duplicate-resource': 'off' } } });
  const text = apiXml('            <resource name="Magento_Backend::stores"/>\n            <resource name="Magento_Backend::stores"/>\n');
  assert.deepEqual(actionsAt(service, API_PATH, text, 'Magento_Backend::stores', 1).filter((a) => a.title.startsWith('Remove')), []);
});

test('safe fixes at once: missing parents, duplicates and the root, in one non-overlapping set; twice is a no-op', () => {
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [CONFIG_PATH]: configXml('Acme') });
  const text = apiXml(['Magento_Backend::admin', 'Magento_Config::config', 'Magento_Sales::ship', 'Magento_Config::config'].map((id) => `            <resource name="${id}"/>\n`).join(''));
  const document = doc(uri(API_PATH), text);
  const fixed = applyEdits(text, service.getSafeFixes(document));
  assert.equal(
    fixed,
    apiXml(['Magento_Backend::stores', 'Magento_Backend::stores_settings', 'Magento_Config::config', 'Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::ship']
      .map((id) => `            <resource name="${id}"/>\n`).join('')),
  );
  assert.deepEqual(service.getSafeFixes(doc(uri(API_PATH), fixed, 2)), []);
  assert.deepEqual(codes(service, API_PATH, fixed), []);
});
