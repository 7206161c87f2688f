/**
 * The fast path of parseXml: a single pass over a *well-formed* document that builds the same element tree
 * as the @xml-tools CST reader, at a fraction of its time and memory (chevrotain's tokens and CST cost about
 * 1 s and 300 MB per 5 MB of text). It accepts only what @xml-tools also parses without an error and gives up
 * (returns `bail`) on anything else — a syntax error, a DOCTYPE, a processing instruction, a non-ASCII
 * name, markup the chevrotain lexer treats oddly —, so the tolerant parser still decides every broken or
 * unusual document. `server/test/wellFormedScanner.test.ts` checks tree-for-tree equality with @xml-tools.
 *
 * It is iterative (an explicit stack: no depth limit of the call stack) and resumable: `run(shouldPause)`
 * returns `paused` when `shouldPause()` says so between two tags, so a large document can be read in slices
 * while the server answers other requests.
 */
import type { XmlAttribute, XmlElement, XmlSyntaxError } from './xmlDocument';

/** Elements nested deeper than this are not analysed (Magento's files nest fewer than 10 levels). */
export const MAX_ELEMENT_DEPTH = 256;

export type ScanState = 'done' | 'paused' | 'bail' | 'too-deep';

interface MutableElement {
  name: string;
  start: number;
  end: number;
  attributes: XmlAttribute[];
  children: MutableElement[];
  parent: MutableElement | undefined;
  selfClosing: boolean | undefined;
  contentStart: number;
  contentEnd: number;
}

const LT = 0x3c; // <
const GT = 0x3e; // >
const AMP = 0x26; // &
const SLASH = 0x2f; // /
const EQ = 0x3d; // =
const QUOT = 0x22; // "
const APOS = 0x27; // '
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?
const HASH = 0x23; // #
const SEMI = 0x3b; // ;

/** `:`, `_`, ASCII letters: the start of a name, restricted to what @xml-tools and XML agree on. */
function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

function isTagSpace(c: number): boolean {
  return c === SP || c === LF || c === TAB || c === CR;
}

/** The attributes or children of an element that has none: one shared, frozen array. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** What chevrotain's `(.|\r?\n)` does not match: a CR not followed by LF, U+2028, U+2029. */
const LONE_BREAK = /\r(?!\n)|[\u2028\u2029]/;

/** The rest of a name (sticky, and it always matches, possibly nothing): its lastIndex is where the name ends. */
const NAME_REST = /[A-Za-z0-9_:.-]*/y;

const isHexDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

export class WellFormedScanner {
  private pos = 0;
  private readonly stack: MutableElement[] = [];
  /** The open elements' tag names as written (with their prefix), to match end tags. */
  private readonly rawNames: string[] = [];
  /** Offset of the next `&` at or after `pos` (-1: none), so character data is found with indexOf. */
  private nextAmp = -2;
  /** Offset of the next `<` after `pos` (-1: none), to check that a quoted value has none. */
  private nextLt = -2;
  private tooDeep = false;
  private readonly names: (string | undefined)[] = new Array(256).fill(undefined);
  /** Attributes of the tag being read, copied into an array of the right size once it is complete. */
  private readonly scratch: XmlAttribute[] = [];
  /** Children of each open element, likewise copied when it closes (a grown array is mostly empty slots). */
  private readonly childLists: MutableElement[][] = [];
  private phase: 'prolog' | 'content' | 'epilog' = 'prolog';
  private rootElement: MutableElement | undefined;
  /** Well-formedness errors @xml-tools does not report (mismatched end tags, repeated attributes). */
  readonly errors: XmlSyntaxError[] = [];

  /**
   * @param body the document without its byte-order mark
   * @param shift added to every offset (1 when a BOM was removed), so offsets index the original text
   */
  constructor(
    private readonly body: string,
    private readonly shift: number,
  ) {}

  get root(): XmlElement | undefined {
    return this.rootElement;
  }

  /** Reads on until the end, or until `shouldPause()` (asked between tags) is true, or gives up. */
  run(shouldPause?: () => boolean): ScanState {
    try {
      if (this.phase === 'prolog' && this.pos === 0 && !this.declaration()) return 'bail';
      let steps = 0;
      while (this.pos < this.body.length || this.phase === 'content') {
        if (shouldPause && ++steps % 64 === 0 && shouldPause()) return 'paused';
        if (!(this.phase === 'content' ? this.content() : this.misc())) return this.tooDeep ? 'too-deep' : this.bail();
      }
      return this.rootElement && this.phase === 'epilog' ? 'done' : this.bail();
    } catch {
      return this.bail();
    }
  }

  /** Where reading stopped when it gave up (an offset into the original text). */
  stoppedAt = -1;

  private bail(): 'bail' {
    this.stoppedAt = Math.min(this.pos, this.body.length) + this.shift;
    return 'bail';
  }

  /** `<?xml` + blank + `name="value"`… + `?>` at the very start, as @xml-tools' prolog rule reads it. */
  private declaration(): boolean {
    const b = this.body;
    if (!b.startsWith('<?xml') || !isTagSpace(b.charCodeAt(5))) return true;
    this.pos = 6;
    for (;;) {
      this.skipTagSpace();
      if (b.charCodeAt(this.pos) === QUESTION && b.charCodeAt(this.pos + 1) === GT) {
        this.pos += 2;
        return true;
      }
      if (this.attribute(undefined) === undefined) return false;
    }
  }

  /** Before and after the root element: blanks, comments, and the root element itself. */
  private misc(): boolean {
    const b = this.body;
    const c = b.charCodeAt(this.pos);
    if (c === SP || c === TAB || c === LF) {
      this.pos++;
      return true;
    }
    if (c === CR) {
      // @xml-tools' blank token knows "\r\n" but not a lone "\r"; outside the root that is an error.
      if (b.charCodeAt(this.pos + 1) !== LF) return false;
      this.pos += 2;
      return true;
    }
    if (c !== LT) return false;
    if (b.startsWith('<!--', this.pos)) return this.comment();
    if (this.phase === 'prolog' && isNameStart(b.charCodeAt(this.pos + 1))) {
      this.phase = 'content';
      return this.startTag();
    }
    return false;
  }

  /** Inside the root element: character data, references, comments, CDATA and tags. */
  private content(): boolean {
    const b = this.body;
    const c = b.charCodeAt(this.pos);
    if (c !== LT && c !== AMP) {
      // Character data runs to the next markup; @xml-tools accepts any character here.
      if (this.nextAmp !== -1 && this.nextAmp < this.pos) this.nextAmp = b.indexOf('&', this.pos);
      const lt = b.indexOf('<', this.pos);
      const i = this.nextAmp >= 0 && (lt < 0 || this.nextAmp < lt) ? this.nextAmp : lt;
      if (i < 0) return false; // the root element is not closed
      this.pos = i;
      return true;
    }
    if (c === AMP) return this.reference();
    const next = b.charCodeAt(this.pos + 1);
    if (next === SLASH) return this.endTag();
    if (isNameStart(next)) return this.startTag();
    if (next === BANG) {
      if (b.startsWith('<!--', this.pos)) return this.comment();
      if (b.startsWith('<![CDATA[', this.pos)) return this.delimited(9, ']]>');
    }
    return false;
  }

  /** `&name;`, `&#123;` or `&#x…`, the references @xml-tools' lexer knows. */
  private reference(): boolean {
    const b = this.body;
    let i = this.pos + 1;
    if (b.charCodeAt(i) === HASH) {
      i++;
      if (b.charCodeAt(i) === 0x78 /* x */) {
        // The lexer's hex reference is `&#x` and one hex digit; the rest is character data.
        if (!isHexDigit(b.charCodeAt(i + 1))) return false;
        this.pos = i + 2;
        return true;
      }
      const digits = i;
      while (b.charCodeAt(i) >= 0x30 && b.charCodeAt(i) <= 0x39) i++;
      if (i === digits || b.charCodeAt(i) !== SEMI) return false;
      this.pos = i + 1;
      return true;
    }
    if (!isNameStart(b.charCodeAt(i))) return false;
    while (isNameChar(b.charCodeAt(i))) i++;
    if (b.charCodeAt(i) !== SEMI) return false;
    this.pos = i + 1;
    return true;
  }

  private comment(): boolean {
    return this.delimited(4, '-->');
  }

  /**
   * A comment or CDATA section: `open` characters, then everything up to the first `close`. The lexer's
   * pattern `(.|\r?\n)*?` stops at a lone CR and at U+2028/U+2029, so those make it give up too.
   */
  private delimited(open: number, close: string): boolean {
    const b = this.body;
    const end = b.indexOf(close, this.pos + open);
    if (end < 0) return false;
    // A regex on the comment's own text (licence headers are long): native, and bounded by the comment.
    if (LONE_BREAK.test(b.slice(this.pos + open, end + 1))) return false;
    this.pos = end + close.length;
    return true;
  }

  private name(): string | undefined {
    const b = this.body;
    const start = this.pos;
    const first = b.charCodeAt(start);
    if (!isNameStart(first)) return undefined;
    NAME_REST.lastIndex = start + 1;
    NAME_REST.test(b);
    const i = NAME_REST.lastIndex;
    const c = b.charCodeAt(i);
    // A non-ASCII character may continue the name for @xml-tools (or end it): leave that to it.
    if (c > 0x7f) return undefined;
    this.pos = i;
    // Names repeat (resource, name, ref …): reuse the string last seen with the same first character and
    // length instead of allocating one per tag, which is most of the garbage of a large file.
    const slot = (first * 31 + (i - start)) & 255;
    const known = this.names[slot];
    if (known !== undefined && known.length === i - start && b.startsWith(known, start)) return known;
    return (this.names[slot] = b.slice(start, i));
  }

  private skipTagSpace(): number {
    const b = this.body;
    const start = this.pos;
    while (isTagSpace(b.charCodeAt(this.pos))) this.pos++;
    return this.pos - start;
  }

  /** `name = "value"` at `pos`; pushed onto `into` (undefined for the XML declaration). */
  private attribute(into: XmlAttribute[] | undefined): XmlAttribute | undefined {
    const b = this.body;
    const start = this.pos;
    const name = this.name();
    if (name === undefined) return undefined;
    this.skipTagSpace();
    if (b.charCodeAt(this.pos) !== EQ) return undefined;
    this.pos++;
    this.skipTagSpace();
    const q = b.charCodeAt(this.pos);
    if (q !== QUOT && q !== APOS) return undefined;
    // Native searches rather than a loop per character: the first files are read before the JIT has
    // warmed up, where a loop costs many times more.
    const i = b.indexOf(q === QUOT ? '"' : "'", this.pos + 1);
    if (i < 0) return undefined;
    // `<` ends @xml-tools' quoted value token.
    if (this.nextLt !== -1 && this.nextLt <= this.pos) this.nextLt = b.indexOf('<', this.pos + 1);
    if (this.nextLt !== -1 && this.nextLt < i) return undefined;
    const shift = this.shift;
    const attribute: XmlAttribute = {
      name,
      value: b.slice(this.pos + 1, i),
      start: start + shift,
      end: i + 1 + shift,
      valueStart: this.pos + 1 + shift,
      valueEnd: i + shift,
      quote: q === QUOT ? '"' : "'",
    };
    this.pos = i + 1;
    into?.push(attribute);
    return attribute;
  }

  private startTag(): boolean {
    const b = this.body;
    const start = this.pos;
    this.pos++;
    const raw = this.name();
    if (raw === undefined) return false;
    const attributes = this.scratch;
    attributes.length = 0;
    let selfClosing: boolean;
    for (;;) {
      const blanks = this.skipTagSpace();
      const c = b.charCodeAt(this.pos);
      if (c === GT) {
        this.pos++;
        selfClosing = false;
        break;
      }
      if (c === SLASH && b.charCodeAt(this.pos + 1) === GT) {
        this.pos += 2;
        selfClosing = true;
        break;
      }
      // `a="1"b="2"`: @xml-tools reads it, XML does not; let the tolerant parser decide.
      if (!blanks) return false;
      const attribute = this.attribute(attributes);
      if (!attribute) return false;
    }
    repeatedAttributeErrors(attributes, this.errors);
    const depth = this.stack.length;
    const parent = depth ? this.stack[depth - 1] : undefined;
    const element: MutableElement = {
      name: localName(raw),
      start: start + this.shift,
      end: this.pos + this.shift,
      attributes: attributes.length ? attributes.slice() : NONE,
      children: NONE,
      parent,
      selfClosing,
      contentStart: selfClosing ? -1 : this.pos + this.shift,
      contentEnd: -1,
    };
    if (parent) this.childLists[depth - 1].push(element);
    else this.rootElement = element;
    if (selfClosing) {
      if (!parent) this.phase = 'epilog';
    } else {
      if (depth >= MAX_ELEMENT_DEPTH) {
        this.tooDeep = true;
        return false;
      }
      this.stack.push(element);
      this.rawNames.push(raw);
      if (this.childLists.length <= depth) this.childLists.push([]);
    }
    return true;
  }

  private endTag(): boolean {
    const b = this.body;
    const open = this.pos;
    this.pos += 2;
    const nameStart = this.pos;
    const raw = this.name();
    if (raw === undefined) return false;
    this.skipTagSpace();
    if (b.charCodeAt(this.pos) !== GT) return false;
    this.pos++;
    const element = this.stack.pop();
    const startName = this.rawNames.pop();
    if (!element) return false;
    element.contentEnd = open + this.shift;
    const children = this.childLists[this.stack.length];
    if (children.length) {
      element.children = children.slice();
      children.length = 0;
    }
    if (raw !== startName) {
      // @xml-tools closes the element with any end tag; Magento's libxml2 refuses the file.
      this.errors.push({
        message: mismatchMessage(raw, startName),
        start: nameStart + this.shift,
        end: nameStart + raw.length + this.shift,
      });
    }
    element.end = this.pos + this.shift;
    if (!this.stack.length) this.phase = 'epilog';
    return true;
  }
}

/**
 * The element name the tree keeps, on both parse paths: as @xml-tools/ast, `prefix:name` is the local
 * name; anything else with a colon (`a:b:c`, `:a`, `a:`) stays as written.
 */
export function localName(raw: string): string {
  const colon = raw.indexOf(':');
  return colon > 0 && colon < raw.length - 1 && raw.indexOf(':', colon + 1) < 0 ? raw.slice(colon + 1) : raw;
}

/** Shared with the @xml-tools path, so both report a wrong end tag alike. */
export function mismatchMessage(endName: string, startName: string | undefined): string {
  return `The end tag </${endName}> does not match the start tag <${startName}>: Magento refuses a file that is not well-formed.`;
}

/** An attribute written twice in one tag: @xml-tools keeps both, XML (and Magento) refuse the file. */
export function repeatedAttributeErrors(attributes: readonly XmlAttribute[], out: XmlSyntaxError[]): void {
  const n = attributes.length;
  if (n < 2) return;
  const seen = n > 8 ? new Set<string>() : undefined;
  for (let i = 0; i < n; i++) {
    const a = attributes[i];
    let repeated = false;
    if (seen) {
      repeated = seen.has(a.name);
      seen.add(a.name);
    } else {
      for (let j = 0; j < i && !repeated; j++) repeated = attributes[j].name === a.name;
    }
    if (repeated) out.push({ message: `The attribute ${a.name} is repeated: an element may have each attribute only once.`, start: a.start, end: a.start + a.name.length });
  }
}
