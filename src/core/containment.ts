// Containment requests (issue 11): an action on a person's identity-provider account (revoke sessions, disable the
// account) that one person proposes and a second person approves before a connector carries it out. Pure (zod only):
// the store persists these, src/app/containment.ts runs the connectors, the server and CLI expose them.
//
//   pending ─approve (another person)→ approved ─connector→ done | failed
//          └reject→ rejected
//
// A request is made only on an escalated or contained case: containment cuts a person's access, so the case must have
// been investigated and escalated first (a case in triage is not enough), and a contained case may still need a second
// action (disable after revoke). A closed case takes no new request.
import { z } from 'zod';
import type { CaseState } from './respond.ts';

export const ConnectorId = z.enum(['graph', 'okta']);
export type ConnectorId = z.infer<typeof ConnectorId>;
/** The playbook steps a connector can carry out (src/core/respond.ts StepId). */
export const ContainmentAction = z.enum(['revoke-sessions', 'disable-account']);
export type ContainmentAction = z.infer<typeof ContainmentAction>;
export const ContainmentState = z.enum(['pending', 'approved', 'rejected', 'done', 'failed']);
export type ContainmentState = z.infer<typeof ContainmentState>;

/** States of a case that accept a containment request. */
export const CONTAINABLE: readonly CaseState[] = ['escalated', 'contained'];

const oneLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'must not contain control characters' })
    .refine((s) => s.trim().length > 0, { message: 'must not be blank' });

/** What a proposer sends. `target`: the account at the vendor (default: derived from the person's identifiers). */
export const ProposeRequest = z.strictObject({
  connector: ConnectorId,
  action: ContainmentAction,
  target: oneLine(320).optional(),
  reason: oneLine(2000).optional(),
});
export type ProposeRequest = z.infer<typeof ProposeRequest>;

export const DecideRequest = z.strictObject({ reason: oneLine(2000).optional() });
export type DecideRequest = z.infer<typeof DecideRequest>;

export const ContainmentRequest = z.object({
  id: z.string(),
  caseId: z.string(),
  /** The person the case is about. */
  personId: z.string(),
  connector: ConnectorId,
  action: ContainmentAction,
  /** The account acted on at the vendor: Entra object id or UPN, Okta user id or login. */
  target: z.string(),
  reason: z.string().optional(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  state: ContainmentState,
  approvedBy: z.string().optional(),
  /** Approved or rejected at. */
  decidedAt: z.string().optional(),
  decisionReason: z.string().optional(),
  /** done: the vendor's reference (request id) and what it answered; failed: why. */
  result: z.string().optional(),
  reference: z.string().optional(),
  attempts: z.number().int(),
  finishedAt: z.string().optional(),
});
export type ContainmentRequest = z.infer<typeof ContainmentRequest>;

/** Why a proposal is refused on this case, or undefined when it may go ahead. */
export function proposalRefusal(c: { id: string; state: CaseState; subject: { kind: string } }): string | undefined {
  if (c.subject.kind !== 'person') return `case ${c.id} is about a candidate: containment acts on a monitored person's account`;
  if (!CONTAINABLE.includes(c.state)) {
    return `case ${c.id} is ${c.state}: containment is proposed on an escalated or contained case (escalate it first)`;
  }
  return undefined;
}

/** Why `approver` may not approve (or reject) this request, or undefined. */
export function decisionRefusal(r: Pick<ContainmentRequest, 'id' | 'state' | 'proposedBy' | 'approvedBy'>, approver: string, kind: 'approve' | 'reject'): string | undefined {
  if (r.state !== 'pending') return `request ${r.id} is already ${r.state}${r.approvedBy ? ` (by ${r.approvedBy})` : ''}`;
  // The two-person rule binds approval; the proposer may withdraw (reject) their own request.
  if (kind === 'approve' && r.proposedBy === approver) return `request ${r.id} was proposed by ${approver}: a second person must approve it`;
  return undefined;
}
