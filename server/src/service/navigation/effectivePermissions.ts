/**
 * The "effective permissions" report of an integration: the granted part of the ACL tree (listed ids, ids
 * Magento adds, listed ids it drops) and every REST route that unlocks, grouped by resource. Markdown, which
 * the client renders: each id declared in the workspace links to its declaration in acl.xml, each workspace
 * route to its line in webapi.xml (`file:` links with a `#L<line>` fragment, which VS Code's Markdown
 * preview opens at that line).
 */
import { ownerOf } from '../acl/aclModel';
import type { FileKind } from '../files/fileKind';
import { lineOf } from '../positions';
import type { WorkspaceIndex } from '../workspaceIndex';
import { classifyUnknownId } from '../checks/resourceIds';
import type { Route } from '../webapi/routes';
import { grantOf } from './grants';
import { routeLabel } from './hover';

export function effectivePermissions(index: WorkspaceIndex, kind: FileKind, name: string): string {
  const grant = grantOf(index, kind, name);
  const sites = index.integrationsNamed(kind, name);
  const lines = [`# Effective permissions of integration "${name}"`, ''];
  if (!sites.length) return [...lines, `No ${kind === 'api' ? 'api.xml' : 'integration.xml'} in the workspace declares this integration.`].join('\n');
  const declared = sites.map((s) => link(index.relativePath(s.file.uri), s.file.uri, lineOf(s.file, s.integration.element.start)));
  lines.push(`Declared in ${declared.join(', ')}.`, '');
  lines.push(
    kind === 'api'
      ? 'api.xml: Magento grants exactly the listed ids (plus Magento_Backend::admin); a parent that is not listed is denied.'
      : 'integration.xml: Magento grants the listed ids and adds all their ancestors.',
    '',
  );

  lines.push(`## Granted resources (${grant.effective.size})`, '');
  const children = new Map<string | undefined, string[]>();
  for (const id of grant.effective) {
    // Under the nearest granted ancestor, so a child listed without its parent still shows where it lives.
    const key = [...index.acl.ancestors(id)].reverse().find((a) => grant.effective.has(a));
    children.set(key, [...(children.get(key) ?? []), id]);
  }
  const order = (a: string, b: string) => (index.acl.get(a)?.sortOrder ?? 0) - (index.acl.get(b)?.sortOrder ?? 0) || (a < b ? -1 : 1);
  const walk = (parent: string | undefined, depth: number) => {
    for (const id of (children.get(parent) ?? []).sort(order)) {
      const how = grant.added.has(id) ? 'added by Magento' : 'listed';
      lines.push(`${'  '.repeat(depth)}- ${index.acl.get(id)?.title ?? id} — ${idLink(index, id)} (${how})`);
      walk(id, depth + 1);
    }
  };
  walk(undefined, 0);

  const dropped = grant.listed.filter((id) => !grant.effective.has(id));
  if (dropped.length) {
    lines.push('', `## Listed but not granted (${dropped.length})`, '');
    for (const id of dropped) lines.push(`- \`${id}\`: ${index.acl.isDisabled(id) ? 'in a disabled subtree' : classifyUnknownId(index, id)?.reason ?? 'not in the ACL tree'}`);
  }
  if (kind === 'api') {
    const denied = [...new Set(grant.listed.flatMap((id) => index.acl.ancestors(id)).filter((a) => a !== 'Magento_Backend::admin' && !grant.effective.has(a)))];
    if (denied.length) {
      lines.push('', `## Parents denied because they are not listed (${denied.length})`, '');
      for (const id of denied) lines.push(`- ${idLink(index, id)} (${index.acl.get(id)?.title ?? ''})`);
    }
  }

  lines.push('', `## REST routes unlocked (${grant.routes.length})`);
  const byResource = new Map<string, Route[]>();
  for (const route of grant.routes) {
    const key = route.refs.join(', ');
    byResource.set(key, [...(byResource.get(key) ?? []), route]);
  }
  for (const [ref, routes] of [...byResource].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const shown = routes.map((r) => [routeLabel(r), routeEntry(r)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    lines.push('', `### \`${ref}\` (${routes.length})`, '', ...shown.map(([, entry]) => `- ${entry}`));
  }
  return lines.join('\n') + '\n';
}

/** `` `METHOD /V1/url` `` linked to its line in webapi.xml (a bundled route: not linked), and its module. */
function routeEntry(route: Route): string {
  const label = route.bundled || route.line === undefined ? `\`${routeLabel(route)}\`` : link(`\`${routeLabel(route)}\``, route.location, route.line);
  return route.module ? `${label} — ${route.module}` : label;
}

/**
 * The id in code, linked to its owner module's declaration when the workspace holds it (not to the copies
 * that nest other modules' ids under it, as every acl.xml does with Magento_Backend::admin); an id whose
 * owner is bundled is not linked.
 */
function idLink(index: WorkspaceIndex, id: string): string {
  const sites = index.acl.get(id)?.sites ?? [];
  const site = sites.find((s) => s.source.module === ownerOf(id)) ?? sites.find((s) => !s.source.bundled);
  const file = site && !site.source.bundled && site.declaration.idStart >= 0 ? index.get(site.source.key) : undefined;
  return file ? link(`\`${id}\``, file.uri, lineOf(file, site!.declaration.idStart)) : `\`${id}\``;
}

/** A Markdown link to a 0-based line of a file (the `<…>` destination keeps any character of the URI literal). */
function link(text: string, uri: string, line: number): string {
  return `[${text}](<${uri}#L${line + 1}>)`;
}
