// The central directory of a ZIP file (APPNOTE.TXT 4.3.12-4.3.16), read without unpacking anything: the entry names
// (a DOCX holds word/document.xml) and the sizes they would unpack to, so a ZIP bomb dressed as a resume is refused
// before mammoth inflates it. Pure, linear in the directory.

export interface ZipEntry {
  name: string;
  compressed: number;
  size: number;
}

/** ZIP magic: a local file header at the start. */
export const isZip = (b: Buffer): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Entries of the central directory, or a reason it cannot be read (truncated, ZIP64, too many entries). */
export function zipEntries(buf: Buffer, maxEntries = 10_000): ZipEntry[] | string {
  // end of central directory record: signature 0x06054b50, at most 65535 + 22 bytes before the end
  const lowest = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= lowest; i--) {
    if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x05 && buf[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'no ZIP central directory (truncated or damaged file)';
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) return 'a ZIP64 archive (larger than any resume)';
  if (count > maxEntries) return `${count} entries in the ZIP (at most ${maxEntries})`;
  if (cdOffset + cdSize > buf.length) return 'the ZIP central directory lies past the end of the file (truncated)';
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return 'damaged ZIP central directory';
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen > buf.length) return 'damaged ZIP central directory';
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (compressed === 0xffffffff || size === 0xffffffff) return 'a ZIP64 entry (larger than any resume)';
    out.push({ name, compressed, size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
