/**
 * Navigation through the real editor API: hover, definition, references (into files not open), code lenses,
 * rename (and its refusal for ids only the bundled catalog declares), the effective-permissions view.
 */
import * as assert from 'node:assert/strict';
import { CodeLens, Hover, Location, MarkdownString, Position, TextDocument, Uri, WorkspaceEdit, commands, window, workspace } from 'vscode';
import { extensionApi, until } from './helpers';

const root = () => workspace.workspaceFolders![0].uri;
const file = (p: string) => Uri.joinPath(root(), p);
const API = 'app/code/Acme/OrderSync/etc/integration/api.xml';


/** Position inside the first occurrence of `needle`. */
function inside(document: TextDocument, needle: string): Position {
  const i = document.getText().indexOf(needle);
  assert.ok(i >= 0, needle);
  return document.positionAt(i + 2);
}

const text = (h: Hover) => h.contents.map((c) => (c instanceof MarkdownString ? c.value : typeof c === 'string' ? c : c.value)).join('\n');

suite('Navigation in VS Code', () => {
  let api: TextDocument;
  suiteSetup(async () => {
    api = await workspace.openTextDocument(file(API));
    await window.showTextDocument(api);
  });

  test('hover on an id shows its title path, module and the routes that require it', async () => {
    const hovers = await until('hover', async () => {
      const h = await commands.executeCommand<Hover[]>('vscode.executeHoverProvider', api.uri, inside(api, 'Magento_Sales::reorder'));
      return h.length ? h : undefined;
    });
    const value = hovers.map(text).join('\n');
    assert.match(value, /Magento Admin › Sales › Operations › Orders › Actions › Reorder/);
    assert.match(value, /Module: `Magento_Sales`/);
    assert.match(value, /app\/code\/Magento\/Sales\/etc\/acl\.xml:\d+/);
  });

  test('go to definition lands on the id in the owning acl.xml', async () => {
    const [location] = await commands.executeCommand<Location[]>('vscode.executeDefinitionProvider', api.uri, inside(api, 'Magento_Sales::reorder'));
    assert.equal(location.uri.toString(), file('app/code/Magento/Sales/etc/acl.xml').toString());
    const acl = await workspace.openTextDocument(location.uri);
    assert.equal(acl.getText(location.range), 'Magento_Sales::reorder');
  });

  test('find references reaches files that are not open (webapi.xml)', async () => {
    const acl = await workspace.openTextDocument(file('app/code/Acme/OrderSync/etc/acl.xml'));
    const refs = await commands.executeCommand<Location[]>('vscode.executeReferenceProvider', acl.uri, inside(acl, 'Acme_OrderSync::sync'));
    const files = refs.map((r) => workspace.asRelativePath(r.uri));
    assert.ok(files.includes('app/code/Acme/OrderSync/etc/webapi.xml'), files.join(', '));
    assert.ok(files.includes('app/code/Acme/OrderSync/etc/acl.xml'), files.join(', '));
  });

  test('code lens above the integration: resources and unlocked REST routes', async () => {
    const lenses = await until('code lenses', async () => {
      const l = await commands.executeCommand<CodeLens[]>('vscode.executeCodeLensProvider', api.uri, 10);
      return l.length ? l : undefined;
    });
    assert.match(String(lenses[0].command?.title), /^\d+ resources · unlocks \d+ REST routes?$/);
    assert.equal(lenses[0].command?.command, 'magentoIntegration.showRoutes');
  });

  test('rename an id across acl.xml and webapi.xml; an id only the bundled catalog declares is refused', async () => {
    const acl = await workspace.openTextDocument(file('app/code/Acme/OrderSync/etc/acl.xml'));
    const edit = await commands.executeCommand<WorkspaceEdit>('vscode.executeDocumentRenameProvider', acl.uri, inside(acl, 'Acme_OrderSync::sync'), 'Acme_OrderSync::synchronize');
    const touched = edit.entries().map(([uri]) => workspace.asRelativePath(uri)).sort();
    assert.deepEqual(touched, ['app/code/Acme/OrderSync/etc/acl.xml', 'app/code/Acme/OrderSync/etc/webapi.xml']);
    const bundled = await bundledOnly();
    await assert.rejects(
      Promise.resolve(commands.executeCommand('vscode.executeDocumentRenameProvider', bundled, new Position(5, 30), 'Magento_Catalog::items')),
      /bundled Magento catalog/,
    );
  });

  test('"Show Effective Permissions of This Integration" opens the report', async () => {
    const { api: ext } = await extensionApi();
    const editor = await window.showTextDocument(api);
    editor.selection = new (await import('vscode')).Selection(inside(api, 'Acme Order Sync'), inside(api, 'Acme Order Sync'));
    await commands.executeCommand('magentoIntegration.showEffectivePermissions');
    const view = await until('the permissions view', () => ext.permissionViews().find((v) => v.markdown.includes('#')));
    assert.match(view.markdown, /# Effective permissions of integration "Acme Order Sync"/);
    assert.match(view.markdown, /## REST routes unlocked/);
  });
});

/** An api.xml (written for this test) whose line 5 lists an id that only the bundled catalog declares. */
async function bundledOnly(): Promise<Uri> {
  const uri = file('app/code/Acme/Catalog/etc/integration/api.xml');
  const content = '<?xml version="1.0"?>\n<integrations>\n  <integration name="Catalog">\n    <resources>\n      <resource name="Magento_Catalog::catalog"/>\n      <resource name="Magento_Catalog::products"/>\n    </resources>\n  </integration>\n</integrations>\n';
  await workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const document = await workspace.openTextDocument(uri);
  await window.showTextDocument(document);
  return uri;
}
