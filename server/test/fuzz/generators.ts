/**
 * fast-check arbitraries: Magento integration, ACL, web API and config documents in every style the fixes
 * must preserve (indentation, quotes, `/>` spacing, line endings, BOM, XML declaration, comments with astral
 * characters), and mutations of any text (character insertions and deletions, truncations, swapped and
 * duplicated tags, random bytes).
 */
import fc from 'fast-check';
import type { Catalog } from '../../src/service/acl/catalog';

export interface Style {
  readonly indent: string;
  readonly eol: string;
  readonly quote: '"' | "'";
  readonly close: '/>' | ' />';
  readonly declaration: boolean;
  readonly bom: boolean;
  readonly comment: string | undefined;
}

export const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom('  ', '    ', '\t'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  quote: fc.constantFrom('"' as const, "'" as const),
  close: fc.constantFrom('/>' as const, ' />' as const),
  declaration: fc.boolean(),
  bom: fc.boolean(),
  comment: fc.option(fc.constantFrom('🦄 unicorn', 'Ünïcödé', '𝒳 math', 'plain', '👩‍💻 ZWJ', ''), { nil: undefined }),
});

/** Ids to list: catalog ids (deep ones too), workspace ids, unknown, typo'd, removed, unverifiable, the roots. */
export function idPool(catalog: Catalog): string[] {
  const current = catalog.acl.flatMap((f) => f.resources.map((r) => r.id));
  const currentSet = new Set(current);
  const removed = Object.keys(catalog.history.ids).filter((id) => !currentSet.has(id)).slice(0, 6);
  const deep = ['Magento_Sales::reorder', 'Magento_Sales::ship', 'Magento_Sales::actions_view', 'Magento_Catalog::products', 'Magento_Customer::manage', 'Magento_Cms::page'];
  const pick = current.filter((_, i) => i % 9 === 0);
  return [
    ...deep,
    ...pick,
    ...removed,
    'Magento_Backend::admin',
    'Magento_Backend::all',
    'Acme_Ws::parent',
    'Acme_Ws::child',
    'Acme_Ws::grandchild',
    'Magento_Sales::no_such_id',
    'Magento_sales::sales',
    'Magento_Cataloginventory::cataloginventory',
    'Vendor_Unknown::thing',
    ' Magento_Sales::sales ',
    'Magento_Sales::🦄',
    '',
  ];
}

/** A workspace acl.xml declaring Acme_Ws ids (so renames, definitions and workspace ids have something to find). */
export const WORKSPACE_ACL = `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">
  <acl>
    <resources>
      <resource id="Magento_Backend::admin">
        <resource id="Acme_Ws::parent" title="Parent 🦄">
          <resource id="Acme_Ws::child" title="Child">
            <resource id="Acme_Ws::grandchild" title="Grandchild"/>
          </resource>
        </resource>
      </resource>
    </resources>
  </acl>
</config>
`;

const escapeAttr = (v: string, q: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(q === '"' ? /"/g : /'/g, q === '"' ? '&quot;' : '&apos;');

export interface IntegrationSpec {
  readonly name: string;
  readonly resources: readonly string[];
}

/** api.xml (`integrations`) or integration.xml (`config`) text of these integrations in this style. */
export function integrationText(kind: 'api' | 'integration', integrations: readonly IntegrationSpec[], s: Style): string {
  const { indent: u, eol: n, quote: q } = s;
  const root = kind === 'api' ? 'integrations' : 'config';
  const xsd = kind === 'api' ? 'api.xsd' : 'integration.xsd';
  let out = s.bom ? '\uFEFF' : '';
  if (s.declaration) out += `<?xml version=${q}1.0${q}?>${n}`;
  out += `<${root} xmlns:xsi=${q}http://www.w3.org/2001/XMLSchema-instance${q} xsi:noNamespaceSchemaLocation=${q}urn:magento:module:Magento_Integration:etc/integration/${xsd}${q}>${n}`;
  if (s.comment !== undefined) out += `${u}<!-- ${s.comment} -->${n}`;
  for (const i of integrations) {
    out += `${u}<integration name=${q}${escapeAttr(i.name, q)}${q}>${n}${u}${u}<resources>${n}`;
    for (const r of i.resources) {
      if (s.comment !== undefined && r.length % 3 === 0) out += `${u}${u}${u}<!-- ${s.comment} -->${n}`;
      out += `${u}${u}${u}<resource name=${q}${escapeAttr(r, q)}${q}${s.close}${n}`;
    }
    out += `${u}${u}</resources>${n}${u}</integration>${n}`;
  }
  return `${out}</${root}>${n}`;
}

export function integrationDocArb(ids: readonly string[]): fc.Arbitrary<{ kind: 'api' | 'integration'; text: string; names: string[] }> {
  const integration = fc.record({
    name: fc.constantFrom('Acme Sync', 'Acme Sync', 'Other', 'Ünïcode 🦄', 'A&B <x>', ''),
    resources: fc.array(fc.constantFrom(...ids), { maxLength: 8 }),
  });
  return fc
    .record({ kind: fc.constantFrom('api' as const, 'integration' as const), integrations: fc.array(integration, { minLength: 1, maxLength: 3 }), style: styleArb })
    .map(({ kind, integrations, style }) => ({ kind, text: integrationText(kind, integrations, style), names: integrations.map((i) => i.name) }));
}

interface AclNode {
  readonly id: string;
  readonly title: string | undefined;
  readonly children: readonly AclNode[];
}

/** Resource trees up to 4 levels deep. */
function aclNode(depth: number): fc.Arbitrary<AclNode> {
  return fc.record({
    id: fc.constantFrom('Acme_Ws::parent', 'Acme_Ws::child', 'Acme_Gen::a', 'Acme_Gen::b', 'Magento_Sales::sales', 'Magento_Backend::admin', 'Acme_Gen::🦄', 'bad id', ''),
    title: fc.option(fc.constantFrom('Title', 'Ünïcode 🦄', 'A & B'), { nil: undefined }),
    children: depth >= 3 ? fc.constant([]) : fc.array(aclNode(depth + 1), { maxLength: 3 - depth }),
  });
}
const aclNodeArb = aclNode(0);

export const aclDocArb: fc.Arbitrary<string> = fc.record({ roots: fc.array(aclNodeArb, { maxLength: 3 }), style: styleArb }).map(({ roots, style: s }) => {
  const { indent: u, eol: n, quote: q } = s;
  const node = (x: AclNode, depth: number): string => {
    const pad = u.repeat(depth);
    const title = x.title === undefined ? '' : ` title=${q}${escapeAttr(x.title, q)}${q}`;
    if (!x.children.length) return `${pad}<resource id=${q}${escapeAttr(x.id, q)}${q}${title}${s.close}${n}`;
    return `${pad}<resource id=${q}${escapeAttr(x.id, q)}${q}${title}>${n}${x.children.map((c) => node(c, depth + 1)).join('')}${pad}</resource>${n}`;
  };
  return `${s.bom ? '\uFEFF' : ''}${s.declaration ? `<?xml version="1.0"?>${n}` : ''}<config>${n}${u}<acl>${n}${u}${u}<resources>${n}${roots.map((r) => node(r, 3)).join('')}${u}${u}</resources>${n}${u}</acl>${n}</config>${n}`;
});

export const webapiDocArb: fc.Arbitrary<string> = fc
  .record({
    routes: fc.array(
      fc.record({
        url: fc.constantFrom('/V1/orders', '/V1/acme/:id', '/V1/🦄'),
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'BREW'),
        refs: fc.array(fc.constantFrom('Magento_Sales::sales', 'Acme_Ws::child', 'self', 'anonymous', 'Magento_Sales::nope', 'Magento_Sales::sales, Acme_Ws::parent', ''), { maxLength: 3 }),
      }),
      { maxLength: 4 },
    ),
    style: styleArb,
  })
  .map(({ routes, style: s }) => {
    const { indent: u, eol: n, quote: q } = s;
    const body = routes
      .map((r) => `${u}<route url=${q}${r.url}${q} method=${q}${r.method}${q}>${n}${u}${u}<service class=${q}Acme\\Api\\X${q} method=${q}get${q}${s.close}${n}${u}${u}<resources>${n}${r.refs.map((ref) => `${u}${u}${u}<resource ref=${q}${ref}${q}${s.close}${n}`).join('')}${u}${u}</resources>${n}${u}</route>${n}`)
      .join('');
    return `${s.bom ? '\uFEFF' : ''}<?xml version="1.0"?>${n}<routes>${n}${body}</routes>${n}`;
  });

export const configDocArb: fc.Arbitrary<string> = fc
  .record({
    integrations: fc.array(
      fc.record({ name: fc.constantFrom('Acme Sync', 'Other', 'Lonely'), children: fc.shuffledSubarray(['email', 'endpoint_url', 'identity_link_url']) }),
      { maxLength: 3 },
    ),
    style: styleArb,
  })
  .map(({ integrations, style: s }) => {
    const { indent: u, eol: n, quote: q } = s;
    const body = integrations
      .map((i) => `${u}<integration name=${q}${i.name}${q}>${n}${i.children.map((c) => `${u}${u}<${c}>${c === 'email' ? 'a@b.example' : 'https://x.example/🦄'}</${c}>${n}`).join('')}${u}</integration>${n}`)
      .join('');
    return `${s.bom ? '\uFEFF' : ''}<integrations>${n}${body}</integrations>${n}`;
  });

// -----------------------------------------------------------------------------------------------------
// Mutations

export type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'swapTags'; a: number; b: number }
  | { kind: 'duplicateTag'; a: number };

/** Characters that matter to XML and to UTF-16 offsets: markup, quotes, entities, line breaks, astral, lone surrogates, NUL, BOM. */
const nasty = fc.constantFrom('<', '>', '"', "'", '/', '=', '&', ';', ':', '!', '?', '[', ']', '-', ' ', '\t', '\r', '\n', '\r\n', '\0', '\uFEFF', '🦄', '\uD83D', '\uDE00', 'é', '\u2028', '<!--', '-->', '<![CDATA[', ']]>', '</', '/>', '&amp;', '&lol;', '<?', '?>', 'Magento_Sales::', 'name="', "id='");

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(nasty, fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 4 })) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swapTags' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicateTag' as const), a: fc.nat() }) },
);

const TAG = /<[^<>]*>/g;

export function mutate(text: string, m: Mutation): string {
  const at = (n: number) => (text.length ? n % (text.length + 1) : 0);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'swapTags': {
      const tags = [...text.matchAll(TAG)];
      if (tags.length < 2) return text;
      let [x, y] = [tags[m.a % tags.length], tags[m.b % tags.length]];
      if (x.index === y.index) return text;
      if (x.index! > y.index!) [x, y] = [y, x];
      return text.slice(0, x.index) + y[0] + text.slice(x.index! + x[0].length, y.index) + x[0] + text.slice(y.index! + y[0].length);
    }
    case 'duplicateTag': {
      const tags = [...text.matchAll(TAG)];
      if (!tags.length) return text;
      const x = tags[m.a % tags.length];
      return text.slice(0, x.index) + x[0] + text.slice(x.index);
    }
  }
}

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 5 });

export function mutateAll(text: string, ms: readonly Mutation[]): string {
  return ms.reduce(mutate, text);
}
