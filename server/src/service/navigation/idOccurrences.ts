/**
 * Where ACL ids occur in the workspace: declared in acl.xml (`resource@id`), granted in integration files
 * (`resource@name`), required by webapi.xml routes (`resource@ref`). The shared ground of hover, definition,
 * references, rename and code lens.
 */
import { valueRange } from '../checks/integrationChecks';
import { SPECIAL_REFS } from '../checks/webapiChecks';
import type { IntegrationEntry } from '../files/integrationFile';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';

export type IdRole = 'declaration' | 'grant' | 'route';

export interface IdOccurrence {
  readonly file: IndexedFile;
  readonly id: string;
  /** Offsets of the id (the attribute value, trimmed). */
  readonly start: number;
  readonly end: number;
  readonly role: IdRole;
}

/** Every id occurrence of one file, in document order. */
export function occurrencesIn(file: IndexedFile): IdOccurrence[] {
  const out: IdOccurrence[] = [];
  const push = (raw: string, start: number, end: number, role: IdRole) => {
    const id = raw.trim();
    if (!id || start < 0) return;
    const lead = raw.length - raw.trimStart().length;
    out.push({ file, id, start: start + lead, end: start + lead + id.length, role });
  };
  if (file.kind === 'acl') for (const d of file.acl) push(file.text.slice(d.idStart, d.idEnd), d.idStart, d.idEnd, 'declaration');
  if (file.kind === 'api' || file.kind === 'integration') {
    for (const i of file.integrations) for (const r of i.resources) {
      const [start, end] = valueRange(r);
      if (r.nameAttribute?.value !== undefined) push(r.nameAttribute.value, start, end, 'grant');
    }
  }
  if (file.kind === 'webapi') for (const route of file.routes) for (const r of route.refs) push(r.ref, r.start, r.end, 'route');
  return out.sort((a, b) => a.start - b.start);
}

/** The id occurrence under the cursor (including self/anonymous refs, which callers treat specially). */
export function idAt(file: IndexedFile, offset: number): IdOccurrence | undefined {
  return occurrencesIn(file).find((o) => offset >= o.start && offset <= o.end);
}

/** Every occurrence of `id` in the indexed workspace files, declarations first. */
export function occurrencesOf(index: WorkspaceIndex, id: string): IdOccurrence[] {
  const out: IdOccurrence[] = [];
  for (const file of index.allFiles()) for (const o of occurrencesIn(file)) if (o.id === id) out.push(o);
  const rank: Record<IdRole, number> = { declaration: 0, grant: 1, route: 2 };
  return out.sort((a, b) => rank[a.role] - rank[b.role] || (a.file.uri < b.file.uri ? -1 : a.file.uri > b.file.uri ? 1 : a.start - b.start));
}

/** The integration whose `name` value is under the cursor. */
export function integrationNameAt(file: IndexedFile, offset: number): IntegrationEntry | undefined {
  return file.integrations.find((i) => {
    const a = i.element.attributes.find((x) => x.name === 'name');
    return a !== undefined && a.valueStart >= 0 && offset >= a.valueStart && offset <= a.valueEnd;
  });
}

export function isSpecialRef(o: IdOccurrence): boolean {
  return o.role === 'route' && SPECIAL_REFS.has(o.id);
}
