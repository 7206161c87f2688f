/**
 * The only module that touches @xml-tools. It turns the tolerant CST into a small tree whose offsets are
 * plain UTF-16 string offsets with an *exclusive* end (the library's `endOffset` is inclusive), and hides
 * the byte-order mark, which the library cannot parse. A well-formed document is read by the much faster
 * `WellFormedScanner` into the very same tree; @xml-tools reads everything else (and is only loaded then).
 */
import type { ElementCstNode, parse as parseFunction } from '@xml-tools/parser';
import { runToEnd, Steps } from '../steps';
import { localName, MAX_ELEMENT_DEPTH, mismatchMessage, repeatedAttributeErrors, WellFormedScanner } from './wellFormedScanner';

export interface XmlAttribute {
  readonly name: string;
  /** Value without quotes; undefined when the attribute has no complete quoted value. */
  readonly value: string | undefined;
  readonly start: number;
  readonly end: number;
  /** Offsets of the value between the quotes (end exclusive); -1 when there is no value. */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly quote: '"' | "'" | undefined;
}

export interface XmlElement {
  readonly name: string;
  readonly start: number;
  /** Exclusive end of the whole element (after `/>` or the closing tag); best effort on broken input. */
  readonly end: number;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  readonly parent: XmlElement | undefined;
  readonly selfClosing: boolean | undefined;
  /**
   * The content between the tags: from just after the start tag's `>` to the `<` of the end tag (or the
   * element's end when it has none, in broken input). Both -1 when there is no content: a self-closing or
   * unterminated start tag. Text content (system.xml `<resource>`, `<aclResource>`) is read in this range.
   */
  readonly contentStart: number;
  readonly contentEnd: number;
}

export interface XmlSyntaxError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface ParsedXml {
  readonly text: string;
  readonly root: XmlElement | undefined;
  readonly errors: readonly XmlSyntaxError[];
}

const BOM = '\uFEFF';

/**
 * What the parsers read of `text`: without its byte-order mark (the library cannot parse one; `shift` is
 * the offset to add back), and with every lone CR read as LF, as XML's end-of-line handling does (same
 * length, same offsets): @xml-tools refuses a lone CR between markup, which makes a CR-only file broken.
 */
function* parserInput(text: string): Steps<{ body: string; shift: number }> {
  const shift = text.startsWith(BOM) ? 1 : 0;
  return { body: yield* withLineFeeds(shift ? text.slice(1) : text), shift };
}

function* withLineFeeds(text: string): Steps<string> {
  let cr = text.indexOf('\r');
  if (cr < 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (let n = 1; cr >= 0; n++) {
    if (text.charCodeAt(cr + 1) !== 0x0a) {
      parts.push(text.slice(from, cr));
      from = cr + 1;
    }
    cr = text.indexOf('\r', cr + 1);
    if (n % 65_536 === 0) yield;
  }
  if (!parts.length) return text;
  parts.push(text.slice(from));
  return parts.join('\n');
}

export function parseXml(text: string): ParsedXml {
  return runToEnd(parseXmlSteps(text));
}

/** parseXml in steps: yields every few dozen tags of a well-formed document (see steps.ts). */
export function* parseXmlSteps(text: string): Steps<ParsedXml> {
  const notXml = notXmlProblem(text);
  if (notXml) return { text, root: undefined, errors: [notXml] };
  const scanner = startScanOf(yield* parserInput(text));
  let state = scanner.run(pauseAlways);
  while (state === 'paused') {
    yield;
    state = scanner.run(pauseAlways);
  }
  return finishScan(text, scanner, state);
}

const pauseAlways = () => true;

/**
 * Text that cannot be XML — its first character (after a BOM and blanks) is not `<`, or it holds a NUL —
 * gets this one error, which quotes nothing of it: such a file may be anything a link or a mistake put
 * there (an environment, a password file, a binary), and what the parsers say about it would show it.
 */
function notXmlProblem(text: string): XmlSyntaxError | undefined {
  const first = /[^\s\uFEFF]/.exec(text.length > 4096 ? text.slice(0, 4096) : text);
  if (!first) return undefined; // empty: the usual "not closed" error, which quotes nothing
  const message =
    text[first.index] !== '<'
      ? "This is not an XML document: it does not begin with '<'. Nothing else is checked."
      : text.lastIndexOf('\0', 4096) >= 0
        ? 'This is not an XML document: it holds NUL characters (a binary file?). Nothing else is checked.'
        : undefined;
  return message ? { message, start: 0, end: 0 } : undefined;
}

/** Whether `text` may be quoted back to the user (source excerpts): it looks like XML. */
export function isQuotable(text: string): boolean {
  return notXmlProblem(text) === undefined;
}

/** The fast scanner over `text`, to be run (possibly in slices) and finished with `finishScan`. */
export function startScan(text: string): WellFormedScanner {
  return startScanOf(runToEnd(parserInput(text)));
}

function startScanOf({ body, shift }: { body: string; shift: number }): WellFormedScanner {
  return new WellFormedScanner(body, shift);
}

/** The parse result once `scanner` has stopped in `state`: its tree, or the tolerant parser's. */
export function finishScan(text: string, scanner: WellFormedScanner, state: 'done' | 'bail' | 'too-deep'): ParsedXml {
  if (state === 'done') return { text, root: scanner.root, errors: scanner.errors };
  if (state === 'too-deep') return tooDeep(text);
  if (text.length > MAX_TOLERANT_LENGTH) return notReadable(text, scanner.stoppedAt);
  return parseTolerant(text);
}

/**
 * Longest document (UTF-16 units) the tolerant parser reads: it costs ~0.25 s and ~60 MB per 1 MB here,
 * all at once on the server's thread. A longer document is analysed only when the fast scanner reads it.
 */
export const MAX_TOLERANT_LENGTH = 1_000_000;

function notReadable(text: string, at: number): ParsedXml {
  const start = Math.max(0, Math.min(at, text.length));
  const message =
    `Not well-formed XML here, or markup read only in smaller files (a DOCTYPE, a processing instruction, a name with non-ASCII letters): ` +
    `a file over ${MAX_TOLERANT_LENGTH / 1_000_000} MB is analysed only when it is well-formed, so no other check ran.`;
  return { text, root: undefined, errors: [{ message, start, end: Math.min(text.length, start + 1) }] };
}

function tooDeep(text: string): ParsedXml {
  const message = `Elements are nested more than ${MAX_ELEMENT_DEPTH} levels deep: the document is not analysed (Magento's files nest fewer than 10).`;
  return { text, root: undefined, errors: [{ message, start: 0, end: 0 }] };
}

let parseWithXmlTools: typeof parseFunction | undefined;

/** @xml-tools (chevrotain): error-tolerant, for documents the fast scanner does not accept. */
export function parseTolerant(text: string): ParsedXml {
  const { body, shift } = runToEnd(parserInput(text));
  let result: ReturnType<typeof parseFunction>;
  try {
    // Loaded on first use: building chevrotain's grammar costs ~50 ms at start-up, and well-formed files never need it.
    parseWithXmlTools ??= (require('@xml-tools/parser') as typeof import('@xml-tools/parser')).parse;
    result = parseWithXmlTools(body);
  } catch (e) {
    // The parser is error-tolerant; an exception here is a bug in it, and must not take the server down.
    return { text, root: undefined, errors: [{ message: `XML parser failed: ${String(e)}`, start: 0, end: 0 }] };
  }
  const errors: XmlSyntaxError[] = [];
  for (const e of result.lexErrors) {
    const start = Math.min(e.offset + shift, text.length);
    errors.push({ message: cleanMessage(e.message), start, end: Math.min(text.length, start + Math.max(1, e.length ?? 1)) });
  }
  for (const e of result.parseErrors) {
    const token = e.token;
    const atEof = !Number.isFinite(token.startOffset);
    const start = atEof ? text.length : Math.min(token.startOffset + shift, text.length);
    const last = Number.isFinite(token.endOffset) ? (token.endOffset as number) + 1 + shift : start;
    errors.push({ message: cleanMessage(e.message, atEof), start, end: Math.max(start, Math.min(last, text.length)) });
  }
  let root: XmlElement | undefined;
  try {
    // The tree is read straight from the parser's CST: @xml-tools/ast's buildAst made the same elements
    // (same rules below) at about 6 times the cost of the parse itself, most of it garbage.
    const element = (result.cst.children as { element?: ElementCstNode[] }).element?.[0];
    root = element && Object.keys(element.children).length ? convert(element, undefined, shift, text.length, errors, 1) : undefined;
  } catch (e) {
    if (e instanceof TooDeep) return tooDeep(text);
    errors.push({ message: `XML structure could not be read: ${String(e)}`, start: 0, end: 0 });
  }
  return { text, root, errors };
}

class TooDeep extends Error {}

function cleanMessage(message: string, atEof = false): string {
  if (atEof) return 'Unexpected end of document: an element is not closed.';
  return message
    .replace(/^Expecting token of type --> (\w+) <-- but found --> '(.*)' <--$/s, (_m, want: string, got: string) =>
      `Expected ${tokenName(want)} but found '${got}'.`)
    .replace(/^unexpected character: ->(.)<- at offset: \d+, skipped \d+ characters\./s, "Unexpected character '$1'.")
    .replace(/\s*\n\s*/g, ' ');
}

function tokenName(type: string): string {
  const names: Record<string, string> = {
    STRING: 'a quoted value',
    EQUALS: "'='",
    CLOSE: "'>'",
    SLASH_CLOSE: "'/>'",
    SLASH_OPEN: "a closing tag '</'",
    OPEN: "'<'",
    Name: 'a name',
    EOF: 'the end of the document',
  };
  return names[type] ?? type;
}

/** A token the parser really read (not one its error recovery inserted). */
function real<T extends { isInsertedInRecovery?: boolean }>(tokens: readonly T[] | undefined): T | undefined {
  return tokens?.length === 1 && tokens[0].isInsertedInRecovery !== true ? tokens[0] : undefined;
}

function convert(node: ElementCstNode, parent: XmlElement | undefined, shift: number, limit: number, errors: XmlSyntaxError[], depth: number): XmlElement {
  if (depth > MAX_ELEMENT_DEPTH) throw new TooDeep();
  const ctx = node.children;
  const attributes: XmlAttribute[] = [];
  const children: XmlElement[] = [];
  const nameToken = ctx.Name?.[0];
  const end = Math.min(node.location!.endOffset! + 1 + shift, limit);
  const startClose = real(ctx.START_CLOSE);
  const contentStart = real(ctx.OPEN) && startClose ? startClose.startOffset + 1 + shift : -1;
  const endTagOpen = real(ctx.SLASH_OPEN);
  const element: XmlElement = {
    // A name inserted by error recovery is none.
    name: nameToken && !nameToken.isInsertedInRecovery ? localName(nameToken.image) : '',
    start: node.location!.startOffset + shift,
    end,
    attributes,
    children,
    parent,
    selfClosing: real(ctx.OPEN) ? (startClose ? false : real(ctx.SLASH_CLOSE) ? true : undefined) : undefined,
    contentStart,
    contentEnd: contentStart < 0 ? -1 : endTagOpen ? endTagOpen.startOffset + shift : end,
  };
  for (const a of ctx.attribute ?? []) {
    const key = a.children.Name?.[0];
    if (!key || key.isInsertedInRecovery) continue;
    const valueToken = a.children.STRING?.[0];
    const token = valueToken && !valueToken.isInsertedInRecovery ? valueToken : undefined;
    const image = token?.image ?? '';
    const quote = image[0] === '"' || image[0] === "'" ? (image[0] as '"' | "'") : undefined;
    const complete = token !== undefined && quote !== undefined && image.length >= 2 && image.endsWith(quote);
    attributes.push({
      name: key.image,
      value: complete ? image.slice(1, -1) : undefined,
      start: a.location!.startOffset + shift,
      end: a.location!.endOffset! + 1 + shift,
      valueStart: complete ? token.startOffset + 1 + shift : -1,
      valueEnd: complete ? token.endOffset! + shift : -1,
      quote,
    });
  }
  repeatedAttributeErrors(attributes, errors);
  for (const c of ctx.content?.[0]?.children.element ?? []) children.push(convert(c, element, shift, limit, errors, depth + 1));
  const endName = real(ctx.END_NAME);
  if (nameToken && !nameToken.isInsertedInRecovery && endName && endName.image !== nameToken.image) {
    const start = endName.startOffset + shift;
    errors.push({ message: mismatchMessage(endName.image, nameToken.image), start, end: start + endName.image.length });
  }
  return element;
}

export function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.name === name);
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** The line ending a document uses: the first one found, else "\n". */
export function lineEnding(text: string): string {
  const i = text.indexOf('\n');
  if (i > 0 && text[i - 1] === '\r') return '\r\n';
  if (i >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

/**
 * Start of the line containing `offset` when only blanks (spaces, tabs) precede `offset` on it, else
 * undefined. Scans back over those blanks only, never a whole (possibly 1 MB) line.
 */
export function blankLineStart(text: string, offset: number): number | undefined {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r' ? i : undefined;
}

/** Offset of the first character of the line containing `offset`. */
export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}
