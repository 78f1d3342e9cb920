// photo-reuse: pure, over ctx.matches of field 'photo' (verified by the index by Hamming distance). See README.md.
import type { ChecklistDraft, EnrichedCandidate, VetContext, VetFindingDraft } from '../../../core/check.ts';
import { defineCheck } from '../../../core/check.ts';
import type { Evidence } from '../../../core/model.ts';
import { hamming, isPhotoHash } from '../../similarity/phash.ts';
import { definition } from './definition.ts';
import { partyKey as pid, partyLabel as who } from '../../common/party.ts';

type Params = ReturnType<typeof definition.params.parse>;

export const check = defineCheck({
  definition,
  run(c: EnrichedCandidate, ctx: VetContext, p: Params) {
    const findings: VetFindingDraft[] = [];
    const checklist: ChecklistDraft[] = [];
    const mine = c.photoHash;
    if (!mine || !isPhotoHash(mine)) return { findings, checklist };
    const sameName = new Set(ctx.matches.filter((m) => m.field === 'name').map((m) => pid(m.other)));
    const hits = ctx.matches
      .filter((m) => m.field === 'photo' && isPhotoHash(m.value))
      .map((m) => ({ m, d: hamming(mine, m.value) }))
      .filter((x) => x.d <= p.maxHamming)
      .sort((a, b) => a.d - b.d);
    const evidenceOf = (xs: typeof hits): Evidence[] =>
      xs.slice(0, p.maxListed).map(({ m, d }) => ({
        type: m.other.kind === 'employee' ? 'directory' : 'peer',
        label: `${who(m.other)}: photo hash ${m.value} vs ${mine}, Hamming distance ${d} of 64 bits`,
        value: d,
        threshold: p.maxHamming,
        unit: 'bits',
        ...(m.other.kind === 'employee' ? { personId: m.other.id } : {}),
      }));
    const dup = hits.filter((x) => sameName.has(pid(x.m.other)));
    const others = hits.filter((x) => !sameName.has(pid(x.m.other)));
    if (dup.length)
      findings.push({
        severity: 'info',
        title: 'The same photo on file under the same name',
        explanation: `The photo matches (Hamming distance ${dup[0].d} of 64) that of ${dup.slice(0, p.maxListed).map((x) => who(x.m.other)).join('; ')}, who has the same name: most likely the same person applying again.`,
        evidence: evidenceOf(dup),
        likelihoodRatio: 1,
      });
    if (others.length) {
      const same = others[0].d <= p.sameHamming;
      const list = others.slice(0, p.maxListed).map((x) => `${who(x.m.other)} (distance ${x.d})`).join('; ') + (others.length > p.maxListed ? `; and ${others.length - p.maxListed} more` : '');
      const explanation =
        `The candidate's photo is ${same ? 'the same picture as' : 'a near-identical (edited, cropped or re-saved) version of'} the photo of ${others.length} other part${others.length === 1 ? 'y' : 'ies'} under another name: ${list}. ` +
        `Perceptual hashes within ${p.maxHamming} of 64 bits (same picture ≤ ${p.sameHamming}); different pictures differ by ~32. One face under several identities is a stolen or shared persona photo.`;
      findings.push({
        severity: 'high',
        title: same ? 'The same photo under another name' : 'A near-identical photo under another name',
        explanation,
        evidence: evidenceOf(others),
        likelihoodRatio: p.likelihoodRatio,
      });
      checklist.push({ item: 'profiles', status: 'failed', evidence: explanation });
    } else {
      checklist.push({ item: 'profiles', status: 'verified', evidence: `photo (hash ${mine}) matches no stored applicant's or employee's under another name within ${p.maxHamming} of 64 bits` });
    }
    return { findings, checklist };
  },
});
