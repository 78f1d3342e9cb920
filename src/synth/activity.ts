// Sign-in timelines. A person's activity is one or more streams (an operator at a keyboard): each has a clock (IANA
// zone and working hours), a daily volume, and a weighted mix of networks (home broadband, corporate SASE, a VPN,
// a phone on a carrier network...). Segments override a stream for some days (a trip, a move); an anchored stream
// adds sign-ins shortly after another stream's (hops between distant places).
import type { Device } from './formats.ts';
import type { NetIp } from './ip-pools.ts';
import type { Rng } from './prng.ts';
import { DAY, HOUR, MINUTE, localToUtc, weekday } from './tz.ts';

export type DeviceRef = 'laptop' | 'phone' | 'safari' | Device;

export interface NetChoice {
  label: string;
  /** 'home' = the person's home broadband on that day; otherwise a list to pick from */
  ips: 'home' | NetIp[];
  device: DeviceRef;
  /** keep one address of the list for the whole day (one VPN session, one SASE node address) */
  stickyPerDay?: boolean;
  /** guarantee a first sign-in from this choice within this many active days of the stream's start */
  firstWithinDays?: number;
}

export type Mix = [NetChoice, number][];

export interface Segment {
  label: string;
  fromDay: number;
  /** exclusive */
  toDay: number;
  tz?: string;
  start?: number;
  end?: number;
  perDay?: [number, number];
  mix?: Mix;
  /** work on weekend days of the segment as on weekdays (a conference) */
  weekends?: boolean;
}

export interface Stream {
  label: string;
  tz: string;
  /** local working hours; end may exceed 24 (night shift ends next morning) */
  start: number;
  end: number;
  perDay: [number, number];
  /** chance of 1-2 sign-ins on a weekend day */
  weekendP: number;
  /** chance of no sign-in at all on a workday (quiet people) */
  skipP?: number;
  mix: Mix;
  fromDay: number;
  toDay: number;
  offDays: Set<number>;
  segments: Segment[];
  /** sign-ins placed `lagHours` after another stream's sign-ins, on a fraction `p` of that stream's active days */
  anchor?: { stream: string; p: number; lagHours: [number, number] };
  failureRate: number;
}

export interface HomeSpan {
  fromDay: number;
  ip: NetIp;
}

export interface ActorDevices {
  laptop: Device;
  phone: Device;
  safari: Device;
}

export interface RawSignIn {
  time: number;
  ip: NetIp;
  device: Device;
  errorCode: number;
  label: string;
}

const FAILURES: [number, number][] = [
  [50126, 55],
  [50074, 20],
  [50140, 15],
  [500121, 7],
  [50055, 3],
];

function homeOn(homes: HomeSpan[], day: number): NetIp {
  let cur = homes[0];
  for (const h of homes) if (h.fromDay <= day) cur = h;
  return cur.ip;
}

function deviceOf(ref: DeviceRef, devices: ActorDevices): Device {
  return typeof ref === 'string' ? devices[ref] : ref;
}

/** Generate the sign-ins of one person over days [0, days) starting at `startMs` (UTC midnight). */
export function generateActivity(opts: {
  rng: Rng;
  streams: Stream[];
  homes: HomeSpan[];
  devices: ActorDevices;
  startMs: number;
  days: number;
}): RawSignIn[] {
  const { rng, streams, homes, devices, startMs, days } = opts;
  const endMs = startMs + days * DAY;
  const out: RawSignIn[] = [];
  const byStream = new Map<string, RawSignIn[]>();

  const emit = (list: RawSignIn[], time: number, choice: NetChoice, day: number, sticky: Map<string, NetIp>, failureRate: number) => {
    if (time < startMs || time >= endMs) return;
    let ip: NetIp;
    if (choice.ips === 'home') ip = homeOn(homes, day);
    else if (choice.stickyPerDay) {
      const key = `${choice.label}`;
      ip = sticky.get(key) ?? rng.pick(choice.ips);
      sticky.set(key, ip);
    } else ip = rng.pick(choice.ips);
    const device = deviceOf(choice.device, devices);
    if (rng.chance(failureRate)) {
      const code = rng.weighted(FAILURES);
      list.push({ time, ip, device, errorCode: code, label: choice.label });
      if (code === 50055 || code === 500121 || rng.chance(0.85)) {
        const retry = time + rng.int(20, 240) * 1000;
        if (retry < endMs) list.push({ time: retry, ip, device, errorCode: 0, label: choice.label });
      }
      return;
    }
    list.push({ time, ip, device, errorCode: 0, label: choice.label });
  };

  for (const s of streams) {
    if (s.anchor) continue;
    const list: RawSignIn[] = [];
    const pending = new Map<NetChoice, number>();
    for (const [c] of s.mix) if (c.firstWithinDays !== undefined) pending.set(c, c.firstWithinDays);
    let activeDays = 0;
    for (let day = Math.max(0, s.fromDay); day < Math.min(days, s.toDay); day++) {
      const seg = s.segments.find((g) => g.fromDay <= day && day < g.toDay);
      const tz = seg?.tz ?? s.tz;
      const start = seg?.start ?? s.start;
      const end = seg?.end ?? s.end;
      const mix = seg?.mix ?? s.mix;
      const dayMs = startMs + day * DAY;
      const wd = weekday(dayMs);
      const weekend = (wd === 0 || wd === 6) && !seg?.weekends;
      if (s.offDays.has(day)) continue;
      let n: number;
      if (weekend) {
        if (!rng.chance(s.weekendP)) continue;
        n = rng.int(1, 2);
      } else {
        if (s.skipP && rng.chance(s.skipP)) continue;
        const [lo, hi] = seg?.perDay ?? s.perDay;
        n = rng.int(lo, hi);
      }
      if (n <= 0) continue;
      activeDays++;
      const hours: number[] = [];
      hours.push(start + Math.max(-0.75, Math.min(0.75, rng.normal(0, 0.35))));
      for (let i = 1; i < n; i++) hours.push(rng.range(start + 0.25, Math.max(start + 0.5, end)));
      if (weekend) for (let i = 0; i < hours.length; i++) hours[i] = rng.range(start + 1, end + 2);
      hours.sort((a, b) => a - b);
      const sticky = new Map<string, NetIp>();
      const choices = hours.map(() => rng.weighted(mix));
      // A rare network the story needs early (a VPN leak, a North Korean address) appears by its deadline.
      for (const [c, deadline] of pending) {
        if (choices.includes(c)) pending.delete(c);
        else if (activeDays >= deadline && mix.some(([m]) => m === c)) {
          choices[choices.length - 1] = c;
          pending.delete(c);
        }
      }
      for (let i = 0; i < hours.length; i++) {
        const time = Math.round(localToUtc(dayMs, hours[i], tz)) + rng.int(0, 59) * 1000;
        emit(list, time, choices[i], day, sticky, s.failureRate);
      }
    }
    byStream.set(s.label, list);
    out.push(...list);
  }

  for (const s of streams) {
    if (!s.anchor) continue;
    const base = byStream.get(s.anchor.stream) ?? [];
    const seenDays = new Set<number>();
    for (const ev of base) {
      if (ev.errorCode !== 0) continue;
      const day = Math.floor((ev.time - startMs) / DAY);
      if (day < s.fromDay || day >= s.toDay || seenDays.has(day)) continue;
      seenDays.add(day);
      if (!rng.chance(s.anchor.p)) continue;
      const t = Math.round(ev.time + rng.range(s.anchor.lagHours[0], s.anchor.lagHours[1]) * HOUR) + rng.int(0, 59) * MINUTE;
      const sticky = new Map<string, NetIp>();
      emit(out, t, rng.weighted(s.mix), day, sticky, 0);
    }
  }

  out.sort((a, b) => a.time - b.time);
  return out;
}
