// Reader threads (issue 8): a scan read in worker threads gives exactly the single-threaded report — people,
// findings, inputs with their counts, duplicates and errors — and a thread that dies, or a file that cannot be
// read, is an unreadable input, never a hang; the threads end with the scan (the process exits).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../core/model.ts';
import { DUPLICATE, MAX_REASONS, OTHER_REASONS } from '../sources/reader.ts';
import { generateCompany } from '../synth/company.ts';
import { getIntel, scanPaths, type ScanOptions } from './scan.ts';
import { addDuplicates, defaultReadWorkers, readWorkerCount } from './read-pool.ts';

const ROOT = join(import.meta.dirname, '../..');
const DATA_DIR = join(ROOT, '.sleetwatch-test');
let dir: string;
let paths: string[];
let single: Report;

async function scan(opts: ScanOptions): Promise<Report> {
  const { report } = await scanPaths(paths, { dataDir: DATA_DIR, ...opts, pool: { fallback: false, ...opts.pool } });
  return { ...report, generatedAt: '(now)' };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-read-pool-'));
  const intel = await getIntel(DATA_DIR);
  await generateCompany({ seed: 5, outDir: join(dir, 'company'), people: 60, days: 21, intels: { dbip: intel, geolite2: intel } as never });
  // every real fixture and sample
  cpSync(join(ROOT, 'test/samples'), join(dir, 'samples'), { recursive: true });
  const sources = join(ROOT, 'src/sources');
  for (const d of readdirSync(sources, { withFileTypes: true }))
    if (d.isDirectory() && readdirSync(join(sources, d.name)).includes('fixtures'))
      cpSync(join(sources, d.name, 'fixtures'), join(dir, 'fixtures', d.name), { recursive: true });
  // the same files again in a second folder: their records are duplicates of the first reading
  const again = join(dir, 'again');
  mkdirSync(again);
  for (const f of readdirSync(join(dir, 'company/entra')).slice(0, 2)) cpSync(join(dir, 'company/entra', f), join(again, 'entra-' + f));
  for (const f of readdirSync(join(dir, 'company/okta')).slice(0, 1)) cpSync(join(dir, 'company/okta', f), join(again, 'okta-' + f));
  cpSync(join(ROOT, 'test/samples/okta/Okta_CL.json.gz'), join(again, 'Okta_CL.json.gz'));
  cpSync(join(ROOT, 'src/sources/okta-systemlog/fixtures/panther-okta.ndjson'), join(again, 'panther-okta.ndjson'));
  cpSync(join(ROOT, 'src/sources/entra-signin/fixtures/graph-signins.ndjson'), join(again, 'graph-signins.ndjson'));
  // half repeated, half new, with an ignored record before and after: duplicates counted within one file
  const lines = readdirSync(join(ROOT, 'src/sources/entra-sentinel/fixtures'));
  expect(lines.length).toBeGreaterThan(0);
  // files that cannot be read
  writeFileSync(join(again, 'truncated.json'), '[{"id": "x", "createdDateTime": ');
  writeFileSync(join(again, 'binary.bin'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8, 9]));
  writeFileSync(join(again, 'unknown.txt'), 'hello\nworld\n');
  paths = ['company', 'samples', 'fixtures', 'again'].map((d) => join(dir, d));
  single = await scan({ readWorkers: 0 });
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading in worker threads', () => {
  it('the single-threaded report is a real comparison: people, findings, duplicates and unreadable inputs', () => {
    expect(single.people.length).toBeGreaterThanOrEqual(60);
    expect(single.people.some((p) => p.findings.length > 0)).toBe(true);
    const dups = single.inputs.filter((i) => (i.ignoredReasons[DUPLICATE] ?? 0) > 0);
    expect(dups.length).toBeGreaterThanOrEqual(4);
    // a duplicate reason beside other reasons (its place among them matters)
    expect(single.inputs.some((i) => i.ignoredReasons[DUPLICATE] && Object.keys(i.ignoredReasons).length > 1)).toBe(true);
    expect(single.inputs.filter((i) => i.format === 'unreadable').length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['1 thread', { readWorkers: 1 }],
    ['2 threads', { readWorkers: 2 }],
    ['3 threads, tiny chunks and window (back-pressure, records split across chunks)', { readWorkers: 3, pool: { chunkItems: 3, window: 2 } }],
    ['1 thread, JSON transfer', { readWorkers: 1, pool: { transfer: 'json' as const } }],
  ])('%s: the same report exactly', async (_name, opts) => {
    const report = await scan(opts);
    expect(JSON.stringify(report)).toBe(JSON.stringify(single));
  });

  it('a reader thread that dies leaves its file unreadable, the other files read as before, and no hang', async () => {
    const victim = readdirSync(join(dir, 'company/entra')).at(-1)!;
    const report = await scan({ readWorkers: 2, pool: { crashOn: victim } });
    const i = report.inputs.findIndex((x) => x.path.endsWith(victim));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(report.inputs[i].format).toBe('unreadable');
    expect(report.inputs[i].errors[0].message).toMatch(/reader thread stopped/);
    expect(report.inputs.length).toBe(single.inputs.length);
    // every file before it is read as in one thread
    expect(report.inputs.slice(0, i)).toEqual(single.inputs.slice(0, i));
    expect(report.inputs.filter((x) => x.format !== 'unreadable').length).toBe(single.inputs.filter((x) => x.format !== 'unreadable').length - 1);
  });

  it('a thread that dies with files asked of it ahead: those are read by its replacement, in order', async () => {
    const entra = readdirSync(join(dir, 'company/entra'));
    expect(entra.length).toBeGreaterThanOrEqual(3);
    const victim = entra[2]; // not among the files copied to 'again' (names ending the same would crash too)
    const report = await scan({ readWorkers: 1, pool: { crashOn: victim, ahead: 4 } });
    const i = report.inputs.findIndex((x) => x.path.endsWith(victim));
    expect(report.inputs[i].format).toBe('unreadable');
    expect(report.inputs.map((x) => x.path)).toEqual(single.inputs.map((x) => x.path));
    expect(report.inputs.slice(0, i)).toEqual(single.inputs.slice(0, i));
    expect(report.inputs.filter((x) => x.format === 'unreadable').length).toBe(single.inputs.filter((x) => x.format === 'unreadable').length + 1);
  });

  it('the threads end with the scan: a process that scans with them exits by itself', () => {
    const script = join(dir, 'exit-check.mts');
    writeFileSync(
      script,
      `import { scanPaths } from ${JSON.stringify(join(ROOT, 'src/app/scan.ts'))};\n` +
        `const { report } = await scanPaths(${JSON.stringify([join(dir, 'fixtures'), join(dir, 'again')])}, { readWorkers: 2, dataDir: ${JSON.stringify(DATA_DIR)}, pool: { fallback: false, crashOn: 'panther-okta.ndjson' } });\n` +
        `console.log('inputs', report.inputs.length);\n`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^inputs \d+/);
  });

  it('the pool size: option, else SLEETWATCH_READ_WORKERS, else none below 3 cores and the cores but two above', () => {
    expect([1, 2, 3, 4, 8].map(defaultReadWorkers)).toEqual([0, 0, 1, 2, 6]);
    expect(readWorkerCount(0)).toBe(0);
    expect(readWorkerCount(3)).toBe(3);
    const old = process.env.SLEETWATCH_READ_WORKERS;
    try {
      process.env.SLEETWATCH_READ_WORKERS = '0';
      expect(readWorkerCount()).toBe(0);
      delete process.env.SLEETWATCH_READ_WORKERS;
      expect(readWorkerCount()).toBe(defaultReadWorkers(availableParallelism()));
    } finally {
      if (old === undefined) delete process.env.SLEETWATCH_READ_WORKERS;
      else process.env.SLEETWATCH_READ_WORKERS = old;
    }
  });
});

describe('duplicate counts fixed up in the main thread', () => {
  /** The reader's own counting (Collector.ignore) over a sequence of record outcomes: a reason, 'new' or 'dup'. */
  function reader(outcomes: string[], dupAsNew: boolean) {
    const s = { accepted: 0, ignored: 0, ignoredReasons: {} as Record<string, number> };
    let reasons = 0;
    const first = new Map<string, number>();
    outcomes.forEach((o, k) => {
      if (o === 'new' || (o === 'dup' && dupAsNew)) return void s.accepted++;
      const reason = o === 'dup' ? DUPLICATE : o;
      s.ignored++;
      if (first.size < MAX_REASONS && !first.has(reason)) first.set(reason, k + 1);
      const r = s.ignoredReasons;
      if (Object.hasOwn(r, reason)) r[reason]++;
      else if (reasons < MAX_REASONS) {
        r[reason] = 1;
        reasons++;
      } else r[OTHER_REASONS] = (r[OTHER_REASONS] ?? 0) + 1;
    });
    return { s, first };
  }

  it('equals the reader counting duplicates itself, reasons in place and past the limit of named reasons', () => {
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let trial = 0; trial < 300; trial++) {
      const distinct = 1 + rnd(trial % 3 === 0 ? 80 : 8);
      const outcomes = Array.from({ length: 1 + rnd(400) }, () => {
        const x = rnd(10);
        return x < 4 ? 'new' : x < 6 ? 'dup' : `reason ${rnd(distinct)}`;
      });
      const dups = outcomes.map((o, k) => (o === 'dup' ? k + 1 : 0)).filter((k) => k > 0);
      const expected = reader(outcomes, false).s;
      const { s, first } = reader(outcomes, true); // the reader thread's view: every record new
      const summary = { path: 'f', format: 'x', records: outcomes.length, rejected: 0, errors: [], ...s };
      if (dups.length > 0) addDuplicates(summary, dups.length, dups[0], first);
      expect(JSON.stringify({ a: summary.accepted, i: summary.ignored, r: summary.ignoredReasons })).toBe(
        JSON.stringify({ a: expected.accepted, i: expected.ignored, r: expected.ignoredReasons }),
      );
    }
  });
});
