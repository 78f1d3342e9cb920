import { describe, expect, it } from 'vitest';
import { Candidate } from '../core/candidate.ts';
import { loadForwardingList } from '../intel/address.ts';
import { Geocoder } from '../intel/geocode.ts';
import type { CarrierLookup } from '../intel/phone-lookup.ts';
import { enrichContact, homeCountry, MAX_CONTACTS } from './vet-enrich-contact.ts';

const cand = (over: Record<string, unknown>) => Candidate.parse({ candidateId: 'c1', keys: ['c1'], sources: ['test'], ...over });

const FORWARDING = loadForwardingList(
  'name,street,city,region,postal_code,country,source\n' +
    'Saint Lucia Postal Service (SkyShop Logistics),2992 NW 75th Ave,Miami,FL,33106,US,stluciapost.puntomio.com/eng/FAQ/you-shop\n',
  'forwarding.csv',
);

function fakeLookup(): CarrierLookup & { asked: string[] } {
  const asked: string[] = [];
  return {
    provider: 'fake',
    asked,
    lookup: async (e164) => { asked.push(e164); return { provider: 'fake', lineType: 'nonFixedVoip', name: 'Bandwidth.com' }; },
  };
}

describe('enrichContact', () => {
  const c = cand({
    phones: [{ value: '(415) 992-9960', type: 'mobile' }, { value: '+1 999 123 4567' }, { value: '(415) 992-9960' }],
    emails: [{ value: 'J.Doe.Dev+jobs@googlemail.com' }, { value: 'jdoe@mailinator.com' }],
    addresses: [{ street: '500 Congress Ave Apt 4B', locality: 'Austin', region: 'TX', postalCode: '78701', country: 'US', use: 'home' }],
    verification: { shippingAddress: { formatted: '2992 NW 75th Avenue, Suite SLU-4411, Miami, FL 33106, USA' } },
  });

  it('phones use the home country for national numbers; the carrier is asked only for valid numbers, once each', async () => {
    const lookup = fakeLookup();
    const r = await enrichContact(c, { lookup });
    expect(r.phones).toHaveLength(2);
    expect(r.phones[0]).toMatchObject({ e164: '+14159929960', valid: true, country: 'US', type: 'mobile', carrier: { provider: 'fake', lineType: 'nonFixedVoip' } });
    expect(r.phones[1]).toMatchObject({ valid: false, possible: true });
    expect(r.phones[1].carrier).toBeUndefined();
    expect(lookup.asked).toEqual(['+14159929960']);
  });

  it('without a lookup no carrier is set (provider none)', async () => {
    const r = await enrichContact(c);
    expect(r.phones[0].carrier).toBeUndefined();
  });

  it('e-mails are classified', async () => {
    const r = await enrichContact(c);
    expect(r.emails.map((e) => [e.mailbox, e.freeMail, e.disposable])).toEqual([
      ['jdoedev@gmail.com', true, undefined],
      ['jdoe@mailinator.com', false, 'disposable-email-domains'],
    ]);
  });

  it('addresses: keyed, the shipping address added, forwarding matched, geocoded with the offline gazetteer', async () => {
    const g = new Geocoder();
    const r = await enrichContact(c, { forwarding: FORWARDING, geocode: (a) => g.geocode(a) });
    expect(r.addresses).toHaveLength(2);
    const [home, ship] = r.addresses;
    expect(home).toMatchObject({ key: 'US|78701|500 congress ave|# 4b', address: { use: 'home' }, place: { country: 'US', city: 'Austin' } });
    expect(home.forwarding).toBeUndefined();
    expect(ship).toMatchObject({
      key: 'US|33106|2992 nw 75th ave|# slu 4411',
      address: { use: 'shipping' },
      forwarding: { name: 'Saint Lucia Postal Service (SkyShop Logistics) (same building, other suite/unit)', source: 'stluciapost.puntomio.com/eng/FAQ/you-shop (forwarding.csv:2)' },
      place: { country: 'US', city: 'Miami' },
    });
  });

  it('bounded: a hostile record with thousands of phones is cut to MAX_CONTACTS', async () => {
    const many = cand({ phones: Array.from({ length: 5000 }, (_, i) => ({ value: `+1 415 992 ${String(i).padStart(4, '0')}` })) });
    const lookup = fakeLookup();
    const r = await enrichContact(many, { lookup });
    expect(r.phones).toHaveLength(MAX_CONTACTS);
    expect(lookup.asked.length).toBeLessThanOrEqual(MAX_CONTACTS);
  });
});

describe('homeCountry', () => {
  it('the first home address with a country, else any address, else from formatted', () => {
    expect(homeCountry(cand({ addresses: [{ country: 'KR', use: 'mailing' }, { country: 'United States', use: 'home' }] }))).toBe('US');
    expect(homeCountry(cand({ addresses: [{ formatted: 'Seoul, South Korea', use: 'home' }] }))).toBe('KR');
    expect(homeCountry(cand({}))).toBeUndefined();
  });
});

describe('enrichContact → the contact checks → assess (real intel, the registry, the wrapper)', async () => {
  const { Config } = await import('../core/config.ts');
  const { checks } = await import('../vetting/registry.ts');
  const { prepareChecks, runChecks } = await import('../vetting/run-checks.ts');
  const { assess } = await import('../vetting/assess.ts');
  const { classifyEmail } = await import('../intel/email.ts');
  const cfg = Config.parse({});
  const prepared = prepareChecks(checks.filter((k) => ['phone-line', 'throwaway-email', 'home-address'].includes(k.definition.id)), cfg.vetting);
  const context = { now: Date.parse('2026-06-01T00:00:00Z'), matches: [], technology: () => undefined, classifyEmail, referrals: () => [] };

  async function vet(c: Candidate) {
    const contact = await enrichContact(c, { forwarding: FORWARDING });
    const e = { candidate: c, ...contact, nameKeys: [] };
    const r = runChecks(prepared, e, context, cfg.vetting);
    expect(r.errors).toEqual([]);
    return assess({ candidateId: c.candidateId, identifiers: [], sources: c.sources }, r.findings, r.checklist, cfg.scoring, cfg.vetting, context.now);
  }

  it('planted fraud: disposable e-mail, a Korean mobile for a claimed US home, the laptop to a forwarder → stop', async () => {
    const r = await vet(cand({
      displayName: 'John Smith',
      emails: [{ value: 'john.smith.dev@mailinator.com' }],
      phones: [{ value: '+82 10-2345-6789' }],
      addresses: [{ street: '500 Congress Ave Apt 4B', locality: 'Austin', region: 'TX', postalCode: '78701', country: 'US' }],
      verification: { shippingAddress: { street: '2992 NW 75th Ave Suite 8812', locality: 'Miami', region: 'FL', postalCode: '33106', country: 'US' } },
    }));
    expect(r.findings.map((f) => f.check).sort()).toEqual(['home-address', 'phone-line', 'throwaway-email']);
    expect(r.recommendation).toBe('stop');
    expect(Object.fromEntries(r.checklist.filter((x) => ['phone', 'email', 'home-address'].includes(x.item)).map((x) => [x.item, x.status])))
      .toEqual({ phone: 'failed', email: 'failed', 'home-address': 'failed' });
  });

  it('hard negative: an honest international candidate on gmail (Korean home, Korean mobile, laptop home) → proceed', async () => {
    const r = await vet(cand({
      displayName: 'Kim Min-jun',
      emails: [{ value: 'minjun.kim@gmail.com' }],
      phones: [{ value: '010-2345-6789' }],
      addresses: [{ street: '123 Teheran-ro', locality: 'Seoul', postalCode: '06236', country: 'KR' }],
      verification: { shippingAddress: { formatted: '123 Teheran-ro, Seoul 06236, South Korea' } },
    }));
    expect(r.findings).toEqual([]);
    expect(r.recommendation).toBe('proceed');
    expect(r.checklist.find((x) => x.item === 'home-address')).toMatchObject({ status: 'verified' });
    expect(r.checklist.find((x) => x.item === 'email')).toMatchObject({ status: 'verified', evidence: expect.stringContaining('free-mail provider gmail.com') });
  });
});
