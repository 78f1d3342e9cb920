// Issue 7 (hostile input), part 5: deep nesting and huge lines. A record nested thousands deep is rejected by its
// position (file, index or line) and the rest of the file is read; NDJSON lines are assembled in linear time and a
// line over MAX_RECORD_BYTES (16 MB) is rejected as "record too large" with its line number, never held whole.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, readInputFile, readInputText } from '../reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'sleetwatch-huge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sink = { event: () => true, directory: () => undefined };
const okta = JSON.parse(readFileSync(new URL('../okta-systemlog/fixtures/api-logs-page.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
const gws = JSON.parse(readFileSync(new URL('../gworkspace/fixtures/reports-api-login-page.json', import.meta.url), 'utf8')) as { items: Record<string, unknown>[] };
const person = okta.find((r) => (r.actor as { type?: string }).type === 'User')!;
const rec = (uuid: string, extra?: string): string => {
  const base = JSON.stringify({ ...person, uuid });
  return extra === undefined ? base : `${base.slice(0, -1)},"extra":${extra}}`;
};
const DEPTH = 5000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

describe('hostile input: deep nesting', () => {
  it('a JSON array element nested 5,000 deep is rejected by index; the others are read', async () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, `[${rec('a')},${deepArray},${rec('b')}]`);
    const s = await readInputFile(file, sink);
    expect(s).toMatchObject({ format: 'okta-systemlog', records: 3, accepted: 2, rejected: 1 });
    expect(s.errors[0]).toMatchObject({ index: 1, message: expect.stringContaining('nested more than 1000 levels deep') });
  });

  it('an NDJSON line nested 5,000 deep is rejected by line', async () => {
    const file = join(dir, 'deep.ndjson');
    writeFileSync(file, `${rec('a')}\n{"deep":${deepArray}}\n${rec('b')}\n`);
    const s = await readInputFile(file, sink);
    expect(s).toMatchObject({ records: 3, accepted: 2, rejected: 1 });
    expect(s.errors[0].line).toBe(2);
  });

  it('a record whose parser breaks on a 5,000-deep field (Google hashes a record without uniqueQualifier) is rejected by index', () => {
    const a = structuredClone(gws.items[0]);
    const b = structuredClone(gws.items[0]);
    delete (b.id as Record<string, unknown>).uniqueQualifier;
    const deepObj = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
    const text = `{"items":[${JSON.stringify(a)},${JSON.stringify(b).slice(0, -1)},"extra":${deepObj}}]}`;
    const s = readInputText('gws.json', text, sink);
    expect(s).toMatchObject({ format: 'gworkspace', records: 2, accepted: 1, rejected: 1 });
    expect(s.errors[0]).toMatchObject({ index: 1, field: '(record)', message: expect.stringContaining('nested more than 1000 levels deep') });
  });
});

describe('hostile input: huge NDJSON lines', () => {
  it(`a 12 MB line is read, a 20 MB line is rejected as too large (cap ${MAX_RECORD_BYTES >> 20} MB), both in linear time`, async () => {
    const file = join(dir, 'huge.ndjson');
    const big = (mb: number) => JSON.stringify('x'.repeat(mb << 20));
    writeFileSync(file, [rec('a'), rec('b', big(12)), rec('c', big(20)), rec('d')].join('\n') + '\n');
    const t0 = performance.now();
    const s = await readInputFile(file, sink);
    const ms = performance.now() - t0;
    expect(s).toMatchObject({ format: 'okta-systemlog', records: 4, accepted: 3, rejected: 1 });
    expect(s.errors[0]).toMatchObject({ line: 3, field: '(record)', message: expect.stringContaining('record too large: 20.0 MB') });
    expect(s.errors[0].raw?.length).toBeLessThanOrEqual(500);
    expect(ms).toBeLessThan(4000);
  });

  it('the same through readInputText (an HTTP body is one chunk)', () => {
    const text = [rec('a'), rec('c', JSON.stringify('y'.repeat(17 << 20))), rec('d')].join('\n');
    const s = readInputText('body.ndjson', text, sink);
    expect(s).toMatchObject({ records: 3, accepted: 2, rejected: 1 });
    expect(s.errors[0]).toMatchObject({ line: 2, message: expect.stringContaining('record too large') });
  });
});

describe('hostile input: huge values', () => {
  it('a real Okta record with a 100,000-character display name is rejected naming the field; the others are read', () => {
    const big = { ...person, uuid: 'big', actor: { ...(person.actor as object), displayName: 'A'.repeat(100_000) } };
    const s = readInputText('okta.json', JSON.stringify([{ ...person, uuid: 'a' }, big, { ...person, uuid: 'b' }]), sink);
    expect(s).toMatchObject({ format: 'okta-systemlog', records: 3, accepted: 2, rejected: 1 });
    expect(s.errors[0]).toMatchObject({ index: 1, field: expect.stringContaining('displayName'), message: expect.stringContaining('too long') });
    expect(s.errors[0].raw!.length).toBeLessThan(10_000); // the excerpt, not the value
  });

  it('a CSV row with a 40 MB cell (the real Sentinel export with one cell replaced) is rejected by line', async () => {
    const csv = readFileSync(new URL('../entra-sentinel-csv/fixtures/signinlogs-export.csv', import.meta.url), 'utf8');
    const lines = csv.split('\n');
    const header = lines[0].split(',');
    const appIdx = header.findIndex((h) => /AppDisplayName/.test(h));
    expect(appIdx).toBeGreaterThan(-1);
    const file = join(dir, 'bigcell.csv');
    const first = readInputText('x.csv', csv, sink);
    // Replace the app name of the first data row (a simple cell in this export) with 40 MB.
    const row1 = lines[1].split(',');
    row1[appIdx] = `"${'x'.repeat(40 << 20)}"`;
    writeFileSync(file, [lines[0], row1.join(','), ...lines.slice(2)].join('\n'));
    const s = await readInputFile(file, sink);
    expect(s.records).toBe(first.records);
    expect(s.rejected).toBe(first.rejected + 1);
    expect(s.accepted + s.ignored + s.rejected).toBe(s.records);
    expect(s.errors.some((e) => e.line === 2 && /too long/.test(e.message))).toBe(true);
  }, 60_000);
});
