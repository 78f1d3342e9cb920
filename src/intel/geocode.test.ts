import { describe, expect, it } from 'vitest';
import { Place } from '../core/model.ts';
import { countryName, regionCode, regionName } from './index.ts';
import { CITY_ALIASES, GEOCODE_ACCURACY_KM, Geocoder, placeKey } from './geocode.ts';
import { haversineKm } from './gazetteer.ts';
import { FORMER_CODES, REGION_CODES, US_OUTLYING } from './regions.ts';

const g = new Geocoder(undefined, 'geolite2'); // names below are GeoLite2's (dbip.test.ts covers DB-IP's)
// Reference points (public coordinates): Texas State Capitol, Austin; Seoul City Hall.
const AUSTIN = { lat: 30.2747, lon: -97.7404 };
const SEOUL = { lat: 37.5663, lon: 126.9779 };
const km = (p: Place, q: { lat: number; lon: number }): number => haversineKm(p.lat!, p.lon!, q.lat, q.lon);
const { cityMin, cityMax } = GEOCODE_ACCURACY_KM;

describe('geocode (claimed home → place)', () => {
  it('Austin, TX, US → the city, 20–50 km', () => {
    const p = g.geocode({ locality: 'Austin', region: 'TX', country: 'US' })!;
    expect(() => Place.parse(p)).not.toThrow();
    expect(p).toMatchObject({ country: 'US', region: 'Texas', city: 'Austin', source: 'directory' });
    expect(p.accuracyKm).toBeGreaterThanOrEqual(cityMin);
    expect(p.accuracyKm).toBeLessThanOrEqual(cityMax);
    expect(km(p, AUSTIN)).toBeLessThan(10);
    // the same from a formatted one-line address with a postal code
    expect(g.geocode({ formatted: 'Austin, TX 78701, US' })).toMatchObject({ city: 'Austin', region: 'Texas', country: 'US' });
  });

  it('Seoul, KR → the city without a region', () => {
    const p = g.geocode({ formatted: 'Seoul, KR' })!;
    expect(p).toMatchObject({ country: 'KR', city: 'Seoul', region: 'Seoul' });
    expect(p.accuracyKm).toBeGreaterThanOrEqual(cityMin);
    expect(p.accuracyKm).toBeLessThanOrEqual(cityMax);
    expect(km(p, SEOUL)).toBeLessThan(10);
  });

  it('accepts ISO-3 codes and country names, and region names', () => {
    expect(g.geocode({ locality: 'Austin', region: 'Texas', country: 'USA' })).toMatchObject({ city: 'Austin', country: 'US' });
    expect(g.geocode({ locality: 'Busan', country: 'Republic of Korea' })).toMatchObject({ city: 'Busan', country: 'KR' });
    expect(g.geocode({ locality: 'Lyon', country: 'France' })).toMatchObject({ city: 'Lyon', country: 'FR' });
    expect(g.countryCode('PRK')).toBe('KP');
    expect(g.countryCode('UK')).toBe('GB');
  });

  it('falls back to the region centroid with a radius scaled to the region, then to the country', () => {
    const tx = g.geocode({ locality: 'Nowhereville', region: 'TX', country: 'US' })!;
    const ri = g.geocode({ region: 'Rhode Island', country: 'US' })!;
    expect(tx).toMatchObject({ region: 'Texas', source: 'directory' });
    expect(tx.city).toBeUndefined();
    expect(km(tx, AUSTIN)).toBeLessThan(300); // Texas's centre, not some other state's
    expect(tx.accuracyKm!).toBeGreaterThan(ri.accuracyKm!); // Texas is far larger than Rhode Island
    const kr = g.geocode({ country: 'KR' })!;
    expect(kr.region).toBeUndefined();
    expect(kr.accuracyKm).toBeGreaterThanOrEqual(100);
    expect(km(kr, SEOUL)).toBeLessThan(250);
    // a region the table does not know, in a known country → the country
    const us = g.geocode({ locality: 'Nowhereville', region: 'Narnia', country: 'US' })!;
    expect(us.region).toBeUndefined();
    expect(us.accuracyKm).toBeGreaterThanOrEqual(1000);
    expect(g.geocode({ country: 'Atlantis' })).toBeUndefined();
  });

  it('does not guess between same-named cities when no region is given, unless one holds nearly all networks', () => {
    for (const name of ['Portland', 'Washington', 'Springfield', 'Columbus']) {
      const p = g.geocode({ locality: name, country: 'US' })!;
      expect(p.city, name).toBeUndefined();
      expect(p.region, name).toBeUndefined();
      expect(p.accuracyKm, name).toBeGreaterThanOrEqual(1000);
    }
    expect(g.geocode({ locality: 'Portland', region: 'US-OR', country: 'US' })).toMatchObject({ city: 'Portland', region: 'Oregon' });
    expect(g.geocode({ locality: 'Portland', region: 'ME', country: 'US' })).toMatchObject({ city: 'Portland', region: 'Maine' });
    // Busan the city vs a village of the same name in Jeollanam-do; Dallas TX vs Dallas GA/OR/PA
    expect(g.geocode({ locality: 'Busan', country: 'KR' })).toMatchObject({ city: 'Busan', region: 'Busan' });
    expect(g.geocode({ locality: 'Dallas', country: 'US' })).toMatchObject({ city: 'Dallas', region: 'Texas' });
  });

  it('resolves ISO 3166-2 codes of the US, Canada, Australia, India, Germany and Korea', () => {
    expect(g.geocode({ locality: 'Bengaluru', region: 'KA', country: 'IN' })).toMatchObject({ city: 'Bengaluru', region: 'Karnataka' });
    expect(g.geocode({ locality: 'Sydney', region: 'NSW', country: 'AU' })).toMatchObject({ city: 'Sydney', region: 'New South Wales' });
    expect(g.geocode({ locality: 'Toronto', region: 'ON', country: 'CA' })).toMatchObject({ city: 'Toronto', region: 'Ontario' });
    expect(g.geocode({ locality: 'Munich', region: 'BY', country: 'DE' })).toMatchObject({ city: 'Munich', region: 'Bavaria' });
    expect(g.geocode({ region: 'KR-11', country: 'KR' })).toMatchObject({ region: 'Seoul' });
    expect(g.geocode({ locality: 'Hyderabad', region: 'TG', country: 'IN' })).toMatchObject({ city: 'Hyderabad', region: 'Telangana' }); // pre-2023 code
    expect(g.geocode({ region: 'DC', country: 'US' })).toMatchObject({ region: 'District of Columbia' });
  });

  it('matches region names without accents, generic suffixes or prefixes, and their other names', () => {
    expect(g.regionName('KR', 'Gyeonggi')).toBe('Gyeonggi-do');
    expect(g.regionName('KR', 'Chungcheongbuk-do')).toBe('North Chungcheong');
    expect(g.regionName('DE', 'Berlin')).toBe('State of Berlin');
    expect(g.regionName('DE', 'Baden-Württemberg')).toBe('Baden-Wurttemberg');
    expect(g.regionName('DE', 'Bayern')).toBe('Bavaria');
    expect(g.regionName('IN', 'Delhi')).toBe('National Capital Territory of Delhi');
    expect(g.regionName('CA', 'Québec')).toBe('Quebec');
    expect(g.regionName('FR', 'Île-de-France')).toBe('Ile-de-France'); // a country without a code table: by name
  });

  it('sends US outlying areas to their own country code', () => {
    expect(g.geocode({ locality: 'San Juan', region: 'PR', country: 'US' })).toMatchObject({ country: 'PR', city: 'San Juan' });
    expect(g.geocode({ region: 'Guam', country: 'US' })).toMatchObject({ country: 'GU' });
  });

  it('matches city spellings: St./Saint, accents, former names, a generic suffix', () => {
    const stl = g.geocode({ locality: 'St. Louis', region: 'MO', country: 'US' })!;
    expect(stl).toMatchObject({ region: 'Missouri' });
    expect(stl.city).toBeDefined();
    expect(g.geocode({ locality: 'Saint Louis', region: 'Missouri', country: 'US' })).toEqual(stl);
    expect(g.geocode({ locality: 'Montréal', region: 'QC', country: 'CA' })).toMatchObject({ city: 'Montreal' });
    expect(g.geocode({ locality: 'Bangalore', region: 'Karnataka', country: 'IN' })).toMatchObject({ city: 'Bengaluru' });
    expect(g.geocode({ locality: 'München', country: 'DE' })).toMatchObject({ city: 'Munich' });
    expect(g.geocode({ locality: 'Bombay', region: 'NY', country: 'US' })).toMatchObject({ city: 'Bombay', region: 'New York' }); // the name itself first
    expect(g.geocode({ locality: 'Seongnam', region: 'Gyeonggi-do', country: 'KR' })).toMatchObject({ city: 'Seongnam-si' });
  });

  it('memoises results', () => {
    expect(g.geocode({ locality: 'Austin', region: 'TX', country: 'US' })).toBe(g.geocode({ locality: 'austin', region: 'tx', country: 'us' }));
  });

  it('names countries and regions for explanations, and gives region codes', () => {
    expect(countryName('KR')).toBe('South Korea');
    expect(countryName('kp')).toBe('North Korea');
    expect(regionName('US', 'TX')).toBe('Texas');
    expect(regionName('US', 'texas')).toBe('Texas');
    expect(regionName('US', 'Atlantis')).toBeUndefined();
    expect(regionCode('US', 'Texas')).toBe('TX');
    expect(regionCode('US', 'district of columbia')).toBe('DC');
    expect(regionCode('IN', 'Orissa')).toBe('OD');
    expect(regionCode('IN', 'CT')).toBe('CG');
    expect(regionCode('KR', 'North Chungcheong')).toBe('43');
    expect(regionCode('FR', 'Ile-de-France')).toBeUndefined(); // no code table for France
  });
});

describe('region code table (regions.ts) against the gazetteer', () => {
  it("every name and other name is GeoLite2's spelling of a region of that country", () => {
    const z = g.gazetteer();
    for (const [cc, table] of Object.entries(REGION_CODES)) {
      const c = z.countries.indexOf(cc);
      const names = new Set(z.regions.slice(z.cRegion0[c], z.cRegion0[c + 1]));
      for (const [code, e] of Object.entries(table)) {
        expect(names.has(e.name), `${cc}-${code} ${e.name}`).toBe(true);
        expect(g.regionName(cc, code), `${cc}-${code}`).toBe(e.name);
        expect(g.regionName(cc, `${cc}-${code}`), `${cc}-${code}`).toBe(e.name);
        for (const alt of e.also ?? []) expect(g.regionName(cc, alt), `${cc} ${alt}`).toBe(e.name);
      }
      for (const [old, now] of Object.entries(FORMER_CODES[cc] ?? {})) expect(g.regionName(cc, old), `${cc}-${old}`).toBe(table[now].name);
    }
  });

  it('covers every US state and DC, and the outlying areas are GeoLite2 countries', () => {
    expect(Object.keys(REGION_CODES.US)).toHaveLength(51);
    const z = g.gazetteer();
    for (const o of Object.values(US_OUTLYING)) expect(z.countries, o.country).toContain(o.country);
  });

  it('every city alias points at a city the gazetteer has', () => {
    const keys = new Set(g.gazetteer().cities.map(placeKey));
    for (const [alias, city] of Object.entries(CITY_ALIASES)) {
      expect(keys.has(placeKey(city)), `${alias} → ${city}`).toBe(true);
      expect(placeKey(alias), alias).toBe(alias); // keys are stored normalised
    }
  });
});
