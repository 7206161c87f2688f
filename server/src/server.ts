/**
 * The LSP server: wires requests and notifications to the language service, and keeps the workspace
 * index fed from disk (initial scan, workspace/didChangeWatchedFiles) and from open documents. No Magento
 * knowledge lives here. Transport (--stdio, --node-ipc, --socket=N) is chosen by vscode-languageserver,
 * but for --stdio, whose writer is ours (stdioConnection.ts).
 */
import {
  CancellationToken,
  CodeActionKind,
  Diagnostic,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  FileChangeType,
  InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { loadBundledCatalog, loadBundledSchemas } from './node/catalogLoader';
import { exclusionMatcher } from './node/exclusion';
import { pathOf, WorkspaceLoader } from './node/workspaceLoader';
import { FIX_ALL_KIND } from './service/features/codeActions';
import { limitDiagnostics } from './service/features/validation';
import { fileKindOf } from './service/files/fileKind';
import { getLanguageService, LanguageSettings } from './service/languageService';
import { effectivePermissionsRequest, IndexStatus, indexStatusNotification, reindexRequest } from './protocol';
import { DocumentJobs, runNowOrInSlices, SLICED_LENGTH } from './documentJobs';
import { behaveAsStdio, stdioStreams } from './stdioConnection';

const SECTION = 'magentoIntegration';
/** Other open documents are re-checked this long after the last change that can affect them. */
const REVALIDATE_DELAY_MS = 30;

const stdio = stdioStreams();
const connection = stdio ? createConnection(ProposedFeatures.all, stdio.reader, stdio.writer) : createConnection(ProposedFeatures.all);
if (stdio) behaveAsStdio(connection);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);
const service = getLanguageService({ catalog: loadBundledCatalog(log), schemas: loadBundledSchemas(log) });
const loader = new WorkspaceLoader(service.index, (uri) => documents.get(uri) !== undefined, log);
// A large file from disk is read in slices too, so indexing never blocks requests for long.
loader.runSteps = runNowOrInSlices;
/** Large documents are analysed in time slices; requests on them wait for their analysis. */
const jobs = new DocumentJobs((message) => connection.console.error(message));

let folders: string[] = [];
let canPullConfiguration = false;
let canWatchFiles = false;
let canRegisterConfiguration = false;
let hasWorkspaceFolders = false;
let canRefreshCodeLenses = false;
let indexing: Promise<void> = Promise.resolve();
let indexingStarted = false;

/** Runs a handler so that an exception in one feature is logged and answered with a neutral result. */
function guarded<T>(name: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (e) {
    connection.console.error(`${name} failed: ${(e as Error).stack ?? String(e)}`);
    return fallback;
  }
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities ?? {};
  canPullConfiguration = caps.workspace?.configuration === true;
  canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  hasWorkspaceFolders = caps.workspace?.workspaceFolders === true;
  canRefreshCodeLenses = caps.workspace?.codeLens?.refreshSupport === true;
  const completion = caps.textDocument?.completion;
  service.setCompletionSupport({
    itemDefaults: completion?.completionList?.itemDefaults ?? [],
    resolve: completion?.completionItem?.resolveSupport?.properties ?? [],
  });
  const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
  service.configure(options[SECTION] ?? options);
  folders = (params.workspaceFolders ?? [])
    .map((f: WorkspaceFolder) => pathOf(f.uri))
    .filter((p): p is string => p !== undefined);
  if (!folders.length && params.rootUri) {
    const root = pathOf(params.rootUri);
    if (root) folders = [root];
  }
  // Indexing starts as soon as the answer is out, not a client round trip later on `initialized`: the
  // folders and the settings (initializationOptions) are known now; pulled settings that differ re-index.
  setImmediate(() => {
    indexingStarted = true;
    applyScanSettings();
    void reindex(indexRoots());
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['"', "'", ':', '<'], resolveProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      codeLensProvider: { resolveProvider: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'magento-integration-ls', version: require('../../package.json').version },
  };
});

connection.onInitialized(() => {
  if (canWatchFiles) {
    // A client may still refuse; that must not become an unhandled rejection that ends the server.
    connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: ['**/etc/acl.xml', '**/etc/webapi.xml', '**/etc/integration.xml', '**/etc/integration/*.xml', '**/etc/module.xml'].map(
          (globPattern) => ({ globPattern }),
        ),
      })
      .catch((e: Error) => log(`The client refused file watching: ${e.message}`));
  }
  if (canPullConfiguration && canRegisterConfiguration) {
    connection.client
      .register(DidChangeConfigurationNotification.type, { section: SECTION })
      .catch((e: Error) => log(`The client refused configuration change events: ${e.message}`));
  }
  // Only clients that announce workspace folders may be asked for their changes (the call throws otherwise).
  if (hasWorkspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((event) => {
    for (const removed of event.removed) {
      const p = pathOf(removed.uri);
      if (p) loader.removeFolder(p);
    }
    const added = event.added.map((f) => pathOf(f.uri)).filter((p): p is string => p !== undefined);
    folders = [...folders.filter((f) => !event.removed.some((r) => pathOf(r.uri) === f)), ...added];
    applyScanSettings();
    void reindex(added);
  });
  void pullConfiguration();
});


/** Folders to index: the workspace folders plus the user's extra search paths. */
function indexRoots(): string[] {
  const extra = service.settings.searchPaths.flatMap((p) => (path.isAbsolute(p) ? [p] : folders.map((f) => path.join(f, p))));
  return [...new Set([...folders, ...extra])];
}

function applyScanSettings(): void {
  loader.scanOptions = { exclude: exclusionMatcher(service.settings.exclude, folders) };
}

/** Indexes `roots` (all of them, from scratch, when `full`); runs after any indexing already under way. */
function reindex(roots: readonly string[], full = false): Promise<void> {
  indexing = indexing.then(async () => {
    const started = Date.now();
    indexingNow = true;
    sendStatus();
    if (full) loader.clear();
    const loads = await Promise.all(roots.map((root) => loader.loadFolderInPhases(root).catch(() => ({ files: [], routes: Promise.resolve() }))));
    // The ACL tree and every integration are in: completion and diagnostics are complete from here on.
    indexingNow = false;
    firstIndexDone = true;
    const files = loads.reduce((n, l) => n + l.files.length, 0);
    log(`Indexed ${files} Magento files in ${roots.length} folder(s) in ${Date.now() - started} ms; ${service.index.acl.size} ACL resources known.`);
    revalidateAll();
    await Promise.all(loads.map((l) => l.routes.catch(() => undefined)));
    log(`Web API routes read in ${Date.now() - started} ms.`);
    // Route counts (code lenses, hovers) and the webapi.xml files themselves.
    revalidateAll();
  });
  return indexing;
}

let indexingNow = false;
function status(): IndexStatus {
  let files = 0;
  let aclFiles = 0;
  for (const file of service.index.allFiles()) {
    files++;
    if (file.kind === 'acl') aclFiles++;
  }
  const catalog = service.index.catalog;
  const bundledInUse = service.index.acl.activeSources().some((s) => s.bundled);
  return {
    resources: service.index.acl.size,
    aclFiles,
    files,
    bundledCatalog: catalog && bundledInUse ? `${catalog.product} ${catalog.release}` : undefined,
    indexing: indexingNow,
  };
}

function sendStatus(): void {
  void connection.sendNotification(indexStatusNotification, status());
}

connection.onRequest(reindexRequest, async () => {
  await reindex(indexRoots(), true);
  return status();
});

/** Applies new settings; a change of what is indexed triggers a full re-index. */
function configure(input: unknown): void {
  const before: LanguageSettings = service.settings;
  service.configure(input);
  const after = service.settings;
  if (JSON.stringify([before.searchPaths, before.exclude]) !== JSON.stringify([after.searchPaths, after.exclude])) {
    applyScanSettings();
    if (indexingStarted) void reindex(indexRoots(), true);
  }
  revalidateAll();
}

async function pullConfiguration(): Promise<void> {
  if (!canPullConfiguration) return;
  try {
    const [settings] = await connection.workspace.getConfiguration([{ section: SECTION }]);
    if (settings) configure(settings);
  } catch (e) {
    log(`Cannot read settings: ${(e as Error).message}`);
  }
}

connection.onDidChangeConfiguration((change) => {
  if (canPullConfiguration) {
    void pullConfiguration();
    return;
  }
  const settings = (change.settings ?? {}) as Record<string, unknown>;
  configure(settings[SECTION] ?? {});
});

/** Until the first scan is done, cross-file checks would report what is merely not read yet. */
let firstIndexDone = false;

function validate(document: TextDocument): void {
  if (!firstIndexDone) return;
  const publish = (diagnostics: Diagnostic[]) => void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: limitDiagnostics(diagnostics) });
  if (document.getText().length >= SLICED_LENGTH) {
    jobs.schedule(document.uri, service.validationSteps(document), (diagnostics) => {
      if (documents.get(document.uri)?.version === document.version) publish(diagnostics);
    });
    return;
  }
  jobs.cancel(document.uri);
  publish(guarded('Validation', [], () => service.doValidation(document)));
}

let pending: NodeJS.Timeout | undefined;
function revalidateAll(except?: string): void {
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => {
    pending = undefined;
    for (const document of documents.all()) if (document.uri !== except) validate(document);
    // Lenses count routes and integrations of other files: ask the client to fetch them again.
    if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    sendStatus();
  }, REVALIDATE_DELAY_MS);
}

/** Does a change to this file change what other documents are told? */
function affectsOthers(uri: string): boolean {
  const kind = fileKindOf(uri);
  return kind === 'acl' || kind === 'api' || kind === 'integration' || kind === 'config' || kind === 'module';
}

documents.onDidChangeContent((event) => {
  validate(event.document);
  if (affectsOthers(event.document.uri)) revalidateAll(event.document.uri);
});

documents.onDidClose((event) => {
  jobs.cancel(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  // The editor no longer owns the text: go back to what is on disk (or forget an unsaved new file).
  const file = pathOf(event.document.uri);
  const refreshed = file ? loader.refreshFile(file) : Promise.resolve(service.index.remove(event.document.uri));
  void refreshed.then(() => affectsOthers(event.document.uri) && revalidateAll());
});

connection.onDidChangeWatchedFiles((params) => {
  void (async () => {
    for (const change of params.changes) {
      const file = pathOf(change.uri);
      if (!file) continue;
      if (change.type === FileChangeType.Deleted) loader.removeFile(file);
      else await loader.refreshFile(file);
    }
    revalidateAll();
  })().catch((e) => log(`Watched-file update failed: ${(e as Error).message}`));
});

/**
 * Runs a request on an open document, guarded like every handler. While a large document is analysed in
 * slices, the request waits for it (the index holds the new text only then); a request the client
 * cancelled meanwhile is answered with the neutral result at once.
 */
function onDocument<T>(name: string, uri: string, token: CancellationToken, fallback: T, run: (document: TextDocument) => T): T | Promise<T> {
  const answer = (): T => {
    const document = documents.get(uri);
    return document && !token.isCancellationRequested ? guarded(name, fallback, () => run(document)) : fallback;
  };
  return jobs.isRunning(uri) ? jobs.settled(uri).then(answer) : answer();
}

connection.onCompletion((p, token) => onDocument('Completion', p.textDocument.uri, token, null, (d) => service.doComplete(d, p.position)));
/** The document a completion item or code lens to resolve came from (the service put it in its data). */
const uriIn = (data: unknown): string | undefined => {
  const uri = (data as { uri?: unknown } | undefined)?.uri;
  return typeof uri === 'string' ? uri : undefined;
};
connection.onCompletionResolve((item, token) => {
  const uri = uriIn(item.data);
  return uri ? onDocument('Completion resolve', uri, token, item, (d) => service.resolveCompletion(d, item)) : item;
});
connection.onCodeAction((p, token) => onDocument('Code actions', p.textDocument.uri, token, [], (d) => service.getCodeActions(d, p.range, p.context)));
connection.onHover((p, token) => onDocument('Hover', p.textDocument.uri, token, null, (d) => service.doHover(d, p.position)));
connection.onDefinition((p, token) => onDocument('Definition', p.textDocument.uri, token, [], (d) => service.findDefinition(d, p.position)));
connection.onReferences((p, token) => onDocument('References', p.textDocument.uri, token, [], (d) => service.findReferences(d, p.position, p.context.includeDeclaration)));
/** Refusals are answers, not failures: they reach the user as the rename error message. */
function refusal<T>(result: T | { error: string } | undefined): T | null {
  if (result && typeof result === 'object' && 'error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
  return result ?? null;
}
connection.onPrepareRename(async (p, token) => refusal(await onDocument('Prepare rename', p.textDocument.uri, token, undefined, (d) => service.prepareRename(d, p.position))));
connection.onRenameRequest(async (p, token) => refusal(await onDocument('Rename', p.textDocument.uri, token, undefined, (d) => service.doRename(d, p.position, p.newName))));
connection.onDocumentSymbol((p, token) => onDocument('Document symbols', p.textDocument.uri, token, [], (d) => service.findDocumentSymbols(d)));
connection.onFoldingRanges((p, token) => onDocument('Folding ranges', p.textDocument.uri, token, [], (d) => service.getFoldingRanges(d)));
connection.onSelectionRanges((p, token) => onDocument('Selection ranges', p.textDocument.uri, token, [], (d) => service.getSelectionRanges(d, p.positions)));
// Titles and routes are computed by codeLens/resolve, for the lenses the editor shows.
connection.onCodeLens((p, token) => onDocument('Code lenses', p.textDocument.uri, token, [], (d) => service.getCodeLenses(d, false)));
connection.onCodeLensResolve((lens, token) => {
  const uri = uriIn(lens.data);
  return uri ? onDocument('Code lens resolve', uri, token, lens, (d) => service.resolveCodeLens(d, lens)) : lens;
});
connection.onRequest(effectivePermissionsRequest, (p, token) => onDocument('Effective permissions', p.uri, token, null, (d) => service.effectivePermissions(d, p.position) ?? null));

documents.listen(connection);
connection.listen();
