// ISO 8601 durations as Microsoft 365 usage reports write them (`PT0S`, `PT1H2M3S`, `PT45.5S`, `P1DT2H`) → seconds.
// One left-to-right pass over the text, no regular expression: linear whatever the input.

/** Longest duration text read: a real one is under 30 characters; longer text is rejected without being scanned. */
const MAX_CHARS = 64;
/** Digits allowed in one component (a number beyond is no real duration, and would lose precision). */
const MAX_DIGITS = 12;

const UNIT_SECONDS: Record<string, number> = { W: 604_800, D: 86_400, H: 3_600, M: 60, S: 1 };

/**
 * Seconds of `P[nW][nD][T[nH][nM][n[.f]S]]`, or undefined when the text is not such a duration. Years and months
 * (`P1Y`, `P2M`) are refused: they have no fixed length, and no usage report writes them. Each unit at most once,
 * in order; a fraction (`.` or `,`) only on the last component; `P` and `PT` alone are not durations; no sign.
 */
export function isoDurationSeconds(text: string): number | undefined {
  const s = text.trim();
  const n = s.length;
  if (n < 3 || n > MAX_CHARS || s.charCodeAt(0) !== 80 /* P */) return undefined;
  let i = 1;
  let inTime = false;
  let total = 0;
  let components = 0;
  let last = -1; // rank of the last unit read: W D | H M S must come in this order
  let fractionSeen = false;
  while (i < n) {
    if (s[i] === 'T') {
      if (inTime) return undefined;
      inTime = true;
      i++;
      if (i === n) return undefined; // "P1DT" has no time component
      continue;
    }
    if (fractionSeen) return undefined; // a fraction must be on the last component
    let value = 0;
    let digits = 0;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      digits++;
      i++;
    }
    if (digits === 0 || digits > MAX_DIGITS) return undefined;
    if (i < n && (s[i] === '.' || s[i] === ',')) {
      i++;
      let scale = 0.1;
      let frac = 0;
      let fd = 0;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        if (fd < 9) frac += c * scale;
        scale /= 10;
        fd++;
        i++;
      }
      if (fd === 0 || fd > MAX_DIGITS) return undefined;
      value += frac;
      fractionSeen = true;
    }
    if (i === n) return undefined; // a number without its unit
    const unit = s[i];
    i++;
    const rank = inTime ? (unit === 'H' ? 2 : unit === 'M' ? 3 : unit === 'S' ? 4 : -1) : unit === 'W' ? 0 : unit === 'D' ? 1 : -1;
    if (rank < 0 || rank <= last) return undefined;
    last = rank;
    total += value * UNIT_SECONDS[unit];
    components++;
  }
  if (components === 0) return undefined;
  return Math.round(total * 1000) / 1000;
}
