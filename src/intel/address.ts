// Postal addresses for comparison: a normalised key, and the importable list of mail-forwarding /
// freight-forwarding addresses (parcel forwarders, reshippers, virtual mailboxes: the places a laptop is sent to
// be passed on abroad).
//
// addressKey(addr) = "<country>|<postal or locality>|<street>|<unit>", '' when too vague to compare (no street, or a
// street without a house number or PO box number). Normalisation:
//   - lower case, accents removed, punctuation dropped ("St." = "st"), "#" kept as the unit marker;
//   - street suffixes to the USPS standard abbreviations (Publication 28, Appendix C1: Street → st, Avenue → ave,
//     Boulevard → blvd, Suite → ste …) and directionals (Appendix B: North → n, Northeast → ne …), anywhere in the
//     street line ("North Main Street" = "N Main St");
//   - secondary unit designators (Appendix C2: Apartment, Apt, Suite, Ste, Unit, Room, #, Floor …) mark the unit,
//     which stays part of the key: "12 Main St Apt 4B" = "12 Main St #4b" = "12 Main St, Unit 4B", and differs from
//     "12 Main St #5" (another household). The designator itself is not compared (apt/ste/unit all → '#'),
//     except Floor/Building/Lot etc., kept as written;
//   - postal code: US → the 5-digit ZIP ("94103-1234" → "94103"), elsewhere upper case without spaces; when
//     absent, the locality (placeKey) stands in;
//   - country: ISO-2 (country.ts: codes or English names), '' when not given.
// buildingKey() is the same without the unit: one building of flats, or a forwarder's warehouse with a "suite" per
// customer. The forwarding list is matched on the full key, then on the building (marked `building: true`).
//
// Forwarding list CSV (header required, UTF-8, '#' comment lines allowed):
//   name,street,city,region,postal_code,country,source
//   name         the service ("MyUS", "Shipito", a known reshipper), required
//   street       street line with house number; a suite/unit that every customer gets differently is left out
//   city, region, postal_code, country   as on the service's published address (country ISO-2 or name)
//   source       where the address was published (URL, case number, advisory), required
import { parse } from 'csv-parse/sync';
import type { Address } from '../core/model.ts';
import { countryCode } from './country.ts';

/** Street lines longer than this are not an address line. */
const MAX_FIELD = 300;

// USPS Publication 28, Appendix C1 (street suffixes): common forms → standard abbreviation.
const SUFFIX: Record<string, string> = {
  street: 'st', str: 'st', strt: 'st', st: 'st',
  avenue: 'ave', av: 'ave', aven: 'ave', avenu: 'ave', avn: 'ave', avnue: 'ave', ave: 'ave',
  boulevard: 'blvd', boul: 'blvd', boulv: 'blvd', blvd: 'blvd',
  road: 'rd', rd: 'rd', drive: 'dr', driv: 'dr', drv: 'dr', dr: 'dr',
  lane: 'ln', ln: 'ln', court: 'ct', ct: 'ct', place: 'pl', pl: 'pl',
  terrace: 'ter', terr: 'ter', ter: 'ter', parkway: 'pkwy', parkwy: 'pkwy', pkway: 'pkwy', pky: 'pkwy', pkwy: 'pkwy',
  highway: 'hwy', highwy: 'hwy', hiway: 'hwy', hiwy: 'hwy', hway: 'hwy', hwy: 'hwy',
  circle: 'cir', circ: 'cir', circl: 'cir', crcl: 'cir', crcle: 'cir', cir: 'cir',
  square: 'sq', sqr: 'sq', sqre: 'sq', squ: 'sq', sq: 'sq', trail: 'trl', trails: 'trl', trl: 'trl',
  expressway: 'expy', expr: 'expy', express: 'expy', expw: 'expy', expy: 'expy',
  freeway: 'fwy', frwy: 'fwy', frway: 'fwy', fwy: 'fwy', turnpike: 'tpke', trnpk: 'tpke', turnpk: 'tpke', tpke: 'tpke',
  center: 'ctr', centre: 'ctr', cntr: 'ctr', cnter: 'ctr', centr: 'ctr', ctr: 'ctr',
  plaza: 'plz', plza: 'plz', plz: 'plz', point: 'pt', pt: 'pt', crossing: 'xing', crssng: 'xing', xing: 'xing',
  heights: 'hts', ht: 'hts', hts: 'hts', mount: 'mt', mt: 'mt', mountain: 'mtn', mtn: 'mtn',
  alley: 'aly', allee: 'aly', ally: 'aly', aly: 'aly', way: 'way', wy: 'way', loop: 'loop', loops: 'loop',
  run: 'run', path: 'path', pike: 'pike', row: 'row', walk: 'walk', cove: 'cv', cv: 'cv', creek: 'crk', crk: 'crk',
  estates: 'ests', ests: 'ests', gardens: 'gdns', gdns: 'gdns', grove: 'grv', grv: 'grv', harbor: 'hbr', hbr: 'hbr',
  hill: 'hl', hl: 'hl', island: 'is', is: 'is', junction: 'jct', jct: 'jct', lake: 'lk', lk: 'lk', landing: 'lndg',
  lndg: 'lndg', manor: 'mnr', mnr: 'mnr', meadows: 'mdws', mdws: 'mdws', park: 'park', ridge: 'rdg', rdg: 'rdg',
  route: 'rte', rte: 'rte', station: 'sta', sta: 'sta', valley: 'vly', vly: 'vly', view: 'vw', vw: 'vw',
  village: 'vlg', vlg: 'vlg', vista: 'vis', vis: 'vis',
};
// USPS Publication 28, Appendix B (directionals).
const DIRECTIONAL: Record<string, string> = {
  north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
  n: 'n', s: 's', e: 'e', w: 'w', ne: 'ne', nw: 'nw', se: 'se', sw: 'sw',
};
// USPS Publication 28, Appendix C2 (secondary unit designators). The first group is one kind of unit (compared as '#').
const UNIT_SAME = new Set(['apartment', 'apt', 'suite', 'ste', 'unit', 'room', 'rm', '#', 'flat', 'office', 'ofc', 'space', 'spc']);
/** Designators that are never a street-name word: a unit wherever they stand after the house number. */
const UNAMBIGUOUS = new Set(['apartment', 'apt', 'suite', 'ste', 'unit', '#', 'bldg', 'fl', 'rm', 'trlr', 'hngr', 'bsmt', 'ph', 'dept', 'ofc', 'spc']);
const UNIT_OTHER: Record<string, string> = {
  floor: 'fl', fl: 'fl', building: 'bldg', bldg: 'bldg', department: 'dept', dept: 'dept', lot: 'lot', pier: 'pier',
  slip: 'slip', stop: 'stop', trailer: 'trlr', trlr: 'trlr', hangar: 'hngr', hngr: 'hngr', basement: 'bsmt', bsmt: 'bsmt',
  penthouse: 'ph', ph: 'ph', lobby: 'lbby', lbby: 'lbby', rear: 'rear', front: 'frnt', frnt: 'frnt', side: 'side',
  upper: 'uppr', uppr: 'uppr', lower: 'lowr', lowr: 'lowr', key: 'key',
};
/** Designators that never take a value. */
const UNIT_ALONE = new Set(['bsmt', 'frnt', 'lbby', 'lowr', 'ofc', 'ph', 'rear', 'side', 'uppr']);

const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING = /[\u0300-\u036f]/g;

/** Lower-case ASCII tokens; '#' is its own token ("#4B" → "#", "4b"). */
function tokens(s: string): string[] {
  const t = (NON_ASCII.test(s) ? s.normalize('NFKD').replace(COMBINING, '') : s).toLowerCase().slice(0, MAX_FIELD);
  return t.replace(/['’`.]/g, '').replace(/#/g, ' # ').split(/[^a-z0-9#]+/).filter(Boolean);
}

export interface StreetParts {
  /** Normalised street line without the unit. */
  street: string;
  /** Normalised unit ("# 4b", "fl 3"), '' when none. */
  unit: string;
  /** A house number or PO box number is present. */
  numbered: boolean;
  poBox: boolean;
}

/**
 * Split and normalise a street line (and an optional second line) into street and unit. As USPS standardises:
 * only the suffix (the last street word, before a post-directional) is abbreviated ("100 Harbor Blvd" keeps
 * Harbor), directionals only right after the house number or at the end ("North-West" = "NW").
 */
export function normaliseStreet(line1: string, line2 = ''): StreetParts {
  const t = joinCompassPoints(tokens(`${line1} ${line2}`));
  const street: string[] = [];
  const unit: string[] = [];
  let poBox = false;
  let suffixSeen = false;
  for (let i = 0; i < t.length; i++) {
    const w = t[i];
    if (unit.length > 0) { if (w !== '#') unit.push(w); continue; } // "Suite SLU-4411": the rest is the unit
    // PO Box / P.O. Box / Post Office Box
    if ((w === 'po' || w === 'pob') && (t[i + 1] === 'box' || w === 'pob')) {
      poBox = true;
      street.push('po', 'box');
      if (w === 'po') i++;
      continue;
    }
    if (w === 'post' && t[i + 1] === 'office' && t[i + 2] === 'box') { poBox = true; street.push('po', 'box'); i += 2; continue; }
    const same = UNIT_SAME.has(w);
    const other = UNIT_OTHER[w];
    // a designator is a unit only after the street has begun (so "Suite" is not the start of a street name), and an
    // ambiguous one ("Flat", "Lower", "Key", "Pier": also street-name words) only after the street suffix ("12 Flat
    // Rock Rd" has no unit; "12 Main St Flat 3" has); except for value-less ones, a value must follow
    if ((same || other) && street.length > 0 && !poBox && (suffixSeen || UNAMBIGUOUS.has(w) || UNAMBIGUOUS.has(other ?? ''))) {
      const code = same ? '#' : other!;
      if (UNIT_ALONE.has(code)) { unit.push(code); continue; }
      const v = t[i + 1] === '#' ? t[i + 2] : t[i + 1];
      if (v !== undefined) {
        unit.push(code, v);
        i += t[i + 1] === '#' ? 2 : 1;
        continue;
      }
    }
    if (street.length > 1 && SUFFIX[w]) suffixSeen = true;
    street.push(w);
  }
  // standardise: pre-directional after the number, post-directional at the end, the suffix before it
  if (street.length > 1 && DIRECTIONAL[street[1]] && street.length > 2) street[1] = DIRECTIONAL[street[1]];
  let last = street.length - 1;
  if (last >= 2 && DIRECTIONAL[street[last]]) { street[last] = DIRECTIONAL[street[last]]; last--; }
  if (last >= 2 && SUFFIX[street[last]]) street[last] = SUFFIX[street[last]];
  return { street: street.join(' '), unit: unit.join(' '), numbered: street.some((w) => /\d/.test(w)), poBox };
}

const COMPASS_NS = new Set(['north', 'south']);
const COMPASS_EW = new Set(['east', 'west']);
/** "north west" (from "North-West") → "northwest". */
function joinCompassPoints(t: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    if (COMPASS_NS.has(t[i]) && COMPASS_EW.has(t[i + 1] ?? '')) { out.push(t[i] + t[i + 1]); i++; }
    else out.push(t[i]);
  }
  return out;
}

/** "94103-1234" → "94103" (US); elsewhere upper case without spaces or hyphens. */
export function normalisePostal(postal: string | undefined, country: string | undefined): string {
  if (!postal) return '';
  const p = postal.trim().toUpperCase().slice(0, 20);
  if (country === 'US' || (!country && /^\d{5}(?:-\d{4})?$/.test(p))) {
    const m = /^(\d{5})/.exec(p);
    return m ? m[1] : p.replace(/[\s-]/g, '');
  }
  return p.replace(/[\s-]/g, '');
}

const PLACE = (s: string): string => tokens(s).join(' ');

interface Parsed { street?: string; street2?: string; locality?: string; region?: string; postalCode?: string; country?: string }

/** Structured fields first; else "street[, unit], city, region postal, country" from `formatted`. */
function parsed(a: Address): Parsed {
  if (a.street || !a.formatted) return a;
  const parts = a.formatted.slice(0, MAX_FIELD * 2).split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  const isUnit = (part: string | undefined) => {
    const w = part ? tokens(part)[0] ?? '' : '';
    return UNIT_SAME.has(w) || UNIT_OTHER[w] !== undefined;
  };
  // "Flat 2, 10 Downing Street, …" (unit first, as in the UK)
  const unitFirst = parts.length > 1 && isUnit(parts[0]) && /\d/.test(parts[1]);
  if (parts.length === 0 || (!unitFirst && !/\d/.test(parts[0]))) return { ...a };
  const out: Parsed = unitFirst ? { street: parts[1], street2: parts[0] } : { street: parts[0] };
  let i = unitFirst ? 2 : 1;
  if (!unitFirst && isUnit(parts[1])) out.street2 = parts[i++];
  const rest = parts.slice(i);
  if (rest.length > 0) {
    // the last part is the country when it names one; a bare 2-letter code only with city and region before it
    // ("Springfield, IL" is Illinois, not Israel)
    const last = rest[rest.length - 1];
    if (countryCode(last) && (rest.length >= 3 || !/^[a-z]{2}$/i.test(last))) { out.country = last; rest.pop(); }
  }
  // "CA 94103" / "94103" / "California" / "London SW1A 1AA": the tokens from the first one with a digit are the
  // postal code, those before it the region (or, with no region part, the city)
  const splitPostal = (part: string): [string, string | undefined] => {
    const t = part.slice(0, 64).split(/\s+/).filter(Boolean);
    const k = t.findIndex((w) => /\d/.test(w));
    return k < 0 ? [part, undefined] : [t.slice(0, k).join(' '), t.slice(k).join(' ')];
  };
  if (rest.length === 1) {
    const [city, postal] = splitPostal(rest[0]);
    if (city) out.locality = city;
    if (postal) out.postalCode = postal;
  } else if (rest.length > 1) {
    out.locality = rest[0];
    const [region, postal] = splitPostal(rest[1]);
    if (region) out.region = region;
    if (postal) out.postalCode = postal;
  }
  return { ...out, ...(a.country ? { country: a.country } : {}), ...(a.postalCode ? { postalCode: a.postalCode } : {}) };
}

export interface AddressKeyParts {
  key: string;
  building: string;
  country: string;
  poBox: boolean;
  /** Why the key is '' (too vague to compare). */
  vague?: string;
}

export function addressParts(addr: Address): AddressKeyParts {
  const p = parsed(addr);
  const country = countryCode(p.country) ?? '';
  if (!p.street || !p.street.trim()) return { key: '', building: '', country, poBox: false, vague: 'no street line' };
  const s = normaliseStreet(p.street, p.street2 ?? '');
  if (!s.numbered) return { key: '', building: '', country, poBox: s.poBox, vague: s.poBox ? 'a PO box without its number' : 'no house number in the street line' };
  const postal = normalisePostal(p.postalCode, country || undefined);
  const where = postal || (p.locality ? PLACE(p.locality) : '');
  if (!where) return { key: '', building: '', country, poBox: s.poBox, vague: 'no postal code or city' };
  const building = `${country}|${where}|${s.street}`;
  return { key: `${building}|${s.unit}`, building, country, poBox: s.poBox };
}

/** The comparison key of an address ('' when too vague: no numbered street, or no postal code / city). */
export function addressKey(addr: Address): string {
  return addressParts(addr).key;
}

/** The key without the unit ('' when too vague). */
export function buildingKey(addr: Address): string {
  return addressParts(addr).building;
}

export interface ForwardingEntry {
  name: string;
  source: string;
  address: Address;
  key: string;
  building: string;
  /** file:line it came from */
  at: string;
}

export interface ForwardingMatch {
  name: string;
  source: string;
  /** Matched the building only (the list's address has no unit, or another one): a forwarder's warehouse. */
  building: boolean;
  at: string;
}

export class ForwardingList {
  private readonly byKey = new Map<string, ForwardingEntry>();
  private readonly byBuilding = new Map<string, ForwardingEntry>();
  constructor(readonly entries: readonly ForwardingEntry[]) {
    for (const e of entries) {
      if (!this.byKey.has(e.key)) this.byKey.set(e.key, e);
      if (!this.byBuilding.has(e.building)) this.byBuilding.set(e.building, e);
    }
  }
  get size(): number { return this.entries.length; }

  /** The listed forwarder at this address: the same key, else the same building (suite/unit ignored). */
  match(addr: Address): ForwardingMatch | undefined {
    const p = addressParts(addr);
    if (!p.key) return undefined;
    const exact = this.byKey.get(p.key);
    if (exact) return { name: exact.name, source: exact.source, building: false, at: exact.at };
    const b = this.byBuilding.get(p.building) ?? (p.country ? undefined : this.byBuildingNoCountry(p.building));
    return b ? { name: b.name, source: b.source, building: true, at: b.at } : undefined;
  }

  /** An address given without a country still matches a listed building with the same postal code and street. */
  private byBuildingNoCountry(building: string): ForwardingEntry | undefined {
    const rest = building.slice(building.indexOf('|'));
    for (const e of this.entries) if (e.building.slice(e.building.indexOf('|')) === rest) return e;
    return undefined;
  }
}

const COLUMNS = ['name', 'street', 'city', 'region', 'postal_code', 'country', 'source'] as const;
/** A list larger than this is not a forwarding list. */
export const MAX_FORWARDING_ROWS = 100_000;

export class ForwardingListError extends Error {}

/** Parse the forwarding CSV; errors name the file, line and field. */
export function loadForwardingList(text: string, file: string): ForwardingList {
  let rows: string[][];
  try {
    rows = parse(text, { comment: '#', skip_empty_lines: true, trim: true, relax_column_count: false, bom: true, max_record_size: 4096 }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new ForwardingListError(`${file}${line ? `:${line}` : ''}: not a valid CSV (${e instanceof Error ? e.message : String(e)})`);
  }
  if (rows.length === 0) throw new ForwardingListError(`${file}: empty (expected the header ${COLUMNS.join(',')})`);
  const header = rows[0].map((h) => h.toLowerCase());
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new ForwardingListError(`${file}:1: header lacks ${missing.join(', ')} (expected ${COLUMNS.join(',')})`);
  if (rows.length - 1 > MAX_FORWARDING_ROWS) throw new ForwardingListError(`${file}: more than ${MAX_FORWARDING_ROWS} rows`);
  const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  // line numbers: csv-parse drops comment and empty lines, so find each record's line by scanning the text
  const lines = recordLines(text);
  const entries: ForwardingEntry[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const at = `${file}:${lines[r] ?? r + 1}`;
    const get = (c: (typeof COLUMNS)[number]) => (row[col[c]] ?? '').trim();
    for (const c of ['name', 'street', 'source'] as const)
      if (!get(c)) throw new ForwardingListError(`${at}: ${c} is empty`);
    for (const c of COLUMNS)
      if (get(c).length > MAX_FIELD) throw new ForwardingListError(`${at}: ${c} is longer than ${MAX_FIELD} characters`);
    if (get('country') && !countryCode(get('country'))) throw new ForwardingListError(`${at}: country ${JSON.stringify(get('country'))} is not a country code or name`);
    const address: Address = { street: get('street') };
    if (get('city')) address.locality = get('city');
    if (get('region')) address.region = get('region');
    if (get('postal_code')) address.postalCode = get('postal_code');
    if (get('country')) address.country = countryCode(get('country'));
    const p = addressParts(address);
    if (!p.key) throw new ForwardingListError(`${at}: street ${JSON.stringify(get('street'))} is too vague to match (${p.vague})`);
    entries.push({ name: get('name'), source: get('source'), address, key: p.key, building: p.building, at });
  }
  return new ForwardingList(entries);
}

/** 1-based line where each CSV record starts (records skip '#' comments and blank lines; quoted newlines span). */
function recordLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // at the start of a line
    let j = i;
    while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\uFEFF')) j++;
    if (j >= n) break;
    if (text[j] === '\n' || text[j] === '\r' || text[j] === '#') {
      const nl = text.indexOf('\n', j);
      if (nl < 0) break;
      i = nl + 1;
      line++;
      continue;
    }
    out.push(line);
    let quoted = false;
    for (; i < n; i++) {
      const ch = text[i];
      if (ch === '"') quoted = !quoted;
      else if (ch === '\n') {
        line++;
        if (!quoted) { i++; break; }
      }
    }
  }
  return out;
}
