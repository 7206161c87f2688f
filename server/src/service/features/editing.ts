/**
 * Style-preserving text edits in document offsets: removing an element with its line, and the indentation
 * and line ending a file already uses. Quick-fixes build on these so they change only what they must.
 */
import { blankLineStart, lineEnding, lineStart, XmlElement } from '../xml/xmlDocument';

export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * Removes an element. When it is alone on its line the whole line goes (indentation and line ending
 * included), so no blank line is left behind; otherwise only the element's own text.
 */
export function removeElement(text: string, element: XmlElement): OffsetEdit {
  const ls = blankLineStart(text, element.start);
  let le = element.end;
  while (le < text.length && (text[le] === ' ' || text[le] === '\t')) le++;
  const aloneOnLine = ls !== undefined && (le === text.length || text[le] === '\r' || text[le] === '\n');
  if (!aloneOnLine) return { start: element.start, end: element.end, newText: '' };
  if (text[le] === '\r' && text[le + 1] === '\n') le += 2;
  else if (le < text.length) le += 1;
  return { start: ls, end: le, newText: '' };
}

/** The leading whitespace of the line `offset` is on. */
export function indentationAt(text: string, offset: number): string {
  const ls = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(ls, offset))?.[0] ?? '';
}

/** One level of indentation as the file uses it: the step between a child's line and its parent's. */
export function indentUnit(text: string, parent: XmlElement | undefined): string {
  const child = parent?.children[0];
  if (parent && child) {
    const outer = indentationAt(text, parent.start);
    const inner = indentationAt(text, child.start);
    if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
  }
  if (fallback?.text !== text) {
    const m = /\n([ \t]+)</.exec(text);
    fallback = { text, unit: m ? (m[1].startsWith('\t') ? '\t' : m[1].length % 4 === 0 ? '    ' : m[1].length % 2 === 0 ? '  ' : m[1]) : '    ' };
  }
  return fallback.unit;
}

/** The last text's fallback unit: fixes ask once per integration, and the search may scan a whole unindented file. */
let fallback: { text: string; unit: string } | undefined;

export { lineEnding };
