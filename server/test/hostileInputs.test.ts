/**
 * Issue 15, what the language service itself must withstand: amplification (an inserted parent copying
 * every attribute of the element next to it; did-you-mean over a 1 M-character id in one step), a file that
 * is not XML quoted back in its diagnostic, a CR-only file read as broken, and the "create the config.xml
 * entry" fix writing into a file that exists after all; and what held already: external entities.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CompletionList, CreateFile, TextEdit } from 'vscode-languageserver-types';
import { parseXml } from '../src/service/xml/xmlDocument';
import { apiXml, API_PATH, CORE_ACL, CORE_ACL_PATH, doc, editsOf, messageOf, uri, workspace } from './helpers';

// The module object fastest-levenshtein's callers read `distance` from at each call.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const levenshtein = require('fastest-levenshtein') as { distance: (a: string, b: string) => number };

test('amplification: an inserted parent carries only name, whatever else the element next to it has', () => {
  const attributes = Array.from({ length: 200_000 }, (_, i) => ` a${i}="${i}"`).join('');
  const text = apiXml(`            <resource name="Magento_Sales::reorder" title="Reorder"${attributes} />\n`);
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [API_PATH]: text });
  const document = doc(uri(API_PATH), text);
  const at = document.positionAt(text.indexOf('reorder'));

  const fix = service.getCodeActions(document, { start: at, end: at }, { diagnostics: [] }).find((a) => a.isPreferred)!;
  const [insertion] = editsOf(fix, document.uri);
  assert.equal(
    insertion.newText,
    ['sales', 'sales_operation', 'sales_order', 'actions'].map((id) => `<resource name="Magento_Sales::${id}" />\n            `).join(''),
    'only name, in the model\'s quote and closing (" />"), not its title or 200,000 other attributes',
  );

  const safe = service.getSafeFixes(document);
  assert.ok(safe.every((e: TextEdit) => e.newText.length < 400), 'the CLI\'s fixes are as small');

  // Completion inserts the same parents (in the list, or at resolve): as small.
  const typed = text.replace('Magento_Sales::reorder', 'Magento_Sales::s');
  const typing = doc(uri(API_PATH), typed);
  const list = service.doComplete(typing, typing.positionAt(typed.indexOf('Magento_Sales::s') + 'Magento_Sales::s'.length)) as CompletionList;
  const ship = list.items.find((i) => i.label === 'Magento_Sales::ship');
  assert.ok(ship, 'completion offers Magento_Sales::ship');
  const parents = (ship!.additionalTextEdits ?? service.resolveCompletion(typing, ship!).additionalTextEdits ?? []).map((e) => e.newText).join('');
  assert.match(parents, /<resource name="Magento_Sales::actions" \/>/);
  assert.ok(parents.length < 400, `completion inserts ${parents.length} characters`);
});

test('amplification: did-you-mean work is bounded per id and per step (a 1 M-character id, 300 unknown ids)', () => {
  const huge = `Magento_Sales::${'x'.repeat(1_000_000)}`;
  const hugeModule = 'M'.repeat(1_000_000);
  const ids = [huge, hugeModule, ...Array.from({ length: 300 }, (_, i) => `Magento_Sales::reordr${i}`)];
  const text = apiXml(ids.map((id) => `            <resource name="${id}"/>\n`).join(''));
  const service = workspace({ [API_PATH]: text }, { catalog: 'bundled' });
  const document = doc(uri(API_PATH), text);

  // Work of the edit-distance function: the product of the lengths it compares, counted per step.
  const original = levenshtein.distance;
  let work = 0;
  levenshtein.distance = (a, b) => {
    work += a.length * b.length;
    return original(a, b);
  };
  const perStep: number[] = [];
  let diagnostics;
  try {
    const steps = service.validationSteps(document);
    for (;;) {
      work = 0;
      const r = steps.next();
      perStep.push(work);
      if (r.done) {
        diagnostics = r.value;
        break;
      }
    }
  } finally {
    levenshtein.distance = original;
  }
  const worst = Math.max(...perStep);
  const total = perStep.reduce((a, b) => a + b, 0);
  // One typical suggestion compares a 30-character id with a few thousand known ones: ~10 M.
  assert.ok(worst < 50_000_000, `one step did ${worst.toLocaleString('en-US')} units of edit-distance work`);
  assert.ok(total < 2_000_000_000, `all steps did ${total.toLocaleString('en-US')}`);
  const messages = diagnostics.map(messageOf);
  assert.ok(messages.some((m) => /reordr0 .*Did you mean Magento_Sales::reorder\?/.test(m)), 'ordinary ids still get their suggestion');
  assert.equal(diagnostics.filter((d) => d.code === 'unknown-resource' || d.code === 'unverifiable-resource').length, ids.length);
});

test('a file that is not XML gets one diagnostic that quotes none of it', () => {
  const secret = 'MIL_SECRET=hunter2-do-not-print';
  const environ = `PATH=/usr/bin\0${secret}\0HOME=/root\0`;
  const passwd = `root:x:0:0:${secret}:/root:/bin/bash\n`;
  for (const text of [environ, passwd, `\uFEFF  ${secret}`, `<a>${secret}\0</a>`]) {
    const service = workspace({});
    const diagnostics = service.doValidation(doc(uri('app/code/Acme/Sync/etc/acl.xml'), text));
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0].code, 'xml-syntax');
    assert.match(messageOf(diagnostics[0]), /not an XML document/);
    assert.doesNotMatch(JSON.stringify(diagnostics), /hunter2|PATH=|root:x/);
    assert.equal(parseXml(text).root, undefined);
  }
});

test('CR-only line endings (and a lone CR between markup) are XML line breaks, not syntax errors', () => {
  const lf = `<?xml version="1.0"?>\n<integrations>\n    <integration name="Acme">\n        <resources>\n            <resource name="Magento_Sales::reorder"/>\n        </resources>\n    </integration>\n</integrations>\n`;
  const cr = lf.replace(/\n/g, '\r');
  const parsed = parseXml(cr);
  assert.deepEqual(parsed.errors, []);
  const shape = (x: ReturnType<typeof parseXml>) => JSON.stringify(x.root, (k, v) => (k === 'parent' ? undefined : v));
  assert.equal(shape(parsed), shape(parseXml(lf)), 'the same tree at the same offsets');
  assert.equal(parsed.text, cr, 'the text is kept as it is');
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL });
  const codes = service.doValidation(doc(uri(API_PATH), cr)).map((d) => d.code);
  assert.ok(!codes.includes('xml-syntax'), codes.join());
  assert.ok(codes.includes('missing-parent'), 'and it is checked');
});

test('"create the config.xml entry" never writes into a config.xml that exists after all', () => {
  const text = apiXml('            <resource name="Magento_Sales::sales"/>\n');
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL, [API_PATH]: text });
  const document = doc(uri(API_PATH), text);
  const at = document.positionAt(text.indexOf('Acme'));
  const create = service.getCodeActions(document, { start: at, end: at }, { diagnostics: [] }).find((a) => /config\.xml entry/.test(a.title));
  assert.ok(create, 'offered');
  const [file, edit] = create!.edit!.documentChanges! as [CreateFile, { edits: TextEdit[] }];
  assert.equal(file.kind, 'create');
  // An editor fails such an edit when the file exists, instead of inserting at its line 0 (a second document).
  assert.ok(!file.options?.ignoreIfExists && !file.options?.overwrite, JSON.stringify(file.options));
  assert.match(edit.edits[0].newText, /^<\?xml/);
});

test('held: external entities (XXE) are never resolved and a billion-laughs document is not expanded', () => {
  const secretFile = path.join(mkdtempSync(path.join(tmpdir(), 'mils-xxe-')), 'secret.txt');
  writeFileSync(secretFile, 'hunter2-xxe-secret');
  const text = `<?xml version="1.0"?>
<!DOCTYPE integrations [
  <!ENTITY xxe SYSTEM "file://${secretFile}">
  <!ENTITY % remote SYSTEM "file://${secretFile}">
  %remote;
  <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<integrations>
    <integration name="&xxe;&c;">
        <resources>
            <resource name="&xxe;"/>
        </resources>
    </integration>
</integrations>
`;
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL });
  const document = doc(uri(API_PATH), text);
  const answers = [
    service.doValidation(document),
    service.doHover(document, document.positionAt(text.indexOf('&xxe;"/>') + 1)),
    service.findDocumentSymbols(document),
    service.doComplete(document, document.positionAt(text.indexOf('&xxe;"/>') + 5)),
    service.effectivePermissions(document, document.positionAt(text.indexOf('integration name'))),
  ];
  assert.doesNotMatch(JSON.stringify(answers), /hunter2/, 'the file is never read');
  assert.doesNotMatch(JSON.stringify(answers), /a{100}/, 'entities are not expanded');
});
