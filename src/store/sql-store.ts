// The one Store implementation, in plain PostgreSQL over a SqlExecutor (PGlite or pg). Writes are batched: each
// statement takes a chunk of rows as one JSON parameter expanded by json_to_recordset, all in one transaction.
import type { DirectoryEntry, Finding, InputSummary, NormalizedEvent, PersonResult, Place, RejectedRecord, RiskBreakdown, RiskLevel } from '../core/model.ts';
import type { SqlExecutor } from './executor.ts';
import { migrate } from './migrate.ts';
import type { Candidate, CandidateResult, Recommendation } from '../core/candidate.ts';
import type { CandidateIndex } from '../core/candidate-index.ts';
import { sqlCandidateIndex } from './candidate-index.ts';
import type { RespondStore } from './respond-types.ts';
import { sqlRespondStore } from './respond-store.ts';
import type { AuthStore } from './auth-types.ts';
import { sqlAuthStore } from './auth-store.ts';
import type { Role } from '../core/roles.ts';
import type { ContainmentStore } from './containment-types.ts';
import { sqlContainmentStore } from './containment-store.ts';
import type { OutboxStore } from './outbox-types.ts';
import { sqlOutboxStore } from './outbox-store.ts';
import type { CollectorStore } from './collector-types.ts';
import { sqlCollectorStore } from './collector-store.ts';
import type {
  ApiToken,
  ArchivedFileRow,
  CandidateSummary,
  IngestRun,
  KeepParts,
  LoggedEvent,
  PeopleFilter,
  PeopleSort,
  PersonListRow,
  PersonSummary,
  Store,
  StoreChanges,
  StoredPerson,
  StoredSettings,
} from './types.ts';
import { DEPARTMENT_KEY, departmentStates, getSettings, peopleFacets, putSettings } from './ui-store.ts';
import type { AutoMaintenance } from './maintenance.ts';

/** People per statement; findings and rejected records per statement. Large enough to amortise round trips. */
const PEOPLE_CHUNK = 1000;
const ROW_CHUNK = 5000;
/** Events per appendEvents statement (each row carries its event body); people per eventsOf query. */
const EVENT_CHUNK = 2000;
const PERSON_QUERY_CHUNK = 5000;

export { toJsonParam } from './json-param.ts';
import { toJsonParam } from './json-param.ts';

/** Detector state as stored: JSON text (JSON.stringify writes NUL and lone surrogates as ASCII escapes). */
const stateText = (state: Record<string, unknown>): string => JSON.stringify(state);

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Drop keys whose value is undefined, so results deep-equal what was saved. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const SEVERITY_ORDER = `array_position(ARRAY['critical','high','medium','low','info'], f.severity)`;

const UPSERT_PEOPLE = `
INSERT INTO people (person_id, display_name, risk, level, directory, first_event, last_event, events, risk_breakdown, updated_at,
  version)
SELECT x.person_id, x.display_name, x.risk, x.level, x.directory, x.first_event, x.last_event, x.events, x.risk_breakdown, now(), $2
FROM json_to_recordset($1::json) AS x(person_id text, display_name text, risk double precision, level text,
  directory jsonb, first_event timestamptz, last_event timestamptz, events integer, risk_breakdown jsonb)
ON CONFLICT (person_id) DO UPDATE SET
  display_name = EXCLUDED.display_name, risk = EXCLUDED.risk, level = EXCLUDED.level, directory = EXCLUDED.directory,
  risk_breakdown = EXCLUDED.risk_breakdown,
  first_event = EXCLUDED.first_event, last_event = EXCLUDED.last_event, events = EXCLUDED.events,
  updated_at = EXCLUDED.updated_at, version = EXCLUDED.version`;

// A stored person whose directory entry the caller keeps (KeepParts.directory): every column but the directory.
const UPDATE_PEOPLE_KEEP_DIRECTORY = `
UPDATE people p SET display_name = x.display_name, risk = x.risk, level = x.level, risk_breakdown = x.risk_breakdown,
  first_event = x.first_event, last_event = x.last_event, events = x.events, updated_at = now(), version = $2
FROM json_to_recordset($1::json) AS x(person_id text, display_name text, risk double precision, level text,
  first_event timestamptz, last_event timestamptz, events integer, risk_breakdown jsonb)
WHERE p.person_id = x.person_id
RETURNING p.person_id`;

const APPEND_EVENTS = `
INSERT INTO events (event_id, person_id, t, ip, device_id, version, body, place)
SELECT x.event_id, x.person_id, x.t, x.ip, x.device_id, $2, x.body, x.place
FROM json_to_recordset($1::json) AS x(event_id text, person_id text, t bigint, ip text, device_id text, body text, place text)
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id`;

const PEOPLE_IN = `person_id IN (SELECT jsonb_array_elements_text($1::jsonb))`;

const DELETE_FINDINGS = `DELETE FROM findings WHERE person_id IN (SELECT json_array_elements_text($1::json))`;

const INSERT_FINDINGS = `
INSERT INTO findings (person_id, ordinal, detector, severity, title, explanation, first_seen, last_seen, evidence,
  likelihood_ratio)
SELECT x.person_id, x.ordinal, x.detector, x.severity, x.title, x.explanation, x.first_seen, x.last_seen,
  COALESCE(x.evidence, '[]'::jsonb), x.likelihood_ratio
FROM json_to_recordset($1::json) AS x(person_id text, ordinal integer, detector text, severity text, title text,
  explanation text, first_seen timestamptz, last_seen timestamptz, evidence jsonb, likelihood_ratio double precision)`;

const UPSERT_IDENTIFIERS = `
INSERT INTO identifiers (value_lc, value, person_id, kind, ordinal)
SELECT x.value_lc, x.value, x.person_id, x.kind, x.ordinal
FROM json_to_recordset($1::json) AS x(value_lc text, value text, person_id text, kind text, ordinal integer)
ON CONFLICT (value_lc) DO UPDATE SET
  value = EXCLUDED.value, person_id = EXCLUDED.person_id, ordinal = EXCLUDED.ordinal,
  kind = COALESCE(EXCLUDED.kind, identifiers.kind)
WHERE (identifiers.value, identifiers.person_id, identifiers.ordinal, identifiers.kind)
  IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.person_id, EXCLUDED.ordinal, COALESCE(EXCLUDED.kind, identifiers.kind))`;

// Run BEFORE the people upsert: a point only for people who are new or whose stored risk or level differs. Re-saving
// the same run with the same values finds nothing changed and leaves the point written the first time.
const UPSERT_HISTORY = `
INSERT INTO risk_history (run_id, person_id, at, risk, level)
SELECT $2, x.person_id, now(), x.risk, x.level
FROM json_to_recordset($1::json) AS x(person_id text, risk double precision, level text)
LEFT JOIN people p ON p.person_id = x.person_id
WHERE p.person_id IS NULL OR p.risk <> x.risk OR p.level <> x.level
ON CONFLICT (run_id, person_id) DO UPDATE SET at = EXCLUDED.at, risk = EXCLUDED.risk, level = EXCLUDED.level`;

const UPSERT_RUN = `
INSERT INTO ingest_runs (id, via, started_at, finished_at, inputs) VALUES ($1, $2, $3, $4, $5::jsonb)
ON CONFLICT (id) DO UPDATE SET via = EXCLUDED.via, started_at = EXCLUDED.started_at,
  finished_at = EXCLUDED.finished_at, inputs = EXCLUDED.inputs`;

const INSERT_REJECTED = `
INSERT INTO rejected_records (run_id, input_idx, seq, path, format, line, idx, field, message, raw)
SELECT $2, x.input_idx, x.seq, x.path, x.format, x.line, x.idx, x.field, x.message, x.raw
FROM json_to_recordset($1::json) AS x(input_idx integer, seq integer, path text, format text, line integer,
  idx integer, field text, message text, raw text)`;

const SUMMARY_COLUMNS = `
  p.person_id, p.display_name, p.risk, p.level, p.updated_at,
  (SELECT count(*)::int FROM findings f WHERE f.person_id = p.person_id) AS findings,
  (SELECT f.title FROM findings f WHERE f.person_id = p.person_id ORDER BY ${SEVERITY_ORDER}, f.ordinal LIMIT 1)
    AS top_finding,
  (SELECT json_agg(i.value ORDER BY i.ordinal, i.value) FROM identifiers i WHERE i.person_id = p.person_id)
    AS identifiers`;

// The UI's people list (GET /api/people): one WHERE for the page and its count, each filter an index range (migration
// 013) that keeps the sort order, so a first page stops at its size. `$n IS NULL OR …` folds away when the parameter
// is NULL (both drivers send unnamed statements, planned with their parameters); so does `$n IS NOT NULL AND …` (a
// search branch left unfolded, such as a subquery on a NULL list, would turn the prefix search into a scan).
const PEOPLE_WHERE = `
  ($1::text IS NULL OR p.level = $1::text)
  AND ($2::text IS NULL OR ${DEPARTMENT_KEY} = $2::text)
  AND ($3::double precision IS NULL OR (p.directory ->> 'created')::double precision >= $3::double precision)
  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM findings f WHERE f.person_id = p.person_id AND f.detector = $4::text))
  AND (($5::text IS NULL AND $6::text[] IS NULL)
    OR ($5::text IS NOT NULL AND p.person_id LIKE $5::text ESCAPE '\\')
    OR ($6::text[] IS NOT NULL AND p.person_id = ANY($6::text[])))`;

const PEOPLE_ORDER: Record<PeopleSort, string> = {
  risk: 'p.risk DESC, p.person_id',
  updated: 'p.updated_at DESC, p.person_id',
  hired: `(p.directory ->> 'created')::double precision DESC NULLS LAST, p.person_id`,
};

/** The page is chosen first (index order, LIMIT), then only its rows get their per-person subqueries. */
const peoplePageSql = (sort: PeopleSort): string => `
SELECT ${SUMMARY_COLUMNS},
  p.directory ->> 'department' AS department,
  p.directory ->> 'created' AS created,
  p.risk_breakdown -> 'contributions' AS contributions
FROM (SELECT p.person_id FROM people p WHERE ${PEOPLE_WHERE} ORDER BY ${PEOPLE_ORDER[sort]} LIMIT $7 OFFSET $8) page
JOIN people p ON p.person_id = page.person_id
ORDER BY ${PEOPLE_ORDER[sort]}`;

const PEOPLE_COUNT = `SELECT count(*)::int AS n FROM people p WHERE ${PEOPLE_WHERE}`;

/** Detectors shown per row of the list. */
const TOP_DETECTORS = 3;

/**
 * The detectors of a stored breakdown's contributions with a likelihood ratio above 1, strongest first (ties by id),
 * at most TOP_DETECTORS. In JS: sorting each row's array in SQL cost most of a page's time on PGlite.
 */
function topDetectors(contributions: unknown): string[] {
  if (!Array.isArray(contributions)) return [];
  const cs = contributions.filter(
    (c): c is { detector: string; likelihoodRatio: number } => typeof c?.detector === 'string' && typeof c?.likelihoodRatio === 'number' && c.likelihoodRatio > 1,
  );
  cs.sort((a, b) => b.likelihoodRatio - a.likelihoodRatio || cmp(a.detector, b.detector));
  return cs.slice(0, TOP_DETECTORS).map((c) => c.detector);
}

/** $1..$6 of PEOPLE_WHERE. */
function peopleWhereParams(f: PeopleFilter): unknown[] {
  const dept = f.department?.trim().toLowerCase();
  return [
    f.level ?? null,
    dept === undefined ? null : dept,
    f.hiredSince ?? null,
    f.detector ?? null,
    f.idPrefix === undefined ? null : likePrefix(f.idPrefix),
    f.ids === undefined ? null : f.ids,
  ];
}

const likePrefix = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

interface SummaryRow {
  person_id: string;
  display_name: string | null;
  risk: number;
  level: RiskLevel;
  updated_at: Date | string;
  findings: number;
  top_finding: string | null;
  identifiers: string[] | null;
}

interface PersonRow {
  person_id: string;
  display_name: string | null;
  risk: number;
  level: RiskLevel;
  directory: DirectoryEntry | null;
  risk_breakdown: RiskBreakdown | null;
  first_event: Date | null;
  last_event: Date | null;
  events: number;
  updated_at: Date;
}

interface FindingRow {
  detector: string;
  severity: Finding['severity'];
  title: string;
  explanation: string;
  first_seen: Date;
  last_seen: Date;
  evidence: Finding['evidence'];
  likelihood_ratio: number | null;
}

interface RunRow {
  id: string;
  via: string;
  started_at: Date;
  finished_at: Date;
  inputs: (Omit<InputSummary, 'errors' | 'ignored' | 'ignoredReasons'> & Partial<Pick<InputSummary, 'ignored' | 'ignoredReasons'>>)[];
}

interface RejectedRow {
  input_idx: number;
  line: number | null;
  idx: number | null;
  field: string;
  message: string;
  raw: string | null;
}

function toSummary(r: SummaryRow): PersonSummary {
  return compact({
    personId: r.person_id,
    displayName: orUndef(r.display_name),
    risk: r.risk,
    level: r.level,
    findings: r.findings,
    topFinding: orUndef(r.top_finding),
    identifiers: r.identifiers ?? [],
    updatedAt: isoOf(r.updated_at),
  });
}

/** Kind of each identifier value, when the person's directory entry names it. */
function kindsOf(p: PersonResult): Map<string, string> {
  const m = new Map<string, string>();
  for (const id of p.directory?.ids ?? []) {
    const k = id.value.trim().toLowerCase();
    if (!m.has(k)) m.set(k, id.kind);
  }
  return m;
}

interface TokenRow {
  id: string;
  name: string;
  token_hash: string;
  role: Role;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const toToken = (r: TokenRow): ApiToken =>
  compact({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: isoOf(r.created_at),
    lastUsedAt: r.last_used_at === null ? undefined : isoOf(r.last_used_at),
    revokedAt: r.revoked_at === null ? undefined : isoOf(r.revoked_at),
  });

interface EventRow {
  event_id: string;
  person_id: string;
  t: string | number;
  ip: string | null;
  device_id: string | null;
  body: string;
}

/** Code-unit order (what JS comparisons use), so results are ordered the same on every database and collation. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class SqlStore implements Store {
  /**
   * `inTransaction`: the store atomic() hands to its callback, bound to that transaction's executor. Its writes join
   * the transaction (every executor's nested transaction() joins the outer one); it cannot be closed.
   */
  constructor(
    readonly db: SqlExecutor,
    readonly inTransaction = false,
    /** PGlite only (no autovacuum): VACUUM ANALYZE after large writes (./maintenance.ts), shared with transaction stores. */
    readonly maintenance?: AutoMaintenance,
  ) {}

  async migrate(): Promise<void> {
    await migrate(this.db);
  }

  /** Closes the database. Throws on the store atomic() passes to its callback: the transaction's owner closes it. */
  close(): Promise<void> {
    if (this.inTransaction) return Promise.reject(new Error('close() inside atomic(): the store bound to a transaction cannot close the database'));
    return this.db.close();
  }

  async atomic<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    const out = await this.db.transaction((tx) => fn(new SqlStore(tx, true, this.maintenance)));
    if (!this.inTransaction) await this.maintenance?.afterCommit();
    return out;
  }

  /**
   * Increments ingest_state.version in the current transaction and returns it. The row lock it takes makes another
   * process's beginBatch wait until this transaction commits or rolls back; a rolled-back batch leaves the version
   * unchanged. Only meaningful inside atomic() (outside it the increment would commit at once and serialise
   * nothing), so it throws there.
   */
  async beginBatch(): Promise<number> {
    if (!this.inTransaction) throw new Error('beginBatch() must be called on the store atomic() passes to its callback');
    const { rows } = await this.db.query<{ version: string | number }>(
      'UPDATE ingest_state SET version = version + 1 WHERE id = 1 RETURNING version',
    );
    return Number(rows[0].version);
  }

  async currentVersion(): Promise<number> {
    const { rows } = await this.db.query<{ version: string | number }>('SELECT version FROM ingest_state WHERE id = 1');
    return Number(rows[0]?.version ?? 0);
  }

  async appendEvents(events: LoggedEvent[], version: number): Promise<string[]> {
    if (events.length === 0) return [];
    // The first copy of each id is the one logged; later copies in the same call are not new.
    const firsts = new Map<string, LoggedEvent>();
    for (const e of events) if (!firsts.has(e.id)) firsts.set(e.id, e);
    const rows = [...firsts.values()].map((e) => {
      if (!Number.isFinite(e.time)) throw new Error(`appendEvents: event ${e.id} has no valid time (${e.time})`);
      return {
        event_id: e.id,
        person_id: e.personId,
        t: Math.floor(e.time),
        ip: e.ip ?? null,
        device_id: e.deviceId ?? null,
        // JSON text: JSON.stringify escapes NUL and lone surrogates as ASCII, so any event is storable as it is
        body: JSON.stringify(e.event),
        place: e.event.vendorGeo && typeof e.event.vendorGeo === 'object' ? JSON.stringify(e.event.vendorGeo) : null,
      };
    });
    const fresh = new Set<string>();
    await this.db.transaction(async (tx) => {
      for (const c of chunks(rows, EVENT_CHUNK)) {
        const r = await tx.query<{ event_id: string }>(APPEND_EVENTS, [toJsonParam(c), version]);
        for (const x of r.rows) fresh.add(x.event_id);
      }
    });
    return [...firsts.keys()].filter((id) => fresh.has(id));
  }

  async indexEvents(events: LoggedEvent[], version: number): Promise<void> {
    if (events.length === 0) return;
    const rows: { kind: string; key: string; person_id: string; t: number | null; event_id: string | null; place: string | null }[] = [];
    const pairs = new Set<string>();
    const earliest = new Map<string, LoggedEvent>();
    for (const e of events) {
      if (e.ip !== undefined && !pairs.has(`i\0${e.ip}\0${e.personId}`)) {
        pairs.add(`i\0${e.ip}\0${e.personId}`);
        rows.push({ kind: 'i', key: e.ip, person_id: e.personId, t: null, event_id: null, place: null });
      }
      if (e.deviceId !== undefined && !pairs.has(`d\0${e.deviceId}\0${e.personId}`)) {
        pairs.add(`d\0${e.deviceId}\0${e.personId}`);
        rows.push({ kind: 'd', key: e.deviceId, person_id: e.personId, t: null, event_id: null, place: null });
      }
      if (e.ip !== undefined && e.event.vendorGeo && typeof e.event.vendorGeo === 'object') {
        const have = earliest.get(e.ip);
        if (!have || e.time < have.time || (e.time === have.time && cmp(e.id, have.id) < 0)) earliest.set(e.ip, e);
      }
    }
    for (const [ip, e] of earliest)
      rows.push({ kind: 'p', key: ip, person_id: e.personId, t: Math.floor(e.time), event_id: e.id, place: JSON.stringify(e.event.vendorGeo) });
    for (const c of chunks(rows, EVENT_CHUNK))
      await this.db.query(
        `INSERT INTO event_index (version, kind, key, person_id, t, event_id, place)
         SELECT $2, x.kind, x.key, x.person_id, x.t, x.event_id, x.place
         FROM json_to_recordset($1::json) AS x(kind text, key text, person_id text, t bigint, event_id text, place text)`,
        [toJsonParam(c), version],
      );
  }

  async eventsOf(personIds: string[]): Promise<{ events: LoggedEvent[]; legacy: Record<string, number> }> {
    const events: LoggedEvent[] = [];
    const legacy: Record<string, number> = {};
    for (const c of chunks([...new Set(personIds)], PERSON_QUERY_CHUNK)) {
      const param = toJsonParam(c);
      const { rows } = await this.db.query<EventRow>(
        `SELECT event_id, person_id, t, ip, device_id, body FROM events WHERE ${PEOPLE_IN} AND body IS NOT NULL
         ORDER BY person_id, t, event_id`,
        [param],
      );
      for (const r of rows)
        events.push(
          compact({
            id: r.event_id,
            personId: r.person_id,
            time: Number(r.t),
            ip: orUndef(r.ip),
            deviceId: orUndef(r.device_id),
            event: JSON.parse(r.body) as NormalizedEvent,
          }),
        );
      const old = await this.db.query<{ person_id: string; n: number }>(
        `SELECT person_id, count(*)::int AS n FROM events WHERE ${PEOPLE_IN} AND body IS NULL GROUP BY person_id`,
        [param],
      );
      for (const r of old.rows) legacy[r.person_id] = r.n;
    }
    events.sort((a, b) => cmp(a.personId, b.personId) || a.time - b.time || cmp(a.id, b.id));
    return { events, legacy };
  }

  /**
   * Read in one REPEATABLE READ transaction (when not already inside one), so `version` and the lists describe the
   * same committed state. `since` <= 0 returns everything, rows written without a version (0) included; otherwise
   * rows stamped with a version above `since`.
   */
  async changesSince(since: number): Promise<StoreChanges> {
    const read = async (db: SqlExecutor): Promise<StoreChanges> => {
      const all = since <= 0;
      const after = (col: string): string => (all ? 'TRUE' : `${col} > $1`);
      const params = all ? [] : [since];
      const { rows: v } = await db.query<{ version: string | number }>('SELECT version FROM ingest_state WHERE id = 1');
      const people = await db.query<{ person_id: string; directory: DirectoryEntry | null; state: string | null }>(
        `WITH ids AS (SELECT person_id FROM people WHERE ${after('version')}
                      UNION SELECT person_id FROM detector_state WHERE ${after('version')})
         SELECT ids.person_id, p.directory, s.state
         FROM ids LEFT JOIN people p ON p.person_id = ids.person_id LEFT JOIN detector_state s ON s.person_id = ids.person_id`,
        params,
      );
      const ips = await db.query<{ ip: string; person_id: string }>(
        `SELECT ip, person_id FROM events WHERE ${after('version')} AND ip IS NOT NULL AND person_id IS NOT NULL
         ${all ? 'GROUP BY ip, person_id' : `UNION SELECT key, person_id FROM event_index WHERE version > $1 AND kind = 'i'`}`,
        params,
      );
      const devices = await db.query<{ device_id: string; person_id: string }>(
        `SELECT device_id, person_id FROM events WHERE ${after('version')} AND device_id IS NOT NULL AND person_id IS NOT NULL
         ${all ? 'GROUP BY device_id, person_id' : `UNION SELECT key, person_id FROM event_index WHERE version > $1 AND kind = 'd'`}`,
        params,
      );
      const places = await db.query<{ ip: string; t: string | number; event_id: string; place: string }>(
        `SELECT DISTINCT ON (ip) ip, t, event_id, place FROM (
           SELECT ip, t, event_id, place FROM events WHERE ${after('version')} AND ip IS NOT NULL AND place IS NOT NULL
           ${all ? '' : `UNION ALL SELECT key, t, event_id, place FROM event_index WHERE version > $1 AND kind = 'p'`}) x
         ORDER BY ip, t, event_id COLLATE "C"`,
        params,
      );
      return {
        version: Number(v[0]?.version ?? 0),
        people: people.rows
          .map((r) => ({
            personId: r.person_id,
            ...(r.directory ? { directory: r.directory } : {}),
            ...(r.state ? { state: JSON.parse(r.state) as Record<string, unknown> } : {}),
          }))
          .sort((a, b) => cmp(a.personId, b.personId)),
        ipPeople: ips.rows.map((r) => ({ ip: r.ip, personId: r.person_id })).sort((a, b) => cmp(a.ip, b.ip) || cmp(a.personId, b.personId)),
        devicePeople: devices.rows
          .map((r) => ({ deviceId: r.device_id, personId: r.person_id }))
          .sort((a, b) => cmp(a.deviceId, b.deviceId) || cmp(a.personId, b.personId)),
        vendorPlaces: places.rows
          .map((r) => ({ ip: r.ip, time: Number(r.t), eventId: r.event_id, place: JSON.parse(r.place) as Place }))
          .sort((a, b) => cmp(a.ip, b.ip)),
      };
    };
    if (this.inTransaction) return read(this.db);
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return read(tx);
    });
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1 FROM schema_migrations LIMIT 1');
  }

  async saveRun(run: IngestRun): Promise<void> {
    const inputs = run.inputs.map(({ errors: _errors, ...rest }) => rest);
    const rejected: Record<string, unknown>[] = [];
    run.inputs.forEach((input, inputIdx) =>
      input.errors.forEach((e, seq) =>
        rejected.push({
          input_idx: inputIdx,
          seq,
          path: input.path,
          format: input.format,
          line: e.line ?? null,
          idx: e.index ?? null,
          field: e.field,
          message: e.message,
          raw: e.raw ?? null,
        }),
      ),
    );
    await this.db.transaction(async (tx) => {
      await tx.query(UPSERT_RUN, [run.id, run.via, run.startedAt, run.finishedAt, toJsonParam(inputs)]);
      await tx.query('DELETE FROM rejected_records WHERE run_id = $1', [run.id]);
      for (const c of chunks(rejected, ROW_CHUNK)) await tx.query(INSERT_REJECTED, [toJsonParam(c), run.id]);
    });
  }

  async getRun(id: string): Promise<IngestRun | undefined> {
    const { rows } = await this.db.query<RunRow>('SELECT * FROM ingest_runs WHERE id = $1', [id]);
    if (rows.length === 0) return undefined;
    const rej = await this.db.query<RejectedRow>(
      'SELECT input_idx, line, idx, field, message, raw FROM rejected_records WHERE run_id = $1 ORDER BY input_idx, seq',
      [id],
    );
    const errors: RejectedRecord[][] = rows[0].inputs.map(() => []);
    for (const r of rej.rows) {
      (errors[r.input_idx] ??= []).push(
        compact({ line: orUndef(r.line), index: orUndef(r.idx), field: r.field, message: r.message, raw: orUndef(r.raw) }),
      );
    }
    return this.toRun(rows[0], errors);
  }

  /** Latest runs first. Summaries: each input keeps its counts but `errors` is empty (getRun has them). */
  async listRuns(limit = 50): Promise<IngestRun[]> {
    const { rows } = await this.db.query<RunRow>('SELECT * FROM ingest_runs ORDER BY started_at DESC, id LIMIT $1', [limit]);
    return rows.map((r) => this.toRun(r, []));
  }

  private toRun(r: RunRow, errors: RejectedRecord[][]): IngestRun {
    return {
      id: r.id,
      via: r.via,
      startedAt: isoOf(r.started_at),
      finishedAt: isoOf(r.finished_at),
      // Runs stored before `ignored` existed read as nothing ignored (accepted + rejected = records then).
      inputs: r.inputs.map((i, n) => ({ ...i, ignored: i.ignored ?? 0, ignoredReasons: i.ignoredReasons ?? {}, errors: errors[n] ?? [] })),
    };
  }

  /**
   * `version` stamps people.version (what changesSince reads); the default 0 marks an unversioned write. `keep`: parts
   * left as stored (KeepParts); a person kept but not stored is written whole.
   */
  async savePeople(people: PersonResult[], runId: string, version = 0, keep?: ReadonlyMap<string, KeepParts>): Promise<void> {
    if (people.length === 0) return;
    // One row per person (the last one given wins), and one owner per identifier (the last person naming it).
    const byId = new Map<string, PersonResult>();
    for (const p of people) byId.set(p.personId, p);
    const uniq = [...byId.values()];
    const row = (p: PersonResult, directory: boolean) => ({
      person_id: p.personId,
      display_name: p.displayName ?? null,
      risk: p.risk,
      level: p.level,
      ...(directory ? { directory: p.directory ?? null } : {}),
      risk_breakdown: p.riskBreakdown ?? null,
      first_event: p.firstEvent ?? null,
      last_event: p.lastEvent ?? null,
      events: p.events,
    });
    const findingRowsOf = (c: PersonResult[]) =>
      c.flatMap((p) =>
        p.findings.map((f, ordinal) => ({
          person_id: p.personId,
          ordinal,
          detector: f.detector,
          severity: f.severity,
          title: f.title,
          explanation: f.explanation,
          first_seen: f.firstSeen,
          last_seen: f.lastSeen,
          evidence: f.evidence,
          likelihood_ratio: f.likelihoodRatio ?? null,
        })),
      );
    /** People found without a stored row although their directory was kept: written whole, findings and identifiers too. */
    const unstored = new Set<string>();
    await this.db.transaction(async (tx) => {
      for (const c of chunks(uniq, PEOPLE_CHUNK)) {
        // History first: it compares with the stored risk and level, which the upsert then replaces.
        const history = c.map((p) => ({ person_id: p.personId, risk: p.risk, level: p.level }));
        await tx.query(UPSERT_HISTORY, [toJsonParam(history), runId]);
        const slim = keep ? c.filter((p) => keep.get(p.personId)?.directory) : [];
        const whole = slim.length > 0 ? c.filter((p) => !keep!.get(p.personId)?.directory) : c;
        if (slim.length > 0) {
          const { rows } = await tx.query<{ person_id: string }>(UPDATE_PEOPLE_KEEP_DIRECTORY, [toJsonParam(slim.map((p) => row(p, false))), version]);
          const updated = new Set(rows.map((r) => r.person_id));
          for (const p of slim) if (!updated.has(p.personId)) (whole.push(p), unstored.add(p.personId));
        }
        if (whole.length > 0) await tx.query(UPSERT_PEOPLE, [toJsonParam(whole.map((p) => row(p, true))), version]);
        const refind = keep ? c.filter((p) => !keep.get(p.personId)?.findings || unstored.has(p.personId)) : c;
        if (refind.length === 0) continue;
        await tx.query(DELETE_FINDINGS, [toJsonParam(refind.map((p) => p.personId))]);
        for (const fc of chunks(findingRowsOf(refind), ROW_CHUNK)) await tx.query(INSERT_FINDINGS, [toJsonParam(fc)]);
      }
      const idents = new Map<string, Record<string, unknown>>();
      /** Identifiers named by a person whose identifiers are written: a kept person naming one too rewrites it. */
      const contested = new Set<string>();
      const keptIds = (p: PersonResult) => keep?.get(p.personId)?.identifiers === true && !unstored.has(p.personId);
      for (const p of uniq) {
        const kinds = kindsOf(p);
        const kept = keptIds(p);
        p.identifiers.forEach((value, ordinal) => {
          const lc = value.trim().toLowerCase();
          if (!lc) return;
          idents.set(lc, { value_lc: lc, value, person_id: p.personId, kind: kinds.get(lc) ?? null, ordinal, kept });
          if (!kept) contested.add(lc);
        });
      }
      const rows = [...idents.values()].filter((r) => !r.kept || contested.has(r.value_lc as string)).map(({ kept: _k, ...r }) => r);
      for (const ic of chunks(rows, ROW_CHUNK)) await tx.query(UPSERT_IDENTIFIERS, [toJsonParam(ic)]);
    });
    this.maintenance?.note(uniq.length);
    if (!this.inTransaction) await this.maintenance?.afterCommit();
  }

  async listPeople(filter: { level?: RiskLevel; limit?: number; offset?: number } = {}): Promise<PersonSummary[]> {
    const { rows } = await this.db.query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM people p WHERE ($1::text IS NULL OR p.level = $1::text)
       ORDER BY p.risk DESC, p.person_id LIMIT $2 OFFSET $3`,
      [filter.level ?? null, filter.limit ?? null, filter.offset ?? 0],
    );
    return rows.map(toSummary);
  }

  async listPeoplePage(filter: PeopleFilter = {}): Promise<PersonListRow[]> {
    const { rows } = await this.db.query<SummaryRow & { department: string | null; created: string | null; contributions: unknown }>(
      peoplePageSql(filter.sort ?? 'risk'),
      [...peopleWhereParams(filter), filter.limit ?? 100, filter.offset ?? 0],
    );
    return rows.map((r): PersonListRow => {
      const created = r.created === null ? NaN : Number(r.created);
      return compact({
        ...toSummary(r),
        department: orUndef(r.department),
        hiredAt: Number.isFinite(created) ? new Date(created).toISOString() : undefined,
        topDetectors: topDetectors(r.contributions),
      });
    });
  }

  async countPeople(filter: PeopleFilter = {}): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(PEOPLE_COUNT, peopleWhereParams(filter));
    return rows[0]?.n ?? 0;
  }

  async personIds(sinceVersion?: number): Promise<string[]> {
    const { rows } =
      sinceVersion === undefined
        ? await this.db.query<{ person_id: string }>('SELECT person_id FROM people')
        : await this.db.query<{ person_id: string }>('SELECT person_id FROM people WHERE version > $1', [sinceVersion]);
    return rows.map((r) => r.person_id);
  }

  peopleFacets(): Promise<{ departments: string[]; detectors: string[] }> {
    return peopleFacets(this.db);
  }

  departmentStates(department: string, limit: number): Promise<{ personId: string; state: Record<string, unknown> }[]> {
    return departmentStates(this.db, department, limit);
  }

  getSettings(): Promise<StoredSettings> {
    return getSettings(this.db);
  }

  putSettings(...args: Parameters<Store['putSettings']>): ReturnType<Store['putSettings']> {
    return putSettings(this.db, ...args);
  }

  async getPerson(personId: string): Promise<StoredPerson | undefined> {
    const { rows } = await this.db.query<PersonRow>('SELECT * FROM people WHERE person_id = $1', [personId]);
    if (rows.length === 0) return undefined;
    const p = rows[0];
    const ids = await this.db.query<{ value: string }>(
      'SELECT value FROM identifiers WHERE person_id = $1 ORDER BY ordinal, value',
      [personId],
    );
    const fs = await this.db.query<FindingRow>('SELECT * FROM findings WHERE person_id = $1 ORDER BY ordinal', [personId]);
    const hist = await this.db.query<{ at: Date; risk: number; level: RiskLevel; run_id: string }>(
      'SELECT at, risk, level, run_id FROM risk_history WHERE person_id = $1 ORDER BY at, run_id',
      [personId],
    );
    return compact({
      personId: p.person_id,
      displayName: orUndef(p.display_name),
      identifiers: ids.rows.map((r) => r.value),
      directory: orUndef(p.directory),
      risk: p.risk,
      level: p.level,
      riskBreakdown: orUndef(p.risk_breakdown),
      findings: fs.rows.map((f) =>
        compact({
          detector: f.detector,
          severity: f.severity,
          title: f.title,
          explanation: f.explanation,
          firstSeen: isoOf(f.first_seen),
          lastSeen: isoOf(f.last_seen),
          evidence: f.evidence,
          likelihoodRatio: orUndef(f.likelihood_ratio),
        }),
      ),
      firstEvent: p.first_event ? isoOf(p.first_event) : undefined,
      lastEvent: p.last_event ? isoOf(p.last_event) : undefined,
      events: p.events,
      riskHistory: hist.rows.map((h) => ({ at: isoOf(h.at), risk: h.risk, level: h.level, runId: h.run_id })),
      updatedAt: isoOf(p.updated_at),
    });
  }

  async directoryEntries(): Promise<DirectoryEntry[]> {
    const { rows } = await this.db.query<{ directory: DirectoryEntry }>('SELECT directory FROM people WHERE directory IS NOT NULL ORDER BY person_id COLLATE "C"');
    return rows.map((r) => r.directory);
  }

  async findPersonByIdentifier(value: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ person_id: string }>('SELECT person_id FROM identifiers WHERE value_lc = $1', [
      value.trim().toLowerCase(),
    ]);
    return rows[0]?.person_id;
  }

  /** One person's state, outside the batch versioning: a new row gets version 0, an existing row keeps its version. */
  async saveState(personId: string, state: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `INSERT INTO detector_state (person_id, state, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (person_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
      [personId, stateText(state)],
    );
  }

  /** `version` stamps detector_state.version (what changesSince reads); the default 0 marks an unversioned write. */
  async saveStates(states: { personId: string; state: Record<string, unknown> }[], version = 0): Promise<void> {
    if (states.length === 0) return;
    // One row per person (the last one given wins): a statement cannot upsert the same row twice.
    const byId = new Map<string, Record<string, unknown>>();
    for (const x of states) byId.set(x.personId, x.state);
    await this.db.transaction(async (tx) => {
      for (const c of chunks([...byId].map(([person_id, state]) => ({ person_id, state: stateText(state) })), PEOPLE_CHUNK))
        await tx.query(
          `INSERT INTO detector_state (person_id, state, updated_at, version)
           SELECT x.person_id, x.state, now(), $2 FROM json_to_recordset($1::json) AS x(person_id text, state text)
           ON CONFLICT (person_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at,
             version = EXCLUDED.version`,
          [toJsonParam(c), version],
        );
    });
  }

  async loadState(personId: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.db.query<{ state: string }>('SELECT state FROM detector_state WHERE person_id = $1', [personId]);
    return rows[0] ? (JSON.parse(rows[0].state) as Record<string, unknown>) : undefined;
  }

  async createToken(token: { id: string; name: string; hash: string; role: Role }, actor = 'cli'): Promise<ApiToken> {
    return this.db.transaction(async (tx) => {
      const taken = await tx.query('SELECT 1 FROM api_tokens WHERE name = $1 AND revoked_at IS NULL', [token.name]);
      if (taken.rows.length > 0) throw new Error(`an active token is already named "${token.name}" (revoke it first, or pick another name)`);
      const { rows } = await tx.query<TokenRow>(
        'INSERT INTO api_tokens (id, name, token_hash, role, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING *',
        [token.id, token.name, token.hash, token.role],
      );
      const t = toToken(rows[0]);
      await sqlRespondStore(tx, true).appendAudit([{ actor, action: 'token.create', subject: `token:${t.id}`, detail: { name: t.name, role: t.role } }], Date.now());
      return t;
    });
  }

  async listTokens(): Promise<ApiToken[]> {
    const { rows } = await this.db.query<TokenRow>('SELECT * FROM api_tokens ORDER BY created_at, id');
    return rows.map(toToken);
  }

  async revokeToken(idOrName: string, actor = 'cli'): Promise<ApiToken | undefined> {
    return this.db.transaction(async (tx) => {
      let { rows } = await tx.query<TokenRow>(
        'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING *',
        [idOrName],
      );
      if (rows.length === 0) {
        ({ rows } = await tx.query<TokenRow>(
          'UPDATE api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING *',
          [idOrName],
        ));
      }
      if (!rows[0]) return undefined;
      const t = toToken(rows[0]);
      await sqlRespondStore(tx, true).appendAudit([{ actor, action: 'token.revoke', subject: `token:${t.id}`, detail: { name: t.name, role: t.role } }], Date.now());
      return t;
    });
  }

  async findActiveToken(hash: string): Promise<(ApiToken & { hash: string }) | undefined> {
    const { rows } = await this.db.query<TokenRow>('SELECT * FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hash]);
    return rows[0] ? { ...toToken(rows[0]), hash: rows[0].token_hash } : undefined;
  }

  async touchToken(id: string): Promise<void> {
    await this.db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id]);
  }

  candidateIndex(): CandidateIndex {
    return sqlCandidateIndex(this.db);
  }

  respond(): RespondStore {
    return sqlRespondStore(this.db, this.inTransaction);
  }

  auth(): AuthStore {
    return sqlAuthStore(this.db);
  }

  containment(): ContainmentStore {
    return sqlContainmentStore(this.db);
  }

  outbox(): OutboxStore {
    return sqlOutboxStore(this.db);
  }

  collectors(): CollectorStore {
    return sqlCollectorStore(this.db);
  }

  async saveCandidates(items: { result: CandidateResult; candidate: Candidate; keys?: string[] }[]): Promise<void> {
    if (items.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const part of chunks(items, PEOPLE_CHUNK)) {
        const rows = part.map(({ result: r, candidate: c }) => ({
          candidate_id: r.candidateId,
          display_name: r.displayName ?? null,
          risk: r.risk,
          level: r.level,
          recommendation: r.recommendation,
          directory_id: r.personId ?? null,
          result: JSON.stringify(r),
          candidate: JSON.stringify(c),
        }));
        await tx.query(
          `INSERT INTO candidates (candidate_id, display_name, risk, level, recommendation, directory_id, result, candidate, updated_at)
           SELECT candidate_id, display_name, risk, level, recommendation, directory_id, result, candidate, now()
           FROM json_to_recordset($1::json) AS x(candidate_id text, display_name text, risk integer, level text, recommendation text,
             directory_id text, result text, candidate text)
           ON CONFLICT (candidate_id) DO UPDATE SET display_name = EXCLUDED.display_name, risk = EXCLUDED.risk, level = EXCLUDED.level,
             recommendation = EXCLUDED.recommendation, directory_id = EXCLUDED.directory_id, result = EXCLUDED.result,
             candidate = EXCLUDED.candidate, updated_at = now()`,
          [toJsonParam(rows)],
        );
        const ids = part.map((x) => x.result.candidateId);
        await tx.query('DELETE FROM candidate_keys WHERE candidate_id = ANY($1::text[])', [ids]);
        const keys = part.flatMap((x) => [...new Set(x.keys ?? [])].map((key) => ({ key, candidate_id: x.result.candidateId })));
        if (keys.length > 0)
          await tx.query(
            `INSERT INTO candidate_keys (key, candidate_id) SELECT key, candidate_id FROM json_to_recordset($1::json) AS x(key text, candidate_id text)
             ON CONFLICT DO NOTHING`,
            [toJsonParam(keys)],
          );
      }
    });
  }

  async candidatesByKeys(keys: string[]): Promise<CandidateResult[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.db.query<{ result: string }>(
      `SELECT c.result FROM candidates c WHERE c.candidate_id IN (SELECT candidate_id FROM candidate_keys WHERE key = ANY($1::text[]))
       ORDER BY c.candidate_id`,
      [keys],
    );
    return rows.map((r) => JSON.parse(r.result) as CandidateResult);
  }

  async listCandidates(filter: { recommendation?: Recommendation; limit?: number; offset?: number } = {}): Promise<CandidateSummary[]> {
    const { rows } = await this.db.query<{ candidate_id: string; display_name: string | null; risk: number; level: string; recommendation: string; directory_id: string | null; updated_at: unknown }>(
      `SELECT candidate_id, display_name, risk, level, recommendation, directory_id, updated_at FROM candidates
       WHERE ($1::text IS NULL OR recommendation = $1) ORDER BY risk DESC, candidate_id LIMIT $2 OFFSET $3`,
      [filter.recommendation ?? null, filter.limit ?? 100, filter.offset ?? 0],
    );
    return rows.map((r) => ({
      candidateId: r.candidate_id,
      ...(r.display_name !== null ? { displayName: r.display_name } : {}),
      risk: Number(r.risk),
      level: r.level as CandidateSummary['level'],
      recommendation: r.recommendation as Recommendation,
      ...(r.directory_id !== null ? { directoryId: r.directory_id } : {}),
      updatedAt: isoOf(r.updated_at),
    }));
  }

  async getCandidate(candidateId: string): Promise<{ result: CandidateResult; candidate: Candidate; updatedAt: string } | undefined> {
    const { rows } = await this.db.query<{ result: string; candidate: string; updated_at: unknown }>(
      'SELECT result, candidate, updated_at FROM candidates WHERE candidate_id = $1',
      [candidateId],
    );
    const r = rows[0];
    return r ? { result: JSON.parse(r.result) as CandidateResult, candidate: JSON.parse(r.candidate) as Candidate, updatedAt: isoOf(r.updated_at) } : undefined;
  }

  async hiredCandidates(): Promise<Map<string, CandidateResult[]>> {
    const { rows } = await this.db.query<{ directory_id: string; result: string }>(
      'SELECT directory_id, result FROM candidates WHERE directory_id IS NOT NULL ORDER BY directory_id, candidate_id',
    );
    const out = new Map<string, CandidateResult[]>();
    for (const r of rows) {
      const list = out.get(r.directory_id) ?? [];
      list.push(JSON.parse(r.result) as CandidateResult);
      out.set(r.directory_id, list);
    }
    return out;
  }

  async archiveFile(f: ArchivedFileRow): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `INSERT INTO archive_files (sha256, candidate_id, kind, file, bytes, retain_until) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (candidate_id, sha256) DO NOTHING RETURNING sha256`,
        [f.sha256, f.candidateId, f.kind, f.file, f.bytes ?? null, f.retainUntil],
      );
      if (rows.length > 0)
        await tx.query('INSERT INTO archive_log (action, candidate_id, sha256, detail) VALUES ($1, $2, $3, $4)', [
          'archived',
          f.candidateId,
          f.sha256,
          `${f.kind} ${f.file}${f.bytes !== undefined ? ` (${f.bytes} bytes)` : ''}, kept until ${f.retainUntil}`,
        ]);
    });
  }

  async listArchive(candidateId?: string): Promise<ArchivedFileRow[]> {
    const { rows } = await this.db.query<ArchiveRow>(
      'SELECT * FROM archive_files WHERE ($1::text IS NULL OR candidate_id = $1) ORDER BY candidate_id, archived_at, sha256',
      [candidateId ?? null],
    );
    return rows.map(toArchived);
  }

  async expireArchive(now: Date): Promise<ArchivedFileRow[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<ArchiveRow>(
        'UPDATE archive_files SET deleted_at = $1 WHERE deleted_at IS NULL AND retain_until <= $1 RETURNING *',
        [now.toISOString()],
      );
      for (const r of rows)
        await tx.query('INSERT INTO archive_log (action, candidate_id, sha256, detail) VALUES ($1, $2, $3, $4)', [
          'deleted after retention',
          r.candidate_id,
          r.sha256,
          `${r.kind} ${r.file}, retention ended ${isoOf(r.retain_until)}`,
        ]);
      return rows.map(toArchived);
    });
  }

  async archiveLog(limit = 1000): Promise<{ seq: number; at: string; action: string; candidateId: string; sha256: string; detail: string }[]> {
    const { rows } = await this.db.query<{ seq: string | number; at: unknown; action: string; candidate_id: string; sha256: string; detail: string }>(
      'SELECT * FROM archive_log ORDER BY seq LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), at: isoOf(r.at), action: r.action, candidateId: r.candidate_id, sha256: r.sha256, detail: r.detail }));
  }
}

interface ArchiveRow {
  sha256: string;
  candidate_id: string;
  kind: string;
  file: string;
  bytes: string | number | null;
  archived_at: unknown;
  retain_until: unknown;
  deleted_at: unknown;
}

function toArchived(r: ArchiveRow): ArchivedFileRow {
  return {
    candidateId: r.candidate_id,
    sha256: r.sha256,
    kind: r.kind,
    file: r.file,
    ...(r.bytes !== null ? { bytes: Number(r.bytes) } : {}),
    archivedAt: isoOf(r.archived_at),
    retainUntil: isoOf(r.retain_until),
    ...(r.deleted_at !== null && r.deleted_at !== undefined ? { deletedAt: isoOf(r.deleted_at) } : {}),
  };
}
