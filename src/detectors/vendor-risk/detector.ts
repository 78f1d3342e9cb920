// vendor-risk: successful sign-ins the identity provider itself rated risky (Entra ID Protection, Okta, Google).
// See README.md for the algorithm, knobs and likelihood ratios.
import type { z } from 'zod';
import { defineDetector, type FindingDraft, type PersonContext, type Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence } from '../../core/model.ts';
import { egressPeople, ipPrefix, isCorporateEgress } from '../common/geo.ts';
import { dayIndex, isFailedSignIn, isoOf, networkLabel, pct, sampleEvidence, sampleOf, type EventSample } from '../common/event-sample.ts';
import { definition } from './definition.ts';
import { describeReasons, reasonKeys, VENDOR_NAME, vendorOf, verdictOf, type Vendor } from './verdict.ts';

type Params = z.infer<typeof definition.params>;

/** An evidence sample: the event plus its tier, vendor and the vendor's reasons (≤ 6). */
export interface RiskSample extends EventSample {
  tier: 1 | 2;
  v: Vendor;
  r: string[];
  /** 1 when the verdict rests only on the network (isProxy / anonymous-IP types) */
  no?: 1;
}

/** Network-only medium verdicts through one /24 (/48): the unit in which corporate egress is recognised. */
export interface NetPrefix {
  k: string;
  ip: string;
  n: number;
  d: number;
  ld: number;
}

export interface State {
  /** successful sign-ins */
  n: number;
  /** high-tier verdicts, distinct days, last day */
  h: number;
  hd: number;
  hld: number;
  /** medium-tier verdicts (all), distinct days, last day */
  m: number;
  md: number;
  mld: number;
  /** medium-tier verdicts that are not network-only: distinct days, last day */
  mod: number;
  mold: number;
  /** first / last counted verdict time (0 = none) */
  t0: number;
  t1: number;
  /** cleared risk (riskState dismissed / remediated / confirmedSafe) by state value */
  cl: Record<string, number>;
  /** network-only verdicts on Apple Private Relay / SASE egress (not counted) */
  ex: number;
  /** network-only verdicts on IPs our intel already calls VPN / hosting / Tor (weighed by anonymising-infra) */
  dup: number;
  /** verdicts on failed sign-in attempts (not counted unless countFailed) */
  fl: number;
  /** `${vendor}|${reason key}` → count, at most MAX_REASONS keys (the rest in `ro`) */
  why: Record<string, number>;
  ro: number;
  s: RiskSample[];
  /** network-only medium verdicts by prefix (≤ MAX_PREFIXES), overflow in `npo` */
  np: NetPrefix[];
  npo: { n: number; d: number };
}

export const MAX_SAMPLES = 5;
export const MAX_PREFIXES = 4;
export const MAX_REASONS = 16;

const netTypesCache = new WeakMap<string[], ReadonlySet<string>>();
function netTypes(p: Params): ReadonlySet<string> {
  let s = netTypesCache.get(p.networkOnlyTypes);
  if (!s) netTypesCache.set(p.networkOnlyTypes, (s = new Set(p.networkOnlyTypes)));
  return s;
}

function observe(st: State, ev: EnrichedEvent, _ctx: PersonContext, p: Params): void {
  const success = ev.kind === 'signin' && ev.outcome === 'success';
  if (success) st.n++;
  if (ev.vendorRisk === undefined && ev.vendorNet === undefined) return;
  if (!success && !isFailedSignIn(ev)) return;
  const v = verdictOf(ev, netTypes(p));
  if (!v) return;
  if (v.cleared) {
    const k = v.state ?? 'cleared';
    st.cl[k] = (st.cl[k] ?? 0) + 1;
    return;
  }
  if (!success) {
    st.fl++;
    if (!p.countFailed) return;
  }
  if (v.networkOnly) {
    const cls = ev.intel?.netClass;
    if (cls === 'relay' || cls === 'sase' || cls === 'corporate') {
      st.ex++;
      return;
    }
    if (cls === 'vpn' || cls === 'hosting' || cls === 'tor') {
      st.dup++;
      return;
    }
  }
  const day = dayIndex(ev.time);
  if (v.tier === 2) {
    st.h++;
    if (day !== st.hld) { st.hd++; st.hld = day; }
  } else {
    st.m++;
    if (day !== st.mld) { st.md++; st.mld = day; }
    if (v.networkOnly && ev.ip) addPrefix(st, ev.ip, day);
    else if (day !== st.mold) { st.mod++; st.mold = day; }
  }
  if (st.t0 === 0) st.t0 = ev.time;
  st.t1 = ev.time;
  const vendor = vendorOf(ev.id);
  for (const r of reasonKeys(ev)) {
    const key = vendor + '|' + r;
    if (st.why[key] !== undefined) st.why[key]++;
    else if (Object.keys(st.why).length < MAX_REASONS) st.why[key] = 1;
    else st.ro++;
  }
  addRiskSample(st, ev, v.tier, vendor, v.networkOnly);
}

function addPrefix(st: State, ip: string, day: number): void {
  const k = ipPrefix(ip);
  let e: NetPrefix | undefined;
  for (const x of st.np) if (x.k === k) { e = x; break; }
  if (!e) {
    if (st.np.length >= MAX_PREFIXES) {
      st.npo.n++;
      st.npo.d++; // upper bound: one day per overflowing verdict
      return;
    }
    e = { k, ip, n: 0, d: 0, ld: -1 };
    st.np.push(e);
  }
  e.n++;
  if (day !== e.ld) { e.d++; e.ld = day; }
}

/** Keep ≤ MAX_SAMPLES, the earliest ones, but a high-tier verdict replaces the first medium one once full. */
function addRiskSample(st: State, ev: EnrichedEvent, tier: 1 | 2, v: Vendor, networkOnly: boolean): void {
  const make = (): RiskSample => {
    const s: RiskSample = { ...sampleOf(ev), tier, v, r: reasonKeys(ev).slice(0, 6) };
    if (networkOnly) s.no = 1;
    return s;
  };
  if (st.s.length < MAX_SAMPLES) st.s.push(make());
  else if (tier === 2) {
    const i = st.s.findIndex((x) => x.tier === 1);
    if (i >= 0) st.s[i] = make();
  }
}

function evaluate(st: State, _ctx: PersonContext, p: Params, pop: Population): FindingDraft[] {
  if (st.h === 0 && st.m === 0) return [];
  // Network-only medium verdicts through corporate egress (a proxy many colleagues share) are not counted.
  const excluded: { px: NetPrefix; people: number }[] = [];
  let keptDays = st.npo.d;
  for (const x of st.np) {
    if (isCorporateEgress(pop.intel(x.ip), x.ip, pop)) excluded.push({ px: x, people: egressPeople(pop, x.ip) });
    else keptDays += x.d;
  }
  const exN = excluded.reduce((a, x) => a + x.px.n, 0);
  const m = st.m - exN;
  const md = excluded.length > 0 ? Math.min(st.md, st.mod + keptDays) : st.md;
  const share = st.n > 0 ? m / st.n : m > 0 ? 1 : 0;
  const high = st.h >= p.minHighSignIns;
  const medium = m > 0 && md >= p.minMediumDays && share >= p.minMediumShare;
  if (!high && !medium) return [];

  const parts: string[] = [];
  const vendors = new Map<Vendor, [string, number][]>();
  for (const [key, n] of Object.entries(st.why).sort((a, b) => b[1] - a[1])) {
    const bar = key.indexOf('|');
    const v = key.slice(0, bar) as Vendor;
    const list = vendors.get(v) ?? [];
    list.push([key.slice(bar + 1), n]);
    vendors.set(v, list);
  }
  const who = vendors.size === 1 ? VENDOR_NAME[[...vendors.keys()][0]] : 'The identity providers';
  const verdicts: string[] = [];
  if (st.h > 0) {
    verdicts.push(
      `${st.h} of ${st.n} successful sign-ins (${pct(st.h, st.n)}) high risk on ${st.hd} day(s) (threshold ${p.minHighSignIns} for a medium finding)`,
    );
  }
  if (m > 0) {
    verdicts.push(
      `${m} of ${st.n} (${pct(m, st.n)}) medium risk on ${md} day(s) (a low finding needs ≥ ${p.minMediumDays} days and ≥ ${pct(p.minMediumShare, 1)} of sign-ins)`,
    );
  }
  parts.push(`${who} rated ${verdicts.join(', and ')}.`);
  const fields = [...vendors].map(([v, counts]) => `${VENDOR_NAME[v]}: ${describeReasons(v, counts)}`);
  parts.push(`Vendor fields — ${fields.join('. ')}${st.ro > 0 ? ` (and ${st.ro} more)` : ''}.`);
  const cleared = Object.entries(st.cl);
  if (cleared.length > 0) {
    parts.push(`Not counted: ${cleared.map(([s, n]) => `${n} risky sign-in(s) with riskState = ${s}`).join(', ')} (the risk was cleared).`);
  }
  for (const x of excluded) {
    parts.push(
      `Not counted: ${x.px.n} proxy/anonymous-IP verdict(s) via ${x.px.k} (${networkLabel(x.px.ip, pop)}), corporate egress shared by ` +
        `${x.people} people (threshold ${pop.shared.corporateEgressMinPeople}, config shared.corporateEgressMinPeople).`,
    );
  }
  if (st.dup > 0) {
    parts.push(`Not counted: ${st.dup} proxy/anonymous-IP verdict(s) on networks our intel already classifies as VPN, hosting or Tor (weighed by anonymising-infra).`);
  }
  if (st.ex > 0) parts.push(`Not counted: ${st.ex} proxy/anonymous-IP verdict(s) on Apple iCloud Private Relay or corporate SASE egress.`);
  if (st.fl > 0) {
    parts.push(
      p.countFailed
        ? `${st.fl} of the verdicts were on failed sign-in attempts (counted: countFailed is on).`
        : `Not counted: ${st.fl} risky failed sign-in attempt(s) (an outsider's attempts say nothing about the worker).`,
    );
  }

  const excludedKeys = new Set(excluded.map((x) => x.px.k));
  const evidence: Evidence[] = st.s
    .filter((s) => !(s.no && s.ip && excludedKeys.has(ipPrefix(s.ip))))
    .sort((a, b) => b.tier - a.tier || a.t - b.t)
    .map((s) => sampleEvidence(s, `${s.tier === 2 ? 'high' : 'medium'}-risk verdict (${VENDOR_NAME[s.v]}: ${describeReasons(s.v, s.r.map((r) => [r, undefined]))})`, pop));
  evidence.push({ type: 'measure', label: 'successful sign-ins with a high-risk verdict from the identity provider', value: st.h, threshold: p.minHighSignIns, unit: 'sign-ins' });
  if (m > 0) {
    evidence.push(
      { type: 'measure', label: 'days with a medium-risk verdict from the identity provider', value: md, threshold: p.minMediumDays, unit: 'days' },
      { type: 'measure', label: 'share of successful sign-ins with a medium-risk verdict', value: Number(share.toFixed(3)), threshold: p.minMediumShare, unit: 'ratio' },
    );
  }
  return [
    {
      severity: high ? 'medium' : 'low',
      title: high ? 'Identity provider rated sign-ins high risk' : 'Identity provider repeatedly rated sign-ins risky',
      explanation: parts.join(' '),
      firstSeen: isoOf(st.t0),
      lastSeen: isoOf(st.t1),
      evidence,
      likelihoodRatio: high ? p.highLikelihoodRatio : p.mediumLikelihoodRatio,
    },
  ];
}

export const detector = defineDetector({
  definition,
  init: (): State => ({
    n: 0, h: 0, hd: 0, hld: -1, m: 0, md: 0, mld: -1, mod: 0, mold: -1, t0: 0, t1: 0,
    cl: {}, ex: 0, dup: 0, fl: 0, why: {}, ro: 0, s: [], np: [], npo: { n: 0, d: 0 },
  }),
  observe,
  evaluate,
});
