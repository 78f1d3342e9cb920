import { describe, expect, it } from 'vitest';
import type { AddressFacts } from '../../../core/check.ts';
import { context, enriched } from '../overlapping-jobs/fixtures/make.ts';
import { check, countryOffsets, fmtOffset } from './check.ts';
import { COUNTRY_ZONES } from './country-zones.ts';
import { definition } from './definition.ts';

const p = definition.params.parse({});
const ctx = context();
const home = (country: string): AddressFacts => ({ address: { use: 'home', locality: 'x', country }, key: `home ${country}` });
const job = (employer: string, start: string, end?: string, extra: Record<string, unknown> = {}) => ({ employer, start, ...(end ? { end } : { current: true }), employment: 'full-time', ...extra });
const cand = (fields: Record<string, unknown>, country?: string) => enriched(fields, { addresses: country ? [home(country)] : [] });
const profile = (login: string) => [{ url: `https://github.com/${login}`, network: 'github', username: login }];

describe('github-account: home offsets from the IANA zones (DST-aware)', () => {
  it('knows the offsets of a few countries', () => {
    expect(countryOffsets('KP', ctx.now)?.map(fmtOffset)).toEqual(['+0900']);
    expect(countryOffsets('cn', ctx.now)?.map(fmtOffset)).toEqual(['+0600', '+0800']);
    expect(countryOffsets('GB', ctx.now)?.map(fmtOffset)).toEqual(['+0000', '+0100']);
    const us = countryOffsets('US', ctx.now)!.map(fmtOffset);
    expect(us).toContain('-0500');
    expect(us).toContain('-0400'); // New York in July
    expect(us).toContain('-1000');
    expect(countryOffsets('XX', ctx.now)).toBeUndefined();
    expect(Object.keys(COUNTRY_ZONES).length).toBeGreaterThan(240);
  });
});

describe('github-account', () => {
  it('flags commits concentrated at +0900/+0800 for a claimed US home (high), with the counts', () => {
    const c = cand({ github: { login: 'jsmith-dev', created: '2016-03-01T00:00:00Z', commitOffsets: { '+0900': 41, '+0800': 12, '-0500': 3, '+0000': 30 } }, profiles: profile('jsmith-dev') }, 'US');
    const r = check.run(c, ctx, p);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f.severity).toBe('high');
    expect(f.title).toBe("95% of jsmith-dev's commits at +0900, +0800, far from the claimed home US");
    expect(f.evidence[0]).toMatchObject({ label: expect.stringContaining('+0900'), value: 41 });
    expect(f.explanation).toContain('53 of 56 commits');
    expect(r.checklist).toEqual([expect.objectContaining({ item: 'profiles', status: 'failed' })]);
  });

  it('another far offset is medium', () => {
    const c = cand({ github: { login: 'a', commitOffsets: { '+0530': 40 } } }, 'DE');
    expect(check.run(c, ctx, p).findings[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 5 });
  });

  it('flags an account created long after the public work the resume attributes to it', () => {
    const c = cand({
      github: { login: 'octo', created: '2023-04-10T00:00:00Z' },
      profiles: profile('octo'),
      work: [job('Kubernetes SIG Node', '2016-01', '2019-01', { position: 'Open-source contributor' }), job('Acme', '2019-02')],
    });
    const r = check.run(c, ctx, p);
    expect(r.findings[0]).toMatchObject({ severity: 'medium', title: 'GitHub account octo created 87 months after the public work the resume attributes to it' });
    expect(r.checklist[0].status).toBe('failed');
  });

  it('a young account the resume links, beside 12 years of experience: medium, the profiles item fails', () => {
    const c = cand({ github: { login: 'senior', created: '2026-06-01T00:00:00Z' }, profiles: profile('senior'), work: [job('Acme', '2014-01', '2020-01'), job('Globex', '2020-02')] });
    const r = check.run(c, ctx, p);
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'medium', likelihoodRatio: 4, title: 'GitHub account senior is 6 months old beside 13 years of experience' })]);
    expect(r.checklist).toEqual([expect.objectContaining({ item: 'profiles', status: 'failed' })]);
  });

  it('hard negative: a junior with a young account', () => {
    const c = cand({ github: { login: 'junior', created: '2026-02-01T00:00:00Z', commitOffsets: { '-0800': 25, '-0700': 30 } }, profiles: profile('junior'), work: [job('Startup', '2024-06')] }, 'US');
    const r = check.run(c, ctx, p);
    expect(r.findings).toEqual([]);
    expect(r.checklist[0]).toMatchObject({ item: 'profiles', status: 'verified' });
  });

  it('hard negative: a senior with a young account that the resume does not link: a low note, nothing failed', () => {
    const c = cand({ github: { login: 'quiet', created: '2026-06-01T00:00:00Z' }, work: [job('Acme', '2010-01')] });
    const r = check.run(c, ctx, p);
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'low', likelihoodRatio: 1.5 })]);
    expect(r.checklist).toEqual([]);
    // A profile of another login that merely starts with this one is not a link.
    const other = cand({ github: { login: 'quiet', created: '2026-06-01T00:00:00Z' }, profiles: [{ url: 'https://github.com/quietly' }], work: [job('Acme', '2010-01')] });
    expect(check.run(other, ctx, p).findings[0].severity).toBe('low');
    const linked = cand({ github: { login: 'quiet', created: '2026-06-01T00:00:00Z' }, profiles: [{ url: 'https://GitHub.com/Quiet/' }], work: [job('Acme', '2010-01')] });
    expect(check.run(linked, ctx, p).findings[0].severity).toBe('medium');
  });

  it('hard negative: honest international candidates whose commits match their claimed home', () => {
    for (const [country, offsets] of [
      ['JP', { '+0900': 120 }],
      ['KR', { '+0900': 80, '+0000': 10 }],
      ['IN', { '+0530': 60 }],
      ['BR', { '-0300': 70 }],
      ['AU', { '+1000': 30, '+1100': 25 }],
      ['GB', { '+0000': 40, '+0100': 35 }],
    ] as const) {
      const c = cand({ github: { login: 'dev', commitOffsets: offsets } }, country);
      const r = check.run(c, ctx, p);
      expect(r.findings, country).toEqual([]);
      expect(r.checklist[0]?.status, country).toBe('verified');
    }
  });

  it('hard negative: UTC-configured machines are neutral; too few commits are not judged; no home → offsets not judged', () => {
    expect(check.run(cand({ github: { login: 'ci', commitOffsets: { '+0000': 300, '-0500': 25 } } }, 'US'), ctx, p).findings).toEqual([]);
    expect(check.run(cand({ github: { login: 'few', commitOffsets: { '+0900': 9 } } }, 'US'), ctx, p)).toEqual({ findings: [], checklist: [] });
    expect(check.run(cand({ github: { login: 'nohome', commitOffsets: { '+0900': 100 } } }), ctx, p)).toEqual({ findings: [], checklist: [] });
  });

  it('no GitHub data: nothing to judge; malformed offsets are ignored', () => {
    expect(check.run(cand({}), ctx, p)).toEqual({ findings: [], checklist: [] });
    expect(check.run(cand({ github: { login: 'x', commitOffsets: { '+9999': 50, nonsense: 50, '+0900': -3 } } }, 'US'), ctx, p)).toEqual({ findings: [], checklist: [] });
  });
});
