/**
 * Completion from the XSD content models: the child elements allowed where the cursor is (in schema order,
 * only those still allowed), the attributes an element may still get, and enumerated attribute values.
 * Inside `<resources>` of an integration file, choosing `resource` opens resource-id completion at once.
 */
import { Command, CompletionItem, CompletionItemKind, InsertTextFormat, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { allowedChildElements, elementAttributes, elementContent, schemaForKind } from '../schema/schemaValidation';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import type { XmlElement } from '../xml/xmlDocument';
import type { AttributeValueContext } from './completionContext';

const TRIGGER_SUGGEST = Command.create('Suggest', 'editor.action.triggerSuggest');
const MAX_TAG_LENGTH = 4096;

/** Child elements, when the cursor is after `<` (with part of a name) or in the whitespace between tags. */
export function completeElements(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, offset: number): CompletionItem[] {
  const schema = schemaForKind(file.kind);
  if (!index.schemas || !schema) return [];
  const text = file.text;
  const lt = text.lastIndexOf('<', offset - 1);
  const gt = text.lastIndexOf('>', offset - 1);
  let replaceStart: number;
  let withBracket: boolean;
  if (lt > gt && offset - lt <= MAX_TAG_LENGTH && /^<[\w:.-]*$/.test(text.slice(lt, offset))) {
    replaceStart = lt + 1;
    withBracket = false;
  } else if (gt >= 0 && gt > lt && /^\s*$/.test(text.slice(gt + 1, offset))) {
    replaceStart = offset;
    withBracket = true;
  } else {
    return [];
  }
  let replaceEnd = offset;
  while (replaceEnd < text.length && /[\w:.-]/.test(text[replaceEnd])) replaceEnd++;
  const at = withBracket ? offset : lt;
  const parent = enclosing(file.xml.root, at);
  const path = parent ? pathOf(parent) : [];
  const siblings = parent ? parent.children.filter((c) => c.start !== lt) : [];
  const before = siblings.filter((c) => c.start < at).map((c) => c.name);
  const after = siblings.filter((c) => c.start > at).map((c) => c.name);
  const range = Range.create(document.positionAt(replaceStart), document.positionAt(replaceEnd));
  const integrationFile = file.kind === 'api' || file.kind === 'integration';

  return allowedChildElements(index.schemas, schema, path, before, after).map((option, i) => {
    const childPath = [...path, option.name];
    const content = elementContent(index.schemas!, schema, childPath);
    const required = elementAttributes(index.schemas!, schema, childPath).filter((a) => a.required);
    const attrs = required.map((a, n) => ` ${a.name}="$${n + 1}"`).join('');
    // Text content but required attributes (resource@name): Magento writes these self-closing.
    const selfClosing = content === 'empty' || (content === 'simple' && required.length > 0);
    const body = selfClosing
      ? `${option.name}${attrs}/>`
      : content === 'simple'
        ? `${option.name}${attrs}>$0</${option.name}>`
        : `${option.name}${attrs}>\n\t$0\n</${option.name}>`;
    const item: CompletionItem = {
      label: option.name,
      kind: CompletionItemKind.Field,
      detail: option.required ? 'required here' : undefined,
      sortText: String(i).padStart(3, '0'),
      filterText: withBracket ? `<${option.name}` : option.name,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(range, (withBracket ? '<' : '') + body),
    };
    if (integrationFile && option.name === 'resource') item.command = TRIGGER_SUGGEST;
    return item;
  });
}

/** Attribute names inside a tag, after its name and between attributes. */
export function completeAttributeNames(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, offset: number): CompletionItem[] {
  const schema = schemaForKind(file.kind);
  if (!index.schemas || !schema) return [];
  const text = file.text;
  const lt = text.lastIndexOf('<', offset - 1);
  if (lt < 0 || offset - lt > MAX_TAG_LENGTH) return [];
  const m = /^<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s+([\w:.-]*)$/.exec(text.slice(lt, offset));
  if (!m) return [];
  const present = new Set([...m[2].matchAll(/([\w:.-]+)\s*=/g)].map((x) => x[1]));
  const parent = enclosing(file.xml.root, lt);
  const path = [...(parent ? pathOf(parent) : []), m[1]];
  let end = offset;
  while (end < text.length && /[\w:.-]/.test(text[end])) end++;
  const range = Range.create(document.positionAt(offset - m[3].length), document.positionAt(end));
  return elementAttributes(index.schemas, schema, path)
    .filter((a) => !present.has(a.name))
    .map((a) => ({
      label: a.name,
      kind: CompletionItemKind.Property,
      detail: a.required ? 'required' : undefined,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(range, `${a.name}="$1"`),
      command: TRIGGER_SUGGEST,
    }));
}

/** Enumerated values (and true/false) of the attribute the cursor is in, from the schema. */
export function completeEnumeratedValues(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, context: AttributeValueContext): CompletionItem[] {
  const schema = schemaForKind(file.kind);
  if (!index.schemas || !schema) return [];
  const parent = enclosing(file.xml.root, context.tagStart);
  const path = [...(parent ? pathOf(parent) : []), context.tagName];
  const attribute = elementAttributes(index.schemas, schema, path).find((a) => a.name === context.attributeName);
  const range = Range.create(document.positionAt(context.valueStart), document.positionAt(context.valueEnd));
  return (attribute?.values ?? []).map((value) => ({
    label: value,
    kind: CompletionItemKind.EnumMember,
    textEdit: TextEdit.replace(range, value + (context.closed ? '' : context.quote)),
  }));
}

/** The innermost element whose content contains `offset` (not an element starting there). */
function enclosing(root: XmlElement | undefined, offset: number): XmlElement | undefined {
  if (!root || !(root.start < offset && (offset < root.end || root.end <= root.start + 1))) return undefined;
  let current = root;
  for (;;) {
    const child = current.children.find((c) => c.start < offset && offset < c.end && !isSelfClosedBefore(c, offset));
    if (!child) return current;
    current = child;
  }
}

function isSelfClosedBefore(element: XmlElement, offset: number): boolean {
  return element.selfClosing === true && element.end <= offset;
}

function pathOf(element: XmlElement): string[] {
  const path: string[] = [];
  for (let e: XmlElement | undefined = element; e; e = e.parent) path.unshift(e.name);
  return path;
}
