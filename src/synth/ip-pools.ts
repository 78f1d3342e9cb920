// Pools of REAL IPv4 addresses for the synthetic company's stories. Candidates are drawn at random from the ranges
// the named networks announce (or from the repository's provider lists), asked ONCE what both city databases the
// product can scan with (GeoLite2 City and DB-IP Lite City) and the product's intel (network class, risk tags, under
// either database) say about them, and kept only when they fit the story. Each kept address gets its own TRUE place
// (one of the databases' answers, or its home metro for a second home line): the stories, the claimed homes and
// the vendors' location fields follow the truth, and nothing asks a database about the address again. How often the
// databases are allowed to be wrong is GEO_ERROR. Nothing is cached: the same seed and data give the same pools.
import { join } from 'node:path';
import { haversineKm } from '../core/geo.ts';
import type { IpIntel, NetClass } from '../core/model.ts';
import { regionCode, regionName } from '../intel/index.ts';
import type { Rng } from './prng.ts';
import { type AsnTable, type GeoDbName, type GeoReader, type GeoRecord, type Range, GEO_DBS, RANGES_DIR, cidrRange, cityName, loadAsnTable, loadCidrList, rangeSet, sampleIp } from './netdata.ts';

/** What the generator needs from the intel service (src/intel IntelService satisfies it). */
export interface IntelLike {
  lookupIp(ip: string): IpIntel | undefined;
}

/**
 * The database error the company is built with (the one place these shares live). Measured on random US
 * residential addresses, GeoLite2 and DB-IP agree within 50 km for ~62% and differ by more than 100 km for ~30%.
 */
export const GEO_ERROR = {
  /** an "ordinary" line: both databases place it within this distance of each other (and in the same region) */
  agreeKm: 50,
  /** a misplaced line: the databases disagree by this much; the truth is one of the two answers */
  misplacedKm: [100, 3000] as const,
  /** share of ordinary US staff whose home line is a misplaced one */
  misplacedHomeShare: 0.15,
  /** share of ordinary US staff (mostly at home on the laptop) with a second residential line in their metro */
  secondLineShare: 0.2,
  /** share of such a person's home-laptop sign-ins that use the second line */
  secondLineUse: [0.2, 0.3] as const,
} as const;

/** What one local database says about an address, and how far that is from the truth. */
export interface DbPlace {
  country?: string;
  region?: string;
  city?: string;
  lat?: number;
  lon?: number;
  /** distance from the true place (Infinity when either has no coordinates) */
  km: number;
}

/** One real address with the facts the story relies on. country..tz are its TRUE place (what the vendors report). */
export interface NetIp {
  ip: string;
  asn?: number;
  asOrg?: string;
  netClass: NetClass;
  provider?: string;
  /** risk tags the intel reports under either database */
  risks: string[];
  country: string;
  /** subdivision name (GeoLite2's spelling), e.g. "Texas" */
  region?: string;
  city?: string;
  postcode?: string;
  lat?: number;
  lon?: number;
  tz?: string;
  /** what each local database said when the address was chosen (truth.json reports it; nothing places by it) */
  db: Record<GeoDbName, DbPlace>;
}

/** How the two databases' answers relate: agree (ordinary), misplaced (100-3,000 km apart), or just the same country. */
export type Placement = 'agree' | 'misplaced' | 'country';

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
  cnShanghai: [4812 /* China Telecom Shanghai (Chinanet SH) */, 4134],
  ru: [12389 /* Rostelecom */],
  gb: [2856 /* BT */],
  fr: [3215 /* Orange */],
  vn: [45899 /* VNPT */, 18403 /* FPT Telecom */],
  ae: [5384 /* Etisalat */],
  foreignMobile: [9644 /* SK Telecom */, 3209 /* Vodafone GmbH */],
} as const;

/** North Korea's public IPv4 space (AS131279 Star JV). */
export const KP_CIDR = '175.45.176.0/22';

const norm = (s: string | undefined): string => (s ?? '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[.']/g, '').replace(/^saint /, 'st ').trim();

export interface Want {
  /** acceptable net classes (as the intel says under both databases) */
  classes: NetClass[];
  /** where the TRUE place must be */
  country?: string | string[];
  region?: string | string[];
  /** require a city in the true place (and, for agreeing or misplaced lines, in both databases) */
  city?: boolean | string | string[];
  /** a risk tag the intel must report under both databases */
  risk?: string;
  /** no risk tag under either database */
  noRisk?: boolean;
  /** how the two databases' answers must relate (default 'agree': an ordinary line) */
  placement?: Placement;
}

/** One database's answer, cleaned (DB-IP's neighbourhood dropped) with the region's ISO code for comparisons. */
interface Answer {
  country: string;
  region?: string;
  code?: string;
  city?: string;
  postcode?: string;
  lat?: number;
  lon?: number;
  tz?: string;
}

/** A drawn address with what both databases and the intel say, before its truth is chosen. */
export interface Candidate {
  ip: string;
  asn?: number;
  asOrg?: string;
  classes: Record<GeoDbName, NetClass>;
  provider?: string;
  risks: Record<GeoDbName, string[]>;
  answers: Record<GeoDbName, Answer | undefined>;
  /** undefined when a database has no answer or the two name different countries */
  placement?: Placement;
}

const answerKm = (a: { lat?: number; lon?: number } | undefined, b: { lat?: number; lon?: number } | undefined): number =>
  a?.lat === undefined || a.lon === undefined || b?.lat === undefined || b.lon === undefined ? Infinity : haversineKm(a.lat, a.lon, b.lat, b.lon);

const inList = (v: string | undefined, l: string | string[]): boolean => (Array.isArray(l) ? l : [l]).some((a) => norm(a) === norm(v));

/** An answer as a possible truth for the want (country, region, city). */
function answerMatches(a: Answer | undefined, w: Want): a is Answer {
  if (!a) return false;
  if (w.country && !inList(a.country, w.country)) return false;
  if (w.region && !inList(a.region, w.region)) return false;
  if (w.city === true && !a.city) return false;
  if ((typeof w.city === 'string' || Array.isArray(w.city)) && !inList(a.city, w.city)) return false;
  return true;
}

/** Class, risk and placement conditions, which do not depend on which answer becomes the truth. */
function fits(c: Candidate, w: Want): boolean {
  for (const db of GEO_DBS) if (!w.classes.includes(c.classes[db])) return false;
  if (w.risk && !GEO_DBS.every((db) => c.risks[db].includes(w.risk!))) return false;
  if (w.noRisk && GEO_DBS.some((db) => c.risks[db].length > 0)) return false;
  const kind = w.placement ?? 'agree';
  if (!c.placement) return false;
  if (kind !== 'country' && c.placement !== kind) return false;
  if (kind !== 'country' && w.city !== undefined && w.city !== false && !GEO_DBS.every((db) => c.answers[db]?.city)) return false;
  return true;
}

/** A GeoLite2 record seen while drawing: time zones and postcodes for truths taken from DB-IP (which has neither). */
interface Landmark {
  country: string;
  lat: number;
  lon: number;
  tz?: string;
  postcode?: string;
}

export class NetSampler {
  private readonly asn: AsnTable;
  private readonly used = new Set<string>();
  private readonly lists = new Map<string, Range[]>();
  private readonly codes = new Map<string, string | undefined>();
  private readonly landmarks = new Map<string, Landmark>();

  constructor(
    private readonly rng: Rng,
    private readonly geo: Record<GeoDbName, GeoReader>,
    private readonly intel: Record<GeoDbName, IntelLike>,
  ) {
    this.asn = loadAsnTable(Object.values(ASN).flat());
  }

  private code(country: string, region: string | undefined, db: GeoDbName): string | undefined {
    if (!region) return undefined;
    const key = `${db}|${country}|${region}`;
    if (!this.codes.has(key)) this.codes.set(key, regionCode(country, region, db));
    return this.codes.get(key);
  }

  private answer(r: GeoRecord | null, db: GeoDbName): Answer | undefined {
    if (!r || !r.country_code) return undefined;
    const a: Answer = {
      country: r.country_code,
      region: r.state1 || undefined,
      city: cityName(r.city || undefined),
      postcode: r.postcode || undefined,
      lat: r.latitude,
      lon: r.longitude,
      tz: r.timezone || undefined,
    };
    a.code = this.code(a.country, a.region, db);
    if (db === 'dbip' && a.code) a.region = regionName(a.country, a.code, 'geolite2') ?? a.region; // one spelling
    if (db === 'geolite2' && a.lat !== undefined && a.lon !== undefined && (a.tz || a.postcode)) {
      const k = `${a.lat}|${a.lon}|${a.postcode ?? ''}`;
      if (!this.landmarks.has(k)) this.landmarks.set(k, { country: a.country, lat: a.lat, lon: a.lon, tz: a.tz, postcode: a.postcode });
    }
    return a;
  }

  /** What both databases and the intel (under each) say about one address. Asked once per candidate. */
  describe(ip: string): Candidate | undefined {
    const g = this.answer(this.geo.geolite2.get(ip), 'geolite2');
    const d = this.answer(this.geo.dbip.get(ip), 'dbip');
    if (!g && !d) return undefined;
    const ig = this.intel.geolite2.lookupIp(ip);
    const id = this.intel.dbip.lookupIp(ip);
    if (!ig || !id) return undefined;
    let placement: Placement | undefined;
    if (g && d && g.country === d.country) {
      const km = answerKm(g, d);
      const sameRegion = !(g.code && d.code && g.code !== d.code);
      if (km <= GEO_ERROR.agreeKm && sameRegion) placement = 'agree';
      else if (km >= GEO_ERROR.misplacedKm[0] && km <= GEO_ERROR.misplacedKm[1]) placement = 'misplaced';
      else placement = 'country';
    }
    return {
      ip,
      asn: ig.asn,
      asOrg: ig.asOrg,
      classes: { geolite2: ig.netClass, dbip: id.netClass },
      provider: ig.provider,
      risks: { geolite2: (ig.risks ?? []).map((r) => r.tag), dbip: (id.risks ?? []).map((r) => r.tag) },
      answers: { geolite2: g, dbip: d },
      placement,
    };
  }

  /** The nearest GeoLite2 record seen in the country (for a time zone and, within 20 km, a postcode). */
  private nearest(a: Answer, withPostcode: boolean): Landmark | undefined {
    let best: Landmark | undefined;
    let bestKm = Infinity;
    for (const l of this.landmarks.values()) {
      if (l.country !== a.country || (withPostcode ? !l.postcode : !l.tz)) continue;
      const d = answerKm(l, a);
      if (d < bestKm) {
        bestKm = d;
        best = l;
      }
    }
    return withPostcode && bestKm > 20 ? undefined : best;
  }

  /** The address with `side`'s answer as its true place. */
  settle(c: Candidate, side: GeoDbName): NetIp {
    const a = c.answers[side]!;
    let { tz, postcode } = a;
    if (side === 'dbip') {
      const o = c.answers.geolite2;
      const close = o && o.country === a.country && answerKm(a, o) <= 20;
      tz = close ? o.tz : (this.nearest(a, false)?.tz ?? o?.tz);
      postcode = close ? o.postcode : this.nearest(a, true)?.postcode;
    }
    return this.withTruth(c, { country: a.country, region: a.region, city: a.city, postcode, lat: a.lat, lon: a.lon, tz });
  }

  /** The address with a given true place (a second home line: its home metro, whatever the databases say). */
  withTruth(c: Candidate, t: Pick<NetIp, 'country' | 'region' | 'city' | 'postcode' | 'lat' | 'lon' | 'tz'>): NetIp {
    const db = {} as Record<GeoDbName, DbPlace>;
    for (const k of GEO_DBS) {
      const a = c.answers[k];
      db[k] = a ? { country: a.country, region: a.region, city: a.city, lat: a.lat, lon: a.lon, km: answerKm(a, t) } : { km: Infinity };
    }
    const risks = [...new Set([...c.risks.geolite2, ...c.risks.dbip])];
    const { country, region, city, postcode, lat, lon, tz } = t; // (t may be another NetIp: take its place only)
    return { ip: c.ip, asn: c.asn, asOrg: c.asOrg, netClass: c.classes.geolite2, provider: c.provider, risks, country, region, city, postcode, lat, lon, tz, db };
  }

  /** The sides whose answer can be the truth for `w` (for 'country' placements, answers with a city first). */
  sides(c: Candidate, w: Want): GeoDbName[] {
    const ok = GEO_DBS.filter((db) => answerMatches(c.answers[db], w));
    if ((w.placement ?? 'agree') !== 'country') return ok;
    const withCity = ok.filter((db) => c.answers[db]?.city);
    return withCity.length ? withCity : ok;
  }

  private providerList(name: string): Range[] {
    let r = this.lists.get(name);
    if (!r) {
      r = loadCidrList(join(RANGES_DIR, name));
      this.lists.set(name, r);
    }
    return r;
  }

  private candidates(label: string, from: From): () => string {
    const ranges: Range[] = [];
    for (const a of from.asns ?? []) ranges.push(...this.asn.ranges(a));
    for (const l of from.lists ?? []) ranges.push(...this.providerList(l));
    for (const c of from.cidrs ?? []) ranges.push(cidrRange(c));
    const set = rangeSet(label, ranges);
    return () => sampleIp(set, this.rng);
  }

  /**
   * In one pass over at most `tries` random candidates, up to counts[i] distinct, not yet used addresses for each
   * wants[i] (a candidate goes to the first want it fits that still needs one), each with its true place chosen at
   * random among the answers that fit. `seen` collects every described candidate. The caller claims what it uses.
   */
  drawEach(label: string, from: From, wants: Want[], counts: number[], tries: number, seen?: Candidate[]): NetIp[][] {
    const next = this.candidates(label, from);
    const got: [Candidate, GeoDbName[]][][] = wants.map(() => []);
    const tried = new Set<string>();
    const full = () => got.every((g, i) => g.length >= counts[i]);
    for (let t = 0; t < tries && !full(); t++) {
      const ip = next();
      if (tried.has(ip) || this.used.has(ip)) continue;
      tried.add(ip);
      const c = this.describe(ip);
      if (!c) continue;
      seen?.push(c);
      for (let i = 0; i < wants.length; i++) {
        if (got[i].length >= counts[i] || !fits(c, wants[i])) continue;
        const sides = this.sides(c, wants[i]);
        if (sides.length === 0) continue;
        got[i].push([c, sides]);
        break;
      }
    }
    // Truths are settled after the pass, when the GeoLite2 records seen can lend DB-IP answers a time zone.
    return got.map((g) => g.map(([c, sides]) => this.settle(c, sides.length > 1 ? this.rng.pick(sides) : sides[0])));
  }

  /** Up to `n` distinct, not yet used addresses matching `want`; the caller marks the ones it hands out with `claim`. */
  draw(label: string, from: From, want: Want, n: number, tries = n * 40): NetIp[] {
    return this.drawEach(label, from, [want], [n], tries)[0];
  }

  /** Like draw, but fails loudly when the story cannot be told with real addresses. */
  need(label: string, from: From, want: Want, n: number, tries?: number): NetIp[] {
    const got = this.draw(label, from, want, n, tries);
    if (got.length < n) {
      throw new Error(
        `synth: only ${got.length} of ${n} addresses for "${label}" (${JSON.stringify(want)}) among real candidates; ` +
          'is the intel classifying these networks as expected, and do the two databases place enough of them alike?',
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

export interface From {
  asns?: readonly number[];
  lists?: string[];
  cidrs?: string[];
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
