// Users, passwords and sessions (issue 11, docs/roles.md). Passwords: argon2id with the OWASP parameters of the
// config; an unknown user name costs the same hash as a known one (a dummy is verified), and both answer the same.
// Sessions: the cookie carries a random 256-bit secret; the store keeps its SHA-256 as the session id; the CSRF
// token is an HMAC of the secret (nothing more to store, and it changes with each session). Sign-in failures are
// rate-limited per user name and per client address (a sliding window in memory).
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify, Algorithm } from '@node-rs/argon2';
import type { JWTPayload } from 'jose';
import type { AuthConfig, OidcConfig } from '../core/auth-config.ts';
import { roleFromClaims } from './oidc.ts';
import type { Role } from '../core/roles.ts';
import type { Session, User } from '../store/auth-types.ts';
import type { Store } from '../store/types.ts';
import { pseudonymiser, type Pseudonymiser } from './pseudonym.ts';
import { SlidingWindow } from './rate-limit.ts';

/** User names: letters, digits and . _ @ -, 1 to 64, starting with a letter or digit (an e-mail address fits). */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** Longest password accepted (argon2 takes any length; a bound keeps a megabyte "password" from costing much). */
export const MAX_PASSWORD = 1024;

export const usernameProblem = (u: string): string | undefined =>
  USERNAME.test(u) ? undefined : `a user name is 1 to 64 letters, digits, '.', '_', '@' or '-' (starting with a letter or digit)`;

export class AuthError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export type LoginResult =
  | { ok: true; user: User; secret: string; csrfToken: string; session: Session }
  | { ok: false; status: 401; message: string }
  | { ok: false; status: 429; retryAfter: number; message: string };

const sha256hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
/** The session id the store keeps for a cookie secret. */
export const sessionIdOf = (secret: string): string => sha256hex(secret);
/** The CSRF token of a session: derived from its secret, so only the cookie's holder can know it. */
export const csrfTokenOf = (secret: string): string => createHmac('sha256', secret).update('sleetwatch csrf v1').digest('base64url');
/** Compare two strings in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}
/** The shape of a session secret (43 base64url characters): checked before any database round trip. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;
export const generatePassword = (): string => randomBytes(18).toString('base64url');
const LOGIN_FAILED = 'wrong user name or password';

export class AuthService {
  readonly limiter: SlidingWindow;
  private dummy: Promise<string> | undefined;
  private pseudo: Promise<Pseudonymiser> | undefined;

  constructor(
    readonly store: Store,
    readonly cfg: AuthConfig,
    private readonly clock: () => number = Date.now,
  ) {
    this.limiter = new SlidingWindow(cfg.loginRate.windowSeconds * 1000);
  }

  private argonOptions() {
    const p = this.cfg.password;
    return { algorithm: Algorithm.Argon2id, memoryCost: p.memoryKiB, timeCost: p.iterations, parallelism: p.parallelism };
  }

  passwordProblem(password: string): string | undefined {
    if (password.length < this.cfg.password.minLength) return `a password has at least ${this.cfg.password.minLength} characters`;
    if (password.length > MAX_PASSWORD) return `a password has at most ${MAX_PASSWORD} characters`;
    return undefined;
  }

  async hashPassword(password: string): Promise<string> {
    const problem = this.passwordProblem(password);
    if (problem) throw new AuthError(400, problem);
    return argon2Hash(password, this.argonOptions());
  }

  /** Verify against a hash; a malformed stored hash is a failure, not a crash. */
  private async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2Verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * Sign in with a password. Over the rate limit: 429 before any hash is computed. Unknown user, disabled user, OIDC
   * user without a password and wrong password all answer 401 with one message after one argon2 verification.
   */
  async login(username: string, password: string, client: { ip: string }): Promise<LoginResult> {
    const now = this.clock();
    const userKey = `u:${username.toLowerCase()}`;
    const ipKey = `ip:${client.ip}`;
    const wait = Math.max(this.limiter.retryAfter(userKey, this.cfg.loginRate.perUser, now), this.limiter.retryAfter(ipKey, this.cfg.loginRate.perIp, now));
    if (wait > 0) return { ok: false, status: 429, retryAfter: wait, message: `too many failed sign-ins: try again in ${wait} s` };
    const user = usernameProblem(username) === undefined && password.length <= MAX_PASSWORD ? await this.store.auth().findUserByName(username) : undefined;
    this.dummy ??= argon2Hash(randomBytes(16).toString('hex'), this.argonOptions());
    const hash = user?.passwordHash ?? (await this.dummy);
    const good = (await this.verify(hash, password.slice(0, MAX_PASSWORD))) && user !== undefined && user.passwordHash !== undefined && !user.disabled;
    if (!good || !user) {
      this.limiter.hit(userKey, now);
      this.limiter.hit(ipKey, now);
      const reason = !user ? 'unknown user' : user.disabled ? 'disabled' : user.passwordHash === undefined ? 'no password (OIDC user)' : 'wrong password';
      await this.store.auth().recordLoginFailure(username.slice(0, 64), reason, { actor: 'anonymous', now, detail: { ip: client.ip } });
      return { ok: false, status: 401, message: LOGIN_FAILED };
    }
    this.limiter.clear(userKey);
    const { passwordHash: _h, ...plain } = user;
    return { ok: true, ...(await this.openSession(plain, { ip: client.ip, method: 'password' })) };
  }

  /** Open a session for a user already authenticated (password or OIDC). */
  async openSession(user: User, detail: Record<string, unknown>): Promise<{ user: User; secret: string; csrfToken: string; session: Session }> {
    const now = this.clock();
    const secret = randomBytes(32).toString('base64url');
    const session = await this.store.auth().createSession(
      { id: sessionIdOf(secret), userId: user.id, createdAt: now, expiresAt: now + this.cfg.session.absoluteHours * 3_600_000 },
      { actor: user.username, now, detail },
    );
    return { user, secret, csrfToken: csrfTokenOf(secret), session };
  }

  /** The user of a session cookie, when it is usable now; marks it used (at most every minute, the idle clock). */
  async sessionOf(secret: string): Promise<{ user: User; session: Session } | undefined> {
    if (!SECRET_SHAPE.test(secret)) return undefined;
    const now = this.clock();
    const idleMs = this.cfg.session.idleMinutes * 60_000;
    const found = await this.store.auth().findSession(sessionIdOf(secret), now, idleMs);
    if (!found) return undefined;
    if (now - Date.parse(found.session.lastSeenAt) > Math.min(60_000, idleMs / 10)) await this.store.auth().touchSession(found.session.id, now);
    return found;
  }

  async logout(secret: string, actor: string): Promise<boolean> {
    if (!SECRET_SHAPE.test(secret)) return false;
    return this.store.auth().revokeSession(sessionIdOf(secret), { actor, now: this.clock() });
  }

  /** Create a password user; without a password one is generated and returned (to show once). */
  async createUser(input: { username: string; role: Role; password?: string }, actor: string): Promise<{ user: User; password?: string }> {
    const problem = usernameProblem(input.username);
    if (problem) throw new AuthError(400, problem);
    if (await this.store.auth().findUserByName(input.username)) throw new AuthError(409, `a user is already named "${input.username}"`);
    const generated = input.password === undefined ? generatePassword() : undefined;
    const passwordHash = await this.hashPassword(input.password ?? generated!);
    const user = await this.store.auth().createUser({ id: `usr_${randomUUID()}`, username: input.username, role: input.role, passwordHash }, { actor, now: this.clock() });
    return generated ? { user, password: generated } : { user };
  }

  async updateUser(id: string, patch: { role?: Role; disabled?: boolean; password?: string }, actor: string): Promise<User> {
    const passwordHash = patch.password === undefined ? undefined : await this.hashPassword(patch.password);
    const u = await this.store.auth().updateUser(id, { role: patch.role, disabled: patch.disabled, passwordHash }, { actor, now: this.clock() });
    if (!u) throw new AuthError(404, `no user ${id}`);
    return u;
  }

  /**
   * Sign in a user the IdP vouched for (verified id_token claims): the role comes from the claim through roleMap (no
   * mapped value: refused); the user is created on first sign-in and follows the IdP's role on later ones; a user
   * disabled here stays out.
   */
  async oidcSignIn(claims: JWTPayload, cfg: OidcConfig, client: { ip: string }) {
    const now = this.clock();
    const subject = `${String(claims.iss)} ${String(claims.sub)}`;
    const wanted = typeof claims[cfg.usernameClaim] === 'string' ? (claims[cfg.usernameClaim] as string) : String(claims.sub);
    const role = roleFromClaims(claims, cfg);
    if (!role) {
      await this.store.auth().recordLoginFailure(wanted.slice(0, 64), `oidc: no role mapped from claim ${cfg.roleClaim}`, { actor: 'anonymous', now, detail: { ip: client.ip } });
      throw new AuthError(403, `your identity provider account has no ${cfg.roleClaim} value this server maps to a role`);
    }
    let user = await this.store.auth().findUserByOidcSubject(subject);
    if (!user) {
      const base = usernameProblem(wanted) === undefined ? wanted : `oidc-${createHash('sha256').update(subject).digest('hex').slice(0, 12)}`;
      const username = (await this.store.auth().findUserByName(base)) ? `${base.slice(0, 50)}-${randomBytes(3).toString('hex')}` : base;
      user = await this.store.auth().createUser({ id: `usr_${randomUUID()}`, username, role, oidcSubject: subject }, { actor: 'oidc', now });
    } else if (user.disabled) {
      await this.store.auth().recordLoginFailure(user.username, 'disabled', { actor: 'anonymous', now, detail: { ip: client.ip, method: 'oidc' } });
      throw new AuthError(403, 'this account is disabled');
    } else if (user.role !== role) {
      user = (await this.store.auth().updateUser(user.id, { role }, { actor: 'oidc', now }))!;
    }
    return this.openSession(user, { ip: client.ip, method: 'oidc' });
  }

  /** A user by id or user name. */
  async findUser(idOrName: string): Promise<User | undefined> {
    const byId = await this.store.auth().getUser(idOrName);
    if (byId) return byId;
    const byName = await this.store.auth().findUserByName(idOrName);
    if (!byName) return undefined;
    const { passwordHash: _h, ...u } = byName;
    return u;
  }

  /** The store's pseudonym function (its key is created on first use and then cached). */
  pseudonyms(): Promise<Pseudonymiser> {
    this.pseudo ??= this.store.auth().secret('pseudonym').then(pseudonymiser);
    this.pseudo.catch(() => (this.pseudo = undefined));
    return this.pseudo;
  }
}
