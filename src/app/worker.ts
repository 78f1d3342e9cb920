// `sleetwatch worker` (issue 12): consumes the record stream and commits through the same IngestService transaction as
// `scan --store` and POST /api/ingest (events claimed in the event log, people, findings and detector states in one
// transaction), acknowledging each message only after the transaction that holds it committed. So a worker killed at
// any point loses nothing (its unacknowledged messages are redelivered) and counts nothing twice (a redelivered event
// is already claimed in the store and is not processed again).
//
// Partitions: the live workers (heartbeats on the stream) split the event partitions by rendezvous hashing
// (src/stream/partition.ts assign); each worker re-computes its share when the member list changes, stops the
// partitions it lost (what it held but had not committed is given back) and subscribes to the ones it gained. Every
// worker also shares the directory lane. Every commit takes the store-wide ingest turn and first catches up with what
// the other workers committed (IngestService), so people touched by several partitions (shared networks, devices,
// directory contact data) are evaluated on the whole population: the result equals a single-process run.
import type { StreamConfig } from '../core/stream-config.ts';
import type { DirectoryEntry, NormalizedEvent } from '../core/model.ts';
import { assign } from '../stream/partition.ts';
import type { Delivery, EventStream, Membership, Subscription } from '../stream/types.ts';
import type { IngestService } from './service.ts';
import { decodeRecord } from './stream-records.ts';

/** Latency histogram bucket width (ms) and count: 0–5 ms, 5–10 ms, … ≥ 10 min in the last. */
export const LATENCY_BUCKET_MS = 5;
const LATENCY_BUCKETS = 120_000;

export interface WorkerStats {
  worker: string;
  /** partitions owned now */
  partitions: number[];
  /** event messages committed (and acknowledged) */
  events: number;
  /** of which new to the store */
  fresh: number;
  /** of which already in the store (redelivered or re-published after the duplicate window) */
  alreadyIngested: number;
  directory: number;
  /** messages that were not records (acknowledged and dropped, with a warning) */
  rejected: number;
  commits: number;
  /** people rebuilt from the event log by those commits (late events, changed directory entries or vendor places) */
  replayed: number;
  /** people evaluated by those commits */
  evaluated: number;
  /** the longest commit since the last stats line (ms) */
  slowest: number;
  /** commits that failed (their messages were refused and come back) */
  failures: number;
  /** publish → commit latency of the committed events: counts per LATENCY_BUCKET_MS bucket (sparse) */
  latency: Record<number, number>;
  /**
   * Where the commits' time went (ms, cumulative): waiting for the store-wide ingest turn and catching up with what
   * other workers committed (`turn`: the commit's wall time minus the parts IngestService measures), the event log,
   * the pipeline, evaluation, writes.
   */
  ms: { commit: number; turn: number; log: number; pipeline: number; evaluate: number; write: number };
  /** Of the commits' time, catching up with what other workers committed (ms, cumulative): reading it, evaluating, in all. */
  catchUp: { read: number; evaluate: number; total: number };
}

export interface WorkerOptions {
  id: string;
  config: StreamConfig;
  /** Called with the stats every `statsMs` (and at stop): the CLI prints them as JSON lines. */
  onStats?: (s: WorkerStats) => void;
  statsMs?: number;
  log?: (msg: string) => void;
}

export class StreamWorker {
  private readonly owned = new Map<number, Subscription>();
  private dir!: Subscription;
  private members!: Membership;
  private stopping = false;
  private loopDone: Promise<void> = Promise.resolve();
  /** Directory lane ack floor known to be reached (it only grows). */
  private dirFloor = 0;
  private stats: WorkerStats;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  /** Deliveries in a commit now: their ack deadline is restarted every third of it (a slow commit is not redelivered). */
  private readonly inHand = new Set<Delivery>();
  private workingTimer: ReturnType<typeof setInterval> | undefined;
  /** Deliveries taken from the owned partitions and not yet committed, oldest (lowest stream sequence) first. */
  private carry: Delivery[] = [];

  private constructor(
    private readonly stream: EventStream,
    private readonly service: IngestService,
    private readonly o: WorkerOptions,
  ) {
    this.stats = { worker: o.id, partitions: [], events: 0, fresh: 0, alreadyIngested: 0, directory: 0, rejected: 0, commits: 0, replayed: 0, evaluated: 0, slowest: 0, failures: 0, latency: {}, ms: { commit: 0, turn: 0, log: 0, pipeline: 0, evaluate: 0, write: 0 }, catchUp: { read: 0, evaluate: 0, total: 0 } };
  }

  static async start(stream: EventStream, service: IngestService, o: WorkerOptions): Promise<StreamWorker> {
    const w = new StreamWorker(stream, service, o);
    w.members = await stream.join(o.id, { heartbeatMs: o.config.heartbeatMs, timeoutMs: o.config.memberTimeoutMs });
    w.dir = await stream.subscribe('directory', { buffer: o.config.batchMax });
    // Learn the peers before taking partitions (one and a half heartbeats: every live worker has announced itself):
    // a worker that took every partition and gave most of them back a moment later leaves the messages the server
    // was already sending to the subscriptions it closed waiting for their ack deadline (ackWaitSeconds).
    await new Promise((r) => setTimeout(r, Math.min(Math.ceil(o.config.heartbeatMs * 1.5), o.config.memberTimeoutMs)));
    await w.rebalance();
    if (o.onStats) {
      w.statsTimer = setInterval(() => w.emitStats(), o.statsMs ?? 5000);
      w.statsTimer.unref?.();
    }
    w.workingTimer = setInterval(() => {
      for (const d of w.inHand) void d.working().catch(() => undefined);
      for (const d of w.carry) void d.working().catch(() => undefined);
    }, Math.max(100, Math.floor((o.config.ackWaitSeconds * 1000) / 3)));
    w.workingTimer.unref?.();
    w.loopDone = w.loop();
    return w;
  }

  /** Partitions this worker owns now. */
  partitions(): number[] {
    return [...this.owned.keys()].sort((a, b) => a - b);
  }

  /** Stop after the commit in progress; give back what was received and not committed; leave the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loopDone;
    for (const s of this.owned.values()) await s.stop();
    this.owned.clear();
    const back = this.carry.splice(0);
    await Promise.all(back.map((d) => d.nak().catch(() => undefined)));
    await this.dir.stop();
    await this.members.leave();
    if (this.statsTimer) clearInterval(this.statsTimer);
    clearInterval(this.workingTimer);
    this.emitStats();
  }

  private emitStats(): void {
    this.stats.partitions = this.partitions();
    this.o.onStats?.({ ...this.stats, latency: { ...this.stats.latency }, ms: { ...this.stats.ms }, catchUp: { ...this.service.catchUpMs } });
    this.stats.latency = {};
    this.stats.slowest = 0;
  }

  /** Own exactly the partitions the live members' assignment gives this worker. */
  private async rebalance(): Promise<void> {
    const live = this.members.live();
    if (!live.includes(this.o.id)) live.push(this.o.id);
    const mine = new Set(assign(live.sort(), this.stream.partitions, this.o.config.activeWorkers).get(this.o.id) ?? []);
    for (const [p, s] of [...this.owned]) {
      if (mine.has(p)) continue;
      this.owned.delete(p);
      await s.stop();
      // what was taken from it and not committed goes back too
      const back = this.carry.filter((d) => d.lane === p);
      if (back.length > 0) {
        this.carry = this.carry.filter((d) => d.lane !== p);
        await Promise.all(back.map((d) => d.nak().catch(() => undefined)));
      }
    }
    // What a worker holds unacknowledged is bounded by about two commits' worth in all (not per partition): messages
    // wait on the server, not in a worker's hands where their ack deadline runs (a worker owning 8 partitions with a
    // full buffer each held 8 commits' worth, and under load their deadline passed before their commit: redelivered).
    const buffer = Math.max(64, Math.ceil((2 * this.o.config.batchMax) / Math.max(1, mine.size)));
    for (const p of mine) if (!this.owned.has(p)) this.owned.set(p, await this.stream.subscribe(p, { buffer }));
    const now = this.partitions().join(',');
    if (now !== this.stats.partitions.join(',')) {
      this.stats.partitions = this.partitions();
      this.o.log?.(`worker ${this.o.id}: ${live.length} live worker(s); owns partitions ${now || '(none)'}`);
    }
  }

  private async loop(): Promise<void> {
    const cfg = this.o.config;
    let membersChanged = false;
    let watch = this.members.changed(cfg.heartbeatMs).then(() => (membersChanged = true));
    let nextCheck = Date.now() + cfg.heartbeatMs;
    while (!this.stopping) {
      if (membersChanged || Date.now() >= nextCheck) {
        await this.rebalance();
        membersChanged = false;
        watch = this.members.changed(cfg.heartbeatMs).then(() => (membersChanged = true));
        nextCheck = Date.now() + cfg.heartbeatMs;
      }
      const subs = [this.dir, ...this.owned.values()];
      if (this.carry.length === 0) await Promise.race([...subs.map((s) => s.ready(cfg.pullWaitMs)), watch]);
      const dir = this.dir.take(cfg.batchMax);
      // Oldest first over all owned partitions (the stream sequence is global): what is not committed now is carried
      // to the next commit ahead of anything newer. (Taking whole partitions in turn left some partitions' messages
      // waiting for half the partitions' turns: p99 ~5 s at 4,000 events/s on one worker.)
      if (this.carry.length < cfg.batchMax) {
        // (each partition holds about 2 × batchMax / partitions: at most ~3 commits' worth in hand)
        for (const sub of this.owned.values()) this.carry.push(...sub.take(Number.MAX_SAFE_INTEGER));
        this.carry.sort((a, b) => a.seq - b.seq);
      }
      const events = this.carry.splice(0, cfg.batchMax);
      if (dir.length > 0) await this.commit(dir);
      if (events.length > 0) await this.commit(events);
    }
  }

  /**
   * One transaction for these deliveries, then their acknowledgements. Events wait for the directory entries
   * published before them (their mark) to be committed: by this worker (it takes them from the shared directory lane)
   * or another one.
   */
  private async commit(deliveries: Delivery[]): Promise<void> {
    const events: NormalizedEvent[] = [];
    const directory: DirectoryEntry[] = [];
    const sent = new Map<string, number>();
    const done: Delivery[] = [];
    let mark = 0;
    for (const d of deliveries) {
      const r = decodeRecord(d.data);
      if (!r.ok) {
        // never a record (a stranger on the subject, a corrupt message): retrying cannot help
        this.stats.rejected++;
        this.o.log?.(`worker ${this.o.id}: dropped message ${d.seq} on lane ${d.lane}: ${r.reason}`);
        await d.ack();
        continue;
      }
      done.push(d);
      if (r.env.t === 'd') directory.push(r.env.d);
      else {
        if (!sent.has(r.env.e.id)) events.push(r.env.e); // a redelivered copy taken in the same pull
        sent.set(r.env.e.id, r.env.at);
        mark = Math.max(mark, r.env.dir);
      }
    }
    if (done.length === 0) return;
    for (const d of done) this.inHand.add(d);
    try {
      if (events.length > 0 && mark > this.dirFloor) await this.awaitDirectory(mark);
      const t0 = performance.now();
      const out = await this.service.ingestBatch({ events, directory, inputs: [], via: 'stream', startedAt: new Date() });
      const wall = performance.now() - t0;
      const ms = this.stats.ms;
      ms.commit += wall;
      this.stats.slowest = Math.max(this.stats.slowest, wall);
      ms.turn += Math.max(0, wall - out.ms.log - out.ms.pipeline - out.ms.evaluate - out.ms.write);
      ms.log += out.ms.log;
      ms.pipeline += out.ms.pipeline;
      ms.evaluate += out.ms.evaluate;
      ms.write += out.ms.write;
      const now = Date.now();
      await Promise.all(done.map((d) => d.ack()));
      this.stats.commits++;
      this.stats.replayed += out.replayed;
      this.stats.evaluated += out.evaluated;
      this.stats.events += events.length;
      this.stats.directory += directory.length;
      this.stats.fresh += out.fresh;
      this.stats.alreadyIngested += out.alreadyIngested;
      for (const at of sent.values()) {
        const b = Math.min(LATENCY_BUCKETS, Math.max(0, Math.floor((now - at) / LATENCY_BUCKET_MS)));
        this.stats.latency[b] = (this.stats.latency[b] ?? 0) + 1;
      }
    } catch (e) {
      // nothing of it was committed (or its acknowledgements were lost): deliver again shortly
      this.stats.failures++;
      this.o.log?.(`worker ${this.o.id}: commit of ${done.length} message(s) failed, they will be redelivered: ${(e as Error).message}`);
      await Promise.all(done.map((d) => d.nak(1000).catch(() => undefined)));
    } finally {
      for (const d of done) this.inHand.delete(d);
    }
  }

  /** Until every directory message up to `mark` is committed; commits what of them this worker receives meanwhile. */
  private async awaitDirectory(mark: number): Promise<void> {
    for (;;) {
      this.dirFloor = Math.max(this.dirFloor, await this.stream.ackFloor('directory'));
      if (this.dirFloor >= mark) return;
      // nothing left unacknowledged on the lane (e.g. the stream was re-created): nothing to wait for
      if ((await this.stream.pending('directory')) === 0) {
        this.dirFloor = mark;
        return;
      }
      const more = this.dir.take(this.o.config.batchMax);
      if (more.length > 0) await this.commit(more);
      else await this.dir.ready(50);
      if (this.stopping) throw new Error('stopping');
    }
  }
}

/** The p-th percentile (0–100) of a latency histogram, in ms (upper edge of its bucket). */
export function latencyPercentile(hist: Record<number, number>, p: number): number | undefined {
  const entries = Object.entries(hist).map(([b, n]) => [Number(b), n] as const).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return undefined;
  let seen = 0;
  for (const [b, n] of entries) {
    seen += n;
    if (seen >= (p / 100) * total) return (b + 1) * LATENCY_BUCKET_MS;
  }
  return (entries.at(-1)![0] + 1) * LATENCY_BUCKET_MS;
}
