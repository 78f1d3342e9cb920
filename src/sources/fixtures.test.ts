// Every fixture of every format folder (real vendor records, provenance in each folder's README): content
// detection picks the folder's own format and no other, and every record is accounted for — accepted, ignored
// (with a reason) or rejected: accepted + ignored + rejected = records. Counts are measured with a sink that
// remembers event ids, as the pipeline does, so repeated records count as duplicates. Candidate formats (vetting
// inputs) are read with a sink that takes candidates; resume documents (PDF, DOCX) are among the fixtures.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputSummary } from '../core/model.ts';
import { formats } from './index.ts';
import { readInputFile, sniffFile, type Sink } from './reader.ts';

const ROOT = new URL('.', import.meta.url).pathname;
/**
 * Fixtures that hold malformed records on purpose or as published (their own tests name each rejection): HR rows with
 * bad cells; Okta's documented LogEvent dated 2017-09-31 (a day that does not exist); Panther's hand-written Okta
 * rule-test stubs without uuid or with a redacted date; a Log Analytics export of DeviceProcessEvents whose times are
 * the exporting browser's local time with no zone ("Timestamp [Local Time]").
 */
const BAD_ON_PURPOSE = new Set([
  'hr-csv/entra-inbound-worker-bad-rows.csv',
  'okta-systemlog/okta-docs-logevent.json',
  'okta-systemlog/panther-okta.ndjson',
  'defender-hunting/azure-sentinel-m365-processevents-excerpt.csv',
  'candidate-csv/candidates-bad-rows.csv',
]);

function fixtures(): { format: string; file: string; rel: string }[] {
  const out: { format: string; file: string; rel: string }[] = [];
  for (const f of formats) {
    const dir = join(ROOT, f.id, 'fixtures');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names.sort()) if (/\.(json|ndjson|csv|pdf|docx)$/.test(n)) out.push({ format: f.id, file: join(dir, n), rel: `${f.id}/${n}` });
  }
  return out;
}

function dedupe(): Sink {
  const seen = new Set<string>();
  return {
    event: (e) => {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      return true;
    },
    directory: () => {},
    candidate: () => {}, // vetting inputs (produces: 'candidates')
  };
}

const all = fixtures();

describe('every fixture', () => {
  it('covers every format folder', () => {
    expect(new Set(all.map((x) => x.format))).toEqual(new Set(formats.map((f) => f.id)));
  });

  it.each(all.map((x) => [x.rel, x] as const))('%s: detected as its own format, every record accounted for', async (_rel, x) => {
    expect((await sniffFile(x.file)).format.id).toBe(x.format);
    const s: InputSummary = await readInputFile(x.file, dedupe());
    expect(s.format).toBe(x.format);
    expect(s.records).toBeGreaterThan(0);
    expect(s.accepted + s.ignored + s.rejected).toBe(s.records);
    expect(Object.values(s.ignoredReasons).reduce((a, b) => a + b, 0)).toBe(s.ignored);
    if (!BAD_ON_PURPOSE.has(x.rel)) expect(s.errors, JSON.stringify(s.errors.slice(0, 2))).toEqual([]);
  });
});
