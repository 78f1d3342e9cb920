// The containment store in SQL (migration 011): the same statements on PGlite and PostgreSQL. Lock order in every
// transaction: the case row, then the request row, then (through the respond store) the audit head, the same order the
// respond store uses, so concurrent writers cannot deadlock.
import type { ContainmentRequest } from '../core/containment.ts';
import { decisionRefusal, proposalRefusal } from '../core/containment.ts';
import type { CaseState, StepId } from '../core/respond.ts';
import type { ContainmentFilter, ContainmentOutcome, ContainmentStore, NewContainment } from './containment-types.ts';
import type { SqlExecutor } from './executor.ts';
import { SqlRespondStore } from './respond-store.ts';
import type { ActContext, RespondOutcome } from './respond-types.ts';

const MAX_LIST = 1000;
/** Stored free text (result, reasons) is bounded: a vendor's error body can be long. */
const TEXT_MAX = 4000;

const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const iso = (ms: number): string => new Date(ms).toISOString();
/** No control characters other than newline and tab, no lone surrogates (PostgreSQL text), bounded. */
const clean = (s: string, max = TEXT_MAX): string =>
  s
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .slice(0, max);

const notFound = (what: string) => ({ ok: false as const, code: 'not-found' as const, reason: what });
const refused = (reason: string) => ({ ok: false as const, code: 'refused' as const, reason });

interface Row {
  request_id: string;
  case_id: string;
  person_id: string;
  connector: ContainmentRequest['connector'];
  action: ContainmentRequest['action'];
  target: string;
  reason: string | null;
  proposed_by: string;
  proposed_at: unknown;
  state: ContainmentRequest['state'];
  approved_by: string | null;
  decided_at: unknown;
  decision_reason: string | null;
  result: string | null;
  reference: string | null;
  attempts: number;
  finished_at: unknown;
}

function toRequest(r: Row): ContainmentRequest {
  const out: ContainmentRequest = {
    id: r.request_id,
    caseId: r.case_id,
    personId: r.person_id,
    connector: r.connector,
    action: r.action,
    target: r.target,
    proposedBy: r.proposed_by,
    proposedAt: isoOf(r.proposed_at),
    state: r.state,
    attempts: Number(r.attempts),
  };
  if (r.reason !== null) out.reason = r.reason;
  if (r.approved_by !== null) out.approvedBy = r.approved_by;
  if (r.decided_at !== null && r.decided_at !== undefined) out.decidedAt = isoOf(r.decided_at);
  if (r.decision_reason !== null) out.decisionReason = r.decision_reason;
  if (r.result !== null) out.result = r.result;
  if (r.reference !== null) out.reference = r.reference;
  if (r.finished_at !== null && r.finished_at !== undefined) out.finishedAt = isoOf(r.finished_at);
  return out;
}

const subject = (id: string): string => `containment:${id}`;

export class SqlContainmentStore implements ContainmentStore {
  constructor(private readonly db: SqlExecutor) {}

  private async lockCase(tx: SqlExecutor, caseId: string) {
    const { rows } = await tx.query<{ case_id: string; state: CaseState; subject_kind: string; subject_id: string }>(
      'SELECT case_id, state, subject_kind, subject_id FROM cases WHERE case_id = $1 FOR UPDATE',
      [caseId],
    );
    return rows[0];
  }

  /** The request's case id (unlocked read: the case is locked next, then the request). */
  private async caseOf(tx: SqlExecutor, id: string): Promise<string | undefined> {
    const { rows } = await tx.query<{ case_id: string }>('SELECT case_id FROM containment_requests WHERE request_id = $1', [id]);
    return rows[0]?.case_id;
  }

  private audit(tx: SqlExecutor, actor: string, action: string, r: ContainmentRequest, detail: Record<string, unknown>, now: number) {
    return new SqlRespondStore(tx, true).appendAudit(
      [{ actor, action, subject: subject(r.id), detail: { caseId: r.caseId, person: r.personId, connector: r.connector, action: r.action, target: r.target, ...detail } }],
      now,
    );
  }

  propose(req: NewContainment, ctx: ActContext): Promise<RespondOutcome<{ request: ContainmentRequest }>> {
    return this.db.transaction(async (tx) => {
      const c = await this.lockCase(tx, req.caseId);
      if (!c) return notFound(`no case ${req.caseId}`);
      const why = proposalRefusal({ id: c.case_id, state: c.state, subject: { kind: c.subject_kind } });
      if (why) return refused(why);
      const { rows: ids } = await tx.query<{ id: string }>(`SELECT 'cr-' || nextval('containment_seq') AS id`);
      const { rows } = await tx.query<Row>(
        `INSERT INTO containment_requests (request_id, case_id, person_id, connector, action, target, reason, proposed_by, proposed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [ids[0].id, c.case_id, c.subject_id, req.connector, req.action, clean(req.target, 320), req.reason === undefined ? null : clean(req.reason), clean(ctx.actor, 200), iso(ctx.now)],
      );
      const request = toRequest(rows[0]);
      await this.audit(tx, ctx.actor, 'containment.propose', request, { reason: request.reason }, ctx.now);
      return { ok: true as const, request };
    });
  }

  async get(id: string): Promise<ContainmentRequest | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM containment_requests WHERE request_id = $1', [id]);
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  async list(filter: ContainmentFilter = {}): Promise<ContainmentRequest[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM containment_requests WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR case_id = $2)
       ORDER BY proposed_at DESC, request_id DESC LIMIT $3 OFFSET $4`,
      [filter.state ?? null, filter.caseId ?? null, Math.min(filter.limit ?? 100, MAX_LIST), filter.offset ?? 0],
    );
    return rows.map(toRequest);
  }

  private decide(id: string, kind: 'approve' | 'reject', ctx: ActContext & { reason?: string }): Promise<RespondOutcome<{ request: ContainmentRequest }>> {
    return this.db.transaction(async (tx) => {
      const caseId = await this.caseOf(tx, id);
      if (caseId === undefined) return notFound(`no containment request ${id}`);
      const c = await this.lockCase(tx, caseId);
      const actor = clean(ctx.actor, 200);
      const reason = ctx.reason === undefined ? null : clean(ctx.reason);
      // Approval re-checks the case: it may have been closed since the proposal.
      if (kind === 'approve') {
        const why = c ? proposalRefusal({ id: c.case_id, state: c.state, subject: { kind: c.subject_kind } }) : `no case ${caseId}`;
        if (why) return refused(why);
      }
      // The state check (and the two-person rule) is in the UPDATE: of two concurrent approvers, the second one's
      // UPDATE waits for the first one's row lock, then re-evaluates the WHERE on the committed row and matches nothing.
      const { rows } = await tx.query<Row>(
        kind === 'approve'
          ? `UPDATE containment_requests SET state = 'approved', approved_by = $2, decided_at = $3, decision_reason = $4
             WHERE request_id = $1 AND state = 'pending' AND proposed_by <> $2 RETURNING *`
          : `UPDATE containment_requests SET state = 'rejected', approved_by = $2, decided_at = $3, decision_reason = $4
             WHERE request_id = $1 AND state = 'pending' RETURNING *`,
        [id, actor, iso(ctx.now), reason],
      );
      if (!rows[0]) {
        const now = await tx.query<Row>('SELECT * FROM containment_requests WHERE request_id = $1', [id]);
        return refused(decisionRefusal(toRequest(now.rows[0]), actor, kind) ?? `request ${id} cannot be ${kind}d`);
      }
      const request = toRequest(rows[0]);
      await this.audit(tx, ctx.actor, kind === 'approve' ? 'containment.approve' : 'containment.reject', request, { proposedBy: request.proposedBy, reason: reason ?? undefined }, ctx.now);
      return { ok: true as const, request };
    });
  }

  approve(id: string, ctx: ActContext & { reason?: string }) {
    return this.decide(id, 'approve', ctx);
  }

  reject(id: string, ctx: ActContext & { reason?: string }) {
    return this.decide(id, 'reject', ctx);
  }

  finish(id: string, outcome: ContainmentOutcome, ctx: ActContext): ReturnType<ContainmentStore['finish']> {
    return this.db.transaction(async (tx) => {
      const caseId = await this.caseOf(tx, id);
      if (caseId === undefined) return notFound(`no containment request ${id}`);
      await this.lockCase(tx, caseId);
      const { rows } = await tx.query<Row>(
        `UPDATE containment_requests SET state = $2, result = $3, reference = $4, attempts = $5, finished_at = $6
         WHERE request_id = $1 AND state = 'approved' RETURNING *`,
        [id, outcome.ok ? 'done' : 'failed', clean(outcome.result), outcome.ok ? clean(outcome.reference, 500) : null, outcome.attempts, iso(ctx.now)],
      );
      if (!rows[0]) {
        const { rows: now } = await tx.query<Row>('SELECT state FROM containment_requests WHERE request_id = $1', [id]);
        return refused(`request ${id} is ${now[0]?.state ?? 'gone'}, not approved: its outcome was already recorded`);
      }
      const request = toRequest(rows[0]);
      let step: Awaited<ReturnType<SqlRespondStore['updateStep']>> | undefined;
      if (outcome.ok) {
        // Mark the playbook step through the respond store (it writes its own case.step audit row).
        step = await new SqlRespondStore(tx, true).updateStep(
          request.caseId,
          request.action as StepId,
          { status: 'done', comment: clean(`${request.connector} ${request.action} of ${request.target}, request ${request.id} approved by ${request.approvedBy}`, 2000), reference: outcome.reference },
          ctx,
        );
      }
      await this.audit(
        tx,
        ctx.actor,
        'containment.execute',
        request,
        { state: request.state, result: request.result, reference: request.reference, attempts: request.attempts, approvedBy: request.approvedBy },
        ctx.now,
      );
      if (step === undefined) return { ok: true as const, request };
      if (step.ok) return { ok: true as const, request, step: step.step };
      return { ok: true as const, request, stepNote: `the playbook step was not marked: ${step.reason}` };
    });
  }

  async identifiersOf(personId: string): Promise<{ kind?: string; value: string }[]> {
    const { rows } = await this.db.query<{ kind: string | null; value: string }>('SELECT kind, value FROM identifiers WHERE person_id = $1 ORDER BY ordinal, value', [personId]);
    return rows.map((r) => (r.kind === null ? { value: r.value } : { kind: r.kind, value: r.value }));
  }
}

export const sqlContainmentStore = (db: SqlExecutor): ContainmentStore => new SqlContainmentStore(db);
