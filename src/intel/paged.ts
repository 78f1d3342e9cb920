// A file read on demand. Until it is read whole, a 4 KB page is read from disk (fs.readSync at its offset) only when
// one of its bytes is asked for (u8, u32, text...), and kept in its own small buffer: a scan of a tiny export answers
// its few lookups from a few dozen pages of the 63 MB city database instead of reading all of it, and allocates no
// large buffer (large buffers make V8 collect garbage early, "external memory pressure"). Once `wholeAfter` bytes
// were read page by page, the whole file is read at once into `bytes` (one sequential read is cheaper than thousands
// of small ones, and a big scan touches most pages); `full` is then true and readers may use `bytes` directly (fast paths).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;
const EMPTY = new Uint8Array(0);

export interface PagedStats {
  /** Pages read one by one, and whether the whole file was then read. */
  pages: number;
  whole: boolean;
}

export class PagedFile {
  /** The whole file once `full`; empty before. */
  bytes: Uint8Array = EMPTY;
  /** `bytes` as a Buffer. */
  buf: Buffer = Buffer.alloc(0);
  readonly size: number;
  /** Every byte is in `bytes`. */
  full = false;
  private pages: (Buffer | undefined)[];
  private fd: number | undefined;
  private pagesRead = 0;
  private readonly wholeAfterPages: number;

  /**
   * @param wholeAfter bytes read page by page after which the rest is read at once (default: a quarter of the
   * file, at least 1 MB); 0 reads the whole file now. A page read costs ~5–40 µs, reading the 63 MB city database
   * whole 50–600 ms (most of it faulting in fresh memory; the higher figures on a loaded 2-core VM).
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
    this.pages = new Array<Buffer | undefined>((this.size + MASK) >>> PAGE_BITS);
    this.wholeAfterPages = Math.ceil((wholeAfter ?? Math.max(1 << 20, this.size / 4)) / PAGE);
    if (wholeAfter === 0) this.readWhole();
  }

  get stats(): PagedStats {
    return { pages: this.pagesRead, whole: this.full };
  }

  /** The byte at `o`. */
  u8(o: number): number {
    if (this.full) return this.bytes[o];
    return this.page(o >>> PAGE_BITS)[o & MASK];
  }

  /** The little-endian unsigned 32-bit word at `o` (4-byte aligned). */
  u32(o: number): number {
    if (this.full) return this.buf.readUInt32LE(o);
    return this.page(o >>> PAGE_BITS).readUInt32LE(o & MASK);
  }

  /**
   * Bytes [o, o + len) as a Buffer (a view when they lie in one page or the file is whole, else a copy); valid until
   * the next read (the whole file may be read meanwhile: do not keep it).
   */
  slice(o: number, len: number): Buffer {
    if (o < 0 || len < 0 || o + len > this.size) throw new Error(`${this.path}: read of ${len} bytes at ${o} is outside the file (${this.size} bytes)`);
    if (this.full) return this.buf.subarray(o, o + len);
    const first = o >>> PAGE_BITS;
    if (len === 0) return Buffer.alloc(0);
    if (((o + len - 1) >>> PAGE_BITS) === first) return this.page(first).subarray(o & MASK, (o & MASK) + len);
    const out = Buffer.allocUnsafe(len);
    let done = 0;
    while (done < len) {
      const at = o + done;
      const p = this.page(at >>> PAGE_BITS);
      if (this.full) return this.buf.subarray(o, o + len);
      const n = Math.min(len - done, PAGE - (at & MASK));
      p.copy(out, done, at & MASK, (at & MASK) + n);
      done += n;
    }
    return out;
  }

  /** UTF-8 text of bytes [o, o + len). */
  text(o: number, len: number): string {
    return this.slice(o, len).toString('utf8');
  }

  private page(p: number): Buffer {
    let b = this.pages[p];
    if (b === undefined) {
      if (p >= this.pages.length) throw new Error(`${this.path}: read at page ${p} is outside the file (${this.size} bytes)`);
      const at = p * PAGE;
      b = Buffer.allocUnsafe(Math.min(PAGE, this.size - at));
      this.readInto(b, at);
      this.pages[p] = b;
      if (++this.pagesRead >= this.wholeAfterPages) this.readWhole();
    }
    return b;
  }

  private readInto(b: Uint8Array, at: number): void {
    let done = 0;
    while (done < b.length) {
      const n = readSync(this.fd!, b, done, b.length - done, at + done);
      if (n === 0) throw new Error(`${this.path}: file ended at ${at + done} (expected ${this.size} bytes; changed while open?)`);
      done += n;
    }
  }

  /** Read every byte now into `bytes` (and close the file). */
  readWhole(): void {
    if (this.full) return;
    const buf = Buffer.from(new ArrayBuffer(this.size)); // its own memory, 4-byte aligned (typed-array views)
    this.readInto(buf, 0);
    this.buf = buf;
    this.bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    this.full = true;
    this.pages = [];
    const fd = this.fd!;
    this.fd = undefined;
    closeSync(fd);
  }
}

/**
 * A column of 32-bit integers stored at byte `offset` of a PagedFile (or given as an array): read element by element
 * until the file is whole, then through a typed-array view of it (view()).
 */
export class U32Col {
  private arr: Uint32Array | Int32Array | undefined;

  constructor(
    private readonly f: PagedFile | undefined,
    readonly offset: number,
    readonly length: number,
    private readonly signed: boolean,
    arr?: Uint32Array | Int32Array,
  ) {
    this.arr = arr;
  }

  /** Whether view() is free (no file to read). */
  get ready(): boolean {
    return this.arr !== undefined || this.f === undefined || this.f.full;
  }

  at(i: number): number {
    if (this.arr !== undefined) return this.arr[i];
    const f = this.f!;
    if (f.full) return this.view()[i];
    const v = f.u32(this.offset + i * 4);
    return this.signed ? v | 0 : v;
  }

  /** The column as a typed array (reads the whole file first if needed). */
  view(): Uint32Array | Int32Array {
    if (this.arr === undefined) {
      const f = this.f!;
      f.readWhole();
      const b = f.bytes;
      this.arr = this.signed ? new Int32Array(b.buffer, b.byteOffset + this.offset, this.length) : new Uint32Array(b.buffer, b.byteOffset + this.offset, this.length);
    }
    return this.arr;
  }
}
