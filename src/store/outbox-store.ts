// The outbox in SQL (migration 012): the same statements on PGlite and PostgreSQL. A claim is one UPDATE over the rows
// a FOR UPDATE SKIP LOCKED sub-select picked, so concurrent deliverers (processes sharing one PostgreSQL) never claim
// the same row while its lease runs; nothing is held open while a notification is sent.
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from './executor.ts';
import { toJsonParam } from './json-param.ts';
import type { OutboxDraft, OutboxRow, OutboxState, OutboxStore } from './outbox-types.ts';

/** Longest error text kept per row. */
const ERROR_MAX = 2000;
const MAX_LIST = 10_000;

const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const iso = (ms: number): string => new Date(ms).toISOString();
/** Error text PostgreSQL can store: no U+0000, bounded. */
const errText = (s: string): string => s.replace(/\u0000/g, '\ufffd').slice(0, ERROR_MAX);

interface Row {
  id: string;
  dedupe_key: string;
  channel: string;
  event_type: string;
  event: unknown;
  created_at: unknown;
  attempts: number;
  next_attempt_at: unknown;
  lease_until: unknown;
  delivered_at: unknown;
  dead_at: unknown;
  last_error: string | null;
}

function toRow(r: Row): OutboxRow {
  const out: OutboxRow = {
    id: r.id,
    dedupeKey: r.dedupe_key,
    channel: r.channel,
    eventType: r.event_type,
    event: typeof r.event === 'string' ? (JSON.parse(r.event) as unknown) : r.event,
    createdAt: isoOf(r.created_at),
    attempts: Number(r.attempts),
    nextAttemptAt: isoOf(r.next_attempt_at),
    state: r.delivered_at != null ? 'delivered' : r.dead_at != null ? 'dead' : 'pending',
  };
  if (r.lease_until != null) out.leaseUntil = isoOf(r.lease_until);
  if (r.delivered_at != null) out.deliveredAt = isoOf(r.delivered_at);
  if (r.dead_at != null) out.deadAt = isoOf(r.dead_at);
  if (r.last_error != null) out.lastError = r.last_error;
  return out;
}

const COLUMNS = 'id, dedupe_key, channel, event_type, event, created_at, attempts, next_attempt_at, lease_until, delivered_at, dead_at, last_error';

const ENQUEUE = `
INSERT INTO outbox (id, dedupe_key, channel, event_type, event, created_at, next_attempt_at)
SELECT x.id, x.dedupe_key, x.channel, x.event_type, x.event, $2, $2
FROM json_to_recordset($1::json) AS x(id text, dedupe_key text, channel text, event_type text, event jsonb)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING ${COLUMNS}`;

const CLAIM = `
UPDATE outbox o SET lease_until = $2, attempts = o.attempts + 1
WHERE o.id IN (
  SELECT id FROM outbox
  WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
  ORDER BY next_attempt_at, id
  LIMIT $3
  FOR UPDATE SKIP LOCKED)
RETURNING ${COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`;

class SqlOutboxStore implements OutboxStore {
  constructor(private readonly db: SqlExecutor) {}

  async enqueue(drafts: OutboxDraft[], now: number): Promise<OutboxRow[]> {
    if (drafts.length === 0) return [];
    const rows = drafts.map((d) => ({ id: randomUUID(), dedupe_key: d.dedupeKey, channel: d.channel, event_type: d.eventType, event: d.event }));
    const { rows: out } = await this.db.query<Row>(ENQUEUE, [toJsonParam(rows), iso(now)]);
    return out.map(toRow).sort((a, b) => a.dedupeKey.localeCompare(b.dedupeKey));
  }

  async claim(opts: { now: number; limit: number; leaseMs: number }): Promise<OutboxRow[]> {
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(opts.limit)));
    const { rows } = await this.db.query<Row>(CLAIM, [iso(opts.now), iso(opts.now + opts.leaseMs), limit]);
    return rows.map(toRow).sort((a, b) => (a.nextAttemptAt < b.nextAttemptAt ? -1 : a.nextAttemptAt > b.nextAttemptAt ? 1 : a.id < b.id ? -1 : 1));
  }

  async markDelivered(id: string, now: number): Promise<boolean> {
    const { rows } = await this.db.query(
      'UPDATE outbox SET delivered_at = COALESCE(delivered_at, $2), lease_until = NULL, last_error = NULL WHERE id = $1 AND dead_at IS NULL RETURNING id',
      [id, iso(now)],
    );
    return rows.length > 0;
  }

  async markFailed(id: string, opts: { now: number; error: string; retryAt?: number }): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE outbox SET lease_until = NULL, last_error = $2,
         next_attempt_at = COALESCE($3, next_attempt_at), dead_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz END
       WHERE id = $1 AND delivered_at IS NULL AND dead_at IS NULL RETURNING id`,
      [id, errText(opts.error), opts.retryAt === undefined ? null : iso(opts.retryAt), iso(opts.now)],
    );
    return rows.length > 0;
  }

  async list(filter: { state?: OutboxState; limit?: number } = {}): Promise<OutboxRow[]> {
    const where =
      filter.state === 'delivered' ? 'WHERE delivered_at IS NOT NULL' : filter.state === 'dead' ? 'WHERE dead_at IS NOT NULL' : filter.state === 'pending' ? 'WHERE delivered_at IS NULL AND dead_at IS NULL' : '';
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(filter.limit ?? 100)));
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM outbox ${where} ORDER BY created_at DESC, id DESC LIMIT $1`, [limit]);
    return rows.map(toRow);
  }
}

export const sqlOutboxStore = (db: SqlExecutor): OutboxStore => new SqlOutboxStore(db);
