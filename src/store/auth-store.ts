// The auth store in SQL (migration 010): the same statements on PGlite and PostgreSQL. Each change and its audit row
// (through the respond store's appendAudit, which joins the transaction) commit together.
import { randomBytes } from 'node:crypto';
import type { DirectoryEntry } from '../core/model.ts';
import type { Role } from '../core/roles.ts';
import type { SqlExecutor } from './executor.ts';
import { sqlRespondStore } from './respond-store.ts';
import type { AuthContext, AuthStore, NewUser, PersonIdentity, Session, User, UserPatch } from './auth-types.ts';

const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const iso = (ms: number): string => new Date(ms).toISOString();
/** Bound on the ids of one identities()/ownersOf() call (callers page bigger sets). */
const MAX_LOOKUP = 20_000;

interface UserRow {
  id: string;
  username: string;
  role: Role;
  password_hash: string | null;
  oidc_subject: string | null;
  disabled: boolean;
  created_at: unknown;
  updated_at: unknown;
}

function toUser(r: UserRow): User {
  const u: User = {
    id: r.id,
    username: r.username,
    role: r.role,
    disabled: r.disabled,
    hasPassword: r.password_hash !== null,
    createdAt: isoOf(r.created_at),
    updatedAt: isoOf(r.updated_at),
  };
  if (r.oidc_subject !== null) u.oidcSubject = r.oidc_subject;
  return u;
}

interface SessionRow {
  id: string;
  user_id: string;
  created_at: unknown;
  expires_at: unknown;
  last_seen_at: unknown;
  revoked_at: unknown;
}

function toSession(r: SessionRow): Session {
  const s: Session = { id: r.id, userId: r.user_id, createdAt: isoOf(r.created_at), expiresAt: isoOf(r.expires_at), lastSeenAt: isoOf(r.last_seen_at) };
  if (r.revoked_at !== null && r.revoked_at !== undefined) s.revokedAt = isoOf(r.revoked_at);
  return s;
}

class SqlAuthStore implements AuthStore {
  constructor(private readonly db: SqlExecutor) {}

  private audit(tx: SqlExecutor, ctx: AuthContext, action: string, subject: string, detail: Record<string, unknown>): Promise<unknown> {
    return sqlRespondStore(tx, true).appendAudit([{ actor: ctx.actor, action, subject, detail: { ...detail, ...(ctx.detail ?? {}) } }], ctx.now);
  }

  createUser(u: NewUser, ctx: AuthContext): Promise<User> {
    return this.db.transaction(async (tx) => {
      const taken = await tx.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [u.username]);
      if (taken.rows.length > 0) throw new Error(`a user is already named "${u.username}"`);
      const { rows } = await tx.query<UserRow>(
        `INSERT INTO users (id, username, role, password_hash, oidc_subject, disabled, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, false, $6, $6) RETURNING *`,
        [u.id, u.username, u.role, u.passwordHash ?? null, u.oidcSubject ?? null, iso(ctx.now)],
      );
      const user = toUser(rows[0]);
      await this.audit(tx, ctx, 'user.create', `user:${user.id}`, { username: user.username, role: user.role, ...(u.oidcSubject ? { oidc: true } : {}) });
      return user;
    });
  }

  async getUser(id: string): Promise<User | undefined> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async findUserByName(username: string): Promise<(User & { passwordHash?: string }) | undefined> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE lower(username) = lower($1)', [username]);
    if (!rows[0]) return undefined;
    const u = toUser(rows[0]);
    return rows[0].password_hash === null ? u : { ...u, passwordHash: rows[0].password_hash };
  }

  async findUserByOidcSubject(subject: string): Promise<User | undefined> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE oidc_subject = $1', [subject]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async listUsers(): Promise<User[]> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users ORDER BY lower(username), id');
    return rows.map(toUser);
  }

  updateUser(id: string, patch: UserPatch, ctx: AuthContext): Promise<User | undefined> {
    return this.db.transaction(async (tx) => {
      const before = (await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id])).rows[0];
      if (!before) return undefined;
      const { rows } = await tx.query<UserRow>(
        `UPDATE users SET role = COALESCE($2, role), disabled = COALESCE($3, disabled), password_hash = COALESCE($4, password_hash), updated_at = $5
         WHERE id = $1 RETURNING *`,
        [id, patch.role ?? null, patch.disabled ?? null, patch.passwordHash ?? null, iso(ctx.now)],
      );
      const changed: Record<string, unknown> = {};
      if (patch.role !== undefined && patch.role !== before.role) changed.role = { from: before.role, to: patch.role };
      if (patch.disabled !== undefined && patch.disabled !== before.disabled) changed.disabled = patch.disabled;
      if (patch.passwordHash !== undefined) changed.password = 'changed';
      // A new role, a new password or a disabled account: sessions opened before it end (tokens are separate).
      const endSessions = changed.role !== undefined || changed.password !== undefined || patch.disabled === true;
      if (endSessions) await tx.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [id, iso(ctx.now)]);
      await this.audit(tx, ctx, 'user.update', `user:${id}`, { username: before.username, ...changed, sessionsEnded: endSessions });
      return toUser(rows[0]);
    });
  }

  createSession(s: { id: string; userId: string; createdAt: number; expiresAt: number }, ctx: AuthContext): Promise<Session> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<SessionRow>(
        'INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3) RETURNING *',
        [s.id, s.userId, iso(s.createdAt), iso(s.expiresAt)],
      );
      // The audit row names the session by a prefix of its id (a digest, never the cookie).
      await this.audit(tx, ctx, 'auth.login', `user:${s.userId}`, { session: s.id.slice(0, 16) });
      return toSession(rows[0]);
    });
  }

  async findSession(id: string, now: number, idleMs: number): Promise<{ session: Session; user: User } | undefined> {
    const { rows } = await this.db.query<SessionRow & { u_id: string; username: string; role: Role; password_hash: string | null; oidc_subject: string | null; disabled: boolean; u_created: unknown; u_updated: unknown }>(
      `SELECT s.*, u.id AS u_id, u.username, u.role, u.password_hash, u.oidc_subject, u.disabled, u.created_at AS u_created, u.updated_at AS u_updated
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3 AND NOT u.disabled`,
      [id, iso(now), iso(now - idleMs)],
    );
    const r = rows[0];
    if (!r) return undefined;
    const user = toUser({ id: r.u_id, username: r.username, role: r.role, password_hash: r.password_hash, oidc_subject: r.oidc_subject, disabled: r.disabled, created_at: r.u_created, updated_at: r.u_updated });
    return { session: toSession(r), user };
  }

  async touchSession(id: string, now: number): Promise<void> {
    await this.db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2', [id, iso(now)]);
  }

  revokeSession(id: string, ctx: AuthContext): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<SessionRow>('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING *', [id, iso(ctx.now)]);
      if (!rows[0]) return false;
      await this.audit(tx, ctx, 'auth.logout', `user:${rows[0].user_id}`, { session: id.slice(0, 16) });
      return true;
    });
  }

  recordLoginFailure(username: string, reason: string, ctx: AuthContext): Promise<void> {
    return this.db.transaction(async (tx) => {
      await this.audit(tx, ctx, 'auth.login-failed', `username:${username.slice(0, 64)}`, { reason });
    });
  }

  async secret(name: string): Promise<string> {
    // Two processes racing both insert; ON CONFLICT keeps the first, and both read it back.
    await this.db.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32).toString('hex')]);
    const { rows } = await this.db.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name]);
    return rows[0].value;
  }

  async identities(personIds: string[]): Promise<Map<string, PersonIdentity>> {
    const ids = [...new Set(personIds)].slice(0, MAX_LOOKUP);
    const out = new Map<string, PersonIdentity>();
    if (ids.length === 0) return out;
    const people = await this.db.query<{ person_id: string; display_name: string | null; directory: unknown }>(
      'SELECT person_id, display_name, directory FROM people WHERE person_id = ANY($1::text[])',
      [ids],
    );
    for (const r of people.rows) {
      const dir = typeof r.directory === 'string' ? (JSON.parse(r.directory) as DirectoryEntry) : ((r.directory ?? undefined) as DirectoryEntry | undefined);
      out.set(r.person_id, { personId: r.person_id, ...(r.display_name !== null ? { displayName: r.display_name } : {}), identifiers: [], ...(dir ? { directory: dir } : {}) });
    }
    const idf = await this.db.query<{ person_id: string; value: string }>(
      'SELECT person_id, value FROM identifiers WHERE person_id = ANY($1::text[]) ORDER BY person_id, ordinal',
      [ids],
    );
    for (const r of idf.rows) {
      let p = out.get(r.person_id);
      if (!p) out.set(r.person_id, (p = { personId: r.person_id, identifiers: [] }));
      p.identifiers.push(r.value);
    }
    return out;
  }

  async ownersOf(values: string[]): Promise<Map<string, string>> {
    const lc = [...new Set(values.map((v) => v.toLowerCase()))].slice(0, MAX_LOOKUP);
    const out = new Map<string, string>();
    if (lc.length === 0) return out;
    const { rows } = await this.db.query<{ value_lc: string; person_id: string }>('SELECT value_lc, person_id FROM identifiers WHERE value_lc = ANY($1::text[])', [lc]);
    for (const r of rows) out.set(r.value_lc, r.person_id);
    return out;
  }
}

export const sqlAuthStore = (db: SqlExecutor): AuthStore => new SqlAuthStore(db);
