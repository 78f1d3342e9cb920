// Interview / verification records: JSON array, NDJSON and CSV fixtures mapped to verification + sourcing with a
// ref; the CSV and JSON forms give the same record; rejections name the field (the JSON path or the CSV column);
// the committed JSON Schema is the one generated from the zod schema, and the JSON fixtures satisfy it.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { CandidateRecord } from '../../core/candidate.ts';
import { readInputFile } from '../reader.ts';
import { vettingRecords } from './format.ts';
import { vettingRecordJsonSchema } from './schema.ts';

const here = (p: string): string => new URL(p, import.meta.url).pathname;
const origin = { file: 'v.json', index: 0 };

async function read(name: string) {
  const out: CandidateRecord[] = [];
  const s = await readInputFile(here(`./fixtures/${name}`), { event: () => true, directory: () => {}, candidate: (r) => out.push(r) });
  expect(s.format).toBe('vetting-records');
  expect(s.rejected).toBe(0);
  return out;
}
const strip = (r: CandidateRecord) => {
  const { origin: _o, ...rest } = r;
  return rest;
};

describe('vetting-records: JSON', () => {
  it('an array: verification, references, recording, shipping address and sourcing; ref = the candidate', async () => {
    const [dana, jin] = await read('records.json');
    expect(dana).toMatchObject({ key: 'vetting-records:dana.whitfield@example.com', ref: 'dana.whitfield@example.com', source: 'vetting-records' });
    expect(dana.verification).toEqual({
      interviewedAt: '2026-10-14T16:00:00.000Z',
      interviewer: 'Priya Raman',
      cameraOn: true,
      idShownOnCamera: true,
      documentCheck: 'passed',
      documentCheckProvider: 'Persona',
      references: [
        { name: 'Tom Becker', email: 'tom.becker@northwind.example.com', phone: '+1 512 555 0190', company: 'Northwind Payments', channel: 'phone', reached: true },
        { name: 'Lina Ortiz', company: 'Hooli', channel: 'video', reached: true },
      ],
      recording: { file: 'recordings/2026-10-14-dana-whitfield.mp4', sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', bytes: 734003200 },
      shippingAddress: { street: '4100 Speedway', locality: 'Austin', region: 'TX', postalCode: '78751', country: 'US' },
      notes: 'Walked through the ledger design in detail.',
    });
    expect(dana.sourcing).toEqual({ channel: 'job-board', name: 'LinkedIn' });
    expect(dana.attachments).toEqual([{ filename: 'recordings/2026-10-14-dana-whitfield.mp4', type: 'recording', sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }]);
    expect(dana.addresses).toEqual([{ street: '4100 Speedway', locality: 'Austin', region: 'TX', postalCode: '78751', country: 'US', use: 'shipping' }]);
    // an offset time → UTC; "recording": null is absent; a country name → ISO-2
    expect(jin.ref).toBe('greenhouse:71002399');
    expect(jin.verification).toMatchObject({ interviewedAt: '2026-10-14T17:30:00.000Z', cameraOn: false, idShownOnCamera: false, documentCheck: 'not done' });
    expect(jin.verification?.recording).toBeUndefined();
    expect(jin.verification?.shippingAddress?.country).toBe('US');
    expect(jin.verification?.references.map((r) => r.channel)).toEqual(['email', 'none']);
    expect(jin.sourcing).toEqual({ channel: 'agency', name: 'Apex Talent Staffing' });
  });

  it('NDJSON: a date-only interview, an empty reference list, a ref that is a GitHub profile URL', async () => {
    const rs = await read('records.ndjson');
    expect(rs.map((r) => r.ref)).toEqual(['c-1003', 'kenji.moriyama@example.jp', 'https://github.com/kmoriyama']);
    expect(rs[0].sourcing).toEqual({ channel: 'referral', referrer: 'Bob Smith' });
    expect(rs[1].verification?.interviewedAt).toBe('2026-10-09T00:00:00.000Z');
    expect(rs[1].verification?.references).toEqual([]);
  });
});

describe('vetting-records: CSV', () => {
  it('flat columns map onto the JSON form: the same record either way', async () => {
    const [marta, jin] = await read('records.csv');
    expect(marta.verification).toMatchObject({
      cameraOn: true,
      idShownOnCamera: true,
      documentCheck: 'passed',
      documentCheckProvider: 'Veriff',
      references: [{ name: 'Piotr Nowak', email: 'p.nowak@vistula.example.pl', phone: '+48 12 555 0177', channel: 'phone', reached: true }],
      recording: { file: 'recordings/2026-10-10-kowalczyk.webm', sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' },
    });
    expect(jin.verification?.references.map((r) => [r.email, r.channel])).toEqual([
      ['rcole.apex@outlook.com', 'email'],
      ['dwu.ref@outlook.com', 'email'],
    ]);
    expect(jin.sourcing).toEqual({ channel: 'agency', name: 'Apex Talent Staffing' });
    // the same record as JSON parses to the same CandidateRecord
    const json = vettingRecords.parse(
      {
        candidate: 'c-1002',
        interviewedAt: '2026-10-11T17:00:00Z',
        interviewer: 'Marcus Lee',
        cameraOn: false,
        idShownOnCamera: false,
        documentCheck: 'not done',
        references: [
          { name: 'R. Cole', email: 'rcole.apex@outlook.com', channel: 'email', reached: true },
          { name: 'D. Wu', email: 'dwu.ref@outlook.com', channel: 'email', reached: true },
        ],
        shippingAddress: { street: '1 Harbor Freight Way Unit 18', locality: 'Miami', region: 'FL', postalCode: '33166', country: 'US' },
        sourcing: { channel: 'agency', name: 'Apex Talent Staffing' },
        notes: 'Asked for the laptop to go to a freight forwarder in Miami',
      },
      origin,
    ) as { ok: true; items: CandidateRecord[] };
    expect(strip(json.items[0])).toEqual(strip(jin));
  });
});

describe('vetting-records: rejections name the field', () => {
  const ok = { candidate: 'a@b.example', cameraOn: true };
  it.each([
    [{ ...ok, candidate: '' }, 'candidate'],
    [{ ...ok, candidate: 42 }, 'candidate'],
    [{ ...ok, cameraOn: 'yes' }, 'cameraOn'],
    [{ ...ok, documentCheck: 'maybe' }, 'documentCheck'],
    [{ ...ok, interviewedAt: 'last Tuesday' }, 'interviewedAt'],
    [{ ...ok, references: [{ name: 'X' }] }, 'references[0].channel'],
    [{ ...ok, references: [{ channel: 'carrier pigeon' }] }, 'references[0].channel'],
    [{ ...ok, recording: { file: 'r.mp4', sha256: 'abc' } }, 'recording.sha256'],
    [{ ...ok, sourcing: { channel: 'friend' } }, 'sourcing.channel'],
    [{ ...ok, notes: 'x'.repeat(20_001) }, 'notes'],
  ])('JSON %j → %s', (rec, field) => {
    const o = vettingRecords.parse(rec, origin);
    expect(o).toMatchObject({ ok: false, field });
  });

  it.each([
    [{ candidate: 'a@b.example', camera_on: 'perhaps' }, 'camera_on', /not true or false/],
    [{ candidate: 'a@b.example', camera_on: 'yes', reference_1_name: 'X', reference_1_channel: 'fax' }, 'reference_1_channel', /Invalid option/],
    [{ candidate: 'a@b.example', camera_on: 'yes', recording_file: 'r.mp4', recording_sha256: 'zz' }, 'recording_sha256', /./],
    [{ candidate: 'a@b.example', camera_on: 'yes', recording_file: 'r.mp4', recording_bytes: '12 MB' }, 'recording_bytes', /not a whole number/],
    [{ candidate: '', camera_on: 'yes' }, 'candidate', /./],
  ])('CSV %j → %s', (row, field, message) => {
    const o = vettingRecords.parse(row, origin) as { ok: false; field: string; message: string };
    expect(o).toMatchObject({ ok: false, field });
    expect(o.message).toMatch(message);
  });

  it('sniff: a candidate with interview facts (JSON or CSV); not a resume, not a candidate CSV', () => {
    expect(vettingRecords.sniff({ candidate: 'x', cameraOn: true }, 'ndjson')).toBe(true);
    expect(vettingRecords.sniff({ candidate: 'x', notes: 'n' }, 'ndjson')).toBe(false);
    expect(vettingRecords.sniff({ candidate: 'x', camera_on: 'yes' }, 'csv')).toBe(true);
    expect(vettingRecords.sniff({ id: 'c-1', first_name: 'A', referrer: 'B', source: 'x' }, 'csv')).toBe(false);
    expect(vettingRecords.sniff({ basics: { name: 'A' }, work: [] }, 'json-object')).toBe(false);
  });
});

describe('vetting-records: JSON Schema', () => {
  it('the committed schema is generated from the zod schema (npx tsx scripts/gen-report-schema.ts)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../schemas/vetting-record.v1.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(vettingRecordJsonSchema());
  });

  it('the JSON fixtures satisfy it, and a bad record does not', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(vettingRecordJsonSchema());
    const recs = [
      ...(JSON.parse(readFileSync(here('./fixtures/records.json'), 'utf8')) as Record<string, unknown>[]),
      ...readFileSync(here('./fixtures/records.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>),
    ].map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))); // null = absent, as the parser reads it
    for (const r of recs) expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ candidate: 'x', documentCheck: 'maybe' })).toBe(false);
  });
});
