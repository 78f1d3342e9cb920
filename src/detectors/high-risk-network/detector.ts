// high-risk-network: sign-ins from North Korean, Chinese, Russian or indicator networks (IpIntel.risks), with the
// "leak between VPN sign-ins" pattern. See README.md for the algorithm, knobs and likelihood ratios.
import type { z } from 'zod';
import { defineDetector, type FindingDraft, type PersonContext, type Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence, IpRisk } from '../../core/model.ts';
import { isCorporateEgress, egressPeople, isLocationFix, placeLabel } from '../common/geo.ts';
import { addSample, dayIndex, isFailedSignIn, DAY_MS, isoOf, networkLabel, pct, sampleEvidence, type EventSample } from '../common/event-sample.ts';
import { definition } from './definition.ts';

type Params = z.infer<typeof definition.params>;
export type Tag = IpRisk['tag'];
const TAGS: readonly Tag[] = ['kp', 'cn', 'ru', 'indicator'];
const MAX_SAMPLES = 2;

/** Per risk tag: counters, leak bookkeeping and two evidence samples. Short keys keep the state small. */
export interface TagStats {
  /** successful sign-ins / failed ones */
  n: number;
  f: number;
  /** distinct days with successful sign-ins; last such day */
  d: number;
  ld: number;
  /** first / last successful sign-in (epoch ms; 0 = none) */
  t0: number;
  t1: number;
  /** leaks: sign-ins within the window of an anonymising sign-in; distinct leak days; last leak day */
  lk: number;
  lkd: number;
  lld: number;
  /** pending: risk sign-ins since the last anonymising one, not yet leaks (a later anonymising one confirms them) */
  pn: number;
  pt: number;
  pd: number;
  pfd: number;
  pld: number;
  /** the anonymising IP next to the latest leak (checked for corporate egress at evaluate) */
  vi?: string;
  /** sign-ins over an anonymising network that itself carries the tag (e.g. a VPN exit in Russia) */
  va: number;
  s: EventSample[];
}

export interface State {
  /** successful sign-ins */
  n: number;
  /** successful sign-ins that are a location fix outside CN/RU/KP (home presence, for trip detection) */
  fix: number;
  /** time and IP of the last successful anonymising (VPN/hosting/Tor) sign-in; 0 = none */
  la: number;
  lai?: string;
  tags: Partial<Record<Tag, TagStats>>;
}

const ANONYMISING = new Set(['vpn', 'hosting', 'tor']);
const TAG_COUNTRY: Partial<Record<Tag, string>> = { kp: 'KP', cn: 'CN', ru: 'RU' };
const TAG_NAME: Record<Tag, string> = {
  kp: 'North Korean',
  cn: 'Chinese',
  ru: 'Russian',
  indicator: 'imported-indicator',
};

const newTag = (): TagStats => ({
  n: 0, f: 0, d: 0, ld: -1, t0: 0, t1: 0, lk: 0, lkd: 0, lld: -1, pn: 0, pt: 0, pd: 0, pfd: -1, pld: -1, va: 0, s: [],
});

function confirmPending(ts: TagStats): void {
  ts.lk += ts.pn;
  ts.lkd += ts.pd - (ts.pfd === ts.lld ? 1 : 0);
  ts.lld = ts.pld;
  ts.pn = 0;
  ts.pd = 0;
}

function observe(st: State, ev: EnrichedEvent, _ctx: PersonContext, p: Params): void {
  const ok = ev.kind === 'signin' && ev.outcome === 'success';
  if (!ok && !isFailedSignIn(ev)) return; // other audit events are not sign-ins
  const intel = ev.intel;
  if (ok) st.n++;
  const risks = intel?.risks;
  const anonymising = intel !== undefined && ANONYMISING.has(intel.netClass);
  const windowMs = p.leakWindowHours * 3_600_000;
  if (!risks || risks.length === 0) {
    if (!ok) return;
    if (anonymising) {
      // An anonymising sign-in confirms the risk sign-ins pending since the previous one as leaks.
      for (const tag of TAGS) {
        const ts = st.tags[tag];
        if (!ts || ts.pn === 0) continue;
        if (ev.time - ts.pt <= windowMs) {
          confirmPending(ts);
          ts.vi = ev.ip;
        } else {
          ts.pn = 0;
          ts.pd = 0;
        }
      }
      st.la = ev.time;
      st.lai = ev.ip;
    } else if (isLocationFix(ev)) st.fix++;
    return;
  }
  for (let i = 0; i < risks.length; i++) {
    const tag = risks[i].tag;
    if (i > 0 && risks.slice(0, i).some((r) => r.tag === tag)) continue; // one count per tag per event
    const ts = (st.tags[tag] ??= newTag());
    if (!ok) {
      ts.f++;
      if (ts.s.length < MAX_SAMPLES) addSample(ts.s, ev, MAX_SAMPLES);
      continue;
    }
    ts.n++;
    const day = dayIndex(ev.time);
    if (day !== ts.ld) {
      ts.d++;
      ts.ld = day;
    }
    if (ts.t0 === 0) ts.t0 = ev.time;
    ts.t1 = ev.time;
    addSample(ts.s, ev, MAX_SAMPLES);
    if (anonymising) {
      ts.va++; // the VPN/hosting exit itself is in the risky network: presence, but neither leak nor bracket
      continue;
    }
    if (st.la > 0 && ev.time - st.la <= windowMs) {
      ts.lk++;
      if (day !== ts.lld) {
        ts.lkd++;
        ts.lld = day;
      }
      ts.vi = st.lai;
    } else {
      if (ts.pn > 0 && ev.time - ts.pt > windowMs) {
        ts.pn = 0;
        ts.pd = 0;
      }
      if (ts.pn === 0) {
        ts.pfd = day;
        ts.pd = 1;
      } else if (day !== ts.pld) ts.pd++;
      ts.pn++;
      ts.pt = ev.time;
      ts.pld = day;
    }
  }
}

function claimedCountry(ctx: PersonContext): string | undefined {
  const c = ctx.home?.country ?? ctx.directory?.homeAddress?.country;
  return c ? c.toUpperCase() : undefined;
}

function claimedLabel(ctx: PersonContext): string | undefined {
  if (ctx.home) return placeLabel(ctx.home);
  const a = ctx.directory?.homeAddress;
  if (!a) return undefined;
  return [a.locality, a.region, a.country].filter(Boolean).join(', ') || undefined;
}

/** The risk reason for a tag from the intel of the sampled IPs, e.g. "175.45.176.0/22 AS131279 Star JV (North Korea)". */
function reasons(ts: TagStats, tag: Tag, pop: Population): string[] {
  const out = new Set<string>();
  for (const s of ts.s) {
    if (!s.ip) continue;
    const r = pop.intel(s.ip)?.risks.find((x) => x.tag === tag);
    if (r) out.add(r.reason);
  }
  return [...out];
}

function networks(ts: TagStats, pop: Population): string {
  const labels = new Set<string>();
  for (const s of ts.s) if (s.ip) labels.add(networkLabel(s.ip, pop));
  return [...labels].join('; ');
}

/** Name of the geolocation source of a place, for explanations. */
const geoName = (source: string | undefined): string => (source === 'dbip' ? 'DB-IP' : source === 'geolite2' ? 'GeoLite2' : 'our IP geolocation');

function vendorNote(ts: TagStats, pop: Population): string {
  const notes: string[] = [];
  for (const s of ts.s) {
    if (!s.vg || !s.ip) continue;
    const ours = pop.intel(s.ip)?.geo;
    notes.push(
      `the identity provider labelled ${s.ip} as ${placeLabel({ ...s.vg, source: 'vendor' })}, but ${geoName(ours?.source)} places it in ` +
        `${placeLabel(ours)} and the address registration above agrees (vendor geolocation is wrong for this range)`,
    );
  }
  return notes.length ? ' Note: ' + notes.join('; ') + '.' : '';
}

function evaluate(st: State, ctx: PersonContext, p: Params, pop: Population): FindingDraft[] {
  const out: FindingDraft[] = [];
  const home = claimedLabel(ctx);
  const homeText = home ? ` The person claims to live in ${home}.` : '';
  for (const tag of TAGS) {
    const ts = st.tags[tag];
    if (!ts) continue;
    const evidence: Evidence[] = ts.s.map((s) => sampleEvidence(s, `sign-in from a ${TAG_NAME[tag]} network`, pop));
    const why = reasons(ts, tag, pop);
    const whyText = why.length ? ` (${why.join('; ')})` : '';
    const failText = ts.f > 0 ? ` ${ts.f} failed sign-in(s) came from the same kind of network.` : '';
    const first = ts.n > 0 ? ts.t0 : Math.min(...ts.s.map((s) => s.t));
    const last = ts.n > 0 ? ts.t1 : Math.max(...ts.s.map((s) => s.t));
    const measure = (label: string, value: number, threshold: number, unit: string): Evidence => ({ type: 'measure', label, value, threshold, unit });

    if (tag === 'kp') {
      if (ts.n > 0) {
        out.push({
          severity: 'critical',
          title: 'Sign-in from North Korean address space',
          explanation:
            `${ts.n} successful sign-in(s) on ${ts.d} day(s) came from North Korean address space${whyText}; threshold 1. ` +
            `Ordinary employees never sign in from North Korea.${failText}${vendorNote(ts, pop)}${homeText}`,
          firstSeen: isoOf(first),
          lastSeen: isoOf(last),
          evidence: [...evidence, measure('successful sign-ins from North Korean networks', ts.n, 1, 'sign-ins')],
          likelihoodRatio: p.kpLikelihoodRatio,
        });
      } else if (ts.f > 0) {
        out.push({
          severity: 'high',
          title: 'Failed sign-ins from North Korean address space',
          explanation:
            `${ts.f} failed sign-in(s) to this account came from North Korean address space${whyText}: someone there ` +
            `holds or is trying this person's credentials. No sign-in from there succeeded.${vendorNote(ts, pop)}${homeText}`,
          firstSeen: isoOf(first),
          lastSeen: isoOf(last),
          evidence: [...evidence, measure('failed sign-ins from North Korean networks', ts.f, 1, 'sign-ins')],
          likelihoodRatio: p.kpFailureLikelihoodRatio,
        });
      }
      continue;
    }

    if (tag === 'indicator') {
      if (ts.n === 0 && ts.f === 0) continue;
      const success = ts.n > 0;
      out.push({
        severity: success ? 'high' : 'medium',
        title: success ? 'Sign-in from an imported indicator IP' : 'Failed sign-ins from an imported indicator IP',
        explanation:
          `${success ? `${ts.n} successful sign-in(s) on ${ts.d} day(s)` : `${ts.f} failed sign-in(s)`} came from IPs ` +
          `your organisation imported as indicators${whyText}; threshold 1.${success ? failText : ''}${homeText}`,
        firstSeen: isoOf(first),
        lastSeen: isoOf(last),
        evidence: [...evidence, measure(success ? 'successful sign-ins from indicator IPs' : 'failed sign-ins from indicator IPs', success ? ts.n : ts.f, 1, 'sign-ins')],
        likelihoodRatio: success ? p.indicatorLikelihoodRatio : p.indicatorFailureLikelihoodRatio,
      });
      continue;
    }

    // Chinese / Russian networks. Failed sign-ins alone are internet noise (password spraying): not a finding.
    if (ts.n === 0) continue;
    const country = TAG_COUNTRY[tag]!;
    if (p.ignoreClaimedHomeCountry && claimedCountry(ctx) === country) continue;
    const name = TAG_NAME[tag];
    let leaks = ts.lk;
    let corporateNote = '';
    if (leaks > 0 && ts.vi) {
      const viaIntel = pop.intel(ts.vi);
      if (isCorporateEgress(viaIntel, ts.vi, pop)) {
        const people = egressPeople(pop, ts.vi);
        corporateNote =
          ` ${leaks} of them sat next to sign-ins through ${ts.vi} (${networkLabel(ts.vi, pop)}), which is corporate egress ` +
          `(${viaIntel?.netClass === 'sase' ? 'a SASE/proxy network' : viaIntel?.netClass === 'corporate' ? 'your declared trusted egress' : `${people} people on its /24; threshold ${pop.shared.corporateEgressMinPeople}`}), so they are not counted as leaks.`;
        evidence.push({ type: 'measure', label: 'people behind the adjacent egress network (not a leak)', value: people, threshold: pop.shared.corporateEgressMinPeople, unit: 'people' });
        leaks = 0;
      }
    }
    const spanDays = (ts.t1 - ts.t0) / DAY_MS;
    const tripLike = spanDays <= p.tripMaxDays && st.fix >= p.minHomeFixes;
    const share = `${ts.n} of ${st.n} successful sign-ins (${pct(ts.n, st.n)})`;
    const nets = networks(ts, pop);
    const span = `on ${ts.d} day(s) over ${Math.max(1, Math.ceil(spanDays))} day(s) (${isoOf(ts.t0).slice(0, 10)} to ${isoOf(ts.t1).slice(0, 10)})`;
    const viaText = ts.va > 0 ? ` ${ts.va} of them were over an anonymiser whose exit is in the ${name} network.` : '';
    const leakText =
      ts.lk > 0
        ? ` ${ts.lk} of them (on ${ts.lkd} day(s)) came within ${p.leakWindowHours} h of a VPN/hosting/Tor sign-in — the anonymiser dropped and the real network leaked; threshold ${p.minLeaks}.`
        : ` None came within ${p.leakWindowHours} h of a VPN/hosting/Tor sign-in.`;
    const tripText = tripLike
      ? ` They span ${spanDays.toFixed(1)} day(s) (≤ ${p.tripMaxDays}) and the person has ${st.fix} sign-ins from ordinary networks elsewhere (≥ ${p.minHomeFixes}): consistent with a trip.`
      : spanDays <= p.tripMaxDays
        ? ` Only ${st.fix} sign-in(s) from ordinary networks elsewhere (threshold ${p.minHomeFixes} to call it a trip).`
        : ` They span ${spanDays.toFixed(1)} days, longer than a ${p.tripMaxDays}-day trip.`;
    const base = `${share} came from ${name} networks ${span}: ${why.length ? why.join('; ') : nets}.`;
    evidence.push(
      measure(`successful sign-ins from ${name} networks`, ts.n, 1, 'sign-ins'),
      measure('leaks next to VPN/hosting/Tor sign-ins', leaks, p.minLeaks, 'sign-ins'),
      measure('days spanned', Number(spanDays.toFixed(1)), p.tripMaxDays, 'days'),
    );
    let severity: FindingDraft['severity'];
    let lr: number;
    let title: string;
    if (leaks >= p.minLeaks && !tripLike) {
      severity = 'high';
      lr = p.leakLikelihoodRatio;
      title = `${name} network leaking between VPN sign-ins`;
    } else if (tripLike || ts.n === 1) {
      severity = 'low';
      lr = p.tripLikelihoodRatio;
      title = tripLike ? `${name} sign-ins during a short stay` : `Single sign-in from a ${name} network`;
    } else {
      severity = 'medium';
      lr = p.presenceLikelihoodRatio;
      title = `Repeated sign-ins from ${name} networks`;
    }
    out.push({
      severity,
      title,
      explanation: base + leakText + corporateNote + viaText + tripText + failText + homeText,
      firstSeen: isoOf(ts.t0),
      lastSeen: isoOf(ts.t1),
      evidence,
      likelihoodRatio: lr,
    });
  }
  return out;
}

export const detector = defineDetector({
  definition,
  init: (): State => ({ n: 0, fix: 0, la: 0, tags: {} }),
  observe,
  evaluate,
});
