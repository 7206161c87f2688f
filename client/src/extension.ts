/**
 * The VS Code client: starts the bundled language server over IPC once a Magento integration, ACL or web API
 * file is open, forwards changes of those files on disk, and adds the commands, the status-bar item, the
 * language status items and the rendered permissions view. All Magento knowledge lives in the server; this
 * file only connects VS Code to it.
 */
import * as path from 'node:path';
import {
  CodeAction,
  commands,
  CompletionItem,
  CompletionList,
  ExtensionContext,
  LanguageStatusItem,
  LanguageStatusSeverity,
  languages,
  ProgressLocation,
  Range,
  StatusBarAlignment,
  StatusBarItem,
  TextDocument,
  TextDocumentChangeEvent,
  TextEditor,
  Uri,
  ViewColumn,
  WebviewPanel,
  window,
  workspace,
} from 'vscode';
import type {
  CloseHandlerResult,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  Middleware,
  ServerOptions,
} from 'vscode-languageclient/node';

/** vscode-languageclient, loaded once activate() has returned: it is most of the extension's code. */
type LanguageClientModule = typeof import('vscode-languageclient/node');
/** markdown-it, a bundle of its own too, loaded when the first permissions view opens. */
type MarkdownItModule = typeof import('markdown-it');
type CompletionMiddleware = NonNullable<Middleware['provideCompletionItem']>;

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

// Mirrors server/src/protocol.ts and the showRoutes arguments of server/src/service/navigation/codeLens.ts
// (the client bundle must not import server code).
interface IndexStatus {
  resources: number;
  workspaceResources: number;
  aclFiles: number;
  files: number;
  bundledCatalog: string | undefined;
  indexing: boolean;
}
interface RouteItem {
  label: string;
  refs: string[];
  where: string;
  uri?: string;
  line?: number;
}
const INDEX_STATUS = 'magentoIntegration/indexStatus';
const REINDEX = 'magentoIntegration/reindex';
const EFFECTIVE_PERMISSIONS = 'magentoIntegration/effectivePermissions';
/** The webview of the effective-permissions view. */
const PERMISSIONS_VIEW = 'magentoIntegration.permissions';

const selector = FILE_PATTERNS.map((pattern) => ({ scheme: 'file', language: 'xml', pattern }));

let lc: LanguageClientModule | undefined;
let client: LanguageClient | undefined;
let extensionContext: ExtensionContext;
let statusItem: StatusBarItem;
let indexItem: LanguageStatusItem;
let serverItem: LanguageStatusItem;
let lastStatus: IndexStatus | undefined;
/** The client gave up restarting the server: the status items say so instead of stale counts. */
let serverStopped = false;
/** A re-index the user asked for is running (the status bar shows it until it is done). */
let reindexing = false;
/** When the server went down lately, for the crash limit (a Restart Server command starts afresh). */
const crashes: number[] = [];
let toldAboutRestart = false;
let statusBarVisible = false;
/** The last completion request VS Code made: how it came about, and for which version of which document. */
let lastCompletionRequest: CompletionRequest | undefined;
/** The permissions views open in this window, by integration (source uri and name): recomputed when the index changes. */
const permissionViews = new Map<string, PermissionsView>();

/**
 * What activate() returns: a read-only look at the status items, which the editor API offers no way to
 * read (the editor-API tests check them through it).
 */
export interface MagentoIntegrationApi {
  readonly serverStarted: boolean;
  statusBar(): { text: string; tooltip: string; visible: boolean };
  languageStatus(): Array<{ id: string; text: string; detail: string | undefined; busy: boolean; severity: LanguageStatusSeverity; command: string | undefined }>;
  /** The last completion request VS Code made (how, CompletionTriggerKind and character, and for which document version). */
  lastCompletionRequest(): CompletionRequest | undefined;
  /** The permissions views open: their title, the report's Markdown and the HTML the webview shows. */
  permissionViews(): Array<{ title: string; markdown: string; html: string }>;
}

export interface CompletionRequest {
  readonly uri: string;
  readonly version: number;
  readonly kind: number;
  readonly character: string | undefined;
}

export function activate(context: ExtensionContext): MagentoIntegrationApi {
  extensionContext = context;
  statusItem = window.createStatusBarItem('magentoIntegration.status', StatusBarAlignment.Right, 100);
  statusItem.name = 'Magento ACL index';
  // Language status items: shown in the `{}` of the status bar for these files only, with their actions.
  indexItem = languages.createLanguageStatusItem('magentoIntegration.index', selector);
  indexItem.name = 'Magento ACL index';
  serverItem = languages.createLanguageStatusItem('magentoIntegration.server', selector);
  serverItem.name = 'Magento integration server';
  context.subscriptions.push(
    statusItem,
    indexItem,
    serverItem,
    window.onDidChangeActiveTextEditor(updateStatus),
    commands.registerCommand('magentoIntegration.reindex', reindex),
    commands.registerCommand('magentoIntegration.restartServer', restartServer),
    commands.registerCommand('magentoIntegration.fixAll', fixAll),
    commands.registerCommand('magentoIntegration.showOutput', () => client?.outputChannel.show(true)),
    commands.registerCommand('magentoIntegration.showRoutes', showRoutes),
    commands.registerCommand('magentoIntegration.showEffectivePermissions', showEffectivePermissions),
    commands.registerCommand('magentoIntegration.openLink', openLink),
    // The server starts with the first Magento file opened (a new module's first api.xml too).
    workspace.onDidOpenTextDocument(startFor),
    workspace.onDidChangeTextDocument(suggestWhileTyping),
  );
  updateStatus();
  // After activation returns: loading the language client and forking the server cost more than all of
  // the above, and the editor need not wait for them (the client queues requests until the server is up).
  setImmediate(() => workspace.textDocuments.forEach(startFor));
  return {
    get serverStarted() {
      return client !== undefined;
    },
    statusBar: () => ({ text: statusItem.text, tooltip: String(statusItem.tooltip ?? ''), visible: statusBarVisible }),
    languageStatus: () =>
      [indexItem, serverItem].map((item) => ({
        id: item.id,
        text: item.text,
        detail: item.detail,
        busy: item.busy,
        severity: item.severity,
        command: item.command?.command,
      })),
    lastCompletionRequest: () => lastCompletionRequest,
    permissionViews: () => [...permissionViews.values()].map((v) => ({ title: v.panel.title, markdown: v.markdown, html: v.html })),
  };
}

function isMagentoDocument(document: TextDocument): boolean {
  return languages.match(selector, document) > 0;
}

/** Starts the language server when the first Magento file is open; nothing before (XML files of other kinds activate the extension too). */
function startFor(document: TextDocument): void {
  if (!client && isMagentoDocument(document)) startClient(extensionContext);
}

function startClient(context: ExtensionContext): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CloseAction, ErrorAction, LanguageClient: Client, State, TransportKind } = (lc = require('vscode-languageclient/node') as LanguageClientModule);
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const fileEvents = [...FILE_PATTERNS, '**/etc/integration/*.xml', '**/etc/module.xml'].map((p) => workspace.createFileSystemWatcher(p));
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    synchronize: { configurationSection: SECTION, fileEvents },
    initializationOptions: { [SECTION]: plainSettings() },
    middleware: { provideCompletionItem: withoutWordList },
    errorHandler: {
      // A write to a server that just died (EPIPE) comes before the close that restarts it: logged, not shown
      // (vscode-languageclient would pop up "connection to server is erroring" beside the restart notice).
      // Only giving up on a connection that keeps failing is told.
      error: (error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult => {
        if ((count ?? 0) > 3) return { action: ErrorAction.Shutdown };
        client?.outputChannel.appendLine(`The connection to the server failed (${error.message}); carrying on.`);
        return { action: ErrorAction.Continue, handled: true };
      },
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
        if (crashes.length >= MAX_CRASHES) {
          return { action: CloseAction.DoNotRestart, message: 'The Magento integration server stopped 5 times in 3 minutes and will not be restarted. See "Magento Integration: Show Server Output", or run "Magento Integration: Restart Server".' };
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
      updateStatus();
    }),
    client.onNotification(INDEX_STATUS, (status: IndexStatus) => {
      lastStatus = status;
      updateStatus();
      // The index changed (a file on disk, or an open integration edited): the permission views follow.
      for (const view of permissionViews.values()) void view.refresh();
    }),
  );
  updateStatus();
  client.start().catch((e: unknown) => client?.error('Starting the Magento integration server failed', e, 'force'));
}

/**
 * Where the server has nothing to offer, VS Code would fill the list with every word of the document
 * (`-`, `--`, `Acl`, …): its word-based provider is asked only when the providers before it have no item.
 * One item without a label is such an item, and VS Code's suggest model drops it before showing the list:
 * the list stays closed while typing, and Ctrl+Space says "No suggestions". Only in the documents this
 * client serves; other XML files keep their word list.
 */
const withoutWordList: CompletionMiddleware = async (document, position, context, token, next) => {
  lastCompletionRequest = { uri: document.uri.toString(), version: document.version, kind: context.triggerKind, character: context.triggerCharacter };
  const result = await next(document, position, context, token);
  const items = Array.isArray(result) ? result : result?.items;
  if (token.isCancellationRequested || (items && items.length > 0)) return result;
  return new CompletionList([new CompletionItem('')], false);
};

/** A character of an ACL id or a name (`:` and the quotes are the server's trigger characters). */
const VALUE_CHARACTER = /^[A-Za-z0-9_]$/;
/** The line before the cursor ends inside a quoted attribute value. */
const IN_ATTRIBUTE_VALUE = /=\s*(["'])[^"'<>]*$/;
/** How long a typed character waits for VS Code's own request for it, which comes while its list is open. */
const OPEN_LIST_WAIT_MS = 120;

/**
 * Suggestions while a value is typed, as VS Code shows them in JSON files, in the documents this client
 * serves only. VS Code suggests while typing only outside strings by default, and the setting for strings
 * (`editor.quickSuggestions`, which JSON turns on with configurationDefaults) can only be given per
 * language: it would turn on the word list in every XML file of the user. A trigger character does not
 * help either: VS Code ignores one that ends a word (a letter of `Magento_Sales`) and leaves it to the
 * quick suggestions. So the client asks for suggestions itself when a character of a value is typed and
 * the list is not open. It knows the list is open when VS Code asked for this keystroke's completion
 * itself: the server's lists of values are always incomplete, so VS Code asks again at every keystroke
 * while one is shown.
 */
function suggestWhileTyping(event: TextDocumentChangeEvent): void {
  if (event.reason !== undefined || event.contentChanges.length !== 1 || !isMagentoDocument(event.document)) return;
  const [change] = event.contentChanges;
  if (change.rangeLength !== 0 || !VALUE_CHARACTER.test(change.text)) return;
  const position = change.range.start.translate(0, 1);
  if (!IN_ATTRIBUTE_VALUE.test(event.document.lineAt(position.line).text.slice(0, position.character))) return;
  const { document } = event;
  const version = document.version;
  setTimeout(() => {
    const editor = window.activeTextEditor;
    // Typing went on (the next character decides), or the cursor is elsewhere (not typed here).
    if (editor?.document !== document || document.version !== version || editor.selections.length !== 1 || !editor.selection.active.isEqual(position)) return;
    const open = lastCompletionRequest?.uri === document.uri.toString() && lastCompletionRequest.version >= version;
    if (!open) void commands.executeCommand('editor.action.triggerSuggest', { auto: true });
  }, OPEN_LIST_WAIT_MS);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The settings as a plain object (WorkspaceConfiguration carries functions that do not serialize). */
function plainSettings(): unknown {
  return JSON.parse(JSON.stringify(workspace.getConfiguration(SECTION)));
}

function isMagentoFile(editor: TextEditor | undefined): editor is TextEditor {
  return editor !== undefined && isMagentoDocument(editor.document);
}

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/** What the index holds, in words: how many ids, and where they come from. */
function describeIndex(s: IndexStatus): string {
  const workspacePart = `${count(s.workspaceResources, 'id')} declared in the workspace's ${count(s.aclFiles, 'acl.xml file')}`;
  const bundled = s.bundledCatalog
    ? `; the other ${(s.resources - s.workspaceResources).toLocaleString('en-US')} from the bundled ${s.bundledCatalog} catalog, for the modules the workspace lacks`
    : '';
  return `${count(s.resources, 'ACL resource id')} known: ${workspacePart}${bundled}. ${count(s.files, 'Magento file')} indexed.`;
}

function updateStatus(): void {
  updateStatusBar(window.activeTextEditor);
  const s = lastStatus;
  const running = client !== undefined && !serverStopped;
  indexItem.busy = reindexing || (running && (!s || s.indexing));
  indexItem.text = s && running ? `$(shield) ${count(s.resources, 'ACL id')}` : '$(shield) ACL index';
  indexItem.detail = !client ? 'starts with the first Magento file' : serverStopped ? 'the server is stopped' : s ? describeIndex(s) : 'indexing…';
  indexItem.command = { title: 'Re-index', command: 'magentoIntegration.reindex', tooltip: 'Read every acl.xml, integration and webapi.xml file again' };
  serverItem.text = serverStopped ? '$(error) Magento server stopped' : '$(server-process) Magento server';
  serverItem.detail = serverStopped ? 'crashed 5 times in 3 minutes' : client ? 'running' : 'not started';
  serverItem.severity = serverStopped ? LanguageStatusSeverity.Error : LanguageStatusSeverity.Information;
  serverItem.command = { title: serverStopped ? 'Start' : 'Restart', command: 'magentoIntegration.restartServer' };
}

function updateStatusBar(editor: TextEditor | undefined): void {
  statusBarVisible = isMagentoFile(editor);
  if (!statusBarVisible) {
    statusItem.hide();
    return;
  }
  const s = lastStatus;
  if (serverStopped) {
    statusItem.text = '$(error) Magento ACL: stopped';
    statusItem.tooltip = 'The Magento integration server is not running. Click to show its output.';
    statusItem.command = 'magentoIntegration.showOutput';
  } else if (reindexing) {
    statusItem.text = '$(sync~spin) Re-indexing ACL…';
    statusItem.tooltip = 'Reading every acl.xml, integration and webapi.xml file again.';
    statusItem.command = undefined;
  } else if (!s) {
    statusItem.text = '$(sync~spin) Magento ACL';
    statusItem.tooltip = 'Indexing ACL resources…';
    statusItem.command = 'magentoIntegration.reindex';
  } else {
    statusItem.text = `${s.indexing ? '$(sync~spin)' : '$(shield)'} ${count(s.resources, 'ACL id')}`;
    statusItem.tooltip = `${describeIndex(s)} Click to re-index.`;
    statusItem.command = 'magentoIntegration.reindex';
  }
  statusItem.show();
}

/** "Re-index ACL Resources": the server reads the workspace again; the status bar shows it working, then what it found. */
async function reindex(): Promise<void> {
  if (!client || !lc || client.state !== lc.State.Running) {
    void window.showInformationMessage(client ? 'The Magento integration server is not running: restart it first.' : 'No Magento file is open: the server starts with the first one.');
    return;
  }
  if (reindexing) return;
  reindexing = true;
  updateStatus();
  const running = client;
  try {
    const status = await window.withProgress({ location: ProgressLocation.Window, title: 'Re-indexing Magento ACL resources' }, () => running.sendRequest<IndexStatus>(REINDEX));
    lastStatus = status;
    window.setStatusBarMessage(`$(check) Magento ACL re-indexed: ${count(status.resources, 'id')}, ${count(status.files, 'file')}`, 5000);
  } finally {
    reindexing = false;
    updateStatus();
  }
}

/** "Restart Server": a new server process (also after the client gave up on one that kept crashing). */
async function restartServer(): Promise<void> {
  crashes.length = 0;
  toldAboutRestart = false;
  if (!client) {
    const open = workspace.textDocuments.find(isMagentoDocument);
    if (!open) {
      void window.showInformationMessage('No Magento file is open: the server starts with the first one.');
      return;
    }
    startClient(extensionContext);
    return;
  }
  lastStatus = undefined;
  serverStopped = false;
  updateStatus();
  await window.withProgress({ location: ProgressLocation.Window, title: 'Restarting the Magento integration server' }, () => client!.restart());
}

/**
 * "Show Effective Permissions of This Integration": the server's report on the integration at the cursor,
 * rendered beside the editor in a webview. It follows the files as they change (the server's index status
 * notification recomputes it), and each id and route in it is a link to its line in acl.xml or webapi.xml.
 * A webview and not VS Code's Markdown preview, whose Markdown engine drops `file:` links.
 */
async function showEffectivePermissions(): Promise<void> {
  const editor = window.activeTextEditor;
  if (!isMagentoFile(editor) || !/(api|integration)\.xml$/.test(editor.document.uri.path)) {
    void window.showInformationMessage('Put the cursor in an integration of an api.xml or integration.xml file.');
    return;
  }
  const position = editor.selection.active;
  const text = editor.document.getText();
  const offset = editor.document.offsetAt(position);
  const nameAttribute = /<integration\s[^>]*name\s*=\s*["']([^"']*)["']/g;
  let name: string | undefined;
  for (let m = nameAttribute.exec(text); m && m.index <= offset; m = nameAttribute.exec(text)) name = m[1];
  const source = editor.document.uri.toString();
  const key = `${source}\0${name}`;
  let view = permissionViews.get(key);
  if (view) {
    view.panel.reveal(ViewColumn.Beside, true);
  } else {
    view = new PermissionsView(source, name, { line: position.line, character: position.character });
    permissionViews.set(key, view);
    view.panel.onDidDispose(() => permissionViews.delete(key));
  }
  await view.refresh();
}

class PermissionsView {
  readonly panel: WebviewPanel;
  markdown = '';
  html = '';
  private readonly nonce = [...Array(32)].map(() => Math.floor(Math.random() * 36).toString(36)).join('');
  private rendering: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: string,
    private readonly name: string | undefined,
    private readonly position: { line: number; character: number },
  ) {
    // Retained when hidden: updates reach it as messages, and the page (and its scroll position) stays.
    this.panel = window.createWebviewPanel(PERMISSIONS_VIEW, `${name ?? 'Integration'} permissions`, { viewColumn: ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, enableFindWidget: true, retainContextWhenHidden: true });
    this.panel.webview.onDidReceiveMessage((message: { open?: unknown }) => {
      if (typeof message.open === 'string') void openLink(message.open);
    });
  }

  /** Asks the server for the report again and shows it (one request at a time, the latest wins). */
  refresh(): Promise<void> {
    this.rendering = this.rendering.then(async () => {
      const report = client && (await client.sendRequest<string | null>(EFFECTIVE_PERMISSIONS, { uri: this.source, position: this.position, name: this.name }));
      const markdown = report ?? `# Integration "${this.name ?? ''}"\n\nThe integration is gone from its file.\n`;
      if (markdown === this.markdown) return;
      const first = this.markdown === '';
      this.markdown = markdown;
      this.html = markdownRenderer().render(markdown);
      // Then only the report's element is replaced: no reload, the scroll position stays.
      if (first) this.panel.webview.html = this.page(this.html);
      else await this.panel.webview.postMessage({ html: this.html });
    }).catch((e: unknown) => client?.error('The permissions view failed', e));
    return this.rendering;
  }

  private page(content: string): string {
    const { cspSource } = this.panel.webview;
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${this.nonce}'; script-src 'nonce-${this.nonce}';">
<style nonce="${this.nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); line-height: 1.5; padding: 0 24px 24px; }
  h1 { font-size: 1.6em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: .3em; }
  h2 { font-size: 1.25em; margin-top: 1.6em; } h3 { font-size: 1.05em; }
  code { font-family: var(--vscode-editor-font-family); font-size: .95em; background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; }
  a { color: var(--vscode-textLink-foreground); text-decoration: none; } a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
  ul { padding-left: 1.4em; }
</style></head>
<body><main id="report">${content}</main>
<script nonce="${this.nonce}">
  const vscode = acquireVsCodeApi();
  const report = document.getElementById('report');
  window.addEventListener('message', (event) => { if (typeof event.data.html === 'string') report.innerHTML = event.data.html; });
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href]');
    if (!link) return;
    event.preventDefault();
    vscode.postMessage({ open: link.getAttribute('href') });
  });
</script></body></html>`;
  }
}

let markdownIt: InstanceType<MarkdownItModule> | undefined;
/**
 * markdown-it as the report needs it: no HTML from the text, and `file:` links allowed (markdown-it refuses
 * them by default, for pages on the web; here a click only asks the extension to open the file).
 */
function markdownRenderer(): InstanceType<MarkdownItModule> {
  if (!markdownIt) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const MarkdownIt = require('markdown-it') as MarkdownItModule;
    const md = new MarkdownIt({ html: false, linkify: false });
    const validateLink = md.validateLink.bind(md);
    md.validateLink = (url: string) => /^file:/i.test(url) || validateLink(url);
    markdownIt = md;
  }
  return markdownIt;
}

/** Opens a link of the permissions view: a file at its `#L<line>`, in the first editor group. */
async function openLink(href: string): Promise<void> {
  const uri = Uri.parse(href);
  if (uri.scheme !== 'file') return;
  const line = Math.max(0, Number(/^L(\d+)/.exec(uri.fragment)?.[1] ?? 1) - 1);
  const at = new Range(line, 0, line, 0);
  await window.showTextDocument(uri.with({ fragment: '' }), { selection: at, viewColumn: ViewColumn.One });
}

/** The routes a code lens counted, in a quick pick; choosing one opens its line in webapi.xml. */
async function showRoutes(subject: string, routes: RouteItem[]): Promise<void> {
  if (!routes?.length) {
    void window.showInformationMessage(`${subject}: no REST route.`);
    return;
  }
  const chosen = await window.showQuickPick(
    routes.map((route) => ({ label: route.label, description: route.refs.join(', '), detail: route.where, route })),
    { title: `${subject}: ${routes.length} REST route${routes.length === 1 ? '' : 's'}`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!chosen) return;
  const { uri, line, where, label } = chosen.route;
  if (uri === undefined) {
    void window.showInformationMessage(`${label} is declared in ${where}.`);
    return;
  }
  const at = new Range(line ?? 0, 0, line ?? 0, 0);
  await window.showTextDocument(Uri.parse(uri), { selection: at });
}

/** "Add all missing parent resources": the server's source.fixAll for the active file. */
async function fixAll(): Promise<void> {
  const editor = window.activeTextEditor;
  if (!isMagentoFile(editor)) {
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
