// The auth part of the Store (migration 010), run on PGlite and PostgreSQL (pglite.test.ts, postgres.test.ts): users
// with case-insensitive unique names, sessions with absolute and idle expiry, revocation, the audit row of every
// change in the same transaction, the per-store secret created once, and identities of stored people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adele, user100 } from './fixtures/people.ts';
import type { Store } from './types.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const MIN = 60_000;
let seq = 0;
const uniq = (what: string): string => `${what}-${(seq++).toString(36)}`;

export function authConformance(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>): void {
  describe(`Auth store conformance: ${name}`, () => {
    let store: Store;
    let opened: { store: Store; close(): Promise<void> };
    const lastAudit = async (n = 1) => (await store.respond().listAudit({ limit: 10_000 })).slice(-n);

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    }, 60_000);
    afterAll(async () => {
      await opened?.close();
    });

    it('creates users (names unique without regard to case), finds them, and audits the creation', async () => {
      const a = store.auth();
      const name = uniq('Alice');
      const u = await a.createUser({ id: uniq('usr'), username: name, role: 'analyst', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA' }, { actor: 'root', now: T0 });
      expect(u).toMatchObject({ username: name, role: 'analyst', disabled: false, hasPassword: true });
      expect(u.oidcSubject).toBeUndefined();
      const [row] = await lastAudit();
      expect(row).toMatchObject({ actor: 'root', action: 'user.create', subject: `user:${u.id}` });
      expect(JSON.parse(row.detail)).toEqual({ username: name, role: 'analyst' });
      expect(row.detail).not.toContain('argon2');
      await expect(a.createUser({ id: uniq('usr'), username: name.toUpperCase(), role: 'admin' }, { actor: 'root', now: T0 })).rejects.toThrow('already named');
      expect((await a.findUserByName(name.toLowerCase()))).toMatchObject({ id: u.id, passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA' });
      expect(await a.getUser(u.id)).toEqual(u);
      expect((await a.listUsers()).map((x) => x.id)).toContain(u.id);
      expect(await a.findUserByName(uniq('nobody'))).toBeUndefined();
      // An OIDC user has no password and is found by its subject.
      const sub = `https://idp.example ${uniq('sub')}`;
      const o = await a.createUser({ id: uniq('usr'), username: uniq('oidc'), role: 'auditor', oidcSubject: sub }, { actor: 'oidc', now: T0 });
      expect(o).toMatchObject({ hasPassword: false, oidcSubject: sub });
      expect(await a.findUserByOidcSubject(sub)).toEqual(o);
      expect((await a.findUserByName(o.username))!.passwordHash).toBeUndefined();
    });

    it('sessions end at their absolute expiry, when idle, when revoked, and when their user is disabled or changed', async () => {
      const a = store.auth();
      const u = await a.createUser({ id: uniq('usr'), username: uniq('bob'), role: 'investigator', passwordHash: 'h' }, { actor: 'root', now: T0 });
      const sid = uniq('sess');
      const s = await a.createSession({ id: sid, userId: u.id, createdAt: T0, expiresAt: T0 + 60 * MIN }, { actor: u.username, now: T0, detail: { ip: '127.0.0.1' } });
      expect(s).toMatchObject({ id: sid, userId: u.id, lastSeenAt: new Date(T0).toISOString() });
      const [login] = await lastAudit();
      expect(login).toMatchObject({ actor: u.username, action: 'auth.login', subject: `user:${u.id}` });
      expect(JSON.parse(login.detail)).toMatchObject({ ip: '127.0.0.1' });
      const idle = 10 * MIN;
      expect((await a.findSession(sid, T0 + 5 * MIN, idle))?.user).toEqual(u);
      expect(await a.findSession(sid, T0 + 11 * MIN, idle)).toBeUndefined(); // idle
      await a.touchSession(sid, T0 + 9 * MIN);
      expect(await a.findSession(sid, T0 + 18 * MIN, idle)).toBeDefined(); // the touch moved the idle clock
      await a.touchSession(sid, T0 + 1 * MIN); // an older touch does not move it back
      expect(await a.findSession(sid, T0 + 18 * MIN, idle)).toBeDefined();
      expect(await a.findSession(sid, T0 + 61 * MIN, 1000 * MIN)).toBeUndefined(); // absolute
      expect(await a.findSession(uniq('other'), T0, idle)).toBeUndefined();

      expect(await a.revokeSession(sid, { actor: u.username, now: T0 + 12 * MIN })).toBe(true);
      expect(await a.findSession(sid, T0 + 12 * MIN, idle)).toBeUndefined();
      expect(await a.revokeSession(sid, { actor: u.username, now: T0 + 12 * MIN })).toBe(false);
      expect((await lastAudit())[0]).toMatchObject({ action: 'auth.logout', subject: `user:${u.id}` });

      // Disabling ends sessions; so does a new role or password; a no-op change does not.
      const s2 = uniq('sess');
      await a.createSession({ id: s2, userId: u.id, createdAt: T0, expiresAt: T0 + 60 * MIN }, { actor: u.username, now: T0 });
      const same = await a.updateUser(u.id, { role: 'investigator' }, { actor: 'root', now: T0 + MIN });
      expect(same?.role).toBe('investigator');
      expect(await a.findSession(s2, T0 + 2 * MIN, idle)).toBeDefined();
      const changed = await a.updateUser(u.id, { role: 'analyst' }, { actor: 'root', now: T0 + 2 * MIN });
      expect(changed).toMatchObject({ role: 'analyst', updatedAt: new Date(T0 + 2 * MIN).toISOString() });
      expect(await a.findSession(s2, T0 + 3 * MIN, idle)).toBeUndefined();
      const [upd] = await lastAudit();
      expect(upd).toMatchObject({ actor: 'root', action: 'user.update', subject: `user:${u.id}` });
      expect(JSON.parse(upd.detail)).toMatchObject({ role: { from: 'investigator', to: 'analyst' }, sessionsEnded: true });

      const s3 = uniq('sess');
      await a.createSession({ id: s3, userId: u.id, createdAt: T0, expiresAt: T0 + 60 * MIN }, { actor: u.username, now: T0 });
      await a.updateUser(u.id, { disabled: true }, { actor: 'root', now: T0 + 3 * MIN });
      expect(await a.findSession(s3, T0 + 4 * MIN, idle)).toBeUndefined();
      const pw = await a.updateUser(u.id, { disabled: false, passwordHash: 'new-hash' }, { actor: 'root', now: T0 + 4 * MIN });
      expect(pw?.disabled).toBe(false);
      expect((await a.findUserByName(u.username))!.passwordHash).toBe('new-hash');
      expect(JSON.parse((await lastAudit())[0].detail)).toMatchObject({ password: 'changed', disabled: false });
      expect((await lastAudit())[0].detail).not.toContain('new-hash');
      expect(await a.updateUser(uniq('ghost'), { disabled: true }, { actor: 'root', now: T0 })).toBeUndefined();
    });

    it('a failed sign-in is audited with the name tried; a change and its audit row commit together', async () => {
      const a = store.auth();
      const name = uniq('mallory');
      await a.recordLoginFailure(name, 'unknown user', { actor: 'anonymous', now: T0, detail: { ip: '203.0.113.9' } });
      const [row] = await lastAudit();
      expect(row).toMatchObject({ actor: 'anonymous', action: 'auth.login-failed', subject: `username:${name}` });
      expect(JSON.parse(row.detail)).toEqual({ reason: 'unknown user', ip: '203.0.113.9' });
      // Inside atomic(): a thrown error rolls back the user and its audit row.
      const before = (await store.respond().listAudit({ limit: 10_000 })).length;
      const ghost = uniq('ghost');
      await expect(
        store.atomic(async (tx) => {
          await tx.auth().createUser({ id: uniq('usr'), username: ghost, role: 'admin' }, { actor: 'root', now: T0 });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await a.findUserByName(ghost)).toBeUndefined();
      expect((await store.respond().listAudit({ limit: 10_000 })).length).toBe(before);
      expect((await store.respond().verifyAudit()).ok).toBe(true);
    });

    it('a per-store secret is created once and then always the same', async () => {
      const name = uniq('key');
      const [x, y] = await Promise.all([store.auth().secret(name), store.auth().secret(name)]);
      expect(x).toMatch(/^[0-9a-f]{64}$/);
      expect(y).toBe(x);
      expect(await store.auth().secret(name)).toBe(x);
      expect(await store.auth().secret(uniq('key'))).not.toBe(x);
    });

    it('identities and owners of stored people', async () => {
      await store.savePeople([adele, user100], uniq('run'));
      const ids = await store.auth().identities([adele.personId, user100.personId, 'p_nobody']);
      expect([...ids.keys()].sort()).toEqual([adele.personId, user100.personId].sort());
      expect(ids.get(adele.personId)).toMatchObject({ displayName: adele.displayName, identifiers: adele.identifiers });
      const upn = adele.identifiers[0];
      const owners = await store.auth().ownersOf([upn.toUpperCase(), 'nobody@example.com']);
      expect(owners.get(upn.toLowerCase())).toBe(adele.personId);
      expect(owners.has('nobody@example.com')).toBe(false);
      expect((await store.auth().identities([])).size).toBe(0);
    });

    it('token roles: migration 010 keeps old tokens as admins; new tokens carry theirs; create and revoke are audited', async () => {
      const id = uniq('tok');
      const t = await store.createToken({ id, name: uniq('ro'), hash: `h-${uniq('x')}`, role: 'auditor' }, 'root');
      expect(t.role).toBe('auditor');
      expect((await lastAudit())[0]).toMatchObject({ actor: 'root', action: 'token.create', subject: `token:${id}` });
      await store.revokeToken(id, 'root');
      expect((await lastAudit())[0]).toMatchObject({ actor: 'root', action: 'token.revoke', subject: `token:${id}` });
    });
  });
}
