/** The semantic checks beyond unknown ids and missing parents: one test per code (issue: every mistake caught). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { API_PATH, apiXml, CONFIG_PATH, configXml, CORE_ACL, CORE_ACL_PATH, doc, messageOf, uri, workspace } from './helpers';

function check(path: string, text: string, files: Record<string, string> = {}, catalog?: 'bundled') {
  const core: Record<string, string> = catalog ? {} : { [CORE_ACL_PATH]: CORE_ACL };
  const service = workspace({ ...core, ...files }, { catalog });
  const document = doc(uri(path), text);
  const diagnostics = service.doValidation(document);
  const covered = (d: (typeof diagnostics)[number]) => text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end));
  return { diagnostics, covered, codes: diagnostics.map((d) => String(d.code)), service };
}

const withConfig = { [CONFIG_PATH]: configXml('Acme') };

test('grants-everything: Magento_Backend::all is a warning', () => {
  const { diagnostics, covered } = check(API_PATH, apiXml('            <resource name="Magento_Backend::all"/>\n'), withConfig);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, covered(d)]), [['grants-everything', DiagnosticSeverity.Warning, 'Magento_Backend::all']]);
  assert.match(messageOf(diagnostics[0]), /every Web API/);
});

test('redundant-root: Magento_Backend::admin is a hint tagged unnecessary', () => {
  const { diagnostics } = check(API_PATH, apiXml('            <resource name="Magento_Backend::admin"/>\n'), withConfig);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'redundant-root');
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Hint);
  assert.deepEqual(diagnostics[0].tags, [DiagnosticTag.Unnecessary]);
});

test('duplicate-resource: the second entry of an id in one integration', () => {
  const text = apiXml('            <resource name="Magento_Backend::stores"/>\n            <resource name="Magento_Backend::stores"/>\n');
  const { diagnostics, service } = check(API_PATH, text, withConfig);
  assert.deepEqual(diagnostics.map((d) => d.code), ['duplicate-resource']);
  assert.equal(diagnostics[0].range.start.line, 5, 'on the second occurrence');
  void service;
});

test('duplicate-integration: the same name twice in one file', () => {
  const text = '<integrations>\n  <integration name="Acme"><resources><resource name="Magento_Backend::stores"/></resources></integration>\n  <integration name="Acme"><resources><resource name="Magento_Backend::stores"/></resources></integration>\n</integrations>\n';
  const { diagnostics, covered } = check(API_PATH, text, withConfig);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, covered(d)]), [['duplicate-integration', 2, 'Acme']]);
});

test('disabled-resource: an id inside a disabled="true" subtree', () => {
  const acl = '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Magento_Backend::stores" title="Stores"><resource id="Magento_Config::advanced" title="Advanced" disabled="true"><resource id="Magento_Config::child" title="Child"/></resource></resource></resource></resources></acl></config>';
  const text = apiXml(['Magento_Backend::stores', 'Magento_Config::advanced', 'Magento_Config::child'].map((id) => `            <resource name="${id}"/>\n`).join(''));
  const { diagnostics, covered } = check(API_PATH, text, { ...withConfig, 'app/code/Magento/Config/etc/acl.xml': acl });
  assert.deepEqual(diagnostics.map((d) => [d.code, covered(d)]), [['disabled-resource', 'Magento_Config::advanced'], ['disabled-resource', 'Magento_Config::child']]);
  assert.match(messageOf(diagnostics[1]), /subtree of Magento_Config::advanced/);
});

test('integration-without-config (api.xml) and integration-without-resources (config.xml), across the module', () => {
  const api = apiXml('            <resource name="Magento_Backend::stores"/>\n', 'Only In Api');
  const config = configXml('Only In Config', 'Only In Api');
  const a = check(API_PATH, api, {});
  assert.deepEqual(a.diagnostics.map((d) => [d.code, a.covered(d)]), [['integration-without-config', 'Only In Api']]);
  const c = check(CONFIG_PATH, configXml('Only In Config'), { [API_PATH]: api });
  assert.deepEqual(c.diagnostics.map((d) => [d.code, d.severity, c.covered(d)]), [['integration-without-resources', DiagnosticSeverity.Error, 'Only In Config']]);
  assert.deepEqual(check(API_PATH, api, { [CONFIG_PATH]: config }).diagnostics, [], 'a config.xml entry of the same module satisfies it');
  assert.equal(check(API_PATH, api, { 'app/code/Other/Module/etc/integration/config.xml': config }).diagnostics.length, 1, 'another module does not count');
  const consolidated = '<config><integration name="Only In Config"><email>a@b.example</email><resources><resource name="Magento_Backend::stores"/></resources></integration></config>';
  assert.deepEqual(check(CONFIG_PATH, configXml('Only In Config'), { 'app/code/Acme/Sync/etc/integration.xml': consolidated }).diagnostics, []);
});

test('acl-conflicting-parent: both places reported, each pointing at the other', () => {
  const a = '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Magento_Backend::stores" title="Stores"><resource id="Vendor_A::x" title="X"/></resource></resource></resources></acl></config>';
  const b = '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Magento_Sales::sales"><resource id="Vendor_A::x"/></resource></resource></resources></acl></config>';
  const pathA = 'app/code/Vendor/A/etc/acl.xml';
  const pathB = 'app/code/Vendor/B/etc/acl.xml';
  const inA = check(pathA, a, { [pathB]: b });
  assert.deepEqual(inA.diagnostics.map((d) => [d.code, d.severity, inA.covered(d)]), [['acl-conflicting-parent', DiagnosticSeverity.Error, 'Vendor_A::x']]);
  assert.equal(inA.diagnostics[0].relatedInformation?.[0].location.uri, uri(pathB));
  assert.match(messageOf(inA.diagnostics[0]), /already exists/);
  const inB = check(pathB, b, { [pathA]: a });
  assert.equal(inB.diagnostics[0].code, 'acl-conflicting-parent');
  assert.equal(inB.diagnostics[0].relatedInformation?.[0].location.uri, uri(pathA));
  const range = inB.diagnostics[0].relatedInformation![0].location.range;
  assert.equal(a.split('\n')[range.start.line].slice(range.start.character, range.end.character), 'Vendor_A::x');
});

test('acl-missing-title: an id titled in no file, judged only when its own module\'s acl.xml is here', () => {
  const acl = '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Vendor_Base::api"><resource id="Vendor_A::untitled"/><resource id="Vendor_A::titled" title="Titled"/></resource></resource></resources></acl></config>';
  const { diagnostics, covered } = check('app/code/Vendor/A/etc/acl.xml', acl);
  assert.deepEqual(diagnostics.map((d) => [d.code, covered(d)]), [['acl-missing-title', 'Vendor_A::untitled']], 'Vendor_Base::api is titled by Vendor_Base, which is not here');
});

test('webapi.xml refs: unknown, self/anonymous exempt, comma-separated explained, did-you-mean', () => {
  const webapi = `<routes>
  <route url="/V1/a" method="GET"><service class="A" method="a"/><resources><resource ref="Magento_AdobeStockImage::actions_view"/></resources></route>
  <route url="/V1/b" method="GET"><service class="A" method="b"/><resources><resource ref="self"/><resource ref="anonymous"/></resources></route>
  <route url="/V1/c" method="GET"><service class="A" method="c"/><resources><resource ref="Magento_Catalog::products, Magento_Catalog::catalog"/></resources></route>
  <route url="/V1/d" method="GET"><service class="A" method="d"/><resources><resource ref="Magento_Catalog::products"/></resources></route>
</routes>`;
  const { diagnostics, covered } = check('app/code/Magento/AdobeStockAsset/etc/webapi.xml', webapi, {}, 'bundled');
  assert.deepEqual(diagnostics.map((d) => [d.code, covered(d)]), [
    ['unknown-resource', 'Magento_AdobeStockImage::actions_view'],
    ['unknown-resource', 'Magento_Catalog::products, Magento_Catalog::catalog'],
  ]);
  assert.match(messageOf(diagnostics[0]), /Did you mean Magento_AdobeStockAsset::actions_view\?.*401/);
  assert.match(messageOf(diagnostics[1]), /one resource id, not a list/);
});
