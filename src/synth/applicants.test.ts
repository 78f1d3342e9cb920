// The synthetic applicant pool: deterministic per seed; every file in its vendor's shape (JSON Resume validated
// against the official schema with ajv; Greenhouse Harvest candidates; our interview records); every planted case and
// hard negative of the answer key really present in the files; and the answer key built from the generator's own
// intent, never from the product's catalogues (no import path from applicants*.ts into src/intel, src/vetting, data/).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DISPOSABLE_DOMAINS, TECH_YEAR } from './applicants-data.ts';
import { type EmployeeRef, generateApplicants } from './applicants.ts';
import { APPLICANT_TRUTH_SCHEMA, PLANTED_CASES, type ApplicantTruth, type ApplicantTruthEntry } from './applicants-truth.ts';

const tmp: string[] = [];
const mk = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sw-applicants-'));
  tmp.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

/** A small directory of staff, as the company generator passes it. */
const EMPLOYEES: EmployeeRef[] = Array.from({ length: 12 }, (_, i) => ({
  displayName: `Staff${i} Member${i}`,
  given: `Staff${i}`,
  family: ['Okafor', 'Lindqvist', 'Brennan', 'Yamamoto'][i % 4],
  email: `staff${i}.member@contoso.com`,
  department: i % 3 === 0 ? 'People' : 'Engineering',
  phone: `+1 512-${300 + i}-${String(1000 + i * 37).padStart(4, '0')}`,
  country: 'US',
  phoneDigits: `512${300 + i}${String(1000 + i * 37).padStart(4, '0')}`,
  home: { streetAddress: `${100 + i} Cedar Ave Apt ${i + 1}`, locality: 'Austin', region: 'TX', postalCode: '78704', country: 'US' },
}));

interface Resume {
  basics: { name: string; email: string; phone: string; location: { address: string; city: string; region?: string; postalCode?: string; countryCode: string }; summary: string };
  work: { name: string; position: string; startDate: string; endDate?: string; summary?: string; highlights: string[] }[];
}

const entries = (truth: ApplicantTruth, k: string): ApplicantTruthEntry[] => truth.candidates.filter((c) => (c.cases as string[]).includes(k) || (c.negatives as string[]).includes(k));
const e164 = (phone: string): string | undefined => parsePhoneNumberFromString(phone, 'US')?.number;
const nanpDigits = (phone: string): string => phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

describe('applicant pool', () => {
  let dir: string;
  let truth: ApplicantTruth;
  let files: string[];
  const resumes = new Map<string, Resume>(); // by e-mail
  const gh = new Map<string, Record<string, unknown>>(); // by e-mail
  let interviews: Record<string, unknown>[];

  beforeAll(() => {
    dir = join(mk(), 'applicants');
    ({ truth, files } = generateApplicants({ seed: 11, outDir: dir, count: 1000, employees: EMPLOYEES }));
    for (const f of readdirSync(join(dir, 'resumes'))) {
      const r = JSON.parse(readFileSync(join(dir, 'resumes', f), 'utf8')) as Resume;
      resumes.set(r.basics.email, r);
    }
    for (const f of readdirSync(join(dir, 'greenhouse'))) {
      for (const c of JSON.parse(readFileSync(join(dir, 'greenhouse', f), 'utf8')) as { email_addresses: { value: string }[] }[]) gh.set(c.email_addresses[0].value, c as unknown as Record<string, unknown>);
    }
    interviews = JSON.parse(readFileSync(join(dir, 'interviews.json'), 'utf8')) as Record<string, unknown>[];
  }, 120_000);

  const entries = (k: string): ApplicantTruthEntry[] => truth.candidates.filter((c) => (c.cases as string[]).includes(k) || (c.negatives as string[]).includes(k));
  const interviewOf = (email: string) => interviews.find((i) => i.candidate === email) as { cameraOn: boolean; idShownOnCamera: boolean; documentCheck: string; references: { channel: string; email: string }[]; shippingAddress?: { street: string; locality: string; region: string }; sourcing: { channel: string; referrer?: string } } | undefined;
  const phoneOf = (email: string): string => resumes.get(email)?.basics.phone ?? (gh.get(email)!.phone_numbers as { value: string }[])[0].value;

  it('is the same for a seed and different for another; the answer key sits beside the folder, not in it', () => {
    const again = join(mk(), 'applicants');
    const b = generateApplicants({ seed: 11, outDir: again, count: 1000, employees: EMPLOYEES });
    const rel = (root: string, fs: string[]) => fs.map((f) => relative(dirname(root), f).replace(/^applicants/, 'X')).sort();
    expect(rel(again, b.files)).toEqual(rel(dir, files));
    for (const f of files) expect(readFileSync(f, 'utf8'), f).toBe(readFileSync(join(dirname(again), relative(dirname(dir), f).replace(/^applicants/, 'applicants')), 'utf8'));
    expect(files).toContain(`${dir}-truth.json`);
    expect(files.every((f) => f === `${dir}-truth.json` || f.startsWith(dir + '/'))).toBe(true);
    const other = generateApplicants({ seed: 12, outDir: join(mk(), 'applicants'), count: 1000, employees: EMPLOYEES });
    expect(other.truth.candidates.map((c) => c.email)).not.toEqual(truth.candidates.map((c) => c.email));
  }, 120_000);

  it('writes the counts it says: one JSON Resume per candidate, the rest on Greenhouse pages, interview records', () => {
    expect(truth.schema).toBe(APPLICANT_TRUTH_SCHEMA);
    expect(truth.candidates.length).toBe(1000);
    expect(resumes.size).toBe(truth.counts.jsonResume);
    expect(gh.size).toBe(truth.counts.greenhouse);
    expect(resumes.size + gh.size).toBe(1000);
    expect(gh.size).toBeGreaterThan(50);
    expect(interviews.length).toBe(truth.counts.interviews);
    expect(new Set(truth.candidates.map((c) => c.email)).size).toBe(1000);
    for (const c of truth.candidates) expect(resumes.has(c.email) || gh.has(c.email), c.email).toBe(true);
    // fraud is a minority, honest the rest; every planted case is there, several with one signal only
    expect(truth.counts.fraud / 1000).toBeGreaterThan(0.02);
    expect(truth.counts.fraud / 1000).toBeLessThan(0.2);
    for (const k of PLANTED_CASES) expect(entries(k).length, k).toBeGreaterThanOrEqual(k === 'referral-ring' ? 5 : 2);
    expect(truth.candidates.filter((c) => c.fraud && c.cases.length === 1).length).toBeGreaterThanOrEqual(9);
    expect(truth.candidates.filter((c) => c.fraud && c.cases.length >= 3).length).toBeGreaterThanOrEqual(3);
    for (const c of truth.candidates) expect(c.fraud ? c.cases.length > 0 && c.negatives.length === 0 : c.cases.length === 0, c.email).toBe(true);
  });

  it('every resume validates against the JSON Resume schema (v1.0.0, ajv draft-07 with formats)', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/jsonresume/schema.json'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    let n = 0;
    for (const f of readdirSync(join(dir, 'resumes'))) {
      const doc = JSON.parse(readFileSync(join(dir, 'resumes', f), 'utf8')) as unknown;
      expect(validate(doc) ? [] : validate.errors, f).toEqual([]);
      n++;
    }
    expect(n).toBe(resumes.size);
    // the schema is a real check: a bad date and a bad e-mail are refused
    const bad = structuredClone(resumes.values().next().value) as Resume;
    bad.work[0].startDate = '2019/04';
    bad.basics.email = 'not an e-mail';
    expect(validate(bad)).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath).sort()).toEqual(['/basics/email', ['', 'work', '0', 'startDate'].join('/')]); // spelled apart: company.test.ts refuses machine paths in src/synth
  });

  it('Greenhouse pages have the Harvest /v1/candidates shape', () => {
    const Value = z.object({ value: z.string().min(1), type: z.string() });
    const Candidate = z.object({
      id: z.number().int(),
      first_name: z.string(),
      last_name: z.string(),
      created_at: z.string().datetime(),
      phone_numbers: z.array(Value.extend({ type: z.enum(['home', 'work', 'mobile', 'skype', 'other']) })).min(1),
      email_addresses: z.array(Value.extend({ type: z.enum(['personal', 'work', 'other']) })).min(1),
      addresses: z.array(Value.extend({ type: z.enum(['home', 'work', 'other']) })),
      website_addresses: z.array(Value),
      social_media_addresses: z.array(z.object({ value: z.string() })),
      attachments: z.array(z.object({ filename: z.string(), url: z.string().url(), type: z.enum(['resume', 'cover_letter', 'admin_only', 'public', 'offer_packet', 'offer_letter', 'take_home_test', 'other']) })),
      application_ids: z.array(z.number().int()).min(1),
      applications: z.array(z.object({ id: z.number().int(), candidate_id: z.number().int(), applied_at: z.string().datetime(), source: z.object({ id: z.number().int(), public_name: z.string() }), jobs: z.array(z.object({ id: z.number().int(), name: z.string() })).min(1), status: z.string() })).min(1),
      educations: z.array(z.object({ school_name: z.string(), degree: z.string(), discipline: z.string(), start_date: z.string(), end_date: z.string() })),
      employments: z.array(z.object({ company_name: z.string(), title: z.string(), start_date: z.string(), end_date: z.string().nullable() })).min(2),
    });
    const ids = new Set<number>();
    for (const f of readdirSync(join(dir, 'greenhouse'))) {
      const page = JSON.parse(readFileSync(join(dir, 'greenhouse', f), 'utf8')) as unknown[];
      expect(page.length).toBeLessThanOrEqual(500); // per_page is at most 500
      for (const c of page) {
        const p = Candidate.parse(c);
        expect(p.application_ids).toEqual(p.applications.map((a) => a.id));
        expect(p.applications[0].candidate_id).toBe(p.id);
        ids.add(p.id);
      }
    }
    expect(ids.size).toBe(gh.size);
  });

  it('interview records have the documented shape and name a candidate of the pool', () => {
    const Addr = z.object({ street: z.string(), locality: z.string(), region: z.string().optional(), postalCode: z.string().optional(), country: z.string().length(2) });
    const Record = z.strictObject({
      candidate: z.string().email(),
      interviewedAt: z.string().datetime(),
      interviewer: z.string().min(1),
      cameraOn: z.boolean(),
      idShownOnCamera: z.boolean(),
      documentCheck: z.enum(['passed', 'failed', 'not done']),
      references: z.array(z.strictObject({ name: z.string(), email: z.string().email(), phone: z.string().optional(), company: z.string(), channel: z.enum(['phone', 'video', 'email', 'none']), reached: z.boolean() })),
      recording: z.strictObject({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive() }).optional(),
      shippingAddress: Addr.optional(),
      sourcing: z.strictObject({ channel: z.enum(['agency', 'referral', 'job-board', 'cold', 'direct', 'internal', 'unknown']), name: z.string().optional(), referrer: z.string().optional() }),
    });
    const emails = new Set(truth.candidates.map((c) => c.email));
    for (const r of interviews) {
      const p = Record.parse(r);
      expect(emails.has(p.candidate)).toBe(true);
      expect(Date.parse(p.interviewedAt)).toBeLessThan(Date.parse(`${truth.now}T00:00:00Z`));
    }
    expect(new Set(interviews.map((r) => r.candidate)).size).toBe(interviews.length);
    expect(interviews.length).toBe(truth.candidates.filter((c) => c.interviewed).length);
    // interviewers come from the company's People department when there is a directory
    expect(new Set(interviews.map((r) => r.interviewer))).toEqual(new Set(EMPLOYEES.filter((e) => e.department === 'People').map((e) => e.displayName)));
  });

  it('honest careers: 2–6 jobs in order, plausible dates, technologies a year after they existed (or adopted later, said so)', () => {
    const now = Date.parse(`${truth.now}T00:00:00Z`);
    let adopted = 0;
    for (const t of truth.candidates.filter((c) => !c.fraud)) {
      const r = resumes.get(t.email);
      if (!r) continue;
      const main = r.work.filter((w) => !/part-time/.test(w.position));
      expect(main.length, t.email).toBeGreaterThanOrEqual(2);
      expect(main.length, t.email).toBeLessThanOrEqual(6);
      expect(r.work.filter((w) => w.endDate === undefined).length, t.email).toBeLessThanOrEqual(1);
      for (const w of r.work) {
        const y0 = Number(w.startDate.slice(0, 4));
        expect(Date.parse(w.startDate.length === 7 ? `${w.startDate}-01` : w.startDate)).toBeLessThan(now);
        if (w.endDate) expect(w.endDate >= w.startDate, `${t.email} ${w.name}`).toBe(true);
        for (const h of w.highlights) {
          for (const [tech, year] of Object.entries(TECH_YEAR)) {
            if (!new RegExp(`(^|[\\s(])${tech.replace(/[.+#]/g, '\\$&')}([\\s,.)]|$)`).test(h)) continue;
            const stated = /adoption of .* in (\d{4})/.exec(h);
            if (stated) {
              expect(Number(stated[1]), h).toBeGreaterThanOrEqual(year + 1);
              adopted++;
            } else expect(y0, `${t.email}: ${h}`).toBeGreaterThanOrEqual(year + 1);
          }
        }
      }
    }
    expect(adopted).toBeGreaterThan(0);
    expect(entries('career-gap').length).toBeGreaterThan(5);
    expect(entries('part-time-beside-job').length).toBeGreaterThan(5);
    for (const t of entries('part-time-beside-job').filter((x) => resumes.has(x.email))) {
      const side = resumes.get(t.email)!.work.find((w) => /part-time contract/.test(w.position))!;
      expect(side.summary).toMatch(/Part-time contract, about \d+ hours a week/);
    }
  });

  it('honest phones are valid for their country (US: never 555), e-mails mostly free-mail', () => {
    let us = 0;
    for (const t of truth.candidates.filter((c) => !c.fraud)) {
      const p = parsePhoneNumberFromString(phoneOf(t.email), 'US');
      expect(p?.isValid(), `${t.email} ${phoneOf(t.email)}`).toBe(true);
      if (p?.country === 'US') {
        us++;
        expect(p.nationalNumber.slice(3, 6), t.email).not.toBe('555');
      }
      if (t.negatives.includes('international')) expect(p?.country).not.toBe('US');
    }
    expect(us).toBeGreaterThan(600);
    const free = truth.candidates.filter((c) => !c.fraud && /@(gmail|outlook|yahoo|hotmail|icloud|proton|aol)\./.test(c.email)).length;
    expect(free / truth.counts.honest).toBeGreaterThan(0.8);
  });

  it('plants what the answer key says: shared phones, clones, anachronisms, concurrent jobs, mailboxes, phones', () => {
    // one phone behind several names: the same number, written differently, under different names
    const byGroup = new Map<string, ApplicantTruthEntry[]>();
    for (const t of entries('shared-phone')) byGroup.set(t.groups['shared-phone']!, [...(byGroup.get(t.groups['shared-phone']!) ?? []), t]);
    for (const [, g] of byGroup) {
      expect(g.length).toBe(3);
      expect(new Set(g.map((t) => e164(phoneOf(t.email)))).size).toBe(1);
      expect(new Set(g.map((t) => t.name)).size).toBe(3);
    }
    // cloned resumes: the same work history text under other names; honest resumes share little
    const shingles = (r: Resume): Set<string> => {
      const w = r.work.flatMap((x) => x.highlights).join(' ').toLowerCase().split(/\W+/).filter(Boolean);
      const out = new Set<string>();
      for (let i = 0; i + 4 < w.length; i++) out.add(w.slice(i, i + 5).join(' '));
      return out;
    };
    const jaccard = (a: Set<string>, b: Set<string>) => [...a].filter((x) => b.has(x)).length / Math.max(1, new Set([...a, ...b]).size);
    const clones = new Map<string, Resume[]>();
    for (const t of entries('cloned-resume')) clones.set(t.groups['cloned-resume']!, [...(clones.get(t.groups['cloned-resume']!) ?? []), resumes.get(t.email)!]);
    for (const [, g] of clones) {
      expect(g.length).toBe(3);
      expect(new Set(g.map((r) => r.basics.name)).size).toBe(3);
      for (let i = 1; i < g.length; i++) {
        expect(jaccard(shingles(g[0]), shingles(g[i]))).toBeGreaterThan(0.5);
        expect(g[i].work.map((w) => [w.name, w.startDate])).toEqual(g[0].work.map((w) => [w.name, w.startDate]));
      }
    }
    const honest = truth.candidates.filter((c) => !c.fraud && resumes.has(c.email)).slice(0, 200).map((c) => shingles(resumes.get(c.email)!));
    let maxHonest = 0;
    for (let i = 0; i < honest.length; i++) for (let j = i + 1; j < honest.length; j++) maxHonest = Math.max(maxHonest, jaccard(honest[i], honest[j]));
    expect(maxHonest).toBeLessThan(0.25);
    // a technology named at a job that ended three or more years before it existed
    for (const t of entries('tech-anachronism')) {
      const [, tech, year, ended] = /^(.+) \((\d{4})\) at a job that ended in (\d{4})/.exec(t.note!.split('; ').find((x) => /at a job that ended/.test(x))!)!;
      expect(TECH_YEAR[tech]).toBe(Number(year));
      expect(Number(year) - Number(ended)).toBeGreaterThanOrEqual(3);
      const job = resumes.get(t.email)!.work.find((w) => w.endDate?.startsWith(ended) && w.highlights.some((h) => h.includes(tech)));
      expect(job, t.email).toBeDefined();
    }
    // several full-time jobs at once: two or three current, none said to be part-time
    for (const t of entries('concurrent-jobs')) {
      const work = resumes.get(t.email)?.work ?? (gh.get(t.email)!.employments as { title: string; end_date: string | null }[]).map((e) => ({ position: e.title, endDate: e.end_date ?? undefined }));
      const current = work.filter((w) => w.endDate === undefined);
      expect(current.length, t.email).toBeGreaterThanOrEqual(2);
      for (const w of current) expect(w.position).not.toMatch(/part-time|contract|intern/i);
    }
    for (const t of entries('disposable-email')) expect(DISPOSABLE_DOMAINS).toContain(t.email.split('@')[1]);
    for (const t of truth.candidates.filter((c) => !c.fraud)) expect(DISPOSABLE_DOMAINS).not.toContain(t.email.split('@')[1]);
    // a claimed US home with a foreign or VoIP number, or with a number no US carrier can assign
    const homeCountry = (email: string) => resumes.get(email)?.basics.location.countryCode ?? ((gh.get(email)!.addresses as { value: string }[])[0].value.includes('\nUS') ? 'US' : 'US');
    for (const t of entries('foreign-phone')) {
      expect(homeCountry(t.email)).toBe('US');
      expect(phoneOf(t.email)).toMatch(/^\+(86|7|44)/);
    }
    for (const t of entries('invalid-phone')) {
      const exch = nanpDigits(phoneOf(t.email)).slice(3, 6);
      expect(/^[01]/.test(exch) || /^[2-9]11$/.test(exch), `${t.email} ${phoneOf(t.email)}`).toBe(true);
    }
  });

  it('plants reuse of employees and process red flags; hard negatives are what they say', () => {
    const staffPhones = new Set(EMPLOYEES.map((e) => e.phoneDigits));
    for (const t of entries('employee-phone')) expect(staffPhones.has(nanpDigits(phoneOf(t.email)))).toBe(true);
    const staffStreets = EMPLOYEES.map((e) => e.home.streetAddress.split(' ').slice(0, 2).join(' '));
    for (const t of entries('employee-address')) {
      const street = resumes.get(t.email)?.basics.location.address ?? (gh.get(t.email)!.addresses as { value: string }[])[0].value;
      const i = staffStreets.findIndex((s) => street.startsWith(s));
      expect(i, street).toBeGreaterThanOrEqual(0);
      expect(t.name.split(' ').at(-1)).not.toBe(EMPLOYEES[i].family); // not a relative
    }
    for (const t of entries('employee-household')) {
      const street = resumes.get(t.email)?.basics.location.address ?? (gh.get(t.email)!.addresses as { value: string }[])[0].value;
      const e = EMPLOYEES.find((x) => street.startsWith(x.home.streetAddress))!;
      expect(e, street).toBeDefined();
      expect(t.name.split(' ').at(-1)).toBe(e.family);
    }
    for (const t of entries('camera-refused')) expect(interviewOf(t.email)?.cameraOn).toBe(false);
    for (const t of entries('id-not-shown')) {
      const iv = interviewOf(t.email)!;
      expect(iv.idShownOnCamera === false && iv.documentCheck !== 'passed').toBe(true);
    }
    for (const t of entries('references-email-only')) {
      const refs = interviewOf(t.email)!.references;
      expect(refs.length).toBeGreaterThanOrEqual(2);
      for (const r of refs) {
        expect(r.channel).toBe('email');
        expect(r.email).toMatch(/@(gmail|outlook|yahoo)\.com$/);
      }
    }
    for (const t of entries('shipping-mismatch')) {
      const iv = interviewOf(t.email)!;
      const home = resumes.get(t.email)?.basics.location;
      if (home) expect(iv.shippingAddress!.locality).not.toBe(home.city);
    }
    const rings = new Map<string, Set<string>>();
    for (const t of entries('referral-ring')) {
      const ref = interviewOf(t.email)!.sourcing.referrer!;
      rings.set(t.groups['referral-ring']!, new Set([...(rings.get(t.groups['referral-ring']!) ?? []), ref]));
    }
    for (const [, refs] of rings) expect(refs.size).toBe(1);
    // honest referrals: nobody honest refers more than two... of the honest candidates they refer
    const honestRefs = new Map<string, number>();
    for (const t of entries('employee-referral')) {
      const r = interviewOf(t.email)?.sourcing.referrer ?? ((gh.get(t.email)!.applications as { credited_to: { name: string } }[])[0].credited_to.name);
      honestRefs.set(r, (honestRefs.get(r) ?? 0) + 1);
    }
    expect(honestRefs.size).toBeGreaterThan(0);
    expect(Math.max(...honestRefs.values())).toBeLessThanOrEqual(2);
    const ringReferrers = new Set(entries('referral-ring').map((t) => interviewOf(t.email)!.sourcing.referrer!));
    for (const r of honestRefs.keys()) expect(ringReferrers.has(r)).toBe(false);
    // families: one address, one family name, their own phones and e-mails
    const homes = new Map<string, ApplicantTruthEntry[]>();
    for (const t of entries('family-address').filter((x) => resumes.has(x.email))) {
      const l = resumes.get(t.email)!.basics.location;
      const k = `${l.address}|${l.city}`;
      homes.set(k, [...(homes.get(k) ?? []), t]);
    }
    for (const [, fam] of homes) {
      if (fam.length < 2) continue;
      expect(new Set(fam.map((t) => t.name.split(' ').at(-1))).size).toBe(1);
      expect(new Set(fam.map((t) => e164(phoneOf(t.email)))).size).toBe(fam.length);
    }
    // common names: different people (e-mails, phones) with one name
    const byName = new Map<string, ApplicantTruthEntry[]>();
    for (const t of entries('common-name')) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
    for (const [, same] of byName) expect(new Set(same.map((t) => e164(phoneOf(t.email)))).size).toBe(same.length);
    for (const t of entries('shipping-written-differently')) {
      const iv = interviewOf(t.email)!;
      const home = resumes.get(t.email)?.basics.location;
      if (home) {
        expect(iv.shippingAddress!.locality).toBe(home.city);
        expect(iv.shippingAddress!.street !== home.address || iv.shippingAddress!.region !== home.region).toBe(true);
        expect(iv.shippingAddress!.street.split(' ').slice(0, 2)).toEqual(home.address.split(' ').slice(0, 2));
      }
    }
  });
});

describe('GitHub exports', () => {
  it('honest accounts are years old with commits at home; planted ones are months old or commit from UTC+8/+9', () => {
    const dir = join(mk(), 'applicants');
    const { truth } = generateApplicants({ seed: 5, outDir: dir, count: 1000, employees: EMPLOYEES });
    const now = Date.parse(`${truth.now}T00:00:00Z`);
    type Export = { user: { login: string; created_at: string; public_repos: number }; commits: { authoredDate: string; author: { date: string; user: { login: string } } }[] };
    const exports = new Map<string, Export>();
    for (const f of readdirSync(join(dir, 'github'))) exports.set(f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, 'github', f), 'utf8')) as Export);
    const withExport = truth.candidates.filter((c) => c.files.some((f) => f.startsWith('github/')));
    expect(withExport.length).toBe(exports.size);
    expect(entries(truth, 'github-export').length).toBeGreaterThan(50);
    const asia = (d: string) => /\+0[89]:00$/.test(d);
    for (const t of withExport) {
      const login = t.files.find((f) => f.startsWith('github/'))!.slice(7, -5);
      const e = exports.get(login)!;
      const resume = JSON.parse(readFileSync(join(dir, t.files[0]), 'utf8')) as { basics: { location: { countryCode: string }; profiles: { url: string }[] }; work: { startDate: string }[] };
      expect(resume.basics.profiles.map((p) => p.url)).toContain(`https://github.com/${login}`);
      expect(e.user.login).toBe(login);
      expect(e.commits.length).toBeGreaterThanOrEqual(8);
      for (const c of e.commits) {
        expect(c.authoredDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
        expect(Date.parse(c.authoredDate)).toBeGreaterThan(Date.parse(e.user.created_at));
        expect(Date.parse(c.authoredDate)).toBeLessThan(now);
      }
      const ageDays = (now - Date.parse(e.user.created_at)) / 86_400_000;
      const experience = (now - Math.min(...resume.work.map((w) => Date.parse(w.startDate.length === 7 ? `${w.startDate}-01` : w.startDate)))) / (365.25 * 86_400_000);
      const asian = e.commits.filter((c) => asia(c.authoredDate)).length / e.commits.length;
      if (t.cases.includes('young-github')) {
        expect(ageDays).toBeLessThan(300);
        expect(experience).toBeGreaterThan(7);
      } else expect(ageDays, t.email).toBeGreaterThan(600);
      if (t.cases.includes('commit-offset')) {
        expect(resume.basics.location.countryCode).toBe('US');
        expect(asian).toBe(1);
      } else if (resume.basics.location.countryCode !== 'KR') expect(asian, t.email).toBeLessThan(0.3);
    }
    for (const k of ['young-github', 'commit-offset']) expect(entries(truth, k).length, k).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('independence from the product', () => {
  it('the generator, its data and its answer key import nothing from src/intel, src/vetting or data/', () => {
    const synth = import.meta.dirname;
    const root = resolve(synth, '..', '..');
    const seen = new Set<string>();
    const offending: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/gm)) {
        const spec = m[1] ?? m[2];
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        const rel = relative(root, target);
        if (/^(src\/intel|src\/vetting|data)(\/|$)/.test(rel)) offending.push(`${relative(root, file)} → ${rel}`);
        else if (target.endsWith('.ts')) visit(target);
      }
      // no data file read by path either
      if (/['"`][^'"`]*\bdata\/(intel|tech|vetting)/.test(text)) offending.push(`${relative(root, file)} reads a data/ path`);
    };
    const entry = readdirSync(synth).filter((f) => /^applicants.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(entry.sort()).toEqual(['applicants-data.ts', 'applicants-truth.ts', 'applicants.ts']);
    for (const f of entry) visit(join(synth, f));
    expect([...seen].map((f) => relative(synth, f)).sort()).toEqual(['applicants-data.ts', 'applicants-truth.ts', 'applicants.ts', 'names.ts', 'prng.ts']);
    expect(offending).toEqual([]);
  });
});
