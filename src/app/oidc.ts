// OIDC single sign-on (issue 11): the authorization code flow with PKCE (S256), state and nonce, against an issuer
// found by discovery. The id_token is verified with jose (signature by the issuer's JWKS, iss, aud, exp, nonce);
// the role comes from a claim through the config's roleMap, and a user whose claim maps to no role is refused.
// Pending sign-ins (state → verifier, nonce) live in memory for ten minutes, bounded in number.
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { OidcConfig } from '../core/auth-config.ts';
import { ROLES, type Role } from '../core/roles.ts';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

const PENDING_MS = 10 * 60_000;
const MAX_PENDING = 10_000;
const b64url = (b: Buffer): string => b.toString('base64url');

export class OidcError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The role a set of claim values maps to (the most powerful in ROLES order), or undefined. */
export function roleFromClaims(claims: JWTPayload, cfg: Pick<OidcConfig, 'roleClaim' | 'roleMap'>): Role | undefined {
  const raw = claims[cfg.roleClaim];
  const values = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : typeof raw === 'string' ? [raw] : [];
  const mapped = new Set(values.map((v) => cfg.roleMap[v]).filter((r): r is Role => r !== undefined));
  return ROLES.find((r) => mapped.has(r));
}

export class OidcClient {
  private readonly pending = new Map<string, { verifier: string; nonce: string; at: number }>();
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  private constructor(
    readonly cfg: OidcConfig,
    readonly meta: Discovery,
    private readonly clientSecret: string | undefined,
    private readonly clock: () => number,
  ) {
    this.jwks = createRemoteJWKSet(new URL(meta.jwks_uri));
  }

  /** Read the issuer's discovery document; its `issuer` must be the configured one. */
  static async discover(cfg: OidcConfig, env: Record<string, string | undefined> = process.env, clock: () => number = Date.now): Promise<OidcClient> {
    const url = `${cfg.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`OIDC discovery ${url}: HTTP ${res.status}`);
    const meta = (await res.json()) as Partial<Discovery>;
    for (const k of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof meta[k] !== 'string') throw new Error(`OIDC discovery ${url}: no ${k}`);
    }
    if (meta.issuer !== cfg.issuer) throw new Error(`OIDC discovery ${url}: issuer is ${meta.issuer}, the config says ${cfg.issuer}`);
    const secret = cfg.clientSecretEnv ? env[cfg.clientSecretEnv] : undefined;
    if (cfg.clientSecretEnv && !secret) throw new Error(`OIDC: the environment variable ${cfg.clientSecretEnv} (the client secret) is not set`);
    return new OidcClient(cfg, meta as Discovery, secret, clock);
  }

  private prune(now: number): void {
    for (const [k, v] of this.pending) {
      if (now - v.at > PENDING_MS || this.pending.size > MAX_PENDING) this.pending.delete(k);
      else break; // insertion order = age order
    }
  }

  /** Start a sign-in: the IdP URL to send the browser to, and the state to bind to the browser (a cookie). */
  start(): { url: string; state: string } {
    const now = this.clock();
    this.prune(now);
    const state = b64url(randomBytes(32));
    const nonce = b64url(randomBytes(32));
    const verifier = b64url(randomBytes(32));
    this.pending.set(state, { verifier, nonce, at: now });
    const u = new URL(this.meta.authorization_endpoint);
    u.searchParams.set('response_type', 'code');
    u.searchParams.set('client_id', this.cfg.clientId);
    u.searchParams.set('redirect_uri', this.cfg.redirectUri);
    u.searchParams.set('scope', this.cfg.scopes.join(' '));
    u.searchParams.set('state', state);
    u.searchParams.set('nonce', nonce);
    u.searchParams.set('code_challenge', b64url(createHash('sha256').update(verifier).digest()));
    u.searchParams.set('code_challenge_method', 'S256');
    return { url: u.toString(), state };
  }

  /**
   * Finish a sign-in: the state must be pending (each is used once) and equal the browser's; the code is exchanged
   * with the PKCE verifier; the id_token must verify (signature, iss, aud, exp) and carry the nonce.
   */
  async finish(q: { code?: string; state?: string; error?: string }, browserState: string | undefined): Promise<JWTPayload> {
    if (q.error) throw new OidcError(401, `the identity provider refused the sign-in: ${q.error.slice(0, 100)}`);
    if (!q.state || !q.code) throw new OidcError(400, 'the callback needs code and state');
    const p = this.pending.get(q.state);
    this.pending.delete(q.state);
    if (!p || this.clock() - p.at > PENDING_MS) throw new OidcError(401, 'unknown or expired sign-in state: start again');
    if (browserState !== q.state) throw new OidcError(401, 'the sign-in state does not match this browser: start again');
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: q.code, redirect_uri: this.cfg.redirectUri, code_verifier: p.verifier, client_id: this.cfg.clientId });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.clientSecret) {
      const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
      headers.authorization = `Basic ${Buffer.from(`${enc(this.cfg.clientId)}:${enc(this.clientSecret)}`).toString('base64')}`;
    }
    const res = await fetch(this.meta.token_endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new OidcError(401, `the token endpoint refused the code (HTTP ${res.status})`);
    const tokens = (await res.json()) as { id_token?: unknown };
    if (typeof tokens.id_token !== 'string') throw new OidcError(401, 'the token endpoint returned no id_token');
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(tokens.id_token, this.jwks, {
        issuer: this.meta.issuer,
        audience: this.cfg.clientId,
        algorithms: ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'],
        currentDate: new Date(this.clock()),
      }));
    } catch (e) {
      throw new OidcError(401, `the id_token does not verify: ${(e as Error).message.slice(0, 200)}`);
    }
    if (claims.nonce !== p.nonce) throw new OidcError(401, 'the id_token nonce does not match this sign-in');
    if (typeof claims.sub !== 'string' || !claims.sub) throw new OidcError(401, 'the id_token has no sub');
    return claims;
  }
}
