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
import type { XmlElement } from '../xml/xmlDocument';
import { completeResourceIds, idItem } from './resourceIdCompletion';
import { completeAttributeNames, completeElements, completeEnumeratedValues } from './schemaCompletion';

const HTTP_METHODS: Record<string, string> = {
  GET: 'Read: returns data, changes nothing.',
  POST: 'Create, or run an action.',
  PUT: 'Replace or update an existing entity.',
  DELETE: 'Delete an entity.',
};

export function complete(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, position: Position, settings: LanguageSettings): CompletionList {
  const offset = document.offsetAt(position);
  const value = attributeValueContext(file.text, offset);
  if (value) return { isIncomplete: false, items: valueItems(index, document, file, value, settings) };
  const attributes = completeAttributeNames(index, document, file, offset);
  const items = attributes.length ? attributes : completeElements(index, document, file, offset);
  return { isIncomplete: false, items };
}

function valueItems(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, context: AttributeValueContext, settings: LanguageSettings): CompletionItem[] {
  const { tagName, attributeName } = context;
  if ((file.kind === 'api' || file.kind === 'integration') && tagName === 'resource' && attributeName === 'name') {
    return completeResourceIds(index, document, file, context, settings);
  }
  if (file.kind === 'webapi' && tagName === 'resource' && attributeName === 'ref') {
    const range = Range.create(document.positionAt(context.valueStart), document.positionAt(context.valueEnd));
    const suffix = context.closed ? '' : context.quote;
    const special = Object.entries(SPECIAL_REFS).map(([ref, meaning]) => ({ ...valueItem(document, context, ref, meaning, CompletionItemKind.Keyword), sortText: `0${ref}` }));
    return [...special, ...[...index.acl.all()].map((r) => idItem(index, r, range, suffix))];
  }
  if (file.kind === 'acl' && tagName === 'resource' && attributeName === 'id') {
    // Re-declaring ancestors: the children of the enclosing resource first, then every other id.
    const range = Range.create(document.positionAt(context.valueStart), document.positionAt(context.valueEnd));
    const suffix = context.closed ? '' : context.quote;
    const parentId = enclosingResourceId(file, context.tagStart);
    return [...index.acl.all()].map((r) => ({ ...idItem(index, r, range, suffix), sortText: `${r.parentId === parentId ? 0 : 1}${r.id}` }));
  }
  if (file.kind === 'webapi' && tagName === 'route' && attributeName === 'method') {
    return Object.entries(HTTP_METHODS).map(([method, meaning]) => valueItem(document, context, method, meaning, CompletionItemKind.EnumMember));
  }
  if ((file.kind === 'api' || file.kind === 'config') && tagName === 'integration' && attributeName === 'name') {
    return integrationNames(index, file).map((name) => valueItem(document, context, name, file.kind === 'api' ? 'declared in config.xml' : 'declared in api.xml', CompletionItemKind.Reference));
  }
  return completeEnumeratedValues(index, document, file, context);
}

const SPECIAL_REFS: Record<string, string> = {
  self: 'Not an ACL id: a logged-in customer acting on their own data (customer token).',
  anonymous: 'Not an ACL id: open to everybody, no token needed.',
};

/** The id of the acl.xml `<resource>` enclosing the tag at `offset`. */
function enclosingResourceId(file: IndexedFile, offset: number): string | undefined {
  let found: string | undefined;
  const walk = (elements: readonly XmlElement[]) => {
    for (const e of elements) {
      if (e.start < offset && offset < e.end && e.start !== offset) {
        if (e.name === 'resource') found = e.attributes.find((a) => a.name === 'id')?.value ?? found;
        walk(e.children);
      }
    }
  };
  walk(file.xml.root ? [file.xml.root] : []);
  return found;
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
