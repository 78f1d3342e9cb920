// Identity claims of synthetic staff: names, UPNs, personal e-mail, phone, home address in the local style.
import { regionCode } from '../intel/index.ts';
import type { NetIp } from './ip-pools.ts';
import { AREA_CODES, DE_FAMILY, DE_GIVEN, DE_STREETS, IN_FAMILY, IN_GIVEN, IN_STREETS, KR_FAMILY, KR_GIVEN, KR_STREETS, MAIL_DOMAINS, US_FAMILY, US_GIVEN, US_STREET_NAMES, US_STREET_SUFFIX } from './names.ts';
import type { Rng } from './prng.ts';

export interface HomeClaim {
  streetAddress: string;
  locality: string;
  region?: string;
  postalCode?: string;
  country: string;
}

export interface Claims {
  given: string;
  family: string;
  personalEmail?: string;
  phone: string;
  home: HomeClaim;
  locale: string;
}

/** ISO code of a US state from its GeoLite2 name ("Texas" → "TX"). */
export function usStateCode(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return regionCode('US', name);
}

export function nameFor(rng: Rng, country: string): { given: string; family: string } {
  switch (country) {
    case 'KR':
      return { given: rng.pick(KR_GIVEN), family: rng.pick(KR_FAMILY) };
    case 'DE':
      return { given: rng.pick(DE_GIVEN), family: rng.pick(DE_FAMILY) };
    case 'IN':
      return { given: rng.pick(IN_GIVEN), family: rng.pick(IN_FAMILY) };
    default:
      return { given: rng.pick(US_GIVEN), family: rng.pick(US_FAMILY) };
  }
}

const ascii = (s: string): string =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/** first.last@domain, made unique with a digit. */
export function upnFor(given: string, family: string, domain: string, taken: Set<string>): string {
  const base = `${ascii(given)}.${ascii(family)}`;
  let upn = `${base}@${domain}`;
  for (let i = 2; taken.has(upn); i++) upn = `${base}${i}@${domain}`;
  taken.add(upn);
  return upn;
}

export function personalEmailFor(rng: Rng, given: string, family: string, taken: Set<string>): string {
  const g = ascii(given);
  const f = ascii(family);
  for (;;) {
    const local = rng.pick([`${g}.${f}`, `${g}${f}`, `${g[0]}${f}`, `${g}.${f}${rng.int(1, 99)}`, `${f}.${g}`, `${g}${f}${rng.int(70, 99)}`]);
    const mail = `${local}@${rng.pick(MAIL_DOMAINS)}`;
    if (!taken.has(mail)) {
      taken.add(mail);
      return mail;
    }
  }
}

/** National significant digits of a phone number, unique in the company. */
export function phoneDigits(rng: Rng, country: string, stateCode: string | undefined, taken: Set<string>): string {
  for (;;) {
    let d: string;
    if (country === 'KR') d = `10${rng.int(2000, 9999)}${rng.int(1000, 9999)}`;
    else if (country === 'DE') d = `${rng.pick(['151', '152', '160', '170', '171', '176'])}${rng.int(1000000, 99999999)}`;
    else if (country === 'IN') d = `${rng.pick(['98', '99', '97', '90', '81', '70'])}${rng.int(10000000, 99999999)}`;
    else {
      const area = rng.pick(AREA_CODES[stateCode ?? ''] ?? ['212', '312', '415', '512', '206', '617']);
      let exch = rng.int(201, 998);
      if (exch % 100 === 11 || exch === 555) exch = 482;
      d = `${area}${exch}${String(rng.int(0, 9999)).padStart(4, '0')}`;
    }
    if (!taken.has(d)) {
      taken.add(d);
      return d;
    }
  }
}

/** One of the ways people and HR systems write a phone number. */
export function formatPhone(rng: Rng, country: string, d: string, style?: number): string {
  if (country === 'KR') return `+82 ${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6)}`;
  if (country === 'DE') return `+49 ${d.slice(0, 3)} ${d.slice(3)}`;
  if (country === 'IN') return `+91 ${d.slice(0, 5)} ${d.slice(5)}`;
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  const styles = [`+1 ${a}-${b}-${c}`, `(${a}) ${b}-${c}`, `+1${a}${b}${c}`, `${a}.${b}.${c}`, `+1 (${a}) ${b}-${c}`, `${a}-${b}-${c}`];
  return styles[style ?? rng.int(0, styles.length - 1)];
}

export interface UsStreet {
  number: number;
  name: string;
  suffix: [string, string];
  unit?: string;
}

export function usStreet(rng: Rng): UsStreet {
  return {
    number: rng.int(100, 9899),
    name: rng.pick(US_STREET_NAMES),
    suffix: rng.pick(US_STREET_SUFFIX),
    unit: rng.chance(0.25) ? `${rng.int(1, 30)}${rng.pick(['', 'A', 'B', 'C'])}` : undefined,
  };
}

/** "1420 Maple Ave Apt 3B" (short) or "1420 Maple Avenue, Apt. 3B" (long): the same home written two ways. */
export function formatUsStreet(s: UsStreet, long: boolean): string {
  const base = `${s.number} ${s.name} ${long ? s.suffix[1] : s.suffix[0]}`;
  if (!s.unit) return base;
  return long ? `${base}, Apt. ${s.unit}` : `${base} Apt ${s.unit}`;
}

/** The claimed home for a place (a GeoLite2-located address of the person's ISP). */
export function homeClaim(rng: Rng, place: NetIp, locality: string, opts: { street?: string; regionStyle?: 'code' | 'name' } = {}): HomeClaim {
  switch (place.country) {
    case 'KR':
      return { streetAddress: opts.street ?? `${rng.int(1, 520)} ${rng.pick(KR_STREETS)}, ${place.city ?? 'Gangnam-gu'}`, locality: 'Seoul', region: 'Seoul', postalCode: place.postcode ?? String(rng.int(1000, 8999)).padStart(5, '0'), country: 'KR' };
    case 'DE':
      return { streetAddress: opts.street ?? `${rng.pick(DE_STREETS)} ${rng.int(1, 140)}`, locality: 'Berlin', region: 'Berlin', postalCode: place.postcode ?? `10${rng.int(115, 999)}`, country: 'DE' };
    case 'IN':
      return { streetAddress: opts.street ?? `${rng.int(1, 999)}, ${rng.pick(IN_STREETS)}`, locality: 'Bengaluru', region: 'Karnataka', postalCode: place.postcode ?? `560${String(rng.int(1, 110)).padStart(3, '0')}`, country: 'IN' };
    default: {
      const code = usStateCode(place.region);
      const style = opts.regionStyle ?? (rng.chance(0.75) ? 'code' : 'name');
      return {
        streetAddress: opts.street ?? formatUsStreet(usStreet(rng), rng.chance(0.3)),
        locality,
        region: style === 'code' && code ? code : place.region,
        postalCode: place.postcode,
        country: 'US',
      };
    }
  }
}

export function localeFor(country: string): string {
  return ({ KR: 'ko_KR', DE: 'de_DE', IN: 'en_IN' } as Record<string, string>)[country] ?? 'en_US';
}
