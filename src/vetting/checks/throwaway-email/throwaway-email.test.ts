import { describe, expect, it } from 'vitest';
import type { ReuseMatch } from '../../../core/check.ts';
import { ctx, email, enriched } from '../../common/fixtures/contact.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const P = definition.params.parse({});
const localMatch = (value: string, id: string, displayName: string, otherFamilyName?: string, kind: 'candidate' | 'employee' = 'candidate'): ReuseMatch =>
  ({ field: 'emailLocal', value, other: { kind, id, displayName }, similarity: 1, ...(otherFamilyName ? { otherFamilyName } : {}) });

describe('throwaway-email: positives', () => {
  it('a disposable domain: high, checklist failed, the list named', () => {
    const r = check.run(enriched({ emails: [email({ raw: 'jane.doe@mailinator.com', disposable: 'disposable-email-domains' })] }), ctx(), P);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'E-mail on a disposable (throwaway) domain', likelihoodRatio: 25 });
    expect(r.findings[0].evidence).toContainEqual({ type: 'intel', label: 'disposable-domain list: disposable-email-domains', value: 'mailinator.com' });
    expect(r.checklist).toEqual([{ item: 'email', status: 'failed', evidence: 'jane.doe@mailinator.com is on a disposable domain (disposable-email-domains)' }]);
  });

  it('the same distinctive local part at another provider under other names: high, both parties in the evidence', () => {
    const c = enriched({ emails: [email({ raw: 'devstar.kim88@gmail.com', mailbox: 'devstarkim88@gmail.com', freeMail: true })] });
    // values as the index gives them (localKey: dots dropped; familyKey: folded)
    const r = check.run(c, ctx([localMatch('devstarkim88', 'greenhouse:411', 'Alex Park', 'park'), localMatch('devstarkim88', 'greenhouse:412', 'Michael Lee')]), P);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f).toMatchObject({ severity: 'high', title: 'The same e-mail name "devstarkim88" under 2 other names', likelihoodRatio: 40 });
    expect(f.explanation).toContain('candidate Alex Park, candidate Michael Lee');
    expect(f.evidence.filter((e) => e.type === 'peer').map((e) => e.value)).toEqual(['greenhouse:411', 'greenhouse:412']);
    expect(f.evidence).toContainEqual({ type: 'directory', label: 'this candidate\'s e-mail', value: 'devstar.kim88@gmail.com' });
    expect(r.checklist[0]).toMatchObject({ status: 'failed', evidence: 'e-mail name "devstarkim88" is also used by Alex Park, Michael Lee' });
  });

  it('an employee with another name using the local part: the personId is in the evidence', () => {
    const r = check.run(enriched({ emails: [email({ raw: 'quantum.coder@proton.me', freeMail: true })] }), ctx([localMatch('quantumcoder', 'scim:u-77', 'Sam Roe', 'roe', 'employee')]), P);
    expect(r.findings[0].evidence).toContainEqual(expect.objectContaining({ type: 'peer', personId: 'scim:u-77' }));
    expect(r.findings[0].likelihoodRatio).toBe(20);
  });

  it('an invalid address: low', () => {
    const r = check.run(enriched({ emails: [email({ raw: 'jane.doe@gmail', valid: false })] }), ctx(), P);
    expect(r.findings[0]).toMatchObject({ severity: 'low', title: 'E-mail address is not valid' });
    expect(r.checklist[0]).toEqual({ item: 'email', status: 'not done', evidence: 'no valid e-mail address given' });
  });
});

describe('throwaway-email: negatives', () => {
  it('gmail alone is not a finding (hard negative); the checklist says free-mail is common', () => {
    const r = check.run(enriched({ emails: [email({ raw: 'jane.doe@gmail.com', mailbox: 'janedoe@gmail.com', freeMail: true })] }), ctx(), P);
    expect(r.findings).toEqual([]);
    expect(r.checklist).toEqual([{ item: 'email', status: 'verified', evidence: 'jane.doe@gmail.com: free-mail provider gmail.com (common among honest applicants), not on the disposable list' }]);
  });

  it('free-mail as an info finding only when asked, weighing nothing', () => {
    const r = check.run(enriched({ emails: [email({ raw: 'jane@outlook.com', freeMail: true })] }), ctx(), definition.params.parse({ freeMailInfo: true }));
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'info', likelihoodRatio: 1 })]);
    expect(r.checklist[0].status).toBe('verified');
  });

  it('a local part shared with someone of the same family name (a relative, a former application) is not reported', () => {
    const r = check.run(enriched({ emails: [email({ raw: 'doe.family.home@gmail.com', freeMail: true })] }), ctx([localMatch('doefamilyhome', 'c-9', 'John Doe', 'doe')]), P);
    expect(r.findings).toEqual([]);
  });

  it('the same family in its canonical romanised form (Yi = Lee in the index) through the nameKeys', () => {
    const c = enriched({ candidate: { displayName: 'Yi Soo-jin', familyName: 'Yi', givenName: 'Soo-jin' }, nameKeys: ['lee|soojin'], emails: [email({ raw: 'soojin.family@naver.com', freeMail: true })] });
    expect(check.run(c, ctx([localMatch('soojinfamily', 'c-10', 'Lee Min-ho', 'lee')]), P).findings).toEqual([]);
  });

  it('the same mailbox (also an emailLocal match) is left to contact-reuse', () => {
    const mailbox: ReuseMatch = { field: 'mailbox', value: 'devstarkim88@gmail.com', other: { kind: 'candidate', id: 'c-2', displayName: 'Ann Other' }, similarity: 1 };
    const r = check.run(enriched({ emails: [email({ raw: 'devstar.kim88@gmail.com', freeMail: true })] }), ctx([mailbox, localMatch('devstarkim88', 'c-2', 'Ann Other', 'other')]), P);
    expect(r.findings).toEqual([]);
  });

  it('a short local part is not distinctive', () => {
    const r = check.run(enriched({ emails: [email({ raw: 'jd@gmail.com', freeMail: true })] }), ctx([localMatch('jd', 'c-9', 'John Smith', 'Smith')]), P);
    expect(r.findings).toEqual([]);
    expect(r.checklist[0].status).toBe('verified');
  });

  it('other reuse fields are not this check\'s business (contact-reuse reports them)', () => {
    const m: ReuseMatch = { field: 'mailbox', value: 'jane@gmail.com', other: { kind: 'candidate', id: 'c-2', displayName: 'Ann Other' }, similarity: 1 };
    expect(check.run(enriched({ emails: [email({ raw: 'jane@gmail.com', freeMail: true })] }), ctx([m]), P).findings).toEqual([]);
  });

  it('no e-mail: checklist not done', () => {
    expect(check.run(enriched(), ctx(), P)).toEqual({ findings: [], checklist: [{ item: 'email', status: 'not done', evidence: 'no e-mail address given' }] });
  });
});
