/** Which reader a path belongs to, for the places that name ACL ids outside acl.xml, webapi.xml and integration files. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fileKindOf, referenceFileKindOf } from '../src/service/files/fileKind';

test('reference file kinds by path, on Windows paths and encoded URIs too; the index kinds are unchanged', () => {
  const cases: Array<[string, string | undefined]> = [
    ['file:///m/app/code/Vendor/Shop/etc/adminhtml/menu.xml', 'menu'],
    ['file:///m/vendor/vendor/module-shop/etc/adminhtml/system.xml', 'system'],
    ['file:///m/app/code/Vendor/Shop/etc/adminhtml/system/payment.xml', 'system-include'],
    ['file:///m/app/code/Vendor/Shop/etc/adminhtml/system/carriers/ups.xml', 'system-include'],
    ['file:///m/app/code/Vendor/Shop/view/adminhtml/ui_component/shop_listing.xml', 'ui-component'],
    ['file:///m/app/code/Vendor/Shop/view/adminhtml/layout/shop_order_index.xml', 'layout'],
    ['file:///m/app/code/Vendor/Shop/Controller/Adminhtml/Order/Index.php', 'php'],
    ['file:///c%3A/magento/app/code/Vendor/Shop/Block/My%20Block.php', 'php'],
    ['file:///c:\\magento\\app\\etc\\config.php', 'app-config'],
    ['file:///m/app/etc/config.php', 'app-config'],
    ['file:///m/app/etc/env.php', undefined],
    ['file:///m/app/code/Vendor/Shop/etc/menu.xml', undefined],
    ['file:///m/app/code/Vendor/Shop/etc/adminhtml/di.xml', undefined],
    ['file:///m/app/code/Vendor/Shop/view/frontend/layout/default.xml', undefined],
    ['file:///m/app/code/Vendor/Shop/view/adminhtml/templates/panel.phtml', undefined],
    ['file:///m/app/code/Vendor/Shop/etc/acl.xml', undefined],
  ];
  for (const [uri, kind] of cases) assert.equal(referenceFileKindOf(uri), kind, uri);
  for (const [uri] of cases) if (!uri.endsWith('acl.xml')) assert.equal(fileKindOf(uri), undefined, `${uri}: not a file the index reads yet`);
  assert.equal(fileKindOf('file:///m/app/code/Vendor/Shop/etc/acl.xml'), 'acl');
});
