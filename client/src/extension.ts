/**
 * The VS Code client: starts the bundled language server over IPC for Magento integration, ACL and web API
 * files, forwards changes of those files on disk, and adds the commands and the status-bar item. All Magento
 * knowledge lives in the server; this file only connects VS Code to it.
 */
import * as path from 'node:path';
import {
  CodeAction,
  commands,
  EventEmitter,
  ExtensionContext,
  languages,
  Range,
  StatusBarAlignment,
  StatusBarItem,
  TextDocumentContentProvider,
  TextEditor,
  Uri,
  ViewColumn,
  window,
  workspace,
} from 'vscode';
import type {
  CloseHandlerResult,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
} from 'vscode-languageclient/node';

/** vscode-languageclient, loaded once activate() has returned: it is most of the extension's code. */
type LanguageClientModule = typeof import('vscode-languageclient/node');

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
const RESTART_MESSAGE = 'The Magento integration server stopped unexpectedly and was restarted.';

// Mirrors server/src/protocol.ts (the client bundle must not import server code).
interface IndexStatus {
  resources: number;
  aclFiles: number;
  files: number;
  bundledCatalog: string | undefined;
  indexing: boolean;
}
const INDEX_STATUS = 'magentoIntegration/indexStatus';
const REINDEX = 'magentoIntegration/reindex';
const EFFECTIVE_PERMISSIONS = 'magentoIntegration/effectivePermissions';
/** Read-only virtual documents of the effective-permissions view: magento-integration-permissions:/Name.md?<source uri>#line:char */
const PERMISSIONS_SCHEME = 'magento-integration-permissions';

const selector = FILE_PATTERNS.map((pattern) => ({ scheme: 'file', language: 'xml', pattern }));

let lc: LanguageClientModule | undefined;
let client: LanguageClient | undefined;
let statusItem: StatusBarItem | undefined;
let lastStatus: IndexStatus | undefined;
/** The client gave up restarting the server: the status item says so instead of stale counts. */
let serverStopped = false;

export function activate(context: ExtensionContext): void {
  statusItem = window.createStatusBarItem('magentoIntegration.status', StatusBarAlignment.Right, 100);
  statusItem.name = 'Magento ACL index';
  statusItem.command = 'magentoIntegration.reindex';
  context.subscriptions.push(
    statusItem,
    window.onDidChangeActiveTextEditor(updateStatusItem),
    commands.registerCommand('magentoIntegration.reindex', reindex),
    commands.registerCommand('magentoIntegration.fixAll', fixAll),
    commands.registerCommand('magentoIntegration.showOutput', () => client?.outputChannel.show(true)),
    commands.registerCommand('magentoIntegration.showRoutes', showRoutes),
    commands.registerCommand('magentoIntegration.showEffectivePermissions', showEffectivePermissions),
    workspace.registerTextDocumentContentProvider(PERMISSIONS_SCHEME, permissionsView),
  );
  updateStatusItem(window.activeTextEditor);
  // After activation returns: loading the language client and forking the server cost more than all of
  // the above, and the editor need not wait for them (the client queues requests until the server is up).
  setImmediate(() => startClient(context));
}

function startClient(context: ExtensionContext): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CloseAction, ErrorAction, LanguageClient: Client, State, TransportKind } = (lc = require('vscode-languageclient/node') as LanguageClientModule);
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const crashes: number[] = [];
  let toldAboutRestart = false;
  const fileEvents = [...FILE_PATTERNS, '**/etc/integration/*.xml', '**/etc/module.xml'].map((p) => workspace.createFileSystemWatcher(p));
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    synchronize: { configurationSection: SECTION, fileEvents },
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
          // Shown here: vscode-languageclient only logs a Restart's message to the output channel (it shows
          // info messages as notifications only with revealOutputChannelOn: Info, which would pop up every
          // other info line as well). `handled` keeps it from being shown twice should that ever change.
          void window.showInformationMessage(RESTART_MESSAGE, 'Show Server Output').then((choice) => {
            if (choice) client?.outputChannel.show(true);
          });
          return { action: CloseAction.Restart, message: RESTART_MESSAGE, handled: true };
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  client = new Client(SECTION, 'Magento Integration', serverOptions, clientOptions);
  context.subscriptions.push(
    ...fileEvents,
    client.onDidChangeState((e) => {
      // Stopped for good after the last crash; a restart passes through Starting to Running again.
      serverStopped = e.newState === State.Stopped;
      updateStatusItem(window.activeTextEditor);
    }),
    client.onNotification(INDEX_STATUS, (status: IndexStatus) => {
      lastStatus = status;
      updateStatusItem(window.activeTextEditor);
      // The index changed: open permission views are recomputed.
      for (const doc of workspace.textDocuments) if (doc.uri.scheme === PERMISSIONS_SCHEME) permissionsChanged.fire(doc.uri);
    }),
  );
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
  if (serverStopped) {
    statusItem.text = '$(error) Magento ACL: stopped';
    statusItem.tooltip = 'The Magento integration server is not running. Click to show its output.';
    statusItem.command = 'magentoIntegration.showOutput';
    statusItem.show();
    return;
  }
  statusItem.command = 'magentoIntegration.reindex';
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
  if (!client || !lc || client.state !== lc.State.Running) return;
  lastStatus = await client.sendRequest<IndexStatus>(REINDEX);
  updateStatusItem(window.activeTextEditor);
}

const permissionsChanged = new EventEmitter<Uri>();
const permissionsView: TextDocumentContentProvider = {
  onDidChange: permissionsChanged.event,
  async provideTextDocumentContent(uri: Uri): Promise<string> {
    const [line, character] = uri.fragment.split(':').map(Number);
    const report = client && (await client.sendRequest<string | null>(EFFECTIVE_PERMISSIONS, { uri: uri.query, position: { line, character } }));
    return report ?? 'The integration is gone from this file.';
  },
};

/** "Show Effective Permissions of This Integration": the integration at the cursor, as a Markdown view. */
async function showEffectivePermissions(): Promise<void> {
  const editor = window.activeTextEditor;
  if (!editor || !isMagentoFile(editor) || !/(api|integration)\.xml$/.test(editor.document.uri.path)) {
    void window.showInformationMessage('Put the cursor in an integration of an api.xml or integration.xml file.');
    return;
  }
  const position = editor.selection.active;
  const text = editor.document.getText();
  const offset = editor.document.offsetAt(position);
  const name = /<integration\s[^>]*name\s*=\s*["']([^"']*)["']/g;
  let title = 'integration';
  for (let m = name.exec(text); m && m.index <= offset; m = name.exec(text)) title = m[1];
  const uri = Uri.from({ scheme: PERMISSIONS_SCHEME, path: `/${title.replace(/[\\/]/g, '_')} permissions.md`, query: editor.document.uri.toString(), fragment: `${position.line}:${position.character}` });
  const doc = await workspace.openTextDocument(uri);
  await window.showTextDocument(doc, { preview: true, viewColumn: ViewColumn.Beside });
}

/** The routes a code lens counted, in a quick pick. */
async function showRoutes(subject: string, routes: Array<{ label: string; refs: string[]; location: string }>): Promise<void> {
  if (!routes?.length) {
    void window.showInformationMessage(`${subject}: no REST route.`);
    return;
  }
  await window.showQuickPick(
    routes.map((r) => ({ label: r.label, description: r.refs.join(', '), detail: r.location })),
    { title: `${subject}: ${routes.length} REST route${routes.length === 1 ? '' : 's'}`, matchOnDescription: true },
  );
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
