// Day bookkeeping for away-from-home, online and bounded: the current day's flags, the current away run, counted
// away days, and trip candidates (away runs between days at home). Pure.
import type { Fix } from '../common/location-fix.ts';

/** A run of consecutive located days with an away fix (days without located sign-ins don't break it). */
export interface Run {
  /** first and last day number */
  s: number;
  e: number;
  /** located days in the run */
  d: number;
  /** of which with no sign-in from home at all */
  ao: number;
  /** of which with a fix in another country */
  c: number;
  /** there was a day at home before the run */
  b: boolean;
}

/** One away place, by name. */
export interface AwayPlace {
  /** "Shenyang, Liaoning, CN" */
  k: string;
  /** 'c' another country, 'r' another state */
  w: 'c' | 'r';
  /** located days with a sign-in from here */
  d: number;
  /** km from the claimed home (first fix), when the home has coordinates */
  km?: number;
  /** first sign-in from here */
  f: Fix;
  /** last time seen here */
  t1: number;
}

export interface State {
  n: number;
  /** located sign-ins compared with the home */
  loc: number;
  /** sign-ins skipped: not a location (VPN, relay, SASE, hosting, mobile at home, no coordinates) */
  skip: number;
  /** located but not comparable (no country, country-level fix for a state check) */
  unk: number;
  /** current day number, -1 before the first */
  day: number;
  /** current day: a fix at home / away / in another country */
  dh: boolean;
  da: boolean;
  dc: boolean;
  /** places already counted for the current day */
  dk: string[];
  /** located days closed */
  days: number;
  /** days with only home fixes, days with both */
  home: number;
  mixed: number;
  run?: Run;
  /** away days counted (closed runs that are not trips), of which in another country */
  cnt: number;
  cntC: number;
  /** trip candidates [days, country days], longest first, at most MAX_TRIPS */
  trips: [number, number][];
  pl: AwayPlace[];
  /** days at places beyond the kept ones */
  plOther: number;
  /** first and last away fix times */
  t0?: number;
  t1?: number;
}

export const MAX_TRIPS = 8;
export const MAX_PLACES = 4;

export const initState = (): State => ({
  n: 0, loc: 0, skip: 0, unk: 0, day: -1, dh: false, da: false, dc: false, dk: [],
  days: 0, home: 0, mixed: 0, cnt: 0, cntC: 0, trips: [], pl: [], plOther: 0,
});

/** Close the current day: a day at home ends any away run; an away or mixed day extends (or opens) one. */
export function closeDay(s: State, maxTripDays: number): void {
  if (s.day < 0) return;
  s.days++;
  if (!s.da) {
    s.home++;
    if (s.run) closeRun(s, true, maxTripDays);
    return;
  }
  if (s.dh) s.mixed++;
  if (!s.run) s.run = { s: s.day, e: s.day, d: 0, ao: 0, c: 0, b: s.home > 0 };
  const r = s.run;
  r.e = s.day;
  r.d++;
  if (!s.dh) r.ao++;
  if (s.dc) r.c++;
}

/** A run between days at home, short enough and with a day wholly away, is a trip candidate; else it counts. */
export function closeRun(s: State, homeAfter: boolean, maxTripDays: number): void {
  const r = s.run!;
  s.run = undefined;
  if (isTrip(r, homeAfter, maxTripDays)) {
    s.trips.push([r.d, r.c]);
    s.trips.sort((a, b) => b[0] - a[0]);
    if (s.trips.length > MAX_TRIPS) {
      const [d, c] = s.trips.pop()!;
      s.cnt += d;
      s.cntC += c;
    }
  } else {
    s.cnt += r.d;
    s.cntC += r.c;
  }
}

export const isTrip = (r: Run, homeAfter: boolean, maxTripDays: number): boolean =>
  r.b && homeAfter && r.ao >= 1 && r.e - r.s + 1 <= maxTripDays;

/** Start a new day (closing the previous one). */
export function nextDay(s: State, day: number, maxTripDays: number): void {
  closeDay(s, maxTripDays);
  s.day = day;
  s.dh = false;
  s.da = false;
  s.dc = false;
  s.dk.length = 0;
}
