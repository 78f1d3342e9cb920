// Access tokens for the collectors, cached until shortly before they expire:
// - OAuth2 client credentials with a client secret (Microsoft identity platform, for Graph),
// - client credentials with private_key_jwt (Okta service apps, RFC 7523 client assertion),
// - the JWT bearer grant of a Google service account with domain-wide delegation (RFC 7523 §2.1, `sub` = the admin).
// JWTs are signed RS256 with node:crypto. No token or key ever reaches a message (the Redactor learns each one).
import { createPrivateKey, createSign, randomUUID, type KeyObject } from 'node:crypto';
import { httpRequest, jsonOf, type HttpOptions } from './http.ts';

/** Gives the Authorization header value; `invalidate` drops a cached token the API refused (401). */
export interface AuthProvider {
  header(): Promise<string>;
  invalidate(): void;
}

/** Seconds before expiry a cached token is renewed. */
const SKEW_S = 60;

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** A compact JWS, RS256. */
export function signJwt(claims: Record<string, unknown>, key: KeyObject, kid?: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) }));
  const body = b64url(JSON.stringify(claims));
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(sig)}`;
}

export function privateKeyOf(pem: string, what: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw new Error(`${what}: not a PEM private key`); // never the key text
  }
}

/** A token endpoint answer: access_token, expires_in. */
async function tokenRequest(url: string, form: Record<string, string>, http: HttpOptions, what: string): Promise<{ token: string; expiresAt: number }> {
  const res = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams(form).toString() }, http).catch((e: Error) => {
    throw new Error(`${what}: token request failed: ${http.redactor.scrub(e.message)}`);
  });
  const j = jsonOf(res, url) as { access_token?: unknown; expires_in?: unknown };
  if (typeof j.access_token !== 'string' || j.access_token === '') throw new Error(`${what}: the token endpoint answered without access_token`);
  http.redactor.add(j.access_token);
  const ttl = Number(j.expires_in);
  const now = (http.now ?? Date.now)();
  return { token: j.access_token, expiresAt: now + (Number.isFinite(ttl) && ttl > 0 ? ttl : 3600) * 1000 };
}

/** Caches the token of `fetchToken` until SKEW_S before its expiry; concurrent callers share one request. */
function cached(fetchToken: () => Promise<{ token: string; expiresAt: number }>, now: () => number, scheme = 'Bearer'): AuthProvider & { requests(): number } {
  let cur: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<{ token: string; expiresAt: number }> | undefined;
  let count = 0;
  return {
    async header() {
      if (!cur || now() >= cur.expiresAt - SKEW_S * 1000) {
        inflight ??= fetchToken().finally(() => (inflight = undefined));
        count++;
        cur = await inflight;
      }
      return `${scheme} ${cur.token}`;
    },
    invalidate() {
      cur = undefined;
    },
    requests: () => count,
  };
}

/** Microsoft identity platform client credentials (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow). */
export function clientSecretAuth(o: { tokenUrl: string; clientId: string; clientSecret: string; scope: string }, http: HttpOptions) {
  return cached(() => tokenRequest(o.tokenUrl, { grant_type: 'client_credentials', client_id: o.clientId, client_secret: o.clientSecret, scope: o.scope }, http, 'Graph'), http.now ?? Date.now);
}

/** Okta service app: client credentials with a private_key_jwt client assertion (https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/). */
export function privateKeyJwtAuth(o: { tokenUrl: string; clientId: string; key: KeyObject; keyId?: string; scopes: string[] }, http: HttpOptions) {
  const now = http.now ?? Date.now;
  return cached(() => {
    const iat = Math.floor(now() / 1000);
    const assertion = signJwt({ iss: o.clientId, sub: o.clientId, aud: o.tokenUrl, iat, exp: iat + 300, jti: randomUUID() }, o.key, o.keyId);
    return tokenRequest(
      o.tokenUrl,
      { grant_type: 'client_credentials', scope: o.scopes.join(' '), client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion },
      http,
      'Okta',
    );
  }, now);
}

/** Google service account with domain-wide delegation (https://developers.google.com/identity/protocols/oauth2/service-account#httprest). */
export function serviceAccountAuth(o: { tokenUrl: string; clientEmail: string; key: KeyObject; keyId?: string; subject: string; scopes: string[] }, http: HttpOptions) {
  const now = http.now ?? Date.now;
  return cached(() => {
    const iat = Math.floor(now() / 1000);
    const assertion = signJwt({ iss: o.clientEmail, sub: o.subject, scope: o.scopes.join(' '), aud: o.tokenUrl, iat, exp: iat + 3600 }, o.key, o.keyId);
    return tokenRequest(o.tokenUrl, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }, http, 'Google');
  }, now);
}

/** A static API token (Okta `Authorization: SSWS <token>`). */
export function staticAuth(scheme: string, token: string): AuthProvider {
  return { header: async () => `${scheme} ${token}`, invalidate: () => {} };
}
