// Concurrent operators: one account alternating between two distant places (A-B-A-B) faster than anyone could go
// back and forth — two people using one identity, or an operator plus a laptop farm. State: the last fix, the open
// alternation (≤4 sign-ins by reference), episode counters per egress group, one sample episode.
import { defineDetector, type FindingDraft, type Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence } from '../../core/model.ts';
import { countIn, groupFor, groupKey, validTotals, type EgressGroup } from '../common/egress-groups.ts';
import {
  businessIps,
  countedFix,
  firmPair,
  type Fix,
  fixDescription,
  fixEvidence,
  fixPlace,
  type FixRef,
  fmtHours,
  fmtKm,
  isoMinute,
  refOf,
  samePrefix,
  separationKm,
} from '../common/location-fix.ts';
import { definition } from './definition.ts';

type Params = ReturnType<typeof definition.params.parse>;

/** An alternation between two places: side 0 is where it started. */
export interface Chain {
  /** infeasible switches between the two places */
  n: number;
  /** side of the latest sign-in */
  s: 0 | 1;
  /** the interleaved sign-ins (the first MAX_EV) */
  ev: FixRef[];
  /** business-class IPs involved (egress check at evaluate) */
  k: string[];
  /** first device id seen on each side */
  dv: [string | null, string | null];
  /** different device ids on the two sides */
  dd: boolean;
  /** one device id on both sides */
  sd: boolean;
  /** smallest separation of a switch (km beyond uncertainty) */
  sep: number;
  /** 1 when a switch was firm (between countries, or places two location sources agree on: firmPair) */
  f?: 1;
  t0: number;
  t1: number;
}

export interface State {
  n: number;
  loc: number;
  skip: number;
  /** last located fix */
  cur?: Fix;
  /** where the other place of the open alternation is (its latest fix) */
  oth?: Pick<Fix, 'la' | 'lo' | 'a'>;
  ch?: Chain;
  g: EgressGroup[];
  /** episodes not counted because the group list was full */
  drop: number;
  /** sample episode(s): the strongest, preferring ones that depend on no business network */
  ep: Chain[];
}

const MAX_EV = 4;
const MAX_EP = 1;
const MAX_GROUPS = 4;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function noteDevice(ch: Chain, side: 0 | 1, d: string | undefined): void {
  if (!d) return;
  if (ch.dv[side] === null) ch.dv[side] = d;
  const other = ch.dv[side === 0 ? 1 : 0];
  if (other === d) ch.sd = true;
  else if (other !== null) ch.dd = true;
}

function addBusiness(ch: Chain, f: Fix): void {
  if (f.c !== 'business' || ch.k.length >= 3) return;
  for (const ip of ch.k) if (samePrefix(ip, f.ip)) return;
  ch.k = [...ch.k, f.ip].sort();
}

const strength = (c: Chain): number => (c.k.length === 0 ? 1000 : 0) + (c.f ? 500 : 0) + c.n * 2 + (c.dd ? 1 : 0);

/** End the open alternation; one with at least 2 switches (A-B-A) is an episode. */
function closeChain(s: State): void {
  const ch = s.ch;
  s.ch = undefined;
  s.oth = undefined;
  if (!ch || ch.n < 2) return;
  const g = groupFor(s.g, ch.k, ch.t0, MAX_GROUPS);
  if (!g) {
    s.drop++;
    return;
  }
  countIn(g, ch.t0, ch.t1, true, Math.floor(ch.t0 / DAY), ch.n, ch.f === 1);
  if (s.ep.length < MAX_EP) s.ep.push(ch);
  else {
    let weakest = 0;
    for (let i = 1; i < s.ep.length; i++) if (strength(s.ep[i]) < strength(s.ep[weakest])) weakest = i;
    if (strength(ch) > strength(s.ep[weakest])) s.ep[weakest] = ch;
  }
}

function observe(s: State, ev: EnrichedEvent, p: Params): void {
  const f = countedFix(s, ev, p);
  if (!f) return;
  const cur = s.cur;
  s.cur = f;
  if (!cur) return;
  const gap = Math.abs(f.t - cur.t);
  const sep = separationKm(cur, f);
  const ch = s.ch;
  if (sep < p.minSeparationKm) {
    // Same area as the latest sign-in: the alternation goes on unless the pause is too long.
    if (ch) {
      if (gap > p.maxGapHours * HOUR) closeChain(s);
      else {
        noteDevice(ch, ch.s, f.d);
        addBusiness(ch, f);
        ch.t1 = f.t;
      }
    }
    return;
  }
  const infeasible = gap <= p.maxGapHours * HOUR && (gap === 0 || sep / (gap / HOUR) > p.switchSpeedKmh);
  if (!infeasible) {
    closeChain(s); // a real move (or a long pause): no alternation
    return;
  }
  if (ch && s.oth && separationKm(s.oth as Fix, f) < p.minSeparationKm) {
    // Back at the other place: the account is active at both.
    ch.n++;
    ch.s = ch.s === 0 ? 1 : 0;
    s.oth = { la: cur.la, lo: cur.lo, a: cur.a };
    if (ch.ev.length < MAX_EV) ch.ev.push(refOf(f));
    noteDevice(ch, ch.s, f.d);
    addBusiness(ch, f);
    if (sep < ch.sep) ch.sep = Math.round(sep);
    if (firmPair(cur, f)) ch.f = 1;
    ch.t1 = f.t;
    return;
  }
  closeChain(s);
  const next: Chain = { n: 1, s: 1, ev: [refOf(cur), refOf(f)], k: [...businessIps(cur, f)], dv: [null, null], dd: false, sd: false, sep: Math.round(sep), t0: cur.t, t1: f.t };
  if (firmPair(cur, f)) next.f = 1;
  noteDevice(next, 0, cur.d);
  noteDevice(next, 1, f.d);
  s.ch = next;
  s.oth = { la: cur.la, lo: cur.lo, a: cur.a };
}

function describe(c: Chain, pop: Population): string {
  const path = c.ev.map((r) => `${isoMinute(r.t).slice(11)} ${fixPlace(r, pop)}`).join(' → ');
  const more = c.n + 1 > c.ev.length ? ` → … (${c.n + 1} sign-ins in all)` : '';
  const devices = c.dd
    ? ` Two different device ids were in use: ${c.dv[0]} at ${fixPlace(c.ev[0], pop)} and ${c.dv[1]} at ${fixPlace(c.ev[1], pop)}.`
    : c.sd
      ? ` The same device id (${c.dv[0] ?? c.dv[1]}) appeared at both places.`
      : '';
  return (
    `On ${isoMinute(c.t0).slice(0, 10)} the account switched ${c.n} times within ${fmtHours(c.t1 - c.t0)} between ` +
    `${fixDescription(c.ev[0], pop)} and ${fixDescription(c.ev[1], pop)}, at least ${fmtKm(c.sep)} apart beyond both ` +
    `fixes' uncertainty: ${path}${more}.${devices}`
  );
}

export const detector = defineDetector({
  definition,
  init: (): State => ({ n: 0, loc: 0, skip: 0, g: [], drop: 0, ep: [] }),
  observe: (s, ev, _ctx, p) => observe(s, ev, p),
  evaluate(state, _ctx, p, pop): FindingDraft[] {
    if (state.g.length === 0 && (state.ch?.n ?? 0) < 2) return [];
    const s = structuredClone(state);
    closeChain(s);
    const tot = validTotals(s.g, pop);
    const interleaved = tot.m >= p.minSwitches;
    const repeated = tot.dd >= p.minDays;
    if (!interleaved && !repeated) return [];
    const samples = s.ep.filter((c) => tot.valid.has(groupKey(c.k)));
    const twoDevices = samples.some((c) => c.dd);
    // High needs firm alternation: between countries, or between places two location sources agree on (firmPair).
    const firmRepeated = tot.fdd >= p.minDays;
    const firmTwoDevices = samples.some((c) => c.dd && c.f === 1);
    const severity = firmRepeated || firmTwoDevices ? 'high' : tot.fe > 0 ? 'medium' : 'low';
    const evidence: Evidence[] = [];
    samples.forEach((c, i) => {
      c.ev.forEach((r, j) => evidence.push(fixEvidence(r, `Episode ${i + 1}, sign-in ${j + 1} (${fixPlace(r, pop)})`, pop)));
      evidence.push(
        { type: 'measure', label: `Episode ${i + 1}: switches between the two places`, value: c.n, threshold: p.minSwitches, unit: 'switches' },
        { type: 'measure', label: `Episode ${i + 1}: distance between the places beyond uncertainty`, value: Math.round(c.sep), threshold: p.minSeparationKm, unit: 'km' },
        { type: 'measure', label: `Episode ${i + 1}: duration`, value: Math.round(((c.t1 - c.t0) / HOUR) * 100) / 100, unit: 'h' },
      );
    });
    evidence.push(
      { type: 'measure', label: 'Alternation episodes (≥2 switches)', value: tot.e, unit: 'episodes' },
      { type: 'measure', label: 'Days with an alternation episode', value: tot.dd, threshold: p.minDays, unit: 'days' },
      { type: 'measure', label: 'Days with a firm episode (between countries, or places two location sources agree on)', value: tot.fdd, threshold: p.minDays, unit: 'days' },
      { type: 'measure', label: 'Most switches in one episode', value: tot.m, threshold: p.minSwitches, unit: 'switches' },
    );
    const why = [
      interleaved ? `${tot.m} switches in one episode (threshold ${p.minSwitches}: A-B-A-B)` : undefined,
      repeated ? `alternation on ${tot.dd} different days (threshold ${p.minDays})` : undefined,
    ].filter(Boolean);
    const notes: string[] = [];
    if (tot.egressGroups > 0) notes.push(`${tot.egressGroups} episode group(s) through corporate egress shared by colleagues were left out`);
    if (s.drop > 0) notes.push(`${s.drop} episode(s) through further business networks were not counted`);
    if (tot.fe < tot.e && severity !== 'high') {
      notes.push(
        `${tot.e - tot.fe} episode(s) stay within one country on a single location source's city-level opinion (no second source agrees), ` +
          `which databases often get wrong for a second home line, so this stays ${severity}; high needs firm alternation on ${p.minDays} days (${tot.fdd} here)`,
      );
    }
    const explanation =
      `The account was active from two distant places at overlapping times: ${tot.e} alternation episode(s) with ` +
      `${tot.n} switches in all; ${why.join(' and ')}. A switch is a sign-in more than ${p.minSeparationKm} km (beyond ` +
      `both fixes' uncertainty) from the previous one, within ${p.maxGapHours} h and faster than ${p.switchSpeedKmh} km/h; ` +
      `an episode needs the account to come back to the first place. ` +
      samples.map((c) => describe(c, pop)).join(' ') +
      ` ${s.skip} VPN/relay/SASE/hosting/mobile sign-in(s) were not treated as locations.` +
      (notes.length ? ` Note: ${notes.join('; ')}.` : '');
    return [
      {
        severity,
        title:
          (severity === 'low' ? 'Alternates between two places in one country on one location source only (possibly a misplaced line)' : 'Account used from two distant places at once') +
          ` (${tot.e} episode${tot.e === 1 ? '' : 's'}, ${tot.dd} day${tot.dd === 1 ? '' : 's'})`,
        explanation,
        firstSeen: new Date(tot.t0).toISOString(),
        lastSeen: new Date(tot.t1).toISOString(),
        evidence,
        likelihoodRatio: severity === 'high' ? p.likelihoodRatioRepeated : severity === 'medium' ? p.likelihoodRatioSingle : p.likelihoodRatioUnconfirmed,
      },
    ];
  },
});
