// Time zones for working-hours: the claimed zone from the directory or, failing that, from the claimed home's
// country / state (a static table, no I/O), the UTC offset of a zone at an instant (cached), and example zones per
// UTC offset for explanations. Pure (Intl only).
import { offsetMinutesCached } from '../common/geo.ts';

const valid = new Map<string, boolean>();
/** True when the runtime knows this IANA zone. */
export function isValidZone(tz: string): boolean {
  let v = valid.get(tz);
  if (v === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      v = true;
    } catch {
      v = false;
    }
    valid.set(tz, v);
  }
  return v;
}

// US states, Canadian provinces, Australian states: the zone most of the population lives in (a state split
// between zones takes its majority zone: Texas → Central, Indiana → Eastern, Idaho → Mountain...).
const US: Record<string, string> = {};
const add = (zone: string, names: string): void => {
  for (const n of names.split('|')) US[n.toLowerCase()] = zone;
};
add('America/New_York', 'CT|Connecticut|DE|Delaware|DC|District of Columbia|FL|Florida|GA|Georgia|IN|Indiana|KY|Kentucky|ME|Maine|MD|Maryland|MA|Massachusetts|MI|Michigan|NH|New Hampshire|NJ|New Jersey|NY|New York|NC|North Carolina|OH|Ohio|PA|Pennsylvania|RI|Rhode Island|SC|South Carolina|VT|Vermont|VA|Virginia|WV|West Virginia');
add('America/Chicago', 'AL|Alabama|AR|Arkansas|IL|Illinois|IA|Iowa|KS|Kansas|LA|Louisiana|MN|Minnesota|MS|Mississippi|MO|Missouri|NE|Nebraska|ND|North Dakota|OK|Oklahoma|SD|South Dakota|TN|Tennessee|TX|Texas|WI|Wisconsin');
add('America/Denver', 'CO|Colorado|ID|Idaho|MT|Montana|NM|New Mexico|UT|Utah|WY|Wyoming');
add('America/Phoenix', 'AZ|Arizona');
add('America/Los_Angeles', 'CA|California|NV|Nevada|OR|Oregon|WA|Washington');
add('America/Anchorage', 'AK|Alaska');
add('Pacific/Honolulu', 'HI|Hawaii');

const CA: Record<string, string> = {};
for (const [zone, names] of [
  ['America/Toronto', 'ON|Ontario|QC|Quebec|Québec'],
  ['America/Vancouver', 'BC|British Columbia'],
  ['America/Edmonton', 'AB|Alberta'],
  ['America/Winnipeg', 'MB|Manitoba'],
  ['America/Regina', 'SK|Saskatchewan'],
  ['America/Halifax', 'NS|Nova Scotia|PE|Prince Edward Island'],
  ['America/Moncton', 'NB|New Brunswick'],
  ['America/St_Johns', 'NL|Newfoundland and Labrador'],
] as const) for (const n of names.split('|')) CA[n.toLowerCase()] = zone;

const AU: Record<string, string> = {};
for (const [zone, names] of [
  ['Australia/Sydney', 'NSW|New South Wales|ACT|Australian Capital Territory|VIC|Victoria|TAS|Tasmania'],
  ['Australia/Brisbane', 'QLD|Queensland'],
  ['Australia/Adelaide', 'SA|South Australia'],
  ['Australia/Perth', 'WA|Western Australia'],
  ['Australia/Darwin', 'NT|Northern Territory'],
] as const) for (const n of names.split('|')) AU[n.toLowerCase()] = zone;

/** Countries with one civil time zone for (nearly) everyone. Multi-zone countries (RU, BR, ID, KZ...) are absent. */
const SINGLE: Record<string, string> = {
  GB: 'Europe/London', IE: 'Europe/Dublin', DE: 'Europe/Berlin', FR: 'Europe/Paris', ES: 'Europe/Madrid', IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', CH: 'Europe/Zurich', AT: 'Europe/Vienna', PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague', SK: 'Europe/Bratislava', SE: 'Europe/Stockholm', NO: 'Europe/Oslo', DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki', PT: 'Europe/Lisbon', GR: 'Europe/Athens', RO: 'Europe/Bucharest', HU: 'Europe/Budapest',
  BG: 'Europe/Sofia', RS: 'Europe/Belgrade', HR: 'Europe/Zagreb', SI: 'Europe/Ljubljana', LT: 'Europe/Vilnius',
  LV: 'Europe/Riga', EE: 'Europe/Tallinn', UA: 'Europe/Kiev', BY: 'Europe/Minsk', TR: 'Europe/Istanbul', IL: 'Asia/Jerusalem',
  AE: 'Asia/Dubai', SA: 'Asia/Riyadh', QA: 'Asia/Qatar', IN: 'Asia/Kolkata', PK: 'Asia/Karachi', BD: 'Asia/Dhaka',
  LK: 'Asia/Colombo', NP: 'Asia/Kathmandu', CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong', TW: 'Asia/Taipei', KR: 'Asia/Seoul',
  KP: 'Asia/Pyongyang', JP: 'Asia/Tokyo', SG: 'Asia/Singapore', MY: 'Asia/Kuala_Lumpur', TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh', PH: 'Asia/Manila', NZ: 'Pacific/Auckland', ZA: 'Africa/Johannesburg', NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi', EG: 'Africa/Cairo', MA: 'Africa/Casablanca', AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago', CO: 'America/Bogota', PE: 'America/Lima', VE: 'America/Caracas', UY: 'America/Montevideo',
  CR: 'America/Costa_Rica', PA: 'America/Panama', GT: 'America/Guatemala', DO: 'America/Santo_Domingo',
  PR: 'America/Puerto_Rico', JM: 'America/Jamaica', MX: 'America/Mexico_City',
};

/**
 * The zone of a claimed home: directory time zone first (validated), else country (+ state for US/CA/AU).
 * Returns the zone and where it came from, or undefined when it cannot be derived without I/O.
 */
export function claimedZone(
  directoryTz: string | undefined,
  country: string | undefined,
  region: string | undefined,
): { tz: string; from: 'directory' | 'home' } | undefined {
  if (directoryTz && isValidZone(directoryTz)) return { tz: directoryTz, from: 'directory' };
  if (!country) return undefined;
  const c = country.toUpperCase();
  const r = region?.trim().toLowerCase();
  let tz: string | undefined;
  if (c === 'US' || c === 'USA') tz = r ? US[r] : undefined;
  else if (c === 'CA') tz = r ? CA[r] : undefined;
  else if (c === 'AU') tz = r ? AU[r] : undefined;
  else tz = SINGLE[c];
  return tz && isValidZone(tz) ? { tz, from: 'home' } : undefined;
}

const BUCKET_MS = 6 * 3_600_000;
const offsetCache = new Map<string, { b: number; o0: number; o1: number }>();

const rawOffset = (ms: number, tz: string): number => offsetMinutesCached(ms, tz) / 60;

/**
 * UTC offset (hours) of a zone at an instant. Cached per zone and 6-hour bucket: when the offset is the same at
 * both ends of the bucket it holds throughout (a DST change is one step); otherwise it is computed exactly.
 */
export function zoneOffsetHours(ms: number, tz: string): number {
  const b = Math.floor(ms / BUCKET_MS);
  let e = offsetCache.get(tz);
  if (!e || e.b !== b) {
    e = { b, o0: rawOffset(b * BUCKET_MS, tz), o1: rawOffset((b + 1) * BUCKET_MS - 1, tz) };
    offsetCache.set(tz, e);
  }
  return e.o0 === e.o1 ? e.o0 : rawOffset(ms, tz);
}

/** Example zones per whole UTC offset (standard time), for "these would be business hours in ..." explanations. */
export const EXAMPLE_ZONES: Record<number, string> = {
  [-10]: 'Pacific/Honolulu', [-9]: 'America/Anchorage', [-8]: 'America/Los_Angeles', [-7]: 'America/Denver',
  [-6]: 'America/Chicago', [-5]: 'America/New_York', [-4]: 'America/Halifax', [-3]: 'America/Sao_Paulo',
  [-2]: 'Atlantic/South_Georgia', [-1]: 'Atlantic/Azores', 0: 'Europe/London, UTC', 1: 'Europe/Berlin, Africa/Lagos',
  2: 'Europe/Kiev, Africa/Cairo', 3: 'Europe/Moscow, Asia/Riyadh', 4: 'Asia/Dubai', 5: 'Asia/Karachi, Asia/Tashkent',
  6: 'Asia/Dhaka, Asia/Almaty', 7: 'Asia/Bangkok, Asia/Ho_Chi_Minh, Asia/Jakarta',
  8: 'Asia/Shanghai, Asia/Singapore, Asia/Manila', 9: 'Asia/Pyongyang, Asia/Seoul, Asia/Tokyo',
  10: 'Australia/Sydney, Asia/Vladivostok', 11: 'Pacific/Noumea, Asia/Magadan', 12: 'Pacific/Auckland',
  13: 'Pacific/Tongatapu', 14: 'Pacific/Kiritimati', [-11]: 'Pacific/Pago_Pago', [-12]: 'Etc/GMT+12',
};

export const utcLabel = (o: number): string => `UTC${o >= 0 ? '+' : '−'}${Math.abs(o)}`;
