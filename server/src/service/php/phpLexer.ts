/**
 * A small exact lexer for what the PHP readers need: where PHP code is (`<?php`/`<?=` … `?>`), and its
 * comments, strings, names and punctuation, so a string literal is found only where PHP sees one — never
 * in a comment, a heredoc or inline HTML. It follows PHP 8's scanner (zend_language_scanner.l) for those
 * tokens: `#[` opens an attribute, not a comment; a `//` or `#` comment ends before `?>`; a double-quoted
 * string or heredoc may hold code in `{$…}` and `${…}`, whose own strings are lexed too; heredocs and
 * nowdocs end at their label at the start of a line (PHP 7.3's flexible form). It is not a parser: the
 * readers match short token patterns. Everything is linear in the text.
 *
 * Why not php-parser (glayzzle, the maintained npm PHP parser, no dependencies): on the 544 PHP files of
 * the corpus it costs about 10 times this lexer and the readers together once warm (its own lexer alone
 * about 3 times), and seconds on its first files; the readers would still match the same patterns on its
 * tree. A scan of a vendor/ tree pays that on every candidate file.
 */

export type PhpToken =
  | { readonly kind: 'name'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'variable' | 'number' | 'heredoc' | 'punct'; readonly text: string; readonly start: number; readonly end: number }
  | PhpString;

export interface PhpString {
  readonly kind: 'string';
  readonly quote: "'" | '"' | '`';
  /** The string's value (escapes resolved); undefined when it interpolates variables or is not terminated. */
  readonly value: string | undefined;
  /** Offsets of the content between the quotes. */
  readonly start: number;
  readonly end: number;
}

const enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  BANG = 33,
  QUOT = 34,
  HASH = 35,
  DOLLAR = 36,
  APOS = 39,
  STAR = 42,
  DOT = 46,
  SLASH = 47,
  LT = 60,
  EQ = 61,
  GT = 62,
  QUESTION = 63,
  LBRACKET = 91,
  BACKSLASH = 92,
  BACKTICK = 96,
  LBRACE = 123,
  RBRACE = 125,
}

/** Letters, `_` and every non-ASCII character start a PHP name (PHP allows bytes 0x80–0xff there). */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Operators of more than one character, longest first, so `=` is never read out of `==` or `=>`. */
const OPERATORS = ['<<=', '>>=', '**=', '??=', '...', '<=>', '===', '!==', '?->', '->', '::', '=>', '==', '!=', '<>', '<=', '>=', '+=', '-=', '*=', '/=', '.=', '%=', '&=', '|=', '^=', '??', '**', '++', '--', '&&', '||', '<<', '>>', '#['];
/** The operators by their first character, longest first: most punctuation (`(`, `;`, `{`) has none. */
const OPERATORS_BY_START = new Map<number, string[]>();
for (const op of OPERATORS) {
  const list = OPERATORS_BY_START.get(op.charCodeAt(0)) ?? [];
  OPERATORS_BY_START.set(op.charCodeAt(0), [...list, op].sort((a, b) => b.length - a.length));
}
const NO_OPERATORS: readonly string[] = [];

export class PhpLexer {
  private pos = 0;
  private inCode = false;
  /** How many `{$…}` blocks the lexer is inside (strings within code within strings). */
  private nesting = 0;

  constructor(private readonly text: string) {}

  /** The next token of PHP code (comments, blanks and inline HTML skipped); undefined at the end. */
  next(): PhpToken | undefined {
    const t = this.text;
    for (;;) {
      if (!this.inCode && !this.skipInlineHtml()) return undefined;
      const token = this.codeToken();
      if (token === undefined) return undefined;
      if (token === CLOSE_TAG) {
        // `?>` ends the statement as `;` does, and leaves PHP.
        this.inCode = false;
        return { kind: 'punct', text: ';', start: this.pos - 2, end: this.pos };
      }
      if (token !== SKIPPED) return token;
      if (this.pos >= t.length) return undefined;
    }
  }

  /** Moves past inline HTML to just after the next open tag; false when there is none. */
  private skipInlineHtml(): boolean {
    const t = this.text;
    for (let i = t.indexOf('<?', this.pos); i >= 0; i = t.indexOf('<?', i + 2)) {
      if (t.startsWith('<?=', i)) {
        this.pos = i + 3;
        this.inCode = true;
        return true;
      }
      if (t.slice(i + 2, i + 5).toLowerCase() === 'php') {
        const after = t.charCodeAt(i + 5);
        if (Number.isNaN(after) || after === C.SPACE || after === C.TAB || after === C.LF || after === C.CR) {
          this.pos = i + 5;
          this.inCode = true;
          return true;
        }
      }
      // A bare `<?` (short_open_tag) also opens code; `<?xml` does not count as such a tag here.
      const after = t.charCodeAt(i + 2);
      if (after === C.SPACE || after === C.TAB || after === C.LF || after === C.CR) {
        this.pos = i + 2;
        this.inCode = true;
        return true;
      }
    }
    this.pos = t.length;
    return false;
  }

  /** One token of code at `pos`: a token, SKIPPED (blank or comment), CLOSE_TAG, or undefined at the end. */
  private codeToken(): PhpToken | typeof SKIPPED | typeof CLOSE_TAG | undefined {
    const t = this.text;
    const start = this.pos;
    if (start >= t.length) return undefined;
    const c = t.charCodeAt(start);
    if (c === C.SPACE || c === C.TAB || c === C.LF || c === C.CR) {
      let i = start + 1;
      for (let d = t.charCodeAt(i); d === C.SPACE || d === C.TAB || d === C.LF || d === C.CR; d = t.charCodeAt(++i));
      this.pos = i;
      return SKIPPED;
    }
    if (c === C.QUESTION && t.charCodeAt(start + 1) === C.GT) {
      this.pos = start + 2;
      return CLOSE_TAG;
    }
    if ((c === C.HASH && t.charCodeAt(start + 1) !== C.LBRACKET) || (c === C.SLASH && t.charCodeAt(start + 1) === C.SLASH)) {
      this.pos = lineCommentEnd(t, start);
      return SKIPPED;
    }
    if (c === C.SLASH && t.charCodeAt(start + 1) === C.STAR) {
      const end = t.indexOf('*/', start + 2);
      this.pos = end < 0 ? t.length : end + 2;
      return SKIPPED;
    }
    if (c === C.APOS) return this.singleQuoted();
    if (c === C.QUOT || c === C.BACKTICK) return this.interpolated(c);
    if (c === C.LT && t.startsWith('<<<', start)) {
      const heredoc = this.heredoc();
      if (heredoc) return heredoc;
    }
    if (c === C.DOLLAR && isNameStart(t.charCodeAt(start + 1))) {
      let i = start + 2;
      while (isNameChar(t.charCodeAt(i))) i++;
      this.pos = i;
      return { kind: 'variable', text: t.slice(start, i), start, end: i };
    }
    if (isNameStart(c) || (c === C.BACKSLASH && isNameStart(t.charCodeAt(start + 1)))) {
      // A name with its namespace separators, as PHP 8 reads `Foo\Bar` and `\Foo`: one token.
      let i = start + 1;
      for (;;) {
        while (isNameChar(t.charCodeAt(i))) i++;
        if (t.charCodeAt(i) === C.BACKSLASH && isNameStart(t.charCodeAt(i + 1))) i += 2;
        else break;
      }
      this.pos = i;
      return { kind: 'name', text: t.slice(start, i), start, end: i };
    }
    if (isDigit(c) || (c === C.DOT && isDigit(t.charCodeAt(start + 1)))) {
      let i = start + 1;
      while (isNameChar(t.charCodeAt(i)) || (t.charCodeAt(i) === C.DOT && isDigit(t.charCodeAt(i + 1)))) i++;
      this.pos = i;
      return { kind: 'number', text: t.slice(start, i), start, end: i };
    }
    for (const op of OPERATORS_BY_START.get(c) ?? NO_OPERATORS) {
      if (!t.startsWith(op, start)) continue;
      this.pos = start + op.length;
      return { kind: 'punct', text: op, start, end: this.pos };
    }
    this.pos = start + 1;
    return { kind: 'punct', text: t[start], start, end: start + 1 };
  }

  private singleQuoted(): PhpString {
    const t = this.text;
    const start = this.pos + 1;
    let i = start;
    let escaped = false;
    for (;;) {
      const q = t.indexOf("'", i);
      const b = t.indexOf('\\', i);
      if (q < 0) {
        this.pos = t.length;
        return { kind: 'string', quote: "'", value: undefined, start, end: t.length };
      }
      if (b >= 0 && b < q) {
        escaped = true;
        i = b + 2;
        continue;
      }
      this.pos = q + 1;
      const raw = t.slice(start, q);
      // Only \' and \\ are escapes in single quotes; any other backslash is itself.
      return { kind: 'string', quote: "'", value: escaped ? raw.replace(/\\(['\\])/g, '$1') : raw, start, end: q };
    }
  }

  /** A double-quoted or backtick string; its value only when it interpolates nothing. */
  private interpolated(quote: number): PhpString {
    const t = this.text;
    const start = this.pos + 1;
    const close = String.fromCharCode(quote) as '"' | '`';
    let interpolates = false;
    let i = start;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === quote) {
        this.pos = i + 1;
        const raw = t.slice(start, i);
        return { kind: 'string', quote: close, value: interpolates ? undefined : unescapeDoubleQuoted(raw, close), start, end: i };
      }
      if (c === C.BACKSLASH) {
        i += 2;
        continue;
      }
      const code = this.interpolationAt(i);
      if (code !== i) interpolates = true;
      i = code === i ? i + 1 : code;
    }
    this.pos = t.length;
    return { kind: 'string', quote: close, value: undefined, start, end: t.length };
  }

  /**
   * At a `$` or `{` inside a double-quoted string or heredoc: where the interpolation that starts there
   * ends (`$name`, `{$…}`, `${…}`); `i` itself when nothing is interpolated there.
   */
  private interpolationAt(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    const next = t.charCodeAt(i + 1);
    if (c === C.DOLLAR && isNameStart(next)) {
      let j = i + 2;
      while (isNameChar(t.charCodeAt(j))) j++;
      return j;
    }
    if ((c === C.LBRACE && next === C.DOLLAR) || (c === C.DOLLAR && next === C.LBRACE)) return this.skipCodeBlock(c === C.LBRACE ? i + 1 : i + 2);
    return i;
  }

  /** Code inside `{$…}` or `${…}` from `from` to its closing brace (strings and comments in it lexed); the offset after it. */
  private skipCodeBlock(from: number): number {
    // Strings in code in strings …: real code nests two or three deep; past MAX_NESTING the rest of the
    // text is taken as this one string (unterminated) rather than recursing without bound.
    if (this.nesting >= MAX_NESTING) return this.text.length;
    const saved = this.pos;
    this.pos = from;
    this.nesting++;
    let depth = 1;
    for (;;) {
      const token = this.codeToken();
      if (token === undefined) break;
      if (token === SKIPPED || token === CLOSE_TAG) continue;
      if (token.kind === 'punct' && token.text === '{') depth++;
      else if (token.kind === 'punct' && token.text === '}' && --depth === 0) break;
    }
    this.nesting--;
    const end = this.pos;
    this.pos = saved;
    return end;
  }

  /** `<<<LABEL`, `<<<"LABEL"` or `<<<'LABEL'` and its body up to the closing label; undefined when `<<<` starts none. */
  private heredoc(): PhpToken | undefined {
    const t = this.text;
    const start = this.pos;
    let i = start + 3;
    while (t.charCodeAt(i) === C.SPACE || t.charCodeAt(i) === C.TAB) i++;
    const q = t.charCodeAt(i);
    const nowdoc = q === C.APOS;
    if (q === C.APOS || q === C.QUOT) i++;
    const labelStart = i;
    if (!isNameStart(t.charCodeAt(i))) return undefined;
    while (isNameChar(t.charCodeAt(i))) i++;
    const label = t.slice(labelStart, i);
    if (q === C.APOS || q === C.QUOT) {
      if (t.charCodeAt(i) !== q) return undefined;
      i++;
    }
    if (t.charCodeAt(i) === C.CR) i++;
    if (t.charCodeAt(i - 1) !== C.CR && t.charCodeAt(i) !== C.LF) return undefined;
    if (t.charCodeAt(i) === C.LF) i++;
    // The body: line by line, the closing label may stand after blanks at a line start.
    let lineStart = true;
    while (i < t.length) {
      if (lineStart) {
        let j = i;
        while (t.charCodeAt(j) === C.SPACE || t.charCodeAt(j) === C.TAB) j++;
        if (t.startsWith(label, j) && !isNameChar(t.charCodeAt(j + label.length))) {
          this.pos = j + label.length;
          return { kind: 'heredoc', text: label, start, end: this.pos };
        }
        lineStart = false;
      }
      const c = t.charCodeAt(i);
      if (c === C.LF || c === C.CR) {
        lineStart = true;
        i++;
        continue;
      }
      if (!nowdoc && c === C.BACKSLASH && t.charCodeAt(i + 1) !== C.LF && t.charCodeAt(i + 1) !== C.CR) {
        i += 2;
        continue;
      }
      const code = nowdoc ? i : this.interpolationAt(i);
      i = code === i ? i + 1 : code;
    }
    this.pos = t.length;
    return { kind: 'heredoc', text: label, start, end: t.length };
  }
}

const MAX_NESTING = 32;

const SKIPPED = Symbol('skipped');
const CLOSE_TAG = Symbol('close tag');

/** A `//` or `#` comment ends at a line end or just before `?>`. */
function lineCommentEnd(t: string, start: number): number {
  for (let i = start + 1; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === C.LF || c === C.CR) return i;
    if (c === C.QUESTION && t.charCodeAt(i + 1) === C.GT) return i;
  }
  return t.length;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$' };

/** The escapes of a double-quoted (or backtick) string; an unknown escape keeps its backslash, as PHP does. */
export function unescapeDoubleQuoted(raw: string, quote: '"' | '`' = '"'): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(u\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)/gs, (all, e: string) => {
    if (e === quote) return quote;
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
    if (e[0] === 'u' && e.length > 1) {
      const cp = parseInt(e.slice(2, -1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    // PHP strings are bytes: \x and octal escapes give one byte, read here as that code point.
    if (e[0] === 'x' && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return all;
  });
}

/**
 * The tokens of a text by index, lexed when first asked for and forgotten once the reader is past them:
 * lookahead and lookbehind without holding a large file's tokens all at once.
 */
export class TokenWindow {
  private readonly lexer: PhpLexer;
  private buffer: PhpToken[] = [];
  /** Index of buffer[0]. */
  private base = 0;
  private done = false;

  constructor(text: string) {
    this.lexer = new PhpLexer(text);
  }

  /** The token at `index`; undefined past the end (or when forgotten). */
  at(index: number): PhpToken | undefined {
    while (!this.done && index >= this.base + this.buffer.length) {
      const token = this.lexer.next();
      if (token) this.buffer.push(token);
      else this.done = true;
    }
    return index >= this.base ? this.buffer[index - this.base] : undefined;
  }

  /** Lets go of the tokens before `index`. */
  forget(index: number): void {
    const n = index - this.base;
    if (n < 4096) return;
    this.buffer = this.buffer.slice(n);
    this.base = index;
  }
}

/** Every token of `text`'s PHP code, in order. */
export function phpTokens(text: string): PhpToken[] {
  const lexer = new PhpLexer(text);
  const out: PhpToken[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) out.push(token);
  return out;
}

export function isPunct(token: PhpToken | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/** A name token spelling `word` (lower case), in any case, as PHP reads keywords. */
export function isWord(token: PhpToken | undefined, word: string): boolean {
  return token?.kind === 'name' && token.text.toLowerCase() === word;
}
