/**
 * Completion, dispatched on where the cursor is: resource ids in `<resource name>` of integration files,
 * other attribute values whose choices are known (web API methods, integration names of the module,
 * enumerations of the schema), attribute names and child elements from the schema.
 */
import { CompletionItem, CompletionItemKind, CompletionList, Range, TextEdit } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageSettings } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { AttributeValueContext, attributeValueContext } from './completionContext';
import { CompletionSupport, completeIds, EAGER_COMPLETION, IdTarget } from './resourceIdCompletion';
import { completeAttributeNames, completeElements, completeEnumeratedValues } from './schemaCompletion';

/**
 * The characters that ask for completion as they are typed: the quote that opens a value, `:` and `<`.
 * (VS Code ignores a trigger character that ends a word, such as a letter, and leaves it to its quick
 * suggestions, which are off inside strings: the VS Code client opens suggestions as a value is typed.)
 */
export const TRIGGER_CHARACTERS: readonly string[] = ['"', "'", ':', '<'];

const HTTP_METHODS: Record<string, string> = {
  GET: 'Read: returns data, changes nothing.',
  POST: 'Create, or run an action.',
  PUT: 'Replace or update an existing entity.',
  DELETE: 'Delete an entity.',
};

export function complete(
  index: WorkspaceIndex,
  document: TextDocument,
  file: IndexedFile,
  position: Position,
  settings: LanguageSettings,
  support: CompletionSupport = EAGER_COMPLETION,
): CompletionList {
  const offset = document.offsetAt(position);
  const value = attributeValueContext(file.text, offset);
  if (value) {
    const target = idTarget(file, value);
    if (target) return completeIds(index, document, file, value, offset, target, settings, support);
    // Incomplete, as every list of values: the editor asks again at every keystroke in the value, which
    // tells a client that its list is open (the VS Code client opens it as a value is typed otherwise).
    return { isIncomplete: true, items: valueItems(index, document, file, value) };
  }
  const attributes = completeAttributeNames(index, document, file, offset);
  const items = attributes.length ? attributes : completeElements(index, document, file, offset);
  return { isIncomplete: false, items };
}

/** Which id attribute the cursor is in, if any. */
function idTarget(file: IndexedFile, { tagName, attributeName }: AttributeValueContext): IdTarget | undefined {
  if (tagName !== 'resource') return undefined;
  if ((file.kind === 'api' || file.kind === 'integration') && attributeName === 'name') return 'grant';
  if (file.kind === 'webapi' && attributeName === 'ref') return 'ref';
  if (file.kind === 'acl' && attributeName === 'id') return 'declare';
  return undefined;
}

function valueItems(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, context: AttributeValueContext): CompletionItem[] {
  const { tagName, attributeName } = context;
  if (file.kind === 'webapi' && tagName === 'route' && attributeName === 'method') {
    return Object.entries(HTTP_METHODS).map(([method, meaning]) => valueItem(document, context, method, meaning, CompletionItemKind.EnumMember));
  }
  if ((file.kind === 'api' || file.kind === 'config') && tagName === 'integration' && attributeName === 'name') {
    return integrationNames(index, file).map((name) => valueItem(document, context, name, file.kind === 'api' ? 'declared in config.xml' : 'declared in api.xml', CompletionItemKind.Reference));
  }
  return completeEnumeratedValues(index, document, file, context);
}

/** Names declared by the module's other integration files and not yet in this one (api.xml <-> config.xml). */
function integrationNames(index: WorkspaceIndex, file: IndexedFile): string[] {
  const other = file.kind === 'api' ? ['config', 'integration'] : ['api', 'integration'];
  const here = new Set(file.integrations.map((i) => i.name));
  const names = index.moduleFiles(file.uri).filter((f) => other.includes(f.kind)).flatMap((f) => f.integrations.map((i) => i.name));
  return [...new Set(names)].filter((n) => n && !here.has(n)).sort();
}

function valueItem(document: TextDocument, context: AttributeValueContext, value: string, detail: string, kind: CompletionItemKind): CompletionItem {
  const range = Range.create(document.positionAt(context.valueStart), document.positionAt(context.valueEnd));
  return { label: value, kind, detail, textEdit: TextEdit.replace(range, value + (context.closed ? '' : context.quote)) };
}
