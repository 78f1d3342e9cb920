// Microsoft Graph connector: an app-only token by the OAuth 2.0 client credentials grant against the Microsoft
// identity platform, then POST /v1.0/users/{id}/revokeSignInSessions (revoke-sessions) or PATCH /v1.0/users/{id}
// {"accountEnabled": false} (disable-account). The target is the user's Entra object id or userPrincipalName (Graph
// takes either in /users/{id | userPrincipalName}). Docs: src/app/connectors/README.md.
import { randomUUID } from 'node:crypto';
import type { ContainmentAction } from '../../core/containment.ts';
import { graphTokenUrl, type GraphConnectorConfig } from '../../core/connectors-config.ts';
import { ConnectorError, failure, pathSegment, send, TokenBucket, type Clock, type HttpContext } from './http.ts';
import { readSecret } from './secrets.ts';
import type { Connector, ConnectorResult } from './types.ts';
import type { Resolver } from '../outbound.ts';

export interface GraphOptions {
  allow: readonly string[];
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  resolve?: Resolver;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');

export class GraphConnector implements Connector {
  readonly id = 'graph' as const;
  private token: { value: string; until: number } | undefined;
  private secret: string | undefined;
  private readonly http: HttpContext;

  constructor(
    private readonly cfg: GraphConnectorConfig,
    private readonly opts: GraphOptions,
  ) {
    this.http = {
      name: 'Microsoft Graph',
      policy: cfg.http,
      allow: opts.allow,
      bucket: new TokenBucket(cfg.http.ratePerSecond, cfg.http.burst, opts.clock),
      clock: opts.clock,
      resolve: opts.resolve,
      secrets: () => [this.secret, this.token?.value].filter((x): x is string => x !== undefined),
    };
  }

  private async accessToken(): Promise<string> {
    const now = (this.opts.clock ?? { now: Date.now }).now();
    if (this.token && this.token.until > now) return this.token.value;
    this.secret = readSecret(this.cfg, this.opts.env);
    const body = new URLSearchParams({ client_id: this.cfg.clientId, scope: this.cfg.scope, client_secret: this.secret, grant_type: 'client_credentials' }).toString();
    const res = await send(this.http, graphTokenUrl(this.cfg), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    if (res.status !== 200) throw failure(this.http, 'the token endpoint', res);
    let j: { access_token?: unknown; expires_in?: unknown };
    try {
      j = JSON.parse(res.text) as typeof j;
    } catch {
      throw new ConnectorError('Microsoft Graph: the token endpoint answered 200 without a JSON token', res.attempts, res.status);
    }
    if (typeof j.access_token !== 'string' || j.access_token === '') throw new ConnectorError('Microsoft Graph: the token endpoint answered without access_token', res.attempts, res.status);
    const life = typeof j.expires_in === 'number' ? j.expires_in : Number(j.expires_in ?? 3599);
    // Renew a minute early so a token does not expire between the check and the call.
    this.token = { value: j.access_token, until: now + Math.max(0, (Number.isFinite(life) ? life : 3599) - 60) * 1000 };
    return this.token.value;
  }

  async run(action: ContainmentAction, target: string): Promise<ConnectorResult> {
    const user = `${trimSlash(this.cfg.baseUrl)}/v1.0/users/${pathSegment(target)}`;
    const call = action === 'revoke-sessions'
      ? { url: `${user}/revokeSignInSessions`, method: 'POST', body: undefined, what: `POST /v1.0/users/{id}/revokeSignInSessions`, ok: [200, 204] }
      : { url: user, method: 'PATCH', body: JSON.stringify({ accountEnabled: false }), what: `PATCH /v1.0/users/{id}`, ok: [204, 200] };
    let attempts = 0;
    for (let fresh = 0; fresh < 2; fresh++) {
      const token = await this.accessToken();
      const clientRequestId = randomUUID();
      const res = await send(this.http, call.url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'client-request-id': clientRequestId,
          ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: call.body,
      });
      attempts += res.attempts;
      // An expired or revoked app token: get a new one once.
      if (res.status === 401 && fresh === 0) {
        this.token = undefined;
        continue;
      }
      if (!call.ok.includes(res.status)) throw failure(this.http, call.what, { ...res, attempts });
      const reference = res.headers.get('request-id') ?? clientRequestId;
      const result = action === 'revoke-sessions'
        ? `Microsoft Graph revoked the sign-in sessions of ${target} (${res.status}, request-id ${reference})`
        : `Microsoft Graph disabled the account ${target} (accountEnabled=false, ${res.status}, request-id ${reference})`;
      return { reference: `graph request-id ${reference}`, result, attempts };
    }
    throw new ConnectorError('Microsoft Graph: the call was refused (401) with a fresh token', attempts, 401);
  }
}
