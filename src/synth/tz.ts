// Local wall-clock time ↔ UTC for IANA zones, through Intl (daylight saving included). One formatter per zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

const offsets = new Map<string, number>();

/** Offset of the zone from UTC at an instant, in minutes (e.g. -300 for America/Chicago in summer). */
export function offsetMinutes(tz: string, utcMs: number): number {
  // Zones change offset on the quarter hour at most: memoise per zone and quarter hour.
  const key = `${tz}|${Math.floor(utcMs / 900_000)}`;
  let v = offsets.get(key);
  if (v === undefined) {
    v = computeOffset(tz, Math.floor(utcMs / 900_000) * 900_000);
    offsets.set(key, v);
  }
  return v;
}

function computeOffset(tz: string, utcMs: number): number {
  const parts = formatter(tz).formatToParts(new Date(utcMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of a local wall-clock time: `dayMs` is the local calendar day as a UTC midnight
 * (Date.UTC(y, m, d)), `hour` is fractional and may exceed 24 (the next day).
 */
export function localToUtc(dayMs: number, hour: number, tz: string): number {
  const wall = dayMs + hour * 3_600_000;
  let guess = wall - offsetMinutes(tz, wall) * 60_000;
  guess = wall - offsetMinutes(tz, guess) * 60_000;
  return guess;
}

/** Local calendar day (as UTC midnight ms) and hour of an instant in a zone. */
export function utcToLocal(utcMs: number, tz: string): { dayMs: number; hour: number } {
  const wall = utcMs + offsetMinutes(tz, utcMs) * 60_000;
  const dayMs = Math.floor(wall / 86_400_000) * 86_400_000;
  return { dayMs, hour: (wall - dayMs) / 3_600_000 };
}

/** 0 = Sunday … 6 = Saturday, of a local day given as UTC midnight. */
export const weekday = (dayMs: number): number => new Date(dayMs).getUTCDay();

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
