/**
 * Built-in XSD simple types and facet checks: whether a value (an attribute value or an element's text) is
 * valid for a flattened `SimpleTypeDef`, and if not, a message naming what is expected.
 */
import type { SchemaDef, SimpleTypeDef, TypeRef, WhiteSpace } from './model';
import { xsdRegex } from './xsdRegex';

interface Builtin {
  /** Whitespace handling (XSD whiteSpace facet) of the built-in. */
  readonly ws: WhiteSpace;
  /** What a valid value is, after "is not": e.g. `a boolean: use true, false, 1 or 0`. */
  readonly expected?: string;
  readonly lexical?: (v: string) => boolean;
  /** Inclusive integer bounds. */
  readonly min?: bigint;
  readonly max?: bigint;
  /** Numeric for range facets and enumeration comparison. */
  readonly numeric?: 'integer' | 'decimal' | 'float';
  /**
   * libxml2 (2.9) rejects leading/trailing whitespace for these although their whiteSpace facet is collapse:
   * `sortOrder=" 10"` fails Magento's validation, so it fails here too.
   */
  readonly strictSpace?: true;
}

const NAME = (v: string) => xsdRegex('\\i\\c*').test(v);
const NCNAME = (v: string) => NAME(v) && !v.includes(':');
const NMTOKEN = (v: string) => xsdRegex('\\c+').test(v);
const list = (item: (v: string) => boolean) => (v: string) => v !== '' && v.split(' ').every(item);
const INTEGER = (v: string) => /^[+-]?\d+$/.test(v);
const DECIMAL = (v: string) => /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v);
const FLOAT = (v: string) => /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|-?INF|NaN)$/.test(v);

const int = (min: bigint | undefined, max: bigint | undefined, expected: string, strictSpace = false): Builtin => ({
  ws: 'collapse', lexical: INTEGER, min, max, expected, numeric: 'integer', ...(strictSpace ? { strictSpace } : {}),
});
const pow = (n: number) => 2n ** BigInt(n);

const BUILTINS: Record<string, Builtin> = {
  'xs:anySimpleType': { ws: 'preserve' },
  'xs:string': { ws: 'preserve' },
  'xs:normalizedString': { ws: 'replace' },
  'xs:token': { ws: 'collapse' },
  'xs:language': { ws: 'collapse', lexical: (v) => /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(v), expected: 'a language code such as en or en-US' },
  'xs:Name': { ws: 'collapse', lexical: NAME, expected: 'an XML name' },
  'xs:NCName': { ws: 'collapse', lexical: NCNAME, expected: 'an XML name without a colon' },
  'xs:ID': { ws: 'collapse', lexical: NCNAME, expected: 'an XML name without a colon' },
  'xs:IDREF': { ws: 'collapse', lexical: NCNAME, expected: 'an XML name without a colon' },
  'xs:IDREFS': { ws: 'collapse', lexical: list(NCNAME), expected: 'a space-separated list of XML names' },
  'xs:NMTOKEN': { ws: 'collapse', lexical: NMTOKEN, expected: 'a name token (letters, digits, . - _ :)' },
  'xs:NMTOKENS': { ws: 'collapse', lexical: list(NMTOKEN), expected: 'a space-separated list of name tokens' },
  'xs:QName': { ws: 'collapse', lexical: (v) => v.split(':').length <= 2 && v.split(':').every(NCNAME), expected: 'a qualified name (prefix:name)' },
  'xs:anyURI': { ws: 'collapse', lexical: isUriReference, expected: 'a valid URI' },
  'xs:boolean': { ws: 'collapse', lexical: (v) => /^(true|false|1|0)$/.test(v), expected: 'a boolean: use true, false, 1 or 0' },
  'xs:decimal': { ws: 'collapse', lexical: DECIMAL, expected: 'a decimal number', numeric: 'decimal' },
  'xs:float': { ws: 'collapse', lexical: FLOAT, expected: 'a number', numeric: 'float' },
  'xs:double': { ws: 'collapse', lexical: FLOAT, expected: 'a number', numeric: 'float' },
  'xs:integer': int(undefined, undefined, 'an integer'),
  'xs:nonNegativeInteger': int(0n, undefined, 'a whole number of 0 or more'),
  'xs:positiveInteger': int(1n, undefined, 'a whole number of 1 or more'),
  'xs:nonPositiveInteger': int(undefined, 0n, 'an integer of 0 or less'),
  'xs:negativeInteger': int(undefined, -1n, 'an integer of -1 or less'),
  'xs:long': int(-pow(63), pow(63) - 1n, 'an integer', true),
  'xs:int': int(-pow(31), pow(31) - 1n, 'an integer', true),
  'xs:short': int(-pow(15), pow(15) - 1n, 'an integer', true),
  'xs:byte': int(-pow(7), pow(7) - 1n, 'an integer', true),
  'xs:unsignedLong': int(0n, pow(64) - 1n, 'a whole number of 0 or more', true),
  'xs:unsignedInt': int(0n, pow(32) - 1n, 'a whole number of 0 or more', true),
  'xs:unsignedShort': int(0n, pow(16) - 1n, 'a whole number of 0 or more', true),
  'xs:unsignedByte': int(0n, pow(8) - 1n, 'a whole number of 0 or more', true),
};

/** Whether `name` (`xs:…`) is a built-in simple type this module can check. */
export function isSupportedBuiltin(name: string): boolean {
  return name in BUILTINS;
}

export function builtinWhiteSpace(base: string): WhiteSpace {
  return BUILTINS[base]?.ws ?? 'preserve';
}

/**
 * xs:anyURI as libxml2 (2.9) checks it: characters a URI may not contain (controls, space, non-ASCII,
 * <>"{}|\^`') become `_` first, then the value must parse with its RFC 3986 URI-reference parser
 * (xmlParse3986URIReference), whose quirks matter: a port must have digits (`http://host:/` fails), a `%` must
 * start an escape, and a relative reference cannot have a `:` in its first segment.
 */
export function isUriReference(value: string): boolean {
  if (value === '') return true;
  const s = value.replace(/[\u0000-\u001f\u007f-\uffff <>"{}|\\^`']/g, '_');
  return new UriParser(s).uri() || new UriParser(s).relativeRef();
}

const ALPHA = /[A-Za-z]/;
const DIGIT = /[0-9]/;
const HEX = /[0-9A-Fa-f]/;
const UNRESERVED = /[A-Za-z0-9\-._~]/;
const SUB_DELIM = /[!$&'()*+,;=]/;

class UriParser {
  private i = 0;
  constructor(private readonly s: string) {}

  private c(offset = 0): string {
    return this.s[this.i + offset] ?? '';
  }

  private pct(): boolean {
    return this.c() === '%' && HEX.test(this.c(1)) && HEX.test(this.c(2));
  }

  /** Consumes one character of the class (a %-escape counts as one); false at anything else. */
  private take(extra: string, colon: boolean, at: boolean): boolean {
    const ch = this.c();
    if (this.pct()) {
      this.i += 3;
      return true;
    }
    if (ch && (UNRESERVED.test(ch) || SUB_DELIM.test(ch) || (colon && ch === ':') || (at && ch === '@') || extra.includes(ch))) {
      this.i++;
      return true;
    }
    return false;
  }

  private pchars(extra = ''): number {
    let n = 0;
    while (this.take(extra, true, true)) n++;
    return n;
  }

  uri(): boolean {
    if (!ALPHA.test(this.c())) return false;
    while (ALPHA.test(this.c()) || DIGIT.test(this.c()) || '+-.'.includes(this.c()) && this.c() !== '') this.i++;
    if (this.c() !== ':') return false;
    this.i++;
    if (this.s.startsWith('//', this.i)) {
      this.i += 2;
      if (!this.authority()) return false;
      this.segments();
    } else if (this.c() === '/') {
      this.i++;
      if (this.pchars() > 0) this.segments();
    } else if (this.pchars() > 0) this.segments();
    return this.rest();
  }

  relativeRef(): boolean {
    if (this.s.startsWith('//', this.i)) {
      this.i += 2;
      if (!this.authority()) return false;
      this.segments();
    } else if (this.c() === '/') {
      this.i++;
      if (this.pchars() > 0) this.segments();
    } else {
      // path-noscheme: the first segment has no ':'
      let n = 0;
      while (this.take('', false, true)) n++;
      if (n > 0) this.segments();
    }
    return this.rest();
  }

  private segments(): void {
    while (this.c() === '/') {
      this.i++;
      this.pchars();
    }
  }

  private authority(): boolean {
    const start = this.i;
    while (this.take('', true, false));
    if (this.c() === '@') this.i++;
    else this.i = start;
    if (this.c() === '[') {
      const close = this.s.indexOf(']', this.i);
      if (close < 0) return false;
      this.i = close + 1;
    } else while (this.take('', false, false));
    if (this.c() === ':') {
      this.i++;
      if (!DIGIT.test(this.c())) return false;
      while (DIGIT.test(this.c())) this.i++;
    }
    return true;
  }

  private rest(): boolean {
    if (this.c() === '?') {
      this.i++;
      this.pchars('/?');
    }
    if (this.c() === '#') {
      this.i++;
      this.pchars('/?[]');
    }
    return this.i === this.s.length;
  }
}

const NOTHING_TO_COLLAPSE = /^(?:[^\t\n\r ]+(?: [^\t\n\r ]+)*)?$/;

export function applyWhiteSpace(value: string, ws: WhiteSpace): string {
  if (ws === 'preserve') return value;
  if (ws === 'replace' ? !/[\t\n\r]/.test(value) : NOTHING_TO_COLLAPSE.test(value)) return value;
  const replaced = value.replace(/[\t\n\r]/g, ' ');
  return ws === 'replace' ? replaced : replaced.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}

/** The flattened simple type behind a reference, or undefined when it names no simple type. */
export function resolveSimpleType(type: TypeRef | SimpleTypeDef | undefined, schema: SchemaDef): SimpleTypeDef | undefined {
  if (type === undefined) return { kind: 'simple', base: 'xs:anySimpleType' };
  if (typeof type !== 'string') return type;
  if (type.startsWith('xs:')) return type === 'xs:anyType' ? { kind: 'simple', base: 'xs:anySimpleType' } : { kind: 'simple', base: type };
  return schema.simpleTypes[type];
}

/** A value shown in a message: quoted, control characters escaped, long values shortened. */
export function show(value: string): string {
  let v = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  if (v.length > 80) v = `${v.slice(0, 77)}…`;
  return `"${v}"`;
}

/** Length in characters (code points), as XSD counts it: a surrogate pair is one. */
function length(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * Checks `raw` (after XML attribute-value normalization or text concatenation, entities decoded) against
 * `type`. `subject` names the value in the message: an attribute name or an element name.
 * Returns undefined when the value is valid.
 */
export function checkValue(raw: string, type: SimpleTypeDef, subject: string): string | undefined {
  const builtin = BUILTINS[type.base];
  if (!builtin) return undefined; // never compiled: nothing to judge
  const value = applyWhiteSpace(raw, type.whiteSpace ?? builtin.ws);
  if (builtin.strictSpace && value !== raw && !(builtin.lexical && !builtin.lexical(value))) {
    return `${subject} ${show(raw)} must not have spaces or line breaks around the number (Magento's XML validator rejects them)`;
  }

  if (builtin.lexical && !builtin.lexical(value)) {
    return value === '' ? `${subject} is empty: it must be ${builtin.expected}` : `${subject} ${show(value)} is not ${builtin.expected}`;
  }
  if (builtin.numeric === 'integer') {
    const n = BigInt(value);
    if ((builtin.min !== undefined && n < builtin.min) || (builtin.max !== undefined && n > builtin.max)) {
      return `${subject} ${value} is out of range: it must be ${bounds(builtin.min, builtin.max)}`;
    }
  }
  const range = checkRange(value, type, builtin, subject);
  if (range) return range;

  if (type.enumeration && !type.enumeration.some((e) => sameValue(applyWhiteSpace(e, type.whiteSpace ?? builtin.ws), value, builtin))) {
    const options = type.enumeration.join(', ');
    const hint = type.enumeration.find((e) => e.toLowerCase() === value.toLowerCase());
    return `${subject} ${show(value)} is not one of ${options}${hint ? ` (did you mean ${hint}?)` : ''}`;
  }

  const n = length(value);
  const { minLength, maxLength } = type;
  if (type.length !== undefined && n !== type.length) {
    return `${subject} must be exactly ${chars(type.length)} (${has(n)})`;
  }
  if ((minLength !== undefined && n < minLength) || (maxLength !== undefined && n > maxLength)) {
    if (minLength !== undefined && maxLength !== undefined) return `${subject} must be ${minLength} to ${chars(maxLength)} (${has(n)})`;
    if (minLength !== undefined) return `${subject} must be at least ${chars(minLength)} (${has(n)})`;
    return `${subject} must be at most ${chars(maxLength!)} (${has(n)})`;
  }

  for (const group of type.patterns ?? []) {
    if (group.some((p) => xsdRegex(p).test(value))) continue;
    const patterns = group.join(' or ');
    const label = group.length > 1 ? 'any of the patterns' : 'the pattern';
    if (value === '') return `${subject} is empty: it must match ${label} ${patterns}`;
    const trimmed = value.trim();
    const hint = trimmed !== value && trimmed !== '' && group.some((p) => xsdRegex(p).test(trimmed))
      ? `: remove the ${/[\n\r]/.test(value) ? 'line breaks and spaces' : 'spaces'} around the value`
      : '';
    return `${subject} ${show(value)} does not match ${label} ${patterns}${hint}`;
  }
  return undefined;
}

function chars(n: number): string {
  return n === 1 ? '1 character' : `${n} characters`;
}

function has(n: number): string {
  return n === 0 ? 'it is empty' : `it has ${n}`;
}

function bounds(min: bigint | undefined, max: bigint | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `${min} or more`;
  return `${max} or less`;
}

function sameValue(a: string, b: string, builtin: Builtin): boolean {
  if (a === b) return true;
  if (builtin === BUILTINS['xs:boolean']) return ['true', '1'].includes(a) === ['true', '1'].includes(b);
  if (builtin.numeric === 'integer' && INTEGER(a) && INTEGER(b)) return BigInt(a) === BigInt(b);
  if (builtin.numeric && FLOAT(a) && FLOAT(b)) return Number(a) === Number(b);
  return false;
}

function checkRange(value: string, type: SimpleTypeDef, builtin: Builtin, subject: string): string | undefined {
  if (!builtin.numeric) return undefined;
  const { minInclusive, maxInclusive, minExclusive, maxExclusive } = type;
  if (minInclusive === undefined && maxInclusive === undefined && minExclusive === undefined && maxExclusive === undefined) return undefined;
  const n = Number(value);
  if (minInclusive !== undefined && n < Number(minInclusive)) return `${subject} ${value} is too small: it must be ${minInclusive} or more`;
  if (maxInclusive !== undefined && n > Number(maxInclusive)) return `${subject} ${value} is too large: it must be ${maxInclusive} or less`;
  if (minExclusive !== undefined && n <= Number(minExclusive)) return `${subject} ${value} is too small: it must be more than ${minExclusive}`;
  if (maxExclusive !== undefined && n >= Number(maxExclusive)) return `${subject} ${value} is too large: it must be less than ${maxExclusive}`;
  return undefined;
}

/** The values an editor can offer for a simple type: its enumeration, or true/false for booleans. */
export function valueOptions(type: SimpleTypeDef | undefined): string[] | undefined {
  if (!type) return undefined;
  if (type.enumeration) return [...type.enumeration];
  if (type.base === 'xs:boolean') return ['true', 'false'];
  return undefined;
}
