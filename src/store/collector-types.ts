// The collectors' part of the Store (migration 014): one row per collector with its checkpoint and health.

/** A collector's stored state. Times are ISO strings. */
export interface CollectorState {
  id: string;
  /** The collector's own checkpoint (src/app/collectors/sink.ts Checkpoint): opaque JSON, never a secret. */
  checkpoint: Record<string, unknown>;
  /** Newest event time committed so far: the lag is now minus this. */
  newestEventAt?: string;
  /** Events committed new (re-fetched overlaps not counted), and pages committed. */
  events: number;
  pages: number;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  /** The last error's message (already scrubbed of secrets by the collector). */
  lastError?: string;
  /** Consecutive failures since the last success (0 when healthy). */
  failures: number;
  /** While backing off: not before this time. */
  nextAttemptAt?: string;
  updatedAt: string;
}

export interface CollectorStore {
  get(id: string): Promise<CollectorState | undefined>;
  /** Every collector, by id. */
  list(): Promise<CollectorState[]>;
  /**
   * A committed page: replace the checkpoint, raise the newest event time (never lowers it), add `events` new events
   * and one page, mark a success (failures back to 0, no back-off). Call it on the store atomic() hands its callback,
   * in the transaction that commits the page's events, so the checkpoint never runs ahead of or behind them.
   */
  saveCheckpoint(id: string, c: { checkpoint: Record<string, unknown>; newestEventAt?: number; events: number; at: Date }): Promise<void>;
  /** A pass that ended without a page to commit (nothing new): a success, checkpoint as given. */
  markSuccess(id: string, c: { checkpoint?: Record<string, unknown>; at: Date }): Promise<void>;
  /** A failed attempt: its message, the consecutive-failure count and when to try again. The checkpoint is kept. */
  markError(id: string, e: { message: string; failures: number; nextAttemptAt: Date; at: Date }): Promise<void>;
}
