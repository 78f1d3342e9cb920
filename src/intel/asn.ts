// IP → ASN + organisation from @ip-location-db/asn (RouteViews + RIRs + DB-IP, CC BY 4.0).
// The 21 MB IPv4 + 9 MB IPv6 CSVs take ~3 s to parse, so they are compiled once into a binary cache of sorted
// ranges (typed arrays + a string table) under node_modules/.cache/sleetwatch/, keyed by package version and
// format version, rebuilt automatically when missing or stale (from the installed package; never downloaded).
// Loading the cache is a single file read; a lookup is a binary search.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { bigToWords, parseIpv6, wordsToBig } from './ip.ts';
import { find4, find4Paged, find6, find6Paged, type Table4, type Table6 } from './segments.ts';
import { pruneStale } from './bincache.ts';
import { PagedFile } from './paged.ts';

const FORMAT = 2;
const MAGIC = 0x4e534153; // "SASN"

export interface AsnDb {
  /** Package version the cache was built from. */
  version: string;
  t4: Table4; // a hit's index is the row index
  t6: Table6;
  asn4: Uint32Array;
  org4: Uint32Array;
  asn6: Uint32Array;
  org6: Uint32Array;
  /** Number of distinct organisation names (org4/org6 values are below it). */
  orgCount: number;
  /** Organisation name by index (decoded at the first use). */
  org(i: number): string;
  /**
   * The cache file behind the arrays, read page by page as lookups need it (use asnRow4/asnRow6, which read the
   * row's pages, before reading an array); undefined when everything is in memory.
   */
  file: PagedFile | undefined;
  /** How it was obtained, for the load report. */
  loaded: { from: 'cache' | 'compiled'; ms: number; cacheFile: string };
}

export interface AsnHit { asn: number; org: string; orgIdx: number }

export function asnPackage(): { dir: string; version: string } {
  const req = createRequire(import.meta.url);
  const pkgJson = req.resolve('@ip-location-db/asn/package.json');
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  return { dir: dirname(pkgJson), version };
}

/** Default cache dir: <node_modules>/.cache/sleetwatch next to the installed package. */
export function defaultCacheDir(pkgDir: string): string {
  return join(pkgDir, '..', '..', '.cache', 'sleetwatch');
}

/**
 * The ASN tables from their cache file (compiled first when missing or stale). The file is not read at once: a few
 * lookups read the pages of their binary searches, rows and organisation names (PagedFile), many read all of it.
 */
export function openAsnDb(cacheDir?: string): AsnDb {
  const t0 = performance.now();
  const pkg = asnPackage();
  const dir = cacheDir ?? defaultCacheDir(pkg.dir);
  const file = join(dir, `asn-${pkg.version}-f${FORMAT}.bin`);
  let f: PagedFile | undefined;
  try {
    if (statSync(file).size > 32) f = new PagedFile(file);
  } catch { /* missing: compile below */ }
  if (f) {
    const db = decode(f, pkg.version);
    if (db) return { ...db, loaded: { from: 'cache', ms: performance.now() - t0, cacheFile: file } };
  }
  const compiled = compile(pkg.dir);
  const bytes = encode(compiled);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    // older package versions in this format only: a cache of another format belongs to another installed version
    // of sleetwatch sharing this node_modules (it would otherwise rebuild it and delete this one, turn by turn)
    pruneStale(file, (n) => n.startsWith('asn-') && n.endsWith(`-f${FORMAT}.bin`));
  } catch (e) {
    // A read-only node_modules only costs speed: keep going with the compiled tables.
    process.emitWarning(`sleetwatch: could not write ASN cache ${file}: ${(e as Error).message}`);
  }
  const db = decode(bytes, pkg.version)!;
  return { ...db, loaded: { from: 'compiled', ms: performance.now() - t0, cacheFile: file } };
}

/** Row of the IPv4 table holding `ip`, or -1. Read db.asn4[row], db.org(db.org4[row]). */
export function asnRow4(db: AsnDb, ip: number): number {
  const f = db.file;
  if (f === undefined || f.full) return find4(db.t4, ip);
  const row = find4Paged(db.t4, ip, f);
  if (row >= 0) {
    f.ensure(db.asn4.byteOffset + row * 4, 4);
    f.ensure(db.org4.byteOffset + row * 4, 4);
  }
  return row;
}

/** Row of the IPv6 table holding the address, or -1. Read db.asn6[row], db.org(db.org6[row]). */
export function asnRow6(db: AsnDb, w: Uint32Array): number {
  const f = db.file;
  if (f === undefined || f.full) return find6(db.t6, w);
  const row = find6Paged(db.t6, w, f);
  if (row >= 0) {
    f.ensure(db.asn6.byteOffset + row * 4, 4);
    f.ensure(db.org6.byteOffset + row * 4, 4);
  }
  return row;
}

export function lookupAsn4(db: AsnDb, ip: number): AsnHit | undefined {
  const i = asnRow4(db, ip);
  if (i < 0) return undefined;
  const o = db.org4[i];
  return { asn: db.asn4[i], org: db.org(o), orgIdx: o };
}

export function lookupAsn6(db: AsnDb, w: Uint32Array): AsnHit | undefined {
  const i = asnRow6(db, w);
  if (i < 0) return undefined;
  const o = db.org6[i];
  return { asn: db.asn6[i], org: db.org(o), orgIdx: o };
}

interface Compiled { s4: number[]; e4: number[]; a4: number[]; o4: number[]; s6: bigint[]; e6: bigint[]; a6: number[]; o6: number[]; orgs: string[] }

function compile(pkgDir: string): Compiled {
  const orgIndex = new Map<string, number>();
  const orgs: string[] = [];
  const orgOf = (name: string): number => {
    let i = orgIndex.get(name);
    if (i === undefined) { i = orgs.length; orgs.push(name); orgIndex.set(name, i); }
    return i;
  };
  const c: Compiled = { s4: [], e4: [], a4: [], o4: [], s6: [], e6: [], a6: [], o6: [], orgs };
  const file4 = join(pkgDir, 'asn-ipv4-num.csv');
  const rows4 = parse(readFileSync(file4, 'utf8'), { relax_column_count: true }) as string[][];
  const r4: { s: number; e: number; a: number; o: number }[] = [];
  rows4.forEach((r, i) => {
    const s = Number(r[0]), e = Number(r[1]), a = Number(r[2]);
    if (!(Number.isInteger(s) && Number.isInteger(e) && Number.isInteger(a) && s <= e && e <= 0xffffffff))
      throw new Error(`${file4}:${i + 1}: bad row ${JSON.stringify(r)}`);
    r4.push({ s, e, a, o: orgOf((r[3] ?? '').trim()) });
  });
  r4.sort((x, y) => x.s - y.s);
  let prevEnd = -1;
  for (const r of r4) {
    // The data holds a few overlapping rows; the earlier range keeps the overlap (binary search needs disjoint).
    const s = Math.max(r.s, prevEnd + 1);
    if (s > r.e) continue;
    c.s4.push(s); c.e4.push(r.e); c.a4.push(r.a); c.o4.push(r.o);
    prevEnd = r.e;
  }
  const file6 = join(pkgDir, 'asn-ipv6.csv');
  const rows6 = parse(readFileSync(file6, 'utf8'), { relax_column_count: true }) as string[][];
  const w = new Uint32Array(4);
  const r6: { s: bigint; e: bigint; a: number; o: number }[] = [];
  rows6.forEach((r, i) => {
    if (!parseIpv6(r[0], w)) throw new Error(`${file6}:${i + 1}: bad start ${r[0]}`);
    const s = wordsToBig(w);
    if (!parseIpv6(r[1], w)) throw new Error(`${file6}:${i + 1}: bad end ${r[1]}`);
    const e = wordsToBig(w);
    const a = Number(r[2]);
    if (!Number.isInteger(a) || s > e) throw new Error(`${file6}:${i + 1}: bad row ${JSON.stringify(r)}`);
    r6.push({ s, e, a, o: orgOf((r[3] ?? '').trim()) });
  });
  r6.sort((x, y) => (x.s < y.s ? -1 : x.s > y.s ? 1 : 0));
  let prev6 = -1n;
  for (const r of r6) {
    const s = r.s > prev6 ? r.s : prev6 + 1n;
    if (s > r.e) continue;
    c.s6.push(s); c.e6.push(r.e); c.a6.push(r.a); c.o6.push(r.o);
    prev6 = r.e;
  }
  return c;
}

// Layout (little-endian u32 words): MAGIC, FORMAT, n4, n6, orgCount, orgBytes, versionBytes, then
// starts4[n4] ends4[n4] asn4[n4] org4[n4] starts6[4*n6] ends6[4*n6] asn6[n6] org6[n6] orgStart[orgCount + 1] (byte
// offsets into the names), then the version and the organisation names (UTF-8, concatenated).
const HEAD_WORDS = 7;

function encode(c: Compiled): Buffer {
  const n4 = c.s4.length, n6 = c.s6.length, no = c.orgs.length;
  const names = c.orgs.map((o) => Buffer.from(o, 'utf8'));
  const orgText = Buffer.concat(names);
  const ver = Buffer.from(asnPackage().version, 'utf8');
  const words = HEAD_WORDS + n4 * 4 + n6 * 10 + no + 1;
  const buf = Buffer.alloc(words * 4 + ver.length + orgText.length);
  const u = new Uint32Array(buf.buffer, buf.byteOffset, words);
  u.set([MAGIC, FORMAT, n4, n6, no, orgText.length, ver.length], 0);
  let at = HEAD_WORDS;
  u.set(c.s4, at); at += n4;
  u.set(c.e4, at); at += n4;
  u.set(c.a4, at); at += n4;
  u.set(c.o4, at); at += n4;
  c.s6.forEach((b, i) => bigToWords(b, u, at + i * 4)); at += n6 * 4;
  c.e6.forEach((b, i) => bigToWords(b, u, at + i * 4)); at += n6 * 4;
  u.set(c.a6, at); at += n6;
  u.set(c.o6, at); at += n6;
  let off = 0;
  names.forEach((b, i) => { u[at + i] = off; off += b.length; });
  u[at + no] = off;
  ver.copy(buf, words * 4);
  orgText.copy(buf, words * 4 + ver.length);
  return buf;
}

/** The tables over a cache file (read on demand) or over freshly encoded bytes; undefined when the file is not ours. */
function decode(src: PagedFile | Buffer, version: string): Omit<AsnDb, 'loaded'> | undefined {
  let f: PagedFile | undefined;
  let bytes: Uint8Array;
  let size: number;
  if (src instanceof PagedFile) {
    f = src;
    bytes = f.bytes;
    size = f.size;
    if (size < HEAD_WORDS * 4) return undefined;
    f.ensure(0, HEAD_WORDS * 4);
  } else {
    // typed arrays need 4-byte alignment: copy once when the buffer is not aligned
    bytes = src.byteOffset % 4 === 0 ? src : new Uint8Array(src);
    size = src.length;
  }
  const ab = bytes.buffer as ArrayBuffer;
  const base = bytes.byteOffset;
  const [magic, format, n4, n6, no, orgBytes, verBytes] = new Uint32Array(ab, base, HEAD_WORDS);
  if (magic !== MAGIC || format !== FORMAT) return undefined;
  const words = HEAD_WORDS + n4 * 4 + n6 * 10 + no + 1;
  if (size !== words * 4 + verBytes + orgBytes) return undefined;
  const text = Buffer.from(ab, base + words * 4, verBytes + orgBytes);
  f?.ensure(words * 4, verBytes);
  if (text.toString('utf8', 0, verBytes) !== version) return undefined;
  let at = base + HEAD_WORDS * 4;
  const take = (n: number): Uint32Array => { const a = new Uint32Array(ab, at, n); at += n * 4; return a; };
  const s4 = take(n4), e4 = take(n4), a4 = take(n4), o4 = take(n4);
  const s6 = take(n6 * 4), e6 = take(n6 * 4), a6 = take(n6), o6 = take(n6);
  const orgStart = take(no + 1);
  const orgs = new Array<string | undefined>(no);
  return {
    version,
    t4: { starts: s4, ends: e4 },
    t6: { starts: s6, ends: e6, n: n6 },
    asn4: a4, org4: o4, asn6: a6, org6: o6,
    orgCount: no,
    org(i) {
      let s = orgs[i];
      if (s === undefined) {
        if (f && !f.full) f.ensure(orgStart.byteOffset + i * 4, 8);
        const from = verBytes + orgStart[i], to = verBytes + orgStart[i + 1];
        if (f && !f.full) f.ensure(words * 4 + from, to - from);
        orgs[i] = s = text.toString('utf8', from, to);
      }
      return s;
    },
    file: f,
  };
}
