/**
 * Where the cursor is, for completion: read from the text, not the tree, so it works while the tag is
 * half-typed (no closing quote, no `/>`), which is exactly when completion is asked for.
 */

/** Longest tag text scanned back from the cursor; a real tag is far shorter. */
const MAX_TAG_LENGTH = 4096;

export interface AttributeValueContext {
  readonly tagName: string;
  readonly attributeName: string;
  /** Offset of the `<` of the tag. */
  readonly tagStart: number;
  readonly valueStart: number;
  /** End of the value: the closing quote, or the end of the word typed so far when there is none. */
  readonly valueEnd: number;
  readonly quote: '"' | "'";
  readonly closed: boolean;
}

const VALUE_BEFORE_CURSOR = /^<([\w:.-]+)(?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s+([\w:.-]+)\s*=\s*(["'])([^"'<>]*)$/;

/** The attribute value the cursor is in, if any. */
export function attributeValueContext(text: string, offset: number): AttributeValueContext | undefined {
  const tagStart = text.lastIndexOf('<', offset - 1);
  if (tagStart < 0 || offset - tagStart > MAX_TAG_LENGTH) return undefined;
  const m = VALUE_BEFORE_CURSOR.exec(text.slice(tagStart, offset));
  if (!m) return undefined;
  const quote = m[3] as '"' | "'";
  const valueStart = offset - m[4].length;
  let valueEnd = offset;
  while (valueEnd < text.length && text[valueEnd] !== quote && !/[<>\r\n]/.test(text[valueEnd])) valueEnd++;
  const closed = text[valueEnd] === quote;
  // Without a closing quote, the value ends with the word typed so far (not the rest of the line).
  if (!closed) {
    valueEnd = offset;
    while (valueEnd < text.length && !/["'<>\s]/.test(text[valueEnd])) valueEnd++;
  }
  return { tagName: m[1], attributeName: m[2], tagStart, valueStart, valueEnd, quote, closed };
}
