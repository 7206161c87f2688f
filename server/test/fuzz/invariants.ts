/**
 * What must hold for every input (issue 8), checked against the real language service: every request
 * answers without an exception, every range lies inside the document and is well-formed (UTF-16 units),
 * and every fix edit keeps well-formed XML well-formed, removes what it targets, changes nothing outside its
 * ranges, keeps the file's line endings and indentation characters, and is idempotent.
 * Shared by property*.test.ts, stress*.test.ts and scripts/fuzz.mjs (through the compiled tests).
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, DocumentSymbol, Position, Range, SelectionRange, TextEdit } from 'vscode-languageserver-types';
import type { LanguageService } from '../../src/service/languageService';
import { parseXml } from '../../src/service/xml/xmlDocument';

/** Seed and run count: fixed in `npm test` (reproducible), FUZZ_SEED / FUZZ_RUNS (scripts/fuzz.mjs) for longer runs. */
export function fuzzSettings(ciRuns: number): { seed: number; numRuns: number; verbose: boolean; endOnFailure: boolean } {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20240808;
  // --runs N of scripts/fuzz.mjs: N cases of the generated-documents property (700 in npm test), the others in proportion.
  const scale = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) / 700 : 1;
  return { seed, numRuns: Math.max(1, Math.round(ciRuns * scale)), verbose: false, endOnFailure: true };
}

/** A position is inside the document when the document maps it to an offset and back unchanged. */
export function assertPosition(document: TextDocument, p: Position, what: string): void {
  assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0, `${what}: bad position ${JSON.stringify(p)}`);
  assert.ok(p.line < document.lineCount, `${what}: line ${p.line} past the last line ${document.lineCount - 1}`);
  const back = document.positionAt(document.offsetAt(p));
  assert.deepEqual({ line: back.line, character: back.character }, { line: p.line, character: p.character }, `${what}: ${JSON.stringify(p)} is not inside its line`);
}

export function assertRange(document: TextDocument, r: Range, what: string): void {
  assert.ok(r && r.start && r.end, `${what}: not a range: ${JSON.stringify(r)}`);
  assertPosition(document, r.start, `${what} start`);
  assertPosition(document, r.end, `${what} end`);
  assert.ok(document.offsetAt(r.start) <= document.offsetAt(r.end), `${what}: start after end ${JSON.stringify(r)}`);
}

function contains(outer: Range, inner: Range, document: TextDocument): boolean {
  return document.offsetAt(outer.start) <= document.offsetAt(inner.start) && document.offsetAt(inner.end) <= document.offsetAt(outer.end);
}

/** Edits of one document: inside it, well-formed, not overlapping (LSP requires it). */
export function assertEdits(document: TextDocument, edits: readonly TextEdit[], what: string): void {
  const spans = edits.map((e, i) => {
    assertRange(document, e.range, `${what} edit ${i}`);
    assert.equal(typeof e.newText, 'string', `${what} edit ${i}: newText`);
    return [document.offsetAt(e.range.start), document.offsetAt(e.range.end)] as const;
  });
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < sorted.length; i++) {
    const [ps, pe] = sorted[i - 1];
    const [s] = sorted[i];
    assert.ok(pe <= s, `${what}: edits overlap (${ps}-${pe} and ${s})`);
  }
}

/** Splices edits in by offsets (an implementation independent of TextDocument.applyEdits). */
export function splice(text: string, document: TextDocument, edits: readonly TextEdit[]): string {
  const spans = edits
    .map((e, i) => ({ i, s: document.offsetAt(e.range.start), e: document.offsetAt(e.range.end), t: e.newText }))
    .sort((a, b) => a.s - b.s || a.i - b.i);
  let out = '';
  let at = 0;
  for (const x of spans) {
    out += text.slice(at, x.s) + x.t;
    at = x.e;
  }
  return out + text.slice(at);
}

/** The positions a case asks about: both ends, the middle, a few pseudo-random ones, and right after every astral character (up to 4). */
export function probePositions(document: TextDocument, seed: number): Position[] {
  const text = document.getText();
  const offsets = new Set<number>([0, text.length, text.length >> 1]);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < 3; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    offsets.add(text.length ? x % (text.length + 1) : 0);
  }
  let astral = 0;
  for (let i = 0; i < text.length && astral < 4; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      offsets.add(i + 2 <= text.length ? i + 2 : i + 1);
      // Also a quote or tag boundary after it, where completion and hover have something to say.
      const next = text.slice(i).search(/["'<>]/);
      if (next > 0) offsets.add(i + next + 1);
      astral++;
    }
  }
  return [...offsets].map((o) => document.positionAt(o));
}

export interface RequestStats {
  requests: number;
}

/**
 * Every request of the service on `document` at `positions`; asserts that none throws and that every range
 * it returns lies inside the document and is well-formed. Returns the diagnostics.
 */
export function checkAllRequests(service: LanguageService, document: TextDocument, positions: readonly Position[], stats?: RequestStats): Diagnostic[] {
  const uri = document.uri;
  const call = <T>(name: string, run: () => T): T => {
    if (stats) stats.requests++;
    try {
      return run();
    } catch (e) {
      throw new Error(`${name} threw: ${(e as Error).stack ?? String(e)}`);
    }
  };
  const ownEdits = (edit: { changes?: Record<string, TextEdit[]> } | undefined, what: string) => {
    for (const [u, edits] of Object.entries(edit?.changes ?? {})) if (u === uri) assertEdits(document, edits, what);
  };

  const diagnostics = call('doValidation', () => service.doValidation(document));
  diagnostics.forEach((d, i) => {
    assertRange(document, d.range, `diagnostic ${i} (${d.code})`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0, `diagnostic ${i}: empty message`);
  });
  const whole: Range = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
  const actionsAll = call('getCodeActions(whole document)', () => service.getCodeActions(document, whole, { diagnostics }));
  actionsAll.forEach((a, i) => ownEdits(a.edit, `code action ${i} "${a.title}"`));
  assertEdits(document, call('getSafeFixes', () => service.getSafeFixes(document)), 'safe fixes');
  const symbols = call('findDocumentSymbols', () => service.findDocumentSymbols(document));
  const walk = (s: DocumentSymbol, path: string) => {
    assertRange(document, s.range, `symbol ${path}`);
    assertRange(document, s.selectionRange, `symbol ${path} selection`);
    assert.ok(contains(s.range, s.selectionRange, document), `symbol ${path}: selectionRange outside range`);
    (s.children ?? []).forEach((c, i) => walk(c, `${path}.${i}`));
  };
  symbols.forEach((s, i) => walk(s, String(i)));
  for (const f of call('getFoldingRanges', () => service.getFoldingRanges(document))) {
    assert.ok(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < document.lineCount, `folding range ${JSON.stringify(f)}`);
  }
  for (const lens of call('getCodeLenses', () => service.getCodeLenses(document))) assertRange(document, lens.range, 'code lens');
  // As the server answers: unresolved lenses, then codeLens/resolve of the first ones.
  for (const lens of call('getCodeLenses (lazy)', () => service.getCodeLenses(document, false)).slice(0, 3)) {
    const resolved = call('resolveCodeLens', () => service.resolveCodeLens(document, lens));
    assertRange(document, resolved.range, 'resolved code lens');
    assert.ok(resolved.command, 'a resolved lens has its command');
  }
  const selections = call('getSelectionRanges', () => service.getSelectionRanges(document, [...positions]));
  // One per position; none at all for a document the service does not analyse (not a Magento file, too large).
  assert.ok(selections.length === positions.length || selections.length === 0, 'one selection range per position');
  selections.forEach((sel, i) => {
    for (let s: SelectionRange | undefined = sel; s; s = s.parent) {
      assertRange(document, s.range, `selection range ${i}`);
      if (s.parent) assert.ok(contains(s.parent.range, s.range, document), `selection range ${i}: parent does not contain child`);
    }
  });

  for (const [k, p] of positions.entries()) {
    const at = `at ${p.line}:${p.character} (#${k})`;
    const list = call(`doComplete ${at}`, () => service.doComplete(document, p));
    for (const item of list.items) {
      const te = item.textEdit;
      if (te && 'range' in te) assertRange(document, te.range, `completion "${item.label}" ${at}`);
      else if (te) {
        assertRange(document, te.insert, `completion "${item.label}" insert ${at}`);
        assertRange(document, te.replace, `completion "${item.label}" replace ${at}`);
      }
      if (item.additionalTextEdits) assertEdits(document, [...item.additionalTextEdits, ...(te && 'range' in te ? [te] : [])], `completion "${item.label}" edits ${at}`);
    }
    if (list.itemDefaults?.editRange && 'start' in list.itemDefaults.editRange) assertRange(document, list.itemDefaults.editRange, `completion edit range ${at}`);
    // completionItem/resolve, as a client applies the list's defaults to the first items it shows.
    for (const item of list.items.slice(0, 3)) {
      const resolved = call(`resolveCompletion "${item.label}" ${at}`, () => service.resolveCompletion(document, { ...item, data: item.data ?? list.itemDefaults?.data }));
      if (resolved.additionalTextEdits) assertEdits(document, resolved.additionalTextEdits, `resolved completion "${item.label}" edits ${at}`);
    }
    const hover = call(`doHover ${at}`, () => service.doHover(document, p));
    if (hover?.range) assertRange(document, hover.range, `hover ${at}`);
    for (const l of call(`findDefinition ${at}`, () => service.findDefinition(document, p))) if (l.uri === uri) assertRange(document, l.range, `definition ${at}`);
    for (const l of call(`findReferences ${at}`, () => service.findReferences(document, p, true))) if (l.uri === uri) assertRange(document, l.range, `reference ${at}`);
    const prepared = call(`prepareRename ${at}`, () => service.prepareRename(document, p));
    if (prepared && !('error' in prepared)) assertRange(document, prepared, `prepareRename ${at}`);
    const renamed = call(`doRename ${at}`, () => service.doRename(document, p, 'Acme_Renamed::resource'));
    if (!('error' in renamed)) ownEdits(renamed, `rename ${at}`);
    const range: Range = { start: p, end: p };
    call(`getCodeActions ${at}`, () => service.getCodeActions(document, range, { diagnostics })).forEach((a, i) => ownEdits(a.edit, `code action ${i} ${at}`));
    const report = call(`effectivePermissions ${at}`, () => service.effectivePermissions(document, p));
    assert.ok(report === undefined || typeof report === 'string');
  }
  return diagnostics;
}

// -----------------------------------------------------------------------------------------------------
// A stricter well-formedness oracle than parseXml (which accepts mismatched end tags and duplicate attributes)

/**
 * Undefined when `text` is well-formed XML as far as these files go (XML declaration, comments, PIs, CDATA,
 * a DOCTYPE without internal subset, one root, matching end tags, unique attributes, quoted values, no
 * stray `<` or `&`), else the first problem. A BOM is allowed.
 */
export function strictXmlProblem(text: string): string | undefined {
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const stack: string[] = [];
  let roots = 0;
  const NAME = /[A-Za-z_:][-\w.:]*/y;
  const name = (): string | undefined => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const skipWs = () => {
    while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (!stack.length && chunk.trim() !== '') return `text outside the root at ${i}`;
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(chunk)) return `bare & at ${i}`;
    if (chunk.includes(']]>')) return `]]> in text at ${i}`;
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0 || text.slice(i + 4, e).includes('--')) return `bad comment at ${i}`;
      i = e + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      if (!stack.length) return `CDATA outside the root at ${i}`;
      const e = text.indexOf(']]>', i);
      if (e < 0) return `unclosed CDATA at ${i}`;
      i = e + 3;
    } else if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return `unclosed processing instruction at ${i}`;
      if (/^<\?xml[\s?]/.test(text.slice(i, i + 6)) && i !== (text.startsWith('\uFEFF') ? 1 : 0)) return `XML declaration not at the start (${i})`;
      i = e + 2;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      if (stack.length || roots) return `DOCTYPE after the root at ${i}`;
      const e = text.indexOf('>', i);
      if (e < 0 || text.slice(i, e).includes('[')) return `DOCTYPE not checked here at ${i}`;
      i = e + 1;
    } else if (text[i + 1] === '/') {
      i += 2;
      const n = name();
      skipWs();
      if (!n || text[i] !== '>') return `bad end tag at ${i}`;
      if (stack.pop() !== n) return `end tag </${n}> does not match at ${i}`;
      i++;
    } else {
      i++;
      const n = name();
      if (!n) return `bad start tag at ${i}`;
      if (!stack.length && roots++) return `second root <${n}> at ${i}`;
      const seen = new Set<string>();
      for (;;) {
        const before = i;
        skipWs();
        if (text.startsWith('/>', i)) {
          i += 2;
          break;
        }
        if (text[i] === '>') {
          i++;
          stack.push(n);
          break;
        }
        if (i === before) return `no space before attribute at ${i}`;
        const a = name();
        if (!a) return `bad attribute at ${i}`;
        if (seen.has(a)) return `duplicate attribute ${a} at ${i}`;
        seen.add(a);
        skipWs();
        if (text[i] !== '=') return `attribute without value at ${i}`;
        i++;
        skipWs();
        const q = text[i];
        if (q !== '"' && q !== "'") return `unquoted value at ${i}`;
        const e = text.indexOf(q, i + 1);
        if (e < 0) return `unclosed value at ${i}`;
        const value = text.slice(i + 1, e);
        if (value.includes('<') || /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(value)) return `bad character in value at ${i}`;
        i = e + 1;
      }
    }
  }
  if (stack.length) return `unclosed <${stack[stack.length - 1]}>`;
  if (!roots) return 'no root element';
  return undefined;
}

export function wellFormed(text: string): boolean {
  return parseXml(text).errors.length === 0 && strictXmlProblem(text) === undefined;
}

/** The line endings a text uses: any of '\r\n', '\n', '\r'. */
export function lineEndings(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\r\n|\n|\r/g)) out.add(m[0]);
  return out;
}

/** The characters used to indent lines. */
export function indentChars(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\r\n])([ \t]+)</g)) for (const c of m[1]) out.add(c);
  return out;
}

/** A fix's effect checked against the original: inside its ranges, the file's style kept. */
export function checkFixEdit(document: TextDocument, edits: readonly TextEdit[], what: string): string {
  assertEdits(document, edits, what);
  const text = document.getText();
  const applied = TextDocument.applyEdits(document, [...edits]);
  assert.equal(applied, splice(text, document, edits), `${what}: applying the edits is not a splice of their ranges`);
  const endings = lineEndings(text);
  if (endings.size === 1) for (const e of lineEndings(applied)) assert.ok(endings.has(e), `${what}: introduced a ${JSON.stringify(e)} line ending into a file using ${JSON.stringify([...endings][0])}`);
  const indents = indentChars(text);
  if (indents.size === 1) for (const c of indentChars(applied)) assert.ok(indents.has(c), `${what}: introduced ${JSON.stringify(c)} indentation into a file indented with ${JSON.stringify([...indents][0])}`);
  return applied;
}

export function actionEdits(action: CodeAction, uri: string): TextEdit[] | undefined {
  return action.edit?.changes?.[uri];
}
