import { describe, expect, it } from 'vitest';
import type { AddressFacts } from '../../../core/check.ts';
import { ctx, enriched, home } from '../../common/fixtures/contact.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const P = definition.params.parse({});
const AUSTIN = { country: 'US', region: 'Texas', city: 'Austin', lat: 30.26715, lon: -97.74306, accuracyKm: 25, source: 'directory' as const };
const ROUND_ROCK = { country: 'US', region: 'Texas', city: 'Round Rock', lat: 30.50826, lon: -97.6789, accuracyKm: 20, source: 'directory' as const };
const NASHVILLE = { country: 'US', region: 'Tennessee', city: 'Nashville', lat: 36.16589, lon: -86.78444, accuracyKm: 40, source: 'directory' as const };

const HOME = home('US|78701|500 congress ave|# 4b', { street: '500 Congress Ave Apt 4B', locality: 'Austin', region: 'TX', postalCode: '78701', country: 'US' }, { place: AUSTIN });
const ship = (key: string, address: Record<string, unknown>, extra: Partial<AddressFacts> = {}): AddressFacts =>
  ({ address: { use: 'shipping', ...address }, key, ...extra }) as AddressFacts;
const run = (addresses: AddressFacts[]) => check.run(enriched({ addresses }), ctx(), P);

describe('home-address: positives', () => {
  it('laptop shipped to a far-away address: high, both addresses and the distance', () => {
    const r = run([HOME, ship('US|37211|4100 nolensville pike|', { street: '4100 Nolensville Pike', locality: 'Nashville', region: 'TN', postalCode: '37211', country: 'US' }, { place: NASHVILLE })]);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f).toMatchObject({ severity: 'high', title: 'Laptop to be shipped to an address other than the home', likelihoodRatio: 30 });
    expect(f.explanation).toContain('4100 Nolensville Pike, Nashville, TN 37211, US, 1211 km from the home');
    expect(f.explanation).toContain("the candidate's home is 500 Congress Ave Apt 4B, Austin, TX 78701, US");
    expect(f.evidence).toContainEqual({ type: 'measure', label: 'distance between the geocoded home and shipping addresses', value: 1211, threshold: 100, unit: 'km' });
    expect(f.evidence.filter((e) => e.type === 'directory')).toHaveLength(2);
    expect(r.checklist[0]).toMatchObject({ item: 'home-address', status: 'failed' });
  });

  it('distance unknown (not geocoded to a city): still high', () => {
    const r = run([HOME, ship('US|37211|4100 nolensville pike|', { street: '4100 Nolensville Pike', postalCode: '37211', country: 'US' })]);
    expect(r.findings[0]).toMatchObject({ severity: 'high', likelihoodRatio: 30 });
    expect(r.findings[0].explanation).toContain('distance unknown');
  });

  it('shipping to another country: high, with both countries', () => {
    const r = run([HOME, ship('CN|518000|1 shennan blvd|', { street: '1 Shennan Blvd', locality: 'Shenzhen', postalCode: '518000', country: 'CN' })]);
    expect(r.findings[0]).toMatchObject({ severity: 'high', likelihoodRatio: 40 });
    expect(r.findings[0].evidence).toContainEqual({ type: 'measure', label: 'shipping country vs home country', value: 'CN', threshold: 'US' });
  });

  it('the shipping address is a forwarder (building match): high; an exact forwarder match: critical', () => {
    const fwd = ship('US|33106|2992 nw 75th ave|# slu 4411', { formatted: '2992 NW 75th Avenue, Suite SLU-4411, Miami, FL 33106, USA' },
      { forwarding: { name: 'Saint Lucia Postal Service (SkyShop Logistics) (same building, other suite/unit)', source: 'stluciapost.puntomio.com (forwarding.csv:2)' } });
    const r = run([HOME, fwd]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'Laptop shipping address is a mail-forwarding address', likelihoodRatio: 50 });
    expect(r.findings[0].explanation).toContain('Only the building matched');
    const exact = run([HOME, { ...fwd, forwarding: { name: 'Example Reshipper', source: 'case 114' } }]);
    expect(exact.findings[0]).toMatchObject({ severity: 'critical', likelihoodRatio: 100 });
    expect(exact.checklist[0]).toEqual({ item: 'home-address', status: 'failed', evidence: 'the shipping address is a forwarding address (Example Reshipper)' });
  });

  it('the home address is a forwarder: high', () => {
    const r = run([home('US|90745|100 harbor blvd|# 12', { street: '100 Harbor Blvd Ste 12', postalCode: '90745', country: 'US' }, { forwarding: { name: 'Example Reshipper', source: 'case 114' } })]);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'Home address is a mail-forwarding address', likelihoodRatio: 40 });
    expect(r.checklist[0].status).toBe('failed');
  });

  it('a PO box as home: low, checklist failed', () => {
    const r = run([home('US|19901|po box 1234|', { street: 'PO Box 1234', postalCode: '19901', country: 'US' })]);
    expect(r.findings[0]).toMatchObject({ severity: 'low', title: 'Home address is a PO box' });
    expect(r.checklist[0]).toEqual({ item: 'home-address', status: 'failed', evidence: 'the home address is a PO box' });
  });

  it('shipping near the home (same metro): medium', () => {
    const r = run([HOME, ship('US|78664|200 main st|', { street: '200 Main St', locality: 'Round Rock', postalCode: '78664', country: 'US' }, { place: ROUND_ROCK })]);
    expect(r.findings[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 6 });
    expect(r.findings[0].explanation).toContain('28 km from the home (within 100 km: the same area)');
  });
});

describe('home-address: negatives', () => {
  it('laptop ships to the home (same address written differently → same key): verified, no finding', () => {
    const r = run([HOME, ship(HOME.key, { formatted: '500 Congress Avenue #4b, Austin, TX 78701' })]);
    expect(r.findings).toEqual([]);
    expect(r.checklist).toEqual([{ item: 'home-address', status: 'verified', evidence: 'the laptop ships to the home address 500 Congress Ave Apt 4B, Austin, TX 78701, US, which is not on the forwarding list' }]);
  });

  it('no shipping address yet: no finding, checklist not done with why', () => {
    const r = run([HOME]);
    expect(r.findings).toEqual([]);
    expect(r.checklist[0]).toMatchObject({ status: 'not done', evidence: expect.stringContaining('the laptop shipping address is not recorded yet') });
  });

  it('no home address: not done, no finding (resumes often give only a city)', () => {
    expect(run([])).toEqual({ findings: [], checklist: [{ item: 'home-address', status: 'not done', evidence: 'no home address given' }] });
  });

  it('a home too vague to verify (city only): not done with why, no finding even with a shipping address', () => {
    const r = run([home('', { locality: 'Austin', region: 'TX', country: 'US' }), ship('US|37211|4100 nolensville pike|', { street: '4100 Nolensville Pike', postalCode: '37211', country: 'US' })]);
    expect(r.findings).toEqual([]);
    expect(r.checklist[0]).toEqual({ item: 'home-address', status: 'not done', evidence: 'home address too vague to verify: Austin, TX, US (needs a numbered street and a postal code or city)' });
  });

  it('another flat in the same building: low, not failed', () => {
    const r = run([HOME, ship('US|78701|500 congress ave|# 5', { street: '500 Congress Ave Apt 5', postalCode: '78701', country: 'US' }, { place: AUSTIN })]);
    expect(r.findings[0]).toMatchObject({ severity: 'low', likelihoodRatio: 3 });
    expect(r.findings[0].explanation).toContain('another unit of the same building (# 5 instead of # 4b)');
    expect(r.checklist[0].status).toBe('not done');
  });
});
