// A file read on demand: `bytes` spans the whole file from the start, but a page (4 KB) is read from disk
// (fs.readSync at its offset) only when ensure() is asked for a byte in it. A scan of a tiny export answers its few
// lookups from a few dozen pages of the 63 MB city database instead of reading all of it; a big scan touches more
// pages, and once `wholeAfter` bytes were read page by page the rest of the file is read at once (one sequential
// read is cheaper than thousands of small ones), after which `full` is true and ensure() returns at once.
// The buffer is allocated zeroed and untouched, so pages never read cost no memory (the OS maps them lazily).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;

export interface PagedStats {
  /** Pages read one by one, and whether the whole file was then read. */
  pages: number;
  whole: boolean;
}

export class PagedFile {
  /** The whole file; only pages that were ensure()d (or everything, once `full`) hold its bytes. */
  readonly bytes: Uint8Array;
  /** The same memory as a Buffer (for utf8 and float reads). */
  readonly buf: Buffer;
  readonly size: number;
  /** Every byte is loaded: ensure() is not needed (callers may take a faster path). */
  full = false;
  private readonly loaded: Uint8Array;
  private fd: number | undefined;
  private pagesRead = 0;
  private readonly wholeAfterPages: number;

  /**
   * @param wholeAfter bytes read page by page after which the rest is read at once (default: a 16th of the file,
   * at least 1 MB); 0 reads the whole file now.
   */
  constructor(readonly path: string, wholeAfter?: number) {
    const fd = openSync(path, 'r');
    try {
      this.size = fstatSync(fd).size;
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    this.fd = fd;
    const ab = new ArrayBuffer(this.size);
    this.bytes = new Uint8Array(ab);
    this.buf = Buffer.from(ab);
    this.loaded = new Uint8Array((this.size + PAGE - 1) >>> PAGE_BITS);
    this.wholeAfterPages = Math.ceil((wholeAfter ?? Math.max(1 << 20, this.size / 16)) / PAGE);
    if (wholeAfter === 0) this.readWhole();
  }

  get stats(): PagedStats {
    return { pages: this.pagesRead, whole: this.full };
  }

  /** Make bytes [offset, offset + length) readable; throws when they lie outside the file. */
  ensure(offset: number, length: number): void {
    if (this.full) return;
    if (offset < 0 || length < 0 || offset + length > this.size) throw new Error(`${this.path}: read of ${length} bytes at ${offset} is outside the file (${this.size} bytes)`);
    const last = (offset + length - 1) >>> PAGE_BITS;
    for (let p = offset >>> PAGE_BITS; p <= last; p++) {
      if (this.loaded[p] === 0) {
        this.readPage(p);
        if (this.full) return;
      }
    }
  }

  private readPage(p: number): void {
    const at = p * PAGE;
    const len = Math.min(PAGE, this.size - at);
    this.readAt(at, len);
    this.loaded[p] = 1;
    if (++this.pagesRead >= this.wholeAfterPages) this.readWhole();
  }

  private readAt(at: number, len: number): void {
    let done = 0;
    while (done < len) {
      const n = readSync(this.fd!, this.bytes, at + done, len - done, at + done);
      if (n === 0) throw new Error(`${this.path}: file ended at ${at + done} (expected ${this.size} bytes; changed while open?)`);
      done += n;
    }
  }

  /** Read every byte now (and close the file). */
  readWhole(): void {
    if (this.full) return;
    this.readAt(0, this.size);
    this.full = true;
    this.close();
  }

  private close(): void {
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      closeSync(fd);
    }
  }
}
