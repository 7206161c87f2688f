/**
 * The extension in a real VS Code, through the editor API only: completion, diagnostics, the preferred
 * quick-fix, an acl.xml changed on disk, a severity setting, and the commands. Runs against a copy of
 * test/fixtures/workspace (test/vscode/runTests.js makes one), so it may write files and settings.
 */
import * as assert from 'node:assert/strict';
import {
  CodeAction,
  CompletionItem,
  CompletionList,
  ConfigurationTarget,
  Diagnostic,
  DiagnosticSeverity,
  Position,
  Range,
  TextDocument,
  Uri,
  commands,
  extensions,
  languages,
  window,
  workspace,
} from 'vscode';
import { EXTENSION_ID, codeOf, labelOf, until } from './helpers';

const root = () => workspace.workspaceFolders![0].uri;
const apiUri = () => Uri.joinPath(root(), 'app/code/Acme/OrderSync/etc/integration/api.xml');
const ownAclUri = () => Uri.joinPath(root(), 'app/code/Acme/OrderSync/etc/acl.xml');


const diagnostics = (uri: Uri, code: string) => languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);

let api: TextDocument;
let original: string;

suite('Magento integration XML in VS Code', () => {
  suiteSetup(async () => {
    const extension = extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    // When testing the packaged .vsix, make sure the installed copy is the one running.
    const installedIn = process.env.MAGENTO_VSCODE_EXTENSIONS_DIR;
    if (installedIn) assert.ok(extension.extensionPath.startsWith(installedIn), `${extension.extensionPath} is inside ${installedIn}`);
    api = await workspace.openTextDocument(apiUri());
    await window.showTextDocument(api);
    await extension.activate();
    original = api.getText();
  });

  test('completion offers ACL ids with their titles, and leaves out listed ids', async () => {
    const offset = api.getText().indexOf('name=""') + 'name="'.length;
    const position = api.positionAt(offset);
    const items = await until('ACL completion items', async () => {
      // Resolving every item, as the suggest widget resolves the focused one: the title comes with resolve.
      const list = await commands.executeCommand<CompletionList>('vscode.executeCompletionItemProvider', api.uri, position, undefined, 200);
      return list.items.some((i) => labelOf(i) === 'Magento_Sales::ship') ? list.items : undefined;
    });
    const ship = items.find((i) => labelOf(i) === 'Magento_Sales::ship')!;
    assert.match(String(ship.detail), /^Ship/);
    assert.ok(!items.some((i) => labelOf(i) === 'Magento_Sales::reorder'), 'ids already listed are left out');
  });

  test('typing narrows a capped list on the server; the chosen item is resolved with its tree path and parents', async () => {
    const { WorkspaceEdit } = await import('vscode');
    const at = api.getText().indexOf('name=""') + 'name="'.length;
    const edit = new WorkspaceEdit();
    edit.insert(api.uri, api.positionAt(at), 'Magento_Catalog::prod');
    assert.ok(await workspace.applyEdit(edit));
    try {
      const position = api.positionAt(at + 'Magento_Catalog::prod'.length);
      // Resolving the first items the way the suggest widget does (documentation, additional edits).
      const list = await until('the bundled Magento_Catalog ids', async () => {
        const l = await commands.executeCommand<CompletionList>('vscode.executeCompletionItemProvider', api.uri, position, undefined, 5);
        return l.items.some((i) => labelOf(i) === 'Magento_Catalog::products') ? l : undefined;
      });
      assert.equal(list.isIncomplete, true, 'the server filtered a list longer than it sends');
      const products = list.items.find((i) => labelOf(i) === 'Magento_Catalog::products')!;
      const docs = typeof products.documentation === 'string' ? products.documentation : products.documentation?.value ?? '';
      assert.match(docs, /Catalog › Inventory › Products/, 'documentation arrives by completionItem/resolve');
      assert.ok(products.additionalTextEdits?.some((e) => e.newText.includes('Magento_Catalog::catalog')), 'so do the missing parents');
    } finally {
      await restore();
    }
  });

  test('missing-parent and unknown-resource diagnostics appear on the resource values', async () => {
    const missing = await until('missing-parent', () => diagnostics(api.uri, 'missing-parent')[0]);
    assert.equal(api.getText(missing.range), 'Magento_Sales::reorder');
    assert.equal(missing.severity, DiagnosticSeverity.Warning);
    assert.equal(missing.source, 'magento-integration');
    const unknown = await until('unknown-resource', () => diagnostics(api.uri, 'unknown-resource')[0]);
    assert.equal(api.getText(unknown.range), 'Acme_OrderSync::export');
  });

  test('the preferred quick-fix inserts the missing parents', async () => {
    const missing = await until('missing-parent', () => diagnostics(api.uri, 'missing-parent')[0]);
    const actions = await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', api.uri, missing.range);
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, actions.map((a) => a.title).join(', '));
    assert.equal(preferred.title, 'Add missing parent resources of Magento_Sales::reorder');
    assert.ok(await workspace.applyEdit(preferred.edit));
    const expected = original.replace(
      '            <resource name="Magento_Sales::reorder"/>',
      ['Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::reorder']
        .map((id) => `            <resource name="${id}"/>`).join('\n'),
    );
    assert.equal(api.getText(), expected);
    await until('missing-parent gone', () => diagnostics(api.uri, 'missing-parent').length === 0);
    await restore();
  });

  test('editing acl.xml on disk updates the diagnostics of the open api.xml', async () => {
    await until('unknown-resource', () => diagnostics(api.uri, 'unknown-resource').length === 1);
    const acl = new TextDecoder().decode(await workspace.fs.readFile(ownAclUri()));
    const changed = acl.replace(
      '<resource id="Acme_OrderSync::sync" title="Acme Order Sync" sortOrder="90"/>',
      '<resource id="Acme_OrderSync::sync" title="Acme Order Sync" sortOrder="90">\n                    <resource id="Acme_OrderSync::export" title="Export"/>\n                </resource>',
    );
    assert.notEqual(changed, acl);
    await workspace.fs.writeFile(ownAclUri(), new TextEncoder().encode(changed));
    await until('unknown-resource gone', () => diagnostics(api.uri, 'unknown-resource').length === 0);
    const missing = await until('missing-parent for the new id', () =>
      diagnostics(api.uri, 'missing-parent').find((d) => api.getText(d.range) === 'Acme_OrderSync::export'));
    assert.match(typeof missing.message === 'string' ? missing.message : '', /Acme_OrderSync::sync/);
  });

  test('a changed severity setting changes the diagnostic without a reload', async () => {
    const config = workspace.getConfiguration('magentoIntegration');
    await config.update('severity', { 'missing-parent': 'error' }, ConfigurationTarget.Workspace);
    try {
      await until('missing-parent as an error', () => diagnostics(api.uri, 'missing-parent').some((d) => d.severity === DiagnosticSeverity.Error));
      await config.update('severity', { 'missing-parent': 'off' }, ConfigurationTarget.Workspace);
      await until('missing-parent switched off', () => diagnostics(api.uri, 'missing-parent').length === 0);
    } finally {
      await config.update('severity', undefined, ConfigurationTarget.Workspace);
    }
    await until('missing-parent back as a warning', () => diagnostics(api.uri, 'missing-parent').some((d) => d.severity === DiagnosticSeverity.Warning));
  });

  test('the commands are there, and "Add All Missing Parent Resources" fixes the file', async () => {
    const all = await commands.getCommands(true);
    for (const c of ['magentoIntegration.fixAll', 'magentoIntegration.reindex', 'magentoIntegration.showOutput']) assert.ok(all.includes(c), c);
    await window.showTextDocument(api);
    await until('missing-parent', () => diagnostics(api.uri, 'missing-parent').length > 0);
    await commands.executeCommand('magentoIntegration.fixAll');
    await until('no missing-parent after fixAll', () => diagnostics(api.uri, 'missing-parent').length === 0);
    assert.match(api.getText(), /<resource name="Acme_OrderSync::sync"\/>\n {12}<resource name="Acme_OrderSync::export"\/>/);
    await commands.executeCommand('magentoIntegration.reindex');
    await restore();
  });
});

/** Puts the api.xml text back as it was, so every test starts from the fixture. */
async function restore(): Promise<void> {
  const { WorkspaceEdit } = await import('vscode');
  const edit = new WorkspaceEdit();
  edit.replace(api.uri, new Range(new Position(0, 0), api.positionAt(api.getText().length)), original);
  await workspace.applyEdit(edit);
}
