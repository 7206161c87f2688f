/**
 * Hover on an ACL id (in every file kind) and on an integration name: what the id is, where it comes from,
 * its status, and the REST routes it opens; for an integration, what it lists, gets and unlocks.
 */
import { Hover, MarkupKind, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lineOf } from '../positions';
import { classifyUnknownId } from '../checks/resourceIds';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { routesRequiring, Route } from '../webapi/routes';
import { grantOf } from './grants';
import { idAt, integrationNameAt } from './idOccurrences';

const SHOWN_ROUTES = 10;

const SPECIAL: Record<string, string> = {
  self: '**self** — not an ACL id: the route is open to a logged-in customer acting on their own data (customer token). Integrations do not need it.',
  anonymous: '**anonymous** — not an ACL id: the route is open to everybody, without any token.',
};

export function hover(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, offset: number): Hover | null {
  const occurrence = idAt(file, offset);
  if (occurrence) {
    const range = Range.create(document.positionAt(occurrence.start), document.positionAt(occurrence.end));
    const special = occurrence.role === 'route' ? SPECIAL[occurrence.id] : undefined;
    return { range, contents: { kind: MarkupKind.Markdown, value: special ?? describeId(index, occurrence.id) } };
  }
  const integration = (file.kind === 'api' || file.kind === 'integration') && integrationNameAt(file, offset);
  if (integration) {
    const a = integration.element.attributes.find((x) => x.name === 'name')!;
    const grant = grantOf(index, file.kind, integration.name);
    const files = index.integrationsNamed(file.kind, integration.name).length;
    const lines = [
      `**Integration "${integration.name}"**`,
      '',
      `Lists ${grant.listed.length} resource${grant.listed.length === 1 ? '' : 's'}${files > 1 ? ` across ${files} files` : ''}; effectively gets ${grant.effective.size} (with ${[...grant.added].length ? [...grant.added].length + ' added by Magento, ' : ''}Magento_Backend::admin included), which unlocks ${grant.routes.length} REST route${grant.routes.length === 1 ? '' : 's'}.`,
    ];
    return { range: Range.create(document.positionAt(a.valueStart), document.positionAt(a.valueEnd)), contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
  }
  return null;
}

export function describeId(index: WorkspaceIndex, id: string): string {
  const resource = index.acl.get(id);
  const lines: string[] = [];
  if (!resource) {
    const unknown = classifyUnknownId(index, id);
    lines.push(`**${id}**`, '', unknown ? `⚠ ${unknown.reason}` : '');
  } else {
    const path = [...index.acl.ancestors(id), id].map((a) => index.acl.get(a)?.title ?? a);
    lines.push(`**${id}** — ${resource.title ?? '(no title)'}`, '', path.join(' › '), '', `Module: \`${resource.owner}\``, '');
    const catalog = index.catalog;
    const where = resource.sites.map((s) => {
      if (s.source.bundled) return `${catalog ? `${catalog.product} ${catalog.release}` : 'bundled catalog'} (bundled), ${s.source.location}`;
      const file = index.get(s.source.key);
      const line = file && s.declaration.idStart >= 0 ? `:${lineOf(file, s.declaration.idStart) + 1}` : '';
      return `${index.relativePath(s.source.location)}${line}`;
    });
    lines.push(`Declared in ${where.slice(0, 3).join('; ')}${where.length > 3 ? ` and ${where.length - 3} more` : ''}`);
    if (index.acl.isDisabled(id)) lines.push('', '⚠ Disabled: an acl.xml sets disabled="true" on it or an ancestor, so Magento never grants it.');
    if (resource.parents.length > 1) lines.push('', `⚠ Declared under different parents (${resource.parents.map((p) => p ?? 'none').join(', ')}): Magento throws when it builds the ACL.`);
  }
  const routes = routesRequiring(index, id);
  lines.push('', routes.length ? `Required by ${routes.length} REST route${routes.length === 1 ? '' : 's'}:` : 'No REST route requires it.');
  for (const r of routes.slice(0, SHOWN_ROUTES)) lines.push(`- \`${routeLabel(r)}\``);
  if (routes.length > SHOWN_ROUTES) lines.push(`- … and ${routes.length - SHOWN_ROUTES} more`);
  return lines.join('\n');
}

export function routeLabel(r: Route): string {
  return `${r.method} ${r.url}`;
}
