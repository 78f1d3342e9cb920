// Google Workspace collectors: Reports API activities.list per application (login, token, admin…) with startTime and
// pageToken (https://developers.google.com/workspace/admin/reports/reference/rest/v1/activities/list), and the
// Directory API users.list (https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/list).
// Credentials: a service account key with domain-wide delegation, the JWT bearer grant with `sub` = an administrator.
import type { GoogleCollectorConfig } from '../../core/collectors-config.ts';
import { parseIsoUtc } from '../../sources/timestamps.ts';
import { privateKeyOf, serviceAccountAuth } from './auth.ts';
import type { HttpOptions } from './http.ts';
import { readSecret, type Redactor } from './secrets.ts';
import type { PageOf, StreamDef } from './stream.ts';

export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/admin.reports.audit.readonly', 'https://www.googleapis.com/auth/admin.directory.user.readonly'];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The same request with pageToken set. */
function withToken(url: string, token: string): string {
  const u = new URL(url);
  u.searchParams.set('pageToken', token);
  return u.toString();
}

const listPage = (key: string) => (body: unknown, _h: Headers, url: string): PageOf => {
  if (!isObj(body)) throw new Error('Google answered with something other than a JSON object');
  const items = body[key];
  if (items !== undefined && !Array.isArray(items)) throw new Error(`Google answered with a "${key}" that is not an array`);
  const token = body.nextPageToken;
  return { records: (items as unknown[] | undefined) ?? [], next: typeof token === 'string' && token !== '' ? withToken(url, token) : undefined };
};

export function googleStreams(c: GoogleCollectorConfig, http: HttpOptions, redactor: Redactor, env: NodeJS.ProcessEnv = process.env): StreamDef[] {
  const raw = readSecret(c.serviceAccountKey, 'collectors.google.serviceAccountKey', redactor, env);
  let key: { client_email?: unknown; private_key?: unknown; private_key_id?: unknown; token_uri?: unknown };
  try {
    key = JSON.parse(raw) as typeof key;
  } catch {
    throw new Error('collectors.google.serviceAccountKey: not a service account JSON key');
  }
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') throw new Error('collectors.google.serviceAccountKey: the key has no client_email or private_key');
  redactor.add(key.private_key);
  const tokenUrl = c.tokenUrl ?? (typeof key.token_uri === 'string' ? key.token_uri : 'https://oauth2.googleapis.com/token');
  const auth = serviceAccountAuth(
    { tokenUrl, clientEmail: key.client_email, key: privateKeyOf(key.private_key, 'collectors.google.serviceAccountKey'), keyId: typeof key.private_key_id === 'string' ? key.private_key_id : undefined, subject: c.subject, scopes: GOOGLE_SCOPES },
    http,
  );
  const base = c.adminUrl.replace(/\/+$/, '');
  const defs: StreamDef[] = c.applications.map((app) => ({
    id: `google-${app.replace(/_/g, '-')}`,
    vendor: 'google' as const,
    format: 'gworkspace',
    kind: 'events' as const,
    order: 'desc' as const, // activities are listed newest first
    auth,
    firstUrl: (from) =>
      `${base}/admin/reports/v1/activity/users/all/applications/${app}?${new URLSearchParams({ startTime: from!, maxResults: String(Math.min(c.pageSize, 1000)) })}`,
    page: listPage('items'),
    timeOf: (r) => (isObj(r) && isObj(r.id) && typeof r.id.time === 'string' ? parseIsoUtc(r.id.time) : undefined),
  }));
  if (c.users) {
    defs.push({
      id: 'google-users',
      vendor: 'google',
      format: 'gworkspace-users',
      kind: 'snapshot',
      auth,
      firstUrl: () => `${base}/admin/directory/v1/users?${new URLSearchParams({ customer: c.customer, maxResults: String(Math.min(c.pageSize, 500)), projection: 'full' })}`,
      page: listPage('users'),
    });
  }
  return defs;
}
