// One pipeline, one answer: the same records give the same people, risks, levels, findings and event counts through
// `scan` (batch, no store), `scan --store` (IngestService in time-ordered transactions), the API's text path (each
// file a batch, in reverse order: the directory last) and random batch splits (shuffled events in chunks of random
// size, the directory in the middle), both in the service's memory and in what the store holds.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestService } from '../src/app/service.ts';
import { getIntel, loadInputs, scanPaths } from '../src/app/scan.ts';
import type { DirectoryEntry, NormalizedEvent, PersonResult } from '../src/core/model.ts';
import { openPGliteStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { generateCompany } from '../src/synth/company.ts';
import { Rng } from '../src/synth/prng.ts';

const DATA_DIR = join(import.meta.dirname, '../.sleetwatch-test');
let dir: string;
let paths: string[];
let expected: Comparable[];
let read: { events: NormalizedEvent[]; directory: DirectoryEntry[] };

type Comparable = Omit<PersonResult, 'identifiers'> & { identifiers: string[] };

/** What must be equal: everything of the result, identifiers as a set (their order follows arrival). */
function comparable(people: PersonResult[]): Comparable[] {
  return people
    .map((p) => JSON.parse(JSON.stringify({ ...p, identifiers: [...p.identifiers].sort() })) as Comparable)
    .sort((a, b) => a.personId.localeCompare(b.personId));
}

/** What the store holds for everyone, as results. */
async function stored(store: Store): Promise<Comparable[]> {
  const out: PersonResult[] = [];
  for (const s of await store.listPeople()) {
    const { riskHistory: _h, updatedAt: _u, ...p } = (await store.getPerson(s.personId))!;
    out.push(p);
  }
  return comparable(out);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-one-answer-'));
  const intel = await getIntel(DATA_DIR);
  await generateCompany({ seed: 11, outDir: dir, people: 80, days: 21, intels: { dbip: intel, geolite2: intel } as never });
  paths = ['directory', 'entra', 'okta'].map((d) => join(dir, d));
  const { result } = await scanPaths(paths, { dataDir: DATA_DIR });
  expected = comparable(result.people);
  read = await loadInputs(paths);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function viaService(feed: (svc: IngestService) => Promise<void>): Promise<{ memory: Comparable[]; store: Comparable[] }> {
  const store = await openPGliteStore('memory://');
  try {
    const svc = await IngestService.open(store, { dataDir: DATA_DIR });
    await feed(svc);
    const memory = comparable((await svc.results()).people);
    // A fresh process on the same store (indexes and states rebuilt from it) gives the same answer too.
    const again = await IngestService.open(store, { dataDir: DATA_DIR });
    expect(comparable((await again.results()).people)).toEqual(memory);
    // …and re-posting what it already holds (the directory, some events) after the restart changes nothing
    const re = await again.ingestBatch({ events: read.events.slice(0, 300), directory: read.directory, inputs: [], via: 'api', startedAt: new Date() });
    expect(re.fresh).toBe(0);
    expect(comparable((await again.results()).people)).toEqual(memory);
    return { memory, store: await stored(store) };
  } finally {
    await store.close();
  }
}

describe('one pipeline, one answer', () => {
  it('the company has planted people at high and honest ones below (the comparison is not of empty results)', () => {
    expect(expected.length).toBeGreaterThanOrEqual(80);
    expect(expected.filter((p) => p.level === 'high').length).toBeGreaterThan(0);
    expect(expected.filter((p) => p.findings.length > 0).length).toBeGreaterThan(expected.filter((p) => p.level === 'high').length);
  });

  it('scan --store (time-ordered transactions of 50,000 and of 700 events) equals scan', async () => {
    for (const size of [50_000, 700]) {
      const got = await viaService(async (svc) => {
        await svc.ingestRead({ ...read, inputs: [] }, 'scan', new Date(), size);
      });
      expect(got.memory).toEqual(expected);
      expect(got.store).toEqual(expected);
    }
  }, 240_000);

  it('the API path, one batch per file in reverse order (sign-ins before the directory), equals scan', async () => {
    const files = paths.flatMap((p) => readdirSync(p).sort().map((f) => join(p, f))).reverse();
    const got = await viaService(async (svc) => {
      for (const f of files) await svc.ingest(readFileSync(f, 'utf8'), { name: f });
    });
    expect(got.memory).toEqual(expected);
    expect(got.store).toEqual(expected);
  }, 240_000);

  it('random splits: shuffled events in chunks of random size, the directory in the middle, some batches posted twice', async () => {
    const rng = new Rng(5);
    const events = [...read.events];
    for (let i = events.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [events[i], events[j]] = [events[j], events[i]];
    }
    const chunks: NormalizedEvent[][] = [];
    for (let i = 0; i < events.length; ) {
      const n = 1 + Math.floor(rng.next() * 2500);
      chunks.push(events.slice(i, i + n));
      i += n;
    }
    const mid = Math.floor(chunks.length / 2);
    let replayed = 0;
    let partial = 0;
    const got = await viaService(async (svc) => {
      for (const [i, c] of chunks.entries()) {
        const out = await svc.ingestBatch({ events: c, directory: i === mid ? read.directory : [], inputs: [], via: 'api', startedAt: new Date() });
        replayed += out.replayed;
        if (out.evaluated < expected.length) partial++;
        if (i % 3 === 0) {
          const again = await svc.ingestBatch({ events: c, directory: [], inputs: [], via: 'api', startedAt: new Date() });
          expect(again.fresh).toBe(0);
        }
      }
    });
    expect(chunks.length).toBeGreaterThan(3);
    // the split really was out of order (people were rebuilt from the event log) and batches re-evaluated only
    // the people they could affect
    expect(replayed).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(0);
    expect(got.memory).toEqual(expected);
    expect(got.store).toEqual(expected);
  }, 240_000);
});
