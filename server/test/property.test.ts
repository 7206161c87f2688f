/**
 * Property-based tests (fast-check) of the real language service (issue 8): generated integration, ACL,
 * web API and config documents, and mutations of every real file of ../shared/corpus, against the invariants
 * of fuzz/invariants.ts. Seeded and reproducible; `npm run fuzz -- --runs N [--seed S]` runs them longer.
 * A failure prints the seed, the path to replay and the shrunk input.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { FIX_ALL_KIND } from '../src/service/features/codeActions';
import { fileKindOf } from '../src/service/files/fileKind';
import type { LanguageService } from '../src/service/languageService';
import { bundledCatalog, configXml, corpusRoot, workspace } from './helpers';
import { actionEdits, checkAllRequests, checkFixEdit, fuzzSettings, probePositions, RequestStats, wellFormed } from './fuzz/invariants';
import { aclDocArb, configDocArb, idPool, integrationDocArb, mutateAll, mutationsArb, webapiDocArb, WORKSPACE_ACL } from './fuzz/generators';

const PATHS = {
  api: 'app/code/Acme/Sync/etc/integration/api.xml',
  integration: 'app/code/Acme/Sync/etc/integration.xml',
  config: 'app/code/Acme/Sync/etc/integration/config.xml',
  acl: 'app/code/Acme/Sync/etc/acl.xml',
  webapi: 'app/code/Acme/Sync/etc/webapi.xml',
} as const;
type Kind = keyof typeof PATHS;

/** A workspace with the bundled catalog and schemas, a workspace acl.xml and the files the module's others refer to. */
function fuzzWorkspace(): LanguageService {
  return workspace(
    {
      'app/code/Acme/Ws/etc/acl.xml': WORKSPACE_ACL,
      'app/code/Acme/Other/etc/integration/config.xml': configXml('Acme Sync', 'Other'),
      'app/code/Acme/Other/etc/integration/api.xml': '<integrations><integration name="Acme Sync"><resources><resource name="Magento_Sales::sales"/></resources></integration></integrations>',
      'app/code/Acme/Ws/etc/webapi.xml': '<routes><route url="/V1/ws" method="GET"><service class="A" method="b"/><resources><resource ref="Acme_Ws::child"/></resources></route></routes>',
    },
    { catalog: 'bundled', schemas: true },
  );
}

/** Runs `check` on the document and takes it out of the index again, so every case starts from the same workspace. */
function withDocument<T>(service: LanguageService, uri: string, text: string, check: (document: TextDocument) => T): T {
  const document = TextDocument.create(uri, 'xml', 1, text);
  try {
    return check(document);
  } finally {
    service.index.remove(uri);
  }
}

const stats: RequestStats = { requests: 0 };
const figures: string[] = [];
function report(name: string, cases: number, started: number): void {
  figures.push(`${name}: ${cases} cases in ${Date.now() - started} ms`);
}

const anyDocument = fc.oneof(
  integrationDocArb(idPool(bundledCatalog())).map((d) => ({ kind: d.kind as Kind, text: d.text })),
  aclDocArb.map((text) => ({ kind: 'acl' as Kind, text })),
  webapiDocArb.map((text) => ({ kind: 'webapi' as Kind, text })),
  configDocArb.map((text) => ({ kind: 'config' as Kind, text })),
);

test('property: every request on generated documents, mutated or not, answers with ranges inside the document', () => {
  const service = fuzzWorkspace();
  // As VS Code asks: lean items, shared edit range, documentation and parents by completionItem/resolve
  // (the corpus property below runs with complete items).
  service.setCompletionSupport({ itemDefaults: ['editRange', 'data'], resolve: ['documentation', 'additionalTextEdits'] });
  const started = Date.now();
  const settings = fuzzSettings(700);
  fc.assert(
    fc.property(anyDocument, fc.option(mutationsArb, { nil: undefined }), fc.nat(), ({ kind, text }, mutations, salt) => {
      const mutated = mutations ? mutateAll(text, mutations) : text;
      withDocument(service, `file:///ws/${PATHS[kind]}`, mutated, (document) => checkAllRequests(service, document, probePositions(document, salt), stats));
    }),
    settings,
  );
  report('generated documents (+ mutations)', settings.numRuns, started);
});

/** Every XML file of the corpus, with the URI of its kind (files of no kind are served as each kind in turn). */
function corpusFiles(): Array<{ rel: string; uri: string; text: string }> {
  const root = corpusRoot();
  if (!root) return [];
  const out: Array<{ rel: string; uri: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.xml')) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        let uri = `file:///corpus/${rel}`;
        if (!fileKindOf(uri) || fileKindOf(uri) === 'module') {
          const kind = (Object.keys(PATHS) as Kind[])[out.length % 5];
          uri = `file:///corpus/${rel.replace(/\.xml$/, '')}/${PATHS[kind]}`;
        }
        out.push({ rel, uri, text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return out;
}

test('property: every real file of the corpus, as is and mutated (insertions, deletions, truncations, swapped tags)', (t) => {
  const files = corpusFiles();
  if (!files.length) {
    if (process.env.CI === 'true') assert.fail('../shared/corpus is missing');
    t.skip('../shared/corpus is absent');
    return;
  }
  const service = fuzzWorkspace();
  const started = Date.now();
  const base = fuzzSettings(2);
  let cases = 0;
  files.forEach((file, i) => {
    withDocument(service, file.uri, file.text, (document) => checkAllRequests(service, document, probePositions(document, i), stats));
    cases++;
    try {
      fc.assert(
        fc.property(mutationsArb, fc.nat(), (mutations, salt) => {
          cases++;
          withDocument(service, file.uri, mutateAll(file.text, mutations), (document) => checkAllRequests(service, document, probePositions(document, salt), stats));
        }),
        { ...base, seed: base.seed + i },
      );
    } catch (e) {
      throw new Error(`corpus file ${file.rel} (as ${file.uri}), seed ${base.seed + i}:\n${(e as Error).message}`);
    }
  });
  report(`corpus files (${files.length}) + mutations`, cases, started);
});

// -----------------------------------------------------------------------------------------------------
// Fixes

/**
 * Where the text of [start, end) is after the edits: shifted, or (when an edit replaced or deleted it) the
 * edit's new text.
 */
function mapRange(document: TextDocument, edits: readonly TextEdit[], start: number, end: number): { start: number; end: number; replaced: boolean; deleted: boolean } {
  let shift = 0;
  for (const e of [...edits].sort((a, b) => document.offsetAt(a.range.start) - document.offsetAt(b.range.start))) {
    const s = document.offsetAt(e.range.start);
    const t = document.offsetAt(e.range.end);
    if (t <= start) {
      if (s === t && s === start) {
        shift += e.newText.length; // an insertion right before the range moves it
        continue;
      }
      shift += e.newText.length - (t - s);
    } else if (s <= start && end <= t && s < t) {
      return { start: s + shift, end: s + shift + e.newText.length, replaced: true, deleted: e.newText === '' };
    }
  }
  return { start: start + shift, end: end + shift, replaced: false, deleted: false };
}

const ID_CODES = new Set(['missing-parent', 'unknown-resource', 'removed-resource', 'unverifiable-resource', 'duplicate-resource', 'redundant-root', 'grants-everything', 'disabled-resource']);

test('property: every quick-fix, fixAll and safe fix keeps well-formed XML well-formed, removes its target, stays in its ranges and style, and is idempotent', () => {
  const service = fuzzWorkspace();
  const ids = idPool(bundledCatalog());
  const started = Date.now();
  const settings = fuzzSettings(300);
  let applied = 0;
  fc.assert(
    fc.property(integrationDocArb(ids), ({ kind, text }) => {
      fc.pre(wellFormed(text));
      const uri = `file:///ws/${PATHS[kind]}`;
      withDocument(service, uri, text, (document) => {
        const diagnostics = service.doValidation(document);
        // Ranges of id diagnostics cover exactly the listed value, also after astral characters (UTF-16 units).
        for (const d of diagnostics) if (ID_CODES.has(String(d.code))) assert.ok(ids.some((id) => id === document.getText(d.range)), `${d.code} range covers ${JSON.stringify(document.getText(d.range))}`);
        const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
        const revalidate = (newText: string) => {
          const after = TextDocument.create(uri, 'xml', 2, newText);
          return { after, diagnostics: service.doValidation(after) };
        };
        const restore = () => service.index.update(uri, text); // back to the analysed text for the next action
        // Quick-fixes as an editor asks for them: on the range of one diagnostic, with that diagnostic.
        for (const d of diagnostics) {
          for (const action of service.getCodeActions(document, d.range, { diagnostics: [d] })) {
            checkOtherFiles(service, action, uri);
            const edits = actionEdits(action, uri);
            if (!edits || action.kind === FIX_ALL_KIND) continue;
            const what = `"${action.title}" for ${d.code} at ${d.range.start.line}:${d.range.start.character}`;
            const newText = checkFixEdit(document, edits, what);
            applied++;
            assert.ok(wellFormed(newText), `${what} made the document malformed:\n${newText}`);
            const next = revalidate(newText);
            const target = mapRange(document, edits, document.offsetAt(d.range.start), document.offsetAt(d.range.end));
            const still = next.diagnostics.find((x) => x.code === d.code && next.after.offsetAt(x.range.start) >= target.start && next.after.offsetAt(x.range.end) <= target.end && (target.replaced || next.after.offsetAt(x.range.start) === target.start));
            assert.ok(!still, `${what} did not remove its diagnostic:\n${newText}`);
            if (!target.deleted) {
              const again = service.getCodeActions(next.after, { start: next.after.positionAt(target.start), end: next.after.positionAt(target.end) }, { diagnostics: next.diagnostics });
              assert.ok(!again.some((a) => a.title === action.title), `${what} is offered again after it was applied`);
            }
            restore();
          }
        }
        for (const action of service.getCodeActions(document, whole, { diagnostics, only: [FIX_ALL_KIND] })) {
          const edits = actionEdits(action, uri);
          if (!edits) continue;
          const newText = checkFixEdit(document, edits, 'fixAll');
          applied++;
          assert.ok(wellFormed(newText), `fixAll made the document malformed:\n${newText}`);
          const next = revalidate(newText);
          assert.equal(next.diagnostics.filter((x) => x.code === 'missing-parent').length, 0, 'fixAll left missing parents');
          const again = service.getCodeActions(next.after, { start: { line: 0, character: 0 }, end: next.after.positionAt(newText.length) }, { diagnostics: next.diagnostics, only: [FIX_ALL_KIND] });
          assert.deepEqual(again, [], 'fixAll is offered again after it was applied');
          restore();
        }
        const safe = service.getSafeFixes(document);
        if (safe.length) {
          const fixed = checkFixEdit(document, safe, 'safe fixes');
          applied++;
          assert.ok(wellFormed(fixed), `safe fixes made the document malformed:\n${fixed}`);
          const next = revalidate(fixed);
          for (const code of ['missing-parent', 'duplicate-resource', 'redundant-root']) {
            assert.equal(next.diagnostics.filter((d) => d.code === code).length, 0, `safe fixes left ${code}`);
          }
          assert.deepEqual(service.getSafeFixes(next.after), [], 'safe fixes are not idempotent');
        }
      });
    }),
    settings,
  );
  report(`fix documents (${applied} fixes applied)`, settings.numRuns, started);
});

/** Edits of other files (config.xml or api.xml entries of the module; a new file) keep those well-formed. */
function checkOtherFiles(service: LanguageService, action: CodeAction, uri: string): void {
  for (const [other, edits] of Object.entries(action.edit?.changes ?? {})) {
    if (other === uri) continue;
    const file = service.index.get(other);
    assert.ok(file, `"${action.title}" edits ${other}, which is not indexed`);
    const document = TextDocument.create(other, 'xml', 0, file.text);
    const applied = checkFixEdit(document, edits as TextEdit[], `"${action.title}" on ${other}`);
    if (wellFormed(file.text)) assert.ok(wellFormed(applied), `"${action.title}" made ${other} malformed:\n${applied}`);
  }
  for (const change of action.edit?.documentChanges ?? []) {
    if ('textDocument' in change) {
      const content = change.edits.map((e) => ('newText' in e ? e.newText : e.snippet.value)).join('');
      assert.ok(wellFormed(content), `"${action.title}" creates a malformed file:\n${content}`);
    }
  }
}

test('property figures', () => {
  figures.push(`${stats.requests} requests checked`);
  console.log(`# ${figures.join('; ')}`);
});
