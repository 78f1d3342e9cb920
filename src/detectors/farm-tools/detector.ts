// farm-tools: IP-KVM hardware, keep-awake / mouse-jiggler tools and consumer VPN clients on the person's devices.
// See README.md.
import type { z } from 'zod';
import { defineDetector, type FindingDraft, type PersonContext, type Population } from '../../core/detector.ts';
import type { Severity } from '../../core/model.ts';
import { arrival, departmentPeers, initToolState, isoOf, observeTools, sightingEvidence, type Sighting, type ToolState } from '../common/tool-sightings.ts';
import { definition } from './definition.ts';

type Params = z.infer<typeof definition.params>;
type State = ToolState;

const CATEGORIES = ['ip-kvm', 'keep-awake', 'vpn'];
const TITLE: Record<string, string> = { 'ip-kvm': 'IP-KVM hardware on the person\'s device', 'keep-awake': 'Keep-awake / mouse-jiggler tool', vpn: 'Consumer VPN client' };


function evaluate(st: State, ctx: PersonContext, p: Params, pop: Population): FindingDraft[] {
  const all = Object.values(st.tools);
  if (all.length === 0) return [];
  const lower = (xs: string[]) => new Set(xs.map((x) => x.trim().toLowerCase()));
  const sanctioned = lower(p.sanctioned);
  const watched = lower(p.watchedVpns);
  const dept = ctx.directory?.department;
  const peers = departmentPeers(pop, definition.id, ctx);
  const is = (set: Set<string>, s: Sighting) => set.has(s.tool) || set.has(s.name.toLowerCase());

  const out: FindingDraft[] = [];
  for (const cat of CATEGORIES) {
    const list = all.filter((s) => s.category === cat).sort((a, b) => arrival(a) - arrival(b));
    if (list.length === 0) continue;
    const strong: Sighting[] = [];
    const weak: { s: Sighting; why: string }[] = [];
    for (const s of list) {
      if (is(sanctioned, s)) {
        weak.push({ s, why: `${s.name} is sanctioned by policy (config farm-tools.sanctioned): it weighs nothing.` });
        continue;
      }
      const k = peers.filter((x) => x.tools.includes(s.tool)).length;
      if (cat !== 'ip-kvm' && k >= p.commonMinPeople && peers.length > 0 && k / peers.length >= p.commonShare) {
        weak.push({ s, why: `${k} of the ${peers.length} other members of ${dept} have it too: a team habit, it weighs little.` });
        continue;
      }
      strong.push(s);
    }
    if (strong.length > 0) {
      const watchedHit = cat === 'vpn' ? strong.find((s) => is(watched, s)) : undefined;
      const lowOnly = strong.every((s) => s.hit.confidence === 'low');
      let severity: Severity = cat === 'ip-kvm' ? 'high' : watchedHit ? 'high' : 'medium';
      let lr = cat === 'ip-kvm' ? p.ipKvmLikelihoodRatio : cat === 'keep-awake' ? p.keepAwakeLikelihoodRatio : watchedHit ? p.watchedVpnLikelihoodRatio : p.vpnLikelihoodRatio;
      const parts = [
        `${strong.map((s) => s.name).join(', ')} seen on ${[...new Set(strong.flatMap((s) => s.hosts))].join(', ') || 'the person\'s device'} ` +
          `from ${isoOf(arrival(strong[0])).slice(0, 10)}.`,
      ];
      if (cat === 'ip-kvm') parts.push('An IP-KVM lets someone elsewhere operate the laptop as if at its keyboard: the hardware of laptop farms.');
      if (cat === 'keep-awake') parts.push('Keep-awake tools keep an unattended laptop online; laptop farms use them on the hosted laptops.');
      if (watchedHit) parts.push(`${watchedHit.name} is the VPN most reported in North Korean IT-worker cases.`);
      if (lowOnly) {
        severity = severity === 'high' ? 'medium' : 'low';
        lr = Math.max(1, lr / 3);
        parts.push(`Only weak catalog matches (${strong[0].hit.reason ?? 'ambiguous key'}): one step down.`);
      }
      out.push({
        severity,
        title: TITLE[cat] + (strong.length === 1 ? `: ${strong[0].name}` : ` (${strong.length})`),
        explanation: parts.join(' '),
        firstSeen: isoOf(arrival(strong[0])),
        lastSeen: isoOf(Math.max(...strong.map((s) => s.t1))),
        evidence: strong.slice(0, 4).map((s) => sightingEvidence(s, TITLE[cat])),
        likelihoodRatio: lr,
      });
    }
    for (const w of weak) {
      const sanctionedOne = is(sanctioned, w.s);
      out.push({
        severity: sanctionedOne ? 'info' : 'low',
        title: `${TITLE[cat]} (${sanctionedOne ? 'sanctioned' : 'common in the department'}): ${w.s.name}`,
        explanation: w.why,
        firstSeen: isoOf(arrival(w.s)),
        lastSeen: isoOf(w.s.t1),
        evidence: [sightingEvidence(w.s, TITLE[cat])],
        likelihoodRatio: sanctionedOne ? 1 : p.commonLikelihoodRatio,
      });
    }
  }
  return out;
}

export const detector = defineDetector({
  definition,
  init: (): State => initToolState(),
  // sign-ins only feed the anonymised days (remote-access-tool's), never read here
  observe: (st: State, ev) => (ev.kind === 'signin' ? undefined : observeTools(st, ev, (c) => CATEGORIES.includes(c))),
  evaluate,
});
