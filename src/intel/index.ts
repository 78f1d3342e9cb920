// Offline IP and place intelligence: implements IntelPort (src/core/pipeline.ts).
//   lookupIp(ip)   → place (GeoLite2 City, or DB-IP Lite City with geoSource 'dbip' / SLEETWATCH_GEO=dbip),
//                    ASN + organisation, network class with provider and evidence, risks
//   geocode(addr)  → claimed home address → place (gazetteer derived from the same geo source, see gazetteer.ts)
// Nothing here touches the network: all data comes from installed packages and data/intel (see ATTRIBUTION.md).
import { toolHitsOf } from './endpoint-tools.ts';
import { join, resolve } from 'node:path';
import type { IntelPort } from '../core/pipeline.ts';
import type { Address, IpIntel, Place } from '../core/model.ts';
import { asnPackage, defaultCacheDir, openAsnDb } from './asn.ts';
import { defaultCatalogDir, loadCatalog } from './catalog.ts';
import { GEO_SOURCES, openGeo, resolveGeoSource, resolveGeoSources, type GeoSource } from './geo.ts';
import { countryName as nameOfCountry } from './country.ts';
import { Geocoder } from './geocode.ts';
import { buildIndicatorIndex, type IndicatorIndex } from './indicator-index.ts';
import { mergeIndicators, readIndicatorStore, type Indicator } from './indicators.ts';
import { IntelLookup } from './service.ts';

export { refreshIntel, type RefreshReport, type CatalogSource } from './refresh.ts';
export {
  importIndicators,
  parseIndicatorsCsv,
  parseStixBundle,
  trustedEgressIndicators,
  Indicator,
  IndicatorType,
  type IndicatorParse,
  type IndicatorRejection,
} from './indicators.ts';
export { ACCURACY_KM, DEFAULT_GEO_SOURCE, GEO_ENV, GEO_SOURCES, resolveGeoSource, resolveGeoSources, type GeoSource } from './geo.ts';
export { GEOCODE_ACCURACY_KM, SAME_PLACE_KM, DOMINANT_SHARE } from './geocode.ts';
export { CLASS_RANK } from './catalog.ts';
export { matchRemoteAccess, remoteAccessMatcher, type RemoteAccessMatch, type RemoteAccessObservation, type RemoteAccessTool } from './remote-access/index.ts';

export interface IntelLoadStats {
  totalMs: number;
  asn: { ms: number; from: 'cache' | 'compiled'; cacheFile: string; version: string; v4Ranges: number; v6Ranges: number };
  /** The active geo source and the npm package (name, version) its data came from. */
  geo: { source: GeoSource; package: string; ms: number; version: string; second?: { source: GeoSource; package: string; version: string } };
  /** Claimed-home gazetteer derived from the geo source (compiled on the first start after an install/update). */
  gazetteer: { ms: number; from: 'cache' | 'compiled'; cacheFile: string; package: string; version: string; countries: number; regions: number; cities: number; buildMs?: number };
  catalog: { ms: number; from: 'cache' | 'compiled'; ranges: number; segments: number; asns: number };
  indicators: { ms: number; active: number; inactive: { id: string; value: string; reason: string }[] };
}

export interface IntelService extends IntelPort {
  /** Everything known about an IP; undefined only for an unparsable IP. Returned objects are shared: read-only. */
  lookupIp(ip: string): IpIntel | undefined;
  /** Claimed home address → place with coordinates (source 'directory'); undefined when the country is unknown. */
  geocode(addr: Address): Place | undefined;
  /** Active (loaded, unexpired) user indicators. */
  readonly indicatorCount: number;
  /** Where IP places and the claimed-home gazetteer come from: 'dbip' (default) or 'geolite2'. */
  readonly geoSource: GeoSource;
  readonly stats: IntelLoadStats;
  close(): void;
}

export interface OpenIntelOptions {
  /** Where `sleetwatch` keeps its state; indicators are read from <dataDir>/intel/indicators.json. Default ./.sleetwatch */
  dataDir?: string;
  /** Extra indicators (e.g. from configuration), merged with the stored ones. */
  indicators?: Indicator[];
  /** The derived catalogue (default: the repository's data/intel). */
  catalogDir?: string;
  /** Compiled-table cache (default: node_modules/.cache/sleetwatch next to @ip-location-db/asn). */
  cacheDir?: string;
  /** Clock for indicator validity (tests). */
  now?: number;
  /**
   * IP geolocation and gazetteer database: 'dbip' (DB-IP Lite City, the default,
   * CC BY 4.0) or 'geolite2' (GeoLite2 City). Default: $SLEETWATCH_GEO, else 'dbip'. An unknown name is an error.
   * Two joined by '+' ('dbip+geolite2') add the second as a second opinion of every place (IpIntel.geoSecond); the
   * gazetteer follows the first.
   */
  geoSource?: GeoSource | `${GeoSource}+${GeoSource}`;
}

/** One geocoder (and gazetteer in memory) per geo source and cache dir; '' is the default dir. */
const geocoders = new Map<string, Geocoder>();
function geocoder(source: GeoSource, cacheDir?: string): Geocoder {
  const key = `${GEO_SOURCES[source].pkg}\0${cacheDir ?? ''}`;
  let g = geocoders.get(key);
  if (!g) geocoders.set(key, (g = new Geocoder(cacheDir, source)));
  return g;
}

/** Country name for an ISO-2 code ("KR" → "South Korea"), for explanations (i18n-iso-countries). */
export function countryName(iso2: string): string | undefined {
  return nameOfCountry(iso2);
}

/**
 * Region name, as the geo source spells it, for a code or name within a country (("US", "TX") → "Texas").
 * source: default as openIntel ($SLEETWATCH_GEO, else 'dbip').
 */
export function regionName(iso2: string, region: string, source?: GeoSource): string | undefined {
  return geocoder(resolveGeoSource(source)).regionName(iso2, region);
}

/** Current ISO 3166-2 subdivision code, without the country prefix, for a region name or code (("US", "Texas") → "TX"). */
export function regionCode(iso2: string, region: string, source?: GeoSource): string | undefined {
  return geocoder(resolveGeoSource(source)).regionCode(iso2, region);
}

export async function openIntel(opts: OpenIntelOptions = {}): Promise<IntelService> {
  const t0 = performance.now();
  const [geoSource, second] = resolveGeoSources(opts.geoSource);
  const dataDir = resolve(opts.dataDir ?? './.sleetwatch');
  const cacheDir = opts.cacheDir ?? defaultCacheDir(asnPackage().dir);
  const geoP = openGeo(geoSource);
  const geo2P = second ? openGeo(second) : undefined;
  const asn = openAsnDb(cacheDir);
  const cat = loadCatalog(opts.catalogDir ?? defaultCatalogDir(), cacheDir);
  const ti = performance.now();
  const stored = readIndicatorStore(dataDir);
  const all = opts.indicators?.length ? mergeIndicators(stored, opts.indicators).merged : stored;
  const ind: IndicatorIndex = buildIndicatorIndex(all, opts.now ?? Date.now());
  const indMs = performance.now() - ti;
  const geo = await geoP;
  const geo2 = await geo2P;
  const lookup = new IntelLookup(cat, asn, geo, ind, geo2);
  const gc = geocoder(geoSource, opts.cacheDir);
  const stats: IntelLoadStats = {
    totalMs: performance.now() - t0,
    asn: { ms: asn.loaded.ms, from: asn.loaded.from, cacheFile: asn.loaded.cacheFile, version: asn.version, v4Ranges: asn.v4Ranges, v6Ranges: asn.v6Ranges },
    geo: { source: geo.source, package: geo.pkg, ms: geo.ms, version: geo.version, ...(geo2 ? { second: { source: geo2.source, package: geo2.pkg, version: geo2.version } } : {}) },
    // The gazetteer is loaded at the first geocoding (a home address, a vendor place without coordinates) or when
    // these stats are read, not at start: a scan of sign-ins with coordinates never needs it.
    get gazetteer() {
      const gz = gc.gazetteer();
      return {
        ms: gz.loaded.ms, from: gz.loaded.from, cacheFile: gz.loaded.cacheFile, package: gz.pkg, version: gz.version,
        countries: gz.countries.length, regions: gz.regions.length, cities: gz.cities.length,
        ...(gz.loaded.from === 'compiled' ? { buildMs: gz.build.ms } : {}),
      };
    },
    catalog: { ms: cat.stats.ms, from: cat.stats.from, ranges: cat.stats.ranges, segments: cat.stats.segments, asns: cat.stats.asns },
    indicators: { ms: indMs, active: ind.active.length, inactive: ind.inactive.map((x) => ({ id: x.indicator.id, value: x.indicator.value, reason: x.reason })) },
  };
  return {
    lookupIp: (ip) => lookup.lookupIp(ip),
    geocode: (addr) => gc.geocode(addr),
    tools: toolHitsOf,
    indicatorCount: ind.active.length,
    geoSource,
    stats,
    close: () => { /* all tables are in memory; nothing to release */ },
  };
}

/** The default indicator store path for a data dir (for CLI messages). */
export const indicatorsFile = (dataDir: string): string => join(resolve(dataDir), 'intel', 'indicators.json');
