// The auth part of the store (migration 010): users, browser sessions and per-store secrets. Every user, session
// and login change writes its audit row (src/store/respond-types.ts AuditEntry) in the same transaction.
import type { DirectoryEntry } from '../core/model.ts';
import type { Role } from '../core/roles.ts';

export interface User {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  /** Signs in with a password (else only through OIDC). */
  hasPassword: boolean;
  /** `issuer sub` of an OIDC user. */
  oidcSubject?: string;
  createdAt: string; // ISO
  updatedAt: string; // ISO
}

export interface NewUser {
  id: string;
  username: string;
  role: Role;
  /** argon2id PHC string; absent for OIDC users. */
  passwordHash?: string;
  oidcSubject?: string;
}

export interface UserPatch {
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

export interface Session {
  /** SHA-256 (hex) of the cookie's secret. */
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  revokedAt?: string;
}

/** What identifies one monitored person: the privacy unit hides it, POST /api/cases/:id/reveal shows it. */
export interface PersonIdentity {
  personId: string;
  displayName?: string;
  identifiers: string[];
  directory?: DirectoryEntry;
}

/** Who acts, when (epoch ms), and what the audit row adds (client address, reason). */
export interface AuthContext {
  actor: string;
  now: number;
  detail?: Record<string, unknown>;
}

export interface AuthStore {
  /** Throws when the user name is taken (case-insensitively) or the OIDC subject is linked. Audited: user.create. */
  createUser(user: NewUser, ctx: AuthContext): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  /** By user name, case-insensitively, with the password hash (for sign-in). */
  findUserByName(username: string): Promise<(User & { passwordHash?: string }) | undefined>;
  findUserByOidcSubject(subject: string): Promise<User | undefined>;
  /** Every user, by user name. */
  listUsers(): Promise<User[]>;
  /**
   * Change a user (audited: user.update, naming the fields changed, never a hash). Disabling a user or changing their
   * password or role ends their sessions. Undefined when there is no such user.
   */
  updateUser(id: string, patch: UserPatch, ctx: AuthContext): Promise<User | undefined>;
  /** Open a session (audited: auth.login with ctx.detail). */
  createSession(session: { id: string; userId: string; createdAt: number; expiresAt: number }, ctx: AuthContext): Promise<Session>;
  /**
   * The session with this id and its user when it is usable at `now`: not revoked, before its absolute expiry, used
   * within `idleMs`, and its user not disabled.
   */
  findSession(id: string, now: number, idleMs: number): Promise<{ session: Session; user: User } | undefined>;
  /** Record that the session was used at `now` (the idle clock). */
  touchSession(id: string, now: number): Promise<void>;
  /** End a session (audited: auth.logout). False when it was not active. */
  revokeSession(id: string, ctx: AuthContext): Promise<boolean>;
  /** Audit a refused sign-in (auth.login-failed): the name tried and why, with ctx.detail. */
  recordLoginFailure(username: string, reason: string, ctx: AuthContext): Promise<void>;
  /** The store's random key `name` (32 bytes, hex), created on first use; the same on every later call. */
  secret(name: string): Promise<string>;
  /** What identifies these people (unknown ids are absent). */
  identities(personIds: string[]): Promise<Map<string, PersonIdentity>>;
  /** The owners of these identifier values (e-mail, UPN), by lower-cased value. */
  ownersOf(values: string[]): Promise<Map<string, string>>;
}
