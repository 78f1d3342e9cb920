// Keys for comparing directory contact data between people: phone numbers, personal e-mail addresses and home
// street addresses. Pure (detectors may not use libphonenumber-js), deliberately conservative: two values get the
// same key only when a person would read them as the same number / mailbox / dwelling.
import type { Address, DirectoryEntry } from '../../core/model.ts';

const NON_DIGITS = /\D+/g;
const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i;

/**
 * Phone key: digits only, extension dropped, last 10 digits (so "+1 (512) 555-0147", "512.555.0147" and
 * "001 512 555 0147" agree). Fewer than 7 digits is not a usable number.
 */
export function phoneKey(value: string): string | undefined {
  if (value.length > 64) return undefined; // no phone number is longer; keeps the extension pattern linear in practice
  const digits = value.replace(EXTENSION, '').replace(NON_DIGITS, '');
  if (digits.length < 7) return undefined;
  return digits.length > 10 ? digits.slice(-10) : digits;
}

const DOT_INSENSITIVE = new Set(['gmail.com', 'googlemail.com']);

/**
 * Mailbox key: lower case; "+tag" sub-addressing dropped (Gmail, Outlook, iCloud, Proton, Fastmail deliver
 * user+tag@ to user@); dots ignored and googlemail.com folded into gmail.com for Gmail, which ignores them.
 */
export function emailKey(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  const at = v.lastIndexOf('@');
  if (at <= 0 || at === v.length - 1) return undefined;
  let local = v.slice(0, at);
  let domain = v.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOT_INSENSITIVE.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

// USPS Publication 28 street suffix and unit designator abbreviations (the common ones), plus directions.
const WORDS: Record<string, string> = {
  street: 'st', str: 'st', avenue: 'ave', av: 'ave', avn: 'ave', road: 'rd', boulevard: 'blvd', drive: 'dr', drv: 'dr',
  lane: 'ln', court: 'ct', place: 'pl', square: 'sq', terrace: 'ter', circle: 'cir', highway: 'hwy', parkway: 'pkwy',
  expressway: 'expy', freeway: 'fwy', trail: 'trl', way: 'way', point: 'pt', crossing: 'xing', heights: 'hts',
  mount: 'mt', mountain: 'mtn', center: 'ctr', centre: 'ctr', plaza: 'plz', alley: 'aly', route: 'rte',
  north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
  apartment: 'apt', unit: 'apt', suite: 'apt', ste: 'apt', no: 'apt', number: 'apt', floor: 'fl', building: 'bldg',
};
const PUNCT = /[.,;:'"()]/g;
const HASH = /#\s*/g;
const SPACES = /\s+/;

/** Street line key: lower case, punctuation dropped, "#4" → "apt 4", words abbreviated per USPS Pub. 28. */
export function streetKey(street: string): string | undefined {
  const s = street.toLowerCase().replace(PUNCT, ' ').replace(HASH, ' apt ').trim();
  if (!s) return undefined;
  const words = s.split(SPACES).map((w) => WORDS[w] ?? w);
  // "apt apt 4" (e.g. "Apt #4") → "apt 4"
  const out: string[] = [];
  for (const w of words) if (!(w === 'apt' && out[out.length - 1] === 'apt')) out.push(w);
  return out.join(' ');
}

/**
 * Dwelling key: street line + postal code (first 5 characters, so ZIP+4 agrees) or, without one, locality and
 * region. No street → no key (a city alone is not a shared address). Units are part of the key: two flats in one
 * building are different homes.
 */
export function addressKey(a: Address | undefined): string | undefined {
  if (!a?.street) return undefined;
  const st = streetKey(a.street);
  if (!st) return undefined;
  const postal = a.postalCode?.replace(/\s+/g, '').toLowerCase().slice(0, 5);
  const country = (a.country ?? '').toLowerCase();
  if (postal) return `${country}|${postal}|${st}`;
  const loc = [a.locality, a.region].map((x) => (x ?? '').trim().toLowerCase()).join('|');
  return loc === '|' ? undefined : `${country}|${loc}|${st}`;
}

/** E-mail addresses in a directory entry that are personal: typed home/personal/other, or untyped and not an id. */
export function personalEmails(e: DirectoryEntry): string[] {
  const ids = new Set(e.ids.filter((i) => i.kind === 'email' || i.kind === 'upn').map((i) => i.value.trim().toLowerCase()));
  const out: string[] = [];
  for (const m of e.emails) {
    const t = m.type?.toLowerCase();
    if (t === 'work') continue;
    if (ids.has(m.value.trim().toLowerCase())) continue;
    if (t === undefined && m.primary) continue;
    out.push(m.value);
  }
  return out;
}
