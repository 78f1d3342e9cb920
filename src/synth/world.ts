// The networks of the synthetic company's world: home broadband by city, carriers, the corporate SASE, VPNs,
// iCloud Private Relay, clouds, and the foreign networks of the planted stories. Every address is real, classified
// by the product's intel and given a true place (see ip-pools.ts); homes are kept only where the claimed city
// geocodes near the true place under both databases' gazetteers.
import { haversineKm } from '../core/geo.ts';
import type { Address, Place } from '../core/model.ts';
import { ASN, GEO_ERROR, KP_CIDR, type Candidate, type IntelLike, type NetIp, NetSampler, type Want, byCity } from './ip-pools.ts';
import { type GeoDbName, type GeoReader, GEO_DBS, ipToInt, rangeSet, sampleIp } from './netdata.ts';
import { usStateCode } from './people.ts';
import type { Rng } from './prng.ts';

export interface GeocodeLike {
  geocode?(addr: Address): Place | undefined;
}

export function km(a: { lat?: number; lon?: number }, b: { lat?: number; lon?: number }): number {
  if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined) return Infinity;
  return haversineKm(a.lat, a.lon, b.lat, b.lon);
}

const US_HOME: Want = { classes: ['residential'], country: 'US', city: true, noRisk: true };

export class World {
  readonly s: NetSampler;
  /** ordinary US home lines (both databases agree) and misplaced ones (100-3,000 km apart) */
  private usHomes: NetIp[] = [];
  private usMisplaced: NetIp[] = [];
  /** every US residential candidate described while drawing homes (other ISPs' lines for second home lines) */
  private usLines: Candidate[] = [];
  private memo = new Map<string, NetIp[]>();
  /** geocoded claimed localities (the intel's geocoder is slow on a first lookup) */
  private localities = new Map<string, string | null>();

  constructor(
    private readonly rng: Rng,
    geo: Record<GeoDbName, GeoReader>,
    private readonly intel: Record<GeoDbName, IntelLike & GeocodeLike>,
  ) {
    this.s = new NetSampler(rng, geo, intel);
  }

  /**
   * The locality a resident of this US address would write (the GeoLite2 gazetteer's spelling of the true city), or
   * undefined when that claimed city does not geocode to within 60 km of the true place under both databases'
   * gazetteers (the product geocodes claimed homes with the gazetteer of the geo source it scans with).
   */
  usLocality(x: NetIp): string | undefined {
    const code = usStateCode(x.region);
    if (!code || !x.city) return undefined;
    const key = `${code}|${x.city}|${x.lat}|${x.lon}`;
    let out = this.localities.get(key);
    if (out === undefined) {
      out = null;
      const g = this.intel.geolite2.geocode?.({ locality: x.city, region: code, country: 'US' });
      if (!this.intel.geolite2.geocode) out = x.city;
      else if (g?.city && km(g, x) <= 60) {
        const d = this.intel.dbip.geocode?.({ locality: g.city, region: code, country: 'US' });
        if (!this.intel.dbip.geocode || (d && km(d, x) <= 60)) out = g.city;
      }
      this.localities.set(key, out);
    }
    return out ?? undefined;
  }

  private addHomes(ordinary: NetIp[], misplaced: NetIp[]): void {
    for (const x of ordinary) if (this.usLocality(x) !== undefined) this.usHomes.push(x);
    for (const x of misplaced) if (this.usLocality(x) !== undefined) this.usMisplaced.push(x);
  }

  /** Draw the US home-broadband candidates once (about one per US person, and the misplaced share of them). */
  prepareUsHomes(n: number): void {
    const [ordinary, misplaced] = this.s.drawEach(
      'us-home',
      { asns: ASN.usResidential },
      [US_HOME, { ...US_HOME, placement: 'misplaced' }],
      [Math.ceil(n * 1.6), Math.ceil(n * GEO_ERROR.misplacedHomeShare * 1.6) + 4],
      n * 40,
      this.usLines,
    );
    this.addHomes(ordinary, misplaced);
    if (this.usHomes.length < n) throw new Error(`synth: only ${this.usHomes.length} geocodable US home addresses for ${n} people`);
  }

  /**
   * An unused ordinary US home line (both databases place it within GEO_ERROR.agreeKm of each other; optionally
   * matching by its true place), claimed. `misplaced`: a line the databases disagree on by 100-3,000 km instead.
   */
  takeUsHome(match?: (x: NetIp) => boolean, label = 'us-home', misplaced = false): NetIp {
    const list = () => (misplaced ? this.usMisplaced : this.usHomes);
    const i = list().findIndex((x) => !this.s.isUsed(x.ip) && (!match || match(x)));
    if (i >= 0) return this.s.claim(list()[i]);
    for (let round = 0; round < 6; round++) {
      const [more] = this.s.drawEach(label, { asns: ASN.usResidential }, [{ ...US_HOME, placement: misplaced ? 'misplaced' : 'agree' }], [misplaced ? 40 : 200], 4000, this.usLines);
      this.addHomes(misplaced ? [] : more, misplaced ? more : []);
      const j = list().findIndex((x) => !this.s.isUsed(x.ip) && (!match || match(x)));
      if (j >= 0) return this.s.claim(list()[j]);
    }
    throw new Error(`synth: no ${misplaced ? 'misplaced ' : ''}US home broadband address for "${label}"`);
  }

  /** An unused ordinary US home among the candidates already drawn (no new draws), claimed; undefined when none matches. */
  tryUsHome(match: (x: NetIp) => boolean): NetIp | undefined {
    const x = this.usHomes.find((c) => !this.s.isUsed(c.ip) && match(c));
    return x ? this.s.claim(x) : undefined;
  }

  /** Unused ordinary US home candidates (not claimed), for choosing a story's places. */
  usHomeCandidates(): NetIp[] {
    return this.usHomes.filter((x) => !this.s.isUsed(x.ip));
  }

  /** Random unused addresses of x's block (the /20, then the /16), described. */
  private *near(x: NetIp, perBlock = 80, blocks: number[] = [20, 16]): Generator<Candidate> {
    const n = ipToInt(x.ip);
    for (const bits of blocks) {
      const size = 2 ** (32 - bits);
      const lo = Math.floor(n / size) * size;
      const set = rangeSet(`near ${x.ip}/${bits}`, [{ lo, hi: lo + size - 1 }]);
      for (let t = 0; t < perBlock; t++) {
        const ip = sampleIp(set, this.rng);
        if (ip === x.ip || this.s.isUsed(ip)) continue;
        const c = this.s.describe(ip);
        if (c) yield c;
      }
    }
  }

  /**
   * Another address of the same ISP placed like `x` by each database (within GEO_ERROR.agreeKm of that database's
   * answer for x): a new DHCP lease, a neighbour's line, a co-working space's business line, a carrier gateway's
   * CGNAT pool. Its true place is x's. Claimed; undefined when none is found nearby in the address space.
   */
  neighbour(x: NetIp, classes: NetIp['netClass'][] = ['residential']): NetIp | undefined {
    let ordinary: Candidate | undefined;
    for (const c of this.near(x)) {
      if (!GEO_DBS.every((db) => classes.includes(c.classes[db]) && c.risks[db].length === 0)) continue;
      const alike = GEO_DBS.every((db) => {
        const a = c.answers[db];
        const b = x.db[db];
        if (!a || a.country !== b.country || a.region !== b.region) return false;
        return b.lat === undefined ? a.lat === undefined : km(a, b) <= GEO_ERROR.agreeKm;
      });
      if (alike) return this.s.claim(this.s.withTruth(c, x));
      if (!ordinary && c.placement === 'agree' && GEO_DBS.every((db) => c.answers[db]!.region === x.region && c.answers[db]!.city && km(c.answers[db]!, x) <= 2 * GEO_ERROR.agreeKm)) ordinary = c;
    }
    // Else an ordinary line of the block in the same region (carrier blocks are placed unevenly): its own true place.
    if (ordinary) return this.s.claim(this.s.settle(ordinary, this.rng.pick(GEO_DBS)));
    return undefined;
  }

  /**
   * A second residential line in the metro of `home` (a partner's or a neighbour's line, another flat): half the
   * time another address of the same ISP's /16, otherwise another ISP's line that a database places within 40 km.
   * Its truth is the home's place, whatever the databases say about it. Claimed; undefined when none is found.
   */
  secondLine(home: NetIp): NetIp | undefined {
    const ok = (c: Candidate) =>
      c.ip !== home.ip && !this.s.isUsed(c.ip) && GEO_DBS.every((db) => c.classes[db] === 'residential' && c.risks[db].length === 0 && c.answers[db]?.country === home.country);
    if (this.rng.chance(0.5)) {
      const other = this.usLines.filter((c) => c.asn !== home.asn && ok(c) && GEO_DBS.some((db) => km(c.answers[db]!, home) <= 40));
      if (other.length) return this.s.claim(this.s.withTruth(this.rng.pick(other), home));
    }
    for (const c of this.near(home, 80, [16])) if (ok(c)) return this.s.claim(this.s.withTruth(c, home));
    return undefined;
  }

  private pool(key: string, build: () => NetIp[]): NetIp[] {
    let p = this.memo.get(key);
    if (!p) this.memo.set(key, (p = build()));
    return p;
  }

  mobilePool(): NetIp[] {
    return this.pool('mobile', () => this.s.need('us-mobile', { asns: ASN.usMobile }, { classes: ['mobile'], country: 'US', city: true }, 160, 30_000));
  }

  /** Carrier addresses a phone near `home` gets: same state when the carrier places any there, else the nearest. */
  mobileNear(home: NetIp, k = 3): NetIp[] {
    const pool = this.mobilePool();
    const same = pool.filter((x) => x.region === home.region);
    const list = same.length >= 1 ? same : [...pool].sort((a, b) => km(a, home) - km(b, home)).slice(0, k);
    // Carrier-grade NAT hands each phone an address from the gateway's pool: a person's own addresses are
    // neighbours of the gateway's, rarely the very address a colleague got.
    const out: NetIp[] = [];
    for (const base of this.rng.sample(list, Math.min(k, list.length))) out.push(this.neighbour(base, ['mobile']) ?? base);
    return out;
  }

  /** Carrier addresses for a phone of someone living at `home`, in their own country. */
  mobileFor(home: NetIp, k = 3): NetIp[] {
    const carrier: Record<string, [string, number[], string | undefined]> = {
      KR: ['kr-mobile', [9644 /* SK Telecom */], undefined],
      DE: ['de-mobile', [3209 /* Vodafone GmbH */], undefined],
      IN: ['in-mobile', [55836 /* Reliance Jio */], 'Karnataka'],
    };
    if (home.country === 'US') return this.mobileNear(home, k);
    const c = carrier[home.country];
    if (!c) return [home];
    const pool = this.foreign(c[0], c[1], { country: home.country, region: c[2], classes: ['mobile'] }, 30);
    const near = [...pool].sort((a, b) => km(a, home) - km(b, home)).slice(0, 6);
    return this.rng.sample(near, Math.min(k, near.length)).map((base) => this.neighbour(base, ['mobile']) ?? base);
  }

  saseNodes(): Map<string, NetIp[]> {
    const all = this.pool('sase', () => this.s.need('zscaler', { asns: ASN.sase }, { classes: ['sase'], city: true }, 220, 6000));
    const m = byCity(all);
    for (const [k, v] of m) if (v.length < 2) m.delete(k);
    return m;
  }

  /** The SASE node (several egress addresses) nearest to the person. */
  saseFor(home: { lat?: number; lon?: number; country: string }): NetIp[] {
    let best: NetIp[] | undefined;
    let bestKm = Infinity;
    for (const ips of this.saseNodes().values()) {
      const d = km(ips[0], home);
      if (d < bestKm) {
        bestKm = d;
        best = ips;
      }
    }
    if (!best) throw new Error('synth: no SASE node');
    return best.slice(0, 4);
  }

  vpnPool(): NetIp[] {
    return this.pool('vpn', () => this.s.need('vpn', { lists: ['mullvad.txt', 'protonvpn.txt', 'pia.txt'] }, { classes: ['vpn'] }, 160, 6000));
  }

  /** VPN exits in a country (a personal VPN user picks their own country's servers most of the time). */
  vpnIn(country: string, k = 3): NetIp[] {
    const list = this.vpnPool().filter((x) => x.country === country && x.risks.length === 0);
    if (list.length === 0) throw new Error(`synth: no VPN exit in ${country}`);
    return this.rng.sample(list, Math.min(k, list.length));
  }

  /** Countries with VPN exits in the pool, most common first. */
  vpnCountries(): string[] {
    const n = new Map<string, number>();
    for (const x of this.vpnPool()) if (x.risks.length === 0) n.set(x.country, (n.get(x.country) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  }

  relayNear(home: NetIp, k = 3): NetIp[] {
    const pool = this.pool('relay', () => this.s.need('apple-relay', { lists: ['apple-private-relay.txt'] }, { classes: ['relay'] }, 300, 12_000));
    const same = pool.filter((x) => x.country === home.country && x.region === home.region);
    const list = same.length > 0 ? same : pool.filter((x) => x.country === home.country);
    const use = list.length > 0 ? list : pool;
    return this.rng.sample([...use].sort((a, b) => km(a, home) - km(b, home)).slice(0, 8), Math.min(k, use.length));
  }

  hosting(k: number): NetIp[] {
    return this.s.need('hosting', { asns: ASN.hosting }, { classes: ['hosting'], country: 'US', city: true }, k, 4000).map((x) => this.s.claim(x));
  }

  /** Residential addresses in a foreign country/region/city (regional offices, trips, planted operators). */
  foreign(label: string, asns: readonly number[], want: { country: string; region?: string | string[]; city?: string | string[]; classes?: NetIp['netClass'][]; risk?: string }, k: number, tries = 20_000): NetIp[] {
    return this.pool(`foreign:${label}`, () =>
      this.s
        .need(label, { asns }, { classes: want.classes ?? ['residential'], country: want.country, region: want.region, city: want.city ?? true, risk: want.risk }, k, tries)
        .map((x) => this.s.claim(x)),
    );
  }

  kp(k: number): NetIp[] {
    return this.pool('kp', () => this.s.need('north-korea', { cidrs: [KP_CIDR] }, { classes: ['residential', 'business', 'hosting', 'unknown', 'mobile'], risk: 'kp', placement: 'country' }, k, 2000).map((x) => this.s.claim(x)));
  }
}
