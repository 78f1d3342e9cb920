// remote-access-tool: remote-management / remote-desktop / tunnel / RAT software on the person's devices, weighed by
// how soon after the device's enrolment it arrived, whether the person is a new hire, how many tools, whether the
// department commonly runs it, and VPN/hosting sign-ins in the same days. See README.md.
import type { z } from 'zod';
import { defineDetector, type FindingDraft, type PersonContext, type Population } from '../../core/detector.ts';
import type { Evidence, Severity } from '../../core/model.ts';
import {
  anonDaysNear, departmentPeers, arrival, dayIso, days, enrolmentFor, initToolState, isoOf, observeTools, sightingEvidence, type Sighting, type ToolState,
} from '../common/tool-sightings.ts';
import { definition } from './definition.ts';

type Params = z.infer<typeof definition.params>;
type State = ToolState;

const STEPS: Severity[] = ['low', 'medium', 'high'];


interface Judged {
  s: Sighting;
  step: number; // index into STEPS, -1: sanctioned/common (weighs little)
  why: string[];
  common?: { k: number; n: number; dept: string };
  sanctioned: boolean;
  daysAfter?: number;
}

function evaluate(st: State, ctx: PersonContext, p: Params, pop: Population): FindingDraft[] {
  const sightings = Object.values(st.tools).filter((s) => p.categories.includes(s.category));
  if (sightings.length === 0) return [];
  const sanctioned = new Set(p.sanctioned.map((x) => x.trim().toLowerCase()));
  const dept = ctx.directory?.department;
  const peers = departmentPeers(pop, definition.id, ctx);

  const judged: Judged[] = sightings.map((s) => {
    const why: string[] = [];
    const at = arrival(s);
    const enr = enrolmentFor(st, s);
    let step: number;
    let daysAfter: number | undefined;
    if (enr) {
      daysAfter = days(at - enr.t);
      const d = Math.max(0, daysAfter);
      step = d <= p.earlyDays ? 2 : d <= p.mediumDays ? 1 : 0;
      why.push(
        `${s.name} arrived ${d.toFixed(1)} days after ${enr.host} was enrolled (${isoOf(enr.t).slice(0, 10)}; ` +
          `≤ ${p.earlyDays} days is right after the laptop arrived, ≤ ${p.mediumDays} medium).`,
      );
    } else {
      step = 1;
      why.push(`${s.name} was first seen ${isoOf(at).slice(0, 10)}; no device enrolment record names when the laptop arrived.`);
    }
    const hired = ctx.hired;
    if (hired !== undefined && at - hired >= 0 && days(at - hired) <= p.newHireDays && step < 2) {
      step++;
      why.push(`The person was hired ${days(at - hired).toFixed(0)} days before (new hire: ≤ ${p.newHireDays} days), one step up.`);
    }
    if (s.hit.confidence === 'low' && step > 0) {
      step--;
      why.push(`Weak catalog match (${s.hit.reason ?? 'ambiguous key'}), one step down.`);
    }
    const isSanctioned = sanctioned.has(s.tool) || sanctioned.has(s.name.toLowerCase());
    let common: Judged['common'];
    if (!isSanctioned && peers.length > 0) {
      const k = peers.filter((x) => x.tools.includes(s.tool)).length;
      if (k >= p.commonMinPeople && k / peers.length >= p.commonShare) common = { k, n: peers.length, dept: dept! };
    }
    if (isSanctioned) {
      why.push(`${s.name} is sanctioned by policy (config remote-access-tool.sanctioned): it weighs nothing.`);
      step = -1;
    } else if (common) {
      why.push(
        `${common.k} of the ${common.n} other members of ${common.dept} run it too (≥ ${Math.round(p.commonShare * 100)}% and ≥ ${p.commonMinPeople}): ` +
          `a team tool, it weighs little.`,
      );
      step = -1;
    }
    return { s, step, why, common, sanctioned: isSanctioned, daysAfter };
  });

  const out: FindingDraft[] = [];
  const risky = judged.filter((j) => j.step >= 0).sort((a, b) => b.step - a.step || arrival(a.s) - arrival(b.s));
  const minor = judged.filter((j) => j.step < 0);

  if (risky.length > 0) {
    const top = risky[0];
    let lr = [p.lowLikelihoodRatio, p.mediumLikelihoodRatio, p.highLikelihoodRatio][top.step];
    const parts = risky.flatMap((j) => j.why);
    if (risky.length >= 2) {
      lr *= p.severalFactor;
      parts.push(`${risky.length} different remote-access tools (${risky.map((j) => j.s.name).join(', ')}): likelihood ×${p.severalFactor}.`);
    }
    const evidence: Evidence[] = risky.slice(0, 4).map((j) => sightingEvidence(j.s, 'remote-access tool'));
    for (const j of risky.slice(0, 4))
      if (j.daysAfter !== undefined)
        evidence.push({ type: 'measure', label: `days from enrolment to ${j.s.name}`, value: Number(j.daysAfter.toFixed(1)), threshold: p.earlyDays, unit: 'days' });
    const t0 = Math.min(...risky.map((j) => arrival(j.s)));
    const t1 = Math.max(...risky.map((j) => j.s.t1));
    out.push({
      severity: STEPS[top.step],
      title: risky.length >= 2 ? `${risky.length} remote-access tools on the person's device` : `Remote-access tool on the person's device: ${top.s.name}`,
      explanation: parts.join(' '),
      firstSeen: isoOf(t0),
      lastSeen: isoOf(t1),
      evidence,
      likelihoodRatio: lr,
    });

    // Combined: the tool together with VPN / hosting / Tor sign-ins in the same days
    const near = risky
      .map((j) => ({ j, d: anonDaysNear(st, arrival(j.s), p.vpnWindowDays) }))
      .filter((x) => x.d.length > 0);
    if (near.length > 0) {
      const first = near[0];
      const early = first.j.step === 2;
      const allDays = [...new Set(near.flatMap((x) => x.d))].sort((a, b) => a - b);
      out.push({
        severity: early ? 'critical' : 'high',
        title: 'Remote-access tool together with VPN/hosting sign-ins in the same days',
        explanation:
          `${near.map((x) => x.j.s.name).join(', ')} arrived within ${p.vpnWindowDays} days of successful sign-ins through VPN, hosting ` +
          `or Tor networks on ${allDays.length} day(s) (${allDays.slice(0, 5).map(dayIso).join(', ')}${allDays.length > 5 ? ', …' : ''}). ` +
          `Microsoft names RMM software together with VPN use shortly after the laptop arrives as a strong sign of a remote operator.` +
          (early ? ` The tool came right after enrolment (≤ ${p.earlyDays} days): critical.` : ''),
        firstSeen: isoOf(Math.min(arrival(first.j.s), allDays[0] * 86_400_000)),
        lastSeen: isoOf(Math.max(first.j.s.t1, allDays[allDays.length - 1] * 86_400_000)),
        evidence: [
          ...near.slice(0, 3).map((x) => sightingEvidence(x.j.s, 'remote-access tool')),
          { type: 'measure', label: 'days with VPN/hosting/Tor sign-ins near the tool\'s arrival', value: allDays.length, threshold: 1, unit: 'days' },
        ],
        likelihoodRatio: p.withVpnLikelihoodRatio,
      });
    }
  }

  for (const j of minor) {
    out.push({
      severity: j.sanctioned ? 'info' : 'low',
      title: j.sanctioned ? `Sanctioned remote-access tool: ${j.s.name}` : `Remote-access tool common in ${j.common!.dept}: ${j.s.name}`,
      explanation: j.why.join(' '),
      firstSeen: isoOf(arrival(j.s)),
      lastSeen: isoOf(j.s.t1),
      evidence: [
        sightingEvidence(j.s, 'remote-access tool'),
        ...(j.common ? [{ type: 'measure' as const, label: `members of ${j.common.dept} running ${j.s.name}`, value: j.common.k, threshold: p.commonMinPeople, unit: 'people' }] : []),
      ],
      likelihoodRatio: j.sanctioned ? 1 : p.commonLikelihoodRatio,
    });
  }
  return out;
}

export const detector = defineDetector({
  definition,
  init: (): State => initToolState(),
  observe: (st: State, ev, _ctx, p: Params) => observeTools(st, ev, (c) => p.categories.includes(c)),
  evaluate,
});
