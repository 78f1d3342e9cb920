import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { definition } from './definition.ts';
import { context, enriched } from './fixtures/make.ts';

const p = definition.params.parse({});
const run = (work: unknown[]) => check.run(enriched({ work }), context(), p);
const job = (employer: string, start: string, end?: string, employment = 'full-time', position = 'Software Engineer') => ({
  employer,
  position,
  start,
  ...(end ? { end } : { current: true }),
  employment,
});

describe('overlapping-jobs', () => {
  it('flags two full-time jobs at once for 18 months, with both employers, dates and the overlap', () => {
    const r = run([job('Acme Corp', '2019-01', '2021-06'), job('Globex', '2020-01', '2022-03')]);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f.severity).toBe('high');
    expect(f.title).toBe('Two full-time jobs at the same time for 18 months');
    expect(f.evidence[0]).toMatchObject({ value: 18, threshold: 3, unit: 'months' });
    expect(f.evidence[0].label).toContain('"Acme Corp" (Software Engineer) 2019-01 – 2021-06');
    expect(f.evidence[0].label).toContain('"Globex"');
    expect(f.evidence[0].label).toContain('2020-01 – 2021-06');
    expect(r.checklist).toEqual([expect.objectContaining({ item: 'consistent-history', status: 'failed' })]);
  });

  it('counts undeclared entries as full-time and finds three jobs at once', () => {
    const r = run([
      job('Initech', '2023-01', undefined, 'unknown'),
      job('Umbrella', '2023-03', undefined, 'unknown'),
      job('Hooli', '2023-06', '2024-12', 'unknown'),
    ]);
    expect(r.findings[0].title).toBe('3 full-time jobs at the same time');
    expect(r.findings[0].severity).toBe('high');
    expect(r.findings[0].evidence.at(-1)).toMatchObject({ value: 3, label: expect.stringContaining('from 2023-06') });
  });

  it('a medium finding for a 6-month overlap', () => {
    const r = run([job('Acme', '2018-01', '2020-06'), job('Globex', '2020-01', '2023-01')]);
    expect(r.findings[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 6 });
    expect(r.findings[0].evidence[0].value).toBe(6);
  });

  it('hard negative: a career gap is not an overlap and the history is verified', () => {
    const r = run([job('Acme', '2015-03', '2018-01'), job('Globex', '2019-09', '2022-02'), job('Hooli', '2023-05')]);
    expect(r.findings).toEqual([]);
    expect(r.checklist).toEqual([expect.objectContaining({ item: 'consistent-history', status: 'verified' })]);
  });

  it('hard negative: a declared part-time contract beside a job does not count', () => {
    const r = run([job('Acme', '2019-01', '2023-01'), job('City College', '2020-09', '2022-06', 'part-time', 'Evening lecturer'), job('Side Co', '2021-01', '2021-12', 'contract')]);
    expect(r.findings).toEqual([]);
    expect(r.checklist[0].evidence).toContain('2 side role(s) not counted');
  });

  it('hard negative: an undeclared entry titled as a side role (founder, freelance) does not count', () => {
    const r = run([job('Acme', '2019-01', '2023-01'), job('My Studio', '2020-01', '2023-01', 'unknown', 'Co-Founder'), job('Self-employed', '2019-05', '2020-05', 'unknown', 'Developer')]);
    expect(r.findings).toEqual([]);
  });

  it('hard negative: a short hand-over at a job change (2 months) is allowed', () => {
    expect(run([job('Acme', '2019-01', '2021-03'), job('Globex', '2021-02')]).findings).toEqual([]);
  });

  it('hard negative: a promotion shown as two entries at the same employer', () => {
    expect(run([job('Acme, Inc.', '2017-01', '2020-06', 'full-time', 'Engineer'), job('ACME Inc', '2019-01', '2022-01', 'full-time', 'Senior Engineer')]).findings).toEqual([]);
  });

  it('hard negative: year-only dates are read in the candidate\'s favour', () => {
    // 2019–2020 then 2020–2022: the overlap could be a single month of 2020.
    expect(run([job('Acme', '2019', '2020'), job('Globex', '2020', '2022')]).findings).toEqual([]);
  });

  it('nothing to judge with fewer than two dated entries', () => {
    const r = run([job('Acme', '2019-01'), { employer: 'Globex', employment: 'full-time' }]);
    expect(r).toEqual({ findings: [], checklist: [] });
  });

  it('ignores entries that end before they start, and a changed threshold applies', () => {
    expect(run([job('Acme', '2021-01', '2019-01'), job('Globex', '2019-06', '2022-01')]).findings).toEqual([]);
    const strict = definition.params.parse({ maxOverlapMonths: 1 });
    expect(check.run(enriched({ work: [job('Acme', '2019-01', '2021-03'), job('Globex', '2021-02')] }), context(), strict).findings).toHaveLength(1);
  });
});
