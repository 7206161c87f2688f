/**
 * The ancestor rule: a resource listed in an integration needs every ancestor below Magento_Backend::admin
 * listed in the same integration, where "the same integration" is the union over all files of that kind
 * declaring that name. Shared by validation, completion and code actions so they always agree.
 */
import { ALL_ID, ROOT_ID } from '../acl/aclModel';
import type { IntegrationEntry, ResourceEntry } from '../files/integrationFile';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { blankLineStart, lineEnding, XmlElement } from '../xml/xmlDocument';

export interface MissingParents {
  readonly entry: ResourceEntry;
  /** Missing ancestors, root first. */
  readonly missing: readonly string[];
}

/**
 * Ids listed in the integration across every file of the same kind (the index holds the analysed document
 * itself, see LanguageService), optionally skipping one element: the one being edited.
 */
export function listedIds(index: WorkspaceIndex, file: IndexedFile, integration: IntegrationEntry, skip?: XmlElement): Set<string> {
  const ids = new Set<string>();
  for (const site of index.integrationsNamed(file.kind, integration.name)) {
    for (const r of site.integration.resources) if (r.id && r.element !== skip) ids.add(r.id);
  }
  return ids;
}

/** listedIds per index version, kind and name: a file may repeat one integration name thousands of times. */
const listedCache = new WeakMap<WorkspaceIndex, { version: number; byName: Map<string, ReadonlySet<string>> }>();

function listedIdsCached(index: WorkspaceIndex, file: IndexedFile, integration: IntegrationEntry): ReadonlySet<string> {
  let cache = listedCache.get(index);
  if (!cache || cache.version !== index.version) listedCache.set(index, (cache = { version: index.version, byName: new Map() }));
  const key = `${file.kind}\u0000${integration.name}`;
  let ids = cache.byName.get(key);
  if (!ids) cache.byName.set(key, (ids = listedIds(index, file, integration)));
  return ids;
}

/**
 * Ancestors of `id` that must be listed and are not in `listed`, root first (none for unknown ids and the
 * top-level ids). No array unless something is missing: a large api.xml lists 100,000s of ids.
 */
export function missingAncestors(index: WorkspaceIndex, id: string, listed: ReadonlySet<string>): readonly string[] {
  if (id === ROOT_ID || id === ALL_ID || !index.acl.get(id)) return NONE;
  let missing: string[] | undefined;
  for (const a of index.acl.ancestors(id)) {
    if (a !== ROOT_ID && a !== ALL_ID && !listed.has(a)) (missing ??= []).push(a);
  }
  return missing ?? NONE;
}

const NONE: readonly string[] = Object.freeze([]);

/** One result per distinct id (its first element) whose required ancestors are not all listed. */
export function findMissingParents(index: WorkspaceIndex, file: IndexedFile, integration: IntegrationEntry): MissingParents[] {
  const listed = listedIdsCached(index, file, integration);
  const seen = new Set<string>();
  const out: MissingParents[] = [];
  for (const entry of integration.resources) {
    if (!entry.id || seen.has(entry.id)) continue;
    seen.add(entry.id);
    const missing = missingAncestors(index, entry.id, listed);
    if (missing.length) out.push({ entry, missing });
  }
  return out;
}

export interface Insertion {
  readonly offset: number;
  readonly text: string;
}

/**
 * Text that inserts `<resource>` elements for `ids` just before `before`, copying the style of an existing
 * resource element (quote, spacing, self-closing form), the indentation of `before`'s line and the line's
 * ending (CRLF stays CRLF).
 */
export function insertResourcesBefore(text: string, before: XmlElement, ids: readonly string[], model?: ResourceEntry): Insertion {
  const template = elementTemplate(text, model);
  const ls = blankLineStart(text, before.start);
  const separator = ls !== undefined ? endingBefore(text, ls) + text.slice(ls, before.start) : '';
  return { offset: before.start, text: ids.map((id) => template(id) + separator).join('') };
}

/**
 * An inserted element carries only `name`, in the model's quote and closing form (`/>`, ` />` or
 * `></resource>`): copying its other attributes put a title on every parent (schema errors) and, in a file
 * of 200,000 attributes, made each insertion larger than the file.
 */
function elementTemplate(text: string, model: ResourceEntry | undefined): (id: string) => string {
  const q = model?.nameAttribute?.quote ?? '"';
  let close = '/>';
  if (model?.element.selfClosing === false) close = '></resource>';
  else if (model?.element.selfClosing) {
    const { start, end } = model.element;
    close = (/([ \t]*)\/>$/.exec(text.slice(Math.max(start, end - 64), end))?.[1] ?? '') + '/>';
  }
  return (id) => `<resource name=${q}${id}${q}${close}`;
}

function endingBefore(text: string, lineStartOffset: number): string {
  if (lineStartOffset >= 2 && text[lineStartOffset - 1] === '\n' && text[lineStartOffset - 2] === '\r') return '\r\n';
  if (lineStartOffset >= 1 && (text[lineStartOffset - 1] === '\n' || text[lineStartOffset - 1] === '\r')) return text[lineStartOffset - 1];
  return lineEnding(text);
}

/** A complete resource element of the file to copy the style from: the given one if complete, else any. */
export function styleModel(integrations: readonly IntegrationEntry[], preferred?: ResourceEntry): ResourceEntry | undefined {
  const complete = (r: ResourceEntry) => r.nameAttribute !== undefined && r.nameAttribute.valueStart >= 0 && r.element.selfClosing !== undefined;
  if (preferred && complete(preferred)) return preferred;
  for (const i of integrations) for (const r of i.resources) if (complete(r)) return r;
  return undefined;
}

/**
 * Insertions that add every missing ancestor in the integration, each ancestor once, before the first
 * element that needs it. Empty when nothing is missing, which makes applying the fix twice a no-op.
 * `added` (the listed ids, grown as ancestors are inserted) is shared by integrations of one name.
 */
export function fixIntegration(
  index: WorkspaceIndex,
  file: IndexedFile,
  integration: IntegrationEntry,
  added: Set<string> = listedIds(index, file, integration),
): Insertion[] {
  const out: Insertion[] = [];
  for (const { entry, missing } of findMissingParents(index, file, integration)) {
    const ids = missing.filter((id) => !added.has(id));
    if (!ids.length) continue;
    ids.forEach((id) => added.add(id));
    out.push(insertResourcesBefore(file.text, entry.element, ids, styleModel(file.integrations, entry)));
  }
  return out;
}
