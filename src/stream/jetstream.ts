// The NATS JetStream adapter of the record stream (./types.ts). One JetStream stream holds every lane: event
// partitions on `<prefix>.events.<p>`, directory entries on `<prefix>.directory`, with work-queue retention (a
// message acknowledged is gone) and a duplicate window (Nats-Msg-Id). Each lane has one durable pull consumer with
// explicit acknowledgement; workers on a lane share it. Membership heartbeats go over core NATS on `<prefix>.workers`.
import { connect, nanos, type NatsConnection, type Subscription as CoreSub } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Delivery, EventStream, Lane, Membership, OutRecord, Published, Subscription } from './types.ts';
import { Waiters } from './waiters.ts';

export interface JetStreamOptions {
  /** NATS server URL(s), comma-separated. */
  servers: string;
  name: string;
  subjectPrefix: string;
  partitions: number;
  duplicateWindowMs: number;
  ackWaitMs: number;
  replicas?: number;
  /** Connection name shown by the server (e.g. the worker id). */
  clientName?: string;
}

/** Messages published concurrently (each awaits its PubAck; the client pipelines them on one connection). */
const PUBLISH_WINDOW = 4096;
/** How long a publish waits for its acknowledgement, and how often it is tried before the error is the caller's. */
const PUBLISH_TIMEOUT_MS = 10_000;
const PUBLISH_ATTEMPTS = 5;

const durableOf = (lane: Lane): string => (lane === 'directory' ? 'sw-directory' : `sw-p${lane}`);

/** Connect, create the stream and the lanes' consumers when missing, and return the stream. */
export async function openJetStream(o: JetStreamOptions): Promise<EventStream> {
  const nc = await connect({ servers: o.servers.split(',').map((s) => s.trim()).filter(Boolean), name: o.clientName ?? 'sleetwatch', maxReconnectAttempts: -1 });
  try {
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, o);
    return new JetStreamAdapter(nc, jsm, jetstream(nc), o);
  } catch (e) {
    await nc.close().catch(() => undefined);
    throw e;
  }
}

async function ensureStream(jsm: JetStreamManager, o: JetStreamOptions): Promise<void> {
  const subjects = [`${o.subjectPrefix}.events.*`, `${o.subjectPrefix}.directory`];
  const info = await jsm.streams.info(o.name).catch(() => undefined);
  if (!info) {
    await jsm.streams.add({
      name: o.name,
      subjects,
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(o.duplicateWindowMs),
      num_replicas: o.replicas ?? 1,
    });
  } else if (info.config.duplicate_window !== nanos(o.duplicateWindowMs)) {
    await jsm.streams.update(o.name, { ...info.config, duplicate_window: nanos(o.duplicateWindowMs) });
  }
}

class JetStreamAdapter implements EventStream {
  readonly partitions: number;
  private readonly consumersReady = new Map<string, Promise<void>>();
  private readonly subs = new Set<Subscription>();
  private readonly memberships = new Set<Membership>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly o: JetStreamOptions,
  ) {
    this.partitions = o.partitions;
  }

  private subject(lane: Lane): string {
    if (lane === 'directory') return `${this.o.subjectPrefix}.directory`;
    if (!Number.isInteger(lane) || lane < 0 || lane >= this.partitions) throw new RangeError(`no partition ${lane} (0…${this.partitions - 1})`);
    return `${this.o.subjectPrefix}.events.${lane}`;
  }

  /** The lane's durable consumer, created once (explicit ack, redelivery after ackWait). */
  private consumer(lane: Lane): Promise<void> {
    const durable = durableOf(lane);
    let p = this.consumersReady.get(durable);
    if (!p) {
      p = (async () => {
        const have = await this.jsm.consumers.info(this.o.name, durable).catch(() => undefined);
        if (have) return;
        await this.jsm.consumers.add(this.o.name, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          filter_subject: this.subject(lane),
          ack_wait: nanos(this.o.ackWaitMs),
          max_ack_pending: -1,
        });
      })();
      p.catch(() => this.consumersReady.delete(durable));
      this.consumersReady.set(durable, p);
    }
    return p;
  }

  async publish(lane: Lane, records: OutRecord[]): Promise<Published[]> {
    const subject = this.subject(lane);
    await this.consumer(lane); // a lane's consumer exists before its first message (work-queue: nothing is dropped)
    const out: Published[] = [];
    for (let i = 0; i < records.length; i += PUBLISH_WINDOW) {
      const acks = await Promise.all(records.slice(i, i + PUBLISH_WINDOW).map((r) => this.publishOne(subject, r)));
      for (const a of acks) out.push({ seq: a.seq, duplicate: a.duplicate });
    }
    return out;
  }

  /**
   * One message, re-sent when its acknowledgement does not come in time (a busy or failing-over server): safe, as the
   * copy carries the same message id and the server drops it if the first one was stored.
   */
  private async publishOne(subject: string, r: OutRecord): Promise<Published> {
    for (let attempt = 1; ; attempt++) {
      try {
        const a = await this.js.publish(subject, r.data, { msgID: r.id, timeout: PUBLISH_TIMEOUT_MS });
        return { seq: a.seq, duplicate: a.duplicate };
      } catch (e) {
        if (attempt >= PUBLISH_ATTEMPTS || this.nc.isClosed()) throw e;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  async subscribe(lane: Lane, opts: { buffer?: number } = {}): Promise<Subscription> {
    await this.consumer(lane);
    const c = await this.js.consumers.get(this.o.name, durableOf(lane));
    const messages = await c.consume({ max_messages: opts.buffer ?? 1000, expires: 5000 });
    const sub = new JsSub(lane, messages, () => this.subs.delete(sub));
    this.subs.add(sub);
    return sub;
  }

  async lastSeq(lane: Lane): Promise<number> {
    const m = await this.jsm.streams.getMessage(this.o.name, { last_by_subj: this.subject(lane) }).catch(() => null);
    return m?.seq ?? 0;
  }

  async ackFloor(lane: Lane): Promise<number> {
    await this.consumer(lane);
    return (await this.jsm.consumers.info(this.o.name, durableOf(lane))).ack_floor.stream_seq;
  }

  async pending(lane: Lane): Promise<number> {
    await this.consumer(lane);
    const i = await this.jsm.consumers.info(this.o.name, durableOf(lane));
    return i.num_pending + i.num_ack_pending;
  }

  async join(workerId: string, opts: { heartbeatMs: number; timeoutMs: number }): Promise<Membership> {
    const subject = `${this.o.subjectPrefix}.workers`;
    const seen = new Map<string, number>();
    const waiters = new Waiters();
    const notify = () => waiters.wakeAll();
    const sub: CoreSub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        let m: { id?: unknown; leave?: unknown };
        try {
          m = msg.json();
        } catch {
          return;
        }
        if (typeof m.id !== 'string' || m.id.length > 200) return;
        const had = seen.has(m.id);
        if (m.leave === true) seen.delete(m.id);
        else seen.set(m.id, Date.now());
        if (had !== (m.leave !== true)) notify();
      },
    });
    const beat = () => this.nc.publish(subject, JSON.stringify({ id: workerId }));
    seen.set(workerId, Date.now());
    beat();
    const timer = setInterval(() => {
      seen.set(workerId, Date.now());
      beat();
    }, opts.heartbeatMs);
    timer.unref?.();
    const m: Membership = {
      live: () => {
        const now = Date.now();
        return [...seen].filter(([, at]) => now - at < opts.timeoutMs).map(([id]) => id).sort();
      },
      changed: (ms) => waiters.wait(ms),
      leave: async () => {
        clearInterval(timer);
        this.memberships.delete(m);
        if (!this.nc.isClosed()) {
          this.nc.publish(subject, JSON.stringify({ id: workerId, leave: true }));
          await this.nc.flush().catch(() => undefined);
        }
        sub.unsubscribe();
        notify();
      },
    };
    this.memberships.add(m);
    return m;
  }

  async close(): Promise<void> {
    for (const m of [...this.memberships]) await m.leave();
    for (const s of [...this.subs]) await s.stop();
    await this.nc.drain().catch(() => undefined);
  }
}

class JsSub implements Subscription {
  private readonly buf: Delivery[] = [];
  private readonly waiters = new Waiters();
  private stopped = false;

  constructor(
    private readonly lane: Lane,
    private readonly messages: ConsumerMessages,
    private readonly detach: () => void,
  ) {
    void this.read();
  }

  private async read(): Promise<void> {
    try {
      for await (const m of this.messages) {
        // received after stop(): give it back at once rather than hold it until the ack deadline
        if (this.stopped) m.nak();
        else this.push(m);
      }
    } catch {
      /* the connection closed: the unacknowledged messages are redelivered after the ack deadline */
    }
  }

  private push(m: JsMsg): void {
    this.buf.push({
      id: m.headers?.get('Nats-Msg-Id') ?? '',
      lane: this.lane,
      seq: m.seq,
      data: m.data,
      deliveries: m.info.deliveryCount,
      // double ack: resolves once the server has the acknowledgement (after it, the message is never redelivered)
      ack: async () => {
        await m.ackAck();
      },
      nak: async (delayMs = 0) => m.nak(delayMs),
      working: async () => m.working(),
    });
    this.waiters.wakeAll();
  }

  take(max: number): Delivery[] {
    return this.buf.splice(0, max);
  }

  ready(ms: number): Promise<void> {
    if (this.buf.length > 0 || this.stopped) return Promise.resolve();
    return this.waiters.wait(ms);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.detach();
    await this.messages.close().catch(() => undefined);
    for (const d of this.buf.splice(0)) await d.nak();
    this.waiters.wakeAll();
  }
}
