import { describe, expect, it } from 'vitest';
import { technology } from '../../../intel/tech.ts';
import { context, enriched } from '../overlapping-jobs/fixtures/make.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const p = definition.params.parse({});
const ctx = context({ tech: technology });
const job = (employer: string, start: string, end: string | undefined, technologies: string[] = [], summary?: string) => ({
  employer,
  start,
  ...(end ? { end } : { current: true }),
  employment: 'full-time',
  technologies,
  ...(summary ? { summary } : {}),
});
const run = (work: unknown[], resumeText?: string) => check.run(enriched({ work, ...(resumeText ? { resumeText } : {}) }), ctx, p);

describe('anachronistic-tech', () => {
  it('flags React listed for a job that ended 2011-06 (React: 2013-05), high, with the release date and its source', () => {
    const r = run([job('Acme', '2008-02', '2011-06', ['JavaScript', 'React.js']), job('Globex', '2011-07', undefined, ['React'])]);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f).toMatchObject({ severity: 'high', title: 'React listed for a job that ended before it was released', likelihoodRatio: 30 });
    expect(f.evidence[0]).toMatchObject({ type: 'intel', value: '2013-05' });
    expect(f.evidence[0].label).toContain('https://en.wikipedia.org/wiki/React_(software)');
    expect(f.evidence[1]).toMatchObject({ value: '2011-06', threshold: '2012-11' });
    expect(f.explanation).toContain('"Acme" 2008-02 – 2011-06 lists "React.js"');
    expect(r.checklist[0]).toMatchObject({ item: 'consistent-history', status: 'failed' });
  });

  it('a medium finding a few months beyond the slack; Go in a technologies list counts', () => {
    const r = run([job('Initech', '2005-01', '2008-12', ['Go'])]);
    expect(r.findings[0]).toMatchObject({ severity: 'medium' });
    expect(r.findings[0].explanation).toContain('Go was first released in 2009-11');
  });

  it('flags a year named with a technology in the summary', () => {
    const r = run([job('Acme', '2009-01', '2019-01', [], 'Rebuilt the storefront in Next.js in 2012, cutting load time by half.')]);
    expect(r.findings[0].title).toBe('Next.js named with 2012, before it was released (2016-10)');
    // The same technology twice (a year before release, and a job that ended before it) is one technology in the title.
    const both = run([job('Acme', '2009-01', '2016-01', [], 'Rebuilt the storefront in Next.js in 2012.')]);
    expect(both.findings[0].title).toMatch(/^Next\.js /);
    expect(both.findings[0].evidence).toHaveLength(4);
  });

  it('flags more years of experience than the technology has existed', () => {
    const r = run([], 'Senior engineer with 8+ years of hands-on experience with LangChain and 10 years of Kubernetes.');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].title).toBe('8 years of LangChain claimed; it is 4.2 years old');
    expect(r.findings[0].severity).toBe('high');
    expect(r.findings[0].evidence[1]).toMatchObject({ value: 96, threshold: 62, unit: 'months' });
  });

  it('an ambiguous name counts in "N years of experience with <name>" only written exactly as the technology', () => {
    expect(run([], '12 years of experience with React and modern tooling.').findings).toEqual([]); // React is 13.6 years old
    expect(run([], '15 years of experience with React and modern tooling.').findings[0]).toMatchObject({ severity: 'medium', title: '15 years of React claimed; it is 13.6 years old' });
    expect(run([], 'I have 6 years of experience with Bun in production.').findings[0]?.title).toBe('6 years of Bun claimed; it is 4.4 years old');
    expect(run([], 'Two teams, 6 years with bun fights.').findings).toEqual([]); // lower case: not the technology
    expect(run([], '3 years to Go live.').findings).toEqual([]); // "to" is not part of the construction
  });

  it('hard negative: a job that spans the release (adopted during the job) is not flagged and history is verified', () => {
    const r = run([job('Acme', '2012-01', '2016-01', ['React', 'Kubernetes', 'Docker']), job('Globex', '2013-01', '2014-01', ['React'])]);
    expect(r.findings).toEqual([]);
    expect(r.checklist).toEqual([expect.objectContaining({ item: 'consistent-history', status: 'verified' })]);
  });

  it('hard negative: within the pre-release slack, and a year-only end read as late as possible', () => {
    expect(run([job('Acme', '2010-01', '2012-12', ['React'])]).findings).toEqual([]); // 5 months before 2013-05
    expect(run([job('Acme', '2009', '2013', ['Kubernetes'])]).findings).toEqual([]); // 2013 may be 2013-12
  });

  it('an ambiguous name written exactly so mid-sentence in a summary counts ("with React"), not as a sentence\'s first word', () => {
    const r = run([job('Acme', '2008-01', '2011-06', [], 'Built the checkout service with React, cutting response times by 40%.')]);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'React listed for a job that ended before it was released' });
    expect(run([job('Acme', '2008-01', '2011-06', [], 'React quickly to incidents. Rust-proofed the build. Go-live in 2010.')]).findings).toEqual([]);
  });

  it('hard negative: an ambiguous name that the intake picked out of prose loosely ("at the helm of", "react quickly")', () => {
    const text = 'Led the billing team. I was at the helm of the payments migration and had to react quickly to outages.';
    const r = check.run(enriched({ work: [job('Acme', '2008-01', '2012-06', ['helm', 'react'])], resumeText: text }), ctx, p);
    expect(r.findings).toEqual([]);
    // The same list with the text naming the technology as such ("with React") is trusted.
    const t2 = 'Built the storefront with React. Deployed with Helm charts.';
    expect(check.run(enriched({ work: [job('Acme', '2008-01', '2011-06', ['helm', 'react'])], resumeText: t2 }), ctx, p).findings[0].title).toBe(
      '2 technologies used before they existed (Helm, React)',
    );
    // No text at all: the list came from structured keywords and is trusted.
    expect(check.run(enriched({ work: [job('Acme', '2008-01', '2011-06', ['react'])] }), ctx, p).findings).toHaveLength(1);
  });

  it('hard negative: SWIFT (the bank network) and ambiguous words in prose are not technologies', () => {
    const r = run([job('First Bank', '2006-01', '2011-12', ['SWIFT', 'COBOL'], 'Handled SWIFT MT103 messages; we had to go fast and react to incidents; a swift rollout in 2008.')]);
    expect(r.findings).toEqual([]);
  });

  it('hard negative: the nearest year decides ("from Chef (2012) to Kubernetes in 2016")', () => {
    expect(run([job('Acme', '2010-01', '2020-01', [], 'Moved deployment from Chef (2012) to Kubernetes in 2016.')]).findings).toEqual([]);
  });

  it('nothing to judge without dated entries or named technologies', () => {
    expect(run([{ employer: 'Acme', technologies: ['React'], employment: 'full-time' }])).toEqual({ findings: [], checklist: [] });
    expect(run([job('Acme', '2010-01', '2012-01', ['Cobol'])])).toEqual({ findings: [], checklist: [] });
  });

  it('several anachronisms make one finding naming them', () => {
    const r = run([job('Acme', '2005-01', '2010-06', ['Docker', 'Kubernetes', 'Terraform'])]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].title).toBe('3 technologies used before they existed (Docker, Kubernetes, Terraform)');
  });
});
