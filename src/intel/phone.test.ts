import { describe, expect, it } from 'vitest';
import { analysePhone, MAX_PHONE_CHARS } from './phone.ts';

describe('analysePhone (libphonenumber-js, full metadata)', () => {
  it('a US number in international format: valid, E.164, country, type', () => {
    const f = analysePhone('+1 (415) 992-9960', undefined, 'mobile');
    expect(f).toMatchObject({ raw: '+1 (415) 992-9960', type: 'mobile', e164: '+14159929960', valid: true, possible: true, country: 'US', numberType: 'FIXED_LINE_OR_MOBILE' });
    expect(f.error).toBeUndefined();
  });

  it('a national-format number uses the default country (the claimed home)', () => {
    expect(analysePhone('010-1234-5678', 'KR')).toMatchObject({ e164: '+821012345678', valid: true, country: 'KR', numberType: 'MOBILE' });
    expect(analysePhone('(212) 555-0100', 'us')).toMatchObject({ e164: '+12125550100', country: 'US' });
    // without a default country a national number cannot be placed
    expect(analysePhone('(212) 555-0100')).toMatchObject({ valid: false, error: expect.stringContaining('no country') });
  });

  it('number types the metadata knows: VoIP, personal, premium, toll-free, UAN', () => {
    expect(analysePhone('+44 56 1234 5678').numberType).toBe('VOIP'); // UK 056 VoIP range
    expect(analysePhone('+44 70 1234 5678').numberType).toBe('PERSONAL_NUMBER'); // UK 070 "follow-me" numbers
    expect(analysePhone('+1 500 555 0006').numberType).toBe('PERSONAL_NUMBER'); // NANP 500 personal communications
    expect(analysePhone('+1 900 555 1234').numberType).toBe('PREMIUM_RATE');
    expect(analysePhone('+1 800 555 1234').numberType).toBe('TOLL_FREE');
    expect(analysePhone('+44 55 1234 5678').numberType).toBe('UAN');
  });

  it('unassigned or reserved ranges: possible but not valid, with the reason', () => {
    const f = analysePhone('+1 999 123 4567'); // NANP area code 999 is not assigned
    expect(f).toMatchObject({ valid: false, possible: true, e164: '+19991234567' });
    expect(f.country).toBeUndefined();
    expect(f.error).toMatch(/unassigned or reserved/);
    // Ofcom's drama range 07700 900xxx is reserved (never assigned)
    expect(analysePhone('+44 7700 900123')).toMatchObject({ valid: false, possible: true });
  });

  it('unparseable input comes back with the parse error, never throws', () => {
    expect(analysePhone('call me maybe')).toMatchObject({ valid: false, possible: false, error: 'not a phone number' });
    expect(analysePhone('+1 23')).toMatchObject({ valid: false });
    expect(analysePhone('').error).toBe('empty');
    expect(analysePhone('1'.repeat(MAX_PHONE_CHARS + 1)).error).toMatch(/longer than/);
  });

  it('a DPRK number is valid and placed in KP', () => {
    expect(analysePhone('+850 2 381 5926')).toMatchObject({ valid: true, country: 'KP' });
  });
});
