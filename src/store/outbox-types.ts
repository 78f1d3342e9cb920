// The notification outbox (migration 012): rows written in the transaction of the change they announce, delivered
// after the commit by a deliverer that claims them with a lease (src/app/notify/deliver.ts). At-least-once: a row is
// sent until it is marked delivered (or given up after the configured attempts); its id is the idempotency key.

export interface OutboxDraft {
  /** One row per key: enqueueing the same key again does nothing (the event id and the channel). */
  dedupeKey: string;
  channel: string;
  eventType: string;
  event: unknown;
}

export type OutboxState = 'pending' | 'delivered' | 'dead';

export interface OutboxRow {
  /** Stable across retries: the receiver's idempotency key. */
  id: string;
  dedupeKey: string;
  channel: string;
  eventType: string;
  event: unknown;
  createdAt: string;
  /** Attempts begun (a claim counts one). */
  attempts: number;
  nextAttemptAt: string;
  leaseUntil?: string;
  deliveredAt?: string;
  deadAt?: string;
  lastError?: string;
  state: OutboxState;
}

export interface OutboxStore {
  /** Queue notifications (in the caller's transaction inside atomic()); returns the rows new to the outbox. */
  enqueue(drafts: OutboxDraft[], now: number): Promise<OutboxRow[]>;
  /**
   * Claim up to `limit` due rows (not delivered, not dead, due at `now`, lease free or run out), oldest due first:
   * each gets a lease until now + leaseMs and one more attempt. Rows another claimer holds are skipped.
   */
  claim(opts: { now: number; limit: number; leaseMs: number }): Promise<OutboxRow[]>;
  /** Mark sent. False when the row is unknown or already given up. */
  markDelivered(id: string, now: number): Promise<boolean>;
  /** A failed attempt: due again at `retryAt`, or given up (dead) when retryAt is undefined. */
  markFailed(id: string, opts: { now: number; error: string; retryAt?: number }): Promise<boolean>;
  /** Rows, newest first. */
  list(filter?: { state?: OutboxState; limit?: number }): Promise<OutboxRow[]>;
}
