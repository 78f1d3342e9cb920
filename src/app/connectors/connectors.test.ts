// The Graph and Okta connectors against loopback fakes (test/fakes) that answer as the vendors document: the happy
// paths, throttling retried after the wait the vendor asks for (a recorded clock: no real waiting), 5xx exhausted,
// 401 without the secret in the message, allow-list refusals, and the token bucket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorsConfig } from '../../core/connectors-config.ts';
import { OutboundConfig } from '../../core/outbound-config.ts';
import { GraphFake } from '../../../test/fakes/graph.ts';
import { OktaFake } from '../../../test/fakes/okta.ts';
import { buildConnectors, connectorsView } from './index.ts';
import { ConnectorError, retryAfterMs, scrub, TokenBucket, vendorMessage, type Clock } from './http.ts';
import type { Connector } from './types.ts';

/** A clock that records each sleep and advances by it at once. */
function recordingClock(start = Date.parse('2026-03-02T09:00:00Z')): Clock & { slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

const SECRET = 'Qx~8Q~s3cr3t-client-value.DoNotLeak';
const OKTA_TOKEN = '00abcdefGhIjKlMnOpQrStUvWxYz0123456789ab';
const ADELE = { id: 'fe4c1d1a-0d1f-4d59-b6d2-1e6f1f7a2c30', userPrincipalName: 'AdeleV@M365x816222.OnMicrosoft.com', accountEnabled: true };
const OKTA_ADELE = { id: '00ub0oNGTSWTBKOLGLNR', status: 'ACTIVE' as const, profile: { login: 'adele.vance@example.com', email: 'adele.vance@example.com' }, sessions: 3 };

describe('containment connectors against loopback fakes', () => {
  const graph = new GraphFake({ tenant: 'contoso.onmicrosoft.com', clientId: 'a1b2c3d4-0000-4000-8000-000000000001', clientSecret: SECRET, users: [ADELE] });
  const okta = new OktaFake({ token: OKTA_TOKEN, users: [OKTA_ADELE, { ...OKTA_ADELE, id: '00ub0oNGTSWTBKOLGLN2', status: 'SUSPENDED', profile: { login: 'gone@example.com', email: 'gone@example.com' } }] });
  let clock: ReturnType<typeof recordingClock>;
  const env = { SLEETWATCH_GRAPH_CLIENT_SECRET: SECRET, SLEETWATCH_OKTA_TOKEN: OKTA_TOKEN };

  const connectors = (over: { env?: NodeJS.ProcessEnv; allow?: string[]; retries?: number; graphBase?: string } = {}): { graph: Connector; okta: Connector } => {
    clock = recordingClock();
    const http = { retries: over.retries ?? 3, backoffMs: 500, maxRetryAfterMs: 30_000, ratePerSecond: 100, burst: 100 };
    const cfg = ConnectorsConfig.parse({
      graph: { tenant: 'contoso.onmicrosoft.com', clientId: graph.opts.clientId, tokenUrl: graph.tokenUrl, baseUrl: over.graphBase ?? graph.origin, http },
      okta: { baseUrl: okta.origin, http },
    });
    const m = buildConnectors(cfg, { allow: over.allow ?? [graph.origin, okta.origin], env: over.env ?? env, clock });
    return { graph: m.get('graph')!, okta: m.get('okta')! };
  };

  beforeAll(async () => {
    await graph.start();
    await okta.start();
  });
  afterAll(async () => {
    await graph.close();
    await okta.close();
  });

  it('Graph: client credentials token, then revokeSignInSessions and PATCH accountEnabled=false by UPN or object id', async () => {
    const { graph: g } = connectors();
    const revoked = await g.run('revoke-sessions', ADELE.userPrincipalName);
    expect(revoked).toMatchObject({ attempts: 1, reference: expect.stringMatching(/^graph request-id [0-9a-f-]{36}$/) });
    expect(revoked.result).toContain(`Microsoft Graph revoked the sign-in sessions of ${ADELE.userPrincipalName} (200, request-id`);
    expect(graph.user(ADELE.id)?.signInSessionsValidFromDateTime).toBeDefined();
    const disabled = await g.run('disable-account', ADELE.id);
    expect(disabled.result).toContain(`Microsoft Graph disabled the account ${ADELE.id} (accountEnabled=false, 204`);
    expect(graph.user(ADELE.id)?.accountEnabled).toBe(false);
    const token = graph.server.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
    expect(token).toHaveLength(1); // cached for the second call
    expect(Object.fromEntries(new URLSearchParams(token[0].body))).toEqual({ client_id: graph.opts.clientId, scope: 'https://graph.microsoft.com/.default', client_secret: SECRET, grant_type: 'client_credentials' });
    const calls = graph.userCalls.slice(-2);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`POST /v1.0/users/${encodeURIComponent(ADELE.userPrincipalName)}/revokeSignInSessions`, `PATCH /v1.0/users/${ADELE.id}`]);
    expect(JSON.parse(calls[1].body)).toEqual({ accountEnabled: false });
    expect(calls[1].headers['content-type']).toBe('application/json');
  });

  it('Graph: a 429 with Retry-After is retried after that wait; a 404 names the resource; 503 until retries run out fails with the reason', async () => {
    const { graph: g } = connectors();
    graph.server.fail(/revokeSignInSessions$/, GraphFake.throttled(7), GraphFake.throttled(2));
    const r = await g.run('revoke-sessions', ADELE.id);
    expect(r.attempts).toBe(3);
    expect(clock.slept).toEqual([7000, 2000]);

    await expect(g.run('revoke-sessions', 'nobody@M365x816222.OnMicrosoft.com')).rejects.toThrow(
      "Microsoft Graph: POST /v1.0/users/{id}/revokeSignInSessions answered 404: Request_ResourceNotFound: Resource 'nobody@M365x816222.OnMicrosoft.com' does not exist",
    );

    graph.server.fail(/PATCH/, ...Array.from({ length: 4 }, () => GraphFake.unavailable()));
    clock.slept.length = 0;
    const err = await g.run('disable-account', ADELE.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).message).toBe(
      'Microsoft Graph: PATCH /v1.0/users/{id} answered 503 after 4 attempts: serviceNotAvailable: The service is temporarily unavailable. Please retry later.',
    );
    expect((err as ConnectorError).attempts).toBe(4);
    expect(clock.slept).toEqual([500, 1000, 2000]); // exponential backoff without Retry-After
  });

  it('Graph: a Retry-After beyond the bound fails at once instead of waiting', async () => {
    const { graph: g } = connectors();
    graph.server.fail(/revokeSignInSessions$/, GraphFake.throttled(3600));
    await expect(g.run('revoke-sessions', ADELE.id)).rejects.toThrow(
      'Microsoft Graph: http://127.0.0.1:' + graph.server.port + `/v1.0/users/${ADELE.id}/revokeSignInSessions answered 429 and asks to wait 3600 s, longer than the 30 s allowed (TooManyRequests: Please retry again later.)`,
    );
    expect(clock.slept).toEqual([]);
  });

  it('Graph: a wrong client secret is a 401 whose message never carries the secret', async () => {
    const wrong = 'Wr0ng~secret~value~that~must~not~appear';
    const { graph: g } = connectors({ env: { SLEETWATCH_GRAPH_CLIENT_SECRET: wrong } });
    const err = (await g.run('revoke-sessions', ADELE.id).catch((e: unknown) => e)) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/^Microsoft Graph: the token endpoint answered 401: invalid_client: AADSTS7000215: Invalid client secret provided \(\*\*\*\)/);
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(SECRET);
    const none = await connectors({ env: {} }).graph.run('revoke-sessions', ADELE.id).catch((e: Error) => e);
    expect((none as Error).message).toBe('no secret: set the environment variable SLEETWATCH_GRAPH_CLIENT_SECRET (or secretFile in the config)');
  });

  it('Okta: SSWS token; sessions cleared with oauthTokens=true; a login resolved to the user id; suspend', async () => {
    const { okta: o } = connectors();
    const before = okta.server.requests.length;
    const r = await o.run('revoke-sessions', OKTA_ADELE.profile.login);
    expect(r.result).toMatch(/^Okta cleared the sessions and OAuth tokens of adele\.vance@example\.com \(00ub0oNGTSWTBKOLGLNR\) \(204, X-Okta-Request-Id X[0-9a-f]{26}\)$/);
    expect(r.reference).toMatch(/^okta X-Okta-Request-Id X[0-9a-f]{26}$/);
    expect(r.attempts).toBe(2);
    const s = await o.run('disable-account', OKTA_ADELE.id);
    expect(s.result).toContain('Okta suspended 00ub0oNGTSWTBKOLGLNR (200');
    const calls = okta.server.requests.slice(before);
    expect(calls.map((c) => `${c.method} ${c.path}?${c.query}`)).toEqual([
      `GET /api/v1/users/${encodeURIComponent(OKTA_ADELE.profile.login)}?`,
      'DELETE /api/v1/users/00ub0oNGTSWTBKOLGLNR/sessions?oauthTokens=true',
      'POST /api/v1/users/00ub0oNGTSWTBKOLGLNR/lifecycle/suspend?',
    ]);
    expect(calls.every((c) => c.headers.authorization === `SSWS ${OKTA_TOKEN}`)).toBe(true);
    expect(okta.user(OKTA_ADELE.id)).toMatchObject({ status: 'SUSPENDED', sessions: 0 });
    // Suspending a user who is not active: Okta's 400 with its cause.
    await expect(o.run('disable-account', '00ub0oNGTSWTBKOLGLN2')).rejects.toThrow(
      'Okta: POST /api/v1/users/{id}/lifecycle/suspend answered 400: E0000001: Api validation failed: suspend: Cannot suspend a user that is not active',
    );
  });

  it('Okta: 429 waits until X-Rate-Limit-Reset; 500 exhausted fails; a bad token is a 401 without the token', async () => {
    const { okta: o } = connectors();
    okta.opts.now = clock.now;
    okta.server.fail(/sessions$/, okta.throttled(12));
    const r = await o.run('revoke-sessions', '00ub0oNGTSWTBKOLGLNR');
    expect(r.attempts).toBe(2);
    expect(clock.slept).toHaveLength(1);
    expect(clock.slept[0]).toBeGreaterThan(11_000);
    expect(clock.slept[0]).toBeLessThanOrEqual(12_000);

    okta.server.fail(/sessions$/, ...Array.from({ length: 4 }, () => OktaFake.serverError()));
    await expect(o.run('revoke-sessions', '00ub0oNGTSWTBKOLGLNR')).rejects.toThrow('Okta: DELETE /api/v1/users/{id}/sessions answered 500 after 4 attempts: E0000009: Internal Server Error');

    const bad = 'ssws-token-that-is-wrong-and-secret-0001';
    const err = (await connectors({ env: { SLEETWATCH_OKTA_TOKEN: bad } }).okta.run('revoke-sessions', '00ub0oNGTSWTBKOLGLNR').catch((e: unknown) => e)) as ConnectorError;
    expect(err.message).toBe('Okta: DELETE /api/v1/users/{id}/sessions answered 401: E0000011: Invalid token provided');
    expect(err.status).toBe(401);
  });

  it('never follows a redirect from the token endpoint, and refuses an allowed name that resolves to a private address', async () => {
    const { graph: g } = connectors();
    graph.server.fail(/token$/, { status: 302, headers: { location: 'http://169.254.169.254/metadata/identity/oauth2/token' } });
    await expect(g.run('revoke-sessions', ADELE.id)).rejects.toThrow(
      `Microsoft Graph: ${graph.tokenUrl} answered 302 redirecting to http://169.254.169.254/metadata/identity/oauth2/token; redirects are not followed`,
    );
    const cfg = ConnectorsConfig.parse({ okta: { baseUrl: 'https://okta.corp.example' } });
    const inside = buildConnectors(cfg, { allow: ['https://okta.corp.example'], env, resolve: async () => [{ address: '10.20.30.40', family: 4 }] }).get('okta')!;
    await expect(inside.run('revoke-sessions', OKTA_ADELE.id)).rejects.toThrow(
      'Okta: okta.corp.example resolves to 10.20.30.40, a loopback, private, link-local or reserved address; only an allow-list entry naming that address allows it',
    );
    await expect(g.run('revoke-sessions', '..')).rejects.toThrow('the account name ".." is not usable in a URL path');
  });

  it('refuses a base URL the allow-list does not name, before any request', async () => {
    const before = graph.server.requests.length;
    const { graph: g } = connectors({ allow: [okta.origin] });
    await expect(g.run('revoke-sessions', ADELE.id)).rejects.toThrow(`Microsoft Graph: ${graph.origin} is not on the outbound allow-list (outbound.allow)`);
    const https = connectors({ allow: [graph.origin.replace('http:', 'https:'), okta.origin] });
    await expect(https.graph.run('revoke-sessions', ADELE.id)).rejects.toThrow(/is plain http; the allow-list allows only https/);
    expect(graph.server.requests.length).toBe(before);
  });
});

describe('network errors', () => {
  it('a connection closed without an answer is retried, then fails naming the error and the attempts', async () => {
    const { createServer } = await import('node:net');
    let accepted = 0;
    const srv = createServer((sock) => {
      accepted++;
      sock.destroy();
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    try {
      const clock = recordingClock();
      const cfg = ConnectorsConfig.parse({ okta: { baseUrl: `http://127.0.0.1:${port}`, http: { retries: 2, backoffMs: 100 } } });
      const o = buildConnectors(cfg, { allow: [`http://127.0.0.1:${port}`], env: { SLEETWATCH_OKTA_TOKEN: OKTA_TOKEN }, clock }).get('okta')!;
      const err = (await o.run('revoke-sessions', OKTA_ADELE.id).catch((e: unknown) => e)) as ConnectorError;
      expect(err).toBeInstanceOf(ConnectorError);
      expect(err.message).toMatch(new RegExp(`^Okta: http://127\\.0\\.0\\.1:${port}/api/v1/users/00ub0oNGTSWTBKOLGLNR/sessions failed: .+ \\(3 attempts\\)$`));
      expect(err.message).not.toContain(OKTA_TOKEN);
      expect(err.attempts).toBe(3);
      expect(accepted).toBe(3);
      expect(clock.slept).toEqual([100, 200]);
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});

describe('connector HTTP helpers', () => {
  it('reads Retry-After as seconds or a date, and Okta X-Rate-Limit-Reset as an epoch second', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '5' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Mon, 02 Mar 2026 09:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'x-rate-limit-reset': String(now / 1000 + 42) }), now)).toBe(42_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });

  it('turns vendor error bodies into one line, without secrets, tokens or control characters', () => {
    expect(vendorMessage('{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}')).toBe(
      'Authorization_RequestDenied: Insufficient privileges to complete the operation.',
    );
    expect(vendorMessage('{"error":"invalid_client","error_description":"AADSTS7000215: bad s3cr3tvalue\\r\\nTrace ID: 1"}', ['s3cr3tvalue'])).toBe('invalid_client: AADSTS7000215: bad ***');
    expect(vendorMessage('<html><body>Bad gateway\u001b[31m</body></html>')).toBe('Bad gateway [31m');
    expect(scrub('Authorization: SSWS 00abcdefGhIjKlMnOpQr and Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.abc')).toBe('Authorization: SSWS *** and Bearer ***');
    expect(scrub('x'.repeat(400))).toHaveLength(300);
    // A hostile body (a long run of token-like text) is handled in bounded work and never echoes the secret.
    const hostile = 'eyJ'.repeat(80_000) + 'Bearer ' + 'a'.repeat(100_000);
    expect(scrub(hostile, ['aaaa'])).toHaveLength(300);
    expect(scrub(`${'y'.repeat(1990)}${SECRET}`, [SECRET])).not.toContain(SECRET.slice(0, 8));
  });

  it('the token bucket lets a burst through, then spaces calls at the rate', async () => {
    const clock = recordingClock();
    const b = new TokenBucket(2, 3, clock);
    const waits = await Promise.all(Array.from({ length: 6 }, () => b.take()));
    expect(waits).toEqual([0, 0, 0, 500, 500, 500]);
    expect(clock.slept).toEqual([500, 500, 500]);
  });
});

describe('connectorsView (for the settings page)', () => {
  it('shows the connectors and whether each secret is set, never the secret', () => {
    const cfg = ConnectorsConfig.parse({
      graph: { tenant: 'contoso.onmicrosoft.com', clientId: 'client-1' },
      okta: { baseUrl: 'https://example.okta.com', auth: 'Bearer' },
    });
    const view = connectorsView(cfg, { SLEETWATCH_GRAPH_CLIENT_SECRET: SECRET });
    expect(view).toEqual({
      graph: {
        tenant: 'contoso.onmicrosoft.com',
        clientId: 'client-1',
        tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
        baseUrl: 'https://graph.microsoft.com',
        secret: 'set',
        secretFrom: 'env SLEETWATCH_GRAPH_CLIENT_SECRET',
      },
      okta: { baseUrl: 'https://example.okta.com', auth: 'Bearer', revokeOAuthTokens: true, secret: 'missing', secretFrom: 'env SLEETWATCH_OKTA_TOKEN' },
    });
    expect(JSON.stringify(view)).not.toContain(SECRET);
  });

  it('the config refuses an allow-list entry with a path and a non-URL base', () => {
    expect(OutboundConfig.safeParse({ allow: ['https://hooks.example.com/path'] }).success).toBe(false);
    expect(OutboundConfig.safeParse({ allow: ['ftp://files.example.com'] }).success).toBe(false);
    expect(OutboundConfig.safeParse({ allow: ['https://hooks.example.com', 'smtps://smtp.example.com', 'syslog+udp://siem.example.com:514'] }).success).toBe(true);
    // The allow-list left connectors for the top level: an old config says so instead of being silently ignored.
    expect(ConnectorsConfig.safeParse({ outbound: { allow: [] } }).success).toBe(false);
    expect(ConnectorsConfig.safeParse({ okta: { baseUrl: 'example.okta.com' } }).success).toBe(false);
    expect(ConnectorsConfig.safeParse({ graph: { tenant: 'a/b', clientId: 'x' } }).success).toBe(false);
  });
});
