// collaboration-silence: chat messages, calls + meetings and video time against the person's department peers
// (robust statistics on log rates), with daily sign-ins and the hire date as context. See README.md.
import type { z } from 'zod';
import { defineDetector, type FindingDraft, type PersonContext, type PersonIndex, type Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence, Severity, UsageFacts } from '../../core/model.ts';
import { DAY_MS, dayIndex } from '../common/event-sample.ts';
import { definition } from './definition.ts';
import { deptKey } from '../common/department.ts';

type Params = z.infer<typeof definition.params>;

/** Counts of one report (absent fields stay absent: a source that does not give a count never reads as 0). */
interface Counts {
  m?: number; // messages
  c?: number; // calls
  mt?: number; // meetings
  a?: number; // audio seconds
  v?: number; // video seconds
}
/** A periodic report (Teams D7/D30/D90/D180): the latest per source and period. */
interface Report extends Counts {
  src: string;
  /** end of the period (epoch ms) and its length in days */
  t: number;
  p: number;
  id: string;
}
/** One day of a daily source (Slack member analytics). */
interface DailyRow extends Counts {
  d: number;
}
export interface State {
  r: Report[];
  /** daily rows per source, within dailyWindowDays of that source's latest day */
  dl: { src: string; rows: DailyRow[] }[];
  /** UTC days with a successful interactive sign-in, ascending, the last SIGNIN_KEEP_DAYS days before the latest */
  sd: number[];
}

const MAX_REPORTS = 8;
const MAX_DAILY_SOURCES = 2;
const SIGNIN_KEEP_DAYS = 190;
/** Robust scale floor (log units): peers that all send the same count must not make any difference infinite. */
const MIN_LOG_SCALE = 0.1;
/** Groups up to this size exclude the person from their own baseline exactly; larger ones include them (< 0.5%). */
const EXACT_EXCLUSION_MAX = 200;

const countsOf = (u: UsageFacts): Counts => {
  const c: Counts = {};
  if (u.messages !== undefined) c.m = u.messages;
  if (u.calls !== undefined) c.c = u.calls;
  if (u.meetings !== undefined) c.mt = u.meetings;
  if (u.audioSeconds !== undefined) c.a = u.audioSeconds;
  if (u.videoSeconds !== undefined) c.v = u.videoSeconds;
  return c;
};

function observe(st: State, ev: EnrichedEvent, _ctx: PersonContext, p: Params): void {
  if (ev.kind === 'signin') {
    if (ev.outcome !== 'success' || ev.interactive === false) return;
    const day = dayIndex(ev.time);
    const sd = st.sd;
    const last = sd.length > 0 ? sd[sd.length - 1] : -Infinity;
    if (day === last) return;
    if (day > last) sd.push(day);
    else {
      let i = sd.length - 1;
      while (i >= 0 && sd[i] > day) i--;
      if (sd[i] === day) return;
      sd.splice(i + 1, 0, day);
    }
    const min = sd[sd.length - 1] - SIGNIN_KEEP_DAYS;
    let k = 0;
    while (k < sd.length && sd[k] < min) k++;
    if (k > 0) sd.splice(0, k);
    return;
  }
  if (ev.kind !== 'usage' || ev.usage === undefined) return;
  const u = ev.usage;
  if (!(u.periodDays > 0)) return;
  if (u.periodDays <= 1) {
    let src = st.dl.find((x) => x.src === ev.source);
    if (!src) {
      if (st.dl.length >= MAX_DAILY_SOURCES) {
        // drop the source whose data is oldest
        let oldest = 0;
        for (let i = 1; i < st.dl.length; i++) if (lastDay(st.dl[i].rows) < lastDay(st.dl[oldest].rows)) oldest = i;
        st.dl.splice(oldest, 1);
      }
      st.dl.push((src = { src: ev.source, rows: [] }));
    }
    const day = dayIndex(ev.time);
    const rows = src.rows;
    const row: DailyRow = { d: day, ...countsOf(u) };
    let i = rows.length - 1;
    while (i >= 0 && rows[i].d > day) i--;
    if (i >= 0 && rows[i].d === day) rows[i] = row; // the same day again (a re-export): the newer row replaces it
    else rows.splice(i + 1, 0, row);
    const from = rows[rows.length - 1].d - p.dailyWindowDays + 1;
    let k = 0;
    while (k < rows.length && rows[k].d < from) k++;
    if (k > 0) rows.splice(0, k);
    return;
  }
  const rep: Report = { src: ev.source, t: ev.time, p: u.periodDays, id: ev.id, ...countsOf(u) };
  const i = st.r.findIndex((x) => x.src === ev.source && x.p === u.periodDays);
  if (i >= 0) {
    if (st.r[i].t <= ev.time) st.r[i] = rep;
    return;
  }
  if (st.r.length >= MAX_REPORTS) {
    let oldest = 0;
    for (let j = 1; j < st.r.length; j++) if (st.r[j].t < st.r[oldest].t) oldest = j;
    if (st.r[oldest].t > ev.time) return;
    st.r.splice(oldest, 1);
  }
  st.r.push(rep);
}

const lastDay = (rows: DailyRow[]): number => (rows.length > 0 ? rows[rows.length - 1].d : -Infinity);

/** What one source says about the person over one period, normalised per day of employment in it. */
export interface Summary {
  src: string;
  /** 'report' (one periodic row) or 'daily' (rows summed) */
  how: 'report' | 'daily';
  periodDays: number;
  /** period start / end (epoch ms) after clipping to the hire date; days = (end - start) / day */
  start: number;
  end: number;
  days: number;
  /** number of daily rows summed (daily sources) */
  rows?: number;
  eventId?: string;
  messages?: number;
  calls?: number;
  meetings?: number;
  audioSeconds?: number;
  videoSeconds?: number;
  /** per day */
  msgRate?: number;
  interRate?: number;
  /** video seconds / audio seconds (time on camera per time in calls and meetings), when both are given */
  videoShare?: number;
  /** enough calls, meetings and audio to judge the camera */
  cameraMeasurable: boolean;
}

function summarise(src: string, how: Summary['how'], periodDays: number, start0: number, end: number, c: Counts, ctx: PersonContext, p: Params, extra: Partial<Summary>): Summary | string {
  const start = ctx.hired !== undefined && ctx.hired > start0 ? dayIndex(ctx.hired) * DAY_MS : start0;
  const days = (end - start) / DAY_MS;
  if (days < p.minPeriodDays) {
    return `${src} ${how === 'daily' ? `daily rows (${extra.rows} days)` : `report of ${periodDays} days`} ending ${isoDay(end)} covers ${Math.max(0, Math.round(days))} day(s) of employment (${p.minPeriodDays} needed)`;
  }
  const s: Summary = { src, how, periodDays, start, end, days, cameraMeasurable: false, ...extra };
  if (c.m !== undefined) {
    s.messages = c.m;
    s.msgRate = c.m / days;
  }
  if (c.c !== undefined) s.calls = c.c;
  if (c.mt !== undefined) s.meetings = c.mt;
  if (c.c !== undefined || c.mt !== undefined) s.interRate = ((c.c ?? 0) + (c.mt ?? 0)) / days;
  if (c.a !== undefined) s.audioSeconds = c.a;
  if (c.v !== undefined) s.videoSeconds = c.v;
  if (c.a !== undefined && c.v !== undefined && c.a > 0) s.videoShare = Math.min(1, c.v / c.a);
  s.cameraMeasurable =
    s.videoShare !== undefined && (c.c ?? 0) + (c.mt ?? 0) >= p.minMeetingsForCamera && (c.a ?? 0) >= p.minAudioMinutes * 60;
  return s;
}

/** One summary per source: the latest periodic report (ties: the period closest to preferredPeriodDays), or the daily rows summed. */
export function summaries(st: State, ctx: PersonContext, p: Params): { list: Summary[]; notes: string[] } {
  const list: Summary[] = [];
  const notes: string[] = [];
  const bySrc = new Map<string, Report>();
  for (const r of st.r) {
    const b = bySrc.get(r.src);
    if (!b || r.t > b.t || (r.t === b.t && Math.abs(r.p - p.preferredPeriodDays) < Math.abs(b.p - p.preferredPeriodDays))) bySrc.set(r.src, r);
  }
  for (const r of bySrc.values()) {
    const s = summarise(r.src, 'report', r.p, r.t - r.p * DAY_MS, r.t, r, ctx, p, { eventId: r.id });
    if (typeof s === 'string') notes.push(s);
    else list.push(s);
  }
  for (const { src, rows } of st.dl) {
    if (rows.length === 0) continue;
    const last = rows[rows.length - 1].d;
    const first = Math.max(rows[0].d, last - p.dailyWindowDays + 1);
    const hireDay = ctx.hired !== undefined ? dayIndex(ctx.hired) : -Infinity;
    const sum: Counts = {};
    let n = 0;
    for (const r of rows) {
      if (r.d < first || r.d < hireDay) continue;
      n++;
      for (const k of ['m', 'c', 'mt', 'a', 'v'] as const) {
        const v = r[k];
        if (v !== undefined) sum[k] = (sum[k] ?? 0) + v;
      }
    }
    const s = summarise(src, 'daily', last - first + 1, first * DAY_MS, (last + 1) * DAY_MS, sum, ctx, p, { rows: n });
    if (typeof s === 'string') notes.push(s);
    else list.push(s);
  }
  list.sort((a, b) => (a.src < b.src ? -1 : a.src > b.src ? 1 : 0));
  return { list, notes };
}

// ---- peers --------------------------------------------------------------------------------------------------

interface PeerEntry {
  pid: string;
  s: { src: string; msg?: number; inter?: number; video?: number }[];
}

const COMPANY = '*';

/** Department (and the whole company) → each person's normalised rates per source; kept by the pipeline across rounds. */
function usageIndex(pop: Population, p: Params): PersonIndex<PeerEntry> {
  return pop.index(`${definition.id}/usage`, (person) => {
    const st = pop.stateOf<State>(definition.id, person.personId);
    if (!st || (st.r.length === 0 && st.dl.length === 0)) return [];
    const { list } = summaries(st, person, p);
    if (list.length === 0) return [];
    const e: PeerEntry = {
      pid: person.personId,
      s: list.map((x) => ({ src: x.src, msg: x.msgRate, inter: x.interRate, video: x.cameraMeasurable ? x.videoShare : undefined })),
    };
    const k = deptKey(person.directory?.department);
    return k ? [[`d:${k}`, e] as const, [COMPANY, e] as const] : [[COMPANY, e] as const];
  });
}

type Metric = 'msg' | 'inter' | 'video';

interface Stats {
  n: number;
  median: number;
  q: number;
  /** log-scale location and robust scale (1.4826 × MAD, floored) */
  medLog: number;
  scale: number;
  eps: number;
  /** share of values at or below a cut (the camera-off share for video) */
  atOrBelow: number;
}

/** Quantile (linear interpolation, R type 7) of sorted values. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function statsOf(sorted: number[], p: Params): Stats {
  const median = quantile(sorted, 0.5);
  const q = quantile(sorted, p.lowQuantile);
  const eps = Math.max(p.floorShareOfMedian * median, 1e-9);
  const logs = sorted.map((v) => Math.log(v + eps)); // ascending like the values
  const medLog = quantile(logs, 0.5);
  const dev = logs.map((l) => Math.abs(l - medLog)).sort((a, b) => a - b);
  const scale = Math.max(1.4826 * quantile(dev, 0.5), MIN_LOG_SCALE);
  let atOrBelow = 0;
  for (const v of sorted) if (v <= p.cameraOffShare) atOrBelow++;
  return { n: sorted.length, median, q, medLog, scale, eps, atOrBelow: atOrBelow / sorted.length };
}

/** Per evaluation round (one Population object): sorted peer values per group, source and metric, and full-group stats. */
const roundCache = new WeakMap<Population, Map<string, { vals: { pid: string; v: number }[]; full?: Stats }>>();

function peerStats(pop: Population, p: Params, group: string, src: string, metric: Metric, self: string): Stats | undefined {
  let cache = roundCache.get(pop);
  if (!cache) roundCache.set(pop, (cache = new Map()));
  const key = `${group}\u0000${src}\u0000${metric}`;
  let b = cache.get(key);
  if (!b) {
    const vals: { pid: string; v: number }[] = [];
    for (const e of usageIndex(pop, p).get(group) ?? []) {
      for (const s of e.s) {
        const v = s.src === src ? s[metric] : undefined;
        if (v !== undefined) vals.push({ pid: e.pid, v });
      }
    }
    vals.sort((x, y) => x.v - y.v);
    cache.set(key, (b = { vals }));
  }
  if (b.vals.length > EXACT_EXCLUSION_MAX) return (b.full ??= statsOf(b.vals.map((x) => x.v), p));
  const others = b.vals.filter((x) => x.pid !== self).map((x) => x.v);
  return others.length > 0 ? statsOf(others, p) : undefined;
}

export interface Comparison {
  metric: Metric;
  src: string;
  value: number;
  scope: 'department' | 'company';
  stats: Stats;
  /** the department's own stats when the company was the baseline */
  dept?: Stats;
  z: number;
  low: boolean;
}

const METRIC_TEXT: Record<Metric, { what: string; unit: string }> = {
  msg: { what: 'chat messages', unit: 'messages/day' },
  inter: { what: 'calls + meetings', unit: 'calls+meetings/day' },
  video: { what: 'video share of call and meeting time', unit: 'share' },
};

/** The person's value against the department (or the company when the department is too small); a string says why not. */
function compare(pop: Population, p: Params, ctx: PersonContext, src: string, metric: Metric, value: number): Comparison | string {
  const k = deptKey(ctx.directory?.department);
  const dept = k ? peerStats(pop, p, `d:${k}`, src, metric, ctx.personId) : undefined;
  let scope: Comparison['scope'];
  let stats: Stats | undefined;
  if (dept && dept.n >= p.minDepartmentPeers) {
    scope = 'department';
    stats = dept;
  } else {
    const all = peerStats(pop, p, COMPANY, src, metric, ctx.personId);
    if (!all || all.n < p.minCompanyPeers) {
      return `${METRIC_TEXT[metric].what} (${src}): ${k ? `the department has ${dept?.n ?? 0} peer(s) with this measure (${p.minDepartmentPeers} needed)` : 'no department in the directory'} and the company ${all?.n ?? 0} (${p.minCompanyPeers} needed): no baseline`;
    }
    scope = 'company';
    stats = all;
  }
  const z = (Math.log(value + stats.eps) - stats.medLog) / stats.scale;
  let low: boolean;
  if (metric === 'video') {
    low =
      value <= p.cameraOffShare &&
      stats.median >= p.minPeerVideoShare &&
      stats.atOrBelow <= p.maxPeersCameraOff &&
      // a small team that itself keeps cameras off is not judged by the company's habits
      !(scope === 'company' && dept && dept.n >= 2 && dept.atOrBelow > p.maxPeersCameraOff);
  } else {
    low =
      stats.median > 0 &&
      value <= p.maxShareOfMedian * stats.median &&
      value <= stats.q &&
      z <= -p.minRobustZ &&
      !(scope === 'company' && dept && dept.n >= 2 && value > p.maxShareOfMedian * dept.median);
  }
  return { metric, src, value, scope, stats, dept: scope === 'company' ? dept : undefined, z, low };
}

// ---- evaluation ---------------------------------------------------------------------------------------------

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const r2 = (x: number): number => Number(x.toFixed(2));
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** Weekdays (Mon–Fri, UTC) in [fromDay, toDay). */
function weekdays(fromDay: number, toDay: number): number {
  let n = 0;
  for (let d = fromDay; d < toDay; d++) {
    const w = (d + 4) % 7; // day 0 (1970-01-01) was a Thursday; 0 = Sunday
    if (w !== 0 && w !== 6) n++;
  }
  return n;
}

export interface Assessment {
  findings: FindingDraft[];
  /** Why parts were not judged (no report, short period, no baseline...), for tests and debugging. */
  notes: string[];
  comparisons: Comparison[];
}

export function assess(st: State, ctx: PersonContext, p: Params, pop: Population): Assessment {
  const notes: string[] = [];
  const comparisons: Comparison[] = [];
  const out = (): Assessment => ({ findings: [], notes, comparisons });
  if (st.r.length === 0 && st.dl.length === 0) {
    notes.push('no collaboration usage report for this person');
    return out();
  }
  if (p.requireDirectory && !ctx.directory) {
    notes.push('no directory entry (department, hire date): not judged');
    return out();
  }
  const { list, notes: sn } = summaries(st, ctx, p);
  notes.push(...sn);
  if (list.length === 0) return out();

  // A family is low when every source measuring it for this person has a baseline and is far below it there.
  const family = (metric: Metric, pick: (s: Summary) => number | undefined): { low: boolean; cs: Comparison[] } => {
    const cs: Comparison[] = [];
    let all = true;
    let any = false;
    for (const s of list) {
      const v = pick(s);
      if (v === undefined) continue;
      any = true;
      const c = compare(pop, p, ctx, s.src, metric, v);
      if (typeof c === 'string') {
        notes.push(c);
        all = false;
        continue;
      }
      cs.push(c);
      comparisons.push(c);
      if (!c.low) all = false;
    }
    if (!any) notes.push(`${METRIC_TEXT[metric].what}: no source gives it for this person`);
    return { low: any && all && cs.length > 0, cs };
  };
  const msg = family('msg', (s) => s.msgRate);
  const inter = family('inter', (s) => s.interRate);
  const video = family('video', (s) => (s.cameraMeasurable ? s.videoShare : undefined));
  const silent = msg.low && inter.low;
  const cameraOff = video.low;
  if (!silent && !cameraOff) return out();

  // Context: daily work (sign-in days over the weekdays of the periods judged) and the hire date.
  const used = list.filter((s) => [...msg.cs, ...inter.cs, ...video.cs].some((c) => c.src === s.src));
  const from = Math.min(...used.map((s) => s.start));
  const end = Math.max(...used.map((s) => s.end));
  const fromDay = Math.ceil(from / DAY_MS);
  const toDay = Math.ceil(end / DAY_MS);
  const wd = weekdays(fromDay, toDay);
  const signDays = st.sd.filter((d) => d >= fromDay && d < toDay).length;
  const needDays = Math.max(p.dailyWorkMinDays, Math.ceil(p.dailyWorkMinShare * wd));
  const daily = signDays >= needDays;
  const hiredDaysBefore = ctx.hired !== undefined ? (end - ctx.hired) / DAY_MS : undefined;
  const newHire = hiredDaysBefore !== undefined && hiredDaysBefore >= 0 && hiredDaysBefore <= p.newHireDays;

  let severity: Severity;
  if (silent && cameraOff) severity = daily ? (newHire ? 'high' : 'medium') : 'low';
  else severity = daily && newHire ? 'medium' : 'low';
  const lr = severity === 'high' ? p.likelihoodRatioHigh : severity === 'medium' ? p.likelihoodRatioMedium : p.likelihoodRatioLow;

  const dept = ctx.directory?.department;
  const scopeText = (c: Comparison): string =>
    c.scope === 'department'
      ? `${c.stats.n} ${dept} peers`
      : `${c.stats.n} people company-wide (the ${dept ?? 'unknown'} department has ${c.dept?.n ?? 0} with this measure, ${p.minDepartmentPeers} needed)`;
  const period = (src: string): string => {
    const s = list.find((x) => x.src === src)!;
    return s.how === 'daily'
      ? `${s.src} daily rows ${isoDay(s.start)}–${isoDay(s.end - DAY_MS)} (${s.rows} days summed)`
      : `${s.src} report of ${s.periodDays} days ending ${isoDay(s.end)}${s.days < s.periodDays - 0.01 ? ` (${Math.round(s.days)} days employed)` : ''}`;
  };
  const countText = (c: Comparison): string => {
    const s = list.find((x) => x.src === c.src)!;
    if (c.metric === 'msg') return `${s.messages} chat messages`;
    if (c.metric === 'inter') return `${(s.calls ?? 0) + (s.meetings ?? 0)} calls + meetings${s.calls !== undefined && s.meetings !== undefined ? ` (${s.calls} calls, ${s.meetings} meetings)` : ''}`;
    return `video on for ${Math.round((s.videoSeconds ?? 0) / 60)} of ${Math.round((s.audioSeconds ?? 0) / 60)} minutes in ${(s.calls ?? 0) + (s.meetings ?? 0)} calls + meetings`;
  };
  const rateText = (c: Comparison): string =>
    c.metric === 'video'
      ? `${countText(c)} (${pct(c.value)}; at most ${pct(p.cameraOffShare)} counts as off) while the median of ${scopeText(c)} is ${pct(c.stats.median)} (at least ${pct(p.minPeerVideoShare)} needed) and ${pct(c.stats.atOrBelow)} of them keep the camera off too (at most ${pct(p.maxPeersCameraOff)})`
      : `${countText(c)} = ${c.value.toFixed(2)}/day against a median of ${c.stats.median.toFixed(2)}/day among ${scopeText(c)} (${Math.round(p.lowQuantile * 100)}th percentile ${c.stats.q.toFixed(2)}/day); ` +
        `at most ${pct(p.maxShareOfMedian)} of the median and the low percentile needed, robust z = ${c.z.toFixed(1)} (threshold −${p.minRobustZ})`;

  const parts: string[] = [];
  if (silent) {
    parts.push(`Near-silent: ${[...msg.cs, ...inter.cs].map((c) => `${period(c.src)}: ${rateText(c)}`).join('; ')}.`);
  }
  if (cameraOff) parts.push(`Camera off: ${video.cs.map((c) => `${period(c.src)}: ${rateText(c)}`).join('; ')}.`);
  else if (silent && video.cs.length > 0) parts.push(`The camera is not judged off (${video.cs.map((c) => `${c.src}: ${pct(c.value)} against a peer median of ${pct(c.stats.median)}`).join('; ')}).`);
  parts.push(
    `Successful interactive sign-ins on ${signDays} of ${wd} weekdays between ${isoDay(fromDay * DAY_MS)} and ${isoDay(toDay * DAY_MS - DAY_MS)} ` +
      (daily ? `(${needDays} needed): the account works daily.` : `(${needDays} needed for daily work): the silence may be leave, part-time work or missing sign-in data.`),
  );
  if (ctx.hired !== undefined) {
    parts.push(`Hired ${isoDay(ctx.hired)}, ${Math.round(hiredDaysBefore!)} days before the end of the period${newHire ? ` (a new hire: within ${p.newHireDays} days)` : ''}.`);
  }
  if (!(silent && cameraOff)) parts.push(silent ? 'Silence alone, without the camera, stays weak.' : 'The camera alone, without silence, stays weak.');

  const evidence: Evidence[] = [];
  if (dept) evidence.push({ type: 'directory', label: 'department', value: dept });
  if (ctx.hired !== undefined) evidence.push({ type: 'directory', label: 'hired (directory creation)', time: new Date(ctx.hired).toISOString(), value: isoDay(ctx.hired) });
  for (const s of used) {
    evidence.push({
      type: 'measure',
      label: `period judged: ${period(s.src)}`,
      eventId: s.eventId,
      value: `${isoDay(s.start)}–${isoDay(s.end - DAY_MS)} (${r2(s.days)} days)`,
      threshold: p.minPeriodDays,
      unit: 'days of employment',
    });
  }
  const shown = [...(silent ? [...msg.cs, ...inter.cs] : []), ...video.cs];
  for (const c of shown) {
    const t = METRIC_TEXT[c.metric];
    const where = c.scope === 'department' ? `${dept} peers` : 'company-wide peers';
    if (c.metric === 'video') {
      evidence.push({ type: 'measure', label: `${c.src} ${t.what}`, value: r2(c.value), threshold: p.cameraOffShare, unit: t.unit });
      evidence.push({ type: 'peer', label: `median ${t.what} of ${c.stats.n} ${where}`, value: r2(c.stats.median), threshold: p.minPeerVideoShare, unit: t.unit });
      evidence.push({ type: 'peer', label: `share of ${c.stats.n} ${where} with the camera off`, value: r2(c.stats.atOrBelow), threshold: p.maxPeersCameraOff, unit: 'share' });
    } else {
      const cut = Math.min(p.maxShareOfMedian * c.stats.median, c.stats.q);
      evidence.push({ type: 'measure', label: `${c.src} ${t.what} per day (${countText(c)})`, value: r2(c.value), threshold: r2(cut), unit: t.unit });
      evidence.push({ type: 'peer', label: `median of ${c.stats.n} ${where}`, value: r2(c.stats.median), unit: t.unit });
      evidence.push({ type: 'peer', label: `${Math.round(p.lowQuantile * 100)}th percentile of ${c.stats.n} ${where}`, value: r2(c.stats.q), unit: t.unit });
      evidence.push({ type: 'measure', label: `robust z of log ${t.what} per day against ${where}`, value: Number(c.z.toFixed(2)), threshold: -p.minRobustZ, unit: 'robust SD' });
    }
  }
  evidence.push({ type: 'measure', label: 'days with a successful interactive sign-in / weekdays in the period', value: `${signDays} / ${wd}`, threshold: needDays, unit: 'days' });

  const title =
    silent && cameraOff
      ? newHire && daily
        ? 'New hire working daily is near-silent in chat and calls and keeps the camera off'
        : 'Near-silent in chat and calls, camera always off'
      : silent
        ? 'Near-silent in chat and calls compared with peers'
        : 'Camera off in meetings while peers turn it on';
  return {
    findings: [
      {
        severity,
        title,
        explanation: parts.join(' '),
        firstSeen: new Date(from).toISOString(),
        lastSeen: new Date(end).toISOString(),
        evidence,
        likelihoodRatio: lr,
      },
    ],
    notes,
    comparisons,
  };
}

export const detector = defineDetector({
  definition,
  init: (): State => ({ r: [], dl: [], sd: [] }),
  observe,
  evaluate: (st, ctx, p, pop) => assess(st, ctx, p, pop).findings,
});
