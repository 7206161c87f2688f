/** Diagnostics of one document: XML syntax, then the checks of its file kind, as LSP diagnostics. */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticTag, Location, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkAclFile } from '../checks/aclChecks';
import { checkConfigFile } from '../checks/configChecks';
import { checkIntegrationFile } from '../checks/integrationChecks';
import type { Problem } from '../checks/problem';
import { checkWebapiFile } from '../checks/webapiChecks';
import { schemaForKind, validateSchemaSteps } from '../schema/schemaValidation';
import { lineStartsSteps, positionIn } from '../positions';
import type { Steps } from '../steps';
import { LanguageSettings, severityOf } from '../settings';
import { fileKindOf } from '../files/fileKind';
import { IndexedFile, MAX_ANALYSED_LENGTH, WorkspaceIndex } from '../workspaceIndex';

export const SOURCE = 'magento-integration';
/** A broken document yields a cascade of parser errors; the first few say all there is. */
const MAX_SYNTAX_ERRORS = 10;

/** Everything wrong with the file, in steps (see steps.ts). */
export function* problemSteps(index: WorkspaceIndex, file: IndexedFile): Steps<Problem[]> {
  const syntax: Problem[] = file.xml.errors
    .slice(0, MAX_SYNTAX_ERRORS)
    .map((e) => ({ code: 'xml-syntax', start: e.start, end: e.end, message: e.message }));
  const schema = schemaForKind(file.kind);
  if (index.schemas && schema) {
    for (const p of yield* validateSchemaSteps(file.xml, index.schemas, schema)) syntax.push({ code: 'schema', start: p.start, end: p.end, message: p.message });
  }
  switch (file.kind) {
    case 'api':
    case 'integration':
      return [...syntax, ...(yield* checkIntegrationFile(index, file))];
    case 'config':
      return [...syntax, ...checkConfigFile(index, file)];
    case 'acl':
      return [...syntax, ...(yield* checkAclFile(index, file))];
    case 'webapi':
      return [...syntax, ...(yield* checkWebapiFile(index, file))];
    default:
      return syntax;
  }
}

/** The only diagnostic of a Magento file longer than MAX_ANALYSED_LENGTH (which the index leaves out). */
export function tooLargeToAnalyse(document: TextDocument, settings: LanguageSettings): Diagnostic[] {
  const text = document.getText();
  const kind = text.length > MAX_ANALYSED_LENGTH ? fileKindOf(document.uri, text) : undefined;
  const severity = kind && severityOf(settings, 'xml-syntax', kind);
  if (!severity) return [];
  const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;
  const message = `This file is ${mb(text.length)} long: files over ${mb(MAX_ANALYSED_LENGTH)} are not analysed (Magento's own configuration files are under 25 KB), so no other check ran.`;
  return [{ range: Range.create(0, 0, 0, 0), severity, code: 'xml-syntax', source: SOURCE, message }];
}

export function* validationSteps(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, settings: LanguageSettings): Steps<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const problems = yield* problemSteps(index, file);
  const text = document.getText();
  // A large document's line table in steps too (document.positionAt would build its own at once).
  const starts = problems.length ? yield* lineStartsSteps(text) : [0];
  const others = new Map<string, TextDocument>();
  let n = 0;
  for (const problem of problems) {
    if (++n % 256 === 0) yield;
    const severity = severityOf(settings, problem.code, file.kind);
    if (severity === undefined) continue;
    const diagnostic: Diagnostic = {
      range: Range.create(positionIn(text, starts, problem.start), positionIn(text, starts, problem.end)),
      severity,
      code: problem.code,
      source: SOURCE,
      message: problem.message,
    };
    if (problem.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
    if (problem.related?.length) {
      diagnostic.relatedInformation = problem.related.map((r) => {
        let other = r.uri === document.uri ? document : others.get(r.uri);
        if (!other || other.getText() !== r.text) others.set(r.uri, (other = TextDocument.create(r.uri, 'xml', 0, r.text)));
        return DiagnosticRelatedInformation.create(Location.create(r.uri, Range.create(other.positionAt(r.start), other.positionAt(r.end))), r.message);
      });
    }
    out.push(diagnostic);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/**
 * Diagnostics an editor is sent per document: a 10 MB file can have 100,000s, which cost seconds to send and
 * show nothing more. Errors go first, then warnings and so on; the first of them carries the count.
 * (The command-line checker reports every problem.)
 */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

export function limitDiagnostics(diagnostics: Diagnostic[], max = MAX_PUBLISHED_DIAGNOSTICS): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const kept = diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.severity ?? 1) - (b.d.severity ?? 1) || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.d);
  const note = `(${max.toLocaleString('en-US')} of the ${diagnostics.length.toLocaleString('en-US')} problems of this file are shown, the most severe first; magento-integration-check lists them all.)`;
  kept[0] = { ...kept[0], message: `${kept[0].message} ${note}` };
  return kept;
}
