/**
 * The "effective permissions" report of an integration: the granted part of the ACL tree (listed ids, ids
 * Magento adds, listed ids it drops) and every REST route that unlocks, grouped by resource. Markdown, shown
 * by the client as a read-only virtual document.
 */
import { displayPath, FileKind } from '../files/fileKind';
import type { WorkspaceIndex } from '../workspaceIndex';
import { classifyUnknownId } from '../checks/resourceIds';
import { grantOf } from './grants';
import { routeLabel } from './hover';

export function effectivePermissions(index: WorkspaceIndex, kind: FileKind, name: string): string {
  const grant = grantOf(index, kind, name);
  const sites = index.integrationsNamed(kind, name);
  const lines = [`# Effective permissions of integration "${name}"`, ''];
  if (!sites.length) return [...lines, `No ${kind === 'api' ? 'api.xml' : 'integration.xml'} in the workspace declares this integration.`].join('\n');
  lines.push(`Declared in ${sites.map((s) => displayPath(s.file.uri)).join(', ')}.`, '');
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
      lines.push(`${'  '.repeat(depth)}- ${index.acl.get(id)?.title ?? id} — \`${id}\` (${how})`);
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
      for (const id of denied) lines.push(`- \`${id}\` (${index.acl.get(id)?.title ?? ''})`);
    }
  }

  lines.push('', `## REST routes unlocked (${grant.routes.length})`);
  const byResource = new Map<string, string[]>();
  for (const route of grant.routes) {
    const key = route.refs.join(', ');
    byResource.set(key, [...(byResource.get(key) ?? []), routeLabel(route)]);
  }
  for (const [ref, routes] of [...byResource].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    lines.push('', `### \`${ref}\` (${routes.length})`, '', ...routes.sort().map((r) => `- \`${r}\``));
  }
  return lines.join('\n') + '\n';
}
