// Exactly once under crashes in the scale-out mode, with real processes, real NATS JetStream and real PostgreSQL:
// `sleetwatch publish` and two `sleetwatch worker`s are killed with SIGKILL at seeded random moments and restarted
// (the publisher re-publishes everything: JetStream drops the copies by message id, the store's claims drop any that
// pass). At the end the store must hold exactly the clean answer of one uninterrupted single-process scan: same
// people, risks, findings (shared infrastructure across partitions included), every distinct event counted once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore } from '../src/store/postgres.ts';
import { openJetStream } from '../src/stream/jetstream.ts';
import { freshDatabase, killAll, makeCompany, prng, sigkill, spawnCli, stored, totalEvents, type Child, type Company } from './kill-harness.ts';
import { backlog, dropStream } from './nats.ts';

const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = `swt_crash_${process.pid}_${Date.now().toString(36)}`;
const PARTITIONS = 8;
let co: Company;
const temps: string[] = [];

beforeAll(async () => {
  co = await makeCompany(23, 80, 21);
  temps.push(co.dir);
}, 180_000);

afterAll(async () => {
  await killAll();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
  await dropStream(NATS, tag);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Messages delivered to a worker and not yet acknowledged (in its hands: being committed, or waiting to be). */
async function inHands(): Promise<number> {
  const nc = await connect({ servers: NATS });
  try {
    const jsm = await jetstreamManager(nc);
    let n = 0;
    for await (const c of jsm.consumers.list(tag)) n += c.num_ack_pending;
    return n;
  } finally {
    await nc.close();
  }
}

it('publisher and workers killed with SIGKILL at random points: 0 lost, 0 counted twice, the single-process answer', async () => {
  const t0 = Date.now();
  const rng = prng(1212);
  const dir = mkdtempSync(join(tmpdir(), 'sw-stream-crash-'));
  temps.push(dir);
  const configFile = join(dir, 'sleetwatch.config.json');
  // short ack deadline and member timeout: a killed worker's messages and partitions move on within seconds
  writeFileSync(
    configFile,
    JSON.stringify({ stream: { name: tag, subjectPrefix: tag, partitions: PARTITIONS, ackWaitSeconds: 3, heartbeatMs: 200, memberTimeoutMs: 1500, pullWaitMs: 50, batchMax: 40 } }),
  );
  process.env.NATS_URL = NATS; // the children inherit it (kill-harness cliEnv copies the environment)
  const db = await freshDatabase('sw_stream_crash');
  const probe = await openJetStream({ servers: NATS, name: tag, subjectPrefix: tag, partitions: PARTITIONS, duplicateWindowMs: 3_600_000, ackWaitMs: 3000 });
  const stats = { workerKills: 0, workerKillsWithBacklog: 0, workerKillsHoldingMessages: 0, publisherKills: 0, publisherKillsMidway: 0, publishRuns: 0 };
  try {
    const worker = (id: string): Child => spawnCli(['worker', '--id', id, '--config', configFile, '--data-dir', join(dir, id), '--stats-ms', '1000'], db.url);
    const workers = new Map<string, Child>([['w1', worker('w1')], ['w2', worker('w2')]]);

    // The publisher: killed at a random point of its progress, twice, then run to completion.
    const publishOnce = async (killAfterLines: number | undefined): Promise<boolean> => {
      stats.publishRuns++;
      const p = spawnCli(['publish', ...co.paths, '--config', configFile, '--batch-events', '100']);
      if (killAfterLines === undefined) {
        const exit = await p.exited;
        expect(exit.code, p.stderr()).toBe(0);
        return true;
      }
      while (p.proc.exitCode === null && (p.stderr().match(/^published \d+\/\d+ events/gm)?.length ?? 0) < killAfterLines) await sleep(5);
      const finished = p.proc.exitCode !== null;
      await sigkill(p);
      if (!finished) {
        stats.publisherKills++;
        if (/^published \d+\/\d+ events/m.test(p.stderr())) stats.publisherKillsMidway++;
      }
      return finished;
    };

    // Worker chaos while publishing and processing: kill a random worker, restart it a moment later.
    let chaos = true;
    const chaosDone = (async () => {
      while (chaos) {
        await sleep(300 + Math.floor(rng() * 1200));
        if (!chaos) break;
        const id = rng() < 0.5 ? 'w1' : 'w2';
        const w = workers.get(id)!;
        // killed once it runs (startup kills prove little), at a random moment of its work
        while (chaos && !/sleetwatch worker \S+ on /.test(w.stderr()) && w.proc.exitCode === null) await sleep(10);
        await sleep(Math.floor(rng() * 300));
        const b = await backlog(probe);
        const held = await inHands();
        await sigkill(w);
        stats.workerKills++;
        if (b > 0) stats.workerKillsWithBacklog++;
        if (held > 0) stats.workerKillsHoldingMessages++;
        await sleep(Math.floor(rng() * 800));
        workers.set(id, worker(id));
      }
    })();

    const lines = Math.ceil(co.distinctEvents / 100);
    await publishOnce(1 + Math.floor(rng() * (lines / 2)));
    await publishOnce(Math.floor(lines / 2) + Math.floor(rng() * (lines / 2)));
    await publishOnce(undefined);
    // keep killing until the backlog is worked off under fire at least a few times, then let it drain
    const until = Date.now() + 200_000;
    while ((stats.workerKillsHoldingMessages < 3 || stats.workerKills < 6) && (await backlog(probe)) > 0 && Date.now() < until) await sleep(100);
    chaos = false;
    await chaosDone;
    while ((await backlog(probe)) > 0 && Date.now() < until) await sleep(200);
    expect(await backlog(probe)).toBe(0);
    for (const w of workers.values()) {
      // a worker restarted by the last chaos round may still be loading (before the CLI listens for signals)
      const started = Date.now() + 60_000;
      while (!/sleetwatch worker \S+ on /.test(w.stderr()) && w.proc.exitCode === null && Date.now() < started) await sleep(20);
      w.proc.kill('SIGTERM');
      const exit = await w.exited;
      expect(exit.code, w.stderr()).toBe(0);
    }

    const store = await openPostgresStore(db.url);
    try {
      const got = await stored(store);
      console.log(`stream crash: ${JSON.stringify(stats)}; ${co.distinctEvents} events, ${got.length} people, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      expect(stats.publisherKillsMidway).toBeGreaterThanOrEqual(1);
      expect(stats.workerKillsWithBacklog).toBeGreaterThanOrEqual(2);
      expect(stats.workerKillsHoldingMessages).toBeGreaterThanOrEqual(2);
      expect(totalEvents(got)).toBe(co.distinctEvents);
      expect(got).toEqual(co.expected);
    } finally {
      await store.close();
    }
  } finally {
    await probe.close();
    await db.drop();
  }
}, 400_000);
