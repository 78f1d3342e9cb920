import { describe, expect, it } from 'vitest';
import { Place } from '../core/model.ts';
import { countryName, regionName } from './index.ts';
import { Geocoder } from './geocode.ts';

const g = new Geocoder();

describe('geocode (claimed home → place)', () => {
  it('Austin, TX, US → the city, 20 km', () => {
    const p = g.geocode({ locality: 'Austin', region: 'TX', country: 'US' })!;
    expect(() => Place.parse(p)).not.toThrow();
    expect(p).toMatchObject({ country: 'US', region: 'Texas', city: 'Austin', source: 'directory', accuracyKm: 20 });
    expect(p.lat).toBeCloseTo(30.27, 1);
    expect(p.lon).toBeCloseTo(-97.74, 1);
    // the same from a formatted one-line address with a postal code
    expect(g.geocode({ formatted: 'Austin, TX 78701, US' })).toMatchObject({ city: 'Austin', region: 'Texas', country: 'US' });
  });

  it('Seoul, KR → the city without a region', () => {
    const p = g.geocode({ formatted: 'Seoul, KR' })!;
    expect(p).toMatchObject({ country: 'KR', city: 'Seoul', accuracyKm: 20 });
    expect(p.lat).toBeCloseTo(37.57, 1);
  });

  it('accepts ISO-3 codes and country names, and region names', () => {
    expect(g.geocode({ locality: 'Austin', region: 'Texas', country: 'USA' })).toMatchObject({ city: 'Austin', country: 'US' });
    expect(g.geocode({ locality: 'Busan', country: 'Republic of Korea' })).toMatchObject({ city: 'Busan', country: 'KR' });
    expect(g.geocode({ locality: 'Lyon', country: 'France' })).toMatchObject({ city: 'Lyon', country: 'FR' });
    expect(g.countryCode('PRK')).toBe('KP');
  });

  it('falls back to the region centroid with a radius scaled to the region, then to the country', () => {
    const tx = g.geocode({ locality: 'Nowhereville', region: 'TX', country: 'US' })!;
    const ri = g.geocode({ region: 'Rhode Island', country: 'US' })!;
    expect(tx).toMatchObject({ region: 'Texas', source: 'directory' });
    expect(tx.city).toBeUndefined();
    expect(tx.accuracyKm!).toBeGreaterThan(ri.accuracyKm!); // Texas is far larger than Rhode Island
    const kr = g.geocode({ country: 'KR' })!;
    expect(kr.region).toBeUndefined();
    expect(kr.accuracyKm).toBeGreaterThanOrEqual(100);
    expect(g.geocode({ country: 'Atlantis' })).toBeUndefined();
  });

  it('does not guess between same-named cities when no region is given', () => {
    const p = g.geocode({ locality: 'Portland', country: 'US' })!;
    expect(p.city).toBeUndefined();
    expect(p.region).toBeUndefined();
    expect(p.accuracyKm).toBeGreaterThanOrEqual(1000);
    expect(g.geocode({ locality: 'Portland', region: 'US-OR', country: 'US' })).toMatchObject({ city: 'Portland', region: 'Oregon' });
  });

  it('memoises results', () => {
    expect(g.geocode({ locality: 'Austin', region: 'TX', country: 'US' })).toBe(g.geocode({ locality: 'austin', region: 'tx', country: 'us' }));
  });

  it('names countries and regions for explanations', () => {
    expect(countryName('KR')).toBe('South Korea');
    expect(countryName('kp')).toBe('North Korea');
    expect(regionName('US', 'TX')).toBe('Texas');
    expect(regionName('US', 'texas')).toBe('Texas');
    expect(regionName('US', 'Atlantis')).toBeUndefined();
  });
});
