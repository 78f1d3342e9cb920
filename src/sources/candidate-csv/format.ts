// Our own documented candidate CSV (README.md), for applicant tracking systems without an API: a header row, one
// row per candidate. Headers are matched without regard to case, spaces or punctuation ("First Name" =
// first_name). One row → one CandidateRecord keyed `candidate-csv:<id>` (or the first e-mail when there is no id).
import type { CandidateAddress, CandidateRecord, Profile, Sourcing } from '../../core/candidate.ts';
import type { Origin } from '../../core/model.ts';
import type { CandidateFormat, Container, ParseOutcome } from '../types.ts';
import { countryIso2 } from '../common/country.ts';
import { channelOf, email, isoTime, isReject, phone, profile, reject, splitName, text, type Reject } from '../common/candidate.ts';
import { isObj } from '../okta-systemlog/values.ts';

const SOURCE = 'candidate-csv';

/** Canonical columns and the header spellings read for each (after normalising: lower case, letters and digits). */
export const COLUMNS = {
  id: ['id', 'candidateid', 'applicantid'],
  first_name: ['firstname', 'givenname'],
  last_name: ['lastname', 'familyname', 'surname'],
  name: ['name', 'fullname', 'displayname', 'candidatename'],
  emails: ['email', 'emails', 'emailaddress', 'emailaddresses'],
  phones: ['phone', 'phones', 'phonenumber', 'phonenumbers', 'mobile'],
  street: ['street', 'address', 'streetaddress'],
  city: ['city', 'locality', 'town'],
  region: ['region', 'state', 'province'],
  postal_code: ['postalcode', 'zip', 'zipcode', 'postcode'],
  country: ['country', 'countrycode'],
  linkedin: ['linkedin', 'linkedinurl'],
  github: ['github', 'githuburl'],
  website: ['website', 'websites', 'url', 'portfolio'],
  source: ['source', 'sourcechannel'],
  agency: ['agency', 'agencyname', 'staffingagency'],
  referrer: ['referrer', 'referredby'],
  applied_at: ['appliedat', 'applied', 'applicationdate'],
  resume_file: ['resumefile', 'resume', 'cv', 'cvfile'],
  photo_file: ['photofile', 'photo'],
  jobs: ['job', 'jobs', 'position', 'appliedfor'],
} as const;
export type Column = keyof typeof COLUMNS;

const BY_HEADER = new Map<string, Column>();
for (const [c, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) for (const n of names) BY_HEADER.set(n, c);

const norm = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');
export const columnOf = (header: string): Column | undefined => (header.length > 100 ? undefined : BY_HEADER.get(norm(header)));

/** Columns only a candidate export has (an HR export of employees has none of them). */
const CANDIDATE_ONLY = new Set<Column>(['resume_file', 'photo_file', 'applied_at', 'agency', 'referrer', 'linkedin', 'github', 'source']);

/** Several values in one cell: separated by ";" or "|" (commas stay: a cell is quoted when it holds one). */
const many = (v: string): string[] =>
  v
    .split(/[;|]/)
    .map((x) => x.trim())
    .filter(Boolean)
    .slice(0, 20);

function parse(record: unknown, origin: Origin): ParseOutcome<CandidateRecord> {
  if (!isObj(record)) return reject('(record)', 'expected a CSV row');
  const cell: Partial<Record<Column, { header: string; value: string }>> = {};
  for (const header of Object.keys(record)) {
    const c = columnOf(header);
    const raw = record[header];
    if (c === undefined || raw === undefined || raw === null) continue;
    const value = String(raw).trim();
    if (value !== '' && cell[c] === undefined) cell[c] = { header, value };
  }
  const get = (c: Column): string | undefined => cell[c]?.value;
  const h = (c: Column): string => cell[c]?.header ?? c;

  const emails: { value: string }[] = [];
  for (const e of many(get('emails') ?? '')) {
    const v = email(e, h('emails'));
    if (isReject(v)) return v;
    if (v !== undefined) emails.push({ value: v });
  }
  const phones: { value: string }[] = [];
  for (const p of many(get('phones') ?? '')) {
    const v = phone(p, h('phones'));
    if (isReject(v)) return v;
    if (v !== undefined) phones.push({ value: v });
  }
  const id = get('id');
  if (id !== undefined && id.length > 200) return reject(h('id'), `${id.length} characters: not a candidate id (at most 200)`);
  if (id === undefined && emails.length === 0)
    return reject(cell.id ? h('id') : 'id', 'no identity: need an id or an e-mail to key the candidate');
  const short = (c: Column, max = 500): string | undefined | Reject => text(get(c), h(c), max);
  const vals: Partial<Record<Column, string>> = {};
  for (const c of ['first_name', 'last_name', 'name', 'street', 'city', 'region', 'postal_code', 'country', 'linkedin', 'github', 'website', 'source', 'agency', 'referrer', 'resume_file', 'photo_file', 'jobs'] as Column[]) {
    const v = short(c);
    if (isReject(v)) return v;
    if (v !== undefined) vals[c] = v;
  }
  const applied = isoTime(get('applied_at'), h('applied_at'));
  if (isReject(applied)) return applied;

  const rec: CandidateRecord = {
    key: `${SOURCE}:${id ?? emails[0].value.toLowerCase()}`,
    source: SOURCE,
    otherNames: [],
    emails,
    phones,
    addresses: [],
    profiles: [],
    work: [],
    education: [],
    skills: [],
    jobs: vals.jobs ? many(vals.jobs) : [],
    attachments: [],
    origin,
  };
  const display = vals.name ?? ([vals.first_name, vals.last_name].filter(Boolean).join(' ') || undefined);
  if (display) rec.displayName = display;
  if (vals.first_name) rec.givenName = vals.first_name;
  if (vals.last_name) rec.familyName = vals.last_name;
  if (!vals.first_name && !vals.last_name && vals.name) Object.assign(rec, splitName(vals.name));
  const a: CandidateAddress = { use: 'home' };
  if (vals.street) a.street = vals.street;
  if (vals.city) a.locality = vals.city;
  if (vals.region) a.region = vals.region;
  if (vals.postal_code) a.postalCode = vals.postal_code;
  if (vals.country) a.country = countryIso2(vals.country) ?? vals.country;
  if (Object.keys(a).length > 1) rec.addresses.push(a);
  const profiles: Profile[] = [];
  const add = (url: string | undefined, network?: string) => {
    if (!url) return;
    // a bare user name in the linkedin / github column
    const p = /^[A-Za-z0-9_.-]{1,100}$/.test(url) && network ? profile(undefined, network, url) : profile(url, network);
    if (p) profiles.push(p);
  };
  add(vals.linkedin, 'linkedin');
  add(vals.github, 'github');
  for (const w of many(vals.website ?? '')) add(w);
  rec.profiles = profiles;
  // sourcing: an agency named wins, then a referrer, then the source column (a channel word or a source's name)
  let s: Sourcing | undefined;
  if (vals.agency) s = { channel: 'agency', name: vals.agency };
  else if (vals.referrer) s = { channel: 'referral', referrer: vals.referrer, ...(vals.source && channelOf(vals.source) !== 'referral' ? { name: vals.source } : {}) };
  else if (vals.source) {
    const ch = channelOf(vals.source) ?? 'unknown';
    s = { channel: ch };
    if (!['agency', 'referral', 'job-board', 'cold', 'direct', 'internal', 'unknown'].includes(vals.source.toLowerCase())) s.name = vals.source;
  }
  if (s) rec.sourcing = s;
  if (applied !== undefined) rec.appliedAt = applied;
  if (vals.resume_file) rec.attachments.push({ filename: vals.resume_file, type: 'resume' });
  if (vals.photo_file) {
    rec.photo = { file: vals.photo_file };
    rec.attachments.push({ filename: vals.photo_file, type: 'photo' });
  }
  return { ok: true, items: [rec] };
}

/** Our candidate CSV: an id or e-mail column, a name column, and at least two columns only a candidate export has. */
function sniff(record: unknown, container: Container): boolean {
  if (container !== 'csv' || !isObj(record)) return false;
  const cols = new Set<Column>();
  for (const header of Object.keys(record)) {
    if (norm(header) === 'candidate') return false; // an interview / verification record (vetting-records)
    const c = columnOf(header);
    if (c) cols.add(c);
  }
  let only = 0;
  for (const c of cols) if (CANDIDATE_ONLY.has(c)) only++;
  return (cols.has('id') || cols.has('emails')) && (cols.has('first_name') || cols.has('last_name') || cols.has('name')) && only >= 2;
}

export const candidateCsv: CandidateFormat = {
  id: SOURCE,
  title: 'Candidate CSV (our documented export: id, names, e-mails, phones, address, profiles, source / agency / referrer, resume and photo files)',
  produces: 'candidates',
  containers: ['csv'],
  example:
    'id,first_name,last_name,email,phone,street,city,region,postal_code,country,linkedin,github,website,source,agency,referrer,applied_at,resume_file,photo_file\n' +
    'c-1001,Dana,Whitfield,dana.whitfield@example.com,+1 512 555 0147,4100 Speedway,Austin,TX,78751,US,https://www.linkedin.com/in/danawhitfield,danaw,,LinkedIn,,,2026-10-02T15:04:00Z,resumes/dana-whitfield.pdf,photos/dana.jpg',
  sniff,
  parse,
};
