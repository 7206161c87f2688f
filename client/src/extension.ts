/**
 * The VS Code client: starts the bundled language server over IPC for Magento integration, ACL and web API
 * files, forwards changes of those files on disk, and adds the commands and the status-bar item. All Magento
 * knowledge lives in the server; this file only connects VS Code to it.
 */
import * as path from 'node:path';
import {
  CodeAction,
  commands,
  ExtensionContext,
  languages,
  Range,
  StatusBarAlignment,
  StatusBarItem,
  TextEditor,
  window,
  workspace,
} from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  NotificationType,
  RequestType0,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

/** The files the server understands (kept in sync with activationEvents in package.json). */
export const FILE_PATTERNS = [
  '**/etc/integration/api.xml',
  '**/etc/integration/config.xml',
  '**/etc/integration.xml',
  '**/etc/acl.xml',
  '**/etc/webapi.xml',
];
const SECTION = 'magentoIntegration';
const FIX_ALL_KIND = 'source.fixAll.magento-integration';
/** A server that crashes this often within CRASH_WINDOW_MS is left stopped. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 3 * 60 * 1000;

// Mirrors server/src/protocol.ts (the client bundle must not import server code).
interface IndexStatus {
  resources: number;
  aclFiles: number;
  files: number;
  bundledCatalog: string | undefined;
  indexing: boolean;
}
const indexStatusNotification = new NotificationType<IndexStatus>('magentoIntegration/indexStatus');
const reindexRequest = new RequestType0<IndexStatus, void>('magentoIntegration/reindex');

const selector = FILE_PATTERNS.map((pattern) => ({ scheme: 'file', language: 'xml', pattern }));

let client: LanguageClient | undefined;
let statusItem: StatusBarItem | undefined;
let lastStatus: IndexStatus | undefined;

export function activate(context: ExtensionContext): void {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const crashes: number[] = [];
  let toldAboutRestart = false;
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    synchronize: {
      configurationSection: SECTION,
      fileEvents: [...FILE_PATTERNS, '**/etc/integration/*.xml', '**/etc/module.xml'].map((p) => workspace.createFileSystemWatcher(p)),
    },
    initializationOptions: { [SECTION]: plainSettings() },
    errorHandler: {
      error: (_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult => ({
        action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
      }),
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
        if (crashes.length >= MAX_CRASHES) {
          return { action: CloseAction.DoNotRestart, message: 'The Magento integration server stopped 5 times in 3 minutes and will not be restarted. See "Magento Integration: Show Server Output".' };
        }
        if (!toldAboutRestart) {
          toldAboutRestart = true;
          return { action: CloseAction.Restart, message: 'The Magento integration server stopped unexpectedly and was restarted.' };
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  client = new LanguageClient(SECTION, 'Magento Integration', serverOptions, clientOptions);

  statusItem = window.createStatusBarItem('magentoIntegration.status', StatusBarAlignment.Right, 100);
  statusItem.name = 'Magento ACL index';
  statusItem.command = 'magentoIntegration.reindex';
  context.subscriptions.push(
    statusItem,
    window.onDidChangeActiveTextEditor(updateStatusItem),
    commands.registerCommand('magentoIntegration.reindex', reindex),
    commands.registerCommand('magentoIntegration.fixAll', fixAll),
    commands.registerCommand('magentoIntegration.showOutput', () => client?.outputChannel.show(true)),
    client.onNotification(indexStatusNotification, (status) => {
      lastStatus = status;
      updateStatusItem(window.activeTextEditor);
    }),
  );
  updateStatusItem(window.activeTextEditor);
  // Not awaited: activation returns at once and the server starts in the background (the client queues
  // requests until it is ready), so the extension adds nothing to the editor's start-up time.
  client.start().catch((e: unknown) => client?.error('Starting the Magento integration server failed', e, 'force'));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The settings as a plain object (WorkspaceConfiguration carries functions that do not serialize). */
function plainSettings(): unknown {
  return JSON.parse(JSON.stringify(workspace.getConfiguration(SECTION)));
}

function isMagentoFile(editor: TextEditor | undefined): boolean {
  return editor !== undefined && languages.match(selector, editor.document) > 0;
}

function updateStatusItem(editor: TextEditor | undefined): void {
  if (!statusItem) return;
  if (!isMagentoFile(editor)) {
    statusItem.hide();
    return;
  }
  const s = lastStatus;
  if (!s) {
    statusItem.text = '$(sync~spin) Magento ACL';
    statusItem.tooltip = 'Indexing ACL resources…';
  } else {
    statusItem.text = `${s.indexing ? '$(sync~spin)' : '$(shield)'} ${s.resources} ACL ids`;
    const files = `${s.resources} ACL resources from ${s.aclFiles} acl.xml file${s.aclFiles === 1 ? '' : 's'} in the workspace`;
    const bundled = s.bundledCatalog ? `, plus the bundled ${s.bundledCatalog} catalog for modules the workspace lacks` : '';
    statusItem.tooltip = `${files}${bundled}. Click to re-index.`;
  }
  statusItem.show();
}

async function reindex(): Promise<void> {
  if (!client || client.state !== State.Running) return;
  lastStatus = await client.sendRequest(reindexRequest);
  updateStatusItem(window.activeTextEditor);
}

/** "Add all missing parent resources": the server's source.fixAll for the active file. */
async function fixAll(): Promise<void> {
  const editor = window.activeTextEditor;
  if (!isMagentoFile(editor) || !editor) {
    void window.showInformationMessage('Open a Magento api.xml or integration.xml file first.');
    return;
  }
  const document = editor.document;
  const whole = new Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions = (await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND)) ?? [];
  const action = actions.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
  if (!action?.edit) {
    void window.showInformationMessage('No missing parent resources in this file.');
    return;
  }
  await workspace.applyEdit(action.edit);
}
