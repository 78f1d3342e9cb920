// GitHub exports: the REST docs' example user and commits list, and a wrapped export of a user with GraphQL history
// nodes whose author dates keep their offsets; rejections name the field.
import { describe, expect, it } from 'vitest';
import type { CandidateRecord } from '../../core/candidate.ts';
import { readInputFile } from '../reader.ts';
import { githubExport, offsetOf } from './format.ts';

const here = (p: string): string => new URL(p, import.meta.url).pathname;
const origin = { file: 'gh.json', index: 0 };

async function read(name: string) {
  const out: CandidateRecord[] = [];
  const s = await readInputFile(here(`./fixtures/${name}`), { event: () => true, directory: () => {}, candidate: (r) => out.push(r) });
  expect(s.format).toBe('github-export');
  expect(s.rejected).toBe(0);
  return out;
}

describe('github-export', () => {
  it('the docs users API example: account age, repositories, followers; ref = the profile URL', async () => {
    const [r] = await read('github-docs-public-user.json');
    expect(r).toMatchObject({
      key: 'github:octocat',
      ref: 'https://github.com/octocat',
      otherNames: ['monalisa octocat'],
      profiles: [{ url: 'https://github.com/octocat', network: 'github', username: 'octocat' }],
      github: { login: 'octocat', created: '2008-01-14T04:33:35.000Z', publicRepos: 2, followers: 20, commitOffsets: {} },
    });
    expect(r.emails).toEqual([]); // the account's public e-mail is not the candidate's claim
  });

  it('the docs commits list: dates in UTC ("Z", as the REST API gives them) carry no offset to count', async () => {
    const [r] = await read('github-docs-list-commits.json');
    expect(r.github).toEqual({ login: 'octocat', commitOffsets: {} });
  });

  it('a wrapped export: offsets counted per offset, commits linked to another account left out', async () => {
    const [r] = await read('wrapped-user-graphql-history.json');
    expect(r.key).toBe('github:kmoriyama');
    expect(r.github).toEqual({
      login: 'kmoriyama',
      created: '2023-11-02T03:12:09.000Z',
      publicRepos: 4,
      followers: 1,
      commitOffsets: { '+0900': 6, '+0800': 1 }, // the -07:00 commit is octocat's
    });
  });

  it('single commit records: one offset each (merge sums them); unlinked commits and organisations ignored', () => {
    const c = (date: string, login: string | null) => ({ sha: 'a'.repeat(40), commit: { author: { name: 'K', date } }, author: login ? { login } : null });
    expect(githubExport.parse(c('2026-09-01T10:00:00+09:00', 'kmoriyama'), origin)).toMatchObject({ ok: true, items: [{ key: 'github:kmoriyama', github: { commitOffsets: { '+0900': 1 } } }] });
    expect(githubExport.parse(c('2026-09-01T10:00:00+09:00', null), origin)).toEqual({ ok: 'ignored', reason: 'commit not linked to a GitHub account (author is null)' });
    expect(githubExport.parse({ login: 'github', type: 'Organization', created_at: '2008-05-11T04:37:31Z', public_repos: 500 }, origin)).toMatchObject({ ok: 'ignored' });
  });

  it.each([
    [{ login: 'bad login!', created_at: '2008-01-14T04:33:35Z', public_repos: 2 }, 'login', /not a GitHub login/],
    [{ login: 'octocat', created_at: 'a while ago', public_repos: 2 }, 'created_at', /not an ISO 8601/],
    [{ login: 'octocat', created_at: '2008-01-14T04:33:35Z', followers: -1 }, 'followers', /not a count/],
    [{ sha: 'a', commit: { author: { name: 'x' } }, author: { login: 'octocat' } }, 'commit.author.date', /missing/],
    [{ user: { login: 'octocat', created_at: '2008-01-14T04:33:35Z', followers: 1 }, commits: 'none' }, 'commits', /not a list/],
    [{ commits: [{ oid: 'a', author: { date: '2026-01-01T00:00:00+09:00' } }] }, 'user', /names no account/],
    [{ user: { login: 'x', created_at: '2020-01-01T00:00:00Z', followers: 0 }, commits: [{ oid: 'a', authoredDate: 'Monday' }] }, 'commits[0].authoredDate', /not an ISO 8601/],
  ])('%j → %s', (rec, field, message) => {
    const o = githubExport.parse(rec, origin) as { ok: false; field: string; message: string };
    expect(o).toMatchObject({ ok: false, field });
    expect(o.message).toMatch(message);
  });

  it('offsetOf: the date\'s own offset, none for UTC or a date without time', () => {
    expect(offsetOf('2019-03-01T10:00:00+09:00')).toBe('+0900');
    expect(offsetOf('2019-03-01T10:00:00-0530')).toBe('-0530');
    expect(offsetOf('2019-03-01T10:00:00Z')).toBeUndefined();
    expect(offsetOf('2019-03-01')).toBeUndefined();
    expect(offsetOf('2019-03-01T10:00:00+25:00')).toBeUndefined();
  });

  it('sniff: users, commits and wrapped exports; not other JSON', () => {
    expect(githubExport.sniff({ login: 'a', created_at: 'x', followers: 1 }, 'json-object')).toBe(true);
    expect(githubExport.sniff({ sha: 'a', commit: { author: {} } }, 'json-array')).toBe(true);
    expect(githubExport.sniff({ user: { login: 'a', created_at: 'x', public_repos: 1 }, commits: [] }, 'json-object')).toBe(true);
    expect(githubExport.sniff({ login: 'a' }, 'json-object')).toBe(false);
    expect(githubExport.sniff({ user: 'a', commits: [1] }, 'json-object')).toBe(false);
    expect(githubExport.sniff({ login: 'a', created_at: 'x', followers: 1 }, 'csv')).toBe(false);
  });
});
