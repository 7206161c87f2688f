/**
 * PHP: the ACL ids a class hands to Magento's authorization as string literals. `const ADMIN_RESOURCE =
 * '…'` in a class body (an admin controller's AbstractAction::_isAllowed checks `static::ADMIN_RESOURCE`),
 * and `->isAllowed('…')` whose first argument is a string literal (`_isAllowed()` bodies and every other
 * check of AuthorizationInterface). Only literals count: a variable, a constant, a concatenation or an
 * interpolating string is not an id this reader can know; comments, heredocs and inline HTML never count
 * (the lexer knows where PHP sees code). No PHP runs and nothing is parsed beyond short token patterns.
 */
import { runToEnd, Steps } from '../steps';
import { isPunct, isWord, PhpLexer, PhpString, PhpToken } from '../php/phpLexer';
import type { PhpReference } from './aclReferences';

/**
 * Whether a file may hold a reference, from its bytes: it names `ADMIN_RESOURCE` or `isAllowed` (method
 * names are case-insensitive in PHP: `isallowed`, `ISALLOWED` too). Native searches, so a scan of a
 * vendor/ tree reads only the few files that can matter; undecoded, so a miss costs no UTF-8 decoding.
 */
export function isPhpCandidate(bytes: Uint8Array): boolean {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.indexOf('ADMIN_RESOURCE') >= 0 || buffer.indexOf('isAllowed') >= 0) return true;
  // Other spellings of the method: anchored on "llowed"/"LLOWED", the rest compared without case.
  for (const anchor of ['llowed', 'LLOWED']) {
    for (let i = buffer.indexOf(anchor, 3); i >= 0; i = buffer.indexOf(anchor, i + 1)) {
      if (buffer.toString('latin1', i - 3, i + 6).toLowerCase() === 'isallowed') return true;
    }
  }
  return false;
}

/** The same test on a document's text (an open editor buffer). */
export function isPhpCandidateText(text: string): boolean {
  return text.includes('ADMIN_RESOURCE') || /isallowed/i.test(text);
}

export function readPhpFile(text: string): PhpReference[] {
  return runToEnd(readPhpFileSteps(text));
}

interface Frame {
  readonly kind: 'class' | 'function' | 'namespace' | 'block';
  readonly name: string | undefined;
  /** Parenthesis depth at the frame's `{`: a class constant is declared at its class's own depth. */
  readonly parens: number;
  /** A function's first parameter (`$resourceId`), to recognize a wrapper of isAllowed. */
  readonly parameter?: string;
}

/** What the next `{` at `parens` depth opens (a class or function body), set by its declaration. */
type Pending = Omit<Frame, 'kind'> & { readonly kind: 'class' | 'function' };

const ANONYMOUS_CLASS = 'class@anonymous';

/** Lengths of the keywords the reader acts on (class, trait, const, enum, function, interface, namespace): most names are none. */
const KEYWORD_LENGTHS: ReadonlySet<number> = new Set([4, 5, 8, 9]);

/** readPhpFile in steps (steps.ts): yields every 4,096 tokens. */
export function* readPhpFileSteps(text: string): Steps<PhpReference[]> {
  const tokens: PhpToken[] = [];
  const lexer = new PhpLexer(text);
  for (let token = lexer.next(); token; token = lexer.next()) {
    tokens.push(token);
    if (tokens.length % 4096 === 0) yield;
  }
  const out: PhpReference[] = [];
  const frames: Frame[] = [];
  const pending: Pending[] = [];
  // `->name('literal')` calls of other methods, kept until the file's wrappers of isAllowed are known.
  const calls: Array<{ method: string; reference: PhpReference }> = [];
  // Methods passing their first parameter to isAllowed (`_isAllowedAction($resourceId)`), lower case.
  const wrappers = new Set<string>();
  let namespace = '';
  let parens = 0;
  const punct = (i: number, text: string) => isPunct(tokens[i], text);
  const innermost = (kind: Frame['kind']) => {
    for (let f = frames.length - 1; f >= 0; f--) if (frames[f].kind === kind && frames[f].name !== undefined) return frames[f];
    return undefined;
  };
  const referenceAt = (via: PhpReference['via'], literal: PhpString): PhpReference | undefined =>
    literal.value === undefined || literal.quote === '`'
      ? undefined
      : { kind: 'php', via, id: literal.value, start: literal.start, end: literal.end, quote: literal.quote, className: innermost('class')?.name, functionName: innermost('function')?.name };

  for (let i = 0; i < tokens.length; i++) {
    if (i % 4096 === 4095) yield;
    const token = tokens[i];
    if (token.kind === 'punct') {
      switch (token.text) {
        case '(':
          parens++;
          break;
        case ')':
          parens = Math.max(0, parens - 1);
          while (pending.length && pending[pending.length - 1].parens > parens) pending.pop();
          break;
        case ';':
          // An abstract or interface method, `use function …;`: declared, no body.
          while (pending.length && pending[pending.length - 1].parens >= parens) pending.pop();
          break;
        case '{': {
          const p = pending.length && pending[pending.length - 1].parens === parens ? pending.pop() : undefined;
          frames.push(p ?? { kind: 'block', name: undefined, parens });
          break;
        }
        case '}':
          if (frames.pop()?.kind === 'namespace') namespace = '';
          break;
      }
      continue;
    }
    if (token.kind !== 'name') continue;
    if (punct(i - 1, '->') || punct(i - 1, '?->')) {
      // A method call whose first argument, possibly named (`resource:`), is one string literal.
      if (!punct(i + 1, '(')) continue;
      const literal = firstArgument(tokens, i + 2);
      if (literal === undefined) continue;
      const word = token.text.toLowerCase();
      if (word === 'isallowed') {
        const reference = literal?.kind === 'string' ? referenceAt('isAllowed', literal) : undefined;
        if (reference) out.push(reference);
        const wrapper = innermost('function');
        if (literal?.kind === 'variable' && wrapper?.parameter === literal.text) wrappers.add(wrapper.name!.toLowerCase());
      } else if (literal?.kind === 'string') {
        const reference = referenceAt('isAllowed', literal);
        if (reference) calls.push({ method: word, reference: { ...reference, wrapper: token.text } });
      }
      continue;
    }
    // `Foo::class`, `self::function`: member names, not keywords.
    if (!KEYWORD_LENGTHS.has(token.text.length) || punct(i - 1, '::')) continue;
    const word = token.text.toLowerCase();
    const next = tokens[i + 1];
    if (word === 'namespace' && next && (next.kind === 'name' || punct(i + 1, '{'))) {
      const name = next.kind === 'name' ? next.text.replace(/^\\/, '') : '';
      const brace = i + (next.kind === 'name' ? 2 : 1);
      if (punct(brace, '{')) {
        // A braced namespace: the name holds until its closing brace.
        frames.push({ kind: 'namespace', name, parens });
        i = brace;
      }
      namespace = name;
    } else if (word === 'class' || word === 'interface' || word === 'trait' || (word === 'enum' && next?.kind === 'name' && (punct(i + 2, '{') || punct(i + 2, ':')))) {
      if (word === 'class' && (isWord(tokens[i - 1], 'new') || (isWord(tokens[i - 1], 'readonly') && isWord(tokens[i - 2], 'new')))) {
        pending.push({ kind: 'class', name: ANONYMOUS_CLASS, parens });
      } else if (next?.kind === 'name') {
        pending.push({ kind: 'class', name: namespace ? `${namespace}\\${next.text}` : next.text, parens });
      }
    } else if (word === 'function') {
      const n = punct(i + 1, '&') ? i + 2 : i + 1;
      const nameToken = tokens[n];
      const name = nameToken?.kind === 'name' ? nameToken.text : undefined;
      pending.push({ kind: 'function', name, parens, parameter: firstParameter(tokens, name !== undefined ? n + 1 : n) });
    } else if (word === 'const') {
      const frame = frames[frames.length - 1];
      if (frame?.kind === 'class' && frame.parens === parens) {
        classConstants(tokens, i + 1, (literal) => {
          const reference = referenceAt('ADMIN_RESOURCE', literal);
          if (reference) out.push(reference);
        });
      }
    }
  }
  for (const call of calls) if (wrappers.has(call.method)) out.push(call.reference);
  return out.sort((a, b) => a.start - b.start);
}

/** The first argument of a call whose `(` is just before `at`, when it is one token: a literal or a variable. */
function firstArgument(tokens: readonly PhpToken[], at: number): PhpToken | undefined {
  let a = at;
  const named = tokens[a];
  if (named?.kind === 'name' && named.text === 'resource' && isPunct(tokens[a + 1], ':')) a += 2;
  return isPunct(tokens[a + 1], ')') || isPunct(tokens[a + 1], ',') ? tokens[a] : undefined;
}

/** The name of the first parameter of a parameter list starting at `at` (its `(`): `$x` of `(?string $x = null, …)`. */
function firstParameter(tokens: readonly PhpToken[], at: number): string | undefined {
  if (!isPunct(tokens[at], '(')) return undefined;
  for (let i = at + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'variable') return t.text;
    if (t.kind === 'punct' && (t.text === ')' || t.text === ',' || t.text === '{' || t.text === ';')) return undefined;
  }
  return undefined;
}

/**
 * `const [type] NAME = expr, NAME = expr;` from `from`: calls `found` with the value of ADMIN_RESOURCE when
 * that value is exactly one string literal.
 */
function classConstants(tokens: readonly PhpToken[], from: number, found: (literal: PhpString) => void): void {
  let depth = 0;
  let itemStart = from;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (--depth < 0) return;
      } else if (depth === 0 && (t.text === ',' || t.text === ';')) {
        constantItem(tokens, itemStart, i, found);
        if (t.text === ';') return;
        itemStart = i + 1;
      }
    }
  }
}

function constantItem(tokens: readonly PhpToken[], start: number, end: number, found: (literal: PhpString) => void): void {
  for (let i = start; i < end; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct' || t.text !== '=') continue;
    const name = tokens[i - 1];
    const value = tokens[i + 1];
    if (name?.kind === 'name' && name.text === 'ADMIN_RESOURCE' && value?.kind === 'string' && i + 2 === end) found(value);
    return;
  }
}
