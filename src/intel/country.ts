// Country codes and names for geocoding and explanations, from i18n-iso-countries (MIT). Addresses reaching
// geocode() normally carry the alpha-2 already (the source formats resolve labels with
// src/sources/common/country.ts, which intel may not import by the layer rules); this covers the codes and the
// package's English names and alternatives for addresses typed by hand ("USA", "UK", "Republic of Korea").
import { createRequire } from 'node:module';
import { alpha3ToAlpha2, getAlpha2Codes, getName, getNames, registerLocale, type LocaleData } from 'i18n-iso-countries/index.js';

// The package's main entry registers all 80 locales (~60 ms); index.js plus English alone takes ~3 ms.
registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json') as LocaleData);

const ALPHA = /^[A-Za-z]+$/;
const norm = (s: string): string =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().replace(/^the /, '');

let alpha2: Set<string> | undefined;
let byName: Map<string, string | null> | undefined;

function build(): void {
  alpha2 = new Set(Object.keys(getAlpha2Codes()));
  byName = new Map();
  for (const [code, names] of Object.entries(getNames('en', { select: 'all' }))) {
    for (const name of names) {
      const n = norm(name);
      const had = byName.get(n);
      byName.set(n, had === undefined || had === code ? code : null); // null: two countries share it ("Congo")
    }
  }
}

/** ISO 3166-1 alpha-2 for an alpha-2 / alpha-3 code or an English name (i18n-iso-countries); undefined otherwise. */
export function countryCode(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (!alpha2) build();
  const t = text.trim();
  const up = t.toUpperCase();
  if (t.length === 2 && ALPHA.test(t)) return alpha2!.has(up) ? up : up === 'UK' ? 'GB' : undefined;
  if (t.length === 3 && ALPHA.test(t)) {
    const a2 = alpha3ToAlpha2(up) ?? (up === 'XKX' ? 'XK' : undefined);
    if (a2) return a2;
  }
  const n = norm(t);
  let code = byName!.get(n);
  // ISO's inverted form: "Korea, Republic of" is listed, "Moldova, Republic of" is matched as "Republic of Moldova"
  if (code === undefined && t.includes(',')) code = byName!.get(norm(t.slice(t.indexOf(',') + 1) + ' ' + t.slice(0, t.indexOf(','))));
  return code ?? undefined;
}

/** English name of a country ("KR" → "South Korea", "US" → "United States of America"). */
export function countryName(iso2: string): string | undefined {
  return getName(iso2.toUpperCase(), 'en');
}
