// lookupIp: one parse, three binary searches (catalogue, ASN, indicators) and one city-mmdb tree walk (GeoLite2 or
// DB-IP; evidence names the active one).
// Network class precedence (strongest first; see catalog.ts and README.md):
//   private > relay > sase > tor > vpn > hosting > mobile > residential = business > unknown
import type { IpIntel, IpRisk, NetClass, Place } from '../core/model.ts';
import { asnRow4, asnRow6, type AsnDb } from './asn.ts';
import { CLASS_RANK, type Catalog, type ClassEntry } from './catalog.ts';
import { KP_ASNS, ORG_PATTERNS } from './curated.ts';
import { GEO_SOURCES, type GeoDb } from './geo.ts';
import { matchIndicators4, matchIndicators6, type IndicatorIndex } from './indicator-index.ts';
import { parseIp, parseIpv4 } from './ip.ts';
import type { Indicator } from './indicators.ts';

const NO_RISKS = Object.freeze([]) as unknown as IpRisk[];
const KP_START = parseIpv4('175.45.176.0');
const KP_END = KP_START + 1023;
/** Where a North Korean address is placed when the geo source (or nothing) says otherwise: Pyongyang, country-wide radius. */
const KP_PLACE: Place = Object.freeze({ country: 'KP', city: 'Pyongyang', lat: 39.0392, lon: 125.7625, accuracyKm: 250, source: 'indicator' });
const RISK_COUNTRY: Record<string, { tag: 'cn' | 'ru'; name: string }> = { CN: { tag: 'cn', name: 'China' }, RU: { tag: 'ru', name: 'Russia' } };

export class IntelLookup {
  /** Per organisation-name index: -1 not yet tested, -2 no pattern, else index into ORG_PATTERNS. */
  private readonly orgClass: Int16Array;
  private readonly asSources = new Map<number, string>();
  /** "GeoLite2" or "DB-IP", for risk evidence. */
  private readonly geoLabel: string;
  private readonly kpGeoReason: string;

  constructor(
    private readonly cat: Catalog,
    private readonly asn: AsnDb,
    private readonly geo: GeoDb,
    private readonly ind: IndicatorIndex,
    /** A second database, asked for its own opinion of every place (undefined: none). */
    private readonly geo2?: GeoDb,
  ) {
    this.orgClass = new Int16Array(asn.orgCount).fill(-1);
    this.geoLabel = GEO_SOURCES[geo.source].label;
    this.kpGeoReason = `${this.geoLabel} places it in North Korea (KP)`;
  }

  lookupIp(ip: string): IpIntel | undefined {
    let seg: number, row: number, inds: readonly number[], geo: Place | undefined;
    let geo2: Place | undefined;
    let entry: ClassEntry | undefined;
    let asn = 0, orgIdx = -1;
    let n = ip.indexOf(':') < 0 ? parseIpv4(ip) : -1;
    let w: Uint32Array | undefined;
    if (n < 0) {
      const p = parseIp(ip);
      if (!p) return undefined;
      if (p.v === 4) n = p.n;
      else w = p.w;
    }
    if (w === undefined) {
      seg = this.cat.seg4(n);
      entry = seg >= 0 ? this.cat.entry4(seg) : undefined;
      inds = matchIndicators4(this.ind, n);
      if (entry?.cls === 'private') return this.privateIntel(ip, entry, inds);
      row = asnRow4(this.asn, n);
      if (row >= 0) { asn = this.asn.asn4(row); orgIdx = this.asn.org4(row); }
      geo = this.geo.lookup4(n);
      if (this.geo2) geo2 = this.geo2.lookup4(n);
    } else {
      seg = this.cat.seg6(w);
      entry = seg >= 0 ? this.cat.entry6(seg) : undefined;
      inds = matchIndicators6(this.ind, w);
      if (entry?.cls === 'private') return this.privateIntel(ip, entry, inds);
      row = asnRow6(this.asn, w);
      if (row >= 0) { asn = this.asn.asn6(row); orgIdx = this.asn.org6(row); }
      geo = this.geo.lookup6(w);
      if (this.geo2) geo2 = this.geo2.lookup6(w);
    }
    const hasAs = row >= 0;
    const org = hasAs ? this.asn.org(orgIdx) : '';
    const asnInds = hasAs ? this.ind.byAsn.get(asn) : undefined;

    // --- network class: the strongest candidate wins; ties go to the more specific evidence (range > ASN > name)
    let cls: NetClass = 'unknown';
    let rank = CLASS_RANK.unknown * 10 + 9;
    let provider: string | undefined;
    let classSource: string | undefined = 'no ASN announces this address and no catalogue lists it';
    if (entry) {
      cls = entry.cls; rank = entry.rank; provider = entry.provider ?? (org || undefined); classSource = entry.source;
    }
    let allow: Indicator | undefined;
    for (let j = 0; j < inds.length; j++) {
      const i = this.ind.active[inds[j]];
      if (i.action === 'allow') allow ??= i;
      else if (i.type === 'tor' && CLASS_RANK.tor * 10 < rank) {
        cls = 'tor'; rank = CLASS_RANK.tor * 10; provider = i.label; classSource = `indicator ${i.id}: ${i.label} (${i.value})`;
      }
    }
    if (asnInds) for (const k of asnInds) if (this.ind.active[k].action === 'allow') allow ??= this.ind.active[k];
    if (hasAs) {
      const a = this.cat.asns.get(asn);
      if (a && a.rank < rank) {
        cls = a.cls; rank = a.rank; classSource = a.source;
        provider = a.source.startsWith('curated') ? a.provider : org || a.provider;
      }
      const pi = this.orgPattern(orgIdx);
      if (pi >= 0) {
        const pat = ORG_PATTERNS[pi];
        const r = CLASS_RANK[pat.cls] * 10 + 3;
        if (r < rank) {
          cls = pat.cls; rank = r; provider = org;
          classSource = this.asSource(asn, orgIdx, org, pat.label);
        }
      }
      if (cls === 'unknown') {
        cls = 'business'; provider = org || undefined;
        classSource = this.asSource(asn, orgIdx, org, undefined);
      }
    }

    // The company's own declared egress wins over every catalogue (its VPN may sit on a hosting network).
    if (allow) {
      cls = 'corporate'; provider = allow.label;
      classSource = `trusted egress declared by ${allow.source ?? 'the company'}: ${allow.label} (${allow.type} ${allow.value})`;
    }

    // --- risks
    let risks = NO_RISKS;
    const inKpRange = w === undefined && n >= KP_START && n <= KP_END;
    const kpAs = hasAs ? KP_ASNS.get(asn) : undefined;
    if (inKpRange || kpAs || geo?.country === 'KP') {
      const kp: string[] = [];
      if (inKpRange) kp.push(`175.45.176.0/22 is North Korea's public address space`);
      if (kpAs) kp.push(`AS${asn} ${kpAs} (North Korea)`);
      if (geo?.country === 'KP') kp.push(this.kpGeoReason);
      risks = [{ tag: 'kp', reason: kp.join('; ') }];
      if (geo?.country !== 'KP') geo = KP_PLACE;
    }
    const rc = geo ? RISK_COUNTRY[geo.country ?? ''] : undefined;
    if (rc) {
      const as = hasAs ? `; AS${asn} ${org}` : '';
      risks = [...risks, { tag: rc.tag, reason: `${this.geoLabel} places it in ${rc.name} (${geo!.country}${geo!.region ? `, ${geo!.region}` : ''})${as}` }];
    }
    if (inds.length || asnInds) risks = this.addIndicatorRisks(risks, inds, asnInds);

    // one object shape for every result (absent facts are undefined), so consumers stay monomorphic
    return { ip, geo, geoSecond: geo2, asn: hasAs ? asn : undefined, asOrg: org || undefined, netClass: cls, provider: provider || undefined, classSource, risks };
  }

  private privateIntel(ip: string, entry: ClassEntry, inds: readonly number[]): IpIntel {
    const risks = inds.length ? this.addIndicatorRisks(NO_RISKS, inds, undefined) : NO_RISKS;
    return { ip, geo: undefined, geoSecond: undefined, asn: undefined, asOrg: undefined, netClass: 'private', provider: undefined, classSource: entry.source, risks };
  }

  /** Evidence text for an ASN-decided class, memoised per (AS, organisation): no string building per lookup. */
  private asSource(asn: number, orgIdx: number, org: string, patternLabel: string | undefined): string {
    const key = orgIdx * 4294967296 + asn;
    let s = this.asSources.get(key);
    if (s === undefined) {
      s = patternLabel
        ? `AS${asn} organisation "${org}" matches ${patternLabel}`
        : `AS${asn} "${org}" is in no VPN/hosting/mobile/ISP catalogue (default business)`;
      this.asSources.set(key, s);
    }
    return s;
  }

  private addIndicatorRisks(risks: IpRisk[], inds: readonly number[], asnInds: number[] | undefined): IpRisk[] {
    const out = [...risks];
    for (const k of [...inds, ...(asnInds ?? [])]) {
      const i = this.ind.active[k];
      if (i.type === 'tor' || i.action === 'allow') continue; // a Tor list or an allow entry sets the class, it is not a threat-actor indicator
      out.push({ tag: 'indicator', reason: `indicator ${i.id}: ${i.label} (${i.type} ${i.value})`, indicatorId: i.id });
    }
    return out.length ? out : NO_RISKS;
  }

  private orgPattern(orgIdx: number): number {
    let v = this.orgClass[orgIdx];
    if (v === -1) {
      const org = this.asn.org(orgIdx);
      v = -2;
      if (org) {
        let best = -1;
        for (let i = 0; i < ORG_PATTERNS.length; i++) {
          if (ORG_PATTERNS[i].re.test(org) && (best < 0 || CLASS_RANK[ORG_PATTERNS[i].cls] < CLASS_RANK[ORG_PATTERNS[best].cls])) best = i;
        }
        if (best >= 0) v = best;
      }
      this.orgClass[orgIdx] = v;
    }
    return v;
  }
}
