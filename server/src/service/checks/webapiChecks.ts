/** Checks of etc/webapi.xml: every `<resource ref>` must name a declared ACL id (or self/anonymous). */
import type { Steps } from '../steps';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import type { Problem } from './problem';
import { classifyUnknownId, suggestIds } from './resourceIds';

export const SPECIAL_REFS = new Set(['self', 'anonymous']);
const FALLBACK = 'Magento falls back to a root-only check, so the route answers 401 for everybody but full-access users.';

/** Yields every 64 routes (see steps.ts). */
export function* checkWebapiFile(index: WorkspaceIndex, file: IndexedFile): Steps<Problem[]> {
  const out: Problem[] = [];
  let n = 0;
  for (const route of file.routes) {
    if (++n % 64 === 0) yield;
    for (const { ref, start, end } of route.refs) {
      const id = ref.trim();
      if (!id || SPECIAL_REFS.has(id) || start < 0) continue;
      if (id.includes(',')) {
        out.push({
          code: 'unknown-resource',
          start,
          end,
          message: `Magento reads "${id}" as one resource id, not a list, and no acl.xml declares it: ${FALLBACK} Give each id its own <resource ref="…"/> (all of them are then required).`,
        });
        continue;
      }
      const unknown = classifyUnknownId(index, id);
      if (!unknown) continue;
      const [best] = unknown.code === 'unverifiable-resource' ? [] : suggestIds(index, id, 1);
      yield; // each suggestion compares with every known id
      out.push({ code: unknown.code, start, end, message: `${unknown.reason}${best ? ` Did you mean ${best}?` : ''} If no acl.xml declares it, ${FALLBACK.charAt(0).toLowerCase()}${FALLBACK.slice(1)}` });
    }
  }
  return out;
}
