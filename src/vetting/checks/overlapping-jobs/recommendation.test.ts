// The six checks through the real wrapper and assessment: what they add up to for a planted persona and for honest
// candidates (the eval's hard negatives), with the default scoring and vetting config.
import { describe, expect, it } from 'vitest';
import { ScoringConfig, VettingConfig } from '../../../core/config.ts';
import type { AddressFacts } from '../../../core/check.ts';
import { technology } from '../../../intel/tech.ts';
import { assess } from '../../assess.ts';
import { checks } from '../../registry.ts';
import { prepareChecks, runChecks } from '../../run-checks.ts';
import { context, enriched, NOW } from './fixtures/make.ts';

const vetting = VettingConfig.parse({});
const scoring = ScoringConfig.parse({});
const mine = checks.filter((c) => ['overlapping-jobs', 'anachronistic-tech', 'github-account', 'interview-process', 'references', 'sourcing'].includes(c.definition.id));
const prepared = prepareChecks(mine, vetting);
const home = (country: string): AddressFacts => ({ address: { use: 'home', locality: 'x', country }, key: `k-${country}` });
const SHA = 'b'.repeat(64);

function recommend(fields: Record<string, unknown>, country = 'US') {
  const c = enriched(fields, { addresses: [home(country)] });
  const r = runChecks(prepared, c, context({ tech: technology }), vetting);
  expect(r.errors).toEqual([]);
  return assess({ candidateId: 'test:1', identifiers: [], sources: ['test'] }, r.findings, r.checklist, scoring, vetting, NOW);
}

describe('the consistency checks together', () => {
  it('a planted persona (two jobs at once, React before it existed, +0900 commits, camera refused) is stopped', () => {
    const r = recommend({
      work: [
        { employer: 'Acme', start: '2009-01', end: '2012-03', employment: 'full-time', technologies: ['React', 'Kubernetes'] },
        { employer: 'Globex', start: '2021-01', current: true, employment: 'full-time' },
        { employer: 'Initech', start: '2022-02', current: true, employment: 'full-time' },
      ],
      github: { login: 'p', created: '2024-01-01T00:00:00Z', commitOffsets: { '+0900': 60, '-0500': 2 } },
      verification: { cameraOn: false, idShownOnCamera: false, references: [{ name: 'X', email: 'x@mailinator.com', channel: 'email' }] },
    });
    expect(r.recommendation).toBe('stop');
    expect(r.level).toBe('high');
    expect(r.checklist.filter((e) => e.status === 'failed').map((e) => e.item).sort()).toEqual(['camera-and-id', 'consistent-history', 'profiles', 'references']);
  });

  it('one technology before it existed alone asks for verification, not a stop', () => {
    const r = recommend({ work: [{ employer: 'Acme', start: '2008-01', end: '2011-06', employment: 'full-time', technologies: ['React'] }] });
    expect(r.recommendation).toBe('verify');
  });

  it('honest candidates with a clean process proceed (career gap, part-time contract, junior with a young account, international)', () => {
    const process = { cameraOn: true, idShownOnCamera: true, documentCheck: 'passed', recording: { file: 'i.mp4', sha256: SHA }, references: [{ name: 'M', email: 'm@acme.example', phone: '+1 303 555 0101', channel: 'phone' }] };
    const cases: [Record<string, unknown>, string][] = [
      [{ work: [{ employer: 'Acme', start: '2012-01', end: '2016-01', employment: 'full-time', technologies: ['Docker'] }, { employer: 'Globex', start: '2018-06', current: true, employment: 'full-time', technologies: ['Kubernetes'] }], verification: process, sourcing: { channel: 'job-board', name: 'LinkedIn' } }, 'US'],
      [{ work: [{ employer: 'Acme', start: '2019-01', current: true, employment: 'full-time' }, { employer: 'Night School', start: '2020-01', end: '2022-01', employment: 'part-time' }], verification: process }, 'US'],
      [{ work: [{ employer: 'Startup', start: '2025-01', current: true, employment: 'full-time', technologies: ['LangChain', 'Next.js'] }], github: { login: 'j', created: '2026-03-01T00:00:00Z', commitOffsets: { '-0800': 30 } }, profiles: [{ url: 'https://github.com/j' }], verification: process }, 'US'],
      [{ work: [{ employer: 'Mercari', start: '2017-04', current: true, employment: 'full-time', technologies: ['Go', 'GraphQL'] }], github: { login: 'k', created: '2014-05-01T00:00:00Z', commitOffsets: { '+0900': 200 } }, verification: process }, 'JP'],
    ];
    for (const [fields, country] of cases) {
      const r = recommend(fields, country);
      expect(r.recommendation, JSON.stringify(r.findings.map((f) => f.title))).toBe('proceed');
    }
  });
});
