// Value readers shared by the candidate formats (jsonresume, greenhouse-candidates, candidate-csv, vetting-records,
// github-export, resume-document). Pure and linear: no regex here can backtrack (every pattern is anchored and has
// no nested or overlapping quantifiers), and every list is capped so a hostile file costs bounded work.
import { domainOf } from './url.ts';
import type { EmploymentType, PartialDate, Profile, SourcingChannel } from '../../core/candidate.ts';
import { looksLikeEmail } from '../okta-systemlog/values.ts';

export type Reject = { ok: false; field: string; message: string };
export const reject = (field: string, message: string): Reject => ({ ok: false, field, message });
export const isReject = (v: unknown): v is Reject => typeof v === 'object' && v !== null && (v as Reject).ok === false;

/** Most entries read from one list (work history, e-mails, profiles...): real resumes hold tens. */
export const MAX_LIST = 200;
/** Longest free text kept as `resumeText` (the reader refuses any field over 64 K characters). */
export const MAX_RESUME_TEXT = 60_000;
/** Longest value read as a single short field (a name, an e-mail, a URL, a date). */
export const MAX_SHORT = 2_048;

/** JSON text of a value, shortened: for rejection messages. */
export function show(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v.length > 80 ? v.slice(0, 80) + '…' : v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 90 ? s.slice(0, 89) + '…' : s;
}

/** A trimmed non-empty string, undefined for absent / null / blank; a Reject for anything else or too long. */
export function text(v: unknown, field: string, max = MAX_SHORT): string | undefined | Reject {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return reject(field, `not a string: ${show(v)}`);
  const t = v.trim();
  if (t.length > max) return reject(field, `${t.length} characters: too long for this field (at most ${max})`);
  return t === '' ? undefined : t;
}

/** An e-mail address (trimmed), or a Reject naming the field. */
export function email(v: unknown, field: string): string | undefined | Reject {
  const t = text(v, field, 320);
  if (t === undefined || isReject(t)) return t;
  return looksLikeEmail(t) ? t : reject(field, `not an e-mail address: ${show(t)}`);
}

/** Longest text read as a phone number (E.164 has 15 digits; punctuation and an extension stay far below). */
export const MAX_PHONE = 64;

export function phone(v: unknown, field: string): string | undefined | Reject {
  const t = text(v, field, 10_000);
  if (t === undefined || isReject(t)) return t;
  if (t.length > MAX_PHONE) return reject(field, `${t.length} characters: not a phone number (at most ${MAX_PHONE})`);
  let digits = 0;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) digits++;
  return digits >= 3 ? t : reject(field, `not a phone number (fewer than 3 digits): ${show(t)}`);
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A resume date as PartialDate (yyyy, yyyy-mm, yyyy-mm-dd). Accepts those, an ISO date-time (its date part:
 * Greenhouse writes "2012-08-15T00:00:00.000Z"), "yyyy/mm" and "mm/yyyy". Month and day must exist.
 */
export function partialDate(v: unknown, field: string): PartialDate | undefined | Reject {
  const t = text(v, field, 64);
  if (t === undefined || isReject(t)) return t;
  let s = t;
  const tpos = s.indexOf('T');
  if (tpos === 10) s = s.slice(0, 10);
  if (s.length === 7 && s[4] === '/') s = `${s.slice(0, 4)}-${s.slice(5)}`;
  else if (s.length === 7 && s[2] === '/') s = `${s.slice(3)}-${s.slice(0, 2)}`;
  const m = DATE_RE.exec(s);
  if (!m) return reject(field, `not a date (yyyy, yyyy-mm or yyyy-mm-dd): ${show(t)}`);
  const y = Number(m[1]);
  if (y < 1900 || y > 2100) return reject(field, `year out of range 1900-2100: ${show(t)}`);
  if (m[2] !== undefined) {
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return reject(field, `no such month: ${show(t)}`);
    if (m[3] !== undefined) {
      const d = Number(m[3]);
      const dim = mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
      if (d < 1 || d > dim) return reject(field, `no such day: ${show(t)}`);
    }
  }
  return s;
}

/** An ISO 8601 date-time (with Z or an offset) or date, as the ATS writes it; a Reject when Date cannot read it. */
export function isoTime(v: unknown, field: string): string | undefined | Reject {
  const t = text(v, field, 64);
  if (t === undefined || isReject(t)) return t;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return reject(field, `not an ISO 8601 date-time: ${show(t)}`);
  const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t.replace(' ', 'T'));
  if (Number.isNaN(ms)) return reject(field, `not an ISO 8601 date-time: ${show(t)}`);
  return new Date(ms).toISOString();
}

/** true / false from a boolean or yes / no / true / false / 1 / 0 / y / n (any case). */
export function yesNo(v: unknown, field: string): boolean | undefined | Reject {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' && (v === 0 || v === 1)) return v === 1;
  if (typeof v !== 'string') return reject(field, `not true or false: ${show(v)}`);
  const t = v.trim().toLowerCase();
  if (t === '') return undefined;
  if (t === 'true' || t === 'yes' || t === 'y' || t === '1') return true;
  if (t === 'false' || t === 'no' || t === 'n' || t === '0') return false;
  return reject(field, `not true or false (true/false, yes/no): ${show(v)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Profiles

const NETWORKS: [host: string, network: string][] = [
  ['linkedin.com', 'linkedin'],
  ['github.com', 'github'],
  ['gitlab.com', 'gitlab'],
  ['stackoverflow.com', 'stackoverflow'],
  ['stackexchange.com', 'stackoverflow'],
  ['twitter.com', 'twitter'],
  ['x.com', 'twitter'],
  ['facebook.com', 'facebook'],
  ['bitbucket.org', 'bitbucket'],
  ['behance.net', 'behance'],
  ['dribbble.com', 'dribbble'],
  ['medium.com', 'medium'],
  ['upwork.com', 'upwork'],
  ['freelancer.com', 'freelancer'],
  ['t.me', 'telegram'],
];

/** Host of a URL written with or without a scheme ("twitter.com/test"), lower case without "www.", or undefined. */
export function hostOf(url: string): string | undefined {
  let host = domainOf(url);
  if (host?.startsWith('www.')) host = host.slice(4);
  return host !== undefined && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
}

/** Path segments of a URL (after the host), without empty ones. */
function pathSegments(url: string): string[] {
  let s = url.trim();
  const scheme = s.indexOf('://');
  if (scheme >= 0 && scheme < 12) s = s.slice(scheme + 3);
  const slash = s.indexOf('/');
  if (slash < 0) return [];
  let p = s.slice(slash + 1);
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  return p.split('/').filter((x) => x !== '').slice(0, 4);
}

/** The network a profile URL belongs to (linkedin, github, ... or website), from its host. */
export function networkOf(url: string): string {
  const host = hostOf(url);
  if (host === undefined) return 'website';
  for (const [h, n] of NETWORKS) if (host === h || host.endsWith('.' + h)) return n;
  return 'website';
}

/** The account name a profile URL shows: github.com/<user>, linkedin.com/in/<user>, twitter.com/<user>... */
export function usernameOf(url: string, network: string): string | undefined {
  const seg = pathSegments(url);
  let u: string | undefined;
  if (network === 'linkedin') u = seg[0] === 'in' || seg[0] === 'pub' ? seg[1] : undefined;
  else if (network === 'github' || network === 'gitlab' || network === 'twitter' || network === 'bitbucket' || network === 'medium' || network === 'telegram')
    u = seg[0]?.replace(/^@/, '');
  else if (network === 'stackoverflow') u = seg[0] === 'users' ? seg[2] ?? seg[1] : undefined;
  if (u === undefined || u === '' || u.length > 100) return undefined;
  try {
    return decodeURIComponent(u);
  } catch {
    return u;
  }
}

/** Canonical profile URL for a network and user name, when the network's URL form is known. */
export function profileUrl(network: string, username: string): string | undefined {
  const u = encodeURIComponent(username.replace(/^@/, ''));
  switch (network) {
    case 'github':
      return `https://github.com/${u}`;
    case 'gitlab':
      return `https://gitlab.com/${u}`;
    case 'linkedin':
      return `https://www.linkedin.com/in/${u}`;
    case 'twitter':
      return `https://twitter.com/${u}`;
    default:
      return undefined;
  }
}

/**
 * A Profile from a URL and what the source says of it: the network named by the source (lower case) or else by the
 * host, and the user name given or else read from the path. A URL without scheme gets https://.
 */
export function profile(url: string | undefined, network?: string, username?: string): Profile | undefined {
  let net = network?.trim().toLowerCase() || undefined;
  if (net === 'x') net = 'twitter';
  let u = url?.trim();
  if (u && !/^[a-z][a-z0-9+.-]*:\/\//i.test(u) && hostOf(u) !== undefined) u = `https://${u}`;
  const fromUrl = u ? networkOf(u) : undefined;
  const n = net ?? fromUrl;
  const user = username?.trim() || (u && n ? usernameOf(u, fromUrl === 'website' ? n : fromUrl!) : undefined);
  // a profile entry pointing at the network's home page ("https://www.twitter.com") but naming the user
  if (u && user && n && pathSegments(u).length === 0 && fromUrl === n) u = profileUrl(n, user) ?? u;
  if (!u && n && user) u = profileUrl(n, user);
  if (!u) return undefined;
  const p: Profile = { url: u };
  if (n) p.network = n;
  if (user) p.username = user;
  return p;
}

/** "https://www.GitHub.com/Octocat/" → "github.com/octocat": how merge and reuse compare profile URLs. */
export function profileKey(url: string): string {
  let s = url.trim().toLowerCase();
  const scheme = s.indexOf('://');
  if (scheme >= 0 && scheme < 12) s = s.slice(scheme + 3);
  if (s.startsWith('www.')) s = s.slice(4);
  while (s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Employment type and technologies, from what the candidate wrote

const EMPLOYMENT: [RegExp, EmploymentType][] = [
  [/\bintern(ship)?\b/i, 'internship'],
  [/\bpart[- ]?time\b/i, 'part-time'],
  [/\bfreelanc(e|er|ing)\b/i, 'freelance'],
  [/\b(contract|contractor|contracting|consultant|consulting)\b/i, 'contract'],
  [/\bfull[- ]?time\b/i, 'full-time'],
];

/**
 * The employment type a role declares in its title or description ("Part-time developer", "Contract: ..."), or
 * 'unknown'. The first text that declares one decides (the title before the summary); within a text, the order above
 * (an internship before part-time, part-time before contract: "part-time contract" is part-time).
 */
export function employmentOf(...texts: (string | undefined)[]): EmploymentType {
  for (const t of texts) {
    if (!t) continue;
    const s = t.length > 4000 ? t.slice(0, 4000) : t;
    for (const [re, type] of EMPLOYMENT) if (re.test(s)) return type;
  }
  return 'unknown';
}

/**
 * Technology names people put in resumes, lower case, as written (dotted and symbol forms kept: "node.js", "c++").
 * A small list for loose matching of free text; the dated catalogue the checks use lives elsewhere (data/).
 */
const TECH = [
  'javascript', 'typescript', 'python', 'java', 'kotlin', 'scala', 'go', 'golang', 'rust', 'ruby', 'php', 'perl', 'swift',
  'objective-c', 'c', 'c++', 'c#', 'f#', 'dart', 'elixir', 'erlang', 'haskell', 'clojure', 'lua', 'r', 'matlab', 'julia',
  'sql', 'nosql', 'graphql', 'html', 'html5', 'css', 'css3', 'sass', 'less', 'bash', 'powershell', 'solidity', 'webassembly',
  'react', 'react.js', 'reactjs', 'react native', 'angular', 'angularjs', 'vue', 'vue.js', 'vuejs', 'svelte', 'next.js',
  'nextjs', 'nuxt', 'ember', 'backbone.js', 'jquery', 'redux', 'node.js', 'nodejs', 'node', 'deno', 'bun', 'express',
  'nestjs', 'django', 'flask', 'fastapi', 'rails', 'ruby on rails', 'laravel', 'symfony', 'spring', 'spring boot',
  '.net', '.net core', 'asp.net', 'blazor', 'flutter', 'xamarin', 'electron', 'tailwind', 'bootstrap', 'webpack', 'vite',
  'babel', 'jest', 'vitest', 'cypress', 'playwright', 'selenium', 'docker', 'kubernetes', 'k8s', 'helm', 'terraform',
  'ansible', 'puppet', 'chef', 'jenkins', 'github actions', 'gitlab ci', 'circleci', 'aws', 'amazon web services',
  'lambda', 'aws lambda', 'azure', 'gcp', 'google cloud', 'firebase', 'heroku', 'openshift', 'openstack', 'linux',
  'postgresql', 'postgres', 'mysql', 'mariadb', 'sqlite', 'oracle', 'sql server', 'mongodb', 'redis', 'cassandra',
  'dynamodb', 'elasticsearch', 'kafka', 'rabbitmq', 'spark', 'hadoop', 'airflow', 'snowflake', 'databricks', 'bigquery',
  'tensorflow', 'pytorch', 'keras', 'scikit-learn', 'pandas', 'numpy', 'opencv', 'llm', 'chatgpt', 'langchain',
  'hugging face', 'unity', 'unreal', 'ios', 'android', 'swiftui', 'jetpack compose', 'git', 'svn', 'mercurial', 'jira',
  'grpc', 'rest', 'soap', 'websocket', 'websockets', 'oauth', 'microservices', 'serverless', 'ethereum', 'web3',
  'blockchain', 'hyperledger', 'prometheus', 'grafana', 'datadog', 'splunk', 'nginx', 'apache', 'tomcat', 'istio',
  'vagrant', 'hibernate', 'kubeflow', 'mlflow', 'figma', 'wordpress', 'shopify', 'magento', 'salesforce', 'sap',
];
const TECH_SET = new Set(TECH);
/** Single-letter and generic words only count when the candidate lists them as skills (not in free text). */
const AMBIGUOUS = new Set(['c', 'r', 'go', 'node', 'rest', 'spring', 'swift', 'less', 'apache', 'oracle', 'chef', 'puppet', 'unity', 'git', 'lambda', 'express', 'ember', 'rails', 'sap']);
const MAX_TECH_TEXT = 20_000;

/**
 * Technologies named in free text, matched loosely as words (case-insensitive; one to three words: "React Native",
 * "Ruby on Rails"), against the list above and the candidate's own skill keywords. In order of first mention,
 * without repeats, lower case. Linear in the text (one tokenising pass).
 */
export function technologiesIn(textIn: string, known: Iterable<string> = []): string[] {
  const own = new Set<string>();
  for (const k of known) {
    const l = k.trim().toLowerCase();
    if (l.length > 0 && l.length <= 40) own.add(l);
  }
  const s = (textIn.length > MAX_TECH_TEXT ? textIn.slice(0, MAX_TECH_TEXT) : textIn).toLowerCase();
  const tokens = s.match(/[a-z0-9.+#-]+/g) ?? [];
  // trim leading "-" and trailing "." / "-" by hand (an unanchored /[.-]+$/ is quadratic on a long run of dots)
  const words = tokens.map((t) => {
    let a = 0;
    let b = t.length;
    while (a < b && t.charCodeAt(a) === 45) a++;
    while (b > a && (t.charCodeAt(b - 1) === 46 || t.charCodeAt(b - 1) === 45)) b--;
    return a === 0 && b === t.length ? t : t.slice(a, b);
  });
  const out: string[] = [];
  const seen = new Set<string>();
  const hit = (w: string, single: boolean): boolean => {
    if (seen.has(w)) return false;
    if (own.has(w) || (TECH_SET.has(w) && !(single && AMBIGUOUS.has(w)))) {
      seen.add(w);
      out.push(w);
      return true;
    }
    return false;
  };
  for (let i = 0; i < words.length && out.length < MAX_LIST; i++) {
    const w = words[i];
    if (w === '') continue;
    if (i + 2 < words.length && hit(`${w} ${words[i + 1]} ${words[i + 2]}`, false)) continue;
    if (i + 1 < words.length && hit(`${w} ${words[i + 1]}`, false)) continue;
    hit(w, true);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Sourcing

const JOB_BOARDS = [
  'linkedin', 'indeed', 'glassdoor', 'ziprecruiter', 'monster', 'dice', 'careerbuilder', 'angellist', 'angel.co', 'wellfound',
  'stack overflow', 'stackoverflow', 'hired', 'builtin', 'built in', 'weworkremotely', 'we work remotely', 'remote.co',
  'remoteok', 'remote ok', 'upwork', 'fiverr', 'toptal', 'turing', 'arc.dev', 'hacker news', 'otta', 'welcome to the jungle',
  'seek', 'naukri', 'xing', 'stepstone', 'jobs board', 'job board', 'craigslist', 'flexjobs', 'handshake',
];

/**
 * The sourcing channel a source's name says, or undefined when it says none (then 'unknown' or the caller's own
 * rule). "Referral", "Employee Referral" → referral; names with agency / staffing / recruit(ing|ment) / talent
 * partners → agency; job boards by name → job-board; "Prospecting", "Sourced", "Cold outreach" → cold; the company's
 * own careers page → direct; "Internal" → internal. Also the channel words themselves (our CSV writes them).
 */
export function channelOf(name: string): SourcingChannel | undefined {
  const n = name.trim().toLowerCase();
  if (n === '') return undefined;
  const exact: Record<string, SourcingChannel> = {
    agency: 'agency', referral: 'referral', 'job-board': 'job-board', 'job board': 'job-board', cold: 'cold', direct: 'direct',
    internal: 'internal', unknown: 'unknown',
  };
  if (exact[n]) return exact[n];
  if (/\breferr(al|als|ed)\b/.test(n)) return 'referral';
  if (/\b(agency|agencies|staffing|recruiting|recruitment|recruiters?|headhunt\w*|talent partners?|outsourcing)\b/.test(n)) return 'agency';
  for (const b of JOB_BOARDS) if (n.includes(b)) return n.includes('prospecting') ? 'cold' : 'job-board';
  if (/\b(prospecting|sourced|sourcing|cold|outreach)\b/.test(n)) return 'cold';
  if (/\b(careers? (page|site)|company website|jobs? page|website|applied directly|direct)\b/.test(n)) return 'direct';
  if (/\b(internal|internal applicant|transfer)\b/.test(n)) return 'internal';
  return undefined;
}

/** Given / family name from a full name: the last word is the family name (a guess, kept only with two words or more). */
export function splitName(full: string): { givenName?: string; familyName?: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2 || parts.length > 6) return {};
  return { givenName: parts.slice(0, -1).join(' '), familyName: parts[parts.length - 1] };
}

/** Join text pieces (skipping blanks) and cap the result at MAX_RESUME_TEXT characters. */
export function joinText(pieces: (string | undefined)[]): string | undefined {
  let out = '';
  for (const p of pieces) {
    if (!p) continue;
    const t = p.trim();
    if (t === '') continue;
    out = out === '' ? t : `${out}\n${t}`;
    if (out.length >= MAX_RESUME_TEXT) return out.slice(0, MAX_RESUME_TEXT);
  }
  return out === '' ? undefined : out;
}
