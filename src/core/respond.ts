// Stage three, respond: alerts, cases, their workflow, the playbook, verdict feedback (suppressions and the
// calibration of detectors' likelihood ratios) and the canonical form of audit rows. Pure (zod only): the store
// persists these, src/app/respond.ts wires them, and every rule lives here so it is tested once.
//
// Workflow (one open case per subject, i.e. per person or candidate):
//
//   new → triage → investigating → escalated (insider-risk | hr | legal) → contained → closed (verdict)
//              ↘ closed           ↘ contained / closed        ↘ closed          ↗
//
// A case is closed with a verdict (true-positive | false-positive | benign) and a reason. A true positive is closed
// only after containment (the playbook's containment steps done or skipped), so a confirmed fraudulent worker is never
// closed with live sessions. Each open state has an SLA clock (RespondConfig.sla): the case is due that many hours
// after it entered the state, and breached when the clock passes it.
import { z } from 'zod';
import type { CalibrationConfig, SlaHours } from './respond-config.ts';
import { RiskLevel } from './model.ts';

export const SubjectKind = z.enum(['person', 'candidate']);
export type SubjectKind = z.infer<typeof SubjectKind>;
export const Subject = z.object({ kind: SubjectKind, id: z.string().min(1).max(512) });
export type Subject = z.infer<typeof Subject>;

export const CaseState = z.enum(['new', 'triage', 'investigating', 'escalated', 'contained', 'closed']);
export type CaseState = z.infer<typeof CaseState>;
export type OpenState = Exclude<CaseState, 'closed'>;
export const EscalationTarget = z.enum(['insider-risk', 'hr', 'legal']);
export type EscalationTarget = z.infer<typeof EscalationTarget>;
export const Verdict = z.enum(['true-positive', 'false-positive', 'benign']);
export type Verdict = z.infer<typeof Verdict>;
export const AlertLevel = z.enum(['high', 'medium', 'low']);
export type AlertLevel = z.infer<typeof AlertLevel>;

/** A detector's (or vetting check's) combined likelihood ratio in the result that raised an alert. */
export const Contribution = z.object({ detector: z.string(), likelihoodRatio: z.number().positive() });
export type Contribution = z.infer<typeof Contribution>;

/** Bounds of free text: names, notes, reasons. Stored and shown as given (the UI escapes). */
export const ACTOR_MAX = 200;
export const NOTE_MAX = 20_000;
export const REASON_MAX = 2_000;

/** Free text without control characters other than tab and newlines (no U+0000, which PostgreSQL cannot store). */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), { message: 'must not contain control characters' })
    .refine((s) => s.trim().length > 0, { message: 'must not be blank' });
const oneLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'must not contain control characters' })
    .refine((s) => s.trim().length > 0, { message: 'must not be blank' });

export const Alert = z.object({
  id: z.string(),
  caseId: z.string(),
  subject: Subject,
  level: AlertLevel,
  previousLevel: RiskLevel,
  risk: z.number(),
  raisedAt: z.string(),
  /** Why, in one sentence: the rise and its strongest contributions. */
  reason: z.string(),
  contributions: z.array(Contribution),
});
export type Alert = z.infer<typeof Alert>;

export const Case = z.object({
  id: z.string(),
  subject: Subject,
  displayName: z.string().optional(),
  state: CaseState,
  escalatedTo: EscalationTarget.optional(),
  verdict: Verdict.optional(),
  /** Why the case was closed with its verdict. */
  verdictReason: z.string().optional(),
  assignee: z.string().optional(),
  /** The highest level among the case's alerts. */
  level: AlertLevel,
  openedAt: z.string(),
  updatedAt: z.string(),
  /** When the case entered its current state (the SLA clock starts here). */
  stateSince: z.string(),
  /** When the current state's SLA runs out (absent when closed or the state has no clock). */
  dueAt: z.string().optional(),
  closedAt: z.string().optional(),
});
export type Case = z.infer<typeof Case>;

export const Sla = z.object({ dueAt: z.string().optional(), breached: z.boolean(), overdueMinutes: z.number().int().optional() });
export type Sla = z.infer<typeof Sla>;

/** A note: immutable once written (the store refuses UPDATE and DELETE). */
export const Note = z.object({ id: z.string(), caseId: z.string(), at: z.string(), author: z.string(), text: z.string() });
export type Note = z.infer<typeof Note>;

export const StepId = z.enum([
  'revoke-sessions',
  'disable-account',
  'stop-payments',
  'stop-hiring',
  'preserve-evidence',
  'retrieve-laptop',
  'review-access',
  'hunt-infrastructure',
  'report-authorities',
]);
export type StepId = z.infer<typeof StepId>;
export const StepStatus = z.enum(['pending', 'done', 'skipped']);
export type StepStatus = z.infer<typeof StepStatus>;

export const PlaybookStep = z.object({
  step: StepId,
  title: z.string(),
  status: StepStatus,
  /** Who marked it done or skipped, and when. */
  by: z.string().optional(),
  at: z.string().optional(),
  /** Why it was skipped, or what was done. */
  comment: z.string().optional(),
  /** retrieve-laptop: the serial number of the device received (and the one shipped, when known). */
  serial: z.string().optional(),
  shippedSerial: z.string().optional(),
  /** report-authorities: the complaint reference (e.g. the IC3 complaint id); containment steps: the connector's request id. */
  reference: z.string().optional(),
});
export type PlaybookStep = z.infer<typeof PlaybookStep>;

export interface PlaybookEntry {
  step: StepId;
  title: string;
  /** What to do and why, from the published guidance. */
  guidance: string;
  appliesTo: SubjectKind[];
  /** Must be done or skipped before the case can be marked contained. */
  containment: boolean;
}

/**
 * The playbook, from the published guidance on North Korean remote IT workers: Microsoft Threat Intelligence,
 * "Jasper Sleet: North Korean remote IT workers' evolving tactics to infiltrate organizations" (30 June 2025,
 * mitigation and response); FBI public service announcement I-012325-PSA "North Korean IT Workers Conducting Data
 * Extortion" (23 January 2025, recommendations and reporting to IC3); US State, Treasury and FBI "Guidance on the
 * Democratic People's Republic of Korea Information Technology Workers" (16 May 2022, red flags: laptop shipping,
 * payment accounts). The order is the containment order: cut access first, then money, then evidence and the hunt.
 */
export const PLAYBOOK: readonly PlaybookEntry[] = [
  {
    step: 'revoke-sessions',
    title: 'Revoke sessions and tokens',
    guidance:
      'Revoke every sign-in session and refresh token (Entra revokeSignInSessions, Okta clear user sessions), and the API tokens, ' +
      'SSH keys, VPN certificates and personal access tokens the account holds. Do it before the person learns of the case: the ' +
      'FBI reports data theft and extortion after discovery.',
    appliesTo: ['person'],
    containment: true,
  },
  {
    step: 'disable-account',
    title: 'Disable the account',
    guidance: 'Disable the identity (Entra accountEnabled=false, Okta suspend) and its access to source control, cloud consoles and chat.',
    appliesTo: ['person'],
    containment: true,
  },
  {
    step: 'stop-payments',
    title: 'Stop payments',
    guidance:
      'Hold salary, contractor and expense payments. Record the payment accounts and payment services used: they are evidence, and ' +
      'the same accounts often pay several workers of one scheme.',
    appliesTo: ['person'],
    containment: false,
  },
  {
    step: 'stop-hiring',
    title: 'Stop the hiring process',
    guidance: 'Halt the offer, the background check and any equipment shipment; do not tell the candidate why.',
    appliesTo: ['candidate'],
    containment: true,
  },
  {
    step: 'preserve-evidence',
    title: 'Preserve evidence',
    guidance:
      'Export and keep the sign-in and audit logs, mail, chat, commits, the vetting record and interview recordings before any ' +
      'retention deletes them; image the device. Legal hold where counsel advises.',
    appliesTo: ['person', 'candidate'],
    containment: false,
  },
  {
    step: 'retrieve-laptop',
    title: 'Retrieve the laptop and verify its serial',
    guidance:
      'Have the company laptop returned and check that its serial number is the one shipped: laptop farms forward devices and ' +
      'return a different one. Record the serial received (and the serial shipped).',
    appliesTo: ['person'],
    containment: false,
  },
  {
    step: 'review-access',
    title: 'Review the code and access the person touched',
    guidance:
      'Review commits, pull requests, repositories cloned, secrets and data read or downloaded, and systems accessed; rotate every ' +
      'secret they could read; look for backdoors and remote-access tools.',
    appliesTo: ['person'],
    containment: false,
  },
  {
    step: 'hunt-infrastructure',
    title: 'Look for others on the same infrastructure',
    guidance:
      'Search for other employees and candidates sharing the IP addresses, devices, phones, e-mail addresses, home or shipping ' +
      'addresses, payment accounts or resume text: one facilitator often places several workers.',
    appliesTo: ['person', 'candidate'],
    containment: false,
  },
  {
    step: 'report-authorities',
    title: 'Report to the authorities',
    guidance: 'File a complaint with the FBI Internet Crime Complaint Center (ic3.gov) or a local FBI field office; record the complaint reference.',
    appliesTo: ['person', 'candidate'],
    containment: false,
  },
];

const playbookEntry = (step: StepId): PlaybookEntry => PLAYBOOK.find((p) => p.step === step)!;

/** The playbook of a new case about this kind of subject, every step pending. */
export function playbookFor(kind: SubjectKind): PlaybookStep[] {
  return PLAYBOOK.filter((p) => p.appliesTo.includes(kind)).map((p) => ({ step: p.step, title: p.title, status: 'pending' as const }));
}

export const guidanceOf = (step: StepId): string => playbookEntry(step).guidance;

// ---------------------------------------------------------------------------------------------------------------
// Alerts

const LEVEL_RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };
export const levelRank = (l: RiskLevel): number => LEVEL_RANK[l];

/** A subject's new result, as the pipeline or the vetting produced it. */
export interface LevelChange {
  subject: Subject;
  displayName?: string;
  level: RiskLevel;
  risk: number;
  contributions: Contribution[];
}

export interface AlertDraft {
  subject: Subject;
  displayName?: string;
  level: AlertLevel;
  previousLevel: RiskLevel;
  risk: number;
  reason: string;
  contributions: Contribution[];
}

const fmtLR = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2).replace(/\.?0+$/, '') : x.toPrecision(3));

/**
 * Alerts for the subjects whose level rose to `alertLevel` or above (a subject never seen before rose from none).
 * `previous` maps subject id to its stored level before this result. De-duplication against open cases is the
 * store's (isDuplicateAlert), since only it knows the open cases.
 */
export function alertDrafts(
  changes: readonly LevelChange[],
  previous: ReadonlyMap<string, RiskLevel | undefined>,
  alertLevel: AlertLevel,
): AlertDraft[] {
  const out: AlertDraft[] = [];
  for (const c of changes) {
    const before = previous.get(c.subject.id) ?? 'none';
    if (c.level === 'none' || levelRank(c.level) <= levelRank(before) || levelRank(c.level) < levelRank(alertLevel)) continue;
    const top = [...c.contributions].sort((a, b) => b.likelihoodRatio - a.likelihoodRatio).slice(0, 3);
    const why = top.length > 0 ? `: ${top.map((t) => `${t.detector} (likelihood ratio ${fmtLR(t.likelihoodRatio)})`).join(', ')}` : '';
    out.push({
      subject: c.subject,
      ...(c.displayName !== undefined ? { displayName: c.displayName } : {}),
      level: c.level,
      previousLevel: before,
      risk: c.risk,
      reason: `${c.subject.kind} ${c.subject.id} rose from ${before} to ${c.level} (risk ${c.risk})${why}`,
      contributions: c.contributions,
    });
  }
  return out;
}

/** An alert repeats one of the open case's alerts when that case already has one at this level or higher. */
export function isDuplicateAlert(level: AlertLevel, openCaseLevels: readonly AlertLevel[]): boolean {
  return openCaseLevels.some((l) => levelRank(l) >= levelRank(level));
}

export const maxLevel = (a: AlertLevel, b: AlertLevel): AlertLevel => (levelRank(a) >= levelRank(b) ? a : b);

// ---------------------------------------------------------------------------------------------------------------
// Workflow

const NEXT: Record<CaseState, readonly CaseState[]> = {
  new: ['triage', 'closed'],
  triage: ['investigating', 'closed'],
  investigating: ['escalated', 'contained', 'closed'],
  escalated: ['escalated', 'contained', 'closed'],
  contained: ['closed'],
  closed: [],
};

export const allowedNext = (s: CaseState): readonly CaseState[] => NEXT[s];

/** Largest number of detectors one suppression request names. */
export const SUPPRESS_MAX_DETECTORS = 50;

export const SuppressRequest = z.strictObject({
  /** Detector ids to suppress for this person (each becomes one suppression). */
  detectors: z.array(oneLine(200)).min(1).max(SUPPRESS_MAX_DETECTORS),
  reason: text(REASON_MAX).optional(),
  /** ISO date-time; default now + RespondConfig.suppressionDays. */
  until: z.iso.datetime({ offset: true }).optional(),
});
export type SuppressRequest = z.infer<typeof SuppressRequest>;

export const TransitionRequest = z.strictObject({
  to: CaseState,
  escalateTo: EscalationTarget.optional(),
  verdict: Verdict.optional(),
  /** Why (required when closing). */
  reason: text(REASON_MAX).optional(),
  /** Closing as false positive or benign: suppress these detectors for this person. */
  suppress: SuppressRequest.optional(),
});
export type TransitionRequest = z.infer<typeof TransitionRequest>;

export const AssignRequest = z.strictObject({ assignee: oneLine(ACTOR_MAX).nullable() });
export type AssignRequest = z.infer<typeof AssignRequest>;

export const NoteRequest = z.strictObject({ text: text(NOTE_MAX) });
export type NoteRequest = z.infer<typeof NoteRequest>;

export const StepRequest = z.strictObject({
  status: z.enum(['done', 'skipped']),
  comment: text(REASON_MAX).optional(),
  serial: oneLine(200).optional(),
  shippedSerial: oneLine(200).optional(),
  reference: oneLine(500).optional(),
});
export type StepRequest = z.infer<typeof StepRequest>;

export type Refused = { ok: false; reason: string };
export type Outcome<T> = ({ ok: true } & T) | Refused;

const refuse = (reason: string): Refused => ({ ok: false, reason });
const isoAt = (ms: number): string => new Date(ms).toISOString();

/** When a case entering `state` at `now` is due (undefined for closed). */
export function dueFor(state: CaseState, now: number, sla: SlaHours): string | undefined {
  if (state === 'closed') return undefined;
  return isoAt(now + sla[state] * 3_600_000);
}

export function slaOf(c: Pick<Case, 'dueAt' | 'state'>, now: number): Sla {
  if (c.state === 'closed' || c.dueAt === undefined) return { breached: false };
  const late = now - Date.parse(c.dueAt);
  return late > 0 ? { dueAt: c.dueAt, breached: true, overdueMinutes: Math.floor(late / 60_000) } : { dueAt: c.dueAt, breached: false };
}

/** A new case for an alert's subject. */
export function openCase(id: string, a: AlertDraft, now: number, sla: SlaHours): Case {
  const at = isoAt(now);
  return {
    id,
    subject: a.subject,
    ...(a.displayName !== undefined ? { displayName: a.displayName } : {}),
    state: 'new',
    level: a.level,
    openedAt: at,
    updatedAt: at,
    stateSince: at,
    dueAt: dueFor('new', now, sla),
  };
}

/**
 * Apply a transition, or refuse it with a reason a person can act on. `steps` are the case's playbook steps (moving
 * to contained needs the containment steps done or skipped).
 */
export function transition(c: Case, req: TransitionRequest, ctx: { now: number; sla: SlaHours; steps: readonly PlaybookStep[] }): Outcome<{ case: Case }> {
  const { to } = req;
  if (c.state === 'closed') return refuse(`case ${c.id} is closed (${c.verdict}); a new alert opens a new case`);
  if (!NEXT[c.state].includes(to)) {
    return refuse(`a case cannot go from ${c.state} to ${to}; from ${c.state} it can go to ${NEXT[c.state].join(' or ')}`);
  }
  if (req.escalateTo !== undefined && to !== 'escalated') return refuse('escalateTo is only given when escalating');
  if (req.verdict !== undefined && to !== 'closed') return refuse('a verdict is only given when closing');
  if (req.suppress !== undefined && to !== 'closed') return refuse('suppressions are only made when closing');
  const now = ctx.now;
  const at = isoAt(now);
  const next: Case = { ...c, state: to, updatedAt: at, stateSince: at };
  delete next.dueAt;
  const due = dueFor(to, now, ctx.sla);
  if (due !== undefined) next.dueAt = due;
  if (to === 'escalated') {
    if (!req.escalateTo) return refuse('escalating needs escalateTo: insider-risk, hr or legal');
    if (c.state === 'escalated' && c.escalatedTo === req.escalateTo) return refuse(`the case is already escalated to ${req.escalateTo}`);
    next.escalatedTo = req.escalateTo;
  }
  if (to === 'contained') {
    const open = ctx.steps.filter((s) => playbookEntry(s.step).containment && s.status === 'pending').map((s) => s.step);
    if (open.length > 0) return refuse(`containment steps still pending: ${open.join(', ')} (mark them done or skipped first)`);
  }
  if (to === 'closed') {
    if (!req.verdict) return refuse('closing needs a verdict: true-positive, false-positive or benign');
    if (!req.reason) return refuse('closing needs a reason: why this verdict');
    if (req.verdict === 'true-positive' && c.state !== 'contained') {
      return refuse('a true positive is closed after containment: mark the case contained first (revoke access, disable the account)');
    }
    if (req.suppress) {
      if (req.verdict === 'true-positive') return refuse('a true positive cannot suppress detectors');
      if (c.subject.kind !== 'person') return refuse('suppressions apply to monitored people, not candidates');
      if (req.suppress.until !== undefined && Date.parse(req.suppress.until) <= now) return refuse(`suppression expiry ${req.suppress.until} is not in the future`);
    }
    next.verdict = req.verdict;
    next.verdictReason = req.reason;
    next.closedAt = at;
  }
  return { ok: true, case: next };
}

export function assign(c: Case, req: AssignRequest, now: number): Outcome<{ case: Case }> {
  if (c.state === 'closed') return refuse(`case ${c.id} is closed`);
  if ((c.assignee ?? null) === req.assignee) return refuse(req.assignee === null ? 'the case has no assignee' : `the case is already assigned to ${req.assignee}`);
  const next: Case = { ...c, updatedAt: isoAt(now) };
  if (req.assignee === null) delete next.assignee;
  else next.assignee = req.assignee;
  return { ok: true, case: next };
}

/** Mark a playbook step done or skipped (by `actor`). A done step stays done; a skipped one can be done later. */
export function updateStep(c: Case, s: PlaybookStep, req: StepRequest, ctx: { actor: string; now: number }): Outcome<{ step: PlaybookStep }> {
  if (c.state === 'closed') return refuse(`case ${c.id} is closed`);
  if (s.status === 'done') return refuse(`step ${s.step} was already done by ${s.by} at ${s.at}`);
  if (s.status === 'skipped' && req.status === 'skipped') return refuse(`step ${s.step} was already skipped by ${s.by} at ${s.at}`);
  if (req.status === 'skipped' && !req.comment) return refuse(`skipping ${s.step} needs a comment: why`);
  if ((req.serial !== undefined || req.shippedSerial !== undefined) && s.step !== 'retrieve-laptop') return refuse('serial numbers belong to the retrieve-laptop step');
  // A reference: the IC3 complaint id, or the vendor request id of a containment connector's call (src/app/containment.ts).
  if (req.reference !== undefined && s.step !== 'report-authorities' && !playbookEntry(s.step).containment) {
    return refuse('a reference belongs to the report-authorities step or a containment step');
  }
  if (s.step === 'retrieve-laptop' && req.status === 'done') {
    if (!req.serial) return refuse('retrieve-laptop is done with the serial number of the device received (serial)');
    const norm = (x: string) => x.replace(/[\s-]/g, '').toUpperCase();
    if (req.shippedSerial !== undefined && norm(req.shippedSerial) !== norm(req.serial)) {
      return refuse(
        `the device received (serial ${req.serial}) is not the one shipped (serial ${req.shippedSerial}): the laptop was swapped or forwarded; ` +
          'record this in a note and keep the step pending until the shipped device is back',
      );
    }
  }
  const step: PlaybookStep = { step: s.step, title: s.title, status: req.status, by: ctx.actor, at: isoAt(ctx.now) };
  for (const k of ['comment', 'serial', 'shippedSerial', 'reference'] as const) if (req[k] !== undefined) step[k] = req[k];
  return { ok: true, step };
}

// ---------------------------------------------------------------------------------------------------------------
// Verdict feedback: suppressions and calibration

/** A stored suppression: one detector for one person, with a reason and an expiry (made by a false-positive verdict). */
export const StoredSuppression = z.object({
  id: z.string(),
  person: z.string(),
  detector: z.string(),
  reason: z.string(),
  until: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  caseId: z.string().optional(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
export type StoredSuppression = z.infer<typeof StoredSuppression>;

/** The suppressions a closing makes (one per detector), or none. */
export function suppressionsFromClosing(
  c: Case,
  req: TransitionRequest,
  ctx: { actor: string; now: number; suppressionDays: number },
): Omit<StoredSuppression, 'id'>[] {
  if (!req.suppress || c.subject.kind !== 'person') return [];
  const until = req.suppress.until ? new Date(Date.parse(req.suppress.until)).toISOString() : isoAt(ctx.now + ctx.suppressionDays * 86_400_000);
  const reason = req.suppress.reason ?? `case ${c.id} closed as ${req.verdict}: ${req.reason ?? ''}`.slice(0, REASON_MAX);
  return [...new Set(req.suppress.detectors)].map((detector) => ({
    person: c.subject.id,
    detector,
    reason,
    until,
    createdBy: ctx.actor,
    createdAt: isoAt(ctx.now),
    caseId: c.id,
  }));
}

/** Verdicts of closed cases in which a detector contributed. */
export interface VerdictCounts {
  truePositive: number;
  falsePositive: number;
  benign: number;
}

export interface CalibrationPrior extends CalibrationConfig {
  /** The detector's likelihood ratio before any verdict (its configured or observed value). */
  lr: number;
  /** Base rate of fraudulent workers (ScoringConfig.priorProbability). */
  priorProbability: number;
}

export interface Calibrated {
  detector: string;
  /** The calibrated likelihood ratio (the prior's when fewer than minVerdicts verdicts). */
  lr: number;
  /** How many verdicts it came from. */
  verdicts: number;
  priorLR: number;
  /** Posterior mean of the detector's precision P(fraud | it fired). */
  precision: number;
  applied: boolean;
  explanation: string;
}

/**
 * Calibrate a detector's likelihood ratio from the verdicts of closed cases it contributed to (a documented Bayesian
 * update). The detector's precision p = P(fraud | it fired) has a Beta(α₀, β₀) prior centred on what its configured
 * likelihood ratio LR₀ implies at the base rate π: with base odds o = π/(1−π), p₀ = LR₀·o / (1 + LR₀·o), α₀ = p₀·s,
 * β₀ = (1−p₀)·s, s = `strength` pseudo-verdicts. True positives count as successes; false positives and benign
 * verdicts as failures: p = (α₀ + TP) / (s + TP + FP + benign) (the posterior mean). The likelihood ratio that precision
 * implies is LR = [p/(1−p)] / o, kept within [floor, cap]. With no verdict LR = LR₀ (within the bounds).
 *
 * A limitation, stated: verdicts come from cases, opened for people whose risk rose, so other detectors' evidence is
 * mixed in; the prior's strength and the cap keep a handful of verdicts from moving a detector far.
 */
export function calibratedLR(detector: string, verdicts: VerdictCounts, prior: CalibrationPrior): Calibrated {
  const o = prior.priorProbability / (1 - prior.priorProbability);
  const p0 = (prior.lr * o) / (1 + prior.lr * o);
  const s = prior.strength;
  const tp = verdicts.truePositive;
  const neg = verdicts.falsePositive + verdicts.benign;
  const n = tp + neg;
  const p = (p0 * s + tp) / (s + n);
  const raw = p / (1 - p) / o;
  const bounded = Math.min(prior.cap, Math.max(prior.floor, raw));
  const applied = n >= prior.minVerdicts && n > 0;
  const lr = applied ? bounded : Math.min(prior.cap, Math.max(prior.floor, prior.lr));
  const bound = raw > prior.cap ? ` capped at ${fmtLR(prior.cap)}` : raw < prior.floor ? ` raised to the floor ${fmtLR(prior.floor)}` : '';
  const explanation = applied
    ? `${detector}: prior likelihood ratio ${fmtLR(prior.lr)} (precision ${p0.toPrecision(3)} at base rate ${prior.priorProbability}, worth ${s} verdicts); ` +
      `${tp} true positive${tp === 1 ? '' : 's'}, ${neg} false positive or benign → precision ${p.toPrecision(3)} → likelihood ratio ${fmtLR(raw)}${bound}`
    : `${detector}: ${n} verdict${n === 1 ? '' : 's'} (fewer than ${Math.max(1, prior.minVerdicts)}): likelihood ratio ${fmtLR(lr)} as configured`;
  return { detector, lr, verdicts: n, priorLR: prior.lr, precision: p, applied, explanation };
}

/**
 * The detectors a closed case's verdict is about: every contribution of its alerts (the evidence that raised it),
 * each with the highest likelihood ratio it had.
 */
export function verdictDetectors(alerts: readonly Pick<Alert, 'contributions'>[]): Contribution[] {
  const best = new Map<string, number>();
  for (const a of alerts) for (const c of a.contributions) best.set(c.detector, Math.max(best.get(c.detector) ?? 0, c.likelihoodRatio));
  return [...best].map(([detector, likelihoodRatio]) => ({ detector, likelihoodRatio })).sort((a, b) => (a.detector < b.detector ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------------------------
// Audit log rows: canonical serialisation (the store hashes it with SHA-256 and chains the rows)

export const AuditRow = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  /** Canonical JSON text (canonicalJson) of the action's details. */
  detail: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const GENESIS_HASH = '0'.repeat(64);
const MAX_DEPTH = 32;

/** JSON with object keys sorted (code-unit order), no whitespace; undefined members dropped. Bounded nesting. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw new Error(`audit detail nested deeper than ${MAX_DEPTH}`);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v, depth + 1)).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
}

/** The exact text a row's hash is computed over: every field but the hash, in a fixed order, as a JSON array. */
export function auditPreimage(r: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([r.seq, r.at, r.actor, r.action, r.subject, r.detail, r.prevHash]);
}

export type AuditProblemKind = 'edited' | 'deleted' | 'reordered' | 'inserted' | 'truncated';
export interface AuditProblem {
  seq: number;
  kind: AuditProblemKind;
  message: string;
}
export interface AuditVerification {
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** The last row's seq and hash (write it down elsewhere: an anchor to check the log against later). */
  head?: { seq: number; hash: string };
  firstBad?: AuditProblem;
}
