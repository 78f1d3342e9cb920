// A phone number as the numbering plans see it: libphonenumber-js with its FULL metadata ("max": number types per
// range, so VoIP, personal, premium, toll-free, UAN and unassigned ranges are known where the plan publishes them).
// Offline and pure apart from the bundled metadata; a carrier lookup (phone-lookup.ts) may add the line type later.
//   valid     the number is in a range the plan assigns (libphonenumber isValid)
//   possible  its length fits the country (isPossible); possible but not valid = an unassigned / reserved range
//   country   ISO-2 of the range (undefined when not valid: the calling code alone may cover several countries)
//   numberType MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, VOIP, PERSONAL_NUMBER, PREMIUM_RATE, TOLL_FREE, UAN, …
import { parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';
import type { PhoneFacts } from '../core/check.ts';

/** Longer input is not a phone number (E.164 has at most 15 digits; extensions and formatting add some). */
export const MAX_PHONE_CHARS = 64;

const PARSE_ERRORS: Record<string, string> = {
  NOT_A_NUMBER: 'not a phone number',
  INVALID_COUNTRY: 'no country: neither a +country code nor a default country',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'invalid length',
};

/** ISO-2 upper case when it looks like one, else undefined (libphonenumber rejects unknown codes itself). */
function countryOf(c: string | undefined): CountryCode | undefined {
  const up = c?.trim().toUpperCase();
  return up && /^[A-Z]{2}$/.test(up) ? (up as CountryCode) : undefined;
}

/**
 * Parse and classify one phone number. `defaultCountry` (ISO-2) is used for national-format numbers (the
 * candidate's home country). Never throws: an unparseable number comes back with `error`.
 */
export function analysePhone(raw: string, defaultCountry?: string, label?: string): PhoneFacts {
  const base: PhoneFacts = { raw, valid: false, possible: false, ...(label ? { type: label } : {}) };
  if (raw.length > MAX_PHONE_CHARS) return { ...base, error: `longer than ${MAX_PHONE_CHARS} characters` };
  if (raw.trim() === '') return { ...base, error: 'empty' };
  try {
    const p = parsePhoneNumberWithError(raw, countryOf(defaultCountry));
    const valid = p.isValid();
    const facts: PhoneFacts = { ...base, e164: p.number, valid, possible: p.isPossible() };
    if (valid && p.country) facts.country = p.country;
    const t = valid ? p.getType() : undefined;
    if (t) facts.numberType = t;
    if (!valid) facts.error = facts.possible
      ? `not in any assigned range of +${p.countryCallingCode} (possible length, but unassigned or reserved)`
      : `not a possible number for +${p.countryCallingCode} (wrong length)`;
    return facts;
  } catch (e) {
    const msg = e instanceof ParseError ? PARSE_ERRORS[e.message] ?? e.message : e instanceof Error ? e.message : String(e);
    return { ...base, error: msg };
  }
}

