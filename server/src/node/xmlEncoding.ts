/**
 * The bytes of an XML file as text and back, as XML 1.0 (appendix F) tells an encoding: a byte-order mark,
 * else the first bytes of `<?xml`, else the declaration's `encoding`, else UTF-8. The text keeps a BOM as
 * U+FEFF (the service hides it), so encoding the text again gives the same bytes. Only encodings Node can
 * write exactly are writable; --fix refuses the others, and any file whose bytes do not survive the round
 * trip (invalid UTF-8, a lone surrogate), rather than write U+FFFD in place of what was there.
 */
export type XmlEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'iso-8859-1' | 'us-ascii';

export interface DecodedXml {
  readonly text: string;
  /** How to write the text back; undefined when the declared encoding is one we cannot write. */
  readonly encoding: XmlEncoding | undefined;
  /** The encoding as found (for messages): a BOM's, or the declaration's name. */
  readonly label: string;
}

/** Names of the declaration's `encoding` (case-insensitive, IANA aliases) we read and write exactly. */
const WRITABLE: Record<string, XmlEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-1': 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  l1: 'iso-8859-1',
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
  // With no BOM, "UTF-16" in the declaration of a file whose first bytes read `<?xml` in ASCII is a lie;
  // such a file is read as UTF-8 and not written.
};

export function decodeXml(bytes: Uint8Array): DecodedXml {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe && !(b[2] === 0 && b[3] === 0)) return { text: b.toString('utf16le'), encoding: 'utf-16le', label: 'UTF-16LE' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: swapBytes(b).toString('utf16le'), encoding: 'utf-16be', label: 'UTF-16BE' };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: b.toString('utf8'), encoding: 'utf-8', label: 'UTF-8' };
  // `<?` in UTF-16 without a BOM.
  if (b[0] === 0x3c && b[1] === 0 && b[2] === 0x3f && b[3] === 0) return { text: b.toString('utf16le'), encoding: 'utf-16le', label: 'UTF-16LE' };
  if (b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] === 0x3f) return { text: swapBytes(b).toString('utf16le'), encoding: 'utf-16be', label: 'UTF-16BE' };
  const declared = declaredEncoding(b);
  if (declared === undefined) return { text: b.toString('utf8'), encoding: 'utf-8', label: 'UTF-8' };
  const writable = WRITABLE[declared.toLowerCase()];
  if (writable === 'iso-8859-1') return { text: b.toString('latin1'), encoding: writable, label: declared };
  if (writable) return { text: b.toString('utf8'), encoding: writable, label: declared };
  return { text: decodeOther(b, declared), encoding: undefined, label: declared };
}

/** The bytes of `text` in `encoding`; `encode(decode(bytes))` is `bytes` for every file --fix writes. */
export function encodeXml(text: string, encoding: XmlEncoding): Buffer {
  switch (encoding) {
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return swapBytes(Buffer.from(text, 'utf16le'));
    case 'iso-8859-1':
      return Buffer.from(text, 'latin1');
    default:
      return Buffer.from(text, 'utf8');
  }
}

/** Whether `text` can be written in `encoding` and read back as the same text. */
export function canEncode(text: string, encoding: XmlEncoding): boolean {
  switch (encoding) {
    case 'iso-8859-1':
      return !/[^\u0000-\u00ff]/.test(text);
    case 'us-ascii':
      return !/[^\u0000-\u007f]/.test(text);
    default:
      // A lone surrogate has no UTF-8 or UTF-16 form that reads back as itself.
      return !LONE_SURROGATE.test(text);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The `encoding` of an ASCII-compatible XML declaration, if there is one. */
function declaredEncoding(b: Buffer): string | undefined {
  const head = b.subarray(0, 256).toString('latin1');
  const m = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(head);
  return m?.[2];
}

/** Another declared encoding, read as well as Node's decoder can (never written back). */
function decodeOther(b: Buffer, label: string): string {
  try {
    return new TextDecoder(label).decode(b);
  } catch {
    return b.toString('utf8');
  }
}

function swapBytes(b: Buffer): Buffer {
  const out = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  out.swap16();
  return out;
}
