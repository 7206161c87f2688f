/** Go to definition, find references and rename of ACL ids, across acl.xml, webapi.xml and integration files. */
import { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { IdOccurrence, idAt, isSpecialRef, occurrencesOf } from './idOccurrences';

/** Valid ACL id, as acl.xsd requires it. */
const ACL_ID = /^([A-Z]+[a-zA-Z0-9]{1,}){1,}_[A-Z]+[A-Z0-9a-z]{1,}::[A-Za-z_0-9]{1,}$/;

/** One TextDocument (line table) per indexed file version, not one per occurrence: thousands of ids stay linear. */
const documents = new WeakMap<IndexedFile, TextDocument>();

function location(o: IdOccurrence): Location {
  let doc = documents.get(o.file);
  if (!doc) documents.set(o.file, (doc = TextDocument.create(o.file.uri, 'xml', 0, o.file.text)));
  return Location.create(o.file.uri, Range.create(doc.positionAt(o.start), doc.positionAt(o.end)));
}

/** Every acl.xml declaration of the id under the cursor, the owner module's first. */
export function definition(index: WorkspaceIndex, file: IndexedFile, offset: number): Location[] {
  const at = idAt(file, offset);
  if (!at || isSpecialRef(at)) return [];
  const resource = index.acl.get(at.id);
  const declarations = occurrencesOf(index, at.id).filter((o) => o.role === 'declaration');
  if (!resource) return declarations.map(location);
  // resource.sites is owner-first; keep that order for the workspace files among them.
  const order = resource.sites.map((s) => s.source.key);
  return declarations.sort((a, b) => order.indexOf(a.file.uri) - order.indexOf(b.file.uri)).map(location);
}

export function references(index: WorkspaceIndex, file: IndexedFile, offset: number, includeDeclaration: boolean): Location[] {
  const at = idAt(file, offset);
  if (!at || isSpecialRef(at)) return [];
  return occurrencesOf(index, at.id).filter((o) => includeDeclaration || o.role !== 'declaration').map(location);
}

export type RenameCheck = { id: string; start: number; end: number } | { error: string };

/** Whether the id under the cursor can be renamed: only ids the workspace itself declares, outside vendor/. */
export function prepareRename(index: WorkspaceIndex, file: IndexedFile, offset: number): RenameCheck | undefined {
  const at = idAt(file, offset);
  if (!at) return undefined;
  if (isSpecialRef(at)) return { error: `${at.id} is a special web API ref, not an ACL id.` };
  const resource = index.acl.get(at.id);
  if (!resource) return { error: `${at.id} is declared by no acl.xml, so there is nothing to rename consistently.` };
  const workspaceSites = resource.sites.filter((s) => !s.source.bundled);
  if (!workspaceSites.length) return { error: `${at.id} is declared only in the bundled Magento catalog: it belongs to Magento and cannot be renamed here.` };
  const vendored = workspaceSites.find((s) => /\/vendor\//.test(s.source.key));
  if (vendored) return { error: `${at.id} is declared in an installed package (${vendored.source.key.slice(vendored.source.key.indexOf('/vendor/') + 1)}): renaming it would edit vendor/.` };
  return { id: at.id, start: at.start, end: at.end };
}

export function rename(index: WorkspaceIndex, file: IndexedFile, offset: number, newName: string): WorkspaceEdit | { error: string } {
  const check = prepareRename(index, file, offset);
  if (!check) return { error: 'No ACL id here.' };
  if ('error' in check) return check;
  if (!ACL_ID.test(newName)) return { error: `"${newName}" is not a valid ACL id (Vendor_Module::resource, as acl.xsd requires).` };
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrencesOf(index, check.id)) {
    const loc = location(o);
    (changes[o.file.uri] ??= []).push(TextEdit.replace(loc.range, newName));
  }
  return { changes };
}
