import { describe, expect, it } from 'vitest';
import { alpha3ToAlpha2, getAlpha2Codes, getNames } from 'i18n-iso-countries/index.js';
import { countryIso2 } from './country.ts';

// Labels as the formats write them: Okta geographicalContext.country ("United States"), Entra
// location.countryOrRegion ("IL", "China"), SCIM address.country ("USA"), HR exports ("UK").
describe('countryIso2', () => {
  it('alpha-2 codes in any case; UK as GB; unknown codes are undefined', () => {
    expect(countryIso2('us')).toBe('US');
    expect(countryIso2('il')).toBe('IL');
    expect(countryIso2('UK')).toBe('GB');
    expect(countryIso2('XK')).toBe('XK');
    expect(countryIso2('XX')).toBeUndefined();
    expect(countryIso2('ZZ')).toBeUndefined();
  });

  it('alpha-3 codes, Kosovo XKX included', () => {
    expect(countryIso2('PRK')).toBe('KP');
    expect(countryIso2('kor')).toBe('KR');
    expect(countryIso2('USA')).toBe('US');
    expect(countryIso2('XKX')).toBe('XK');
  });

  it('English names, ISO-official and CLDR spellings, common aliases', () => {
    const cases: [string, string][] = [
      ['United States', 'US'], ['United States of America', 'US'], ['United Kingdom', 'GB'], ['Great Britain', 'GB'],
      ['South Korea', 'KR'], ['Korea, Republic of', 'KR'], ['Republic of Korea', 'KR'],
      ['North Korea', 'KP'], ["Korea, Democratic People's Republic of", 'KP'], ['DPRK', 'KP'],
      ['Russia', 'RU'], ['Russian Federation', 'RU'], ['Viet Nam', 'VN'], ['Vietnam', 'VN'],
      ['China', 'CN'], ['Myanmar (Burma)', 'MM'], ['Burma', 'MM'], ['Côte d’Ivoire', 'CI'], ["Cote d'Ivoire", 'CI'],
      ['Czechia', 'CZ'], ['Czech Republic', 'CZ'], ['The Netherlands', 'NL'], ['Iceland', 'IS'], ['Türkiye', 'TR'],
      ['Turkey', 'TR'], ['Laos', 'LA'], ['Moldova, Republic of', 'MD'], ['Iran, Islamic Republic of', 'IR'],
      ['Syrian Arab Republic', 'SY'], ['UAE', 'AE'], ['Hong Kong', 'HK'], ['Macau', 'MO'], ['Kosovo', 'XK'],
      ['Congo - Kinshasa', 'CD'], ['Virgin Islands, British', 'VG'], ['British Virgin Islands', 'VG'],
      ['St. Kitts & Nevis', 'KN'], ['  india ', 'IN'], ['Tanzania, United Republic of', 'TZ'],
      ['Congo, The Democratic Republic of the', 'CD'], ['Congo, Republic of the', 'CG'],
    ];
    for (const [label, code] of cases) expect(countryIso2(label), label).toBe(code);
  });

  it('names two countries share, and non-countries, are undefined', () => {
    expect(countryIso2('Virgin Islands')).toBeUndefined(); // British or US
    expect(countryIso2('Congo')).toBeUndefined(); // CG or CD
    expect(countryIso2('Narnia')).toBeUndefined();
    expect(countryIso2('Atlantis')).toBeUndefined();
    expect(countryIso2('Europe')).toBeUndefined();
    expect(countryIso2('')).toBeUndefined();
  });

  it("every i18n-iso-countries code, alpha-3 and English short name resolves to its own code", () => {
    const names = getNames('en');
    for (const code of Object.keys(getAlpha2Codes())) {
      expect(countryIso2(code), code).toBe(code);
      const a3 = Object.entries(getAlpha2Codes()).find(([a2]) => a2 === code)![1];
      if (alpha3ToAlpha2(a3)) expect(countryIso2(a3), a3).toBe(code);
      if (names[code] !== 'Congo') expect(countryIso2(names[code]), names[code]).toBe(code);
    }
  });
});
