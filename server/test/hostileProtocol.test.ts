/**
 * Issue 15, the server under a hostile or careless client, over stdio: the LSP lifecycle, a bad
 * Content-Length header, fractional positions, 10,000 quick changes, starvation of a large document while
 * another is typed in, cancellation, a large document opened while the workspace is indexed, documents
 * that must leave the index when closed, and a document opened from outside the workspace (its module's
 * config.xml is read, not overwritten); and what held already: edits that split surrogate pairs. Time-based points assert the order in which answers arrive and
 * bounded work, never milliseconds.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, Message, ResponseMessage, StreamMessageReader } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import type { CodeAction, CompletionList, DocumentSymbol, Hover } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { apiXml, configXml, CORE_ACL, CORE_ACL_PATH, trackTemporaries, workspace, writeTree } from './helpers';
import { BIN, initialize, Session, start, workspaceOnDisk } from './lspSession';

const temporary = trackTemporaries();

/** The server spoken to byte by byte: what a careless client writes, and the messages that come back. */
function rawServer() {
  const child = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const received: Message[] = [];
  new StreamMessageReader(child.stdout).listen((m) => void received.push(m));
  const frame = (message: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  const response = async (id: number): Promise<ResponseMessage> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = received.find((m) => (m as ResponseMessage).id === id) as ResponseMessage | undefined;
      if (r) return r;
      if (Date.now() > deadline) throw new Error(`no response ${id}; received: ${JSON.stringify(received).slice(0, 500)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { child, write: (s: string) => child.stdin.write(s), frame, response, kill: () => child.kill('SIGKILL') };
}

const INITIALIZE = { method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };
const HOVER = { method: 'textDocument/hover', params: { textDocument: { uri: 'file:///m/etc/acl.xml' }, position: { line: 0, character: 0 } } };

test('lifecycle: a request before initialize gets ServerNotInitialized, after shutdown InvalidRequest; exit ends the server', async () => {
  const server = rawServer();
  try {
    server.write(server.frame({ id: 1, ...HOVER }));
    assert.equal((await server.response(1)).error?.code, -32002);
    server.write(server.frame({ id: 2, ...INITIALIZE }));
    assert.ok((await server.response(2)).result);
    server.write(server.frame({ id: 3, ...INITIALIZE }));
    assert.equal((await server.response(3)).error?.code, -32600, 'initialize only once');
    server.write(server.frame({ id: 4, ...HOVER }));
    assert.equal((await server.response(4)).error, undefined, 'answered while running');
    server.write(server.frame({ id: 5, method: 'shutdown' }));
    assert.equal((await server.response(5)).result, null);
    server.write(server.frame({ id: 6, ...HOVER }));
    assert.equal((await server.response(6)).error?.code, -32600);
    const exited = new Promise<number | null>((resolve) => server.child.on('exit', resolve));
    server.write(server.frame({ method: 'exit' }));
    assert.equal(await exited, 0);
  } finally {
    server.kill();
  }
});

test('a frame with a bad Content-Length, or a body that is not JSON, costs that message, not the connection', async () => {
  const server = rawServer();
  try {
    server.write('Content-Length: abc\r\n\r\n{}');
    server.write(server.frame({ id: 1, ...INITIALIZE }));
    assert.ok((await server.response(1)).result, 'read on at the next header');
    server.write('Content-Length: 5\r\n\r\n{"a":');
    server.write('X-Nothing: 1\r\n\r\n');
    server.write(server.frame({ id: 2, ...HOVER }));
    assert.ok('result' in (await server.response(2)));
  } finally {
    server.kill();
  }
});

function moduleWorkspace() {
  const ws = workspaceOnDisk();
  ws.file('app/code/Magento/Sales/etc/acl.xml', CORE_ACL);
  return ws;
}

const open = (session: Session, uri: string, text: string, version = 1) =>
  session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version, text } });

/** A server on a workspace with Magento_Sales' acl.xml and an api.xml holding `text`, open in the editor. */
async function withOpenApi(text: string, run: (session: Session, api: string) => Promise<void>): Promise<void> {
  const { root, file } = moduleWorkspace();
  const api = file('app/code/Acme/Sync/etc/integration/api.xml', text);
  const session = start('stdio');
  try {
    await initialize(session, root);
    open(session, api, text);
    await run(session, api);
  } finally {
    await session.close();
  }
}

test('fractional positions: a request is refused (InvalidParams), a change is not applied', async () => {
  await withOpenApi(apiXml('            <resource name="Magento_Sales::reorder"/>\n'), async (session, api) => {
    const at = { line: 4.5, character: 30.5 };
    await assert.rejects(
      session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: api }, range: { start: at, end: at }, context: { diagnostics: [] } }),
      (e: { code?: number }) => e.code === -32602,
    );
    await assert.rejects(session.connection.sendRequest('textDocument/hover', { textDocument: { uri: api }, position: { line: -1, character: 0 } }), (e: { code?: number }) => e.code === -32602);
    session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: api, version: 2 }, contentChanges: [{ range: { start: { line: 0.5, character: 0 }, end: { line: 0.5, character: 0 } }, text: '<broken' }] });
    const symbols = await session.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: api } });
    assert.deepEqual(symbols.map((s) => s.name), ['Acme'], 'the text is as it was');
    await session.waitFor('the refusal in the log', () => session.logs.find((l) => /Ignored a change of .* its range is not made of non-negative integers/.test(l)));
  });
});

test('10,000 quick changes are analysed and published a few times, the last version among them', async () => {
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n');
  await withOpenApi(text, async (session, api) => {
    const end = { line: text.split('\n').length - 1, character: 0 };
    for (let v = 2; v <= 10_001; v++) {
      session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: api, version: v }, contentChanges: [{ range: { start: end, end }, text: ' ' }] });
    }
    const last = await session.waitFor('the last version published', () => session.diagnostics.get(api)?.find((p) => p.version === 10_001), 60_000);
    assert.ok(last.diagnostics.some((d) => d.code === 'missing-parent'));
    const published = session.diagnostics.get(api)!.length;
    assert.ok(published <= 100, `${published} publishes for 10,001 versions`);
  });
});

/** A 2 MB api.xml of `integrations` integrations, each listing Acme_Sync::x (declared by the workspace's acl.xml). */
function largeApiXml(): string {
  const block = (i: number) => `  <integration name="I${i}">\n    <resources>\n      <resource name="Acme_Sync::x"/>\n    </resources>\n  </integration>\n`;
  const parts = ['<integrations>\n'];
  for (let i = 0, size = 0; size < 2_000_000; i++) size += parts[parts.push(block(i)) - 1].length;
  return parts.join('') + '</integrations>\n';
}

const ACL = (title: string) => `<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Acme_Sync::x" title="${title}"/></resource></resources></acl></config>`;

test('starvation: a 2 MB document is analysed and answered while another file is typed in without pause', async () => {
  const { root, file } = moduleWorkspace();
  const acl = file('app/code/Acme/Sync/etc/acl.xml', ACL('T0'));
  const big = file('app/code/Acme/Big/etc/integration/api.xml', '<integrations/>');
  const session = start('stdio');
  try {
    await initialize(session, root);
    open(session, acl, ACL('T0'));
    open(session, big, largeApiXml());
    let answered = false;
    let version = 1;
    const deadline = Date.now() + 60_000;
    let hover: Promise<unknown> | undefined;
    // Typing in acl.xml (which the big file depends on) at a person's pace: each change re-checks the others.
    while (Date.now() < deadline && !(session.diagnostics.get(big) && answered)) {
      version++;
      session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: acl, version }, contentChanges: [{ text: ACL(`T${version}`) }] });
      hover ??= session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: big }, position: { line: 3, character: 24 } }).then((h) => {
        answered = true;
        session.mark('hover answered');
        return h;
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    session.mark('typing stopped');
    assert.ok(session.diagnostics.get(big), 'the large document got its diagnostics while the other was typed in');
    assert.ok(answered, 'a hover on it was answered meanwhile');
    assert.match(JSON.stringify(await hover), /Acme_Sync::x/);
    assert.ok(session.events.indexOf('hover answered') < session.events.indexOf('typing stopped'));
  } finally {
    await session.close();
  }
});

test('cancellation: a request waiting for a large document is answered as soon as it is cancelled', async () => {
  const { root, file } = moduleWorkspace();
  file('app/code/Acme/Sync/etc/acl.xml', ACL('T'));
  const big = file('app/code/Acme/Big/etc/integration/api.xml', '<integrations/>');
  const session = start('stdio');
  try {
    await initialize(session, root);
    open(session, big, largeApiXml());
    const source = new CancellationTokenSource();
    const folding = session.connection.sendRequest<unknown[]>('textDocument/foldingRange', { textDocument: { uri: big } }, source.token).then(
      (r) => (session.mark('cancelled request answered'), r),
      () => session.mark('cancelled request answered'),
    );
    source.cancel();
    await folding;
    await session.waitFor('the large document analysed', () => session.diagnostics.get(big), 60_000);
    assert.ok(session.events.indexOf('cancelled request answered') < session.events.indexOf(`publish ${big}`), session.events.filter((e) => !e.startsWith('log')).join(' | '));
  } finally {
    await session.close();
  }
});

test('a large document opened while the workspace is indexed is read in slices: a small one is answered first', async () => {
  const { root, file } = moduleWorkspace();
  // Enough modules that indexing takes a while.
  const files: Record<string, string> = {};
  for (let i = 0; i < 4000; i++) files[`app/code/V${i}/M/etc/acl.xml`] = ACL(`T${i}`).replace('Acme_Sync::x', `V${i}_M::x`);
  writeTree(root, files);
  const small = file('app/code/Acme/Small/etc/integration/api.xml', apiXml('            <resource name="Magento_Sales::reorder"/>\n'));
  const big = file('app/code/Acme/Big/etc/integration/api.xml', '<integrations/>');
  const session = start('stdio');
  try {
    await session.connection.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(root).toString(), workspaceFolders: [{ uri: URI.file(root).toString(), name: 'ws' }], capabilities: {} });
    session.connection.sendNotification('initialized', {});
    session.mark('opened');
    open(session, small, apiXml('            <resource name="Magento_Sales::reorder"/>\n'));
    open(session, big, largeApiXml());
    const symbols = session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: big } }).then(() => session.mark('large answered'));
    const hover = session.connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 4, character: 32 } }).then(() => session.mark('small answered'));
    await Promise.all([symbols, hover]);
    await session.waitFor('indexing', () => session.logs.find((l) => l.startsWith('Indexed')), 60_000);
    const order = (e: string) => session.events.findIndex((x) => x.startsWith(e));
    assert.ok(order('opened') < order('log Indexed'), 'opened while indexing');
    assert.ok(order('small answered') < order('large answered'), session.events.filter((e) => !e.startsWith('log') || e.startsWith('log Indexed')).join(' | '));
  } finally {
    await session.close();
  }
});

test('closed documents that are not workspace files leave the index: a copy known by its schema', async () => {
  const { root, file } = moduleWorkspace();
  const text = apiXml('            <resource name="Magento_Sales::reorder"/>\n');
  const own = file('app/code/Acme/Sync/etc/integration/api.xml', text);
  const elsewhere = temporary(realpathSync(mkdtempSync(path.join(tmpdir(), 'mils-elsewhere-'))));
  // Lists the parents for the same integration name: while it is in the index, none is missing.
  const copy = URI.file(path.join(elsewhere, 'fixtures', 'copy-of-api.xml')).toString();
  const copyText = `<integrations xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/api.xsd">
  <integration name="Acme"><resources>${['sales', 'sales_operation', 'sales_order', 'actions'].map((id) => `<resource name="Magento_Sales::${id}"/>`).join('')}</resources></integration>
</integrations>`;
  const session = start('stdio');
  const parentsMissing = async () => {
    const at = { line: 4, character: 32 };
    const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: own }, range: { start: at, end: at }, context: { diagnostics: [] } });
    return actions.some((a) => a.title === 'Add missing parent resources of Magento_Sales::reorder');
  };
  try {
    await initialize(session, root);
    open(session, own, text);
    assert.equal(await parentsMissing(), true);
    open(session, copy, copyText);
    await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: copy } });
    assert.equal(await parentsMissing(), false, 'while open, the copy is part of the integration');
    session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: copy } });
    assert.equal(await parentsMissing(), true, 'closed, it is gone from the index');
  } finally {
    await session.close();
  }
});

test('a document opened from outside the workspace is checked with its module: its config.xml is read and a fix edits it in place; closed, the module is forgotten', async () => {
  const { root, file } = moduleWorkspace();
  const outside = temporary(realpathSync(mkdtempSync(path.join(tmpdir(), 'mils-outside-'))));
  writeTree(outside, {
    'app/code/Out/Mod/etc/acl.xml': ACL('T').replace('Acme_Sync::x', 'Out_Mod::x'),
    'app/code/Out/Mod/etc/integration/config.xml': configXml('Out'),
  });
  const apiText = `<integrations>
  <integration name="Out"><resources><resource name="Magento_Backend::admin"/><resource name="Out_Mod::x"/></resources></integration>
  <integration name="New"><resources><resource name="Out_Mod::x"/></resources></integration>
</integrations>
`;
  writeTree(outside, { 'app/code/Out/Mod/etc/integration/api.xml': apiText });
  const api = URI.file(path.join(outside, 'app/code/Out/Mod/etc/integration/api.xml')).toString();
  const config = URI.file(path.join(outside, 'app/code/Out/Mod/etc/integration/config.xml')).toString();
  const ownText = apiXml('            <resource name="Out_"/>\n');
  const own = file('app/code/Acme/Sync/etc/integration/api.xml', ownText);
  const session = start('stdio');
  const offered = async () => {
    const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: own }, position: { line: 4, character: ownText.split('\n')[4].indexOf('Out_') + 4 } });
    return list.items.some((i) => i.label === 'Out_Mod::x');
  };
  try {
    await initialize(session, root);
    open(session, own, ownText);
    assert.equal(await offered(), false);
    open(session, api, apiText);
    const published = await session.waitFor('diagnostics of the outside api.xml', () => session.diagnostics.get(api)?.at(-1));
    const without = published.diagnostics.filter((d) => d.code === 'integration-without-config');
    assert.deepEqual(without.map((d) => d.range.start.line), [2], 'only "New" lacks its config.xml entry: "Out" is read from the config.xml beside it');
    assert.ok(!published.diagnostics.some((d) => d.code === 'unknown-resource'), 'its module\'s acl.xml is read too');
    const at = without[0].range.start;
    const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: api }, range: { start: at, end: at }, context: { diagnostics: without } });
    const create = actions.find((a) => a.title === 'Create the config.xml entry of integration "New"');
    assert.ok(create, actions.map((a) => a.title).join(' | '));
    assert.equal(create!.edit!.documentChanges, undefined, 'no file is created');
    const [edit] = create!.edit!.changes![config];
    assert.match(edit.newText, /<integration name="New">/);
    assert.equal(edit.range.start.line, configXml('Out').split('\n').length - 2, 'inserted before </integrations>');
    assert.equal(await offered(), true, 'while it is open, its module is known');
    session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: api } });
    // Forgotten once the close is handled (the editor's text gives way to the disk first).
    let known = true;
    for (let i = 0; i < 100 && known; i++) if ((known = await offered())) await new Promise((r) => setTimeout(r, 20));
    assert.equal(known, false, 'closed, its module is forgotten');
  } finally {
    await session.close();
  }
});

test('held: edits that split a surrogate pair leave the server\'s text equal to the client\'s', async () => {
  const text = apiXml('            <!-- 😀😀 -->\n            <resource name="Magento_Sales::reorder"/>\n');
  await withOpenApi(text, async (session, api) => {
    // Between the two halves of the first emoji, then removing the high half of the second.
    const line = 4;
    const emoji = text.split('\n')[line].indexOf('😀');
    const changes = [
      { range: { start: { line, character: emoji + 1 }, end: { line, character: emoji + 1 } }, text: 'x' },
      { range: { start: { line, character: emoji + 3 }, end: { line, character: emoji + 4 } }, text: '' },
      { range: { start: { line: line + 1, character: 0 }, end: { line: line + 1, character: 0 } }, text: '<resource name="Magento_Sales::ship"/>' },
    ];
    let local = TextDocument.create(api, 'xml', 1, text);
    changes.forEach((change, i) => {
      session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: api, version: i + 2 }, contentChanges: [change] });
      local = TextDocument.update(local, [change], i + 2);
    });
    const symbols = await session.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: api } });
    // The same document analysed here, with the same acl.xml (titles are symbol details).
    const expected = workspace({ [CORE_ACL_PATH]: CORE_ACL }, { catalog: 'bundled' }).findDocumentSymbols(local);
    assert.deepEqual(JSON.parse(JSON.stringify(symbols)), JSON.parse(JSON.stringify(expected)));
    assert.match(local.getText(), /<!-- \uD83Dx\uDE00\uDE00 -->/, 'the edits did split the pairs');
  });
});
