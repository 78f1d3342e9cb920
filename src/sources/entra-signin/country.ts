// Country labels as identity providers write them → ISO 3166-1 alpha-2 (upper case). Entra's
// location.countryOrRegion is normally already alpha-2 ('IL'), but real exports and rule tests also carry names
// ('China'). Names come from the runtime's CLDR data (Intl.DisplayNames), so no table is kept here.

/** Deprecated or non-country codes CLDR still names (they would shadow current codes: SU→Russia, BU→Myanmar...). */
const NOT_COUNTRIES = new Set(['AN', 'BU', 'CS', 'DD', 'DY', 'EU', 'EZ', 'FX', 'HV', 'NH', 'QO', 'RH', 'SU', 'TP', 'UK', 'UN', 'VD', 'XA', 'XB', 'YD', 'YU', 'ZR', 'ZZ']);

/** Common spellings that differ from CLDR's English short names. */
const ALIASES: Record<string, string> = {
  'united states of america': 'US',
  usa: 'US',
  uk: 'GB',
  'great britain': 'GB',
  'russian federation': 'RU',
  'korea, republic of': 'KR',
  'republic of korea': 'KR',
  "korea, democratic people's republic of": 'KP',
  'hong kong': 'HK',
  macao: 'MO',
  macau: 'MO',
  'czech republic': 'CZ',
  turkey: 'TR',
  burma: 'MM',
  'ivory coast': 'CI',
  'vatican city': 'VA',
  'iran, islamic republic of': 'IR',
  'viet nam': 'VN',
  'syrian arab republic': 'SY',
  "lao people's democratic republic": 'LA',
};

let byName: Map<string, string> | undefined;
let codes: Set<string> | undefined;

function build(): void {
  byName = new Map(Object.entries(ALIASES));
  codes = new Set();
  const dn = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a < 91; a++)
    for (let b = 65; b < 91; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      const name = dn.of(code);
      if (!name) continue;
      codes.add(code);
      byName.set(name.toLowerCase(), code);
    }
}

/** ISO alpha-2 for a code ('il', 'IL') or an English country name ('China'); undefined when not recognised. */
export function countryCode(label: string): string | undefined {
  if (!codes) build();
  const s = label.trim();
  if (s.length === 2) {
    const up = s.toUpperCase();
    if (codes!.has(up)) return up;
    return up === 'UK' ? 'GB' : undefined;
  }
  return byName!.get(s.toLowerCase());
}
