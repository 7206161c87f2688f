/**
 * The language service: documents and the workspace index in, LSP-typed results out. No connection,
 * no file system; server.ts wires it to LSP and feeds the index. Every request first syncs the index with
 * the document it is given, so features always see the text they are asked about.
 */
import type {
  CodeAction,
  CodeActionContext,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Range,
  SelectionRange,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from './acl/catalog';
import type { SchemaModel } from './schema/model';
import { codeActions, safeFixes } from './features/codeActions';
import { complete } from './features/completion';
import { CompletionSupport, EAGER_COMPLETION, resolveIdItem } from './features/resourceIdCompletion';
import { tooLargeToAnalyse, validationSteps } from './features/validation';
import { runToEnd, Steps } from './steps';
import { codeLenses, resolveCodeLens } from './navigation/codeLens';
import { definition, prepareRename, references, rename } from './navigation/definition';
import { effectivePermissions } from './navigation/effectivePermissions';
import { routeAccess, RoutesAnswer } from './navigation/routeAccess';
import { hover } from './navigation/hover';
import { documentSymbols, foldingRanges, selectionRanges } from './navigation/outline';
import { defaultSettings, LanguageSettings, mergeSettings } from './settings';
import { IndexedFile, WorkspaceIndex } from './workspaceIndex';

export interface LanguageServiceOptions {
  /** The bundled Magento catalog (data/magento-catalog.json); serves modules the workspace lacks. */
  catalog?: Catalog;
  /** The schema model compiled from Magento's XSDs (data/magento-schemas.json); enables `schema` checks. */
  schemas?: SchemaModel;
}

export interface LanguageService {
  readonly index: WorkspaceIndex;
  /** The settings of the workspace (those of a workspace folder may differ: settingsFor). */
  readonly settings: LanguageSettings;
  /**
   * Replaces the settings with these (partial, untrusted) values over the defaults: the workspace's, or
   * with `folderUri` those of one workspace folder, which apply to the documents inside it (severities,
   * completion, code lenses; what is indexed is the workspace's).
   */
  configure(settings: unknown, folderUri?: string): void;
  /** The settings that apply to a document: its workspace folder's, else the workspace's. */
  settingsFor(uri: string): LanguageSettings;
  /** The workspace folders (URIs): paths shown to the user are relative to them; folder settings are forgotten. */
  setWorkspaceFolders(uris: readonly string[]): void;
  doValidation(document: TextDocument): Diagnostic[];
  /**
   * doValidation in steps (steps.ts), for a host that reads a large document in time slices. The index
   * takes the new text only in the step that finishes reading it; abandoning the steps leaves it as it was.
   */
  validationSteps(document: TextDocument): Steps<Diagnostic[]>;
  doComplete(document: TextDocument, position: Position): CompletionList;
  /** Fills in what completion left to completionItem/resolve (see setCompletionSupport). */
  resolveCompletion(document: TextDocument, item: CompletionItem): CompletionItem;
  /**
   * What the client applies itself: list item defaults and lazily resolved item properties (from its
   * initialize capabilities). Without it every item is complete in the list.
   */
  setCompletionSupport(support: CompletionSupport): void;
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  /**
   * The edits of every safe fix for the whole document at once — missing parents, duplicate entries,
   * Magento_Backend::admin — as the CLI's --fix applies them. Empty when nothing is left to fix.
   */
  getSafeFixes(document: TextDocument): TextEdit[];
  doHover(document: TextDocument, position: Position): Hover | null;
  findDefinition(document: TextDocument, position: Position): Location[];
  findReferences(document: TextDocument, position: Position, includeDeclaration: boolean): Location[];
  /** The range of the id to rename, or why it cannot be renamed; undefined where there is no id. */
  prepareRename(document: TextDocument, position: Position): Range | { error: string } | undefined;
  doRename(document: TextDocument, position: Position, newName: string): WorkspaceEdit | { error: string };
  findDocumentSymbols(document: TextDocument): DocumentSymbol[];
  getFoldingRanges(document: TextDocument): FoldingRange[];
  getSelectionRanges(document: TextDocument, positions: Position[]): SelectionRange[];
  /** With `resolve` false, lenses with a range and data only, for codeLens/resolve (resolveCodeLens). */
  getCodeLenses(document: TextDocument, resolve?: boolean): CodeLens[];
  resolveCodeLens(document: TextDocument, lens: CodeLens): CodeLens;
  /** Markdown report of what the integration named `name` (or else the one at `position`) is granted and unlocks. */
  effectivePermissions(document: TextDocument, position: Position, name?: string): string | undefined;
  /** Every route of the store, with what it requires and whether the integration at `position` unlocks it. */
  routes(document: TextDocument, position: Position): RoutesAnswer;
}

export function getLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const index = new WorkspaceIndex(options.catalog, options.schemas);
  let settings: LanguageSettings = defaultSettings;
  /** Folder URI (with a trailing slash) -> its settings; the innermost folder first. */
  let folderSettings: Array<[string, LanguageSettings]> = [];
  let completionSupport: CompletionSupport = EAGER_COMPLETION;

  const settingsFor = (uri: string): LanguageSettings => folderSettings.find(([folder]) => uri.startsWith(folder))?.[1] ?? settings;
  const sync = (document: TextDocument): IndexedFile | undefined => index.update(document.uri, document.getText());
  function* validationStepsOf(document: TextDocument): Steps<Diagnostic[]> {
    const file = yield* index.updateSteps(document.uri, document.getText());
    const own = settingsFor(document.uri);
    return file ? yield* validationSteps(index, document, file, own) : tooLargeToAnalyse(document, own);
  }

  return {
    index,
    get settings() {
      return settings;
    },
    configure(input, folderUri) {
      if (folderUri === undefined) {
        settings = mergeSettings(input);
        index.useCatalog(settings.useBundledCatalog);
        return;
      }
      const folder = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
      folderSettings = [...folderSettings.filter(([f]) => f !== folder), [folder, mergeSettings(input)] as [string, LanguageSettings]]
        .sort((a, b) => b[0].length - a[0].length);
    },
    settingsFor,
    setWorkspaceFolders(uris) {
      index.folders = uris;
      const kept = new Set(uris.map((u) => (u.endsWith('/') ? u : `${u}/`)));
      folderSettings = folderSettings.filter(([f]) => kept.has(f));
    },
    doValidation(document) {
      return runToEnd(validationStepsOf(document));
    },
    validationSteps: validationStepsOf,
    doComplete(document, position) {
      const file = sync(document);
      return file ? complete(index, document, file, position, settingsFor(document.uri), completionSupport) : { isIncomplete: false, items: [] };
    },
    resolveCompletion(document, item) {
      const file = sync(document);
      return file ? resolveIdItem(index, document, file, item, settingsFor(document.uri)) : item;
    },
    setCompletionSupport(support) {
      completionSupport = support;
    },
    getCodeActions(document, range, context) {
      const file = sync(document);
      return file ? codeActions(index, document, file, range, context, settingsFor(document.uri)) : [];
    },
    getSafeFixes(document) {
      const file = sync(document);
      return file ? safeFixes(index, document, file, settingsFor(document.uri)) : [];
    },
    doHover(document, position) {
      const file = sync(document);
      return file ? hover(index, document, file, document.offsetAt(position)) : null;
    },
    findDefinition(document, position) {
      const file = sync(document);
      return file ? definition(index, file, document.offsetAt(position)) : [];
    },
    findReferences(document, position, includeDeclaration) {
      const file = sync(document);
      return file ? references(index, file, document.offsetAt(position), includeDeclaration) : [];
    },
    prepareRename(document, position) {
      const file = sync(document);
      const check = file && prepareRename(index, file, document.offsetAt(position));
      if (!check || 'error' in check) return check;
      return { start: document.positionAt(check.start), end: document.positionAt(check.end) };
    },
    doRename(document, position, newName) {
      const file = sync(document);
      return file ? rename(index, file, document.offsetAt(position), newName) : { error: 'Not a Magento integration, ACL or web API file.' };
    },
    findDocumentSymbols(document) {
      const file = sync(document);
      return file ? documentSymbols(index, document, file) : [];
    },
    getFoldingRanges(document) {
      const file = sync(document);
      return file ? foldingRanges(document, file) : [];
    },
    getSelectionRanges(document, positions) {
      const file = sync(document);
      return file ? selectionRanges(document, file, positions) : [];
    },
    getCodeLenses(document, resolve = true) {
      const file = sync(document);
      return file && settingsFor(document.uri).codeLens.enabled ? codeLenses(index, document, file, resolve) : [];
    },
    resolveCodeLens(document, lens) {
      const file = sync(document);
      return file ? resolveCodeLens(index, file, lens) : lens;
    },
    effectivePermissions(document, position, name) {
      const file = sync(document);
      if (!file || (file.kind !== 'api' && file.kind !== 'integration')) return undefined;
      const offset = document.offsetAt(position);
      const integration = name !== undefined
        ? file.integrationsByName.get(name)?.[0]
        : file.integrations.find((i) => i.element.start <= offset && offset <= i.element.end) ?? file.integrations[0];
      return integration ? effectivePermissions(index, file.kind, integration.name) : undefined;
    },
    routes(document, position) {
      const file = sync(document);
      const offset = document.offsetAt(position);
      const integration = file && (file.kind === 'api' || file.kind === 'integration')
        ? file.integrations.find((i) => i.element.start <= offset && offset <= i.element.end)
        : undefined;
      return routeAccess(index, integration && file ? { name: integration.name, kind: file.kind } : undefined);
    },
  };
}

export type { Catalog, LanguageSettings };
export { WorkspaceIndex };
