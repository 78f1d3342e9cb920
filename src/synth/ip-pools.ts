// Pools of REAL IPv4 addresses for the synthetic company's stories. Candidates are drawn at random from the ranges
// the named networks announce (or from provider lists), placed with GeoLite2 City, and kept only when the
// product's own offline intel classifies them as the story needs (netClass, risk tags) and they sit where the
// story says (country / state / city). Nothing is cached: the same seed and data give the same pools.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IpIntel, NetClass } from '../core/model.ts';
import type { Rng } from './prng.ts';
import { type AsnTable, type GeoReader, type Range, loadAsnTable, loadCidrList, rangeSet, sampleIp, cidrRange } from './netdata.ts';

/** What the generator needs from the intel service (src/intel IntelService satisfies it). */
export interface IntelLike {
  lookupIp(ip: string): IpIntel | undefined;
}

/** One real address with the facts the story relies on. */
export interface NetIp {
  ip: string;
  asn?: number;
  asOrg?: string;
  netClass: NetClass;
  provider?: string;
  risks: string[];
  country: string;
  /** GeoLite2 subdivision name, e.g. "Texas" */
  region?: string;
  city?: string;
  postcode?: string;
  lat?: number;
  lon?: number;
  tz?: string;
}

/** Networks by ASN (RouteViews/DB-IP names in comments). */
export const ASN = {
  usResidential: [7922 /* Comcast */, 20115, 11427, 10796, 11426, 12271, 33363, 20001 /* Charter/Spectrum */, 7018 /* AT&T */, 22773 /* Cox */, 701 /* Verizon Fios */, 6128 /* Altice */, 5650 /* Frontier */, 209 /* CenturyLink */],
  usMobile: [21928 /* T-Mobile USA */, 22394 /* Verizon Wireless */, 20057 /* AT&T Mobility */],
  sase: [53813, 62044, 22616, 53444 /* Zscaler */],
  hosting: [16509, 14618 /* Amazon AWS */, 14061 /* DigitalOcean */, 16276 /* OVH */],
  kr: [4766 /* KT */, 9318 /* SK Broadband */],
  de: [3320 /* Deutsche Telekom */],
  in: [24560 /* Bharti Airtel */, 55836 /* Reliance Jio */],
  cn: [4837 /* China Unicom */, 4134 /* China Telecom */],
  ru: [12389 /* Rostelecom */],
  gb: [2856 /* BT */],
  fr: [3215 /* Orange */],
  vn: [45899 /* VNPT */, 18403 /* FPT Telecom */],
  ae: [5384 /* Etisalat */],
  foreignMobile: [9644 /* SK Telecom */, 3209 /* Vodafone GmbH */],
} as const;

/** North Korea's public IPv4 space (AS131279 Star JV). */
export const KP_CIDR = '175.45.176.0/22';

/** shared/data beside the repository (CI clones main with shared/ beside it). */
export function sharedDataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [process.env.SLEETWATCH_SHARED_DATA, resolve(here, '../../../shared/data'), '/work/shared/data'];
  for (const c of candidates) if (c && existsSync(join(c, 'ipintel'))) return c;
  throw new Error(`synth: shared/data not found (looked in ${candidates.filter(Boolean).join(', ')}); set SLEETWATCH_SHARED_DATA`);
}

const norm = (s: string | undefined): string => (s ?? '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[.']/g, '').replace(/^saint /, 'st ').trim();

export interface Want {
  /** acceptable net classes (as intel says) */
  classes: NetClass[];
  country?: string | string[];
  region?: string | string[];
  /** require a city in GeoLite2 */
  city?: boolean | string | string[];
  /** a risk tag the intel must report */
  risk?: string;
  /** a risk tag the intel must NOT report */
  noRisk?: boolean;
}

function matches(x: NetIp, w: Want): boolean {
  if (!w.classes.includes(x.netClass)) return false;
  const inList = (v: string | undefined, l: string | string[]) => (Array.isArray(l) ? l : [l]).some((a) => norm(a) === norm(v));
  if (w.country && !inList(x.country, w.country)) return false;
  if (w.region && !inList(x.region, w.region)) return false;
  if (w.city === true && !x.city) return false;
  if (typeof w.city === 'string' || Array.isArray(w.city)) if (!inList(x.city, w.city)) return false;
  if (w.risk && !x.risks.includes(w.risk)) return false;
  if (w.noRisk && x.risks.length > 0) return false;
  return true;
}

export class NetSampler {
  private readonly asn: AsnTable;
  private readonly used = new Set<string>();
  private readonly lists = new Map<string, Range[]>();

  constructor(
    private readonly rng: Rng,
    private readonly geo: GeoReader,
    private readonly intel: IntelLike,
  ) {
    this.asn = loadAsnTable(Object.values(ASN).flat());
  }

  /** Facts for one address: GeoLite2 place + the intel's class and risks. */
  describe(ip: string): NetIp | undefined {
    const g = this.geo.get(ip);
    if (!g || !g.country_code) return undefined;
    const i = this.intel.lookupIp(ip);
    if (!i) return undefined;
    return {
      ip,
      asn: i.asn,
      asOrg: i.asOrg,
      netClass: i.netClass,
      provider: i.provider,
      risks: (i.risks ?? []).map((r) => r.tag),
      country: g.country_code,
      region: g.state1 || undefined,
      city: g.city || undefined,
      postcode: g.postcode || undefined,
      lat: g.latitude,
      lon: g.longitude,
      tz: g.timezone || undefined,
    };
  }

  private providerList(name: string): Range[] {
    let r = this.lists.get(name);
    if (!r) {
      r = loadCidrList(join(sharedDataDir(), 'ipintel/x4bnet/input/vpn/ips', name));
      this.lists.set(name, r);
    }
    return r;
  }

  /**
   * Up to `n` distinct, not yet used addresses matching `want`, drawn from the ASNs' ranges or provider lists,
   * trying at most `tries` candidates. The caller marks the ones it hands out with `claim`.
   */
  draw(label: string, from: { asns?: readonly number[]; lists?: string[]; cidrs?: string[] }, want: Want, n: number, tries = n * 40): NetIp[] {
    const ranges: Range[] = [];
    for (const a of from.asns ?? []) ranges.push(...this.asn.ranges(a));
    for (const l of from.lists ?? []) ranges.push(...this.providerList(l));
    for (const c of from.cidrs ?? []) ranges.push(cidrRange(c));
    const set = rangeSet(label, ranges);
    const out: NetIp[] = [];
    const seen = new Set<string>();
    for (let t = 0; t < tries && out.length < n; t++) {
      const ip = sampleIp(set, this.rng);
      if (seen.has(ip) || this.used.has(ip)) continue;
      seen.add(ip);
      const x = this.describe(ip);
      if (x && matches(x, want)) out.push(x);
    }
    return out;
  }

  /** Like draw, but fails loudly when the story cannot be told with real addresses. */
  need(label: string, from: { asns?: readonly number[]; lists?: string[]; cidrs?: string[] }, want: Want, n: number, tries?: number): NetIp[] {
    const got = this.draw(label, from, want, n, tries);
    if (got.length < n) {
      throw new Error(
        `synth: only ${got.length} of ${n} addresses for "${label}" (${JSON.stringify(want)}) among real candidates; ` +
          'is the intel classifying these networks as expected?',
      );
    }
    return got;
  }

  claim(x: NetIp): NetIp {
    this.used.add(x.ip);
    return x;
  }

  isUsed(ip: string): boolean {
    return this.used.has(ip);
  }

  asOrg(asn: number): string | undefined {
    return this.asn.org(asn);
  }
}

/** Group addresses by place (country|region|city). */
export function byCity(xs: NetIp[]): Map<string, NetIp[]> {
  const m = new Map<string, NetIp[]>();
  for (const x of xs) {
    const k = `${x.country}|${x.region ?? ''}|${x.city ?? ''}`;
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(x);
  }
  return m;
}
