import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { AclModel, AclSource, inferModule } from '../src/service/acl/aclModel';
import { readAclFile } from '../src/service/files/aclFile';
import { parseXml } from '../src/service/xml/xmlDocument';
import { workspace, CORE_ACL, CORE_ACL_PATH, uri } from './helpers';

function source(key: string, module: string | undefined, xml: string, bundled = false): AclSource {
  return { key, module, bundled, location: key, declarations: readAclFile(parseXml(xml)) };
}

const acl = (body: string) => `<config><acl><resources>${body}</resources></acl></config>`;

test('parent is the enclosing resource; ancestors are root first', () => {
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL });
  const model = service.index.acl;
  assert.equal(model.get('Magento_Sales::reorder')?.parentId, 'Magento_Sales::actions');
  assert.deepEqual(model.ancestors('Magento_Sales::reorder'), [
    'Magento_Backend::admin', 'Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions',
  ]);
  assert.equal(model.get('Magento_Backend::admin')?.parentId, undefined);
});

test("the owner module's declaration gives the title; another file's title fills a gap", () => {
  const model = new AclModel();
  model.setSource(source('a', 'Vendor_Other', acl('<resource id="Magento_Backend::admin"><resource id="Vendor_Mod::x" title="From other"/><resource id="Vendor_Mod::y" title="Only here"/></resource>')));
  model.setSource(source('b', 'Vendor_Mod', acl('<resource id="Magento_Backend::admin"><resource id="Vendor_Mod::x" title="From owner"/><resource id="Vendor_Mod::y"/></resource>')));
  assert.equal(model.get('Vendor_Mod::x')?.title, 'From owner');
  assert.equal(model.get('Vendor_Mod::y')?.title, 'Only here');
  assert.equal(model.get('Vendor_Mod::x')?.sites[0].source.key, 'b');
});

test('an id under two different parents keeps every parent, owner first', () => {
  const model = new AclModel();
  model.setSource(source('a', 'Vendor_A', acl('<resource id="Magento_Backend::admin"><resource id="Vendor_A::p"><resource id="Vendor_B::x"/></resource></resource>')));
  model.setSource(source('b', 'Vendor_B', acl('<resource id="Magento_Backend::admin"><resource id="Vendor_B::q"><resource id="Vendor_B::x"/></resource></resource>')));
  const x = model.get('Vendor_B::x')!;
  assert.equal(x.parentId, 'Vendor_B::q');
  assert.deepEqual(new Set(x.parents), new Set(['Vendor_A::p', 'Vendor_B::q']));
});

test('disabled="true" disables the whole subtree', () => {
  const model = new AclModel();
  model.setSource(source('a', 'Magento_Config', acl('<resource id="Magento_Backend::admin"><resource id="Magento_Config::advanced" disabled="true"><resource id="Magento_Config::child"/></resource></resource>')));
  assert.equal(model.isDisabled('Magento_Config::child'), true);
  assert.equal(model.isDisabled('Magento_Backend::admin'), false);
});

test('a workspace acl.xml of a module shadows the bundled file of that module, and removing it restores it', () => {
  const model = new AclModel();
  model.setSource(source('bundled:sales', 'Magento_Sales', acl('<resource id="Magento_Backend::admin"><resource id="Magento_Sales::sales"><resource id="Magento_Sales::old"/></resource></resource>'), true));
  assert.ok(model.get('Magento_Sales::old'));
  model.setSource(source('file:///ws/sales/acl.xml', 'Magento_Sales', acl('<resource id="Magento_Backend::admin"><resource id="Magento_Sales::sales"><resource id="Magento_Sales::new"/></resource></resource>')));
  assert.equal(model.get('Magento_Sales::old'), undefined, 'bundled id of a module the workspace has is gone');
  assert.ok(model.get('Magento_Sales::new'));
  model.removeSource('file:///ws/sales/acl.xml');
  assert.ok(model.get('Magento_Sales::old'));
  assert.equal(model.get('Magento_Sales::new'), undefined);
});

test('updating one file changes only what it declares (incremental)', () => {
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, 'app/code/Acme/Sync/etc/acl.xml': acl('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::top" title="Top"/></resource>') });
  const model = service.index.acl;
  const reorderBefore = model.get('Magento_Sales::reorder');
  service.index.update(uri('app/code/Acme/Sync/etc/acl.xml'), acl('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::top" title="Renamed"/></resource>'));
  assert.equal(model.get('Acme_Sync::top')?.title, 'Renamed');
  assert.equal(model.get('Magento_Sales::reorder'), reorderBefore, 'untouched ids keep their resolved object');
  service.index.remove(uri('app/code/Acme/Sync/etc/acl.xml'));
  assert.equal(model.get('Acme_Sync::top'), undefined);
});

test('a file without module.xml or app/code path belongs to the owner of its leaf ids', () => {
  const decls = readAclFile(parseXml(acl('<resource id="Magento_Backend::admin"><resource id="Magento_Sales::sales"><resource id="Acme_Sync::a"/><resource id="Acme_Sync::b"/></resource></resource>')));
  assert.equal(inferModule(decls), 'Acme_Sync');
});

test('a cycle in parents does not hang', () => {
  const model = new AclModel();
  model.setSource(source('a', 'X_A', acl('<resource id="X_A::a"><resource id="X_A::b"/></resource>')));
  model.setSource(source('b', 'X_B', acl('<resource id="X_A::b"><resource id="X_A::a"/></resource>')));
  assert.ok(model.ancestors('X_A::a').length <= 2);
});
