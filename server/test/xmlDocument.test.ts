import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lineEnding, parseXml } from '../src/service/xml/xmlDocument';

test('offsets are exclusive and point at the attribute value between its quotes', () => {
  const text = '<a><resource name="Magento_Sales::sales"/></a>';
  const xml = parseXml(text);
  const resource = xml.root!.children[0];
  const name = resource.attributes[0];
  assert.equal(text.slice(name.valueStart, name.valueEnd), 'Magento_Sales::sales');
  assert.equal(text.slice(resource.start, resource.end), '<resource name="Magento_Sales::sales"/>');
  assert.equal(name.quote, '"');
  assert.equal(resource.selfClosing, true);
  assert.deepEqual(xml.errors, []);
});

test('a byte-order mark is skipped and offsets still index the original text', () => {
  const text = '\uFEFF<?xml version="1.0"?>\r\n<a x=\'é😀\'/>';
  const xml = parseXml(text);
  assert.deepEqual(xml.errors, []);
  const x = xml.root!.attributes[0];
  assert.equal(text.slice(x.valueStart, x.valueEnd), 'é😀');
  assert.equal(x.quote, "'");
});

test('half-typed XML still yields the complete elements and syntax errors inside the document', () => {
  const text = '<a><resources>\n  <resource name="Magento_Sales::sales"/>\n  <resource name="Mag\n</resources></a>';
  const xml = parseXml(text);
  const resources = xml.root!.children[0];
  assert.equal(resources.children[0].attributes[0].value, 'Magento_Sales::sales');
  assert.ok(xml.errors.length > 0);
  for (const e of xml.errors) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, JSON.stringify(e));
});

test('an unclosed document reports the end of the document, not NaN', () => {
  const text = '<a><b x="1"/><c y="2"></a>';
  const xml = parseXml(text);
  assert.ok(xml.errors.length > 0);
  for (const e of xml.errors) assert.ok(Number.isInteger(e.start) && Number.isInteger(e.end) && e.end <= text.length);
});

test('line endings are detected', () => {
  assert.equal(lineEnding('a\r\nb'), '\r\n');
  assert.equal(lineEnding('a\nb'), '\n');
  assert.equal(lineEnding('ab'), '\n');
});

test('an element knows its content range: after the start tag to the end tag, on both parse paths', () => {
  const wellFormed = '<a>\r\n  <r x="1">Magento_Sales::sales</r><e/><c><!-- x --></c>\r\n</a>';
  const broken = '<a>\n  <r>Magento_Sa\n</a';
  for (const text of [wellFormed, broken]) {
    const xml = parseXml(text);
    const root = xml.root!;
    const r = root.children[0];
    assert.equal(text.slice(r.contentStart, r.contentEnd).split('\n')[0], text === wellFormed ? 'Magento_Sales::sales' : 'Magento_Sa');
  }
  const root = parseXml(wellFormed).root!;
  assert.equal(wellFormed.slice(root.contentEnd, root.end), '</a>');
  const [, e, c] = root.children;
  assert.deepEqual([e.contentStart, e.contentEnd], [-1, -1], 'a self-closing element has no content');
  assert.equal(wellFormed.slice(c.contentStart, c.contentEnd), '<!-- x -->');
  // An unterminated element of broken input runs to the element's end.
  const unclosed = parseXml('<a><r>Magento_');
  const r = unclosed.root!.children[0];
  assert.ok(unclosed.errors.length > 0);
  assert.equal('<a><r>Magento_'.slice(r.contentStart, r.contentEnd), 'Magento_');
});
