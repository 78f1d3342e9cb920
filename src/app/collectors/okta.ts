// Okta collectors: the System Log (`GET /api/v1/logs`, polled with `since` and sortOrder=ASCENDING, paged by the
// `Link: <…>; rel="next"` header: https://developer.okta.com/docs/reference/system-log-query/) and the users
// (`GET /api/v1/users`). Rate limits: X-Rate-Limit-Remaining / X-Rate-Limit-Reset
// (https://developer.okta.com/docs/reference/rl-best-practices/): at 0 remaining the next request waits for the reset.
import type { OktaCollectorConfig } from '../../core/collectors-config.ts';
import { parseIsoUtc } from '../../sources/timestamps.ts';
import { privateKeyJwtAuth, privateKeyOf, staticAuth, type AuthProvider } from './auth.ts';
import { serverWaitMs, type HttpOptions } from './http.ts';
import { readSecret, type Redactor } from './secrets.ts';
import type { PageOf, StreamDef } from './stream.ts';

/** The rel="next" target of an RFC 8288 Link header (Okta sends one Link header per relation, or a list). */
export function linkNext(h: Headers): string | undefined {
  const raw = h.get('link');
  if (raw === null) return undefined;
  for (const part of raw.split(',')) {
    const m = /^\s*<([^>]{1,4096})>\s*;(.{0,200})$/.exec(part);
    if (m && /rel\s*=\s*"?next"?/.test(m[2])) return m[1];
  }
  return undefined;
}

function oktaAuth(c: OktaCollectorConfig, http: HttpOptions, redactor: Redactor, env: NodeJS.ProcessEnv): AuthProvider {
  if (c.auth.kind === 'ssws') return staticAuth('SSWS', readSecret(c.auth.token, 'collectors.okta.auth.token', redactor, env));
  const key = privateKeyOf(readSecret(c.auth.privateKey, 'collectors.okta.auth.privateKey', redactor, env), 'collectors.okta.auth.privateKey');
  const tokenUrl = c.auth.tokenUrl ?? `${c.orgUrl.replace(/\/+$/, '')}/oauth2/v1/token`;
  return privateKeyJwtAuth({ tokenUrl, clientId: c.auth.clientId, key, keyId: c.auth.keyId, scopes: c.auth.scopes }, http);
}

/** Wait for the reset when the window is spent (a 429 is then avoided rather than retried). */
function pace(h: Headers, now: number): number {
  if (h.get('x-rate-limit-remaining') !== '0') return 0;
  return Math.min(serverWaitMs(new Headers({ 'x-rate-limit-reset': h.get('x-rate-limit-reset') ?? '' }), now) ?? 1000, 60_000);
}

export function oktaStreams(c: OktaCollectorConfig, http: HttpOptions, redactor: Redactor, env: NodeJS.ProcessEnv = process.env): StreamDef[] {
  const auth = oktaAuth(c, http, redactor, env);
  const base = c.orgUrl.replace(/\/+$/, '');
  const limit = Math.min(c.pageSize, 1000);
  const arrayPage = (full: number) => (body: unknown, h: Headers): PageOf => {
    if (!Array.isArray(body)) throw new Error('Okta answered without a JSON array');
    // Polling: the System Log always sends a next link; a short page is the end of what exists now.
    return { records: body, next: body.length < full ? undefined : linkNext(h) };
  };
  const defs = {
    logs: {
      id: 'okta-logs',
      format: 'okta-systemlog',
      kind: 'events' as const,
      firstUrl: (from: string | undefined) => `${base}/api/v1/logs?${new URLSearchParams({ since: from!, sortOrder: 'ASCENDING', limit: String(limit) })}`,
      page: arrayPage(limit),
      timeOf: (r: unknown) => (typeof r === 'object' && r !== null && typeof (r as { published?: unknown }).published === 'string' ? parseIsoUtc((r as { published: string }).published) : undefined),
    },
    users: {
      id: 'okta-users',
      format: 'okta-users',
      kind: 'snapshot' as const,
      firstUrl: () => `${base}/api/v1/users?${new URLSearchParams({ limit: String(Math.min(limit, 200)) })}`,
      page: (body: unknown, h: Headers): PageOf => {
        if (!Array.isArray(body)) throw new Error('Okta answered without a JSON array');
        return { records: body, next: body.length === 0 ? undefined : linkNext(h) };
      },
    },
  };
  return c.streams.map((s) => ({ ...defs[s], vendor: 'okta' as const, auth, pace }));
}
