/**
 * Quick-fixes for `missing-parent`: one id (preferred), one integration, and source.fixAll for the file.
 * Fixes are recomputed from the current text rather than trusted from diagnostic data, so a stale or
 * repeated request yields no edit instead of a duplicate insertion.
 */
import { CodeAction, CodeActionContext, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageSettings } from '../settings';
import { severityOf } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
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
  if (file.kind !== 'api' && file.kind !== 'integration') return [];
  if (severityOf(settings, 'missing-parent', file.kind) === undefined) return [];
  const wants = (kind: string) => !context.only || context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const out: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    for (const integration of file.integrations) {
      const problems = findMissingParents(index, file, integration);
      for (const { entry, missing } of problems) {
        const a = entry.nameAttribute;
        if (!a || a.valueStart < 0 || a.valueEnd < start || a.valueStart > end) continue;
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
  }

  if (wants(FIX_ALL_KIND)) {
    const insertions = fixAll(index, file);
    if (insertions.length) {
      out.push({ title: 'Add all missing parent resources', kind: FIX_ALL_KIND, edit: edit(document, insertions) });
    }
  }
  return out;
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

function edit(document: TextDocument, insertions: readonly Insertion[]) {
  const edits = insertions.map((i) => TextEdit.insert(document.positionAt(i.offset), i.text));
  return { changes: { [document.uri]: edits } };
}

function matching(diagnostics: readonly Diagnostic[], document: TextDocument, start: number, end: number): Diagnostic[] {
  return diagnostics.filter(
    (d) => d.code === 'missing-parent' && document.offsetAt(d.range.start) === start && document.offsetAt(d.range.end) === end,
  );
}
