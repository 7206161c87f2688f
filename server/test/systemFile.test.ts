/** system.xml reader: each configuration section's `<resource>`, and the files system.xml includes. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readSystemFile, SystemFile } from '../src/service/files/systemFile';
import { describeReference } from '../src/service/files/aclReferences';
import { parseXml } from '../src/service/xml/xmlDocument';
import { cursor, readMarked } from './helpers';

function references(textWithMarkers: string): SystemFile {
  let file: SystemFile | undefined;
  readMarked(textWithMarkers, (text) => (file = readSystemFile(parseXml(text))).references);
  return file!;
}

test('system.xml: the resource of each section, its section id, and the includes with the section they sit in', () => {
  const file = references(`<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Config:etc/system_file.xsd">
    <system>
        <tab id="vendor" translate="label" sortOrder="10"><label>Vendor</label></tab>
        <section id="vendor_shop" translate="label" sortOrder="10" showInDefault="1">
            <label>Shop</label>
            <tab>vendor</tab>
            <resource>|Vendor_Shop::config|</resource>
            <group id="general"><label>General</label>
                <include path="Vendor_Shop::system/general.xml"/>
                <resource>Vendor_Shop::not_a_section_resource</resource>
            </group>
        </section>
        <section id="payment"><resource>|Magento_Payment::payment|</resource></section>
        <include path='Vendor_Shop::system/sections.xml'/>
        <!-- <section id="old"><resource>Old::commented</resource></section> -->
    </system>
</config>`);
  assert.deepEqual(file.references.map((r) => [r.sectionId, r.id]), [['vendor_shop', 'Vendor_Shop::config'], ['payment', 'Magento_Payment::payment']]);
  assert.deepEqual(file.includes.map((i) => [i.path.id, i.sectionId]), [['Vendor_Shop::system/general.xml', 'vendor_shop'], ['Vendor_Shop::system/sections.xml', undefined]]);
  assert.equal(describeReference(file.references[0]), 'config section vendor_shop');
});

test('system.xml include files: sections at the top (included under <system>), or a resource of the including section', () => {
  const sections = references('<include xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><section id="carriers"><resource>|Magento_Shipping::carriers|</resource></section></include>');
  assert.deepEqual(sections.references.map((r) => [r.sectionId, r.id]), [['carriers', 'Magento_Shipping::carriers']]);
  const inner = references('<include><group id="g"/><resource>|Vendor_Shop::from_include|</resource></include>');
  assert.deepEqual(inner.references.map((r) => [r.sectionId, r.id]), [[undefined, 'Vendor_Shop::from_include']]);
  assert.equal(describeReference(inner.references[0]), 'config section (included file)');
});

// Structure\Converter drops text nodes of only newlines and spaces and keeps the others as they are.
test('system.xml: the text as Magento reads it — entities and CDATA decoded, not trimmed; comments skipped', () => {
  const file = references(
    '<config><system>\r\n' +
      '<section id="a"><resource>|Vendor_Shop::a&amp;b|</resource></section>\r\n' +
      '<section id="b"><resource><![CDATA[|Vendor_Shop::cdata|]]></resource></section>\r\n' +
      '<section id="c"><resource>|\r\n    Vendor_Shop::spaced\r\n|</resource></section>\r\n' +
      '<section id="d"><resource>\n  <!-- the id: -->|\n  Vendor_Shop::after_comment|</resource></section>\r\n' +
      '</system></config>',
  );
  assert.deepEqual(file.references.map((r) => r.id), ['Vendor_Shop::a&b', 'Vendor_Shop::cdata', '\n    Vendor_Shop::spaced\n', '\n  Vendor_Shop::after_comment']);
});

test('system.xml: half-typed — an empty resource is a reference at the cursor; an element with children is none', () => {
  const { text, offset } = cursor('<config><system><section id="s"><resource>|</resource></section><section id="t"><resource>Vendor_');
  const file = readSystemFile(parseXml(text));
  assert.deepEqual(file.references.map((r) => [r.sectionId, r.id, r.start, r.end]).slice(0, 1), [['s', '', offset, offset]]);
  assert.deepEqual(file.references.slice(1).map((r) => r.id), ['Vendor_'], 'the unfinished one is what is typed so far');
  references('<config><system><section id="s"><resource><id>Vendor_Shop::x</id></resource></section></system></config>');
});
