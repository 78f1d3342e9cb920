// A GitHub export: the users API object (GET /users/{username}: login, created_at, public_repos, followers), a
// commits list (GET /repos/{owner}/{repo}/commits?author=…: commit.author.date; or GraphQL history nodes, whose
// author.date keeps the commit's own UTC offset), or both wrapped as {"user": {...}, "commits": [...]}. Each record →
// a CandidateRecord about the account: `ref` = https://github.com/<login> (src/vetting/merge.ts joins it to the
// candidate who lists that profile or user name) and `github` facts: account age, repositories, followers, and
// commit author-date offsets counted per offset ("+0900": 41). Dates in UTC ("Z", as the REST API normalises
// them) carry no offset and are not counted. No network call: the export is made by whoever runs the vetting.
import type { CandidateRecord, GithubFacts } from '../../core/candidate.ts';
import type { Origin } from '../../core/model.ts';
import type { CandidateFormat, Container, ParseOutcome } from '../types.ts';
import { isoTime, isReject, reject, show, text, type Reject } from '../common/candidate.ts';
import { isObj, type Obj } from '../okta-systemlog/values.ts';

const SOURCE = 'github-export';
/** Commits read from one wrapped export (a user's history for vetting needs hundreds, not millions). */
export const MAX_COMMITS = 100_000;
/** GitHub logins: letters, digits and single hyphens, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

function login(v: unknown, field: string): string | Reject {
  if (typeof v !== 'string' || !LOGIN.test(v)) return reject(field, v === undefined || v === null ? 'missing' : `not a GitHub login: ${show(v)}`);
  return v;
}

/** "+0900" from a date's own offset ("2019-03-01T10:00:00+09:00", "+0900"), undefined for "Z" or none. */
export function offsetOf(date: string): string | undefined {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(date.length > 40 ? '' : date);
  if (!m || date.endsWith('Z')) return undefined;
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (h > 14 || min > 59) return undefined;
  return `${m[1]}${m[2]}${m[3]}`;
}

function isUser(r: Obj): boolean {
  return typeof r.login === 'string' && 'created_at' in r && ('public_repos' in r || 'followers' in r);
}
function isRestCommit(r: Obj): boolean {
  return typeof r.sha === 'string' && isObj(r.commit) && (isObj(r.commit.author) || isObj(r.commit.committer));
}
function isGraphCommit(r: Obj): boolean {
  return typeof r.oid === 'string' && (typeof r.authoredDate === 'string' || (isObj(r.author) && typeof r.author.date === 'string'));
}

function base(l: string, origin: Origin, github: GithubFacts): CandidateRecord {
  const url = `https://github.com/${l}`;
  return {
    key: `github:${l.toLowerCase()}`,
    source: SOURCE,
    ref: url,
    otherNames: [],
    emails: [],
    phones: [],
    addresses: [],
    profiles: [{ url, network: 'github', username: l }],
    work: [],
    education: [],
    skills: [],
    jobs: [],
    attachments: [],
    github,
    origin,
  };
}

function parseUser(u: Obj, prefix: string): { login: string; facts: GithubFacts; name?: string } | Reject {
  const l = login(u.login, `${prefix}login`);
  if (isReject(l)) return l;
  const facts: GithubFacts = { login: l, commitOffsets: {} };
  const created = isoTime(u.created_at, `${prefix}created_at`);
  if (isReject(created)) return created;
  if (created !== undefined) facts.created = created;
  for (const [k, to] of [['public_repos', 'publicRepos'], ['followers', 'followers']] as const) {
    const v = u[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return reject(`${prefix}${k}`, `not a count: ${show(v)}`);
    facts[to] = v;
  }
  const name = text(u.name, `${prefix}name`, 300);
  if (isReject(name)) return name;
  return name === undefined ? { login: l, facts } : { login: l, facts, name };
}

/** One commit's author login (the GitHub account it is linked to) and its author date, from REST or GraphQL shapes. */
function commitOf(c: Obj, prefix: string): { login?: string; date: string } | Reject {
  let date: unknown;
  let field: string;
  let who: unknown;
  if (isObj(c.commit)) {
    const a = isObj(c.commit.author) ? c.commit.author : undefined;
    date = a?.date;
    field = `${prefix}commit.author.date`;
    who = isObj(c.author) ? c.author.login : undefined;
  } else {
    const a = isObj(c.author) ? c.author : undefined;
    date = c.authoredDate ?? a?.date;
    field = c.authoredDate !== undefined ? `${prefix}authoredDate` : `${prefix}author.date`;
    who = a && isObj(a.user) ? a.user.login : undefined;
  }
  const t = isoTime(date, field);
  if (isReject(t)) return t;
  if (t === undefined) return reject(field, 'missing: the commit author date');
  const out: { login?: string; date: string } = { date: date as string };
  if (who !== undefined && who !== null) {
    const l = login(who, `${prefix}author.login`);
    if (isReject(l)) return l;
    out.login = l;
  }
  return out;
}

function parse(record: unknown, origin: Origin): ParseOutcome<CandidateRecord> {
  if (!isObj(record)) return reject('(record)', 'not a JSON object (a GitHub users or commits API object)');
  // the wrapped export: {"user": {...}, "commits": [...]}
  if (isObj(record.user) || Array.isArray(record.commits)) {
    let l: string | undefined;
    let facts: GithubFacts | undefined;
    let name: string | undefined;
    if (record.user !== undefined) {
      if (!isObj(record.user)) return reject('user', `not an object: ${show(record.user)}`);
      const u = parseUser(record.user, 'user.');
      if (isReject(u)) return u;
      ({ login: l, facts, name } = u);
    }
    const commits = record.commits ?? [];
    if (!Array.isArray(commits)) return reject('commits', `not a list: ${show(commits)}`);
    if (commits.length > MAX_COMMITS) return reject('commits', `${commits.length} commits: more than ${MAX_COMMITS}`);
    const offsets: Record<string, number> = {};
    for (let i = 0; i < commits.length; i++) {
      const c = commits[i];
      if (!isObj(c)) return reject(`commits[${i}]`, `not an object: ${show(c)}`);
      const cm = commitOf(c, `commits[${i}].`);
      if (isReject(cm)) return cm;
      // without a user object, the first linked author names the account
      l ??= cm.login;
      // commits linked to another account are not this person's; unlinked ones are kept (the export asked for this author)
      if (cm.login !== undefined && cm.login.toLowerCase() !== l?.toLowerCase()) continue;
      const off = offsetOf(cm.date);
      if (off !== undefined) offsets[off] = (offsets[off] ?? 0) + 1;
    }
    if (l === undefined) return reject('user', 'missing: no user object and no commit linked to a GitHub account, so the export names no account');
    const rec = base(l, origin, { ...(facts ?? { login: l }), commitOffsets: offsets });
    if (name) rec.otherNames.push(name);
    return { ok: true, items: [rec] };
  }
  if (isUser(record)) {
    const u = parseUser(record, '');
    if (isReject(u)) return u;
    if (record.type !== undefined && record.type !== 'User') return { ok: 'ignored', reason: 'not about a person: GitHub organization or bot account' };
    const rec = base(u.login, origin, u.facts);
    if (u.name) rec.otherNames.push(u.name);
    return { ok: true, items: [rec] };
  }
  if (isRestCommit(record) || isGraphCommit(record)) {
    const cm = commitOf(record, '');
    if (isReject(cm)) return cm;
    if (cm.login === undefined) return { ok: 'ignored', reason: 'commit not linked to a GitHub account (author is null)' };
    const off = offsetOf(cm.date);
    return { ok: true, items: [base(cm.login, origin, { login: cm.login, commitOffsets: off ? { [off]: 1 } : {} })] };
  }
  return reject('login', 'neither a GitHub user (login, created_at) nor a commit (sha, commit.author.date) nor {"user", "commits"}');
}

function sniff(record: unknown, container: Container): boolean {
  if (container === 'csv' || !isObj(record)) return false;
  if (isObj(record.user) && isUser(record.user)) return true;
  if (Array.isArray(record.commits) && (record.commits.length === 0 ? isObj(record.user) : isObj(record.commits[0]) && (isRestCommit(record.commits[0]) || isGraphCommit(record.commits[0]))))
    return true;
  return isUser(record) || isRestCommit(record) || isGraphCommit(record);
}

export const githubExport: CandidateFormat = {
  id: SOURCE,
  title: 'GitHub export (REST users API object, commits API list or GraphQL history; or {"user", "commits"})',
  produces: 'candidates',
  containers: ['json-object', 'json-array', 'ndjson'],
  example: JSON.stringify({
    user: { login: 'octocat', created_at: '2008-01-14T04:33:35Z', public_repos: 2, followers: 20 },
    commits: [{ sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', commit: { author: { name: 'Monalisa Octocat', date: '2011-04-14T16:00:49+09:00' } }, author: { login: 'octocat' } }],
  }),
  sniff,
  parse,
};
