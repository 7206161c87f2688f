/**
 * Completion of ACL resource ids inside `<resource name="|">` of api.xml and integration.xml: every known id
 * not yet listed, with title, tree path and declaring module, and (api.xml) its missing ancestors inserted.
 */
import { CompletionItem, CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AclResource } from '../acl/aclModel';
import { displayPath } from '../files/fileKind';
import { entryAt, IntegrationEntry } from '../files/integrationFile';
import type { LanguageSettings } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import type { XmlElement } from '../xml/xmlDocument';
import type { AttributeValueContext } from './completionContext';
import { insertResourcesBefore, listedIds, requiredAncestors, styleModel } from './missingParents';

export function completeResourceIds(
  index: WorkspaceIndex,
  document: TextDocument,
  file: IndexedFile,
  context: AttributeValueContext,
  settings: LanguageSettings,
): CompletionItem[] {

  const integration = integrationAround(file.integrations, context.tagStart);
  const editing = integration?.resources.find((r) => r.element.start === context.tagStart);
  const listed = integration ? listedIds(index, file, integration, editing?.element) : new Set<string>();
  const range = Range.create(document.positionAt(context.valueStart), document.positionAt(context.valueEnd));
  const suffix = context.closed ? '' : context.quote;
  const before: XmlElement = editing?.element ?? pseudoElement(context.tagStart);
  const model = styleModel(file.integrations, editing);
  const addParents = file.kind === 'api' && settings.completion.insertMissingParents;

  const items: CompletionItem[] = [];
  for (const resource of index.acl.all()) {
    if (listed.has(resource.id)) continue;
    const item = idItem(index, resource, range, suffix);
    if (addParents) {
      const missing = requiredAncestors(index, resource.id).filter((a) => !listed.has(a));
      if (missing.length) {
        const insertion = insertResourcesBefore(file.text, before, missing, model);
        const at = document.positionAt(insertion.offset);
        item.additionalTextEdits = [TextEdit.insert(at, insertion.text)];
        item.detail = `${item.detail} (+${missing.length} parent${missing.length > 1 ? 's' : ''})`;
      }
    }
    items.push(item);
  }
  return items;
}

/** The integration the tag belongs to; in half-typed XML, the last integration starting before it. */
function integrationAround(integrations: readonly IntegrationEntry[], offset: number): IntegrationEntry | undefined {
  const found = entryAt(integrations, offset).integration;
  if (found) return found;
  let best: IntegrationEntry | undefined;
  for (const i of integrations) if (i.element.start <= offset) best = i;
  return best;
}

function pseudoElement(start: number): XmlElement {
  return { name: 'resource', start, end: start, attributes: [], children: [], parent: undefined, selfClosing: undefined };
}

/** One completion item for an ACL id: label id, detail title, documentation tree path and origin. */
export function idItem(index: WorkspaceIndex, resource: AclResource, range: Range, suffix: string): CompletionItem {
  const catalog = index.catalog;
  const item: CompletionItem = {
    label: resource.id,
    kind: CompletionItemKind.Value,
    detail: resource.title ?? '(no title)',
    documentation: { kind: MarkupKind.Markdown, value: documentation(index, resource, catalog && `${catalog.product} ${catalog.release}`) },
    filterText: resource.title ? `${resource.id} ${resource.title}` : resource.id,
    textEdit: TextEdit.replace(range, resource.id + suffix),
    insertTextFormat: InsertTextFormat.PlainText,
  };
  if (index.acl.isDisabled(resource.id)) item.tags = [CompletionItemTag.Deprecated];
  return item;
}

/** The tree path of titles (Magento Admin › Sales › … › Reorder) and where the id is declared. */
export function documentation(index: WorkspaceIndex, resource: AclResource, bundledName: string | undefined): string {
  const path = [...index.acl.ancestors(resource.id), resource.id].map((id) => index.acl.get(id)?.title ?? id);
  const site = resource.sites[0];
  const where = site.source.bundled ? `${site.source.location} (${bundledName ?? 'bundled catalog'}, bundled)` : displayPath(site.source.location);
  const lines = [path.join(' › '), '', `Declared by module \`${site.source.module ?? resource.owner}\` in ${where}`];
  if (index.acl.isDisabled(resource.id)) lines.push('', 'Disabled: Magento removes this subtree, so granting it has no effect.');
  return lines.join('\n');
}


