/**
 * Completion of ACL resource ids: `<resource name="|">` of api.xml and integration.xml (every known id not
 * yet listed, and in api.xml its missing ancestors inserted too), `<resource ref="|">` of webapi.xml (with
 * `self` and `anonymous`) and `<resource id="|">` of acl.xml (the enclosing resource's children first).
 *
 * Answers stay small however many ids the workspace has: beyond MAX_ID_ITEMS candidates, the server
 * filters by what is typed (fuzzysort) and says the list is incomplete, so the editor asks again as the
 * user types. With a client that supports them, the shared edit range goes in `itemDefaults` and the tree
 * path and the ancestor insertion are left to completionItem/resolve (VS Code resolves only the item in
 * view, and the chosen one before applying it).
 */
import fuzzysort = require('fuzzysort');
import {
  CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  CompletionList,
  InsertTextFormat,
  MarkupKind,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AclResource, ownerOf, ROOT_ID } from '../acl/aclModel';
import { displayPath } from '../files/fileKind';
import { entryAt, IntegrationEntry } from '../files/integrationFile';
import type { LanguageSettings } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import type { XmlElement } from '../xml/xmlDocument';
import type { AttributeValueContext } from './completionContext';
import { insertResourcesBefore, listedIds, missingAncestors, styleModel } from './missingParents';

/** Most ids in one answer; more candidates than this are filtered by the typed text on the server. */
export const MAX_ID_ITEMS = 100;

/** What the client can do with a completion list (from its initialize capabilities). */
export interface CompletionSupport {
  /** CompletionList.itemDefaults the client applies (LSP 3.17): 'editRange', 'data', … */
  readonly itemDefaults: readonly string[];
  /** Item properties the client fills in lazily with completionItem/resolve. */
  readonly resolve: readonly string[];
}

export const EAGER_COMPLETION: CompletionSupport = { itemDefaults: [], resolve: [] };

/** Which attribute the ids complete; kept in the items' data for completionItem/resolve. */
export type IdTarget = 'grant' | 'ref' | 'declare';

export interface IdItemData {
  readonly uri: string;
  /** Offset of the `<` of the tag being completed. */
  readonly tagStart: number;
  readonly target: IdTarget;
}

const SPECIAL_REFS: Record<string, string> = {
  self: 'Not an ACL id: a logged-in customer acting on their own data (customer token).',
  anonymous: 'Not an ACL id: open to everybody, no token needed.',
};

export function completeIds(
  index: WorkspaceIndex,
  document: TextDocument,
  file: IndexedFile,
  context: AttributeValueContext,
  offset: number,
  target: IdTarget,
  settings: LanguageSettings,
  support: CompletionSupport,
): CompletionList {
  const grant = target === 'grant' ? grantContext(index, file, context.tagStart, settings) : undefined;
  const parentId = target === 'declare' ? enclosingResourceId(file, context.tagStart) : undefined;
  const offered = (r: AclResource) => !grant || (!grant.listed.has(r.id) && r.id !== ROOT_ID);
  // Every offered id when they fit in one answer; else the best MAX_ID_ITEMS for what is typed.
  let chosen: AclResource[] = [];
  for (const resource of index.acl.all()) if (offered(resource) && chosen.push(resource) > MAX_ID_ITEMS) break;

  const typed = document.getText().slice(context.valueStart, offset);
  const preferred = (r: AclResource) =>
    target === 'declare' ? r.parentId === parentId : grant ? grant.modules.has(r.owner) : false;
  const isIncomplete = chosen.length > MAX_ID_ITEMS;
  if (isIncomplete) chosen = rank(index, offered, typed, preferred, grant?.modules);

  const range = Range.create(document.positionAt(context.valueStart), document.positionAt(context.valueEnd));
  const suffix = context.closed ? '' : context.quote;
  const data: IdItemData = { uri: document.uri, tagStart: context.tagStart, target };
  const defaults = support.itemDefaults;
  const shared = { range: defaults.includes('editRange'), data: defaults.includes('data') };
  // VS Code shows an item's detail only once it is focused, and resolves the focused item: as with
  // TypeScript's items, the title comes with resolve, which keeps a long list a quarter smaller.
  const lazy = {
    detail: support.resolve.includes('detail'),
    documentation: support.resolve.includes('documentation'),
    edits: support.resolve.includes('additionalTextEdits'),
  };

  const items: CompletionItem[] = [];
  if (target === 'ref') {
    for (const [ref, meaning] of Object.entries(SPECIAL_REFS)) {
      if (isIncomplete && typed && !ref.startsWith(typed)) continue;
      items.push(withEdit({ label: ref, kind: CompletionItemKind.Keyword, detail: meaning, sortText: `0${ref}` }, ref + suffix, range, shared.range));
    }
  }
  // Resolve finds the document and the tag by the item's data (or the list's, when that is a default).
  const resolvedLater = lazy.documentation || lazy.detail || (grant?.addParents === true && lazy.edits);
  const parentsNow = grant?.addParents === true && !(lazy.detail && lazy.edits);
  for (const resource of chosen) {
    const item = withEdit(baseItem(index, resource), resource.id + suffix, range, shared.range);
    if (target === 'declare') item.sortText = `${preferred(resource) ? 0 : 1}${resource.id}`;
    if (resolvedLater && !shared.data) item.data = data;
    if (!lazy.documentation) item.documentation = { kind: MarkupKind.Markdown, value: documentation(index, resource) };
    const missing = grant && parentsNow ? missingAncestors(index, resource.id, grant.listed) : [];
    if (!lazy.detail) item.detail = detailOf(resource, missing);
    if (grant?.addParents && !lazy.edits && missing.length) item.additionalTextEdits = [parentsEdit(document, file, grant, missing)];
    items.push(item);
  }
  const list: CompletionList = { isIncomplete, items };
  if (shared.range || shared.data) {
    list.itemDefaults = {};
    if (shared.range) list.itemDefaults.editRange = range;
    if (shared.data) list.itemDefaults.data = data;
  }
  return list;
}

/** completionItem/resolve of an id item: its documentation and, in api.xml, the ancestors it inserts. */
export function resolveIdItem(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, item: CompletionItem, settings: LanguageSettings): CompletionItem {
  const data = item.data as IdItemData | undefined;
  const id = typeof item.label === 'string' ? item.label : undefined;
  const resource = id ? index.acl.get(id) : undefined;
  if (!data || !resource) return item;
  const resolved: CompletionItem = { ...item };
  resolved.documentation ??= { kind: MarkupKind.Markdown, value: documentation(index, resource) };
  const grant = data.target === 'grant' && (!resolved.additionalTextEdits || resolved.detail === undefined) ? grantContext(index, file, data.tagStart, settings) : undefined;
  const missing = grant?.addParents ? missingAncestors(index, resource.id, grant.listed) : [];
  resolved.detail ??= detailOf(resource, missing);
  if (grant && !resolved.additionalTextEdits && missing.length) resolved.additionalTextEdits = [parentsEdit(document, file, grant, missing)];
  return resolved;
}

interface GrantContext {
  readonly listed: ReadonlySet<string>;
  /** Modules of the ids already listed: their other ids come first when nothing is typed. */
  readonly modules: ReadonlySet<string>;
  readonly before: XmlElement;
  readonly model: ReturnType<typeof styleModel>;
  readonly addParents: boolean;
}

function grantContext(index: WorkspaceIndex, file: IndexedFile, tagStart: number, settings: LanguageSettings): GrantContext {
  const integration = integrationAround(file.integrations, tagStart);
  const editing = integration?.resources.find((r) => r.element.start === tagStart);
  const listed = integration ? listedIds(index, file, integration, editing?.element) : new Set<string>();
  const modules = new Set([...listed].map(ownerOf));
  if (file.module) modules.add(file.module);
  return {
    listed,
    modules,
    before: editing?.element ?? pseudoElement(tagStart),
    model: styleModel(file.integrations, editing),
    addParents: file.kind === 'api' && settings.completion.insertMissingParents,
  };
}

function parentsEdit(document: TextDocument, file: IndexedFile, grant: GrantContext, missing: readonly string[]): TextEdit {
  const insertion = insertResourcesBefore(file.text, grant.before, missing, grant.model);
  return TextEdit.insert(document.positionAt(insertion.offset), insertion.text);
}

/**
 * The MAX_ID_ITEMS offered ids best matching what is typed (fuzzysort over id and title), or with nothing
 * typed yet: ids of the modules already listed (or the enclosing resource's children) first, then by id.
 * Linear in the number of ids, with no sort per request: the ids are kept sorted per ACL version.
 */
function rank(
  index: WorkspaceIndex,
  offered: (r: AclResource) => boolean,
  typed: string,
  preferred: (r: AclResource) => boolean,
  preferredModules?: ReadonlySet<string>,
): AclResource[] {
  const out: AclResource[] = [];
  const query = typed.trim();
  if (!query) {
    const sorted = sortedIds(index);
    if (preferredModules) {
      // Only the preferred modules' runs of the sorted list, in list order, not every id.
      const runs = [...preferredModules].flatMap((m) => moduleRuns(index).get(m) ?? []).sort((a, b) => a[0] - b[0]);
      for (const [start, end] of runs) for (let i = start; i < end; i++) if (offered(sorted[i]) && out.push(sorted[i]) === MAX_ID_ITEMS) return out;
    } else {
      for (const r of sorted) if (preferred(r) && offered(r) && out.push(r) === MAX_ID_ITEMS) return out;
    }
    for (const r of sorted) if (!preferred(r) && offered(r) && out.push(r) === MAX_ID_ITEMS) return out;
    return out;
  }
  const targets = preparedTargets(index);
  // Enough results that MAX_ID_ITEMS remain after leaving out the ids not offered (listed ones).
  const results = fuzzysort.go(query, targets, { key: 'text', limit: 4 * MAX_ID_ITEMS, threshold: 0 });
  for (const r of results) {
    if (!offered(r.obj.resource)) continue;
    out.push(r.obj.resource);
    if (out.length === MAX_ID_ITEMS) return out;
  }
  if (results.length < 4 * MAX_ID_ITEMS) return out;
  // Most of the best matches were not offered: search without a limit.
  out.length = 0;
  for (const r of fuzzysort.go(query, targets, { key: 'text', threshold: 0 })) {
    if (offered(r.obj.resource)) out.push(r.obj.resource);
    if (out.length === MAX_ID_ITEMS) break;
  }
  return out;
}

interface SearchTarget {
  /** The filter text, prepared for fuzzysort. */
  readonly text: Fuzzysort.Prepared;
  readonly resource: AclResource;
}

interface Targets {
  readonly version: number;
  /** Every id, sorted. */
  readonly byId: AclResource[];
  /** Every id with its filter text prepared for fuzzysort: built by the first search that types something. */
  prepared?: SearchTarget[];
  /** Module -> the [start, end) runs of its ids in byId: one, as an id starts with its module and `::`
   * (more only for ids without `::`, whose module is the whole id). */
  runs?: Map<string, (readonly [number, number])[]>;
}

const targetsByIndex = new WeakMap<WorkspaceIndex, Targets>();

function targetsOf(index: WorkspaceIndex): Targets {
  let cached = targetsByIndex.get(index);
  if (!cached || cached.version !== index.acl.version) {
    cached = { version: index.acl.version, byId: [...index.acl.all()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
    targetsByIndex.set(index, cached);
  }
  return cached;
}

/** Every known id, sorted, once per ACL version. */
function sortedIds(index: WorkspaceIndex): readonly AclResource[] {
  return targetsOf(index).byId;
}

/** Where each module's ids are in sortedIds(), once per ACL version. */
function moduleRuns(index: WorkspaceIndex): Map<string, (readonly [number, number])[]> {
  const targets = targetsOf(index);
  if (!targets.runs) {
    const runs = new Map<string, (readonly [number, number])[]>();
    const ids = targets.byId;
    for (let start = 0; start < ids.length; ) {
      let end = start + 1;
      while (end < ids.length && ids[end].owner === ids[start].owner) end++;
      const owner = ids[start].owner;
      runs.set(owner, [...(runs.get(owner) ?? []), [start, end]]);
      start = end;
    }
    targets.runs = runs;
  }
  return targets.runs;
}

/** Every known id with its filter text prepared for fuzzysort, once per ACL version. */
function preparedTargets(index: WorkspaceIndex): SearchTarget[] {
  const targets = targetsOf(index);
  return (targets.prepared ??= targets.byId.map((resource) => ({ text: fuzzysort.prepare(filterTextOf(resource)), resource })));
}

function filterTextOf(resource: AclResource): string {
  return resource.title ? `${resource.id} ${resource.title}` : resource.id;
}

/** The title, and how many parents choosing the id inserts. */
function detailOf(resource: AclResource, missing: readonly string[]): string {
  const title = resource.title ?? '(no title)';
  return missing.length ? `${title} (+${missing.length} parent${missing.length > 1 ? 's' : ''})` : title;
}

function baseItem(index: WorkspaceIndex, resource: AclResource): CompletionItem {
  const item: CompletionItem = {
    label: resource.id,
    kind: CompletionItemKind.Value,
    // Typing words of the title finds the id too.
    filterText: filterTextOf(resource),
  };
  if (index.acl.isDisabled(resource.id)) item.tags = [CompletionItemTag.Deprecated];
  return item;
}

/** The item's edit: its own text edit, or only the inserted text when the range is a list default. */
function withEdit(item: CompletionItem, text: string, range: Range, sharedRange: boolean): CompletionItem {
  if (sharedRange) {
    if (text !== item.label) item.textEditText = text;
  } else {
    item.textEdit = TextEdit.replace(range, text);
    item.insertTextFormat = InsertTextFormat.PlainText;
  }
  return item;
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
  return { name: 'resource', start, end: start, attributes: [], children: [], parent: undefined, selfClosing: undefined, contentStart: -1, contentEnd: -1 };
}

/** The id of the acl.xml `<resource>` enclosing the tag at `offset`. */
function enclosingResourceId(file: IndexedFile, offset: number): string | undefined {
  let found: string | undefined;
  for (let e = file.xml.root; e && e.start < offset && offset < e.end; ) {
    if (e.start !== offset && e.name === 'resource') found = e.attributes.find((a) => a.name === 'id')?.value ?? found;
    e = e.children.find((c) => c.start < offset && offset < c.end && c.start !== offset);
  }
  return found;
}

/** The tree path of titles (Magento Admin › Sales › … › Reorder) and where the id is declared. */
export function documentation(index: WorkspaceIndex, resource: AclResource): string {
  const bundledName = index.catalog && `${index.catalog.product} ${index.catalog.release}`;
  const path = [...index.acl.ancestors(resource.id), resource.id].map((id) => index.acl.get(id)?.title ?? id);
  const site = resource.sites[0];
  const where = site.source.bundled ? `${site.source.location} (${bundledName ?? 'bundled catalog'}, bundled)` : displayPath(site.source.location);
  const lines = [path.join(' › '), '', `Declared by module \`${site.source.module ?? resource.owner}\` in ${where}`];
  if (index.acl.isDisabled(resource.id)) lines.push('', 'Disabled: Magento removes this subtree, so granting it has no effect.');
  return lines.join('\n');
}
