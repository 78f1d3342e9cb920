// Okta connector: DELETE /api/v1/users/{id}/sessions (revoke-sessions; with ?oauthTokens=true the user's OAuth 2.0
// tokens too) and POST /api/v1/users/{id}/lifecycle/suspend (disable-account), authorised by an API token
// (Authorization: SSWS …) or an OAuth 2.0 access token (Bearer …). The target is the Okta user id (00u…); a login
// (e-mail) is first resolved to the id with GET /api/v1/users/{login}, so the two calls always name the id.
// Docs: src/app/connectors/README.md.
import type { ContainmentAction } from '../../core/containment.ts';
import type { OktaConnectorConfig } from '../../core/connectors-config.ts';
import { ConnectorError, failure, pathSegment, send, TokenBucket, type Clock, type HttpContext } from './http.ts';
import { readSecret } from './secrets.ts';
import type { Connector, ConnectorResult } from './types.ts';
import type { Resolver } from '../outbound.ts';

export interface OktaOptions {
  allow: readonly string[];
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  resolve?: Resolver;
}

/** An Okta user id: 20 characters starting 00u. */
export const OKTA_USER_ID = /^00u[A-Za-z0-9]{17}$/;

export class OktaConnector implements Connector {
  readonly id = 'okta' as const;
  private secret: string | undefined;
  private readonly http: HttpContext;

  constructor(
    private readonly cfg: OktaConnectorConfig,
    private readonly opts: OktaOptions,
  ) {
    this.http = {
      name: 'Okta',
      policy: cfg.http,
      allow: opts.allow,
      bucket: new TokenBucket(cfg.http.ratePerSecond, cfg.http.burst, opts.clock),
      clock: opts.clock,
      resolve: opts.resolve,
      secrets: () => (this.secret === undefined ? [] : [this.secret]),
    };
  }

  private headers(): Record<string, string> {
    this.secret = readSecret(this.cfg, this.opts.env);
    return { authorization: `${this.cfg.auth} ${this.secret}`, accept: 'application/json' };
  }

  private base(): string {
    return this.cfg.baseUrl.replace(/\/+$/, '');
  }

  /** The user id for a target that is an id already or a login. */
  private async userId(target: string): Promise<{ id: string; attempts: number }> {
    if (OKTA_USER_ID.test(target)) return { id: target, attempts: 0 };
    const res = await send(this.http, `${this.base()}/api/v1/users/${pathSegment(target)}`, { method: 'GET', headers: this.headers() });
    if (res.status !== 200) throw failure(this.http, 'GET /api/v1/users/{login}', res);
    let id: unknown;
    try {
      id = (JSON.parse(res.text) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string' || !OKTA_USER_ID.test(id)) throw new ConnectorError(`Okta: GET /api/v1/users/{login} answered without a user id`, res.attempts, res.status);
    return { id, attempts: res.attempts };
  }

  async run(action: ContainmentAction, target: string): Promise<ConnectorResult> {
    const user = await this.userId(target);
    const path = `${this.base()}/api/v1/users/${pathSegment(user.id)}`;
    const call =
      action === 'revoke-sessions'
        ? { url: `${path}/sessions${this.cfg.revokeOAuthTokens ? '?oauthTokens=true' : ''}`, method: 'DELETE', what: 'DELETE /api/v1/users/{id}/sessions', ok: [204, 200] }
        : { url: `${path}/lifecycle/suspend`, method: 'POST', what: 'POST /api/v1/users/{id}/lifecycle/suspend', ok: [200, 204] };
    const res = await send(this.http, call.url, { method: call.method, headers: this.headers() });
    const attempts = user.attempts + res.attempts;
    if (!call.ok.includes(res.status)) throw failure(this.http, call.what, { ...res, attempts });
    const reference = res.headers.get('x-okta-request-id') ?? 'none';
    const named = user.id === target ? target : `${target} (${user.id})`;
    const result =
      action === 'revoke-sessions'
        ? `Okta cleared the sessions${this.cfg.revokeOAuthTokens ? ' and OAuth tokens' : ''} of ${named} (${res.status}, X-Okta-Request-Id ${reference})`
        : `Okta suspended ${named} (${res.status}, X-Okta-Request-Id ${reference})`;
    return { reference: `okta X-Okta-Request-Id ${reference}`, result, attempts };
  }
}
