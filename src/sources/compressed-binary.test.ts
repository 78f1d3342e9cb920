// gzip inputs (recognised by their magic bytes, whatever the name) read like the plain file; binary and damaged
// inputs are refused with a message that shows at most a short escaped excerpt of the content.
import { deflateRawSync, gzipSync } from 'node:zlib';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry, NormalizedEvent } from '../core/model.ts';
import { excerpt, printable } from './excerpt.ts';
import { InputError, readHead, readInputFile, sniffFile, type Sink } from './reader.ts';

const here = (p: string): string => new URL(p, import.meta.url).pathname;
const GRAPH_PAGE = here('./entra-signin/fixtures/graph-signins-page.json');
const GRAPH_NDJSON = here('./entra-signin/fixtures/graph-signins.ndjson');
const SENTINEL_CSV = here('./entra-sentinel-csv/fixtures/signinlogs-export.csv');

function collect(): Sink & { events: NormalizedEvent[] } {
  const events: NormalizedEvent[] = [];
  return { events, event: (e) => events.push(e), directory: (_d: DirectoryEntry) => undefined };
}
const strip = (evs: NormalizedEvent[]) => evs.map(({ origin: _o, ...rest }) => rest);

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}
/** A message shows no raw control or undecodable character and no long piece of content. */
function expectClean(message: string): void {
  expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\ufffd]/);
  expect(message.length).toBeLessThan(600);
}

let dir: string;
const file = async (name: string, content: string | Buffer): Promise<string> => {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleetwatch-gz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gzip inputs', () => {
  it('NDJSON, a JSON page and CSV read the same gzip-compressed, with or without a .gz name', async () => {
    for (const plain of [GRAPH_NDJSON, GRAPH_PAGE, SENTINEL_CSV]) {
      const bytes = await readFile(plain);
      const a = collect();
      const sa = await readInputFile(plain, a);
      for (const name of ['x.gz', 'x-no-suffix.json']) {
        const gz = await file(name, gzipSync(bytes));
        const b = collect();
        const sb = await readInputFile(gz, b);
        expect({ ...sb, path: plain }).toEqual(sa);
        expect(strip(b.events)).toEqual(strip(a.events));
        expect((await sniffFile(gz)).format.id).toBe(sa.format);
      }
    }
  });

  it('lines and byte offsets are those of the unpacked text; progress ends at the file size', async () => {
    const lines = (await readFile(GRAPH_NDJSON, 'utf8')).trim().split('\n');
    lines[1] = lines[1].slice(0, 50);
    const gz = await file('broken.ndjson.gz', gzipSync('\uFEFF' + lines.join('\n') + '\n'));
    let last = 0;
    const size = (await readFile(gz)).length;
    const s = await readInputFile(gz, collect(), { onProgress: (read, total) => ((last = read), expect(total).toBe(size)) });
    expect(s).toMatchObject({ format: 'entra-signin', records: 3, accepted: 2, rejected: 1 });
    expect(s.errors[0]).toMatchObject({ line: 2, field: '(json)' });
    expect(s.errors[0].message).toContain(`byte offset ${3 + Buffer.byteLength(lines[0]) + 1 + 50} `);
    expect(last).toBe(size);
  });

  it('several gzip members one after another are one text (as gunzip reads them)', async () => {
    const lines = (await readFile(GRAPH_NDJSON, 'utf8')).trim().split('\n');
    const gz = await file('members.gz', Buffer.concat([gzipSync(lines[0] + '\n'), gzipSync(lines.slice(1).join('\n') + '\n')]));
    expect(await readInputFile(gz, collect())).toMatchObject({ records: 3, accepted: 3 });
  });

  it('an empty gzip file has no records; readHead unpacks', async () => {
    expect(await readInputFile(await file('empty.gz', gzipSync('')), collect())).toMatchObject({ format: 'none', records: 0 });
    const head = await readHead(await file('head.gz', gzipSync(await readFile(SENTINEL_CSV))), 20);
    expect(head.toString()).toBe((await readFile(SENTINEL_CSV, 'utf8')).slice(0, 20));
  });

  it('truncated or damaged gzip is an InputError saying so, without echoing the bytes', async () => {
    const whole = gzipSync(await readFile(GRAPH_PAGE));
    for (const [name, bytes] of [
      ['cut.gz', whole.subarray(0, whole.length - 20)],
      ['garbage.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(deflateRawSync('x'.repeat(100)).map((b, i) => (b * 31 + i) & 0xff))])],
    ] as const) {
      const err = await inputError(readInputFile(await file(name, bytes), collect()));
      expect(err.message).toMatch(/gzip data is damaged or truncated/);
      expectClean(err.message);
    }
  });
});

describe('binary inputs', () => {
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 7)]);
  let seed = 42;
  const random = Buffer.from(Buffer.alloc(5000).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));

  it('a PNG, random bytes, xz and a gzip-compressed PNG are "not a text export", with a short escaped start', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ['picture.json', png, /not a text export: a PNG image; it starts with \\x89PNG\\x0D\\x0A\\x1A\\x0A/],
      ['random.csv', random, /not a text export: binary data; it starts with /],
      ['logs.xz', Buffer.concat([Buffer.from('fd377a585a00', 'hex'), random]), /xz-compressed data: unpack it first/],
      ['picture.gz', gzipSync(png), /a PNG image \(inside gzip\)/],
      ['utf16.csv', Buffer.from('\uFEFFTenantId,SourceSystem\r\n1,2\r\n', 'utf16le'), /UTF-16 text: save it as UTF-8/],
    ];
    for (const [name, bytes, re] of cases) {
      const p = await file(name, bytes);
      const err = await inputError(readInputFile(p, collect()));
      expect(err.message).toMatch(re);
      expectClean(err.message);
      expect(err.message.length).toBeLessThan(p.length + 250);
      await inputError(sniffFile(p));
    }
  });

  it('text with a few stray control bytes is read as text; its messages escape them', async () => {
    const lines = (await readFile(GRAPH_NDJSON, 'utf8')).trim().split('\n');
    const p = await file('stray.ndjson', [lines[0], '{"bad\u0000\u0001": \u0007' + '\u00ff'.repeat(300), lines[1]].join('\n'));
    const s = await readInputFile(p, collect());
    expect(s).toMatchObject({ records: 3, accepted: 2, rejected: 1 });
    expectClean(s.errors[0].message);
    const doc = await file('stray.json', '{"a": [1,2,\u0000\u0001\u0002]}');
    const err = await inputError(readInputFile(doc, collect()));
    expect(err.message).toContain('\\x00');
    expectClean(err.message);
  });

  it('an unknown format names the first keys, escaped and cut short', async () => {
    const key = 'k\u0001' + 'x'.repeat(500);
    const p = await file('weird.ndjson', Array.from({ length: 6 }, () => JSON.stringify({ [key]: 1, other: 2 })).join('\n'));
    const err = await inputError(readInputFile(p, collect()));
    expect(err.message).toMatch(/first record's keys: k\\x01x+…, other/);
    expectClean(err.message);
  });
});

describe('excerpt and printable', () => {
  it('escape control and undecodable characters, keep ordinary Unicode, cut to the limit', () => {
    expect(excerpt('a\u0000b\nc\uFFFDé中😀')).toBe('a\\x00b\\x0Ac\\uFFFDé中😀');
    expect(excerpt('x'.repeat(100))).toBe('x'.repeat(59) + '…');
    expect(excerpt('\u0001'.repeat(100)).length).toBeLessThanOrEqual(60);
    expect(printable(`value is "${'y'.repeat(500)}" at line 3`)).toBe(`value is "${'y'.repeat(59)}…" at line 3`);
  });
});
