import { describe, expect, it } from 'vitest';
import { ctx, enriched, home, phone } from '../../common/fixtures/contact.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const P = definition.params.parse({});
const US_HOME = home('US|78701|500 congress ave|', { street: '500 Congress Ave', locality: 'Austin', region: 'TX', postalCode: '78701', country: 'US' }, { place: { country: 'US', region: 'Texas', city: 'Austin', source: 'directory' } });
const KR_HOME = home('KR|06236|123 teheran ro|', { street: '123 Teheran-ro', locality: 'Seoul', country: 'KR' });
const run = (c: Parameters<typeof check.run>[0]) => check.run(c, ctx(), P);

describe('phone-line: positives', () => {
  it('a number in no assigned range: high, checklist failed', () => {
    const r = run(enriched({ addresses: [US_HOME], phones: [phone({ raw: '+1 999 123 4567', e164: '+19991234567', valid: false, possible: true, error: 'not in any assigned range of +1 (possible length, but unassigned or reserved)' })] }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'Phone number is in no assigned range', likelihoodRatio: P.unassignedLikelihoodRatio });
    expect(r.findings[0].explanation).toContain('+19991234567');
    expect(r.checklist).toEqual([{ item: 'phone', status: 'failed', evidence: '+19991234567 is in no assigned range' }]);
  });

  it('not a possible number: medium', () => {
    const r = run(enriched({ addresses: [US_HOME], phones: [phone({ raw: '555-12', valid: false, possible: false, error: 'too short' })] }));
    expect(r.findings[0]).toMatchObject({ severity: 'medium', title: 'Phone number is not a possible number' });
    expect(r.findings[0].explanation).toContain('too short');
    expect(r.checklist[0].status).toBe('failed');
  });

  it('a VoIP range (UK 056) for a claimed UK home: medium, with the type as evidence', () => {
    const r = run(enriched({
      addresses: [home('GB|SW1A2AA|10 downing st|', { country: 'GB' })],
      phones: [phone({ raw: '+44 56 1234 5678', e164: '+445612345678', country: 'GB', numberType: 'VOIP' })],
    }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'medium', title: 'Phone number in a VoIP range', likelihoodRatio: 10 });
    expect(r.findings[0].evidence).toContainEqual({ type: 'intel', label: 'numbering plan number type (libphonenumber-js max)', value: 'VOIP' });
    expect(r.checklist[0]).toMatchObject({ status: 'failed' });
  });

  it('premium and personal ranges', () => {
    const r = run(enriched({ addresses: [US_HOME], phones: [
      phone({ raw: '+1 900 555 1234', e164: '+19005551234', country: 'US', numberType: 'PREMIUM_RATE' }),
      phone({ raw: '+1 500 555 0006', e164: '+15005550006', country: 'US', numberType: 'PERSONAL_NUMBER' }),
    ] }));
    expect(r.findings.map((f) => f.title)).toEqual(['Phone number in a premium-rate range', 'Phone number in a personal ("follow-me") number range']);
  });

  it('carrier says non-fixed VoIP: high; fixed VoIP: low and the checklist still verified', () => {
    const nf = run(enriched({ addresses: [US_HOME], phones: [phone({ raw: '(415) 992-9960', e164: '+14159929960', country: 'US', numberType: 'FIXED_LINE_OR_MOBILE', carrier: { provider: 'twilio', lineType: 'nonFixedVoip', name: 'Bandwidth/13 - Bandwidth.com - SVR' } })] }));
    expect(nf.findings).toHaveLength(1);
    expect(nf.findings[0]).toMatchObject({ severity: 'high', title: 'Carrier says the phone is a non-fixed VoIP number', likelihoodRatio: 25 });
    expect(nf.findings[0].explanation).toContain('carrier Bandwidth/13 - Bandwidth.com - SVR');
    expect(nf.checklist[0].status).toBe('failed');

    const fixed = run(enriched({ addresses: [US_HOME], phones: [phone({ raw: '(415) 992-9960', e164: '+14159929960', country: 'US', numberType: 'FIXED_LINE_OR_MOBILE', carrier: { provider: 'twilio', lineType: 'fixedVoip', name: 'Comcast' } })] }));
    expect(fixed.findings[0]).toMatchObject({ severity: 'low', likelihoodRatio: 3 });
    expect(fixed.checklist[0].status).toBe('verified');
  });

  it('a foreign phone for a claimed US home and no US phone: medium; a DPRK/China/Russia number weighs highRiskFactor more', () => {
    const kr = run(enriched({ addresses: [US_HOME], phones: [phone({ raw: '+82 10-1234-5678', e164: '+821012345678', country: 'KR', numberType: 'MOBILE' })] }));
    expect(kr.findings).toHaveLength(1);
    expect(kr.findings[0]).toMatchObject({ severity: 'medium', title: 'Phone country does not match the claimed home', likelihoodRatio: 10 });
    expect(kr.findings[0].evidence).toContainEqual({ type: 'measure', label: 'phone country vs claimed home country', value: 'KR', threshold: 'US' });
    expect(kr.checklist[0]).toEqual({ item: 'phone', status: 'failed', evidence: '+821012345678 is in KR, the claimed home is US' });

    const cn = run(enriched({ addresses: [US_HOME], phones: [phone({ raw: '+86 139 1234 5678', e164: '+8613912345678', country: 'CN', numberType: 'MOBILE' })] }));
    expect(cn.findings[0]).toMatchObject({ severity: 'high', likelihoodRatio: 30 });
  });

  it('a DPRK number is reported whatever the claimed home, even none', () => {
    const r = run(enriched({ phones: [phone({ raw: '+850 2 381 5926', e164: '+85023815926', country: 'KP', numberType: 'FIXED_LINE' })] }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'Phone number of KP', likelihoodRatio: 50 });
    expect(r.checklist[0]).toEqual({ item: 'phone', status: 'failed', evidence: '+85023815926 is a number of KP' });
  });

  it('the home country from a formatted address\'s 2-letter code', () => {
    const r = run(enriched({ addresses: [home('', { formatted: 'Austin, TX, US' })], phones: [phone({ raw: '+82 10-1234-5678', e164: '+821012345678', country: 'KR', numberType: 'MOBILE' })] }));
    expect(r.findings[0]).toMatchObject({ title: 'Phone country does not match the claimed home' });
  });
});

describe('phone-line: negatives', () => {
  it('a US mobile for a claimed US home: no finding, checklist verified with the evidence', () => {
    const r = run(enriched({ addresses: [US_HOME], phones: [phone({ raw: '(512) 555-0147', type: 'mobile', e164: '+15125550147', country: 'US', numberType: 'FIXED_LINE_OR_MOBILE', carrier: { provider: 'twilio', lineType: 'mobile', name: 'T-Mobile USA, Inc.' } })] }));
    expect(r.findings).toEqual([]);
    expect(r.checklist).toEqual([{ item: 'phone', status: 'verified', evidence: '+15125550147 (mobile) is fixed line or mobile in US (carrier twilio: mobile); candidate claims US (libphonenumber)' }]);
  });

  it('an honest international candidate: a Korean home with a Korean mobile is fine', () => {
    const r = run(enriched({ addresses: [KR_HOME], phones: [phone({ raw: '010-1234-5678', e164: '+821012345678', country: 'KR', numberType: 'MOBILE' })] }));
    expect(r.findings).toEqual([]);
    expect(r.checklist[0].status).toBe('verified');
  });

  it('a number kept from abroad beside a home-country phone weighs little and does not fail the checklist', () => {
    const r = run(enriched({ addresses: [US_HOME], phones: [
      phone({ raw: '+1 512 555 0147', e164: '+15125550147', country: 'US', numberType: 'FIXED_LINE_OR_MOBILE' }),
      phone({ raw: '+49 1512 3456789', e164: '+4915123456789', country: 'DE', numberType: 'MOBILE' }),
    ] }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'low', title: 'A second phone from another country', likelihoodRatio: 1.5 });
    expect(r.checklist[0].status).toBe('verified');
  });

  it('no phone: checklist not done; no claimed home: no country finding, checklist not done', () => {
    expect(run(enriched({ addresses: [US_HOME] }))).toEqual({ findings: [], checklist: [{ item: 'phone', status: 'not done', evidence: 'no phone number given' }] });
    const r = run(enriched({ phones: [phone({ raw: '+82 10-1234-5678', e164: '+821012345678', country: 'KR', numberType: 'MOBILE' })] }));
    expect(r.findings).toEqual([]);
    expect(r.checklist[0]).toMatchObject({ status: 'not done', evidence: expect.stringContaining('no claimed home country') });
  });

  it('a failed carrier lookup is said, not counted', () => {
    const r = run(enriched({ addresses: [US_HOME], phones: [phone({ raw: '+1 512 555 0147', e164: '+15125550147', country: 'US', numberType: 'FIXED_LINE_OR_MOBILE', carrier: { provider: 'twilio', error: 'Twilio Lookup timed out after 5000 ms' } })] }));
    expect(r.findings).toEqual([]);
    expect(r.checklist[0]).toMatchObject({ status: 'verified', evidence: expect.stringContaining('carrier lookup failed: Twilio Lookup timed out') });
  });

  it('params: every default parses, overrides apply', () => {
    const q = definition.params.parse({ carrierLikelihoodRatios: { nonFixedVoip: 2 } });
    const r = check.run(enriched({ addresses: [US_HOME], phones: [phone({ raw: 'x', e164: '+14159929960', country: 'US', carrier: { provider: 'twilio', lineType: 'nonFixedVoip' } })] }), ctx(), q);
    expect(r.findings[0]).toMatchObject({ severity: 'low', likelihoodRatio: 2 });
    expect(r.checklist[0].status).toBe('verified');
  });
});
