// Candidate records → candidates. Records with the same key are one candidate (a Greenhouse candidate and its
// applications); a record with `ref` (an interview/verification record, a GitHub export) joins the candidate whose
// key, id or e-mail it names; one whose ref matches nobody stays a candidate of its own, so nothing is lost.
// A ref also matches a candidate's profile URL (scheme, "www." and a trailing slash aside) or GitHub user name, in
// any case: a GitHub export's ref is https://github.com/<login>. GitHub facts from several records add up (commit
// offsets summed; account facts fill gaps).
// Lists are concatenated without repeats; single values keep the first record's, and later records fill gaps. Pure.
import type { Candidate, CandidateRecord, GithubFacts, Verification } from '../core/candidate.ts';

const lc = (s: string): string => s.trim().toLowerCase();

/** "https://www.GitHub.com/Octocat/" → "github.com/octocat": profile URLs compared without scheme, www. or trailing slash. */
export function profileUrlKey(url: string): string {
  let s = lc(url);
  const scheme = s.indexOf('://');
  if (scheme >= 0 && scheme < 12) s = s.slice(scheme + 3);
  if (s.startsWith('www.')) s = s.slice(4);
  while (s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

/** The GitHub user name of a profile: its username when the network is github, else from a github.com URL. */
function githubUser(p: { url: string; network?: string; username?: string }): string | undefined {
  if (p.username && p.network?.toLowerCase() === 'github') return lc(p.username);
  const k = profileUrlKey(p.url);
  if (!k.startsWith('github.com/')) return undefined;
  const user = k.slice('github.com/'.length).split(/[/?#]/)[0];
  return user || undefined;
}

function mergeGithub(a: GithubFacts | undefined, b: GithubFacts | undefined): GithubFacts | undefined {
  if (!a) return b;
  if (!b || lc(a.login) !== lc(b.login)) return a;
  const offsets: Record<string, number> = { ...a.commitOffsets };
  for (const [k, n] of Object.entries(b.commitOffsets)) offsets[k] = (offsets[k] ?? 0) + n;
  return {
    login: a.login,
    created: a.created ?? b.created,
    publicRepos: a.publicRepos ?? b.publicRepos,
    followers: a.followers ?? b.followers,
    commitOffsets: offsets,
  };
}

function uniq<T>(xs: T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const x of xs) {
    const k = typeof x === 'string' ? lc(x) : JSON.stringify(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function mergeVerification(a: Verification | undefined, b: Verification | undefined): Verification | undefined {
  if (!a) return b;
  if (!b) return a;
  return { ...b, ...Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)), references: uniq([...a.references, ...b.references]) } as Verification;
}

function start(r: CandidateRecord): Candidate {
  const { key, source, ref: _ref, origin, ...rest } = r;
  return { ...rest, candidateId: key, keys: [key], sources: [source], origins: origin ? [origin] : [] };
}

function fold(c: Candidate, r: CandidateRecord): void {
  if (!c.keys.includes(r.key)) c.keys.push(r.key);
  if (!c.sources.includes(r.source)) c.sources.push(r.source);
  if (r.origin) c.origins.push(r.origin);
  c.displayName ??= r.displayName;
  c.givenName ??= r.givenName;
  c.familyName ??= r.familyName;
  c.resumeText = c.resumeText && r.resumeText && c.resumeText !== r.resumeText ? `${c.resumeText}\n${r.resumeText}` : (c.resumeText ?? r.resumeText);
  c.photo ??= r.photo;
  c.sourcing ??= r.sourcing;
  c.appliedAt ??= r.appliedAt;
  c.github = mergeGithub(c.github, r.github);
  c.verification = mergeVerification(c.verification, r.verification);
  c.otherNames = uniq([...c.otherNames, ...r.otherNames]);
  c.emails = uniq([...c.emails, ...r.emails].map((e) => ({ ...e, value: e.value.trim() }))).filter(
    (e, i, all) => all.findIndex((x) => lc(x.value) === lc(e.value)) === i,
  );
  c.phones = uniq([...c.phones, ...r.phones]);
  c.addresses = uniq([...c.addresses, ...r.addresses]);
  c.profiles = uniq([...c.profiles, ...r.profiles]);
  c.work = uniq([...c.work, ...r.work]);
  c.education = uniq([...c.education, ...r.education]);
  c.skills = uniq([...c.skills, ...r.skills]);
  c.jobs = uniq([...c.jobs, ...r.jobs]);
  c.attachments = uniq([...c.attachments, ...r.attachments]);
}

/** Merge records in input order; the result keeps the order in which candidates were first seen. */
export function mergeCandidates(records: Iterable<CandidateRecord>): Candidate[] {
  const byKey = new Map<string, Candidate>();
  const byRef = new Map<string, Candidate>();
  const out: Candidate[] = [];
  const later: CandidateRecord[] = [];
  const index = (c: Candidate, r: CandidateRecord) => {
    byKey.set(r.key, c);
    byRef.set(lc(r.key), c);
    const colon = r.key.indexOf(':');
    if (colon > 0) byRef.set(lc(r.key.slice(colon + 1)), c);
    for (const e of r.emails) byRef.set(lc(e.value), c);
    // profile URLs and GitHub user names: never taking a key, id or e-mail another candidate already answers to
    const weak = (k: string) => {
      if (k !== '' && !byRef.has(k)) byRef.set(k, c);
    };
    for (const p of r.profiles) {
      weak(profileUrlKey(p.url));
      const gh = githubUser(p);
      if (gh) {
        weak(`github.com/${gh}`);
        weak(gh);
      }
    }
  };
  const find = (ref: string): Candidate | undefined => byRef.get(lc(ref)) ?? byRef.get(profileUrlKey(ref));
  for (const r of records) {
    if (r.ref !== undefined && !byKey.has(r.key)) {
      later.push(r);
      continue;
    }
    let c = byKey.get(r.key);
    if (c) fold(c, r);
    else {
      c = start(r);
      out.push(c);
    }
    index(c, r);
  }
  for (const r of later) {
    const c = byKey.get(r.key) ?? find(r.ref!);
    if (c) {
      fold(c, r);
      index(c, r);
    } else {
      const n = start(r);
      out.push(n);
      index(n, r);
    }
  }
  return out;
}
