// A located sign-in in compact form, for detectors that compare places over time (impossible-travel,
// away-from-home, concurrent-operators). State keeps a few of these, never whole events; place names and network
// facts are read back from intel (pop.intel) when a finding is written. Pure.
import type { Population } from '../../core/detector.ts';
import { eventEvidence } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence, NetClass } from '../../core/model.ts';
import { opinionSource, placeName } from '../../core/locate.ts';
import { haversineKm, isCorporateEgress, NOT_A_LOCATION } from './geo.ts';

/** A located sign-in, ~150 bytes of JSON. */
export interface Fix {
  /** event id */
  id: string;
  /** epoch ms */
  t: number;
  ip: string;
  /** network class when observed */
  c: NetClass;
  la: number;
  lo: number;
  /** uncertainty radius, km (see uncertaintyKm) */
  a: number;
  /** vendor device id, when given */
  d?: string;
  /** the vendor's own place, kept only when it disagrees with ours (country or city differ) */
  v?: { country?: string; region?: string; city?: string };
  /** 1 when the opinions about the place disagree beyond their uncertainties (the radius `a` covers them all) */
  x?: 1;
  /**
   * 1 when the identity provider's own place and a database's agree. Two databases agreeing do not count: they
   * share sources and errors (the evaluation's misplaced second lines are often misplaced by both alike).
   */
  k?: 1;
  /** ISO countries the opinions name, sorted, comma-separated ("US", or "CN,IL" when disputed); absent when one names none */
  cc?: string;
}

/**
 * Whether a comparison of two fixes (an impossible hop, a switch between two places) is firm: the two places are in
 * different countries under every opinion, or each is confirmed by the identity provider's place agreeing with a
 * database's. A same-country comparison resting on the databases' city-level opinion alone is not: databases misplace a fifth of residential lines by hundreds of km within a
 * country (a second home line becomes "another state"), while they rarely get the country wrong. Detectors count
 * such comparisons but keep them at medium.
 */
export function firmPair(a: Pick<Fix, 'k' | 'cc'>, b: Pick<Fix, 'k' | 'cc'>): boolean {
  if (a.cc !== undefined && b.cc !== undefined) {
    const bs = b.cc.split(',');
    if (!a.cc.split(',').some((c) => bs.includes(c))) return true; // different countries under every opinion
  }
  return a.k === 1 && b.k === 1;
}

export { CITY_KM, COUNTRY_KM, REGION_KM, uncertaintyKm } from '../../core/locate.ts';

/**
 * The event as a location fix, or undefined when it says nothing about where the person is: no location (neither
 * the database nor the vendor places the IP), a VPN/Tor/relay/SASE/corporate/hosting/private network (geo.ts
 * NOT_A_LOCATION), or — unless `mobile` — a mobile network (carrier-grade NAT gateways and home-routed roaming put
 * phones far from their users). The fix is the combined location (core/locate.ts): where the vendor and the
 * database disagree it is marked disputed (x) and its radius covers both, so no distance rests on one opinion.
 */
export function toFix(ev: EnrichedEvent, mobile: boolean): Fix | undefined {
  const i = ev.intel;
  const l = ev.loc;
  if (!i || !l || !ev.ip) return undefined;
  if (NOT_A_LOCATION.has(i.netClass)) return undefined;
  if (!mobile && i.netClass === 'mobile') return undefined;
  const f: Fix = { id: ev.id, t: ev.time, ip: ev.ip, c: i.netClass, la: round4(l.lat), lo: round4(l.lon), a: Math.round(l.accuracyKm) };
  if (ev.deviceId) f.d = ev.deviceId;
  if (l.disputed) f.x = 1;
  else if (l.opinions.length >= 2 && hasVendor(l)) f.k = 1;
  const cc = countriesOf(l);
  if (cc !== undefined) f.cc = cc;
  const v = ev.vendorGeo;
  const g = i.geo;
  if (v && (v.country || v.city) && (!g || v.country !== g.country || (v.city && g.city && v.city.toLowerCase() !== g.city.toLowerCase()))) {
    f.v = { country: v.country, region: v.region, city: v.city };
  }
  return f;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function hasVendor(l: NonNullable<EnrichedEvent['loc']>): boolean {
  for (const o of l.opinions) if (o.source === 'vendor') return true;
  return false;
}

const countryMemo = new WeakMap<object, string | null>();

/**
 * The countries the opinions name (ISO, upper case as the model keeps them), sorted and comma-separated; undefined
 * when one names none. Memoised per location (the pipeline shares one per IP and vendor place).
 */
function countriesOf(l: NonNullable<EnrichedEvent['loc']>): string | undefined {
  let cc = countryMemo.get(l);
  if (cc === undefined) {
    const set = new Set<string>();
    for (const o of l.opinions) {
      if (!o.country) {
        set.clear();
        break;
      }
      set.add(o.country);
    }
    cc = set.size === 0 ? null : [...set].sort().join(',');
    countryMemo.set(l, cc);
  }
  return cc ?? undefined;
}

export const fixKm = (a: Fix, b: Fix): number => haversineKm(a.la, a.lo, b.la, b.lo);

/** Distance beyond both fixes' uncertainty (≥ 0): how far apart the two places certainly are. */
export const separationKm = (a: Fix, b: Fix, km = fixKm(a, b)): number => Math.max(0, km - a.a - b.a);

/** Successful sign-in in scope (interactive unless told otherwise; `interactive` missing counts as interactive). */
export function isPresence(ev: EnrichedEvent, interactiveOnly: boolean): boolean {
  return ev.kind === 'signin' && ev.outcome === 'success' && !(interactiveOnly && ev.interactive === false);
}

/** The few fields evidence needs: a sign-in kept by reference (its place is re-read from intel). */
/**
 * One presence sign-in, counted into the caller's counters (n = presence sign-ins, skip = not located, loc =
 * located), and its located fix, or undefined when the sign-in is not presence or tells no location.
 */
export function countedFix(
  s: { n: number; skip: number; loc: number },
  ev: EnrichedEvent,
  p: { interactiveOnly: boolean; mobileIsLocation: boolean },
): Fix | undefined {
  if (!isPresence(ev, p.interactiveOnly)) return undefined;
  s.n++;
  const f = toFix(ev, p.mobileIsLocation);
  if (!f) {
    s.skip++;
    return undefined;
  }
  s.loc++;
  return f;
}

export type FixRef = Pick<Fix, 'id' | 't' | 'ip'> & Partial<Fix>;

export const refOf = (f: Fix): FixRef => {
  const r: FixRef = { id: f.id, t: f.t, ip: f.ip };
  if (f.v) r.v = f.v;
  if (f.x) r.x = f.x;
  return r;
};

/** Evidence for a stored fix, in the same shape as eventEvidence (network and place re-read from intel). */
export function fixEvidence(f: FixRef, label: string, pop: Population): Evidence {
  const intel = pop.intel(f.ip);
  const ev = { id: f.id, time: f.t, ip: f.ip, intel, vendorGeo: f.v ? { ...f.v, source: 'vendor' } : undefined } as EnrichedEvent;
  const e = eventEvidence(ev, label);
  if (!e.network && f.c) e.network = { class: f.c };
  if (!e.place && f.la !== undefined && f.lo !== undefined) e.place = { lat: f.la, lon: f.lo, accuracyKm: f.a, source: pop.locate(f.ip)?.best?.source ?? 'vendor' };
  if (f.x) {
    const l = pop.locate(f.ip);
    e.disputed = true;
    if (l) e.opinions = [...l.opinions];
  }
  return e;
}

/**
 * Place name of a stored fix: "Shenyang, Liaoning, CN" (the most precise opinion, or its coordinates when no opinion
 * has names); for a disputed fix every opinion with who holds it: "Denver, Colorado, US (DB-IP) or Austin, Texas,
 * US (the identity provider)".
 */
export function fixPlace(f: FixRef, pop: Population): string {
  const l = pop.locate(f.ip);
  if (f.x && l && l.opinions.length > 1) return l.opinions.map((o) => `${placeName(o)} (${opinionSource(o)})`).join(' or ');
  const g = l?.best ?? pop.intel(f.ip)?.geo;
  const name = g ? placeName(g) : '';
  return name && name !== 'unknown place' ? name : f.la !== undefined && f.lo !== undefined ? `${f.la.toFixed(2)}, ${f.lo.toFixed(2)}` : 'unknown place';
}

/** "Shenyang, Liaoning, CN (AS4837 CHINA UNICOM, residential)" */
export function fixDescription(f: FixRef, pop: Population): string {
  const i = pop.intel(f.ip);
  const net = [i?.asn !== undefined ? `AS${i.asn}` : undefined, i?.asOrg, i?.netClass ?? f.c].filter(Boolean).join(' ');
  return `${fixPlace(f, pop)} (${f.ip}, ${net}${f.x ? `; location disputed, ±${f.a ?? '?'} km` : ''})`;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * Business-class IPs of two fixes, one per /24 (or /48): the only located class that may prove, once everyone is
 * seen, to be corporate egress shared by colleagues (geo.ts isCorporateEgress, which works by prefix). Sorted;
 * a shared empty array when neither is business (no allocation on the common path).
 */
export function businessIps(a: Fix, b: Fix): string[] {
  const ab = a.c === 'business';
  const bb = b.c === 'business';
  if (!ab && !bb) return NONE as string[];
  if (ab && bb && !samePrefix(a.ip, b.ip)) return a.ip < b.ip ? [a.ip, b.ip] : [b.ip, a.ip];
  return [ab ? a.ip : b.ip];
}

/** Index where an IP's /24 (IPv4) or /48 (IPv6) prefix ends (as geo.ts ipPrefix groups them). */
function prefixEnd(ip: string): number {
  if (ip.includes(':')) {
    let n = 0;
    for (let i = 0; i < ip.length; i++) if (ip.charCodeAt(i) === 58 && ++n === 3) return i;
    return ip.length;
  }
  return ip.lastIndexOf('.');
}

/** Same /24 (or /48) without building prefix strings. */
export function samePrefix(x: string, y: string): boolean {
  const n = prefixEnd(x);
  if (n !== prefixEnd(y)) return false;
  for (let i = 0; i < n; i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) return false;
  return true;
}

/** A fix without its device id and counting-only fields (for samples that never show them). */
export const withoutDevice = (f: Fix): Fix => {
  if (f.d === undefined && f.k === undefined && f.cc === undefined) return f;
  const out: Fix = { id: f.id, t: f.t, ip: f.ip, c: f.c, la: f.la, lo: f.lo, a: f.a };
  if (f.v) out.v = f.v;
  if (f.x) out.x = f.x; // (k and cc only serve counting at observe time: samples kept for evidence drop them)
  return out;
};

/** True when any of the IPs is corporate egress (SASE or shared by ≥5 colleagues): such a fix is not a location. */
export function anyCorporateEgress(ips: readonly string[], pop: Population): boolean {
  for (const ip of ips) if (isCorporateEgress(pop.intel(ip), ip, pop)) return true;
  return false;
}

export const fmtKm = (km: number): string => `${Math.round(km).toLocaleString('en-US')} km`;
export const fmtHours = (ms: number): string => {
  const h = Math.abs(ms) / 3_600_000;
  if (h < 1) return `${Math.round(h * 60)} min`;
  return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
};
export const isoMinute = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
