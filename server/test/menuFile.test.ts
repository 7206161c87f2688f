/** menu.xml reader: the commands on menu items and the ACL ids of `add`/`update`, as Magento_Backend reads them. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MenuFile, readMenuFile } from '../src/service/files/menuFile';
import { describeReference } from '../src/service/files/aclReferences';
import { parseXml } from '../src/service/xml/xmlDocument';
import { cursor, readMarked } from './helpers';

function references(textWithMarkers: string): MenuFile {
  let menu: MenuFile | undefined;
  readMarked(textWithMarkers, (text) => (menu = readMenuFile(parseXml(text))).references);
  return menu!;
}

test('menu: add and update name ACL ids; remove names only an item; commands keep document order', () => {
  const menu = references(`<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Backend:etc/menu.xsd">
    <menu>
        <add id="Vendor_Shop::shop" title="Shop" translate="title" module="Vendor_Shop" sortOrder="10" resource="|Vendor_Shop::shop|"/>
        <add id="Vendor_Shop::orders" title="Orders" module="Vendor_Shop" parent="Vendor_Shop::shop" action="shop/orders" resource='|Vendor_Shop::orders|'/>
        <update id="Magento_Sales::sales_order" resource="|Vendor_Shop::orders|"/>
        <remove id="Magento_Backend::marketplace"/>
        <!-- <add id="Old::item" title="Old" module="Old" resource="Old::commented"/> -->
    </menu>
</config>`);
  assert.deepEqual(
    menu.commands.map((c) => [c.command, c.itemId, c.title, c.resource?.id]),
    [
      ['add', 'Vendor_Shop::shop', 'Shop', 'Vendor_Shop::shop'],
      ['add', 'Vendor_Shop::orders', 'Orders', 'Vendor_Shop::orders'],
      ['update', 'Magento_Sales::sales_order', undefined, 'Vendor_Shop::orders'],
      ['remove', 'Magento_Backend::marketplace', undefined, undefined],
    ],
  );
  assert.equal(describeReference(menu.references[0]), 'menu item Vendor_Shop::shop ("Shop")');
  assert.equal(describeReference(menu.references[2]), 'menu item Magento_Sales::sales_order (update)');
  const remove = menu.commands[3];
  assert.equal(menu.commands.length, 4);
  assert.ok(remove.itemIdStart > 0 && remove.itemIdEnd > remove.itemIdStart);
});

test('menu: the id as the DOM reads it — entities decoded, whitespace kept — with the range of the value as written', () => {
  const menu = references(
    '<config>\r\n<menu>\r\n<add id="a&amp;b" title="T &lt;1&gt;" module="M" resource="|Vendor_Shop::a&amp;b|"/>\r\n<add id="c" title="C" module="M" resource="| Vendor_Shop::c|"/>\r\n</menu>\r\n</config>',
  );
  assert.deepEqual(menu.references.map((r) => r.id), ['Vendor_Shop::a&b', ' Vendor_Shop::c']);
  assert.equal(menu.commands[0].itemId, 'a&b');
  assert.equal(menu.commands[0].title, 'T <1>');
});

test('menu: a byte-order mark shifts nothing', () => {
  const menu = references('\uFEFF<config><menu><add id="a" title="A" module="M" resource="|Vendor_Shop::a|"/></menu></config>');
  assert.equal(menu.references[0].id, 'Vendor_Shop::a');
});

test('menu: only /config/menu/* counts, as Magento reads it', () => {
  references('<config><menu><group><add id="a" resource="Vendor_Shop::nested"/></group></menu><add id="b" resource="Vendor_Shop::outside"/></config>');
  references('<menu><add id="a" resource="Vendor_Shop::no_config_root"/></menu>');
  const menu = references('<config><menu><remove id="a" resource="Vendor_Shop::ignored_by_remove"/><other id="b" resource="Vendor_Shop::unknown_command"/></menu></config>');
  assert.deepEqual(menu.commands.map((c) => c.command), ['remove']);
});

test('menu: half-typed — an empty value is a reference at the cursor (for completion); an unterminated one is none', () => {
  const { text, offset } = cursor('<config><menu><add id="a" title="A" module="M" resource="|"/>\n<add id="b" resource="Vendor_');
  const menu = readMenuFile(parseXml(text));
  assert.deepEqual(menu.references.map((r) => [r.id, r.start, r.end]), [['', offset, offset]]);
  assert.deepEqual(menu.commands.map((c) => [c.itemId, c.resource?.id]), [['a', ''], ['b', undefined]], 'the half-typed command is there, without a resource');
  assert.deepEqual(readMenuFile(parseXml('<config><menu><add id="x" title="X" module="M"/></menu></config>')).commands[0].resource, undefined);
});
