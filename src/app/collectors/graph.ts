// Microsoft Graph collectors: sign-ins (interactive from v1.0; non-interactive from beta with the signInEventTypes
// filter, https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta), directory audits, risk detections
// (time-filtered with an overlap), and full listings of users (with the employee fields, $select-ed) and Intune
// managed devices. Pages follow @odata.nextLink (https://learn.microsoft.com/graph/paging); 429 / 503 honour
// Retry-After (https://learn.microsoft.com/graph/throttling).
import type { GraphCollectorConfig, GraphStream } from '../../core/collectors-config.ts';
import { parseIsoUtc } from '../../sources/timestamps.ts';
import { clientSecretAuth } from './auth.ts';
import type { HttpOptions } from './http.ts';
import { readSecret, type Redactor } from './secrets.ts';
import type { PageOf, StreamDef } from './stream.ts';

/** The user properties asked for: the default set does not include the employee fields. */
export const GRAPH_USER_SELECT = [
  'id', 'userPrincipalName', 'displayName', 'givenName', 'surname', 'mail', 'otherMails', 'businessPhones', 'mobilePhone', 'jobTitle',
  'department', 'companyName', 'employeeId', 'employeeType', 'employeeHireDate', 'accountEnabled', 'createdDateTime', 'userType',
].join(',');

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function graphPage(body: unknown): PageOf {
  if (!isObj(body) || !Array.isArray(body.value)) throw new Error('Graph answered without a "value" array');
  const next = body['@odata.nextLink'];
  return { records: body.value, next: typeof next === 'string' && next !== '' ? next : undefined };
}

const timeField = (field: string, fallback?: string) => (r: unknown): number | undefined => {
  if (!isObj(r)) return undefined;
  const v = r[field] ?? (fallback ? r[fallback] : undefined);
  return typeof v === 'string' ? parseIsoUtc(v) : undefined;
};

/** $filter time literal: ISO 8601 UTC without quotes, floored to the second (the window only grows). */
const at = (iso: string): string => `${iso.slice(0, 19)}Z`;

export function graphStreams(c: GraphCollectorConfig, http: HttpOptions, redactor: Redactor, env: NodeJS.ProcessEnv = process.env): StreamDef[] {
  const secret = readSecret(c.clientSecret, 'collectors.graph.clientSecret', redactor, env);
  const tokenUrl = c.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(c.tenantId)}/oauth2/v2.0/token`;
  const auth = clientSecretAuth({ tokenUrl, clientId: c.clientId, clientSecret: secret, scope: 'https://graph.microsoft.com/.default' }, http);
  const base = c.graphUrl.replace(/\/+$/, '');
  const url = (version: string, path: string, q: Record<string, string>): string => `${base}/${version}/${path}?${new URLSearchParams(q).toString()}`;
  const top = (max: number) => String(Math.min(c.pageSize, max));
  const defs: Record<GraphStream, Omit<StreamDef, 'vendor' | 'auth' | 'page'>> = {
    signins: {
      id: 'graph-signins',
      format: 'entra-signin',
      kind: 'events',
      firstUrl: (from) => url('v1.0', 'auditLogs/signIns', { $filter: `createdDateTime ge ${at(from!)}`, $top: top(1000) }),
      timeOf: timeField('createdDateTime'),
    },
    'noninteractive-signins': {
      id: 'graph-noninteractive-signins',
      format: 'entra-signin',
      kind: 'events',
      firstUrl: (from) =>
        url('beta', 'auditLogs/signIns', { $filter: `createdDateTime ge ${at(from!)} and signInEventTypes/any(t: t eq 'nonInteractiveUser')`, $top: top(1000) }),
      timeOf: timeField('createdDateTime'),
    },
    'directory-audits': {
      id: 'graph-directory-audits',
      format: 'entra-graph-audit',
      kind: 'events',
      firstUrl: (from) => url('v1.0', 'auditLogs/directoryAudits', { $filter: `activityDateTime ge ${at(from!)}`, $top: top(1000) }),
      timeOf: timeField('activityDateTime'),
    },
    'risk-detections': {
      id: 'graph-risk-detections',
      format: 'entra-graph-audit',
      kind: 'events',
      firstUrl: (from) => url('v1.0', 'identityProtection/riskDetections', { $filter: `detectedDateTime ge ${at(from!)}`, $top: top(500) }),
      timeOf: timeField('detectedDateTime', 'activityDateTime'),
    },
    users: {
      id: 'graph-users',
      format: 'graph-users',
      kind: 'snapshot',
      firstUrl: () => url('v1.0', 'users', { $select: GRAPH_USER_SELECT, $top: top(999) }),
    },
    'managed-devices': {
      id: 'graph-managed-devices',
      format: 'intune-devices',
      kind: 'snapshot',
      firstUrl: () => url('v1.0', 'deviceManagement/managedDevices', { $top: top(1000) }),
    },
  };
  // Graph lists newest first (https://learn.microsoft.com/graph/api/signin-list: "the most recent sign-ins are returned first").
  return c.streams.map((s) => ({ ...defs[s], vendor: 'graph' as const, auth, page: graphPage, order: 'desc' as const }));
}
