// Exactly once under crashes for a collector in the scale-out mode (issue 12): `sleetwatch collect --once`, pulling the
// fake Microsoft Graph on loopback (paged, throttled) and publishing to real NATS JetStream, is killed with SIGKILL at
// seeded random moments and run again until a run completes; the stream then holds each sign-in once, and a
// `sleetwatch worker` (real PostgreSQL) commits it. The collector saves its checkpoint only after JetStream acknowledged a page, so a killed run re-reads from
// the last checkpoint: JetStream drops the re-published copies by message id, the store's claims drop any that pass.
// At the end every sign-in the API served is in the store exactly once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore } from '../src/store/postgres.ts';
import { openJetStream } from '../src/stream/jetstream.ts';
import { FakeGraph, graphSignIn } from './fakes/graph-collect.ts';
import { ensureBuilt } from './dist.ts';
import { freshDatabase, killAll, prng, sigkill, spawnCli, stored, totalEvents } from './kill-harness.ts';
import { backlog, dropStream } from './nats.ts';

const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = `swt_ccrash_${process.pid}_${Date.now().toString(36)}`;
const PARTITIONS = 4;
const SECRET = 'gr4ph~Cl1ent.S3cret-Value_crash-test';
const N = 1200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let graph: FakeGraph;
const temps: string[] = [];

beforeAll(async () => {
  await ensureBuilt(); // the children run dist/
  graph = new FakeGraph('contoso.onmicrosoft.com', '11111111-2222-3333-4444-555555555555', SECRET);
  await graph.listen();
  const now = Date.now();
  for (let i = 0; i < N; i++)
    graph.signIns.push(graphSignIn({ n: i, time: now - 10 * 3_600_000 + i * 20_000, upn: `user${i % 24}@contoso.com`, ip: `20.1.${i % 24}.${1 + (i % 7)}` }));
}, 180_000);

afterAll(async () => {
  await killAll();
  await graph.close();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
  await dropStream(NATS, tag);
});

it('a collector publishing to the stream killed with SIGKILL at random points, then run to completion: every event once', async () => {
  const rng = prng(4242);
  const dir = mkdtempSync(join(tmpdir(), 'sw-collect-crash-'));
  temps.push(dir);
  const configFile = join(dir, 'sleetwatch.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      stream: { name: tag, subjectPrefix: tag, partitions: PARTITIONS, ackWaitSeconds: 3, heartbeatMs: 200, memberTimeoutMs: 1500, pullWaitMs: 50, batchMax: 100 },
      collectors: {
        graph: { tenantId: graph.tenant, clientId: graph.clientId, clientSecret: { env: 'SW_TEST_GRAPH_SECRET' }, tokenUrl: graph.tokenUrl, graphUrl: graph.url, pageSize: 50, streams: ['signins'] },
        // commit page by page (not the whole newest-first pass at its end), so kills land between published pages
        maxBufferedRecords: 100,
        maxRetryAfterSeconds: 5,
      },
    }),
  );
  process.env.NATS_URL = NATS; // the children inherit it
  process.env.SW_TEST_GRAPH_SECRET = SECRET;
  graph.rateLimit = 250; // events per second: a full pass takes ~5 s of paging and 429s
  const db = await freshDatabase('sw_collect_crash');
  const probe = await openJetStream({ servers: NATS, name: tag, subjectPrefix: tag, partitions: PARTITIONS, duplicateWindowMs: 3_600_000, ackWaitMs: 3000 });
  const stats = { runs: 0, kills: 0, killsMidway: 0 };
  try {
    let done = false;
    while (!done) {
      stats.runs++;
      const servedBefore = graph.served;
      const c = spawnCli(['collect', '--once', '--config', configFile], db.url);
      if (stats.kills < 3) {
        // killed once it is pulling (startup kills prove little), at a random moment of its pass
        while (graph.served === servedBefore && c.proc.exitCode === null) await sleep(10);
        await sleep(Math.floor(rng() * 1200));
        if (c.proc.exitCode === null) {
          await sigkill(c);
          stats.kills++;
          if (graph.served > servedBefore) stats.killsMidway++; // it had pulled (and maybe published) pages
          continue;
        }
      }
      const exit = await c.exited;
      expect(exit.code, c.stderr()).toBe(0);
      done = true;
    }
    // Everything went through the stream, each sign-in once: the copies re-published by the runs after a kill were
    // dropped by message id. (No worker runs yet: the stream holds all of it.)
    expect(await backlog(probe)).toBe(N);
    // a worker commits it
    const worker = spawnCli(['worker', '--id', 'cw1', '--config', configFile, '--data-dir', join(dir, 'w'), '--stats-ms', '1000'], db.url);
    const until = Date.now() + 120_000;
    while ((await backlog(probe)) > 0 && Date.now() < until) await sleep(100);
    expect(await backlog(probe)).toBe(0);
    while (!/sleetwatch worker \S+ on /.test(worker.stderr()) && worker.proc.exitCode === null) await sleep(20);
    worker.proc.kill('SIGTERM');
    expect((await worker.exited).code, worker.stderr()).toBe(0);

    const store = await openPostgresStore(db.url);
    try {
      const people = await stored(store);
      const checkpoint = (await store.collectors().list()).find((x) => x.id === 'graph-signins');
      console.log(`collect crash: ${JSON.stringify(stats)}; ${graph.served} records served for ${N} sign-ins; ${people.length} people`);
      expect(stats.killsMidway).toBeGreaterThanOrEqual(3);
      expect(graph.served).toBeGreaterThanOrEqual(N); // (a killed run's unsaved pages are read again by the next)
      expect(totalEvents(people)).toBe(N);
      expect(people).toHaveLength(24);
      // The collector's own count is of events JetStream took as new: a page published just before a kill and
      // published again by the next run counts as duplicates there (the store has them once either way), so it may
      // fall short by at most what was served again.
      expect(checkpoint!.events).toBeLessThanOrEqual(N);
      expect(checkpoint!.events).toBeGreaterThanOrEqual(N - (graph.served - N));
    } finally {
      await store.close();
    }
  } finally {
    await probe.close();
    await db.drop();
  }
}, 300_000);
