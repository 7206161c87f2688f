/**
 * Is a resource id in the ACL tree, and if not, why not and what was probably meant. Shared by the checks of
 * integration files and webapi.xml, and by the did-you-mean quick-fixes.
 */
import { distance } from 'fastest-levenshtein';
import { AclResource, ownerOf } from '../acl/aclModel';
import { lastReleaseWith } from '../acl/catalog';
import type { DiagnosticCode } from '../settings';
import type { WorkspaceIndex } from '../workspaceIndex';

/** Ids known to come from outdated samples in Magento's own documentation. */
const DOCUMENTATION_SAMPLES: Record<string, string> = {
  'Magento_Log::online':
    'It comes from an outdated sample in Magento\'s "Create an integration" guide and exists in no Magento release.',
};

export interface UnknownId {
  readonly code: Extract<DiagnosticCode, 'unknown-resource' | 'unverifiable-resource' | 'removed-resource'>;
  /** Why the id is not in the tree, in one sentence without the consequence. */
  readonly reason: string;
}

/** Why an id is not in the ACL tree, or undefined when it is (or is empty). */
export function classifyUnknownId(index: WorkspaceIndex, id: string): UnknownId | undefined {
  if (!id || index.acl.get(id)) return undefined;
  const catalog = index.catalog;
  const sample = DOCUMENTATION_SAMPLES[id] ? ` ${DOCUMENTATION_SAMPLES[id]}` : '';
  const removed = lastReleaseWith(catalog, id);
  if (removed && catalog) {
    return { code: 'removed-resource', reason: `${id} was removed from Magento after ${removed.last} (declared ${removed.first}–${removed.last}) and does not exist in ${catalog.release}.` };
  }
  const module = ownerOf(id);
  if (index.isModuleKnown(module)) {
    return { code: 'unknown-resource', reason: `${id} is not declared by module ${module} in any acl.xml.${sample}` };
  }
  const sameModule = index.acl.moduleIgnoringCase(module);
  if (sameModule) {
    return { code: 'unknown-resource', reason: `${id} is not declared in any acl.xml: module names are case-sensitive, and the module is ${sameModule}.` };
  }
  const where = catalog ? `the workspace or the bundled ${catalog.product} ${catalog.release} catalog` : 'the workspace';
  return { code: 'unverifiable-resource', reason: `${id} cannot be checked: module ${module} is not in ${where}.${sample}` };
}

/**
 * Up to `limit` known ids the user probably meant, best first: edit distance over the whole id, helped by
 * the same resource part (`actions_view`), a similar module name, and title words in the id.
 */
export function suggestIds(index: WorkspaceIndex, id: string, limit = 3): string[] {
  const [module, name = ''] = splitId(id);
  // What depends on the query only, computed once rather than once per known id.
  const query: Query = { id, module, name, lowerId: id.toLowerCase(), lowerModule: module.toLowerCase(), lowerName: name.toLowerCase(), words: name.toLowerCase().split(/[_\W]+/).filter((w) => w.length > 2) };
  const scored: Array<{ id: string; score: number }> = [];
  for (const candidate of index.acl.all()) {
    const score = similarity(query, candidate);
    if (score > 0) scored.push({ id: candidate.id, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.id);
}

interface Query {
  readonly id: string;
  readonly module: string;
  readonly name: string;
  readonly lowerId: string;
  readonly lowerModule: string;
  readonly lowerName: string;
  /** Words of the lower-case name longer than two characters. */
  readonly words: readonly string[];
}

/** 0 (unrelated) .. ~1.5 (near-identical). */
function similarity(q: Query, candidate: AclResource): number {
  const [cModule, cName = ''] = splitId(candidate.id);
  const moduleSimilarity = 1 - distance(q.lowerModule, cModule.toLowerCase()) / Math.max(q.module.length, cModule.length, 1);
  // Another module's id is only a likely typo when the module names are close (AdobeStockImage/Asset),
  // not merely because the resource part matches (Acme_Sync::export vs Magento_ImportExport::export).
  // Decided first: most of the thousands of candidates end here, before the two other edit distances.
  if (moduleSimilarity < 0.5) return 0;
  const whole = 1 - distance(q.lowerId, candidate.id.toLowerCase()) / Math.max(q.id.length, candidate.id.length);
  const nameSimilarity = 1 - distance(q.lowerName, cName.toLowerCase()) / Math.max(q.name.length, cName.length, 1);
  const title = (candidate.title ?? '').toLowerCase();
  const titleHits = q.words.length ? q.words.filter((w) => title.includes(w)).length / q.words.length : 0;
  const score = 0.5 * whole + 0.25 * nameSimilarity + 0.15 * moduleSimilarity + 0.1 * titleHits + (q.name && q.name === cName ? 0.3 : 0);
  // Below this, candidates share little more than the Magento_ prefix.
  return score >= 0.55 ? score : 0;
}

function splitId(id: string): [string, string?] {
  const i = id.indexOf('::');
  return i < 0 ? [id] : [id.slice(0, i), id.slice(i + 2)];
}
