/**
 * `schema` diagnostics: a parsed document checked against one schema of the compiled model, the way libxml2
 * (Magento's validator) judges it, with messages that say what is expected and ranges on the smallest
 * sensible token. Unlike libxml2 it goes on after the first problem in an element: a misplaced element is
 * still checked with its declaration, and order problems are told as such ("<email> must come before
 * <endpoint_url>"). Pure, and never throws: what a broken document leaves undecidable is skipped.
 *
 * Also the per-file schema Magento uses, and small queries on the model for schema-driven completion.
 */
import type { FileKind } from '../files/fileKind';
import { runToEnd, Steps } from '../steps';
import type { ParsedXml, XmlAttribute, XmlElement } from '../xml/xmlDocument';
import { ContentMatcher, matcherFor, MatchState } from './contentModel';
import { parseIdentityXPath, selectElements, selectField } from './identity';
import type { AttributeDecl, ComplexTypeDef, ElementDecl, SchemaDef, SchemaModel, SimpleTypeDef } from './model';
import { applyWhiteSpace, builtinWhiteSpace, checkValue, resolveSimpleType, show, valueOptions } from './simpleTypes';
import { attributeValue, isBlank, nameRange, rawTagName, textSegments, textValue, trimmedRange } from './xmlContent';

export interface SchemaProblem {
  readonly message: string;
  /** UTF-16 offsets into the document, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** The XSD Magento validates each file kind against, file by file (2.4.7-p1 SchemaLocators). */
export const schemaByKind: Readonly<Partial<Record<FileKind, string>>> = {
  api: 'api.xsd',
  config: 'config.xsd',
  integration: 'integration_file.xsd',
  acl: 'acl.xsd',
  webapi: 'webapi.xsd',
};

/** The XSD Magento validates the *merged* document of a kind against, where it differs. */
export const mergedSchemaByKind: Readonly<Partial<Record<FileKind, string>>> = {
  api: 'api.xsd',
  config: 'config.xsd',
  integration: 'integration.xsd',
  acl: 'acl_merged.xsd',
  webapi: 'webapi_merged.xsd',
};

export function schemaForKind(kind: FileKind | undefined): string | undefined {
  return kind ? schemaByKind[kind] : undefined;
}

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** How far among siblings a misplaced element's partner is looked for (a real file's is a few away). */
const MISPLACED_WINDOW = 32;

/** Checks `xml` against schema `schemaName` of `model`; [] when the model has no such schema. */
export function validateSchema(xml: ParsedXml, model: SchemaModel, schemaName: string): SchemaProblem[] {
  return runToEnd(validateSchemaSteps(xml, model, schemaName));
}

/** validateSchema in steps: it yields after each element of the top levels (see steps.ts). */
export function* validateSchemaSteps(xml: ParsedXml, model: SchemaModel, schemaName: string): Steps<SchemaProblem[]> {
  const schema = model.schemas[schemaName];
  if (!schema || !xml.root) return [];
  const validator = new Validator(xml, schema);
  try {
    yield* validator.run(xml.root);
  } catch {
    // A bug here must not cost the other diagnostics: keep what was found.
  }
  return validator.problems.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Elements this close to the root are validated in steps (yielding after each child); deeper ones at once. */
const STEP_DEPTH = 4;
const NO_STEPS: readonly void[] = Object.freeze([]);

type ResolvedType =
  | { readonly kind: 'any' }
  | { readonly kind: 'simple'; readonly def: SimpleTypeDef }
  | { readonly kind: 'complex'; readonly def: ComplexTypeDef };

function resolveType(type: ElementDecl['type'], schema: SchemaDef): ResolvedType | undefined {
  if (type === undefined || type === 'xs:anyType') return { kind: 'any' };
  if (typeof type !== 'string') return type.kind === 'complex' ? { kind: 'complex', def: type } : { kind: 'simple', def: type };
  const complex = schema.complexTypes[type];
  if (complex) return { kind: 'complex', def: complex };
  const simple = resolveSimpleType(type, schema);
  return simple ? { kind: 'simple', def: simple } : undefined;
}

const tag = (name: string) => `<${name}>`;
const isXmlns = (a: XmlAttribute) => a.name.startsWith('xmlns') && (a.name.length === 5 || a.name.charCodeAt(5) === 0x3a);
const NO_NAMESPACES: ReadonlyMap<string, string> = new Map();
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** "a", "a or b", "a, b or c". */
function either(items: readonly string[], joiner = 'or'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

class Validator {
  readonly problems: SchemaProblem[] = [];
  private readonly text: string;
  private readonly errorOffsets: number[];
  /** Declared types of validated elements (identity constraints read attribute types from here). */
  private readonly types = new Map<XmlElement, ResolvedType>();
  private readonly declaredNamespaces = new Map<XmlElement, Map<string, string>>();

  /** Only identity constraints read `types`: a schema without any keeps no map entry per element. */
  private readonly hasIdentity: boolean;

  constructor(xml: ParsedXml, private readonly schema: SchemaDef) {
    this.text = xml.text;
    this.errorOffsets = xml.errors.map((e) => e.start).sort((a, b) => a - b);
    this.hasIdentity = schemaHasIdentity(schema);
  }

  *run(root: XmlElement): Steps<void> {
    if (!root.name) return;
    const ns = this.namespaceProblem(root);
    const decl = ns ? undefined : this.schema.elements[root.name];
    if (!decl) {
      const roots = Object.keys(this.schema.elements).map(tag);
      this.report(nameRange(this.text, root), ns ?? `Unexpected root element ${tag(rawTagName(this.text, root))}: expected ${either(roots)}`);
      return;
    }
    yield* this.elementSteps(root, decl, 0);
  }

  private report(range: { start: number; end: number }, message: string): void {
    this.problems.push({ message, start: range.start, end: range.end });
  }

  /** Whether a syntax error lies inside the element: its content (and start tag) cannot be judged as complete. */
  private broken(element: XmlElement): boolean {
    if (!element.name) return true;
    // Binary search (sorted offsets): a document with thousands of errors and elements stays linear.
    let lo = 0;
    let hi = this.errorOffsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.errorOffsets[mid] < element.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.errorOffsets.length && this.errorOffsets[lo] <= element.end;
  }

  /** A message when the element is in a namespace (Magento's schemas declare none), else undefined. */
  private namespaceProblem(element: XmlElement): string | undefined {
    // Most tags have no prefix: then the raw name is the local name, read without a slice and a regex.
    const nameEnd = element.start + 1 + element.name.length;
    const unprefixed = element.name !== '' && this.text.startsWith(element.name, element.start + 1) && !/[^\s<>/="']/.test(this.text.charAt(nameEnd));
    const raw = unprefixed ? element.name : rawTagName(this.text, element);
    const colon = raw.indexOf(':');
    const prefix = colon < 0 ? '' : raw.slice(0, colon);
    const uri = this.lookupNamespace(element, prefix);
    if (colon < 0 && !uri) return undefined;
    return `${tag(raw)} is in the namespace ${show(uri ?? `${prefix}:`)}: Magento's schema declares ${tag(element.name)} without a namespace`;
  }

  private lookupNamespace(element: XmlElement | undefined, prefix: string): string | undefined {
    const name = prefix ? `xmlns:${prefix}` : 'xmlns';
    for (let e = element; e; e = e.parent) {
      const uri = this.namespaceDeclarations(e).get(name);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }

  /** The element's xmlns attributes by name (the first of each), read once: thousands of attributes stay linear. */
  private namespaceDeclarations(element: XmlElement): ReadonlyMap<string, string> {
    const attributes = element.attributes;
    // Most elements declare no namespace: answer without a map per element (a large file has 100,000s).
    if (attributes.length <= 4 && !attributes.some(isXmlns)) return NO_NAMESPACES;
    let declared = this.declaredNamespaces.get(element);
    if (!declared) {
      declared = new Map();
      for (const a of attributes) {
        if (isXmlns(a) && !declared.has(a.name)) declared.set(a.name, a.value ?? '');
      }
      this.declaredNamespaces.set(element, declared);
    }
    return declared;
  }

  // -------------------------------------------------------------------------------------------------------

  private element(element: XmlElement, decl: ElementDecl): void {
    const content = this.beforeChildren(element, decl);
    if (content) runToEnd(this.children(element, content.matcher, content.broken, -1));
    for (const constraint of decl.identity ?? []) this.identity(element, constraint);
  }

  /** `element` near the root, yielding after each of its children (depth < STEP_DEPTH). */
  private *elementSteps(element: XmlElement, decl: ElementDecl, depth: number): Steps<void> {
    const content = this.beforeChildren(element, decl);
    if (content) yield* this.children(element, content.matcher, content.broken, depth);
    for (const constraint of decl.identity ?? []) this.identity(element, constraint);
  }

  /** Checks all of `element` but its child elements; returns how to check those, if it may have any. */
  private beforeChildren(element: XmlElement, decl: ElementDecl): { matcher: ContentMatcher; broken: boolean } | undefined {
    const type = resolveType(decl.type, this.schema);
    if (!type || type.kind === 'any') return undefined;
    if (this.hasIdentity) this.types.set(element, type);
    const broken = this.broken(element);
    if (type.kind === 'simple') {
      this.attributes(element, [], broken);
      this.noChildren(element, `${tag(element.name)} holds a value only`);
      this.value(element, type.def);
    } else {
      const def = type.def;
      this.attributes(element, def.attributes ?? [], broken);
      switch (def.content) {
        case undefined:
          this.noChildren(element, `${tag(element.name)} must be empty`);
          if (!broken) {
            const segments = textSegments(this.text, element);
            if (segments.length) {
              const range = trimmedRange(this.text, segments) ?? nameRange(this.text, element);
              const blank = isBlank(textValue(segments));
              this.report(range, `${tag(element.name)} must be empty: ${blank ? 'not even whitespace or line breaks are allowed inside it' : 'it cannot contain text'} (write ${tag(element.name).slice(0, -1)} …/>)`);
            }
          }
          break;
        case 'simple':
          this.noChildren(element, `${tag(element.name)} holds a value only`);
          this.value(element, resolveSimpleType(def.text, this.schema));
          break;
        case 'elements':
        case 'mixed':
          if (def.content === 'elements' && !broken) this.elementOnlyText(element);
          return { matcher: matcherFor(def.particle), broken };
      }
    }
    return undefined;
  }

  /**
   * A child matched to its declaration: in steps near the root (`depth` >= 0), else checked at once, with
   * nothing left to iterate (no generator per element: a large file has 100,000s).
   */
  private child(c: XmlElement, decl: ElementDecl, depth: number): Iterable<void> {
    if (depth >= 0 && depth + 1 < STEP_DEPTH) return this.elementSteps(c, decl, depth + 1);
    this.element(c, decl);
    return NO_STEPS;
  }

  private attributes(element: XmlElement, decls: readonly AttributeDecl[], broken: boolean): void {
    let names: ReadonlySet<string> | undefined;
    for (const a of element.attributes) {
      if (isXmlns(a)) continue;
      const colon = a.name.indexOf(':');
      if (colon >= 0 && this.lookupNamespace(element, a.name.slice(0, colon)) === XSI_NS) continue;
      const decl = colon < 0 ? decls.find((d) => d.name === a.name) : undefined;
      if (!decl) {
        if (broken && a.value === undefined) continue; // a name being typed
        this.report({ start: a.start, end: a.start + a.name.length }, this.unexpectedAttribute(element, a, decls, (names ??= new Set(element.attributes.map((x) => x.name)))));
        continue;
      }
      const value = attributeValue(a);
      if (value === undefined) continue; // being typed
      const type = resolveSimpleType(decl.type, this.schema);
      const problem = type && checkValue(value, type, a.name);
      if (problem) this.report(valueRange(a), problem);
    }
    if (broken) return;
    for (const d of decls) {
      if (!d.required) continue;
      const present = element.attributes.length > 8 ? (names ??= new Set(element.attributes.map((x) => x.name))).has(d.name) : element.attributes.some((x) => x.name === d.name);
      if (!present) this.report(nameRange(this.text, element), `${tag(element.name)} requires ${article(d.name)} ${d.name} attribute`);
    }
  }

  private unexpectedAttribute(element: XmlElement, a: XmlAttribute, decls: readonly AttributeDecl[], names: ReadonlySet<string>): string {
    const head = `Unexpected attribute ${a.name} on ${tag(element.name)}`;
    if (decls.length === 0) return `${head}: ${tag(element.name)} takes no attributes`;
    const unused = decls.filter((d) => !names.has(d.name)).map((d) => d.name);
    if (unused.length) return `${head}: expected ${either(unused)}`;
    return `${head}: ${tag(element.name)} allows only ${either(decls.map((d) => d.name), 'and')}`;
  }

  private noChildren(element: XmlElement, why: string): void {
    for (const c of element.children) {
      if (!c.name) continue;
      this.report(nameRange(this.text, c), `Unexpected element ${tag(rawTagName(this.text, c))} in ${tag(element.name)}: ${why}`);
    }
  }

  private value(element: XmlElement, type: SimpleTypeDef | undefined): void {
    if (!type || this.broken(element)) return;
    const segments = textSegments(this.text, element);
    const problem = checkValue(textValue(segments), type, element.name);
    if (problem) this.report(trimmedRange(this.text, segments) ?? nameRange(this.text, element), problem);
  }

  private elementOnlyText(element: XmlElement): void {
    if (onlyBlanksBetweenChildren(this.text, element)) return;
    for (const s of textSegments(this.text, element)) {
      if (s.kind === 'text' && isBlank(s.value)) continue;
      const range = trimmedRange(this.text, [s]) ?? { start: s.start, end: s.end };
      const what = s.kind === 'cdata' ? 'CDATA sections are' : 'text is';
      this.report(range.end > range.start ? range : nameRange(this.text, element), `${tag(element.name)} contains only elements: ${what} not allowed here`);
      return;
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Content models

  /** The child elements against the content model; `depth` >= 0 yields after each child (see STEP_DEPTH). */
  private *children(parent: XmlElement, m: ContentMatcher, broken: boolean, depth: number): Steps<void> {
    const kids = parent.children.every((c) => c.name) ? parent.children : parent.children.filter((c) => c.name);
    const p = tag(parent.name);
    let state = m.start();
    /** Children consumed so far, with the state before each (to tell "must come before" apart). */
    const history: Array<{ child: XmlElement; before: MatchState }> = [];
    const counts = new Map<string, number>();
    const consumed = (child: XmlElement, before: MatchState) => {
      history.push({ child, before });
      counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
    };
    const early = new Set<XmlElement>();

    for (let i = 0; i < kids.length; i++) {
      if (depth >= 0 && i > 0) yield;
      const c = kids[i];
      if (early.has(c)) continue;
      const nsProblem = this.namespaceProblem(c);
      if (nsProblem) {
        this.report(nameRange(this.text, c), nsProblem);
        continue;
      }
      const next = m.step(state, c.name);
      if (next) {
        consumed(c, state);
        state = next.state;
        yield* this.child(c, next.particle, depth);
        continue;
      }
      const known = m.particle(c.name);
      if (!known) {
        if (!this.broken(c)) this.report(nameRange(this.text, c), this.unexpectedElement(c, parent, m, state));
        continue;
      }

      // A declared element out of place. 1) A later sibling belongs here: it is the misplaced one.
      // (Both searches look at most MISPLACED_WINDOW siblings away, so thousands of siblings stay linear.)
      let handled = false;
      for (let j = i + 1; j < Math.min(kids.length, i + 1 + MISPLACED_WINDOW) && !handled; j++) {
        const x = kids[j];
        if (early.has(x) || this.namespaceProblem(x)) continue;
        const viaX = m.step(state, x.name);
        const thenC = viaX && m.step(viaX.state, c.name);
        if (!viaX || !thenC) continue;
        this.report(nameRange(this.text, x), `${tag(x.name)} must come before ${tag(c.name)} in ${p}`);
        early.add(x);
        consumed(x, state);
        consumed(c, viaX.state);
        state = thenC.state;
        yield* this.child(x, viaX.particle, depth);
        yield* this.child(c, thenC.particle, depth);
        handled = true;
      }
      if (handled) continue;

      // 2) It fits before an earlier sibling.
      for (let h = history.length - 1; h >= Math.max(0, history.length - MISPLACED_WINDOW) && !handled; h--) {
        const moved = m.step(history[h].before, c.name);
        if (!moved) continue;
        let s: MatchState | undefined = moved.state;
        for (let k = h; k < history.length && s; k++) s = m.step(s, history[k].child.name)?.state;
        if (!s) continue;
        this.report(nameRange(this.text, c), `${tag(c.name)} must come before ${tag(history[h].child.name)} in ${p}`);
        state = s;
        yield* this.child(c, moved.particle, depth);
        handled = true;
      }
      if (handled) continue;

      // 3) Required elements are missing before it.
      const path = this.completion(m, state, (s) => m.step(s, c.name) !== undefined);
      if (path && path.names.length) {
        const after = m.step(path.state, c.name)!;
        this.report(nameRange(this.text, parent), `${p} requires ${this.elements(path.names)} before ${tag(c.name)}`);
        consumed(c, path.state);
        state = after.state;
        yield* this.child(c, after.particle, depth);
        continue;
      }

      // 4) One too many.
      const max = m.maxCount(c.name);
      const count = (counts.get(c.name) ?? 0) + 1;
      if (count > max) {
        this.report(nameRange(this.text, c), max === 1 ? `${p} may contain only one ${tag(c.name)}` : `${p} may contain at most ${max} ${tag(c.name)} elements`);
      } else {
        const expected = m.expected(state).map((e) => tag(e.element));
        const prev = history.length ? history[history.length - 1].child : undefined;
        this.report(nameRange(this.text, c), expected.length
          ? `${tag(c.name)} is not allowed here in ${p}: expected ${either(expected)}`
          : `${tag(c.name)} is not allowed ${prev ? `after ${tag(prev.name)}` : 'here'} in ${p}`);
      }
      yield* this.child(c, known, depth);
    }

    if (broken || m.accepts(state)) return;
    const range = nameRange(this.text, parent);
    if (m.missing) {
      const missing = m.missing(state).map((e) => e.element);
      if (missing.length) this.report(range, `${p} requires ${this.elements(missing)}`);
      return;
    }
    const path = this.completion(m, state, (s) => m.accepts(s));
    if (path && path.names.length === 1 && m.maxCount(path.names[0]) > 1 && !counts.has(path.names[0])) {
      this.report(range, `${p} must contain at least one ${tag(path.names[0])}`);
    } else if (path) {
      this.report(range, `${p} requires ${this.elements(path.names)}`);
    } else {
      this.report(range, `${p} is incomplete: expected ${either(m.expected(state).map((e) => tag(e.element)))}`);
    }
  }

  /** "an <email> element", "<service> and <resources> elements". */
  private elements(names: readonly string[]): string {
    return names.length === 1 ? `${article(names[0])} ${tag(names[0])} element` : `${either(names.map(tag), 'and')} elements`;
  }

  /**
   * The shortest run of elements (at most 4) that leads from `state` to one satisfying `goal`, when each step
   * is forced (only one name possible) or the run is the unique shortest; undefined when there is none.
   */
  private completion(m: ContentMatcher, state: MatchState, goal: (s: MatchState) => boolean): { names: string[]; state: MatchState } | undefined {
    let frontier: Array<{ names: string[]; state: MatchState }> = [{ names: [], state }];
    for (let depth = 0; depth <= 4; depth++) {
      const found = frontier.filter((f) => goal(f.state));
      if (found.length) return found[0];
      const next: typeof frontier = [];
      for (const f of frontier) {
        for (const e of m.expected(f.state)) {
          const s = m.step(f.state, e.element);
          if (s) next.push({ names: [...f.names, e.element], state: s.state });
        }
      }
      if (next.length === 0 || next.length > 64) return undefined;
      frontier = next;
    }
    return undefined;
  }

  private unexpectedElement(c: XmlElement, parent: XmlElement, m: ContentMatcher, state: MatchState): string {
    const head = `Unexpected element ${tag(rawTagName(this.text, c))} in ${tag(parent.name)}`;
    const expected = m.expected(state).map((e) => tag(e.element));
    if (expected.length) return `${head}: expected ${either(expected)}`;
    const all = m.particles.map((e) => tag(e.element));
    if (all.length === 0) return `${head}: ${tag(parent.name)} cannot contain elements`;
    return `${head}: ${tag(parent.name)} may contain only ${either(all, 'and')}`;
  }

  // -------------------------------------------------------------------------------------------------------
  // Identity constraints

  private identity(scope: XmlElement, constraint: NonNullable<ElementDecl['identity']>[number]): void {
    let selector;
    let fields;
    try {
      selector = parseIdentityXPath(constraint.selector, false);
      fields = constraint.fields.map((f) => parseIdentityXPath(f, true));
    } catch {
      return;
    }
    const seen = new Map<string, XmlElement>();
    const scopeLabel = this.scopeLabel(scope);
    for (const target of selectElements(scope, selector)) {
      const values: string[] = [];
      let incomplete = false;
      let first: XmlAttribute | undefined;
      for (const field of fields) {
        const nodes = selectField(target, field);
        if (nodes.length !== 1) {
          incomplete = true;
          break;
        }
        const node = nodes[0];
        if (node.attribute === undefined) {
          values.push(textValue(textSegments(this.text, node.element)));
          continue;
        }
        const a = node.element.attributes.find((x) => x.name === node.attribute)!;
        const value = attributeValue(a);
        if (value === undefined) {
          incomplete = true;
          break;
        }
        first ??= a;
        values.push(applyWhiteSpace(value, this.attributeWhiteSpace(node.element, a.name)));
      }
      const names = constraint.fields.map((f) => f.replace(/^.*@/, ''));
      if (incomplete) {
        if (constraint.kind === 'key' && !this.broken(target)) {
          this.report(nameRange(this.text, target), `${tag(target.name)} requires ${either(names, 'and')} (unique key of ${scopeLabel})`);
        }
        continue;
      }
      const key = JSON.stringify(values);
      if (!seen.has(key)) {
        seen.set(key, target);
        continue;
      }
      const label = names.length === 1 ? names[0] : `(${names.join(', ')})`;
      const shown = values.length === 1 ? show(values[0]) : `(${values.map(show).join(', ')})`;
      this.report(first ? valueRange(first) : nameRange(this.text, target), `Duplicate ${target.name} ${label} ${shown} in ${scopeLabel}`);
    }
  }

  /** "this file" when the scope element can only be one per document, else "this <scope>". */
  private scopeLabel(scope: XmlElement): string {
    let count = 0;
    let root: XmlElement = scope;
    while (root.parent) root = root.parent;
    const walk = (e: XmlElement) => {
      if (e.name === scope.name) count++;
      e.children.forEach(walk);
    };
    walk(root);
    return count === 1 ? 'this file' : `this ${tag(scope.name)}`;
  }

  private attributeWhiteSpace(element: XmlElement, name: string) {
    const type = this.types.get(element);
    const decl = type?.kind === 'complex' ? type.def.attributes?.find((a) => a.name === name) : undefined;
    const simple = decl ? resolveSimpleType(decl.type, this.schema) : undefined;
    return simple ? simple.whiteSpace ?? builtinWhiteSpace(simple.base) : 'preserve';
  }
}

const identityBySchema = new WeakMap<SchemaDef, boolean>();

function schemaHasIdentity(schema: SchemaDef): boolean {
  let found = identityBySchema.get(schema);
  if (found === undefined) {
    found = false;
    const seen = new Set<unknown>();
    const visit = (value: unknown): void => {
      if (found || !value || typeof value !== 'object' || seen.has(value)) return;
      seen.add(value);
      if ('identity' in value && Array.isArray((value as { identity: unknown }).identity) && (value as { identity: unknown[] }).identity.length) {
        found = true;
        return;
      }
      for (const v of Object.values(value)) visit(v);
    };
    visit(schema);
    identityBySchema.set(schema, found);
  }
  return found;
}

/**
 * True when nothing but blanks lies between the element's start tag, its children and its end tag — the
 * common case, decided without building text segments. False means "look closer", not "there is text".
 */
function onlyBlanksBetweenChildren(text: string, element: XmlElement): boolean {
  if (element.selfClosing !== false || !element.children.length) return false;
  let from = element.attributes.length ? element.attributes[element.attributes.length - 1].end : element.start + 1;
  from = text.indexOf('>', from);
  if (from < 0 || from >= element.children[0].start) return false;
  from++;
  const blanks = (a: number, b: number) => {
    for (let i = a; i < b; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
    }
    return true;
  };
  for (const child of element.children) {
    if (child.start < from || !blanks(from, child.start)) return false;
    from = child.end;
  }
  const close = text.lastIndexOf('</', element.end - 1);
  return close >= from && blanks(from, close);
}

/** The value between the quotes, or the whole attribute when the value is empty. */
function valueRange(a: XmlAttribute): { start: number; end: number } {
  return a.valueStart >= 0 && a.valueEnd > a.valueStart ? { start: a.valueStart, end: a.valueEnd } : { start: a.start, end: a.end };
}

// ---------------------------------------------------------------------------------------------------------
// Queries for schema-driven completion

/** The declaration of the element at `path` (root first), or undefined when the schema has none. */
export function elementDeclAt(model: SchemaModel, schemaName: string, path: readonly string[]): ElementDecl | undefined {
  const schema = model.schemas[schemaName];
  if (!schema || path.length === 0) return undefined;
  let decl: ElementDecl | undefined = schema.elements[path[0]];
  for (const name of path.slice(1)) {
    if (!decl) return undefined;
    const type = resolveType(decl.type, schema);
    if (type?.kind !== 'complex' || !type.def.particle) return undefined;
    decl = matcherFor(type.def.particle).particle(name);
  }
  return decl;
}

export interface ChildElementOption {
  readonly name: string;
  /** Nothing else can come here: the content is incomplete without it. */
  readonly required: boolean;
}

/**
 * The elements allowed as children of the element at `path` (root first; [] for the root element itself),
 * between the existing children named `before` and `after`: sequence order and maxOccurs respected, and an
 * element already present where it may occur only once is not offered again.
 */
export function allowedChildElements(
  model: SchemaModel,
  schemaName: string,
  path: readonly string[],
  before: readonly string[] = [],
  after: readonly string[] = [],
): ChildElementOption[] {
  const schema = model.schemas[schemaName];
  if (!schema) return [];
  if (path.length === 0) {
    const roots = Object.keys(schema.elements);
    return roots.map((name) => ({ name, required: roots.length === 1 }));
  }
  const decl = elementDeclAt(model, schemaName, path);
  const type = decl && resolveType(decl.type, schema);
  if (type?.kind !== 'complex' || !type.def.particle) return [];
  const m = matcherFor(type.def.particle);
  let state = m.start();
  for (const name of before) state = m.step(state, name)?.state ?? state;
  const failures = (from: MatchState) => {
    let n = 0;
    let s = from;
    for (const name of after) {
      const next = m.step(s, name);
      if (next) s = next.state;
      else n++;
    }
    return n;
  };
  const baseline = failures(state);
  const options = m.expected(state).filter((e) => {
    const s = m.step(state, e.element);
    return s !== undefined && failures(s.state) <= baseline;
  });
  const required = !m.accepts(state) && (m.missing ? true : options.length === 1);
  return options.map((e) => ({
    name: e.element,
    required: required && (m.missing ? m.missing(state).some((x) => x.element === e.element) && !after.includes(e.element) : true),
  }));
}

export interface AttributeOption {
  readonly name: string;
  readonly required: boolean;
  /** Enumerated values (or true/false for booleans). */
  readonly values?: readonly string[];
}

/** The attributes the element at `path` (root first) may have. */
export function elementAttributes(model: SchemaModel, schemaName: string, path: readonly string[]): AttributeOption[] {
  const schema = model.schemas[schemaName];
  const decl = elementDeclAt(model, schemaName, path);
  const type = schema && decl && resolveType(decl.type, schema);
  if (type?.kind !== 'complex') return [];
  return (type.def.attributes ?? []).map((a) => {
    const values = valueOptions(resolveSimpleType(a.type, schema));
    return { name: a.name, required: a.required === true, ...(values ? { values } : {}) };
  });
}


/** What the element at `path` may contain: nothing, text, child elements, or both. */
export function elementContent(model: SchemaModel, schemaName: string, path: readonly string[]): 'empty' | 'simple' | 'elements' | 'mixed' | undefined {
  const schema = model.schemas[schemaName];
  const decl = elementDeclAt(model, schemaName, path);
  const type = schema && decl && resolveType(decl.type, schema);
  if (!type) return undefined;
  return type.kind === 'complex' ? type.def.content ?? 'empty' : 'simple';
}
