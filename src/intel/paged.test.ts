// Reading the intel files on demand (paged.ts, mmdb.ts) gives the same answers as reading them whole: the MaxMind DB
// decoder against the maxmind package's, page-by-page lookups against whole-file ones, for the city databases, the
// ASN table and the catalogue.
import { readFileSync } from 'node:fs';
import { Reader, type Response } from 'maxmind';
import { describe, expect, it } from 'vitest';
import { asnPackage, defaultCacheDir, lookupAsn4, lookupAsn6, openAsnDb } from './asn.ts';
import { defaultCatalogDir, loadCatalog } from './catalog.ts';
import { geoPackage, openCityFile, type GeoSource } from './geo.ts';
import { PagedFile } from './paged.ts';

let seed = 4242;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const randomV4 = (): number => Math.floor(rnd() * 2 ** 32);
const randomV6 = (): Uint32Array => {
  // mostly in 2000::/3 (where the data is), some anywhere
  const w = Uint32Array.from([0, 0, 0, 0].map(() => Math.floor(rnd() * 2 ** 32)));
  if (rnd() < 0.9) w[0] = (w[0] & 0x1fffffff) | 0x20000000;
  return w;
};

describe('PagedFile', () => {
  it('reads any range, within or across pages, as the file holds it, before and after reading it whole', () => {
    const file = geoPackage('geolite2').files[1];
    const whole = readFileSync(file);
    const f = new PagedFile(file, Infinity);
    for (let i = 0; i < 300; i++) {
      const len = Math.floor(rnd() * 9000);
      const at = Math.floor(rnd() * (whole.length - len));
      expect(f.slice(at, len).equals(whole.subarray(at, at + len))).toBe(true);
      expect(f.u8(at)).toBe(whole[at]);
      const a4 = at & ~3;
      expect(f.u32(a4)).toBe(whole.readUInt32LE(a4));
    }
    expect(f.full).toBe(false);
    expect(f.stats.pages).toBeGreaterThan(0);
    f.readWhole();
    expect(f.full).toBe(true);
    expect(f.slice(100, 5000).equals(whole.subarray(100, 5100))).toBe(true);
    expect(() => f.slice(whole.length - 2, 4)).toThrow(/outside the file/);
  });

  it('reads the whole file once enough pages were read one by one', () => {
    const f = new PagedFile(geoPackage('geolite2').files[1], 64 * 1024); // 16 pages
    for (let p = 0; p < 15; p++) f.u8(p * 4096 * 3);
    expect(f.full).toBe(false);
    f.u8(16 * 4096 * 3);
    expect(f.full).toBe(true);
    expect(f.stats).toEqual({ pages: 16, whole: true });
  });
});

describe.each(['geolite2', 'dbip'] as GeoSource[])('city database %s read on demand', (source) => {
  const files = geoPackage(source).files;

  it('decodes data records exactly as the maxmind package does (every 40th record of the IPv4 file)', () => {
    const buf = readFileSync(files[0]);
    const reader = new Reader<Response>(buf) as unknown as { resolveDataPointer(p: number): unknown; metadata: { nodeCount: number } };
    const db = openCityFile(files[0], source, 0);
    const pointers = [...db.pointers().keys()].sort((a, b) => a - b);
    let n = 0;
    for (let i = 0; i < pointers.length; i += 40) {
      expect(db.record(pointers[i])).toEqual(reader.resolveDataPointer(pointers[i]));
      n++;
    }
    expect(n).toBeGreaterThan(1000);
  });

  it('answers IPv4 and IPv6 lookups page by page as from the whole file, reading only a few pages for a few lookups', () => {
    const paged = openCityFile(files[0], source, Infinity);
    const whole = openCityFile(files[0], source, 0);
    for (let i = 0; i < 3; i++) {
      const n = randomV4();
      expect(paged.lookup4(n)).toEqual(whole.lookup4(n));
    }
    expect(paged.pages.pages).toBeLessThan(100); // of ~7,000 (GeoLite2) or ~15,000 (DB-IP)
    for (let i = 0; i < 3000; i++) {
      const n = randomV4();
      expect(paged.find4(n)).toBe(whole.find4(n));
      expect(paged.lookup4(n)).toEqual(whole.lookup4(n));
    }
    expect(paged.pages.whole).toBe(false);
    const paged6 = openCityFile(files[1], source, Infinity);
    const whole6 = openCityFile(files[1], source, 0);
    for (let i = 0; i < 1000; i++) {
      const w = randomV6();
      expect(paged6.lookup6(w)).toEqual(whole6.lookup6(w));
    }
  }, 60_000);
});

describe('ASN table and catalogue read on demand', () => {
  const cacheDir = defaultCacheDir(asnPackage().dir);

  it('ASN lookups page by page equal those over the whole table', () => {
    const paged = openAsnDb(cacheDir);
    const whole = openAsnDb(cacheDir);
    whole.tables();
    for (const n of [0x08080808, 0xaf2db063]) expect(lookupAsn4(paged, n)).toEqual(lookupAsn4(whole, n));
    if (paged.pages) expect(paged.pages).toMatchObject({ whole: false });
    for (let i = 0; i < 2000; i++) {
      const n = randomV4();
      expect(lookupAsn4(paged, n)).toEqual(lookupAsn4(whole, n));
      const w = randomV6();
      expect(lookupAsn6(paged, w)).toEqual(lookupAsn6(whole, w));
    }
    expect(paged.v4Ranges).toBe(whole.tables().t4.starts.length);
  });

  it('catalogue segments and entries page by page equal those over the whole tables', () => {
    loadCatalog(defaultCatalogDir(), cacheDir); // makes sure the cache file exists
    const paged = loadCatalog(defaultCatalogDir(), cacheDir);
    const whole = loadCatalog(defaultCatalogDir(), cacheDir);
    expect(paged.stats.from).toBe('cache');
    const { t4 } = whole.tables();
    for (const n of [0x08080808, 0x0a010203]) expect(paged.entry4(paged.seg4(n))).toEqual(whole.entry4(whole.seg4(n)));
    expect(paged.pages?.whole).toBe(false);
    expect(paged.pages!.pages).toBeLessThan(60); // of 1,440
    // addresses inside catalogued segments, and random ones
    for (let i = 0; i < 2000; i++) {
      const s = Math.floor(rnd() * t4.starts.length);
      for (const n of [t4.starts[s] + Math.floor(rnd() * (t4.ends[s] - t4.starts[s] + 1)), randomV4()]) {
        const a = paged.seg4(n), b = whole.seg4(n);
        expect(a).toBe(b);
        if (a >= 0) expect(paged.entry4(a)).toEqual(whole.entry4(b));
      }
      const w = randomV6();
      const a6 = paged.seg6(w);
      expect(a6).toBe(whole.seg6(w));
      if (a6 >= 0) expect(paged.entry6(a6)).toEqual(whole.entry6(a6));
    }
  });
});

