import { describe, expect, it } from 'vitest';
import type { EmailFacts, PhoneFacts } from '../../../core/check.ts';
import { classifyEmail, context, enriched } from '../overlapping-jobs/fixtures/make.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const p = definition.params.parse({});
const phone = (e164: string): PhoneFacts => ({ raw: e164, e164, valid: true, possible: true, country: 'US' });
const mail = (a: string): EmailFacts => classifyEmail(a);
const run = (references: unknown[], own: { emails?: string[]; phones?: string[] } = {}) =>
  check.run(
    enriched({ verification: { references } }, { emails: (own.emails ?? []).map(mail), phones: (own.phones ?? []).map(phone) }),
    context(),
    p,
  );

describe('references', () => {
  it('the candidate\'s own phone and mailbox given as a reference: high', () => {
    const r = run(
      [
        { name: 'Mark Jones', company: 'Acme', email: 'j.doe.dev+ref@gmail.com', channel: 'email' },
        { name: 'Ann Lee', company: 'Globex', phone: '(415) 555-0134', channel: 'phone' },
      ],
      { emails: ['jdoedev@gmail.com'], phones: ['+14155550134'] },
    );
    const f = r.findings.find((x) => x.severity === 'high')!;
    expect(f.title).toBe("A reference gives the candidate's own phone or e-mail");
    expect(f.evidence.map((e) => e.label)).toEqual([
      "reference 1 (Mark Jones, Acme) e-mail is the candidate's own mailbox",
      "reference 2 (Ann Lee, Globex) phone (415) 555-0134 is the candidate's own number",
    ]);
    expect(r.checklist[0]).toMatchObject({ item: 'references', status: 'failed' });
  });

  it('references reached only by e-mail, one on a disposable domain', () => {
    const r = run([
      { name: 'A', email: 'a.boss@mailinator.com', channel: 'email' },
      { name: 'B', email: 'b@acme-corp.com', channel: 'email' },
      { name: 'C', phone: '+1 212 555 0100', channel: 'phone', reached: false },
    ]);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([
      ['medium', 'Reference e-mail on a disposable domain (mailinator.com)'],
      ['medium', 'References reached only by e-mail'],
    ]);
    expect(r.findings[1].evidence.at(-1)).toMatchObject({ value: 'phone (not reached)' });
  });

  it('two references sharing one phone', () => {
    const r = run([
      { name: 'A', phone: '+44 20 7946 0018', channel: 'phone' },
      { name: 'B', phone: '020 7946 0018', channel: 'video' },
    ]);
    expect(r.findings).toEqual([expect.objectContaining({ title: 'Two references share one phone or mailbox' })]);
  });

  it('free-mail references weigh little and do not fail the checklist when reached by phone', () => {
    const r = run([
      { name: 'A', email: 'former.manager@gmail.com', phone: '+1 303 555 0199', channel: 'phone' },
      { name: 'B', email: 'b@globex.com', channel: 'video' },
    ]);
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'low', likelihoodRatio: 1.5 })]);
    expect(r.checklist[0]).toMatchObject({ status: 'verified', evidence: '2 of 2 reference(s) reached by phone or video; no shared or own contacts' });
  });

  it('no references recorded: not judged', () => {
    expect(run([])).toEqual({ findings: [], checklist: [] });
    expect(check.run(enriched({}), context(), p)).toEqual({ findings: [], checklist: [] });
  });

  it('no reference reached at all', () => {
    const r = run([{ name: 'A', channel: 'none' }]);
    expect(r.findings[0].title).toBe('No reference reached');
  });
});
