// working-hours: when a person is active, in their claimed time zone, against business hours there and against
// their department. See README.md for the algorithm, knobs and likelihood ratios.
import type { z } from 'zod';
import { defineDetector, type FindingDraft, type PersonContext, type PersonIndex, type Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence } from '../../core/model.ts';
import { dayIndex, isoOf } from '../common/event-sample.ts';
import { hhmm, hourAngle, hourDistance, meanHour, meanOfHours, resultantLength, shortestArc, wrapHour } from './circular.ts';
import { claimedZone, EXAMPLE_ZONES, utcLabel, zoneOffsetHours } from './zones.ts';
import { definition } from './definition.ts';
import { deptKey } from '../common/department.ts';

type Params = z.infer<typeof definition.params>;

export interface State {
  /** counted (interactive, successful) sign-ins; distinct days; last day; first/last time */
  n: number;
  d: number;
  ld: number;
  t0: number;
  t1: number;
  /** sums of sin/cos of the UTC hour angle */
  su: number;
  cu: number;
  /** claimed zone ('' = none could be derived) and where it came from */
  tz: string;
  zf: '' | 'directory' | 'home';
  /** sign-ins counted in the claimed zone: hourly histogram and sums of sin/cos of the local hour angle */
  nl: number;
  h: number[];
  s: number;
  c: number;
}

function observe(st: State, ev: EnrichedEvent, ctx: PersonContext, _p: Params): void {
  if (ev.kind !== 'signin' || ev.outcome !== 'success' || ev.interactive === false) return;
  st.n++;
  const day = dayIndex(ev.time);
  if (day !== st.ld) {
    st.d++;
    st.ld = day;
  }
  if (st.t0 === 0) st.t0 = ev.time;
  st.t1 = ev.time;
  const utc = (((ev.time / 3_600_000) % 24) + 24) % 24;
  const a = hourAngle(utc);
  st.su += Math.sin(a);
  st.cu += Math.cos(a);
  if (st.tz === '' && st.nl === 0) {
    const addr = ctx.directory?.homeAddress;
    const z = claimedZone(ctx.directory?.timezone, ctx.home?.country ?? addr?.country, ctx.home?.region ?? addr?.region);
    if (z) {
      st.tz = z.tz;
      st.zf = z.from;
    }
  }
  if (st.tz === '') return;
  const local = wrapHour(utc + zoneOffsetHours(ev.time, st.tz));
  st.h[Math.floor(local) % 24]++;
  const b = hourAngle(local);
  st.s += Math.sin(b);
  st.c += Math.cos(b);
  st.nl++;
}

interface Summary {
  mean: number;
  r: number;
}

function summary(st: State | undefined, p: Params): Summary | undefined {
  if (!st || st.tz === '' || st.nl < p.minSignIns || st.d < p.minDays) return undefined;
  const r = resultantLength(st.s, st.c, st.nl);
  if (r < p.minConcentration) return undefined;
  return { mean: meanHour(st.s, st.c), r };
}


/** Department → people with a concentrated pattern (their mean local hour), kept by the pipeline across rounds. */
function departments(pop: Population, p: Params): PersonIndex<{ pid: string; mean: number; r: number }> {
  return pop.index(`${definition.id}/departments`, (person) => {
    const k = deptKey(person.directory?.department);
    if (!k) return [];
    const s = summary(pop.stateOf<State>(definition.id, person.personId), p);
    return s ? [[k, { pid: person.personId, mean: s.mean, r: s.r }] as const] : [];
  });
}

function evaluate(st: State, ctx: PersonContext, p: Params, pop: Population): FindingDraft[] {
  const me = summary(st, p);
  if (!me) return [];
  const center = wrapHour(p.businessStart + wrapHour(p.businessEnd - p.businessStart) / 2);
  const shift = hourDistance(me.mean, center);
  if (shift <= p.maxShiftHours) return [];

  const dept = ctx.directory?.department;
  const peers = (deptKey(dept) ? departments(pop, p).get(deptKey(dept)!) ?? [] : []).filter((x) => x.pid !== ctx.personId);
  const team = peers.length > 0 ? meanOfHours(peers.map((x) => x.mean)) : { mean: 0, r: 0 };
  const havePeers = peers.length >= p.minPeers && team.r >= p.minPeerAgreement;
  let peerMean: number | undefined;
  let peerDist: number | undefined;
  if (havePeers) {
    peerMean = team.mean;
    peerDist = hourDistance(me.mean, peerMean);
    if (peerDist <= p.maxPeerShiftHours) return []; // works the team's hours (e.g. a night-shift team)
  }

  // Which UTC offsets would put this activity in business hours: where the department's mean sits in its members'
  // local day when there is a baseline (it carries the same habits, e.g. the first sign-in of the day at the start
  // of work), else the middle of business hours.
  const ref = havePeers ? peerMean! : center;
  const utcMean = meanHour(st.su, st.cu);
  let best = ref - utcMean;
  if (best <= -12) best += 24;
  if (best > 14) best -= 24;
  const fitting: number[] = [];
  for (let o = -12; o <= 14; o++) if (hourDistance(utcMean + o, ref) <= 1.5) fitting.push(o);
  const suspect = p.suspectUtcOffsets.some((o) => Math.abs(o - best) <= p.suspectToleranceHours);
  const claimedOffset = zoneOffsetHours(st.t1, st.tz);

  const arc = shortestArc(st.h, p.coverage);
  const arcEnd = wrapHour(arc.start + arc.width);
  let inBusiness = 0;
  for (let hh = 0; hh < 24; hh++) if (hourDistance(hh + 0.5, center) <= wrapHour(p.businessEnd - p.businessStart) / 2) inBusiness += st.h[hh];

  let severity: FindingDraft['severity'];
  let lr: number;
  if (havePeers) {
    severity = suspect ? 'high' : 'medium';
    lr = suspect ? p.likelihoodRatioPeersSuspect : p.likelihoodRatioPeers;
  } else {
    severity = suspect ? 'medium' : 'low';
    lr = suspect ? p.likelihoodRatioNoPeersSuspect : p.likelihoodRatioNoPeers;
  }

  const zoneFrom = st.zf === 'directory' ? 'the directory time zone' : 'the zone of the claimed home';
  const fitText = fitting
    .map((o) => `${utcLabel(o)} (${EXAMPLE_ZONES[o] ?? 'no common zone'})`)
    .join(', ');
  const shifted = (h: number): string => hhmm(h + (Math.round(best) - claimedOffset));
  const parts = [
    `Interactive sign-ins centre on ${hhmm(me.mean)} ${st.tz} (${utcLabel(claimedOffset)}, from ${zoneFrom}): ` +
      `${Math.round(arc.share * 100)}% of ${st.nl} sign-ins on ${st.d} days fall between ${hhmm(arc.start)} and ${hhmm(arcEnd)}, ` +
      `and only ${inBusiness} (${Math.round((100 * inBusiness) / st.nl)}%) within business hours ${hhmm(p.businessStart)}–${hhmm(p.businessEnd)}. ` +
      `The mean is ${shift.toFixed(1)} h from the middle of business hours (threshold ${p.maxShiftHours} h); concentration R = ${me.r.toFixed(2)} (threshold ${p.minConcentration}).`,
    havePeers
      ? `The ${dept} department (${peers.length} peers with a regular pattern, agreement R = ${team.r.toFixed(2)}) centres on ${hhmm(peerMean!)}, ${peerDist!.toFixed(1)} h away (threshold ${p.maxPeerShiftHours} h), so this is not the team's shift.`
      : peers.length >= p.minPeers
        ? `No department baseline: the ${peers.length} peers' hours disagree (agreement R = ${team.r.toFixed(2)}, threshold ${p.minPeerAgreement}), so only business hours were compared.`
        : `No department baseline (${peers.length} peer(s) with a regular pattern; ${p.minPeers} needed), so only business hours were compared.`,
    `These would be business hours in ${fitText}: the same span is ${shifted(arc.start)}–${shifted(arcEnd)} in ${utcLabel(Math.round(best))}.` +
      (suspect ? ` That matches the published locations of North Korean IT workers (${p.suspectUtcOffsets.map(utcLabel).join(', ')}).` : ''),
  ];

  const evidence: Evidence[] = [
    { type: 'directory', label: `claimed time zone (${zoneFrom})`, value: st.tz },
    { type: 'measure', label: `mean sign-in hour in ${st.tz}`, value: hhmm(me.mean), threshold: `${hhmm(p.businessStart)}–${hhmm(p.businessEnd)}`, unit: 'local time' },
    { type: 'measure', label: 'distance of the mean hour from the middle of business hours', value: Number(shift.toFixed(2)), threshold: p.maxShiftHours, unit: 'hours' },
    { type: 'measure', label: 'concentration of sign-in hours (mean resultant length R)', value: Number(me.r.toFixed(3)), threshold: p.minConcentration, unit: 'R' },
    { type: 'measure', label: `hours holding ${Math.round(p.coverage * 100)}% of sign-ins in ${st.tz}`, value: `${hhmm(arc.start)}–${hhmm(arcEnd)}`, unit: 'local time' },
    { type: 'measure', label: 'interactive sign-ins / days counted', value: `${st.nl} / ${st.d}`, threshold: `${p.minSignIns} / ${p.minDays}`, unit: 'sign-ins / days' },
    {
      type: 'measure',
      label: havePeers ? `UTC offset in which the mean falls where the ${dept} department's does (${hhmm(peerMean!)})` : 'UTC offset in which the mean is mid-business-hours',
      value: Number(best.toFixed(1)),
      threshold: p.suspectUtcOffsets.join(', '),
      unit: 'hours',
    },
  ];
  if (havePeers) {
    evidence.push({ type: 'measure', label: `distance from the ${dept} department's mean hour (${hhmm(peerMean!)})`, value: Number(peerDist!.toFixed(2)), threshold: p.maxPeerShiftHours, unit: 'hours' });
    for (const x of [...peers].sort((a, b) => b.r - a.r).slice(0, 3)) {
      evidence.push({ type: 'peer', label: `${dept} colleague centres on ${hhmm(x.mean)}`, personId: x.pid, value: hhmm(x.mean) });
    }
  }
  return [
    {
      severity,
      title: suspect
        ? `Works the business hours of ${utcLabel(Math.round(best))}, not of the claimed zone`
        : 'Works outside business hours of the claimed zone',
      explanation: parts.join(' '),
      firstSeen: isoOf(st.t0),
      lastSeen: isoOf(st.t1),
      evidence,
      likelihoodRatio: lr,
    },
  ];
}

export const detector = defineDetector({
  definition,
  init: (): State => ({ n: 0, d: 0, ld: -1, t0: 0, t1: 0, su: 0, cu: 0, tz: '', zf: '', nl: 0, h: new Array<number>(24).fill(0), s: 0, c: 0 }),
  observe,
  evaluate,
});
