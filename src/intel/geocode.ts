// Claimed home address → Place (source 'directory') with the country-state-city package (loaded lazily on the
// first call: its 8 MB of JSON take ~170 ms). Resolution: country by ISO-2, ISO-3 or name; region by ISO code
// ("TX", "US-TX") or name ("Texas"); city by name within the region, or within the country when no region is
// given and the name is unambiguous (every match within 50 km of the first; "Portland, US" is not).
// Accuracy: a city fix → 20 km. A region fix → the 90th-percentile distance from the region's centroid to its
// listed cities (clamped to 50–1500 km; 300 km when the region lists no cities), so Rhode Island and Texas get
// different radii. A country fix → the same measure over the country's cities (clamped to 100–3000 km; 1000 km
// when unknown). Results are memoised per normalised address.
import { createRequire } from 'node:module';
import type { Address, Place } from '../core/model.ts';

interface CscCountry { name: string; isoCode: string; latitude: string; longitude: string }
interface CscState { name: string; isoCode: string; countryCode: string; latitude?: string | null; longitude?: string | null }
interface CscCity { name: string; countryCode: string; stateCode: string; latitude?: string | null; longitude?: string | null }
interface Csc {
  Country: { getAllCountries(): CscCountry[]; getCountryByCode(c: string): CscCountry | undefined };
  State: { getStatesOfCountry(c: string): CscState[] };
  City: { getCitiesOfState(c: string, s: string): CscCity[]; getCitiesOfCountry(c: string): CscCity[] | undefined };
}

export const GEOCODE_ACCURACY_KM = { city: 20, regionDefault: 300, countryDefault: 1000 } as const;

// ISO 3166-1 alpha-2 → alpha-3 (country-state-city has no alpha-3). XK/XKX (Kosovo) is user-assigned but common.
const ISO3 =
  'AF AFG AX ALA AL ALB DZ DZA AS ASM AD AND AO AGO AI AIA AQ ATA AG ATG AR ARG AM ARM AW ABW AU AUS AT AUT AZ AZE BS BHS BH BHR BD BGD BB BRB BY BLR BE BEL BZ BLZ BJ BEN BM BMU BT BTN BO BOL BA BIH BW BWA BV BVT BR BRA IO IOT BN BRN BG BGR BF BFA BI BDI KH KHM CM CMR CA CAN CV CPV KY CYM CF CAF TD TCD CL CHL CN CHN CX CXR CC CCK CO COL KM COM CG COG CD COD CK COK CR CRI CI CIV HR HRV CU CUB CY CYP CZ CZE DK DNK DJ DJI DM DMA DO DOM TL TLS EC ECU EG EGY SV SLV GQ GNQ ER ERI EE EST ET ETH FK FLK FO FRO FJ FJI FI FIN FR FRA GF GUF PF PYF TF ATF GA GAB GM GMB GE GEO DE DEU GH GHA GI GIB GR GRC GL GRL GD GRD GP GLP GU GUM GT GTM GG GGY GN GIN GW GNB GY GUY HT HTI HM HMD HN HND HK HKG HU HUN IS ISL IN IND ID IDN IR IRN IQ IRQ IE IRL IL ISR IT ITA JM JAM JP JPN JE JEY JO JOR KZ KAZ KE KEN KI KIR KP PRK KR KOR KW KWT KG KGZ LA LAO LV LVA LB LBN LS LSO LR LBR LY LBY LI LIE LT LTU LU LUX MO MAC MK MKD MG MDG MW MWI MY MYS MV MDV ML MLI MT MLT IM IMN MH MHL MQ MTQ MR MRT MU MUS YT MYT MX MEX FM FSM MD MDA MC MCO MN MNG ME MNE MS MSR MA MAR MZ MOZ MM MMR NA NAM NR NRU NP NPL BQ BES NL NLD NC NCL NZ NZL NI NIC NE NER NG NGA NU NIU NF NFK MP MNP NO NOR OM OMN PK PAK PW PLW PS PSE PA PAN PG PNG PY PRY PE PER PH PHL PN PCN PL POL PT PRT PR PRI QA QAT RE REU RO ROU RU RUS RW RWA SH SHN KN KNA LC LCA PM SPM VC VCT BL BLM MF MAF WS WSM SM SMR ST STP SA SAU SN SEN RS SRB SC SYC SL SLE SG SGP SK SVK SI SVN SB SLB SO SOM ZA ZAF GS SGS SS SSD ES ESP LK LKA SD SDN SR SUR SJ SJM SZ SWZ SE SWE CH CHE SY SYR TW TWN TJ TJK TZ TZA TH THA TG TGO TK TKL TO TON TT TTO TN TUN TR TUR TM TKM TC TCA TV TUV UG UGA UA UKR AE ARE GB GBR US USA UM UMI UY URY UZ UZB VU VUT VA VAT VE VEN VN VNM VG VGB VI VIR WF WLF EH ESH YE YEM ZM ZMB ZW ZWE XK XKX CW CUW SX SXM';

/** Common names and abbreviations that differ from country-state-city's spelling. */
const COUNTRY_ALIASES: Record<string, string> = {
  usa: 'US', 'united states of america': 'US', america: 'US', uk: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  'south korea': 'KR', korea: 'KR', 'republic of korea': 'KR', 'north korea': 'KP', dprk: 'KP', russia: 'RU', 'russian federation': 'RU',
  vietnam: 'VN', 'viet nam': 'VN', uae: 'AE', 'czech republic': 'CZ', czechia: 'CZ', 'ivory coast': 'CI', 'the netherlands': 'NL',
  holland: 'NL', taiwan: 'TW', iran: 'IR', syria: 'SY', laos: 'LA', bolivia: 'BO', venezuela: 'VE', tanzania: 'TZ', moldova: 'MD',
  macedonia: 'MK', 'north macedonia': 'MK', burma: 'MM', 'hong kong': 'HK', macau: 'MO', palestine: 'PS',
};

const norm = (s: string): string =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[.'’]/g, '').replace(/\s+/g, ' ').trim();

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** 90th-percentile distance from (lat, lon) to the cities, clamped; undefined when there are too few cities. */
function spreadKm(lat: number, lon: number, cities: CscCity[], min: number, max: number): number | undefined {
  const d: number[] = [];
  for (const c of cities) {
    const la = Number(c.latitude), lo = Number(c.longitude);
    if (c.latitude && c.longitude && Number.isFinite(la) && Number.isFinite(lo)) d.push(haversineKm(lat, lon, la, lo));
  }
  if (d.length < 3) return undefined;
  d.sort((a, b) => a - b);
  return Math.round(Math.min(max, Math.max(min, d[Math.floor(d.length * 0.9)])));
}

export class Geocoder {
  private csc: Csc | undefined;
  private byName: Map<string, string> | undefined;
  private readonly iso3 = new Map<string, string>();
  private readonly cache = new Map<string, Place | undefined>();
  private readonly spread = new Map<string, number | undefined>();

  constructor() {
    const t = ISO3.split(' ');
    for (let i = 0; i < t.length; i += 2) this.iso3.set(t[i + 1], t[i]);
  }

  private lib(): Csc {
    if (!this.csc) this.csc = createRequire(import.meta.url)('country-state-city') as Csc;
    return this.csc;
  }

  /** ISO-2 country code for an ISO-2, ISO-3 code or a country name. */
  countryCode(text: string | undefined): string | undefined {
    if (!text) return undefined;
    const t = text.trim();
    const up = t.toUpperCase();
    if (/^[A-Z]{2}$/.test(up)) return this.lib().Country.getCountryByCode(up) ? up : undefined;
    if (/^[A-Z]{3}$/.test(up) && this.iso3.has(up)) return this.iso3.get(up);
    const n = norm(t);
    if (COUNTRY_ALIASES[n]) return COUNTRY_ALIASES[n];
    if (!this.byName) {
      this.byName = new Map();
      for (const c of this.lib().Country.getAllCountries()) this.byName.set(norm(c.name), c.isoCode);
    }
    return this.byName.get(n);
  }

  countryName(iso2: string): string | undefined {
    return this.lib().Country.getCountryByCode(iso2.toUpperCase())?.name;
  }

  findRegion(iso2: string, text: string | undefined): CscState | undefined {
    if (!text) return undefined;
    const states = this.lib().State.getStatesOfCountry(iso2);
    let up = text.trim().toUpperCase();
    // ISO 3166-2 with the country prefix: "US-TX"
    if (up.startsWith(`${iso2}-`)) up = up.slice(iso2.length + 1);
    const n = norm(text);
    return (
      states.find((s) => s.isoCode.toUpperCase() === up) ??
      states.find((s) => norm(s.name) === n) ??
      // "Gyeonggi" for "Gyeonggi Province", "Île-de-France Region"...
      states.find((s) => norm(s.name).replace(/ (province|region|state|prefecture|oblast|county|district)$/, '') === n)
    );
  }

  regionName(iso2: string, region: string): string | undefined {
    return this.findRegion(iso2.toUpperCase(), region)?.name;
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
    const iso2 = this.countryCode(a.country);
    if (!iso2) return undefined;
    const { City, Country } = this.lib();
    const country = Country.getCountryByCode(iso2)!;
    const state = this.findRegion(iso2, a.region);
    if (a.locality) {
      const n = norm(a.locality);
      const pool = state ? City.getCitiesOfState(iso2, state.isoCode) : (City.getCitiesOfCountry(iso2) ?? []);
      const found = pool.filter((c) => norm(c.name) === n && c.latitude && c.longitude);
      // Without a region a name can be ambiguous ("Portland, US": 9 states). Use it only when every candidate
      // lies within 50 km of the first; otherwise the claim is only as precise as the country.
      const city = found.length > 0 && found.every((c) => haversineKm(Number(found[0].latitude), Number(found[0].longitude), Number(c.latitude), Number(c.longitude)) <= 50) ? found[0] : undefined;
      if (city && city.latitude && city.longitude) {
        const st = state ?? this.lib().State.getStatesOfCountry(iso2).find((s) => s.isoCode === city.stateCode);
        return place(iso2, st?.name, city.name, Number(city.latitude), Number(city.longitude), GEOCODE_ACCURACY_KM.city);
      }
    }
    if (state && state.latitude && state.longitude) {
      const lat = Number(state.latitude), lon = Number(state.longitude);
      const k = `${iso2}-${state.isoCode}`;
      if (!this.spread.has(k)) this.spread.set(k, spreadKm(lat, lon, City.getCitiesOfState(iso2, state.isoCode), 50, 1500));
      return place(iso2, state.name, undefined, lat, lon, this.spread.get(k) ?? GEOCODE_ACCURACY_KM.regionDefault);
    }
    const lat = Number(country.latitude), lon = Number(country.longitude);
    if (!this.spread.has(iso2)) this.spread.set(iso2, spreadKm(lat, lon, City.getCitiesOfCountry(iso2) ?? [], 100, 3000));
    return place(iso2, undefined, undefined, lat, lon, this.spread.get(iso2) ?? GEOCODE_ACCURACY_KM.countryDefault);
  }
}

function place(country: string, region: string | undefined, city: string | undefined, lat: number, lon: number, accuracyKm: number): Place {
  const p: Place = { country, source: 'directory', accuracyKm };
  if (region) p.region = region;
  if (city) p.city = city;
  if (Number.isFinite(lat) && Number.isFinite(lon)) { p.lat = lat; p.lon = lon; }
  return p;
}

/** Use the structured fields; fall back to "City, Region, Country" (or "City, Country") from `formatted`. */
function splitFormatted(a: Address): { locality?: string; region?: string; country?: string } {
  if (a.country || a.region || a.locality || !a.formatted) return { locality: a.locality, region: a.region, country: a.country };
  const parts = a.formatted.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  if (parts.length >= 3) {
    // "Austin, TX 78701, US" → strip a trailing postal code from the region part
    const region = parts[parts.length - 2].replace(/\s+[\dA-Z]{3,}[-\s]?[\dA-Z]*$/i, (m) => (/\d/.test(m) ? '' : m)).trim();
    return { locality: parts[parts.length - 3], region, country: parts[parts.length - 1] };
  }
  if (parts.length === 2) return { locality: parts[0], country: parts[1] };
  return { country: parts[0] };
}
