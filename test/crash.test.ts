// Exactly once under crashes: `serve` and `scan --store` killed with SIGKILL at random moments while they ingest,
// restarted on the same store, the unanswered batches posted again (and some answered ones too, as a confused client
// would). The store must end up holding exactly the clean answer (one uninterrupted scan): the same people, risks,
// levels, findings and event counts, every distinct event counted once (none lost, none twice).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGliteStore } from '../src/store/index.ts';
import {
  apiStored,
  asServed,
  createToken,
  freshDatabase,
  killAll,
  makeCompany,
  postFile,
  prng,
  sigkill,
  spawnCli,
  startServe,
  stored,
  totalEvents,
  type Company,
  type Server,
} from './kill-harness.ts';

let co: Company;
const temps: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  temps.push(d);
  return d;
};

beforeAll(async () => {
  co = await makeCompany(23, 80, 21);
  temps.push(co.dir);
}, 120_000);

afterAll(async () => {
  await killAll();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

it('the company is big enough for the comparison to mean something', () => {
  expect(co.files.length).toBeGreaterThanOrEqual(5);
  expect(co.expected.length).toBeGreaterThanOrEqual(80);
  expect(co.expected.filter((p) => p.level === 'high').length).toBeGreaterThan(0);
  expect(totalEvents(co.expected)).toBe(co.distinctEvents);
  expect(co.distinctEvents).toBeGreaterThan(2000);
});

interface ServeKills {
  kills: number;
  /** kills that landed while at least one POST was waiting for its answer */
  inFlight: number;
  /** posts that got no answer because of a kill */
  unanswered: number;
  /** unanswered posts whose batch had nonetheless been committed (the re-post found all its events already in) */
  committedUnanswered: number;
  reposted: number;
  rounds: number;
}

/**
 * Post every file (one batch each, one after the other); in each round but the last a seeded moment after sending a
 * random one of them, SIGKILL the server. Then restart it on the same store and post again what got no 200, plus a
 * few that did. Ends with one round without a kill, then reads everything back through the API.
 */
async function serveUnderKills(seed: number, dataDir: string, databaseUrl?: string): Promise<{ stats: ServeKills; got: Awaited<ReturnType<typeof apiStored>> }> {
  const rng = prng(seed);
  const token = createToken(dataDir, databaseUrl);
  const acked = new Set<string>();
  const noAnswer = new Set<string>();
  const stats: ServeKills = { kills: 0, inFlight: 0, unanswered: 0, committedUnanswered: 0, reposted: 0, rounds: 0 };
  let server: Server | undefined;
  try {
    for (;;) {
      const last = stats.inFlight >= 3 || stats.kills >= 8;
      stats.rounds++;
      server = await startServe(dataDir, databaseUrl);
      const s = server;
      const todo = co.files.filter((f) => !acked.has(f));
      // a client that is unsure also re-sends some batches that were answered
      const again = co.files.filter((f) => acked.has(f) && rng() < 0.35);
      stats.reposted += again.length;
      const order = [...todo, ...again];
      const killAt = last ? -1 : Math.floor(rng() * order.length);
      const delay = Math.floor(rng() * 450);
      let pending = 0;
      let killed: Promise<void> | undefined;
      for (const [i, f] of order.entries()) {
        if (i === killAt) {
          killed = new Promise<void>((resolve) =>
            setTimeout(() => {
              stats.kills++;
              if (pending > 0) stats.inFlight++;
              void sigkill(s).then(resolve);
            }, delay),
          );
        }
        pending++;
        const r = await postFile(s.url, token, f).catch((e: Error) => e);
        pending--;
        if (r instanceof Error) {
          // connection gone: no answer, so the client will post it again
          stats.unanswered++;
          noAnswer.add(f);
          break;
        }
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        const body = r.body as { alreadyIngested: number; inputs: { accepted?: number; events?: number }[] };
        if (noAnswer.has(f)) {
          noAnswer.delete(f);
          if (body.alreadyIngested > 0) stats.committedUnanswered++;
        }
        acked.add(f);
      }
      if (last) break;
      if (killed) await killed;
      else await sigkill(s); // nothing was posted this round: stop it all the same (not counted as a kill)
      server = undefined;
    }
    expect(acked.size).toBe(co.files.length);
    const got = await apiStored(server!.url, token);
    return { stats, got };
  } finally {
    if (server) await sigkill(server);
  }
}

describe('exactly once under crashes: serve killed with SIGKILL during ingest', () => {
  it('embedded store (PGlite): after kills, restarts and re-posts the API holds the clean answer', async () => {
    const t0 = Date.now();
    const { stats, got } = await serveUnderKills(101, tmp('sw-kill-serve-'));
    console.log(`serve/PGlite: ${JSON.stringify(stats)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(stats.inFlight).toBeGreaterThanOrEqual(3);
    expect(stats.unanswered).toBeGreaterThanOrEqual(3);
    expect(got).toEqual(await asServed(co.expected, got));
    expect(totalEvents(got)).toBe(co.distinctEvents);
  }, 240_000);

  it('PostgreSQL: the same', async () => {
    const db = await freshDatabase('sw_kill');
    try {
      const t0 = Date.now();
      const { stats, got } = await serveUnderKills(202, tmp('sw-kill-serve-pg-'), db.url);
      console.log(`serve/PostgreSQL: ${JSON.stringify(stats)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      expect(stats.inFlight).toBeGreaterThanOrEqual(3);
      expect(stats.unanswered).toBeGreaterThanOrEqual(3);
      expect(got).toEqual(await asServed(co.expected, got));
      expect(totalEvents(got)).toBe(co.distinctEvents);
    } finally {
      await db.drop();
    }
  }, 240_000);
});

describe('exactly once under crashes: scan --store killed with SIGKILL', () => {
  it('killed at random points (some mid-transactions), re-run to completion: the store holds the clean answer', async () => {
    const t0 = Date.now();
    const rng = prng(303);
    const dataDir = tmp('sw-kill-scan-');
    const args = ['scan', ...co.paths, '--store', '--batch-events', '300', '--data-dir', dataDir];
    // Most of a run is starting up and reading; the transactions come after the last file's progress line
    // ("[6/6] … 100%"). One uninterrupted run measures how long they take here; kills are drawn within that window.
    const lastFile = new RegExp(`\\[${co.files.length}/${co.files.length}\\] .*100%`);
    const readDone = async (c: ReturnType<typeof spawnCli>): Promise<boolean> => {
      while (!lastFile.test(c.stderr())) {
        if (c.proc.exitCode !== null || c.proc.signalCode !== null) return false;
        await new Promise((r) => setTimeout(r, 5));
      }
      return true;
    };
    // The window of the transactions (from the last progress line to the exit) depends on the machine and its load:
    // start from a guess; an attempt that finishes before its kill shows the real window, and the series starts over
    // on a new store with kills drawn within 70 % of it.
    let window = 4000;
    let restarts = 0;
    /** events in the store's log (and in its people) after each kill */
    const committed: { delay: number; logged: number; people: number }[] = [];
    const mid = (k: { logged: number }) => k.logged > 0 && k.logged < co.distinctEvents;
    // at least 3 kills, one of them mid-run (a loaded machine may land the first ones before any commit)
    for (let attempt = 0; (committed.length < 3 || !committed.some(mid)) && attempt < 14; attempt++) {
      // each kill drawn within what is left of the transactions
      const left = 1 - (committed.at(-1)?.logged ?? 0) / co.distinctEvents;
      const delay = Math.floor(window * left * 0.8 * rng());
      const c = spawnCli(args);
      expect(await readDone(c), c.stderr()).toBe(true);
      const readAt = Date.now();
      const timer = setTimeout(() => c.proc.kill('SIGKILL'), delay);
      const exit = await c.exited;
      clearTimeout(timer);
      if (exit.signal !== 'SIGKILL') {
        expect(exit.code, c.stderr()).toBe(0);
        window = Math.max(200, Math.floor((Date.now() - readAt) * 0.7));
        restarts++;
        committed.length = 0;
        rmSync(join(dataDir, 'db'), { recursive: true, force: true });
        continue;
      }
      // what the killed scan left (its dir lock is stale now: its process is gone)
      const store = await openPGliteStore(join(dataDir, 'db'));
      try {
        const people = await store.listPeople({ limit: 100_000 });
        const logged = (await store.eventsOf(people.map((p) => p.personId))).events.length;
        let counted = 0;
        for (const p of people) counted += (await store.getPerson(p.personId))!.events;
        committed.push({ delay, logged, people: counted });
      } finally {
        await store.close();
      }
    }
    const fin = spawnCli(args);
    const exit = await fin.exited;
    expect(exit.code, fin.stderr()).toBe(0);
    const m = /stored run \S+ \((\d+) new events, (\d+) already in the store/.exec(fin.stderr());
    expect(m, fin.stderr()).not.toBeNull();
    console.log(
      `scan: ${committed.length} kills before the first completion (series restarted ${restarts}x after an attempt finished first; window ${window} ms), events committed at each kill ` +
        `${JSON.stringify(committed)}; final run: ${m![1]} new, ${m![2]} already in, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    expect(committed.length).toBeGreaterThanOrEqual(3);
    // the kills landed at different points, at least one in the middle of the run's transactions
    expect(committed.some(mid)).toBe(true);
    expect(Number(m![2])).toBeGreaterThan(0);
    expect(Number(m![1]) + Number(m![2])).toBe(co.distinctEvents);
    // after every kill, what was committed is whole: the people count exactly the events of the log
    for (const k of committed) expect(k.people).toBe(k.logged);
    const store = await openPGliteStore(join(dataDir, 'db'));
    try {
      const got = await stored(store);
      expect(got).toEqual(co.expected);
      expect(totalEvents(got)).toBe(co.distinctEvents);
    } finally {
      await store.close();
    }
  }, 240_000);
});

