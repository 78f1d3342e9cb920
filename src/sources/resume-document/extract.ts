// Resume documents → text: PDF with pdfjs-dist (text content of each page, in reading order as the PDF draws it) and
// DOCX with mammoth (extractRawText: paragraphs separated by blank lines). Recognised by magic bytes, never by file
// name: "%PDF-" at the start, or a ZIP whose central directory holds word/document.xml. Bounded: the file's size,
// the pages read, the text kept, the ZIP's unpacked size (a ZIP bomb is refused before anything is inflated) and the
// time pdfjs may take. An encrypted or broken document is an error that says so; the libraries are loaded on first
// use only (the scan never pays for them).
import { isZip, zipEntries } from './zip.ts';

export type DocumentKind = 'pdf' | 'docx';

/** Largest resume document read (real ones are 50 KB - 5 MB; a PDF with embedded scans rarely passes 20 MB). */
export const MAX_DOCUMENT_BYTES = 32 << 20;
/** Pages of a PDF read (a resume has 1-5; the rest of a longer document is left out and said so). */
export const MAX_PDF_PAGES = 20;
/** Characters of text kept from one document. */
export const MAX_DOCUMENT_CHARS = 200_000;
/** What a DOCX may unpack to, all entries together (a real one: < 5 MB; a ZIP bomb: gigabytes). */
export const MAX_DOCX_UNPACKED = 64 << 20;
/** Time pdfjs may spend on one document. */
export const PDF_TIMEOUT_MS = 20_000;

export class DocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentError';
  }
}

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** 'pdf' / 'docx' when the bytes are such a document, 'zip' for another ZIP, undefined otherwise. Reads only the head for PDF. */
export function documentKind(buf: Buffer): DocumentKind | 'zip' | undefined {
  if (buf.length >= 5 && buf.subarray(0, 5).equals(PDF_MAGIC)) return 'pdf';
  if (!isZip(buf)) return undefined;
  const entries = zipEntries(buf);
  if (typeof entries === 'string') return buf.includes('word/document.xml') ? 'docx' : 'zip';
  return entries.some((e) => e.name === 'word/document.xml') ? 'docx' : 'zip';
}

export interface DocumentText {
  kind: DocumentKind;
  text: string;
  /** PDF: pages in the document and pages read. */
  pages?: number;
  pagesRead?: number;
  /** True when pages or characters were left out (bounds above). */
  truncated: boolean;
}

type PdfTextItem = { str?: string; hasEOL?: boolean };

async function pdfText(buf: Buffer): Promise<DocumentText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength).slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new DocumentError(`the PDF took longer than ${PDF_TIMEOUT_MS / 1000} s to read: left out`)), PDF_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      (async () => {
        let doc;
        try {
          doc = await task.promise;
        } catch (e) {
          const name = (e as Error)?.name;
          if (name === 'PasswordException')
            throw new DocumentError('an encrypted PDF (password-protected): its text cannot be read; ask the candidate or the ATS for an unprotected copy');
          if (name === 'InvalidPDFException') throw new DocumentError(`a broken PDF: ${(e as Error).message}`);
          throw new DocumentError(`the PDF cannot be read: ${(e as Error)?.message ?? String(e)}`);
        }
        const pages = doc.numPages;
        const n = Math.min(pages, MAX_PDF_PAGES);
        let text = '';
        let truncated = pages > n;
        for (let p = 1; p <= n; p++) {
          const page = await doc.getPage(p);
          const content = await page.getTextContent();
          let line = '';
          for (const item of content.items as PdfTextItem[]) {
            if (typeof item.str !== 'string') continue;
            line += item.str;
            if (item.hasEOL) {
              text += line + '\n';
              line = '';
            }
            if (text.length + line.length > MAX_DOCUMENT_CHARS) break;
          }
          text += line + '\n';
          page.cleanup();
          if (text.length > MAX_DOCUMENT_CHARS) {
            text = text.slice(0, MAX_DOCUMENT_CHARS);
            truncated = true;
            break;
          }
        }
        return { kind: 'pdf' as const, text, pages, pagesRead: n, truncated };
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    void task.destroy().catch(() => undefined);
  }
}

async function docxText(buf: Buffer): Promise<DocumentText> {
  const entries = zipEntries(buf);
  if (typeof entries === 'string') throw new DocumentError(`a broken DOCX: ${entries}`);
  let unpacked = 0;
  for (const e of entries) unpacked += e.size;
  if (unpacked > MAX_DOCX_UNPACKED)
    throw new DocumentError(`a DOCX that unpacks to ${(unpacked / (1 << 20)).toFixed(0)} MB (at most ${MAX_DOCX_UNPACKED >> 20} MB): not read`);
  const mammoth = (await import('mammoth')).default;
  let value: string;
  try {
    ({ value } = await mammoth.extractRawText({ buffer: buf }));
  } catch (e) {
    throw new DocumentError(`a broken DOCX: ${(e as Error)?.message ?? String(e)}`);
  }
  const truncated = value.length > MAX_DOCUMENT_CHARS;
  return { kind: 'docx', text: truncated ? value.slice(0, MAX_DOCUMENT_CHARS) : value, truncated };
}

/** The text of a PDF or DOCX resume; a DocumentError when it is encrypted, broken, too large or too slow. */
export async function documentText(buf: Buffer, kind: DocumentKind): Promise<DocumentText> {
  if (buf.length > MAX_DOCUMENT_BYTES)
    throw new DocumentError(`${(buf.length / (1 << 20)).toFixed(1)} MB: larger than any resume (at most ${MAX_DOCUMENT_BYTES >> 20} MB)`);
  return kind === 'pdf' ? pdfText(buf) : docxText(buf);
}
