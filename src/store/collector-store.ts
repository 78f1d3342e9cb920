// The collector store in SQL (migration 014): the same statements on PGlite and PostgreSQL, over the store's executor.
import type { CollectorState, CollectorStore } from './collector-types.ts';
import type { SqlExecutor } from './executor.ts';
import { toJsonParam } from './json-param.ts';

/** Longest error message kept (vendor error bodies can be long). */
const MAX_ERROR = 1000;

interface Row {
  collector_id: string;
  checkpoint: string;
  newest_event_at: unknown;
  events: string | number;
  pages: string | number;
  last_success_at: unknown;
  last_error_at: unknown;
  last_error: string | null;
  failures: number;
  next_attempt_at: unknown;
  updated_at: unknown;
}

const isoOf = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();

/** Text PostgreSQL can store: U+0000 and lone surrogates become U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const pgText = (s: string): string => s.replace(/\u0000/g, '\ufffd').replace(LONE_SURROGATE, '\ufffd');

function stateOf(r: Row): CollectorState {
  const s: CollectorState = {
    id: r.collector_id,
    checkpoint: JSON.parse(r.checkpoint) as Record<string, unknown>,
    events: Number(r.events),
    pages: Number(r.pages),
    failures: Number(r.failures),
    updatedAt: isoOf(r.updated_at)!,
  };
  const opt = { newestEventAt: isoOf(r.newest_event_at), lastSuccessAt: isoOf(r.last_success_at), lastErrorAt: isoOf(r.last_error_at), nextAttemptAt: isoOf(r.next_attempt_at) };
  for (const [k, v] of Object.entries(opt)) if (v !== undefined) (s as unknown as Record<string, string>)[k] = v;
  if (r.last_error !== null) s.lastError = r.last_error;
  return s;
}

const SELECT = `SELECT collector_id, checkpoint, newest_event_at, events, pages, last_success_at, last_error_at, last_error,
  failures, next_attempt_at, updated_at FROM collector_state`;

const SAVE = `INSERT INTO collector_state (collector_id, checkpoint, newest_event_at, events, pages, last_success_at, failures, updated_at)
  VALUES ($1, $2, $3, $4, 1, $5, 0, $5)
  ON CONFLICT (collector_id) DO UPDATE SET
    checkpoint = EXCLUDED.checkpoint,
    newest_event_at = CASE WHEN collector_state.newest_event_at IS NULL THEN EXCLUDED.newest_event_at
      WHEN EXCLUDED.newest_event_at IS NULL THEN collector_state.newest_event_at
      ELSE GREATEST(collector_state.newest_event_at, EXCLUDED.newest_event_at) END,
    events = collector_state.events + EXCLUDED.events,
    pages = collector_state.pages + 1,
    last_success_at = EXCLUDED.last_success_at,
    failures = 0, next_attempt_at = NULL, updated_at = EXCLUDED.updated_at`;

const SUCCESS = `INSERT INTO collector_state (collector_id, checkpoint, last_success_at, updated_at) VALUES ($1, COALESCE($2, '{}'), $3, $3)
  ON CONFLICT (collector_id) DO UPDATE SET checkpoint = COALESCE($2, collector_state.checkpoint),
    last_success_at = EXCLUDED.last_success_at, failures = 0, next_attempt_at = NULL, updated_at = EXCLUDED.updated_at`;

const ERROR = `INSERT INTO collector_state (collector_id, last_error_at, last_error, failures, next_attempt_at, updated_at) VALUES ($1, $2, $3, $4, $5, $2)
  ON CONFLICT (collector_id) DO UPDATE SET last_error_at = EXCLUDED.last_error_at, last_error = EXCLUDED.last_error,
    failures = EXCLUDED.failures, next_attempt_at = EXCLUDED.next_attempt_at, updated_at = EXCLUDED.updated_at`;

export function sqlCollectorStore(db: SqlExecutor): CollectorStore {
  return {
    async get(id) {
      const { rows } = await db.query<Row>(`${SELECT} WHERE collector_id = $1`, [id]);
      return rows[0] ? stateOf(rows[0]) : undefined;
    },
    async list() {
      const { rows } = await db.query<Row>(`${SELECT} ORDER BY collector_id`);
      return rows.map(stateOf).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    async saveCheckpoint(id, c) {
      const newest = c.newestEventAt === undefined ? null : new Date(c.newestEventAt).toISOString();
      await db.query(SAVE, [id, toJsonParam(c.checkpoint), newest, c.events, c.at.toISOString()]);
    },
    async markSuccess(id, c) {
      await db.query(SUCCESS, [id, c.checkpoint === undefined ? null : toJsonParam(c.checkpoint), c.at.toISOString()]);
    },
    async markError(id, e) {
      const msg = pgText(e.message.length > MAX_ERROR ? `${e.message.slice(0, MAX_ERROR)}…` : e.message);
      await db.query(ERROR, [id, e.at.toISOString(), msg, e.failures, e.nextAttemptAt.toISOString()]);
    },
  };
}
