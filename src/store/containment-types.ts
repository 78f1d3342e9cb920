// The containment part of the store (migration 011): requests to act on a person's account through a connector, with
// the two-person rule. Every change writes its audit row (containment.propose / approve / reject / execute) through
// the respond store's audit log in the same transaction. Rules live in src/core/containment.ts.
import type { ContainmentAction, ContainmentRequest, ContainmentState, ConnectorId } from '../core/containment.ts';
import type { PlaybookStep } from '../core/respond.ts';
import type { ActContext, RespondOutcome } from './respond-types.ts';

export interface ContainmentFilter {
  state?: ContainmentState;
  caseId?: string;
  limit?: number;
  offset?: number;
}

export interface NewContainment {
  caseId: string;
  connector: ConnectorId;
  action: ContainmentAction;
  /** The account at the vendor, resolved by the caller (src/app/containment.ts targetFor). */
  target: string;
  reason?: string;
}

/** What the connector did with an approved request. */
export type ContainmentOutcome =
  | { ok: true; reference: string; result: string; attempts: number }
  | { ok: false; result: string; attempts: number };

export interface ContainmentStore {
  /** A pending request on a person's escalated or contained case (refused otherwise). */
  propose(req: NewContainment, ctx: ActContext): Promise<RespondOutcome<{ request: ContainmentRequest }>>;
  get(id: string): Promise<ContainmentRequest | undefined>;
  /** Newest first. */
  list(filter?: ContainmentFilter): Promise<ContainmentRequest[]>;
  /**
   * Claim a pending request for execution (pending → approved) as `ctx.actor`, who must not be its proposer. The
   * state is checked in the UPDATE itself, so of two approvers at once exactly one gets the request; the other is
   * refused ("already approved").
   */
  approve(id: string, ctx: ActContext & { reason?: string }): Promise<RespondOutcome<{ request: ContainmentRequest }>>;
  reject(id: string, ctx: ActContext & { reason?: string }): Promise<RespondOutcome<{ request: ContainmentRequest }>>;
  /**
   * Record the outcome of an approved request (approved → done | failed). On success the case's matching playbook
   * step is marked done with the connector's reference, in the same transaction (`step`; absent when the step was
   * already done, skipped or the case closed meanwhile: `stepNote` says why).
   */
  finish(id: string, outcome: ContainmentOutcome, ctx: ActContext): Promise<RespondOutcome<{ request: ContainmentRequest; step?: PlaybookStep; stepNote?: string }>>;
  /** A person's stored identifiers with their kinds (upn, email, entraId, oktaId …), in their stored order. */
  identifiersOf(personId: string): Promise<{ kind?: string; value: string }[]>;
}
