/**
 * The README's main job: indexes the given folders exactly as the server does (same scanner, same
 * bundled catalog) and prints every diagnostic of their integration, ACL and web API files.
 *
 *   node server/out/src/node/demo.js [FOLDER...]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../service/languageService';
import { loadBundledCatalog, loadBundledSchemas } from './catalogLoader';
import { uriOf, WorkspaceLoader } from './workspaceLoader';

const severityName: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

async function main(): Promise<void> {
  const roots = (process.argv.slice(2).length ? process.argv.slice(2) : ['.']).map((r) => path.resolve(r));
  const catalog = loadBundledCatalog((m) => console.error(m));
  const service = getLanguageService({ catalog, schemas: loadBundledSchemas((m) => console.error(m)) });
  const loader = new WorkspaceLoader(service.index, undefined, (m) => console.error(m));
  const files = (await Promise.all(roots.map((r) => loader.loadFolder(r)))).flat();
  console.log(
    `Indexed ${files.length} Magento files; ${service.index.acl.size} ACL resources known` +
      (catalog ? ` (bundled ${catalog.product} ${catalog.release} catalog in use).` : '.'),
  );
  let total = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const document = TextDocument.create(uriOf(file), 'xml', 1, text);
    const diagnostics = service.doValidation(document);
    const shown = path.relative(process.cwd(), file);
    for (const d of diagnostics) {
      total++;
      console.log(`${shown}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severityName[d.severity ?? 1]} ${d.code} ${d.message}`);
    }
    const fixes = service.getCodeActions(document, { start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, { diagnostics, only: ['source.fixAll'] });
    for (const fix of fixes) {
      const edits = fix.edit?.changes?.[document.uri] ?? [];
      const count = edits.reduce((n, e) => n + (e.newText.match(/<resource\b/g)?.length ?? 0), 0);
      console.log(`${shown}: quick-fix available: "${fix.title}" inserts ${count} <resource> element(s)`);
    }
  }
  console.log(`${total} problem(s) in ${files.length} file(s).`);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
