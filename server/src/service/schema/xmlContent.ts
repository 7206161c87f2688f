/**
 * What schema validation needs from the text that the small XML tree does not keep: the raw tag name (with
 * its prefix), the character content between child elements (text, CDATA, references; comments and
 * processing instructions skipped), and attribute values as an XML processor reports them (line ends and
 * whitespace normalized, references decoded). Works on broken documents: it only reads inside an element's
 * own range.
 */
import type { XmlAttribute, XmlElement } from '../xml/xmlDocument';

/** The tag name as written, prefix included (`xs:element`); '' for a lone `<`. */
export function rawTagName(text: string, element: XmlElement): string {
  const m = /^[^\s<>/="']+/.exec(text.slice(element.start + 1, Math.min(element.end, element.start + 1 + 256)));
  return m ? m[0] : '';
}

/** The range of the element's name in its start tag; the `<` itself for a nameless element. */
export function nameRange(text: string, element: XmlElement): { start: number; end: number } {
  const name = rawTagName(text, element);
  return name ? { start: element.start + 1, end: element.start + 1 + name.length } : { start: element.start, end: Math.min(element.start + 1, element.end) };
}

export interface TextSegment {
  readonly kind: 'text' | 'cdata';
  /** Raw range in the document (for CDATA, the content between the markers). */
  readonly start: number;
  readonly end: number;
  /** The characters an XML processor reports: line ends normalized, references decoded. */
  readonly value: string;
}

/** Character content of an element, in document order (empty for self-closing elements). */
export function textSegments(text: string, element: XmlElement): TextSegment[] {
  const start = element.contentStart;
  if (start < 0) return [];
  const close = element.contentEnd;
  const segments: TextSegment[] = [];
  let from = start;
  for (const child of element.children) {
    if (child.start >= from) scan(text, from, child.start, segments);
    from = Math.max(from, child.end);
  }
  if (close > from) scan(text, from, close, segments);
  return segments;
}

function scan(text: string, from: number, to: number, out: TextSegment[]): void {
  let i = from;
  let runStart = from;
  const flush = (end: number) => {
    if (end > runStart) out.push({ kind: 'text', start: runStart, end, value: decodeText(text.slice(runStart, end)) });
  };
  while (i < to) {
    if (text[i] !== '<') {
      i++;
      continue;
    }
    flush(i);
    if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      i = e < 0 || e + 3 > to ? to : e + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const e = text.indexOf(']]>', i + 9);
      const end = e < 0 || e > to ? to : e;
      out.push({ kind: 'cdata', start: i + 9, end, value: text.slice(i + 9, end).replace(/\r\n?/g, '\n') });
      i = e < 0 || e + 3 > to ? to : e + 3;
    } else if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      i = e < 0 || e + 2 > to ? to : e + 2;
    } else {
      // Markup the tree does not hold (broken input): not character content.
      const e = text.indexOf('>', i + 1);
      i = e < 0 || e + 1 > to ? to : e + 1;
    }
    runStart = i;
  }
  flush(to);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; unknown references stay as written. */
export function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.\-]*);/g, (all, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? all;
    const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
  });
}

function decodeText(raw: string): string {
  return decodeReferences(raw.replace(/\r\n?/g, '\n'));
}

const NEEDS_NORMALIZING = /[\r\n\t&]/;

/** An attribute value as reported by an XML processor (XML 1.0 §3.3.3): literal whitespace becomes spaces. */
export function attributeValue(attribute: XmlAttribute): string | undefined {
  if (attribute.value === undefined) return undefined;
  // Most values have nothing to normalize: no new string for them.
  if (!NEEDS_NORMALIZING.test(attribute.value)) return attribute.value;
  return decodeReferences(attribute.value.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' '));
}

/** The concatenated character content of an element. */
export function textValue(segments: readonly TextSegment[]): string {
  return segments.map((s) => s.value).join('');
}

const BLANK = /^[ \t\r\n]*$/;

export function isBlank(value: string): boolean {
  return BLANK.test(value);
}

/** The range from the first to the last non-whitespace character of the segments; undefined if all blank. */
export function trimmedRange(text: string, segments: readonly TextSegment[]): { start: number; end: number } | undefined {
  let start: number | undefined;
  let end: number | undefined;
  for (const s of segments) {
    for (let i = s.start; i < s.end; i++) {
      if (!' \t\r\n'.includes(text[i])) {
        start ??= i;
        end = i + 1;
      }
    }
  }
  return start === undefined ? undefined : { start, end: end! };
}
