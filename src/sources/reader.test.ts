import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry, NormalizedEvent } from '../core/model.ts';
import { formats } from './index.ts';
import { InputError, listInputFiles, MAX_ERRORS, readInputFile, readInputText, sniffFile, type Sink } from './reader.ts';
import { locateJsonError } from './json-error.ts';

const here = (p: string): string => new URL(p, import.meta.url).pathname;
const GRAPH_PAGE = here('./entra-signin/fixtures/graph-signins-page.json');
const GRAPH_NDJSON = here('./entra-signin/fixtures/graph-signins.ndjson');
const SENTINEL_CSV = here('./entra-sentinel-csv/fixtures/signinlogs-export.csv');
const ALL_IDS = formats.map((f) => f.id);

function collect(): Sink & { events: NormalizedEvent[]; entries: DirectoryEntry[] } {
  const events: NormalizedEvent[] = [];
  const entries: DirectoryEntry[] = [];
  return { events, entries, event: (e) => events.push(e), directory: (d) => entries.push(d) };
}
const withoutOrigin = (evs: NormalizedEvent[]) => evs.map(({ origin: _o, ...rest }) => rest);

async function expectInputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

let dir: string;
const file = async (name: string, content: string | Buffer): Promise<string> => {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleetwatch-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('containers', () => {
  it('reads the same sign-ins from a Graph page, an array, NDJSON and single objects', async () => {
    const page = JSON.parse(await readFile(GRAPH_PAGE, 'utf8')) as { value: unknown[] };
    const a = collect();
    const s1 = await readInputFile(GRAPH_PAGE, a);
    expect(s1).toEqual({ path: GRAPH_PAGE, format: 'entra-signin', records: 3, accepted: 3, ignored: 0, ignoredReasons: {}, rejected: 0, errors: [] });
    expect(a.events.map((e) => e.origin)).toEqual([0, 1, 2].map((index) => ({ file: GRAPH_PAGE, line: undefined, index })));

    const b = collect();
    expect((await readInputFile(GRAPH_NDJSON, b)).accepted).toBe(3);
    expect(b.events.map((e) => e.origin?.line)).toEqual([1, 2, 3]);
    expect(withoutOrigin(b.events)).toEqual(withoutOrigin(a.events));

    const arr = await file('array.json', JSON.stringify(page.value, null, 2));
    const c = collect();
    expect((await readInputFile(arr, c)).accepted).toBe(3);
    expect(withoutOrigin(c.events)).toEqual(withoutOrigin(a.events));

    const one = await file('one.json', JSON.stringify(page.value[1], null, 2));
    const d = collect();
    expect(await readInputFile(one, d)).toMatchObject({ records: 1, accepted: 1 });
    expect(withoutOrigin(d.events)).toEqual(withoutOrigin(a.events.slice(1, 2)));

    expect(await sniffFile(GRAPH_PAGE)).toMatchObject({ format: { id: 'entra-signin' }, container: 'json-page' });
    expect(await sniffFile(GRAPH_NDJSON)).toMatchObject({ format: { id: 'entra-signin' }, container: 'ndjson' });
    expect(await sniffFile(arr)).toMatchObject({ container: 'json-array' });
    expect(await sniffFile(one)).toMatchObject({ container: 'json-object' });
    expect(await sniffFile(SENTINEL_CSV)).toMatchObject({ format: { id: 'entra-sentinel-csv' }, container: 'csv' });
  });

  it('reads NDJSON whose lines are saved API pages (origin: line and index in the page)', async () => {
    const page = JSON.parse(await readFile(GRAPH_PAGE, 'utf8')) as { value: unknown[] };
    const p = await file('pages.ndjson', [{ ...page, value: page.value.slice(0, 2) }, { ...page, value: page.value.slice(2) }].map((x) => JSON.stringify(x)).join('\n'));
    const s = collect();
    expect(await readInputFile(p, s)).toMatchObject({ format: 'entra-signin', records: 3, accepted: 3, rejected: 0 });
    expect(s.events.map((e) => [e.origin?.line, e.origin?.index])).toEqual([[1, 0], [1, 1], [2, 0]]);
  });

  it('readInputText gives what readInputFile gives', async () => {
    for (const p of [GRAPH_PAGE, GRAPH_NDJSON, SENTINEL_CSV]) {
      const a = collect();
      const b = collect();
      const fromFile = await readInputFile(p, a);
      const fromText = readInputText(p, await readFile(p, 'utf8'), b);
      expect(fromText).toEqual(fromFile);
      expect(b.events).toEqual(a.events);
    }
  });

  it('handles a BOM, CRLF line ends and blank lines in NDJSON', async () => {
    const lines = (await readFile(GRAPH_NDJSON, 'utf8')).trim().split('\n');
    const p = await file('bom.ndjson', '\uFEFF' + lines[0] + '\r\n\r\n' + lines[1] + '\r\n   \r\n' + lines[2]);
    const s = collect();
    expect(await readInputFile(p, s)).toMatchObject({ format: 'entra-signin', records: 3, accepted: 3, rejected: 0 });
    expect(s.events.map((e) => e.origin?.line)).toEqual([1, 3, 5]);
  });

  it('streams NDJSON across chunk boundaries, including a line longer than a chunk', async () => {
    const base = JSON.parse((await readFile(GRAPH_NDJSON, 'utf8')).split('\n')[0]) as Record<string, unknown>;
    const lines: string[] = [];
    // line 1501 is 1.5 MB long through a field the format does not read (a value that long in a field it reads is
    // rejected as too long: see hostile/huge.test.ts)
    for (let i = 0; i < 3000; i++) lines.push(JSON.stringify({ ...base, id: `id-${i}`, userAgent: 'Zoë/1.0', ...(i === 1500 ? { padding: 'x'.repeat(1_500_000) } : {}) }));
    const p = await file('big.ndjson', lines.join('\n') + '\n');
    const s = collect();
    const progress: number[] = [];
    const sum = await readInputFile(p, s, { onProgress: (read, total) => progress.push(read / total) });
    expect(sum).toMatchObject({ records: 3000, accepted: 3000, rejected: 0 });
    expect(s.events[2999]).toMatchObject({ id: 'entra:id-2999', origin: { line: 3000 } });
    expect(s.events[1500]).toMatchObject({ id: 'entra:id-1500', origin: { line: 1501 }, userAgent: 'Zoë/1.0' });
    expect(lines[1500].length).toBeGreaterThan(1_500_000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it('an empty file or page has no records and format "none"', async () => {
    for (const [name, content] of [['empty.json', ''], ['blank.ndjson', '\n  \n'], ['empty-page.json', '{"@odata.context":"x","value":[]}'], ['empty-array.json', '[]']] as const) {
      const p = await file(name, content);
      expect(await readInputFile(p, collect())).toEqual({ path: p, format: 'none', records: 0, accepted: 0, ignored: 0, ignoredReasons: {}, rejected: 0, errors: [] });
    }
  });
});

describe('bad input', () => {
  it('NDJSON: a broken line is one rejected record naming line and byte offset; the read goes on', async () => {
    const lines = (await readFile(GRAPH_NDJSON, 'utf8')).trim().split('\n');
    const first = lines[0].replace('"userDisplayName":"Test Contoso"', '"userDisplayName":"Zoë Contoso"'); // a 2-byte character
    const broken = '{"id": "x", oops}';
    const p = await file('broken.ndjson', [first, broken, lines[1], '[1,2]', lines[2]].join('\n'));
    const s = collect();
    const sum = await readInputFile(p, s);
    expect(sum).toMatchObject({ format: 'entra-signin', records: 5, accepted: 3, rejected: 2 });
    expect(sum.records).toBe(sum.accepted + sum.rejected);
    const offset = Buffer.byteLength(first) + 1 + broken.indexOf('oops');
    expect(sum.errors[0]).toMatchObject({ line: 2, field: '(json)', raw: broken });
    expect(sum.errors[0].message).toContain(`byte offset ${offset} `);
    expect(sum.errors[1]).toEqual({ line: 4, field: '(record)', message: 'not a JSON object', raw: '[1,2]' });
    expect(s.events.map((e) => e.origin?.line)).toEqual([1, 3, 5]);
  });

  it('a truncated JSON document is an InputError naming file and byte offset', async () => {
    const text = await readFile(GRAPH_PAGE, 'utf8');
    const cut = text.slice(0, 2000);
    const p = await file('truncated.json', cut);
    const err = await expectInputError(readInputFile(p, collect()));
    expect(err.file).toBe(p);
    expect(err.offset).toBe(Buffer.byteLength(cut));
    expect(err.message).toContain(p);
    expect(err.message).toContain(`byte offset ${Buffer.byteLength(cut)}`);
    expect(err.message).toMatch(/truncated/);
    expect(() => readInputText('body', cut, collect())).toThrow(/body: JSON ends early \(truncated\?\) at byte offset 2000/);
  });

  it('a record of a JSON page that is not valid JSON is rejected with its byte offset, line and column; the rest is read', async () => {
    const text = await readFile(GRAPH_PAGE, 'utf8');
    const page = JSON.parse(text) as { value: Record<string, unknown>[] };
    const body = JSON.stringify({ value: page.value }, null, 1);
    const second = body.indexOf('"createdDateTime"', body.indexOf('"createdDateTime"') + 1);
    const broken = body.slice(0, second) + 'x' + body.slice(second);
    const p = await file('broken-record.json', broken);
    const got = collect();
    const s = await readInputFile(p, got);
    expect(s).toMatchObject({ format: 'entra-signin', records: 3, accepted: 2, rejected: 1 });
    expect(got.events.map((e) => e.origin?.index)).toEqual([0, 2]);
    const line = broken.slice(0, second).split('\n').length;
    const column = second - broken.lastIndexOf('\n', second - 1);
    expect(s.errors[0]).toMatchObject({ index: 1, field: '(json)' });
    expect(s.errors[0].message).toContain(`not valid JSON at byte offset ${Buffer.byteLength(broken.slice(0, second))} (line ${line}, column ${column})`);
  });

  it('quotes inside an unquoted CSV field stay in the value: one record rejected by its format, not one per quote', async () => {
    const csv = await readFile(SENTINEL_CSV, 'utf8');
    const whole = collect();
    const before = await readInputFile(SENTINEL_CSV, whole);
    const ip = whole.events[0].ip!;
    expect(csv.indexOf(`,${ip},`)).toBeGreaterThan(0);
    const p = await file('quotes.csv', csv.replace(`,${ip},`, `,${ip}${'"'.repeat(20_000)},`));
    const s = await readInputFile(p, collect());
    expect(s.records).toBe(before.records);
    expect(s.rejected).toBe(1);
    expect(s.errors[0].field).toBe('IPAddress');
  });

  it('a document broken between its records is an InputError at the offending byte, whatever V8 says', async () => {
    const a = await file('bad1.json', '{"value": [ {"id": 1} oops ] }'); // no comma
    expect((await expectInputError(readInputFile(a, collect()))).offset).toBe(22);
    const b = await file('bad2.json', '{"a": x}'); // V8: "Unexpected token 'x' ..." without a position
    const err = await expectInputError(readInputFile(b, collect()));
    expect(err.offset).toBe(6);
    expect(err.message).toMatch(/not valid JSON at byte offset 6 \(line 1, column 7\)/);
    const c = await file('bad3.json', '\uFEFF[1, 2,]');
    expect((await expectInputError(readInputFile(c, collect()))).offset).toBe(9); // 3 BOM bytes + index of ']'
  });

  it('an unknown format lists every format tried', async () => {
    const p = await file('unknown.ndjson', '{"foo":1}\n{"foo":2}\n');
    const err = await expectInputError(readInputFile(p, collect()));
    expect(err.tried).toEqual(ALL_IDS);
    for (const id of ALL_IDS) expect(err.message).toContain(id);
    expect(err.message).toContain("first record's keys: foo");
    const txt = await file('notes.txt', 'hello world\nthis is not a log\n');
    const e2 = await expectInputError(readInputFile(txt, collect()));
    expect(e2.tried).toEqual(ALL_IDS);
    await expect(sniffFile(p)).rejects.toBeInstanceOf(InputError);
    expect(() => readInputText('post', '{"foo":1}\n{"foo":2}', collect())).toThrow(/post: unknown format \(ndjson\)/);
  });

  it('a forced format skips detection; an unknown format id lists the known ones', async () => {
    const s = collect();
    const sum = await readInputFile(GRAPH_PAGE, s, { format: 'entra-diagnostic' });
    expect(sum).toMatchObject({ format: 'entra-diagnostic', records: 3, accepted: 0, rejected: 3 });
    expect(sum.errors[0]).toMatchObject({ index: 0, field: 'properties', message: 'missing' });
    const err = await expectInputError(readInputFile(GRAPH_PAGE, s, { format: 'splunk' }));
    expect(err.tried).toEqual(ALL_IDS);
    expect(err.message).toContain("unknown format 'splunk'");
  });

  it('CSV: a bad row is rejected with its starting line and field; a short row too; counts reconcile', async () => {
    const text = await readFile(SENTINEL_CSV, 'utf8');
    const body = text.replace(/\n+$/, '');
    // third row: the second real row with its time replaced; fourth row: too few fields
    const secondStart = body.indexOf('\n7c759f10', body.indexOf('\n7c759f10') + 1) + 1;
    const bad = body.slice(secondStart).replace('"4/28/2021, 2:29:16.617 PM"', 'foo');
    const csv = `${body}\n${bad}\na,b,c\n`;
    const lineOf = (needleIndex: number): number => csv.slice(0, needleIndex).split('\n').length;
    const badLine = lineOf(body.length + 1);
    const shortLine = lineOf(csv.indexOf('\na,b,c') + 1);
    const p = await file('bad-row.csv', csv);
    const s = collect();
    const sum = await readInputFile(p, s);
    expect(sum).toMatchObject({ format: 'entra-sentinel-csv', records: 4, accepted: 2, rejected: 2 });
    expect(sum.records).toBe(sum.accepted + sum.rejected);
    expect(sum.errors.map(({ raw: _r, ...e }) => e)).toEqual([
      { line: badLine, field: 'CreatedDateTime [UTC]', message: "not a date: 'foo'" },
      { line: shortLine, field: '(csv)', message: 'row has 3 fields, the header has 71' },
    ]);
    expect(s.events.map((e) => e.origin?.line)).toEqual([2, lineOf(secondStart)]);
    expect(readInputText('bad-row.csv', csv, collect())).toEqual({ ...sum, path: 'bad-row.csv' });
  });

  it('CSV: an unclosed quote rejects the rest as one record and says so', async () => {
    const text = (await readFile(SENTINEL_CSV, 'utf8')).replace(/\n+$/, '');
    const p = await file('quote.csv', `${text}\n7c759f10,"unclosed\n`);
    const sum = await readInputFile(p, collect());
    expect(sum).toMatchObject({ records: 3, accepted: 2, rejected: 1 });
    expect(sum.errors[0]).toMatchObject({ field: '(csv)', message: expect.stringMatching(/Quote Not Closed/) });
  });

  it('keeps at most MAX_ERRORS rejections per file and counts the rest', async () => {
    const good = (await readFile(GRAPH_NDJSON, 'utf8')).split('\n')[0];
    const lines = [good];
    for (let i = 0; i < MAX_ERRORS + 5; i++) lines.push('{broken');
    const p = await file('many-errors.ndjson', lines.join('\n'));
    const sum = await readInputFile(p, collect());
    expect(sum).toMatchObject({ records: MAX_ERRORS + 6, accepted: 1, rejected: MAX_ERRORS + 5 });
    expect(sum.errors).toHaveLength(MAX_ERRORS + 1);
    expect(sum.errors[MAX_ERRORS]).toEqual({ field: '(errors)', message: `5 more rejected records not listed (only the first ${MAX_ERRORS} are kept)` });
  });

  it('a file with no readable record at all is an InputError', async () => {
    const p = await file('all-broken.ndjson', '{"a":x}\n{"b":y}\n');
    expect((await expectInputError(readInputFile(p, collect()))).message).toMatch(/no record could be read \(2 rejected\); first: line 1: not valid JSON/);
  });

  it('a missing file or a folder is an InputError', async () => {
    expect((await expectInputError(readInputFile(join(dir, 'nope.json'), collect()))).message).toMatch(/nope\.json: cannot read: ENOENT/);
    expect((await expectInputError(readInputFile(dir, collect()))).message).toMatch(/not a file/);
  });
});

describe('listInputFiles', () => {
  it('walks folders recursively, sorted, skipping dotfiles', async () => {
    const root = join(dir, 'tree');
    await mkdir(join(root, 'b', 'deep'), { recursive: true });
    await mkdir(join(root, '.git'), { recursive: true });
    for (const f of ['z.ndjson', 'a.json', '.DS_Store', 'b/deep/c.csv', 'b/x.json', '.git/config']) await writeFile(join(root, f), '');
    const explicit = await file('.explicit.json', '');
    expect(await listInputFiles([root, explicit])).toEqual([explicit, join(root, 'a.json'), join(root, 'b/deep/c.csv'), join(root, 'b/x.json'), join(root, 'z.ndjson')].sort());
    await expect(listInputFiles([join(dir, 'missing')])).rejects.toBeInstanceOf(InputError);
  });
});

describe('locateJsonError', () => {
  it('finds the first offending character', () => {
    expect(locateJsonError('{"a":1}')).toBe(-1);
    expect(locateJsonError('{"a":1,}')).toBe(7);
    expect(locateJsonError('{"a":tru}')).toBe(8);
    expect(locateJsonError('[1, 2')).toBe(5);
    expect(locateJsonError('{"a":"\\x"}')).toBe(7);
    expect(locateJsonError('[01]')).toBe(2);
    expect(locateJsonError('{"a":1} x')).toBe(8);
    expect(locateJsonError('[-]')).toBe(2);
  });
});

describe('accepted, ignored and rejected records', () => {
  /** A sink that remembers ids, as the pipeline's add() does: a repeated id returns false. */
  function dedupe(): Sink & { events: NormalizedEvent[] } {
    const seen = new Set<string>();
    const events: NormalizedEvent[] = [];
    return {
      events,
      event: (e) => {
        if (seen.has(e.id)) return false;
        seen.add(e.id);
        events.push(e);
        return true;
      },
      directory: () => {},
    };
  }

  it('counts repeats (within and across files of one sink) as duplicates, service-principal sign-ins as ignored, broken lines as rejected', async () => {
    const lines = (await readFile(GRAPH_NDJSON, 'utf8')).trim().split('\n');
    const sp = { ...JSON.parse(lines[0]), id: 'sp-1', userPrincipalName: null, userId: null, servicePrincipalName: 'backup-job' };
    const p1 = await file('dups-1.ndjson', [lines[0], lines[1], lines[0], JSON.stringify(sp), '{"id": ', lines[2]].join('\n'));
    const p2 = await file('dups-2.ndjson', [lines[2], lines[1]].join('\n'));
    const sink = dedupe();
    const s1 = await readInputFile(p1, sink);
    expect(s1).toMatchObject({
      records: 6,
      accepted: 3,
      ignored: 2,
      ignoredReasons: { 'duplicate event id': 1, 'not about a person: Entra service-principal sign-in': 1 },
      rejected: 1,
    });
    const s2 = await readInputFile(p2, sink);
    expect(s2).toMatchObject({ records: 2, accepted: 0, ignored: 2, ignoredReasons: { 'duplicate event id': 2 }, rejected: 0 });
    for (const s of [s1, s2]) expect(s.accepted + s.ignored + s.rejected).toBe(s.records);
    expect(sink.events).toHaveLength(3);
    // a sink without a seen-set (returns nothing) counts every record as new
    expect(await readInputFile(p2, collect())).toMatchObject({ accepted: 2, ignored: 0 });
  });
});
