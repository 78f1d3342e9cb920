// An Okta management API fake on loopback, answering as the documentation shows:
// - Authorization: SSWS {api token} (or Bearer {access token}); otherwise 401 {"errorCode":"E0000011","errorSummary":"Invalid token provided"}.
//   https://developer.okta.com/docs/guides/create-an-api-token/main/ , https://developer.okta.com/docs/reference/error-codes/
// - GET /api/v1/users/{id or login}: 200 the user; 404 E0000007 "Not found: Resource not found: … (User)".
// - DELETE /api/v1/users/{userId}/sessions[?oauthTokens=true]: 204 No Content.
//   https://developer.okta.com/docs/api/openapi/okta-management/management/tag/UserSessions/
// - POST /api/v1/users/{id}/lifecycle/suspend: 200 {} for an ACTIVE user; 400 E0000001 otherwise.
//   https://developer.okta.com/docs/api/openapi/okta-management/management/tag/UserLifecycle/
// - Every answer carries X-Rate-Limit-Limit / -Remaining / -Reset (UTC epoch seconds) and X-Okta-Request-Id; a 429 is
//   E0000047 "API call exceeded rate limit due to too many requests." (https://developer.okta.com/docs/reference/rl-best-practices/).
import { randomUUID } from 'node:crypto';
import { FakeServer, type Answer, type Recorded, type Scripted } from './server.ts';

export interface OktaUser {
  id: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED' | 'STAGED';
  profile: { login: string; email: string };
  sessions: number;
}

export interface OktaFakeOptions {
  token: string;
  auth?: 'SSWS' | 'Bearer';
  users: OktaUser[];
  /** epoch ms (the limit window resets a minute after it) */
  now?: () => number;
}

const oktaError = (status: number, errorCode: string, errorSummary: string, causes: string[] = []): Answer => ({
  status,
  json: { errorCode, errorSummary, errorLink: errorCode, errorId: `oae${randomUUID().replace(/-/g, '').slice(0, 19)}`, errorCauses: causes.map((c) => ({ errorSummary: c })) },
});

export class OktaFake {
  readonly server: FakeServer;
  readonly users: OktaUser[];
  remaining = 600;

  constructor(readonly opts: OktaFakeOptions) {
    this.users = opts.users.map((u) => ({ ...u, profile: { ...u.profile } }));
    this.server = new FakeServer(
      (r) => this.handle(r),
      () => ({
        'x-rate-limit-limit': '600',
        'x-rate-limit-remaining': String(Math.max(0, --this.remaining)),
        'x-rate-limit-reset': String(Math.floor(((opts.now ?? Date.now)() + 60_000) / 1000)),
        'x-okta-request-id': `X${randomUUID().replace(/-/g, '').slice(0, 26)}`,
      }),
    );
  }

  start(): Promise<FakeServer> {
    return this.server.start();
  }
  close(): Promise<void> {
    return this.server.close();
  }
  get origin(): string {
    return this.server.origin;
  }

  /** A documented 429: E0000047, X-Rate-Limit-Remaining 0 and X-Rate-Limit-Reset `resetInSeconds` from now. */
  throttled(resetInSeconds: number): Scripted {
    return {
      status: 429,
      headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(((this.opts.now ?? Date.now)() + resetInSeconds * 1000) / 1000)) },
      body: JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorLink: 'E0000047', errorId: 'oae1', errorCauses: [] }),
    };
  }
  static serverError(): Scripted {
    return { status: 500, body: JSON.stringify({ errorCode: 'E0000009', errorSummary: 'Internal Server Error', errorLink: 'E0000009', errorId: 'oae2', errorCauses: [] }) };
  }

  user(idOrLogin: string): OktaUser | undefined {
    const k = idOrLogin.toLowerCase();
    return this.users.find((u) => u.id.toLowerCase() === k || u.profile.login.toLowerCase() === k);
  }

  private handle(r: Recorded): Answer {
    const auth = String(r.headers.authorization ?? '');
    if (auth !== `${this.opts.auth ?? 'SSWS'} ${this.opts.token}`) return oktaError(401, 'E0000011', 'Invalid token provided');
    const m = /^\/api\/v1\/users\/([^/]+)(\/sessions|\/lifecycle\/suspend)?$/.exec(r.path);
    if (!m) return oktaError(404, 'E0000022', 'The endpoint does not support the provided HTTP method');
    const key = decodeURIComponent(m[1]);
    const u = this.user(key);
    if (!u) return oktaError(404, 'E0000007', `Not found: Resource not found: ${key} (User)`);
    if (!m[2] && r.method === 'GET') return { status: 200, json: { id: u.id, status: u.status, profile: u.profile, _links: {} } };
    if (m[2] === '/sessions' && r.method === 'DELETE') {
      u.sessions = 0;
      return { status: 204 };
    }
    if (m[2] === '/lifecycle/suspend' && r.method === 'POST') {
      if (u.status !== 'ACTIVE') return oktaError(400, 'E0000001', 'Api validation failed: suspend', ['Cannot suspend a user that is not active']);
      u.status = 'SUSPENDED';
      return { status: 200, json: {} };
    }
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
  }
}
