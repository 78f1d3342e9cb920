// The in-process stream: the semantics of the JetStream adapter (./jetstream.ts) in memory, for tests and one-process
// runs. One MemoryStreamServer plays the NATS server; each openMemoryStream() is a client of it (a worker, a publisher).
import type { Delivery, EventStream, Lane, Membership, OutRecord, Published, Subscription } from './types.ts';
import { Waiters } from './waiters.ts';

interface Msg {
  id: string;
  lane: Lane;
  seq: number;
  data: Uint8Array;
  acked: boolean;
  deliveries: number;
  /** the subscription holding it (delivered, not acked), with its ack deadline */
  holder?: MemSub;
  deadline: number;
  /** not delivered before this time (nak with delay) */
  notBefore: number;
}

interface LaneState {
  msgs: Msg[];
  subs: MemSub[];
  next: number;
}

const laneKey = (l: Lane): string => String(l);

export interface MemoryStreamOptions {
  partitions: number;
  duplicateWindowMs?: number;
  ackWaitMs?: number;
}

/** The shared state of an in-process stream (the "server"). */
export class MemoryStreamServer {
  readonly partitions: number;
  private seq = 0;
  private readonly ids = new Map<string, { seq: number; at: number }>();
  private readonly lanes = new Map<string, LaneState>();
  private readonly duplicateWindowMs: number;
  readonly ackWaitMs: number;
  private readonly members = new Map<string, number>();
  private readonly memberWaiters = new Waiters();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(opts: MemoryStreamOptions) {
    this.partitions = opts.partitions;
    this.duplicateWindowMs = opts.duplicateWindowMs ?? 3_600_000;
    this.ackWaitMs = opts.ackWaitMs ?? 30_000;
  }

  private lane(l: Lane): LaneState {
    if (typeof l === 'number' && (!Number.isInteger(l) || l < 0 || l >= this.partitions)) throw new RangeError(`no partition ${l} (0…${this.partitions - 1})`);
    let s = this.lanes.get(laneKey(l));
    if (!s) this.lanes.set(laneKey(l), (s = { msgs: [], subs: [], next: 0 }));
    return s;
  }

  publish(lane: Lane, records: OutRecord[]): Published[] {
    const s = this.lane(lane);
    const now = Date.now();
    const out = records.map((r): Published => {
      const prev = this.ids.get(r.id);
      if (prev && now - prev.at < this.duplicateWindowMs) return { seq: prev.seq, duplicate: true };
      const seq = ++this.seq;
      this.ids.set(r.id, { seq, at: now });
      s.msgs.push({ id: r.id, lane, seq, data: r.data, acked: false, deliveries: 0, deadline: 0, notBefore: 0 });
      return { seq, duplicate: false };
    });
    this.dispatch(lane);
    return out;
  }

  /** Hand out what is deliverable: never delivered, refused, or past its ack deadline; round robin over subscriptions. */
  dispatch(lane: Lane): void {
    const s = this.lane(lane);
    if (s.subs.length === 0) return;
    const now = Date.now();
    this.ensureTimer();
    for (const m of s.msgs) {
      if (m.acked || m.notBefore > now) continue;
      if (m.holder && m.deadline > now) continue;
      let sub: MemSub | undefined;
      for (let i = 0; i < s.subs.length; i++) {
        const c = s.subs[(s.next + i) % s.subs.length];
        if (c.room() > 0) {
          sub = c;
          s.next = (s.next + i + 1) % s.subs.length;
          break;
        }
      }
      if (!sub) break;
      m.holder = sub;
      m.deadline = now + this.ackWaitMs;
      m.deliveries++;
      sub.push(this.delivery(m));
    }
    // acknowledged messages below the first unacknowledged one are done with (work-queue retention)
    let i = 0;
    while (i < s.msgs.length - 1 && s.msgs[i].acked) i++;
    if (i > 0) s.msgs.splice(0, i);
  }

  private delivery(m: Msg): Delivery {
    const holder = m.holder;
    const deliveries = m.deliveries;
    return {
      id: m.id,
      lane: m.lane,
      seq: m.seq,
      data: m.data,
      deliveries,
      ack: async () => {
        m.acked = true;
        m.holder = undefined;
        this.dispatch(m.lane);
      },
      nak: async (delayMs = 0) => {
        // only the current delivery can refuse (a stale copy, redelivered since, changes nothing)
        if (m.acked || m.holder !== holder || m.deliveries !== deliveries) return;
        m.holder = undefined;
        m.notBefore = Date.now() + delayMs;
        this.dispatch(m.lane);
      },
      working: async () => {
        if (m.acked || m.holder !== holder || m.deliveries !== deliveries) return;
        m.deadline = Date.now() + this.ackWaitMs;
      },
    };
  }

  /** Redeliveries (ack deadlines, nak delays) are checked on a timer while anyone subscribes. */
  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      let any = false;
      for (const [k, s] of this.lanes) {
        if (s.subs.length === 0) continue;
        any = true;
        this.dispatch(k === 'directory' ? 'directory' : Number(k));
      }
      if (!any && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }, Math.max(10, Math.min(250, this.ackWaitMs / 4)));
    this.timer.unref?.();
  }

  subscribe(lane: Lane, buffer: number): MemSub {
    const s = this.lane(lane);
    const sub = new MemSub(buffer, () => this.dispatch(lane), () => {
      s.subs = s.subs.filter((x) => x !== sub);
    });
    s.subs.push(sub);
    this.dispatch(lane);
    return sub;
  }

  lastSeq(lane: Lane): number {
    const s = this.lane(lane);
    return s.msgs.at(-1)?.seq ?? 0;
  }

  ackFloor(lane: Lane): number {
    const s = this.lane(lane);
    let floor = 0;
    for (const m of s.msgs) {
      if (!m.acked) break;
      floor = m.seq;
    }
    return floor;
  }

  pending(lane: Lane): number {
    return this.lane(lane).msgs.filter((m) => !m.acked).length;
  }

  heartbeat(id: string, leave = false): void {
    const had = this.members.has(id);
    if (leave) this.members.delete(id);
    else this.members.set(id, Date.now());
    if (had === leave) this.notifyMembers();
  }

  live(timeoutMs: number): string[] {
    const now = Date.now();
    return [...this.members].filter(([, at]) => now - at < timeoutMs).map(([id]) => id).sort();
  }

  /** Resolves on the next join or leave, or after `ms` (the waiter is then dropped: no build-up over a long run). */
  onMembers(ms: number): Promise<void> {
    return this.memberWaiters.wait(ms);
  }

  private notifyMembers(): void {
    this.memberWaiters.wakeAll();
  }
}

class MemSub implements Subscription {
  private readonly buf: Delivery[] = [];
  private readonly waiters = new Waiters();
  private stopped = false;

  constructor(
    private readonly buffer: number,
    private readonly refill: () => void,
    private readonly detach: () => void,
  ) {}

  room(): number {
    return this.stopped ? 0 : this.buffer - this.buf.length;
  }

  push(d: Delivery): void {
    this.buf.push(d);
    this.waiters.wakeAll();
  }

  take(max: number): Delivery[] {
    const out = this.buf.splice(0, max);
    if (out.length > 0) this.refill();
    return out;
  }

  ready(ms: number): Promise<void> {
    if (this.buf.length > 0 || this.stopped) return Promise.resolve();
    return this.waiters.wait(ms);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.detach();
    const left = this.buf.splice(0);
    for (const d of left) await d.nak();
    this.waiters.wakeAll();
  }
}

/** A client of an in-process stream server. */
export function openMemoryStream(server: MemoryStreamServer): EventStream {
  const memberships = new Set<Membership>();
  return {
    partitions: server.partitions,
    publish: async (lane, records) => server.publish(lane, records),
    subscribe: async (lane, opts = {}) => server.subscribe(lane, opts.buffer ?? 1000),
    lastSeq: async (lane) => server.lastSeq(lane),
    ackFloor: async (lane) => server.ackFloor(lane),
    pending: async (lane) => server.pending(lane),
    join: async (workerId, opts) => {
      server.heartbeat(workerId);
      const timer = setInterval(() => server.heartbeat(workerId), opts.heartbeatMs);
      timer.unref?.();
      const m: Membership = {
        live: () => server.live(opts.timeoutMs),
        changed: (ms) => server.onMembers(ms),
        leave: async () => {
          clearInterval(timer);
          memberships.delete(m);
          server.heartbeat(workerId, true);
        },
      };
      memberships.add(m);
      return m;
    },
    close: async () => {
      for (const m of [...memberships]) await m.leave();
    },
  };
}
