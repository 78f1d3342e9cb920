// Impossible travel: consecutive located sign-ins farther apart (beyond both fixes' uncertainty) than an airliner
// could cover in the time between them. Non-location sign-ins (VPN, Tor, relay, SASE, hosting, mobile) are skipped,
// never compared across. No learning period. State: the last fix, hop counters per egress group, ≤3 sample hops.
import { defineDetector, type FindingDraft } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence } from '../../core/model.ts';
import { haversineKm } from '../common/geo.ts';
import { countIn, groupFor, groupKey, validTotals, type EgressGroup } from '../common/egress-groups.ts';
import {
  businessIps,
  countedFix,
  firmPair,
  type Fix,
  fixDescription,
  fixEvidence,
  fixKm,
  fmtHours,
  fmtKm,
  isoMinute,
  separationKm,
  withoutDevice,
} from '../common/location-fix.ts';
import { definition } from './definition.ts';

type Params = ReturnType<typeof definition.params.parse>;

/** One sample hop kept for evidence. */
export interface Hop {
  f: Fix;
  to: Fix;
  /** egress group key (business IPs involved) */
  k: string;
  /** first hop of its group (kept when samples are replaced) */
  first: boolean;
}

export interface State {
  /** sign-ins in scope (successful, interactive) */
  n: number;
  /** of which located */
  loc: number;
  /** of which skipped: not a location (VPN, relay, SASE, hosting, mobile, no coordinates) */
  skip: number;
  last?: Fix;
  /** the latest hop: id of its end fix, its origin, and whether it was itself a return */
  hp?: { to: string; la: number; lo: number; a: number; ret: boolean };
  g: EgressGroup[];
  /** hops not counted because the group list was full */
  drop: number;
  s: Hop[];
}

const MAX_GROUPS = 4;
const MAX_SAMPLES = 3;
const DAY = 86_400_000;

/** The sample slot a new hop goes to, or -1: keep every group's first hop and the earliest episodes; the last slot
 * shows the latest episode. */
function sampleSlot(s: State, first: boolean): number {
  if (s.s.length < MAX_SAMPLES) return s.s.length;
  for (let i = s.s.length - 1; i >= 0; i--) {
    if (!s.s[i].first) return first || i === s.s.length - 1 ? i : -1;
  }
  return -1;
}

function observe(s: State, ev: EnrichedEvent, p: Params): void {
  const f = countedFix(s, ev, p);
  if (!f) return;
  const prev = s.last;
  s.last = f;
  if (!prev) return;
  const sep = separationKm(prev, f);
  if (sep < p.minSeparationKm) return;
  const dt = Math.abs(f.t - prev.t);
  if (dt > 0 && sep / (dt / 3_600_000) <= p.maxSpeedKmh) return;
  // An impossible hop. It continues the previous episode when it returns from that hop's end to near its origin
  // (A→B→A: one outlying fix or one blip), otherwise it starts a new episode.
  const hp = s.hp;
  const ret =
    hp !== undefined && hp.to === prev.id && !hp.ret &&
    haversineKm(hp.la, hp.lo, f.la, f.lo) - hp.a - f.a < p.minSeparationKm;
  if (hp) {
    hp.to = f.id;
    hp.la = prev.la;
    hp.lo = prev.lo;
    hp.a = prev.a;
    hp.ret = ret;
  } else s.hp = { to: f.id, la: prev.la, lo: prev.lo, a: prev.a, ret };
  const ips = businessIps(prev, f);
  const t0 = Math.min(prev.t, f.t);
  const g = groupFor(s.g, ips, t0, MAX_GROUPS);
  if (!g) {
    s.drop++;
    return;
  }
  const first = g.n === 0;
  countIn(g, t0, Math.max(prev.t, f.t), !ret, Math.floor(t0 / DAY), 1, firmPair(prev, f));
  if (first || !ret) {
    const slot = sampleSlot(s, first);
    if (slot >= 0) s.s[slot] = { f: withoutDevice(prev), to: withoutDevice(f), k: groupKey(ips), first };
  }
}

export const detector = defineDetector({
  definition,
  init: (): State => ({ n: 0, loc: 0, skip: 0, g: [], drop: 0, s: [] }),
  observe: (s, ev, _ctx, p) => observe(s, ev, p),
  evaluate(s, _ctx, p, pop): FindingDraft[] {
    if (s.g.length === 0) return [];
    const tot = validTotals(s.g, pop);
    if (tot.e === 0) return [];
    const samples = s.s.filter((h) => tot.valid.has(h.k));
    // High needs firm episodes: between countries, or between places two opinions agree on (location-fix.ts firmPair).
    const severity = tot.fe >= p.highEpisodes ? 'high' : tot.fe > 0 ? 'medium' : 'low';
    const evidence: Evidence[] = [];
    const lines: string[] = [];
    samples.forEach((h, i) => {
      const km = fixKm(h.f, h.to);
      const sep = separationKm(h.f, h.to, km);
      const dt = Math.abs(h.to.t - h.f.t);
      const speed = dt === 0 ? undefined : Math.round(sep / (dt / 3_600_000));
      const n = i + 1;
      evidence.push(fixEvidence(h.f, `Hop ${n}: from`, pop), fixEvidence(h.to, `Hop ${n}: to`, pop));
      evidence.push(
        { type: 'measure', label: `Hop ${n}: distance between the fixes`, value: Math.round(km), unit: 'km' },
        {
          type: 'measure',
          label: `Hop ${n}: distance beyond both fixes' uncertainty (${h.f.a} + ${h.to.a} km)`,
          value: Math.round(sep),
          threshold: p.minSeparationKm,
          unit: 'km',
        },
        { type: 'measure', label: `Hop ${n}: time between the sign-ins`, value: Math.round((dt / 3_600_000) * 100) / 100, unit: 'h' },
        {
          type: 'measure',
          label: `Hop ${n}: speed needed`,
          value: speed ?? 'same second',
          threshold: p.maxSpeedKmh,
          unit: 'km/h',
        },
      );
      lines.push(
        `${isoMinute(h.f.t)} from ${fixDescription(h.f, pop)}, then ${fmtHours(dt)} later from ${fixDescription(h.to, pop)}: ` +
          `${fmtKm(km)} apart, ${fmtKm(sep)} beyond the fixes' uncertainty (${h.f.a} + ${h.to.a} km), ` +
          (speed === undefined ? 'at the same second' : `${speed.toLocaleString('en-US')} km/h`) +
          ` against a limit of ${p.maxSpeedKmh} km/h`,
      );
    });
    evidence.push(
      { type: 'measure', label: 'Impossible hops', value: tot.n, unit: 'hops' },
      { type: 'measure', label: 'Separate episodes (hops not sharing a sign-in)', value: tot.e, unit: 'episodes' },
      { type: 'measure', label: 'Firm episodes (between countries, or between places two location sources agree on)', value: tot.fe, threshold: p.highEpisodes, unit: 'episodes' },
      { type: 'measure', label: 'Located sign-ins compared', value: s.loc, unit: 'sign-ins' },
      { type: 'measure', label: 'Sign-ins skipped as not a location (VPN, relay, SASE, hosting, mobile)', value: s.skip, unit: 'sign-ins' },
    );
    const notes: string[] = [];
    if (tot.egressGroups > 0) notes.push(`${tot.egressGroups} hop group(s) through corporate egress shared by colleagues were left out`);
    if (s.drop > 0) notes.push(`${s.drop} hop(s) through further business networks were not kept and not counted`);
    if (tot.fe < Math.min(tot.e, p.highEpisodes)) {
      notes.push(
        `${tot.e - tot.fe} episode(s) stay within one country on a single location source's city-level opinion (no second source agrees), ` +
          `which databases often get wrong for home lines, so this stays ${severity}; high needs ${p.highEpisodes} firm episodes (${tot.fe} here)`,
      );
    }
    const episodes =
      severity === 'high'
        ? `${tot.e} separate episodes (threshold for high: ${p.highEpisodes})`
        : `1 isolated episode (high from ${p.highEpisodes})`;
    const explanation =
      `${tot.n} impossible hop(s) in ${episodes} among ${s.loc} located sign-ins ` +
      `(${s.skip} VPN/relay/SASE/hosting/mobile sign-ins skipped, never compared across). ` +
      `A hop counts when the places are more than ${p.minSeparationKm} km apart beyond both fixes' uncertainty ` +
      `and covering that needs more than ${p.maxSpeedKmh} km/h. ` +
      lines.join('. ') +
      '.' +
      (notes.length ? ` Note: ${notes.join('; ')}.` : '');
    return [
      {
        severity,
        title:
          severity === 'high'
            ? `Repeated impossible travel (${tot.e} episodes)`
            : severity === 'medium'
              ? 'Impossible travel between two sign-ins'
              : 'Jumps between places in one country on one location source only (possibly a misplaced line)',
        explanation,
        firstSeen: new Date(tot.t0).toISOString(),
        lastSeen: new Date(tot.t1).toISOString(),
        evidence,
        likelihoodRatio: severity === 'high' ? p.likelihoodRatioRepeated : severity === 'medium' ? p.likelihoodRatioSingle : p.likelihoodRatioUnconfirmed,
      },
    ];
  },
});
