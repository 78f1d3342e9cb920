// JSON Resume: the project's own sample (MIT) and an array of three resumes, mapped field by field; declared
// employment types and technologies from highlights; rejections name the field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CandidateRecord } from '../../core/candidate.ts';
import { readInputFile } from '../reader.ts';
import type { ParseOutcome } from '../types.ts';
import { jsonResume } from './format.ts';

const here = (p: string): string => new URL(p, import.meta.url).pathname;
const SAMPLE = here('./fixtures/jsonresume-sample.resume.json');
const ARRAY = here('./fixtures/candidates-array.json');
const origin = { file: 'x.json', index: 0 };

async function read(file: string): Promise<CandidateRecord[]> {
  const out: CandidateRecord[] = [];
  const s = await readInputFile(file, { event: () => true, directory: () => {}, candidate: (r) => out.push(r) });
  expect(s.format).toBe('jsonresume');
  expect(s.rejected).toBe(0);
  return out;
}
const one = (o: ParseOutcome<CandidateRecord>): CandidateRecord => {
  if (o.ok !== true) throw new Error(JSON.stringify(o));
  return o.items[0];
};
const rejection = (o: ParseOutcome<CandidateRecord>) => (o.ok === false ? { field: o.field, message: o.message } : o);

describe('jsonresume: the jsonresume.org sample resume', () => {
  it('maps basics, work, education, skills and the free text', async () => {
    const [r] = await read(SAMPLE);
    expect(r.key).toBe('jsonresume:richard.hendriks@mail.com');
    expect(r).toMatchObject({
      displayName: 'Richard Hendriks',
      givenName: 'Richard',
      familyName: 'Hendriks',
      emails: [{ value: 'richard.hendriks@mail.com' }],
      phones: [{ value: '(912) 555-4321' }],
      addresses: [{ use: 'home', street: '2712 Broadway St', postalCode: 'CA 94115', locality: 'San Francisco', region: 'California', country: 'US' }],
    });
    // the homepage, and the two profiles: Twitter's entry points at the network's home page, so the user name makes the URL
    expect(r.profiles).toEqual([
      { url: 'http://richardhendricks.example.com', network: 'website' },
      { url: 'https://twitter.com/neutralthoughts', network: 'twitter', username: 'neutralthoughts' },
      { url: 'https://soundcloud.example.com/dandymusicnl', network: 'soundcloud', username: 'dandymusicnl' },
    ]);
    expect(r.work).toEqual([
      expect.objectContaining({ employer: 'Pied Piper', position: 'CEO/President', start: '2013-12-01', end: '2014-12-01', employment: 'unknown', location: 'Palo Alto, CA' }),
    ]);
    expect(r.work[0].current).toBeUndefined();
    expect(r.education).toEqual([{ institution: 'University of Oklahoma', area: 'Information Technology', studyType: 'Bachelor', start: '2011-06-01', end: '2014-01-01' }]);
    expect(r.skills).toEqual(['Web Development', 'HTML', 'CSS', 'Javascript', 'Compression', 'Mpeg', 'MP4', 'GIF']);
    expect(r.resumeText).toContain('Richard hails from Tulsa');
    expect(r.resumeText).toContain('Successfully won Techcrunch Disrupt');
    expect(r.resumeText).toContain('A mapping engine that misguides you'); // project description
    expect(r.photo).toBeUndefined(); // "image": "" is no photo
  });
});

describe('jsonresume: an array of resumes', () => {
  it('one record per resume, keyed by e-mail; declared employment types; technologies as words', async () => {
    const rs = await read(ARRAY);
    expect(rs.map((r) => r.key)).toEqual(['jsonresume:dana.whitfield@example.com', 'jsonresume:kenji.moriyama@example.jp', 'jsonresume:m.kowalczyk@example.pl']);
    const [dana, kenji, marta] = rs;
    expect(dana.work.map((w) => [w.employer, w.employment, w.start, w.end ?? null, w.current ?? false])).toEqual([
      ['Northwind Payments', 'unknown', '2019-01', null, true],
      ['Lone Star Robotics', 'part-time', '2020-03', '2021-06', false], // "Part-time contract developer"
      ['Hooli', 'unknown', '2014-06', '2018-12', false],
    ]);
    // "Go" only counts because Dana lists it as a skill keyword; the category "Backend" is not a technology
    expect(dana.work[0].technologies).toEqual(['postgresql', 'kafka', 'go', 'redis']);
    expect(dana.work[2].technologies).toEqual(['python', 'kubernetes', 'spark']);
    expect(dana.profiles.map((p) => [p.network, p.username])).toEqual([
      ['website', undefined],
      ['github', 'danaw'],
      ['linkedin', 'danawhitfield'],
    ]);
    expect(kenji.work.map((w) => w.employment)).toEqual(['freelance', 'internship']);
    expect(kenji.work[0].technologies).toEqual(['ios', 'swiftui', 'flutter']); // title first, then highlights
    // a profile with a user name and no URL gets the network's URL
    expect(kenji.profiles).toEqual([{ url: 'https://github.com/kmoriyama', network: 'github', username: 'kmoriyama' }]);
    expect(kenji.addresses[0]).toMatchObject({ locality: 'Osaka', country: 'JP' });
    // the 0.x schema: company / website, and "Present" as the end
    expect(marta.work[0]).toMatchObject({ employer: 'Vistula Analytics', start: '2018-02', current: true, url: 'https://vistula.example.pl' });
    expect(marta.work[0].end).toBeUndefined();
    expect(marta.addresses[0].country).toBe('PL');
    expect(marta.profiles[0]).toEqual({ url: 'https://example.pl/marta', network: 'website' });
  });

  it('without an e-mail the key is the file and index (stable across runs)', () => {
    const r = one(jsonResume.parse({ basics: { name: 'No Mail' }, work: [] }, { file: 'pool/resumes.json', index: 7 }));
    expect(r.key).toBe('jsonresume:pool/resumes.json#7');
  });
});

describe('jsonresume: rejections name the field', () => {
  const base = { basics: { name: 'A B', email: 'a@b.example' } };
  it.each([
    [{ basics: 'Dana' }, 'basics', /not an object/],
    [{ basics: { name: 'A', email: 'not-an-email' } }, 'basics.email', /not an e-mail address/],
    [{ basics: { name: 'A', phone: 'x'.repeat(100) } }, 'basics.phone', /not a phone number/],
    [{ ...base, work: 'Pied Piper' }, 'work', /not a list/],
    [{ ...base, work: [{ position: 'CEO' }] }, 'work[0].name', /missing/],
    [{ ...base, work: [{ name: 'X', startDate: 'May 2019' }] }, 'work[0].startDate', /not a date/],
    [{ ...base, work: [{ name: 'X', startDate: '2019-02-30' }] }, 'work[0].startDate', /no such day/],
    [{ ...base, work: [{ name: 'X', startDate: '2019-05', endDate: '2018-01' }] }, 'work[0].endDate', /before startDate/],
    [{ ...base, work: [{ name: 'X', highlights: [{ text: 'Led' }] }] }, 'work[0].highlights[0]', /not a string/],
    [{ ...base, work: [{ name: 'X', highlights: ['x'.repeat(9000)] }] }, 'work[0].highlights[0]', /too long/],
    [{ ...base, work: Array.from({ length: 201 }, () => ({ name: 'X' })) }, 'work', /more than 200/],
    [{ ...base, skills: [{ name: 'Web', keywords: 'HTML' }] }, 'skills[0].keywords', /not a list/],
    [{ basics: { label: 'Programmer' }, work: [] }, 'basics', /says nothing/],
  ])('%j → %s', (rec, field, message) => {
    const o = rejection(jsonResume.parse(rec, origin)) as { field: string; message: string };
    expect(o.field).toBe(field);
    expect(o.message).toMatch(message);
  });

  it('hostile text stays fast: 200 highlights of 7,000 technology-like characters each', () => {
    const h = 'react native '.repeat(538); // 6,994 characters
    const highlights = Array.from({ length: 200 }, () => h);
    const t0 = performance.now();
    const r = one(jsonResume.parse({ ...base, work: [{ name: 'X', summary: 'janjan'.repeat(3000), highlights }] }, origin));
    expect(performance.now() - t0).toBeLessThan(500);
    // only the first 20,000 characters are matched: the cut may leave a lone "react"
    expect(r.work[0].technologies[0]).toBe('react native');
    expect(r.work[0].technologies.length).toBeLessThanOrEqual(2);
  });
});

describe('jsonresume: sniff', () => {
  it('takes a resume, not the same project\'s job description nor a CSV row', () => {
    const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as unknown;
    expect(jsonResume.sniff(sample, 'json-object')).toBe(true);
    expect(jsonResume.sniff({ basics: { name: 'A' }, work: [] }, 'ndjson')).toBe(true);
    expect(jsonResume.sniff(JSON.parse(readFileSync(here('./fixtures-negative/jsonresume-sample.job.json'), 'utf8')), 'json-object')).toBe(false);
    expect(jsonResume.sniff({ basics: { name: 'A' } }, 'json-object')).toBe(false); // no resume section
    expect(jsonResume.sniff(sample, 'csv')).toBe(false);
  });
});
