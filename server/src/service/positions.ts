/**
 * Offsets to LSP positions for large documents, with a line table built in steps (steps.ts): a TextDocument
 * builds its own in one go on the first positionAt (~80 ms for 10 MB here). Same rules as
 * vscode-languageserver-textdocument: CRLF, LF and CR end a line; an offset inside a line ending maps to
 * the end of the line.
 */
import type { Position } from 'vscode-languageserver-textdocument';
import { runToEnd, Steps } from './steps';

export function* lineStartsSteps(text: string): Steps<number[]> {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if ((i & 0x3ffff) === 0x3ffff) yield;
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      if (c === 13 && i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function positionIn(text: string, starts: readonly number[], offset: number): Position {
  let at = Math.max(Math.min(offset, text.length), 0);
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] > at) high = mid;
    else low = mid + 1;
  }
  const line = low - 1;
  while (at > starts[line] && (text.charCodeAt(at - 1) === 13 || text.charCodeAt(at - 1) === 10)) at--;
  return { line, character: at - starts[line] };
}

const lineStartsOf = new WeakMap<{ readonly text: string }, number[]>();

/** The 0-based line of `offset` in an indexed file, with the file's line table built once (files are immutable). */
export function lineOf(file: { readonly text: string }, offset: number): number {
  let starts = lineStartsOf.get(file);
  if (!starts) lineStartsOf.set(file, (starts = runToEnd(lineStartsSteps(file.text))));
  return positionIn(file.text, starts, offset).line;
}
