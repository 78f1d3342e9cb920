// Microsoft Entra ID Protection records → NormalizedEvent, shared by the formats that carry them: Graph
// identityProtection pages (riskDetections, riskyUsers), the Azure Monitor diagnostic export (categories
// UserRiskEvents and RiskyUsers, the same resources in `properties`) and Sentinel rows (AADUserRiskEvents,
// AADRiskyUsers). They carry the vendor's own verdict (`vendorRisk`: level, state, types) that the vendor-risk
// detector reads.
//
// A risk detection on a sign-in (activity "signin") stands for that sign-in: kind 'signin', outcome 'success', at the
// risky activity's time, with its IP and Microsoft's location — the vendor-risk detector counts verdicts on
// successful sign-ins only, and a detection on a sign-in that Entra had refused would carry no sign-in risk. Its id
// is the detection's own (`entra:risk:${id}`), so it never replaces the sign-in record itself. A user-level detection
// (activity "user": leaked credentials, threat intelligence) and a risky-user state are audit events: they say
// something about the account, not about a sign-in.
import type { Identifier, NormalizedEvent, Origin } from '../../core/model.ts';
import { fnv1a64 } from '../../core/hash.ts';
import type { ParseOutcome } from '../types.ts';
import { badIp, ipOf } from '../common/ip.ts';
import { vendorPlace } from './normalize.ts';

/** Graph riskDetection (https://learn.microsoft.com/graph/api/resources/riskdetection) and riskyUser properties read. */
export interface GraphRisk {
  id?: unknown;
  requestId?: unknown;
  riskEventType?: unknown;
  riskType?: unknown;
  riskState?: unknown;
  riskLevel?: unknown;
  riskDetail?: unknown;
  activity?: unknown;
  ipAddress?: unknown;
  location?: unknown;
  userId?: unknown;
  userDisplayName?: unknown;
  userPrincipalName?: unknown;
  additionalInfo?: unknown;
}

export interface RiskContext {
  source: string;
  origin: Origin;
  /** Already parsed: activityDateTime (detection) or riskLastUpdatedDateTime (risky user). */
  time: number;
  field: (graphPath: string) => string;
  record: unknown;
}

export const RISK_DETECTION_TYPE = 'User Risk Detection';
export const RISKY_USER_TYPE = 'Risky user';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function identify(r: GraphRisk, ctx: RiskContext, idField: string): Identifier[] | ParseOutcome<never> {
  const upn = str(r.userPrincipalName);
  const uid = str(r[idField as 'userId']);
  if (upn === undefined && uid === undefined) {
    return { ok: false, field: ctx.field('userPrincipalName'), message: `missing (no userPrincipalName or ${idField})` };
  }
  const ids: Identifier[] = [];
  if (upn !== undefined) ids.push({ kind: 'upn', value: upn });
  if (uid !== undefined) ids.push({ kind: 'entraId', value: uid });
  return ids;
}

/** userAgent from additionalInfo, JSON text (Graph) or array (some exports): [{"Key":"userAgent","Value":"..."}]. */
function agentOf(info: unknown): string | undefined {
  let v = info;
  if (typeof v === 'string') {
    if (!v.includes('userAgent')) return undefined;
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(v)) return undefined;
  for (const kv of v) if (isRecord(kv) && kv.Key === 'userAgent') return str(kv.Value);
  return undefined;
}

function verdict(r: GraphRisk, withType: boolean): NormalizedEvent['vendorRisk'] {
  const level = str(r.riskLevel);
  const state = str(r.riskState);
  const type = withType ? (str(r.riskEventType) ?? str(r.riskType)) : undefined;
  if (level === undefined && state === undefined && type === undefined) return undefined;
  return { level, state, types: type === undefined ? undefined : [type], suspicious: undefined };
}

/** One riskDetection. */
export function buildRiskDetection(r: GraphRisk, ctx: RiskContext): ParseOutcome<NormalizedEvent> {
  const ids = identify(r, ctx, 'userId');
  if (!Array.isArray(ids)) return ids;
  const rawId = str(r.id);
  const onSignin = str(r.activity) === 'signin';
  const ip = ipOf(r.ipAddress, ctx.field('ipAddress'));
  if (badIp(ip)) return ip;
  const ev: NormalizedEvent = {
    id: rawId !== undefined ? `entra:risk:${rawId}` : `entra:risk:h${fnv1a64(JSON.stringify(ctx.record))}`,
    source: ctx.source,
    kind: onSignin ? 'signin' : 'audit',
    type: RISK_DETECTION_TYPE,
    time: ctx.time,
    actor: { ids, displayName: str(r.userDisplayName) },
    outcome: onSignin ? 'success' : 'unknown',
    reason: str(r.riskDetail),
    ip,
    userAgent: agentOf(r.additionalInfo),
    deviceId: undefined,
    app: undefined,
    interactive: undefined,
    vendorGeo: vendorPlace(r.location, undefined),
    vendorNet: undefined,
    vendorRisk: verdict(r, true),
    origin: ctx.origin,
  };
  return { ok: true, items: [ev] };
}

/** One riskyUser state (its id is the user's object id). */
export function buildRiskyUser(r: GraphRisk, ctx: RiskContext): ParseOutcome<NormalizedEvent> {
  const ids = identify(r, ctx, 'id');
  if (!Array.isArray(ids)) return ids;
  const uid = str(r.id) ?? str(r.userId);
  const ev: NormalizedEvent = {
    // one event per state change: the same user at another riskLastUpdatedDateTime is another record
    id: uid !== undefined ? `entra:riskyuser:${uid}:${ctx.time}` : `entra:riskyuser:h${fnv1a64(JSON.stringify(ctx.record))}`,
    source: ctx.source,
    kind: 'audit',
    type: RISKY_USER_TYPE,
    time: ctx.time,
    actor: { ids, displayName: str(r.userDisplayName) },
    outcome: 'unknown',
    reason: str(r.riskDetail),
    ip: undefined,
    userAgent: undefined,
    deviceId: undefined,
    app: undefined,
    interactive: undefined,
    vendorGeo: undefined,
    vendorNet: undefined,
    vendorRisk: verdict(r, false),
    origin: ctx.origin,
  };
  return { ok: true, items: [ev] };
}
