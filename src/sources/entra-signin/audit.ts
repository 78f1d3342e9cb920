// One Entra audit record (Graph directoryAudit) → NormalizedEvent, shared by the formats that carry it: the Graph
// API page (auditLogs/directoryAudits), the Azure Monitor diagnostic export (category AuditLogs, in `properties`)
// and Sentinel / Log Analytics AuditLogs rows (columns mapped onto these names). Same record, same id `entra:${id}`.
// An audit initiated by an application or service principal (initiatedBy.app, no user) is valid but not about a
// person: it is ignored with that reason, never rejected.
import type { Identifier, NormalizedEvent, Origin } from '../../core/model.ts';
import { fnv1a64 } from '../../core/hash.ts';
import { notAPerson, type ParseOutcome } from '../types.ts';
import { badIp, ipOf } from '../common/ip.ts';

/** Graph directoryAudit properties read (https://learn.microsoft.com/graph/api/resources/directoryaudit). */
export interface GraphDirectoryAudit {
  id?: unknown;
  activityDisplayName?: unknown;
  operationName?: unknown;
  category?: unknown;
  result?: unknown;
  resultReason?: unknown;
  initiatedBy?: unknown;
  loggedByService?: unknown;
  userAgent?: unknown;
  additionalDetails?: unknown;
}

export interface AuditContext {
  source: string;
  origin: Origin;
  /** Already parsed from the container's own time field. */
  time: number;
  /** How the input names a Graph property path ('initiatedBy.user' → 'properties.initiatedBy.user'). */
  field: (graphPath: string) => string;
  /** The raw record, hashed for an id when the record has none. */
  record: unknown;
  /** Outer fields the record may lack: diagnostic callerIpAddress / top-level result / operationName. */
  ip?: string;
  result?: string;
  operation?: string;
}

const IGNORE_APP = notAPerson('Entra audit initiated by an application or service principal');
const IGNORE_NOBODY = notAPerson('Entra audit initiated by no user or application (a system process)');
const NULL_GUID = '00000000-0000-0000-0000-000000000000';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** User-Agent from additionalDetails [{key:"User-Agent", value}] (Graph) when the record has no userAgent. */
function agentOf(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const d of details) if (isRecord(d) && d.key === 'User-Agent') return str(d.value);
  return undefined;
}

export function buildAudit(a: GraphDirectoryAudit, ctx: AuditContext): ParseOutcome<NormalizedEvent> {
  const by = a.initiatedBy;
  if (by === undefined || by === null) return { ok: false, field: ctx.field('initiatedBy'), message: 'missing' };
  if (!isRecord(by)) return { ok: false, field: ctx.field('initiatedBy'), message: 'not an object' };
  const user = isRecord(by.user) ? by.user : undefined;
  const upn = user ? str(user.userPrincipalName) : undefined;
  let uid = user ? str(user.id) : undefined;
  if (uid === NULL_GUID) uid = undefined; // Graph's placeholder for "no user" (self-service and system processes)
  if (upn === undefined && uid === undefined) return isRecord(by.app) ? IGNORE_APP : IGNORE_NOBODY;
  const ids: Identifier[] = [];
  if (upn !== undefined) ids.push({ kind: 'upn', value: upn });
  if (uid !== undefined) ids.push({ kind: 'entraId', value: uid });
  const rawId = str(a.id);
  const result = str(a.result) ?? ctx.result;
  const outcome = result === undefined ? 'unknown' : /^succe/i.test(result) ? 'success' : /^fail/i.test(result) ? 'failure' : 'unknown';
  const userIp = user ? str(user.ipAddress) : undefined;
  const ip = userIp !== undefined ? ipOf(userIp, ctx.field('initiatedBy.user.ipAddress')) : ipOf(ctx.ip, 'callerIpAddress');
  if (badIp(ip)) return ip;
  const ev: NormalizedEvent = {
    id: rawId !== undefined ? `entra:${rawId}` : `entra:h${fnv1a64(JSON.stringify(ctx.record))}`,
    source: ctx.source,
    kind: 'audit',
    type: str(a.activityDisplayName) ?? str(a.operationName) ?? ctx.operation ?? 'audit',
    time: ctx.time,
    actor: { ids, displayName: user ? str(user.displayName) : undefined },
    outcome,
    reason: str(a.resultReason),
    ip,
    userAgent: str(a.userAgent) ?? agentOf(a.additionalDetails),
    deviceId: undefined,
    app: str(a.loggedByService),
    interactive: undefined,
    vendorGeo: undefined,
    vendorNet: undefined,
    vendorRisk: undefined,
    origin: ctx.origin,
  };
  return { ok: true, items: [ev] };
}
