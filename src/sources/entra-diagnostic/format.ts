// Azure Monitor diagnostic-settings export of Entra ID logs (storage account / Event Hub / Panther 'Azure.Audit'):
// {time, category, operationName, resultType, callerIpAddress, location, properties:{...Graph-like...}}, alone,
// as an array, as NDJSON, or as {"records":[...]}. Every Entra category is recognised: sign-ins go through the
// shared Entra sign-in normaliser (same id as the Graph API record), AuditLogs through the shared audit mapping,
// UserRiskEvents / RiskyUsers through the shared Identity Protection mapping (../entra-signin/), Microsoft Graph
// activity becomes an audit event of the calling user. Service-principal and managed-identity records are valid
// but not about a person (ignored); categories sleetwatch does not use are ignored too. See README.md.
import type { Identifier, NormalizedEvent, Origin } from '../../core/model.ts';
import { fnv1a64 } from '../../core/hash.ts';
import { notAPerson, type EventFormat, type ParseOutcome } from '../types.ts';
import { parseIsoUtc, parseUsOrIsoUtc } from '../timestamps.ts';
import { badIp, ipOf } from '../common/ip.ts';
import { buildSignin, timeOf, type FallbackResult, type GraphSignIn } from '../entra-signin/normalize.ts';
import { buildAudit } from '../entra-signin/audit.ts';
import { buildRiskDetection, buildRiskyUser } from '../entra-signin/risk.ts';

const SOURCE = 'entra-diagnostic';
type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const propField = (path: string): string => `properties.${path}`;

/** Top-level keys are camelCase in Azure's export and lower-case in some pipelines (Panther: 'calleripaddress'). */
function pick(r: Rec, camel: string, lower: string): unknown {
  const v = r[camel];
  return v !== undefined ? v : r[lower];
}

/** Sign-in log categories of the Entra diagnostic settings, and whose sign-ins they are. */
const SIGNIN_CATEGORIES: Record<string, 'user' | 'servicePrincipal' | 'managedIdentity'> = {
  SignInLogs: 'user',
  NonInteractiveUserSignInLogs: 'user',
  ADFSSignInLogs: 'user',
  ServicePrincipalSignInLogs: 'servicePrincipal',
  MicrosoftServicePrincipalSignInLogs: 'servicePrincipal',
  ManagedIdentitySignInLogs: 'managedIdentity',
};

/** Other Entra diagnostic categories: valid records sleetwatch does not use (each ignored with its reason). */
const OTHER_CATEGORIES: Record<string, ParseOutcome<never>> = {
  RiskyServicePrincipals: notAPerson('Entra service-principal risk'),
  ServicePrincipalRiskEvents: notAPerson('Entra service-principal risk'),
  ProvisioningLogs: { ok: 'ignored', reason: 'not used: Entra ProvisioningLogs' },
  NetworkAccessTrafficLogs: { ok: 'ignored', reason: 'not used: Entra NetworkAccessTrafficLogs' },
  EnrichedOffice365AuditLogs: { ok: 'ignored', reason: 'not used: Entra EnrichedOffice365AuditLogs' },
  RemoteNetworkHealthLogs: { ok: 'ignored', reason: 'not used: Entra RemoteNetworkHealthLogs' },
  NetworkAccessAlerts: { ok: 'ignored', reason: 'not used: Entra NetworkAccessAlerts' },
  B2CRequestLogs: { ok: 'ignored', reason: 'not used: Entra B2CRequestLogs' },
};

const IGNORE_GRAPH_APP = notAPerson('Microsoft Graph call by an application');

/** resultType as written: 0 / "0" / "Success" / "SUCCESS" / "Failure" / 50053 / "7000215". */
function resultOf(r: Rec): FallbackResult | undefined {
  const rt = pick(r, 'resultType', 'resulttype');
  const desc = str(pick(r, 'resultDescription', 'resultdescription'));
  if (rt === undefined || rt === null || rt === '') return undefined;
  if (typeof rt === 'number') return { code: rt, success: rt === 0, reason: desc };
  if (typeof rt !== 'string') return undefined;
  const lower = rt.toLowerCase();
  if (lower === 'success') return { success: true };
  if (lower === 'failure' || lower === 'failed') return { success: false, reason: desc };
  const n = Number(rt);
  return Number.isFinite(n) ? { code: n, success: n === 0, reason: desc } : undefined;
}

/** The record's own time field when present (an ISO date), else the envelope's `time`. */
function timeFrom(r: Rec, props: Rec, own: string): number | { ok: false; field: string; message: string } {
  const v = props[own];
  if (v !== undefined && v !== null && v !== '') return timeOf(v, `properties.${own}`, parseIsoUtc);
  // the envelope time is ISO in storage blobs, but the US form ("7/18/2026 2:03:03 PM") in some risk-event exports
  return timeOf(pick(r, 'time', 'time'), 'time', parseUsOrIsoUtc);
}

function signin(r: Rec, props: Rec, category: string | undefined, origin: Origin): ParseOutcome<NormalizedEvent> {
  const who = category !== undefined && Object.hasOwn(SIGNIN_CATEGORIES, category) ? SIGNIN_CATEGORIES[category] : undefined;
  const time = timeFrom(r, props, 'createdDateTime');
  if (typeof time !== 'number') return time;
  const caller = pick(r, 'callerIpAddress', 'calleripaddress');
  const loc = pick(r, 'location', 'location');
  return buildSignin(props as GraphSignIn, {
    source: SOURCE,
    origin,
    time,
    field: propField,
    record: r,
    result: resultOf(r),
    ip: caller,
    interactive: category === 'SignInLogs' ? true : category === 'NonInteractiveUserSignInLogs' ? false : undefined,
    country: typeof loc === 'string' ? loc : undefined,
    principal: who === 'servicePrincipal' || who === 'managedIdentity' ? who : undefined,
  });
}

function audit(r: Rec, props: Rec, origin: Origin): ParseOutcome<NormalizedEvent> {
  const time = timeFrom(r, props, 'activityDateTime');
  if (typeof time !== 'number') return time;
  return buildAudit(props, {
    source: SOURCE,
    origin,
    time,
    field: propField,
    record: r,
    ip: str(pick(r, 'callerIpAddress', 'calleripaddress')),
    result: str(pick(r, 'result', 'result')),
    operation: str(pick(r, 'operationName', 'operationname')),
  });
}

/** MicrosoftGraphActivityLogs: one Graph API call; a delegated call names its user, an app-only call does not. */
function graphActivity(r: Rec, props: Rec, origin: Origin): ParseOutcome<NormalizedEvent> {
  const userId = str(props.userId);
  if (userId === undefined) {
    if (str(props.servicePrincipalId) !== undefined || str(props.appId) !== undefined) return IGNORE_GRAPH_APP;
    return { ok: false, field: 'properties.userId', message: 'missing (no userId or servicePrincipalId)' };
  }
  const time = timeFrom(r, props, 'timeGenerated');
  if (typeof time !== 'number') return time;
  const ids: Identifier[] = [{ kind: 'entraId', value: userId }];
  const status = props.responseStatusCode;
  const code = typeof status === 'number' ? status : typeof status === 'string' ? Number(status) : NaN;
  const method = str(props.requestMethod);
  const rid = str(props.requestId) ?? str(props.operationId) ?? str(pick(r, 'correlationId', 'correlationid'));
  const ip = str(props.ipAddress) !== undefined ? ipOf(props.ipAddress, 'properties.ipAddress') : ipOf(pick(r, 'callerIpAddress', 'calleripaddress'), 'callerIpAddress');
  if (badIp(ip)) return ip;
  const ev: NormalizedEvent = {
    id: rid !== undefined ? `entra:graph:${rid}` : `entra:graph:h${fnv1a64(JSON.stringify(r))}`,
    source: SOURCE,
    kind: 'audit',
    type: method !== undefined ? `Microsoft Graph ${method}` : 'Microsoft Graph Activity',
    time,
    actor: { ids, displayName: undefined },
    outcome: Number.isFinite(code) ? (code < 400 ? 'success' : 'failure') : 'unknown',
    reason: Number.isFinite(code) && code >= 400 ? `HTTP ${code}` : undefined,
    ip,
    userAgent: str(props.userAgent),
    deviceId: str(props.deviceId),
    app: str(props.appId),
    interactive: undefined,
    vendorGeo: undefined,
    vendorNet: undefined,
    vendorRisk: undefined,
    origin,
  };
  return { ok: true, items: [ev] };
}

function riskDetection(r: Rec, props: Rec, origin: Origin): ParseOutcome<NormalizedEvent> {
  const time = timeFrom(r, props, props.activityDateTime !== undefined ? 'activityDateTime' : 'detectedDateTime');
  if (typeof time !== 'number') return time;
  return buildRiskDetection(props, { source: SOURCE, origin, time, field: propField, record: r });
}

function riskyUser(r: Rec, props: Rec, origin: Origin): ParseOutcome<NormalizedEvent> {
  const time = timeFrom(r, props, 'riskLastUpdatedDateTime');
  if (typeof time !== 'number') return time;
  return buildRiskyUser(props, { source: SOURCE, origin, time, field: propField, record: r });
}

const isEntraCategory = (cat: string): boolean =>
  Object.hasOwn(SIGNIN_CATEGORIES, cat) || Object.hasOwn(OTHER_CATEGORIES, cat) || cat === 'AuditLogs' || cat === 'UserRiskEvents' || cat === 'RiskyUsers' || cat === 'MicrosoftGraphActivityLogs';

export const entraDiagnostic: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Entra ID logs exported by Azure Monitor diagnostic settings (sign-ins, AuditLogs, UserRiskEvents, RiskyUsers, MicrosoftGraphActivityLogs)',
  produces: 'events',
  containers: ['json-page', 'json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    time: '2025-01-15T14:30:25.1234567Z',
    category: 'NonInteractiveUserSignInLogs',
    operationName: 'Sign-in activity',
    resultType: '0',
    callerIpAddress: '9.9.9.9',
    properties: {
      id: '…',
      createdDateTime: '2025-01-15T14:30:25.1234567Z',
      userPrincipalName: 'sam@lotr.com',
      userId: 'user-abc-123',
      appDisplayName: 'Visual Studio Code',
      status: { errorCode: 0 },
      location: { city: 'Seattle', state: 'Washington', countryOrRegion: 'US' },
    },
  }),

  sniff(record) {
    if (!isRecord(record) || !isRecord(record.properties)) return false;
    const cat = pick(record, 'category', 'category');
    if (typeof cat !== 'string' || pick(record, 'time', 'time') === undefined) return false;
    // Other Azure services (Defender XDR streaming, activity logs) share the envelope: only Entra's categories.
    if (isEntraCategory(cat)) return true;
    const props = record.properties;
    return 'initiatedBy' in props && 'activityDateTime' in props;
  },

  parse(record, origin) {
    if (!isRecord(record)) return { ok: false, field: '(record)', message: 'not a JSON object' };
    const props = record.properties;
    if (!isRecord(props)) return { ok: false, field: 'properties', message: props === undefined ? 'missing' : 'not an object' };
    const category = str(pick(record, 'category', 'category'));
    const op = str(pick(record, 'operationName', 'operationname'));
    if ((category !== undefined && Object.hasOwn(SIGNIN_CATEGORIES, category)) || (category === undefined && op === 'Sign-in activity'))
      return signin(record, props, category, origin);
    switch (category) {
      case 'AuditLogs':
        return audit(record, props, origin);
      case 'UserRiskEvents':
        return riskDetection(record, props, origin);
      case 'RiskyUsers':
        return riskyUser(record, props, origin);
      case 'MicrosoftGraphActivityLogs':
        return graphActivity(record, props, origin);
    }
    if (category !== undefined && Object.hasOwn(OTHER_CATEGORIES, category)) return OTHER_CATEGORIES[category];
    if ('activityDateTime' in props || 'initiatedBy' in props) return audit(record, props, origin);
    return {
      ok: false,
      field: 'category',
      message: `unsupported category ${JSON.stringify((category ?? '').slice(0, 80) || null)} (no Entra sign-in, audit or risk log)`,
    };
  },
};
