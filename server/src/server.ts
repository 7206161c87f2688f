/**
 * The LSP server: wires requests and notifications to the language service, and keeps the workspace
 * index fed from disk (initial scan, workspace/didChangeWatchedFiles) and from open documents. No Magento
 * knowledge lives here. The transport (--stdio, --node-ipc, --socket=N, --pipe=NAME) and the LSP
 * lifecycle in front of it are transport.ts's.
 */
import {
  CancellationToken,
  CodeActionKind,
  Diagnostic,
  CodeLensRefreshRequest,
  Position,
  Range,
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
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { loadBundledCatalog, loadBundledSchemas } from './node/catalogLoader';
import { exclusionMatcher } from './node/exclusion';
import { isWithin, Roots } from './node/fileReading';
import { pathOf, uriOf, WorkspaceLoader } from './node/workspaceLoader';
import { FIX_ALL_KIND } from './service/features/codeActions';
import { TRIGGER_CHARACTERS } from './service/features/completion';
import { limitDiagnostics } from './service/features/validation';
import { fileKindOf } from './service/files/fileKind';
import { getLanguageService, LanguageSettings } from './service/languageService';
import { Steps } from './service/steps';
import { MAX_ANALYSED_LENGTH } from './service/workspaceIndex';
import { effectivePermissionsRequest, routesRequest, IndexStatus, indexStatusNotification, reindexRequest } from './protocol';
import { DocumentJobs, runNowOrInSlices, SLICED_LENGTH } from './documentJobs';
import { behaveAsStdio } from './stdioConnection';
import { transportOf } from './transport';

const SECTION = 'magentoIntegration';
/**
 * Diagnostics are computed at most once per this interval for a burst of changes (of the document itself,
 * or of files it depends on): 10,000 quick didChanges make a few analyses and publishes, not 10,001.
 */
const VALIDATION_DELAY_MS = 50;

const transport = transportOf();
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
if (transport?.stdio) behaveAsStdio(connection);
const documents = new TextDocuments({ create: TextDocument.create, update: updateChecked });
const log = (message: string) => connection.console.log(message);
const service = getLanguageService({ catalog: loadBundledCatalog(log), schemas: loadBundledSchemas(log) });
const loader = new WorkspaceLoader(service.index, (uri) => documents.get(uri) !== undefined, log);
// A large file from disk is read in slices too, so indexing never blocks requests for long.
loader.runSteps = runNowOrInSlices;
/** Large documents are analysed in time slices; requests on them wait for their analysis. */
const jobs = new DocumentJobs((message) => connection.console.error(message));

let folders: string[] = [];
/** The workspace folders as URIs (their settings are pulled one by one). */
let folderUris: string[] = [];
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
    labelDetails: completion?.completionItem?.labelDetailsSupport === true,
  });
  const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
  service.configure(options[SECTION] ?? options);
  folderUris = (params.workspaceFolders ?? []).map((f: WorkspaceFolder) => f.uri);
  if (!folderUris.length && params.rootUri) folderUris = [params.rootUri];
  folders = folderUris.map(pathOf).filter((p): p is string => p !== undefined);
  service.setWorkspaceFolders(folderUris);
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
      completionProvider: { triggerCharacters: [...TRIGGER_CHARACTERS], resolveProvider: true },
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
    folderUris = [...folderUris.filter((u) => !event.removed.some((r) => r.uri === u)), ...event.added.map((f) => f.uri)];
    service.setWorkspaceFolders(folderUris);
    void pullConfiguration();
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
  loader.scanOptions = {
    exclude: exclusionMatcher(service.settings.exclude, folders),
    roots: new Roots(indexRoots(), 'the workspace folders and search paths'),
  };
}

/** A file the workspace scan reads: a Magento file by its path, under a folder that is indexed. */
function isWorkspaceFile(file: string): boolean {
  return fileKindOf(uriOf(file)) !== undefined && indexRoots().some((root) => isWithin(file, root));
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
  let workspaceResources = 0;
  for (const resource of service.index.acl.all()) if (resource.sites.some((s) => !s.source.bundled)) workspaceResources++;
  return {
    resources: service.index.acl.size,
    workspaceResources,
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

/**
 * Applies new settings (the workspace's, then each folder's); a change of what is indexed triggers a full
 * re-index.
 */
function configure(input: unknown, perFolder: ReadonlyArray<[string, unknown]> = []): void {
  const before: LanguageSettings = service.settings;
  service.configure(input);
  for (const [folder, settings] of perFolder) service.configure(settings, folder);
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
    // The workspace's settings, and each folder's (a multi-root workspace's folders may differ).
    const asked = [...folderUris];
    const [settings, ...perFolder] = await connection.workspace.getConfiguration([{ section: SECTION }, ...asked.map((scopeUri) => ({ scopeUri, section: SECTION }))]);
    if (settings) configure(settings, asked.map((folder, i): [string, unknown] => [folder, perFolder[i] ?? settings]));
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

function publish(document: TextDocument, diagnostics: Diagnostic[]): void {
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: limitDiagnostics(diagnostics) });
}

function validate(document: TextDocument): void {
  if (!firstIndexDone) return;
  if (document.getText().length >= SLICED_LENGTH) {
    analyse(document, true);
    return;
  }
  jobs.cancel(document.uri);
  publish(document, guarded('Validation', [], () => service.doValidation(document)));
}

/** Large documents whose analysis must run once more when the running one ends (what it checks against changed). */
const rerun = new Set<string>();

/**
 * A large document's analysis (or, with `validating` false, only its reading into the index), in slices.
 * One already running for the same version is not restarted: typing in another file would restart it
 * forever, and requests on this one would wait forever; it runs once more after it ends instead.
 */
function analyse(document: TextDocument, validating: boolean): void {
  const { uri, version } = document;
  if (jobs.runningVersion(uri) === version) {
    if (validating) rerun.add(uri);
    return;
  }
  rerun.delete(uri);
  const analysis = { changedIndex: false };
  jobs.schedule(uri, version, analysisSteps(document, validating, analysis), (diagnostics) => {
    if (diagnostics && documents.get(uri)?.version === version) publish(document, diagnostics);
    if (rerun.delete(uri)) requestValidation([uri]);
    // The others were checked against its previous text.
    if (analysis.changedIndex && affectsOthers(document)) revalidateAll(uri);
  });
}

function* analysisSteps(document: TextDocument, validating: boolean, analysis: { changedIndex: boolean }): Steps<Diagnostic[] | undefined> {
  const before = service.index.get(document.uri);
  analysis.changedIndex = (yield* service.index.updateSteps(document.uri, document.getText())) !== before;
  // The index holds this text now: requests waiting for it go ahead of the checks.
  jobs.progress(document.uri);
  return validating ? yield* service.validationSteps(document) : undefined;
}

/** Documents waiting for their diagnostics, and whether lenses and the status are to be refreshed then. */
const stale = new Set<string>();
let refreshAfterValidation = false;
let validationTimer: NodeJS.Timeout | undefined;

/** Validates these documents soon, at their newest version, together with whatever else is waiting. */
function requestValidation(uris: Iterable<string>, refresh = false): void {
  for (const uri of uris) stale.add(uri);
  refreshAfterValidation ||= refresh;
  validationTimer ??= setTimeout(() => {
    validationTimer = undefined;
    const due = [...stale].map((uri) => documents.get(uri)).filter((d): d is TextDocument => d !== undefined);
    stale.clear();
    // Documents the index does not hold as they are first: validating them puts their text in the index,
    // which the others are checked against.
    const held = (d: TextDocument) => (service.index.get(d.uri)?.text === d.getText() ? 1 : 0);
    for (const document of due.sort((a, b) => held(a) - held(b))) validate(document);
    if (refreshAfterValidation) {
      refreshAfterValidation = false;
      // Lenses count routes and integrations of other files: ask the client to fetch them again.
      if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      sendStatus();
    }
  }, VALIDATION_DELAY_MS);
}

function revalidateAll(except?: string): void {
  requestValidation(
    documents.keys().filter((uri) => uri !== except),
    true,
  );
}

/** Does a change to this document change what other documents are told? (A renamed copy is known by its schema.) */
function affectsOthers(document: TextDocument): boolean {
  const kind = fileKindOf(document.uri, document.getText());
  return kind === 'acl' || kind === 'api' || kind === 'integration' || kind === 'config' || kind === 'module';
}

/**
 * A change whose positions are not pairs of non-negative integers is not applied: TextDocument would read
 * a fractional line as the end of the document and cut the text anywhere. The client is told in the log.
 */
function updateChecked(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  if (changes.every((c) => !('range' in c) || isRange(c.range))) return TextDocument.update(document, changes, version);
  connection.console.error(`Ignored a change of ${document.uri} (version ${version}): its range is not made of non-negative integers.`);
  return document;
}

function isPosition(p: unknown): p is Position {
  const { line, character } = (p ?? {}) as Partial<Position>;
  return Number.isSafeInteger(line) && Number.isSafeInteger(character) && line! >= 0 && character! >= 0;
}

function isRange(r: unknown): r is Range {
  return isPosition((r as Partial<Range> | undefined)?.start) && isPosition((r as Partial<Range> | undefined)?.end);
}

documents.onDidOpen((event) => void readOutsideModule(event.document));

documents.onDidChangeContent((event) => {
  requestValidation([event.document.uri]);
  if (affectsOthers(event.document)) revalidateAll(event.document.uri);
});

documents.onDidClose((event) => {
  const { uri } = event.document;
  jobs.cancel(uri);
  rerun.delete(uri);
  stale.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
  // The editor no longer owns the text: a workspace file goes back to what is on disk; anything else
  // (a new unsaved file, a renamed copy recognised by its schema, a file from elsewhere) leaves the index.
  const file = pathOf(uri);
  const refreshed = file !== undefined && isWorkspaceFile(file) ? loader.refreshFile(file) : Promise.resolve(service.index.remove(uri));
  void refreshed.then(() => {
    forgetOutsideModule(uri);
    if (affectsOthers(event.document)) revalidateAll();
  });
});

/**
 * Module folders of documents opened from outside the workspace, with those documents: their module's
 * files are read beside them (else an api.xml would be told its existing config.xml entry is missing, and
 * "create the entry" would write a second document into that config.xml), and forgotten with the last one.
 */
const outsideModules = new Map<string, Set<string>>();

async function readOutsideModule(document: TextDocument): Promise<void> {
  const file = pathOf(document.uri);
  if (file === undefined || !fileKindOf(document.uri, document.getText()) || indexRoots().some((root) => isWithin(file, root))) return;
  const etc = file.split(path.sep).lastIndexOf('etc');
  if (etc <= 0) return;
  const module = file.split(path.sep).slice(0, etc).join(path.sep);
  const open = outsideModules.get(module);
  if (open) {
    open.add(document.uri);
    return;
  }
  outsideModules.set(module, new Set([document.uri]));
  await loader.loadModule(module);
  requestValidation([document.uri]);
}

function forgetOutsideModule(uri: string): void {
  for (const [module, open] of outsideModules) {
    if (!open.delete(uri) || open.size) continue;
    outsideModules.delete(module);
    loader.forgetModule(module);
  }
}

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
 * Runs a request on an open document, guarded like every handler. A large document the index does not
 * hold at this version yet is read in slices first (requests on other documents are answered meanwhile);
 * a request the client cancels meanwhile is answered with the neutral result at once. Positions that are
 * not pairs of non-negative integers are refused (InvalidParams).
 */
function onDocument<T>(name: string, uri: string, token: CancellationToken, fallback: T, run: (document: TextDocument) => T, positions: unknown[] = []): T | Promise<T> {
  if (!positions.every(isPosition)) throw new ResponseError(ErrorCodes.InvalidParams, 'A position must be a line and a character that are non-negative integers.');
  const answer = (): T => {
    const document = documents.get(uri);
    return document && !token.isCancellationRequested ? guarded(name, fallback, () => run(document)) : fallback;
  };
  const document = documents.get(uri);
  return document && !inIndex(document) ? untilInIndex(uri, token).then(answer) : answer();
}

/** Whether a request on the document can sync the index at once (a large new text is read in slices). */
function inIndex(document: TextDocument): boolean {
  const text = document.getText();
  if (text.length < SLICED_LENGTH || text.length > MAX_ANALYSED_LENGTH || !fileKindOf(document.uri, text)) return true;
  return service.index.get(document.uri)?.text === text;
}

async function untilInIndex(uri: string, token: CancellationToken): Promise<void> {
  const cancelled = new Promise<void>((resolve) => {
    if (token.isCancellationRequested) resolve();
    else token.onCancellationRequested(() => resolve());
  });
  for (let document = documents.get(uri); document && !inIndex(document) && !token.isCancellationRequested; document = documents.get(uri)) {
    analyse(document, false);
    await Promise.race([jobs.next(uri), cancelled]);
  }
}

connection.onCompletion((p, token) => onDocument('Completion', p.textDocument.uri, token, null, (d) => service.doComplete(d, p.position), [p.position]));
/** The document a completion item or code lens to resolve came from (the service put it in its data). */
const uriIn = (data: unknown): string | undefined => {
  const uri = (data as { uri?: unknown } | undefined)?.uri;
  return typeof uri === 'string' ? uri : undefined;
};
connection.onCompletionResolve((item, token) => {
  const uri = uriIn(item.data);
  return uri ? onDocument('Completion resolve', uri, token, item, (d) => service.resolveCompletion(d, item)) : item;
});
connection.onCodeAction((p, token) => onDocument('Code actions', p.textDocument.uri, token, [], (d) => service.getCodeActions(d, p.range, p.context), [p.range?.start, p.range?.end]));
connection.onHover((p, token) => onDocument('Hover', p.textDocument.uri, token, null, (d) => service.doHover(d, p.position), [p.position]));
connection.onDefinition((p, token) => onDocument('Definition', p.textDocument.uri, token, [], (d) => service.findDefinition(d, p.position), [p.position]));
connection.onReferences((p, token) => onDocument('References', p.textDocument.uri, token, [], (d) => service.findReferences(d, p.position, p.context.includeDeclaration), [p.position]));
/** Refusals are answers, not failures: they reach the user as the rename error message. */
function refusal<T>(result: T | { error: string } | undefined): T | null {
  if (result && typeof result === 'object' && 'error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
  return result ?? null;
}
connection.onPrepareRename(async (p, token) => refusal(await onDocument('Prepare rename', p.textDocument.uri, token, undefined, (d) => service.prepareRename(d, p.position), [p.position])));
connection.onRenameRequest(async (p, token) => refusal(await onDocument('Rename', p.textDocument.uri, token, undefined, (d) => service.doRename(d, p.position, p.newName), [p.position])));
connection.onDocumentSymbol((p, token) => onDocument('Document symbols', p.textDocument.uri, token, [], (d) => service.findDocumentSymbols(d)));
connection.onFoldingRanges((p, token) => onDocument('Folding ranges', p.textDocument.uri, token, [], (d) => service.getFoldingRanges(d)));
connection.onSelectionRanges((p, token) => onDocument('Selection ranges', p.textDocument.uri, token, [], (d) => service.getSelectionRanges(d, p.positions), p.positions ?? []));
// Titles and routes are computed by codeLens/resolve, for the lenses the editor shows.
connection.onCodeLens((p, token) => onDocument('Code lenses', p.textDocument.uri, token, [], (d) => service.getCodeLenses(d, false)));
connection.onCodeLensResolve((lens, token) => {
  const uri = uriIn(lens.data);
  return uri ? onDocument('Code lens resolve', uri, token, lens, (d) => service.resolveCodeLens(d, lens)) : lens;
});
connection.onRequest(effectivePermissionsRequest, (p, token) => onDocument('Effective permissions', p.uri, token, null, (d) => service.effectivePermissions(d, p.position, typeof p.name === 'string' ? p.name : undefined) ?? null, [p.position]));
connection.onRequest(routesRequest, (p, token) => onDocument('Routes', p.uri, token, null, (d) => service.routes(d, p.position), [p.position]));

documents.listen(connection);
connection.listen();
