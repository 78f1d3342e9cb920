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

// ISO 8601 date-time with "T" or a space; seconds, fraction (up to ns) and zone optional; no zone means UTC.
const TS = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Epoch ms for an ISO 8601 timestamp: "2024-04-02T19:17:37.621Z", "2022-06-22 18:18:29.015" (no zone: UTC),
 * "2024-04-02 19:17:37.621000000", "2020-07-22T22:32:58+02:00", "2024-01-15". Undefined when malformed or when the
 * calendar date does not exist ("2017-09-31"): Date.parse would silently roll that over to October 1.
 */
export function parseTimestamp(s: string): number | undefined {
  const m = TS.exec(s);
  if (!m) return undefined;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  const h = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, sec = m[6] ? +m[6] : 0;
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  let ms = 0;
  const frac = m[7];
  if (frac) ms = frac.length >= 3 ? +frac.slice(0, 3) : +frac * (frac.length === 1 ? 100 : 10);
  let t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (m[9]) {
    const oh = +m[10], om = m[11] ? +m[11] : 0;
    if (oh > 18 || om > 59) return undefined;
    const off = (oh * 60 + om) * 60_000;
    t += m[9] === '+' ? -off : off;
  }
  return t;
}
