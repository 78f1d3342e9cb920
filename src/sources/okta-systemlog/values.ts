// Small value readers shared by the Okta, SCIM and HR formats. Pure; no allocation beyond the returned value.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, else undefined (numbers are not strings here: callers decide). */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A finite number from a number or a numeric string ("34.047"), else undefined. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length > 0) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** true / false from a boolean or "true" / "TRUE" / "false" / "False", else undefined. */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (v === 'true' || v === 'TRUE' || v === 'True') return true;
    if (v === 'false' || v === 'FALSE' || v === 'False') return false;
    const l = v.toLowerCase();
    if (l === 'true') return true;
    if (l === 'false') return false;
  }
  return undefined;
}

/** Plausible e-mail address: something@something.tld, no spaces. */
export function looksLikeEmail(s: string): boolean {
  const at = s.indexOf('@');
  return at > 0 && at === s.lastIndexOf('@') && s.indexOf('.', at) > at + 1 && !s.endsWith('.') && s.indexOf(' ') < 0;
}

/** Days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Longest text read as a phone number (SCIM phoneNumbers, HR phone columns): E.164 has at most 15 digits, and with
 * spaces, punctuation and an extension a real number stays far below. A longer value is rejected naming the field:
 * it is no phone number, and the detectors' phone comparison (shared-infrastructure phoneKey) is only linear on
 * short text (issue 7: a 60 KB "1     …a" took 15 s).
 */
export const MAX_PHONE_CHARS = 64;
