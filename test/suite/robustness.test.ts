/**
 * The client survives its language server (issue 8): the server process is killed for real (SIGKILL, as the
 * kernel's OOM killer or a crash would end it), twice, and each time the client's errorHandler starts a new
 * server process that serves the open api.xml again: fresh diagnostics for an edit made after the crash, and
 * completion. The notification that tells the user about it (once) is checked by the UI scenario
 * (test/ui/scenario.js), which can see the workbench's notifications; the editor API cannot.
 *
 * The server is found as the extension host's child process running this extension's dist/server.js (with
 * vscode-languageclient's --clientProcessId=<extension host pid> on its command line), in /proc. Runs after
 * the other suites' files in the same window, and leaves a healthy server and the api.xml text as it found them.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CompletionItem,
  CompletionList,
  Diagnostic,
  Position,
  Range,
  TextDocument,
  Uri,
  WorkspaceEdit,
  commands,
  extensions,
  languages,
  window,
  workspace,
} from 'vscode';
import { EXTENSION_ID, codeOf, labelOf, languageServers, until } from './helpers';

const API = 'app/code/Acme/OrderSync/etc/integration/api.xml';


const ours = (uri: Uri) => languages.getDiagnostics(uri).filter((d) => d.source === 'magento-integration');

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

suite('The client restarts a crashed language server', () => {
  let api: TextDocument;
  let original: string;
  let script: string;

  suiteSetup(async () => {
    const extension = extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    script = path.join(extension.extensionPath, 'dist', 'server.js');
    api = await workspace.openTextDocument(Uri.joinPath(workspace.workspaceFolders![0].uri, API));
    await window.showTextDocument(api);
    original = api.getText();
  });

  suiteTeardown(async () => {
    if (api && api.getText() !== original) await replaceAll(api, original);
  });

  /** Kills the one running server with SIGKILL; resolves to the pid of the one the client starts instead. */
  async function crash(): Promise<number> {
    const [old, ...others] = await until('the language server process', () => {
      const pids = languageServers(script);
      return pids.length > 0 && pids;
    });
    assert.deepEqual(others, [], `one language server runs (pids ${[old, ...others].join(', ')})`);
    // The running server has analysed the document: its diagnostics are there.
    await until('diagnostics of the running server', () => ours(api.uri).length > 0);
    process.kill(old, 'SIGKILL');
    await until(`server ${old} to die`, () => !alive(old), 10_000);
    const [restarted, ...more] = await until('a new language server process', () => {
      const pids = languageServers(script);
      return pids.length > 0 && pids;
    });
    assert.notEqual(restarted, old, 'the new server is a new process');
    assert.deepEqual(more, [], 'exactly one server runs after the restart');
    return restarted;
  }

  /** The new server answers: diagnostics for text written after the crash, and completion. */
  async function works(round: number): Promise<void> {
    const probe = `Magento_Sales::restart_probe_${round}`;
    const anchor = '<resource name="Magento_Sales::sales"/>';
    const at = api.getText().indexOf(anchor);
    assert.ok(at >= 0, anchor);
    const edit = new WorkspaceEdit();
    edit.insert(api.uri, api.positionAt(at + anchor.length), `\n            <resource name="${probe}"/>`);
    assert.ok(await workspace.applyEdit(edit));
    const unknown = await until(`unknown-resource on ${probe}`, () =>
      ours(api.uri).find((d) => codeOf(d) === 'unknown-resource' && api.getText(d.range) === probe));
    assert.match(String(unknown.message), /Magento_Sales::restart_probe_\d is not declared/);
    assert.ok(ours(api.uri).some((d) => codeOf(d) === 'missing-parent' && api.getText(d.range) === 'Magento_Sales::reorder'), 'the other diagnostics are back too');

    const position = api.positionAt(api.getText().indexOf('name=""') + 'name="'.length);
    const ship = await until('the completion Magento_Sales::ship', async () => {
      // Every item resolved (the title comes with completionItem/resolve).
      const list = await commands.executeCommand<CompletionList>('vscode.executeCompletionItemProvider', api.uri, position, undefined, 200);
      return list.items.find((i) => labelOf(i) === 'Magento_Sales::ship');
    });
    assert.match(String(ship.detail), /^Ship/);

    await replaceAll(api, original);
    await until(`${probe} gone from the diagnostics`, () => !ours(api.uri).some((d) => api.getText(d.range).includes('restart_probe')));
  }

  test('a killed server is replaced by a new process that serves the open document', async () => {
    await crash();
    await works(1);
  });

  test('killed a second time, it is restarted again, and the extension keeps working', async () => {
    await crash();
    await works(2);
    assert.equal(languageServers(script).length, 1, 'the server is running for the suites that follow');
  });
});

async function replaceAll(document: TextDocument, text: string): Promise<void> {
  const edit = new WorkspaceEdit();
  edit.replace(document.uri, new Range(new Position(0, 0), document.positionAt(document.getText().length)), text);
  assert.ok(await workspace.applyEdit(edit));
}
