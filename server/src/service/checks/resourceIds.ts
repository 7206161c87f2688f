/**
 * Is a resource id in the ACL tree, and if not, why not and what was probably meant. Shared by the checks of
 * integration files and webapi.xml, and by the did-you-mean quick-fixes.
 */
import { distance } from 'fastest-levenshtein';
import { ownerOf } from '../acl/aclModel';
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

/** Longer values get no suggestion: Magento's longest ACL id has 83 characters. */
export const MAX_SUGGESTED_ID_LENGTH = 200;

/**
 * Up to `limit` known ids the user probably meant, best first: edit distance over the whole id, helped by
 * the same resource part (`actions_view`), a similar module name, and title words in the id.
 */
export function suggestIds(index: WorkspaceIndex, id: string, limit = 3): string[] {
  // Edit distance costs the product of the lengths, for every known id: a 1 M-character value cost seconds.
  if (id.length > MAX_SUGGESTED_ID_LENGTH) return [];
  const candidates = candidatesOf(index);
  const key = `${limit}\0${id}`;
  const cached = candidates.suggestions.get(key);
  if (cached) return cached;
  const [module, name = ''] = splitId(id);
  // What depends on the query only, computed once rather than once per known id.
  const query: Query = { id, module, name, lowerId: id.toLowerCase(), lowerModule: module.toLowerCase(), lowerName: name.toLowerCase(), words: name.toLowerCase().split(/[_\W]+/).filter((w) => w.length > 2) };
  const scored: Array<{ id: string; score: number }> = [];
  for (const group of candidates.modules) {
    // Another module's id is only a likely typo when the module names are close (AdobeStockImage/Asset),
    // not merely because the resource part matches (Acme_Sync::export vs Magento_ImportExport::export).
    // Decided once per module: most of the thousands of candidates end here.
    const moduleSimilarity = 1 - distance(query.lowerModule, group.lowerModule) / Math.max(query.module.length, group.module.length, 1);
    if (moduleSimilarity < 0.5) continue;
    for (const candidate of group.ids) {
      const score = similarity(query, candidate, moduleSimilarity);
      if (score > 0) scored.push({ id: candidate.id, score });
    }
  }
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const best = scored.slice(0, limit).map((s) => s.id);
  // The same unknown id is asked about on every keystroke and in every file: remember it until the tree changes.
  if (candidates.suggestions.size < 10_000) candidates.suggestions.set(key, best);
  return best;
}

interface Candidate {
  readonly id: string;
  readonly lowerId: string;
  readonly name: string;
  readonly lowerName: string;
  readonly lowerTitle: string;
}

interface ModuleCandidates {
  readonly module: string;
  readonly lowerModule: string;
  readonly ids: Candidate[];
}

interface Candidates {
  readonly version: number;
  readonly modules: readonly ModuleCandidates[];
  readonly suggestions: Map<string, string[]>;
}

const candidatesByIndex = new WeakMap<WorkspaceIndex, Candidates>();

/** The known ids grouped by module, with their lower-case forms, rebuilt when the ACL tree changes. */
function candidatesOf(index: WorkspaceIndex): Candidates {
  const cached = candidatesByIndex.get(index);
  if (cached && cached.version === index.acl.version) return cached;
  const byModule = new Map<string, ModuleCandidates>();
  for (const resource of index.acl.all()) {
    const [module, name = ''] = splitId(resource.id);
    let group = byModule.get(module);
    if (!group) byModule.set(module, (group = { module, lowerModule: module.toLowerCase(), ids: [] }));
    group.ids.push({ id: resource.id, lowerId: resource.id.toLowerCase(), name, lowerName: name.toLowerCase(), lowerTitle: (resource.title ?? '').toLowerCase() });
  }
  const built: Candidates = { version: index.acl.version, modules: [...byModule.values()], suggestions: new Map() };
  candidatesByIndex.set(index, built);
  return built;
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
function similarity(q: Query, candidate: Candidate, moduleSimilarity: number): number {
  const whole = 1 - distance(q.lowerId, candidate.lowerId) / Math.max(q.id.length, candidate.id.length);
  const nameSimilarity = 1 - distance(q.lowerName, candidate.lowerName) / Math.max(q.name.length, candidate.name.length, 1);
  const titleHits = q.words.length ? q.words.filter((w) => candidate.lowerTitle.includes(w)).length / q.words.length : 0;
  const score = 0.5 * whole + 0.25 * nameSimilarity + 0.15 * moduleSimilarity + 0.1 * titleHits + (q.name && q.name === candidate.name ? 0.3 : 0);
  // Below this, candidates share little more than the Magento_ prefix.
  return score >= 0.55 ? score : 0;
}

function splitId(id: string): [string, string?] {
  const i = id.indexOf('::');
  return i < 0 ? [id] : [id.slice(0, i), id.slice(i + 2)];
}
