// The scale-out mode in one process: records published to the stream (in-process, then real NATS JetStream), two
// workers on one PostgreSQL database consume them by partition, and the store ends up holding exactly what a
// single-process scan of the same records finds (people, findings, shared-infrastructure groups across partitions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../src/app/scan.ts';
import { IngestService } from '../src/app/service.ts';
import { StreamPublisher } from '../src/app/stream-publish.ts';
import { StreamWorker, type WorkerStats } from '../src/app/worker.ts';
import { StreamConfig } from '../src/core/stream-config.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import type { Store } from '../src/store/types.ts';
import { MemoryStreamServer, openMemoryStream } from '../src/stream/memory.ts';
import { openJetStream } from '../src/stream/jetstream.ts';
import type { EventStream } from '../src/stream/types.ts';
import { freshDatabase, makeCompany, stored, totalEvents, TEST_DATA_DIR, type Company } from './kill-harness.ts';
import { dropStream } from './nats.ts';

const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
let co: Company;

beforeAll(async () => {
  co = await makeCompany(23, 80, 21);
}, 180_000);

const cfg = StreamConfig.parse({ partitions: 8, heartbeatMs: 100, memberTimeoutMs: 1500, pullWaitMs: 50, batchMax: 500 });

/** Publish the company (as collectors would: directory first, then sign-ins in pages), run two workers until done. */
async function runTwoWorkers(client: () => Promise<EventStream>, store: Store): Promise<WorkerStats[]> {
  const read = await loadInputs(co.paths);
  const pub = new StreamPublisher(await client());
  await pub.publish({ events: [], directory: read.directory });
  // pages of 700 events in file order (not time order across files): partitions see them interleaved
  for (let i = 0; i < read.events.length; i += 700) await pub.publish({ events: read.events.slice(i, i + 700), directory: [] });
  const stats = new Map<string, WorkerStats>();
  const workers: StreamWorker[] = [];
  const streams: EventStream[] = [];
  for (const id of ['w1', 'w2']) {
    const s = await client();
    streams.push(s);
    const svc = await IngestService.open(store, { dataDir: TEST_DATA_DIR });
    workers.push(await StreamWorker.start(s, svc, { id, config: cfg, statsMs: 100_000, onStats: (x) => stats.set(x.worker, x) }));
  }
  const probe = streams[0];
  const until = Date.now() + 150_000;
  for (;;) {
    let left = await probe.pending('directory');
    for (let p = 0; p < cfg.partitions; p++) left += await probe.pending(p);
    if (left === 0 || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const owned = workers.map((w) => w.partitions());
  for (const w of workers) await w.stop();
  for (const s of streams) await s.close();
  // both workers worked, on disjoint partitions
  expect(owned.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(owned.every((o) => o.length > 0)).toBe(true);
  return [...stats.values()];
}

describe('two stream workers equal one scan', () => {
  it('in-process stream, PostgreSQL: same people and findings, every event once', async () => {
    const db = await freshDatabase('sw_stream');
    const store = await openPostgresStore(db.url);
    try {
      const server = new MemoryStreamServer({ partitions: cfg.partitions, ackWaitMs: 30_000 });
      const stats = await runTwoWorkers(async () => openMemoryStream(server), store);
      expect(stats.every((s) => s.events > 0)).toBe(true);
      expect(stats.reduce((n, s) => n + s.fresh, 0)).toBe(co.distinctEvents);
      const got = await stored(store);
      expect(totalEvents(got)).toBe(co.distinctEvents);
      expect(got).toEqual(co.expected);
    } finally {
      await store.close();
      await db.drop();
    }
  }, 300_000);

  it('real NATS JetStream, PostgreSQL: the same', async () => {
    const db = await freshDatabase('sw_stream_js');
    const store = await openPostgresStore(db.url);
    const tag = `swt_int_${process.pid}_${Date.now().toString(36)}`;
    try {
      const stats = await runTwoWorkers(
        () => openJetStream({ servers: NATS, name: tag, subjectPrefix: tag, partitions: cfg.partitions, duplicateWindowMs: 600_000, ackWaitMs: 30_000 }),
        store,
      );
      expect(stats.every((s) => s.events > 0)).toBe(true);
      const got = await stored(store);
      expect(totalEvents(got)).toBe(co.distinctEvents);
      expect(got).toEqual(co.expected);
    } finally {
      await store.close();
      await db.drop();
      await dropStream(NATS, tag);
    }
  }, 300_000);
});

afterAll(() => undefined);
