// The value readers the candidate formats share: dates, profiles, employment types, technologies, sourcing channels;
// and their cost on hostile text (linear: long runs of separators, dots, letters).
import { describe, expect, it } from 'vitest';
import { channelOf, employmentOf, partialDate, profile, technologiesIn } from './candidate.ts';

describe('partialDate', () => {
  it.each([
    ['2019', '2019'],
    ['2019-03', '2019-03'],
    ['2019-03-31', '2019-03-31'],
    ['2012-08-15T00:00:00.000Z', '2012-08-15'],
    ['2019/03', '2019-03'],
    ['03/2019', '2019-03'],
  ])('%s → %s', (v, want) => expect(partialDate(v, 'd')).toBe(want));
  it.each(['2019-02-29', '2019-13', 'March 2019', '1850', '2019-3'])('%s is rejected naming the field', (v) =>
    expect(partialDate(v, 'work[0].startDate')).toMatchObject({ ok: false, field: 'work[0].startDate' }),
  );
});

describe('profile', () => {
  it('network from the host, user name from the path; a URL from network + user name', () => {
    expect(profile('github.com/Octocat/')).toEqual({ url: 'https://github.com/Octocat/', network: 'github', username: 'Octocat' });
    expect(profile('https://www.linkedin.com/in/jane-doe-123/')).toMatchObject({ network: 'linkedin', username: 'jane-doe-123' });
    expect(profile(undefined, 'GitHub', 'kmoriyama')).toEqual({ url: 'https://github.com/kmoriyama', network: 'github', username: 'kmoriyama' });
    expect(profile('https://x.com/someone')).toMatchObject({ network: 'twitter', username: 'someone' });
    expect(profile('https://blog.example.dev/about')).toEqual({ url: 'https://blog.example.dev/about', network: 'website' });
    expect(profile(undefined, 'Facebook', 'x')).toBeUndefined(); // no known URL form, no URL given
  });
});

describe('employmentOf', () => {
  it.each([
    ['Part-time contract developer', 'part-time'],
    ['Senior Engineer (Contract)', 'contract'],
    ['Freelance iOS developer', 'freelance'],
    ['Summer Intern', 'internship'],
    ['Full time backend engineer', 'full-time'],
    ['Senior Backend Engineer', 'unknown'],
    ['Contractual obligations engineer', 'unknown'], // a word, not a substring
  ])('%s → %s', (t, want) => expect(employmentOf(t)).toBe(want));
  it('the first text that declares a type decides', () => expect(employmentOf('Engineer', 'a part-time role', 'contract')).toBe('part-time'));
});

describe('technologiesIn', () => {
  it('one to three words, own skills, ambiguous short words only as own skills', () => {
    expect(technologiesIn('Built React Native apps on Ruby on Rails with C++ and .NET; shipped in Go.')).toEqual(['react native', 'ruby on rails', 'c++', '.net']);
    expect(technologiesIn('shipped in Go', ['Go'])).toEqual(['go']);
  });
  it('linear on hostile runs', () => {
    const t0 = performance.now();
    for (const t of ['.'.repeat(20_000) + 'x', '-'.repeat(20_000) + '+', 'a'.repeat(200_000), 'react '.repeat(40_000)]) technologiesIn(t);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('channelOf', () => {
  it.each([
    ['Employee Referral', 'referral'],
    ['Apex Talent Staffing', 'agency'],
    ['Recruiting agency: Nimbus', 'agency'],
    ['LinkedIn', 'job-board'],
    ['LinkedIn (Prospecting)', 'cold'],
    ['Indeed', 'job-board'],
    ['Careers page', 'direct'],
    ['Internal applicant', 'internal'],
    ['agency', 'agency'],
    ['Meetups', undefined],
  ])('%s → %s', (n, want) => expect(channelOf(n)).toBe(want));
});
