/**
 * The language service: documents and the workspace index in, LSP-typed results out. No connection,
 * no file system; server.ts wires it to LSP and feeds the index. Every request first syncs the index with
 * the document it is given, so features always see the text they are asked about.
 */
import type { CodeAction, CodeActionContext, CompletionList, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from './acl/catalog';
import type { SchemaModel } from './schema/model';
import { codeActions, safeFixes } from './features/codeActions';
import { complete } from './features/completion';
import { validate } from './features/validation';
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
  readonly settings: LanguageSettings;
  /** Replaces the settings with these (partial, untrusted) values over the defaults. */
  configure(settings: unknown): void;
  doValidation(document: TextDocument): Diagnostic[];
  doComplete(document: TextDocument, position: Position): CompletionList;
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  /**
   * The edits of every safe fix for the whole document at once — missing parents, duplicate entries,
   * Magento_Backend::admin — as the CLI's --fix applies them. Empty when nothing is left to fix.
   */
  getSafeFixes(document: TextDocument): TextEdit[];
}

export function getLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const index = new WorkspaceIndex(options.catalog, options.schemas);
  let settings: LanguageSettings = defaultSettings;

  const sync = (document: TextDocument): IndexedFile | undefined => index.update(document.uri, document.getText());

  return {
    index,
    get settings() {
      return settings;
    },
    configure(input) {
      settings = mergeSettings(input);
      index.useCatalog(settings.useBundledCatalog);
    },
    doValidation(document) {
      const file = sync(document);
      return file ? validate(index, document, file, settings) : [];
    },
    doComplete(document, position) {
      const file = sync(document);
      return file ? complete(index, document, file, position, settings) : { isIncomplete: false, items: [] };
    },
    getCodeActions(document, range, context) {
      const file = sync(document);
      return file ? codeActions(index, document, file, range, context, settings) : [];
    },
    getSafeFixes(document) {
      const file = sync(document);
      return file ? safeFixes(index, document, file, settings) : [];
    },
  };
}

export type { Catalog, LanguageSettings };
export { WorkspaceIndex };
