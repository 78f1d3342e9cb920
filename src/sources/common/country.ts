// Country label → ISO 3166-1 alpha-2, shared by every source format (Okta geographicalContext.country, Entra
// location.countryOrRegion, SCIM and HR addresses). Vendors write "United States", SCIM samples "USA", HR exports
// "UK", Entra normally the alpha-2 itself ("IL") but also names ("China"). Pure; tables are built once on the
// first call and lookups are cached.
//
// Codes and names come from i18n-iso-countries (MIT; ISO 3166-1 alpha-2/alpha-3 and English names with their
// alternatives), plus the runtime's CLDR English names (Intl.DisplayNames: "Myanmar (Burma)", "Congo - Kinshasa"),
// plus the GeoIP / ISO-official / colloquial spellings below that neither carries. A name two countries share
// ("Congo", "Virgin Islands") resolves to neither.
import { createRequire } from 'node:module';
import { alpha3ToAlpha2, getAlpha2Codes, getNames, registerLocale, type LocaleData } from 'i18n-iso-countries/index.js';

// The package's main entry registers all 80 locales (~60 ms); its index.js plus English alone takes ~3 ms.
registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json') as LocaleData);

/** Spellings neither i18n-iso-countries nor CLDR carries (keys are normalised by norm() below). */
const ALIASES: Record<string, string> = {
  'u s': 'US', 'u s a': 'US', 'america': 'US',
  'u k': 'GB', 'britain': 'GB', 'england': 'GB', 'scotland': 'GB', 'wales': 'GB', 'northern ireland': 'GB',
  'korea south': 'KR', 'south korea republic of': 'KR',
  'dprk': 'KP', 'korea north': 'KP', 'democratic people s republic of korea': 'KP',
  'viet nam': 'VN', 'burma': 'MM', 'holland': 'NL', 'swaziland': 'SZ', 'cabo verde': 'CV', 'vatican': 'VA',
  'dr congo': 'CD', 'drc': 'CD', 'congo kinshasa': 'CD', 'democratic republic of congo': 'CD',
  'congo republic': 'CG', 'congo brazzaville': 'CG',
  'republic of congo': 'CG', 'bosnia': 'BA', 'palestine state of': 'PS', 'macau': 'MO', 'east timor': 'TL',
  'micronesia': 'FM', 'us virgin islands': 'VI', 'virgin islands us': 'VI',
};
/** Alpha-3 codes i18n-iso-countries lacks: Kosovo's user-assigned XKX (GeoLite2 and most vendors use XK/XKX). */
const ALPHA3_EXTRA: Record<string, string> = { XKX: 'XK' };
/** Two-letter labels that are not ISO alpha-2 but are written for a country. */
const ALPHA2_EXTRA: Record<string, string> = { UK: 'GB' };

const COMBINING = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;
const PARENS = /\s*\([^)]*\)\s*/g;
const ALPHA = /^[A-Za-z]+$/;

/** Lower case, accents and punctuation dropped, "the " dropped, "St." spelled out: "Côte d’Ivoire" → "cote d ivoire". */
function norm(s: string): string {
  let n = s.normalize('NFD').replace(COMBINING, '').toLowerCase().replace(/&/g, ' and ').replace(NON_ALNUM, ' ').trim();
  if (n.startsWith('the ')) n = n.slice(4);
  if (n.startsWith('st ')) n = 'saint ' + n.slice(3);
  return n;
}

interface Tables {
  byName: Map<string, string>;
  alpha2: Set<string>;
}
let tables: Tables | undefined;

function build(): Tables {
  const alpha2 = new Set(Object.keys(getAlpha2Codes()));
  const byName = new Map<string, string>();
  const ambiguous = new Set<string>();
  const add = (name: string, code: string): void => {
    const n = norm(name);
    if (n.length < 3 || ambiguous.has(n)) return;
    const had = byName.get(n);
    if (had === undefined) byName.set(n, code);
    else if (had !== code) { byName.delete(n); ambiguous.add(n); }
  };
  const addVariants = (name: string, code: string): void => {
    add(name, code);
    add(name.replace(PARENS, ' '), code); // "Myanmar (Burma)" → "Myanmar"; "Virgin Islands (U.S.)" → ambiguous
    const comma = /^([^,]+),\s*(.+)$/.exec(name); // "Korea, Republic of" → "Republic of Korea"
    if (comma) add(`${comma[2]} ${comma[1]}`, code);
  };
  const cldr = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const [code, names] of Object.entries(getNames('en', { select: 'all' }))) {
    for (const name of names) addVariants(name, code);
    const c = cldr.of(code);
    if (c) addVariants(c.replace(/ SAR China$/, ''), code); // "Hong Kong SAR China" → "Hong Kong"
  }
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(norm(alias), code);
  return { byName, alpha2 };
}

const cache = new Map<string, string | null>();
const CACHE_MAX = 4096;

/**
 * ISO 3166-1 alpha-2 (upper case) for a country written as an alpha-2 or alpha-3 code or an English name, or
 * undefined when it is not one country we know ("Narnia", "Europe", "Congo"). "UK" → GB, "USA" → US,
 * "Korea, Republic of" → KR, "Viet Nam" → VN, "Myanmar (Burma)" → MM.
 */
export function countryIso2(value: string): string | undefined {
  const hit = cache.get(value);
  if (hit !== undefined) return hit ?? undefined;
  const t = (tables ??= build());
  const v = value.trim();
  let code: string | undefined;
  if (v.length === 2 && ALPHA.test(v)) {
    const up = v.toUpperCase();
    code = t.alpha2.has(up) ? up : ALPHA2_EXTRA[up];
  } else {
    if (v.length === 3 && ALPHA.test(v)) {
      const up = v.toUpperCase();
      code = alpha3ToAlpha2(up) ?? ALPHA3_EXTRA[up];
    }
    code ??= t.byName.get(norm(v));
    // GeoIP / ISO-official inverted form: "Iran, Islamic Republic of" → "Islamic Republic of Iran"
    const comma = code === undefined ? v.indexOf(',') : -1;
    if (comma > 0) code = t.byName.get(norm(`${v.slice(comma + 1)} ${v.slice(0, comma)}`));
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(value, code ?? null);
  return code;
}
