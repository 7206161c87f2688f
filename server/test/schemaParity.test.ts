/**
 * libxml2 parity: the 113 cases of corpus/magento2-xsd-test-cases (Magento's own PHPUnit XSD data providers
 * and fixtures, each with the verdict lxml/libxml2 gives) run through what the product runs: `xml-syntax`
 * (parseXml errors) plus `schema` validation against the shipped server/data/magento-schemas.json. A case is
 * invalid iff at least one error. Also: the shipped model is exactly what scripts/generate-schemas.mjs makes.
 * CI always has the corpus: there a missing corpus fails the run instead of skipping it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { attribute, childrenNamed, parseXml } from '../src/service/xml/xmlDocument';
import { validateSchema } from '../src/service/schema/schemaValidation';
import type { SchemaModel } from '../src/service/schema/model';
import { corpusRoot } from './helpers';

const repo = path.resolve(__dirname, '..', '..', '..');
const corpus = corpusRoot();
if (!corpus && process.env.CI) throw new Error('../shared/corpus is missing: the schema parity tests must run in CI');
const skip = corpus ? false : 'corpus not found at ../shared/corpus';

const shipped = (): SchemaModel => JSON.parse(readFileSync(path.join(repo, 'server', 'data', 'magento-schemas.json'), 'utf8'));

/**
 * Cases allowed to disagree with libxml2, each with the reason. Empty: every case agrees. (A rule that only
 * holds for the merged document would be a reason; none of the cases needs one, as every suite names the
 * schema it runs, merged or not.)
 */
const EXCUSED: Readonly<Record<string, string>> = {};

interface Case { suite: string; schema: string; name: string; file: string; expect: 'valid' | 'invalid'; errors: string[] }

function readCases(root: string): Case[] {
  const dir = path.join(root, 'magento2-xsd-test-cases');
  const index = parseXml(readFileSync(path.join(dir, 'cases.xml'), 'utf8'));
  assert.equal(index.errors.length, 0);
  const text = index.text;
  const cases: Case[] = [];
  for (const suite of childrenNamed(index.root, 'suite')) {
    const schema = path.basename(attribute(suite, 'schema')!.value!);
    for (const c of childrenNamed(suite, 'case')) {
      const errors = childrenNamed(c, 'error').map((e) => {
        // The first line of the libxml2 message, entities decoded enough for the names it quotes.
        const inner = text.slice(text.indexOf('>', e.start) + 1, e.end - '</error>'.length);
        return inner.split('\n')[0].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      });
      cases.push({
        suite: attribute(suite, 'id')!.value!,
        schema,
        name: attribute(c, 'name')!.value!,
        file: path.resolve(dir, attribute(c, 'file')!.value!),
        expect: attribute(c, 'expect')!.value as 'valid' | 'invalid',
        errors,
      });
    }
  }
  return cases;
}

test('schema parity with libxml2 on Magento\'s XSD test cases', { skip }, () => {
  const model = shipped();
  const cases = readCases(corpus!);
  assert.equal(cases.length, 113, 'cases.xml indexes 113 cases');
  let agree = 0;
  const excused: string[] = [];
  const mismatches: string[] = [];
  for (const c of cases) {
    const key = `${c.suite}/${c.name}`;
    const xml = parseXml(readFileSync(c.file, 'utf8'));
    const problems = validateSchema(xml, model, c.schema);
    const verdict = xml.errors.length > 0 || problems.length > 0 ? 'invalid' : 'valid';
    if (verdict === c.expect) agree++;
    else if (EXCUSED[key]) excused.push(key);
    else mismatches.push(`${key} (${c.schema}): expected ${c.expect}, got ${verdict}${problems.length ? `: ${problems.map((p) => p.message).join('; ')}` : ''}`);
  }
  console.log(`schema parity: ${agree}/${cases.length}${excused.length ? ` (+${excused.length} excused: ${excused.join(', ')})` : ''}`);
  assert.deepEqual(mismatches, []);
  assert.equal(agree, 113);
});

test('every libxml2 error of the invalid cases is about something our messages name', { skip }, () => {
  // libxml2 says "Element 'resource', attribute 'disabled': …": one of our problems must name that attribute
  // (or, without one, that element), so a case is not "invalid" for an unrelated reason.
  const model = shipped();
  const unmatched: string[] = [];
  for (const c of readCases(corpus!).filter((x) => x.expect === 'invalid')) {
    const messages = validateSchema(parseXml(readFileSync(c.file, 'utf8')), model, c.schema).map((p) => p.message);
    assert.ok(c.errors.length > 0, `${c.suite}/${c.name} lists libxml2's errors`);
    for (const error of c.errors) {
      const m = /^Element '([^']+)'(?:, attribute '([^']+)')?/.exec(error);
      assert.ok(m, error);
      const named = m[2] ?? m[1];
      if (!messages.some((msg) => new RegExp(`(^|[^\\w])${named}([^\\w]|$)`).test(msg))) unmatched.push(`${c.suite}/${c.name}: libxml2 "${error}" vs ours ${JSON.stringify(messages)}`);
    }
  }
  assert.deepEqual(unmatched, []);
});

test('the committed schema model is what scripts/generate-schemas.mjs makes from the corpus', { skip }, () => {
  const out = execFileSync(process.execPath, [path.join(repo, 'scripts', 'generate-schemas.mjs'), '--corpus', corpus!, '--check'], { encoding: 'utf8' });
  assert.match(out, /up to date/);
});

test('the shipped model holds the per-file and merged schemas of all five file kinds', () => {
  const model = shipped();
  assert.equal(model.version, 1);
  assert.deepEqual(Object.keys(model.schemas), ['acl.xsd', 'acl_merged.xsd', 'api.xsd', 'config.xsd', 'integration.xsd', 'integration_file.xsd', 'webapi.xsd', 'webapi_merged.xsd']);
  assert.equal(model.schemas['acl.xsd'].urn, 'urn:magento:framework:Acl/etc/acl.xsd');
  assert.equal(model.schemas['config.xsd'].urn, 'urn:magento:module:Magento_Integration:etc/integration/config.xsd');
  assert.deepEqual(Object.keys(model.schemas['webapi.xsd'].elements), ['routes']);
});
