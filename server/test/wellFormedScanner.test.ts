/**
 * The fast scanner against @xml-tools: wherever the scanner accepts a document, the tolerant parser must
 * find no syntax error in it and build exactly the same tree (names, offsets, attributes, parents); where
 * it gives up, parseXml's answer is the tolerant parser's. Checked on every real file of the corpus and the
 * fixtures, on generated documents in every style, and on fast-check mutations of all of them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { finishScan, parseTolerant, parseXml, ParsedXml, startScan, XmlElement } from '../src/service/xml/xmlDocument';
import { MAX_ELEMENT_DEPTH } from '../src/service/xml/wellFormedScanner';
import { aclDocArb, configDocArb, idPool, integrationDocArb, mutateAll, mutationsArb, webapiDocArb } from './fuzz/generators';
import { fuzzSettings } from './fuzz/invariants';
import { bundledCatalog, corpusRoot } from './helpers';

interface Plain {
  name: string;
  start: number;
  end: number;
  selfClosing: boolean | undefined;
  contentStart: number;
  contentEnd: number;
  attributes: unknown;
  children: Plain[];
}

/** The tree without parent links (checked separately), comparable with deepEqual. */
function plain(e: XmlElement | undefined, parent?: XmlElement): Plain | undefined {
  if (!e) return undefined;
  assert.equal(e.parent, parent, `parent of <${e.name}> at ${e.start}`);
  return { name: e.name, start: e.start, end: e.end, selfClosing: e.selfClosing, contentStart: e.contentStart, contentEnd: e.contentEnd, attributes: e.attributes, children: e.children.map((c) => plain(c, e)!) };
}

/** Scans `text` fast; when accepted, asserts the tolerant parser agrees. Returns whether it was accepted. */
function agrees(text: string): boolean {
  const scanner = startScan(text);
  const state = scanner.run();
  if (state !== 'done') return false;
  const fast = finishScan(text, scanner, state);
  const tolerant = parseTolerant(text);
  assert.deepEqual(plain(fast.root), plain(tolerant.root), 'same tree');
  assert.deepEqual(fast.errors, tolerant.errors, 'same errors (the tolerant parser found no syntax error)');
  return true;
}

function xmlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) xmlFiles(p, out);
    else if (/\.(xml|xsd)$/.test(entry.name)) out.push(p);
  }
  return out;
}

const repo = path.resolve(__dirname, '..', '..', '..');

function realFiles(t: { skip(m: string): void }): string[] {
  const corpus = corpusRoot();
  if (!corpus) {
    if (process.env.CI === 'true') assert.fail('../shared/corpus is missing');
    t.skip('../shared/corpus is absent');
    return [];
  }
  return [...xmlFiles(corpus), ...xmlFiles(path.join(repo, 'test', 'fixtures')), ...xmlFiles(path.join(repo, 'examples'))];
}

test('fast scanner: every real file of the corpus, the fixtures and the examples is accepted, with the tolerant parser\'s tree', (t) => {
  const files = realFiles(t);
  if (!files.length) return;
  const refused = files.filter((f) => !agrees(readFileSync(f, 'utf8')));
  assert.deepEqual(refused, [], 'the fast path reads every real file');
  assert.ok(files.length > 450, `${files.length} files`);
});

test('property: wherever the fast scanner accepts a mutated real file, @xml-tools agrees', (t) => {
  const files = realFiles(t).map((f) => readFileSync(f, 'utf8'));
  if (!files.length) return;
  let accepted = 0;
  const settings = fuzzSettings(1500);
  fc.assert(
    fc.property(fc.nat(files.length - 1), mutationsArb, (i, mutations) => {
      if (agrees(mutateAll(files[i], mutations))) accepted++;
    }),
    settings,
  );
  // Mutations mostly break documents; enough of them must stay well-formed for the property to mean something.
  assert.ok(accepted > settings.numRuns / 20, `${accepted} of ${settings.numRuns} mutated files accepted`);
  console.log(`# fast scanner vs @xml-tools: ${settings.numRuns} mutated real files, ${accepted} accepted and identical`);
});

test('property: generated documents in every style (BOM, CR/LF/CRLF, quotes, comments), mutated or not', () => {
  const documents = fc.oneof(
    integrationDocArb(idPool(bundledCatalog())).map((d) => d.text),
    aclDocArb,
    webapiDocArb,
    configDocArb,
  );
  let accepted = 0;
  const settings = fuzzSettings(1500);
  fc.assert(
    fc.property(documents, fc.option(mutationsArb, { nil: undefined }), (text, mutations) => {
      if (agrees(mutations ? mutateAll(text, mutations) : text)) accepted++;
    }),
    settings,
  );
  // A third of the styles end lines with a lone CR, which @xml-tools refuses outside the root element.
  assert.ok(accepted > settings.numRuns / 8, `${accepted} of ${settings.numRuns} accepted`);
  console.log(`# fast scanner vs @xml-tools: ${settings.numRuns} generated documents, ${accepted} accepted and identical`);
});

/** Markup that the chevrotain lexer reads in its own way: each must be decided exactly as @xml-tools does. */
const LEXER_CORNERS = [
  '<a>x\ry</a>', // lone CR in character data: fine
  '<a/>\r', // lone CR after the root: an error for @xml-tools
  '<a><!-- x\ry --></a>', // lone CR in a comment: the comment pattern stops there
  '<a><!-- x\u2028y --></a>',
  '<a><![CDATA[ <x> & ]]></a>',
  '<a><![CDATA[ x\ry ]]></a>',
  '<a>&amp;&#38;&#x26;&#x2g;</a>',
  '<a>&#x;</a>',
  '<a>&#12</a>',
  '<a>& b</a>',
  '<a x="1"y="2"/>',
  '< a/>',
  '<a / >',
  '</a>',
  '<a></ a>',
  '<a></a >',
  '<a x = "1" y=\'2\' />',
  '<a x="<"/>',
  '<a x="&"/>',
  '<a x="1" x="2"/>',
  '<a><b></c></a>',
  '<p:a xmlns:p="u"><p:b/></p:a>',
  '<a:b:c/>',
  '<:a/>',
  '<a:/>',
  '<aé/>',
  '<a\u00B7b/>',
  '<a-b.c_d:e1/>',
  '<?xml version="1.0"?><a/>',
  '<?xml version="1.0" encoding="UTF-8" ?>\r\n<a/>',
  '<?xml version="1.0"encoding="x"?><a/>',
  '<?xml?><a/>',
  '<?xml-stylesheet href="x"?><a/>',
  ' <?xml version="1.0"?><a/>',
  '<!DOCTYPE a><a/>',
  '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
  '<a><?pi x?></a>',
  '<a/><!-- end -->\n',
  '<a/><b/>',
  '<a/>text',
  '',
  '   ',
  '<a>',
  '<a><b/>',
  '\uFEFF<a x="😀"/>',
  '<a><!----></a>',
  '<a><!-- -- --></a>',
  '<a>]]></a>',
  '<a>\0</a>',
];

test('fast scanner: lexer corner cases are decided as @xml-tools decides them', () => {
  let accepted = 0;
  for (const text of LEXER_CORNERS) {
    try {
      if (agrees(text)) accepted++;
    } catch (e) {
      throw new Error(`${JSON.stringify(text)}: ${(e as Error).message}`);
    }
  }
  assert.ok(accepted >= 20, `${accepted} accepted`);
});

test('a wrong end tag and a repeated attribute are syntax errors on both paths', () => {
  const wrongEnd = '<a>\n  <b></c>\n</a>';
  for (const xml of [parseXml(wrongEnd), parseTolerant(wrongEnd)]) {
    assert.deepEqual(xml.errors.map((e) => [e.message.split(':')[0], wrongEnd.slice(e.start, e.end)]), [['The end tag </c> does not match the start tag <b>', 'c']]);
  }
  const repeated = '<a x="1" y="2" x="3"/>';
  for (const xml of [parseXml(repeated), parseTolerant(repeated)]) {
    assert.equal(xml.errors.length, 1);
    assert.equal(repeated.slice(xml.errors[0].start, xml.errors[0].end), 'x');
    assert.equal(xml.errors[0].start, repeated.lastIndexOf('x='));
  }
});

test('nesting: 200 levels are read, deeper than the limit is one clear error on both paths, without recursion', () => {
  const nested = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
  let depth = 0;
  for (let e = parseXml(nested(200)).root; e; e = e.children[0]) depth++;
  assert.equal(depth, 200);
  for (const xml of [parseXml(nested(10_000)), parseXml(nested(MAX_ELEMENT_DEPTH + 1))]) {
    assert.equal(xml.root, undefined);
    assert.match(xml.errors[0].message, /nested more than 256 levels/);
  }
  // The tolerant path (a broken deep document) says the same where its recursion can still go that deep.
  const broken: ParsedXml = parseXml(nested(300) + '<');
  assert.equal(broken.root, undefined);
  assert.match(broken.errors[0].message, /nested more than 256 levels|Maximum call stack/);
});

test('fast scanner: reading in slices gives the tree of one pass', () => {
  const resources = Array.from({ length: 500 }, (_, i) => `      <resource name="Magento_Sales::r${i}"/><!-- ${i} -->\r\n`).join('');
  const text = `<?xml version="1.0"?>\r\n<integrations>\r\n  <integration name="A">\r\n    <resources>\r\n${resources}    </resources>\r\n  </integration>\r\n</integrations>\r\n`;
  const whole = parseXml(text);
  const scanner = startScan(text);
  let pauses = 0;
  let state = scanner.run(() => true);
  while (state === 'paused') {
    pauses++;
    state = scanner.run(() => true);
  }
  assert.equal(state, 'done');
  assert.ok(pauses > 0, 'it paused');
  assert.deepEqual(plain(finishScan(text, scanner, state).root), plain(whole.root));
});
