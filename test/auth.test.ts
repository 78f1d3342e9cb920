// Sign-in, sessions, CSRF, the login rate limit, token roles and the users API (issue 11), through HTTP with inject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { secureCookie } from '../src/server/security.ts';
import { authKit, PASSWORD, type AuthKit } from './auth-kit.ts';

describe('the session cookie is Secure', () => {
  const req = (localAddress: string, encrypted = false) => ({ raw: { socket: { localAddress, encrypted } } }) as unknown as FastifyRequest;
  it('except over plain HTTP to a loopback address (auto); always when configured', () => {
    expect(secureCookie(req('127.0.0.1'), 'auto')).toBe(false);
    expect(secureCookie(req('::1'), 'auto')).toBe(false);
    expect(secureCookie(req('::ffff:127.0.0.1'), 'auto')).toBe(false);
    expect(secureCookie(req('10.1.2.3'), 'auto')).toBe(true);
    expect(secureCookie(req('0.0.0.0'), 'auto')).toBe(true);
    expect(secureCookie(req('127.0.0.1', true), 'auto')).toBe(true);
    expect(secureCookie(req('127.0.0.1'), 'always')).toBe(true);
  });
});

describe('auth over HTTP', () => {
  let kit: AuthKit;
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    kit.app.inject({ method: 'POST', url, headers: { host: 'localhost', ...headers }, payload: payload as Record<string, unknown> });
  const get = (url: string, headers: Record<string, string> = {}) => kit.app.inject({ url, headers: { host: 'localhost', ...headers } });
  const audit = async () => (await kit.store.respond().listAudit({ limit: 10_000 })).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));

  beforeAll(async () => {
    kit = await authKit({ auth: { loginRate: { perUser: 3, perIp: 6, windowSeconds: 60 }, session: { idleMinutes: 10, absoluteHours: 1 } } });
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });

  it('signs in: the cookie is HttpOnly, SameSite=Strict, Path=/ and not Secure on plain-http loopback; /me returns the CSRF token', async () => {
    const res = await post('/api/auth/login', { username: 'analyst-user', password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'analyst-user', role: 'analyst' });
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^sw_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=3600$/);
    const me = await get('/api/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ user: { id: body.user.id, username: 'analyst-user', role: 'analyst' }, csrfToken: body.csrfToken, via: 'session' });
    // The user name is matched without regard to case; the store never holds the cookie itself.
    expect((await post('/api/auth/login', { username: 'ANALYST-USER', password: PASSWORD })).statusCode).toBe(200);
    const secret = cookie.split(';')[0].split('=')[1];
    const { rows } = await (kit.store as unknown as { db: { query: (s: string) => Promise<{ rows: { id: string }[] }> } }).db.query('SELECT id FROM sessions');
    expect(rows.map((r) => r.id)).not.toContain(secret);
    expect(rows).toHaveLength(2);
  });

  it('wrong password and unknown user answer the same 401; both are audited', async () => {
    const wrong = await post('/api/auth/login', { username: 'auditor-user', password: 'not the password' });
    const unknown = await post('/api/auth/login', { username: 'nobody-at-all', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const failed = (await audit()).filter((r) => r.action === 'auth.login-failed');
    expect(failed.map((r) => [r.subject, r.detail.reason])).toEqual(
      expect.arrayContaining([
        ['username:auditor-user', 'wrong password'],
        ['username:nobody-at-all', 'unknown user'],
      ]),
    );
    // A form post (a cross-site page's only way without JavaScript) is not even parsed.
    const form = await kit.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' }, payload: `username=admin-user&password=${PASSWORD}` });
    expect(form.statusCode).toBe(415);
  });

  it('rate-limits failed sign-ins per user name (429 with Retry-After, even with the right password) and per address', async () => {
    kit.clock.now += 61_000; // the failures of the test before leave the window
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/login', { username: 'recruiter-user', password: `wrong-${i}-xxxxxx` })).statusCode).toBe(401);
    const limited = await post('/api/auth/login', { username: 'recruiter-user', password: PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another user from the same address may still try (the address's limit, 6, is not reached yet) ...
    expect((await post('/api/auth/login', { username: 'investigator-user', password: PASSWORD })).statusCode).toBe(200);
    // ... until the address has failed 6 times in the window (3 above, 3 more here).
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/login', { username: `someone-${i}`, password: 'whatever-xxxxxx' })).statusCode).toBe(401);
    expect((await post('/api/auth/login', { username: 'admin-user', password: PASSWORD })).statusCode).toBe(429);
    // The window slides: a minute later both may try again.
    kit.clock.now += 61_000;
    expect((await post('/api/auth/login', { username: 'recruiter-user', password: PASSWORD })).statusCode).toBe(200);
  });

  it('CSRF: a cookie-authenticated change needs the x-csrf-token of that session; reads and bearer tokens do not', async () => {
    const a = await kit.login('admin');
    const b = await kit.login('analyst');
    const create = (headers: Record<string, string>) => post('/api/users', { username: 'csrf-probe', role: 'auditor' }, headers);
    expect((await create({ cookie: a.cookie })).statusCode).toBe(403);
    expect((await create({ cookie: a.cookie })).json().message).toContain('x-csrf-token');
    expect((await create({ cookie: a.cookie, 'x-csrf-token': 'wrong' })).statusCode).toBe(403);
    expect((await create({ cookie: a.cookie, 'x-csrf-token': b.csrf })).statusCode).toBe(403); // another session's token
    expect((await kit.store.auth().findUserByName('csrf-probe'))).toBeUndefined();
    expect((await get('/api/users', { cookie: a.cookie })).statusCode).toBe(200);
    const ok = await create({ cookie: a.cookie, 'x-csrf-token': a.csrf });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().password).toMatch(/^[A-Za-z0-9_-]{24}$/); // generated, shown once
    // A bearer token needs none.
    expect((await post('/api/users', { username: 'csrf-probe-2', role: 'auditor', password: 'a long enough password' }, { authorization: `Bearer ${kit.tokens.admin}` })).statusCode).toBe(201);
    expect((await post('/api/users', { username: 'short-pw', role: 'auditor', password: 'short' }, { authorization: `Bearer ${kit.tokens.admin}` })).statusCode).toBe(400);
  });

  it('sessions expire when idle and at their absolute end; logout revokes; a disabled user is signed out', async () => {
    const s = await kit.login('investigator');
    const me = () => get('/api/auth/me', { cookie: s.cookie });
    expect((await me()).statusCode).toBe(200);
    kit.clock.now += 9 * 60_000;
    expect((await me()).statusCode).toBe(200); // used: the idle clock restarts
    kit.clock.now += 9 * 60_000;
    expect((await me()).statusCode).toBe(200);
    kit.clock.now += 11 * 60_000;
    expect((await me()).statusCode).toBe(401); // idle for 11 minutes

    const t = await kit.login('investigator');
    for (let i = 0; i < 7; i++) {
      kit.clock.now += 9 * 60_000;
      const r = await get('/api/auth/me', { cookie: t.cookie });
      expect(r.statusCode, `after ${(i + 1) * 9} minutes`).toBe((i + 1) * 9 < 60 ? 200 : 401); // absolute: one hour
    }

    const u = await kit.login('auditor');
    expect((await post('/api/auth/logout', {}, { cookie: u.cookie })).statusCode).toBe(403); // logout needs CSRF too
    const out = await post('/api/auth/logout', {}, { cookie: u.cookie, 'x-csrf-token': u.csrf });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^sw_session=; .*Max-Age=0/);
    expect((await get('/api/audit', { cookie: u.cookie })).statusCode).toBe(401);
    expect((await audit()).some((r) => r.action === 'auth.logout' && r.actor === 'auditor-user')).toBe(true);

    const v = await kit.login('recruiter');
    const rec = (await kit.store.auth().findUserByName('recruiter-user'))!;
    const dis = await kit.as('admin')({ method: 'PATCH', url: `/api/users/${rec.id}`, payload: { disabled: true } });
    expect(dis.statusCode).toBe(200);
    expect(dis.json().user).toMatchObject({ disabled: true });
    expect((await get('/api/candidates', { cookie: v.cookie })).statusCode).toBe(401);
    expect((await post('/api/auth/login', { username: 'recruiter-user', password: PASSWORD })).statusCode).toBe(401);
    await kit.as('admin')({ method: 'PATCH', url: `/api/users/${rec.id}`, payload: { disabled: false } });
  });

  it('users API: admin only; role changes audited; the last active admin cannot be demoted or disabled', async () => {
    expect((await kit.as('analyst')({ url: '/api/users' })).statusCode).toBe(403);
    const list = (await kit.as('admin')({ url: '/api/users' })).json() as { id: string; username: string; role: string }[];
    expect(list.map((u) => u.username)).toEqual(expect.arrayContaining(['admin-user', 'analyst-user']));
    expect(JSON.stringify(list)).not.toContain('argon2');
    const admin = list.find((u) => u.username === 'admin-user')!;
    const last = await kit.as('admin')({ method: 'PATCH', url: `/api/users/${admin.id}`, payload: { role: 'analyst' } });
    expect(last.statusCode).toBe(409);
    const an = list.find((u) => u.username === 'analyst-user')!;
    const up = await kit.as('admin')({ method: 'PATCH', url: `/api/users/${an.id}`, payload: { role: 'investigator' } });
    expect(up.json().user.role).toBe('investigator');
    const row = (await audit()).filter((r) => r.action === 'user.update').at(-1)!;
    expect(row).toMatchObject({ actor: 'admin-token', subject: `user:${an.id}`, detail: { role: { from: 'analyst', to: 'investigator' } } });
    expect((await kit.as('admin')({ method: 'PATCH', url: `/api/users/usr_nobody`, payload: { role: 'auditor' } })).statusCode).toBe(404);
    expect((await kit.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'Admin-User', role: 'auditor' } })).statusCode).toBe(409);
    await kit.as('admin')({ method: 'PATCH', url: `/api/users/${an.id}`, payload: { role: 'analyst' } });
  });

  it('API tokens act with their own role; a token cannot log out; the audit log names the token', async () => {
    const me = await kit.as('recruiter')({ url: '/api/auth/me' });
    expect(me.json()).toEqual({ user: { id: expect.stringMatching(/^tok_/), username: 'recruiter-token', role: 'recruiter' }, via: 'token' });
    expect((await kit.as('recruiter')({ url: '/api/people' })).statusCode).toBe(403);
    expect((await kit.as('recruiter')({ url: '/api/candidates' })).statusCode).toBe(200);
    expect((await kit.as('auditor')({ url: '/api/audit/verify' })).json().ok).toBe(true);
    expect((await kit.as('analyst')({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(400);
    expect((await audit()).filter((r) => r.action === 'token.create').map((r) => r.detail.role)).toEqual(['admin', 'analyst', 'investigator', 'recruiter', 'auditor']);
  });
});
