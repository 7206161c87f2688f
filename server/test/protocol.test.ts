/**
 * The built server as an editor sees it: spawned as a process, spoken to over stdio (and node-ipc) with a
 * real JSON-RPC client. Covers initialize, didOpen -> publishDiagnostics, completion, code actions, and
 * changes of acl.xml (unsaved and on disk) reaching an open api.xml.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { URI } from 'vscode-uri';
import { CodeAction, CompletionItem, CompletionList, Range, TextEdit } from 'vscode-languageserver-types';
import { apiXml, applyEdits, configXml, CORE_ACL, editsOf } from './helpers';
import { initialize, latest, start, workspaceOnDisk } from './lspSession';

const OWN_ACL = (body: string) =>
  `<config><acl><resources><resource id="Magento_Backend::admin">${body}</resource></resources></acl></config>`;

test('stdio: diagnostics, completion, code actions, and acl.xml changes reaching an open api.xml', async () => {
  const { root, file } = workspaceOnDisk();
  const coreAcl = file('app/code/Magento/Sales/etc/acl.xml', CORE_ACL);
  const ownAcl = file('app/code/Acme/Sync/etc/acl.xml', OWN_ACL('<resource id="Acme_Sync::top" title="Top"/>'));
  file('app/code/Acme/Sync/etc/module.xml', '<config><module name="Acme_Sync"/></config>');
  file('app/code/Acme/Sync/etc/integration/config.xml', configXml('Acme'));
  file('node_modules/x/etc/acl.xml', OWN_ACL('<resource id="Hidden_Module::x" title="Never indexed"/>'));
  const apiText = apiXml('            <resource name="Magento_Sales::reorder"/>\n            <resource name="Acme_Sync::child"/>\n');
  const api = file('app/code/Acme/Sync/etc/integration/api.xml', apiText);
  const session = start('stdio');
  try {
    const init = await initialize(session, root);
    assert.equal(init.serverInfo.name, 'magento-integration-ls');
    assert.ok(init.capabilities.completionProvider);
    assert.ok(init.capabilities.codeActionProvider);

    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text: apiText } });
    const first = await session.waitFor('api.xml diagnostics', () => latest(session, api));
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['missing-parent', 'unknown-resource']);
    assert.equal(first.diagnostics[0].source, 'magento-integration');

    // Completion inside a half-typed tag.
    const typed = apiText.replace('        </resources>', '            <resource name="Acme_\n        </resources>');
    session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: api, version: 2 }, contentChanges: [{ text: typed }] });
    const line = typed.split('\n').findIndex((l) => l.endsWith('name="Acme_'));
    const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', {
      textDocument: { uri: api },
      position: { line, character: typed.split('\n')[line].length },
    });
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('Acme_Sync::top'), 'workspace ids are offered');
    assert.ok(!labels.includes('Hidden_Module::x'), 'node_modules is never indexed');
    // The list is capped and filtered by what is typed: ask for other prefixes too.
    const typedLabels = async (prefix: string, version: number) => {
      const t = apiText.replace('        </resources>', `            <resource name="${prefix}\n        </resources>`);
      session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: api, version }, contentChanges: [{ text: t }] });
      const l = t.split('\n').findIndex((x) => x.endsWith(`name="${prefix}`));
      const answer = await session.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: api }, position: { line: l, character: t.split('\n')[l].length } });
      return answer.items.map((i) => i.label);
    };
    assert.ok((await typedLabels('Magento_Catalog::pro', 3)).includes('Magento_Catalog::products'), 'bundled catalog ids serve modules the workspace lacks');
    const sales = await typedLabels('Magento_Sales::', 4);
    assert.ok(!sales.includes('Magento_Sales::reorder'), 'listed ids are left out');
    assert.ok(!sales.includes('Magento_Sales::creditmemo'), 'the workspace Magento_Sales acl.xml replaces the bundled one');

    // Back to the saved text; quick-fix for the missing parents.
    session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: api, version: 5 }, contentChanges: [{ text: apiText }] });
    const reorderLine = apiText.split('\n').findIndex((l) => l.includes('reorder'));
    const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: api },
      range: { start: { line: reorderLine, character: 30 }, end: { line: reorderLine, character: 30 } },
      context: { diagnostics: first.diagnostics },
    });
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.equal(preferred.title, 'Add missing parent resources of Magento_Sales::reorder');
    assert.match(applyEdits(apiText, editsOf(preferred, api)), /<resource name="Magento_Sales::actions"\/>\n {12}<resource name="Magento_Sales::reorder"/);

    // An unsaved edit of the open acl.xml reaches the api.xml.
    const count = session.diagnostics.get(api)!.length;
    const edited = OWN_ACL('<resource id="Acme_Sync::top" title="Top"><resource id="Acme_Sync::child" title="Child"/></resource>');
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: ownAcl, languageId: 'xml', version: 1, text: edited } });
    const afterEdit = await session.waitFor('api.xml re-validated after the acl.xml edit', () =>
      session.diagnostics.get(api)!.length > count && latest(session, api)!.diagnostics.every((d) => d.code === 'missing-parent') ? latest(session, api) : undefined);
    assert.equal(afterEdit.diagnostics.length, 2);

    // Closing it without saving goes back to the disk version: Acme_Sync::child is unknown again.
    session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: ownAcl } });
    await session.waitFor('api.xml back to the disk acl.xml', () =>
      latest(session, api)!.diagnostics.some((d) => d.code === 'unknown-resource') ? true : undefined);

    // A change on disk, reported by the client's file watcher.
    writeFileSync(URI.parse(ownAcl).fsPath, edited);
    session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ownAcl, type: 2 }] });
    await session.waitFor('api.xml updated from the file on disk', () =>
      latest(session, api)!.diagnostics.every((d) => d.code === 'missing-parent') && latest(session, api)!.diagnostics.length === 2 ? true : undefined);

    // Deleting the workspace Magento_Sales acl.xml brings back the bundled catalog's tree.
    rmSync(URI.parse(coreAcl).fsPath);
    session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: coreAcl, type: 3 }] });
    let restored = false;
    for (let attempt = 0; attempt < 100 && !restored; attempt++) {
      // The cursor after "Magento_Sales::" of the listed reorder id.
      const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', {
        textDocument: { uri: api },
        position: { line: reorderLine, character: apiText.split('\n')[reorderLine].indexOf('::') + 2 },
      });
      restored = list.items.some((i) => i.label === 'Magento_Sales::creditmemo');
      if (!restored) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(restored, 'bundled Magento_Sales ids are back after the workspace file was deleted');
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('initializationOptions turn off ancestor insertion in completion', async () => {
  const { root, file } = workspaceOnDisk();
  const text = apiXml('            <resource name="Magento_Sales::re"/>\n');
  const api = file('etc/integration/api.xml', text);
  const session = start('stdio');
  try {
    await initialize(session, root, { magentoIntegration: { completion: { insertMissingParents: false } } });
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    const line = text.split('\n').findIndex((l) => l.includes('name="Magento_Sales::re"'));
    const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', {
      textDocument: { uri: api },
      position: { line, character: text.split('\n')[line].indexOf('::re"') + 4 },
    });
    const reorder = list.items.find((i) => i.label === 'Magento_Sales::reorder');
    assert.ok(reorder, 'a standalone module gets the bundled catalog');
    assert.equal(reorder.additionalTextEdits, undefined);
    assert.equal(reorder.detail, 'Reorder', 'no "+N parents" either');
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('node-ipc transport answers initialize', async () => {
  const { root } = workspaceOnDisk();
  const session = start('ipc');
  try {
    const init = await initialize(session, root);
    assert.ok(init.capabilities.completionProvider);
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('settings: exclusion globs and extra search paths re-index; the reindex request and status notification work', async () => {
  const { root, file } = workspaceOnDisk();
  const outside = workspaceOnDisk();
  file('app/code/Acme/Sync/etc/acl.xml', OWN_ACL('<resource id="Acme_Sync::top" title="Top"/>'));
  file('dev/tests/etc/acl.xml', OWN_ACL('<resource id="Test_Only::x" title="Test only"/>'));
  outside.file('app/code/Far/Away/etc/acl.xml', OWN_ACL('<resource id="Far_Away::x" title="Far"/>'));
  const text = apiXml('            <resource name=""/>\n');
  const api = file('app/code/Acme/Sync/etc/integration/api.xml', text);
  const session = start('stdio');
  const statuses: Array<{ resources: number; aclFiles: number; bundledCatalog?: string; indexing: boolean }> = [];
  session.connection.onNotification('magentoIntegration/indexStatus', (s: (typeof statuses)[number]) => void statuses.push(s));
  let version = 1;
  /** Completion after typing `prefix` into the empty value (the list is filtered by what is typed). */
  const labels = async (prefix: string) => {
    const typed = text.replace('name=""', `name="${prefix}"`);
    session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: api, version: ++version }, contentChanges: [{ text: typed }] });
    const line = typed.split('\n').findIndex((l) => l.includes(`name="${prefix}"`));
    const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', {
      textDocument: { uri: api },
      position: { line, character: typed.split('\n')[line].indexOf(`name="${prefix}"`) + 'name="'.length + prefix.length },
    });
    return list.items.map((i) => i.label);
  };
  try {
    await initialize(session, root);
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    assert.ok((await labels('Test_')).includes('Test_Only::x'));
    const status = await session.connection.sendRequest<{ resources: number; aclFiles: number; bundledCatalog?: string }>('magentoIntegration/reindex');
    assert.equal(status.aclFiles, 2);
    assert.equal(status.bundledCatalog, 'Magento Open Source 2.4.7-p1');
    assert.equal(status.resources, 276 + 2);
    await session.waitFor('an index status notification', () => statuses.find((s) => s.aclFiles === 2));

    session.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { magentoIntegration: { exclude: ['dev/tests/**'], searchPaths: [outside.root], useBundledCatalog: false } },
    });
    // The status sent as the re-index starts may already match the counts: wait for the one after it.
    await session.waitFor('re-index with the new settings', () => statuses.find((s) => !s.indexing && s.aclFiles === 2 && s.bundledCatalog === undefined && s.resources === 3));
    const after = await labels('');
    assert.ok(!after.includes('Test_Only::x'), 'excluded folder is dropped');
    assert.ok(after.includes('Far_Away::x'), 'extra search path is indexed');
    assert.ok(!(await labels('Magento_Catalog::')).includes('Magento_Catalog::products'), 'bundled catalog switched off');
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside.root, { recursive: true, force: true });
  }
});

test('navigation requests over stdio: hover, definition, references into unopened files, rename and its refusal, symbols, folding, selection, code lens, effective permissions', async () => {
  const { root, file } = workspaceOnDisk();
  const aclText = '<config>\n  <acl>\n    <resources>\n      <resource id="Magento_Backend::admin">\n        <resource id="Acme_Sync::top" title="Top"/>\n      </resource>\n    </resources>\n  </acl>\n</config>\n';
  const acl = file('app/code/Acme/Sync/etc/acl.xml', aclText);
  const webapi = file('app/code/Acme/Sync/etc/webapi.xml', '<routes><route url="/V1/acme" method="GET"><service class="A" method="b"/><resources><resource ref="Acme_Sync::top"/></resources></route></routes>');
  file('app/code/Acme/Sync/etc/integration/config.xml', configXml('Acme'));
  const text = apiXml('            <resource name="Acme_Sync::top"/>\n            <resource name="Magento_Catalog::products"/>\n');
  const api = file('app/code/Acme/Sync/etc/integration/api.xml', text);
  const session = start('stdio');
  const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle));
  const pos = (needle: string) => ({ line: line(needle), character: text.split('\n')[line(needle)].indexOf(needle) + 2 });
  const ask = <T>(method: string, params: object) => session.connection.sendRequest<T>(method, { textDocument: { uri: api }, ...params });
  try {
    const init = await initialize(session, root);
    for (const cap of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'codeLensProvider']) {
      assert.ok(init.capabilities[cap], cap);
    }
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    const hover = await ask<{ contents: { value: string } }>('textDocument/hover', { position: pos('Acme_Sync::top') });
    assert.match(hover.contents.value, /Required by 1 REST route:\n- `GET \/V1\/acme`/);
    const definition = await ask<Array<{ uri: string; range: { start: { line: number } } }>>('textDocument/definition', { position: pos('Acme_Sync::top') });
    assert.deepEqual(definition.map((d) => [d.uri, d.range.start.line]), [[acl, 4]]);
    const refs = await ask<Array<{ uri: string }>>('textDocument/references', { position: pos('Acme_Sync::top'), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r) => r.uri).sort(), [acl, api, webapi].sort());
    const edit = await ask<{ changes: Record<string, unknown[]> }>('textDocument/rename', { position: pos('Acme_Sync::top'), newName: 'Acme_Sync::root' });
    assert.deepEqual(Object.keys(edit.changes).sort(), [acl, api, webapi].sort());
    await assert.rejects(ask('textDocument/prepareRename', { position: pos('Magento_Catalog::products') }), /only in the bundled Magento catalog/);
    const symbols = await ask<Array<{ name: string; children: Array<{ name: string }> }>>('textDocument/documentSymbol', {});
    assert.deepEqual([symbols[0].name, symbols[0].children.map((c) => c.name)], ['Acme', ['Acme_Sync::top', 'Magento_Catalog::products']]);
    const folds = await ask<Array<{ startLine: number; endLine: number }>>('textDocument/foldingRange', {});
    assert.ok(folds.some((f) => f.startLine === 1));
    const [selection] = await ask<Array<{ range: { start: { character: number } }; parent?: object }>>('textDocument/selectionRange', { positions: [pos('Acme_Sync::top')] });
    assert.ok(selection.parent);
    // Lenses come without their command; codeLens/resolve computes it for the ones shown.
    const lenses = await ask<Array<{ command?: { title: string } }>>('textDocument/codeLens', {});
    assert.equal(lenses[0].command, undefined);
    const lens = await session.connection.sendRequest<{ command: { title: string; arguments: unknown[] } }>('codeLens/resolve', lenses[0]);
    const unlocked = /^2 resources · unlocks (\d+) REST routes$/.exec(lens.command.title);
    assert.ok(unlocked, lens.command.title);
    assert.equal((lens.command.arguments[1] as unknown[]).length, Number(unlocked[1]), 'the routes to show');
    const report = await session.connection.sendRequest<string>('magentoIntegration/effectivePermissions', { uri: api, position: pos('Acme_Sync::top') });
    assert.match(report, /### `Acme_Sync::top` \(1\)\n\n- \[`GET \/V1\/acme`\]\(<file:\/\/\/.*\/etc\/webapi\.xml#L\d+>\)/);
    assert.match(report, /Declared in \[app\/code\/Acme\/Sync\/etc\/integration\/api\.xml\]/, 'relative to the workspace folder');
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('completion with VS Code\'s capabilities: the title in every row (labelDetails), shared edit range and data in itemDefaults, detail, documentation and parents by completionItem/resolve', async () => {
  const { root, file } = workspaceOnDisk();
  file('app/code/Magento/Sales/etc/acl.xml', CORE_ACL);
  const text = apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="Magento_Sales::re"/>\n');
  const api = file('app/code/Acme/Sync/etc/integration/api.xml', text);
  const session = start('stdio');
  try {
    // What vscode-languageclient 9+ announces.
    const init = await initialize(session, root, undefined, {
      completion: { completionItem: { labelDetailsSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } },
    });
    assert.equal((init.capabilities.completionProvider as { resolveProvider?: boolean }).resolveProvider, true);
    assert.deepEqual((init.capabilities.completionProvider as { triggerCharacters: string[] }).triggerCharacters, ['"', "'", ':', '<']);
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    const line = text.split('\n').findIndex((l) => l.includes('::re"'));
    const character = text.split('\n')[line].indexOf('::re"') + 4;
    const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: api }, position: { line, character } });
    assert.deepEqual(list.itemDefaults?.editRange, { start: { line, character: character - 'Magento_Sales::re'.length }, end: { line, character } });
    const reorder = list.items.find((i) => i.label === 'Magento_Sales::reorder')!;
    assert.equal(reorder.textEdit, undefined);
    assert.equal(reorder.documentation, undefined);
    assert.equal(reorder.additionalTextEdits, undefined);
    assert.equal(reorder.detail, undefined, 'VS Code shows the detail of the focused item, which it resolves');
    assert.deepEqual(reorder.labelDetails, { description: 'Reorder' }, 'but the title is in every row');
    const resolved = await session.connection.sendRequest<CompletionItem>('completionItem/resolve', { ...reorder, data: list.itemDefaults?.data });
    assert.equal(resolved.detail, 'Reorder (+3 parents)');
    assert.match((resolved.documentation as { value: string }).value, /Sales › Operations › Orders › Actions › Reorder/);
    const applied = applyEdits(text, [TextEdit.replace(list.itemDefaults!.editRange as Range, reorder.textEditText ?? reorder.label), ...(resolved.additionalTextEdits ?? [])]);
    assert.match(applied, /"Magento_Sales::sales"\/>\n {12}<resource name="Magento_Sales::sales_operation"\/>\n {12}<resource name="Magento_Sales::sales_order"\/>\n {12}<resource name="Magento_Sales::actions"\/>\n {12}<resource name="Magento_Sales::reorder"\/>/);
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('an exception inside one feature is logged and answered empty; every other request still works', async () => {
  const { root, file } = workspaceOnDisk();
  file('app/code/Magento/Sales/etc/acl.xml', CORE_ACL);
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n');
  const api = file('app/code/Acme/Sync/etc/integration/api.xml', text);
  const session = start('stdio');
  try {
    await initialize(session, root);
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    await session.waitFor('diagnostics', () => latest(session, api));
    // Malformed positions are refused with InvalidParams (issue 15: a fractional one made an edit at the end).
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri: api }, position: null }],
      ['textDocument/completion', { textDocument: { uri: api }, position: { line: 'x' } }],
      ['textDocument/codeAction', { textDocument: { uri: api }, range: null, context: { diagnostics: [] } }],
    ] as const) {
      await assert.rejects(session.connection.sendRequest(method, params), (e: { code?: number }) => e.code === -32602, method);
    }
    // Other malformed parameters make a feature throw inside the server.
    assert.deepEqual(await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: api }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: null }), []);
    assert.deepEqual(await session.connection.sendRequest('textDocument/selectionRange', { textDocument: { uri: api }, positions: null }), []);
    for (const feature of ['Code actions', 'Selection ranges']) assert.ok(session.logs.some((l) => l.startsWith(`${feature} failed`)), `${feature} failure logged`);
    const line = text.split('\n').findIndex((l) => l.includes('reorder'));
    const hover = await session.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: api }, position: { line, character: 32 } });
    assert.match(hover!.contents.value, /Reorder/, 'the same feature answers a well-formed request');
    const symbols = await session.connection.sendRequest<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: api } });
    assert.equal(symbols.length, 1, 'other features are unaffected');
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('multi-root: ids declared in one workspace folder serve an integration in another', async () => {
  const a = workspaceOnDisk();
  const b = workspaceOnDisk();
  a.file('app/code/Acme/Base/etc/acl.xml', OWN_ACL('<resource id="Acme_Base::api" title="Acme API"/>'));
  const text = apiXml('            <resource name="Acme_Base::api"/>\n            <resource name="Acme_Base::missing"/>\n');
  const api = b.file('etc/integration/api.xml', text);
  b.file('etc/integration/config.xml', configXml('Acme'));
  const session = start('stdio');
  try {
    await session.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [a.root, b.root].map((r, i) => ({ uri: URI.file(r).toString(), name: `ws${i}` })),
      capabilities: { workspace: { workspaceFolders: true } },
    });
    session.connection.sendNotification('initialized', {});
    await session.waitFor('indexing', () => session.logs.find((l) => l.startsWith('Indexed') && l.includes('2 folder(s)')));
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: api, languageId: 'xml', version: 1, text } });
    const published = await session.waitFor('diagnostics', () => latest(session, api));
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line]), [['unknown-resource', 5]], 'Acme_Base::api is known from the other folder');
  } finally {
    await session.close();
    rmSync(a.root, { recursive: true, force: true });
    rmSync(b.root, { recursive: true, force: true });
  }
});

test('multi-root: each folder\'s own settings (pulled with its scopeUri) apply to its documents', async () => {
  const a = workspaceOnDisk();
  const b = workspaceOnDisk();
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n');
  const apis = [a, b].map((w) => {
    w.file('app/code/Magento/Sales/etc/acl.xml', CORE_ACL);
    w.file('app/code/Acme/Sync/etc/integration/config.xml', configXml('Acme'));
    return w.file('app/code/Acme/Sync/etc/integration/api.xml', text);
  });
  const [folderA, folderB] = [a.root, b.root].map((r) => URI.file(r).toString());
  const session = start('stdio');
  const asked: Array<string | undefined> = [];
  session.connection.onRequest('workspace/configuration', (p: { items: Array<{ scopeUri?: string }> }) =>
    p.items.map((item) => {
      asked.push(item.scopeUri);
      return item.scopeUri === folderB ? { severity: { 'missing-parent': 'error' }, codeLens: { enabled: false } } : {};
    }),
  );
  try {
    await session.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [folderA, folderB].map((uri, i) => ({ uri, name: `ws${i}` })),
      capabilities: { workspace: { workspaceFolders: true, configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    session.connection.sendNotification('initialized', {});
    await session.waitFor('indexing', () => session.logs.find((l) => l.startsWith('Indexed')));
    await session.waitFor('both folders\' settings asked for', () => (asked.includes(folderA) && asked.includes(folderB) ? true : undefined));
    for (const uri of apis) session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const severity = async (uri: string) => (await session.waitFor(`diagnostics of ${uri}`, () => latest(session, uri))).diagnostics.find((d) => d.code === 'missing-parent')?.severity;
    assert.equal(await severity(apis[0]), 2, 'folder A: the default, a warning');
    assert.equal(await severity(apis[1]), 1, 'folder B: its own setting, an error');
    const lenses = (uri: string) => session.connection.sendRequest<unknown[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal((await lenses(apis[0])).length, 1);
    assert.equal((await lenses(apis[1])).length, 0, 'code lenses turned off in folder B only');
  } finally {
    await session.close();
    rmSync(a.root, { recursive: true, force: true });
    rmSync(b.root, { recursive: true, force: true });
  }
});
