// Where a sign-in was made, from every opinion there is about its IP: the identity provider's own geolocation (Entra
// `location`, Okta `client.geographicalContext`, Sentinel `LocationDetails`) and the local database's (DB-IP or
// GeoLite2). A location is an opinion, not a fact: databases disagree with each other and with the vendor, by
// hundreds of km for residential lines. Where the opinions agree (each within the other's uncertainty), the fix is
// as precise as the best one. Where they disagree, the fix is marked disputed and its uncertainty covers every
// opinion, so nothing built on distances (impossible travel, two operators, away from home, a laptop farm's
// distance to claimed homes) can rest on one opinion alone. Pure.
import { haversineKm } from './geo.ts';
import type { Located, Place } from './model.ts';

export type { Located } from './model.ts';

/** Radius used when a place gives no accuracy: a city fix, a region (state) fix, a country-level fix. */
export const CITY_KM = 50;
export const REGION_KM = 250;
/** A country-level fix sits at the country's centroid (GeoLite2 puts unlocated US addresses in Kansas). */
export const COUNTRY_KM = 2000;

/** Radius (km) within which the true location lies: the place's accuracy, else by its granularity. */
export function uncertaintyKm(p: Place): number {
  if (p.accuracyKm !== undefined && p.accuracyKm > 0) return p.accuracyKm;
  return p.city ? CITY_KM : p.region ? REGION_KM : COUNTRY_KM;
}

const hasCoords = (p: Place | undefined): p is Place & { lat: number; lon: number } =>
  p !== undefined && p.lat !== undefined && p.lon !== undefined && Number.isFinite(p.lat) && Number.isFinite(p.lon);

/**
 * Combine the opinions about one IP. `db` is the local database's place (the first opinion), `others` any more
 * (the vendor's, a second database's). Opinions without coordinates are left out; undefined when none has any.
 */
export function locate(db: Place | undefined, ...others: (Place | undefined)[]): Located | undefined {
  const ops: (Place & { lat: number; lon: number })[] = [];
  if (hasCoords(db)) ops.push(db);
  for (const o of others) if (hasCoords(o)) ops.push(o);
  if (ops.length === 0) return undefined;
  if (ops.length > 1) ops.sort((a, b) => uncertaintyKm(a) - uncertaintyKm(b));
  const best = ops[0];
  if (ops.length === 1) return { lat: best.lat, lon: best.lon, accuracyKm: uncertaintyKm(best), disputed: false, spreadKm: 0, opinions: ops, best };
  // Pairwise agreement, and the two farthest opinions.
  let agree = true;
  let spread = -1;
  let fa = 0;
  let fb = 1;
  for (let i = 0; i < ops.length; i++) {
    for (let j = i + 1; j < ops.length; j++) {
      const km = haversineKm(ops[i].lat, ops[i].lon, ops[j].lat, ops[j].lon);
      if (km > uncertaintyKm(ops[i]) + uncertaintyKm(ops[j])) agree = false;
      if (km > spread) {
        spread = km;
        fa = i;
        fb = j;
      }
    }
  }
  if (agree) return { lat: best.lat, lon: best.lon, accuracyKm: uncertaintyKm(best), disputed: false, spreadKm: spread, opinions: ops, best };
  // Disputed: centre between the two farthest opinions, radius covering every opinion with its own uncertainty.
  const [lat, lon] = midpoint(ops[fa].lat, ops[fa].lon, ops[fb].lat, ops[fb].lon);
  let r = 0;
  for (const o of ops) r = Math.max(r, haversineKm(lat, lon, o.lat, o.lon) + uncertaintyKm(o));
  return { lat, lon, accuracyKm: Math.ceil(r), disputed: true, spreadKm: spread, opinions: ops, best: undefined };
}

const RAD = Math.PI / 180;

/** Great-circle midpoint of two points (degrees). */
export function midpoint(aLat: number, aLon: number, bLat: number, bLon: number): [number, number] {
  const p1 = aLat * RAD;
  const p2 = bLat * RAD;
  const l1 = aLon * RAD;
  const dl = (bLon - aLon) * RAD;
  const bx = Math.cos(p2) * Math.cos(dl);
  const by = Math.cos(p2) * Math.sin(dl);
  const lat = Math.atan2(Math.sin(p1) + Math.sin(p2), Math.sqrt((Math.cos(p1) + bx) ** 2 + by ** 2));
  const lon = l1 + Math.atan2(by, Math.cos(p1) + bx);
  return [Math.round((lat / RAD) * 1e4) / 1e4, Math.round((((lon / RAD + 540) % 360) - 180) * 1e4) / 1e4];
}

/** Who said it, for explanations: "the identity provider", "DB-IP", "GeoLite2", "our intel". */
export function opinionSource(p: Place): string {
  switch (p.source) {
    case 'vendor':
      return 'the identity provider';
    case 'dbip':
      return 'DB-IP';
    case 'geolite2':
      return 'GeoLite2';
    case 'indicator':
      return 'our intel';
    default:
      return p.source;
  }
}

/** "Austin, Texas, US" (or its coordinates when it has no names). */
export function placeName(p: Place): string {
  const n = [p.city, p.region, p.country].filter((x) => x && x.length > 0).join(', ');
  return n || (p.lat !== undefined && p.lon !== undefined ? `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}` : 'unknown place');
}

/** "disputed: DB-IP places it in Denver, Colorado, US, the identity provider in Austin, Texas, US (1,234 km apart)" */
export function disputeText(l: Located): string {
  const parts = l.opinions.map((o) => `${opinionSource(o)} in ${placeName(o)}`);
  return `disputed: ${parts.join(', ')} (${Math.round(l.spreadKm).toLocaleString('en-US')} km apart; the fix covers all, ±${Math.round(l.accuracyKm).toLocaleString('en-US')} km)`;
}

/**
 * The vendor's place with coordinates: as given, or its city/region/country geocoded (the claimed-home gazetteer),
 * kept only when the gazetteer agrees on the country. Undefined when it cannot be placed. Shared by the pipeline and
 * the UI's sign-in map, so both place a vendor opinion the same way.
 */
export function vendorPoint(v: Place, geocode: (a: { locality?: string; region?: string; country?: string }) => Place | undefined): Place | undefined {
  if (v.lat !== undefined && v.lon !== undefined) return v;
  const g = v.country ? geocode({ locality: v.city, region: v.region, country: v.country }) : undefined;
  return g && g.lat !== undefined && g.lon !== undefined && g.country === v.country
    ? { ...v, lat: g.lat, lon: g.lon, accuracyKm: v.accuracyKm ?? g.accuracyKm, source: 'vendor' }
    : undefined;
}
