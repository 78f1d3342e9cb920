// The candidate formats (vetting inputs) among all the others: sniffing by content never confuses them with the
// monitor formats (in either direction), and every fixture reads end to end through readInputFile into a sink with
// candidate(): each accepted record is one valid CandidateRecord and accepted + ignored + rejected = records.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CandidateRecord } from '../core/candidate.ts';
import { formats } from './index.ts';
import { readInputFile, type Sink } from './reader.ts';
import type { Container } from './types.ts';

const ROOT = new URL('.', import.meta.url).pathname;
const CANDIDATE = new Set(formats.filter((f) => f.produces === 'candidates').map((f) => f.id));
const PAGE_KEYS = ['value', 'records', 'Resources', 'items', 'Results', 'results'];

/** The records of a text fixture as the reader hands them to sniff(): JSON array / page / object, NDJSON lines, CSV rows. */
function recordsOf(file: string): { container: Container; records: unknown[] } {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (file.endsWith('.csv')) return { container: 'csv', records: parseCsv(text, { columns: true, relax_column_count: true, skip_empty_lines: true }) as unknown[] };
  if (file.endsWith('.ndjson')) return { container: 'ndjson', records: text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown) };
  const doc = JSON.parse(text) as unknown;
  if (Array.isArray(doc)) return { container: 'json-array', records: doc };
  const key = PAGE_KEYS.find((k) => Array.isArray((doc as Record<string, unknown>)[k]));
  return key ? { container: 'json-page', records: (doc as Record<string, unknown[]>)[key] } : { container: 'json-object', records: [doc] };
}

function fixtures(): { format: string; file: string; rel: string }[] {
  const out: { format: string; file: string; rel: string }[] = [];
  for (const f of formats) {
    let names: string[] = [];
    try {
      names = readdirSync(join(ROOT, f.id, 'fixtures'));
    } catch {
      continue;
    }
    for (const n of names.sort()) if (/\.(json|ndjson|csv)$/.test(n)) out.push({ format: f.id, file: join(ROOT, f.id, 'fixtures', n), rel: `${f.id}/${n}` });
  }
  return out;
}
const all = fixtures();
const mine = all.filter((x) => CANDIDATE.has(x.format));
const theirs = all.filter((x) => !CANDIDATE.has(x.format));

const sniffers = (rec: unknown, container: Container): string[] =>
  formats.filter((f) => {
    try {
      return f.sniff(rec, container);
    } catch {
      return false;
    }
  }).map((f) => f.id);

describe('candidate formats and the monitor formats tell each other apart', () => {
  it('has fixtures of every candidate format and of the others', () => {
    expect(new Set(mine.map((x) => x.format))).toEqual(new Set([...CANDIDATE].filter((id) => id !== 'resume-document')));
    expect(theirs.length).toBeGreaterThan(20);
  });

  it.each(mine.map((x) => [x.rel, x] as const))('%s: the first format whose sniff takes its records is its own', (_r, x) => {
    const { container, records } = recordsOf(x.file);
    for (const rec of records.slice(0, 5)) {
      const hits = sniffers(rec, container);
      expect(hits[0]).toBe(x.format);
      // JSON inputs are claimed by no other format at all (a CSV's names / e-mails also fit the later hr-csv)
      if (container !== 'csv') expect(hits).toEqual([x.format]);
    }
  });

  it.each(theirs.map((x) => [x.rel, x] as const))('%s: no candidate format sniffs its records', (_r, x) => {
    const { container, records } = recordsOf(x.file);
    for (const rec of records.slice(0, 20)) expect(sniffers(rec, container).filter((id) => CANDIDATE.has(id))).toEqual([]);
  });

  it('JSON Resume: the project\'s job description sample (a job, not a resume) is no candidate record', () => {
    const job = JSON.parse(readFileSync(join(ROOT, 'jsonresume/fixtures-negative/jsonresume-sample.job.json'), 'utf8')) as unknown;
    expect(sniffers(job, 'json-object')).toEqual([]);
    const notResume = JSON.parse(readFileSync(join(ROOT, 'jsonresume/fixtures-negative/not-a-resume.json'), 'utf8')) as unknown;
    expect(sniffers(notResume, 'json-object')).toEqual([]);
  });
});

describe('readInputFile with a candidate sink, every candidate fixture', () => {
  const docs = readdirSync(join(ROOT, 'resume-document/fixtures'))
    .filter((n) => /\.(pdf|docx)$/.test(n))
    .map((n) => ({ format: 'resume-document', file: join(ROOT, 'resume-document/fixtures', n), rel: `resume-document/${n}` }));
  it.each([...mine, ...docs].map((x) => [x.rel, x] as const))('%s: counts reconcile and every record is a valid CandidateRecord', async (_r, x) => {
    const got: CandidateRecord[] = [];
    const sink: Sink = {
      event: () => {
        throw new Error('no events expected');
      },
      directory: () => {
        throw new Error('no directory entries expected');
      },
      candidate: (r) => got.push(r),
    };
    const s = await readInputFile(x.file, sink);
    expect(s.format).toBe(x.format);
    expect(s.records).toBeGreaterThan(0);
    expect(s.accepted + s.ignored + s.rejected).toBe(s.records);
    expect(s.errors.length).toBe(s.rejected);
    expect(got.length).toBe(s.accepted); // one candidate record per accepted record
    for (const r of got) {
      expect(CandidateRecord.safeParse(r).success, JSON.stringify(CandidateRecord.safeParse(r).error?.issues[0])).toBe(true);
      expect(r.source).toBe(x.format === 'greenhouse-candidates' ? 'greenhouse-candidates' : x.format);
      expect(r.origin?.file).toBe(x.file);
    }
  });

  it('a sink without candidate() (the scan) counts vetting inputs as ignored with the reason, nothing unreadable', async () => {
    const scanSink: Sink = { event: () => true, directory: () => {} };
    const why = "vetting input: read it with 'sleetwatch vet'";
    const arr = await readInputFile(join(ROOT, 'jsonresume/fixtures/candidates-array.json'), scanSink);
    expect(arr.accepted).toBe(0);
    expect(arr.ignored).toBe(arr.records);
    expect(arr.records).toBeGreaterThan(1);
    expect(arr.ignoredReasons).toEqual({ [why]: arr.records });
    const pdf = await readInputFile(join(ROOT, 'resume-document/fixtures/resume-oleksandr-hrytsenko.pdf'), scanSink);
    expect(pdf).toMatchObject({ format: 'resume-document', records: 1, ignored: 1, ignoredReasons: { [why]: 1 } });
  });
});
