// Loads the derived catalogue (data/intel, written by refresh.ts) plus the curated lists and the private/reserved
// ranges, and compiles them once into a range table (sorted segments, binary search) and an ASN map.
// Precedence, strongest first (documented in src/intel/README.md):
//   private > relay > sase > tor > vpn > hosting > mobile > residential = business > unknown
// Within one class, a range that names its provider beats one that does not, a range beats an ASN list, and an
// ASN list beats an organisation-name pattern.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetClass } from '../core/model.ts';
import { fnv1a64 } from '../core/hash.ts';
import { openBin, pruneStale, writeBin } from './bincache.ts';
import { parseCidr } from './ip.ts';
import type { PagedStats } from './paged.ts';
import { compileSegments, find4, find4Cols, find6, find6Cols, type Table4, type Table6 } from './segments.ts';
import { MOBILE_ASNS, SASE_ASNS, TOR_ASNS, type CuratedAsn } from './curated.ts';
import type { CatalogSource } from './refresh.ts';

export const CLASS_RANK: Record<NetClass, number> = {
  private: 0, corporate: 1, relay: 1, sase: 2, tor: 3, vpn: 4, hosting: 5, mobile: 6, residential: 7, business: 7, unknown: 9,
};

/** One catalogue fact: a class, who runs it, and the evidence string shown as IpIntel.classSource. */
export interface ClassEntry { cls: NetClass; provider?: string; source: string; rank: number }

export interface Catalog {
  /** Segment of the IPv4 table holding `n`, or -1. */
  seg4(n: number): number;
  /** Segment of the IPv6 table holding the address, or -1. */
  seg6(w: Uint32Array): number;
  /** The entry of a segment. */
  entry4(seg: number): ClassEntry;
  entry6(seg: number): ClassEntry;
  /** The tables as typed arrays (reads the whole cache file): for tests. */
  tables(): { t4: Required<Table4>; t6: Required<Table6> };
  asns: Map<number, ClassEntry>;
  /** Pages of the cache file read so far (undefined when compiled in this process). */
  readonly pages: PagedStats | undefined;
  stats: { ranges: number; segments: number; asns: number; ms: number; from: 'cache' | 'compiled'; sources: CatalogSource[] };
}

/**
 * 2: the entries are one JSON text each (entryStart offsets + UTF-8 words), parsed at first use, no longer one JSON
 * header parsed at every start (4.7 MB, ~100 ms).
 */
const CACHE_FORMAT = 2;

/** Special-purpose address blocks (RFC 6890 and friends): never geolocated, never a person's network. */
const RESERVED: [string, string][] = [
  ['0.0.0.0/8', 'RFC 1122 "this network"'], ['10.0.0.0/8', 'RFC 1918 private'], ['100.64.0.0/10', 'RFC 6598 carrier-grade NAT'],
  ['127.0.0.0/8', 'RFC 1122 loopback'], ['169.254.0.0/16', 'RFC 3927 link-local'], ['172.16.0.0/12', 'RFC 1918 private'],
  ['192.0.0.0/24', 'RFC 6890 IETF protocol assignments'], ['192.0.2.0/24', 'RFC 5737 documentation (TEST-NET-1)'],
  ['192.168.0.0/16', 'RFC 1918 private'], ['198.18.0.0/15', 'RFC 2544 benchmarking'],
  ['198.51.100.0/24', 'RFC 5737 documentation (TEST-NET-2)'], ['203.0.113.0/24', 'RFC 5737 documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'RFC 5771 multicast'], ['240.0.0.0/4', 'RFC 1112 reserved'],
  ['::/128', 'RFC 4291 unspecified'], ['::1/128', 'RFC 4291 loopback'], ['100::/64', 'RFC 6666 discard'],
  ['2001:db8::/32', 'RFC 3849 documentation'], ['fc00::/7', 'RFC 4193 unique local'], ['fe80::/10', 'RFC 4291 link-local'],
  ['ff00::/8', 'RFC 4291 multicast'],
];

export const defaultCatalogDir = (): string => fileURLToPath(new URL('../../data/intel/', import.meta.url));

function rankOf(cls: NetClass, tier: number): number {
  return CLASS_RANK[cls] * 10 + tier;
}

/**
 * Load the catalogue. The compiled tables are cached in `cacheDir` (when given) under a key made of the
 * manifest, the size and mtime of every catalogue file and the curated lists, so an edit anywhere recompiles.
 */
export function loadCatalog(dir = defaultCatalogDir(), cacheDir?: string): Catalog {
  const t0 = performance.now();
  const manifestPath = join(dir, 'manifest.json');
  let manifestText: string;
  let manifest: { sources: CatalogSource[] };
  try {
    manifestText = readFileSync(manifestPath, 'utf8');
    manifest = JSON.parse(manifestText);
  } catch (e) {
    throw new Error(`intel catalogue missing or unreadable (${manifestPath}): run \`sleetwatch intel refresh\` (${(e as Error).message})`);
  }
  const stamp = [CACHE_FORMAT, manifestText, JSON.stringify([RESERVED, SASE_ASNS, TOR_ASNS, MOBILE_ASNS])];
  for (const s of manifest.sources) {
    const st = statSync(join(dir, s.file));
    stamp.push(`${s.file}:${st.size}:${st.mtimeMs}`);
  }
  // Not named catalog-*: versions before format 2 delete every catalog-*.bin but their own when they compile theirs.
  const cacheFile = cacheDir ? join(cacheDir, `catalogue-f${CACHE_FORMAT}-${fnv1a64(stamp.join('\n'))}.bin`) : undefined;
  if (cacheFile) {
    const hit = openBin<{ asns: [number, ClassEntry][]; ranges: number; n6: number; entries: number; textBytes: number }>(cacheFile);
    if (hit && hit.cols.length === 8 && hit.cols[6].length === hit.json.entries + 1) {
      const [s4, e4, v4, s6, e6, v6, entryStart, words] = hit.cols;
      const f = hit.file;
      const n6 = hit.json.n6;
      const entries = new Array<ClassEntry | undefined>(hit.json.entries);
      const entry = (v: number): ClassEntry => {
        let e = entries[v];
        if (e === undefined) {
          const from = entryStart.at(v), to = entryStart.at(v + 1);
          entries[v] = e = JSON.parse(f.text(words.offset + from, to - from)) as ClassEntry;
        }
        return e;
      };
      let tables: { t4: Required<Table4>; t6: Required<Table6> } | undefined;
      const getTables = () =>
        (tables ??= {
          t4: { starts: s4.view() as Uint32Array, ends: e4.view() as Uint32Array, vals: v4.view() as Int32Array },
          t6: { starts: s6.view() as Uint32Array, ends: e6.view() as Uint32Array, vals: v6.view() as Int32Array, n: n6 },
        });
      const whole = (): boolean => tables !== undefined || f.full;
      const asns = new Map(hit.json.asns);
      return {
        seg4: (n) => (whole() ? find4(getTables().t4, n) : find4Cols(s4, e4, n)),
        seg6: (w) => (whole() ? find6(getTables().t6, w) : find6Cols(s6, e6, n6, w)),
        entry4: (seg) => entry(tables ? tables.t4.vals[seg] : v4.at(seg)),
        entry6: (seg) => entry(tables ? tables.t6.vals[seg] : v6.at(seg)),
        tables: getTables,
        asns,
        get pages() {
          return f.stats;
        },
        stats: { ranges: hit.json.ranges, segments: s4.length + n6, asns: asns.size, ms: performance.now() - t0, from: 'cache', sources: manifest.sources },
      };
    }
  }
  const { cat, entries } = compileCatalog(dir, manifest.sources);
  if (cacheFile) {
    try {
      // entries as JSON texts, concatenated (offsets in entryStart), padded to whole words
      const texts = entries.map((e) => Buffer.from(JSON.stringify(e), 'utf8'));
      const entryStart = new Uint32Array(entries.length + 1);
      let off = 0;
      texts.forEach((t, i) => { entryStart[i] = off; off += t.length; });
      entryStart[entries.length] = off;
      const padded = Buffer.alloc(Math.ceil(off / 4) * 4);
      Buffer.concat(texts).copy(padded);
      const words = new Uint32Array(padded.buffer, padded.byteOffset, padded.length / 4);
      const { t4, t6 } = cat.tables();
      writeBin(cacheFile, { asns: [...cat.asns], ranges: cat.stats.ranges, n6: t6.n, entries: entries.length, textBytes: off }, [t4.starts, t4.ends, t4.vals, t6.starts, t6.ends, t6.vals, entryStart, words]);
      // this format's other catalogues only (format 1's belong to another version of sleetwatch sharing
      // node_modules), and not the 3 newest (other checkouts' catalogues; see pruneStale)
      pruneStale(cacheFile, `catalogue-f${CACHE_FORMAT}-`, 3);
    } catch (e) {
      process.emitWarning(`sleetwatch: could not write catalogue cache ${cacheFile}: ${(e as Error).message}`);
    }
  }
  cat.stats.ms = performance.now() - t0;
  return cat;
}

function compileCatalog(dir: string, sources: CatalogSource[]): { cat: Catalog; entries: ClassEntry[] } {
  const t0 = performance.now();
  const entries: ClassEntry[] = [];
  const ranges: { range: Exclude<ReturnType<typeof parseCidr>, string>; id: number }[] = [];
  // Entries are shared per (class, provider, source); the CIDR of each range is kept in a parallel array and
  // only joined into the evidence string for ranges that win a segment.
  const cidrOf: string[] = [];
  const rangeEntry: number[] = [];
  const entryIdx = new Map<string, number>();
  const entryFor = (cls: NetClass, provider: string | undefined, source: string, tier: number): number => {
    const key = `${cls}\t${provider ?? ''}\t${source}`;
    let i = entryIdx.get(key);
    if (i === undefined) { i = entries.length; entries.push({ cls, provider, source, rank: rankOf(cls, tier) }); entryIdx.set(key, i); }
    return i;
  };
  const addRange = (cidr: string, entry: number, where: string) => {
    const r = parseCidr(cidr);
    if (typeof r === 'string') throw new Error(`${where}: ${r}`);
    ranges.push({ range: r, id: cidrOf.length });
    cidrOf.push(cidr);
    rangeEntry.push(entry);
  };
  for (const [cidr, why] of RESERVED) addRange(cidr, entryFor('private', undefined, why, 0), 'reserved table');
  for (const src of sources) {
    if (src.kind !== 'ranges' || !src.cls) continue;
    const path = join(dir, src.file);
    readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
      if (!line || line.startsWith('#')) return;
      const tab = line.indexOf('\t');
      const cidr = tab < 0 ? line : line.slice(0, tab);
      const provider = tab < 0 ? src.provider : line.slice(tab + 1);
      addRange(cidr, entryFor(src.cls!, provider, src.label, provider ? 0 : 1), `${path}:${i + 1}`);
    });
  }
  // Segment values index `segEntries`: (entry, cidr) pairs, so classSource can name the exact range.
  const segEntries: ClassEntry[] = [];
  const segMemo = new Map<number, number>();
  const { t4, t6 } = compileSegments(ranges, (ids) => {
    let best = ids[0];
    for (const id of ids) {
      const a = entries[rangeEntry[id]].rank, b = entries[rangeEntry[best]].rank;
      if (a < b || (a === b && id < best)) best = id;
    }
    let v = segMemo.get(best);
    if (v === undefined) {
      const e = entries[rangeEntry[best]];
      v = segEntries.length;
      segEntries.push({ ...e, source: `${e.source} ${cidrOf[best]}` });
      segMemo.set(best, v);
    }
    return v;
  });

  const asns = new Map<number, ClassEntry>();
  const putAsn = (asn: number, e: ClassEntry) => {
    const cur = asns.get(asn);
    if (!cur || e.rank < cur.rank) asns.set(asn, e);
  };
  const asnPath = join(dir, 'asns.tsv');
  readFileSync(asnPath, 'utf8').split('\n').forEach((line, i) => {
    if (!line || line.startsWith('#')) return;
    const [as, cls, name, source] = line.split('\t');
    const asn = Number(as.slice(2));
    if (!as.startsWith('AS') || !Number.isInteger(asn) || !(cls in CLASS_RANK)) throw new Error(`${asnPath}:${i + 1}: bad line "${line}"`);
    putAsn(asn, { cls: cls as NetClass, provider: name || undefined, source: `${source} AS${asn}`, rank: rankOf(cls as NetClass, 2) });
  });
  const curated = (list: CuratedAsn[]) => {
    for (const c of list) putAsn(c.asn, { cls: c.cls, provider: c.provider, source: `curated ${c.ref}`, rank: rankOf(c.cls, 2) });
  };
  curated(SASE_ASNS);
  curated(TOR_ASNS);
  curated(MOBILE_ASNS);
  const cat: Catalog = {
    seg4: (n) => find4(t4, n),
    seg6: (w) => find6(t6, w),
    entry4: (seg) => segEntries[t4.vals[seg]],
    entry6: (seg) => segEntries[t6.vals[seg]],
    tables: () => ({ t4, t6 }),
    asns,
    pages: undefined,
    stats: { ranges: ranges.length, segments: t4.starts.length + t6.n, asns: asns.size, ms: performance.now() - t0, from: 'compiled', sources },
  };
  return { cat, entries: segEntries };
}
