/**
 * A window whose folder is a standalone module (etc/ at the root, as in the module's own repository): paths
 * are shown relative to that folder, as the user sees them in the Explorer.
 */
import * as assert from 'node:assert/strict';
import { CodeLens, Hover, MarkdownString, Uri, commands, window, workspace } from 'vscode';
import { extensionApi, until } from '../helpers';

const file = (p: string) => Uri.joinPath(workspace.workspaceFolders![0].uri, p);

suite('A standalone module', () => {
  test('hover: "Declared in etc/acl.xml", not the end of an absolute path', async () => {
    await extensionApi();
    const api = await workspace.openTextDocument(file('etc/integration/api.xml'));
    await window.showTextDocument(api);
    const position = api.positionAt(api.getText().indexOf('Acme_Solo::top') + 3);
    const hover = await until('a hover from the indexed acl.xml', async () => {
      const hovers = await commands.executeCommand<Hover[]>('vscode.executeHoverProvider', api.uri, position);
      const text = hovers.flatMap((h) => h.contents.map((c) => (c instanceof MarkdownString ? c.value : String(c)))).join('\n');
      return /Declared in/.test(text) && text;
    });
    const acl = (await workspace.openTextDocument(file('etc/acl.xml'))).getText().split('\n');
    assert.match(hover, new RegExp(`Declared in etc/acl\\.xml:${acl.findIndex((l) => l.includes('Acme_Solo::top')) + 1}$`, 'm'));
  });

  test('a code lens route says where the route is, relative to the folder', async () => {
    const acl = await workspace.openTextDocument(file('etc/acl.xml'));
    const line = acl.getText().split('\n').findIndex((l) => l.includes('Acme_Solo::top'));
    const lens = await until('the lens of Acme_Solo::top', async () => {
      const lenses = await commands.executeCommand<CodeLens[]>('vscode.executeCodeLensProvider', acl.uri, 100);
      return lenses.find((l) => l.range.start.line === line && /used by 1 route/.test(l.command?.title ?? ''));
    });
    const [, routes] = lens.command!.arguments as [string, Array<{ label: string; where: string }>];
    assert.deepEqual(routes.map((r) => [r.label, r.where]), [['GET /V1/acme/solo — Acme_Solo', 'etc/webapi.xml:3']]);
  });
});
