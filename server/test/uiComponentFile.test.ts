/** UI component reader: `<aclResource>` settings and `<item name="aclResource">` arguments. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readUiComponentFile } from '../src/service/files/uiComponentFile';
import { describeReference } from '../src/service/files/aclReferences';
import { parseXml } from '../src/service/xml/xmlDocument';
import { cursor, readMarked } from './helpers';

const references = (textWithMarkers: string) => readMarked(textWithMarkers, (text) => readUiComponentFile(parseXml(text)));

test('UI component: a data source and a button guarded by <aclResource>, and the older argument form', () => {
  const refs = references(`<?xml version="1.0" encoding="UTF-8"?>
<listing xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Ui:etc/ui_configuration.xsd">
    <settings>
        <buttons>
            <button name="add">
                <url path="*/*/new"/>
                <label translate="true">Add New</label>
                <aclResource>|Vendor_Shop::create|</aclResource>
            </button>
        </buttons>
    </settings>
    <dataSource name="shop_listing_data_source" component="Magento_Ui/js/grid/provider">
        <settings><updateUrl path="mui/index/render"/></settings>
        <aclResource>
            |Vendor_Shop::orders|
        </aclResource>
        <dataProvider class="Vendor\\Shop\\Ui\\DataProvider" name="shop_listing_data_source"/>
    </dataSource>
    <dataSource name="legacy_data_source">
        <argument name="dataProvider" xsi:type="configurableObject">
            <argument name="data" xsi:type="array">
                <item name="config" xsi:type="array">
                    <item name="aclResource" xsi:type="string">|Vendor_Shop::legacy|</item>
                </item>
            </argument>
        </argument>
    </dataSource>
    <!-- <aclResource>Old::commented</aclResource> -->
</listing>`);
  assert.deepEqual(
    refs.map((r) => [r.id, r.componentType, r.owner?.element, r.owner?.name]),
    [
      ['Vendor_Shop::create', 'listing', 'button', 'add'],
      ['Vendor_Shop::orders', 'listing', 'dataSource', 'shop_listing_data_source'],
      ['Vendor_Shop::legacy', 'listing', 'dataSource', 'legacy_data_source'],
    ],
  );
  assert.equal(describeReference(refs[1]), 'UI listing dataSource shop_listing_data_source');
});

// Config\Converter\Dom\Flat: a text that is not blank wins over child elements; without one, they make an array.
test('UI component: <aclResource> is trimmed (the definition map trims it); an <item> keeps its first non-blank text as written', () => {
  const refs = references(
    '<form>\r\n<dataSource name="d">\r\n<aclResource><![CDATA[|Vendor_Shop::cdata|]]></aclResource>\r\n' +
      '<aclResource>\t|Vendor_Shop::a&amp;b|\r\n</aclResource>\r\n' +
      '<argument name="data"><item name="aclResource"><!-- x -->|  Vendor_Shop::item|</item>' +
      '<item name="aclResource"><item name="nested">Vendor_Shop::array_not_string</item></item>' +
      '<item name="aclResource"><item name="dropped"/>|Vendor_Shop::text_wins|</item></argument>' +
      '</dataSource>\r\n</form>',
  );
  assert.deepEqual(refs.map((r) => r.id), ['Vendor_Shop::cdata', 'Vendor_Shop::a&b', '  Vendor_Shop::item', 'Vendor_Shop::text_wins']);
});

test('UI component: half-typed — an empty <aclResource> is a reference at the cursor', () => {
  const { text, offset } = cursor('<listing><dataSource name="d"><aclResource>|</aclResource></dataSource><dataSource name="e"><aclResource>Vendor_');
  const refs = readUiComponentFile(parseXml(text));
  assert.deepEqual(refs[0], { kind: 'ui-component', componentType: 'listing', owner: { element: 'dataSource', name: 'd' }, id: '', start: offset, end: offset });
  assert.deepEqual(refs.slice(1).map((r) => r.id), ['Vendor_']);
});
