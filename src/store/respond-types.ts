// The respond part of the store (migration 009): alerts, cases, notes, playbook steps, suppressions, verdicts and the
// hash-chained audit log. Every change writes its audit row in the same transaction (the audit head row is locked
// last, after any case row, so concurrent writers cannot deadlock on it). Rules live in src/core/respond.ts.
import type {
  Alert,
  AlertDraft,
  AuditRow,
  AuditVerification,
  Case,
  CaseState,
  Note,
  PlaybookStep,
  StepId,
  StepRequest,
  StoredSuppression,
  Subject,
  TransitionRequest,
  AssignRequest,
  Contribution,
} from '../core/respond.ts';
import type { SlaHours } from '../core/respond-config.ts';
import type { RiskLevel } from '../core/model.ts';

/** Errors as results: `not-found` (no such case or step) or `refused` (the workflow refuses it, with the reason). */
export type RespondOutcome<T> = ({ ok: true } & T) | { ok: false; code: 'not-found' | 'refused'; reason: string };

export interface CaseFilter {
  state?: CaseState;
  assignee?: string;
  /** Only open (true) or closed (false) cases. */
  open?: boolean;
  subject?: Subject;
  limit?: number;
  offset?: number;
}

export interface CaseDetail {
  case: Case;
  alerts: Alert[];
  notes: Note[];
  steps: PlaybookStep[];
}

/** Who acts and when (epoch ms); the SLA hours of the states. */
export interface ActContext {
  actor: string;
  now: number;
}

/** Verdict counts of the closed cases a detector contributed to, and the geometric mean of its contributions there. */
export interface DetectorVerdicts {
  /** person: a monitoring detector; candidate: a vetting check. */
  kind: Subject['kind'];
  detector: string;
  truePositive: number;
  falsePositive: number;
  benign: number;
  /** exp(mean ln LR) of the detector's contributions in those cases (a prior when the config sets none). */
  meanLR: number;
}

export interface AuditEntry {
  actor: string;
  action: string;
  /** What the action is about, e.g. 'case:case-12', 'person:p_1', 'suppression:sup_…'. */
  subject: string;
  detail: unknown;
}

export interface RaisedAlert {
  alert: Alert;
  /** A case was opened for it (else it joined the subject's open case). */
  opened: boolean;
}

export interface RespondStore {
  /** The stored level of each subject (people.level, candidates.level), by subject id; absent when not stored. */
  previousLevels(subjects: Subject[]): Promise<Map<string, RiskLevel>>;
  /**
   * Record alerts: each joins its subject's open case (or opens one, with the playbook of its kind), unless that case
   * already has an alert at its level or higher (a duplicate, skipped). Returns the alerts written.
   */
  raiseAlerts(drafts: AlertDraft[], ctx: ActContext & { sla: SlaHours }): Promise<RaisedAlert[]>;
  listCases(filter?: CaseFilter): Promise<Case[]>;
  getCase(caseId: string): Promise<CaseDetail | undefined>;
  /** Apply a workflow transition (src/core/respond.ts transition); closing records verdicts and any suppressions. */
  transitionCase(
    caseId: string,
    req: TransitionRequest,
    ctx: ActContext & { sla: SlaHours; suppressionDays: number },
  ): Promise<RespondOutcome<{ case: Case; suppressions: StoredSuppression[]; verdicts: Contribution[] }>>;
  assignCase(caseId: string, req: AssignRequest, ctx: ActContext): Promise<RespondOutcome<{ case: Case }>>;
  addNote(caseId: string, text: string, ctx: ActContext): Promise<RespondOutcome<{ note: Note }>>;
  updateStep(caseId: string, step: StepId, req: StepRequest, ctx: ActContext): Promise<RespondOutcome<{ step: PlaybookStep }>>;
  /** Suppressions, newest first; `activeAt` (epoch ms): only those not revoked and not expired then. */
  listSuppressions(filter?: { activeAt?: number; person?: string }): Promise<StoredSuppression[]>;
  revokeSuppression(id: string, ctx: ActContext): Promise<RespondOutcome<{ suppression: StoredSuppression }>>;
  verdictCounts(): Promise<DetectorVerdicts[]>;
  /** Append audit rows (in the caller's transaction when inside atomic()). */
  appendAudit(entries: AuditEntry[], now: number): Promise<AuditRow[]>;
  /** Rows after `after` (seq), oldest first, at most `limit` (default 100). */
  listAudit(filter?: { after?: number; limit?: number }): Promise<AuditRow[]>;
  /** Recompute the chain and report the first edited, deleted, reordered or inserted row. */
  verifyAudit(opts?: { anchor?: { seq: number; hash: string } }): Promise<AuditVerification>;
}
