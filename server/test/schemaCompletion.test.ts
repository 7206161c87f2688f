/** Completion from the XSD content models: elements, attributes, enumerated values (with `|` cursors). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { applyEdits, cursor, doc, uri, workspace } from './helpers';

function completeAt(path: string, textWithCursor: string) {
  const { text, offset } = cursor(textWithCursor);
  const service = workspace({}, { schemas: true, catalog: 'bundled' });
  const document = doc(uri(path), text);
  const list = service.doComplete(document, document.positionAt(offset));
  return { items: list.items, labels: list.items.map((i) => i.label), text };
}

/** The text after choosing an item, with snippet tab stops removed. */
function choose(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  return applyEdits(text, [{ ...edit, newText: edit.newText.replace(/\$\d/g, '') }]);
}

const CONFIG = 'app/code/Acme/Sync/etc/integration/config.xml';
const API = 'app/code/Acme/Sync/etc/integration/api.xml';

test('config.xml: only the children still allowed at the cursor, in schema order', () => {
  assert.deepEqual(completeAt(CONFIG, '<integrations>\n  <integration name="A">\n    <|\n  </integration>\n</integrations>').labels, ['email']);
  assert.deepEqual(
    completeAt(CONFIG, '<integrations>\n  <integration name="A">\n    <email>a@b.example</email>\n    <|\n  </integration>\n</integrations>').labels,
    ['endpoint_url', 'identity_link_url'],
  );
  assert.deepEqual(
    completeAt(CONFIG, '<integrations>\n  <integration name="A">\n    <email>a@b.example</email>\n    <|\n    <identity_link_url>https://x.example</identity_link_url>\n  </integration>\n</integrations>').labels,
    ['endpoint_url'],
  );
});

test('a simple-content element is inserted with its closing tag', () => {
  const { items, text } = completeAt(CONFIG, '<integrations>\n  <integration name="A">\n    <em|\n  </integration>\n</integrations>');
  assert.match(choose(text, items[0]), /<email><\/email>\n/);
});

test('inside <resources> of api.xml: a <resource name=""/> snippet that opens id completion', () => {
  const { items, text } = completeAt(API, '<integrations>\n  <integration name="A">\n    <resources>\n      |\n    </resources>\n  </integration>\n</integrations>');
  assert.deepEqual(items.map((i) => i.label), ['resource']);
  assert.match(choose(text, items[0]), /\n {6}<resource name=""\/>\n/);
  assert.equal(items[0].command?.command, 'editor.action.triggerSuggest');
});

test('integration.xml children come in any order (xs:all), each once', () => {
  const { labels } = completeAt('app/code/Acme/Sync/etc/integration.xml', '<config>\n  <integration name="A">\n    <resources><resource name="Magento_Backend::stores"/></resources>\n    <|\n  </integration>\n</config>');
  assert.deepEqual([...labels].sort(), ['email', 'endpoint_url', 'identity_link_url']);
});

test('attribute names not yet present, and enumerated values from the schema', () => {
  assert.deepEqual(completeAt('app/code/Acme/Sync/etc/acl.xml', '<config><acl><resources><resource id="X_Y::z" |/></resources></acl></config>').labels.sort(), ['disabled', 'sortOrder', 'title', 'translate']);
  assert.deepEqual(completeAt('app/code/Acme/Sync/etc/acl.xml', '<config><acl><resources><resource id="X_Y::z" disabled="|"/></resources></acl></config>').labels, ['true', 'false']);
  assert.deepEqual(completeAt('app/code/Acme/Sync/etc/webapi.xml', '<routes><route url="/V1/x" |></route></routes>').labels.sort(), ['method', 'secure', 'soapOperation']);
});

test('root element of an empty document', () => {
  assert.deepEqual(completeAt(API, '<|').labels, ['integrations']);
});
