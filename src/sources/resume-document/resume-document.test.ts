// Resume documents: the same resume as DOCX and as PDF (LibreOffice conversions of resume-oleksandr-hrytsenko.txt)
// read to text and parsed alike; encrypted, broken, truncated and oversized documents are errors that say so; the
// text parser on date-range forms, names and hostile text.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateRecord } from '../../core/candidate.ts';
import { InputError, readInputFile, sniffFile, type Sink } from '../reader.ts';
import { documentKind } from './extract.ts';
import { parseResumeText, resumeDocument } from './format.ts';
import { zipEntries } from './zip.ts';

const here = (p: string): string => new URL(p, import.meta.url).pathname;
const PDF = here('./fixtures/resume-oleksandr-hrytsenko.pdf');
const DOCX = here('./fixtures/resume-oleksandr-hrytsenko.docx');
const ENCRYPTED = here('./fixtures-negative/encrypted-resume.pdf');
const origin = { file: 'resume.pdf' };

const sink = (out: CandidateRecord[]): Sink => ({ event: () => true, directory: () => {}, candidate: (r) => out.push(r) });
async function read(file: string) {
  const out: CandidateRecord[] = [];
  const s = await readInputFile(file, sink(out));
  return { s, out };
}
async function inputError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return (e as InputError).message;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleetwatch-resume-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resume-document: PDF and DOCX', () => {
  it.each([
    ['PDF', PDF],
    ['DOCX', DOCX],
  ])('%s: one record with contact data, work history with dates, education, skills and the text', async (_k, file) => {
    expect((await sniffFile(file)).format.id).toBe('resume-document');
    const { s, out } = await read(file);
    expect(s).toMatchObject({ format: 'resume-document', records: 1, accepted: 1, ignored: 0, rejected: 0 });
    const [r] = out;
    expect(r).toMatchObject({
      key: 'resume-document:o.hrytsenko.dev@gmail.com',
      ref: 'o.hrytsenko.dev@gmail.com',
      displayName: 'Oleksandr Hrytsenko',
      givenName: 'Oleksandr',
      familyName: 'Hrytsenko',
      emails: [{ value: 'o.hrytsenko.dev@gmail.com' }],
      phones: [{ value: '+1 (720) 555-0163' }],
      attachments: [{ filename: file, type: 'resume' }],
    });
    expect(r.profiles).toEqual([
      { url: 'https://linkedin.com/in/ohrytsenko', network: 'linkedin', username: 'ohrytsenko' },
      { url: 'https://github.com/ohrytsenko', network: 'github', username: 'ohrytsenko' },
    ]);
    expect(r.work.map((w) => [w.employer, w.position, w.start, w.end ?? null, w.current ?? false, w.employment])).toEqual([
      ['Bluebird Logistics', 'Senior Software Engineer', '2019-01', null, true, 'unknown'], // "Jan 2019 – Present"
      ['Aspen Health Labs', 'Software Engineer (Part-time contract)', '2020-06', '2021-12', false, 'part-time'], // "Jun 2020 - Dec 2021"
      ['Front Range Analytics', 'Software Engineer', '2016', '2018', false, 'unknown'], // "2016-2018"
      ['Rocky Mountain Web Studio', 'Junior Developer', '2014-03', '2016-06', false, 'unknown'], // "03/2014 - 06/2016"
    ]);
    expect(r.work[0].technologies).toEqual(['react', 'typescript', 'postgresql', 'graphql']);
    expect(r.work[1].technologies).toEqual(['node.js', 'vue.js']);
    expect(r.education).toEqual([{ institution: 'University of Colorado Boulder', studyType: 'B.S. Computer Science', start: '2010', end: '2014' }]);
    expect(r.skills).toEqual(['TypeScript', 'React', 'Node.js', 'PostgreSQL', 'GraphQL', 'Docker', 'AWS']);
    expect(r.resumeText).toContain('Full-stack engineer with nine years of experience');
    expect(r.addresses).toEqual([]); // not guessed from free text
  });

  it('documentKind: by bytes, whatever the name', async () => {
    expect(documentKind(await readFile(PDF))).toBe('pdf');
    expect(documentKind(await readFile(DOCX))).toBe('docx');
    expect(documentKind(Buffer.from('{"a":1}'))).toBeUndefined();
    const renamed = join(dir, 'cv.json');
    await writeFile(renamed, await readFile(DOCX));
    expect((await sniffFile(renamed)).format.id).toBe('resume-document');
  });
});

describe('resume-document: documents that cannot be read say why', () => {
  it('an encrypted PDF (LibreOffice export with an open password)', async () => {
    expect(await inputError(read(ENCRYPTED))).toMatch(/a PDF document that cannot be read: an encrypted PDF \(password-protected\)/);
  });

  it('a broken PDF, a truncated DOCX', async () => {
    const broken = join(dir, 'broken.pdf');
    await writeFile(broken, '%PDF-1.7\n1 0 obj <</Type /Catalog');
    expect(await inputError(read(broken))).toMatch(/a PDF document that cannot be read: a broken PDF/);
    const cut = join(dir, 'cut.docx');
    await writeFile(cut, (await readFile(DOCX)).subarray(0, 3000));
    expect(await inputError(read(cut))).toMatch(/a DOCX document that cannot be read: a broken DOCX: no ZIP central directory/);
  });

  it('a ZIP bomb dressed as a DOCX is refused before anything is inflated', async () => {
    const buf = Buffer.from(await readFile(DOCX));
    const entries = zipEntries(buf);
    if (typeof entries === 'string') throw new Error(entries);
    // claim 2 GB for word/document.xml in the central directory
    const at = buf.indexOf('word/document.xml', buf.length - 2000);
    buf.writeUInt32LE(0x7fffffff, at - 46 + 24);
    const bomb = join(dir, 'bomb.docx');
    await writeFile(bomb, buf);
    expect(await inputError(read(bomb))).toMatch(/a DOCX that unpacks to 2048 MB \(at most 64 MB\): not read/);
  });

  it('another ZIP (no word/document.xml) is still refused as binary data', async () => {
    const buf = Buffer.from(await readFile(DOCX));
    for (let i = buf.indexOf('word/document.xml'); i >= 0; i = buf.indexOf('word/document.xml', i + 1)) buf.write('word/documenX.xml', i);
    const zip = join(dir, 'other.zip');
    await writeFile(zip, buf);
    expect(await inputError(read(zip))).toMatch(/not a text export: a ZIP archive/);
  });

  it('a PDF without text is one rejected record (no text layer), counts reconciled', async () => {
    const pdf = [
      '%PDF-1.4',
      '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
      '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
      '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>> endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
    ].join('\n');
    const f = join(dir, 'scan.pdf');
    await writeFile(f, pdf);
    const { s, out } = await read(f);
    expect(out).toEqual([]);
    expect(s).toMatchObject({ records: 1, accepted: 0, rejected: 1 });
    expect(s.errors[0]).toMatchObject({ field: '(text)', message: 'no text in the document (a scanned image without a text layer?)' });
  });
});

describe('resume-document: the text parser', () => {
  const one = (text: string): CandidateRecord => {
    const o = parseResumeText(text, origin);
    if (o.ok !== true) throw new Error(JSON.stringify(o));
    return o.items[0];
  };

  it('date-range forms, headers before or beside the dates, "at" and bar separators', () => {
    const r = one(
      [
        'JANE Q DOE',
        'jane.doe@example.org | +44 20 7946 0958',
        'Experience',
        'Acme Corp | Staff Engineer | September 2020 to Present',
        '* Kubernetes operators in Go',
        'Data Engineer at Initech',
        '2017-05 – 2020-08',
        'Intern, Globex, 06/2016 - 08/2016',
      ].join('\n'),
    );
    expect(r.displayName).toBe('Jane Q Doe'); // a name in capitals on the first line, title-cased
    expect(r.phones).toEqual([{ value: '+44 20 7946 0958' }]);
    expect(r.work.map((w) => [w.employer, w.position ?? null, w.start, w.end ?? null, w.current ?? false, w.employment])).toEqual([
      ['Acme Corp', null, '2020-09', null, true, 'unknown'],
      ['Initech', 'Data Engineer', '2017-05', '2020-08', false, 'unknown'],
      ['Globex', 'Intern', '2016-06', '2016-08', false, 'internship'],
    ]);
  });

  it('years are not phones; impossible ranges are not jobs; a key without e-mail is the file', () => {
    const r = one(['Some Person', 'Employer One', '2016-2018 2019-2020', 'Employer Two', '2020 - 2015'].join('\n'));
    expect(r.phones).toEqual([]);
    expect(r.work.map((w) => [w.employer, w.start, w.end])).toEqual([['Employer One', '2016', '2018']]);
    expect(r.key).toBe('resume-document:resume.pdf');
    expect(r.ref).toBeUndefined();
  });

  it('hostile text stays linear: long runs of month names, digits, letters and "@"', () => {
    const text = [
      'jan'.repeat(60_000),
      '9'.repeat(100_000),
      ('a'.repeat(300) + '@').repeat(500),
      'Jan 2019 - '.repeat(10_000),
      `${'x'.repeat(150)} Jan 2019 – Present`,
    ].join('\n');
    const t0 = performance.now();
    const r = one(text);
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(r.resumeText?.length).toBe(60_000);
    expect(r.phones).toEqual([]);
  });

  it('parse refuses a record that is not the reader\'s document text', () => {
    expect(resumeDocument.parse({ text: 'x' }, origin)).toMatchObject({ ok: false, field: 'documentText' });
    expect(resumeDocument.sniff({ documentText: 'x', documentKind: 'pdf' }, 'json-object')).toBe(false);
  });
});
