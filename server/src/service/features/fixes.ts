/**
 * Quick-fixes beyond missing parents: did-you-mean replacements, removing duplicate and redundant entries,
 * creating the missing config.xml/api.xml entry of an integration, and putting config.xml children in
 * schema order. Each returns the edits per document URI, computed from the current texts.
 */
import { ROOT_ID } from '../acl/aclModel';
import { nameRange, valueRange } from '../checks/integrationChecks';
import { classifyUnknownId, suggestIds } from '../checks/resourceIds';
import { SPECIAL_REFS } from '../checks/webapiChecks';
import { moduleRootOf, IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { lineEnding } from '../xml/xmlDocument';
import { indentationAt, indentUnit, OffsetEdit, removeElement } from './editing';

export interface Fix {
  readonly title: string;
  readonly preferred?: boolean;
  /** The diagnostic code the fix answers, and the offsets of the range it is reported on. */
  readonly code: string;
  readonly start: number;
  readonly end: number;
  /** Edits of the analysed document. */
  readonly edits?: readonly OffsetEdit[];
  /** Or: edits of another file of the module (by URI), or a new file to create there. */
  readonly otherFile?: { readonly uri: string; readonly text: string; readonly edits: readonly OffsetEdit[] } | { readonly create: string; readonly content: string };
}

/** "Replace with X" for an unknown or removed id, up to three, best first. */
export function didYouMeanFixes(index: WorkspaceIndex, file: IndexedFile): Fix[] {
  const values: Array<{ id: string; start: number; end: number }> = [];
  if (file.kind === 'webapi') {
    for (const route of file.routes) for (const r of route.refs) if (!SPECIAL_REFS.has(r.ref.trim()) && r.start >= 0) values.push({ id: r.ref.trim(), start: r.start, end: r.end });
  } else {
    for (const i of file.integrations) for (const r of i.resources) if (r.id) values.push({ id: r.id, ...range(valueRange(r)) });
  }
  const out: Fix[] = [];
  for (const v of values) {
    const unknown = classifyUnknownId(index, v.id);
    if (!unknown || unknown.code === 'unverifiable-resource') continue;
    suggestIds(index, v.id).forEach((suggestion, i) =>
      out.push({ title: `Replace with ${suggestion}`, preferred: i === 0, code: unknown.code, start: v.start, end: v.end, edits: [{ start: v.start, end: v.end, newText: suggestion }] }),
    );
  }
  return out;
}

/** Removes the second and later entries of an id, and Magento_Backend::admin (Magento adds it itself). */
export function removalFixes(file: IndexedFile): Fix[] {
  const out: Fix[] = [];
  for (const integration of file.integrations) {
    const seen = new Set<string>();
    for (const entry of integration.resources) {
      if (!entry.id) continue;
      const [start, end] = valueRange(entry);
      if (seen.has(entry.id)) {
        out.push({ title: `Remove duplicate ${entry.id}`, preferred: true, code: 'duplicate-resource', start, end, edits: [removeElement(file.text, entry.element)] });
      } else if (entry.id === ROOT_ID) {
        out.push({ title: `Remove ${ROOT_ID} (Magento adds it)`, preferred: true, code: 'redundant-root', start, end, edits: [removeElement(file.text, entry.element)] });
      }
      seen.add(entry.id);
    }
  }
  return out;
}

const CONFIG_ORDER = ['email', 'endpoint_url', 'identity_link_url'];

/** config.xml: children of an integration out of the order config.xsd's sequence requires. */
export function reorderFixes(file: IndexedFile): Fix[] {
  if (file.kind !== 'config') return [];
  const out: Fix[] = [];
  for (const integration of file.integrations) {
    const children = integration.element.children;
    if (children.length < 2 || children.some((c) => !CONFIG_ORDER.includes(c.name))) continue;
    const sorted = [...children].sort((a, b) => CONFIG_ORDER.indexOf(a.name) - CONFIG_ORDER.indexOf(b.name));
    if (sorted.every((c, i) => c === children[i])) continue;
    // Each element takes the slot of the one it replaces; whitespace and comments between slots stay put.
    let newText = '';
    children.forEach((slot, i) => {
      newText += file.text.slice(sorted[i].start, sorted[i].end);
      if (i + 1 < children.length) newText += file.text.slice(slot.end, children[i + 1].start);
    });
    const start = children[0].start;
    const end = children[children.length - 1].end;
    out.push({
      title: `Put the children of integration "${integration.name}" in schema order (${CONFIG_ORDER.join(', ')})`,
      preferred: true,
      code: 'schema',
      start: integration.element.start,
      end: integration.element.end,
      edits: [{ start, end, newText }],
    });
  }
  return out;
}

/** Creates the config.xml entry an api.xml integration lacks, or the api.xml entry a config.xml one lacks. */
export function missingEntryFixes(index: WorkspaceIndex, file: IndexedFile): Fix[] {
  const root = moduleRootOf(file.uri);
  if (root === undefined || (file.kind !== 'api' && file.kind !== 'config')) return [];
  const siblings = index.moduleFiles(file.uri);
  const out: Fix[] = [];
  for (const integration of file.integrations) {
    if (!integration.name) continue;
    const [start, end] = nameRange(integration);
    if (file.kind === 'api') {
      if (siblings.some((f) => (f.kind === 'config' || f.kind === 'integration') && f.integrations.some((i) => i.name === integration.name))) continue;
      const target = siblings.find((f) => f.kind === 'config');
      const body = (indent: string, unit: string, eol: string) =>
        `${indent}<integration name="${escape(integration.name)}">${eol}${indent}${unit}<email>integration@example.com</email>${eol}${indent}${unit}<endpoint_url>https://example.com/magento/activate</endpoint_url>${eol}${indent}</integration>${eol}`;
      out.push({ title: `Create the config.xml entry of integration "${integration.name}"`, code: 'integration-without-config', start, end, otherFile: appendTo(file, target, `${root}/etc/integration/config.xml`, 'integrations', 'config.xsd', body) });
    } else {
      if (siblings.some((f) => (f.kind === 'api' || f.kind === 'integration') && f.integrations.some((i) => i.name === integration.name))) continue;
      const target = siblings.find((f) => f.kind === 'api');
      const body = (indent: string, unit: string, eol: string) =>
        `${indent}<integration name="${escape(integration.name)}">${eol}${indent}${unit}<resources>${eol}${indent}${unit}${unit}<resource name=""/>${eol}${indent}${unit}</resources>${eol}${indent}</integration>${eol}`;
      out.push({ title: `Create the api.xml entry of integration "${integration.name}"`, code: 'integration-without-resources', start, end, otherFile: appendTo(file, target, `${root}/etc/integration/api.xml`, 'integrations', 'api.xsd', body) });
    }
  }
  return out;
}

/** Appends an `<integration>` before the closing tag of `target`'s root, in its style; or a new file. */
function appendTo(
  source: IndexedFile,
  target: IndexedFile | undefined,
  newUri: string,
  rootName: string,
  xsd: string,
  body: (indent: string, unit: string, eol: string) => string,
): Fix['otherFile'] {
  if (target?.xml.root && target.xml.root.name === rootName) {
    const rootElement = target.xml.root;
    const text = target.text;
    const eol = lineEnding(text);
    const unit = indentUnit(text, rootElement);
    const closing = text.lastIndexOf(`</${rootName}`, rootElement.end);
    if (closing > rootElement.start) {
      const indent = indentationAt(text, rootElement.start) + unit;
      const before = text.slice(0, closing);
      const lineIsBlank = /(^|\n)[ \t]*$/.test(before);
      const at = lineIsBlank ? closing - (/[ \t]*$/.exec(before)?.[0].length ?? 0) : closing;
      return { uri: target.uri, text, edits: [{ start: at, end: at, newText: (lineIsBlank ? '' : eol) + body(indent, unit, eol) }] };
    }
  }
  const eol = lineEnding(source.text);
  const unit = indentUnit(source.text, source.xml.root);
  const content = `<?xml version="1.0"?>${eol}<${rootName} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/${xsd}">${eol}${body(unit, unit, eol)}</${rootName}>${eol}`;
  return { create: newUri, content };
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function range([start, end]: [number, number]): { start: number; end: number } {
  return { start, end };
}
