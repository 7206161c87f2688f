/** Diagnostics of one document: XML syntax, then the checks of its file kind, as LSP diagnostics. */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticTag, Location, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkAclFile } from '../checks/aclChecks';
import { checkConfigFile } from '../checks/configChecks';
import { checkIntegrationFile } from '../checks/integrationChecks';
import type { Problem } from '../checks/problem';
import { checkWebapiFile } from '../checks/webapiChecks';
import { schemaForKind, validateSchema } from '../schema/schemaValidation';
import { LanguageSettings, severityOf } from '../settings';
import { fileKindOf } from '../files/fileKind';
import { IndexedFile, MAX_ANALYSED_LENGTH, WorkspaceIndex } from '../workspaceIndex';

export const SOURCE = 'magento-integration';
/** A broken document yields a cascade of parser errors; the first few say all there is. */
const MAX_SYNTAX_ERRORS = 10;

export function problemsOf(index: WorkspaceIndex, file: IndexedFile): Problem[] {
  const syntax: Problem[] = file.xml.errors
    .slice(0, MAX_SYNTAX_ERRORS)
    .map((e) => ({ code: 'xml-syntax', start: e.start, end: e.end, message: e.message }));
  const schema = schemaForKind(file.kind);
  if (index.schemas && schema) {
    for (const p of validateSchema(file.xml, index.schemas, schema)) syntax.push({ code: 'schema', start: p.start, end: p.end, message: p.message });
  }
  switch (file.kind) {
    case 'api':
    case 'integration':
      return [...syntax, ...checkIntegrationFile(index, file)];
    case 'config':
      return [...syntax, ...checkConfigFile(index, file)];
    case 'acl':
      return [...syntax, ...checkAclFile(index, file)];
    case 'webapi':
      return [...syntax, ...checkWebapiFile(index, file)];
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

export function validate(index: WorkspaceIndex, document: TextDocument, file: IndexedFile, settings: LanguageSettings): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const problem of problemsOf(index, file)) {
    const severity = severityOf(settings, problem.code, file.kind);
    if (severity === undefined) continue;
    const diagnostic: Diagnostic = {
      range: Range.create(document.positionAt(problem.start), document.positionAt(problem.end)),
      severity,
      code: problem.code,
      source: SOURCE,
      message: problem.message,
    };
    if (problem.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
    if (problem.related?.length) {
      diagnostic.relatedInformation = problem.related.map((r) => {
        const other = r.uri === document.uri ? document : TextDocument.create(r.uri, 'xml', 0, r.text);
        return DiagnosticRelatedInformation.create(Location.create(r.uri, Range.create(other.positionAt(r.start), other.positionAt(r.end))), r.message);
      });
    }
    out.push(diagnostic);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
