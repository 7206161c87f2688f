/**
 * Code actions: the missing-parent fixes (one id, preferred; one integration; source.fixAll for the file)
 * and the other quick-fixes of fixes.ts, each offered where its diagnostic is and only while that code is
 * not switched off. Fixes are recomputed from the current text rather than trusted from diagnostic data,
 * so a stale or repeated request yields no edit instead of a duplicate one.
 */
import {
  CodeAction,
  CodeActionContext,
  CodeActionKind,
  CreateFile,
  Diagnostic,
  OptionalVersionedTextDocumentIdentifier,
  Range,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticCode, LanguageSettings } from '../settings';
import { severityOf } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import type { OffsetEdit } from './editing';
import { didYouMeanFixes, Fix, missingEntryFixes, removalFixes, reorderFixes } from './fixes';
import { findMissingParents, fixIntegration, Insertion, insertResourcesBefore, listedIds, styleModel } from './missingParents';
import { SOURCE } from './validation';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

export function codeActions(
  index: WorkspaceIndex,
  document: TextDocument,
  file: IndexedFile,
  range: Range,
  context: CodeActionContext,
  settings: LanguageSettings,
): CodeAction[] {
  const wants = (kind: string) => !context.only || context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const on = (code: DiagnosticCode) => severityOf(settings, code, file.kind) !== undefined;
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  const touches = (s: number, e: number) => e >= start && s <= end;
  const out: CodeAction[] = [];
  const parentsOn = (file.kind === 'api' || file.kind === 'integration') && on('missing-parent');

  if (wants(CodeActionKind.QuickFix)) {
    if (parentsOn) out.push(...missingParentActions(index, document, file, context, touches));
    const fixes = [...didYouMeanFixes(index, file), ...removalFixes(file), ...missingEntryFixes(index, file), ...reorderFixes(file)];
    for (const fix of fixes) {
      if (!touches(fix.start, fix.end) || !on(fix.code as DiagnosticCode)) continue;
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred,
        diagnostics: context.diagnostics.filter((d) => d.code === fix.code && touches(document.offsetAt(d.range.start), document.offsetAt(d.range.end))),
        edit: workspaceEdit(document, fix),
      });
    }
  }

  if (parentsOn && wants(FIX_ALL_KIND)) {
    const insertions = fixAll(index, file);
    if (insertions.length) out.push({ title: 'Add all missing parent resources', kind: FIX_ALL_KIND, edit: edit(document, insertions) });
  }
  return out;
}

function missingParentActions(
  index: WorkspaceIndex,
  document: TextDocument,
  file: IndexedFile,
  context: CodeActionContext,
  touches: (start: number, end: number) => boolean,
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const integration of file.integrations) {
    const problems = findMissingParents(index, file, integration);
    for (const { entry, missing } of problems) {
      const a = entry.nameAttribute;
      if (!a || a.valueStart < 0 || !touches(a.valueStart, a.valueEnd)) continue;
      const insertion = insertResourcesBefore(file.text, entry.element, missing, styleModel(file.integrations, entry));
      out.push({
        title: `Add missing parent resources of ${entry.id}`,
        kind: CodeActionKind.QuickFix,
        isPreferred: true,
        diagnostics: matching(context.diagnostics, document, a.valueStart, a.valueEnd),
        edit: edit(document, [insertion]),
      });
      if (problems.length > 1) {
        out.push({
          title: `Add all missing parent resources in integration "${integration.name}"`,
          kind: CodeActionKind.QuickFix,
          diagnostics: context.diagnostics.filter((d) => d.code === 'missing-parent'),
          edit: edit(document, fixIntegration(index, file, integration)),
        });
      }
    }
  }
  return out;
}

/**
 * Missing parents, duplicate entries and Magento_Backend::admin, fixed at once (codes switched off are left
 * alone). The edits never overlap: insertions go before an id's first entry, removals take later entries
 * and the root's entry, which never needs parents.
 */
export function safeFixes(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, settings: LanguageSettings): TextEdit[] {
  if (file.kind !== 'api' && file.kind !== 'integration') return [];
  const on = (code: DiagnosticCode) => severityOf(settings, code, file.kind) !== undefined;
  const insertions = on('missing-parent') ? fixAll(index, file).map((i) => ({ start: i.offset, end: i.offset, newText: i.text })) : [];
  const removals = removalFixes(file).filter((f) => on(f.code as DiagnosticCode)).flatMap((f) => f.edits ?? []);
  return textEdits(document, [...insertions, ...removals].sort((a, b) => a.start - b.start));
}

/** Every insertion that leaves no `missing-parent` in the file. */
export function fixAll(index: WorkspaceIndex, file: IndexedFile): Insertion[] {
  const addedByName = new Map<string, Set<string>>();
  return file.integrations.flatMap((integration) => {
    let added = addedByName.get(integration.name);
    if (!added) addedByName.set(integration.name, (added = listedIds(index, file, integration)));
    return fixIntegration(index, file, integration, added);
  });
}

function edit(document: TextDocument, insertions: readonly Insertion[]): WorkspaceEdit {
  return { changes: { [document.uri]: insertions.map((i) => TextEdit.insert(document.positionAt(i.offset), i.text)) } };
}

function textEdits(document: TextDocument, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((e) => TextEdit.replace(Range.create(document.positionAt(e.start), document.positionAt(e.end)), e.newText));
}

function workspaceEdit(document: TextDocument, fix: Fix): WorkspaceEdit {
  if (fix.edits) return { changes: { [document.uri]: textEdits(document, fix.edits) } };
  const other = fix.otherFile!;
  if ('create' in other) {
    // Never into a file that exists after all (one the index does not hold): the client refuses the whole
    // edit rather than put a second XML document in front of the one there.
    return {
      documentChanges: [
        CreateFile.create(other.create, { overwrite: false, ignoreIfExists: false }),
        TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(other.create, null), [TextEdit.insert({ line: 0, character: 0 }, other.content)]),
      ],
    };
  }
  return { changes: { [other.uri]: textEdits(TextDocument.create(other.uri, 'xml', 0, other.text), other.edits) } };
}

function matching(diagnostics: readonly Diagnostic[], document: TextDocument, start: number, end: number): Diagnostic[] {
  return diagnostics.filter(
    (d) => d.code === 'missing-parent' && document.offsetAt(d.range.start) === start && document.offsetAt(d.range.end) === end,
  );
}
