// Circular statistics on the 24-hour clock: sign-in times are angles, so 23:00 and 01:00 are 2 hours apart.
// Pure.
const TAU = 2 * Math.PI;

/** Angle (radians) of an hour of day. */
export const hourAngle = (h: number): number => (TAU * h) / 24;

/** Mean direction (hour of day, 0–24) from sums of sin and cos. */
export function meanHour(sumSin: number, sumCos: number): number {
  const h = (Math.atan2(sumSin, sumCos) * 24) / TAU;
  return h < 0 ? h + 24 : h;
}

/** Mean resultant length R in [0, 1]: 1 = all at the same hour, 0 = spread evenly around the clock. */
export function resultantLength(sumSin: number, sumCos: number, n: number): number {
  return n > 0 ? Math.sqrt(sumSin * sumSin + sumCos * sumCos) / n : 0;
}

/** Distance between two hours of day on the clock, 0–12. */
export function hourDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return d > 12 ? 24 - d : d;
}

/** Hour of day normalised to [0, 24). */
export const wrapHour = (h: number): number => ((h % 24) + 24) % 24;

/** Circular mean of several hours (each weighted equally), with its resultant length. */
export function meanOfHours(hours: number[]): { mean: number; r: number } {
  let s = 0;
  let c = 0;
  for (const h of hours) {
    s += Math.sin(hourAngle(h));
    c += Math.cos(hourAngle(h));
  }
  return { mean: meanHour(s, c), r: resultantLength(s, c, hours.length) };
}

/**
 * The shortest run of hourly bins (wrapping past midnight) holding at least `coverage` of the counts:
 * returns the first hour, the width in hours, and the share actually covered.
 */
export function shortestArc(bins: number[], coverage: number): { start: number; width: number; share: number } {
  const total = bins.reduce((a, b) => a + b, 0);
  const n = bins.length;
  if (total === 0) return { start: 0, width: n, share: 0 };
  const target = coverage * total;
  for (let w = 1; w <= n; w++) {
    let best = -1;
    let bestSum = -1;
    for (let s = 0; s < n; s++) {
      let sum = 0;
      for (let k = 0; k < w; k++) sum += bins[(s + k) % n];
      if (sum >= target - 1e-9 && sum > bestSum) {
        best = s;
        bestSum = sum;
      }
    }
    if (best >= 0) return { start: best, width: w, share: bestSum / total };
  }
  return { start: 0, width: n, share: 1 };
}

/** "19:00" for an hour of day (fractional hours are rounded down to the minute). */
export function hhmm(h: number): string {
  const w = wrapHour(h);
  const hh = Math.floor(w);
  const mm = Math.floor((w - hh) * 60);
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}
