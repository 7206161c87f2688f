/**
 * The pieces under schema validation: the XSD compiler (include/redefine resolution, derivations flattened,
 * unsupported constructs refused), XSD regular expressions, and built-in type checks. Expected values were
 * checked against libxml2 (xmllint 2.9.14) where libxml2 has a say.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compileSchemas, schemaName, XsdCompileError } from '../src/service/schema/xsdCompiler';
import { xsdRegex, XsdRegexError } from '../src/service/schema/xsdRegex';
import { checkValue, isUriReference } from '../src/service/schema/simpleTypes';
import { validateSchema } from '../src/service/schema/schemaValidation';
import { parseXml } from '../src/service/xml/xmlDocument';
import { assertLinear } from './helpers';

const xsd = (body: string) => `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n${body}\n</xs:schema>\n`;

const BASE = xsd(`
  <xs:element name="routes" type="routesType"/>
  <xs:complexType name="routesType">
    <xs:sequence><xs:element name="route" type="routeType" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
  </xs:complexType>
  <xs:complexType name="routeType">
    <xs:attribute name="url" type="xs:string" use="required"/>
  </xs:complexType>
  <xs:simpleType name="codeType"><xs:restriction base="xs:token"><xs:pattern value="[A-Z]+"/></xs:restriction></xs:simpleType>`);

const REDEFINE = xsd(`
  <xs:redefine schemaLocation="urn:magento:module:Vendor_Mod:etc/base.xsd">
    <xs:complexType name="routeType">
      <xs:complexContent>
        <xs:extension base="routeType">
          <xs:sequence><xs:element name="service" type="xs:string"/></xs:sequence>
          <xs:attribute name="code" type="codeType"/>
        </xs:extension>
      </xs:complexContent>
    </xs:complexType>
  </xs:redefine>`);

test('xs:redefine resolves a urn: schemaLocation in the map and flattens the extension', () => {
  const model = compileSchemas({ 'urn:magento:module:Vendor_Mod:etc/base.xsd': BASE, 'urn:magento:module:Vendor_Mod:etc/file.xsd': REDEFINE }, ['urn:magento:module:Vendor_Mod:etc/file.xsd']);
  const schema = model.schemas['file.xsd'];
  assert.equal(schema.urn, 'urn:magento:module:Vendor_Mod:etc/file.xsd');
  assert.deepEqual(schema.complexTypes.routeType, {
    kind: 'complex',
    content: 'elements',
    particle: { sequence: [{ element: 'service', type: 'xs:string' }] },
    attributes: [{ name: 'url', type: 'xs:string', required: true }, { name: 'code', type: 'codeType' }],
  });
  assert.deepEqual(schema.simpleTypes.codeType, { kind: 'simple', base: 'xs:token', patterns: [['[A-Z]+']] });
  assert.deepEqual(Object.keys(schema.complexTypes), ['routeType', 'routesType'], 'the original routeType is flattened away');

  const problems = validateSchema(parseXml('<routes><route url="/x" code=" AB "/></routes>'), model, 'file.xsd');
  assert.deepEqual(problems.map((p) => p.message), ['<route> requires a <service> element'], 'token collapses " AB " before the pattern');
});

test('xs:include resolves by file name too; restrictions chain their facets', () => {
  const base = xsd(`
    <xs:simpleType name="short"><xs:restriction base="xs:string"><xs:maxLength value="5"/><xs:pattern value="[a-z]+"/><xs:pattern value="[0-9]+"/></xs:restriction></xs:simpleType>
    <xs:simpleType name="shorter"><xs:restriction base="short"><xs:minLength value="2"/><xs:pattern value="[^q]*"/></xs:restriction></xs:simpleType>`);
  const main = xsd(`
    <xs:include schemaLocation="urn:magento:framework:Foo/etc/types.xsd"/>
    <xs:element name="v" type="shorter"/>`);
  const model = compileSchemas({ '/somewhere/types.xsd': base, 'main.xsd': main }, ['main.xsd']);
  assert.deepEqual(model.schemas['main.xsd'].simpleTypes.shorter, { kind: 'simple', base: 'xs:string', maxLength: 5, minLength: 2, patterns: [['[a-z]+', '[0-9]+'], ['[^q]*']] });
  const messages = (v: string) => validateSchema(parseXml(`<v>${v}</v>`), model, 'main.xsd').map((p) => p.message);
  assert.deepEqual(messages('abc'), []);
  assert.deepEqual(messages('123'), []);
  assert.deepEqual(messages('a'), ['v must be 2 to 5 characters (it has 1)']);
  assert.deepEqual(messages('aq'), ['v "aq" does not match the pattern [^q]*']);
  assert.deepEqual(messages('a1'), ['v "a1" does not match any of the patterns [a-z]+ or [0-9]+']);
});

test('complexContent restriction restates the content model; attributes are inherited unless restated or prohibited', () => {
  const main = xsd(`
    <xs:element name="r" type="narrow"/>
    <xs:complexType name="wide">
      <xs:choice maxOccurs="unbounded"><xs:element name="a"/><xs:element name="b"/></xs:choice>
      <xs:attribute name="x" type="xs:int"/>
      <xs:attribute name="y" type="xs:string"/>
    </xs:complexType>
    <xs:complexType name="narrow">
      <xs:complexContent>
        <xs:restriction base="wide">
          <xs:choice><xs:element name="a"/></xs:choice>
          <xs:attribute name="x" type="xs:int" use="required"/>
          <xs:attribute name="y" use="prohibited"/>
        </xs:restriction>
      </xs:complexContent>
    </xs:complexType>`);
  const model = compileSchemas({ 'm.xsd': main });
  assert.deepEqual(model.schemas['m.xsd'].complexTypes.narrow.attributes, [{ name: 'x', type: 'xs:int', required: true }]);
  const messages = (doc: string) => validateSchema(parseXml(doc), model, 'm.xsd').map((p) => p.message);
  assert.deepEqual(messages('<r x="1"><a/></r>'), []);
  assert.deepEqual(messages('<r x="1" y="2"><a/><a/></r>'), ['Unexpected attribute y on <r>: <r> allows only x', '<r> may contain only one <a>']);
  assert.deepEqual(messages('<r x="1"><b/></r>'), ['<r> requires an <a> element', 'Unexpected element <b> in <r>: expected <a>']);
});

test('choice, nested sequences and bounded maxOccurs', () => {
  const model = compileSchemas({ 'm.xsd': xsd(`
    <xs:element name="r"><xs:complexType><xs:sequence>
      <xs:choice><xs:element name="a"/><xs:element name="b"/></xs:choice>
      <xs:sequence minOccurs="0" maxOccurs="2"><xs:element name="c"/><xs:element name="d" minOccurs="0"/></xs:sequence>
      <xs:element name="e" type="xs:boolean" maxOccurs="3"/>
    </xs:sequence></xs:complexType></xs:element>`) });
  const messages = (doc: string) => validateSchema(parseXml(doc), model, 'm.xsd').map((p) => p.message);
  assert.deepEqual(messages('<r><b/><c/><d/><c/><e>1</e><e>0</e><e>true</e></r>'), []);
  assert.deepEqual(messages('<r><a/><e>1</e><e>1</e><e>1</e><e>1</e></r>'), ['<r> may contain at most 3 <e> elements']);
  assert.deepEqual(messages('<r><a/><c/><c/><c/><e>1</e></r>'), ['<r> may contain at most 2 <c> elements']);
  assert.deepEqual(messages('<r><e>1</e></r>'), ['<r> requires an <a> element before <e>']);
  assert.deepEqual(messages('<r><a/></r>'), ['<r> must contain at least one <e>']);
  assert.deepEqual(messages('<r><a/><c/><c/><e>1</e></r>'), []);
});

test('mixed content allows text; xs:key requires its field', () => {
  const model = compileSchemas({ 'm.xsd': xsd(`
    <xs:element name="r">
      <xs:complexType mixed="true"><xs:sequence><xs:element name="i" maxOccurs="unbounded"><xs:complexType><xs:attribute name="k" type="xs:token"/></xs:complexType></xs:element></xs:sequence></xs:complexType>
      <xs:key name="byK"><xs:selector xpath="./i"/><xs:field xpath="@k"/></xs:key>
    </xs:element>`) });
  const messages = (doc: string) => validateSchema(parseXml(doc), model, 'm.xsd').map((p) => p.message);
  assert.deepEqual(messages('<r>text <i k="a"/> more <i k="b"/></r>'), []);
  assert.deepEqual(messages('<r><i k="a"/><i k=" a "/></r>'), ['Duplicate i k "a" in this file'], 'compared after the type collapses whitespace');
  assert.deepEqual(messages('<r><i k="a"/><i/></r>'), ['<i> requires k (unique key of this file)']);
});

test('constructs outside the supported subset are refused when compiling', () => {
  const refuse = (body: string, pattern: RegExp) => assert.throws(() => compileSchemas({ 'm.xsd': xsd(body) }), (e: unknown) => e instanceof XsdCompileError && pattern.test(e.message));
  refuse('<xs:import namespace="urn:x"/>', /top-level <xs:import>/);
  refuse('<xs:element name="r"><xs:complexType><xs:sequence><xs:any/></xs:sequence></xs:complexType></xs:element>', /<xs:any> in <xs:sequence>/);
  refuse('<xs:simpleType name="u"><xs:union memberTypes="xs:int xs:boolean"/></xs:simpleType><xs:element name="r" type="u"/>', /only restrictions/);
  refuse('<xs:element name="r" type="xs:dateTime"/>', /xs:dateTime is not supported/);
  refuse('<xs:element name="r" type="nope"/>', /unknown type nope/);
  refuse('<xs:simpleType name="p"><xs:restriction base="xs:string"><xs:pattern value="\\p{IsBasicLatin}"/></xs:restriction></xs:simpleType><xs:element name="r" type="p"/>', /block/);
  assert.throws(() => compileSchemas({ 'm.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x"/>' }), /targetNamespace/);
  assert.throws(() => compileSchemas({ 'm.xsd': xsd('<xs:include schemaLocation="urn:magento:framework:missing.xsd"/>') }), /cannot resolve schemaLocation/);
  assert.equal(schemaName('urn:magento:framework:Acl/etc/acl.xsd'), 'acl.xsd');
});

test('compiling is deterministic', () => {
  const sources = { 'urn:magento:module:Vendor_Mod:etc/base.xsd': BASE, 'urn:magento:module:Vendor_Mod:etc/file.xsd': REDEFINE };
  assert.equal(JSON.stringify(compileSchemas(sources)), JSON.stringify(compileSchemas(sources)));
});

test('XSD regular expressions: anchored, XSD escapes and classes, ^ and $ are plain characters', () => {
  const yes = (p: string, ...values: string[]) => values.forEach((v) => assert.equal(xsdRegex(p).test(v), true, `${p} ~ ${JSON.stringify(v)}`));
  const no = (p: string, ...values: string[]) => values.forEach((v) => assert.equal(xsdRegex(p).test(v), false, `${p} !~ ${JSON.stringify(v)}`));
  yes('[^@]+@[^\\.]+\\..+', 'a@b.c', '\na@b.c');
  no('[^@]+@[^\\.]+\\..+', 'a@b.c\n', 'a@bc', '@b.c', 'a@.c', '');
  no('a.c', 'a\nc', 'a\rc');
  yes('^a$', '^a$');
  no('^a$', 'a');
  no('ab', 'xab', 'abx');
  yes('.+(, ?.+)*', 'a', 'a, b', 'a,b');
  yes('\\d+', '123', '١٢٣');
  yes('\\i\\c*', 'abc', '_a:b', 'a-b');
  no('\\i\\c*', '1abc');
  yes('[a-z-[aeiou]]+', 'bcd');
  no('[a-z-[aeiou]]+', 'bad');
  yes('a{2,3}', 'aa', 'aaa');
  no('a{2,3}', 'a', 'aaaa');
  yes('(ab|cd)*', '', 'abcd');
  yes('\\p{Lu}\\P{Lu}', 'Ab', 'Éé');
  no('\\p{Lu}\\P{Lu}', 'AB');
  yes('[\\-a]+', '-a-');
  yes('[a-]x', '-x', 'ax');
  no('\\w+', 'a b', 'a-b');
  yes('a|', 'a', '');
  yes('😀{2}', '😀😀');
  yes('([A-Z]+[a-zA-Z0-9]{1,}){1,}_[A-Z]+[A-Z0-9a-z]{1,}::[A-Za-z_0-9]{1,}', 'Magento_Backend::admin', 'AB_CD::e', 'MagentoCatalog_Inv::x_1');
  no('([A-Z]+[a-zA-Z0-9]{1,}){1,}_[A-Z]+[A-Z0-9a-z]{1,}::[A-Za-z_0-9]{1,}', 'A_B::c', 'Ab_Cd::', 'ab_Cd::e');
  for (const bad of ['(a', 'a**', '[a', 'a{2,1}', '\\q', '\\p{IsBasicLatin}']) assert.throws(() => xsdRegex(bad), XsdRegexError, bad);
});

// Exponential for a backtracking engine; linear here: the work at 4n is about 4 times that at n. The
// timeout is a generous ceiling for a hang, not a budget.
test('XSD regular expressions run in linear time', { timeout: 120_000 }, () => {
  const list = xsdRegex('.+(, ?.+)*');
  const id = xsdRegex('([A-Z]+[a-zA-Z0-9]{1,}){1,}_[A-Z]+[A-Z0-9a-z]{1,}::[A-Za-z_0-9]{1,}');
  assert.equal(list.test(`${'a, '.repeat(20000)}\n`), false);
  assert.equal(id.test(`${'A'.repeat(20000)}!`), false);
  // Values longer than the results cache holds, so that every run matches anew.
  assertLinear('a list pattern', (n) => list.test(`${'a, '.repeat(n)}\n`), 5000);
  assertLinear('the ACL id pattern', (n) => id.test(`${'A'.repeat(n)}!`), 5000);
});

test('xs:anyURI the way libxml2 parses it', () => {
  for (const v of ['http://x', 'http://a b', 'http://[::1]:80/x?y#z', 'mailto:a@b.c', '/V1/x', 'x:y', '#frag', '?q', '', 'http://ü.de', 'http://x#a[b]', 'a?b#c?d', '{x}']) assert.equal(isUriReference(v), true, v);
  for (const v of ['https://a.b http://c.d', 'ht%zz', 'a%2', 'a#b#c', '1a:b', 'http://host:/p', 'http://h:8o/', 'a[b]', 'http://x:80:90']) assert.equal(isUriReference(v), false, v);
});

test('built-in types: lexical rules and whitespace as libxml2 applies them', () => {
  const ok = (base: string, ...values: string[]) => values.forEach((v) => assert.equal(checkValue(v, { kind: 'simple', base }, 'v'), undefined, `${base} ${JSON.stringify(v)}`));
  const bad = (base: string, ...values: string[]) => values.forEach((v) => assert.notEqual(checkValue(v, { kind: 'simple', base }, 'v'), undefined, `${base} ${JSON.stringify(v)}`));
  ok('xs:boolean', 'true', 'false', '1', '0', ' true ');
  bad('xs:boolean', 'TRUE', 'yes', '');
  ok('xs:int', '+5', '-0', '05', '-2147483648');
  bad('xs:int', ' 7 ', '7 ', '2147483648', '1.0', '');
  ok('xs:integer', ' 7 ', '99999999999999999999');
  ok('xs:nonNegativeInteger', '0', '-0', '+3');
  bad('xs:nonNegativeInteger', '-1');
  ok('xs:decimal', '1.5', '.5', '-2.');
  bad('xs:decimal', '1e3', '.');
  ok('xs:token', '  a  b ');
  ok('xs:string', '', ' anything\n');
  ok('xs:NCName', ' ab ');
  bad('xs:NCName', 'a:b', '1a');
  assert.equal(checkValue('😀😀', { kind: 'simple', base: 'xs:string', maxLength: 2 }, 'v'), undefined, 'lengths count characters, not UTF-16 units');
  assert.equal(checkValue(' a ', { kind: 'simple', base: 'xs:string', minLength: 3 }, 'v'), undefined, 'xs:string keeps whitespace');
  assert.equal(checkValue(' ab ', { kind: 'simple', base: 'xs:anyURI', minLength: 4 }, 'v'), 'v must be at least 4 characters (it has 2)', 'xs:anyURI collapses it first');
  assert.equal(checkValue('2', { kind: 'simple', base: 'xs:int', enumeration: ['01', '02'] }, 'v'), undefined, 'numeric enumerations compare values');
});
