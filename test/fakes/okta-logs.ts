// A local fake of Okta's System Log and Users APIs, in their documented shapes:
// - GET /api/v1/logs?since=&sortOrder=ASCENDING&limit=&after= : a JSON array of LogEvents, oldest first, with
//   `Link: <…>; rel="self"` and `Link: <…>; rel="next"` (always present when polling: the next link continues after
//   the last event returned) — https://developer.okta.com/docs/reference/api/system-log/#list-events ,
//   https://developer.okta.com/docs/reference/system-log-query/ ;
// - GET /api/v1/users?limit=&after= with Link rel="next" while there are more
//   (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers);
// - rate-limit headers X-Rate-Limit-Limit / -Remaining / -Reset (epoch seconds) on every answer, 429 when the window is
//   spent (https://developer.okta.com/docs/reference/rl-best-practices/);
// - auth: `Authorization: SSWS <API token>`, or a Bearer token from POST /oauth2/v1/token with client credentials and a
//   private_key_jwt client assertion verified with the service app's public key
//   (https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/main/).
// Records are Okta's documented LogEvent of src/sources/okta-systemlog/fixtures/api-logs-page.json, cloned.
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { FakeBase, Tokens, guid, hashOf, json, verifyJwt } from './common.ts';

const tpl = (): Record<string, unknown> => {
  const d = JSON.parse(readFileSync(new URL('../../src/sources/okta-systemlog/fixtures/api-logs-page.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
  return structuredClone(d[1]); // a user.session.start with a user actor
};

export function oktaEvent(o: { n: number; time: number; login: string; oktaId?: string; ip: string; eventType?: string }): Record<string, unknown> {
  const r = tpl();
  r.uuid = guid(11, o.n);
  r.published = new Date(o.time).toISOString();
  r.eventType = o.eventType ?? 'user.session.start';
  const actor = r.actor as Record<string, unknown>;
  actor.id = o.oktaId ?? `00u${guid(12, hashOf(o.login.toLowerCase())).replace(/-/g, '').slice(0, 17)}`;
  actor.alternateId = o.login;
  actor.displayName = o.login.split('@')[0];
  const client = r.client as Record<string, unknown>;
  client.ipAddress = o.ip;
  delete client.geographicalContext;
  const req = r.request as { ipChain?: unknown[] } | undefined;
  if (req) req.ipChain = [];
  delete r.securityContext;
  return r;
}

export function oktaUser(o: { id: string; login: string; first: string; last: string; department?: string; created?: string }): Record<string, unknown> {
  const d = JSON.parse(readFileSync(new URL('../../src/sources/okta-users/fixtures/okta-docs-list-users.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
  const r = structuredClone(d[0]);
  r.id = o.id;
  r.created = o.created ?? r.created;
  r.profile = { firstName: o.first, lastName: o.last, email: o.login, login: o.login, department: o.department ?? 'Engineering' };
  return r;
}

const key = (r: Record<string, unknown>): string => `${String(r.published)}|${String(r.uuid)}`;

export class FakeOkta extends FakeBase {
  readonly tokens = new Tokens();
  events: Record<string, unknown>[] = [];
  users: Record<string, unknown>[] = [];
  /** Requests per rate-limit window (one minute in Okta; here `windowMs`). */
  limitPerWindow = 600;
  windowMs = 60_000;
  private used = 0;
  private windowStart = Date.now();
  private readonly jtis = new Set<string>();

  constructor(
    readonly apiToken: string,
    readonly oauth?: { clientId: string; publicKey: KeyObject },
  ) {
    super();
  }

  get tokenUrl(): string {
    return `${this.url}/oauth2/v1/token`;
  }

  private rateHeaders(): Record<string, string> {
    const now = Date.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used++;
    return {
      'x-rate-limit-limit': String(this.limitPerWindow),
      'x-rate-limit-remaining': String(Math.max(0, this.limitPerWindow - this.used)),
      'x-rate-limit-reset': String(Math.ceil((this.windowStart + this.windowMs) / 1000)),
    };
  }

  private authorised(h: string | undefined): boolean {
    return h === `SSWS ${this.apiToken}` || (this.oauth !== undefined && this.tokens.valid(h));
  }

  async listen(): Promise<string> {
    return this.start(async (req, body, u) => {
      if (req.method === 'POST' && u.pathname === '/oauth2/v1/token') {
        const f = new URLSearchParams(body);
        if (!this.oauth || f.get('grant_type') !== 'client_credentials' || f.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
          return json(400, { error: 'invalid_request' });
        const v = verifyJwt(f.get('client_assertion') ?? '', this.oauth.publicKey);
        if (typeof v === 'string') return json(401, { error: 'invalid_client', error_description: `The client_assertion is invalid: ${v}` });
        const c = v.claims;
        if (c.iss !== this.oauth.clientId || c.sub !== this.oauth.clientId || c.aud !== this.tokenUrl || typeof c.jti !== 'string' || this.jtis.has(c.jti))
          return json(401, { error: 'invalid_client', error_description: 'The client_assertion claims are invalid.' });
        if (Number(c.exp) - Number(c.iat) > 3600) return json(401, { error: 'invalid_client', error_description: 'The client_assertion lives too long.' });
        this.jtis.add(c.jti);
        const scopes = (f.get('scope') ?? '').split(' ');
        if (!scopes.includes('okta.logs.read')) return json(400, { error: 'invalid_scope' });
        return json(200, { ...this.tokens.issue(), scope: scopes.join(' ') });
      }
      const rate = this.rateHeaders();
      if (!this.authorised(req.headers.authorization)) return json(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorId: 'oae1', errorCauses: [] }, rate);
      const fault = this.takeFault();
      if (fault) return { status: fault.status, headers: { ...rate, ...fault.headers }, body: fault.body ?? JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorCauses: [] }) };
      if (this.used > this.limitPerWindow) return json(429, { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorCauses: [] }, rate);
      const limit = Math.min(Number(u.searchParams.get('limit') ?? '100'), 1000);
      const after = u.searchParams.get('after');
      const links = (next: string) => ({ ...rate, link: `<${this.url}${u.pathname}${u.search}>; rel="self", <${next}>; rel="next"` });
      if (u.pathname === '/api/v1/logs') {
        if (u.searchParams.get('sortOrder') !== 'ASCENDING') return json(400, { errorCode: 'E0000001', errorSummary: 'polling needs sortOrder=ASCENDING' });
        const since = Date.parse(u.searchParams.get('since') ?? '');
        const sorted = this.events.filter((r) => Date.parse(String(r.published)) >= since).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        const rest = after ? sorted.filter((r) => key(r) > Buffer.from(after, 'base64url').toString('utf8')) : sorted;
        const page = rest.slice(0, limit);
        if (!this.takeRate(page.length)) return json(429, { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }, { ...rate, 'retry-after': '1' });
        this.served += page.length;
        const cursor = page.length > 0 ? Buffer.from(key(page[page.length - 1])).toString('base64url') : (after ?? '');
        const q = new URLSearchParams({ limit: String(limit), sortOrder: 'ASCENDING', since: u.searchParams.get('since') ?? '' });
        if (cursor) q.set('after', cursor);
        return { status: 200, headers: links(`${this.url}/api/v1/logs?${q}`), body: JSON.stringify(page) };
      }
      if (u.pathname === '/api/v1/users') {
        const start = after ? this.users.findIndex((x) => x.id === after) + 1 : 0;
        const page = this.users.slice(start, start + limit);
        const headers = start + limit < this.users.length ? links(`${this.url}/api/v1/users?limit=${limit}&after=${String(page[page.length - 1].id)}`) : rate;
        return { status: 200, headers, body: JSON.stringify(page) };
      }
      return json(404, { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' });
    });
  }
}
