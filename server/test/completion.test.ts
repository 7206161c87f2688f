import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CompletionItem, Range, TextEdit } from 'vscode-languageserver-types';
import { MAX_ID_ITEMS } from '../src/service/features/resourceIdCompletion';
import { API_PATH, apiXml, applyEdits, CORE_ACL, CORE_ACL_PATH, cursor, doc, uri, workspace } from './helpers';

function completeAt(textWithCursor: string, options: { path?: string; files?: Record<string, string>; settings?: unknown; catalog?: 'bundled' } = {}) {
  const { text, offset } = cursor(textWithCursor);
  const path = options.path ?? API_PATH;
  const core: Record<string, string> = options.catalog ? {} : { [CORE_ACL_PATH]: CORE_ACL };
  const service = workspace({ ...core, ...options.files }, { settings: options.settings, catalog: options.catalog });
  const document = doc(uri(path), text);
  const list = service.doComplete(document, document.positionAt(offset));
  return { list, text, document, labels: list.items.map((i) => i.label) };
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item ${label}`);
  return found;
}

/** The document after choosing an item: its main edit plus additionalTextEdits. */
function choose(text: string, chosen: CompletionItem): string {
  return applyEdits(text, [chosen.textEdit as TextEdit, ...(chosen.additionalTextEdits ?? [])]);
}

test('completes ids inside name="|" with title, tree path and declaring module', () => {
  const { list } = completeAt(apiXml('            <resource name="|"/>\n'));
  const reorder = item(list.items, 'Magento_Sales::reorder');
  assert.equal(reorder.detail?.startsWith('Reorder'), true);
  const docs = (reorder.documentation as { value: string }).value;
  assert.match(docs, /Magento Admin › Sales › Operations › Orders › Actions › Reorder/);
  assert.match(docs, /Magento_Sales/);
  assert.match(reorder.filterText!, /Reorder/, 'typing words of the title finds the id');
  assert.equal(list.items.length, 10, 'every id of the tree but the root');
  assert.ok(!list.items.some((i) => i.label === 'Magento_Backend::admin'), 'Magento adds the root itself (listing it is flagged redundant)');
});

test('the edit replaces the whole attribute value, wherever the cursor is in it', () => {
  const { list, text } = completeAt(apiXml('            <resource name="Magento_Sa|les::sh"/>\n'));
  const result = choose(text, { ...item(list.items, 'Magento_Sales::reorder'), additionalTextEdits: [] });
  assert.match(result, /<resource name="Magento_Sales::reorder"\/>/);
});

test('works with no closing quote yet, and closes the quote', () => {
  const { list, text } = completeAt(apiXml('            <resource name="Magento_Sales::re|\n'));
  const result = choose(text, { ...item(list.items, 'Magento_Sales::reorder'), additionalTextEdits: [] });
  assert.match(result, /<resource name="Magento_Sales::reorder"\n/);
});

test("works with single quotes and other attributes first", () => {
  const { list, text } = completeAt(apiXml("            <resource foo='1' name='|'/>\n"));
  const result = choose(text, { ...item(list.items, 'Magento_Config::config'), additionalTextEdits: [] });
  assert.match(result, /<resource foo='1' name='Magento_Config::config'\/>/);
});

test('offers nothing outside a resource name value', () => {
  for (const t of [
    apiXml('            <resource name="Magento_Sales::sales"/>|\n'),
    apiXml('            <resource |name=""/>\n'),
    apiXml('            <resource name="Magento_Sales::sales" title="|"/>\n'),
    '<integrations><integration name="|"/></integrations>',
  ]) {
    assert.deepEqual(completeAt(t).labels, [], t);
  }
});

test('offers nothing in acl.xml and webapi.xml resource values (this issue covers integration files)', () => {
  const acl = completeAt('<config><acl><resources><resource name="|"/></resources></acl></config>', { path: 'app/code/Acme/Sync/etc/acl.xml' });
  assert.deepEqual(acl.labels, []);
});

test('ids already listed in the integration are left out, across every api.xml of that name', () => {
  const other = apiXml('            <resource name="Magento_Config::config"/>\n');
  const { labels } = completeAt(apiXml('            <resource name="Magento_Sales::ship"/>\n            <resource name="|"/>\n'), {
    files: { 'app/code/Other/Module/etc/integration/api.xml': other },
  });
  assert.ok(!labels.includes('Magento_Sales::ship'));
  assert.ok(!labels.includes('Magento_Config::config'));
  assert.ok(labels.includes('Magento_Sales::reorder'));
});

test('the value being edited does not hide itself', () => {
  const { labels } = completeAt(apiXml('            <resource name="Magento_Sales::ship|"/>\n'));
  assert.ok(labels.includes('Magento_Sales::ship'));
});

test('another integration name does not hide ids', () => {
  const other = apiXml('            <resource name="Magento_Config::config"/>\n', 'Other');
  const { labels } = completeAt(apiXml('            <resource name="|"/>\n'), { files: { 'app/code/Other/Module/etc/integration/api.xml': other } });
  assert.ok(labels.includes('Magento_Config::config'));
});

test('in api.xml choosing an id inserts its missing ancestors before the element, with its indentation', () => {
  const { list, text } = completeAt(apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="|"/>\n'));
  const result = choose(text, item(list.items, 'Magento_Sales::reorder'));
  assert.equal(
    result,
    apiXml(
      [
        '            <resource name="Magento_Sales::sales"/>',
        '            <resource name="Magento_Sales::sales_operation"/>',
        '            <resource name="Magento_Sales::sales_order"/>',
        '            <resource name="Magento_Sales::actions"/>',
        '            <resource name="Magento_Sales::reorder"/>',
        '',
      ].join('\n'),
    ),
  );
});

test('ancestor insertion keeps CRLF and tabs, and works while the tag is half-typed', () => {
  const text = apiXml('\t\t\t<resource name="Magento_Backend::stores" />\n\t\t\t<resource name="Magento_Config::c|\n').replace(/\n/g, '\r\n');
  const { list, text: plain } = completeAt(text);
  const result = choose(plain, item(list.items, 'Magento_Config::config'));
  assert.ok(result.includes('\t\t\t<resource name="Magento_Backend::stores_settings" />\r\n\t\t\t<resource name="Magento_Config::config"\r\n'), JSON.stringify(result));
});

test('the insertMissingParents setting turns ancestor insertion off', () => {
  const { list } = completeAt(apiXml('            <resource name="|"/>\n'), { settings: { completion: { insertMissingParents: false } } });
  assert.equal(item(list.items, 'Magento_Sales::reorder').additionalTextEdits, undefined);
});

test('integration.xml completes ids but inserts no ancestors (Magento adds them)', () => {
  const text = '<config>\n  <integration name="X">\n    <resources>\n      <resource name="|"/>\n    </resources>\n  </integration>\n</config>\n';
  const { list } = completeAt(text, { path: 'app/code/Acme/Sync/etc/integration.xml' });
  assert.equal(item(list.items, 'Magento_Sales::reorder').additionalTextEdits, undefined);
});

test('with the bundled catalog a standalone module gets every Magento id plus its own, each found by typing it', () => {
  const own = '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Acme_Sync::top" title="Top"/></resource></resources></acl></config>';
  const files = { 'etc/acl.xml': own };
  const empty = completeAt(apiXml('            <resource name="|"/>\n'), { catalog: 'bundled', files });
  // 277 ids: more than one answer holds, so the answer is capped and says it is incomplete.
  assert.equal(empty.labels.length, MAX_ID_ITEMS);
  assert.equal(empty.list.isIncomplete, true);
  const service = workspace(files, { catalog: 'bundled' });
  const ids = [...service.index.acl.all()].map((r) => r.id);
  assert.equal(ids.length, 277);
  for (const id of ids.filter((i) => i !== 'Magento_Backend::admin')) {
    const { text, offset } = cursor(apiXml(`            <resource name="${id}|"/>\n`));
    const document = doc(uri(API_PATH), text);
    const labels = service.doComplete(document, document.positionAt(offset)).items.map((i) => i.label);
    assert.ok(labels.includes(id), `${id} is offered once typed`);
  }
  assert.ok(completeAt(apiXml('            <resource name="Acme|"/>\n'), { catalog: 'bundled', files }).labels.includes('Acme_Sync::top'));
});

test('a capped answer ranks what is typed: prefixes and title words first; nothing typed: the modules already listed first', () => {
  const typed = completeAt(apiXml('            <resource name="Magento_Catalog::prod|"/>\n'), { catalog: 'bundled' });
  assert.equal(typed.list.isIncomplete, true);
  assert.equal(typed.labels[0], 'Magento_Catalog::products');
  const title = completeAt(apiXml('            <resource name="reorder|"/>\n'), { catalog: 'bundled' });
  assert.ok(title.labels.slice(0, 3).includes('Magento_Sales::reorder'), title.labels.slice(0, 5).join());
  const listed = completeAt(apiXml('            <resource name="Magento_Cms::cms"/>\n            <resource name="|"/>\n'), { catalog: 'bundled' });
  const cms = listed.labels.filter((l) => l.startsWith('Magento_Cms::'));
  assert.ok(cms.length > 3 && listed.labels.slice(0, cms.length).every((l) => l.startsWith('Magento_Cms::')), listed.labels.slice(0, 8).join());
  assert.ok(!listed.labels.includes('Magento_Cms::cms'), 'listed ids stay out');
  // Exactly: the offered ids of the listed modules and of the file's own, sorted, then every other id, sorted.
  const two = completeAt(apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="Magento_Cms::cms"/>\n            <resource name="|"/>\n'), { catalog: 'bundled' });
  const all = [...workspace({}, { catalog: 'bundled' }).index.acl.all()].map((r) => r.id).filter((id) => !['Magento_Backend::admin', 'Magento_Sales::sales', 'Magento_Cms::cms'].includes(id)).sort();
  const mine = (id: string) => /^(Magento_Sales|Magento_Cms|Acme_Sync)::/.test(id);
  assert.deepEqual(two.labels, [...all.filter(mine), ...all.filter((id) => !mine(id))].slice(0, MAX_ID_ITEMS));
});

test('typing `ord` in an integration of Sales ids: the order ids of Sales first, reorder kept, in an order the editor keeps', () => {
  const listed = '            <resource name="Magento_Sales::sales"/>\n';
  const { list, labels } = completeAt(apiXml(`${listed}            <resource name="ord|"/>\n`), { catalog: 'bundled' });
  assert.equal(list.isIncomplete, true);
  assert.deepEqual(labels.slice(0, 3), ['Magento_Sales::order_statuses', 'Magento_Sales::sales_order', 'Magento_Sales::reorder'], 'the listed module\'s ids containing it, a word start first');
  const idMatches = labels.findIndex((l) => !l.toLowerCase().includes('ord'));
  assert.ok(idMatches > 3 && labels.slice(idMatches).every((l) => !l.toLowerCase().includes('ord')), `ids containing "ord" before the others: ${labels.slice(0, 12).join()}`);
  const byTitle = list.items.slice(idMatches, idMatches + 3);
  assert.ok(byTitle.every((i) => /ord/i.test(i.filterText!.slice('ord'.length))), 'then ids whose title says it');
  assert.ok(labels.indexOf('Magento_Backend::dashboard') > labels.indexOf('Magento_Reports::sold'), 'a scattered fuzzy match comes last');
  // What VS Code keeps and how it orders: its fuzzy filter scores the typed text against filterText, and
  // breaks ties by sortText. Every filterText starting with the typed text scores alike, so the editor keeps
  // every item and the server's order.
  for (const i of list.items) assert.ok(i.filterText?.startsWith('ord'), `${i.label}: ${i.filterText}`);
  const sortTexts = list.items.map((i) => i.sortText!);
  assert.deepEqual([...sortTexts].sort(), sortTexts, 'sortText follows the rank');
  assert.equal(new Set(sortTexts).size, sortTexts.length);
});

test('a list the server did not filter (every id fits): no typed prefix in filterText, and sortText puts the listed module first', () => {
  const { list, labels } = completeAt(apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="re|"/>\n'));
  assert.equal(list.isIncomplete, true, 'still asked again as the user types: that tells the VS Code client the list is open');
  assert.equal(labels.length, 9, 'every id but the root and the listed one: the editor filters');
  const inOrder = [...list.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => String(i.label));
  const sales = inOrder.filter((l) => l.startsWith('Magento_Sales::'));
  assert.deepEqual(inOrder, [...sales.sort(), ...inOrder.filter((l) => !l.startsWith('Magento_Sales::')).sort()]);
  assert.ok(sales.length === 5);
  assert.equal(item(list.items, 'Magento_Sales::reorder').filterText, 'Magento_Sales::reorder Reorder', 'id and title: typing a word of the title finds the id');
});

test('labelDetails: the title in every row, for a client that shows them', () => {
  const { text, offset } = cursor(apiXml('            <resource name="|"/>\n'));
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL });
  const document = doc(uri(API_PATH), text);
  const plain = service.doComplete(document, document.positionAt(offset));
  assert.ok(plain.items.every((i) => i.labelDetails === undefined), 'not for a client that does not say it shows them');
  service.setCompletionSupport({ itemDefaults: ['editRange', 'data'], resolve: ['documentation', 'detail', 'additionalTextEdits'], labelDetails: true });
  const list = service.doComplete(document, document.positionAt(offset));
  assert.deepEqual(item(list.items, 'Magento_Sales::reorder').labelDetails, { description: 'Reorder' });
  assert.ok(list.items.every((i) => i.labelDetails?.description), 'every row of this tree has a title');
});

test('workspace declarations take precedence over the bundled catalog', () => {
  const sales = '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Magento_Sales::sales" title="Sales (workspace)"/></resource></resources></acl></config>';
  const files = { 'app/code/Magento/Sales/etc/acl.xml': sales };
  const { list } = completeAt(apiXml('            <resource name="Magento_Sales::|"/>\n'), { catalog: 'bundled', files });
  assert.equal(item(list.items, 'Magento_Sales::sales').detail, 'Sales (workspace)');
  assert.ok(!completeAt(apiXml('            <resource name="Magento_Sales::re|"/>\n'), { catalog: 'bundled', files }).labels.includes('Magento_Sales::reorder'), 'the bundled Magento_Sales file no longer serves');
  assert.ok(completeAt(apiXml('            <resource name="Magento_Catalog::|"/>\n'), { catalog: 'bundled', files }).labels.includes('Magento_Catalog::products'), 'other bundled modules still do');
});

test('with a client that resolves lazily: the edit range and data are list defaults, and resolve gives what the eager item has', () => {
  const { text, offset } = cursor(apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="Magento_Sales::re|\n'));
  const eagerService = workspace({ [CORE_ACL_PATH]: CORE_ACL });
  const lazyService = workspace({ [CORE_ACL_PATH]: CORE_ACL });
  // What vscode-languageclient announces.
  lazyService.setCompletionSupport({ itemDefaults: ['editRange', 'data'], resolve: ['documentation', 'detail', 'additionalTextEdits'] });
  const document = doc(uri(API_PATH), text);
  const eager = item(eagerService.doComplete(document, document.positionAt(offset)).items, 'Magento_Sales::reorder');
  const list = lazyService.doComplete(document, document.positionAt(offset));
  const lean = item(list.items, 'Magento_Sales::reorder');
  assert.deepEqual(Object.keys(lean).sort(), ['filterText', 'kind', 'label', 'sortText', 'textEditText']);
  assert.equal(lean.textEditText, 'Magento_Sales::reorder"', 'the missing closing quote is inserted');
  assert.deepEqual(list.itemDefaults?.editRange, (eager.textEdit as TextEdit).range);
  // The client copies the defaults into the item it resolves.
  const resolved = lazyService.resolveCompletion(document, { ...lean, data: list.itemDefaults?.data });
  assert.deepEqual(resolved.documentation, eager.documentation);
  assert.deepEqual(resolved.additionalTextEdits, eager.additionalTextEdits);
  assert.equal(resolved.detail, eager.detail);
  assert.match(String(eager.detail), /^Reorder \(\+3 parents\)$/);
  assert.equal(choose(text, { ...resolved, textEdit: TextEdit.replace(list.itemDefaults!.editRange as Range, lean.textEditText!) }), choose(text, eager));
});

test('a client that does not resolve the detail gets it in the list', () => {
  const { text, offset } = cursor(apiXml('            <resource name="Magento_Sales::sales"/>\n            <resource name="Magento_Sales::re|\n'));
  const service = workspace({ [CORE_ACL_PATH]: CORE_ACL });
  service.setCompletionSupport({ itemDefaults: ['editRange', 'data'], resolve: ['documentation', 'additionalTextEdits'] });
  const document = doc(uri(API_PATH), text);
  const lean = item(service.doComplete(document, document.positionAt(offset)).items, 'Magento_Sales::reorder');
  assert.equal(lean.detail, 'Reorder (+3 parents)');
  assert.equal(lean.additionalTextEdits, undefined);
});

test('webapi.xml: route method values', () => {
  const { labels, list, text } = completeAt('<routes>\n  <route url="/V1/x" method="P|">\n  </route>\n</routes>', { path: 'app/code/Acme/Sync/etc/webapi.xml' });
  assert.deepEqual(labels, ['GET', 'POST', 'PUT', 'DELETE']);
  assert.equal(list.isIncomplete, true, 'a list of values is asked for again at every keystroke');
  assert.match(choose(text, item(list.items, 'POST')), /method="POST"/);
});

test('integration names: api.xml offers the module\'s config.xml names not used yet, and config.xml the api.xml ones', () => {
  const config = '<integrations>\n  <integration name="Acme Sync"><email>a@b.example</email></integration>\n  <integration name="Acme Other"><email>a@b.example</email></integration>\n</integrations>';
  const api = '<integrations>\n  <integration name="Acme Other"><resources><resource name="Magento_Sales::sales"/></resources></integration>\n  <integration name="|"/>\n</integrations>';
  const fromConfig = completeAt(api, { files: { 'app/code/Acme/Sync/etc/integration/config.xml': config, 'app/code/Other/Mod/etc/integration/config.xml': config.replace(/Acme/g, 'Other') } });
  assert.deepEqual(fromConfig.labels, ['Acme Sync'], 'same module only, names already used left out');
  assert.match(choose(fromConfig.text, fromConfig.list.items[0]), /<integration name="Acme Sync"\/>/);
  const fromApi = completeAt(config.replace('name="Acme Other"', 'name="|"'), { path: 'app/code/Acme/Sync/etc/integration/config.xml', files: { [API_PATH]: api.replace('|', 'New') } });
  assert.deepEqual(fromApi.labels, ['Acme Other', 'New']);
});
