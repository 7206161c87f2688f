/**
 * app/etc/config.php: which modules are enabled. Setup writes it as `<?php return ['modules' => ['Vendor_Module'
 * => 1, …], …];` and Magento includes it; ModuleList::has() treats a module as enabled when its value is not
 * empty() (1, true, '1' … ; 0, false, '0', '' and null are off). It is read here without running PHP: the
 * file must be exactly one `return` of an array, and the `modules` array must hold only literal keys and
 * values. Anything else (code, constants, computed values) could make Magento's list differ from what a
 * reader sees, so such a file yields one error and no modules, and the caller ignores it.
 */
import { isPunct, isWord, PhpToken, phpTokens } from '../php/phpLexer';

export interface ModuleSwitch {
  readonly name: string;
  readonly enabled: boolean;
  /** Offsets of the module name between its quotes. */
  readonly start: number;
  readonly end: number;
}

export interface AppConfigFile {
  /** In file order (setup writes it in Magento's module load order); a repeated key keeps its first place and last value, as in PHP. */
  readonly modules: readonly ModuleSwitch[];
  /** Why the file could not be read safely; then `modules` is empty. */
  readonly error: { readonly message: string; readonly start: number; readonly end: number } | undefined;
}

type Literal = { kind: 'scalar'; value: string | number | boolean | null; token: PhpToken } | { kind: 'array'; entries: Entry[]; token: PhpToken };
interface Entry {
  key: Literal | undefined;
  value: Literal;
}

class Unsafe extends Error {
  constructor(
    message: string,
    readonly token: PhpToken | undefined,
  ) {
    super(message);
  }
}

export function readAppConfigFile(text: string): AppConfigFile {
  const tokens = phpTokens(text);
  try {
    let i = 0;
    if (!isWord(tokens[i], 'return')) throw new Unsafe('app/etc/config.php does not start with `return`', tokens[i]);
    const parsed = literal(tokens, i + 1, 0);
    i = parsed.next;
    while (isPunct(tokens[i], ';')) i++;
    if (i < tokens.length) throw new Unsafe('app/etc/config.php has more than `return [...];`', tokens[i]);
    if (parsed.value.kind !== 'array') throw new Unsafe('app/etc/config.php does not return an array', parsed.value.token);
    const modulesEntry = lastEntry(parsed.value.entries, 'modules');
    if (!modulesEntry) return { modules: [], error: undefined };
    if (modulesEntry.value.kind !== 'array') throw new Unsafe("'modules' in app/etc/config.php is not an array", modulesEntry.value.token);
    const byName = new Map<string, ModuleSwitch>();
    for (const entry of modulesEntry.value.entries) {
      const key = entry.key;
      if (key?.kind !== 'scalar' || typeof key.value !== 'string' || key.token.kind !== 'string') throw new Unsafe('a module in app/etc/config.php is not a quoted name', (key ?? entry.value).token);
      if (entry.value.kind !== 'scalar') throw new Unsafe(`module ${key.value} in app/etc/config.php is not 1 or 0`, entry.value.token);
      const previous = byName.get(key.value);
      const enabled = !isEmpty(entry.value.value);
      // PHP keeps a repeated key where it first stood, with the last value.
      byName.set(key.value, previous ? { ...previous, enabled } : { name: key.value, enabled, start: key.token.start, end: key.token.end });
    }
    return { modules: [...byName.values()], error: undefined };
  } catch (e) {
    if (!(e instanceof Unsafe)) throw e;
    const start = e.token?.start ?? text.length;
    return { modules: [], error: { message: `${e.message}: it is not read, and every module counts as enabled.`, start, end: e.token?.end ?? start } };
  }
}

/** PHP's empty() on a scalar. */
function isEmpty(value: string | number | boolean | null): boolean {
  return value === null || value === false || value === 0 || value === '' || value === '0';
}

function lastEntry(entries: readonly Entry[], key: string): Entry | undefined {
  let found: Entry | undefined;
  for (const e of entries) if (e.key?.kind === 'scalar' && e.key.value === key) found = e;
  return found;
}

/** Arrays nest this deep at most (setup writes 4 levels); deeper is refused rather than recursed into. */
const MAX_DEPTH = 64;

/** A literal expression at `i`: a string, a number, true/false/null, or an array of literals. */
function literal(tokens: readonly PhpToken[], i: number, depth: number): { value: Literal; next: number } {
  const t = tokens[i];
  if (!t) throw new Unsafe('app/etc/config.php ends inside its array', undefined);
  if (depth > MAX_DEPTH) throw new Unsafe(`arrays in app/etc/config.php nest more than ${MAX_DEPTH} levels deep`, t);
  if (t.kind === 'string') {
    if (t.value === undefined) throw new Unsafe('a string in app/etc/config.php interpolates or is not closed', t);
    return { value: { kind: 'scalar', value: t.value, token: t }, next: i + 1 };
  }
  if (t.kind === 'number') {
    const value = phpInteger(t.text);
    if (value === undefined) throw new Unsafe(`${t.text} in app/etc/config.php is not a plain integer`, t);
    return { value: { kind: 'scalar', value, token: t }, next: i + 1 };
  }
  if (isPunct(t, '-') && tokens[i + 1]?.kind === 'number') {
    const inner = literal(tokens, i + 1, depth);
    return { value: { kind: 'scalar', value: -(inner.value.kind === 'scalar' ? Number(inner.value.value) : 0), token: t }, next: inner.next };
  }
  if (t.kind === 'name') {
    const word = t.text.replace(/^\\/, '').toLowerCase();
    if (word === 'true' || word === 'false') return { value: { kind: 'scalar', value: word === 'true', token: t }, next: i + 1 };
    if (word === 'null') return { value: { kind: 'scalar', value: null, token: t }, next: i + 1 };
    if (word === 'array' && isPunct(tokens[i + 1], '(')) return array(tokens, i + 2, ')', t, depth + 1);
  }
  if (isPunct(t, '[')) return array(tokens, i + 1, ']', t, depth + 1);
  throw new Unsafe(`app/etc/config.php holds code (${t.text}) where a literal value was expected`, t);
}

function array(tokens: readonly PhpToken[], i: number, close: string, open: PhpToken, depth: number): { value: Literal; next: number } {
  const entries: Entry[] = [];
  for (;;) {
    if (isPunct(tokens[i], close)) return { value: { kind: 'array', entries, token: open }, next: i + 1 };
    const first = literal(tokens, i, depth);
    i = first.next;
    if (isPunct(tokens[i], '=>')) {
      const value = literal(tokens, i + 1, depth);
      entries.push({ key: first.value, value: value.value });
      i = value.next;
    } else entries.push({ key: undefined, value: first.value });
    if (isPunct(tokens[i], ',')) i++;
    else if (!isPunct(tokens[i], close)) throw new Unsafe(`app/etc/config.php holds code where \`,\` or \`${close}\` was expected`, tokens[i]);
  }
}

/** A PHP integer literal (decimal, 0x, 0b, 0o or leading-0 octal, with `_` separators); undefined for anything else. */
function phpInteger(text: string): number | undefined {
  const s = text.replace(/_/g, '');
  if (/^(0|[1-9][0-9]*)$/.test(s)) return Number(s);
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[bB][01]+$/.test(s)) return parseInt(s.slice(2), 2);
  if (/^0[oO]?[0-7]+$/.test(s)) return parseInt(s.replace(/^0[oO]?/, ''), 8);
  return undefined;
}
