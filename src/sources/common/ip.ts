// One IP normaliser for every format. Logs write the client address in many ways: Office 365's ClientIP carries a
// port ("1.2.3.4:50000", "[2001:db8::1]:443"), others pad it with spaces, upper-case IPv6, or give an IPv4 address in
// its IPv4-mapped IPv6 form ("::ffff:1.2.3.4"). Detectors and intel compare addresses as strings (one person's IPs, a
// laptop farm's shared IP), so every spelling of one address must become one string. Pure; the common case (a plain
// IPv4 address) returns the input string itself without allocating.
import { isIP } from 'node:net';

const MAX_LEN = 64; // longer text is no address (an IPv6 with zone id and port is ~60)

/**
 * The canonical text of an IP address written as logs write it, or undefined when the text is no IP address:
 * " 1.2.3.4 " → "1.2.3.4"; "1.2.3.4:50000" → "1.2.3.4"; "[2001:DB8::1]:443" → "2001:db8::1"; "::ffff:1.2.3.4" and
 * "::ffff:102:304" → "1.2.3.4"; "2001:0db8:0000::0001" → "2001:db8::1" (RFC 5952); "fe80::1%eth0" → "fe80::1";
 * "123.456.7.89", "", "unknown", "<script>" → undefined.
 */
export function normalizeIp(raw: string): string | undefined {
  if (isIP(raw) === 4) return raw;
  if (raw.length === 0 || raw.length > MAX_LEN) return undefined;
  let t = raw.trim();
  if (t.charCodeAt(0) === 91 /* [ */) {
    const end = t.indexOf(']');
    if (end < 0) return undefined;
    const rest = t.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    t = t.slice(1, end);
  } else {
    const colon = t.indexOf(':');
    // exactly one colon: IPv4 with a port ("1.2.3.4:50000"); IPv6 has at least two
    if (colon > 0 && colon === t.lastIndexOf(':')) {
      if (!/^\d{1,5}$/.test(t.slice(colon + 1))) return undefined;
      t = t.slice(0, colon);
    }
  }
  const pct = t.indexOf('%'); // IPv6 zone id ("fe80::1%eth0"): local-link detail, not part of the address
  if (pct > 0) t = t.slice(0, pct);
  const v = isIP(t);
  if (v === 4) return t;
  if (v !== 6) return undefined;
  return canonicalV6(t);
}

/** RFC 5952 text of a valid IPv6 address; an IPv4-mapped address becomes its IPv4 address. */
function canonicalV6(t: string): string {
  const lower = t.toLowerCase();
  const groups = expand(lower);
  if (groups === undefined) return lower;
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
  }
  // longest run of ≥ 2 zero groups becomes "::" (the first such run on a tie)
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The eight 16-bit groups of a valid IPv6 address (a dotted IPv4 tail becomes two groups). */
function expand(s: string): number[] | undefined {
  let text = s;
  const dot = text.indexOf('.');
  if (dot >= 0) {
    const lastColon = text.lastIndexOf(':');
    const v4 = text.slice(lastColon + 1).split('.').map(Number);
    if (v4.length !== 4) return undefined;
    text = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const dbl = text.indexOf('::');
  let parts: string[];
  if (dbl >= 0) {
    const head = text.slice(0, dbl) === '' ? [] : text.slice(0, dbl).split(':');
    const tail = text.slice(dbl + 2) === '' ? [] : text.slice(dbl + 2).split(':');
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    parts = [...head, ...new Array<string>(fill).fill('0'), ...tail];
  } else parts = text.split(':');
  if (parts.length !== 8) return undefined;
  const out = parts.map((p) => parseInt(p, 16));
  return out.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? out : undefined;
}

/** A record rejection naming the IP field (shape of ParseOutcome's failure). */
export interface BadIp {
  ok: false;
  field: string;
  message: string;
}

/**
 * An IP field as every format reads it:
 * - absent (undefined, null, blank) → undefined: the event is kept without an address;
 * - a string normalizeIp reads (" 1.2.3.4 ", "1.2.3.4:443", "[::ffff:1.2.3.4]:8443", "[2001:db8::1]:443") → its
 *   canonical text ("1.2.3.4", "2001:db8::1");
 * - a placeholder or misspelt address — at most 64 characters that addresses and placeholders are made of (letters,
 *   digits, . : [ ] % - _ space): "unknown", "-", "N/A", "123.456.7.89" (Microsoft's own published risk-detection
 *   sample) → undefined: the vendor said "no usable address", the rest of the event still counts;
 * - anything else (a number or object, longer text, markup, control characters: hostile or corrupt data) → a BadIp
 *   naming the field, and the record is rejected.
 */
export function ipOf(raw: unknown, field: string): string | undefined | BadIp {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return { ok: false, field, message: `not an IP address: expected a string, got ${typeof raw}` };
  if (raw.length === 0) return undefined;
  const ip = normalizeIp(raw);
  if (ip !== undefined) return ip;
  if (raw.length <= MAX_LEN && placeholderLike(raw)) return undefined;
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return { ok: false, field, message: `not an IP address: ${JSON.stringify(shown)}` };
}

/** Only letters, digits, '.', ':', '[', ']', '%', '-', '_', '/' and spaces (a short loop, no regex). */
function placeholderLike(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 58) || // 0-9 :
      (c >= 65 && c <= 93 && c !== 92) || // A-Z [ ]
      (c >= 97 && c <= 122) || // a-z
      c === 46 || c === 37 || c === 45 || c === 95 || c === 47 || c === 32;
    if (!ok) return false;
  }
  return true;
}

/** True for the BadIp outcome of ipOf. */
export const badIp = (v: string | undefined | BadIp): v is BadIp => typeof v === 'object';
