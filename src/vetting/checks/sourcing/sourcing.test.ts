import { describe, expect, it } from 'vitest';
import type { Party } from '../../../core/check.ts';
import { context, enriched } from '../overlapping-jobs/fixtures/make.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const p = definition.params.parse({});
const parties = (n: number): Party[] => Array.from({ length: n }, (_, i) => ({ kind: 'candidate', id: `gh:${i + 1}`, displayName: `Cand ${i + 1}` }));
const run = (sourcing: unknown, referrals: Record<string, Party[]> = {}, params = p) => check.run(enriched({ sourcing }), context({ referrals }), params);

describe('sourcing', () => {
  it('a staffing agency: a low finding naming the agency and what to verify', () => {
    const r = run({ channel: 'agency', name: 'TalentBridge Global' });
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'low', title: 'Sourced through a staffing agency: TalentBridge Global', likelihoodRatio: 1.5 })]);
    expect(r.findings[0].explanation).toContain('Verify with TalentBridge Global: how it checked the identity');
    expect(r.checklist[0]).toMatchObject({ item: 'sourcing', status: 'not done' });
  });

  it('a vetted agency is verified without a finding', () => {
    const r = run({ channel: 'agency', name: 'Robert Half' }, {}, definition.params.parse({ vettedAgencies: ['robert half'] }));
    expect(r.findings).toEqual([]);
    expect(r.checklist[0].status).toBe('verified');
  });

  it('one referrer behind 4 candidates: medium, listing them; 6 is high', () => {
    const r = run({ channel: 'referral', referrer: 'pat.k@example.com' }, { 'pat.k@example.com': parties(4) });
    expect(r.findings[0]).toMatchObject({ severity: 'medium', title: 'Referred by pat.k@example.com, who referred 4 candidates' });
    expect(r.findings[0].evidence).toHaveLength(5);
    expect(r.findings[0].evidence[1]).toMatchObject({ type: 'peer', personId: 'gh:1' });
    expect(r.checklist[0].status).toBe('failed');
    expect(run({ channel: 'referral', referrer: 'Pat K' }, { 'pat k': parties(6) }).findings[0].severity).toBe('high');
  });

  it('hard negative: an ordinary employee referral', () => {
    const r = run({ channel: 'referral', referrer: 'Dana' }, { dana: parties(1) });
    expect(r.findings).toEqual([]);
    expect(r.checklist[0]).toMatchObject({ status: 'verified', evidence: 'referred by Dana (1 candidate(s) from this referrer)' });
  });

  it('cold approach weighs almost nothing; job board verified; unknown not judged', () => {
    expect(run({ channel: 'cold' }).findings[0]).toMatchObject({ severity: 'low', likelihoodRatio: 1.2 });
    expect(run({ channel: 'job-board', name: 'LinkedIn' })).toEqual({ findings: [], checklist: [{ item: 'sourcing', status: 'verified', evidence: 'sourced via job-board (LinkedIn)' }] });
    expect(run({ channel: 'unknown' })).toEqual({ findings: [], checklist: [] });
    expect(check.run(enriched({}), context(), p)).toEqual({ findings: [], checklist: [] });
  });
});
