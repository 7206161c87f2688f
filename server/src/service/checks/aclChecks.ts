/** Checks of etc/acl.xml that need the merged tree: conflicting parents and ids titled nowhere. */
import { displayPath } from '../files/fileKind';
import type { Steps } from '../steps';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import type { Problem, RelatedPlace } from './problem';

/** Yields every 64 declarations (see steps.ts). */
export function* checkAclFile(index: WorkspaceIndex, file: IndexedFile): Steps<Problem[]> {
  const out: Problem[] = [];
  let n = 0;
  for (const declaration of file.acl) {
    if (++n % 64 === 0) yield;
    const resource = index.acl.get(declaration.id);
    if (!resource || declaration.idStart < 0) continue;
    const start = declaration.idStart;
    const end = declaration.idEnd;
    if (resource.parents.length > 1) {
      const elsewhere = resource.sites.filter((s) => s.declaration.parentId !== declaration.parentId);
      const related: RelatedPlace[] = elsewhere.flatMap((s) => {
        const other = index.get(s.source.key);
        if (!other || s.declaration.idStart < 0) return [];
        return [{ uri: other.uri, text: other.text, start: s.declaration.idStart, end: s.declaration.idEnd, message: `${declaration.id} declared under ${s.declaration.parentId ?? 'no parent'}` }];
      });
      const where = [...new Set(elsewhere.map((s) => describe(s.source.bundled, s.source.location)))].join(', ');
      out.push({
        code: 'acl-conflicting-parent',
        start,
        end,
        message: `${declaration.id} is declared under ${declaration.parentId ?? 'no parent'} here but under ${[...new Set(elsewhere.map((s) => s.declaration.parentId ?? 'no parent'))].join(', ')} in ${where}: Magento throws "Resource id '${declaration.id}' already exists" when it builds the ACL.`,
        related,
      });
    }
    // Only judged when the owner module's own acl.xml is here: that is where the title normally is.
    if (resource.title === undefined && index.acl.hasFileOfModule(resource.owner)) {
      out.push({ code: 'acl-missing-title', start, end, message: `${declaration.id} has a title in no acl.xml: the admin role editor shows it without a name. Add title="…" where its module declares it.` });
    }
  }
  return out;
}

function describe(bundled: boolean, location: string): string {
  return bundled ? `${location} (bundled catalog)` : displayPath(location);
}
