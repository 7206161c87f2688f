/**
 * What a person sees, through the editor API: the order, titles and filter texts of completion rows as
 * VS Code receives them, suggestions opened by typing, no word list where the server has nothing, code-lens
 * route lists that open the route, the rendered and live permissions view, the status items, Restart Server,
 * and the code-lens setting. The UI scenario (test/ui/scenario.js) checks the same on the screen.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  CodeLens,
  CompletionItem,
  CompletionItemLabel,
  CompletionList,
  CompletionTriggerKind,
  ConfigurationTarget,
  Position,
  Range,
  Selection,
  TabInputWebview,
  TextDocument,
  Uri,
  WorkspaceEdit,
  commands,
  languages,
  window,
  workspace,
} from 'vscode';
import { codeOf, extensionApi, labelOf, languageServers, until } from './helpers';

const root = () => workspace.workspaceFolders![0].uri;
const file = (p: string) => Uri.joinPath(root(), p);
const API = 'app/code/Acme/OrderSync/etc/integration/api.xml';
const CONFIG = 'app/code/Acme/OrderSync/etc/integration/config.xml';
const WEBAPI = 'app/code/Acme/OrderSync/etc/webapi.xml';
const OWN_ACL = 'app/code/Acme/OrderSync/etc/acl.xml';

const description = (i: CompletionItem) => (typeof i.label === 'string' ? undefined : (i.label as CompletionItemLabel).description);
const bySortText = (items: CompletionItem[]) => [...items].sort((a, b) => ((a.sortText ?? labelOf(a)) < (b.sortText ?? labelOf(b)) ? -1 : 1));

async function completionAt(document: TextDocument, offset: number): Promise<CompletionList> {
  return commands.executeCommand<CompletionList>('vscode.executeCompletionItemProvider', document.uri, document.positionAt(offset));
}

async function replaceAll(document: TextDocument, text: string): Promise<void> {
  const edit = new WorkspaceEdit();
  edit.replace(document.uri, new Range(new Position(0, 0), document.positionAt(document.getText().length)), text);
  assert.ok(await workspace.applyEdit(edit));
}

suite('What the user sees', () => {
  let api: TextDocument;
  let original: string;

  suiteSetup(async () => {
    await extensionApi();
    api = await workspace.openTextDocument(file(API));
    await window.showTextDocument(api);
    original = api.getText();
    await until('diagnostics (the server is up)', () => languages.getDiagnostics(api.uri).some((d) => codeOf(d) === 'missing-parent'));
  });

  teardown(async () => {
    if (api.getText() !== original) await replaceAll(api, original);
  });

  test('nothing typed: the ids of the modules the integration lists come first, each row with its title', async () => {
    const offset = api.getText().indexOf('name=""') + 'name="'.length;
    const list = await until('ACL ids', async () => {
      const l = await completionAt(api, offset);
      return l.items.length > 50 && l;
    });
    const rows = bySortText(list.items);
    const listed = (i: CompletionItem) => /^(Acme_OrderSync|Magento_Sales)::/.test(labelOf(i));
    const first = rows.findIndex((i) => !listed(i));
    assert.ok(first >= 4 && rows.slice(first).every((i) => !listed(i)), `first rows: ${rows.slice(0, first + 3).map(labelOf).join(', ')}`);
    assert.equal(labelOf(rows[0]), 'Acme_OrderSync::sync');
    const ship = rows.find((i) => labelOf(i) === 'Magento_Sales::ship')!;
    assert.equal(description(ship), 'Ship', 'the title in the row itself (labelDetails), not only in the focused item');
  });

  test('typing "ord" over an id: the Sales order ids first, reorder kept, and VS Code\'s filter keeps them all in that order', async () => {
    const value = 'Magento_Sales::reorder';
    const start = api.getText().indexOf(value);
    const edit = new WorkspaceEdit();
    edit.replace(api.uri, new Range(api.positionAt(start), api.positionAt(start + value.length)), 'ord');
    assert.ok(await workspace.applyEdit(edit));
    const list = await completionAt(api, start + 'ord'.length);
    assert.equal(list.isIncomplete, true, 'the server filtered a list longer than it sends');
    const rows = bySortText(list.items).map(labelOf);
    // The fixture's Magento_Sales acl.xml declares a few order ids: they come first, then its own module's.
    assert.deepEqual(rows.slice(0, 3), ['Magento_Sales::sales_order', 'Magento_Sales::reorder', 'Acme_OrderSync::sync']);
    // VS Code filters what the server sent by the typed word against each filterText and sorts by that
    // score first: a filterText starting with the typed word gives every item the same score.
    for (const item of list.items) assert.ok(item.filterText?.startsWith('ord'), `${labelOf(item)}: ${item.filterText}`);
  });

  test('typing a character of an id in name="" opens suggestions by itself, as in JSON files', async () => {
    const { api: ext } = await extensionApi();
    const editor = await window.showTextDocument(api);
    const at = api.positionAt(api.getText().indexOf('name=""') + 'name="'.length);
    editor.selection = new Selection(at, at);
    await commands.executeCommand('hideSuggestWidget');
    const before = api.version;
    await commands.executeCommand('type', { text: 'o' });
    assert.equal(api.version, before + 1, 'typed');
    // VS Code itself does not suggest inside strings (editor.quickSuggestions): the request is the client's.
    const request = await until('a completion request for the typed "o"', () => {
      const r = ext.lastCompletionRequest();
      return r && r.uri === api.uri.toString() && r.version === api.version && r;
    }, 10_000);
    assert.equal(request.kind, CompletionTriggerKind.Invoke);
    await commands.executeCommand('hideSuggestWidget');
  });

  test('where the server has nothing to offer, no word list of the document (`--`, `Acl`, …)', async () => {
    const config = await workspace.openTextDocument(file(CONFIG));
    await window.showTextDocument(config);
    // The integration's name: api.xml declares no other; the e-mail text: nothing is completed there.
    for (const offset of [config.getText().indexOf('Acme Order Sync'), config.getText().indexOf('integrations@')]) {
      const list = await completionAt(config, offset);
      const labelled = list.items.map(labelOf).filter((l) => l !== '');
      assert.deepEqual(labelled, [], `at ${config.positionAt(offset).line + 1}:${config.positionAt(offset).character + 1}`);
    }
    // The same request in an XML file the server does not serve still gets VS Code's words.
    const other = await workspace.openTextDocument({ language: 'xml', content: '<a><bcd>efgh</bcd><bcd>ef</bcd></a>' });
    const words = await completionAt(other, other.getText().lastIndexOf('ef') + 2);
    assert.ok(words.items.some((i) => labelOf(i) === 'efgh'), 'other XML files keep the word list');
  });

  test('a code lens lists its routes as METHOD /V1/url — Module, and choosing one opens its line in webapi.xml', async () => {
    const acl = await workspace.openTextDocument(file(OWN_ACL));
    await window.showTextDocument(acl);
    const line = acl.getText().split('\n').findIndex((l) => l.includes('Acme_OrderSync::sync'));
    const lens = await until('the lens of Acme_OrderSync::sync', async () => {
      const lenses = await commands.executeCommand<CodeLens[]>('vscode.executeCodeLensProvider', acl.uri, 100);
      return lenses.find((l) => l.range.start.line === line && l.command?.title.startsWith('used by'));
    });
    const [subject, routes] = lens.command!.arguments as [string, Array<{ label: string; where: string }>];
    assert.equal(subject, 'Acme_OrderSync::sync');
    assert.deepEqual(routes.map((r) => [r.label, r.where]), [['POST /V1/acme/orders/sync — Acme_OrderSync', `${WEBAPI}:3`]]);
    // Choose the route in the quick pick, as the user would (its only row is the active one).
    const shown = commands.executeCommand(lens.command!.command, ...lens.command!.arguments!);
    let settled = false;
    void Promise.resolve(shown).finally(() => (settled = true));
    await until('the route chosen', async () => {
      if (!settled) await commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 10_000);
    const editor = await until('webapi.xml in the editor', () => window.activeTextEditor?.document.uri.path.endsWith('/etc/webapi.xml') && window.activeTextEditor);
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /<route url="\/V1\/acme\/orders\/sync" method="POST">/);
  });

  test('"Show Effective Permissions" is rendered beside the editor, follows edits, and its ids and routes open their lines', async () => {
    const { api: ext } = await extensionApi();
    const editor = await window.showTextDocument(api);
    const inside = api.positionAt(api.getText().indexOf('Acme Order Sync') + 2);
    editor.selection = new Selection(inside, inside);
    await commands.executeCommand('magentoIntegration.showEffectivePermissions');
    const tab = await until('the permissions view', () =>
      window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof TabInputWebview && t.input.viewType.endsWith('magentoIntegration.permissions')));
    assert.equal(tab.label, 'Acme Order Sync permissions');
    const view = () => ext.permissionViews().find((v) => v.title === 'Acme Order Sync permissions');
    const first = await until('the rendered report', () => view()?.html.includes('<h1>') && view()!);
    // Rendered: HTML, not the Markdown source.
    assert.match(first.html, /<h1>Effective permissions of integration &quot;Acme Order Sync&quot;<\/h1>/);
    /** Where a link of the rendered report leads, and the line there, opened as a click opens it. */
    const follow = async (label: string) => {
      const href = new RegExp(`<a href="([^"]+)"><code>${label.replace(/[/]/g, '\\/')}</code></a>`).exec(view()!.html)?.[1];
      assert.ok(href, `${label} is a link in:\n${view()!.html}`);
      await commands.executeCommand('magentoIntegration.openLink', href.replace(/&amp;/g, '&'));
      const opened = await until(`the file of ${label}`, () => window.activeTextEditor?.document.uri.toString() === Uri.parse(href).with({ fragment: '' }).toString() && window.activeTextEditor);
      return opened.document.lineAt(opened.selection.active.line).text;
    };
    assert.match(await follow('Magento_Sales::reorder'), /id="Magento_Sales::reorder"/);
    // Live: listing Acme_OrderSync::sync unlocks the module's route, which the open view shows, linked.
    const edit = new WorkspaceEdit();
    const at = api.getText().indexOf('<resource name=""/>');
    edit.replace(api.uri, new Range(api.positionAt(at), api.positionAt(at + '<resource name=""/>'.length)), '<resource name="Acme_OrderSync::sync"/>');
    assert.ok(await workspace.applyEdit(edit));
    await until('the view to follow the edit', () => view()?.html.includes('POST /V1/acme/orders/sync'));
    assert.match(await follow('POST /V1/acme/orders/sync'), /<route url="\/V1\/acme\/orders\/sync" method="POST">/);
    await commands.executeCommand('workbench.action.closeAllEditors');
    await window.showTextDocument(api);
  });

  test('the status bar and the language status say what they count, and offer re-index and restart', async () => {
    const { api: ext } = await extensionApi();
    await window.showTextDocument(api);
    const bar = await until('the index counts in the status bar', () => {
      const b = ext.statusBar();
      return b.visible && /^\$\(shield\) [\d,]+ ACL ids$/.test(b.text) && b;
    });
    // The fixture has 3 acl.xml files; the bundled catalog serves the modules it lacks.
    assert.match(bar.tooltip, /^[\d,]+ ACL resource ids known: \d+ ids declared in the workspace's 3 acl\.xml files; the other [\d,]+ from the bundled Magento Open Source [\d.]+(-p\d+)? catalog, for the modules the workspace lacks\. \d+ Magento files indexed\. Click to re-index\.$/);
    const [known, declared, bundled] = [/^([\d,]+)/, /known: (\d+) ids/, /the other ([\d,]+)/].map((re) => Number(re.exec(bar.tooltip)![1].replace(/,/g, '')));
    assert.equal(known, declared + bundled);
    const [index, server] = ext.languageStatus();
    assert.equal(index.id, 'magentoIntegration.index');
    assert.equal(index.text, bar.text);
    assert.equal(index.command, 'magentoIntegration.reindex');
    assert.equal(server.command, 'magentoIntegration.restartServer');
    await commands.executeCommand('magentoIntegration.reindex');
    assert.match(ext.statusBar().text, /^\$\(shield\) [\d,]+ ACL ids$/, 'back to the counts after the re-index');
  });

  test('"Restart Server" replaces the server process, which serves the open document again', async () => {
    const { extensionPath } = await extensionApi();
    const script = path.join(extensionPath, 'dist', 'server.js');
    const [before] = await until('the server process', () => {
      const pids = languageServers(script);
      return pids.length === 1 && pids;
    });
    await commands.executeCommand('magentoIntegration.restartServer');
    const [after] = await until('a new server process', () => {
      const pids = languageServers(script);
      return pids.length === 1 && pids[0] !== before && pids;
    });
    assert.notEqual(after, before);
    const offset = api.getText().indexOf('name=""') + 'name="'.length;
    await until('completion from the new server', async () => (await completionAt(api, offset)).items.some((i) => labelOf(i) === 'Magento_Sales::ship'));
  });

  test('code lenses can be turned off (magentoIntegration.codeLens.enabled)', async () => {
    const lenses = () => commands.executeCommand<CodeLens[]>('vscode.executeCodeLensProvider', api.uri);
    await until('the integration lens', async () => (await lenses()).length > 0);
    const config = workspace.getConfiguration('magentoIntegration');
    await config.update('codeLens.enabled', false, ConfigurationTarget.Workspace);
    try {
      await until('no lenses', async () => (await lenses()).length === 0);
    } finally {
      await config.update('codeLens.enabled', undefined, ConfigurationTarget.Workspace);
    }
    await until('the lens back', async () => (await lenses()).length > 0);
  });
});
