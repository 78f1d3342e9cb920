// One interface for the record stream of the scale-out mode (issue 12), with an in-process implementation
// (./memory.ts: tests, one-machine runs) and a NATS JetStream adapter (./jetstream.ts). Both pass ./conformance.ts.
//
// A stream has `partitions` event lanes (0 … partitions-1) and one directory lane. Publishers put records on a lane
// with a message id: a record re-published with the same id within the duplicate window is dropped (JetStream
// Nats-Msg-Id). Consumers take deliveries from a lane's one durable consumer and acknowledge each after they
// committed it; a delivery not acknowledged in time (the consumer died) or refused (nak) is delivered again. Several
// subscriptions on one lane share its messages (each goes to one of them). Workers find each other through
// `members` heartbeats and split the event lanes among the live ones (./partition.ts assign).

/** An event lane (0 … partitions-1) or the directory lane. */
export type Lane = number | 'directory';

export interface OutRecord {
  /** Message id: the stable id of the record (publish de-duplication). */
  id: string;
  data: Uint8Array;
}

export interface Published {
  /** Stream sequence of the message (of the earlier copy when `duplicate`). */
  seq: number;
  /** The id was published before within the duplicate window: this copy was dropped. */
  duplicate: boolean;
}

export interface Delivery {
  id: string;
  lane: Lane;
  /** Stream sequence (increasing over the whole stream, all lanes). */
  seq: number;
  data: Uint8Array;
  /** 1 on first delivery, 2+ when redelivered. */
  deliveries: number;
  /** The delivery is done with (after the commit): never delivered again. */
  ack(): Promise<void>;
  /** Not done: deliver again (after `delayMs`, 0 = now). */
  nak(delayMs?: number): Promise<void>;
  /** Still being worked on: the ack deadline starts again (a long commit under load is not redelivered meanwhile). */
  working(): Promise<void>;
}

export interface Subscription {
  /** Deliveries received and not yet taken, oldest first, at most `max`. */
  take(max: number): Delivery[];
  /** Resolves once a delivery is waiting to be taken, or after `ms`. */
  ready(ms: number): Promise<void>;
  /** Stop receiving; deliveries received but not taken are refused (nak) so another subscription gets them now. */
  stop(): Promise<void>;
}

export interface Membership {
  /** Ids of the live workers (heard from within the member timeout), this one included, sorted. */
  live(): string[];
  /** Resolves when the set of live workers may have changed, or after `ms`. */
  changed(ms: number): Promise<void>;
  /** Leave now (the others drop this worker without waiting for the timeout). */
  leave(): Promise<void>;
}

export interface EventStream {
  readonly partitions: number;
  /** Publish records on a lane, in order; answers per record. */
  publish(lane: Lane, records: OutRecord[]): Promise<Published[]>;
  /** Receive deliveries of a lane's durable consumer, up to `buffer` unacknowledged at a time. */
  subscribe(lane: Lane, opts?: { buffer?: number }): Promise<Subscription>;
  /** Sequence of the last message published on a lane (0: none, or none retained). */
  lastSeq(lane: Lane): Promise<number>;
  /** The highest sequence s such that every message of the lane up to s is acknowledged (0: none). */
  ackFloor(lane: Lane): Promise<number>;
  /** Messages of a lane published and not yet acknowledged (the backlog). */
  pending(lane: Lane): Promise<number>;
  /** Join the workers (heartbeats every `heartbeatMs`; a worker silent for `timeoutMs` is gone). */
  join(workerId: string, opts: { heartbeatMs: number; timeoutMs: number }): Promise<Membership>;
  close(): Promise<void>;
}
