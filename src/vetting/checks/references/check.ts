// references: how the references were reached and whose contacts they are. Pure.
import type { ReferenceCheck } from '../../../core/candidate.ts';
import { defineCheck, type ChecklistDraft, type VetFindingDraft } from '../../../core/check.ts';
import type { Evidence } from '../../../core/model.ts';
import { definition } from './definition.ts';

const digits = (s: string): string => s.replace(/\D+/g, '').slice(0, 20);
const samePhone = (a: string, b: string, min: number): boolean => {
  if (a.length < min || b.length < min) return false;
  // The last `min` digits: the same subscriber number written with or without country code / trunk 0.
  return a.slice(-min) === b.slice(-min);
};
const who = (r: ReferenceCheck, i: number): string => `reference ${i + 1}${r.name ? ` (${r.name}${r.company ? `, ${r.company}` : ''})` : r.company ? ` (${r.company})` : ''}`;

export const check = defineCheck({
  definition,
  run(c, ctx, p) {
    const refs = (c.candidate.verification?.references ?? []).slice(0, p.maxReferences);
    if (!refs.length) return { findings: [], checklist: [] };
    const findings: VetFindingDraft[] = [];
    const failed: string[] = [];
    const ownBoxes = new Set(c.emails.map((e) => e.mailbox));
    const ownPhones = c.phones.map((ph) => digits(ph.e164 ?? ph.raw)).filter((d) => d.length >= p.phoneMinDigits);
    const facts = refs.map((r) => ({ r, mail: r.email ? ctx.classifyEmail(r.email) : undefined, phone: r.phone ? digits(r.phone) : '' }));

    // The candidate's own phone or mailbox given as a reference's.
    const own: Evidence[] = [];
    facts.forEach(({ r, mail, phone }, i) => {
      if (mail && ownBoxes.has(mail.mailbox)) own.push({ type: 'measure', label: `${who(r, i)} e-mail is the candidate's own mailbox`, value: mail.mailbox });
      const hit = phone ? ownPhones.find((o) => samePhone(o, phone, p.phoneMinDigits)) : undefined;
      if (hit) own.push({ type: 'measure', label: `${who(r, i)} phone ${r.phone} is the candidate's own number`, value: `+${hit}` });
    });
    if (own.length) {
      findings.push({
        severity: 'high',
        title: 'A reference gives the candidate\'s own phone or e-mail',
        explanation: `${own.map((e) => e.label).join('; ')}. The candidate would be answering for their own reference. Find the referee's employer's switchboard yourself and reach them there.`,
        evidence: own,
        likelihoodRatio: p.ownContactLikelihoodRatio,
      });
      failed.push('a reference uses the candidate\'s own contact');
    }

    // Two references with one phone or one mailbox.
    const shared: Evidence[] = [];
    for (let i = 0; i < facts.length; i++)
      for (let j = i + 1; j < facts.length; j++) {
        const a = facts[i];
        const b = facts[j];
        if (a.mail && b.mail && a.mail.mailbox === b.mail.mailbox) shared.push({ type: 'measure', label: `${who(a.r, i)} and ${who(b.r, j)} share the mailbox`, value: a.mail.mailbox });
        if (a.phone && b.phone && samePhone(a.phone, b.phone, p.phoneMinDigits)) shared.push({ type: 'measure', label: `${who(a.r, i)} and ${who(b.r, j)} share the phone`, value: a.r.phone ?? '' });
      }
    if (shared.length) {
      findings.push({
        severity: 'medium',
        title: 'Two references share one phone or mailbox',
        explanation: `${shared.map((e) => e.label).join('; ')}: one person may be posing as several references.`,
        evidence: shared,
        likelihoodRatio: p.sharedContactLikelihoodRatio,
      });
      failed.push('references share a contact');
    }

    // Disposable / free-mail reference addresses.
    const disposable = facts.map((f, i) => ({ ...f, i })).filter((f) => f.mail?.disposable);
    if (disposable.length) {
      findings.push({
        severity: 'medium',
        title: `Reference e-mail on a disposable domain (${disposable.map((f) => f.mail!.domain).join(', ')})`,
        explanation: `${disposable.map((f) => `${who(f.r, f.i)} uses ${f.r.email} (${f.mail!.disposable})`).join('; ')}. A throwaway mailbox cannot be tied to a person or an employer.`,
        evidence: disposable.map((f) => ({ type: 'intel' as const, label: `${who(f.r, f.i)} e-mail domain on ${f.mail!.disposable}`, value: f.r.email ?? '' })),
        likelihoodRatio: p.disposableLikelihoodRatio,
      });
      failed.push('a reference uses a disposable mailbox');
    }
    const free = facts.map((f, i) => ({ ...f, i })).filter((f) => f.mail?.freeMail && !f.mail.disposable);
    if (free.length)
      findings.push({
        severity: 'low',
        title: `${free.length} reference(s) on free-mail instead of an employer's domain`,
        explanation:
          `${free.map((f) => `${who(f.r, f.i)}: ${f.r.email}`).join('; ')}. Many honest referees use personal addresses, so this weighs little; ` +
          `it means the e-mail itself proves no tie to the employer — reach them through the employer.`,
        evidence: free.map((f) => ({ type: 'intel' as const, label: `${who(f.r, f.i)} e-mail on free-mail ${f.mail!.domain}`, value: f.r.email ?? '' })),
        likelihoodRatio: p.freeMailLikelihoodRatio,
      });

    // Reached by a live voice?
    const live = refs.filter((r) => (r.channel === 'phone' || r.channel === 'video') && r.reached !== false);
    const emailOnly = refs.filter((r) => r.channel === 'email' && r.reached !== false);
    if (!live.length) {
      findings.push({
        severity: 'medium',
        title: emailOnly.length ? 'References reached only by e-mail' : 'No reference reached',
        explanation:
          `${refs.length} reference(s): ${emailOnly.length} answered by e-mail only, ${refs.length - emailOnly.length} not reached; none by phone or video. ` +
          `An e-mail reply proves only that someone controls the mailbox. Call the referees at numbers you find yourself (the employer's switchboard).`,
        evidence: refs.map((r, i) => ({ type: 'measure' as const, label: `${who(r, i)} channel`, value: r.reached === false ? `${r.channel} (not reached)` : r.channel })),
        likelihoodRatio: p.noLiveVoiceLikelihoodRatio,
      });
      failed.push(emailOnly.length ? 'references reached only by e-mail' : 'no reference reached');
    }

    const checklist: ChecklistDraft[] = [];
    if (failed.length) checklist.push({ item: 'references', status: 'failed', evidence: failed.join('; ') });
    else checklist.push({ item: 'references', status: 'verified', evidence: `${live.length} of ${refs.length} reference(s) reached by phone or video; no shared or own contacts` });
    return { findings, checklist };
  },
});
