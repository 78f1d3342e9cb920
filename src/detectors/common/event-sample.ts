// Compact evidence samples for bounded detector state, and helpers shared by the network detectors
// (high-risk-network, anonymising-infra, working-hours, shared-infrastructure). Pure.
//
// A detector state keeps at most a few samples per kind. A sample stores only what cannot be looked up again:
// event id, time, IP and — when it disagrees with our own geolocation — the vendor's place. Network class, ASN,
// organisation and our place are re-derived from the IP at evaluate time through `pop.intel(ip)` (the intel is
// cached per IP), so evidence stays complete while the state stays small.
import type { Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence, NetClass, Place } from '../../core/model.ts';

export const DAY_MS = 86_400_000;

/**
 * Vendor event types of sign-in attempts. The sources mark only SUCCESSFUL sign-ins `kind: 'signin'`; a failed or
 * interrupted attempt is kept as `kind: 'audit'` with its vendor type (src/sources: Entra 'Sign-in activity',
 * Okta 'user.session.start', Google 'login_failure' / 'login_challenge').
 */
const SIGNIN_ATTEMPT_TYPES = new Set(['Sign-in activity', 'user.session.start', 'login_failure', 'login_challenge', 'login_verification']);

/** True for a sign-in attempt that did not succeed (failure, challenge or unknown outcome). */
export const isFailedSignIn = (ev: EnrichedEvent): boolean =>
  ev.outcome !== 'success' && (ev.kind === 'signin' || SIGNIN_ATTEMPT_TYPES.has(ev.type));

/** UTC day number of an epoch-ms time (for counting distinct days with a "last day seen" counter). */
export const dayIndex = (ms: number): number => Math.floor(ms / DAY_MS);

export interface EventSample {
  /** event id */
  id: string;
  /** epoch ms */
  t: number;
  ip?: string;
  /** vendor place, only when it disagrees with our geolocation (country or city) */
  vg?: { country?: string; region?: string; city?: string };
  /** 1 when the sign-in failed */
  x?: 1;
}

/** True when the vendor's place disagrees with ours (different country, or same country and different city). */
export function vendorDisagrees(ev: EnrichedEvent): boolean {
  const v = ev.vendorGeo;
  const g = ev.intel?.geo;
  if (!v || !v.country) return false;
  if (!g || !g.country) return true;
  if (v.country.toUpperCase() !== g.country.toUpperCase()) return true;
  return !!(v.city && g.city && v.city.toLowerCase() !== g.city.toLowerCase());
}

export function sampleOf(ev: EnrichedEvent): EventSample {
  const s: EventSample = { id: ev.id, t: ev.time };
  if (ev.ip) s.ip = ev.ip;
  if (vendorDisagrees(ev)) {
    const v = ev.vendorGeo!;
    s.vg = { country: v.country, region: v.region || undefined, city: v.city || undefined };
  }
  if (ev.outcome !== 'success') s.x = 1;
  return s;
}

/**
 * Keep at most `max` samples, preferring successful sign-ins: a success replaces the oldest failure once full.
 * The first samples are kept (the earliest evidence), which makes the evidence stable across re-runs.
 */
export function addSample(list: EventSample[], ev: EnrichedEvent, max: number): void {
  if (list.length < max) {
    list.push(sampleOf(ev));
    return;
  }
  if (ev.outcome === 'success') {
    const i = list.findIndex((s) => s.x === 1);
    if (i >= 0) list[i] = sampleOf(ev);
  }
}

/** Evidence for a stored sample: the same shape as eventEvidence(), with network and place from the intel. */
export function sampleEvidence(s: EventSample, label: string, pop: Population): Evidence {
  const intel = s.ip ? pop.intel(s.ip) : undefined;
  const e: Evidence = {
    type: 'event',
    label: s.x ? `${label} (failed sign-in)` : label,
    eventId: s.id,
    time: new Date(s.t).toISOString(),
  };
  if (s.ip) e.ip = s.ip;
  if (intel) {
    e.network = { class: intel.netClass as NetClass, asn: intel.asn, org: intel.asOrg, provider: intel.provider };
    if (intel.geo) e.place = intel.geo;
  }
  if (s.vg) e.vendorPlace = { ...s.vg, source: 'vendor' } as Place;
  return e;
}

/** "AS4837 China Unicom" / provider name / class, for plain-language explanations. */
export function networkLabel(ip: string, pop: Population): string {
  const i = pop.intel(ip);
  if (!i) return 'unknown network';
  const as = i.asn !== undefined ? `AS${i.asn}${i.asOrg ? ' ' + i.asOrg : ''}` : i.asOrg;
  if (i.provider && as) return as.toLowerCase().includes(i.provider.toLowerCase()) ? as : `${i.provider} (${as})`;
  return i.provider ?? as ?? i.netClass;
}

export const pct = (part: number, whole: number): string => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : '0%');

export const isoOf = (ms: number): string => new Date(ms).toISOString();
