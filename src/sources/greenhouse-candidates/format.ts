// Greenhouse Harvest API v1 candidates (GET /v1/candidates, GET /v1/candidates/{id}): an array of candidate objects
// or one. One candidate → one CandidateRecord keyed `greenhouse:<id>`: contact data, addresses, profiles (website and
// social media addresses, application answers that are profile links), the sourcing channel of the applications,
// applied jobs, attachments (resume, cover letter...), employments and educations. Pure and bounded.
import type { Attachment, CandidateAddress, CandidateRecord, EducationEntry, Profile, Sourcing, WorkEntry } from '../../core/candidate.ts';
import type { Origin } from '../../core/model.ts';
import type { CandidateFormat, Container, ParseOutcome } from '../types.ts';
import {
  MAX_LIST,
  channelOf,
  email,
  employmentOf,
  isoTime,
  isReject,
  partialDate,
  phone,
  profile,
  reject,
  show,
  text,
  type Reject,
} from '../common/candidate.ts';
import { isObj, type Obj } from '../okta-systemlog/values.ts';

const SOURCE = 'greenhouse';
const FORMAT = 'greenhouse-candidates';

function list(v: unknown, field: string): unknown[] | Reject {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return reject(field, `not a list: ${show(v)}`);
  if (v.length > MAX_LIST) return reject(field, `${v.length} entries: more than ${MAX_LIST}`);
  return v;
}

/** `[{value, type}]` lists (phone_numbers, email_addresses...): each entry's value read by `read`. */
function typedValues(
  v: unknown,
  field: string,
  read: (x: unknown, f: string) => string | undefined | Reject,
): { value: string; type?: string }[] | Reject {
  const l = list(v, field);
  if (isReject(l)) return l;
  const out: { value: string; type?: string }[] = [];
  for (let i = 0; i < l.length; i++) {
    const e = l[i];
    const f = `${field}[${i}]`;
    if (!isObj(e)) return reject(f, `not an object: ${show(e)}`);
    const value = read(e.value, `${f}.value`);
    if (isReject(value)) return value;
    if (value === undefined) continue;
    const type = text(e.type, `${f}.type`, 50);
    if (isReject(type)) return type;
    out.push(type === undefined ? { value } : { value, type });
  }
  return out;
}

/**
 * Greenhouse gives an address as one text ("123 City Street\nNew York, Ny 10001"): the first line is the street when
 * there are several, and a last line "City, ST 12345" gives locality, region and postal code. The whole text is kept
 * as `formatted`. Split by hand (no regex over the text).
 */
function address(value: string, type: string | undefined): CandidateAddress {
  const use = type === 'home' ? 'home' : 'other';
  const a: CandidateAddress = { formatted: value, use };
  const lines = value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length >= 2) a.street = lines[0];
  const last = lines[lines.length - 1] ?? '';
  const comma = last.indexOf(',');
  if (lines.length >= 2 && comma > 0) {
    a.locality = last.slice(0, comma).trim();
    const rest = last.slice(comma + 1).trim();
    const sp = rest.lastIndexOf(' ');
    const tail = sp > 0 ? rest.slice(sp + 1) : rest;
    if (/^\d{4,6}(-\d{4})?$/.test(tail)) {
      a.postalCode = tail;
      if (sp > 0) a.region = rest.slice(0, sp).trim();
    } else if (rest) a.region = rest;
  }
  return a;
}

const name = (u: unknown): string | undefined => {
  if (!isObj(u)) return undefined;
  if (typeof u.name === 'string' && u.name.trim()) return u.name.trim().slice(0, 300);
  const n = [u.first_name, u.last_name].filter((x) => typeof x === 'string' && x.trim()).join(' ');
  return n ? n.slice(0, 300) : undefined;
};

interface App {
  appliedAt?: string;
  sourceName?: string;
  creditedTo?: string;
  prospect: boolean;
  jobs: string[];
  attachments: Attachment[];
  profiles: Profile[];
}

function parseApplication(a: unknown, i: number): App | Reject {
  const f = `applications[${i}]`;
  if (!isObj(a)) return reject(f, `not an object: ${show(a)}`);
  const appliedAt = isoTime(a.applied_at, `${f}.applied_at`);
  if (isReject(appliedAt)) return appliedAt;
  const app: App = { prospect: a.prospect === true, jobs: [], attachments: [], profiles: [] };
  if (appliedAt !== undefined) app.appliedAt = appliedAt;
  const src = a.source;
  if (src !== undefined && src !== null) {
    if (!isObj(src)) return reject(`${f}.source`, `not an object: ${show(src)}`);
    const n = text(src.public_name ?? src.name, `${f}.source.public_name`, 300);
    if (isReject(n)) return n;
    if (n !== undefined) app.sourceName = n;
  }
  app.creditedTo = name(a.credited_to);
  const jobs = list(a.jobs, `${f}.jobs`);
  if (isReject(jobs)) return jobs;
  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j];
    if (!isObj(job)) return reject(`${f}.jobs[${j}]`, `not an object: ${show(job)}`);
    const n = text(job.name, `${f}.jobs[${j}].name`, 300);
    if (isReject(n)) return n;
    if (n !== undefined) app.jobs.push(n);
  }
  const att = attachments(a.attachments, `${f}.attachments`);
  if (isReject(att)) return att;
  app.attachments = att;
  // answers such as "LinkedIn Profile" / "Website" hold profile links
  const answers = list(a.answers, `${f}.answers`);
  if (isReject(answers)) return answers;
  for (const ans of answers) {
    if (!isObj(ans) || typeof ans.answer !== 'string') continue;
    const v = ans.answer.trim();
    if (v.length > 500 || !/^https?:\/\/\S+$/i.test(v)) continue;
    const p = profile(v);
    if (p) app.profiles.push(p);
  }
  return app;
}

function attachments(v: unknown, field: string): Attachment[] | Reject {
  const l = list(v, field);
  if (isReject(l)) return l;
  const out: Attachment[] = [];
  for (let i = 0; i < l.length; i++) {
    const a = l[i];
    const f = `${field}[${i}]`;
    if (!isObj(a)) return reject(f, `not an object: ${show(a)}`);
    const filename = text(a.filename, `${f}.filename`, 500);
    if (isReject(filename)) return filename;
    if (filename === undefined) return reject(`${f}.filename`, 'missing');
    const type = text(a.type, `${f}.type`, 50);
    if (isReject(type)) return type;
    const url = text(a.url, `${f}.url`);
    if (isReject(url)) return url;
    const att: Attachment = { filename, type: type ?? 'other' };
    if (url !== undefined) att.url = url;
    out.push(att);
  }
  return out;
}

/** The sourcing of the candidate: from the earliest application that names a source (how they first came in). */
function sourcing(apps: App[], custom: Obj | undefined): Sourcing | undefined {
  const sorted = apps.filter((a) => a.sourceName !== undefined).sort((a, b) => (a.appliedAt ?? '9999').localeCompare(b.appliedAt ?? '9999'));
  const first = sorted.find((a) => !a.prospect) ?? sorted[0];
  let s: Sourcing | undefined;
  if (first) {
    const channel = channelOf(first.sourceName!) ?? 'unknown';
    s = { channel, name: first.sourceName };
    if (channel === 'referral' && first.creditedTo) s.referrer = first.creditedTo;
  }
  // custom fields an organisation adds for what the source list does not say: "Agency", "Referred by"
  if (custom) {
    for (const [k, v] of Object.entries(custom)) {
      if (typeof v !== 'string' || !v.trim() || v.length > 300) continue;
      const key = k.toLowerCase();
      if (key.includes('agency') || key.includes('staffing') || key.includes('vendor')) {
        if (s?.channel !== 'agency') s = { channel: 'agency', name: v.trim() };
      }
      else if (key.includes('referr') && (!s || s.channel === 'referral' || s.channel === 'unknown')) s = { channel: 'referral', name: s?.name, referrer: v.trim() };
    }
  }
  if (s && s.name === undefined) delete s.name;
  return s;
}

function parse(record: unknown, origin: Origin): ParseOutcome<CandidateRecord> {
  if (!isObj(record)) return reject('(record)', 'not a JSON object (a Greenhouse candidate)');
  const id = record.id;
  if (!((typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id))))
    return reject('id', id === undefined || id === null ? 'missing: the Greenhouse candidate id' : `not a candidate id: ${show(id)}`);
  const first = text(record.first_name, 'first_name', 200);
  if (isReject(first)) return first;
  const last = text(record.last_name, 'last_name', 200);
  if (isReject(last)) return last;
  const emails = typedValues(record.email_addresses, 'email_addresses', email);
  if (isReject(emails)) return emails;
  const phones = typedValues(record.phone_numbers, 'phone_numbers', phone);
  if (isReject(phones)) return phones;
  const addrs = typedValues(record.addresses, 'addresses', (x, f) => text(x, f, 1000));
  if (isReject(addrs)) return addrs;
  const sites = typedValues(record.website_addresses, 'website_addresses', (x, f) => text(x, f));
  if (isReject(sites)) return sites;
  const social = typedValues(record.social_media_addresses, 'social_media_addresses', (x, f) => text(x, f));
  if (isReject(social)) return social;
  const atts = attachments(record.attachments, 'attachments');
  if (isReject(atts)) return atts;

  const appList = list(record.applications, 'applications');
  if (isReject(appList)) return appList;
  const apps: App[] = [];
  for (let i = 0; i < appList.length; i++) {
    const a = parseApplication(appList[i], i);
    if (isReject(a)) return a;
    apps.push(a);
  }

  const work: WorkEntry[] = [];
  const emp = list(record.employments, 'employments');
  if (isReject(emp)) return emp;
  for (let i = 0; i < emp.length; i++) {
    const e = emp[i];
    const f = `employments[${i}]`;
    if (!isObj(e)) return reject(f, `not an object: ${show(e)}`);
    const employer = text(e.company_name, `${f}.company_name`, 300);
    if (isReject(employer)) return employer;
    if (employer === undefined) continue;
    const title = text(e.title, `${f}.title`, 300);
    if (isReject(title)) return title;
    const start = partialDate(e.start_date, `${f}.start_date`);
    if (isReject(start)) return start;
    const end = partialDate(e.end_date, `${f}.end_date`);
    if (isReject(end)) return end;
    const w: WorkEntry = { employer, employment: employmentOf(title), technologies: [] };
    if (title !== undefined) w.position = title;
    if (start !== undefined) w.start = start;
    if (end !== undefined) w.end = end;
    else if (start !== undefined) w.current = true;
    work.push(w);
  }
  const company = text(record.company, 'company', 300);
  if (isReject(company)) return company;
  const title = text(record.title, 'title', 300);
  if (isReject(title)) return title;
  if (company !== undefined && !work.some((w) => w.employer.toLowerCase() === company.toLowerCase()))
    work.push({ employer: company, ...(title ? { position: title } : {}), current: true, employment: employmentOf(title), technologies: [] });

  const education: EducationEntry[] = [];
  const edu = list(record.educations, 'educations');
  if (isReject(edu)) return edu;
  for (let i = 0; i < edu.length; i++) {
    const e = edu[i];
    const f = `educations[${i}]`;
    if (!isObj(e)) return reject(f, `not an object: ${show(e)}`);
    const institution = text(e.school_name, `${f}.school_name`, 300);
    if (isReject(institution)) return institution;
    if (institution === undefined) continue;
    const start = partialDate(e.start_date, `${f}.start_date`);
    if (isReject(start)) return start;
    const end = partialDate(e.end_date, `${f}.end_date`);
    if (isReject(end)) return end;
    const ed: EducationEntry = { institution };
    if (typeof e.discipline === 'string' && e.discipline.trim()) ed.area = e.discipline.trim().slice(0, 300);
    if (typeof e.degree === 'string' && e.degree.trim()) ed.studyType = e.degree.trim().slice(0, 300);
    if (start !== undefined) ed.start = start;
    if (end !== undefined) ed.end = end;
    education.push(ed);
  }

  const profiles: Profile[] = [];
  for (const s of sites) {
    const p = profile(s.value);
    if (p) profiles.push(p);
  }
  for (const s of social) {
    const p = profile(s.value);
    if (p) profiles.push(p);
  }
  for (const a of apps) profiles.push(...a.profiles);

  const custom = isObj(record.custom_fields) ? record.custom_fields : undefined;
  const applied = apps.map((a) => a.appliedAt).filter((x): x is string => x !== undefined).sort();
  const displayName = [first, last].filter(Boolean).join(' ') || undefined;
  const seenAtt = new Set<string>();
  const allAtts = [...atts, ...apps.flatMap((a) => a.attachments)].filter((a) => {
    const k = `${a.type}\u0000${a.filename}`;
    if (seenAtt.has(k)) return false;
    seenAtt.add(k);
    return true;
  });
  const rec: CandidateRecord = {
    key: `${SOURCE}:${id}`,
    source: FORMAT,
    otherNames: [],
    emails,
    phones,
    addresses: addrs.map((a) => address(a.value, a.type)),
    profiles,
    work,
    education,
    skills: [],
    jobs: [...new Set(apps.flatMap((a) => a.jobs))],
    attachments: allAtts,
    origin,
  };
  if (displayName) rec.displayName = displayName;
  if (first) rec.givenName = first;
  if (last) rec.familyName = last;
  const src = sourcing(apps, custom);
  if (src) rec.sourcing = src;
  if (applied.length > 0) rec.appliedAt = applied[0];
  if (typeof record.photo_url === 'string' && record.photo_url.trim() && record.photo_url.length <= 2048) rec.photo = { url: record.photo_url.trim() };
  return { ok: true, items: [rec] };
}

/**
 * A Harvest candidate: an id, first_name / last_name, and Greenhouse's own list names (email_addresses or
 * phone_numbers, with applications or application_ids). SCIM users (emails, phoneNumbers, userName) never have these.
 */
function sniff(record: unknown, container: Container): boolean {
  if (container === 'csv' || !isObj(record)) return false;
  if (!('id' in record) || !('first_name' in record || 'last_name' in record)) return false;
  const contact = Array.isArray(record.email_addresses) || Array.isArray(record.phone_numbers);
  return contact && (Array.isArray(record.applications) || Array.isArray(record.application_ids));
}

export const greenhouseCandidates: CandidateFormat = {
  id: FORMAT,
  title: 'Greenhouse Harvest API candidates (GET /v1/candidates: contact data, applications and their sources, attachments)',
  produces: 'candidates',
  containers: ['json-array', 'json-object', 'ndjson'],
  example: JSON.stringify({
    id: 53883394,
    first_name: 'John',
    last_name: 'Locke',
    phone_numbers: [{ value: '555-555-5555', type: 'mobile' }],
    email_addresses: [{ value: 'test@work.com', type: 'work' }],
    applications: [{ id: 69103370, applied_at: '2017-09-27T12:21:37.234Z', source: { id: 16, public_name: 'LinkedIn (Prospecting)' }, jobs: [{ id: 87752, name: 'Full Stack Engineer' }] }],
  }),
  sniff,
  parse,
};
