// The respond store in SQL (migration 009): the same statements on PGlite and PostgreSQL, over the store's executor.
// Workflow rules come from src/core/respond.ts; this file loads rows, locks them, applies the pure functions, writes
// the result and its audit rows in one transaction.
import { createHash, randomUUID } from 'node:crypto';
import type { RiskLevel } from '../core/model.ts';
import {
  GENESIS_HASH,
  assign,
  auditPreimage,
  canonicalJson,
  isDuplicateAlert,
  maxLevel,
  openCase,
  playbookFor,
  suppressionsFromClosing,
  transition,
  updateStep,
  verdictDetectors,
  type Alert,
  type AlertDraft,
  type AlertLevel,
  type AuditProblem,
  type AuditRow,
  type AuditVerification,
  type Case,
  type Note,
  type PlaybookStep,
  type StepId,
  type StoredSuppression,
  type Subject,
} from '../core/respond.ts';
import type { SqlExecutor } from './executor.ts';
import { toJsonParam } from './json-param.ts';
import type { ActContext, AuditEntry, CaseDetail, CaseFilter, DetectorVerdicts, RaisedAlert, RespondOutcome, RespondStore } from './respond-types.ts';

const AUDIT_PAGE = 5000;
/** Rows per bulk statement. */
const CHUNK = 2000;

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
const MAX_LIST = 10_000;

const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const iso = (ms: number): string => new Date(ms).toISOString();
export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Text PostgreSQL can store: U+0000 and lone surrogates become U+FFFD (what toJsonParam does to JSON). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const pgText = (s: string): string => s.replace(/\u0000/g, '\ufffd').replace(LONE_SURROGATE, '\ufffd');
/** Canonical JSON text of an audit detail, storable as it is hashed. */
const detailText = (v: unknown): string => canonicalJson(JSON.parse(toJsonParam(v ?? null)));

const notFound = (what: string) => ({ ok: false as const, code: 'not-found' as const, reason: what });
const refused = (reason: string) => ({ ok: false as const, code: 'refused' as const, reason });

interface CaseRow {
  case_id: string;
  subject_kind: Subject['kind'];
  subject_id: string;
  display_name: string | null;
  state: Case['state'];
  escalated_to: Case['escalatedTo'] | null;
  verdict: Case['verdict'] | null;
  verdict_reason: string | null;
  assignee: string | null;
  level: AlertLevel;
  opened_at: unknown;
  updated_at: unknown;
  state_since: unknown;
  due_at: unknown;
  closed_at: unknown;
}

function toCase(r: CaseRow): Case {
  const c: Case = {
    id: r.case_id,
    subject: { kind: r.subject_kind, id: r.subject_id },
    state: r.state,
    level: r.level,
    openedAt: isoOf(r.opened_at),
    updatedAt: isoOf(r.updated_at),
    stateSince: isoOf(r.state_since),
  };
  if (r.display_name !== null) c.displayName = r.display_name;
  if (r.escalated_to !== null && r.escalated_to !== undefined) c.escalatedTo = r.escalated_to;
  if (r.verdict !== null && r.verdict !== undefined) c.verdict = r.verdict;
  if (r.verdict_reason !== null) c.verdictReason = r.verdict_reason;
  if (r.assignee !== null) c.assignee = r.assignee;
  if (r.due_at !== null && r.due_at !== undefined) c.dueAt = isoOf(r.due_at);
  if (r.closed_at !== null && r.closed_at !== undefined) c.closedAt = isoOf(r.closed_at);
  return c;
}

const caseParams = (c: Case): unknown[] => [
  c.id,
  c.subject.kind,
  c.subject.id,
  c.displayName ?? null,
  c.state,
  c.escalatedTo ?? null,
  c.verdict ?? null,
  c.verdictReason ?? null,
  c.assignee ?? null,
  c.level,
  c.openedAt,
  c.updatedAt,
  c.stateSince,
  c.dueAt ?? null,
  c.closedAt ?? null,
];

const UPDATE_CASE = `UPDATE cases SET subject_kind = $2, subject_id = $3, display_name = $4, state = $5, escalated_to = $6, verdict = $7,
  verdict_reason = $8, assignee = $9, level = $10, opened_at = $11, updated_at = $12, state_since = $13, due_at = $14, closed_at = $15
  WHERE case_id = $1`;

interface AlertRow {
  alert_id: string;
  case_id: string;
  subject_kind: Subject['kind'];
  subject_id: string;
  level: AlertLevel;
  previous_level: RiskLevel;
  risk: number;
  raised_at: unknown;
  reason: string;
  contributions: string;
}

const toAlert = (r: AlertRow): Alert => ({
  id: r.alert_id,
  caseId: r.case_id,
  subject: { kind: r.subject_kind, id: r.subject_id },
  level: r.level,
  previousLevel: r.previous_level,
  risk: Number(r.risk),
  raisedAt: isoOf(r.raised_at),
  reason: r.reason,
  contributions: JSON.parse(r.contributions) as Alert['contributions'],
});

interface StepRow {
  step: StepId;
  title: string;
  status: PlaybookStep['status'];
  by_actor: string | null;
  at: unknown;
  comment: string | null;
  serial: string | null;
  shipped_serial: string | null;
  reference: string | null;
}

function toStep(r: StepRow): PlaybookStep {
  const s: PlaybookStep = { step: r.step, title: r.title, status: r.status };
  if (r.by_actor !== null) s.by = r.by_actor;
  if (r.at !== null && r.at !== undefined) s.at = isoOf(r.at);
  if (r.comment !== null) s.comment = r.comment;
  if (r.serial !== null) s.serial = r.serial;
  if (r.shipped_serial !== null) s.shippedSerial = r.shipped_serial;
  if (r.reference !== null) s.reference = r.reference;
  return s;
}

interface SuppressionRow {
  suppression_id: string;
  person: string;
  detector: string;
  reason: string;
  until: unknown;
  created_by: string;
  created_at: unknown;
  case_id: string | null;
  revoked_at: unknown;
  revoked_by: string | null;
}

function toSuppression(r: SuppressionRow): StoredSuppression {
  const s: StoredSuppression = {
    id: r.suppression_id,
    person: r.person,
    detector: r.detector,
    reason: r.reason,
    until: isoOf(r.until),
    createdBy: r.created_by,
    createdAt: isoOf(r.created_at),
  };
  if (r.case_id !== null) s.caseId = r.case_id;
  if (r.revoked_at !== null && r.revoked_at !== undefined) s.revokedAt = isoOf(r.revoked_at);
  if (r.revoked_by !== null) s.revokedBy = r.revoked_by;
  return s;
}

interface AuditDbRow {
  seq: string | number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

const toAudit = (r: AuditDbRow): AuditRow => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  detail: r.detail,
  prevHash: r.prev_hash,
  hash: r.hash,
});

const caseSubject = (id: string): string => `case:${id}`;

export class SqlRespondStore implements RespondStore {
  /** `inTransaction`: bound to the transaction of atomic() (reads then join it instead of opening their own). */
  constructor(
    private readonly db: SqlExecutor,
    private readonly inTransaction = false,
  ) {}

  async previousLevels(subjects: Subject[]): Promise<Map<string, RiskLevel>> {
    const out = new Map<string, RiskLevel>();
    const people = [...new Set(subjects.filter((s) => s.kind === 'person').map((s) => s.id))];
    const candidates = [...new Set(subjects.filter((s) => s.kind === 'candidate').map((s) => s.id))];
    if (people.length > 0) {
      const { rows } = await this.db.query<{ id: string; level: RiskLevel }>('SELECT person_id AS id, level FROM people WHERE person_id = ANY($1::text[])', [people]);
      for (const r of rows) out.set(r.id, r.level);
    }
    if (candidates.length > 0) {
      const { rows } = await this.db.query<{ id: string; level: RiskLevel }>(
        'SELECT candidate_id AS id, level FROM candidates WHERE candidate_id = ANY($1::text[])',
        [candidates],
      );
      for (const r of rows) out.set(r.id, r.level);
    }
    return out;
  }

  /**
   * In bulk (a first scan of a large tenant raises many): the open cases of all subjects are read and locked in one
   * statement, new cases, their playbook steps and the alerts are inserted with one statement each.
   */
  raiseAlerts(drafts: Parameters<RespondStore['raiseAlerts']>[0], ctx: Parameters<RespondStore['raiseAlerts']>[1]): Promise<RaisedAlert[]> {
    if (drafts.length === 0) return Promise.resolve([]);
    return this.db.transaction(async (tx) => {
      const at = iso(ctx.now);
      const key = (x: Subject) => `${x.kind}\u0000${x.id}`;
      // One draft per subject: the highest level (the others would be duplicates of it).
      const bySubject = new Map<string, AlertDraft>();
      for (const d of drafts) {
        const k = key(d.subject);
        const had = bySubject.get(k);
        if (!had || maxLevel(had.level, d.level) !== had.level) bySubject.set(k, d);
      }
      const subjects = [...bySubject.values()].map((d) => ({ kind: d.subject.kind, id: d.subject.id }));
      const open = new Map<string, Case>();
      const levels = new Map<string, AlertLevel[]>();
      for (const part of chunks(subjects, CHUNK)) {
        const found = await tx.query<CaseRow>(
          `SELECT c.* FROM cases c JOIN json_to_recordset($1::json) AS x(kind text, id text) ON c.subject_kind = x.kind AND c.subject_id = x.id
           WHERE c.state <> 'closed' ORDER BY c.case_id FOR UPDATE OF c`,
          [toJsonParam(part)],
        );
        for (const r of found.rows) open.set(key({ kind: r.subject_kind, id: r.subject_id }), toCase(r));
        const ids = found.rows.map((r) => r.case_id);
        if (ids.length > 0) {
          const { rows } = await tx.query<{ case_id: string; level: AlertLevel }>('SELECT case_id, level FROM alerts WHERE case_id = ANY($1::text[])', [ids]);
          for (const r of rows) levels.set(r.case_id, [...(levels.get(r.case_id) ?? []), r.level]);
        }
      }
      const fresh: AlertDraft[] = [];
      const raised: { d: AlertDraft; c: Case; opened: boolean }[] = [];
      const raisedCases: Case[] = [];
      for (const [k, d] of bySubject) {
        const c = open.get(k);
        if (!c) {
          fresh.push(d);
          continue;
        }
        if (isDuplicateAlert(d.level, levels.get(c.id) ?? [])) continue;
        const level = maxLevel(c.level, d.level);
        const next = level !== c.level ? { ...c, level, updatedAt: at } : c;
        if (next !== c) raisedCases.push(next);
        raised.push({ d, c: next, opened: false });
      }
      for (const c of raisedCases) await tx.query(UPDATE_CASE, caseParams(c));
      const audit: AuditEntry[] = [];
      if (fresh.length > 0) {
        const { rows: ids } = await tx.query<{ id: string }>(`SELECT 'case-' || nextval('case_seq') AS id FROM generate_series(1, $1::integer) ORDER BY 1`, [fresh.length]);
        const cases = fresh.map((d, i) => openCase(ids[i].id, { ...d, displayName: d.displayName === undefined ? undefined : pgText(d.displayName) }, ctx.now, ctx.sla));
        for (const part of chunks(cases, CHUNK)) {
          await tx.query(
            `INSERT INTO cases (case_id, subject_kind, subject_id, display_name, state, level, opened_at, updated_at, state_since, due_at)
             SELECT x.case_id, x.subject_kind, x.subject_id, x.display_name, x.state, x.level, x.opened_at, x.updated_at, x.state_since, x.due_at
             FROM json_to_recordset($1::json) AS x(case_id text, subject_kind text, subject_id text, display_name text, state text, level text,
               opened_at timestamptz, updated_at timestamptz, state_since timestamptz, due_at timestamptz)`,
            [
              toJsonParam(
                part.map((c) => ({
                  case_id: c.id,
                  subject_kind: c.subject.kind,
                  subject_id: c.subject.id,
                  display_name: c.displayName ?? null,
                  state: c.state,
                  level: c.level,
                  opened_at: c.openedAt,
                  updated_at: c.updatedAt,
                  state_since: c.stateSince,
                  due_at: c.dueAt ?? null,
                })),
              ),
            ],
          );
          const steps = part.flatMap((c) => playbookFor(c.subject.kind).map((s, ordinal) => ({ case_id: c.id, step: s.step, ordinal, title: s.title })));
          await tx.query(
            `INSERT INTO case_steps (case_id, step, ordinal, title, status)
             SELECT x.case_id, x.step, x.ordinal, x.title, 'pending' FROM json_to_recordset($1::json) AS x(case_id text, step text, ordinal integer, title text)`,
            [JSON.stringify(steps)],
          );
        }
        fresh.forEach((d, i) => {
          const c = cases[i];
          audit.push({ actor: ctx.actor, action: 'case.open', subject: caseSubject(c.id), detail: { subject: c.subject, level: c.level, dueAt: c.dueAt } });
          raised.push({ d, c, opened: true });
        });
      }
      const out: RaisedAlert[] = raised.map(({ d, c, opened }) => ({
        opened,
        alert: {
          id: `alert_${randomUUID()}`,
          caseId: c.id,
          subject: d.subject,
          level: d.level,
          previousLevel: d.previousLevel,
          risk: d.risk,
          raisedAt: at,
          reason: pgText(d.reason),
          contributions: d.contributions,
        },
      }));
      for (const part of chunks(out, CHUNK)) {
        await tx.query(
          `INSERT INTO alerts (alert_id, case_id, subject_kind, subject_id, level, previous_level, risk, raised_at, reason, contributions)
           SELECT x.alert_id, x.case_id, x.subject_kind, x.subject_id, x.level, x.previous_level, x.risk, x.raised_at, x.reason, x.contributions
           FROM json_to_recordset($1::json) AS x(alert_id text, case_id text, subject_kind text, subject_id text, level text, previous_level text,
             risk double precision, raised_at timestamptz, reason text, contributions text)`,
          [
            toJsonParam(
              part.map(({ alert: a }) => ({
                alert_id: a.id,
                case_id: a.caseId,
                subject_kind: a.subject.kind,
                subject_id: a.subject.id,
                level: a.level,
                previous_level: a.previousLevel,
                risk: a.risk,
                raised_at: a.raisedAt,
                reason: a.reason,
                contributions: JSON.stringify(a.contributions),
              })),
            ),
          ],
        );
      }
      for (const { alert } of out)
        audit.push({
          actor: ctx.actor,
          action: 'alert.raise',
          subject: caseSubject(alert.caseId),
          detail: { alert: alert.id, subject: alert.subject, level: alert.level, previousLevel: alert.previousLevel, risk: alert.risk, reason: alert.reason },
        });
      await this.appendAuditIn(tx, audit, ctx.now);
      return out;
    });
  }

  async listCases(filter: CaseFilter = {}): Promise<Case[]> {
    const { rows } = await this.db.query<CaseRow>(
      `SELECT * FROM cases WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR assignee = $2)
         AND ($3::boolean IS NULL OR (state <> 'closed') = $3) AND ($4::text IS NULL OR (subject_kind = $4 AND subject_id = $5))
       ORDER BY opened_at DESC, case_id DESC LIMIT $6 OFFSET $7`,
      [
        filter.state ?? null,
        filter.assignee ?? null,
        filter.open ?? null,
        filter.subject?.kind ?? null,
        filter.subject?.id ?? null,
        Math.min(filter.limit ?? 100, MAX_LIST),
        filter.offset ?? 0,
      ],
    );
    return rows.map(toCase);
  }

  async getCase(caseId: string): Promise<CaseDetail | undefined> {
    const { rows } = await this.db.query<CaseRow>('SELECT * FROM cases WHERE case_id = $1', [caseId]);
    if (!rows[0]) return undefined;
    return {
      case: toCase(rows[0]),
      alerts: await this.alertsOf(this.db, caseId),
      notes: (
        await this.db.query<{ note_id: string; case_id: string; at: unknown; author: string; body: string }>(
          'SELECT * FROM case_notes WHERE case_id = $1 ORDER BY at, note_id',
          [caseId],
        )
      ).rows.map((n): Note => ({ id: n.note_id, caseId: n.case_id, at: isoOf(n.at), author: n.author, text: n.body })),
      steps: await this.stepsOf(this.db, caseId),
    };
  }

  private async alertsOf(db: SqlExecutor, caseId: string): Promise<Alert[]> {
    const { rows } = await db.query<AlertRow>('SELECT * FROM alerts WHERE case_id = $1 ORDER BY raised_at, alert_id', [caseId]);
    return rows.map(toAlert);
  }

  private async stepsOf(db: SqlExecutor, caseId: string): Promise<PlaybookStep[]> {
    const { rows } = await db.query<StepRow>('SELECT * FROM case_steps WHERE case_id = $1 ORDER BY ordinal', [caseId]);
    return rows.map(toStep);
  }

  private async lockCase(db: SqlExecutor, caseId: string): Promise<Case | undefined> {
    const { rows } = await db.query<CaseRow>('SELECT * FROM cases WHERE case_id = $1 FOR UPDATE', [caseId]);
    return rows[0] ? toCase(rows[0]) : undefined;
  }

  transitionCase(...[caseId, req, ctx]: Parameters<RespondStore['transitionCase']>): ReturnType<RespondStore['transitionCase']> {
    return this.db.transaction(async (tx) => {
      const c = await this.lockCase(tx, caseId);
      if (!c) return notFound(`no case ${caseId}`);
      const steps = await this.stepsOf(tx, caseId);
      const out = transition(c, req, { now: ctx.now, sla: ctx.sla, steps });
      if (!out.ok) return refused(out.reason);
      const next = out.case;
      await tx.query(UPDATE_CASE, caseParams(next));
      const audit: AuditEntry[] = [
        {
          actor: ctx.actor,
          action: 'case.transition',
          subject: caseSubject(c.id),
          detail: { from: c.state, to: next.state, escalatedTo: req.escalateTo, verdict: req.verdict, reason: req.reason, dueAt: next.dueAt },
        },
      ];
      const suppressions: StoredSuppression[] = [];
      let verdicts: ReturnType<typeof verdictDetectors> = [];
      if (next.state === 'closed' && next.verdict) {
        verdicts = verdictDetectors(await this.alertsOf(tx, caseId));
        if (verdicts.length > 0)
          await tx.query(
            `INSERT INTO case_verdicts (case_id, detector, verdict, likelihood_ratio, at)
             SELECT $1, x.detector, $2, x.likelihood_ratio, $3 FROM json_to_recordset($4::json) AS x(detector text, likelihood_ratio double precision)`,
            [caseId, next.verdict, next.closedAt, toJsonParam(verdicts.map((v) => ({ detector: v.detector, likelihood_ratio: v.likelihoodRatio })))],
          );
        audit.push({ actor: ctx.actor, action: 'case.verdict', subject: caseSubject(c.id), detail: { verdict: next.verdict, detectors: verdicts } });
        for (const s of suppressionsFromClosing(c, req, { actor: ctx.actor, now: ctx.now, suppressionDays: ctx.suppressionDays })) {
          const stored: StoredSuppression = { id: `sup_${randomUUID()}`, ...s, reason: pgText(s.reason) };
          await this.insertSuppression(tx, stored);
          suppressions.push(stored);
          audit.push({ actor: ctx.actor, action: 'suppression.create', subject: `suppression:${stored.id}`, detail: { ...stored } });
        }
      }
      await this.appendAuditIn(tx, audit, ctx.now);
      return { ok: true as const, case: next, suppressions, verdicts };
    });
  }

  private async insertSuppression(db: SqlExecutor, s: StoredSuppression): Promise<void> {
    await db.query(
      `INSERT INTO suppressions (suppression_id, person, detector, reason, until, created_by, created_at, case_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.id, s.person, s.detector, s.reason, s.until, s.createdBy, s.createdAt, s.caseId ?? null],
    );
  }

  assignCase(...[caseId, req, ctx]: Parameters<RespondStore['assignCase']>): ReturnType<RespondStore['assignCase']> {
    return this.db.transaction(async (tx) => {
      const c = await this.lockCase(tx, caseId);
      if (!c) return notFound(`no case ${caseId}`);
      const out = assign(c, req, ctx.now);
      if (!out.ok) return refused(out.reason);
      await tx.query(UPDATE_CASE, caseParams(out.case));
      await this.appendAuditIn(tx, [{ actor: ctx.actor, action: 'case.assign', subject: caseSubject(c.id), detail: { from: c.assignee ?? null, to: req.assignee } }], ctx.now);
      return { ok: true as const, case: out.case };
    });
  }

  addNote(caseId: string, text: string, ctx: ActContext): Promise<RespondOutcome<{ note: Note }>> {
    return this.db.transaction(async (tx) => {
      const c = await this.lockCase(tx, caseId);
      if (!c) return notFound(`no case ${caseId}`);
      // Notes may be added to a closed case too (a later finding, a correction): they are immutable either way.
      const note: Note = { id: `note_${randomUUID()}`, caseId, at: iso(ctx.now), author: pgText(ctx.actor), text: pgText(text) };
      await tx.query('INSERT INTO case_notes (note_id, case_id, at, author, body) VALUES ($1, $2, $3, $4, $5)', [note.id, caseId, note.at, note.author, note.text]);
      await tx.query('UPDATE cases SET updated_at = $2 WHERE case_id = $1', [caseId, note.at]);
      await this.appendAuditIn(tx, [{ actor: ctx.actor, action: 'case.note', subject: caseSubject(caseId), detail: { note: note.id, sha256: sha256(note.text), text: note.text } }], ctx.now);
      return { ok: true as const, note };
    });
  }

  updateStep(...[caseId, stepId, req, ctx]: Parameters<RespondStore['updateStep']>): ReturnType<RespondStore['updateStep']> {
    return this.db.transaction(async (tx) => {
      const c = await this.lockCase(tx, caseId);
      if (!c) return notFound(`no case ${caseId}`);
      const steps = await this.stepsOf(tx, caseId);
      const s = steps.find((x) => x.step === stepId);
      if (!s) return notFound(`case ${caseId} has no step ${stepId} (its steps: ${steps.map((x) => x.step).join(', ')})`);
      const out = updateStep(c, s, req, ctx);
      if (!out.ok) return refused(out.reason);
      const st = out.step;
      await tx.query(
        `UPDATE case_steps SET status = $3, by_actor = $4, at = $5, comment = $6, serial = $7, shipped_serial = $8, reference = $9
         WHERE case_id = $1 AND step = $2`,
        [caseId, stepId, st.status, st.by ?? null, st.at ?? null, st.comment ?? null, st.serial ?? null, st.shippedSerial ?? null, st.reference ?? null],
      );
      await tx.query('UPDATE cases SET updated_at = $2 WHERE case_id = $1', [caseId, st.at]);
      await this.appendAuditIn(tx, [{ actor: ctx.actor, action: 'case.step', subject: caseSubject(caseId), detail: { ...st, title: undefined } }], ctx.now);
      return { ok: true as const, step: st };
    });
  }

  async listSuppressions(filter: { activeAt?: number; person?: string } = {}): Promise<StoredSuppression[]> {
    const { rows } = await this.db.query<SuppressionRow>(
      `SELECT * FROM suppressions WHERE ($1::timestamptz IS NULL OR (revoked_at IS NULL AND until > $1::timestamptz))
         AND ($2::text IS NULL OR person = $2) ORDER BY created_at DESC, suppression_id LIMIT ${MAX_LIST}`,
      [filter.activeAt === undefined ? null : iso(filter.activeAt), filter.person ?? null],
    );
    return rows.map(toSuppression);
  }

  revokeSuppression(id: string, ctx: ActContext): Promise<RespondOutcome<{ suppression: StoredSuppression }>> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<SuppressionRow>(
        'UPDATE suppressions SET revoked_at = $2, revoked_by = $3 WHERE suppression_id = $1 AND revoked_at IS NULL RETURNING *',
        [id, iso(ctx.now), ctx.actor],
      );
      if (!rows[0]) {
        const any = await tx.query('SELECT 1 FROM suppressions WHERE suppression_id = $1', [id]);
        return any.rows.length > 0 ? refused(`suppression ${id} is already revoked`) : notFound(`no suppression ${id}`);
      }
      const s = toSuppression(rows[0]);
      await this.appendAuditIn(tx, [{ actor: ctx.actor, action: 'suppression.revoke', subject: `suppression:${id}`, detail: { person: s.person, detector: s.detector } }], ctx.now);
      return { ok: true as const, suppression: s };
    });
  }

  async verdictCounts(): Promise<DetectorVerdicts[]> {
    const { rows } = await this.db.query<{ kind: Subject['kind']; detector: string; tp: number; fp: number; benign: number; mean_lr: number }>(
      `SELECT c.subject_kind AS kind, v.detector,
         count(*) FILTER (WHERE v.verdict = 'true-positive')::int AS tp,
         count(*) FILTER (WHERE v.verdict = 'false-positive')::int AS fp,
         count(*) FILTER (WHERE v.verdict = 'benign')::int AS benign,
         exp(avg(ln(v.likelihood_ratio))) AS mean_lr
       FROM case_verdicts v JOIN cases c ON c.case_id = v.case_id
       GROUP BY c.subject_kind, v.detector ORDER BY c.subject_kind, v.detector COLLATE "C"`,
    );
    return rows.map((r) => ({ kind: r.kind, detector: r.detector, truePositive: r.tp, falsePositive: r.fp, benign: r.benign, meanLR: Number(r.mean_lr) }));
  }

  appendAudit(entries: AuditEntry[], now: number): Promise<AuditRow[]> {
    return this.db.transaction((tx) => this.appendAuditIn(tx, entries, now));
  }

  /** Lock the head, chain the rows after it, move the head. Called last in each transaction (see respond-types.ts). */
  private async appendAuditIn(tx: SqlExecutor, entries: AuditEntry[], now: number): Promise<AuditRow[]> {
    if (entries.length === 0) return [];
    const head = await tx.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
    let seq = Number(head.rows[0].seq);
    let prev = head.rows[0].hash;
    const at = iso(now);
    const rows: AuditRow[] = [];
    for (const e of entries) {
      seq++;
      const base = { seq, at, actor: pgText(e.actor), action: pgText(e.action), subject: pgText(e.subject), detail: detailText(e.detail ?? null), prevHash: prev };
      const row: AuditRow = { ...base, hash: sha256(auditPreimage(base)) };
      rows.push(row);
      prev = row.hash;
    }
    await tx.query(
      `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
       SELECT x.seq, x.at, x.actor, x.action, x.subject, x.detail, x.prev_hash, x.hash
       FROM json_to_recordset($1::json) AS x(seq bigint, at text, actor text, action text, subject text, detail text, prev_hash text, hash text)`,
      [JSON.stringify(rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: r.detail, prev_hash: r.prevHash, hash: r.hash })))],
    );
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prev]);
    return rows;
  }

  async listAudit(filter: { after?: number; limit?: number } = {}): Promise<AuditRow[]> {
    const { rows } = await this.db.query<AuditDbRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [
      filter.after ?? 0,
      Math.min(filter.limit ?? 100, MAX_LIST),
    ]);
    return rows.map(toAudit);
  }

  /**
   * Walk the chain in seq order: seq must run 1, 2, 3 … (a gap: rows deleted), each row's prev_hash must be the
   * previous row's hash (else a row was edited and its hash rewritten, or rows were reordered: told apart by finding
   * which row does carry that hash), and each hash must be the SHA-256 of the row (else the row was edited, or moved
   * to another seq). The last row must be the head (else the tail was deleted or rows were appended around it), and,
   * when given, the anchor (a head written down earlier) must still be in the chain.
   */
  async verifyAudit(opts: { anchor?: { seq: number; hash: string } } = {}): Promise<AuditVerification> {
    // One snapshot, so appends during the walk do not look like tampering.
    const walk = async (db: SqlExecutor): Promise<AuditVerification> => {
      let expected = 1;
      let prev = GENESIS_HASH;
      let count = 0;
      let last: AuditRow | undefined;
      let anchorSeen = false;
      const bad = (p: AuditProblem): AuditVerification => ({ ok: false, rows: count, ...(last ? { head: { seq: last.seq, hash: last.hash } } : {}), firstBad: p });
      const whoHas = async (hash: string): Promise<number | undefined> => {
        const { rows } = await db.query<{ seq: string | number }>('SELECT seq FROM audit_log WHERE hash = $1 ORDER BY seq LIMIT 1', [hash]);
        return rows[0] ? Number(rows[0].seq) : undefined;
      };
      for (;;) {
        const { rows } = await db.query<AuditDbRow>('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [last ? last.seq + 1 : -9007199254740991, AUDIT_PAGE]);
        if (rows.length === 0) break;
        for (const raw of rows) {
          const r = toAudit(raw);
          if (r.seq < expected) return bad({ seq: r.seq, kind: 'inserted', message: `row ${r.seq} is out of the sequence (the log starts at 1): inserted` });
          if (r.seq > expected) {
            const range = r.seq - expected > 1 ? `rows ${expected}-${r.seq - 1} are` : `row ${expected} is`;
            return bad({ seq: expected, kind: 'deleted', message: `${range} missing (the next row is ${r.seq}): deleted` });
          }
          const { hash: _h, ...base } = r;
          const ownHash = sha256(auditPreimage(base));
          if (r.prevHash !== prev) {
            const at = await whoHas(r.prevHash);
            if (at !== undefined && at !== r.seq - 1)
              return bad({ seq: r.seq, kind: 'reordered', message: `row ${r.seq} follows row ${at} in the chain but sits at ${r.seq}: rows were reordered` });
            return bad({
              seq: r.seq - 1,
              kind: 'edited',
              message: `row ${r.seq} does not follow row ${r.seq - 1} (its prev_hash is not that row's hash): row ${r.seq - 1} was edited and its hash rewritten, or replaced`,
            });
          }
          if (ownHash !== r.hash) {
            return bad({ seq: r.seq, kind: 'edited', message: `row ${r.seq} does not match its hash: its content (${'seq, at, actor, action, subject or detail'}) was edited` });
          }
          if (opts.anchor && opts.anchor.seq === r.seq) {
            if (opts.anchor.hash !== r.hash) return bad({ seq: r.seq, kind: 'edited', message: `row ${r.seq} is not the anchored row (hash ${opts.anchor.hash}): the log was rewritten from there on` });
            anchorSeen = true;
          }
          prev = r.hash;
          last = r;
          count++;
          expected++;
        }
        if (rows.length < AUDIT_PAGE) break;
      }
      const head = await db.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
      const hs = Number(head.rows[0]?.seq ?? 0);
      const hh = head.rows[0]?.hash ?? GENESIS_HASH;
      const lastSeq = last?.seq ?? 0;
      if (hs > lastSeq) return bad({ seq: lastSeq + 1, kind: 'truncated', message: `the log ends at row ${lastSeq} but ${hs} rows were written: rows ${lastSeq + 1}-${hs} were deleted` });
      if (hs < lastSeq) return bad({ seq: hs + 1, kind: 'inserted', message: `rows ${hs + 1}-${lastSeq} were added outside sleetwatch (the last row written is ${hs})` });
      if (hh !== prev) return bad({ seq: lastSeq, kind: 'edited', message: `row ${lastSeq} is not the last row written (its hash differs from the head): edited and its hash rewritten` });
      if (opts.anchor && !anchorSeen) {
        return bad({ seq: opts.anchor.seq, kind: 'truncated', message: `the anchored row ${opts.anchor.seq} is not in the log (it holds ${lastSeq} rows): rows were deleted` });
      }
      return { ok: true, rows: count, ...(last ? { head: { seq: last.seq, hash: last.hash } } : {}) };
    };
    if (this.inTransaction) return walk(this.db);
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return walk(tx);
    });
  }
}

export const sqlRespondStore = (db: SqlExecutor, inTransaction = false): RespondStore => new SqlRespondStore(db, inTransaction);
