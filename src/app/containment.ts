// Containment wired: a proposal names the connector and the action; the target account is the one the person's
// stored identifiers give for that vendor (or the proposer's); a second person's approval claims the request in the
// store (one execution even when two approve at once), the connector runs outside any transaction (an HTTP call must
// not hold row locks), and the outcome is recorded with the playbook step in one transaction. A proposal's
// `containment.awaiting-approval` notification is queued in the proposal's own transaction (both commit or neither).
//
// Target per vendor, from the identifiers the sources stored (src/core/model.ts IdentifierKind):
// - graph: the Entra object id (`entraId`: immutable, survives a rename of the UPN), else the userPrincipalName
//   (`upn`), else a work e-mail (often the UPN). Graph takes either form in /users/{id | userPrincipalName}.
// - okta: the Okta user id (`oktaId`, 00u…), else the login (`email` / `upn`: an Okta login is an e-mail-shaped
//   name), which the connector resolves to the id first.
import type { Config } from '../core/config.ts';
import { ContainmentRequest, type ConnectorId, type ProposeRequest } from '../core/containment.ts';
import { containmentEvent } from '../core/notify.ts';
import type { PlaybookStep } from '../core/respond.ts';
import type { ContainmentFilter } from '../store/containment-types.ts';
import type { RespondOutcome } from '../store/respond-types.ts';
import type { Store } from '../store/types.ts';
import { buildConnectors, ConnectorError, type Connector } from './connectors/index.ts';
import { scrub } from './connectors/http.ts';
import { OKTA_USER_ID } from './connectors/okta.ts';
import { enqueueNotifications } from './notify/enqueue.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAILISH = /^[^\s@]{1,200}@[^\s@]{1,200}$/;

/** The account a connector acts on, from a person's identifiers (kind, value) in stored order; undefined when none fits. */
export function targetFor(connector: ConnectorId, ids: readonly { kind?: string; value: string }[]): string | undefined {
  const kindOf = (i: { kind?: string; value: string }): string | undefined =>
    i.kind ?? (GUID.test(i.value) ? 'entraId' : OKTA_USER_ID.test(i.value) ? 'oktaId' : EMAILISH.test(i.value) ? 'upn' : undefined);
  const first = (...kinds: string[]) => {
    for (const k of kinds) {
      const hit = ids.find((i) => kindOf(i) === k && (k === 'upn' || k === 'email' ? EMAILISH.test(i.value) : true));
      if (hit) return hit.value;
    }
    return undefined;
  };
  return connector === 'graph' ? first('entraId', 'upn', 'email') : first('oktaId', 'email', 'upn');
}

export interface ApproveResult {
  request: ContainmentRequest;
  step?: PlaybookStep;
  stepNote?: string;
}

export class ContainmentService {
  private readonly connectors: Map<ConnectorId, Connector>;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    opts: { connectors?: Map<ConnectorId, Connector>; env?: NodeJS.ProcessEnv; now?: () => number } = {},
  ) {
    this.connectors = opts.connectors ?? buildConnectors(config.connectors, { allow: config.outbound.allow, env: opts.env });
    this.now = opts.now ?? Date.now;
  }
  private readonly now: () => number;

  /** The connectors configured (for the settings page and the CLI). */
  configured(): ConnectorId[] {
    return [...this.connectors.keys()];
  }

  async propose(caseId: string, req: ProposeRequest, actor: string): Promise<RespondOutcome<{ request: ContainmentRequest }>> {
    if (!this.connectors.has(req.connector)) {
      return { ok: false, code: 'refused', reason: `the ${req.connector} connector is not configured (connectors.${req.connector} in the config)` };
    }
    const detail = await this.store.respond().getCase(caseId);
    if (!detail) return { ok: false, code: 'not-found', reason: `no case ${caseId}` };
    let target = req.target;
    if (target === undefined && detail.case.subject.kind === 'person') {
      target = targetFor(req.connector, await this.store.containment().identifiersOf(detail.case.subject.id));
      if (target === undefined) {
        const need = req.connector === 'graph' ? 'an Entra object id, UPN or work e-mail' : 'an Okta user id or login';
        return { ok: false, code: 'refused', reason: `the person of case ${caseId} has no stored identifier the ${req.connector} connector can use (${need}): give target` };
      }
    }
    const now = this.now();
    // The store's propose joins this transaction; the notification names the case as it is once the case row is locked.
    return this.store.atomic(async (tx) => {
      const o = await tx.containment().propose(
        { caseId, connector: req.connector, action: req.action, target: target ?? '', ...(req.reason !== undefined ? { reason: req.reason } : {}) },
        { actor, now },
      );
      if (!o.ok) return o;
      const c = (await tx.respond().getCase(caseId))?.case ?? detail.case;
      await enqueueNotifications(tx, [containmentEvent(c, o.request)], this.config, now);
      return o;
    });
  }

  list(filter: ContainmentFilter = {}): Promise<ContainmentRequest[]> {
    return this.store.containment().list(filter);
  }

  get(id: string): Promise<ContainmentRequest | undefined> {
    return this.store.containment().get(id);
  }

  reject(id: string, actor: string, reason?: string): Promise<RespondOutcome<{ request: ContainmentRequest }>> {
    return this.store.containment().reject(id, { actor, now: this.now(), ...(reason !== undefined ? { reason } : {}) });
  }

  /**
   * Approve as `actor` (not the proposer) and execute at once. A failed vendor call is a request in state failed with
   * the reason (the answer is still a success: the approval happened); only the approval's refusals are errors.
   */
  async approve(id: string, actor: string, reason?: string): Promise<RespondOutcome<ApproveResult>> {
    const claimed = await this.store.containment().approve(id, { actor, now: this.now(), ...(reason !== undefined ? { reason } : {}) });
    if (!claimed.ok) return claimed;
    const r = claimed.request;
    const connector = this.connectors.get(r.connector);
    let outcome: Parameters<ReturnType<Store['containment']>['finish']>[1];
    if (!connector) outcome = { ok: false, result: `the ${r.connector} connector is not configured (connectors.${r.connector})`, attempts: 0 };
    else {
      try {
        const done = await connector.run(r.action, r.target);
        outcome = { ok: true, reference: done.reference, result: done.result, attempts: done.attempts };
      } catch (e) {
        outcome =
          e instanceof ConnectorError
            ? { ok: false, result: e.message, attempts: e.attempts }
            : { ok: false, result: `unexpected error: ${scrub((e as Error).message ?? String(e))}`, attempts: 1 };
      }
    }
    const finished = await this.store.containment().finish(id, outcome, { actor, now: this.now() });
    if (!finished.ok) return finished;
    const out: ApproveResult = { request: finished.request };
    if (finished.step) out.step = finished.step;
    if (finished.stepNote) out.stepNote = finished.stepNote;
    return { ok: true, ...out };
  }
}

export { ContainmentRequest };
