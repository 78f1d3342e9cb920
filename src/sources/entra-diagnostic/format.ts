// Azure Monitor diagnostic-settings export of Entra ID logs (storage account / Event Hub / Panther 'Azure.Audit'):
// {time, category, operationName, resultType, callerIpAddress, location, properties:{...Graph-like...}}, alone,
// as an array, as NDJSON, or as {"records":[...]}. Sign-in categories become sign-in events through the shared
// Entra normaliser (same id as the Graph API record); audit categories become audit events. See README.md.
import type { Identifier, NormalizedEvent, Origin } from '../../core/model.ts';
import { fnv1a64 } from '../../core/hash.ts';
import type { EventFormat, ParseOutcome } from '../types.ts';
import { parseIsoUtc } from '../timestamps.ts';
import { buildSignin, timeOf, type FallbackResult, type GraphSignIn } from '../entra-signin/normalize.ts';

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

/** Sign-in log categories of the Entra diagnostic settings. */
const SIGNIN_CATEGORIES = new Set([
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'ADFSSignInLogs',
  'MicrosoftServicePrincipalSignInLogs',
]);

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

function signin(r: Rec, props: Rec, category: string | undefined, origin: Origin): ParseOutcome<NormalizedEvent> {
  const created = props.createdDateTime;
  const top = pick(r, 'time', 'time');
  const time =
    created !== undefined && created !== null && created !== ''
      ? timeOf(created, 'properties.createdDateTime', parseIsoUtc)
      : timeOf(top, 'time', parseIsoUtc);
  if (typeof time !== 'number') return time;
  const caller = str(pick(r, 'callerIpAddress', 'calleripaddress'));
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
  });
}

/** Entra audit log (directoryAudit in `properties`): who did what, initiated by a user or an app. */
function audit(r: Rec, props: Rec, origin: Origin): ParseOutcome<NormalizedEvent> {
  const when = props.activityDateTime;
  const time =
    when !== undefined && when !== null && when !== ''
      ? timeOf(when, 'properties.activityDateTime', parseIsoUtc)
      : timeOf(pick(r, 'time', 'time'), 'time', parseIsoUtc);
  if (typeof time !== 'number') return time;
  const by = isRecord(props.initiatedBy) ? props.initiatedBy : undefined;
  const user = by && isRecord(by.user) ? by.user : undefined;
  const upn = user ? str(user.userPrincipalName) : undefined;
  const uid = user ? str(user.id) : undefined;
  if (upn === undefined && uid === undefined) {
    const app = by && isRecord(by.app) ? str(by.app.displayName) ?? str(by.app.servicePrincipalId) ?? str(by.app.appId) : undefined;
    return {
      ok: false,
      field: 'properties.initiatedBy.user',
      message: app !== undefined ? `missing: initiated by app '${app}', not a user` : 'missing (no initiatedBy.user.userPrincipalName or id)',
    };
  }
  const ids: Identifier[] = [];
  if (upn !== undefined) ids.push({ kind: 'upn', value: upn });
  if (uid !== undefined) ids.push({ kind: 'entraId', value: uid });
  const rawId = str(props.id);
  const result = str(props.result) ?? str(pick(r, 'result', 'result'));
  const outcome = result === undefined ? 'unknown' : /^succe/i.test(result) ? 'success' : /^fail/i.test(result) ? 'failure' : 'unknown';
  const ev: NormalizedEvent = {
    id: rawId !== undefined ? `entra:${rawId}` : `entra:h${fnv1a64(JSON.stringify(r))}`,
    source: SOURCE,
    kind: 'audit',
    type: str(props.activityDisplayName) ?? str(props.operationName) ?? str(pick(r, 'operationName', 'operationname')) ?? 'audit',
    time,
    actor: { ids },
    outcome,
    origin,
  };
  const name = user ? str(user.displayName) : undefined;
  if (name !== undefined) ev.actor.displayName = name;
  const reason = str(props.resultReason);
  if (reason !== undefined) ev.reason = reason;
  const ip = (user ? str(user.ipAddress) : undefined) ?? str(pick(r, 'callerIpAddress', 'calleripaddress'));
  if (ip !== undefined) ev.ip = ip;
  const ua = str(props.userAgent);
  if (ua !== undefined) ev.userAgent = ua;
  const svc = str(props.loggedByService);
  if (svc !== undefined) ev.app = svc;
  return { ok: true, items: [ev] };
}

export const entraDiagnostic: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Entra ID logs exported by Azure Monitor diagnostic settings (SignInLogs, AuditLogs...)',
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
    if (SIGNIN_CATEGORIES.has(cat) || cat === 'AuditLogs') return true;
    const props = record.properties;
    return 'initiatedBy' in props && 'activityDateTime' in props;
  },

  parse(record, origin) {
    if (!isRecord(record)) return { ok: false, field: '(record)', message: 'not a JSON object' };
    const props = record.properties;
    if (!isRecord(props)) return { ok: false, field: 'properties', message: props === undefined ? 'missing' : 'not an object' };
    const category = str(pick(record, 'category', 'category'));
    const op = str(pick(record, 'operationName', 'operationname'));
    if ((category !== undefined && SIGNIN_CATEGORIES.has(category)) || (category === undefined && op === 'Sign-in activity'))
      return signin(record, props, category, origin);
    if (category === 'AuditLogs' || 'activityDateTime' in props || 'initiatedBy' in props) return audit(record, props, origin);
    return {
      ok: false,
      field: 'category',
      message: `unsupported category ${JSON.stringify(category ?? null)} (neither a sign-in log nor an audit log)`,
    };
  },
};
