// cloned-resume: pure, over ctx.matches of field 'resume' (verified by the index with the Jaccard estimate). See README.md.
import type { ChecklistDraft, EnrichedCandidate, VetContext, VetFindingDraft } from '../../../core/check.ts';
import { defineCheck } from '../../../core/check.ts';
import type { Evidence } from '../../../core/model.ts';
import { SHINGLE, shingleHashes } from '../../similarity/minhash.ts';
import { definition } from './definition.ts';
import { partyKey as pid, partyLabel as who } from '../../common/party.ts';

type Params = ReturnType<typeof definition.params.parse>;

export const check = defineCheck({
  definition,
  run(c: EnrichedCandidate, ctx: VetContext, p: Params) {
    const findings: VetFindingDraft[] = [];
    const checklist: ChecklistDraft[] = [];
    if (!c.resumeSignature) return { findings, checklist };
    const sameName = new Set(ctx.matches.filter((m) => m.field === 'name').map((m) => pid(m.other)));
    const clones = ctx.matches.filter((m) => m.field === 'resume' && m.similarity >= p.minJaccard).sort((a, b) => b.similarity - a.similarity);
    const mine = c.candidate.resumeText ? shingleHashes(c.candidate.resumeText).length : undefined;
    const dup = clones.filter((m) => sameName.has(pid(m.other)));
    const others = clones.filter((m) => !sameName.has(pid(m.other)));
    const evidenceOf = (ms: typeof clones): Evidence[] =>
      ms.slice(0, p.maxListed).map((m) => ({
        type: 'peer',
        label: `${who(m.other)}: ${m.detail ?? `Jaccard estimate ${m.similarity.toFixed(2)}`}`,
        value: Number(m.similarity.toFixed(3)),
        threshold: p.minJaccard,
      }));
    if (dup.length)
      findings.push({
        severity: 'info',
        title: 'The same resume on file under the same name',
        explanation: `The resume is nearly identical (Jaccard estimate ${dup[0].similarity.toFixed(2)}) to that of ${dup.map((m) => who(m.other)).slice(0, p.maxListed).join('; ')}, who has the same name: most likely the same person applying again.`,
        evidence: evidenceOf(dup),
        likelihoodRatio: 1,
      });
    if (others.length) {
      const top = others[0];
      const high = top.similarity >= p.highJaccard;
      const list = others.slice(0, p.maxListed).map((m) => `${who(m.other)} (${m.similarity.toFixed(2)})`).join('; ') + (others.length > p.maxListed ? `; and ${others.length - p.maxListed} more` : '');
      const explanation =
        `This resume's text is a near-duplicate of the resume of ${others.length} other applicant${others.length === 1 ? '' : 's'} under another name: ${list}. ` +
        `Jaccard estimate of their ${SHINGLE}-word passages ≥ ${p.minJaccard} (${high ? `≥ ${p.highJaccard}: high` : `below ${p.highJaccard}: medium`})` +
        (mine !== undefined ? `; this resume has ${mine} distinct ${SHINGLE}-word passages` : '') +
        '. Honest resumes full of stock phrases stay below 0.41 on the measured set; one text under several names is how persona farms apply.';
      const f: VetFindingDraft = {
        severity: high ? 'high' : 'medium',
        title: 'Resume nearly identical to another applicant\'s under another name',
        explanation,
        evidence: evidenceOf(others),
        likelihoodRatio: high ? p.highLikelihoodRatio : p.mediumLikelihoodRatio,
      };
      findings.push(f);
      checklist.push({ item: 'profiles', status: 'failed', evidence: explanation });
      checklist.push({ item: 'consistent-history', status: 'failed', evidence: `resume text copied under another name: ${list}` });
    } else {
      checklist.push({ item: 'profiles', status: 'verified', evidence: `resume text is not a near-duplicate (Jaccard estimate ≥ ${p.minJaccard}) of any stored applicant's under another name` });
    }
    return { findings, checklist };
  },
});
