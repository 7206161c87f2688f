/**
 * Completion of ACL resource ids: `<resource name="|">` of api.xml and integration.xml (every known id not
 * yet listed, and in api.xml its missing ancestors inserted too), `<resource ref="|">` of webapi.xml (with
 * `self` and `anonymous`) and `<resource id="|">` of acl.xml (the enclosing resource's children first).
 *
 * Answers stay small however many ids the workspace has: beyond MAX_ID_ITEMS candidates, the server
 * filters by what is typed. The list is always incomplete (see completion.ts), so the editor asks again as
 * the user types. The editor is to show the server's choice in the server's order: every item has a
 * `sortText` (its rank), and in a list the server filtered, a `filterText` that starts with the typed text,
 * which the editor's own fuzzy filter then matches equally well in every item (it would otherwise drop ids
 * the server matched by a word inside them or by their title, and re-sort the rest). The title is in every row (`labelDetails`),
 * so a row matched by its title shows why. With a client that supports them, the shared edit range goes
 * in `itemDefaults` and the tree path and the ancestor insertion are left to completionItem/resolve (VS
 * Code resolves only the item in view, and the chosen one before applying it).
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
  /** The client shows CompletionItem.labelDetails (LSP 3.17) in every row. */
  readonly labelDetails?: boolean;
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
  let count = 0;
  for (const resource of index.acl.all()) if (offered(resource) && ++count > MAX_ID_ITEMS) break;
  // Every offered id when they fit in one answer (the editor filters them); else the best MAX_ID_ITEMS
  // for what is typed.
  const filtered = count > MAX_ID_ITEMS;
  const typed = document.getText().slice(context.valueStart, offset);
  const preferred = (r: AclResource) =>
    target === 'declare' ? r.parentId === parentId : grant ? grant.modules.has(r.owner) : false;
  const chosen = rank(index, offered, filtered ? typed : '', preferred, grant?.modules);

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
  // In a list the server filtered, the editor's filter must keep every item, in the server's order (see above).
  const filterText = (text: string) => (filtered ? typed + text : text);

  const items: CompletionItem[] = [];
  if (target === 'ref') {
    for (const [ref, meaning] of Object.entries(SPECIAL_REFS)) {
      if (filtered && typed && !ref.startsWith(typed.trim())) continue;
      const item = withEdit({ label: ref, kind: CompletionItemKind.Keyword, detail: meaning }, ref + suffix, range, shared.range);
      if (filtered) item.filterText = filterText(ref);
      items.push(item);
    }
  }
  // Resolve finds the document and the tag by the item's data (or the list's, when that is a default).
  const resolvedLater = lazy.documentation || lazy.detail || (grant?.addParents === true && lazy.edits);
  const parentsNow = grant?.addParents === true && !(lazy.detail && lazy.edits);
  for (const resource of chosen) {
    const item = withEdit(baseItem(index, resource, support), resource.id + suffix, range, shared.range);
    item.filterText = filterText(filterTextOf(resource));
    if (resolvedLater && !shared.data) item.data = data;
    if (!lazy.documentation) item.documentation = { kind: MarkupKind.Markdown, value: documentation(index, resource) };
    const missing = grant && parentsNow ? missingAncestors(index, resource.id, grant.listed) : [];
    if (!lazy.detail) item.detail = detailOf(resource, missing);
    if (grant?.addParents && !lazy.edits && missing.length) item.additionalTextEdits = [parentsEdit(document, file, grant, missing)];
    items.push(item);
  }
  // The rank, as text that sorts like it (the editor sorts by sortText, and by label without one).
  const width = String(items.length).length;
  items.forEach((item, i) => (item.sortText = String(i).padStart(width, '0')));
  const list: CompletionList = { isIncomplete: true, items };
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
 * The MAX_ID_ITEMS offered ids best matching what is typed, or with nothing typed yet: ids of the modules
 * already listed (or the enclosing resource's children) first, then by id. What is typed ranks, best
 * first: ids that contain it (the preferred ones first; the start of the id or of a word of its resource
 * part, then inside the resource part, then in the module's name), titles that contain it (preferred
 * first), then fuzzy matches over id and title (fuzzysort) — so `ord` gives the listed module's order ids
 * before ids whose title says "Ordered", and far before `dashboard`.
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
  // Substring matches, in tiers; each tier in id order and capped (no tier can contribute more).
  const q = query.toLowerCase();
  const tiers: AclResource[][] = Array.from({ length: 8 }, () => []);
  const put = (tier: number, r: AclResource) => tiers[tier].length < MAX_ID_ITEMS && tiers[tier].push(r);
  for (const target of lowerCased(index)) {
    const r = target.resource;
    const other = preferred(r) ? 0 : 3;
    const at = matchAt(target.id, r.id, q);
    if (at !== undefined) put(other + MATCH_TIERS[at], r);
    else if (target.title.includes(q)) put(6 + other / 3, r);
  }
  const taken = new Set<string>();
  for (const tier of tiers) {
    for (const r of tier) {
      if (!offered(r)) continue;
      taken.add(r.id);
      if (out.push(r) === MAX_ID_ITEMS) return out;
    }
  }
  const targets = preparedTargets(index);
  // Enough results that MAX_ID_ITEMS remain after leaving out the ids not offered (listed ones).
  const results = fuzzysort.go(query, targets, { key: 'text', limit: 4 * MAX_ID_ITEMS, threshold: 0 });
  const add = (r: AclResource) => !taken.has(r.id) && offered(r) && out.push(r) === MAX_ID_ITEMS;
  for (const r of results) if (add(r.obj.resource)) return out;
  if (results.length < 4 * MAX_ID_ITEMS) return out;
  // Most of the best matches were not offered: search without a limit.
  for (const r of fuzzysort.go(query, targets, { key: 'text', threshold: 0 })) if (add(r.obj.resource)) return out;
  return out;
}

/** Where the typed text is in an id, best first: its start, a word of the resource part, inside the resource part, in the module part. */
type IdMatch = 'word' | 'inside' | 'module';
const MATCH_TIERS: Record<IdMatch, number> = { word: 0, inside: 1, module: 2 };

/** Where `id` (lower-cased: `lower`) contains `q`; a word starts after `_`, `:` or at a capital. */
function matchAt(lower: string, id: string, q: string): IdMatch | undefined {
  const resource = lower.indexOf('::') + 2; // 1 when there is no `::`: the whole id is the resource part
  let found: IdMatch | undefined;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, i + 1)) {
    if (i === 0) return 'word';
    if (i < resource) {
      found ??= 'module';
      continue;
    }
    if (!/[a-z0-9]/i.test(id[i - 1]) || (id[i] !== lower[i] && id[i - 1] === lower[i - 1])) return 'word';
    found = 'inside';
  }
  return found;
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
  /** Every id and title lower-cased, for substring matches: built with `prepared`. */
  lower?: LowerCased[];
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

interface LowerCased {
  readonly id: string;
  readonly title: string;
  readonly resource: AclResource;
}

/** Every known id and title lower-cased, sorted by id, once per ACL version. */
function lowerCased(index: WorkspaceIndex): LowerCased[] {
  const targets = targetsOf(index);
  return (targets.lower ??= targets.byId.map((resource) => ({ id: resource.id.toLowerCase(), title: resource.title?.toLowerCase() ?? '', resource })));
}

function filterTextOf(resource: AclResource): string {
  return resource.title ? `${resource.id} ${resource.title}` : resource.id;
}

/** The title, and how many parents choosing the id inserts. */
function detailOf(resource: AclResource, missing: readonly string[]): string {
  const title = resource.title ?? '(no title)';
  return missing.length ? `${title} (+${missing.length} parent${missing.length > 1 ? 's' : ''})` : title;
}

function baseItem(index: WorkspaceIndex, resource: AclResource, support: CompletionSupport): CompletionItem {
  const item: CompletionItem = { label: resource.id, kind: CompletionItemKind.Value };
  // The title in every row, not only in the focused one's detail: `Magento_Paypal::use` alone says little.
  if (support.labelDetails && resource.title) item.labelDetails = { description: resource.title };
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
  const where = site.source.bundled ? `${site.source.location} (${bundledName ?? 'bundled catalog'}, bundled)` : index.relativePath(site.source.location);
  const lines = [path.join(' › '), '', `Declared by module \`${site.source.module ?? resource.owner}\` in ${where}`];
  if (index.acl.isDisabled(resource.id)) lines.push('', 'Disabled: Magento removes this subtree, so granting it has no effect.');
  return lines.join('\n');
}
