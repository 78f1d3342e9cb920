// Messages about an input never echo its content raw: a file can be binary, compressed or a gigabyte on one line.
// `excerpt` gives a short, one-line, escaped piece of text (control bytes and undecodable bytes as \xNN / \uFFFD);
// `printable` makes a whole message one printable line and shortens every quoted piece in it; `binaryKind` tells
// binary data from text by its first bytes, naming the common file types people pick up by mistake.

/** Longest excerpt of content a message shows. */
export const EXCERPT_CHARS = 60;

function escapeChar(c: number): string {
  if (c === 0xfffd) return '\\uFFFD';
  if (c === 0x2028 || c === 0x2029) return `\\u${c.toString(16).toUpperCase()}`;
  if (c <= 0xff) return `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
  return `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

const needsEscape = (c: number): boolean =>
  c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfffd || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff);

/** `s` with every control, undecodable or line-breaking character escaped (\xNN, \uNNNN); a backslash stays one. */
export function escapeText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i] + s[i + 1]; // a valid surrogate pair (an emoji, say) is printable
        i++;
        continue;
      }
    }
    out += needsEscape(c) ? escapeChar(c) : s[i];
  }
  return out;
}

/** At most `max` characters of `s`, escaped, with "…" when cut. */
export function excerpt(s: string, max = EXCERPT_CHARS): string {
  const e = escapeText(s.length > max * 4 ? s.slice(0, max * 4) : s);
  return e.length > max ? e.slice(0, max - 1).replace(/\\[xu]?[0-9A-Fa-f]{0,3}$/, '') + '…' : e;
}

/** The first bytes of binary data as text, escaped byte by byte: "\x89PNG\x0D\x0A\x1A\x0A…". */
export function bytesExcerpt(buf: Buffer, max = 24): string {
  let out = '';
  for (let i = 0; i < Math.min(buf.length, max); i++) {
    const b = buf[i];
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : escapeChar(b);
  }
  return buf.length > max ? out + '…' : out;
}

const QUOTED = /"((?:[^"\\]|\\.){61,}?)"/g;
/** Longest message kept whole (a message naming many keys or formats stays far below). */
const MAX_MESSAGE = 2000;

/** A message as one printable line: content quoted in it is shortened to an excerpt, the rest escaped. */
export function printable(message: string): string {
  let m = message.replace(QUOTED, (_all, q: string) => `"${excerpt(q)}"`);
  m = escapeText(m);
  return m.length > MAX_MESSAGE ? m.slice(0, MAX_MESSAGE - 1) + '…' : m;
}

const MAGIC: [bytes: number[], what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an .xlsx/.docx file): unzip it, or export CSV'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty ZIP archive'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed data: unpack it first (only gzip is read as it is)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data: unpack it first (only gzip is read as it is)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data: unpack it first (only gzip is read as it is)'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive: unpack it first'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], 'an SQLite database'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF)'],
  [[0x4d, 0x5a], 'a Windows executable'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an old Office document (.xls/.doc): export CSV'],
];

/**
 * What binary data `head` (the first bytes of a file, unpacked if it was gzip) is, or undefined when it looks like
 * text. Text has few control bytes (a stray one is a bad record, not a binary file); an encoding other than UTF-8
 * (Latin-1, say) still counts as text. UTF-16 is named, since it is text but must be saved as UTF-8 first.
 */
export function binaryKind(head: Buffer): string | undefined {
  for (const [magic, what] of MAGIC) if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return what;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'UTF-16 text: save it as UTF-8';
  const n = Math.min(head.length, 8192);
  let control = 0;
  let nul = false;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) {
      control++;
      if (b === 0) nul = true;
    }
  }
  // A stray control byte in a text export is one bad record, not a binary file: it takes many.
  if (control < 8 || control / n <= 0.05) return undefined;
  return nul && utf16WithoutBom(head, n) ? 'UTF-16 text: save it as UTF-8' : 'binary data';
}

/** ASCII text in UTF-16 (either byte order): NUL in every other byte. */
function utf16WithoutBom(head: Buffer, n: number): boolean {
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = Math.floor(n / 2);
  return pairs >= 2 && (even === 0 || odd === 0) && Math.max(even, odd) >= pairs * 0.9;
}
