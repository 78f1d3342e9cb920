// A synthetic applicant pool for measuring vetting (stage one): honest candidates with realistic careers, planted
// fraudulent candidates as real schemes look (one phone behind several names, cloned resumes, technologies before
// they existed, concurrent full-time jobs, throwaway mailboxes, foreign or impossible phones for a US home, an
// employee's phone or address, laptops shipped to a farm, camera refused, references by e-mail only, referral
// rings) and honest candidates who look odd for ordinary reasons (hard negatives). Written as
//   resumes/<name>-<n>.json          JSON Resume (jsonresume.org schema v1.0.0), one per candidate
//   greenhouse/candidates-NNNN.json  Greenhouse Harvest v1 GET /v1/candidates pages (≤ 500 a page), for the
//                                    candidates known only from the ATS
//   interviews.json                  interview / verification records (our own documented JSON)
// and the answer key (applicants-truth.ts) beside the folder, `<outDir>-truth.json`: never among the files the product
// reads (the company generator folds it into its own truth.json instead).
// Deterministic per seed (prng.ts). The truth is the generator's intent: no import from src/intel, src/vetting or
// data/ (applicants.test.ts checks it), its own table of technology years (applicants-data.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import * as D from './applicants-data.ts';
import { APPLICANT_TRUTH_SCHEMA, type ApplicantTruth, type ApplicantTruthEntry, type HardNegative, type PlantedCase } from './applicants-truth.ts';
import { DE_FAMILY, DE_GIVEN, DE_STREETS, IN_FAMILY, IN_GIVEN, IN_STREETS, KR_FAMILY, KR_GIVEN, KR_STREETS, US_FAMILY, US_GIVEN, US_STREET_NAMES, US_STREET_SUFFIX } from './names.ts';
import { Rng } from './prng.ts';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

/** An employee of the company (from its directory), whose phone or home a planted candidate reuses. */
export interface EmployeeRef {
  displayName: string;
  given: string;
  family: string;
  /** work e-mail / UPN */
  email: string;
  department?: string;
  /** as the directory writes it */
  phone: string;
  /** ISO country of the phone and home */
  country: string;
  /** national significant digits of the phone */
  phoneDigits: string;
  home: { streetAddress: string; locality: string; region?: string; postalCode?: string; country: string };
}

export interface GenerateApplicantsOptions {
  seed?: number;
  outDir: string;
  /** candidates in the pool (default 3000, at least 150) */
  count?: number;
  /** ISO date the pool is seen at (default 2026-09-01): applications fall in the five months before */
  now?: string;
  /** the company's staff (the planted employee-phone / employee-address cases and the household negatives need them) */
  employees?: EmployeeRef[];
  /** where the answer key goes (default `<outDir>-truth.json`: beside the folder, never in what the product reads); false: not written (the caller keeps it) */
  truthFile?: string | false;
}

interface Addr {
  street: string;
  locality: string;
  region?: string;
  postalCode?: string;
  country: string;
}

interface Phone {
  e164: string;
  display: string;
  country: string;
}

interface Employer {
  name: string;
  domain: string;
  location: string;
}

interface Job {
  employer: Employer;
  position: string;
  start: number;
  /** undefined: current */
  end?: number;
  employment: 'full-time' | 'part-time' | 'internship';
  tech: string[];
  summary: string;
  highlights: string[];
}

interface Edu {
  institution: string;
  area: string;
  studyType: string;
  start: number;
  end: number;
}

interface Reference {
  name: string;
  email: string;
  phone?: string;
  company: string;
  channel: 'phone' | 'video' | 'email' | 'none';
  reached: boolean;
}

interface Cand {
  n: number;
  given: string;
  family: string;
  email: string;
  phone: Phone;
  home: Addr;
  track: D.Track;
  jobs: Job[];
  education: Edu[];
  summary: string;
  label: string;
  dayDates: boolean;
  appliedMs: number;
  linkedin: string;
  github?: string;
  /** a GitHub users + commits export of the account (github/<login>.json) */
  githubExport?: { created: number; repos: number; followers: number; tz: string; commits: number };
  fraud: boolean;
  cases: Set<PlantedCase>;
  negatives: Set<HardNegative>;
  groups: Partial<Record<PlantedCase, string>>;
  greenhouse: boolean;
  interview?: {
    cameraOn: boolean;
    idShown: boolean;
    documentCheck: 'passed' | 'failed' | 'not done';
    references: Reference[];
    shipping?: Addr;
    sourcing: { channel: 'agency' | 'referral' | 'job-board' | 'cold' | 'direct' | 'internal' | 'unknown'; name?: string; referrer?: string };
    recorded: boolean;
  };
  /** sourcing known without an interview (Greenhouse application source) */
  sourcing?: NonNullable<Cand['interview']>['sourcing'];
  note?: string;
}

const ascii = (s: string): string =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const yearOf = (ms: number): number => new Date(ms).getUTCFullYear();
const dateMs = (y: number, m: number, d = 1): number => Date.UTC(y, m - 1, d);

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** Minutes east of UTC of an IANA zone at an instant (DST included), from the platform's time-zone data. */
function offsetMinutes(tz: string, ms: number): number {
  let f = offsetFormats.get(tz);
  if (!f) offsetFormats.set(tz, (f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}
const offsetText = (min: number): string => `${min < 0 ? '-' : '+'}${String(Math.floor(Math.abs(min) / 60)).padStart(2, '0')}:${String(Math.abs(min) % 60).padStart(2, '0')}`;
const offsetAt = (tz: string, ms: number): string => offsetText(offsetMinutes(tz, ms));
/** "2026-03-04T10:12:03+09:00": the instant as the author's clock showed it, with its offset (as git records it). */
const localIso = (utc: number, offMin: number): string => `${new Date(utc + offMin * 60_000).toISOString().slice(0, 19)}${offsetText(offMin)}`;

const COMMIT_MESSAGES = ['Fix {p} pagination', 'Add tests for the {p} parser', 'Refactor {p} client', 'Update dependencies', 'Bump version', 'Handle empty {p} response', 'Add {p} endpoint', 'Docs: {p} setup', 'WIP {p} screen', 'Merge branch main', 'Tidy {p} config', 'Improve {p} error messages'];

// ---------------------------------------------------------------------------------------------------------------
// Phones: generated by shape, kept when libphonenumber (full metadata) says the honest number is valid. Planted
// numbers are the generator's intent (foreign, VoIP, impossible) whatever a library says.

const PHONE_SHAPES: Record<string, { cc: string; prefix: string[]; digits: number }> = {
  GB: { cc: '44', prefix: ['74', '75', '77', '78', '79'], digits: 8 },
  DE: { cc: '49', prefix: ['151', '152', '157', '160', '162', '170', '171', '176'], digits: 8 },
  IN: { cc: '91', prefix: ['98', '99', '97', '90', '81', '70', '63'], digits: 8 },
  KR: { cc: '82', prefix: ['10'], digits: 8 },
  PL: { cc: '48', prefix: ['50', '51', '53', '57', '60', '66', '69', '72', '79', '88'], digits: 7 },
};

function validNumber(e164: string, country: string, mobileOnly: boolean): boolean {
  const p = parsePhoneNumberFromString(e164);
  if (!p || !p.isValid() || p.country !== (country as CountryCode)) return false;
  const t = p.getType();
  return !mobileOnly || t === 'MOBILE' || t === 'FIXED_LINE_OR_MOBILE';
}

function usStyle(rng: Rng, a: string, b: string, c: string): string {
  return rng.pick([`+1 ${a}-${b}-${c}`, `(${a}) ${b}-${c}`, `+1${a}${b}${c}`, `${a}.${b}.${c}`, `+1 (${a}) ${b}-${c}`, `${a}-${b}-${c}`, `+1 ${a} ${b} ${c}`]);
}

/** A valid North American number of one of the area codes (country US or CA), unique in the pool. */
function nanpPhone(rng: Rng, areas: string[], country: 'US' | 'CA', taken: Set<string>): Phone {
  for (let i = 0; ; i++) {
    const a = rng.pick(areas);
    let exch = rng.int(201, 998);
    if (exch % 100 === 11 || exch === 555 || exch === 950 || exch === 958 || exch === 959 || exch === 976) continue;
    const b = String(exch);
    const c = String(rng.int(0, 9999)).padStart(4, '0');
    const e164 = `+1${a}${b}${c}`;
    if (taken.has(e164) || !validNumber(e164, country, true)) {
      if (i > 200) throw new Error(`applicants: no valid ${country} number in area codes ${areas.join(',')}`);
      continue;
    }
    taken.add(e164);
    return { e164, display: usStyle(rng, a, b, c), country };
  }
}

function abroadPhone(rng: Rng, country: string, taken: Set<string>): Phone {
  const s = PHONE_SHAPES[country];
  for (let i = 0; ; i++) {
    let rest = '';
    for (let k = 0; k < s.digits; k++) rest += String(rng.int(0, 9));
    const e164 = `+${s.cc}${rng.pick(s.prefix)}${rest}`;
    if (taken.has(e164) || !validNumber(e164, country, true)) {
      if (i > 500) throw new Error(`applicants: no valid ${country} mobile number`);
      continue;
    }
    taken.add(e164);
    const p = parsePhoneNumberFromString(e164)!;
    return { e164, display: rng.chance(0.8) ? p.formatInternational() : e164, country };
  }
}

/** Another way of writing the same number (clones, shared phones and reused employee phones are rewritten). */
function rewrite(rng: Rng, p: Phone): string {
  if (p.e164.startsWith('+1') && p.e164.length === 12) {
    const d = p.e164.slice(2);
    for (let i = 0; i < 10; i++) {
      const s = usStyle(rng, d.slice(0, 3), d.slice(3, 6), d.slice(6));
      if (s !== p.display) return s;
    }
  }
  const f = parsePhoneNumberFromString(p.e164);
  return f ? (p.display === f.formatInternational() ? f.number : f.formatInternational()) : p.e164;
}

// ---------------------------------------------------------------------------------------------------------------
// Places

const ABROAD: Record<string, { city: string; region: string; tz: string; given: readonly string[]; family: readonly string[]; mail: string[]; school: string[] }> = {
  GB: { tz: 'Europe/London', city: 'London', region: 'England', given: US_GIVEN, family: US_FAMILY, mail: ['gmail.com', 'outlook.com', 'hotmail.co.uk', 'btinternet.com', 'yahoo.co.uk'], school: ['University of Manchester', 'University of Leeds', 'King\'s College London', 'University of Bristol'] },
  DE: { tz: 'Europe/Berlin', city: 'Berlin', region: 'Berlin', given: DE_GIVEN, family: DE_FAMILY, mail: ['gmail.com', 'web.de', 'gmx.de', 'posteo.de', 't-online.de'], school: ['Technische Universität Berlin', 'Humboldt-Universität zu Berlin', 'Universität Potsdam', 'Hochschule für Technik und Wirtschaft Berlin'] },
  IN: { tz: 'Asia/Kolkata', city: 'Bengaluru', region: 'Karnataka', given: IN_GIVEN, family: IN_FAMILY, mail: ['gmail.com', 'gmail.com', 'yahoo.co.in', 'rediffmail.com', 'outlook.com'], school: ['Visvesvaraya Technological University', 'Bangalore University', 'PES University', 'R. V. College of Engineering'] },
  CA: { tz: 'America/Toronto', city: 'Toronto', region: 'ON', given: US_GIVEN, family: US_FAMILY, mail: ['gmail.com', 'outlook.com', 'yahoo.ca', 'hotmail.com', 'rogers.com'], school: ['University of Toronto', 'University of Waterloo', 'York University', 'Toronto Metropolitan University'] },
  KR: { tz: 'Asia/Seoul', city: 'Seoul', region: 'Seoul', given: KR_GIVEN, family: KR_FAMILY, mail: ['gmail.com', 'naver.com', 'naver.com', 'daum.net', 'kakao.com'], school: ['Seoul National University', 'Korea University', 'Yonsei University', 'Hanyang University'] },
  PL: { tz: 'Europe/Warsaw', city: 'Warsaw', region: 'Mazowieckie', given: ['Jakub', 'Anna', 'Piotr', 'Katarzyna', 'Tomasz', 'Magdalena', 'Michał', 'Agnieszka', 'Paweł', 'Joanna'], family: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański'], mail: ['gmail.com', 'wp.pl', 'onet.pl', 'o2.pl', 'interia.pl'], school: ['Politechnika Warszawska', 'Uniwersytet Warszawski', 'Akademia Górniczo-Hutnicza', 'Politechnika Wrocławska'] },
};
const PL_STREETS = ['ul. Marszałkowska', 'ul. Puławska', 'ul. Grochowska', 'ul. Mokotowska', 'ul. Żelazna', 'al. Jana Pawła II'];
const GB_STREETS = ['Mare Street', 'Essex Road', 'Brixton Road', 'Holloway Road', 'Kingsland Road', 'Lordship Lane', 'Stroud Green Road'];
const CA_STREETS = ['Queen Street West', 'Dundas Street East', 'Bathurst Street', 'Spadina Avenue', 'Danforth Avenue', 'Ossington Avenue'];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function abroadAddress(rng: Rng, country: string): Addr {
  const d = ABROAD[country];
  switch (country) {
    case 'GB':
      return { street: `${rng.int(1, 240)} ${rng.pick(GB_STREETS)}`, locality: 'London', postalCode: `${rng.pick(['E2', 'E8', 'N1', 'N16', 'SE5', 'SW9', 'NW5'])} ${rng.int(1, 9)}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}`, country };
    case 'DE':
      return { street: `${rng.pick(DE_STREETS)} ${rng.int(1, 140)}`, locality: 'Berlin', region: 'Berlin', postalCode: `10${rng.int(115, 999)}`, country };
    case 'IN':
      return { street: `${rng.int(1, 999)}, ${rng.pick(IN_STREETS)}`, locality: 'Bengaluru', region: 'Karnataka', postalCode: `560${String(rng.int(1, 103)).padStart(3, '0')}`, country };
    case 'CA':
      return { street: `${rng.int(10, 2400)} ${rng.pick(CA_STREETS)}`, locality: 'Toronto', region: 'ON', postalCode: `M${rng.int(1, 9)}${rng.pick([...'ABCEGHJKLMNPRSTVWXY'])} ${rng.int(1, 9)}${rng.pick([...'ABCEGHJKLMNPRSTVWXYZ'])}${rng.int(0, 9)}`, country };
    case 'KR':
      return { street: `${rng.int(1, 520)} ${rng.pick(KR_STREETS)}, ${rng.pick(['Gangnam-gu', 'Mapo-gu', 'Seocho-gu', 'Songpa-gu'])}`, locality: 'Seoul', region: 'Seoul', postalCode: String(rng.int(1000, 8899)).padStart(5, '0'), country };
    default:
      return { street: `${rng.pick(PL_STREETS)} ${rng.int(1, 180)}`, locality: d.city, region: d.region, postalCode: `0${rng.int(0, 4)}-${String(rng.int(1, 999)).padStart(3, '0')}`, country };
  }
}

type City = (typeof D.US_CITIES)[number];

interface PersonOpts {
  country?: string;
  fraud?: boolean;
  given?: string;
  family?: string;
  home?: Addr;
  city?: City;
}

function usAddress(rng: Rng, city: City): Addr {
  const suffix = rng.pick(US_STREET_SUFFIX);
  const unit = rng.chance(0.25) ? ` Apt ${rng.int(1, 30)}${rng.pick(['', 'A', 'B', 'C'])}` : '';
  return {
    street: `${rng.int(100, 9899)} ${rng.pick(US_STREET_NAMES)} ${suffix[0]}${unit}`,
    locality: city.city,
    region: rng.chance(0.8) ? city.state : city.stateName,
    postalCode: `${rng.pick(city.zip)}${String(rng.int(1, 99)).padStart(2, '0')}`,
    country: 'US',
  };
}

/** The same US street written the long way ("Ave" → "Avenue", "Apt" → "Apartment #"). */
function longForm(a: Addr): Addr {
  let street = a.street;
  for (const [short, long] of US_STREET_SUFFIX) street = street.replace(new RegExp(`\\b${short}\\b`), long);
  street = street.replace(/ Apt (\S+)$/, ', Apartment $1');
  const stateName = D.US_CITIES.find((c) => c.state === a.region)?.stateName;
  return { ...a, street, region: stateName ?? a.region };
}

// ---------------------------------------------------------------------------------------------------------------

export function generateApplicants(opts: GenerateApplicantsOptions): { truth: ApplicantTruth; files: string[] } {
  const seed = opts.seed ?? 1;
  const count = opts.count ?? 3000;
  const now = opts.now ?? '2026-09-01';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(now)) throw new Error(`generateApplicants: now must be an ISO date (YYYY-MM-DD), got "${now}"`);
  if (!(Number.isInteger(count) && count >= 150)) throw new Error(`generateApplicants: count must be an integer of at least 150, got ${count}`);
  const pool = new Pool(new Rng(seed).fork('applicants'), count, Date.parse(`${now}T00:00:00Z`), (opts.employees ?? []).filter((e) => e.country === 'US'));
  pool.build();
  return pool.write(opts.outDir, seed, now, opts.truthFile);
}

class Pool {
  readonly cands: Cand[] = [];
  private readonly emails = new Set<string>();
  private readonly phones = new Set<string>();
  private readonly employers: Employer[] = [];
  private readonly nowYear: number;
  private readonly unit: number;
  private readonly used = new Set<EmployeeRef>();
  private readonly referrals = new Map<EmployeeRef, number>();
  private readonly logins = new Set<string>();
  private group = 0;

  constructor(
    private readonly rng: Rng,
    private readonly count: number,
    private readonly nowMs: number,
    private readonly employees: EmployeeRef[],
  ) {
    this.nowYear = yearOf(nowMs);
    this.unit = Math.max(1, Math.round(count / 1000));
    const r = rng.fork('employers');
    const names = new Set<string>();
    while (this.employers.length < 140) {
      const [kind, tld] = r.pick(D.EMPLOYER_KIND);
      const first = r.pick(D.EMPLOYER_FIRST);
      const name = `${first} ${kind}`;
      if (names.has(name)) continue;
      names.add(name);
      const c = r.pick(D.US_CITIES);
      this.employers.push({ name, domain: `${ascii(first)}${ascii(kind.split(' ')[0])}.${tld}`, location: r.chance(0.3) ? 'Remote' : `${c.city}, ${c.state}` });
    }
  }

  // --- people ---------------------------------------------------------------------------------------------------

  private mailFor(rng: Rng, given: string, family: string, domains: string[], digits = false): string {
    const g = ascii(given);
    const f = ascii(family);
    for (;;) {
      const local = digits
        ? rng.pick([`${g}.${f}${rng.int(10, 99)}`, `${g}${f}${rng.int(100, 999)}`, `${g}.dev${rng.int(1, 99)}`, `${f}${g}${rng.int(80, 99)}`, `${g}${f}.tech`])
        : rng.pick([`${g}.${f}`, `${g}${f}`, `${g[0]}${f}`, `${g}.${f}${rng.int(1, 99)}`, `${f}.${g}`, `${g}${f}${rng.int(70, 99)}`, `${g}_${f}`, `${g[0]}.${f}`]);
      const mail = `${local}@${rng.pick(domains)}`;
      if (!this.emails.has(mail)) {
        this.emails.add(mail);
        return mail;
      }
    }
  }

  /** A person: who they are and where they live (honest unless made otherwise). */
  private person(rng: Rng, opts: PersonOpts = {}): Cand {
    const country = opts.country ?? 'US';
    const intl = country !== 'US';
    const names = intl ? ABROAD[country] : { given: US_GIVEN, family: US_FAMILY };
    const given = opts.given ?? rng.pick(names.given);
    const family = opts.family ?? rng.pick(names.family);
    const negatives = new Set<HardNegative>();
    let home: Addr;
    let phone: Phone;
    let mailDomains: string[];
    if (intl) {
      home = opts.home ?? abroadAddress(rng, country);
      phone = country === 'CA' ? nanpPhone(rng, ['416', '647', '437'], 'CA', this.phones) : abroadPhone(rng, country, this.phones);
      mailDomains = ABROAD[country].mail;
      negatives.add('international');
    } else {
      const city = opts.city ?? D.US_CITIES.find((c) => c.city === opts.home?.locality) ?? rng.pick(D.US_CITIES);
      home = opts.home ?? usAddress(rng, city);
      const other = !opts.fraud && rng.chance(0.12);
      const areas = other ? rng.pick(D.US_CITIES.filter((c) => c.state !== city.state)).area : city.area;
      if (other) negatives.add('phone-other-state');
      phone = nanpPhone(rng, areas, 'US', this.phones);
      mailDomains = D.FREE_MAIL_US;
    }
    const email = this.mailFor(rng, given, family, mailDomains, opts.fraud && rng.chance(0.6));
    negatives.add('free-mail');
    const track = rng.pick(D.TRACKS);
    const c: Cand = {
      n: this.cands.length,
      given,
      family,
      email,
      phone,
      home,
      track,
      jobs: [],
      education: [],
      summary: '',
      label: '',
      dayDates: rng.chance(0.7),
      appliedMs: this.nowMs - rng.int(3, 150) * DAY,
      linkedin: `https://www.linkedin.com/in/${ascii(given)}-${ascii(family)}-${rng.hex(6)}`,
      github: rng.chance(0.55) ? this.githubUrl(rng, given, family) : undefined,
      fraud: opts.fraud ?? false,
      cases: new Set(),
      negatives: opts.fraud ? new Set() : negatives,
      groups: {},
      greenhouse: false,
    };
    this.career(rng, c, country, opts.fraud ? rng.int(30, 42) : rng.int(25, 58));
    this.cands.push(c);
    return c;
  }

  private githubUrl(rng: Rng, given: string, family: string): string {
    for (;;) {
      const login = rng.pick([`${ascii(given)[0]}${ascii(family)}`, `${ascii(given)}-${ascii(family)}`, `${ascii(given)}${ascii(family)}`, `${ascii(family)}${ascii(given)[0]}`]) + (rng.chance(0.4) ? String(rng.int(1, 99)) : '');
      if (login.length <= 39 && !this.logins.has(login)) {
        this.logins.add(login);
        return `https://github.com/${login}`;
      }
    }
  }

  private employer(rng: Rng, not: Job[]): Employer {
    for (;;) {
      const e = rng.pick(this.employers);
      if (!not.some((j) => j.employer === e)) return e;
    }
  }

  /** Education, then 2–6 jobs from graduation to now, titles rising with experience, technologies of their time. */
  private career(rng: Rng, c: Cand, country: string, age: number): void {
    const gradYear = this.nowYear - (age - 22);
    const school = country === 'US' ? rng.pick(D.US_SCHOOLS) : rng.pick(ABROAD[country].school);
    const city = D.US_CITIES.find((x) => x.city === c.home.locality) ?? rng.pick(D.US_CITIES);
    const institution = school.replace('{state}', city.stateName).replace('{city}', city.city);
    const [studyType] = rng.weighted<[string, string]>([[D.DEGREES[0], 6], [D.DEGREES[1], 1], [D.DEGREES[3], 1]]);
    const area = rng.pick(c.track.area);
    c.education.push({ institution, area, studyType, start: dateMs(gradYear - (studyType.startsWith('Associate') ? 2 : 4), 9), end: dateMs(gradYear, 5, rng.int(10, 25)) });
    let careerStart = dateMs(gradYear, rng.int(6, 9), rng.int(1, 28));
    if (rng.chance(0.2) && age >= 27) {
      c.education.push({ institution: rng.pick([institution, country === 'US' ? `${city.city} Institute of Technology` : ABROAD[country].school[0]]), area, studyType: 'Master of Science', start: dateMs(gradYear, 9), end: dateMs(gradYear + 2, 5, rng.int(10, 25)) });
      careerStart += 2 * YEAR;
    }
    const span = (this.nowMs - careerStart) / YEAR;
    const n = Math.max(2, Math.min(6, Math.round(span / rng.range(2.2, 4.5))));
    const gapAt = !c.fraud && n >= 3 && rng.chance(0.07) ? rng.int(1, n - 1) : -1;
    const overlapAt = !c.fraud && n >= 3 && rng.chance(0.07) ? rng.int(1, n - 1) : -1;
    const current = rng.chance(0.82);
    const gaps = Array.from({ length: n }, (_, i) => (i === gapAt ? rng.int(380, 720) : i === 0 ? 0 : rng.int(0, 80)) * DAY);
    const tail = current ? 0 : rng.int(30, 150) * DAY;
    const total = this.nowMs - careerStart - tail - gaps.reduce((s, g) => s + g, 0);
    const w = Array.from({ length: n }, () => rng.range(0.6, 1.6));
    const ws = w.reduce((s, x) => s + x, 0);
    let t = careerStart;
    for (let i = 0; i < n; i++) {
      t += gaps[i];
      const start = i === overlapAt ? t - rng.int(10, 28) * DAY : t;
      const dur = (w[i] / ws) * total;
      const end = i === n - 1 && current ? undefined : t + dur;
      const years = (start - careerStart) / YEAR;
      const level = i === 0 && span < 6 ? 0 : Math.min(3, Math.floor(years / 3.2) + (i > 0 ? 1 : 0));
      const intern = i === 0 && rng.chance(0.12);
      const job: Job = {
        employer: this.employer(rng, c.jobs),
        position: intern ? `${c.track.titles[1].replace(/^(Senior |Junior )/, '')} Intern` : c.track.titles[level],
        start,
        end: end === undefined ? undefined : Math.min(end, this.nowMs - DAY),
        employment: intern ? 'internship' : 'full-time',
        tech: [],
        summary: '',
        highlights: [],
      };
      this.fillJob(rng, c, job);
      c.jobs.push(job);
      t += dur;
    }
    if (gapAt >= 0) c.negatives.add('career-gap');
    if (overlapAt >= 0) c.negatives.add('job-change-overlap');
    // A declared part-time contract beside a full-time job.
    if (!c.fraud && rng.chance(0.05)) {
      const host = c.jobs.filter((j) => (j.end ?? this.nowMs) - j.start > 2 * YEAR).at(-1);
      if (host) {
        const start = host.start + rng.int(120, 360) * DAY;
        const end = Math.min(start + rng.int(180, 540) * DAY, (host.end ?? this.nowMs) - DAY);
        const side: Job = { employer: this.employer(rng, c.jobs), position: `${c.track.titles[1]} (part-time contract)`, start, end, employment: 'part-time', tech: [], summary: '', highlights: [] };
        this.fillJob(rng, c, side);
        side.summary = `Part-time contract, about ${rng.pick([10, 12, 15, 16, 20])} hours a week, alongside my full-time role at ${host.employer.name}.`;
        c.jobs.push(side);
        c.jobs.sort((a, b) => a.start - b.start);
        c.negatives.add('part-time-beside-job');
      }
    }
    this.summarise(rng, c, careerStart);
  }

  /** Technologies released at least a year before the job started (or adopted later in a long job, with the year). */
  private fillJob(rng: Rng, c: Cand, job: Job): void {
    const y0 = yearOf(job.start);
    const y1 = yearOf(job.end ?? this.nowMs);
    const ok = c.track.tech.filter((t) => D.TECH_YEAR[t] + 1 <= y0);
    const older = Object.keys(D.TECH_YEAR).filter((t) => D.TECH_YEAR[t] + 1 <= y0 && D.TECH_YEAR[t] <= 1992);
    const pool = ok.length ? ok : older;
    // newer technologies weigh more (a team uses the tools of its day)
    const picked = new Set<string>();
    const k = rng.int(2, 4);
    for (let i = 0; i < 12 && picked.size < Math.min(k, pool.length); i++) picked.add(rng.weighted(pool.map((t) => [t, 1 + Math.max(0, D.TECH_YEAR[t] - 1995) / 4] as const)));
    job.tech = [...picked];
    const pr = () => rng.pick(D.PRODUCTS);
    const num = () => String(rng.pick([3, 4, 5, 6, 8, 12, 15, 20, 25, 30, 35, 40, 60]));
    const hs = rng.sample(D.HIGHLIGHTS, rng.int(2, 4));
    job.highlights = hs.map((h, i) => h.replace('{t}', job.tech[i % job.tech.length]).replace('{p}', pr()).replace('{n}', num()));
    job.summary = rng.pick([`Worked on the ${pr()} and ${pr()} teams.`, `${job.employer.name.split(' ')[1] ?? 'Technology'} company; I owned parts of the ${pr()} platform.`, `Member of the ${pr()} group.`, `Engineering for the ${pr()} product line.`, '']);
    const late = c.track.tech.filter((t) => D.TECH_YEAR[t] + 1 > y0 && D.TECH_YEAR[t] + 1 <= y1 - 1);
    if (!c.fraud && late.length && y1 - y0 >= 3 && rng.chance(0.1)) {
      const t = rng.pick(late);
      const when = rng.int(D.TECH_YEAR[t] + 1, y1 - 1);
      job.highlights.push(`Led the adoption of ${t} in ${when}, starting with the ${pr()} service.`);
      job.tech.push(t);
      c.negatives.add('tech-adopted-mid-job');
    }
  }

  private summarise(rng: Rng, c: Cand, careerStart: number): void {
    const years = Math.max(2, Math.floor((this.nowMs - careerStart) / YEAR));
    const last = c.jobs.filter((j) => j.employment === 'full-time').at(-1) ?? c.jobs.at(-1)!;
    const techs = [...new Set(c.jobs.slice(-2).flatMap((j) => j.tech))];
    const t1 = techs[0] ?? c.track.tech[0];
    const t2 = techs.find((t) => t !== t1) ?? c.track.tech[1];
    const fill = (s: string) =>
      s
        .replace('{title}', last.position)
        .replace('{lower}', last.position.toLowerCase())
        .replace('{years}', String(years))
        .replace('{domain}', rng.pick(D.DOMAINS))
        .replace('{industries}', rng.pick(D.INDUSTRIES))
        .replace('{city}', c.home.locality)
        .replace('{area}', c.education[0]?.area.toLowerCase() ?? 'engineering')
        .replace('{t1}', t1)
        .replace('{t2}', t2);
    c.summary = [fill(rng.pick(D.SUMMARY_OPEN)), fill(rng.pick(D.SUMMARY_MIDDLE)), fill(rng.pick(D.SUMMARY_CLOSE))].filter(Boolean).join(' ');
    c.label = last.position;
  }

  // --- interviews -------------------------------------------------------------------------------------------------

  private interviewer(rng: Rng): string {
    const people = this.employees.filter((e) => e.department === 'People');
    return people.length ? rng.pick(people).displayName : rng.pick(D.RECRUITERS);
  }

  private honestReference(rng: Rng, c: Cand, channel: Reference['channel']): Reference {
    const job = rng.pick(c.jobs);
    const g = rng.pick(US_GIVEN);
    const f = rng.pick(US_FAMILY);
    const ref: Reference = { name: `${g} ${f}`, email: `${ascii(g)}.${ascii(f)}@${job.employer.domain}`, company: job.employer.name, channel, reached: true };
    if (channel !== 'email') ref.phone = nanpPhone(rng, rng.pick(D.US_CITIES).area, 'US', this.phones).display;
    return ref;
  }

  private honestInterview(rng: Rng, c: Cand): void {
    const refs: Reference[] = [];
    const nRefs = rng.int(1, 3);
    const byMail = nRefs >= 2 && rng.chance(0.12) ? rng.int(0, nRefs - 1) : -1;
    for (let i = 0; i < nRefs; i++) refs.push(this.honestReference(rng, c, i === byMail ? 'email' : rng.chance(0.8) ? 'phone' : 'video'));
    if (byMail >= 0) c.negatives.add('one-reference-by-email');
    let shipping: Addr | undefined = c.home;
    const s = rng.next();
    if (s < 0.18 && c.home.country === 'US') {
      shipping = longForm(c.home);
      if (shipping.street !== c.home.street || shipping.region !== c.home.region) c.negatives.add('shipping-written-differently');
    } else if (s > 0.9) shipping = undefined;
    c.interview = { cameraOn: true, idShown: true, documentCheck: rng.chance(0.8) ? 'passed' : 'not done', references: refs, shipping, sourcing: c.sourcing ?? this.honestSourcing(rng, c), recorded: rng.chance(0.92) };
  }

  private honestSourcing(rng: Rng, c: Cand): NonNullable<Cand['sourcing']> {
    const r = rng.next();
    if (r < 0.45) return { channel: 'job-board', name: rng.pick(D.JOB_BOARDS) };
    if (r < 0.65) return { channel: 'direct', name: 'Careers page' };
    if (r < 0.77) {
      // an employee refers one or two people (never more: several referrals by one person is a planted ring)
      const free = this.employees.filter((e) => (this.referrals.get(e) ?? 0) < 2);
      if (!free.length) return { channel: 'job-board', name: rng.pick(D.JOB_BOARDS) };
      const e = rng.pick(free);
      this.referrals.set(e, (this.referrals.get(e) ?? 0) + 1);
      c.negatives.add('employee-referral');
      return { channel: 'referral', name: 'Employee referral', referrer: e.email };
    }
    if (r < 0.88) {
      c.negatives.add('agency-sourced');
      return { channel: 'agency', name: rng.pick(D.HONEST_AGENCIES) };
    }
    if (r < 0.96) return { channel: 'job-board', name: 'LinkedIn' };
    return { channel: 'internal', name: 'Internal transfer' };
  }

  // --- the pool -----------------------------------------------------------------------------------------------

  build(): void {
    const hr = this.rng.fork('honest');
    const fr = this.rng.fork('fraud');
    const u = this.unit;
    // Planted schemes first (their members are made for the scheme), then honest people up to the count.
    const frauds: Cand[] = [];
    const fraud = (f: PersonOpts = {}) => {
      const c = this.person(fr, { ...f, fraud: true });
      frauds.push(c);
      return c;
    };
    const gid = (kind: string) => `${kind}-${++this.group}`;
    const plant = (c: Cand, k: PlantedCase, group?: string) => {
      c.cases.add(k);
      if (group) c.groups[k] = group;
    };

    // One phone behind several names (a VoIP line the operator answers for each identity).
    for (let g = 0; g < 2 * u; g++) {
      const id = gid('phone');
      const members = [fraud(), fraud(), fraud()];
      for (const m of members.slice(1)) m.phone = { ...members[0].phone, display: rewrite(fr, members[0].phone) };
      for (const m of members) plant(m, 'shared-phone', id);
    }
    // Cloned resumes: one template's work history under other names, lightly edited.
    for (let g = 0; g < 2 * u; g++) {
      const id = gid('clone');
      const t = fraud();
      plant(t, 'cloned-resume', id);
      for (let k = 0; k < 2; k++) {
        const c = fraud();
        this.cloneFrom(fr, c, t);
        plant(c, 'cloned-resume', id);
      }
    }
    // A laptop farm: several candidates ask for the laptop at one address, far from the homes they claim.
    for (let g = 0; g < u; g++) {
      const id = gid('farm');
      const farmCity = fr.pick(D.US_CITIES);
      const farm = usAddress(fr, farmCity);
      for (let k = 0; k < 3; k++) {
        const c = fraud({ city: fr.pick(D.US_CITIES.filter((x) => x.state !== farmCity.state)) });
        plant(c, 'shipping-mismatch', id);
        (c as Cand & { farm?: Addr }).farm = farm;
      }
    }
    // A referral ring: one person refers several candidates (an outside "friend", or an insider when there is staff).
    for (let g = 0; g < u; g++) {
      const id = gid('referrals');
      const insider = this.employees.length > 0 && g % 2 === 1;
      const insiderRef = insider ? this.employee(fr) : undefined;
      if (insiderRef) this.referrals.set(insiderRef, 2);
      const referrer = insiderRef
        ? insiderRef.email
        : `${ascii(fr.pick(D.REFERRER_GIVEN))}.${ascii(fr.pick(D.REFERRER_FAMILY))}${fr.int(10, 99)}@gmail.com`;
      for (let k = 0; k < 5; k++) {
        const c = fraud();
        plant(c, 'referral-ring', id);
        c.sourcing = { channel: 'referral', name: insider ? 'Employee referral' : 'Referral', referrer };
      }
    }
    // An employee's phone or home address under another name.
    if (this.employees.length) {
      for (let k = 0; k < 4 * u; k++) {
        const e = this.employee(fr);
        const c = fraud({ family: fr.pick(US_FAMILY.filter((f) => f !== e.family)) });
        if (k % 2 === 0) {
          const e164 = `+1${e.phoneDigits}`;
          c.phone = { e164, display: rewrite(fr, { e164, display: e.phone, country: 'US' }), country: 'US' };
          plant(c, 'employee-phone');
          c.note = `phone of employee ${e.email}`;
        } else {
          const city = D.US_CITIES.find((x) => x.city === e.home.locality);
          c.home = { street: e.home.streetAddress, locality: e.home.locality, region: e.home.region, postalCode: e.home.postalCode, country: 'US' };
          if (city && fr.chance(0.5)) c.home = longForm(c.home);
          plant(c, 'employee-address');
          c.note = `home of employee ${e.email}`;
        }
      }
    }
    // Every scheme member above may carry further signals of its own; then lone candidates with several or one.
    const extras: PlantedCase[] = ['disposable-email', 'camera-refused', 'id-not-shown', 'references-email-only', 'foreign-phone', 'tech-anachronism', 'concurrent-jobs', 'young-github', 'commit-offset'];
    for (const c of [...frauds]) {
      const n = fr.weighted([[0, 2], [1, 4], [2, 3]] as const);
      for (const k of fr.sample(extras, n)) {
        if (k === 'foreign-phone' && (c.cases.has('shared-phone') || c.cases.has('employee-phone'))) continue;
        // a clone keeps the template's history (a concurrent job or an anachronism would be edits of its own)
        if ((k === 'concurrent-jobs' || k === 'tech-anachronism') && c.cases.has('cloned-resume')) continue;
        plant(c, k);
      }
    }
    const single: PlantedCase[] = ['tech-anachronism', 'concurrent-jobs', 'disposable-email', 'foreign-phone', 'invalid-phone', 'shipping-mismatch', 'camera-refused', 'id-not-shown', 'references-email-only', 'young-github', 'commit-offset'];
    for (let k = 0; k < 10 * u; k++) {
      const c = fraud();
      for (const x of fr.sample(single, fr.int(2, 4))) if (!(x === 'invalid-phone' && c.cases.has('foreign-phone')) && !(x === 'foreign-phone' && c.cases.has('invalid-phone'))) plant(c, x);
    }
    for (let k = 0; k < 11 * u; k++) plant(fraud(), single[k % single.length]);
    for (const c of frauds) this.applyCases(fr, c);

    // Honest hard negatives made on purpose: households, relatives of employees, common names.
    const honest = (f: PersonOpts = {}) => this.person(hr, f);
    for (let g = 0; g < 4 * u; g++) {
      const a = honest();
      if (a.home.country !== 'US') continue;
      const members = [a];
      for (let k = 0; k < (hr.chance(0.3) ? 2 : 1); k++) members.push(honest({ family: a.family, home: a.home }));
      for (const m of members) m.negatives.add('family-address');
    }
    if (this.employees.length) {
      for (let g = 0; g < 2 * u; g++) {
        const e = this.employee(hr);
        const c = honest({ family: e.family, given: hr.pick(US_GIVEN.filter((x) => x !== e.given)), home: { street: e.home.streetAddress, locality: e.home.locality, region: e.home.region, postalCode: e.home.postalCode, country: 'US' } });
        c.negatives.add('employee-household');
        c.note = `relative of employee ${e.email}`;
      }
    }
    const common: [string, string][] = [['John', 'Smith'], ['Maria', 'Garcia'], ['David', 'Lee'], ['Michael', 'Johnson'], ['Jennifer', 'Brown'], ['James', 'Williams']];
    for (let g = 0; g < 3 * u; g++) {
      const [given, family] = common[g % common.length];
      for (let k = 0; k < hr.int(2, 3); k++) honest({ given, family }).negatives.add('common-name');
    }
    while (this.cands.length < this.count) {
      const intl = hr.chance(0.1);
      honest({ country: intl ? hr.pick(['GB', 'DE', 'IN', 'CA', 'KR', 'PL']) : 'US' });
    }

    // Where each candidate is known from, and who reached the interview.
    for (const c of this.cands) {
      if (c.fraud) continue;
      c.greenhouse = hr.chance(0.15);
      if (c.greenhouse) {
        c.negatives.add('greenhouse-only');
        c.sourcing = this.honestSourcing(hr, c);
      }
      if (hr.chance(0.45)) this.honestInterview(hr, c);
      else c.negatives.add('no-interview');
      if (!c.greenhouse && c.github && hr.chance(0.5)) this.honestGithub(hr, c);
    }
    const textCases: PlantedCase[] = ['cloned-resume', 'tech-anachronism', 'young-github', 'commit-offset'];
    for (const c of frauds) {
      c.greenhouse = !textCases.some((k) => c.cases.has(k)) && fr.chance(0.15);
      if (c.greenhouse) c.sourcing ??= { channel: 'job-board', name: fr.pick(D.JOB_BOARDS) };
      this.fraudInterview(fr, c);
      if (c.cases.has('young-github') || c.cases.has('commit-offset')) this.fraudGithub(fr, c);
      else if (!c.greenhouse && c.github && fr.chance(0.4)) this.honestGithub(fr, c);
    }
    // Shuffle the pool so files and pages do not reveal the planting order.
    fr.shuffle(this.cands);
    this.cands.forEach((c, i) => (c.n = i));
  }

  private employee(rng: Rng): EmployeeRef {
    const free = this.employees.filter((e) => !this.used.has(e));
    const e = rng.pick(free.length ? free : this.employees);
    this.used.add(e);
    return e;
  }

  /** Copy another candidate's resume text (work, education, skills, summary) with a few words swapped. */
  private cloneFrom(rng: Rng, c: Cand, t: Cand): void {
    const edit = (s: string): string => {
      let out = s;
      for (const [a, b] of rng.sample(D.SYNONYMS, 2)) out = out.replace(a, b);
      return out;
    };
    c.track = t.track;
    c.jobs = t.jobs.map((j) => ({ ...j, highlights: j.highlights.map((h) => (rng.chance(0.3) ? edit(h) : h)), tech: [...j.tech] }));
    c.education = t.education.map((e) => ({ ...e }));
    c.summary = edit(t.summary).replace(t.home.locality, c.home.locality);
    c.label = t.label;
    c.dayDates = t.dayDates;
  }

  /** Make the planted cases true of the candidate's data. */
  private applyCases(rng: Rng, c: Cand): void {
    if (c.cases.has('disposable-email')) {
      this.emails.delete(c.email);
      c.email = this.mailFor(rng, c.given, c.family, D.DISPOSABLE_DOMAINS, rng.chance(0.5));
    }
    if (c.cases.has('foreign-phone')) {
      const kind = rng.pick(['cn', 'ru', 'gb-voip'] as const);
      let e164: string;
      if (kind === 'cn') e164 = `+86${rng.pick(['138', '139', '150', '186', '188'])}${String(rng.int(0, 99999999)).padStart(8, '0')}`;
      else if (kind === 'ru') e164 = `+79${rng.int(10, 99)}${String(rng.int(0, 9999999)).padStart(7, '0')}`;
      else e164 = `+4456${String(rng.int(0, 99999999)).padStart(8, '0')}`;
      const p = parsePhoneNumberFromString(e164);
      c.phone = { e164, display: p ? p.formatInternational() : e164, country: kind === 'cn' ? 'CN' : kind === 'ru' ? 'RU' : 'GB' };
      c.note = [c.note, `${kind} phone for a ${c.home.region} home`].filter(Boolean).join('; ');
    }
    if (c.cases.has('invalid-phone')) {
      const city = D.US_CITIES.find((x) => x.city === c.home.locality) ?? D.US_CITIES[0];
      const a = rng.pick(city.area);
      const b = rng.chance(0.7) ? `${rng.int(0, 1)}${rng.int(0, 9)}${rng.int(0, 9)}` : `${rng.int(2, 9)}11`;
      const d = String(rng.int(0, 9999)).padStart(4, '0');
      c.phone = { e164: `+1${a}${b}${d}`, display: usStyle(rng, a, b, d), country: 'US' };
      c.note = [c.note, `impossible exchange ${b}`].filter(Boolean).join('; ');
    }
    if (c.cases.has('tech-anachronism')) {
      // the earliest ended job; a technology first released three or more years after it ended
      const newest = Math.max(...Object.values(D.TECH_YEAR));
      const early = () => c.jobs.find((j) => j.end !== undefined && yearOf(j.end) + 3 <= newest);
      if (!early() && !c.cases.has('cloned-resume')) {
        // a career too recent for the table: the scheme's persona claims a longer one
        c.jobs = [];
        c.education = [];
        this.career(rng, c, 'US', rng.int(40, 46));
      }
      const job = early();
      if (!job) {
        c.cases.delete('tech-anachronism');
        if (c.cases.size === 0) c.cases.add('concurrent-jobs');
      }
    }
    if (c.cases.has('tech-anachronism')) {
      const job = c.jobs.find((j) => j.end !== undefined && yearOf(j.end) + 3 <= Math.max(...Object.values(D.TECH_YEAR)))!;
      const endYear = yearOf(job.end!);
      const later = Object.keys(D.TECH_YEAR).filter((t) => D.TECH_YEAR[t] >= endYear + 3);
      const own = later.filter((t) => c.track.tech.includes(t));
      const t = rng.pick(own.length ? own : later);
      job.highlights.splice(0, 1, `Built the ${rng.pick(D.PRODUCTS)} service with ${t}, cutting response times by ${rng.int(20, 60)}%.`);
      job.tech.push(t);
      c.note = [c.note, `${t} (${D.TECH_YEAR[t]}) at a job that ended in ${endYear}`].filter(Boolean).join('; ');
    }
    if (c.cases.has('concurrent-jobs')) {
      // two or three current full-time jobs, each started 7 to 20 months ago
      const k = rng.int(1, 2);
      const last = c.jobs.at(-1)!;
      last.end = undefined;
      last.start = Math.min(last.start, this.nowMs - rng.int(400, 600) * DAY);
      for (let i = 0; i < k; i++) {
        const job: Job = { employer: this.employer(rng, c.jobs), position: c.track.titles[rng.int(2, 3)], start: this.nowMs - rng.int(210, 600) * DAY, employment: 'full-time', tech: [], summary: '', highlights: [] };
        this.fillJob(rng, c, job);
        c.jobs.push(job);
      }
      c.jobs.sort((a, b) => a.start - b.start);
      c.note = [c.note, `${k + 1} current full-time jobs`].filter(Boolean).join('; ');
    }
  }

  private homeTz(c: Cand): string {
    return c.home.country === 'US' ? (D.US_CITIES.find((x) => x.city === c.home.locality)?.tz ?? 'America/Chicago') : ABROAD[c.home.country].tz;
  }

  /** An account opened around the start of the career (at least two years ago), commits in the home's time zone. */
  private honestGithub(rng: Rng, c: Cand): void {
    const careerStart = Math.min(...c.jobs.map((j) => j.start));
    const lo = Math.max(Date.UTC(2008, 3, 10), careerStart - YEAR);
    const hi = Math.max(lo + 30 * DAY, this.nowMs - 2 * YEAR);
    c.githubExport = { created: lo + rng.next() * (hi - lo), repos: rng.int(3, 60), followers: rng.int(0, 150), tz: this.homeTz(c), commits: rng.int(8, 30) };
    if (!c.fraud) c.negatives.add('github-export');
  }

  private fraudGithub(rng: Rng, c: Cand): void {
    c.github ??= this.githubUrl(rng, c.given, c.family);
    const young = c.cases.has('young-github');
    const created = young ? c.appliedMs - rng.int(30, 240) * DAY : Math.max(Date.UTC(2008, 3, 10), Math.min(...c.jobs.map((j) => j.start)) - rng.next() * YEAR);
    const tz = c.cases.has('commit-offset') ? rng.pick(['Asia/Seoul', 'Asia/Shanghai']) : this.homeTz(c);
    c.githubExport = { created, repos: young ? rng.int(1, 6) : rng.int(4, 30), followers: young ? rng.int(0, 3) : rng.int(2, 60), tz, commits: rng.int(12, 30) };
    const years = Math.floor((this.nowMs - Math.min(...c.jobs.map((j) => j.start))) / YEAR);
    if (young) c.note = [c.note, `GitHub opened ${isoDay(created)}, ${years} years of claimed experience`].filter(Boolean).join('; ');
    if (c.cases.has('commit-offset')) c.note = [c.note, `commits at ${offsetAt(tz, this.nowMs)} for a ${c.home.region} home`].filter(Boolean).join('; ');
  }

  githubExportOf(rng: Rng, c: Cand): Record<string, unknown> {
    const g = c.githubExport!;
    const login = c.github!.split('/').at(-1)!;
    const id = 1_000_000 + ((c.n * 7919) % 150_000_000);
    const user = {
      login,
      id,
      node_id: `U_kgDO${rng.chars(6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      url: `https://api.github.com/users/${login}`,
      html_url: `https://github.com/${login}`,
      type: 'User',
      site_admin: false,
      name: `${c.given} ${c.family}`,
      company: null,
      blog: '',
      location: `${c.home.locality}${c.home.region ? `, ${c.home.region}` : ''}`,
      email: null,
      hireable: true,
      bio: null,
      public_repos: g.repos,
      public_gists: 0,
      followers: g.followers,
      following: rng.int(0, 40),
      created_at: new Date(g.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      updated_at: new Date(c.appliedMs - rng.int(1, 20) * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    // commits over the last year (or since the account exists), at the author's local working or evening hours
    const from = Math.max(g.created + DAY, this.nowMs - YEAR);
    const commits = [];
    for (let i = 0; i < g.commits; i++) {
      const day = from + Math.floor(rng.next() * ((c.appliedMs - from) / DAY)) * DAY;
      // a few commits of an honest person's trip elsewhere (another zone); the rest at home
      const tz = !c.fraud && rng.chance(0.06) ? rng.pick(['Europe/Lisbon', 'America/Mexico_City', 'Asia/Tokyo', 'America/New_York']) : g.tz;
      const localHour = c.fraud ? rng.int(9, 19) : rng.int(9, 22);
      const offMin = offsetMinutes(tz, day);
      const utc = day + (localHour * 60 + rng.int(0, 59)) * 60_000 - offMin * 60_000 + rng.int(0, 59) * 1000;
      const date = localIso(utc, offMin);
      commits.push({ oid: rng.hex(40), messageHeadline: rng.pick(COMMIT_MESSAGES).replace('{p}', rng.pick(D.PRODUCTS)), authoredDate: date, author: { name: `${c.given} ${c.family}`, email: `${login}@users.noreply.github.com`, date, user: { login } } });
    }
    commits.sort((a, b) => (a.authoredDate < b.authoredDate ? 1 : -1));
    return { user, commits };
  }

  private fraudInterview(rng: Rng, c: Cand): void {
    const process: PlantedCase[] = ['camera-refused', 'id-not-shown', 'references-email-only', 'shipping-mismatch', 'referral-ring'];
    if (!process.some((k) => c.cases.has(k)) && !rng.chance(0.6)) return;
    const refs: Reference[] = [];
    if (c.cases.has('references-email-only')) {
      for (let i = 0; i < rng.int(2, 3); i++) {
        const g = rng.pick(US_GIVEN);
        const f = rng.pick(US_FAMILY);
        refs.push({ name: `${g} ${f}`, email: `${ascii(g)}${ascii(f)}${rng.int(1, 99)}@${rng.pick(['gmail.com', 'outlook.com', 'yahoo.com'])}`, company: rng.pick(c.jobs).employer.name, channel: 'email', reached: true });
      }
    } else for (let i = 0; i < rng.int(1, 2); i++) refs.push(this.honestReference(rng, c, 'phone'));
    let shipping: Addr | undefined = c.home;
    if (c.cases.has('shipping-mismatch')) {
      const farm = (c as Cand & { farm?: Addr }).farm;
      shipping = farm ?? usAddress(rng, rng.pick(D.US_CITIES.filter((x) => x.state !== c.home.region && x.stateName !== c.home.region)));
      c.note = [c.note, `laptop to ${shipping.locality}, ${shipping.region}; home ${c.home.locality}, ${c.home.region}`].filter(Boolean).join('; ');
    }
    const idNot = c.cases.has('id-not-shown');
    c.interview = {
      cameraOn: !c.cases.has('camera-refused'),
      idShown: !idNot && !c.cases.has('camera-refused'),
      documentCheck: idNot ? rng.pick(['failed', 'not done'] as const) : c.cases.has('camera-refused') ? 'not done' : 'passed',
      references: refs,
      shipping,
      sourcing: c.sourcing ?? (rng.chance(0.3) ? { channel: 'agency', name: rng.pick(D.SCHEME_AGENCIES) } : { channel: 'job-board', name: rng.pick(D.JOB_BOARDS) }),
      recorded: !c.cases.has('camera-refused') && rng.chance(0.9),
    };
  }

  // --- output -------------------------------------------------------------------------------------------------

  private date(c: Cand, ms: number): string {
    return c.dayDates ? isoDay(ms) : isoDay(ms).slice(0, 7);
  }

  private slug(c: Cand): string {
    return `${ascii(c.given)}-${ascii(c.family)}-${String(c.n).padStart(5, '0')}`;
  }

  jsonResume(c: Cand): Record<string, unknown> {
    const techs = [...new Set(c.jobs.flatMap((j) => j.tech))];
    const profiles: { network: string; username: string; url: string }[] = [{ network: 'LinkedIn', username: c.linkedin.split('/').at(-1)!, url: c.linkedin }];
    if (c.github) profiles.push({ network: 'GitHub', username: c.github.split('/').at(-1)!, url: c.github });
    return {
      $schema: 'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json',
      basics: {
        name: `${c.given} ${c.family}`,
        label: c.label,
        email: c.email,
        phone: c.phone.display,
        summary: c.summary,
        location: { address: c.home.street, postalCode: c.home.postalCode, city: c.home.locality, countryCode: c.home.country, region: c.home.region },
        profiles,
      },
      work: [...c.jobs].reverse().map((j) => ({
        name: j.employer.name,
        location: j.employer.location,
        position: j.position,
        url: `https://www.${j.employer.domain}`,
        startDate: this.date(c, j.start),
        ...(j.end !== undefined ? { endDate: this.date(c, j.end) } : {}),
        ...(j.summary ? { summary: j.summary } : {}),
        highlights: j.highlights,
      })),
      education: c.education.map((e) => ({ institution: e.institution, area: e.area, studyType: e.studyType, startDate: this.date(c, e.start), endDate: this.date(c, e.end) })),
      skills: [
        { name: 'Languages and frameworks', keywords: techs.slice(0, 8) },
        ...(techs.length > 8 ? [{ name: 'Tools', keywords: techs.slice(8) }] : []),
      ],
      languages: [{ language: 'English', fluency: c.home.country === 'US' || c.home.country === 'GB' || c.home.country === 'CA' ? 'Native speaker' : 'Professional working proficiency' }],
      meta: { lastModified: new Date(c.appliedMs - 5 * DAY).toISOString().slice(0, 19) },
    };
  }

  greenhouse(rng: Rng, c: Cand, jobs: { id: number; name: string }[]): Record<string, unknown> {
    const id = 40_000_000 + c.n * 37 + rng.int(0, 36);
    const appId = 70_000_000 + c.n * 53 + rng.int(0, 52);
    const created = new Date(c.appliedMs).toISOString();
    const last = c.jobs.at(-1)!;
    const s = c.sourcing ?? { channel: 'job-board' as const, name: 'LinkedIn' };
    const source =
      s.channel === 'referral' ? { id: 13, public_name: 'Referral' } : s.channel === 'agency' ? { id: 4_000_300 + (s.name?.length ?? 0), public_name: s.name } : s.channel === 'direct' ? { id: 4_000_177, public_name: 'Jobs page on your website' } : { id: 16, public_name: s.name ?? 'LinkedIn' };
    const credited = s.referrer ? { id: 500_000 + (s.referrer.length * 97) % 9973, first_name: null, last_name: null, name: s.referrer, employee_id: null } : null;
    const home = c.home;
    const addr = home.country === 'US' ? `${home.street}\n${home.locality}, ${home.region} ${home.postalCode}` : `${home.street}\n${home.postalCode ?? ''} ${home.locality}\n${home.country}`;
    return {
      id,
      first_name: c.given,
      last_name: c.family,
      company: last.end === undefined ? last.employer.name : null,
      title: last.position,
      created_at: created,
      updated_at: new Date(c.appliedMs + rng.int(1, 20) * DAY).toISOString(),
      last_activity: new Date(c.appliedMs + rng.int(1, 20) * DAY).toISOString(),
      is_private: false,
      photo_url: null,
      attachments: [{ filename: `${c.given}_${c.family}_Resume.pdf`, url: `https://prod-heroku.s3.amazonaws.com/person_attachments/data/${String(id).slice(0, 3)}/${String(id).slice(3, 6)}/${String(id).slice(6)}/original/${c.given}_${c.family}_Resume.pdf`, type: 'resume', created_at: created }],
      application_ids: [appId],
      phone_numbers: [{ value: c.phone.display, type: 'mobile' }],
      addresses: [{ value: addr, type: 'home' }],
      email_addresses: [{ value: c.email, type: 'personal' }],
      website_addresses: c.github ? [{ value: c.github, type: 'portfolio' }] : [],
      social_media_addresses: [{ value: c.linkedin.replace('https://www.', '') }],
      recruiter: null,
      coordinator: null,
      can_email: true,
      tags: c.jobs.at(-1)!.tech.slice(0, 2),
      applications: [
        {
          id: appId,
          candidate_id: id,
          prospect: false,
          applied_at: created,
          rejected_at: null,
          last_activity_at: created,
          location: { address: `${home.locality}, ${home.region ?? ''}, ${home.country}` },
          source,
          credited_to: credited,
          rejection_reason: null,
          rejection_details: null,
          jobs: [rng.pick(jobs)],
          status: 'active',
          current_stage: { id: 2_966_800, name: c.interview ? 'Face to Face' : 'Application Review' },
          answers: [],
          prospective_office: null,
          prospective_department: null,
          prospect_detail: { prospect_pool: null, prospect_stage: null, prospect_owner: null },
        },
      ],
      educations: c.education.map((e, i) => ({ id: 561_000 + c.n * 3 + i, school_name: e.institution, degree: e.studyType.startsWith('Master') ? "Master's Degree" : e.studyType.startsWith('Associate') ? "Associate's Degree" : "Bachelor's Degree", discipline: e.area, start_date: new Date(e.start).toISOString(), end_date: new Date(e.end).toISOString() })),
      employments: [...c.jobs].reverse().map((j, i) => ({ id: 8_485_000 + c.n * 7 + i, company_name: j.employer.name, title: j.position, start_date: new Date(j.start).toISOString(), end_date: j.end === undefined ? null : new Date(j.end).toISOString() })),
      custom_fields: { desired_salary: null, work_remotely: true },
      keyed_custom_fields: { work_remotely: { name: 'Work Remotely', type: 'boolean', value: true } },
    };
  }

  interviewRecord(rng: Rng, c: Cand): Record<string, unknown> {
    const iv = c.interview!;
    const at = Math.min(c.appliedMs + rng.int(5, 30) * DAY + rng.int(14, 22) * 3_600_000, this.nowMs - 3_600_000);
    const rec: Record<string, unknown> = {
      candidate: c.email,
      interviewedAt: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      interviewer: this.interviewer(rng),
      cameraOn: iv.cameraOn,
      idShownOnCamera: iv.idShown,
      documentCheck: iv.documentCheck,
      references: iv.references,
    };
    if (iv.recorded) rec.recording = { file: `recordings/${this.slug(c)}-${isoDay(at)}.webm`, sha256: rng.hex(64), bytes: rng.int(40_000_000, 420_000_000) };
    if (iv.shipping) rec.shippingAddress = { street: iv.shipping.street, locality: iv.shipping.locality, region: iv.shipping.region, postalCode: iv.shipping.postalCode, country: iv.shipping.country };
    rec.sourcing = iv.sourcing;
    return rec;
  }

  write(outDir: string, seed: number, now: string, truthFile: string | false | undefined): { truth: ApplicantTruth; files: string[] } {
    const rng = this.rng.fork('render');
    const files: string[] = [];
    const put = (rel: string, data: unknown) => {
      const file = join(outDir, rel);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
      files.push(file);
    };
    const where = new Map<Cand, string>();
    const gh: Cand[] = [];
    for (const c of this.cands) {
      if (c.greenhouse) gh.push(c);
      else {
        const rel = `resumes/${this.slug(c)}.json`;
        put(rel, this.jsonResume(c));
        where.set(c, rel);
      }
    }
    const jobs = D.TRACKS.flatMap((t, i) => t.titles.slice(1, 3).map((name, k) => ({ id: 149_990 + i * 10 + k, name })));
    const PAGE = 500;
    for (let p = 0; p * PAGE < gh.length; p++) {
      const rel = `greenhouse/candidates-${String(p + 1).padStart(4, '0')}.json`;
      const page = gh.slice(p * PAGE, (p + 1) * PAGE);
      put(rel, page.map((c) => this.greenhouse(rng, c, jobs)));
      for (const c of page) where.set(c, rel);
    }
    for (const c of this.cands) if (c.githubExport && !c.greenhouse) put(`github/${c.github!.split('/').at(-1)}.json`, this.githubExportOf(rng, c));
    const interviewed = this.cands.filter((c) => c.interview);
    put('interviews.json', interviewed.map((c) => this.interviewRecord(rng, c)));
    const entries: ApplicantTruthEntry[] = this.cands.map((c) => ({
      email: c.email,
      name: `${c.given} ${c.family}`,
      fraud: c.fraud,
      cases: [...c.cases].sort(),
      negatives: [...c.negatives].sort(),
      groups: c.groups,
      files: [where.get(c)!, ...(c.interview ? ['interviews.json'] : []), ...(c.githubExport && !c.greenhouse ? [`github/${c.github!.split('/').at(-1)}.json`] : [])],
      interviewed: c.interview !== undefined,
      ...(c.note ? { note: c.note } : {}),
    }));
    const truth: ApplicantTruth = {
      schema: APPLICANT_TRUTH_SCHEMA,
      seed,
      now,
      candidates: entries,
      counts: {
        candidates: entries.length,
        fraud: entries.filter((e) => e.fraud).length,
        honest: entries.filter((e) => !e.fraud).length,
        jsonResume: this.cands.length - gh.length,
        greenhouse: gh.length,
        interviews: interviewed.length,
        employeesUsed: this.used.size,
      },
    };
    if (truthFile !== false) {
      const file = truthFile ?? `${outDir.replace(/[\\/]+$/, '')}-truth.json`;
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(truth, null, 1) + '\n');
      files.push(file);
    }
    return { truth, files };
  }
}
