// `npm run bench:collect`: do the collectors keep up with a vendor API serving 5,000 events/s? A loopback fake of
// Microsoft Graph (test/fakes/graph-collect.ts: documented signIn records, $top pages of 1,000, @odata.nextLink) lets
// at most BENCH_COLLECT_RATE events/s through (a one-second token bucket; beyond it: 429 with Retry-After: 1) and
// the Graph collector pulls through the real IngestService into PGlite (memory://) or PostgreSQL, committing each page
// with its checkpoint. Parts:
// - backlog: BENCH_COLLECT_SECONDS × rate events waiting; events/s committed, as a ratio to the served rate (1.0 =
//   the API is the limit; the collector keeps up), and the same pull unthrottled (the collector's own ceiling, as a
//   ratio to the rate);
// - live: events arrive at the rate for BENCH_COLLECT_SECONDS while `serve`'s schedule polls every second; the ratio of
//   events committed to events served by the end, and the lag (now − newest committed event) at the end.
//
// - nats: the scale-out mode: each page published to a JetStream stream (real NATS, NATS_URL) and its checkpoint saved
//   after the acknowledgement (the workers commit: bench:stream); backlog and live as above.
//
// Env: BENCH_COLLECT_PARTS (parse,nats,commit), BENCH_COLLECT_RATE (5000), BENCH_COLLECT_SECONDS (20), BENCH_COLLECT_STORES (pglite,postgres),
// BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test_bench).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestSink } from '../src/app/collectors/ingest-sink.ts';
import { natsSinkFor } from '../src/app/collectors/nats-sink.ts';
import { publisherFor } from '../src/app/stream-publish.ts';
import { openJetStream } from '../src/stream/jetstream.ts';
import { readPage } from '../src/app/collectors/read.ts';
import type { CollectorSink } from '../src/app/collectors/sink.ts';
import { CollectorRunner } from '../src/app/collectors/runner.ts';
import { getIntel } from '../src/app/scan.ts';
import { IngestService } from '../src/app/service.ts';
import { CollectorsConfig } from '../src/core/collectors-config.ts';
import { openPGliteStore, openPostgresStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { FakeGraph, graphSignIn } from '../test/fakes/graph-collect.ts';
import { dropSchema, fmt, secs, verdict } from './common.ts';
import { dropStream } from '../test/nats.ts';

const RATE = Number(process.env.BENCH_COLLECT_RATE ?? 5000);
const NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
/** parse (the collector and parsers), nats (publishing to the stream, the scale-out mode), commit (through IngestService) */
const PARTS = new Set((process.env.BENCH_COLLECT_PARTS ?? 'parse,nats,commit').split(',').map((x) => x.trim()));
const SECONDS = Number(process.env.BENCH_COLLECT_SECONDS ?? 20);
const STORES = (process.env.BENCH_COLLECT_STORES ?? 'pglite,postgres').split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'none');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test_bench';
const SECRET = 'bench-secret-value-0123456789';
const PEOPLE = 2000;

let n = 0;
/** A sign-in now-ish by one of PEOPLE people from a few addresses each. */
function signIn(time: number): Record<string, unknown> {
  const i = n++;
  const p = i % PEOPLE;
  return graphSignIn({ n: i, time, upn: `user${p}@contoso.com`, ip: `20.${(p >> 8) & 255}.${p & 255}.${1 + (i % 3)}` });
}

async function openBenchStore(kind: string, tag: string): Promise<{ store: Store; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const store = await openPGliteStore('memory://');
    return { store, close: () => store.close() };
  }
  const schema = `sw_bench_collect_${tag}_${process.pid}`;
  const store = await openPostgresStore(PG_URL, { schema });
  return {
    store,
    close: async () => {
      await store.close();
      await dropSchema(PG_URL, schema);
    },
  };
}

/**
 * The collector without the pipeline: each page read by the same parsers (readPage) and its checkpoint saved, nothing
 * ingested. What the collector itself can keep up with; the pipeline behind it is IngestService's own limit
 * (bench:server) and the stream workers' scale-out.
 */
function parseOnlySink(store: Store): CollectorSink {
  const seen = new Set<string>(); // the event-id dedup, in memory: overlap re-reads are not counted
  return {
    write: async (b) => {
      const r = b.page.records.length > 0 ? readPage(b.page) : undefined;
      const fresh = (r?.events ?? []).filter((e) => !seen.has(e.id) && seen.add(e.id)).length;
      await store.collectors().saveCheckpoint(b.collector, { checkpoint: b.checkpoint as Record<string, unknown>, newestEventAt: b.newestEventAt, events: fresh, at: new Date() });
      return { fresh, alreadyIngested: (r?.events.length ?? 0) - fresh, rejected: r?.input.rejected ?? 0 };
    },
  };
}

/** What the collector's pages go to: parsers only, IngestService (commit), or the JetStream stream (scale-out). */
type Mode = 'parse' | 'ingest' | 'nats';

/** A fresh stream for one run (real NATS, NATS_URL), the sink publishing to it, and its removal. */
async function natsSink(store: Store, tag: string): Promise<{ sink: CollectorSink; close(): Promise<void> }> {
  const name = `swbench_collect_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const stream = await openJetStream({ servers: NATS, name, subjectPrefix: name, partitions: 16, duplicateWindowMs: 3_600_000, ackWaitMs: 30_000 });
  const publisher = await publisherFor(store, stream);
  return {
    sink: natsSinkFor(store, publisher),
    close: async () => {
      await stream.close();
      await dropStream(NATS, name);
    },
  };
}

async function sinkFor(mode: Mode, store: Store, dataDir: string, tag: string): Promise<{ sink: CollectorSink; close(): Promise<void> }> {
  if (mode === 'nats') return natsSink(store, tag);
  if (mode === 'ingest') return { sink: new IngestSink(await IngestService.open(store, { dataDir }), store), close: async () => undefined };
  return { sink: parseOnlySink(store), close: async () => undefined };
}

function runnerFor(graph: FakeGraph, store: Store, sink: CollectorSink): CollectorRunner {
  const config = CollectorsConfig.parse({
    graph: { tenantId: graph.tenant, clientId: graph.clientId, clientSecret: { env: 'SW_BENCH_GRAPH_SECRET' }, tokenUrl: graph.tokenUrl, graphUrl: graph.url, streams: ['signins'], intervalSeconds: 1, overlapMinutes: 5 / 60, pageSize: 1000 },
    maxRetries: 1000,
  });
  return new CollectorRunner({ store, sink, config, env: { SW_BENCH_GRAPH_SECRET: SECRET } });
}

async function backlog(kind: string, dataDir: string, throttled: boolean, mode: Mode): Promise<{ events: number; ms: number; throttledAnswers: number; cpuMs: number }> {
  const { store, close } = await openBenchStore(kind, `${throttled ? 't' : 'u'}${mode}`);
  const graph = new FakeGraph('bench.onmicrosoft.com', 'bench-client', SECRET);
  await graph.listen();
  try {
    const now = Date.now();
    const total = RATE * SECONDS;
    for (let i = 0; i < total; i++) graph.signIns.push(signIn(now - 3_600_000 + Math.floor((3_600_000 * i) / total)));
    const out = await sinkFor(mode, store, dataDir, `b${throttled ? 't' : 'u'}`);
    try {
      const runner = runnerFor(graph, store, out.sink);
      graph.rateLimit = throttled ? RATE : undefined;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await runner.runOne('graph-signins', { force: true });
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (r.error || r.fresh !== total) throw new Error(`backlog pull: ${r.error ?? `${r.fresh} of ${total} events`}`);
      return { events: total, ms, throttledAnswers: graph.requests.filter((q) => q.status === 429).length, cpuMs: (c.user + c.system) / 1000 };
    } finally {
      await out.close();
    }
  } finally {
    await graph.close();
    await close();
  }
}

async function live(kind: string, dataDir: string, mode: Mode): Promise<{ served: number; committed: number; lagS: number; throttledAnswers: number }> {
  const { store, close } = await openBenchStore(kind, `live${mode}`);
  const graph = new FakeGraph('bench.onmicrosoft.com', 'bench-client', SECRET);
  await graph.listen();
  const out = await sinkFor(mode, store, dataDir, 'live');
  try {
    const runner = runnerFor(graph, store, out.sink);
    graph.rateLimit = RATE;
    // Events appear at RATE per second, each stamped with its arrival time.
    const start = Date.now();
    let made = 0;
    const tick = setInterval(() => {
      const due = Math.floor(((Date.now() - start) / 1000) * RATE);
      for (; made < due; made++) graph.signIns.push(signIn(Date.now()));
    }, 50);
    const sched = runner.schedule();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    clearInterval(tick);
    // Let the last poll land (one interval), then stop.
    await new Promise((r) => setTimeout(r, 2000));
    await sched.stop();
    const s = await store.collectors().get('graph-signins');
    const newestServed = Date.parse(String(graph.signIns[graph.signIns.length - 1].createdDateTime));
    return { served: graph.signIns.length, committed: s?.events ?? 0, lagS: (newestServed - Date.parse(s?.newestEventAt ?? '1970-01-01')) / 1000, throttledAnswers: graph.requests.filter((q) => q.status === 429).length };
  } finally {
    await out.close();
    await graph.close();
    await close();
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-bench-collect-'));
  await getIntel(dataDir); // intel loaded before timing
  console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores (wall-clock ratios shrink with it; CPU ratios much less)`);
  console.log(`collectors vs a Graph fake serving ${fmt(RATE)} events/s (pages of 1,000, 429 + Retry-After beyond the rate), ${SECONDS} s of events\n`);
  try {
    // The collector itself (parsers, checkpoints; the fake in the same process): one store is enough.
    if (PARTS.has('parse')) {
      const t = await backlog('pglite', dataDir, true, 'parse');
      const u = await backlog('pglite', dataDir, false, 'parse');
      const tRate = t.events / (t.ms / 1000);
      const uRate = u.events / (u.ms / 1000);
      console.log(`[collector + parsers] backlog of ${fmt(t.events)} events, throttled: ${secs(t.ms)}, ${fmt(tRate)} events/s = ${(tRate / RATE).toFixed(2)}× the served rate (${t.throttledAnswers} answers 429)  ${verdict(tRate / RATE >= 0.9)}`);
      const cpuRate = u.events / (u.cpuMs / 1000);
      console.log(`[collector + parsers] unthrottled: ${fmt(uRate)} events/s = ${(uRate / RATE).toFixed(2)}× the rate; ${(u.cpuMs / (u.events / 1000)).toFixed(0)} ms CPU per 1,000 events (fake API included) = ${fmt(cpuRate)} events per CPU-second = ${(cpuRate / RATE).toFixed(2)}× the rate  ${verdict(cpuRate / RATE >= 1)}`);
      const l = await live('pglite', dataDir, 'parse');
      console.log(`[collector + parsers] live ${SECONDS} s at ${fmt(RATE)}/s: ${fmt(l.committed)} of ${fmt(l.served)} served events checkpointed = ${(l.committed / l.served).toFixed(3)}; lag at the end ${l.lagS.toFixed(1)} s; ${l.throttledAnswers} answers 429  ${verdict(l.committed / l.served >= 0.99)}`);
    }
    // Scale-out: the collector publishes each page to JetStream (real NATS) and saves its checkpoint after the
    // acknowledgement; the workers commit (bench:stream). What a collector process must keep up with in that mode.
    if (PARTS.has('nats')) {
      const t = await backlog('postgres', dataDir, true, 'nats');
      const tRate = t.events / (t.ms / 1000);
      console.log(`[collector → NATS] backlog of ${fmt(t.events)} events, throttled: ${secs(t.ms)}, ${fmt(tRate)} events/s = ${(tRate / RATE).toFixed(2)}× the served rate; ${(t.cpuMs / (t.events / 1000)).toFixed(0)} ms CPU (this process, fake API included) per 1,000 events  ${verdict(tRate / RATE >= 0.9)}`);
      const l = await live('postgres', dataDir, 'nats');
      console.log(`[collector → NATS] live ${SECONDS} s at ${fmt(RATE)}/s: ${fmt(l.committed)} of ${fmt(l.served)} served events published and checkpointed = ${(l.committed / l.served).toFixed(3)}; lag at the end ${l.lagS.toFixed(1)} s  ${verdict(l.committed / l.served >= 0.99)}`);
    }
    // End to end: the same pulls committed through IngestService (parse, pipeline, store) on each store.
    for (const kind of PARTS.has('commit') ? STORES : []) {
      const t = await backlog(kind, dataDir, true, 'ingest');
      const tRate = t.events / (t.ms / 1000);
      const cpuRate = t.events / (t.cpuMs / 1000);
      console.log(`[${kind} end to end] backlog of ${fmt(t.events)} events, throttled: ${secs(t.ms)}, ${fmt(tRate)} events/s = ${(tRate / RATE).toFixed(2)}× the served rate; ${(t.cpuMs / (t.events / 1000)).toFixed(0)} ms CPU (this process) per 1,000 events = ${(cpuRate / RATE).toFixed(2)}× the rate per CPU-second  ${verdict(tRate / RATE >= 0.9)}`);
      const l = await live(kind, dataDir, 'ingest');
      console.log(`[${kind} end to end] live ${SECONDS} s at ${fmt(RATE)}/s: ${fmt(l.committed)} of ${fmt(l.served)} served events committed = ${(l.committed / l.served).toFixed(3)}; lag at the end ${l.lagS.toFixed(1)} s  ${verdict(l.committed / l.served >= 0.99)}`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
