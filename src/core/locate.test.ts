// Combining location opinions: the vendor's and the database's place for one IP (core/locate.ts).
import { describe, expect, it } from 'vitest';
import { haversineKm } from './geo.ts';
import { disputeText, locate, midpoint } from './locate.ts';
import type { Place } from './model.ts';

// Places as the sources give them (coordinates of the cities' centres).
const austinDbip: Place = { country: 'US', region: 'Texas', city: 'Austin', lat: 30.2672, lon: -97.7431, source: 'dbip' };
const roundRockVendor: Place = { country: 'US', region: 'Texas', city: 'Round Rock', lat: 30.5083, lon: -97.6789, source: 'vendor' };
const austinVendor: Place = { country: 'US', region: 'Texas', city: 'Austin', lat: 30.27, lon: -97.74, source: 'vendor' };
const denverDbip: Place = { country: 'US', region: 'Colorado', city: 'Denver', lat: 39.7392, lon: -104.9903, source: 'dbip' };
const usCountryOnly: Place = { country: 'US', lat: 37.751, lon: -97.822, accuracyKm: 1000, source: 'dbip' };

describe('locate', () => {
  it('is undefined without any opinion that has coordinates', () => {
    expect(locate(undefined)).toBeUndefined();
    expect(locate({ country: 'US', source: 'dbip' }, { city: 'Austin', source: 'vendor' })).toBeUndefined();
  });

  it('takes a single opinion as it is', () => {
    const l = locate(austinDbip)!;
    expect(l).toMatchObject({ lat: 30.2672, lon: -97.7431, accuracyKm: 50, disputed: false, spreadKm: 0 });
    expect(l.best).toBe(austinDbip);
  });

  it('agreeing opinions give the most precise one (Austin by DB-IP, Round Rock by the vendor: 28 km)', () => {
    const l = locate(austinDbip, roundRockVendor)!;
    expect(l.disputed).toBe(false);
    expect(l.accuracyKm).toBe(50);
    expect(Math.round(l.spreadKm)).toBe(28);
    const countryAndCity = locate(usCountryOnly, austinVendor)!; // a country-level fix agrees with any city inside its radius
    expect(countryAndCity.disputed).toBe(false);
    expect(countryAndCity.best).toBe(austinVendor);
    expect(countryAndCity.accuracyKm).toBe(50);
  });

  it('disagreeing opinions are disputed, and the fix covers every opinion with its own uncertainty', () => {
    const l = locate(denverDbip, austinVendor)!;
    const apart = haversineKm(denverDbip.lat!, denverDbip.lon!, austinVendor.lat!, austinVendor.lon!);
    expect(l.disputed).toBe(true);
    expect(l.best).toBeUndefined();
    expect(l.spreadKm).toBeCloseTo(apart, 3);
    for (const o of [denverDbip, austinVendor]) expect(haversineKm(l.lat, l.lon, o.lat!, o.lon!) + 50).toBeLessThanOrEqual(l.accuracyKm);
    expect(l.accuracyKm).toBeLessThan(apart / 2 + 60); // no wider than it must be
    expect(disputeText(l)).toBe(
      `disputed: DB-IP in Denver, Colorado, US, the identity provider in Austin, Texas, US (${Math.round(apart).toLocaleString('en-US')} km apart; the fix covers all, ±${l.accuracyKm} km)`,
    );
  });

  it('the midpoint of two points is equidistant from both, across the antimeridian too', () => {
    const [la, lo] = midpoint(30, 170, 30, -170);
    expect(Math.abs(lo)).toBeCloseTo(180, 0);
    expect(haversineKm(la, lo, 30, 170)).toBeCloseTo(haversineKm(la, lo, 30, -170), 0);
  });
});
