// Settings of authentication (issue 11): session lifetimes, the cookie, the login rate limit, passwords, and OIDC
// single sign-on. Pure (zod only). Secrets are never in the config file: the OIDC client secret is named by the
// environment variable that holds it.
import { z } from 'zod';
import { ROLES } from './roles.ts';

export const SessionConfig = z.strictObject({
  /** A session unused this long ends (minutes). */
  idleMinutes: z.number().positive().max(7 * 24 * 60).default(30),
  /** A session ends this long after sign-in whatever its use (hours). */
  absoluteHours: z.number().positive().max(30 * 24).default(12),
  /**
   * `auto`: the cookie is Secure unless the request reached the server over plain HTTP on a loopback address (a
   * browser on this machine); `always`: Secure everywhere (behind a TLS-terminating proxy).
   */
  secureCookie: z.enum(['auto', 'always']).default('auto'),
});

/** Sliding-window limits on failed sign-ins (in memory, per process). Over the limit: 429 with Retry-After. */
export const LoginRateConfig = z.strictObject({
  windowSeconds: z.number().int().positive().max(86_400).default(900),
  /** Failed attempts per user name in the window. */
  perUser: z.number().int().positive().default(5),
  /** Failed attempts per client address in the window (several users behind one NAT share it). */
  perIp: z.number().int().positive().default(50),
});

export const PasswordConfig = z.strictObject({
  /** NIST SP 800-63B: at least 8; 12 here. */
  minLength: z.number().int().min(8).max(128).default(12),
  /** argon2id cost (OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1 is the first recommended setting). */
  memoryKiB: z.number().int().min(8192).default(19_456),
  iterations: z.number().int().min(1).default(2),
  parallelism: z.number().int().min(1).default(1),
});

export const OidcConfig = z.strictObject({
  /** Issuer URL; its /.well-known/openid-configuration is read at start. */
  issuer: z.string().url(),
  clientId: z.string().min(1),
  /** Environment variable holding the client secret (absent: a public client, PKCE only). */
  clientSecretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]{0,63}$/).optional(),
  /** The callback URL registered at the IdP: https://HOST/api/auth/oidc/callback. */
  redirectUri: z.string().url(),
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)).default(['openid', 'profile', 'email']),
  /** The id_token claim holding the user's groups or roles (a string or an array of strings). */
  roleClaim: z.string().min(1).default('groups'),
  /** Claim value → role; the first role in ROLES order a user's values map to wins. No mapped value: refused. */
  roleMap: z.record(z.string(), z.enum(ROLES)).default({}),
  /** The claim used as the user name (falls back to `sub`). */
  usernameClaim: z.string().min(1).default('preferred_username'),
});
export type OidcConfig = z.infer<typeof OidcConfig>;

export const AuthConfig = z.strictObject({
  session: SessionConfig.default(SessionConfig.parse({})),
  loginRate: LoginRateConfig.default(LoginRateConfig.parse({})),
  password: PasswordConfig.default(PasswordConfig.parse({})),
  oidc: OidcConfig.optional(),
});
export type AuthConfig = z.infer<typeof AuthConfig>;
