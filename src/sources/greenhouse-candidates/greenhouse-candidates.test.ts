// Greenhouse Harvest candidates: the documented example responses (grnhse/greenhouse-api-docs, Apache-2.0) and two
// candidates in the same shape with a referral and an agency source; rejections name the field.
import { describe, expect, it } from 'vitest';
import type { CandidateRecord } from '../../core/candidate.ts';
import { readInputFile } from '../reader.ts';
import type { ParseOutcome } from '../types.ts';
import { greenhouseCandidates } from './format.ts';

const here = (p: string): string => new URL(p, import.meta.url).pathname;
const origin = { file: 'gh.json', index: 0 };

async function read(name: string): Promise<CandidateRecord[]> {
  const out: CandidateRecord[] = [];
  const s = await readInputFile(here(`./fixtures/${name}`), { event: () => true, directory: () => {}, candidate: (r) => out.push(r) });
  expect(s).toMatchObject({ format: 'greenhouse-candidates', rejected: 0, ignored: 0 });
  expect(s.accepted).toBe(out.length);
  return out;
}

describe('greenhouse-candidates: the documented candidate object', () => {
  it('maps contact lists, the address text, profiles, applications, employments and educations', async () => {
    const [r] = await read('greenhouse-docs-candidate-object.json');
    expect(r.key).toBe('greenhouse:53883394');
    expect(r).toMatchObject({ displayName: 'John Locke', givenName: 'John', familyName: 'Locke' });
    expect(r.emails).toEqual([
      { value: 'test@work.com', type: 'work' },
      { value: 'test@example.com', type: 'personal' },
    ]);
    expect(r.phones).toEqual([{ value: '555-555-5555', type: 'mobile' }]);
    expect(r.addresses).toEqual([
      { formatted: '123 City Street\nNew York, Ny 10001', use: 'home', street: '123 City Street', locality: 'New York', region: 'Ny', postalCode: '10001' },
    ]);
    // website_addresses, social_media_addresses, and the application answers that are links
    expect(r.profiles.map((p) => [p.url, p.network, p.username])).toEqual([
      ['https://mysite.com', 'website', undefined],
      ['https://twitter.com/test', 'twitter', 'test'],
      ['https://example.com', 'website', undefined],
      ['https://linkedin.com/example', 'linkedin', undefined],
    ]);
    expect(r.jobs).toEqual(['DevOps Engineer', 'Data Scientist - BK']);
    // the earliest application names the source: "Meetups" is no channel we know
    expect(r.appliedAt).toBe('2017-08-15T03:31:46.637Z');
    expect(r.sourcing).toEqual({ channel: 'unknown', name: 'Meetups' });
    expect(r.attachments).toEqual([{ filename: 'John_Locke_Offer_Packet_09_27_2017.pdf', type: 'offer_packet', url: 'https://prod-heroku.s3.amazonaws.com/...' }]);
    expect(r.work[0]).toMatchObject({ employer: 'Greenhouse', position: 'Engineer', start: '2012-08-15', end: '2016-05-15', employment: 'unknown' });
    // the current company, when no employment names it
    expect(r.work[1]).toMatchObject({ employer: 'The Tustin Box Company', current: true });
    expect(r.education).toEqual([
      { institution: 'University of Michigan - Ann Arbor', area: 'Computer Science', studyType: "Bachelor's Degree", start: '2012-08-15', end: '2016-05-15' },
    ]);
  });

  it('the documented list response: a prospect application is not how the candidate came in', async () => {
    const [r] = await read('greenhouse-docs-list-candidates.json');
    expect(r.key).toBe('greenhouse:53883394');
    expect(r.jobs).toEqual(['Full Stack Engineer', 'Data Scientist - BK']);
    expect(r.sourcing).toEqual({ channel: 'unknown', name: 'Meetups' }); // LinkedIn (Prospecting) is a prospect application
  });
});

describe('greenhouse-candidates: sourcing channels', () => {
  it('a referral credits the referrer; an agency is named; resume attachments and contract roles are read', async () => {
    const [alex, jin] = await read('greenhouse-sourcing-examples.json');
    expect(alex.sourcing).toEqual({ channel: 'referral', name: 'Employee Referral', referrer: 'Bob Smith' });
    expect(alex.attachments.map((a) => a.type)).toEqual(['resume', 'cover_letter']);
    expect(alex.work.map((w) => [w.employer, w.employment, w.current ?? false])).toEqual([
      ['Contoso Cloud', 'unknown', true],
      ['Fabrikam', 'contract', false],
    ]);
    expect(alex.profiles.filter((p) => p.network === 'github')).toEqual([{ url: 'https://github.com/arivera-dev', network: 'github', username: 'arivera-dev' }]);
    expect(jin.sourcing).toEqual({ channel: 'agency', name: 'Apex Talent Staffing' });
    expect(jin.jobs).toEqual(['Site Reliability Engineer', 'Backend Engineer']);
    expect(jin.attachments).toEqual([{ filename: 'JinPark_CV.docx', type: 'resume', url: 'https://prod-heroku.s3.amazonaws.com/...' }]);
  });

  it('custom fields name an agency or a referrer the source list does not', () => {
    const o = greenhouseCandidates.parse(
      { id: 5, first_name: 'A', last_name: 'B', email_addresses: [], applications: [{ applied_at: '2026-01-01T00:00:00Z', source: { public_name: 'Other' } }], custom_fields: { staffing_vendor: 'Nimbus Staffing' } },
      origin,
    ) as { ok: true; items: CandidateRecord[] };
    expect(o.items[0].sourcing).toEqual({ channel: 'agency', name: 'Nimbus Staffing' });
  });
});

describe('greenhouse-candidates: rejections name the field', () => {
  const base = { id: 1, first_name: 'A', last_name: 'B', email_addresses: [], applications: [] };
  it.each([
    [{ ...base, id: undefined }, 'id', /missing/],
    [{ ...base, id: { x: 1 } }, 'id', /not a candidate id/],
    [{ ...base, email_addresses: [{ value: 'nope', type: 'personal' }] }, 'email_addresses[0].value', /not an e-mail address/],
    [{ ...base, phone_numbers: [{ value: '1'.repeat(80) }] }, 'phone_numbers[0].value', /not a phone number/],
    [{ ...base, phone_numbers: 'x' }, 'phone_numbers', /not a list/],
    [{ ...base, applications: [{ applied_at: 'yesterday' }] }, 'applications[0].applied_at', /not an ISO 8601/],
    [{ ...base, applications: [{ jobs: [{ name: { en: 'SRE' } }] }] }, 'applications[0].jobs[0].name', /not a string/],
    [{ ...base, attachments: [{ type: 'resume' }] }, 'attachments[0].filename', /missing/],
    [{ ...base, employments: [{ company_name: 'X', start_date: '15/08/2012' }] }, 'employments[0].start_date', /not a date/],
  ])('%j → %s', (rec, field, message) => {
    const o = greenhouseCandidates.parse(rec, origin) as ParseOutcome<CandidateRecord>;
    expect(o).toMatchObject({ ok: false, field });
    expect((o as { message: string }).message).toMatch(message);
  });

  it('sniff: Greenhouse lists, not SCIM users nor JSON Resumes', () => {
    expect(greenhouseCandidates.sniff(base, 'json-array')).toBe(true);
    expect(greenhouseCandidates.sniff({ id: 1, first_name: 'A', phone_numbers: [], application_ids: [] }, 'ndjson')).toBe(true);
    expect(greenhouseCandidates.sniff({ id: '1', userName: 'a', emails: [{ value: 'a@b.c' }], phoneNumbers: [] }, 'json-page')).toBe(false);
    expect(greenhouseCandidates.sniff({ basics: { name: 'A' }, work: [] }, 'json-object')).toBe(false);
    expect(greenhouseCandidates.sniff({ ...base }, 'csv')).toBe(false);
  });
});
