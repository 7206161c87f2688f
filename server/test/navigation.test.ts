/** Hover, definition, references, rename, outline, folding, selection ranges, code lens, effective permissions. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { allRoutes, routesRequiring } from '../src/service/webapi/routes';
import { API_PATH, apiXml, applyEdits, CONFIG_PATH, configXml, cursor, doc, uri, workspace } from './helpers';

const OWN_ACL_PATH = 'app/code/Acme/Sync/etc/acl.xml';
const OWN_ACL = '<config>\n  <acl>\n    <resources>\n      <resource id="Magento_Backend::admin">\n        <resource id="Acme_Sync::top" title="Acme Top">\n          <resource id="Acme_Sync::child" title="Acme Child"/>\n        </resource>\n      </resource>\n    </resources>\n  </acl>\n</config>\n';
const OTHER_ACL_PATH = 'app/code/Acme/Other/etc/acl.xml';
const OTHER_ACL = '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Acme_Sync::top"><resource id="Acme_Other::x" title="X"/></resource></resource></resources></acl></config>';
const WEBAPI_PATH = 'app/code/Acme/Sync/etc/webapi.xml';
const WEBAPI = '<routes>\n  <route url="/V1/acme/child" method="GET">\n    <service class="Acme\\\\Api" method="get"/>\n    <resources>\n      <resource ref="Acme_Sync::child"/>\n    </resources>\n  </route>\n  <route url="/V1/acme/open" method="GET">\n    <service class="Acme\\\\Api" method="open"/>\n    <resources>\n      <resource ref="anonymous"/>\n    </resources>\n  </route>\n</routes>\n';
const API = apiXml('            <resource name="Acme_Sync::top"/>\n            <resource name="Acme_Sync::child"/>\n            <resource name="Magento_Catalog::catalog"/>\n            <resource name="Magento_Catalog::products"/>\n');

function setup(extra: Record<string, string> = {}) {
  return workspace({ [OWN_ACL_PATH]: OWN_ACL, [OTHER_ACL_PATH]: OTHER_ACL, [WEBAPI_PATH]: WEBAPI, [API_PATH]: API, [CONFIG_PATH]: configXml('Acme'), ...extra }, { catalog: 'bundled' });
}

/** Document and position of the `|` marker placed in `text` at `needle` (the marker goes after its first char). */
function at(path: string, text: string, needle: string) {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const { offset } = cursor(text.slice(0, i + 1) + '|' + text.slice(i + 1));
  const document = doc(uri(path), text);
  return { document, position: document.positionAt(offset) };
}

test('routes: the bundled catalog gives 432 core routes using 58 distinct refs; Magento_Catalog::products is required by 32', () => {
  const service = workspace({}, { catalog: 'bundled' });
  const routes = allRoutes(service.index);
  assert.equal(routes.length, 432);
  assert.equal(new Set(routes.flatMap((r) => r.refs)).size, 58);
  assert.equal(routesRequiring(service.index, 'Magento_Catalog::products').length, 32);
});

test('hover on an id: title, tree path, module, declaring file and line, routes that require it', () => {
  const service = setup();
  const { document, position } = at(API_PATH, API, 'Acme_Sync::child');
  const hover = service.doHover(document, position)!;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /\*\*Acme_Sync::child\*\* — Acme Child/);
  assert.match(value, /Magento Admin › Acme Top › Acme Child/);
  assert.match(value, /Module: `Acme_Sync`/);
  assert.match(value, /app\/code\/Acme\/Sync\/etc\/acl\.xml:6/);
  assert.match(value, /Required by 1 REST route:\n- `GET \/V1\/acme\/child`/);
  assert.equal(document.getText(hover.range!), 'Acme_Sync::child');
});

test('hover on a bundled id lists the first 10 routes and a count; status of removed ids; self/anonymous explained', () => {
  const service = setup();
  const text = apiXml('            <resource name="Magento_Catalog::products"/>\n            <resource name="Magento_LoginAsCustomer::login_button"/>\n');
  const products = (service.doHover(...Object.values(at(API_PATH, text, 'Magento_Catalog::products')) as [never, never])!.contents as { value: string }).value;
  assert.match(products, /Magento Open Source 2\.4\.7-p1 \(bundled\)/);
  assert.match(products, /Required by 32 REST routes:/);
  assert.equal(products.split('\n').filter((l) => l.startsWith('- `')).length, 10);
  assert.match(products, /… and 22 more/);
  const removed = (service.doHover(...Object.values(at(API_PATH, text, 'Magento_LoginAsCustomer')) as [never, never])!.contents as { value: string }).value;
  assert.match(removed, /removed from Magento after 2\.4\.1/);
  const anon = (service.doHover(...Object.values(at(WEBAPI_PATH, WEBAPI, 'anonymous')) as [never, never])!.contents as { value: string }).value;
  assert.match(anon, /open to everybody/);
});

test('hover on an integration name: listed, effectively granted, routes unlocked', () => {
  const service = setup();
  const value = (service.doHover(...Object.values(at(API_PATH, API, 'Acme"')) as [never, never])!.contents as { value: string }).value;
  assert.match(value, /Lists 4 resources; effectively gets 5 .*Magento_Backend::admin included.*unlocks (\d+) REST routes/);
  const unlocked = Number(/unlocks (\d+) REST/.exec(value)![1]);
  assert.ok(unlocked >= 1 + 32, `${unlocked}: the Acme route and every route needing only products or catalog`);
});

test('go to definition lands on every acl.xml declaration, the owner module first, from integration and webapi files', () => {
  const service = setup();
  for (const [path, text] of [[API_PATH, API], [WEBAPI_PATH, WEBAPI]]) {
    const needle = path === API_PATH ? 'Acme_Sync::top' : 'Acme_Sync::child';
    const locations = service.findDefinition(...(Object.values(at(path, text, needle)) as [never, never]));
    assert.equal(locations[0].uri, uri(OWN_ACL_PATH));
    const line = OWN_ACL.split('\n')[locations[0].range.start.line];
    assert.equal(line.slice(locations[0].range.start.character, locations[0].range.end.character), needle);
  }
  const top = service.findDefinition(...(Object.values(at(API_PATH, API, 'Acme_Sync::top')) as [never, never]));
  assert.deepEqual(top.map((l) => l.uri), [uri(OWN_ACL_PATH), uri(OTHER_ACL_PATH)]);
  assert.deepEqual(service.findDefinition(...(Object.values(at(API_PATH, API, 'Magento_Catalog::products')) as [never, never])), [], 'bundled-only ids have no file');
});

test('find references: every use in acl.xml, webapi.xml and integration files, open or not', () => {
  const service = setup();
  const { document, position } = at(OWN_ACL_PATH, OWN_ACL, 'Acme_Sync::child');
  const refs = service.findReferences(document, position, true);
  assert.deepEqual(refs.map((r) => r.uri).sort(), [uri(OWN_ACL_PATH), uri(API_PATH), uri(WEBAPI_PATH)].sort());
  assert.equal(service.findReferences(document, position, false).length, 2);
});

test('rename an id across acl.xml, webapi.xml and integration files; refused for bundled and vendor ids', () => {
  const service = setup();
  const { document, position } = at(API_PATH, API, 'Acme_Sync::top');
  const range = service.prepareRename(document, position);
  assert.ok(range && !('error' in range));
  const edit = service.doRename(document, position, 'Acme_Sync::root') as WorkspaceEdit;
  assert.deepEqual(Object.keys(edit.changes!).sort(), [uri(API_PATH), uri(OTHER_ACL_PATH), uri(OWN_ACL_PATH)].sort());
  assert.match(applyEdits(OWN_ACL, edit.changes![uri(OWN_ACL_PATH)] as TextEdit[]), /<resource id="Acme_Sync::root" title="Acme Top">/);
  const bundled = service.prepareRename(...(Object.values(at(API_PATH, API, 'Magento_Catalog::products')) as [never, never]));
  assert.match((bundled as { error: string }).error, /only in the bundled Magento catalog/);
  assert.match((service.doRename(document, position, 'not an id') as { error: string }).error, /not a valid ACL id/);
  const vendored = workspace({ 'vendor/acme/module-x/etc/acl.xml': OWN_ACL, [API_PATH]: API });
  assert.match((vendored.prepareRename(document, position) as { error: string }).error, /installed package \(vendor\/acme\/module-x/);
});

test('outline, folding and selection ranges', () => {
  const service = setup();
  const apiSymbols = service.findDocumentSymbols(doc(uri(API_PATH), API));
  assert.equal(apiSymbols[0].name, 'Acme');
  assert.deepEqual(apiSymbols[0].children!.map((c) => [c.name, c.detail]).slice(0, 2), [['Acme_Sync::top', 'Acme Top'], ['Acme_Sync::child', 'Acme Child']]);
  const aclSymbols = service.findDocumentSymbols(doc(uri(OWN_ACL_PATH), OWN_ACL));
  assert.equal(aclSymbols[0].children![0].children![0].name, 'Acme_Sync::child');
  const routes = service.findDocumentSymbols(doc(uri(WEBAPI_PATH), WEBAPI));
  assert.deepEqual(routes.map((r) => r.name), ['GET /V1/acme/child', 'GET /V1/acme/open']);
  const folds = service.getFoldingRanges(doc(uri(OWN_ACL_PATH), OWN_ACL));
  assert.ok(folds.some((f) => f.startLine === 4 && f.endLine === 5), JSON.stringify(folds));
  const { document, position } = at(API_PATH, API, 'Acme_Sync::child');
  let range = service.getSelectionRanges(document, [position])[0];
  const texts: string[] = [];
  for (let r: typeof range | undefined = range; r; r = r.parent) texts.push(document.getText(r.range));
  assert.equal(texts[0], 'Acme_Sync::child');
  assert.equal(texts[1], 'name="Acme_Sync::child"');
  assert.equal(texts[2], '<resource name="Acme_Sync::child"/>');
  assert.equal(texts[texts.length - 1], API);
});

test('code lenses: integration resources and routes; acl.xml usage', () => {
  const service = setup();
  const [lens] = service.getCodeLenses(doc(uri(API_PATH), API));
  assert.match(lens.command!.title, /^4 resources · unlocks \d+ REST routes$/);
  assert.equal(lens.command!.command, 'magentoIntegration.showRoutes');
  const aclLenses = service.getCodeLenses(doc(uri(OWN_ACL_PATH), OWN_ACL));
  assert.equal(aclLenses.find((l) => l.range.start.line === 5)!.command!.title, 'used by 1 route, 1 integration');
});

test('effective permissions: the granted tree, denied parents, unlocked routes; ids and routes link to their lines', () => {
  const text = apiXml('            <resource name="Acme_Sync::child"/>\n            <resource name="Magento_Log::online"/>\n');
  const service = setup({ [API_PATH]: text });
  const report = service.effectivePermissions(doc(uri(API_PATH), text), { line: 4, character: 10 })!;
  const id = (x: string, path: string) => `\\[\`${x}\`\\]\\(<${uri(path)}#L\\d+>\\)`;
  assert.match(report, /# Effective permissions of integration "Acme"/);
  assert.match(report, new RegExp(`- Magento Admin — \`Magento_Backend::admin\` \\(added by Magento\\)\n {2}- Acme Child — ${id('Acme_Sync::child', OWN_ACL_PATH)} \\(listed\\)`));
  assert.match(report, /## Listed but not granted \(1\)\n\n- `Magento_Log::online`/);
  assert.match(report, new RegExp(`## Parents denied because they are not listed \\(1\\)\n\n- ${id('Acme_Sync::top', OWN_ACL_PATH)}`));
  assert.match(report, new RegExp(`### \`Acme_Sync::child\` \\(1\\)\n\n- \\[\`GET /V1/acme/child\`\\]\\(<${uri(WEBAPI_PATH)}#L2>\\) — Acme_Sync`));
  assert.match(report, /### `Magento_Backend::admin` \(1\)\n\n- `GET \/V1\/modules` — Magento_Backend/, 'routes needing only the root, which Magento always grants; bundled: no link');
  assert.ok(!report.includes('[`Magento_Backend::admin`]'), 'an id Magento_Backend owns is not linked to the copies in other modules\' acl.xml');
  // Every link lands on the line that declares what it names.
  const files: Record<string, string> = { [uri(OWN_ACL_PATH)]: OWN_ACL, [uri(WEBAPI_PATH)]: WEBAPI, [uri(API_PATH)]: text };
  const links = [...report.matchAll(/\[`?([^`\]]+)`?\]\(<([^#>]+)#L(\d+)>\)/g)];
  assert.equal(links.length, 4, report);
  for (const [, label, target, line] of links) {
    const named = label.includes(' /V1/') ? `url="${label.split(' ')[1]}"` : label.endsWith('.xml') ? '<integration name="Acme"' : `id="${label}"`;
    assert.ok(files[target].split('\n')[Number(line) - 1].includes(named), `${label} -> ${target}#L${line}`);
  }
});

test('paths shown to the user are relative to the workspace folder: a standalone module shows etc/acl.xml', () => {
  const module = workspace({ 'etc/acl.xml': OWN_ACL, [API_PATH]: API }, { catalog: 'bundled' });
  module.setWorkspaceFolders([uri('')]);
  const hover = (service: typeof module) => (service.doHover(...(Object.values(at(API_PATH, API, 'Acme_Sync::child')) as [never, never]))!.contents as { value: string }).value;
  assert.match(hover(module), /Declared in etc\/acl\.xml:6$/m);
  const two = workspace({ 'etc/acl.xml': OWN_ACL, [API_PATH]: API }, { catalog: 'bundled' });
  two.setWorkspaceFolders([uri('etc'), 'file:///elsewhere']);
  assert.match(hover(two), /Declared in etc\/acl\.xml:6$/m, 'several folders: the folder name first');
  const none = workspace({ 'lib/x/y/z/etc/acl.xml': OWN_ACL, [API_PATH]: API }, { catalog: 'bundled' });
  assert.match(hover(none), /Declared in y\/z\/etc\/acl\.xml:6$/m, 'outside every folder: the last folders');
});

test('code lenses can be turned off, for the whole workspace or one folder', () => {
  const service = setup();
  const lenses = () => service.getCodeLenses(doc(uri(API_PATH), API)).length;
  assert.equal(lenses(), 1);
  service.configure({ codeLens: { enabled: false } });
  assert.equal(lenses(), 0);
  service.configure({});
  service.setWorkspaceFolders([uri('app/code/Acme'), uri('app/code/Other')]);
  service.configure({ codeLens: { enabled: false } }, uri('app/code/Other'));
  assert.equal(lenses(), 1, 'another folder\'s setting');
  service.configure({ codeLens: { enabled: false } }, uri('app/code/Acme'));
  assert.equal(lenses(), 0, 'the folder of the document');
});

test('a code lens lists its routes as METHOD /V1/url — Module, with where each is to open it', () => {
  const service = setup();
  service.setWorkspaceFolders([uri('')]);
  const lens = service.getCodeLenses(doc(uri(OWN_ACL_PATH), OWN_ACL)).find((l) => l.range.start.line === 5)!;
  assert.deepEqual(lens.command!.arguments, ['Acme_Sync::child', [{ label: 'GET /V1/acme/child — Acme_Sync', refs: ['Acme_Sync::child'], where: 'app/code/Acme/Sync/etc/webapi.xml:2', uri: uri(WEBAPI_PATH), line: 1 }]]);
  const [integration] = service.getCodeLenses(doc(uri(API_PATH), API));
  const routes = integration.command!.arguments![1] as Array<{ label: string; where: string; uri?: string }>;
  const bundled = routes.find((r) => r.label.startsWith('GET /V1/products '))!;
  assert.equal(bundled.label, 'GET /V1/products — Magento_Catalog');
  assert.match(bundled.where, /^Magento Open Source 2\.4\.7-p1 \(bundled, not in the workspace\): .*webapi\.xml:\d+$/);
  assert.equal(bundled.uri, undefined, 'nothing to open');
});

test('completion of ids in webapi.xml ref (with self and anonymous) and acl.xml id (children of the enclosing resource first)', () => {
  const service = setup();
  const w = cursor('<routes><route url="/V1/x" method="GET"><resources><resource ref="|"/></resources></route></routes>');
  const wd = doc(uri(WEBAPI_PATH), w.text);
  const labels = service.doComplete(wd, wd.positionAt(w.offset)).items.map((i) => i.label);
  assert.ok(labels.includes('self') && labels.includes('anonymous') && labels.includes('Acme_Sync::child') && labels.includes('Magento_Catalog::products'));
  const a = cursor('<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Magento_Catalog::catalog"><resource id="|"/></resource></resource></resources></acl></config>');
  const ad = doc(uri('app/code/Acme/New/etc/acl.xml'), a.text);
  const items = service.doComplete(ad, ad.positionAt(a.offset)).items.sort((x, y) => (x.sortText! < y.sortText! ? -1 : 1));
  assert.equal(service.index.acl.get(String(items[0].label))?.parentId, 'Magento_Catalog::catalog');
});

test('routes for the integration at the cursor: its own route unlocked, an open route needs no grant, others locked; none unlocked outside an integration', () => {
  const service = setup();
  const { document, position } = at(API_PATH, API, 'Acme_Sync::child');
  const answer = service.routes(document, position);
  assert.equal(answer.integration?.kind, 'api');
  const child = answer.routes.find((r) => r.url === '/V1/acme/child')!;
  assert.deepEqual([child.method, child.refs, child.module, child.open, child.unlocked], ['GET', ['Acme_Sync::child'], 'Acme_Sync', undefined, true]);
  const open = answer.routes.find((r) => r.url === '/V1/acme/open')!;
  assert.deepEqual([open.open, open.unlocked], ['anonymous', false]);
  const order = answer.routes.find((r) => r.method === 'GET' && r.url === '/V1/orders/:id')!;
  assert.equal(order.unlocked, false);
  assert.ok(answer.routes.length > 400);
  const outside = service.routes(document, document.positionAt(0));
  assert.equal(outside.integration, undefined);
  assert.ok(outside.routes.every((r) => !r.unlocked));
});
