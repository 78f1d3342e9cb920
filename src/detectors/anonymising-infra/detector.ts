// anonymising-infra: the share of a person's sign-ins and active days that come through VPN, hosting or Tor
// networks, after removing corporate egress. See README.md for the algorithm, knobs and likelihood ratios.
import type { z } from 'zod';
import { defineDetector, type FindingDraft, type PersonContext, type Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence } from '../../core/model.ts';
import { egressPeople, ipPrefix, isCorporateEgress } from '../common/geo.ts';
import { dayIndex, isoOf, networkLabel, pct } from '../common/event-sample.ts';
import { definition } from './definition.ts';

type Params = z.infer<typeof definition.params>;

/** Anonymised sign-ins through one /24 (/48): the unit in which corporate egress is recognised. */
export interface PrefixStat {
  /** prefix key, representative IP, class v(pn) | h(osting) | t(or) */
  k: string;
  ip: string;
  c: 'v' | 'h' | 't';
  n: number;
  d: number;
  ld: number;
  /** first event id and time through this prefix (evidence), last time */
  id: string;
  t: number;
  l: number;
}

export interface State {
  /** successful sign-ins, distinct days, last day */
  n: number;
  d: number;
  ld: number;
  /** anonymised (vpn/hosting/tor) successful sign-ins by class */
  v: number;
  h: number;
  tor: number;
  /** distinct days with an anonymised sign-in, last such day, first/last anonymised time */
  ad: number;
  ald: number;
  t0: number;
  t1: number;
  /** not anonymising, counted for the explanation: Apple Private Relay, SASE/proxy egress */
  r: number;
  sa: number;
  /** up to MAX_PREFIXES prefixes; evicted ones are folded into `ov` (sign-ins and an upper bound of days) */
  px: PrefixStat[];
  ov: { n: number; d: number; v: number; h: number; t: number };
}

export const MAX_PREFIXES = 6;
const CLASS_CODE: Record<string, 'v' | 'h' | 't' | undefined> = { vpn: 'v', hosting: 'h', tor: 't' };
const CLASS_NAME = { v: 'VPN', h: 'hosting/datacenter', t: 'Tor' } as const;

function observe(st: State, ev: EnrichedEvent, _ctx: PersonContext, _p: Params): void {
  if (ev.kind !== 'signin' || ev.outcome !== 'success') return;
  st.n++;
  const day = dayIndex(ev.time);
  if (day !== st.ld) {
    st.d++;
    st.ld = day;
  }
  const intel = ev.intel;
  if (!intel || !ev.ip) return;
  const cls = intel.netClass;
  if (cls === 'relay') {
    st.r++;
    return;
  }
  if (cls === 'sase' || cls === 'corporate') {
    st.sa++;
    return;
  }
  const c = CLASS_CODE[cls];
  if (!c) return;
  if (c === 'v') st.v++;
  else if (c === 'h') st.h++;
  else st.tor++;
  if (day !== st.ald) {
    st.ad++;
    st.ald = day;
  }
  if (st.t0 === 0) st.t0 = ev.time;
  st.t1 = ev.time;
  const k = ipPrefix(ev.ip);
  let e: PrefixStat | undefined;
  for (const x of st.px) if (x.k === k) { e = x; break; }
  if (!e) {
    if (st.px.length >= MAX_PREFIXES) {
      // Evict the least used prefix (ties: the least recently used) into the overflow counters.
      let vi = 0;
      for (let i = 1; i < st.px.length; i++) {
        const a = st.px[i], b = st.px[vi];
        if (a.n < b.n || (a.n === b.n && a.l < b.l)) vi = i;
      }
      const old = st.px[vi];
      st.ov.n += old.n;
      st.ov.d += old.d;
      st.ov[old.c] += old.n;
      st.px.splice(vi, 1);
    }
    e = { k, ip: ev.ip, c, n: 0, d: 0, ld: -1, id: ev.id, t: ev.time, l: ev.time };
    st.px.push(e);
  }
  e.n++;
  e.l = ev.time;
  if (day !== e.ld) {
    e.d++;
    e.ld = day;
  }
}

function matchesWatched(label: string, watched: string[]): string | undefined {
  const l = label.toLowerCase();
  return watched.find((w) => w.length > 0 && l.includes(w.toLowerCase()));
}

function evaluate(st: State, ctx: PersonContext, p: Params, pop: Population): FindingDraft[] {
  const anonTotal = st.v + st.h + st.tor;
  if (anonTotal === 0) return [];
  const kept: PrefixStat[] = [];
  const excluded: { px: PrefixStat; people: number; sase: boolean }[] = [];
  for (const x of st.px) {
    const intel = pop.intel(x.ip);
    if (x.c !== 't' && isCorporateEgress(intel, x.ip, pop)) {
      excluded.push({ px: x, people: egressPeople(pop, x.ip), sase: intel?.netClass === 'sase' || intel?.netClass === 'corporate' });
    } else kept.push(x);
  }
  const exN = excluded.reduce((a, x) => a + x.px.n, 0);
  const anonN = anonTotal - exN;
  if (anonN <= 0) return [];
  const keptDays = kept.reduce((a, x) => a + x.d, 0) + st.ov.d;
  const anonDays = excluded.length > 0 ? Math.min(st.ad, keptDays) : st.ad;
  const share = st.n > 0 ? anonN / st.n : 0;
  const dayShare = st.d > 0 ? anonDays / st.d : 0;
  const eff = Math.min(share, dayShare);
  let torN = st.tor;
  for (const x of excluded) if (x.px.c === 't') torN -= x.px.n;

  // Providers of the kept prefixes, most used first; watched providers (Astrill) among them.
  kept.sort((a, b) => b.n - a.n);
  const byProvider = new Map<string, number>();
  let watchedN = 0;
  let watchedName: string | undefined;
  for (const x of kept) {
    const label = networkLabel(x.ip, pop);
    byProvider.set(label, (byProvider.get(label) ?? 0) + x.n);
    const w = matchesWatched(label, p.watchedProviders);
    if (w) {
      watchedN += x.n;
      watchedName ??= w;
    }
  }

  let severity: FindingDraft['severity'] | undefined;
  let lr = 1;
  const enough = st.n >= p.minSignIns && anonN >= p.minAnonSignIns;
  if (enough && eff >= p.highShare && anonN >= p.highMinSignIns && anonDays >= p.highMinDays) {
    severity = 'high';
    lr = p.highLikelihoodRatio;
  } else if (enough && eff >= p.mediumShare) {
    severity = 'medium';
    lr = p.mediumLikelihoodRatio;
  } else if (enough && eff > p.lowShare) {
    severity = 'low';
    lr = p.lowLikelihoodRatio;
  }
  if (torN > 0 && (severity === undefined || severity === 'low')) {
    severity = 'medium';
    lr = Math.max(lr, p.torLikelihoodRatio);
  }
  if (watchedN >= p.minAnonSignIns) {
    if (severity === undefined) {
      severity = 'low';
      lr = p.lowLikelihoodRatio;
    }
    lr *= p.watchedFactor;
  }
  if (!severity) return [];

  const providers = [...byProvider].map(([name, n]) => `${name} ×${n}`);
  if (st.ov.n > 0) providers.push(`other networks ×${st.ov.n}`);
  const classes = (['v', 'h', 't'] as const)
    .map((c) => [c, (c === 'v' ? st.v : c === 'h' ? st.h : st.tor) - excluded.filter((x) => x.px.c === c).reduce((a, x) => a + x.px.n, 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${CLASS_NAME[c]} ${n}`)
    .join(', ');
  const parts: string[] = [
    `${anonN} of ${st.n} successful sign-ins (${pct(anonN, st.n)}) on ${anonDays} of ${st.d} active days (${pct(anonDays, st.d)}) ` +
      `came through anonymising networks (${classes}): ${providers.join(', ')}.`,
    `Share used: ${pct(eff, 1)} (the lower of the two); thresholds: above ${pct(p.lowShare, 1)} low, ${pct(p.mediumShare, 1)} medium, ` +
      `${pct(p.highShare, 1)} high (with ≥ ${p.highMinSignIns} sign-ins on ≥ ${p.highMinDays} days).`,
  ];
  if (torN > 0) parts.push(`${torN} sign-in(s) came from Tor exit nodes, which no corporate network uses.`);
  if (watchedN >= p.minAnonSignIns) parts.push(`${watchedN} sign-ins went through ${watchedName}, the VPN most reported in North Korean IT-worker cases (likelihood ×${p.watchedFactor}).`);
  for (const x of excluded) {
    parts.push(
      `Not counted: ${x.px.n} sign-in(s) via ${x.px.k} (${networkLabel(x.px.ip, pop)}), corporate egress ` +
        (x.sase ? '(a SASE/proxy network).' : `shared by ${x.people} people on its /24 (threshold ${pop.shared.corporateEgressMinPeople}, config shared.corporateEgressMinPeople).`),
    );
  }
  if (st.sa > 0) parts.push(`Not counted: ${st.sa} sign-in(s) via corporate SASE/proxy egress.`);
  if (st.r > 0) parts.push(`Not counted: ${st.r} sign-in(s) via Apple iCloud Private Relay (a consumer privacy feature that keeps the user's region).`);

  const evidence: Evidence[] = kept.slice(0, 3).map((x) => ({
    type: 'event',
    label: `first of ${x.n} sign-in(s) on ${x.d} day(s) through ${x.k}`,
    eventId: x.id,
    time: isoOf(x.t),
    ip: x.ip,
    ...intelFields(x.ip, pop),
  }));
  evidence.push(
    { type: 'measure', label: 'share of successful sign-ins through anonymising networks', value: Number(share.toFixed(3)), threshold: p.lowShare, unit: 'ratio' },
    { type: 'measure', label: 'share of active days with an anonymised sign-in', value: Number(dayShare.toFixed(3)), threshold: p.lowShare, unit: 'ratio' },
  );
  for (const x of excluded) {
    evidence.push({
      type: 'measure',
      label: `people behind ${x.px.k} (${networkLabel(x.px.ip, pop)}), excluded as corporate egress`,
      value: x.sase ? 'sase' : x.people,
      threshold: pop.shared.corporateEgressMinPeople,
      unit: 'people',
    });
  }
  const first = kept.length ? Math.min(...kept.map((x) => x.t)) : st.t0;
  return [
    {
      severity,
      title:
        severity === 'high'
          ? 'Works almost only through anonymising networks'
          : torN > 0 && severity === 'medium' && eff < p.mediumShare
            ? 'Sign-ins from Tor'
            : 'Frequent sign-ins through anonymising networks',
      explanation: parts.join(' '),
      firstSeen: isoOf(Math.min(first, st.t1)),
      lastSeen: isoOf(st.t1),
      evidence,
      likelihoodRatio: lr,
    },
  ];
}

function intelFields(ip: string, pop: Population): Pick<Evidence, 'network' | 'place'> {
  const i = pop.intel(ip);
  if (!i) return {};
  return { network: { class: i.netClass, asn: i.asn, org: i.asOrg, provider: i.provider }, place: i.geo };
}

export const detector = defineDetector({
  definition,
  init: (): State => ({
    n: 0, d: 0, ld: -1, v: 0, h: 0, tor: 0, ad: 0, ald: -1, t0: 0, t1: 0, r: 0, sa: 0, px: [], ov: { n: 0, d: 0, v: 0, h: 0, t: 0 },
  }),
  observe,
  evaluate,
});
