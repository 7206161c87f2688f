/**
 * A window opened without a folder: opening a module's api.xml from disk activates the extension
 * (onLanguage:xml; workspaceContains needs a folder) and starts the server for it.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Uri, extensions, languages, window, workspace } from 'vscode';
import { EXTENSION_ID, codeOf, until } from '../helpers';

suite('No folder open', () => {
  test('opening an api.xml activates the extension, and the file gets its diagnostics', async () => {
    assert.equal(workspace.workspaceFolders, undefined, 'a window without folders');
    const extension = extensions.getExtension(EXTENSION_ID)!;
    assert.equal(extension.isActive, false, 'nothing activated it yet');
    const dir = mkdtempSync(path.join(tmpdir(), 'magento-no-folder-'));
    try {
      const apiPath = path.join(dir, 'etc/integration/api.xml');
      mkdirSync(path.dirname(apiPath), { recursive: true });
      writeFileSync(apiPath, '<?xml version="1.0"?>\n<integrations>\n    <integration name="Loose">\n        <resources>\n            <resource name="Magento_Sales::ship"/>\n        </resources>\n    </integration>\n</integrations>\n');
      const document = await workspace.openTextDocument(Uri.file(apiPath));
      await window.showTextDocument(document);
      await until('the extension to activate', () => extension.isActive);
      const missing = await until('missing-parent from the bundled catalog', () => languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'missing-parent'));
      assert.equal(document.getText(missing.range), 'Magento_Sales::ship');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
