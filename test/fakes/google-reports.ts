// A local fake of the Google Workspace Admin SDK endpoints the Google collector reads, in their documented shapes:
// - POST /token: the JWT bearer grant of a service account (grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer),
//   the assertion verified RS256 with the account's public key, iss = client_email, sub = the delegated admin,
//   aud = the token URL, scope, at most an hour (https://developers.google.com/identity/protocols/oauth2/service-account#httprest);
// - GET /admin/reports/v1/activity/users/all/applications/{app}?startTime=&maxResults=&pageToken= →
//   {"kind":"admin#reports#activities","etag","items":[...],"nextPageToken"}, newest first, `items` absent when empty
//   (https://developers.google.com/workspace/admin/reports/reference/rest/v1/activities/list);
// - GET /admin/directory/v1/users?customer=&maxResults=&pageToken= → {"kind":"admin#directory#users","users":[...],
//   "nextPageToken"} (https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/list);
// - 429 / 503 with Retry-After (https://developers.google.com/workspace/admin/reports/v1/limits).
// Records are the Reports API login activities of src/sources/gworkspace/fixtures (Google's documented example), cloned.
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { FakeBase, Tokens, hashOf, json, verifyJwt } from './common.ts';

const REPORTS_SCOPE = 'https://www.googleapis.com/auth/admin.reports.audit.readonly';
const DIRECTORY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.readonly';

export function googleActivity(o: { n: number; time: number; email: string; profileId?: string; ip: string; app?: string; failed?: boolean }): Record<string, unknown> {
  const d = JSON.parse(readFileSync(new URL('../../src/sources/gworkspace/fixtures/reports-api-login-page.json', import.meta.url), 'utf8')) as { items: Record<string, unknown>[] };
  const r = structuredClone(d.items[0]);
  r.id = { time: new Date(o.time).toISOString(), uniqueQualifier: String(1_000_000_000 + o.n), applicationName: o.app ?? 'login', customerId: 'C015t6bdl' };
  r.actor = { email: o.email, profileId: o.profileId ?? String(100_000_000_000_000_000_000n + BigInt(hashOf(o.email.toLowerCase()))) };
  r.ipAddress = o.ip;
  if (o.failed) (r.events as { name: string }[])[0].name = 'login_failure';
  return r;
}

export function googleUser(o: { id: string; email: string; name: string; department?: string; created?: string }): Record<string, unknown> {
  const d = JSON.parse(readFileSync(new URL('../../src/sources/gworkspace-users/fixtures/directory-users-list.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
  const r = structuredClone(d[0]);
  const [given, family] = o.name.split(' ');
  Object.assign(r, { id: o.id, primaryEmail: o.email, name: { givenName: given, familyName: family ?? '', fullName: o.name }, emails: [{ address: o.email, primary: true }], creationTime: o.created ?? r.creationTime });
  r.organizations = [{ name: 'Example Inc', title: 'Engineer', primary: true, department: o.department ?? 'Engineering' }];
  delete r.relations;
  delete r.externalIds;
  return r;
}

export class FakeGoogle extends FakeBase {
  readonly tokens = new Tokens();
  /** Activities per application name. */
  activities: Record<string, Record<string, unknown>[]> = {};
  users: Record<string, unknown>[] = [];
  lastClaims?: Record<string, unknown>;
  private readonly pages = new Map<string, { items: Record<string, unknown>[]; size: number; key: string; kind: string }>();
  private seq = 0;

  constructor(
    readonly clientEmail: string,
    readonly publicKey: KeyObject,
    readonly subject: string,
  ) {
    super();
  }

  get tokenUrl(): string {
    return `${this.url}/token`;
  }

  async listen(): Promise<string> {
    return this.start(async (req, body, u) => {
      if (req.method === 'POST' && u.pathname === '/token') {
        const f = new URLSearchParams(body);
        if (f.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return json(400, { error: 'unsupported_grant_type' });
        const v = verifyJwt(f.get('assertion') ?? '', this.publicKey);
        if (typeof v === 'string') return json(400, { error: 'invalid_grant', error_description: `Invalid JWT: ${v}` });
        const c = v.claims;
        this.lastClaims = c;
        if (c.iss !== this.clientEmail || c.aud !== this.tokenUrl) return json(400, { error: 'invalid_grant', error_description: 'Invalid JWT: iss or aud' });
        if (c.sub !== this.subject) return json(401, { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.' });
        const scopes = String(c.scope ?? '').split(' ');
        if (!scopes.includes(REPORTS_SCOPE) || !scopes.includes(DIRECTORY_SCOPE)) return json(400, { error: 'invalid_scope' });
        if (Number(c.exp) - Number(c.iat) > 3600) return json(400, { error: 'invalid_grant', error_description: 'Invalid JWT: Token must be a short-lived token (60 minutes)' });
        return json(200, this.tokens.issue());
      }
      if (!this.tokens.valid(req.headers.authorization)) return json(401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
      const fault = this.takeFault();
      if (fault) return { status: fault.status, headers: fault.headers, body: fault.body ?? JSON.stringify({ error: { code: fault.status, message: 'Quota exceeded or backend unavailable.', status: fault.status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE' } }) };
      const token = u.searchParams.get('pageToken');
      let p: { items: Record<string, unknown>[]; size: number; key: string; kind: string } | undefined;
      let pos = 0;
      if (token) {
        const [id, at] = token.split('.');
        p = this.pages.get(id);
        pos = Number(at);
        if (!p) return json(400, { error: { code: 400, message: 'Invalid page token', status: 'INVALID_ARGUMENT' } });
      } else {
        const size = Number(u.searchParams.get('maxResults') ?? '1000');
        const m = /^\/admin\/reports\/v1\/activity\/users\/all\/applications\/([a-z_]+)$/.exec(u.pathname);
        if (m) {
          const start = Date.parse(u.searchParams.get('startTime') ?? '');
          if (!Number.isFinite(start)) return json(400, { error: { code: 400, message: 'Invalid startTime', status: 'INVALID_ARGUMENT' } });
          const time = (r: Record<string, unknown>) => Date.parse((r.id as { time: string }).time);
          const items = (this.activities[m[1]] ?? []).filter((r) => time(r) >= start).sort((a, b) => time(b) - time(a));
          p = { items, size: Math.min(size, 1000), key: 'items', kind: 'admin#reports#activities' };
        } else if (u.pathname === '/admin/directory/v1/users') {
          if (!u.searchParams.get('customer')) return json(400, { error: { code: 400, message: 'Bad Request', status: 'INVALID_ARGUMENT' } });
          p = { items: this.users, size: Math.min(size, 500), key: 'users', kind: 'admin#directory#users' };
        } else return json(404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
        const id = `p${++this.seq}`;
        this.pages.set(id, p);
        token === null && (u.searchParams.set('_id', id));
      }
      const id = token ? token.split('.')[0] : u.searchParams.get('_id')!;
      const page = p.items.slice(pos, pos + p.size);
      if (!this.takeRate(page.length)) return json(429, { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } }, { 'retry-after': '1' });
      this.served += page.length;
      const out: Record<string, unknown> = { kind: p.kind, etag: `"e${this.seq}"` };
      if (page.length > 0) out[p.key] = page;
      if (pos + page.length < p.items.length) out.nextPageToken = `${id}.${pos + page.length}`;
      return json(200, out);
    });
  }
}
