// The containment commands of the CLI, as functions (src/cli/main.ts declares them and prints what these return):
//   sleetwatch containment list [--state S] [--case ID]
//   sleetwatch containment propose CASE --connector graph|okta --action revoke-sessions|disable-account [--target T] [--reason R] [--as NAME]
//   sleetwatch containment approve REQUEST [--reason R] [--as NAME]   (runs the connector)
//   sleetwatch containment reject REQUEST [--reason R] [--as NAME]
// The actor is --as NAME, else the operating-system user running the command. The CLI talks to the database
// directly, so whoever runs it already has the store's access: the two-person rule here binds names, and the API
// (authenticated users and tokens) is where it binds people.
import { userInfo } from 'node:os';
import type { Config } from '../core/config.ts';
import { ConnectorId, ContainmentAction, ContainmentState, type ContainmentRequest } from '../core/containment.ts';
import type { PlaybookStep } from '../core/respond.ts';
import type { Store } from '../store/types.ts';
import { ContainmentService } from './containment.ts';

/** --as, else the OS user name; a clear error when neither gives a usable name. */
export function cliActor(as: string | undefined): string {
  const name = (as ?? safeUser()).trim();
  if (!name || /[\u0000-\u001f\u007f]/.test(name) || name.length > 200) throw new Error('--as NAME is needed: the operating-system user name is not usable as the actor');
  return name;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

export const requestLine = (r: ContainmentRequest): string =>
  `${r.id}\t${r.state}\t${r.caseId}\t${r.connector} ${r.action} ${r.target}\tproposed by ${r.proposedBy} ${r.proposedAt}` +
  `${r.approvedBy ? `\t${r.state === 'rejected' ? 'rejected' : 'approved'} by ${r.approvedBy}` : ''}${r.result ? `\t${r.result}` : ''}`;

export async function containmentList(store: Store, config: Config, opts: { state?: string; caseId?: string }) {
  const state = opts.state === undefined ? undefined : ContainmentState.parse(opts.state);
  const list = await new ContainmentService(store, config).list({ ...(state ? { state } : {}), ...(opts.caseId ? { caseId: opts.caseId } : {}), limit: 1000 });
  return { requests: list, lines: list.map(requestLine) };
}

export async function containmentPropose(store: Store, config: Config, caseId: string, opts: { connector: string; action: string; target?: string; reason?: string; actor: string }) {
  const connector = ConnectorId.safeParse(opts.connector);
  const action = ContainmentAction.safeParse(opts.action);
  if (!connector.success) return { ok: false as const, lines: [`--connector must be ${ConnectorId.options.join(' or ')}`] };
  if (!action.success) return { ok: false as const, lines: [`--action must be ${ContainmentAction.options.join(' or ')}`] };
  const out = await new ContainmentService(store, config).propose(
    caseId,
    { connector: connector.data, action: action.data, ...(opts.target ? { target: opts.target } : {}), ...(opts.reason ? { reason: opts.reason } : {}) },
    opts.actor,
  );
  if (!out.ok) return { ok: false as const, lines: [out.reason] };
  return { ok: true as const, request: out.request, lines: [`proposed ${requestLine(out.request)}`, `a second person approves it: sleetwatch containment approve ${out.request.id}`] };
}

export async function containmentDecide(store: Store, config: Config, kind: 'approve' | 'reject', id: string, opts: { reason?: string; actor: string }) {
  const svc = new ContainmentService(store, config);
  const out = kind === 'approve' ? await svc.approve(id, opts.actor, opts.reason) : await svc.reject(id, opts.actor, opts.reason);
  if (!out.ok) return { ok: false as const, lines: [out.reason] };
  const lines = [requestLine(out.request)];
  const extra = out as { step?: PlaybookStep; stepNote?: string };
  if (extra.step) lines.push(`playbook step ${extra.step.step} done (${extra.step.reference ?? ''})`);
  if (extra.stepNote) lines.push(extra.stepNote);
  // A failed execution is an approval that happened but an action that did not: exit non-zero.
  return { ok: out.request.state !== 'failed', request: out.request, lines };
}
