// A tiny binary container for compiled tables: a JSON header plus 32-bit typed arrays, written atomically.
// Used to skip recompiling the network catalogue and the gazetteer at every start (catalog.ts, gazetteer.ts).
// readBin reads a file whole; openBin reads only its header and leaves the arrays to be read page by page.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PagedFile, U32Col } from './paged.ts';

const MAGIC = 0x43424753; // "SGBC"

type Arr = Uint32Array | Int32Array;

export function writeBin(file: string, json: unknown, arrays: Arr[]): void {
  const head = Buffer.from(JSON.stringify({ json, kinds: arrays.map((a) => (a instanceof Int32Array ? 'i' : 'u')), lens: arrays.map((a) => a.length) }), 'utf8');
  const headWords = Math.ceil(head.length / 4);
  const total = 2 + headWords + arrays.reduce((n, a) => n + a.length, 0);
  const buf = Buffer.alloc(total * 4);
  const u = new Uint32Array(buf.buffer, buf.byteOffset, total);
  u[0] = MAGIC;
  u[1] = head.length;
  head.copy(buf, 8);
  let at = 2 + headWords;
  for (const a of arrays) {
    u.set(new Uint32Array(a.buffer, a.byteOffset, a.length), at);
    at += a.length;
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, buf);
  renameSync(tmp, file);
}

export function readBin<T>(file: string): { json: T; arrays: Arr[] } | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  let ab = buf.buffer as ArrayBuffer;
  let base = buf.byteOffset;
  if (base % 4 !== 0) {
    ab = new ArrayBuffer(buf.length);
    new Uint8Array(ab).set(buf);
    base = 0;
  }
  if (buf.length < 8) return undefined;
  const [magic, headLen] = new Uint32Array(ab, base, 2);
  if (magic !== MAGIC || 8 + headLen > buf.length) return undefined;
  const head = JSON.parse(buf.toString('utf8', 8, 8 + headLen)) as { json: T; kinds: string[]; lens: number[] };
  let at = base + 8 + Math.ceil(headLen / 4) * 4;
  const arrays: Arr[] = [];
  for (let i = 0; i < head.lens.length; i++) {
    const n = head.lens[i];
    if (at + n * 4 > base + buf.length) return undefined;
    arrays.push(head.kinds[i] === 'i' ? new Int32Array(ab, at, n) : new Uint32Array(ab, at, n));
    at += n * 4;
  }
  return { json: head.json, arrays };
}

/**
 * The header of a cache file and its arrays as columns of a PagedFile: nothing but the header is read until a
 * column is read (U32Col.at reads its page; view() reads the whole file). undefined when missing or not ours.
 */
export function openBin<T>(file: string): { json: T; cols: U32Col[]; file: PagedFile } | undefined {
  let f: PagedFile;
  try {
    f = new PagedFile(file);
  } catch {
    return undefined;
  }
  if (f.size < 8) return undefined;
  const magic = f.u32(0), headLen = f.u32(4);
  if (magic !== MAGIC || 8 + headLen > f.size) return undefined;
  let head: { json: T; kinds: string[]; lens: number[] };
  try {
    head = JSON.parse(f.text(8, headLen));
  } catch {
    return undefined;
  }
  let at = 8 + Math.ceil(headLen / 4) * 4;
  const cols: U32Col[] = [];
  for (let i = 0; i < head.lens.length; i++) {
    const n = head.lens[i];
    if (at + n * 4 > f.size) return undefined;
    cols.push(new U32Col(f, at, n, head.kinds[i] === 'i'));
    at += n * 4;
  }
  if (at !== f.size) return undefined;
  return { json: head.json, cols, file: f };
}

/**
 * Remove older cache files beside `keep` (a changed catalogue or package version): those named `${prefix}*.bin`,
 * or the `.bin` files a predicate selects by name. `spare` of them, the most recently written, are kept: several
 * checkouts sharing one node_modules (git worktrees) each have their own catalogue, and must not delete each
 * other's at every start.
 */
export function pruneStale(keep: string, prefix: string | ((name: string) => boolean), spare = 0): void {
  const dir = dirname(keep);
  const stale = typeof prefix === 'string' ? (f: string) => f.startsWith(prefix) : prefix;
  const old = readdirSync(dir).filter((f) => stale(f) && f.endsWith('.bin') && f !== basename(keep));
  const byAge = old.map((f) => {
    try {
      return { f, t: statSync(join(dir, f)).mtimeMs };
    } catch {
      return { f, t: 0 };
    }
  }).sort((a, b) => b.t - a.t);
  for (const { f } of byAge.slice(spare)) rmSync(join(dir, f), { force: true });
}
