import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../src/node/workspaceScanner';
import { uriOf, WorkspaceLoader } from '../src/node/workspaceLoader';
import { WorkspaceIndex } from '../src/service/workspaceIndex';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mils-scan-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
  }
  return root;
}

const ACL = (id: string) => `<config><acl><resources><resource id="Magento_Backend::admin"><resource id="${id}" title="T"/></resource></resources></acl></config>`;

async function found(root: string): Promise<string[]> {
  return (await scanWorkspace(root)).map((f) => path.relative(root, f).split(path.sep).join('/'));
}

test('finds app/code modules, nested module folders and a standalone module at the root', async () => {
  const root = tree({
    'etc/acl.xml': ACL('Root_Mod::a'),
    'etc/integration/api.xml': '<integrations/>',
    'etc/integration/config.xml': '<integrations/>',
    'etc/module.xml': '<config><module name="Root_Mod"/></config>',
    'app/code/Acme/Sync/etc/acl.xml': ACL('Acme_Sync::a'),
    'app/code/Acme/Sync/etc/webapi.xml': '<routes/>',
    'app/code/Acme/Sync/etc/integration.xml': '<config/>',
    'packages/deep/modules/Foo/etc/acl.xml': ACL('Foo_Bar::a'),
    'app/code/Acme/Sync/etc/di.xml': '<config/>',
  });
  try {
    assert.deepEqual(await found(root), [
      'app/code/Acme/Sync/etc/acl.xml',
      'app/code/Acme/Sync/etc/integration.xml',
      'app/code/Acme/Sync/etc/webapi.xml',
      'etc/acl.xml',
      'etc/integration/api.xml',
      'etc/integration/config.xml',
      'etc/module.xml',
      'packages/deep/modules/Foo/etc/acl.xml',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('app/code: only the etc/ of app/code/<Vendor>/<Module> is read, as Magento registers modules; fixtures deeper inside are not modules', async () => {
  const root = tree({
    'app/code/Acme/Sync/etc/acl.xml': ACL('Acme_Sync::a'),
    'app/code/Acme/Sync/Test/Integration/_files/etc/acl.xml': ACL('Acme_Fixture::a'),
    'app/code/Acme/Sync/Model/Deep/etc/webapi.xml': '<routes/>',
    'app/code/Acme/etc/acl.xml': ACL('Not_A::module'),
  });
  try {
    assert.deepEqual(await found(root), ['app/code/Acme/Sync/etc/acl.xml']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('never walks node_modules, .git, pub/static, var or generated', async () => {
  const root = tree({
    'node_modules/a/etc/acl.xml': ACL('X_Y::a'),
    '.git/etc/acl.xml': ACL('X_Y::a'),
    'pub/static/frontend/etc/acl.xml': ACL('X_Y::a'),
    'var/cache/etc/acl.xml': ACL('X_Y::a'),
    'generated/code/etc/acl.xml': ACL('X_Y::a'),
    'pub/media/etc/acl.xml': ACL('X_Y::a'),
  });
  try {
    assert.deepEqual(await found(root), ['pub/media/etc/acl.xml']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('vendor/: reads composer installed.json (v2 and v1) instead of walking it', async () => {
  const root = tree({
    'vendor/composer/installed.json': JSON.stringify({ packages: [{ name: 'magento/module-sales', 'install-path': '../magento/module-sales' }, { name: 'acme/src-layout', 'install-path': '../acme/src-layout' }] }),
    'vendor/magento/module-sales/etc/acl.xml': ACL('Magento_Sales::a'),
    'vendor/acme/src-layout/src/etc/acl.xml': ACL('Acme_Src::a'),
    'vendor/not/installed/etc/acl.xml': ACL('Not_Installed::a'),
  });
  try {
    assert.deepEqual(await found(root), ['vendor/acme/src-layout/src/etc/acl.xml', 'vendor/magento/module-sales/etc/acl.xml']);
    writeFileSync(path.join(root, 'vendor/composer/installed.json'), JSON.stringify([{ name: 'not/installed' }]));
    assert.deepEqual(await found(root), ['vendor/not/installed/etc/acl.xml']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('vendor/: a package\'s modules are the folders of the registration.php files its autoload lists; a library is not walked', async () => {
  const root = tree({
    'vendor/composer/installed.json': JSON.stringify({
      packages: [
        { name: 'magento/module-sales', 'install-path': '../magento/module-sales', autoload: { files: ['registration.php'], 'psr-4': { 'Magento\\Sales\\': '' } } },
        { name: 'acme/two-modules', 'install-path': '../acme/two-modules', autoload: { files: ['src/One/registration.php', 'src/Two/registration.php', 'src/helpers.php'] } },
        { name: 'acme/linked', 'install-path': '../acme/linked', autoload: { files: ['registration.php'] } },
        { name: 'some/library', 'install-path': '../some/library', autoload: { 'psr-4': { 'Some\\': 'src/' } } },
      ],
    }),
    'vendor/magento/module-sales/registration.php': '',
    'vendor/magento/module-sales/etc/acl.xml': ACL('Magento_Sales::a'),
    'vendor/magento/module-sales/Test/Fixtures/etc/acl.xml': ACL('Magento_Sales::fixture'),
    'vendor/acme/two-modules/src/One/etc/acl.xml': ACL('Acme_One::a'),
    'vendor/acme/two-modules/src/Two/etc/integration/api.xml': '<integrations/>',
    'vendor/some/library/src/etc/acl.xml': ACL('Some_Library::a'),
    'packages/linked/registration.php': '',
    'packages/linked/etc/acl.xml': ACL('Acme_Linked::a'),
  });
  try {
    // A composer path repository: the package is a link to a folder the root walk finds too.
    mkdirSync(path.join(root, 'vendor/acme'), { recursive: true });
    symlinkSync(path.join(root, 'packages/linked'), path.join(root, 'vendor/acme/linked'));
    assert.deepEqual(await found(root), [
      'packages/linked/etc/acl.xml',
      'vendor/acme/two-modules/src/One/etc/acl.xml',
      'vendor/acme/two-modules/src/Two/etc/integration/api.xml',
      'vendor/magento/module-sales/etc/acl.xml',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('vendor/ without composer metadata is walked only as deep as a package', async () => {
  const root = tree({
    'vendor/magento/module-sales/etc/acl.xml': ACL('Magento_Sales::a'),
    'vendor/a/b/c/d/e/f/etc/acl.xml': ACL('Too_Deep::a'),
  });
  try {
    assert.deepEqual(await found(root), ['vendor/magento/module-sales/etc/acl.xml']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('symlink loops end, and a linked module folder is found once', async () => {
  const root = tree({ 'app/code/Acme/Sync/etc/acl.xml': ACL('Acme_Sync::a') });
  try {
    symlinkSync(root, path.join(root, 'app/code/loop'));
    symlinkSync(path.join(root, 'app/code/Acme'), path.join(root, 'linked'));
    symlinkSync(path.join(root, 'missing'), path.join(root, 'dangling'));
    assert.deepEqual(await found(root), ['app/code/Acme/Sync/etc/acl.xml'], 'found once, under its real path');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the loader names modules from etc/module.xml, and follows module.xml changes', async () => {
  const root = tree({
    'src/etc/acl.xml': ACL('Acme_Sync::a'),
    'src/etc/module.xml': '<config><module name="Magento_Sales"/></config>',
  });
  try {
    const index = new WorkspaceIndex();
    const loader = new WorkspaceLoader(index);
    await loader.loadFolder(root);
    const aclUri = uriOf(path.join(root, 'src/etc/acl.xml'));
    assert.equal(index.get(aclUri)?.module, 'Magento_Sales');
    writeFileSync(path.join(root, 'src/etc/module.xml'), '<config><module name="Acme_Sync"/></config>');
    await loader.refreshFile(path.join(root, 'src/etc/module.xml'));
    assert.equal(index.get(aclUri)?.module, 'Acme_Sync');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('files that vanish or are not text do not break loading', async () => {
  const root = tree({ 'etc/acl.xml': '\u0000\u0001binary\u00ff', 'etc/webapi.xml': '' });
  try {
    const index = new WorkspaceIndex();
    const loader = new WorkspaceLoader(index);
    await loader.loadFolder(root);
    assert.ok(index.get(uriOf(path.join(root, 'etc/acl.xml'))), 'binary acl.xml is indexed (as broken XML)');
    await loader.refreshFile(path.join(root, 'etc/gone.xml'));
    await loader.refreshFile(path.join(root, 'etc/integration/api.xml'));
    assert.equal(index.get(uriOf(path.join(root, 'etc/integration/api.xml'))), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
