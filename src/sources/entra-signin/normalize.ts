// One Entra sign-in → NormalizedEvent, shared by the three Entra formats (Graph API, Azure Monitor diagnostic
// export, Sentinel CSV) so the same sign-in read from any of them is the same event: id `entra:${signIn.id}`.
// Input is the Graph signIn resource's property names (the diagnostic export's `properties` already uses them;
// the Sentinel CSV format maps its columns onto them). Pure and allocation-light: it runs once per record.
import type { Identifier, NormalizedEvent, Origin, Place } from '../../core/model.ts';
import { fnv1a64 } from '../../core/hash.ts';
import { notAPerson, type ParseOutcome } from '../types.ts';
import { countryIso2 } from '../common/country.ts';
import { badIp, ipOf } from '../common/ip.ts';
import { implausibleMessage, implausibleTime } from '../timestamps.ts';

export const ENTRA_SIGNIN_TYPE = 'Sign-in activity';

/** Graph signIn properties we read (https://learn.microsoft.com/graph/api/resources/signin). */
export interface GraphSignIn {
  id?: unknown;
  createdDateTime?: unknown;
  userPrincipalName?: unknown;
  userId?: unknown;
  userDisplayName?: unknown;
  ipAddress?: unknown;
  location?: unknown;
  status?: unknown;
  deviceDetail?: unknown;
  appDisplayName?: unknown;
  appId?: unknown;
  isInteractive?: unknown;
  riskLevelDuringSignIn?: unknown;
  riskLevelAggregated?: unknown;
  riskState?: unknown;
  riskEventTypes?: unknown;
  riskEventTypes_v2?: unknown;
  userAgent?: unknown;
  servicePrincipalId?: unknown;
  servicePrincipalName?: unknown;
}

/** A result the record's `status` may be missing in favour of (diagnostic `resultType`, Sentinel `ResultType`). */
export interface FallbackResult {
  code?: number;
  success?: boolean;
  reason?: string;
}

export interface SigninContext {
  source: string;
  origin: Origin;
  /** Already parsed (each export writes it its own way). */
  time: number;
  /** How the input names a Graph property path ('status.errorCode' → 'properties.status.errorCode'). */
  field: (graphPath: string) => string;
  /** The raw record, hashed for an id when the record has none (rule-test stubs). */
  record: unknown;
  result?: FallbackResult;
  /** The export's own client IP outside the Graph properties (diagnostic `callerIpAddress`), raw. */
  ip?: unknown;
  /** How the input names that field (default 'callerIpAddress'). */
  ipField?: string;
  interactive?: boolean;
  /** Country label outside `location` (diagnostic top-level `location`). */
  country?: string;
  /** The record is a service-principal or managed-identity sign-in (by its log category / table). */
  principal?: 'servicePrincipal' | 'managedIdentity';
}

const IGNORE_SP = notAPerson('Entra service-principal sign-in');
const IGNORE_MI = notAPerson('Entra managed-identity sign-in');

type Fail = { ok: false; field: string; message: string };
const fail = (field: string, message: string): Fail => ({ ok: false, field, message });

/** A non-empty string, undefined for null/undefined/'', or a Fail when of another type. */
function optStr(v: unknown): string | undefined | null {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (v === undefined || v === null) return undefined;
  return null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

const RISK_RANK: Record<string, number> = { none: 0, low: 1, medium: 2, high: 3 };

/** The higher of the real-time and aggregated risk levels ('hidden' etc. kept only when nothing ranks). */
function riskLevel(during: string | undefined, aggregated: string | undefined): string | undefined {
  if (during === undefined) return aggregated;
  if (aggregated === undefined) return during;
  const a = RISK_RANK[during];
  const b = RISK_RANK[aggregated];
  if (a === undefined) return b === undefined ? during : aggregated;
  if (b === undefined) return during;
  return b > a ? aggregated : during;
}

function riskTypes(v2: unknown, v1: unknown): string[] | undefined {
  const src = Array.isArray(v2) && v2.length > 0 ? v2 : Array.isArray(v1) && v1.length > 0 ? v1 : undefined;
  if (!src) return undefined;
  const out: string[] = [];
  for (const t of src) if (typeof t === 'string' && t !== '') out.push(t);
  return out.length > 0 ? out : undefined;
}

export function vendorPlace(location: unknown, fallbackCountry: string | undefined): Place | undefined {
  const loc = obj(location);
  let country: string | undefined;
  let region: string | undefined;
  let city: string | undefined;
  let lat: number | undefined;
  let lon: number | undefined;
  if (loc) {
    const c = str(loc.countryOrRegion);
    if (c !== undefined) country = countryIso2(c);
    region = str(loc.state);
    city = str(loc.city);
    const geo = obj(loc.geoCoordinates);
    if (geo) {
      lat = num(geo.latitude);
      lon = num(geo.longitude);
    }
  }
  if (country === undefined && fallbackCountry !== undefined) country = countryIso2(fallbackCountry);
  if (country === undefined && region === undefined && city === undefined && lat === undefined) return undefined;
  const p: Place = { source: 'vendor' };
  if (country !== undefined) p.country = country;
  if (region !== undefined) p.region = region;
  if (city !== undefined) p.city = city;
  if (lat !== undefined && lon !== undefined) {
    p.lat = lat;
    p.lon = lon;
  }
  return p;
}

/** Entra result codes: 0 is success; anything else failed or was interrupted (MFA, KMSI, silent sign-in...). */
export function buildSignin(p: GraphSignIn, ctx: SigninContext): ParseOutcome<NormalizedEvent> {
  const f = ctx.field;
  // A service principal's or managed identity's sign-in is a valid record about no person.
  if (ctx.principal !== undefined) return ctx.principal === 'managedIdentity' ? IGNORE_MI : IGNORE_SP;
  const upn = optStr(p.userPrincipalName);
  if (upn === null) return fail(f('userPrincipalName'), `not a string: ${JSON.stringify(p.userPrincipalName)}`);
  const userId = optStr(p.userId);
  if (userId === null) return fail(f('userId'), `not a string: ${JSON.stringify(p.userId)}`);
  if (upn === undefined && userId === undefined) {
    if (str(p.servicePrincipalName) !== undefined || str(p.servicePrincipalId) !== undefined) return IGNORE_SP;
    return fail(f('userPrincipalName'), 'missing (no userPrincipalName or userId)');
  }
  const ids: Identifier[] = [];
  if (upn !== undefined) ids.push({ kind: 'upn', value: upn });
  if (userId !== undefined) ids.push({ kind: 'entraId', value: userId });

  const rawId = optStr(p.id);
  if (rawId === null) return fail(f('id'), `not a string: ${JSON.stringify(p.id)}`);
  const id = rawId !== undefined ? `entra:${rawId}` : `entra:h${fnv1a64(JSON.stringify(ctx.record))}`;

  const ipv = optStr(p.ipAddress);
  if (ipv === null) return fail(f('ipAddress'), `not a string: ${JSON.stringify(p.ipAddress)}`);
  const ip = ipv !== undefined ? ipOf(ipv, f('ipAddress')) : ipOf(ctx.ip, ctx.ipField ?? 'callerIpAddress');
  if (badIp(ip)) return ip;

  // Outcome from status.errorCode, else the export's own result column.
  let success: boolean | undefined;
  let reason: string | undefined;
  const status = obj(p.status);
  const code = status === undefined ? undefined : status.errorCode;
  if (code !== undefined && code !== null) {
    const c = num(code);
    if (c === undefined) return fail(f('status.errorCode'), `not a number: ${JSON.stringify(code)}`);
    success = c === 0;
    if (!success) {
      const why = str(status!.failureReason);
      reason = why !== undefined ? `${c}: ${why}` : String(c);
    }
  } else if (ctx.result !== undefined) {
    success = ctx.result.success;
    if (success === false) {
      const c = ctx.result.code;
      const why = ctx.result.reason;
      reason = c !== undefined ? (why !== undefined ? `${c}: ${why}` : String(c)) : why;
    }
  }

  const dev = obj(p.deviceDetail);
  const level = riskLevel(str(p.riskLevelDuringSignIn), str(p.riskLevelAggregated));
  const state = str(p.riskState);
  const types = riskTypes(p.riskEventTypes_v2, p.riskEventTypes);
  let vendorRisk: NormalizedEvent['vendorRisk'];
  if (level !== undefined || state !== undefined || types !== undefined) {
    vendorRisk = {};
    if (level !== undefined) vendorRisk.level = level;
    if (state !== undefined) vendorRisk.state = state;
    if (types !== undefined) vendorRisk.types = types;
  }
  const inter = typeof p.isInteractive === 'boolean' ? p.isInteractive : ctx.interactive;
  // One object literal with every field, in the same order as the other formats' (undefined when absent): events
  // then share one hidden class, which keeps the pipeline's and detectors' property reads monomorphic.
  const ev: NormalizedEvent = {
    id,
    source: ctx.source,
    kind: success === true ? 'signin' : 'audit',
    type: ENTRA_SIGNIN_TYPE,
    time: ctx.time,
    actor: { ids, displayName: str(p.userDisplayName) },
    outcome: success === true ? 'success' : success === false ? 'failure' : 'unknown',
    reason,
    ip,
    userAgent: str(p.userAgent),
    deviceId: dev !== undefined ? str(dev.deviceId) : undefined,
    app: str(p.appDisplayName) ?? str(p.appId),
    interactive: inter,
    vendorGeo: vendorPlace(p.location, ctx.country),
    vendorNet: undefined,
    vendorRisk,
    origin: ctx.origin,
  };
  return { ok: true, items: [ev] };
}

/** A time field: parsed, or a Fail naming the field ("not a date: 'foo'"). */
export function timeOf(v: unknown, field: string, parse: (s: string) => number | undefined): number | Fail {
  if (v === undefined || v === null || v === '') return fail(field, 'missing');
  if (typeof v !== 'string') return fail(field, `not a date: ${JSON.stringify(v)}`);
  const t = parse(v);
  if (t === undefined) return fail(field, `not a date: '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`);
  const why = implausibleTime(t);
  return why === undefined ? t : fail(field, implausibleMessage(v, why));
}
