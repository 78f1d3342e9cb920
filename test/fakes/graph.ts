// A Microsoft Graph and identity-platform fake on loopback, answering as the documentation shows:
// - POST /{tenant}/oauth2/v2.0/token (client credentials grant): 200 {token_type, expires_in, access_token}, or 401
//   {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided…"} for a bad secret.
//   https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
// - POST /v1.0/users/{id | userPrincipalName}/revokeSignInSessions: 200 {"@odata.context": "…#Edm.Boolean", "value": true}.
//   https://learn.microsoft.com/en-us/graph/api/user-revokesigninsessions?view=graph-rest-1.0
// - PATCH /v1.0/users/{id | userPrincipalName} {"accountEnabled": false}: 204 No Content.
//   https://learn.microsoft.com/en-us/graph/api/user-update?view=graph-rest-1.0
// - an unknown user: 404 {"error":{"code":"Request_ResourceNotFound", …}}; a bad token: 401 InvalidAuthenticationToken;
//   throttling: 429 with Retry-After and {"error":{"code":"TooManyRequests", …}} (https://learn.microsoft.com/en-us/graph/throttling,
//   https://learn.microsoft.com/en-us/graph/errors). Every answer carries request-id and client-request-id headers.
import { randomUUID } from 'node:crypto';
import { FakeServer, type Answer, type Recorded, type Scripted } from './server.ts';

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  signInSessionsValidFromDateTime?: string;
}

export interface GraphFakeOptions {
  tenant: string;
  clientId: string;
  clientSecret: string;
  users: GraphUser[];
}

const innerError = (r: Recorded) => ({ date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': String(r.headers['client-request-id'] ?? '') });
const graphError = (r: Recorded, status: number, code: string, message: string): Answer => ({ status, json: { error: { code, message, innerError: innerError(r) } } });

export class GraphFake {
  readonly server: FakeServer;
  readonly tokens = new Set<string>();
  readonly users: GraphUser[];

  constructor(readonly opts: GraphFakeOptions) {
    this.users = opts.users.map((u) => ({ ...u }));
    this.server = new FakeServer(
      (r) => this.handle(r),
      (r) => ({ 'request-id': randomUUID(), 'client-request-id': String(r.headers['client-request-id'] ?? randomUUID()) }),
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
  get tokenUrl(): string {
    return `${this.origin}/${this.opts.tenant}/oauth2/v2.0/token`;
  }
  /** Calls to the user endpoints (not the token endpoint). */
  get userCalls(): Recorded[] {
    return this.server.requests.filter((r) => r.path.startsWith('/v1.0/'));
  }

  /** A documented 429: Retry-After seconds and the TooManyRequests error body. */
  static throttled(retryAfterSeconds: number): Scripted {
    return {
      status: 429,
      headers: { 'retry-after': String(retryAfterSeconds) },
      body: JSON.stringify({ error: { code: 'TooManyRequests', message: 'Please retry again later.', innerError: { code: '429', status: '429', message: 'Please retry after' } } }),
    };
  }
  static unavailable(): Scripted {
    return { status: 503, body: JSON.stringify({ error: { code: 'serviceNotAvailable', message: 'The service is temporarily unavailable. Please retry later.' } }) };
  }

  user(idOrUpn: string): GraphUser | undefined {
    const k = idOrUpn.toLowerCase();
    return this.users.find((u) => u.id.toLowerCase() === k || u.userPrincipalName.toLowerCase() === k);
  }

  private handle(r: Recorded): Answer {
    if (r.method === 'POST' && r.path === `/${this.opts.tenant}/oauth2/v2.0/token`) return this.token(r);
    const m = /^\/v1\.0\/users\/([^/]+)(\/revokeSignInSessions)?$/.exec(r.path);
    if (!m) return graphError(r, 400, 'BadRequest', `Resource not found for the segment '${r.path.split('/')[2] ?? ''}'.`);
    const auth = String(r.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) {
      return graphError(r, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    }
    const key = decodeURIComponent(m[1]);
    const u = this.user(key);
    if (!u) return graphError(r, 404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
    if (m[2] && r.method === 'POST') {
      u.signInSessionsValidFromDateTime = new Date().toISOString();
      return { status: 200, json: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true } };
    }
    if (!m[2] && r.method === 'PATCH') {
      let body: { accountEnabled?: unknown };
      try {
        body = JSON.parse(r.body) as typeof body;
      } catch {
        return graphError(r, 400, 'BadRequest', 'Unable to read JSON request payload.');
      }
      if (typeof body.accountEnabled === 'boolean') u.accountEnabled = body.accountEnabled;
      return { status: 204 };
    }
    return graphError(r, 405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  }

  private token(r: Recorded): Answer {
    const f = new URLSearchParams(r.body);
    if (f.get('grant_type') !== 'client_credentials') return { status: 400, json: { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The app requested an unsupported grant type.' } };
    if (f.get('client_id') !== this.opts.clientId) {
      return { status: 400, json: { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${f.get('client_id')}' was not found in the directory.`, error_codes: [700016] } };
    }
    if (f.get('scope') !== 'https://graph.microsoft.com/.default') return { status: 400, json: { error: 'invalid_scope', error_description: 'AADSTS1002012: The provided value for scope is not valid.' } };
    if (f.get('client_secret') !== this.opts.clientSecret) {
      // The real endpoint names the app, never the secret; this fake echoes the secret sent, to prove the connector scrubs it.
      return {
        status: 401,
        json: {
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret provided (${f.get('client_secret')}). Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.opts.clientId}'.\r\nTrace ID: ${randomUUID()}`,
          error_codes: [7000215],
          trace_id: randomUUID(),
          correlation_id: randomUUID(),
        },
      };
    }
    const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${Buffer.from(randomUUID()).toString('base64url')}.${Buffer.from(randomUUID()).toString('base64url')}`;
    this.tokens.add(token);
    return { status: 200, json: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  }
}
