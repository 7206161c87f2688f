import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CodeActionKind, Range } from 'vscode-languageserver-types';
import type { LanguageService } from '../src/service/languageService';
import { API_PATH, apiXml, applyEdits, CONFIG_PATH, configXml, CORE_ACL, CORE_ACL_PATH, doc, editsOf, uri, workspace } from './helpers';

function setup(text: string, files: Record<string, string> = {}, path = API_PATH) {
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [CONFIG_PATH]: configXml('Acme', 'A', 'B'), ...files });
  return { service, document: doc(uri(path), text) };
}

function actionsAt(service: LanguageService, text: string, needle: string, path = API_PATH) {
  const document = doc(uri(path), text);
  const diagnostics = service.doValidation(document);
  const offset = text.indexOf(needle);
  const range = Range.create(document.positionAt(offset), document.positionAt(offset));
  return { actions: service.getCodeActions(document, range, { diagnostics }), document, diagnostics };
}

function fixAllText(service: LanguageService, text: string, path = API_PATH): string {
  const document = doc(uri(path), text);
  const actions = service.getCodeActions(document, Range.create(0, 0, 0, 0), { diagnostics: [], only: [CodeActionKind.SourceFixAll] });
  return actions.length ? applyEdits(text, editsOf(actions[0], document.uri)) : text;
}

function missingParents(service: LanguageService, text: string, path = API_PATH): number {
  return service.doValidation(doc(uri(path), text)).filter((d) => d.code === 'missing-parent').length;
}

/** The result equals the original with text inserted at one place: nothing else changed. */
function assertOnlyInserted(original: string, result: string): void {
  let start = 0;
  while (start < original.length && original[start] === result[start]) start++;
  assert.equal(result.slice(result.length - (original.length - start)), original.slice(start), 'bytes after the insertion are unchanged');
}

test('the preferred quick-fix inserts the missing parents of one id with the indentation of its line', () => {
  const text = apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="Magento_Sales::reorder"/>\n');
  const { service } = setup(text);
  const { actions, document, diagnostics } = actionsAt(service, text, 'Magento_Sales::reorder');
  const fix = actions.find((a) => a.isPreferred);
  assert.ok(fix);
  assert.equal(fix.title, 'Add missing parent resources of Magento_Sales::reorder');
  assert.equal(fix.kind, CodeActionKind.QuickFix);
  assert.deepEqual(fix.diagnostics, diagnostics);
  const result = applyEdits(text, editsOf(fix, document.uri));
  assert.equal(
    result,
    apiXml([
      'Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::reorder',
    ].map((id) => `            <resource name="${id}"/>\n`).join('')),
  );
  assert.equal(missingParents(service, result), 0);
});

test('CRLF, tabs, single quotes and " />" spacing are copied; nothing else changes', () => {
  const text = apiXml("\t\t\t<resource name='Magento_Config::config' />\n").replace(/\n/g, '\r\n');
  const { service } = setup(text);
  const result = fixAllText(service, text);
  assert.ok(result.includes("\t\t\t<resource name='Magento_Backend::stores' />\r\n\t\t\t<resource name='Magento_Backend::stores_settings' />\r\n\t\t\t<resource name='Magento_Config::config' />\r\n"), JSON.stringify(result));
  assert.ok(!/[^\r]\n/.test(result), 'no bare LF was introduced');
  assertOnlyInserted(text, result);
  assert.equal(missingParents(service, result), 0);
});

test('comments between resources stay where they are', () => {
  const text = apiXml('            <!-- sales -->\n            <resource name="Magento_Sales::ship"/>\n            <!-- config -->\n            <resource name="Magento_Config::config"/>\n');
  const { service } = setup(text);
  const result = fixAllText(service, text);
  assert.match(result, /<!-- sales -->\n( {12}<resource name="[^"]+"\/>\n){4} {12}<resource name="Magento_Sales::ship"\/>\n {12}<!-- config -->\n/);
  assert.equal(missingParents(service, result), 0);
});

test('a child listed before its parent only gets what is really missing', () => {
  const text = apiXml('            <resource name="Magento_Config::config"/>\n            <resource name="Magento_Backend::stores"/>\n');
  const { service } = setup(text);
  const result = fixAllText(service, text);
  assert.equal(result.match(/Magento_Backend::stores"/g)?.length, 1, 'the listed parent is not inserted again');
  assert.match(result, /<resource name="Magento_Backend::stores_settings"\/>\n {12}<resource name="Magento_Config::config"\/>/);
  assert.equal(missingParents(service, result), 0);
});

test('shared ancestors are inserted once, before the first id that needs them', () => {
  const text = apiXml('            <resource name="Magento_Sales::ship"/>\n            <resource name="Magento_Sales::reorder"/>\n');
  const { service } = setup(text);
  const result = fixAllText(service, text);
  assert.equal(result.match(/Magento_Sales::actions"/g)?.length, 1);
  assert.ok(result.indexOf('Magento_Sales::actions') < result.indexOf('Magento_Sales::ship'));
  assert.equal(missingParents(service, result), 0);
});

test('duplicates: the fix targets the first occurrence and inserts nothing twice', () => {
  const text = apiXml('            <resource name="Magento_Config::config"/>\n            <resource name="Magento_Config::config"/>\n');
  const { service } = setup(text);
  const result = fixAllText(service, text);
  assert.equal(result.match(/Magento_Backend::stores_settings/g)?.length, 1);
  assert.equal(missingParents(service, result), 0);
});

test('applying the fix twice changes nothing the second time', () => {
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n');
  const { service } = setup(text);
  const once = fixAllText(service, text);
  assert.notEqual(once, text);
  assert.equal(fixAllText(service, once), once);
  const { actions } = actionsAt(service, once, 'Magento_Sales::reorder');
  assert.deepEqual(actions, [], 'no quick-fix is left to offer');
});

test('an integration split across two api.xml files: only what neither lists is inserted, in this file only', () => {
  const other = apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="Magento_Sales::sales_operation"/>\n');
  const otherPath = 'app/code/Other/Module/etc/integration/api.xml';
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n');
  const { service } = setup(text, { [otherPath]: other });
  const { actions, document } = actionsAt(service, text, 'Magento_Sales::reorder');
  const fix = actions.find((a) => a.isPreferred)!;
  assert.deepEqual(Object.keys(fix.edit!.changes!), [document.uri]);
  const result = applyEdits(text, editsOf(fix, document.uri));
  assert.doesNotMatch(result, /Magento_Sales::sales"|sales_operation/);
  assert.match(result, /Magento_Sales::sales_order"\/>\n {12}<resource name="Magento_Sales::actions"\/>\n {12}<resource name="Magento_Sales::reorder"/);
  assert.equal(missingParents(service, result), 0);
});

test('"Add all missing parent resources in integration" appears when several ids miss parents, and fixes all', () => {
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n            <resource name="Magento_Config::config"/>\n');
  const { service } = setup(text);
  const { actions, document } = actionsAt(service, text, 'Magento_Config::config');
  const all = actions.find((a) => a.title === 'Add all missing parent resources in integration "Acme"');
  assert.ok(all, actions.map((a) => a.title).join(', '));
  assert.equal(missingParents(service, applyEdits(text, editsOf(all, document.uri))), 0);
});

test('source.fixAll fixes every integration of the file', () => {
  const text = '<integrations>\n  <integration name="A">\n    <resources>\n      <resource name="Magento_Sales::ship"/>\n    </resources>\n  </integration>\n  <integration name="B">\n    <resources>\n      <resource name="Magento_Config::config"/>\n    </resources>\n  </integration>\n</integrations>\n';
  const { service } = setup(text);
  const document = doc(uri(API_PATH), text);
  const [action] = service.getCodeActions(document, Range.create(0, 0, 0, 0), { diagnostics: [], only: [CodeActionKind.SourceFixAll] });
  assert.equal(action.kind, 'source.fixAll.magento-integration');
  assert.equal(action.title, 'Add all missing parent resources');
  const result = applyEdits(text, editsOf(action, document.uri));
  assert.equal(missingParents(service, result), 0);
  assertOnlyInserted(text.slice(0, text.indexOf('<integration name="B"')), result.slice(0, result.indexOf('<integration name="B"')));
});

test('no fix when missing-parent is off (integration.xml default)', () => {
  const text = '<config>\n  <integration name="X">\n    <resources>\n      <resource name="Magento_Config::config"/>\n    </resources>\n  </integration>\n</config>\n';
  const path = 'app/code/Acme/Sync/etc/integration.xml';
  const { service } = setup(text, {}, path);
  assert.equal(fixAllText(service, text, path), text);
});

test('resources on one line get the new elements on that line', () => {
  const text = '<integrations><integration name="A"><resources><resource name="Magento_Config::config"/></resources></integration></integrations>';
  const { service } = setup(text);
  const result = fixAllText(service, text);
  assert.equal(result, '<integrations><integration name="A"><resources><resource name="Magento_Backend::stores"/><resource name="Magento_Backend::stores_settings"/><resource name="Magento_Config::config"/></resources></integration></integrations>');
});
