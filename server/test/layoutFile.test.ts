/** Adminhtml layout reader: `aclResource` attributes and `<argument name="aclResource">`. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readLayoutFile } from '../src/service/files/layoutFile';
import { describeReference } from '../src/service/files/aclReferences';
import { parseXml } from '../src/service/xml/xmlDocument';
import { cursor, readMarked } from './helpers';

const references = (textWithMarkers: string) => readMarked(textWithMarkers, (text) => readLayoutFile(parseXml(text)));

test('layout: aclResource on blocks, references and UI components; an aclResource argument', () => {
  const refs = references(`<?xml version="1.0"?>
<page xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:View/Layout/etc/page_configuration.xsd">
    <body>
        <referenceContainer name="content">
            <block class="Vendor\\Shop\\Block\\Panel" name="shop.panel"
                   template="Vendor_Shop::panel.phtml"
                   aclResource="|Vendor_Shop::panel|">
                <arguments>
                    <argument name="aclResource" xsi:type="string">|Vendor_Shop::argument|</argument>
                    <argument name="title" xsi:type="string">Vendor_Shop::not_an_acl_id</argument>
                </arguments>
            </block>
            <uiComponent name="shop_listing" aclResource='|Vendor_Shop::listing|'/>
            <referenceBlock name="other.block" aclResource="|Vendor_Shop::other|"/>
            <!-- <block name="old" aclResource="Old::commented"/> -->
        </referenceContainer>
    </body>
</page>`);
  assert.deepEqual(
    refs.map((r) => [r.id, r.owner?.element, r.owner?.name]),
    [
      ['Vendor_Shop::panel', 'block', 'shop.panel'],
      ['Vendor_Shop::argument', 'block', 'shop.panel'],
      ['Vendor_Shop::listing', 'uiComponent', 'shop_listing'],
      ['Vendor_Shop::other', 'referenceBlock', 'other.block'],
    ],
  );
  assert.equal(describeReference(refs[0]), 'layout block shop.panel');
});

test('layout: values as the DOM reads them (entities decoded, untrimmed), CRLF and a BOM', () => {
  const refs = references('\uFEFF<layout>\r\n<block name="b" aclResource="|Vendor_Shop::a&amp;b|"/>\r\n<block name="c"><arguments><argument name="aclResource" xsi:type="string"><![CDATA[|Vendor_Shop::cdata|]]></argument></arguments></block>\r\n</layout>');
  assert.deepEqual(refs.map((r) => r.id), ['Vendor_Shop::a&b', 'Vendor_Shop::cdata']);
});

test('layout: half-typed — an empty attribute is a reference at the cursor; an unterminated one is none', () => {
  const { text, offset } = cursor('<layout><block name="b" aclResource="|"/><block name="c" aclResource="Vendor_');
  assert.deepEqual(readLayoutFile(parseXml(text)).map((r) => [r.id, r.start, r.end]), [['', offset, offset]]);
});
