/**
 * Pathological inputs against the real language service (issue 8): deep nesting, a 1 MB line, thousands of
 * attributes, entity declarations (never expanded), invalid UTF-8, BOM and mixed line endings; and the
 * families that once cost quadratic time, each measured at n and 4n (linear: about 4x; quadratic: 16x) in
 * CPU time of this process, which other processes on a busy machine do not stretch. No time budgets: each
 * input is answered at all (a test's timeout is a generous ceiling for a hang), with the invariants of
 * fuzz/invariants; durations are printed as figures (npm run bench measures them).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../src/service/languageService';
import { MAX_ANALYSED_LENGTH } from '../src/service/workspaceIndex';
import { parseXml } from '../src/service/xml/xmlDocument';
import { cpuMs, workspace } from './helpers';
import { checkAllRequests, probePositions } from './fuzz/invariants';

const URIS = {
  api: 'file:///ws/app/code/Acme/Sync/etc/integration/api.xml',
  integration: 'file:///ws/app/code/Acme/Sync/etc/integration.xml',
  config: 'file:///ws/app/code/Acme/Sync/etc/integration/config.xml',
  acl: 'file:///ws/app/code/Acme/Sync/etc/acl.xml',
  webapi: 'file:///ws/app/code/Acme/Sync/etc/webapi.xml',
};
type Kind = keyof typeof URIS;

let shared: LanguageService | undefined;
const service = () => (shared ??= workspace({}, { catalog: 'bundled', schemas: true }));

/** Every request on `text` as each kind answers, within the invariants (fuzz/invariants). */
function allKinds(text: string, what: string, kinds: readonly Kind[] = Object.keys(URIS) as Kind[]): void {
  const figures: string[] = [];
  for (const kind of kinds) {
    const uri = URIS[kind];
    const document = TextDocument.create(uri, 'xml', 1, text);
    const started = Date.now();
    checkAllRequests(service(), document, probePositions(document, 1));
    service().index.remove(uri);
    figures.push(`${kind} ${Date.now() - started} ms`);
  }
  console.log(`# ${what}: ${figures.join(', ')}`);
}

const ints = (n: number) => Array.from({ length: n }, (_, i) => `<integration name="i${i}"><resources><resource name="Magento_Sales::reorder"/></resources></integration>`).join('');

test('inputs: 10,000-deep nesting, a 1 MB line, 5,000 attributes, CR/LF/CRLF mixes, BOM, NUL, invalid UTF-8, lone surrogates', { timeout: 600_000 }, () => {
  const deep = '<integrations>' + '<integration name="a">'.repeat(10000) + '</integration>'.repeat(10000) + '</integrations>';
  allKinds(deep, '10,000-deep nesting');
  // The parser gives up beyond a few hundred levels: reported as a syntax error, never a crash.
  assert.match(parseXml(deep).errors[0].message, /nested|XML parser failed/);
  const line = `<integrations>${ints(10000)}</integrations>`;
  assert.ok(line.length > 1_000_000 && !/[\r\n]/.test(line));
  allKinds(line, 'a 1 MB line', ['api']);
  const attrs = Array.from({ length: 5000 }, (_, i) => `a${i}="v"`).join(' ');
  allKinds(`<config><acl><resources><resource ${attrs} id="Acme_X::y"/></resources></acl></config>`, '5,000 attributes');
  allKinds(`<integrations>\r<integration name="a">\r\n<resources>\n<resource name="Magento_Sales::reorder"/>\r\r\n</resources></integration></integrations>`, 'mixed line endings');
  allKinds(`\uFEFF<integrations>\0<integration name="\uD800"><resources><resource name="Magento_Sales::\uDC00reorder"/></resources></integration></integrations>`, 'BOM, NUL, lone surrogates');
  const invalidUtf8 = Buffer.concat([Buffer.from('<integrations><integration name="'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff]), Buffer.from('"/></integrations>')]).toString('utf8');
  allKinds(invalidUtf8, 'invalid UTF-8 read as text');
  let random = '';
  let x = 7;
  for (let i = 0; i < 100_000; i++) random += String.fromCharCode((x = (x * 1103515245 + 12345) >>> 0) >>> 16);
  allKinds(random, '100,000 random UTF-16 units');
});

test('inputs: entities are never expanded: a billion-laughs document costs what its size does', { timeout: 120_000 }, () => {
  const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n');
  const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${levels}\n]>\n<integrations><integration name="&lol10;"><resources><resource name="&lol10;"/></resources></integration></integrations>`;
  // Expanded, it would be 10^10 characters: answering at all says nothing was expanded; so does the output.
  allKinds(laughs, 'billion laughs');
  const document = TextDocument.create(URIS.api, 'xml', 1, laughs);
  const diagnostics = service().doValidation(document);
  for (const d of diagnostics) assert.ok(String(d.message).length < 2 * laughs.length, `a message of ${String(d.message).length} characters`);
  assert.ok(!JSON.stringify(service().findDocumentSymbols(document)).includes('lollollol'), 'no expansion in symbols');
  service().index.remove(URIS.api);
});

test('inputs: a document over the analysis limit gets one notice and no work', { timeout: 300_000 }, () => {
  const text = `<integrations>${ints(Math.ceil((MAX_ANALYSED_LENGTH + 1) / 100))}</integrations>`;
  assert.ok(text.length > MAX_ANALYSED_LENGTH);
  allKinds(text, 'over the limit');
  const document = TextDocument.create(URIS.api, 'xml', 1, text);
  const diagnostics = service().doValidation(document);
  assert.equal(diagnostics.length, 1);
  assert.match(String(diagnostics[0].message), /files over 32\.0 MB are not analysed/);
  assert.equal(service().index.get(URIS.api), undefined, 'not in the index');
  assert.deepEqual(service().findDocumentSymbols(document), [], 'nothing was read from it');
});

/** Each family once cost quadratic time (or worse) in the request named; n and 4n must take about 4x. */
const FAMILIES: Array<{ name: string; kind: Kind; make: (n: number) => string; op: string }> = [
  { name: 'broken start tags', kind: 'acl', op: 'validate', make: (n) => `<config><acl><resources>\n${'<resource id="A_B::x" title="t" =/>\n'.repeat(n)}</resources></acl></config>` },
  { name: 'attributes', kind: 'acl', op: 'validate', make: (n) => `<config><acl><resources><resource ${Array.from({ length: 4 * n }, (_, i) => `a${i}="v"`).join(' ')}/></resources></acl></config>` },
  { name: 'prefixed attributes', kind: 'acl', op: 'validate', make: (n) => `<config xmlns:x="u"><acl><resources><resource ${Array.from({ length: 4 * n }, (_, i) => `x:a${i}="v"`).join(' ')}/></resources></acl></config>` },
  { name: 'config.xml children out of order', kind: 'config', op: 'validate', make: (n) => `<integrations><integration name="a">${'<endpoint_url>x</endpoint_url><email>a@b</email>'.repeat(n)}</integration></integrations>` },
  { name: 'one integration name repeated', kind: 'api', op: 'actions', make: (n) => `<integrations>\n${'<integration name="a"><resources><resource name="Magento_Sales::reorder"/></resources></integration>\n'.repeat(n)}</integrations>` },
  { name: 'one integration name repeated', kind: 'integration', op: 'lens', make: (n) => `<config>\n${'<integration name="a"><resources><resource name="Magento_Sales::reorder"/></resources></integration>\n'.repeat(n)}</config>` },
  { name: 'integrations without config.xml entries, unindented', kind: 'api', op: 'actions', make: (n) => `<integrations>${ints(n)}</integrations>` },
  { name: 'duplicates on one line', kind: 'api', op: 'safe', make: (n) => `<integrations><integration name="a"><resources>${'<resource name="Magento_Backend::admin"/><resource name="Magento_Sales::sales"/>'.repeat(n)}</resources></integration></integrations>` },
  { name: 'references to one id on one line', kind: 'api', op: 'refs', make: (n) => `<integrations><integration name="a"><resources>${'<resource name="Magento_Sales::reorder"/>'.repeat(n)}</resources></integration></integrations>` },
  { name: 'acl.xml on one line', kind: 'acl', op: 'lens', make: (n) => `<config><acl><resources>${Array.from({ length: n }, (_, i) => `<resource id="A_B::x${i}" title="t"/>`).join('')}</resources></acl></config>` },
];

test('inputs: no family of documents costs more than linear time (n and 4n, CPU time)', { timeout: 600_000 }, () => {
  const figures: string[] = [];
  for (const f of FAMILIES) {
    const cost = (n: number) => {
      const s = workspace({}, { catalog: 'bundled', schemas: true });
      const text = f.make(n);
      const document = TextDocument.create(URIS[f.kind], 'xml', 1, text);
      const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
      const ops: Record<string, () => unknown> = {
        validate: () => s.doValidation(TextDocument.create(URIS[f.kind], 'xml', 1, text + ' '.repeat(Math.random() * 8))),
        actions: () => s.getCodeActions(document, whole, { diagnostics: [] }),
        safe: () => s.getSafeFixes(document),
        lens: () => s.getCodeLenses(document),
        refs: () => s.findReferences(document, document.positionAt(text.indexOf('Magento_Sales::reorder') + 3), true),
      };
      s.doValidation(document); // parse once outside the timing (validate re-parses a changed text on purpose)
      return cpuMs(ops[f.op]);
    };
    const small = cost(500);
    const large = cost(2000);
    figures.push(`${f.name} (${f.kind} ${f.op}): ${small.toFixed(0)} -> ${large.toFixed(0)} ms`);
    assert.ok(large < 8 * small + 60, `${f.name} (${f.kind} ${f.op}): n=500 ${small.toFixed(1)} ms, n=2000 ${large.toFixed(1)} ms of CPU time: superlinear`);
  }
  console.log(`# linear time: ${figures.join('; ')}`);
});
