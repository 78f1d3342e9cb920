// IP address parsing for the hot path: no regex, no allocation for IPv4, one shared scratch buffer for IPv6.
// IPv4 → unsigned 32-bit number. IPv6 → four big-endian 32-bit words. IPv4-mapped IPv6 (::ffff:a.b.c.d) is IPv4.

/** Parse dotted-quad IPv4 to an unsigned 32-bit number; -1 when not a valid IPv4 literal. */
export function parseIpv4(s: string, from = 0, to = s.length): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // leading zero ("01") is ambiguous (octal): reject
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return n * 256 + part;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const groups = new Uint16Array(8);

/**
 * Parse an IPv6 literal (optionally with a %zone) into `out` (4 words, big-endian). Returns false when invalid.
 * Supports "::" compression and a trailing embedded IPv4 ("::ffff:1.2.3.4", "64:ff9b::1.2.3.4").
 */
export function parseIpv6(s: string, out: Uint32Array): boolean {
  let end = s.indexOf('%');
  if (end < 0) end = s.length;
  let g = 0; // groups written
  let gap = -1; // index in groups where "::" sits
  let i = 0;
  if (end >= 2 && s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    gap = 0;
    i = 2;
    if (i === end) {
      out.fill(0);
      return true;
    }
  } else if (s.charCodeAt(0) === 58) return false;
  while (i < end) {
    // one group, or an embedded IPv4 tail
    let v = 0;
    let digits = 0;
    let j = i;
    for (; j < end; j++) {
      const h = hexVal(s.charCodeAt(j));
      if (h < 0) break;
      v = (v << 4) | h;
      if (++digits > 4) return false;
    }
    if (j < end && s.charCodeAt(j) === 46) {
      // dotted IPv4 tail: must be last and fit in two groups
      const v4 = parseIpv4(s, i, end);
      if (v4 < 0 || g > 6) return false;
      groups[g++] = v4 >>> 16;
      groups[g++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (digits === 0 || g >= 8) return false;
    groups[g++] = v;
    i = j;
    if (i === end) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = g;
      i++;
      if (i === end) break;
    } else if (i === end) return false; // trailing single ":"
  }
  if (gap < 0) {
    if (g !== 8) return false;
  } else {
    if (g > 7) return false;
    const tail = g - gap;
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[g - 1 - k];
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  }
  out[0] = ((groups[0] << 16) | groups[1]) >>> 0;
  out[1] = ((groups[2] << 16) | groups[3]) >>> 0;
  out[2] = ((groups[4] << 16) | groups[5]) >>> 0;
  out[3] = ((groups[6] << 16) | groups[7]) >>> 0;
  return true;
}

/** Result of parsing any IP: v4 with `n`, v6 with words in the shared buffer (copy it if you keep it). */
export type ParsedIp = { v: 4; n: number } | { v: 6; w: Uint32Array };

const scratch6 = new Uint32Array(4);

/** Parse an IPv4 or IPv6 literal. IPv4-mapped IPv6 becomes v4. The returned `w` is a shared buffer. */
export function parseIp(s: string): ParsedIp | undefined {
  if (s.indexOf(':') < 0) {
    const n = parseIpv4(s);
    return n < 0 ? undefined : { v: 4, n };
  }
  if (!parseIpv6(s, scratch6)) return undefined;
  if (scratch6[0] === 0 && scratch6[1] === 0 && scratch6[2] === 0xffff) return { v: 4, n: scratch6[3] };
  return { v: 6, w: scratch6 };
}

/** Words of an IPv6 address as one bigint (for compile-time work only, never per lookup). */
export const wordsToBig = (w: ArrayLike<number>): bigint =>
  (BigInt(w[0]) << 96n) | (BigInt(w[1]) << 64n) | (BigInt(w[2]) << 32n) | BigInt(w[3]);

export function bigToWords(b: bigint, out: Uint32Array, at: number): void {
  out[at] = Number((b >> 96n) & 0xffffffffn);
  out[at + 1] = Number((b >> 64n) & 0xffffffffn);
  out[at + 2] = Number((b >> 32n) & 0xffffffffn);
  out[at + 3] = Number(b & 0xffffffffn);
}

export const formatIpv4 = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

export function formatIpv6(b: bigint): string {
  const parts: string[] = [];
  for (let k = 7; k >= 0; k--) parts.push(((b >> BigInt(k * 16)) & 0xffffn).toString(16));
  // compress the longest run of zero groups
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (parts[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return parts.join(':');
  return parts.slice(0, best).join(':') + '::' + parts.slice(best + bestLen).join(':');
}

/** An inclusive range of addresses: v4 as numbers, v6 as bigints. */
export type IpRange = { v: 4; start: number; end: number } | { v: 6; start: bigint; end: bigint };

/**
 * Parse "a.b.c.d/nn", "v6/nn", or a bare address (a /32 or /128). Host bits set below the prefix are an error
 * (e.g. "10.0.0.1/8"), so a typo never silently widens or narrows a range. Returns a message string on error.
 */
export function parseCidr(text: string): IpRange | string {
  const s = text.trim();
  const slash = s.indexOf('/');
  if (slash > 0 && s.indexOf(':') < 0) {
    // fast path for the common "a.b.c.d/nn"
    const n = parseIpv4(s, 0, slash);
    const bits = parsePrefix(s, slash + 1);
    if (n >= 0 && bits >= 0 && bits <= 32) {
      const size = 2 ** (32 - bits);
      if (n % size === 0) return { v: 4, start: n, end: n + size - 1 };
    }
  }
  const addr = slash < 0 ? s : s.slice(0, slash);
  const p = parseIp(addr);
  if (!p) return `not an IP address: "${addr}"`;
  const isMappedV4 = p.v === 4 && addr.includes(':');
  const max = p.v === 4 ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const t = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(t)) return `bad prefix length "/${t}"`;
    bits = Number(t) - (isMappedV4 ? 96 : 0);
    if (bits < 0 || bits > max) return `prefix length /${t} out of range for IPv${p.v}`;
  }
  if (p.v === 4) {
    const size = 2 ** (32 - bits);
    const start = Math.floor(p.n / size) * size;
    if (start !== p.n) return `host bits set in ${s} (network is ${formatIpv4(start)}/${bits})`;
    return { v: 4, start, end: start + size - 1 };
  }
  const b = wordsToBig(p.w);
  const hostMask = (1n << BigInt(128 - bits)) - 1n;
  if ((b & hostMask) !== 0n) return `host bits set in ${s} (network is ${formatIpv6(b & ~hostMask)}/${bits})`;
  return { v: 6, start: b, end: b | hostMask };
}

function parsePrefix(s: string, from: number): number {
  if (from >= s.length || s.length - from > 3) return -1;
  let v = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Minimal list of IPv4 CIDRs covering [start, end] (inclusive). */
export function rangeToCidrs4(start: number, end: number): string[] {
  const out: string[] = [];
  let s = start;
  while (s <= end) {
    let size = 1;
    let bits = 32;
    while (bits > 0 && s % (size * 2) === 0 && s + size * 2 - 1 <= end) {
      size *= 2;
      bits--;
    }
    out.push(`${formatIpv4(s)}/${bits}`);
    s += size;
  }
  return out;
}

/** Canonical text of a range as CIDR when it is one (for ids, dedup and evidence). */
export function rangeKey(r: IpRange): string {
  if (r.v === 4) {
    const c = rangeToCidrs4(r.start, r.end);
    return c.length === 1 ? c[0] : `${formatIpv4(r.start)}-${formatIpv4(r.end)}`;
  }
  const size = r.end - r.start + 1n;
  const bits = 128 - (size.toString(2).length - 1);
  return `${formatIpv6(r.start)}/${bits}`;
}
