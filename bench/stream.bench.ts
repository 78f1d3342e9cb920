// `npm run bench:stream`: the scale-out mode on this machine (issue 12). Real NATS JetStream (NATS_URL, default
// nats://127.0.0.1:4222), real PostgreSQL (BENCH_PG_URL's server; a fresh database per run), `sleetwatch worker`
// child processes (the compiled CLI), records of a synthetic company (`sleetwatch generate --seed 7`).
//
// - scale: the company's records are published first (a backlog), then 1 worker, or 2, work it off; events/s from
//   the moment the backlog starts to shrink until it is empty. Target: 2 workers ≥ 1.8× one.
// - latency: 2 workers (BENCH_STREAM_LATENCY_WORKERS); the bench publishes BENCH_STREAM_RATE (10,000) events/s for BENCH_STREAM_SECONDS (60) s in
//   100 ms ticks (the company's sign-ins, replayed with new ids and shifted times when exhausted); each worker
//   reports, per committed event, publish → commit time (the commit writes the findings): p50 / p99 / max. Target: p99
//   < 1 s at 10,000 events/s.
//
// Env: BENCH_PARTS (scale,latency), BENCH_STREAM_PEOPLE (600), BENCH_STREAM_DAYS (30), BENCH_STREAM_DIR (reuse a
// generated company), BENCH_STREAM_RATE, BENCH_STREAM_SECONDS, BENCH_STREAM_PARTITIONS (16), BENCH_STREAM_BATCH (2000), BENCH_STREAM_LATENCY_WORKERS (2), BENCH_STREAM_ACTIVE (stream.activeWorkers, 0 = all),
// BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test_bench: its server; databases are created and dropped there).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { loadInputs } from '../src/app/scan.ts';
import { StreamPublisher } from '../src/app/stream-publish.ts';
import { latencyPercentile, type WorkerStats } from '../src/app/worker.ts';
import type { NormalizedEvent } from '../src/core/model.ts';
import { openJetStream } from '../src/stream/jetstream.ts';
import type { EventStream } from '../src/stream/types.ts';
import { ensureBuilt } from '../test/dist.ts';
import { CLI, company, fmt, inputs, partsFromEnv, secs, verdict } from './common.ts';
import { backlog, dropStream } from '../test/nats.ts';

const NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test_bench';
const PEOPLE = Number(process.env.BENCH_STREAM_PEOPLE ?? 600);
const DAYS = Number(process.env.BENCH_STREAM_DAYS ?? 30);
const RATE = Number(process.env.BENCH_STREAM_RATE ?? 10_000);
const SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 60);
const PARTITIONS = Number(process.env.BENCH_STREAM_PARTITIONS ?? 16);
const BATCH = Number(process.env.BENCH_STREAM_BATCH ?? 2000);
const LATENCY_WORKERS = Number(process.env.BENCH_STREAM_LATENCY_WORKERS ?? 2);
const ACTIVE = Number(process.env.BENCH_STREAM_ACTIVE ?? 0);
const parts = partsFromEnv(['scale', 'latency'], ['scale', 'latency']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database, a fresh stream, a config file naming it; `dispose` removes all three. */
async function setup(label: string): Promise<{ dbUrl: string; tag: string; configFile: string; stream: EventStream; dispose: () => Promise<void> }> {
  const tag = `swbench_${label}_${process.pid}_${Date.now().toString(36)}`;
  await admin((c) => c.query(`CREATE DATABASE ${tag}`));
  const u = new URL(PG_URL);
  u.pathname = `/${tag}`;
  const dir = mkdtempSync(join(tmpdir(), 'sw-stream-bench-'));
  const configFile = join(dir, 'sleetwatch.config.json');
  writeFileSync(configFile, JSON.stringify({ stream: { name: tag, subjectPrefix: tag, partitions: PARTITIONS, batchMax: BATCH, pullWaitMs: 20, ackWaitSeconds: 60, activeWorkers: ACTIVE } }));
  const stream = await openJetStream({ servers: NATS, name: tag, subjectPrefix: tag, partitions: PARTITIONS, duplicateWindowMs: 600_000, ackWaitMs: 60_000 });
  return {
    dbUrl: u.toString(),
    tag,
    configFile,
    stream,
    dispose: async () => {
      await stream.close();
      await dropStream(NATS, tag);
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${tag} WITH (FORCE)`));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Worker {
  proc: ChildProcess;
  stats: WorkerStats[];
  ready: Promise<void>;
  exited: Promise<void>;
}

function startWorker(id: string, s: { dbUrl: string; configFile: string }, dataDir: string): Worker {
  const env = { ...process.env, DATABASE_URL: s.dbUrl, NATS_URL: NATS };
  const proc = spawn(process.execPath, ['--max-old-space-size=6000', CLI, 'worker', '--id', id, '--config', s.configFile, '--data-dir', dataDir, '--stats-ms', '1000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const w: Worker = { proc, stats: [], ready: Promise.resolve(), exited: new Promise((r) => proc.on('exit', () => r())) };
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, i);
      out = out.slice(i + 1);
      try {
        const x = JSON.parse(line) as WorkerStats & { type?: string };
        if (x.type === 'stats') w.stats.push(x);
      } catch {
        /* not a stats line */
      }
    }
  });
  let errText = '';
  w.ready = new Promise((resolve, reject) => {
    proc.stderr!.on('data', (d: Buffer) => {
      errText += d.toString();
      if (/sleetwatch worker \S+ on /.test(errText)) resolve();
    });
    proc.on('exit', (code) => reject(new Error(`worker ${id} exited (${code}) before it was ready: ${errText}`)));
  });
  proc.stderr!.on('data', (d: Buffer) => {
    if (/failed|Error/.test(d.toString())) process.stderr.write(`[${id}] ${d}`);
  });
  return w;
}

async function stopWorkers(ws: Worker[]): Promise<void> {
  for (const w of ws) w.proc.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.exited));
}

/** The company's events replayed: round k has ids `<id>~k` and times shifted by k spans, in time order. */
function* replay(events: NormalizedEvent[]): Generator<NormalizedEvent> {
  const sorted = [...events].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
  const span = sorted.at(-1)!.time - sorted[0].time + 86_400_000;
  for (let k = 0; ; k++) for (const e of sorted) yield k === 0 ? e : { ...e, id: `${e.id}~${k}`, time: e.time + k * span };
}

/** Where the workers' commit time went (summed over workers), as shares of it. */
function breakdown(last: WorkerStats[]): string {
  const sum = { commit: 0, turn: 0, log: 0, pipeline: 0, evaluate: 0, write: 0 };
  const cu = { read: 0, evaluate: 0, total: 0 };
  for (const x of last) {
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += x.ms[k];
    for (const k of Object.keys(cu) as (keyof typeof cu)[]) cu[k] += x.catchUp?.[k] ?? 0;
  }
  const pct = (v: number) => `${((100 * v) / Math.max(1, sum.commit)).toFixed(0)} %`;
  return (
    `${secs(sum.commit)}: ingest turn + catching up with the other workers ${pct(sum.turn)}, event log ${pct(sum.log)}, pipeline ${pct(sum.pipeline)}, evaluation ${pct(sum.evaluate)}, writes ${pct(sum.write)}` +
    `; catching up in all ${pct(cu.total)} (reading ${pct(cu.read)}, evaluating others' people ${pct(cu.evaluate)})`
  );
}

/** CPU seconds used so far by the processes of each group (Linux /proc: utime + stime of the live processes). */
function cpuByGroup(workerPids: number[]): Record<'workers' | 'postgres' | 'nats' | 'bench', number> {
  const out = { workers: 0, postgres: 0, nats: 0, bench: 0 };
  const hz = 100;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue; // gone
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(f[11]) + Number(f[12])) / hz; // fields 14 and 15 of stat
    const pid = Number(d);
    if (workerPids.includes(pid)) out.workers += cpu;
    else if (pid === process.pid) out.bench += cpu;
    else if (comm === 'postgres') out.postgres += cpu;
    else if (comm.startsWith('nats-server')) out.nats += cpu;
  }
  return out;
}

/** CPU used between two cpuByGroup samples, and how many cores that kept busy over `ms`. */
function cpuNote(a: ReturnType<typeof cpuByGroup>, b: ReturnType<typeof cpuByGroup>, ms: number): { text: string; cores: number } {
  const d = { workers: b.workers - a.workers, postgres: b.postgres - a.postgres, nats: b.nats - a.nats, bench: b.bench - a.bench };
  const all = d.workers + d.postgres + d.nats + d.bench;
  const cores = all / (ms / 1000);
  return {
    cores,
    text: `CPU ${all.toFixed(1)} s = ${cores.toFixed(2)} of ${cpus().length} cores busy (workers ${d.workers.toFixed(1)} s, PostgreSQL ${d.postgres.toFixed(1)} s, NATS ${d.nats.toFixed(1)} s, this bench ${d.bench.toFixed(1)} s)`,
  };
}

const loadNote = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`;

/** Cores kept busy (all processes of the run) by the scale run with n workers. */
const coresBusy: Record<number, number> = {};

async function scale(read: Awaited<ReturnType<typeof loadInputs>>, dataDir: string): Promise<Record<number, number>> {
  const eps: Record<number, number> = {};
  for (const n of [1, 2]) {
    const s = await setup(`scale${n}`);
    try {
      const pub = new StreamPublisher(s.stream);
      await pub.publish({ events: [], directory: read.directory });
      for (let i = 0; i < read.events.length; i += 20_000) await pub.publish({ events: read.events.slice(i, i + 20_000), directory: [] });
      const total = await backlog(s.stream);
      const ws = Array.from({ length: n }, (_, i) => startWorker(`s${n}-${i}`, s, dataDir));
      let t0 = 0;
      let cpu0: ReturnType<typeof cpuByGroup> | undefined;
      let left = total;
      const deadline = Date.now() + 900_000;
      while (left > 0 && Date.now() < deadline) {
        await sleep(50);
        left = await backlog(s.stream);
        if (!t0 && left < total) {
          t0 = performance.now();
          cpu0 = cpuByGroup(ws.map((w) => w.proc.pid!));
        }
      }
      const ms = performance.now() - t0;
      const cpu = cpuNote(cpu0!, cpuByGroup(ws.map((w) => w.proc.pid!)), ms);
      coresBusy[n] = cpu.cores;
      eps[n] = (total - left) / (ms / 1000);
      await stopWorkers(ws);
      const last = ws.flatMap((w) => w.stats.at(-1) ?? []);
      const commits = last.reduce((a, x) => a + x.commits, 0);
      const replayed = last.reduce((a, x) => a + (x.replayed ?? 0), 0);
      const evaluated = last.reduce((a, x) => a + (x.evaluated ?? 0), 0);
      console.log(`  ${n} worker(s): ${fmt(total - left)} messages in ${secs(ms)} → ${fmt(eps[n])} events/s (${commits} commits, ${fmt(evaluated)} people evaluated, ${fmt(replayed)} replayed; ${loadNote()})`);
      console.log(`    commit time ${breakdown(last)}`);
      console.log(`    ${cpu.text}`);
    } finally {
      await s.dispose();
    }
  }
  return eps;
}

async function latency(read: Awaited<ReturnType<typeof loadInputs>>, dataDir: string): Promise<void> {
  const s = await setup('latency');
  try {
    const pub = new StreamPublisher(s.stream);
    await pub.publish({ events: [], directory: read.directory });
    const ws = Array.from({ length: LATENCY_WORKERS }, (_, i) => startWorker(`l-${i}`, s, dataDir));
    await Promise.all(ws.map((w) => w.ready));
    await sleep(3000); // both own their partitions and have committed the directory
    const gen = replay(read.events);
    const perTick = Math.round(RATE / 10);
    const t0 = performance.now();
    let sent = 0;
    let late = 0;
    const inFlight = new Set<Promise<unknown>>();
    for (let tick = 0; tick < SECONDS * 10; tick++) {
      const due = t0 + tick * 100;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      else if (wait < -100) late++;
      const batch: NormalizedEvent[] = [];
      for (let i = 0; i < perTick; i++) batch.push(gen.next().value as NormalizedEvent);
      const p: Promise<unknown> = pub.publish({ events: batch, directory: [] }).then((): void => {
        inFlight.delete(p);
      });
      inFlight.add(p);
      sent += batch.length;
      while (inFlight.size > 20) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const pubSecs = (performance.now() - t0) / 1000;
    const drainStart = performance.now();
    while ((await backlog(s.stream)) > 0 && performance.now() - drainStart < 120_000) await sleep(100);
    const drained = (performance.now() - drainStart) / 1000;
    await sleep(1500); // the last stats lines
    await stopWorkers(ws);
    const hist: Record<number, number> = {};
    let committed = 0;
    for (const w of ws)
      for (const x of w.stats) {
        for (const [b, c] of Object.entries(x.latency)) hist[Number(b)] = (hist[Number(b)] ?? 0) + c;
      }
    for (const w of ws) committed += w.stats.at(-1)?.events ?? 0;
    const p50 = latencyPercentile(hist, 50) ?? NaN;
    const p99 = latencyPercentile(hist, 99) ?? NaN;
    const max = latencyPercentile(hist, 100) ?? NaN;
    console.log(
      `  published ${fmt(sent)} events in ${pubSecs.toFixed(1)} s (${fmt(sent / pubSecs)} events/s offered, target ${fmt(RATE)}; ${late} ticks > 100 ms late); ` +
        `backlog drained ${drained.toFixed(1)} s after the last publish; ${fmt(committed)} committed`,
    );
    const fin = ws.flatMap((w) => w.stats.at(-1) ?? []);
    const sum = (f: (x: WorkerStats) => number) => fin.reduce((a, x) => a + (f(x) ?? 0), 0);
    console.log(`  ${sum((x) => x.commits)} commits, ${fmt(sum((x) => x.evaluated))} people evaluated, ${fmt(sum((x) => x.replayed))} replayed, ${sum((x) => x.failures)} failed commits`);
    console.log(`  commit time ${breakdown(fin)}`);
    // the slowest commits: where a long wait comes from
    const slow = ws.flatMap((w) => w.stats).map((x) => x.slowest ?? 0);
    if (slow.length > 0) console.log(`  slowest commit: ${fmt(Math.max(...slow))} ms`);
    console.log(`  event → finding latency: p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, max ${fmt(max)} ms  [${verdict(p99 < 1000)}: p99 < 1 s]  (${loadNote()})`);
  } finally {
    await s.dispose();
  }
}

async function main(): Promise<void> {
  await ensureBuilt();
  const co = company(PEOPLE, DAYS, process.env.BENCH_STREAM_DIR);
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-stream-bench-data-'));
  try {
    const read = await loadInputs(inputs(co.dir));
    console.log(`stream bench: ${fmt(read.events.length)} events, ${fmt(read.directory.length)} directory entries (${PEOPLE} people, ${DAYS} days); ${PARTITIONS} partitions; NATS ${NATS}; ${loadNote()}`);
    if (parts.has('scale')) {
      console.log('scale: a backlog worked off by 1 worker, then by 2');
      const eps = await scale(read, dataDir);
      const ratio = eps[2] / eps[1];
      console.log(`  ratio 2 workers / 1: ${ratio.toFixed(2)}×  [${verdict(ratio >= 1.8)}: ≥ 1.8×]`);
      // What this machine allows at most: the 1-worker run's events/s per busy core, times every core.
      const ceiling = cpus().length / coresBusy[1];
      console.log(
        `  CPU ceiling here: the 1-worker run kept ${coresBusy[1].toFixed(2)} cores busy (worker, PostgreSQL, NATS, this bench); ${cpus().length} cores allow at most ${ceiling.toFixed(2)}× of it` +
          ` — 2 workers reached ${((100 * ratio) / ceiling).toFixed(0)} % of that ceiling`,
      );
    }
    if (parts.has('latency')) {
      console.log(`latency: ${LATENCY_WORKERS} worker(s)${ACTIVE ? ` (${ACTIVE} active)` : ''}, ${fmt(RATE)} events/s offered for ${SECONDS} s`);
      await latency(read, dataDir);
    }
  } finally {
    co.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
