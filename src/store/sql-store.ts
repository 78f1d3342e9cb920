// The one Store implementation, in plain PostgreSQL over a SqlExecutor (PGlite or pg). Writes are batched: each
// statement takes a chunk of rows as one JSON parameter expanded by json_to_recordset, all in one transaction.
import type { DirectoryEntry, Finding, InputSummary, PersonResult, RejectedRecord, RiskBreakdown, RiskLevel } from '../core/model.ts';
import type { SqlExecutor } from './executor.ts';
import { migrate } from './migrate.ts';
import type { ApiToken, IngestRun, PersonSummary, Store, StoredPerson } from './types.ts';

/** People per statement; findings and rejected records per statement. Large enough to amortise round trips. */
const PEOPLE_CHUNK = 1000;
const ROW_CHUNK = 5000;

/**
 * JSON text for a parameter. PostgreSQL text and jsonb cannot hold U+0000, so an escaped NUL becomes U+FFFD
 * (the only change made to stored data). Escapes are scanned left to right so an escaped backslash followed by
 * "u0000" is left alone.
 */
export function toJsonParam(value: unknown): string {
  const s = JSON.stringify(value);
  return s.includes('\\u0000') ? s.replace(/\\(?:\\|u0000)/g, (m) => (m === '\\\\' ? m : '\\ufffd')) : s;
}

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
INSERT INTO people (person_id, display_name, risk, level, directory, first_event, last_event, events, risk_breakdown, updated_at)
SELECT x.person_id, x.display_name, x.risk, x.level, x.directory, x.first_event, x.last_event, x.events, x.risk_breakdown, now()
FROM json_to_recordset($1::json) AS x(person_id text, display_name text, risk double precision, level text,
  directory jsonb, first_event timestamptz, last_event timestamptz, events integer, risk_breakdown jsonb)
ON CONFLICT (person_id) DO UPDATE SET
  display_name = EXCLUDED.display_name, risk = EXCLUDED.risk, level = EXCLUDED.level, directory = EXCLUDED.directory,
  risk_breakdown = EXCLUDED.risk_breakdown,
  first_event = EXCLUDED.first_event, last_event = EXCLUDED.last_event, events = EXCLUDED.events,
  updated_at = EXCLUDED.updated_at`;

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
  kind = COALESCE(EXCLUDED.kind, identifiers.kind)`;

const UPSERT_HISTORY = `
INSERT INTO risk_history (run_id, person_id, at, risk, level)
SELECT $2, x.person_id, now(), x.risk, x.level
FROM json_to_recordset($1::json) AS x(person_id text, risk double precision, level text)
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
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const toToken = (r: TokenRow): ApiToken =>
  compact({
    id: r.id,
    name: r.name,
    createdAt: isoOf(r.created_at),
    lastUsedAt: r.last_used_at === null ? undefined : isoOf(r.last_used_at),
    revokedAt: r.revoked_at === null ? undefined : isoOf(r.revoked_at),
  });

export class SqlStore implements Store {
  constructor(readonly db: SqlExecutor) {}

  async migrate(): Promise<void> {
    await migrate(this.db);
  }

  close(): Promise<void> {
    return this.db.close();
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

  async savePeople(people: PersonResult[], runId: string): Promise<void> {
    if (people.length === 0) return;
    // One row per person (the last one given wins), and one owner per identifier (the last person naming it).
    const byId = new Map<string, PersonResult>();
    for (const p of people) byId.set(p.personId, p);
    const uniq = [...byId.values()];
    const idents = new Map<string, Record<string, unknown>>();
    for (const p of uniq) {
      const kinds = kindsOf(p);
      p.identifiers.forEach((value, ordinal) => {
        const lc = value.trim().toLowerCase();
        if (lc) idents.set(lc, { value_lc: lc, value, person_id: p.personId, kind: kinds.get(lc) ?? null, ordinal });
      });
    }
    await this.db.transaction(async (tx) => {
      for (const c of chunks(uniq, PEOPLE_CHUNK)) {
        const peopleRows = c.map((p) => ({
          person_id: p.personId,
          display_name: p.displayName ?? null,
          risk: p.risk,
          level: p.level,
          directory: p.directory ?? null,
          risk_breakdown: p.riskBreakdown ?? null,
          first_event: p.firstEvent ?? null,
          last_event: p.lastEvent ?? null,
          events: p.events,
        }));
        await tx.query(UPSERT_PEOPLE, [toJsonParam(peopleRows)]);
        await tx.query(DELETE_FINDINGS, [toJsonParam(c.map((p) => p.personId))]);
        const findingRows = c.flatMap((p) =>
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
        for (const fc of chunks(findingRows, ROW_CHUNK)) await tx.query(INSERT_FINDINGS, [toJsonParam(fc)]);
        const history = c.map((p) => ({ person_id: p.personId, risk: p.risk, level: p.level }));
        await tx.query(UPSERT_HISTORY, [toJsonParam(history), runId]);
      }
      for (const ic of chunks([...idents.values()], ROW_CHUNK)) await tx.query(UPSERT_IDENTIFIERS, [toJsonParam(ic)]);
    });
  }

  async listPeople(filter: { level?: RiskLevel; limit?: number; offset?: number } = {}): Promise<PersonSummary[]> {
    const { rows } = await this.db.query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM people p WHERE ($1::text IS NULL OR p.level = $1::text)
       ORDER BY p.risk DESC, p.person_id LIMIT $2 OFFSET $3`,
      [filter.level ?? null, filter.limit ?? null, filter.offset ?? 0],
    );
    return rows.map(toSummary);
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

  async findPersonByIdentifier(value: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ person_id: string }>('SELECT person_id FROM identifiers WHERE value_lc = $1', [
      value.trim().toLowerCase(),
    ]);
    return rows[0]?.person_id;
  }

  async saveState(personId: string, state: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `INSERT INTO detector_state (person_id, state, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (person_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
      [personId, toJsonParam(state)],
    );
  }

  async claimEvents(eventIds: string[]): Promise<string[]> {
    if (eventIds.length === 0) return [];
    const fresh = new Set<string>();
    await this.db.transaction(async (tx) => {
      for (const c of chunks([...new Set(eventIds)], ROW_CHUNK)) {
        const { rows } = await tx.query<{ event_id: string }>(
          `INSERT INTO seen_events (event_id) SELECT x FROM jsonb_array_elements_text($1::jsonb) AS x
           ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [toJsonParam(c)],
        );
        for (const r of rows) fresh.add(r.event_id);
      }
    });
    const out: string[] = [];
    for (const id of eventIds) if (fresh.delete(id)) out.push(id);
    return out;
  }

  async saveStates(states: { personId: string; state: Record<string, unknown> }[]): Promise<void> {
    if (states.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const c of chunks(states.map((x) => ({ person_id: x.personId, state: x.state })), PEOPLE_CHUNK))
        await tx.query(
          `INSERT INTO detector_state (person_id, state, updated_at)
           SELECT x.person_id, x.state, now() FROM jsonb_to_recordset($1::jsonb) AS x(person_id text, state jsonb)
           ON CONFLICT (person_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
          [toJsonParam(c)],
        );
    });
  }

  async loadPipelineSeed(): Promise<{ personId: string; directory?: DirectoryEntry; state?: Record<string, unknown> }[]> {
    const { rows } = await this.db.query<{ person_id: string; directory: DirectoryEntry | null; state: Record<string, unknown> | null }>(
      `SELECT person_id, p.directory, s.state FROM people p FULL OUTER JOIN detector_state s USING (person_id) ORDER BY person_id`,
    );
    return rows.map((r) => ({
      personId: r.person_id,
      ...(r.directory ? { directory: r.directory } : {}),
      ...(r.state ? { state: r.state } : {}),
    }));
  }

  async loadState(personId: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.db.query<{ state: Record<string, unknown> }>(
      'SELECT state FROM detector_state WHERE person_id = $1',
      [personId],
    );
    return rows[0]?.state;
  }

  async createToken(token: { id: string; name: string; hash: string }): Promise<ApiToken> {
    return this.db.transaction(async (tx) => {
      const taken = await tx.query('SELECT 1 FROM api_tokens WHERE name = $1 AND revoked_at IS NULL', [token.name]);
      if (taken.rows.length > 0) throw new Error(`an active token is already named "${token.name}" (revoke it first, or pick another name)`);
      const { rows } = await tx.query<TokenRow>(
        'INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, $2, $3, now()) RETURNING *',
        [token.id, token.name, token.hash],
      );
      return toToken(rows[0]);
    });
  }

  async listTokens(): Promise<ApiToken[]> {
    const { rows } = await this.db.query<TokenRow>('SELECT * FROM api_tokens ORDER BY created_at, id');
    return rows.map(toToken);
  }

  async revokeToken(idOrName: string): Promise<ApiToken | undefined> {
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
      return rows[0] ? toToken(rows[0]) : undefined;
    });
  }

  async findActiveToken(hash: string): Promise<(ApiToken & { hash: string }) | undefined> {
    const { rows } = await this.db.query<TokenRow>('SELECT * FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hash]);
    return rows[0] ? { ...toToken(rows[0]), hash: rows[0].token_hash } : undefined;
  }

  async touchToken(id: string): Promise<void> {
    await this.db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id]);
  }
}
