/**
 * XML Schema regular expressions (XSD 1.0 Part 2, Appendix F), matched in linear time.
 *
 * Not translated to JavaScript RegExp on purpose: V8 backtracks, and Magento's own patterns blow up on it
 * (webapi `ref` is `.+(, ?.+)*`: 37 s for a 60-character value that fails; acl `id` is
 * `([A-Z]+[a-zA-Z0-9]{1,}){1,}_…`, exponential on an all-capitals id while it is being typed). Here a pattern
 * becomes a Thompson NFA that is simulated one state set per character, so a language server never hangs.
 *
 * XSD semantics kept: the pattern is implicitly anchored at both ends; `^` and `$` are ordinary characters;
 * `.` is any character but \n and \r; characters are code points; \s \S \d \D \w \W \i \I \c \C, \p{Cat} /
 * \P{Cat} for Unicode general categories, character-class subtraction `[a-z-[aeiou]]`. Not supported (throws
 * XsdRegexError): Unicode block escapes \p{IsBlock}.
 */
import { epsilonClosure } from './nfa';

export class XsdRegexError extends Error {}

type CharSet = (cp: number) => boolean;

type Node =
  | { t: 'set'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

const MAX_STATES = 20000;
/** test() results kept per pattern (values up to MAX_CACHED_LENGTH), forgotten all at once beyond this many. */
const MAX_CACHED_RESULTS = 10000;
const MAX_CACHED_LENGTH = 256;

/** A compiled XSD pattern. */
export class XsdRegex {
  private readonly states: State[] = [];
  private readonly start: number;
  private readonly accept: number;
  /** Ids and refs repeat within a file and from one keystroke to the next: each is matched once. */
  private readonly results = new Map<string, boolean>();

  constructor(readonly source: string) {
    const ast = new Parser(source).parse();
    this.accept = this.newState();
    this.start = this.build(ast, this.accept);
  }

  /** Whether the whole value matches (XSD patterns are anchored). */
  test(value: string): boolean {
    const known = this.results.get(value);
    if (known !== undefined) return known;
    const result = this.match(value);
    if (value.length <= MAX_CACHED_LENGTH) {
      if (this.results.size >= MAX_CACHED_RESULTS) this.results.clear();
      this.results.set(value, result);
    }
    return result;
  }

  private match(value: string): boolean {
    let current = this.closure([this.start]);
    for (const ch of value) {
      const cp = ch.codePointAt(0)!;
      const next: number[] = [];
      for (const s of current) {
        const st = this.states[s];
        if (st.set && st.set(cp)) next.push(st.out!);
      }
      if (next.length === 0) return false;
      current = this.closure(next);
    }
    return current.includes(this.accept);
  }

  private newState(): number {
    if (this.states.length >= MAX_STATES) throw new XsdRegexError(`pattern too large: ${this.source}`);
    this.states.push({ eps: [] });
    return this.states.length - 1;
  }

  /** Builds `node` so that it continues to state `next`; returns its entry state. */
  private build(node: Node, next: number): number {
    switch (node.t) {
      case 'set': {
        const s = this.newState();
        this.states[s].set = node.set;
        this.states[s].out = next;
        return s;
      }
      case 'seq': {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) entry = this.build(node.items[i], entry);
        return entry;
      }
      case 'alt': {
        const s = this.newState();
        for (const item of node.items) this.states[s].eps.push(this.build(item, next));
        return s;
      }
      case 'rep': {
        let entry = next;
        if (node.max === Infinity) {
          // loop: s -> node -> s, s -> next
          const loop = this.newState();
          this.states[loop].eps.push(this.build(node.node, loop), next);
          entry = loop;
        } else {
          for (let i = node.min; i < node.max; i++) {
            const optional = this.newState();
            this.states[optional].eps.push(this.build(node.node, entry), next);
            entry = optional; // a{0,3} == (a(a(a)?)?)?
          }
        }
        for (let i = 0; i < node.min; i++) entry = this.build(node.node, entry);
        return entry;
      }
    }
  }

  private closure(seeds: number[]): number[] {
    return epsilonClosure(this.states, seeds);
  }
}

interface State {
  eps: number[];
  set?: CharSet;
  out?: number;
}

const cache = new Map<string, XsdRegex>();

/** Compiles (and caches) an XSD pattern; throws XsdRegexError when it is malformed or unsupported. */
export function xsdRegex(source: string): XsdRegex {
  let re = cache.get(source);
  if (!re) {
    re = new XsdRegex(source);
    cache.set(source, re);
  }
  return re;
}

// ---------------------------------------------------------------------------------------------------------
// Parser

const ranges = (...pairs: Array<[number, number]>): CharSet => (cp) => pairs.some(([a, b]) => cp >= a && cp <= b);
const not = (set: CharSet): CharSet => (cp) => !set(cp);
const union = (sets: CharSet[]): CharSet => (cp) => sets.some((s) => s(cp));

const categoryCache = new Map<string, RegExp>();
const CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi',
  'Pf', 'Po', 'Z', 'Zs', 'Zl', 'Zp', 'S', 'Sm', 'Sc', 'Sk', 'So', 'C', 'Cc', 'Cf', 'Co', 'Cn',
]);
function category(name: string): CharSet {
  if (!CATEGORIES.has(name)) throw new XsdRegexError(`unsupported character property \\p{${name}}`);
  let re = categoryCache.get(name);
  if (!re) {
    re = new RegExp(`^\\p{${name === 'Cn' ? 'Cn' : name}}$`, 'u');
    categoryCache.set(name, re);
  }
  const r = re;
  return (cp) => r.test(String.fromCodePoint(cp));
}

const SPACE = ranges([0x20, 0x20], [0x9, 0xa], [0xd, 0xd]);
const DIGIT = category('Nd');
const WORD = not(union([category('P'), category('Z'), category('C')]));
/** XML 1.0 (5th edition) NameStartChar, and NameChar. */
const NAME_START = ranges(
  [0x3a, 0x3a], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x2ff], [0x370, 0x37d],
  [0x37f, 0x1fff], [0x200c, 0x200d], [0x2070, 0x218f], [0x2c00, 0x2fef], [0x3001, 0xd7ff], [0xf900, 0xfdcf],
  [0xfdf0, 0xfffd], [0x10000, 0xeffff],
);
const NAME_CHAR = union([NAME_START, ranges([0x2d, 0x2e], [0x30, 0x39], [0xb7, 0xb7], [0x300, 0x36f], [0x203f, 0x2040])]);
const DOT = not(ranges([0xa, 0xa], [0xd, 0xd]));

const SINGLE_ESCAPES: Record<string, number> = {
  n: 0xa, r: 0xd, t: 0x9, '\\': 0x5c, '|': 0x7c, '.': 0x2e, '?': 0x3f, '*': 0x2a, '+': 0x2b, '(': 0x28, ')': 0x29,
  '{': 0x7b, '}': 0x7d, '-': 0x2d, '[': 0x5b, ']': 0x5d, '^': 0x5e,
};

class Parser {
  private readonly chars: string[];
  private i = 0;

  constructor(private readonly source: string) {
    this.chars = [...source];
  }

  parse(): Node {
    const node = this.regExp();
    if (this.i < this.chars.length) this.fail(`unexpected '${this.chars[this.i]}'`);
    return node;
  }

  private fail(message: string): never {
    throw new XsdRegexError(`${message} at position ${this.i} of pattern ${this.source}`);
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.i + offset];
  }

  private regExp(): Node {
    const branches = [this.branch()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.branch());
    }
    return branches.length === 1 ? branches[0] : { t: 'alt', items: branches };
  }

  private branch(): Node {
    const items: Node[] = [];
    while (this.i < this.chars.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.piece());
    return { t: 'seq', items };
  }

  private piece(): Node {
    const atom = this.atom();
    const c = this.peek();
    let min = 1;
    let max = 1;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '{') {
      const close = this.chars.indexOf('}', this.i);
      const body = close < 0 ? '' : this.chars.slice(this.i + 1, close).join('');
      const m = /^(\d+)(,(\d*))?$/.exec(body);
      if (!m) this.fail('malformed quantifier');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) this.fail('quantifier {n,m} with m < n');
      this.i = close;
    } else return atom;
    this.i++;
    if (this.peek() !== undefined && '?*+{'.includes(this.peek()!)) this.fail('a quantifier cannot follow a quantifier');
    return { t: 'rep', node: atom, min, max };
  }

  private atom(): Node {
    const c = this.chars[this.i++];
    switch (c) {
      case '(': {
        const inner = this.regExp();
        if (this.peek() !== ')') this.fail("missing ')'");
        this.i++;
        return inner;
      }
      case '[':
        return { t: 'set', set: this.classBody() };
      case '.':
        return { t: 'set', set: DOT };
      case '\\':
        return { t: 'set', set: this.escape(false) as CharSet };
      case '?': case '*': case '+': case '{': case '}': case ']': case ')': case '|':
        this.i--;
        return this.fail(`unexpected '${c}'`);
      default: {
        const cp = c.codePointAt(0)!;
        return { t: 'set', set: (x) => x === cp };
      }
    }
  }

  /** After `\`: a single character (as a one-code-point set, or the code point when `inClass`), or a set. */
  private escape(inClass: boolean): CharSet | number {
    const c = this.chars[this.i++];
    if (c === undefined) this.fail('pattern ends with \\');
    if (c in SINGLE_ESCAPES) {
      const cp = SINGLE_ESCAPES[c];
      return inClass ? cp : (x: number) => x === cp;
    }
    switch (c) {
      case 's': return SPACE;
      case 'S': return not(SPACE);
      case 'd': return DIGIT;
      case 'D': return not(DIGIT);
      case 'w': return WORD;
      case 'W': return not(WORD);
      case 'i': return NAME_START;
      case 'I': return not(NAME_START);
      case 'c': return NAME_CHAR;
      case 'C': return not(NAME_CHAR);
      case 'p':
      case 'P': {
        if (this.peek() !== '{') this.fail(`\\${c} needs {name}`);
        const close = this.chars.indexOf('}', this.i);
        if (close < 0) this.fail(`unterminated \\${c}{`);
        const name = this.chars.slice(this.i + 1, close).join('');
        this.i = close + 1;
        if (name.startsWith('Is')) throw new XsdRegexError(`Unicode block escapes are not supported: \\${c}{${name}}`);
        const set = category(name);
        return c === 'p' ? set : not(set);
      }
      default:
        return this.fail(`unknown escape \\${c}`);
    }
  }

  /** After `[`, up to and including the matching `]`. */
  private classBody(): CharSet {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    const parts: CharSet[] = [];
    const single: Array<[number, number]> = [];
    let subtract: CharSet | undefined;
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail("missing ']'");
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      if (c === '-' && this.peek(1) === '[' && !first) {
        this.i += 2;
        subtract = this.classBody();
        if (this.peek() !== ']') this.fail("a subtraction must end its class");
        this.i++;
        break;
      }
      first = false;
      const lo = this.classChar();
      if (typeof lo !== 'number') {
        parts.push(lo);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '[' && this.peek(1) !== undefined) {
        this.i++;
        const hi = this.classChar();
        if (typeof hi !== 'number') this.fail('a range cannot end in a multi-character escape');
        if (hi < lo) this.fail('a range whose end is before its start');
        single.push([lo, hi]);
      } else single.push([lo, lo]);
    }
    if (single.length) parts.push(ranges(...single));
    let set = union(parts);
    if (negated) set = not(set);
    if (subtract) {
      const base = set;
      const minus = subtract;
      set = (cp) => base(cp) && !minus(cp);
    }
    return set;
  }

  private classChar(): CharSet | number {
    const c = this.chars[this.i++];
    if (c === '\\') return this.escape(true);
    if (c === '[') this.fail("'[' must be escaped inside a character class");
    return c.codePointAt(0)!;
  }
}
