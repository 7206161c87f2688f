/**
 * When the extension starts its server (runs first: no Magento file has been opened in this window yet).
 * The workspace holds Magento files, so the extension is active (workspaceContains), but the server starts
 * only with the first Magento file opened: not for another XML file, and then for the first api.xml of a
 * module created after the window opened (no reload).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Uri, commands, languages, window, workspace } from 'vscode';
import { codeOf, extensionApi, languageServers, until } from './helpers';

const root = () => workspace.workspaceFolders![0].uri;

suite('Activation: the server starts with the first Magento file', () => {
  test('active in a Magento workspace, but no server process while no Magento file is open', async () => {
    const { api, extensionPath } = await extensionApi();
    const script = path.join(extensionPath, 'dist', 'server.js');
    assert.ok(!workspace.textDocuments.some((d) => /\/etc\/.*\.xml$/.test(d.uri.path)), 'no Magento file open yet');
    // An XML file of another kind activates the extension too (onLanguage:xml) and starts nothing.
    const layout = Uri.joinPath(root(), 'app/design/frontend/Acme/theme/Magento_Theme/layout/default.xml');
    await workspace.fs.writeFile(layout, new TextEncoder().encode('<?xml version="1.0"?>\n<page/>\n'));
    const other = await workspace.openTextDocument(layout);
    await window.showTextDocument(other);
    assert.equal(other.languageId, 'xml');
    // The client decides on the open event itself; give the extension host a moment to have reacted.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(api.serverStarted, false, 'no server for a layout file');
    assert.deepEqual(languageServers(script), [], 'no server process');
    assert.equal(api.statusBar().visible, false, 'no status-bar item beside a layout file');
  });

  test('the first api.xml of a new module, created and opened now, starts the server and gets diagnostics', async () => {
    const { api, extensionPath } = await extensionApi();
    const fresh = Uri.joinPath(root(), 'app/code/Acme/Fresh/etc/integration/api.xml');
    const text = '<?xml version="1.0"?>\n<integrations>\n    <integration name="Fresh">\n        <resources>\n            <resource name="Magento_Sales::ship"/>\n        </resources>\n    </integration>\n</integrations>\n';
    await workspace.fs.writeFile(fresh, new TextEncoder().encode(text));
    try {
      const document = await workspace.openTextDocument(fresh);
      await window.showTextDocument(document);
      await until('the server to start', () => api.serverStarted);
      await until('a server process', () => languageServers(path.join(extensionPath, 'dist', 'server.js')).length === 1);
      const missing = await until('missing-parent in the new api.xml', () => languages.getDiagnostics(fresh).find((d) => codeOf(d) === 'missing-parent'));
      assert.equal(document.getText(missing.range), 'Magento_Sales::ship');
      await until('the status-bar item beside a Magento file', () => api.statusBar().visible);
    } finally {
      await commands.executeCommand('workbench.action.closeAllEditors');
      await workspace.fs.delete(Uri.joinPath(root(), 'app/code/Acme/Fresh'), { recursive: true });
      await workspace.fs.delete(Uri.joinPath(root(), 'app/design'), { recursive: true });
    }
  });
});
