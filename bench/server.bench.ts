// `npm run bench:server`: throughput of the real HTTP service (buildServer + IngestService, the same pipeline as scan)
// on PGlite (memory://) and PostgreSQL. The store is first preloaded with the older half of a synthetic company's
// Graph sign-in pages (service.ingestRead, like `scan --store`); then a load client on loopback posts the newer half,
// in time order, re-chunked into `{"value":[…]}` bodies of 1,000 events, over C concurrent keep-alive connections,
// until every body is sent or the time bound passes. Prints events/s and p50/p99 batch latency beside the targets
// (≥ 20,000 events/s, p99 < 1 s), and the mean group size and transaction timings of IngestService's group commit.
//
// Env: BENCH_SERVER_STORES (pglite,postgres), BENCH_CONCURRENCY (4), BENCH_SERVER_SECONDS (20), BENCH_BATCH_EVENTS
// (1000), BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test_bench), BENCH_SMALL_DIR / BENCH_SMALL_PEOPLE /
// BENCH_SMALL_DAYS (the company, as in `npm run bench`).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createToken } from '../src/app/tokens.ts';
import { IngestService, type BatchOutcome } from '../src/app/service.ts';
import { getIntel, loadInputs } from '../src/app/scan.ts';
import { buildServer } from '../src/server/index.ts';
import { openPGliteStore, openPostgresStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { company, dropSchema, fmt, inputs, secs, verdict } from './common.ts';

const C = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 20);
const BATCH = Number(process.env.BENCH_BATCH_EVENTS ?? 1000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test_bench';
const STORES = (process.env.BENCH_SERVER_STORES ?? 'pglite,postgres').split(',').map((s) => s.trim());

type Signin = { createdDateTime: string } & Record<string, unknown>;

/** Older half of the Graph pages (files, for the preload) and the newer half as request bodies in time order. */
function split(dir: string): { preload: string[]; bodies: Buffer[]; events: number } {
  const pages = inputs(dir, ['entra']); // signins-0001 is the newest page: the older half is the tail of the list
  const half = Math.floor(pages.length / 2);
  const newer = pages.slice(0, half);
  const preload = [...inputs(dir, ['directory']), ...pages.slice(half)];
  const evs: Signin[] = [];
  for (const f of newer) for (const v of JSON.parse(readFileSync(f, 'utf8')).value as Signin[]) evs.push(v);
  evs.sort((a, b) => (a.createdDateTime < b.createdDateTime ? -1 : a.createdDateTime > b.createdDateTime ? 1 : 0));
  const bodies: Buffer[] = [];
  for (let i = 0; i < evs.length; i += BATCH) bodies.push(Buffer.from(JSON.stringify({ value: evs.slice(i, i + BATCH) })));
  return { preload, bodies, events: evs.length };
}

function post(agent: http.Agent, port: number, token: string, name: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/ingest?name=${encodeURIComponent(name)}`,
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

async function runOne(kind: string, store: Store, dataDir: string, preloadFiles: string[], bodies: Buffer[]): Promise<void> {
  const tp = performance.now();
  const service = await IngestService.open(store, { dataDir });
  const read = await loadInputs(preloadFiles);
  const pre = await service.ingestRead(read, 'scan', new Date());
  console.log(`${kind.padEnd(10)} preload: ${fmt(pre.fresh)} events + ${fmt(read.directory.length)} directory entries in ${pre.batches} transaction(s), ${secs(performance.now() - tp)}`);

  // group-commit numbers, measured in-process: every BatchOutcome of the load phase (the HTTP answer omits them)
  const outcomes: BatchOutcome[] = [];
  const ingestBatch = service.ingestBatch.bind(service);
  service.ingestBatch = (b) =>
    ingestBatch(b).then((o) => {
      outcomes.push(o);
      return o;
    });
  const handlerMs: number[] = [];
  const token = (await createToken(store, `bench-${kind}`, 'admin')).token;
  const server = await buildServer({
    store,
    version: 'bench',
    ingest: async (body, o) => {
      const t0 = performance.now();
      try {
        return await service.ingest(body, o);
      } finally {
        handlerMs.push(performance.now() - t0);
      }
    },
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const port = (server.server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: C });
  const lat: number[] = [];
  const errors: string[] = [];
  let accepted = 0;
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  try {
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < bodies.length && performance.now() < deadline) {
          const i = next++;
          const s = performance.now();
          const r = await post(agent, port, token, `bench-${i}.json`, bodies[i]);
          lat.push(performance.now() - s);
          if (r.status !== 200) errors.push(`${r.status} ${r.text.slice(0, 200)}`);
          else accepted += (JSON.parse(r.text) as { inputs: { accepted: number }[] }).inputs[0].accepted;
        }
      }),
    );
  } finally {
    agent.destroy();
    await server.close();
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  lat.sort((a, b) => a - b);
  const rate = accepted / (wall / 1000);
  const p50 = pct(lat, 50);
  const p99 = pct(lat, 99);
  const bounded = next < bodies.length ? `stopped at the ${SECONDS} s bound` : 'all bodies sent';
  console.log(`${kind.padEnd(10)} posted ${lat.length} bodies of ≤ ${BATCH} events (${bounded}), C=${C}: ${fmt(accepted)} events accepted in ${secs(wall)}${errors.length ? `, ${errors.length} FAILED: ${errors[0]}` : ''}`);
  console.log(`${kind.padEnd(10)} throughput  ${fmt(rate).padStart(8)} events/s        (target ≥ 20,000)  ${verdict(rate >= 20_000)}`);
  console.log(`${kind.padEnd(10)} latency     p50 ${fmt(p50).padStart(6)} ms  p99 ${fmt(p99).padStart(6)} ms  (target p99 < 1,000 ms)  ${verdict(p99 < 1000)}`);
  const ms = (k: keyof BatchOutcome['ms']) => mean(outcomes.map((o) => o.ms[k]));
  console.log(
    `${kind.padEnd(10)} in-process  handler mean ${fmt(mean(handlerMs))} ms; group commit: ${fmt(mean(outcomes.map((o) => o.grouped)), 2)} batches/transaction (mean over batches), ` +
      `transaction ms mean log ${fmt(ms('log'))} / pipeline ${fmt(ms('pipeline'))} / evaluate ${fmt(ms('evaluate'))} / write ${fmt(ms('write'))}`,
  );
  console.log(
    `${kind.padEnd(10)} cpu         this process ${secs(cpuMs)} for ${secs(wall)} of wall time: ${fmt((cpuMs / Math.max(1, accepted)) * 1000)} ms per 1,000 events` +
      ` (${fmt(accepted / (cpuMs / 1000))} events per CPU-second${kind === 'postgres' ? '; the database server works in its own processes' : ''})`,
  );
  const per = (k: 'fresh' | 'evaluated' | 'written' | 'replayed') => fmt(mean(outcomes.map((o) => o[k])));
  console.log(`${kind.padEnd(10)} per batch   mean fresh ${per('fresh')}, people evaluated ${per('evaluated')}, written ${per('written')}, replayed ${per('replayed')}`);
}

async function main(): Promise<void> {
  const c = company(Number(process.env.BENCH_SMALL_PEOPLE ?? 1200), Number(process.env.BENCH_SMALL_DAYS ?? 65), process.env.BENCH_SMALL_DIR);
  try {
    const dataDir = join(c.dir, '.data');
    const intel = await getIntel(dataDir); // loaded once before any timing (shared by both services)
    intel.lookupIp('8.8.8.8');
    const { preload, bodies, events } = split(c.dir);
    console.log(`company   ${c.dir}: preload ${preload.length} files (SCIM + older half of the Graph pages); load: ${fmt(events)} newer events in ${bodies.length} bodies of ${BATCH}`);
    console.log(`load      C=${C} keep-alive connections on loopback, client in the same process, bound ${SECONDS} s (BENCH_CONCURRENCY, BENCH_SERVER_SECONDS)`);
    for (const kind of STORES) {
      if (kind === 'pglite') {
        const store = await openPGliteStore('memory://');
        try {
          await runOne('pglite', store, dataDir, preload, bodies);
        } finally {
          await store.close();
        }
      } else if (kind === 'postgres') {
        const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
        let store: Store;
        try {
          store = await openPostgresStore(PG_URL, { schema });
        } catch (e) {
          console.log(`postgres   unavailable at ${PG_URL} (BENCH_PG_URL): ${(e as Error).message}`);
          continue;
        }
        try {
          await runOne('postgres', store, dataDir, preload, bodies);
        } finally {
          await store.close();
          await dropSchema(PG_URL, schema);
        }
      } else throw new Error(`BENCH_SERVER_STORES: unknown store ${kind} (pglite, postgres)`);
    }
  } finally {
    c.dispose();
  }
}

await main();
