// Vendor timestamps → epoch milliseconds (UTC). Pure. Parsed by hand (no regex, no Date.parse) because this runs
// once per record on the hot path, and because Date.parse reads a zone-less 'YYYY-MM-DD hh:mm:ss' as LOCAL time.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * ISO 8601 / RFC 3339 date-time: `YYYY-MM-DD(T| )hh:mm[:ss[.fraction]][Z|±hh:mm|±hhmm|±hh]`.
 * No zone means UTC (Azure diagnostic exports, Panther and Google Reports write UTC; some drop the 'Z').
 * Fractions beyond milliseconds (Entra writes 7 digits, Panther 9) are truncated. Returns undefined when not such a
 * string or when a field is out of range (month 13, 31 February...).
 */
export function parseIsoUtc(s: string): number | undefined {
  const n = s.length;
  if (n < 16) return undefined;
  const y = d2(s, 0) * 100 + d2(s, 2);
  if (d2(s, 0) < 0 || d2(s, 2) < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const mo = d2(s, 5);
  const d = d2(s, 8);
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32 && sep !== 116) return undefined; // 'T', ' ', 't'
  const h = d2(s, 11);
  if (s.charCodeAt(13) !== 58) return undefined;
  const mi = d2(s, 14);
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 58) {
    sec = d2(s, i + 1);
    i += 3;
    const c = s.charCodeAt(i);
    if (i < n && (c === 46 || c === 44)) {
      i++;
      let digits = 0;
      while (i < n) {
        const v = s.charCodeAt(i) - 48;
        if (v < 0 || v > 9) break;
        if (digits < 3) ms = ms * 10 + v;
        digits++;
        i++;
      }
      if (digits === 0) return undefined;
      if (digits === 1) ms *= 100;
      else if (digits === 2) ms *= 10;
    }
  }
  let offsetMin = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 90 || c === 122) i++; // Z
    else if (c === 43 || c === 45) {
      const oh = d2(s, i + 1);
      let om = 0;
      if (s.charCodeAt(i + 3) === 58) {
        om = d2(s, i + 4);
        i += 6;
      } else if (i + 5 <= n && d2(s, i + 3) >= 0) {
        om = d2(s, i + 3);
        i += 5;
      } else i += 3;
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
      offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
    } else return undefined;
  }
  if (i !== n) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return undefined;
  const leap = mo === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  if (d > DAYS[mo - 1] + (leap ? 1 : 0)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60_000;
}

// Log Analytics (Microsoft Sentinel) CSV exports write the portal's en-US display form in UTC: "4/28/2021, 2:08:45.221 PM".
const US_DATETIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? +(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)? *([AaPp][Mm])?$/;

/** `M/D/YYYY, h:mm:ss[.fff] AM|PM` (UTC, as Sentinel exports it), or any form parseIsoUtc reads. */
export function parseUsOrIsoUtc(s: string): number | undefined {
  const m = US_DATETIME.exec(s.trim());
  if (!m) return parseIsoUtc(s.trim());
  const mo = Number(m[1]);
  const d = Number(m[2]);
  const y = Number(m[3]);
  let h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
  const ampm = m[8]?.toUpperCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'AM' && h === 12) h = 0;
    else if (ampm === 'PM' && h !== 12) h += 12;
  }
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60) return undefined;
  const leap = mo === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  if (d > DAYS[mo - 1] + (leap ? 1 : 0)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}

/** Earliest event time any format accepts: 2000-01-01T00:00:00Z (no identity log this tool reads is older). */
export const EARLIEST_EVENT = Date.UTC(2000, 0, 1);
/** How far after the reading time an event may be (clock skew between the vendor and this machine): one day. */
export const MAX_FUTURE_MS = 86_400_000;

/**
 * Why an event time cannot be right, or undefined when it is plausible: before 2000-01-01 ("0001-01-01", a zero
 * date) or more than a day after `now` (the reading time: "9999-12-31", a far-future placeholder). Such a time would
 * sort before or after every real event and poison every time window, so the record is rejected naming the field.
 */
export function implausibleTime(t: number, now = Date.now()): string | undefined {
  if (!Number.isFinite(t)) return 'not a real time';
  if (t < EARLIEST_EVENT) return 'before 2000-01-01';
  if (t > now + MAX_FUTURE_MS) return 'more than one day after the reading time';
  return undefined;
}

/** The rejection message of an implausible time: `"9999-12-31T00:00:00Z" is more than one day after ... `. */
export function implausibleMessage(raw: string, why: string): string {
  return `not a plausible event time: ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)} is ${why}`;
}

/** Earliest account-creation or hire date a directory entry may carry: 1950-01-01 (before it is a placeholder). */
export const EARLIEST_HIRE = Date.UTC(1950, 0, 1);
/** How far after the reading time a hire date may be: a year (start dates are entered ahead of the first day). */
export const MAX_HIRE_AHEAD_MS = 366 * 86_400_000;

/**
 * Why a directory entry's creation or hire date cannot be right, or undefined when it is plausible: before 1950
 * ("0001-01-01") or more than a year after the reading time ("9999-12-31"). The new-hire boost and the
 * "right after the laptop arrived" windows read this date, so a placeholder would move them by centuries.
 */
export function implausibleHire(t: number, now = Date.now()): string | undefined {
  if (!Number.isFinite(t)) return 'not a real date';
  if (t < EARLIEST_HIRE) return 'before 1950-01-01';
  if (t > now + MAX_HIRE_AHEAD_MS) return 'more than a year after the reading time';
  return undefined;
}
