// Claimed home address → Place (source 'directory') from the gazetteer derived from the geo source's city database
// (gazetteer.ts; GeoLite2 City by default, or DB-IP Lite City; loaded on the first call, ~20 ms from its cache).
// Names below are GeoLite2's; DB-IP spells a few regions differently ("Delhi"), which the region tables list
// among their other names. Resolution:
//   country  ISO-2, ISO-3 or English name (country.ts);
//   region   ISO 3166-2 code from regions.ts ("TX", "US-TX", "NSW", "KA") or a GeoLite2 region name, compared
//            without accents, punctuation or a generic prefix/suffix ("Gyeonggi" = "Gyeonggi-do",
//            "Berlin" = "State of Berlin"); US outlying areas ("PR") move the address to their own country code;
//   city     by name within the region, else within the country; failing that by a former/other name
//            (CITY_ALIASES: "Bangalore" → Bengaluru) or without a generic suffix ("Seongnam" = "Seongnam-si",
//            "Ho Chi Minh" = "Ho Chi Minh City"). Same-named candidates are resolved only when they all lie within
//            SAME_PLACE_KM of the largest (by GeoLite2 networks), or the largest holds DOMINANT_SHARE of their
//            networks ("Busan, KR": 99.9% of the networks of the Busans in KR are in the city, not the village in
//            Jeollanam-do); otherwise the claim is only as precise as the region or country ("Portland, US":
//            Oregon 81%, Maine 15%; likewise Washington, Columbus, Kansas City, Springfield).
// Accuracy: a city → its 90th-percentile location spread, clamped to 20–50 km. A region → the 90th-percentile
// distance from its centre to its cities, clamped to 50–1500 km (300 km with fewer than 3 cities), so Rhode Island
// and Texas get different radii. A country → the same over its cities, clamped to 100–3000 km (1000 km when
// unknown). Results are memoised per normalised address.
import type { Address, Place } from '../core/model.ts';
import { defaultCacheDir } from './asn.ts';
import { countryCode, countryName } from './country.ts';
import { deg, haversineKm, openGazetteer, type Gazetteer } from './gazetteer.ts';
import { DEFAULT_GEO_SOURCE, geoPackage, type GeoSource } from './geo.ts';
import { FORMER_CODES, REGION_CODES, US_OUTLYING, type RegionEntry } from './regions.ts';

export const GEOCODE_ACCURACY_KM = {
  cityMin: 20, cityMax: 50,
  regionMin: 50, regionMax: 1500, regionDefault: 300,
  countryMin: 100, countryMax: 3000, countryDefault: 1000,
} as const;
/** Same-named cities this close to the largest are one place (a city and its suburb listed twice). */
export const SAME_PLACE_KM = 50;
/** Share of the candidates' GeoLite2 networks the largest same-named city needs to be taken without a region. */
export const DOMINANT_SHARE = 0.9;

/**
 * Former or other-language names of cities GeoLite2 lists under one English spelling (keys are placeKey()s;
 * geocode.test.ts checks each target exists). Used only when the name itself is not found in the country, so
 * Bombay, New York still finds the American Bombay.
 */
export const CITY_ALIASES: Record<string, string> = {
  bangalore: 'Bengaluru', bombay: 'Mumbai', calcutta: 'Kolkata', madras: 'Chennai', gurgaon: 'Gurugram',
  poona: 'Pune', mysore: 'Mysuru', trivandrum: 'Thiruvananthapuram', baroda: 'Vadodara', cochin: 'Kochi',
  kiev: 'Kyiv', munchen: 'Munich', koln: 'Cologne', nurnberg: 'Nuremberg', wien: 'Vienna', praha: 'Prague',
  saigon: 'Ho Chi Minh City', peking: 'Beijing', 'den haag': 'The Hague', goteborg: 'Gothenburg', antwerpen: 'Antwerp',
};
const CITY_SUFFIX = / (si|gun|shi|city)$/;

const EXPAND: Record<string, string> = { st: 'saint', ste: 'sainte', ft: 'fort', mt: 'mount' };
/** Lower case, no accents or punctuation, "St." → "saint": "St. Louis" = "Saint Louis" = "st louis". */
export function placeKey(s: string): string {
  const ascii = NON_ASCII.test(s) ? s.normalize('NFKD').replace(COMBINING, '') : s;
  const n = ascii.toLowerCase().replace(DROP, '').replace(SEPARATORS, ' ').trim();
  return ABBREV.test(n) ? n.split(' ').map((w) => EXPAND[w] ?? w).join(' ') : n;
}
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING = /[\u0300-\u036f]/g;
const DROP = /['’`.]/g;
const SEPARATORS = /[^a-z0-9]+/g;
const ABBREV = /(^| )(st|ste|ft|mt)( |$)/;
const PREFIX = /^(state of|free and hanseatic city of|free hanseatic city of|union territory of|national capital territory of|province of|city of|republic of) /;
const SUFFIX = / (province|region|state|prefecture|oblast|krai|county|district|governorate|territory|municipality|do|si|teukbyeolsi|gwangyeoksi|teukbyeoljachido)$/;
/** placeKey without a generic administrative prefix or suffix. */
const bare = (key: string): string => key.replace(PREFIX, '').replace(SUFFIX, '');

interface CountryIndex {
  c: number;
  /** placeKey(name) → region; bare key → region (null when two regions share it) */
  regions: Map<string, number>;
  bareRegions: Map<string, number | null>;
  /** placeKey(city) → [city, region] pairs; the same keyed without a generic suffix */
  cities: Map<string, [number, number][]>;
  bareCities: Map<string, [number, number][]>;
}

export class Geocoder {
  private gz: Gazetteer | undefined;
  private countryIdx: Map<string, number> | undefined;
  private readonly indexes = new Map<string, CountryIndex | null>();
  private readonly cache = new Map<string, Place | undefined>();

  /**
   * cacheDir: where the compiled gazetteer is kept (default node_modules/.cache/sleetwatch);
   * source: the geo database it is derived from (default GeoLite2).
   */
  constructor(private readonly cacheDir?: string, readonly source: GeoSource = DEFAULT_GEO_SOURCE) {}

  /** The gazetteer, loaded (or compiled) on first use. */
  gazetteer(): Gazetteer {
    if (!this.gz) {
      this.gz = openGazetteer(this.cacheDir ?? defaultCacheDir(geoPackage(this.source).dir), this.source);
      this.countryIdx = new Map(this.gz.countries.map((cc, i) => [cc, i]));
    }
    return this.gz;
  }

  /** ISO-2 country code for an ISO-2, ISO-3 code or a country name. */
  countryCode(text: string | undefined): string | undefined {
    return countryCode(text);
  }

  countryName(iso2: string): string | undefined {
    return countryName(iso2);
  }

  /** The source's name of a region given by ISO 3166-2 code or name within a country; undefined when unknown. */
  regionName(iso2: string, region: string): string | undefined {
    const ix = this.index(iso2.toUpperCase());
    const r = ix ? this.findRegion(ix, iso2.toUpperCase(), region) : undefined;
    return r === undefined ? undefined : this.gazetteer().regions[r];
  }

  /** Current ISO 3166-2 subdivision code (without the country prefix) of a region given by code or name. */
  regionCode(iso2: string, region: string): string | undefined {
    const cc = iso2.toUpperCase();
    const table = REGION_CODES[cc];
    if (!table) return undefined;
    const code = stripCountry(cc, region);
    if (table[code]) return code;
    if (FORMER_CODES[cc]?.[code]) return FORMER_CODES[cc][code];
    const name = this.regionName(cc, region);
    if (name === undefined) return undefined;
    const k = placeKey(name);
    return Object.keys(table).find((c) => placeKey(table[c].name) === k) ?? Object.keys(table).find((c) => table[c].also?.some((a) => placeKey(a) === k));
  }

  geocode(addr: Address): Place | undefined {
    const parts = splitFormatted(addr);
    const key = `${parts.locality ?? ''}|${parts.region ?? ''}|${parts.country ?? ''}`.toLowerCase();
    if (this.cache.has(key)) return this.cache.get(key);
    const place = this.resolve(parts);
    this.cache.set(key, place);
    return place;
  }

  private resolve(a: { locality?: string; region?: string; country?: string }): Place | undefined {
    let iso2 = countryCode(a.country);
    if (!iso2) return undefined;
    let regionText = a.region;
    if (iso2 === 'US' && regionText) {
      const up = stripCountry('US', regionText);
      const k = placeKey(regionText);
      const outlying = US_OUTLYING[up] ?? Object.values(US_OUTLYING).find((o) => o.names.some((n) => placeKey(n) === k));
      if (outlying) { iso2 = outlying.country; regionText = undefined; }
    }
    const ix = this.index(iso2);
    if (!ix) return place(iso2, undefined, undefined, NaN, NaN, GEOCODE_ACCURACY_KM.countryDefault);
    const g = this.gazetteer();
    const r = regionText ? this.findRegion(ix, iso2, regionText) : undefined;
    if (a.locality) {
      const k = placeKey(a.locality);
      const inRegion = (list: [number, number][] | undefined): [number, number][] =>
        !list ? [] : r === undefined ? list : list.filter((p) => p[1] === r);
      const exact = inRegion(ix.cities.get(k));
      let y = pickCity(g, exact);
      if (!y && exact.length === 0 && CITY_ALIASES[k]) y = pickCity(g, inRegion(ix.cities.get(placeKey(CITY_ALIASES[k]))));
      // "Seongnam" = "Seongnam-si" (and not the villages named Seongnam): the suffix-less set is a superset
      if (!y) y = pickCity(g, inRegion(ix.bareCities.get(k.replace(CITY_SUFFIX, ''))));
      if (y) {
        const acc = clamp(g.ySpread[y[0]], GEOCODE_ACCURACY_KM.cityMin, GEOCODE_ACCURACY_KM.cityMax, GEOCODE_ACCURACY_KM.cityMin);
        return place(iso2, g.regions[y[1]] || undefined, g.cities[y[0]], deg(g.yLat[y[0]]), deg(g.yLon[y[0]]), acc);
      }
    }
    if (r !== undefined) {
      const acc = clamp(g.rSpread[r], GEOCODE_ACCURACY_KM.regionMin, GEOCODE_ACCURACY_KM.regionMax, GEOCODE_ACCURACY_KM.regionDefault);
      return place(iso2, g.regions[r], undefined, deg(g.rLat[r]), deg(g.rLon[r]), acc);
    }
    const acc = clamp(g.cSpread[ix.c], GEOCODE_ACCURACY_KM.countryMin, GEOCODE_ACCURACY_KM.countryMax, GEOCODE_ACCURACY_KM.countryDefault);
    return place(iso2, undefined, undefined, deg(g.cLat[ix.c]), deg(g.cLon[ix.c]), acc);
  }

  private findRegion(ix: CountryIndex, iso2: string, text: string): number | undefined {
    const up = stripCountry(iso2, text);
    const table = REGION_CODES[iso2];
    if (table) {
      const e = table[up] ?? table[FORMER_CODES[iso2]?.[up] ?? ''];
      if (e) return codedRegion(ix, e);
    }
    const k = placeKey(text);
    return ix.regions.get(k) ?? ix.bareRegions.get(bare(k)) ?? undefined;
  }

  /** Name indexes of one country, built on first use (the US, with 20k cities, takes ~15 ms). */
  private index(iso2: string): CountryIndex | undefined {
    let ix = this.indexes.get(iso2);
    if (ix !== undefined) return ix ?? undefined;
    const g = this.gazetteer();
    const c = this.countryIdx!.get(iso2);
    if (c === undefined) {
      this.indexes.set(iso2, null);
      return undefined;
    }
    ix = { c, regions: new Map(), bareRegions: new Map(), cities: new Map(), bareCities: new Map() };
    for (let r = g.cRegion0[c]; r < g.cRegion0[c + 1]; r++) {
      const name = g.regions[r];
      if (name !== '') {
        ix.regions.set(placeKey(name), r);
        addBare(ix.bareRegions, bare(placeKey(name)), r);
      }
      for (let y = g.rCity0[r]; y < g.rCity0[r + 1]; y++) {
        const k = placeKey(g.cities[y]);
        push(ix.cities, k, [y, r]);
        push(ix.bareCities, k.replace(CITY_SUFFIX, ''), [y, r]);
      }
    }
    // Other names of the coded regions ("Bayern", "Delhi", "Chungcheongbuk-do") point at the source's spelling.
    for (const e of Object.values(REGION_CODES[iso2] ?? {})) {
      const r = codedRegion(ix, e);
      if (r === undefined) continue;
      for (const alt of e.also ?? []) {
        if (!ix.regions.has(placeKey(alt))) ix.regions.set(placeKey(alt), r);
        addBare(ix.bareRegions, bare(placeKey(alt)), r);
      }
    }
    this.indexes.set(iso2, ix);
    return ix;
  }
}

/** The gazetteer region of a coded entry: by its GeoLite2 name, else by the first of its other names present. */
function codedRegion(ix: CountryIndex, e: RegionEntry): number | undefined {
  const r = ix.regions.get(placeKey(e.name));
  if (r !== undefined || !e.also) return r;
  for (const alt of e.also) {
    const a = ix.regions.get(placeKey(alt));
    if (a !== undefined) return a;
  }
  return undefined;
}

function push(m: Map<string, [number, number][]>, k: string, v: [number, number]): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function addBare(m: Map<string, number | null>, k: string, r: number): void {
  const had = m.get(k);
  m.set(k, had === undefined || had === r ? r : null);
}

/** "US-TX" → "TX"; "tx" → "TX". */
function stripCountry(iso2: string, text: string): string {
  const up = text.trim().toUpperCase();
  return up.startsWith(`${iso2}-`) ? up.slice(iso2.length + 1) : up;
}

/** The one city meant by a name among same-named candidates (see the header), or undefined. */
function pickCity(g: Gazetteer, cands: [number, number][]): [number, number] | undefined {
  if (cands.length <= 1) return cands[0];
  let top = cands[0], total = 0;
  for (const c of cands) {
    total += g.yNetworks[c[0]];
    if (g.yNetworks[c[0]] > g.yNetworks[top[0]]) top = c;
  }
  const lat = deg(g.yLat[top[0]]), lon = deg(g.yLon[top[0]]);
  if (cands.every((c) => haversineKm(lat, lon, deg(g.yLat[c[0]]), deg(g.yLon[c[0]])) <= SAME_PLACE_KM)) return top;
  return g.yNetworks[top[0]] >= DOMINANT_SHARE * total ? top : undefined;
}

function clamp(spread: number, min: number, max: number, unknown: number): number {
  return spread > 0 ? Math.min(max, Math.max(min, spread)) : unknown;
}

function place(country: string, region: string | undefined, city: string | undefined, lat: number, lon: number, accuracyKm: number): Place {
  const p: Place = { country, source: 'directory', accuracyKm };
  if (region) p.region = region;
  if (city) p.city = city;
  if (Number.isFinite(lat) && Number.isFinite(lon)) { p.lat = Math.round(lat * 1e5) / 1e5; p.lon = Math.round(lon * 1e5) / 1e5; }
  return p;
}

const POSTAL_CODE = /\s+[\dA-Z]{3,}[-\s]?[\dA-Z]*$/i;
/** Characters of a region part the postal-code pattern looks at. */
const POSTAL_TAIL = 32;

/** Use the structured fields; fall back to "City, Region, Country" (or "City, Country") from `formatted`. */
function splitFormatted(a: Address): { locality?: string; region?: string; country?: string } {
  if (a.country || a.region || a.locality || !a.formatted) return { locality: a.locality, region: a.region, country: a.country };
  const parts = a.formatted.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  if (parts.length >= 3) {
    // "Austin, TX 78701, US" → strip a trailing postal code from the region part. The pattern only ever looks at the
    // part's last POSTAL_TAIL characters (no postal code is longer): on a long hostile address its overlapping
    // quantifiers would otherwise backtrack quadratically (issue 7; src/sources/hostile/regex.test.ts).
    const whole = parts[parts.length - 2];
    const cut = Math.max(0, whole.length - POSTAL_TAIL);
    const region = (whole.slice(0, cut) + whole.slice(cut).replace(POSTAL_CODE, (m) => (/\d/.test(m) ? '' : m))).trim();
    return { locality: parts[parts.length - 3], region, country: parts[parts.length - 1] };
  }
  if (parts.length === 2) return { locality: parts[0], country: parts[1] };
  return { country: parts[0] };
}
