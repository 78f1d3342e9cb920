// The networks of the synthetic company's world: home broadband by city, carriers, the corporate SASE, VPNs,
// iCloud Private Relay, clouds, and the foreign networks of the planted stories. Every address is real and
// classified by the product's intel (see ip-pools.ts); homes are kept only where the claimed city geocodes.
import { haversineKm } from '../core/geo.ts';
import type { Address, Place } from '../core/model.ts';
import { ASN, KP_CIDR, type IntelLike, type NetIp, NetSampler, byCity } from './ip-pools.ts';
import { ipToInt, rangeSet, sampleIp } from './netdata.ts';
import { usStateCode } from './people.ts';
import type { Rng } from './prng.ts';

export interface GeocodeLike {
  geocode?(addr: Address): Place | undefined;
}

export function km(a: { lat?: number; lon?: number }, b: { lat?: number; lon?: number }): number {
  if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined) return Infinity;
  return haversineKm(a.lat, a.lon, b.lat, b.lon);
}


export class World {
  readonly s: NetSampler;
  private usHomes: NetIp[] = [];
  private memo = new Map<string, NetIp[]>();
  /** geocoded claimed localities (the intel's geocoder is slow on a first lookup) */
  private localities = new Map<string, Place | null>();

  constructor(
    private readonly rng: Rng,
    geo: ConstructorParameters<typeof NetSampler>[1],
    private readonly intel: IntelLike & GeocodeLike,
  ) {
    this.s = new NetSampler(rng, geo, intel);
  }

  /**
   * The locality a resident of this US address would write (the gazetteer's spelling of the city), or undefined when
   * the claimed city does not geocode to within 60 km of the address.
   */
  usLocality(x: NetIp): string | undefined {
    const code = usStateCode(x.region);
    if (!code || !x.city) return undefined;
    if (!this.intel.geocode) return x.city;
    const key = `${code}|${x.city}`;
    let place = this.localities.get(key);
    if (place === undefined) {
      place = this.intel.geocode({ locality: x.city, region: code, country: 'US' }) ?? null;
      this.localities.set(key, place);
    }
    return place?.city && km(place, x) <= 60 ? place.city : undefined;
  }

  /** Draw the US home-broadband candidates once (about one per US person). */
  prepareUsHomes(n: number): void {
    const got = this.s.draw('us-home', { asns: ASN.usResidential }, { classes: ['residential'], country: 'US', city: true, noRisk: true }, Math.ceil(n * 1.6), n * 30);
    this.usHomes = got.filter((x) => this.usLocality(x) !== undefined);
    if (this.usHomes.length < n) throw new Error(`synth: only ${this.usHomes.length} geocodable US home addresses for ${n} people`);
  }

  /** An unused US home address (optionally matching), claimed. */
  takeUsHome(match?: (x: NetIp) => boolean, label = 'us-home'): NetIp {
    const i = this.usHomes.findIndex((x) => !this.s.isUsed(x.ip) && (!match || match(x)));
    if (i >= 0) return this.s.claim(this.usHomes[i]);
    for (let round = 0; round < 6; round++) {
      const more = this.s.draw(label, { asns: ASN.usResidential }, { classes: ['residential'], country: 'US', city: true, noRisk: true }, 200, 4000);
      for (const x of more) if (this.usLocality(x) !== undefined) this.usHomes.push(x);
      const j = this.usHomes.findIndex((x) => !this.s.isUsed(x.ip) && (!match || match(x)));
      if (j >= 0) return this.s.claim(this.usHomes[j]);
    }
    throw new Error(`synth: no US home broadband address for "${label}"`);
  }

  /** An unused US home among the candidates already drawn (no new draws), claimed; undefined when none matches. */
  tryUsHome(match: (x: NetIp) => boolean): NetIp | undefined {
    const x = this.usHomes.find((c) => !this.s.isUsed(c.ip) && match(c));
    return x ? this.s.claim(x) : undefined;
  }

  /** Unused US home candidates (not claimed), for choosing a story's places. */
  usHomeCandidates(): NetIp[] {
    return this.usHomes.filter((x) => !this.s.isUsed(x.ip));
  }

  /**
   * Another address of the same ISP in the same city (a new DHCP lease, a neighbour's line, a co-working
   * space's business line), claimed; undefined when none is found nearby in the address space.
   */
  neighbour(x: NetIp, classes: NetIp['netClass'][] = ['residential']): NetIp | undefined {
    const n = ipToInt(x.ip);
    for (const bits of [20, 16]) {
      const size = 2 ** (32 - bits);
      const lo = Math.floor(n / size) * size;
      const set = rangeSet(`near ${x.ip}/${bits}`, [{ lo, hi: lo + size - 1 }]);
      for (let t = 0; t < 80; t++) {
        const ip = sampleIp(set, this.rng);
        if (ip === x.ip || this.s.isUsed(ip)) continue;
        const d = this.s.describe(ip);
        if (d && classes.includes(d.netClass) && d.city === x.city && d.region === x.region && d.risks.length === 0) return this.s.claim(d);
      }
    }
    return undefined;
  }

  private pool(key: string, build: () => NetIp[]): NetIp[] {
    let p = this.memo.get(key);
    if (!p) this.memo.set(key, (p = build()));
    return p;
  }

  mobilePool(): NetIp[] {
    return this.pool('mobile', () => this.s.need('us-mobile', { asns: ASN.usMobile }, { classes: ['mobile'], country: 'US', region: undefined, city: true }, 160, 20_000));
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
    return this.pool('vpn', () => this.s.need('vpn', { lists: ['mullvadvpn.txt', 'protonvpn.txt', 'pia.txt'] }, { classes: ['vpn'] }, 160, 6000));
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
    const pool = this.pool('relay', () => this.s.need('apple-relay', { lists: ['apple.txt'] }, { classes: ['relay'] }, 300, 6000));
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
    return this.pool('kp', () => this.s.need('north-korea', { cidrs: [KP_CIDR] }, { classes: ['residential', 'business', 'hosting', 'unknown', 'mobile'], risk: 'kp' }, k, 2000).map((x) => this.s.claim(x)));
  }
}
