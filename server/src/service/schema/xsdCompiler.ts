/**
 * Compiles the XSD subset Magento's integration, ACL and web API schemas use into the JSON `SchemaModel`.
 * Pure: the XSD texts come in as a map (key: file name or URN), and `xs:include` / `xs:redefine`
 * schemaLocations (`urn:magento:…`) resolve within that map, by exact key or by file name.
 *
 * Supported: global elements; named and anonymous complex types; xs:sequence, xs:choice, xs:all with
 * minOccurs/maxOccurs; element refs; simpleContent and complexContent extension/restriction; attributes
 * (use required/optional/prohibited); simple type restrictions with pattern, enumeration, length, minLength,
 * maxLength, whiteSpace and min/max inclusive/exclusive facets; xs:unique and xs:key; mixed content;
 * xs:include and xs:redefine. Anything else (targetNamespace, xs:import, groups, wildcards, lists, unions,
 * keyrefs, …) throws XsdCompileError, so an XSD change that needs more support is noticed when generating.
 */
import { parseXml, XmlElement } from '../xml/xmlDocument';
import { parseIdentityXPath } from './identity';
import type {
  AttributeDecl, ComplexTypeDef, ElementDecl, ElementParticle, IdentityConstraint, Occurs, Particle, SchemaDef,
  SchemaModel, SimpleTypeDef, TypeRef, WhiteSpace,
} from './model';
import { isSupportedBuiltin } from './simpleTypes';
import { xsdRegex } from './xsdRegex';

export class XsdCompileError extends Error {}

const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

interface SchemaDoc {
  readonly key: string;
  readonly root: XmlElement;
  readonly prefixes: ReadonlyMap<string, string>;
}

/** A top-level component, and (inside xs:redefine) the key its own name refers to: the original. */
interface Component {
  readonly node: XmlElement;
  readonly doc: SchemaDoc;
  readonly selfRef?: string;
}

interface Tables {
  readonly elements: Map<string, Component>;
  readonly complexTypes: Map<string, Component>;
  readonly simpleTypes: Map<string, Component>;
}

/** The file name of a key: `urn:magento:framework:Acl/etc/acl.xsd` and `/x/acl.xsd` are both `acl.xsd`. */
export function schemaName(key: string): string {
  return key.split(/[/\\:]/).pop()!;
}

/**
 * Compiles the entry schemas (keys of `sources`; default: all of them) into one model, keyed by file name.
 * Other sources serve only as include/redefine targets.
 */
export function compileSchemas(sources: Readonly<Record<string, string>>, entries?: readonly string[]): SchemaModel {
  const docs = new Map<string, SchemaDoc>();
  for (const [key, text] of Object.entries(sources)) docs.set(key, readDoc(key, text));
  const keys = entries ?? [...docs.keys()];
  const schemas: Record<string, SchemaDef> = {};
  for (const key of [...keys].sort((a, b) => (schemaName(a) < schemaName(b) ? -1 : schemaName(a) > schemaName(b) ? 1 : 0))) {
    const doc = docs.get(key);
    if (!doc) throw new XsdCompileError(`no source for entry ${key}`);
    const name = schemaName(key);
    if (schemas[name]) throw new XsdCompileError(`two entry schemas are named ${name}`);
    schemas[name] = new EntryCompiler(docs, doc).compile();
  }
  return { version: 1, schemas };
}

function readDoc(key: string, text: string): SchemaDoc {
  const xml = parseXml(text);
  if (xml.errors.length || !xml.root) throw new XsdCompileError(`${key}: not well-formed: ${xml.errors[0]?.message ?? 'no root'}`);
  if (xml.root.name !== 'schema') throw new XsdCompileError(`${key}: the root is <${xml.root.name}>, not <xs:schema>`);
  const prefixes = new Map<string, string>();
  for (const a of xml.root.attributes) {
    if (a.name === 'xmlns') prefixes.set('', a.value ?? '');
    else if (a.name.startsWith('xmlns:')) prefixes.set(a.name.slice(6), a.value ?? '');
  }
  if (attr(xml.root, 'targetNamespace')) throw new XsdCompileError(`${key}: schemas with a targetNamespace are not supported`);
  return { key, root: xml.root, prefixes };
}

function resolveLocation(docs: ReadonlyMap<string, SchemaDoc>, from: SchemaDoc, node: XmlElement): SchemaDoc {
  const location = attr(node, 'schemaLocation');
  if (!location) throw new XsdCompileError(`${from.key}: <xs:${node.name}> without schemaLocation`);
  const exact = docs.get(location);
  if (exact) return exact;
  const byName = [...docs.values()].filter((d) => schemaName(d.key) === schemaName(location));
  if (byName.length === 1) return byName[0];
  throw new XsdCompileError(`${from.key}: cannot resolve schemaLocation ${location}${byName.length ? ' (ambiguous)' : ''}`);
}

function attr(node: XmlElement, name: string): string | undefined {
  return node.attributes.find((a) => a.name === name)?.value ?? undefined;
}

/** XSD children, annotations left out. */
function children(node: XmlElement): XmlElement[] {
  return node.children.filter((c) => c.name !== 'annotation');
}

function unsupported(doc: SchemaDoc, node: XmlElement, what = `<xs:${node.name}>`): never {
  throw new XsdCompileError(`${doc.key}: ${what} is not supported`);
}

function occurs(doc: SchemaDoc, node: XmlElement): { min: number; max: number | 'unbounded' } {
  const min = attr(node, 'minOccurs');
  const max = attr(node, 'maxOccurs');
  const parse = (v: string) => {
    if (!/^\d+$/.test(v)) throw new XsdCompileError(`${doc.key}: bad occurrence value ${v}`);
    return Number(v);
  };
  return { min: min === undefined ? 1 : parse(min), max: max === undefined ? 1 : max === 'unbounded' ? 'unbounded' : parse(max) };
}

/** Occurs without the defaults, for a compact model. */
function compactOccurs(o: { min: number; max: number | 'unbounded' }): Occurs {
  const out: { min?: number; max?: number | 'unbounded' } = {};
  if (o.min !== 1) out.min = o.min;
  if (o.max !== 1) out.max = o.max;
  return out;
}

class EntryCompiler {
  private readonly tables: Tables = { elements: new Map(), complexTypes: new Map(), simpleTypes: new Map() };
  private readonly loaded = new Set<string>();
  private readonly complexDone = new Map<string, ComplexTypeDef>();
  private readonly simpleDone = new Map<string, SimpleTypeDef>();
  private readonly inProgress = new Set<string>();
  /** Named types referenced from the output, to emit. */
  private readonly neededComplex = new Set<string>();
  private readonly neededSimple = new Set<string>();
  private redefinitions = 0;

  constructor(private readonly docs: ReadonlyMap<string, SchemaDoc>, private readonly entry: SchemaDoc) {}

  compile(): SchemaDef {
    this.load(this.entry);
    const elements: Record<string, ElementDecl> = {};
    for (const [name, comp] of this.tables.elements) elements[name] = this.elementDecl(comp.node, comp);
    // Emit every named type the output refers to (types can refer to more types while being compiled).
    const complexTypes: Record<string, ComplexTypeDef> = {};
    const simpleTypes: Record<string, SimpleTypeDef> = {};
    let pending = true;
    while (pending) {
      pending = false;
      for (const key of [...this.neededComplex]) if (!(key in complexTypes)) { complexTypes[key] = this.namedComplex(key); pending = true; }
      for (const key of [...this.neededSimple]) if (!(key in simpleTypes)) { simpleTypes[key] = this.namedSimple(key); pending = true; }
    }
    const urn = this.entry.key.startsWith('urn:') ? this.entry.key : undefined;
    return { ...(urn ? { urn } : {}), elements, complexTypes: sortKeys(complexTypes), simpleTypes: sortKeys(simpleTypes) };
  }

  // -------------------------------------------------------------------------------------------------------
  // Loading components (include / redefine)

  private load(doc: SchemaDoc): void {
    if (this.loaded.has(doc.key)) return;
    this.loaded.add(doc.key);
    for (const c of children(doc.root)) {
      switch (c.name) {
        case 'include':
          this.load(resolveLocation(this.docs, doc, c));
          break;
        case 'redefine': {
          this.load(resolveLocation(this.docs, doc, c));
          for (const r of children(c)) {
            const table = r.name === 'complexType' ? this.tables.complexTypes : r.name === 'simpleType' ? this.tables.simpleTypes : unsupported(doc, r, `<xs:${r.name}> in <xs:redefine>`);
            const name = attr(r, 'name')!;
            const original = table.get(name);
            if (!original) throw new XsdCompileError(`${doc.key}: redefines ${name}, which the redefined schema does not declare`);
            const originalKey = `${name}#${++this.redefinitions}`;
            table.set(originalKey, original);
            table.set(name, { node: r, doc, selfRef: originalKey });
          }
          break;
        }
        case 'element':
          this.add(this.tables.elements, c, doc);
          break;
        case 'complexType':
          this.add(this.tables.complexTypes, c, doc);
          break;
        case 'simpleType':
          this.add(this.tables.simpleTypes, c, doc);
          break;
        default:
          unsupported(doc, c, `top-level <xs:${c.name}>`);
      }
    }
  }

  private add(table: Map<string, Component>, node: XmlElement, doc: SchemaDoc): void {
    const name = attr(node, 'name');
    if (!name) throw new XsdCompileError(`${doc.key}: a top-level <xs:${node.name}> without a name`);
    if (table.has(name)) throw new XsdCompileError(`${doc.key}: ${name} is declared twice`);
    table.set(name, { node, doc });
  }

  /**
   * A QName attribute value: `xs:…` for built-ins, else the key of a component. In an xs:redefine, the
   * derivation's `base` naming the redefined type itself (`isBase`) is the original; every other reference is
   * to the redefinition.
   */
  private qname(value: string, context: Component, isBase = false): string {
    const colon = value.indexOf(':');
    const prefix = colon < 0 ? '' : value.slice(0, colon);
    const local = value.slice(colon + 1);
    const ns = context.doc.prefixes.get(prefix) ?? '';
    if (prefix && !context.doc.prefixes.has(prefix)) throw new XsdCompileError(`${context.doc.key}: unbound prefix in ${value}`);
    if (ns === XSD_NS) return `xs:${local}`;
    if (ns !== '') throw new XsdCompileError(`${context.doc.key}: ${value} is in namespace ${ns}`);
    const selfName = attr(context.node, 'name');
    if (isBase && context.selfRef && local === selfName) return context.selfRef;
    return local;
  }

  // -------------------------------------------------------------------------------------------------------
  // Types

  private typeRef(value: string, context: Component): TypeRef {
    const key = this.qname(value, context);
    if (key.startsWith('xs:')) {
      if (key !== 'xs:anyType' && !isSupportedBuiltin(key)) throw new XsdCompileError(`${context.doc.key}: built-in type ${key} is not supported`);
      return key;
    }
    if (this.tables.complexTypes.has(key)) this.neededComplex.add(key);
    else if (this.tables.simpleTypes.has(key)) this.neededSimple.add(key);
    else throw new XsdCompileError(`${context.doc.key}: unknown type ${value}`);
    return key;
  }

  private namedComplex(key: string): ComplexTypeDef {
    const done = this.complexDone.get(key);
    if (done) return done;
    const comp = this.tables.complexTypes.get(key);
    if (!comp) throw new XsdCompileError(`unknown complex type ${key}`);
    if (this.inProgress.has(key)) throw new XsdCompileError(`${comp.doc.key}: ${key} derives from itself`);
    this.inProgress.add(key);
    const def = this.complexType(comp.node, comp);
    this.inProgress.delete(key);
    this.complexDone.set(key, def);
    return def;
  }

  private namedSimple(key: string): SimpleTypeDef {
    const done = this.simpleDone.get(key);
    if (done) return done;
    const comp = this.tables.simpleTypes.get(key);
    if (!comp) throw new XsdCompileError(`unknown simple type ${key}`);
    if (this.inProgress.has(key)) throw new XsdCompileError(`${comp.doc.key}: ${key} derives from itself`);
    this.inProgress.add(key);
    const def = this.simpleType(comp.node, comp);
    this.inProgress.delete(key);
    this.simpleDone.set(key, def);
    return def;
  }

  /** The flattened definition behind a type reference (for derivation). */
  private complexBase(value: string, context: Component): ComplexTypeDef | SimpleTypeDef {
    const key = this.qname(value, context, true);
    if (key === 'xs:anyType') return { kind: 'complex', content: 'mixed' };
    if (key.startsWith('xs:')) return this.simpleBase(value, context);
    if (this.tables.complexTypes.has(key)) return this.namedComplex(key);
    if (this.tables.simpleTypes.has(key)) return this.namedSimple(key);
    throw new XsdCompileError(`${context.doc.key}: unknown type ${value}`);
  }

  private simpleBase(value: string, context: Component): SimpleTypeDef {
    const key = this.qname(value, context, true);
    if (key.startsWith('xs:')) {
      if (!isSupportedBuiltin(key)) throw new XsdCompileError(`${context.doc.key}: built-in type ${key} is not supported`);
      return { kind: 'simple', base: key };
    }
    if (this.tables.simpleTypes.has(key)) return this.namedSimple(key);
    throw new XsdCompileError(`${context.doc.key}: ${value} is not a simple type`);
  }

  private complexType(node: XmlElement, context: Component): ComplexTypeDef {
    const doc = context.doc;
    const mixed = attr(node, 'mixed') === 'true';
    const body = children(node);
    const content = body.find((c) => c.name === 'simpleContent' || c.name === 'complexContent');
    if (content) {
      const derivation = children(content)[0];
      if (!derivation || (derivation.name !== 'extension' && derivation.name !== 'restriction')) unsupported(doc, content, `<xs:${content.name}> without extension or restriction`);
      const baseName = attr(derivation, 'base');
      if (!baseName) throw new XsdCompileError(`${doc.key}: <xs:${derivation.name}> without a base`);
      const base = this.complexBase(baseName, context);
      const own = children(derivation);
      return content.name === 'simpleContent'
        ? this.simpleContent(derivation, base, baseName, own, context)
        : this.complexContent(derivation, base, own, context, mixed || attr(content, 'mixed') === 'true');
    }
    const groups = body.filter((c) => ['sequence', 'choice', 'all', 'group'].includes(c.name));
    if (groups.length > 1) unsupported(doc, node, 'a complex type with two model groups');
    const particle = groups.length ? this.particle(groups[0], context) : undefined;
    const attributes = this.attributes(body.filter((c) => !['sequence', 'choice', 'all', 'group'].includes(c.name)), context, []);
    return complexDef(particle, mixed, attributes);
  }

  private simpleContent(derivation: XmlElement, base: ComplexTypeDef | SimpleTypeDef, baseName: string, own: XmlElement[], context: Component): ComplexTypeDef {
    let text: TypeRef | SimpleTypeDef;
    let inherited: readonly AttributeDecl[] = [];
    if (base.kind === 'simple') {
      if (derivation.name === 'restriction') unsupported(context.doc, derivation, 'a simpleContent restriction of a simple type');
      text = this.typeRef(baseName, context);
    } else {
      if (base.content !== 'simple') unsupported(context.doc, derivation, `simpleContent derived from ${baseName}, which has no simple content`);
      text = base.text!;
      inherited = base.attributes ?? [];
    }
    const facets = own.filter((c) => FACETS.has(c.name));
    if (facets.length) {
      if (derivation.name !== 'restriction') unsupported(context.doc, derivation, 'facets in an extension');
      const resolved = typeof text === 'string' ? (text.startsWith('xs:') ? { kind: 'simple' as const, base: text } : this.namedSimple(text)) : text;
      text = this.applyFacets(resolved, facets, context);
    }
    const attributes = this.attributes(own.filter((c) => !FACETS.has(c.name) && c.name !== 'simpleType'), context, inherited);
    return { kind: 'complex', content: 'simple', text, ...(attributes.length ? { attributes } : {}) };
  }

  private complexContent(derivation: XmlElement, base: ComplexTypeDef | SimpleTypeDef, own: XmlElement[], context: Component, mixed: boolean): ComplexTypeDef {
    if (base.kind === 'simple' || base.content === 'simple') unsupported(context.doc, derivation, 'complexContent derived from a type with simple content');
    const groups = own.filter((c) => ['sequence', 'choice', 'all', 'group'].includes(c.name));
    if (groups.length > 1) unsupported(context.doc, derivation, 'a derivation with two model groups');
    const ownParticle = groups.length ? this.particle(groups[0], context) : undefined;
    const attributeNodes = own.filter((c) => !['sequence', 'choice', 'all', 'group'].includes(c.name));
    const inherited = base.attributes ?? [];
    if (derivation.name === 'restriction') {
      // The restriction states the whole content model; attributes are inherited unless restated or prohibited.
      return complexDef(ownParticle, mixed, this.attributes(attributeNodes, context, inherited));
    }
    let particle: Particle | undefined;
    if (!base.particle) particle = ownParticle;
    else if (!ownParticle) particle = base.particle;
    else {
      if ('all' in base.particle || 'all' in ownParticle) unsupported(context.doc, derivation, 'extending an xs:all content model');
      particle = { sequence: [base.particle, ownParticle] };
    }
    return complexDef(particle, mixed || base.content === 'mixed', this.attributes(attributeNodes, context, inherited));
  }

  private attributes(nodes: XmlElement[], context: Component, inherited: readonly AttributeDecl[]): AttributeDecl[] {
    const out = new Map<string, AttributeDecl>();
    for (const a of inherited) out.set(a.name, a);
    for (const node of nodes) {
      if (node.name !== 'attribute') unsupported(context.doc, node);
      if (attr(node, 'ref')) unsupported(context.doc, node, 'an attribute ref');
      const name = attr(node, 'name');
      if (!name) throw new XsdCompileError(`${context.doc.key}: an attribute without a name`);
      const use = attr(node, 'use') ?? 'optional';
      if (use === 'prohibited') {
        out.delete(name);
        continue;
      }
      const typeName = attr(node, 'type');
      const inline = children(node).find((c) => c.name === 'simpleType');
      const type = typeName ? this.typeRef(typeName, context) : inline ? this.simpleType(inline, context) : undefined;
      if (typeof type === 'string' && this.tables.complexTypes.has(type)) throw new XsdCompileError(`${context.doc.key}: attribute ${name} has a complex type`);
      out.set(name, { name, ...(type !== undefined ? { type } : {}), ...(use === 'required' ? { required: true as const } : {}) });
    }
    return [...out.values()];
  }

  private simpleType(node: XmlElement, context: Component): SimpleTypeDef {
    const body = children(node);
    const restriction = body.find((c) => c.name === 'restriction');
    if (!restriction) unsupported(context.doc, body[0] ?? node, `<xs:${body[0]?.name ?? 'simpleType'}> (only restrictions)`);
    const baseName = attr(restriction, 'base');
    const inline = children(restriction).find((c) => c.name === 'simpleType');
    const base = baseName ? this.simpleBase(baseName, context) : inline ? this.simpleType(inline, context) : unsupported(context.doc, restriction, 'a restriction without a base');
    return this.applyFacets(base, children(restriction).filter((c) => c.name !== 'simpleType'), context);
  }

  private applyFacets(base: SimpleTypeDef, facets: XmlElement[], context: Component): SimpleTypeDef {
    const def: { -readonly [K in keyof SimpleTypeDef]: SimpleTypeDef[K] } = { ...base };
    const patterns: string[] = [];
    const enumeration: string[] = [];
    for (const f of facets) {
      const value = attr(f, 'value');
      if (!FACETS.has(f.name)) unsupported(context.doc, f, `facet <xs:${f.name}>`);
      if (value === undefined) throw new XsdCompileError(`${context.doc.key}: <xs:${f.name}> without a value`);
      switch (f.name) {
        case 'pattern':
          try {
            xsdRegex(value);
          } catch (e) {
            throw new XsdCompileError(`${context.doc.key}: pattern ${value}: ${e instanceof Error ? e.message : String(e)}`);
          }
          patterns.push(value);
          break;
        case 'enumeration':
          enumeration.push(value);
          break;
        case 'length':
        case 'minLength':
        case 'maxLength':
          if (!/^\d+$/.test(value)) throw new XsdCompileError(`${context.doc.key}: bad ${f.name} ${value}`);
          def[f.name] = Number(value);
          break;
        case 'whiteSpace':
          if (!['preserve', 'replace', 'collapse'].includes(value)) throw new XsdCompileError(`${context.doc.key}: bad whiteSpace ${value}`);
          def.whiteSpace = value as WhiteSpace;
          break;
        default:
          def[f.name as 'minInclusive'] = value;
      }
    }
    if (patterns.length) def.patterns = [...(base.patterns ?? []), patterns];
    if (enumeration.length) def.enumeration = enumeration;
    return def;
  }

  // -------------------------------------------------------------------------------------------------------
  // Particles and elements

  private particle(node: XmlElement, context: Component): Particle | undefined {
    const doc = context.doc;
    const o = occurs(doc, node);
    if (o.max === 0) return undefined;
    switch (node.name) {
      case 'element':
        return this.elementParticle(node, context, o);
      case 'sequence':
      case 'choice': {
        const items = children(node).map((c) => {
          if (!['element', 'sequence', 'choice'].includes(c.name)) unsupported(doc, c, `<xs:${c.name}> in <xs:${node.name}>`);
          return this.particle(c, context);
        }).filter((p): p is Particle => p !== undefined);
        if (items.length === 0) return undefined;
        return node.name === 'sequence' ? { sequence: items, ...compactOccurs(o) } : { choice: items, ...compactOccurs(o) };
      }
      case 'all': {
        if (o.max !== 1 || o.min > 1) throw new XsdCompileError(`${doc.key}: <xs:all> occurs at most once`);
        const items = children(node).map((c) => {
          if (c.name !== 'element') unsupported(doc, c, `<xs:${c.name}> in <xs:all>`);
          const p = this.elementParticle(c, context, occurs(doc, c));
          if ((p.max ?? 1) !== 1 && p.max !== 0) throw new XsdCompileError(`${doc.key}: <xs:all> members occur at most once`);
          return p;
        });
        if (items.length === 0) return undefined;
        return { all: items, ...compactOccurs(o) };
      }
      default:
        return unsupported(doc, node);
    }
  }

  private elementParticle(node: XmlElement, context: Component, o: { min: number; max: number | 'unbounded' }): ElementParticle {
    const ref = attr(node, 'ref');
    if (ref) {
      const key = this.qname(ref, context);
      const global = this.tables.elements.get(key);
      if (!global) throw new XsdCompileError(`${context.doc.key}: unknown element ref ${ref}`);
      return { element: key, ...this.elementDecl(global.node, global), ...compactOccurs(o) };
    }
    const name = attr(node, 'name');
    if (!name) throw new XsdCompileError(`${context.doc.key}: an element without name or ref`);
    return { element: name, ...this.elementDecl(node, context), ...compactOccurs(o) };
  }

  private elementDecl(node: XmlElement, context: Component): ElementDecl {
    const doc = context.doc;
    for (const a of ['substitutionGroup', 'abstract', 'nillable', 'form']) if (attr(node, a) !== undefined) unsupported(doc, node, `the ${a} attribute of <xs:element>`);
    const typeName = attr(node, 'type');
    const body = children(node);
    let type: ElementDecl['type'];
    if (typeName) type = this.typeRef(typeName, context);
    const inlineComplex = body.find((c) => c.name === 'complexType');
    const inlineSimple = body.find((c) => c.name === 'simpleType');
    if (inlineComplex) type = this.complexType(inlineComplex, context);
    else if (inlineSimple) type = this.simpleType(inlineSimple, context);
    const identity: IdentityConstraint[] = [];
    for (const c of body) {
      if (c.name === 'complexType' || c.name === 'simpleType') continue;
      if (c.name !== 'unique' && c.name !== 'key') unsupported(doc, c, `<xs:${c.name}> in <xs:element>`);
      const selector = children(c).find((s) => s.name === 'selector');
      const fields = children(c).filter((s) => s.name === 'field').map((f) => attr(f, 'xpath') ?? '');
      const selectorPath = selector ? attr(selector, 'xpath') : undefined;
      if (!selectorPath || fields.length === 0) throw new XsdCompileError(`${doc.key}: <xs:${c.name}> needs a selector and fields`);
      parseIdentityXPath(selectorPath, false);
      for (const f of fields) parseIdentityXPath(f, true);
      identity.push({ kind: c.name, name: attr(c, 'name') ?? '', selector: selectorPath, fields });
    }
    return { ...(type !== undefined ? { type } : {}), ...(identity.length ? { identity } : {}) };
  }
}

const FACETS = new Set(['pattern', 'enumeration', 'length', 'minLength', 'maxLength', 'whiteSpace', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive']);

function complexDef(particle: Particle | undefined, mixed: boolean, attributes: AttributeDecl[]): ComplexTypeDef {
  const content = particle ? (mixed ? 'mixed' : 'elements') : mixed ? 'mixed' : undefined;
  return {
    kind: 'complex',
    ...(content ? { content } : {}),
    ...(particle ? { particle } : {}),
    ...(attributes.length ? { attributes } : {}),
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
