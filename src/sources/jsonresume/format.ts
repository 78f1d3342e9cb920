// JSON Resume documents (https://jsonresume.org/schema, v1.0.0): one resume per file, or an array of them.
// One resume → one CandidateRecord: contact data (basics), work history with declared employment types and the
// technologies each role names, education, skills, and the resume's free text (summaries + highlights) for the
// cloned-resume check. Pure; every list is capped and every pattern linear (../common/candidate.ts).
import type { CandidateAddress, CandidateRecord, EducationEntry, Profile, WorkEntry } from '../../core/candidate.ts';
import type { Origin } from '../../core/model.ts';
import type { CandidateFormat, Container, ParseOutcome } from '../types.ts';
import { countryIso2 } from '../common/country.ts';
import {
  MAX_LIST,
  email,
  employmentOf,
  isReject,
  joinText,
  partialDate,
  phone,
  profile,
  reject,
  show,
  splitName,
  technologiesIn,
  text,
  type Reject,
} from '../common/candidate.ts';
import { isObj, type Obj } from '../okta-systemlog/values.ts';

const SOURCE = 'jsonresume';

/** A list field: absent → [], an array (capped) → it, else a Reject. */
function list(v: unknown, field: string): unknown[] | Reject {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return reject(field, `not a list: ${show(v)}`);
  if (v.length > MAX_LIST) return reject(field, `${v.length} entries: more than ${MAX_LIST}`);
  return v;
}

/** Strings of a list (highlights, keywords), each trimmed; non-strings are a Reject naming the entry. */
function strings(v: unknown, field: string): string[] | Reject {
  const l = list(v, field);
  if (isReject(l)) return l;
  const out: string[] = [];
  for (let i = 0; i < l.length; i++) {
    const t = text(l[i], `${field}[${i}]`, 8_000);
    if (isReject(t)) return t;
    if (t !== undefined) out.push(t);
  }
  return out;
}

function parseWork(w: unknown, i: number, skillWords: string[]): WorkEntry | Reject {
  const f = `work[${i}]`;
  if (!isObj(w)) return reject(f, `not an object: ${show(w)}`);
  // v1.0.0 calls the employer `name`; the 0.x schema (still common) `company`
  const employer = text(w.name ?? w.company, w.name !== undefined ? `${f}.name` : `${f}.company`);
  if (isReject(employer)) return employer;
  if (employer === undefined) return reject(`${f}.name`, 'missing: the employer of a work entry (name, or company in older resumes)');
  const position = text(w.position, `${f}.position`);
  if (isReject(position)) return position;
  const start = partialDate(w.startDate, `${f}.startDate`);
  if (isReject(start)) return start;
  let endRaw = w.endDate;
  let current: boolean | undefined;
  if (typeof endRaw === 'string' && /^\s*(present|current|now|today)\s*$/i.test(endRaw)) {
    endRaw = undefined;
    current = true;
  }
  const end = partialDate(endRaw, `${f}.endDate`);
  if (isReject(end)) return end;
  if (start !== undefined && end !== undefined && end < start) return reject(`${f}.endDate`, `${end} is before startDate ${start}`);
  const summary = text(w.summary, `${f}.summary`, 20_000);
  if (isReject(summary)) return summary;
  const description = text(w.description, `${f}.description`, 20_000);
  if (isReject(description)) return description;
  const highlights = strings(w.highlights, `${f}.highlights`);
  if (isReject(highlights)) return highlights;
  const location = text(w.location, `${f}.location`);
  if (isReject(location)) return location;
  const url = text(w.url ?? w.website, w.url !== undefined ? `${f}.url` : `${f}.website`);
  if (isReject(url)) return url;
  const entry: WorkEntry = {
    employer,
    employment: employmentOf(position, summary, ...highlights),
    technologies: technologiesIn(joinText([position, summary, ...highlights]) ?? '', skillWords),
  };
  if (position !== undefined) entry.position = position;
  if (start !== undefined) entry.start = start;
  if (end !== undefined) entry.end = end;
  if (current || (end === undefined && start !== undefined)) entry.current = true;
  if (location !== undefined) entry.location = location;
  if (url !== undefined) entry.url = url;
  if (summary !== undefined) entry.summary = summary;
  return entry;
}

function parseEducation(e: unknown, i: number): EducationEntry | Reject | undefined {
  const f = `education[${i}]`;
  if (!isObj(e)) return reject(f, `not an object: ${show(e)}`);
  const institution = text(e.institution, `${f}.institution`);
  if (isReject(institution)) return institution;
  if (institution === undefined) return undefined; // an entry without a school says nothing checkable
  const area = text(e.area, `${f}.area`);
  if (isReject(area)) return area;
  const studyType = text(e.studyType, `${f}.studyType`);
  if (isReject(studyType)) return studyType;
  const start = partialDate(e.startDate, `${f}.startDate`);
  if (isReject(start)) return start;
  const end = partialDate(e.endDate, `${f}.endDate`);
  if (isReject(end)) return end;
  const out: EducationEntry = { institution };
  if (area !== undefined) out.area = area;
  if (studyType !== undefined) out.studyType = studyType;
  if (start !== undefined) out.start = start;
  if (end !== undefined) out.end = end;
  return out;
}

function parseBasics(b: Obj, rec: CandidateRecord): Reject | undefined {
  const name = text(b.name, 'basics.name', 300);
  if (isReject(name)) return name;
  if (name !== undefined) {
    rec.displayName = name;
    Object.assign(rec, splitName(name));
  }
  const mail = email(b.email, 'basics.email');
  if (isReject(mail)) return mail;
  if (mail !== undefined) rec.emails.push({ value: mail });
  const tel = phone(b.phone, 'basics.phone');
  if (isReject(tel)) return tel;
  if (tel !== undefined) rec.phones.push({ value: tel });
  const url = text(b.url ?? b.website, b.url !== undefined ? 'basics.url' : 'basics.website');
  if (isReject(url)) return url;
  const profiles: Profile[] = [];
  if (url !== undefined) {
    const p = profile(url);
    if (p) profiles.push(p);
  }
  const image = text(b.image ?? b.picture, 'basics.image');
  if (isReject(image)) return image;
  if (image !== undefined) rec.photo = { url: image };
  const loc = b.location;
  if (loc !== undefined && loc !== null) {
    if (!isObj(loc)) return reject('basics.location', `not an object: ${show(loc)}`);
    const a: CandidateAddress = { use: 'home' };
    const fields: [key: string, to: 'street' | 'postalCode' | 'locality' | 'region' | 'country'][] = [
      ['address', 'street'],
      ['postalCode', 'postalCode'],
      ['city', 'locality'],
      ['region', 'region'],
      ['countryCode', 'country'],
    ];
    for (const [k, to] of fields) {
      const v = text(loc[k], `basics.location.${k}`, 500);
      if (isReject(v)) return v;
      if (v !== undefined) a[to] = to === 'country' ? (countryIso2(v) ?? v) : v;
    }
    if (Object.keys(a).length > 1) rec.addresses.push(a);
  }
  const ps = list(b.profiles, 'basics.profiles');
  if (isReject(ps)) return ps;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    const f = `basics.profiles[${i}]`;
    if (!isObj(p)) return reject(f, `not an object: ${show(p)}`);
    const purl = text(p.url, `${f}.url`);
    if (isReject(purl)) return purl;
    const network = text(p.network, `${f}.network`, 100);
    if (isReject(network)) return network;
    const username = text(p.username, `${f}.username`, 200);
    if (isReject(username)) return username;
    const pr = profile(purl, network, username);
    if (pr) profiles.push(pr);
  }
  rec.profiles = profiles;
  return undefined;
}

function parse(record: unknown, origin: Origin): ParseOutcome<CandidateRecord> {
  if (!isObj(record)) return reject('(record)', 'not a JSON object (a JSON Resume document)');
  const basics = record.basics ?? {};
  if (!isObj(basics)) return reject('basics', `not an object: ${show(basics)}`);
  const rec: CandidateRecord = {
    key: '',
    source: SOURCE,
    otherNames: [],
    emails: [],
    phones: [],
    addresses: [],
    profiles: [],
    work: [],
    education: [],
    skills: [],
    jobs: [],
    attachments: [],
    origin,
  };
  const bad = parseBasics(basics, rec);
  if (bad) return bad;

  // skills first: their keywords are the candidate's own technology words for matching the work entries
  const skills = list(record.skills, 'skills');
  if (isReject(skills)) return skills;
  const skillWords: string[] = [];
  /** Keywords (and plain-string skills) only: a skill's name is often a category ("Backend", "Web Development"). */
  const techWords: string[] = [];
  for (let i = 0; i < skills.length; i++) {
    const s = skills[i];
    if (typeof s === 'string') {
      if (s.trim()) {
        skillWords.push(s.trim());
        techWords.push(s.trim());
      }
      continue;
    }
    if (!isObj(s)) return reject(`skills[${i}]`, `not an object: ${show(s)}`);
    const name = text(s.name, `skills[${i}].name`, 200);
    if (isReject(name)) return name;
    if (name !== undefined) skillWords.push(name);
    const kw = strings(s.keywords, `skills[${i}].keywords`);
    if (isReject(kw)) return kw;
    for (const k of kw) if (k.length <= 200) skillWords.push(k), techWords.push(k);
  }
  rec.skills = [...new Set(skillWords)].slice(0, MAX_LIST);

  const work = list(record.work, 'work');
  if (isReject(work)) return work;
  const highlights: string[] = [];
  for (let i = 0; i < work.length; i++) {
    const w = parseWork(work[i], i, techWords);
    if (isReject(w)) return w;
    rec.work.push(w);
    const h = (work[i] as Obj).highlights;
    if (Array.isArray(h)) for (const x of h) if (typeof x === 'string') highlights.push(x);
  }
  const edu = list(record.education, 'education');
  if (isReject(edu)) return edu;
  for (let i = 0; i < edu.length; i++) {
    const e = parseEducation(edu[i], i);
    if (isReject(e)) return e;
    if (e) rec.education.push(e);
  }
  const projects = list(record.projects, 'projects');
  if (isReject(projects)) return projects;
  const projectText: string[] = [];
  for (const p of projects) {
    if (!isObj(p)) continue;
    if (typeof p.description === 'string') projectText.push(p.description);
    if (Array.isArray(p.highlights)) for (const x of p.highlights) if (typeof x === 'string') projectText.push(x);
  }
  const summary = typeof basics.summary === 'string' ? basics.summary : undefined;
  rec.resumeText = joinText([summary, ...rec.work.map((w) => w.summary), ...highlights, ...projectText]);

  const mail = rec.emails[0]?.value;
  rec.key = mail ? `${SOURCE}:${mail.toLowerCase()}` : `${SOURCE}:${origin.file}#${origin.index ?? origin.line ?? 0}`;
  if (!rec.displayName && rec.emails.length === 0 && rec.phones.length === 0 && rec.work.length === 0)
    return reject('basics', 'a resume with no name, e-mail, phone or work history says nothing about a candidate');
  return { ok: true, items: [rec] };
}

/**
 * A JSON Resume: a `basics` object holding a name, e-mail or label, next to at least one of the resume sections
 * (work, education, skills, projects, meta) — or a `$schema` naming jsonresume. The job description schema of the
 * same project (`sample.job.json`: title, company, skills, no basics) is not a resume.
 */
function sniff(record: unknown, container: Container): boolean {
  if (container === 'csv' || !isObj(record)) return false;
  if (typeof record.$schema === 'string' && record.$schema.includes('jsonresume/resume-schema')) return true;
  const b = record.basics;
  if (!isObj(b) || !('name' in b || 'email' in b || 'label' in b)) return false;
  return Array.isArray(record.work) || Array.isArray(record.education) || Array.isArray(record.skills) || Array.isArray(record.projects) || isObj(record.meta);
}

export const jsonResume: CandidateFormat = {
  id: SOURCE,
  title: 'JSON Resume documents (jsonresume.org schema v1: basics, work, education, skills)',
  produces: 'candidates',
  containers: ['json-object', 'json-array', 'ndjson'],
  example: JSON.stringify({
    basics: { name: 'Richard Hendriks', email: 'richard.hendriks@mail.com', phone: '(912) 555-4321', location: { city: 'San Francisco', countryCode: 'US' } },
    work: [{ name: 'Pied Piper', position: 'CEO/President', startDate: '2013-12-01', endDate: '2014-12-01' }],
  }),
  sniff,
  parse,
};
