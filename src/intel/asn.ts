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
import { find4, find4Cols, find6, find6Cols, type Table4, type Table6 } from './segments.ts';
import { pruneStale } from './bincache.ts';
import { PagedFile, U32Col, type PagedStats } from './paged.ts';

const FORMAT = 2;
const MAGIC = 0x4e534153; // "SASN"

export interface AsnDb {
  /** Package version the cache was built from. */
  version: string;
  /** Row of the IPv4 table holding `ip`, or -1 (read asn4(row), org4(row)). */
  row4(ip: number): number;
  /** Row of the IPv6 table holding the address, or -1 (read asn6(row), org6(row)). */
  row6(w: Uint32Array): number;
  asn4(row: number): number;
  org4(row: number): number;
  asn6(row: number): number;
  org6(row: number): number;
  /** Number of distinct organisation names (org4/org6 values are below it). */
  orgCount: number;
  /** Organisation name by index (decoded at the first use). */
  org(i: number): string;
  v4Ranges: number;
  v6Ranges: number;
  /** Every table as typed arrays (reads the whole cache file): for benches and tests. */
  tables(): AsnTables;
  /** Pages of the cache file read so far (undefined when it was compiled in this process). */
  readonly pages: PagedStats | undefined;
  /** How it was obtained, for the load report. */
  loaded: { from: 'cache' | 'compiled'; ms: number; cacheFile: string };
}

export interface AsnTables {
  t4: Table4; // a hit's index is the row index
  t6: Table6;
  asn4: Uint32Array;
  org4: Uint32Array;
  asn6: Uint32Array;
  org6: Uint32Array;
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
  // Not named asn-*: sleetwatch versions before format 2 delete every asn-*.bin but their own when they compile
  // theirs (and several checkouts may share one node_modules).
  const file = join(dir, `asntable-${pkg.version}-f${FORMAT}.bin`);
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
    pruneStale(file, (n) => n.startsWith('asntable-') && n.endsWith(`-f${FORMAT}.bin`));
  } catch (e) {
    // A read-only node_modules only costs speed: keep going with the compiled tables.
    process.emitWarning(`sleetwatch: could not write ASN cache ${file}: ${(e as Error).message}`);
  }
  const db = decode(bytes, pkg.version)!;
  return { ...db, loaded: { from: 'compiled', ms: performance.now() - t0, cacheFile: file } };
}

/** Row of the IPv4 table holding `ip`, or -1. */
export function asnRow4(db: AsnDb, ip: number): number {
  return db.row4(ip);
}

/** Row of the IPv6 table holding the address, or -1. */
export function asnRow6(db: AsnDb, w: Uint32Array): number {
  return db.row6(w);
}

export function lookupAsn4(db: AsnDb, ip: number): AsnHit | undefined {
  const i = db.row4(ip);
  if (i < 0) return undefined;
  const o = db.org4(i);
  return { asn: db.asn4(i), org: db.org(o), orgIdx: o };
}

export function lookupAsn6(db: AsnDb, w: Uint32Array): AsnHit | undefined {
  const i = db.row6(w);
  if (i < 0) return undefined;
  const o = db.org6(i);
  return { asn: db.asn6(i), org: db.org(o), orgIdx: o };
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

/**
 * The tables over a cache file (read on demand: binary searches, rows and names read their pages until the file is
 * whole, then typed arrays over it) or over freshly encoded bytes; undefined when the file is not ours.
 */
function decode(src: PagedFile | Buffer, version: string): Omit<AsnDb, 'loaded'> | undefined {
  let f: PagedFile | undefined;
  let mem: Buffer | undefined;
  let size: number;
  if (src instanceof PagedFile) {
    f = src;
    size = f.size;
  } else {
    // typed arrays need 4-byte alignment: copy once when the buffer is not aligned
    mem = src.byteOffset % 4 === 0 ? src : Buffer.from(new Uint8Array(src));
    size = mem.length;
  }
  if (size < HEAD_WORDS * 4) return undefined;
  const word = (i: number): number => (f ? f.u32(i * 4) : mem!.readUInt32LE(i * 4));
  const [magic, format, n4, n6, no, orgBytes, verBytes] = [0, 1, 2, 3, 4, 5, 6].map(word);
  if (magic !== MAGIC || format !== FORMAT) return undefined;
  const words = HEAD_WORDS + n4 * 4 + n6 * 10 + no + 1;
  if (size !== words * 4 + verBytes + orgBytes) return undefined;
  const text = (from: number, len: number): string => (f ? f.text(words * 4 + from, len) : mem!.toString('utf8', words * 4 + from, words * 4 + from + len));
  if (text(0, verBytes) !== version) return undefined;
  let at = HEAD_WORDS * 4;
  const col = (n: number): U32Col => {
    const c = f ? new U32Col(f, at, n, false) : new U32Col(undefined, at, n, false, new Uint32Array(mem!.buffer, mem!.byteOffset + at, n));
    at += n * 4;
    return c;
  };
  const s4 = col(n4), e4 = col(n4), a4 = col(n4), o4 = col(n4);
  const s6 = col(n6 * 4), e6 = col(n6 * 4), a6 = col(n6), o6 = col(n6);
  const orgStart = col(no + 1);
  const orgs = new Array<string | undefined>(no);
  let tables: AsnTables | undefined;
  const getTables = (): AsnTables =>
    (tables ??= {
      t4: { starts: s4.view() as Uint32Array, ends: e4.view() as Uint32Array },
      t6: { starts: s6.view() as Uint32Array, ends: e6.view() as Uint32Array, n: n6 },
      asn4: a4.view() as Uint32Array, org4: o4.view() as Uint32Array, asn6: a6.view() as Uint32Array, org6: o6.view() as Uint32Array,
    });
  const whole = (): boolean => tables !== undefined || f === undefined || f.full;
  return {
    version,
    row4: (ip) => (whole() ? find4(getTables().t4, ip) : find4Cols(s4, e4, ip)),
    row6: (w) => (whole() ? find6(getTables().t6, w) : find6Cols(s6, e6, n6, w)),
    asn4: (row) => (tables ? tables.asn4[row] : a4.at(row)),
    org4: (row) => (tables ? tables.org4[row] : o4.at(row)),
    asn6: (row) => (tables ? tables.asn6[row] : a6.at(row)),
    org6: (row) => (tables ? tables.org6[row] : o6.at(row)),
    orgCount: no,
    v4Ranges: n4,
    v6Ranges: n6,
    org(i) {
      let s = orgs[i];
      if (s === undefined) {
        const from = orgStart.at(i);
        orgs[i] = s = text(verBytes + from, orgStart.at(i + 1) - from);
      }
      return s;
    },
    tables: getTables,
    get pages() {
      return f?.stats;
    },
  };
}
