// Office 365 Management Activity API records (the unified audit log: `GET .../activity/feed/audit/{contentId}`
// content blobs, Search-UnifiedAuditLog AuditData, Panther's Microsoft365.Audit.*), and the same records as
// Microsoft Sentinel stores them (the OfficeActivity table). The AzureActiveDirectory workload's sign-ins
// (UserLoggedIn, UserLoginFailed, PasswordLogonInitialAuthUsingPassword) become sign-in attempts; every other
// operation of any workload is kept as an audit event of its user. Records by system accounts, applications,
// service principals and policies (UserType 4-8) are valid and about no person: ignored. See README.md.
import type { Identifier, NormalizedEvent, Origin } from '../../core/model.ts';
import { notAPerson, type EventFormat, type ParseOutcome } from '../types.ts';
import { implausibleMessage, implausibleTime, parseIsoUtc } from '../timestamps.ts';
import { badIp, ipOf } from '../common/ip.ts';

const SOURCE = 'o365-management';
type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** PascalCase as the API writes it; lower-case as Panther stores it ('clientip', 'creationtime'). */
function pick(r: Rec, name: string, lower: string): unknown {
  const v = r[name];
  return v !== undefined ? v : r[lower];
}

/** UserType (https://learn.microsoft.com/office/office-365-management-api/office-365-management-activity-api-schema#user-type). */
const USER_TYPES = ['Regular', 'Reserved', 'Admin', 'DcAdmin', 'System', 'Application', 'ServicePrincipal', 'CustomPolicy', 'SystemPolicy', 'PartnerTechnician', 'Guest'];
const NOT_A_PERSON: Record<string, ParseOutcome<never>> = {
  System: notAPerson('Office 365 system account (UserType System)'),
  Application: notAPerson('Office 365 application (UserType Application)'),
  ServicePrincipal: notAPerson('Office 365 service principal (UserType ServicePrincipal)'),
  CustomPolicy: notAPerson('Office 365 policy (UserType CustomPolicy / SystemPolicy)'),
  SystemPolicy: notAPerson('Office 365 policy (UserType CustomPolicy / SystemPolicy)'),
};
const IGNORE_SP_ID = notAPerson('Office 365 service principal (UserType ServicePrincipal)');

/** Operations that are sign-in attempts (Azure AD workload; Exchange's legacy password logon). */
const SIGNIN_OPS: Record<string, true> = { UserLoggedIn: true, UserLoginFailed: true, PasswordLogonInitialAuthUsingPassword: true };

/** UserType as a name: a number (API) or a name (Sentinel's OfficeActivity writes 'Regular', 'Admin'...). */
function userTypeName(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < USER_TYPES.length ? USER_TYPES[v] : undefined;
  if (typeof v === 'string' && v !== '') {
    if (/^\d+$/.test(v)) return userTypeName(Number(v));
    return v;
  }
  return undefined;
}

/** Value of a {Name, Value} pair in ExtendedProperties. */
function extended(list: unknown, name: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const kv of list) if (isRecord(kv) && kv.Name === name) return str(kv.Value);
  return undefined;
}

function outcomeOf(op: string, status: string | undefined): NormalizedEvent['outcome'] {
  if (op === 'UserLoginFailed') return 'failure'; // its ResultStatus says whether the logging succeeded
  if (status === undefined) return 'unknown';
  const s = status.toLowerCase();
  if (s === 'success' || s === 'succeeded' || s === 'true') return 'success';
  if (s === 'failed' || s === 'failure' || s === 'false') return 'failure';
  return 'unknown';
}

function parse(r: Rec, origin: Origin): ParseOutcome<NormalizedEvent> {
  const id = str(pick(r, 'Id', 'id')) ?? str(r.OfficeId);
  const op = str(pick(r, 'Operation', 'operation'));
  const rawTime = pick(r, 'CreationTime', 'creationtime') ?? r.TimeGenerated;
  const userId = str(pick(r, 'UserId', 'userid'));
  const missing: string[] = [];
  if (id === undefined) missing.push('Id');
  if (op === undefined) missing.push('Operation');
  if (rawTime === undefined || rawTime === null || rawTime === '') missing.push('CreationTime');
  if (missing.length > 0) return { ok: false, field: missing[0], message: `missing${missing.length > 1 ? ` (also missing: ${missing.slice(1).join(', ')})` : ''}` };
  const time = typeof rawTime === 'string' ? parseIsoUtc(rawTime) : undefined;
  if (time === undefined) return { ok: false, field: 'CreationTime', message: `not a date: ${JSON.stringify(rawTime).slice(0, 60)}` };
  const implausible = implausibleTime(time);
  if (implausible !== undefined) return { ok: false, field: 'CreationTime', message: implausibleMessage(rawTime as string, implausible) };

  const type = userTypeName(pick(r, 'UserType', 'usertype'));
  if (type !== undefined && Object.hasOwn(NOT_A_PERSON, type)) return NOT_A_PERSON[type];
  if (userId === undefined) return { ok: false, field: 'UserId', message: 'missing' };
  if (userId.startsWith('ServicePrincipal_')) return IGNORE_SP_ID;
  // a person is named by their UPN / e-mail; anything else ("NT AUTHORITY\SYSTEM (w3wp)") is a system account
  if (!userId.includes('@')) return NOT_A_PERSON.System;
  const ids: Identifier[] = [{ kind: 'upn', value: userId }];

  const signin = SIGNIN_OPS[op!] === true;
  const status = str(pick(r, 'ResultStatus', 'resultstatus'));
  const outcome = outcomeOf(op!, status);
  const ext = pick(r, 'ExtendedProperties', 'extendedproperties');
  const clientIp = pick(r, 'ClientIP', 'clientip');
  const ip =
    str(clientIp) !== undefined
      ? ipOf(clientIp, 'ClientIP')
      : str(r.ActorIpAddress) !== undefined
        ? ipOf(r.ActorIpAddress, 'ActorIpAddress')
        : ipOf(r.Client_IPAddress, 'Client_IPAddress');
  if (badIp(ip)) return ip;
  const workload = str(pick(r, 'Workload', 'workload')) ?? str(r.OfficeWorkload);
  const reason =
    outcome === 'failure'
      ? (str(r.LogonError) ?? extended(ext, 'LoginError') ?? extended(ext, 'ResultStatusDetail') ?? status)
      : undefined;
  const ev: NormalizedEvent = {
    id: `o365:${id}`,
    source: SOURCE,
    kind: signin && outcome === 'success' ? 'signin' : 'audit',
    type: op!,
    time,
    actor: { ids, displayName: undefined },
    outcome,
    reason,
    ip,
    userAgent: extended(ext, 'UserAgent'),
    deviceId: undefined,
    app: signin ? (str(r.ApplicationId) ?? workload) : workload,
    interactive: undefined,
    vendorGeo: undefined,
    vendorNet: undefined,
    vendorRisk: undefined,
    origin,
  };
  return { ok: true, items: [ev] };
}

export const o365Management: EventFormat = {
  id: SOURCE,
  title: 'Office 365 Management Activity API audit records (AzureActiveDirectory sign-ins, Exchange, SharePoint...) and Sentinel OfficeActivity rows',
  produces: 'events',
  containers: ['json-array', 'ndjson', 'json-page', 'json-object'],
  example: JSON.stringify({
    CreationTime: '2015-06-29T20:03:34',
    Id: '4e655d3f-35fa-42e0-b050-264b2d255c7a',
    Operation: 'UserLoggedIn',
    OrganizationId: '41463f53-8812-40f4-890f-865bf6e35190',
    RecordType: 15,
    ResultStatus: 'Success',
    UserKey: '1153977025279851686@contoso.onmicrosoft.com',
    UserType: 0,
    Workload: 'AzureActiveDirectory',
    ClientIP: '[2001:db8::1]:443',
    UserId: 'admin@contoso.onmicrosoft.com',
  }),

  sniff(record) {
    if (!isRecord(record)) return false;
    if (record.Type === 'OfficeActivity' && 'Operation' in record) return true;
    return (
      pick(record, 'Operation', 'operation') !== undefined &&
      pick(record, 'CreationTime', 'creationtime') !== undefined &&
      pick(record, 'RecordType', 'recordtype') !== undefined &&
      (pick(record, 'UserId', 'userid') !== undefined || pick(record, 'Workload', 'workload') !== undefined)
    );
  },

  parse(record, origin) {
    if (!isRecord(record)) return { ok: false, field: '(record)', message: 'not a JSON object' };
    return parse(record, origin);
  },
};
