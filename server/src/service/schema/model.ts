/**
 * The compiled schema model: what `xsdCompiler` makes of Magento's XSDs and what `schemaValidation` checks a
 * document against. Plain JSON (it is shipped as server/data/magento-schemas.json), with every derivation
 * (complexContent extension/restriction, xs:redefine, simpleType restriction chains) already flattened, so the
 * validator never needs the XSDs.
 *
 * Defaults are omitted to keep the JSON small: a particle occurs exactly once (`min` 1, `max` 1), an attribute
 * is optional, a complex type without `content` has empty content.
 */

/** `xs:<name>` for a built-in simple type, else the name of one of the schema's named types. */
export type TypeRef = string;

export interface SchemaModel {
  readonly version: 1;
  /** Provenance, set by scripts/generate-schemas.mjs. */
  readonly generatedFrom?: string;
  readonly licence?: string;
  /** Keyed by XSD file name, e.g. `acl.xsd`, `integration_file.xsd`. */
  readonly schemas: Readonly<Record<string, SchemaDef>>;
}

export interface SchemaDef {
  /** The URN Magento refers to this XSD by (`urn:magento:framework:Acl/etc/acl.xsd`). */
  readonly urn?: string;
  /** Global element declarations: the possible document roots. */
  readonly elements: Readonly<Record<string, ElementDecl>>;
  /** Named complex types, flattened. */
  readonly complexTypes: Readonly<Record<string, ComplexTypeDef>>;
  /** Named simple types, flattened to a built-in base plus facets. */
  readonly simpleTypes: Readonly<Record<string, SimpleTypeDef>>;
}

export interface ElementDecl {
  /** A type name, or the element's anonymous type inline. Absent: xs:anyType (anything goes). */
  readonly type?: TypeRef | ComplexTypeDef | SimpleTypeDef;
  /** xs:unique / xs:key constraints scoped to this element. */
  readonly identity?: readonly IdentityConstraint[];
}

export interface IdentityConstraint {
  readonly kind: 'unique' | 'key';
  readonly name: string;
  /** Restricted XPath, e.g. `.//*` or `./resource`. */
  readonly selector: string;
  /** Restricted XPaths, e.g. `@id`. */
  readonly fields: readonly string[];
}

export interface ComplexTypeDef {
  readonly kind: 'complex';
  /** Absent: empty content (attributes only; not even whitespace is allowed inside). */
  readonly content?: 'elements' | 'mixed' | 'simple';
  /** The content model, for `elements` and `mixed`. */
  readonly particle?: Particle;
  /** The type of the text, for `simple`. */
  readonly text?: TypeRef | SimpleTypeDef;
  readonly attributes?: readonly AttributeDecl[];
}

export interface AttributeDecl {
  readonly name: string;
  /** Absent: xs:anySimpleType. */
  readonly type?: TypeRef | SimpleTypeDef;
  readonly required?: true;
}

export type Occurs = { readonly min?: number; readonly max?: number | 'unbounded' };

export type Particle = ElementParticle | SequenceParticle | ChoiceParticle | AllParticle;
export interface ElementParticle extends ElementDecl, Occurs {
  readonly element: string;
}
export interface SequenceParticle extends Occurs {
  readonly sequence: readonly Particle[];
}
export interface ChoiceParticle extends Occurs {
  readonly choice: readonly Particle[];
}
/** Only ever the whole content model of a type (XSD 1.0); its members are element particles with max 1. */
export interface AllParticle extends Occurs {
  readonly all: readonly ElementParticle[];
}

export type WhiteSpace = 'preserve' | 'replace' | 'collapse';

export interface SimpleTypeDef {
  readonly kind: 'simple';
  /** The built-in type the restriction chain starts from, e.g. `xs:string`, `xs:anyURI`. */
  readonly base: string;
  /** Only when a facet overrides the built-in's own. */
  readonly whiteSpace?: WhiteSpace;
  /** XSD regular expressions: the value must match one of each inner list (one inner list per derivation step). */
  readonly patterns?: readonly (readonly string[])[];
  readonly enumeration?: readonly string[];
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minInclusive?: string;
  readonly maxInclusive?: string;
  readonly minExclusive?: string;
  readonly maxExclusive?: string;
}

export function isElementParticle(p: Particle): p is ElementParticle {
  return (p as ElementParticle).element !== undefined;
}

export function minOf(o: Occurs): number {
  return o.min ?? 1;
}

export function maxOf(o: Occurs): number {
  return o.max === 'unbounded' ? Infinity : o.max ?? 1;
}
