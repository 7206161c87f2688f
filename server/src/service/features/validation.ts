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
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';

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
