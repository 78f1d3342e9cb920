// Shared detector helpers: distances, whether an event's IP is a real location fix, corporate egress. Pure.
import type { Population } from '../../core/detector.ts';
import { haversineKm, ipPrefix } from '../../core/geo.ts';
import type { EnrichedEvent, IpIntel, Place } from '../../core/model.ts';

export { haversineKm } from '../../core/geo.ts';

export function placeDistanceKm(a: Place, b: Place): number | undefined {
  if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined) return undefined;
  return haversineKm(a.lat, a.lon, b.lat, b.lon);
}

/** Human label for a place: "Austin, Texas, US". */
export function placeLabel(p: Place | undefined): string {
  if (!p) return 'unknown place';
  return [p.city, p.region, p.country].filter((x) => x && x.length > 0).join(', ') || 'unknown place';
}

/** Network classes whose IP says nothing about where the person is (corporate: the company's declared egress). */
export const NOT_A_LOCATION = new Set(['vpn', 'tor', 'relay', 'sase', 'corporate', 'hosting', 'private']);

/** /24 (IPv4) or /48 (IPv6) prefix of an IP, for grouping egress addresses. */
export { ipPrefix };

/**
 * True when the IP is corporate egress: egress the company declared its own (class corporate), a SASE/proxy
 * network from the catalogue, or a hosting/VPN/business network shared by at least `shared.corporateEgressMinPeople`
 * distinct colleagues (a company proxy no catalogue knows). Residential IPs are never egress here: many people on
 * one residential IP is the laptop-farm signal, not a proxy.
 */
export function isCorporateEgress(intel: IpIntel | undefined, ip: string, pop: Population): boolean {
  if (!intel) return false;
  if (intel.netClass === 'sase' || intel.netClass === 'corporate') return true;
  if (intel.netClass !== 'hosting' && intel.netClass !== 'vpn' && intel.netClass !== 'business') return false;
  return egressPeople(pop, ip) >= pop.shared.corporateEgressMinPeople;
}

/** Distinct people seen on the IP's /24 (or /48). */
export function egressPeople(pop: Population, ip: string): number {
  return pop.peopleOnPrefix(ip).size;
}

/**
 * True when the event's IP tells where the person physically is: a residential, business, mobile or unknown
 * network with coordinates. VPN, Tor, relay, SASE and hosting fixes are the provider's location, not the person's.
 */
export function isLocationFix(ev: EnrichedEvent): boolean {
  const i = ev.intel;
  if (!i || !i.geo || i.geo.lat === undefined) return false;
  return !NOT_A_LOCATION.has(i.netClass);
}

/**
 * Hour of day (0-24, fractional) of an epoch-ms time in an IANA zone. The zone's UTC offset is looked up once per
 * zone and UTC hour (Intl is slow) and cached, so this is a map lookup per event.
 */
export function localHour(ms: number, timeZone: string): number {
  const local = (((ms / 60_000 + offsetMinutesCached(ms, timeZone)) % 1440) + 1440) % 1440;
  return local / 60;
}

/** The zone's UTC offset in minutes at an instant, cached per zone and UTC hour (exact where offsets change on the hour). */
export function offsetMinutesCached(ms: number, timeZone: string): number {
  const hourIndex = Math.floor(ms / 3_600_000);
  let zone = zoneCache.get(timeZone);
  if (zone === undefined) zoneCache.set(timeZone, (zone = new Map()));
  let offsetMin = zone.get(hourIndex);
  if (offsetMin === undefined) {
    offsetMin = zoneOffsetMinutes(hourIndex * 3_600_000, timeZone);
    if (zone.size > 100_000) zone.clear();
    zone.set(hourIndex, offsetMin);
  }
  return offsetMin;
}

/** zone → UTC hour index → offset in minutes */
const zoneCache = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** UTC offset of a zone at an instant, in minutes (e.g. -300 for US Central in winter). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute);
  return Math.round((asUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}
