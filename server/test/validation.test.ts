import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { API_PATH, apiXml, CONFIG_PATH, configXml, CORE_ACL, CORE_ACL_PATH, doc, messageOf, uri, workspace } from './helpers';

function diagnose(text: string, options: { path?: string; files?: Record<string, string>; settings?: unknown; catalog?: 'bundled' } = {}) {
  const core: Record<string, string> = { [CONFIG_PATH]: configXml('Acme', 'Other', 'X'), ...(options.catalog ? {} : { [CORE_ACL_PATH]: CORE_ACL }) };
  const service = workspace({ ...core, ...options.files }, { settings: options.settings, catalog: options.catalog });
  const document = doc(uri(options.path ?? API_PATH), text);
  const diagnostics = service.doValidation(document);
  const at = (d: (typeof diagnostics)[number]) => text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end));
  return { diagnostics, at, service, document };
}

test('missing-parent: one warning per id on its value, naming every missing ancestor root first', () => {
  const { diagnostics, at } = diagnose(apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="Magento_Sales::reorder"/>\n'));
  assert.equal(diagnostics.length, 1);
  const [d] = diagnostics;
  assert.equal(d.code, 'missing-parent');
  assert.equal(d.source, 'magento-integration');
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.equal(at(d), 'Magento_Sales::reorder');
  assert.match(messageOf(d), /Magento_Sales::sales_operation, Magento_Sales::sales_order, Magento_Sales::actions/);
  assert.doesNotMatch(messageOf(d), /Magento_Backend::admin/, 'the root is never required');
  assert.match(messageOf(d), /fail/, 'says the runtime consequence');
});

test('no missing-parent when every ancestor is listed, in any order', () => {
  const { diagnostics } = diagnose(apiXml(
    ['Magento_Sales::reorder', 'Magento_Sales::actions', 'Magento_Sales::sales_order', 'Magento_Sales::sales', 'Magento_Sales::sales_operation']
      .map((id) => `            <resource name="${id}"/>\n`).join(''),
  ));
  assert.deepEqual(diagnostics, []);
});

test('a duplicated id gets one missing-parent, on its first occurrence', () => {
  const { diagnostics, document } = diagnose(apiXml('            <resource name="Magento_Config::config"/>\n            <resource name="Magento_Config::config"/>\n'));
  assert.equal(diagnostics.filter((d) => d.code === 'missing-parent').length, 1);
  assert.equal(diagnostics[0].range.start.line, document.positionAt(document.getText().indexOf('Magento_Config')).line);
});

test('an integration split across two modules\' api.xml is checked as the union', () => {
  const other = apiXml('            <resource name="Magento_Backend::stores"/>\n            <resource name="Magento_Backend::stores_settings"/>\n');
  const { diagnostics } = diagnose(apiXml('            <resource name="Magento_Config::config"/>\n'), { files: { 'app/code/Other/Module/etc/integration/api.xml': other } });
  assert.deepEqual(diagnostics, []);
  const { diagnostics: alone } = diagnose(apiXml('            <resource name="Magento_Config::config"/>\n'), {
    files: { 'app/code/Other/Module/etc/integration/api.xml': other.replace('name="Acme"', 'name="Other"') },
  });
  assert.equal(alone.length, 1, 'another integration name does not count');
});

test('unknown-resource: the module is known but declares no such id', () => {
  const { diagnostics, at } = diagnose(apiXml('            <resource name="Magento_Sales::api_actions"/>\n'));
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'unknown-resource');
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Warning);
  assert.equal(at(diagnostics[0]), 'Magento_Sales::api_actions');
  assert.match(messageOf(diagnostics[0]), /Magento_Sales::api_actions.*silently drops/);
});

test('unverifiable-resource: the module is found nowhere (information)', () => {
  const { diagnostics } = diagnose(apiXml('            <resource name="Magento_Reward::reward_spend"/>\n'), { catalog: 'bundled' });
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'unverifiable-resource');
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Information);
  assert.match(messageOf(diagnostics[0]), /Magento_Reward/);
});

test('removed-resource: names the last release that had the id', () => {
  const { diagnostics } = diagnose(apiXml('            <resource name="Magento_LoginAsCustomer::login_button"/>\n'), { catalog: 'bundled' });
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'removed-resource');
  assert.match(messageOf(diagnostics[0]), /after 2\.4\.1/);
});

test('the documentation sample Magento_Log::online says where it comes from', () => {
  const { diagnostics } = diagnose(apiXml('            <resource name="Magento_Log::online"/>\n'), { catalog: 'bundled' });
  assert.match(messageOf(diagnostics[0]), /sample in Magento's "Create an integration" guide/);
});

test('a wrong-case id is unknown with the right spelling suggested', () => {
  const { diagnostics } = diagnose(apiXml('            <resource name="Magento_Cataloginventory::cataloginventory"/>\n'), { catalog: 'bundled' });
  assert.equal(diagnostics[0].code, 'unknown-resource');
  assert.match(messageOf(diagnostics[0]), /case-sensitive.*Did you mean Magento_CatalogInventory::cataloginventory\?/);
});

test('known ids from the bundled catalog are accepted in a standalone module', () => {
  const { diagnostics } = diagnose(apiXml('            <resource name="Magento_Catalog::catalog"/>\n            <resource name="Magento_Catalog::catalog_inventory"/>\n            <resource name="Magento_Catalog::products"/>\n'), { catalog: 'bundled' });
  assert.deepEqual(diagnostics, []);
});

test('integration.xml: missing-parent is off by default and can be switched on', () => {
  const text = '<config>\n  <integration name="X">\n    <resources>\n      <resource name="Magento_Config::config"/>\n    </resources>\n  </integration>\n</config>\n';
  const path = 'app/code/Acme/Sync/etc/integration.xml';
  assert.deepEqual(diagnose(text, { path }).diagnostics, []);
  const on = diagnose(text, { path, settings: { severity: { 'missing-parent@integration.xml': 'warning' } } }).diagnostics;
  assert.equal(on.length, 1);
  assert.match(messageOf(on[0]), /Magento adds them/);
});

test('a severity setting changes or silences a code', () => {
  const text = apiXml('            <resource name="Magento_Config::config"/>\n');
  assert.equal(diagnose(text, { settings: { severity: { 'missing-parent': 'error' } } }).diagnostics[0].severity, DiagnosticSeverity.Error);
  assert.deepEqual(diagnose(text, { settings: { severity: { 'missing-parent': 'off' } } }).diagnostics, []);
});

test('xml-syntax: a broken document is reported, and the checks still run on what parses', () => {
  const text = apiXml('            <resource name="Magento_Config::config"/>\n            <resource name="Mag\n');
  const { diagnostics } = diagnose(text);
  const syntax = diagnostics.filter((d) => d.code === 'xml-syntax');
  assert.ok(syntax.length >= 1);
  assert.equal(syntax[0].severity, DiagnosticSeverity.Error);
  assert.ok(diagnostics.some((d) => d.code === 'missing-parent'));
});

test('acl.xml, webapi.xml and config.xml get xml-syntax only', () => {
  for (const path of ['app/code/A/B/etc/acl.xml', 'app/code/A/B/etc/webapi.xml', 'app/code/A/B/etc/integration/config.xml']) {
    // </config> closes <a> (a wrong end tag), and <config> is never closed.
    assert.deepEqual(diagnose('<config><a></config>', { path }).diagnostics.map((d) => d.code), ['xml-syntax', 'xml-syntax'], path);
    assert.deepEqual(diagnose('<config/>', { path }).diagnostics, [], path);
  }
});

test('other XML files are ignored', () => {
  assert.deepEqual(diagnose('<broken', { path: 'app/code/A/B/etc/di.xml' }).diagnostics, []);
});

test('an acl.xml edit (unsaved) updates the diagnostics of an api.xml', () => {
  const own = (body: string) => `<config><acl><resources><resource id="Magento_Backend::admin">${body}</resource></resources></acl></config>`;
  const aclPath = 'app/code/Acme/Sync/etc/acl.xml';
  const { service } = diagnose('<x/>', { files: { [aclPath]: own('<resource id="Acme_Sync::top" title="Top"/>') } });
  const api = doc(uri(API_PATH), apiXml('            <resource name="Acme_Sync::child"/>\n'));
  assert.equal(service.doValidation(api)[0].code, 'unknown-resource');
  service.doValidation(doc(uri(aclPath), own('<resource id="Acme_Sync::top" title="Top"><resource id="Acme_Sync::child" title="Child"/></resource>'), 2));
  const after = service.doValidation(api);
  assert.equal(after[0].code, 'missing-parent');
  assert.match(messageOf(after[0]), /Acme_Sync::top/);
});
