// Merging candidate records: a ref joins the candidate whose key, id or e-mail it names, and also (issue 10) the
// candidate whose profile URL or GitHub user name it names, in any case; GitHub facts from several records add up.
import { describe, expect, it } from 'vitest';
import { CandidateRecord } from '../core/candidate.ts';
import { mergeCandidates, profileUrlKey } from './merge.ts';

const rec = (r: Partial<CandidateRecord> & { key: string; source: string }): CandidateRecord => CandidateRecord.parse(r);

const kenji = rec({
  key: 'jsonresume:kenji.moriyama@example.jp',
  source: 'jsonresume',
  displayName: 'Kenji Moriyama',
  emails: [{ value: 'kenji.moriyama@example.jp' }],
  profiles: [{ url: 'https://github.com/kmoriyama', network: 'github', username: 'kmoriyama' }],
});
const dana = rec({
  key: 'candidate-csv:c-1001',
  source: 'candidate-csv',
  displayName: 'Dana Whitfield',
  emails: [{ value: 'dana.whitfield@example.com' }],
  // a profile given as a URL only, with "www." and a trailing slash
  profiles: [{ url: 'http://www.github.com/DanaW/' }],
});
const gh = (login: string, ref: string, offsets: Record<string, number>, extra: object = {}) =>
  rec({ key: `github:${login.toLowerCase()}`, source: 'github-export', ref, github: { login, commitOffsets: offsets, ...extra } });

describe('mergeCandidates: refs by profile URL and GitHub user name', () => {
  it('a GitHub export joins the candidate listing that profile, whatever the case, scheme or trailing slash', () => {
    const out = mergeCandidates([kenji, dana, gh('KMoriyama', 'https://GitHub.com/KMoriyama/', { '+0900': 6 }, { created: '2023-11-02T03:12:09.000Z' }), gh('danaw', 'https://github.com/danaw', { '-0600': 3 })]);
    expect(out.map((c) => c.candidateId)).toEqual(['jsonresume:kenji.moriyama@example.jp', 'candidate-csv:c-1001']);
    expect(out[0].github).toEqual({ login: 'KMoriyama', created: '2023-11-02T03:12:09.000Z', commitOffsets: { '+0900': 6 } });
    expect(out[0].keys).toEqual(['jsonresume:kenji.moriyama@example.jp', 'github:kmoriyama']);
    expect(out[1].github?.commitOffsets).toEqual({ '-0600': 3 });
  });

  it('a ref that is a bare GitHub user name joins too; an interview record naming the profile URL as well', () => {
    const interview = rec({ key: 'vetting-records:https://github.com/kmoriyama', source: 'vetting-records', ref: 'https://github.com/kmoriyama', verification: { cameraOn: true, references: [] } });
    const out = mergeCandidates([kenji, gh('kmoriyama', 'KMORIYAMA', { '+0900': 1 }), interview]);
    expect(out).toHaveLength(1);
    expect(out[0].github?.commitOffsets).toEqual({ '+0900': 1 });
    expect(out[0].verification?.cameraOn).toBe(true);
  });

  it('commit records of one account add up, and account facts fill gaps', () => {
    const out = mergeCandidates([
      kenji,
      gh('kmoriyama', 'https://github.com/kmoriyama', { '+0900': 1 }),
      gh('kmoriyama', 'https://github.com/kmoriyama', { '+0900': 1 }),
      gh('kmoriyama', 'https://github.com/kmoriyama', { '+0800': 1 }, { publicRepos: 4, followers: 1 }),
    ]);
    expect(out[0].github).toEqual({ login: 'kmoriyama', publicRepos: 4, followers: 1, commitOffsets: { '+0900': 2, '+0800': 1 } });
  });

  it('no match: the export stays a candidate of its own; a profile never takes a key or e-mail another candidate answers to', () => {
    const out = mergeCandidates([kenji, gh('someoneelse', 'https://github.com/someoneelse', {})]);
    expect(out.map((c) => c.candidateId)).toEqual(['jsonresume:kenji.moriyama@example.jp', 'github:someoneelse']);
    // Dana lists a "profile" whose user name is Kenji's e-mail: the e-mail still answers for Kenji
    const odd = rec({ key: 'x:1', source: 'x', profiles: [{ url: 'https://github.com/x', network: 'github', username: 'kenji.moriyama@example.jp' }] });
    const iv = rec({ key: 'vetting-records:k', source: 'vetting-records', ref: 'kenji.moriyama@example.jp', verification: { cameraOn: false, references: [] } });
    const out2 = mergeCandidates([kenji, odd, iv]);
    expect(out2.find((c) => c.candidateId === kenji.key)?.verification?.cameraOn).toBe(false);
  });

  it('profileUrlKey', () => {
    expect(profileUrlKey('https://www.GitHub.com/Octocat/')).toBe('github.com/octocat');
    expect(profileUrlKey('github.com/octocat')).toBe('github.com/octocat');
  });
});
