// The respond commands of the CLI, as functions (src/cli/main.ts declares the commands and prints what these return):
//   sleetwatch audit verify [--anchor SEQ:HASH]   → auditVerify      (exit 0 when the chain holds, 1 when tampered)
//   sleetwatch audit list [--after SEQ] [--limit N] → auditList
//   sleetwatch case list [--state S] [--assignee A] → caseList
//   sleetwatch case show ID                         → caseShow
//   sleetwatch suppression list [--active]          → suppressionList
//   sleetwatch suppression revoke ID --as NAME      → suppressionRevoke
//   sleetwatch calibration                          → calibrationReport
import type { Config } from '../core/config.ts';
import type { AuditProblem, AuditRow, CaseState } from '../core/respond.ts';
import type { Store } from '../store/types.ts';
import { RespondService } from './respond.ts';

const SEQ_HASH = /^(\d{1,15}):([0-9a-f]{64})$/;

/** Parse `--anchor SEQ:HASH` (a head printed by an earlier verify); throws naming the option. */
export function parseAnchor(value: string): { seq: number; hash: string } {
  const m = SEQ_HASH.exec(value.trim().toLowerCase());
  if (!m) throw new Error(`--anchor: expected SEQ:HASH (the head an earlier 'audit verify' printed, e.g. 42:<64 hex digits>), got '${value.slice(0, 100)}'`);
  return { seq: Number(m[1]), hash: m[2] };
}

export interface AuditVerifyOutput {
  ok: boolean;
  rows: number;
  head?: { seq: number; hash: string };
  firstBad?: AuditProblem;
  /** What to print, one line each. */
  lines: string[];
}

/** Recompute the audit chain. `ok` false: the first edited, deleted, reordered or inserted row is in firstBad. */
export async function auditVerify(store: Store, opts: { anchor?: string } = {}): Promise<AuditVerifyOutput> {
  const v = await store.respond().verifyAudit(opts.anchor ? { anchor: parseAnchor(opts.anchor) } : {});
  const lines = v.ok
    ? [`audit log intact: ${v.rows} row${v.rows === 1 ? '' : 's'} verified`, ...(v.head ? [`head ${v.head.seq}:${v.head.hash} (keep it elsewhere and pass it as --anchor later)`] : [])]
    : [`audit log TAMPERED: ${v.firstBad!.message}`, `first bad row: ${v.firstBad!.seq} (${v.firstBad!.kind}); ${v.rows} row${v.rows === 1 ? '' : 's'} before it verified`];
  return { ...v, lines };
}

const auditLine = (r: AuditRow): string => `${r.seq}\t${r.at}\t${r.actor}\t${r.action}\t${r.subject}\t${r.detail}`;

export async function auditList(store: Store, opts: { after?: number; limit?: number } = {}): Promise<{ rows: AuditRow[]; lines: string[] }> {
  const rows = await store.respond().listAudit(opts);
  return { rows, lines: rows.map(auditLine) };
}

export async function caseList(store: Store, config: Config, opts: { state?: CaseState; assignee?: string; limit?: number } = {}) {
  const cases = await new RespondService(store, config).listCases(opts);
  return {
    cases,
    lines: cases.map(
      (c) =>
        `${c.id}\t${c.state}${c.escalatedTo ? `:${c.escalatedTo}` : ''}${c.verdict ? `:${c.verdict}` : ''}\t${c.level}\t${c.subject.kind}:${c.subject.id}\t` +
        `${c.assignee ?? '-'}\t${c.sla.breached ? `SLA BREACHED (${c.sla.overdueMinutes} min)` : c.sla.dueAt ? `due ${c.sla.dueAt}` : ''}`,
    ),
  };
}

export async function caseShow(store: Store, config: Config, id: string) {
  const d = await new RespondService(store, config).getCase(id);
  if (!d) return { found: false as const, lines: [`no case ${id}`] };
  const c = d.case;
  const lines = [
    `${c.id}: ${c.subject.kind} ${c.subject.id}${c.displayName ? ` (${c.displayName})` : ''}, ${c.level}, ${c.state}${c.escalatedTo ? ` to ${c.escalatedTo}` : ''}` +
      `${c.verdict ? `, ${c.verdict}: ${c.verdictReason}` : ''}`,
    `opened ${c.openedAt}; assignee ${c.assignee ?? 'none'}; ${d.sla.breached ? `SLA breached ${d.sla.overdueMinutes} min ago` : d.sla.dueAt ? `due ${d.sla.dueAt}` : 'no SLA clock'}`,
    'alerts:',
    ...d.alerts.map((a) => `  ${a.raisedAt} ${a.level}: ${a.reason}`),
    'playbook:',
    ...d.steps.map((s) => `  [${s.status === 'done' ? 'x' : s.status === 'skipped' ? '-' : ' '}] ${s.title}${s.by ? ` (${s.by}, ${s.at}${s.comment ? `: ${s.comment}` : ''})` : ''}`),
    'notes:',
    ...d.notes.map((n) => `  ${n.at} ${n.author}: ${n.text}`),
  ];
  return { found: true as const, detail: d, lines };
}

export async function suppressionList(store: Store, config: Config, opts: { active?: boolean } = {}) {
  const list = await new RespondService(store, config).listSuppressions(opts);
  return {
    suppressions: list,
    lines: list.map((s) => `${s.id}\t${s.person}\t${s.detector}\tuntil ${s.until}${s.revokedAt ? `\trevoked ${s.revokedAt} by ${s.revokedBy}` : ''}\t${s.reason}`),
  };
}

export async function suppressionRevoke(store: Store, config: Config, id: string, actor: string) {
  const out = await new RespondService(store, config).revokeSuppression(id, actor);
  return { ...out, lines: [out.ok ? `revoked ${id} (${out.suppression.person}, ${out.suppression.detector})` : out.reason] };
}

export async function calibrationReport(store: Store, config: Config) {
  const list = await new RespondService(store, config).calibration();
  return { calibration: list, lines: list.map((c) => `${c.kind === 'person' ? 'detector' : 'check'} ${c.calibrated.explanation}`) };
}
