// sourcing: who brought the candidate. Pure.
import { defineCheck, type ChecklistDraft, type VetFindingDraft } from '../../../core/check.ts';
import { definition } from './definition.ts';

export const check = defineCheck({
  definition,
  run(c, ctx, p) {
    const s = c.candidate.sourcing;
    if (!s || s.channel === 'unknown') return { findings: [], checklist: [] };
    const findings: VetFindingDraft[] = [];
    const checklist: ChecklistDraft[] = [];
    const vetted = new Set(p.vettedAgencies.map((x) => x.trim().toLowerCase()));

    if (s.channel === 'agency') {
      const name = s.name?.trim() || 'an unnamed agency';
      if (s.name && vetted.has(s.name.trim().toLowerCase())) {
        checklist.push({ item: 'sourcing', status: 'verified', evidence: `staffing agency ${s.name}, vetted by the company (vettedAgencies)` });
      } else {
        findings.push({
          severity: 'low',
          title: `Sourced through a staffing agency: ${name}`,
          explanation:
            `The candidate came through ${name}. Staffing and outsourcing firms are a known route for these workers, and the agency ` +
            `may not have met the person. Verify with ${name}: how it checked the identity (document seen in person or on camera), ` +
            `since when it has known the candidate, where the laptop will go and who is paid. Weighs little on its own.`,
          evidence: [{ type: 'directory', label: 'sourcing channel (as the ATS records it)', value: `agency: ${name}` }],
          likelihoodRatio: p.agencyLikelihoodRatio,
        });
        checklist.push({ item: 'sourcing', status: 'not done', evidence: `staffing agency ${name}: confirm its identity verification and that the company vetted it` });
      }
    } else if (s.channel === 'referral') {
      const ref = s.referrer?.trim();
      const others = ref ? ctx.referrals(ref) : [];
      const n = others.length;
      if (ref && n >= p.referralThreshold) {
        const high = n >= p.referralHighThreshold;
        findings.push({
          severity: high ? 'high' : 'medium',
          title: `Referred by ${ref}, who referred ${n} candidates`,
          explanation:
            `${ref} is named as the referrer of ${n} candidates (this one included; threshold ${p.referralThreshold}). Facilitators place ` +
            `several workers through one insider or contact. Look at the other referrals together (shared phones, addresses, resumes) ` +
            `and ask ${ref} how they know each.`,
          evidence: [
            { type: 'measure', label: `candidates naming referrer ${ref}`, value: n, threshold: p.referralThreshold },
            ...others.slice(0, 10).map((o) => ({ type: 'peer' as const, label: `${o.kind} ${o.displayName ?? o.id} also names ${ref}`, personId: o.id })),
          ],
          likelihoodRatio: high ? p.manyReferralsLikelihoodRatio : p.referralsLikelihoodRatio,
        });
        checklist.push({ item: 'sourcing', status: 'failed', evidence: `referrer ${ref} referred ${n} candidates (threshold ${p.referralThreshold})` });
      } else if (ref) {
        checklist.push({ item: 'sourcing', status: 'verified', evidence: `referred by ${ref} (${Math.max(n, 1)} candidate(s) from this referrer)` });
      } else {
        checklist.push({ item: 'sourcing', status: 'not done', evidence: 'referral without a named referrer: ask who referred the candidate' });
      }
    } else if (s.channel === 'cold') {
      findings.push({
        severity: 'low',
        title: 'Cold approach: the candidate contacted the company unprompted',
        explanation: 'No agency, referrer or job board stands behind the candidate. Most such applicants are honest; verify identity directly. Weighs almost nothing.',
        evidence: [{ type: 'directory', label: 'sourcing channel', value: `cold${s.name ? `: ${s.name}` : ''}` }],
        likelihoodRatio: p.coldLikelihoodRatio,
      });
      checklist.push({ item: 'sourcing', status: 'not done', evidence: 'cold approach: nobody vouches for the candidate; verify identity directly' });
    } else {
      checklist.push({ item: 'sourcing', status: 'verified', evidence: `sourced via ${s.channel}${s.name ? ` (${s.name})` : ''}` });
    }
    return { findings, checklist };
  },
});
