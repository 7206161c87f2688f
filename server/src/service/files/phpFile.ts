/**
 * PHP: the ACL ids a class hands to Magento's authorization as string literals. `const ADMIN_RESOURCE =
 * '…'` in a class body (an admin controller's AbstractAction::_isAllowed checks `static::ADMIN_RESOURCE`),
 * and `->isAllowed('…')` whose first argument is a string literal (`_isAllowed()` bodies and every other
 * check of AuthorizationInterface). Only literals count: a variable, a constant, a concatenation or an
 * interpolating string is not an id this reader can know; comments, heredocs and inline HTML never count
 * (the lexer knows where PHP sees code). No PHP runs and nothing is parsed beyond short token patterns.
 */
import { runToEnd, Steps } from '../steps';
import { isPunct, isWord, PhpString, PhpToken, TokenWindow } from '../php/phpLexer';
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

/** What the next `{` at `parens` depth opens (a class or function body), set by its declaration. */
interface Pending {
  readonly kind: 'class' | 'function';
  readonly name: string | undefined;
  /** Parenthesis depth at the declaration: a class constant is declared at its class's own depth. */
  readonly parens: number;
  /** A function's first parameter (`$resourceId`), to recognize a wrapper of isAllowed. */
  readonly parameter?: string;
}

/** An open `{`, with the nearest named class and function around it (kept per frame: no scan of the stack). */
interface Frame {
  readonly kind: 'class' | 'function' | 'namespace' | 'block';
  readonly parens: number;
  readonly classFrame: Pending | undefined;
  readonly functionFrame: Pending | undefined;
}

const ANONYMOUS_CLASS = 'class@anonymous';

/** Lengths of the keywords the reader acts on (class, trait, const, enum, function, interface, namespace): most names are none. */
const KEYWORD_LENGTHS: ReadonlySet<number> = new Set([4, 5, 8, 9]);

/** readPhpFile in steps (steps.ts): yields every 4,096 tokens. */
export function* readPhpFileSteps(text: string): Steps<PhpReference[]> {
  const tokens = new TokenWindow(text);
  const out: PhpReference[] = [];
  const frames: Frame[] = [];
  const pending: Pending[] = [];
  // `->name('literal')` calls of other methods, kept until the file's wrappers of isAllowed are known.
  const calls: Array<{ method: string; reference: PhpReference }> = [];
  // Methods passing their first parameter to isAllowed (`_isAllowedAction($resourceId)`), lower case.
  const wrappers = new Set<string>();
  let namespace = '';
  let parens = 0;
  const punct = (i: number, text: string) => isPunct(tokens.at(i), text);
  const top = () => frames[frames.length - 1] as Frame | undefined;
  const open = (kind: Frame['kind'], declared?: Pending) => {
    const outer = top();
    frames.push({
      kind,
      parens,
      classFrame: kind === 'class' ? declared : outer?.classFrame,
      functionFrame: kind === 'function' && declared?.name !== undefined ? declared : outer?.functionFrame,
    });
  };
  const referenceAt = (via: PhpReference['via'], literal: PhpString): PhpReference | undefined =>
    literal.value === undefined || literal.quote === '`'
      ? undefined
      : { kind: 'php', via, id: literal.value, start: literal.start, end: literal.end, quote: literal.quote, className: top()?.classFrame?.name, functionName: top()?.functionFrame?.name };

  for (let i = 0; ; i++) {
    const token = tokens.at(i);
    if (!token) break;
    if (i % 4096 === 4095) {
      // The patterns look back two tokens at most.
      tokens.forget(i - 8);
      yield;
    }
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
          open(p?.kind ?? 'block', p);
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
        const reference = literal.kind === 'string' ? referenceAt('isAllowed', literal) : undefined;
        if (reference) out.push(reference);
        const wrapper = top()?.functionFrame;
        if (literal.kind === 'variable' && wrapper?.parameter === literal.text) wrappers.add(wrapper.name!.toLowerCase());
      } else if (literal.kind === 'string') {
        const reference = referenceAt('isAllowed', literal);
        if (reference) calls.push({ method: word, reference: { ...reference, wrapper: token.text } });
      }
      continue;
    }
    // `Foo::class`, `self::function`: member names, not keywords.
    if (!KEYWORD_LENGTHS.has(token.text.length) || punct(i - 1, '::')) continue;
    const word = token.text.toLowerCase();
    const next = tokens.at(i + 1);
    if (word === 'namespace' && next && (next.kind === 'name' || punct(i + 1, '{'))) {
      const name = next.kind === 'name' ? next.text.replace(/^\\/, '') : '';
      const brace = i + (next.kind === 'name' ? 2 : 1);
      if (punct(brace, '{')) {
        // A braced namespace: the name holds until its closing brace.
        open('namespace');
        i = brace;
      }
      namespace = name;
    } else if (word === 'class' || word === 'interface' || word === 'trait' || (word === 'enum' && next?.kind === 'name' && (punct(i + 2, '{') || punct(i + 2, ':')))) {
      if (word === 'class' && (isWord(tokens.at(i - 1), 'new') || (isWord(tokens.at(i - 1), 'readonly') && isWord(tokens.at(i - 2), 'new')))) {
        pending.push({ kind: 'class', name: ANONYMOUS_CLASS, parens });
      } else if (next?.kind === 'name') {
        pending.push({ kind: 'class', name: namespace ? `${namespace}\\${next.text}` : next.text, parens });
      }
    } else if (word === 'function') {
      const n = punct(i + 1, '&') ? i + 2 : i + 1;
      const nameToken = tokens.at(n);
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
function firstArgument(tokens: TokenWindow, at: number): PhpToken | undefined {
  let a = at;
  const named = tokens.at(a);
  if (named?.kind === 'name' && named.text === 'resource' && isPunct(tokens.at(a + 1), ':')) a += 2;
  return isPunct(tokens.at(a + 1), ')') || isPunct(tokens.at(a + 1), ',') ? tokens.at(a) : undefined;
}

/** The name of the first parameter of a parameter list starting at `at` (its `(`): `$x` of `(?string $x = null, …)`. */
function firstParameter(tokens: TokenWindow, at: number): string | undefined {
  if (!isPunct(tokens.at(at), '(')) return undefined;
  for (let i = at + 1, t = tokens.at(i); t; t = tokens.at(++i)) {
    if (t.kind === 'variable') return t.text;
    if (t.kind === 'punct' && (t.text === ')' || t.text === ',' || t.text === '{' || t.text === ';')) return undefined;
  }
  return undefined;
}

/**
 * `const [type] NAME = expr, NAME = expr;` from `from`: calls `found` with the value of ADMIN_RESOURCE when
 * that value is exactly one string literal.
 */
function classConstants(tokens: TokenWindow, from: number, found: (literal: PhpString) => void): void {
  let depth = 0;
  let itemStart = from;
  for (let i = from, t = tokens.at(i); t; t = tokens.at(++i)) {
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

function constantItem(tokens: TokenWindow, start: number, end: number, found: (literal: PhpString) => void): void {
  for (let i = start; i < end; i++) {
    if (!isPunct(tokens.at(i), '=')) continue;
    const name = tokens.at(i - 1);
    const value = tokens.at(i + 1);
    if (name?.kind === 'name' && name.text === 'ADMIN_RESOURCE' && value?.kind === 'string' && i + 2 === end) found(value);
    return;
  }
}
