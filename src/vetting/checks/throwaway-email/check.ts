// throwaway-email: see README.md. Pure.
import type { ChecklistDraft, EnrichedCandidate, VetFindingDraft } from '../../../core/check.ts';
import type { Evidence, Severity } from '../../../core/model.ts';
import { defineCheck } from '../../../core/check.ts';
import { definition } from './definition.ts';

type Params = ReturnType<typeof definition.params.parse>;

const severityOf = (lr: number): Severity => (lr >= 20 ? 'high' : lr >= 6 ? 'medium' : lr > 1 ? 'low' : 'info');
const NON_ALNUM = /[^a-z0-9]+/g;
const fold = (s: string | undefined): string => (s ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(NON_ALNUM, '');

/** The index's cross-provider form of a local part: lower case, +tag cut, dots, dashes and underscores dropped. */
const localForm = (local: string): string => local.toLowerCase().split('+')[0].replace(/[._-]/g, '');

/** Family name (else last word of the display name), folded; '' when unknown. */
function familyOf(name: string | undefined, family: string | undefined): string {
  if (family) return fold(family);
  const words = (name ?? '').trim().split(/\s+/);
  return words.length > 1 ? fold(words[words.length - 1]) : '';
}

export const check = defineCheck({
  definition,
  run(c: EnrichedCandidate, ctx, params: Params) {
    const findings: VetFindingDraft[] = [];
    const failed: string[] = [];
    const emails = c.emails;

    for (const e of emails) {
      if (!e.valid) {
        findings.push({
          severity: severityOf(params.invalidLikelihoodRatio),
          title: 'E-mail address is not valid',
          explanation: `${JSON.stringify(e.raw.slice(0, 80))} is not a valid e-mail address (syntax): it cannot receive mail. A typing mistake is possible.`,
          evidence: [{ type: 'directory', label: 'e-mail as given', value: e.raw.slice(0, 80) }],
          likelihoodRatio: params.invalidLikelihoodRatio,
        });
        continue;
      }
      if (e.disposable) {
        findings.push({
          severity: severityOf(params.disposableLikelihoodRatio),
          title: 'E-mail on a disposable (throwaway) domain',
          explanation: `${e.raw} is at ${e.domain}, on the disposable-domain list ${e.disposable}: a mailbox made to be thrown away, not the lasting address of a professional applicant.`,
          evidence: [
            { type: 'directory', label: 'e-mail as given', value: e.raw },
            { type: 'intel', label: `disposable-domain list: ${e.disposable}`, value: e.domain },
          ],
          likelihoodRatio: params.disposableLikelihoodRatio,
        });
        failed.push(`${e.raw} is on a disposable domain (${e.disposable})`);
      } else if (e.freeMail && params.freeMailInfo) {
        findings.push({
          severity: 'info',
          title: 'Free-mail address (not a finding by itself)',
          explanation: `${e.raw} is at the free-mail provider ${e.domain}. Most honest applicants use free-mail; this weighs nothing.`,
          evidence: [{ type: 'intel', label: 'free-mail provider list', value: e.domain }],
          likelihoodRatio: 1,
        });
      }
    }

    // the same distinctive local part at another provider, under another name. The index keys local parts as
    // lower case, +tag cut, dots/dashes/underscores dropped (src/vetting/index/keys.ts localKey) and gives the other
    // party's family name in its canonical folded form (similarity/names.ts familyKey: romanisation variants joined),
    // the same form as the family part of this candidate's nameKeys ("family|given").
    const mine = new Set<string>([
      ...c.nameKeys.map((k) => k.split('|')[0]).filter(Boolean),
      ...[familyOf(c.candidate.displayName, c.candidate.familyName)].filter(Boolean),
    ]);
    const sameMailbox = new Set<string>();
    for (const m of ctx.matches) if (m.field === 'mailbox') sameMailbox.add(`${m.other.id}\u0000${localForm(m.value.split('@')[0] ?? '')}`);
    const byLocal = new Map<string, { other: string; id: string; kind: string; detail?: string }[]>();
    for (const m of ctx.matches) {
      if (m.field !== 'emailLocal') continue;
      const local = localForm(m.value);
      if (local.replace(NON_ALNUM, '').length < params.minLocalLength) continue;
      // the very same mailbox is the contact-reuse check's finding, not a persona at another provider
      if (sameMailbox.has(`${m.other.id}\u0000${local}`)) continue;
      const theirs = m.otherFamilyName ? fold(m.otherFamilyName) : familyOf(m.other.displayName, undefined);
      if (theirs && mine.has(theirs)) continue; // same family name: the same person or a relative, not another persona
      if (!theirs && mine.size === 0 && fold(m.other.displayName) === fold(c.candidate.displayName)) continue;
      const list = byLocal.get(local) ?? [];
      if (!list.some((x) => x.id === m.other.id)) list.push({ other: m.other.displayName ?? m.other.id, id: m.other.id, kind: m.other.kind, detail: m.detail });
      byLocal.set(local, list);
    }
    for (const [local, others] of byLocal) {
      const lr = params.localReuseLikelihoodRatio * (others.length >= 2 ? params.severalFactor : 1);
      const mineAt = c.emails.filter((e) => e.valid && localForm(e.local) === local).map((e) => e.raw);
      const evidence: Evidence[] = [
        { type: 'measure', label: 'local part', value: local, threshold: params.minLocalLength, unit: 'characters (minimum to count)' },
        ...mineAt.map((raw) => ({ type: 'directory' as const, label: 'this candidate\'s e-mail', value: raw })),
        ...others.map((o) => ({ type: 'peer' as const, label: `${o.kind} ${o.other}${o.detail ? ` (${o.detail})` : ''} uses the same local part`, value: o.id, ...(o.kind === 'employee' ? { personId: o.id } : {}) })),
      ];
      findings.push({
        severity: severityOf(lr),
        title: `The same e-mail name "${local}" under ${others.length === 1 ? 'another name' : `${others.length} other names`}`,
        explanation:
          `The local part "${local}"${mineAt.length ? ` (${mineAt.join(', ')})` : ''} is also used at another provider by ` +
          others.map((o) => `${o.kind} ${o.other}`).join(', ') +
          `, under ${others.length === 1 ? 'a different name' : 'different names'} from ${c.candidate.displayName ?? 'this candidate'}. One operator running several personas reuses the same handle.`,
        evidence,
        likelihoodRatio: lr,
      });
      failed.push(`e-mail name "${local}" is also used by ${others.map((o) => o.other).join(', ')}`);
    }

    const checklist: ChecklistDraft[] = [];
    const good = emails.filter((e) => e.valid && !e.disposable);
    if (failed.length) checklist.push({ item: 'email', status: 'failed', evidence: failed.join('; ') });
    else if (emails.length === 0) checklist.push({ item: 'email', status: 'not done', evidence: 'no e-mail address given' });
    else if (good.length === 0) checklist.push({ item: 'email', status: 'not done', evidence: 'no valid e-mail address given' });
    else
      checklist.push({
        item: 'email',
        status: 'verified',
        evidence: good.map((e) => `${e.raw}: ${e.freeMail ? `free-mail provider ${e.domain} (common among honest applicants)` : `domain ${e.domain}`}, not on the disposable list`).join('; '),
      });
    return { findings, checklist };
  },
});
