// OIDC single sign-on against a fake IdP on loopback (test/fake-idp.ts): the happy path (PKCE, state, nonce, a
// session cookie, the role from the groups claim), and what must be refused: a replayed or forged state, a state
// from another browser, a wrong nonce, a token signed with another key, another audience, an expired token, and an
// account whose groups map to no role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authKit, type AuthKit } from './auth-kit.ts';
import { startFakeIdp, type FakeIdp } from './fake-idp.ts';

describe('OIDC sign-in', () => {
  let idp: FakeIdp;
  let kit: AuthKit;

  beforeAll(async () => {
    idp = await startFakeIdp();
    kit = await authKit({ idp });
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
    await idp?.close();
  });

  /** Start at sleetwatch, follow the IdP's approval, come back: what the browser would do. */
  async function flow(opts: { state?: (s: string) => string; browserState?: (s: string) => string } = {}) {
    const start = await kit.app.inject({ url: '/api/auth/oidc/login', headers: { host: 'localhost' } });
    expect(start.statusCode).toBe(302);
    const authorize = new URL(String(start.headers.location));
    const oidcCookie = String(start.headers['set-cookie']);
    expect(oidcCookie).toMatch(/^sw_oidc=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/api\/auth\/oidc; Max-Age=600$/);
    const approved = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(String(approved.headers.get('location')));
    const state = back.searchParams.get('state')!;
    const code = back.searchParams.get('code')!;
    const sent = opts.state ? opts.state(state) : state;
    const browser = opts.browserState ? opts.browserState(state) : state;
    const res = await kit.app.inject({
      url: `/api/auth/oidc/callback?code=${code}&state=${encodeURIComponent(sent)}`,
      headers: { host: 'localhost', cookie: `sw_oidc=${browser}` },
    });
    return { res, authorize, state, code };
  }

  it('discovers the issuer, sends PKCE S256, state and nonce, and signs the user in with the mapped role', async () => {
    const { res, authorize } = await flow();
    expect(authorize.origin + authorize.pathname).toBe(`${idp.issuer}/authorize`);
    const q = authorize.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(idp.clientId);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('scope')).toBe('openid profile email');
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^sw_session=/);
    const me = await kit.app.inject({ url: '/api/auth/me', headers: { host: 'localhost', cookie } });
    expect(me.json().user).toMatchObject({ username: 'ivy', role: 'investigator' });
    // The token request carried the verifier and the client's credentials (client_secret_basic).
    const tr = idp.tokenRequests.at(-1)!;
    expect(tr.clientAuthOk).toBe(true);
    expect(tr.form.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const user = (await kit.store.auth().findUserByName('ivy'))!;
    expect(user).toMatchObject({ role: 'investigator', oidcSubject: `${idp.issuer} user-123`, hasPassword: false });
    expect(user.passwordHash).toBeUndefined();
    const actions = (await kit.store.respond().listAudit({ limit: 1000 })).map((r) => `${r.actor} ${r.action}`);
    expect(actions).toEqual(expect.arrayContaining(['oidc user.create', 'ivy auth.login']));

    // A later sign-in follows the IdP's groups: now an analyst (audited), the same user.
    idp.claims.groups = ['sec-analysts'];
    const again = await flow();
    expect(again.res.statusCode).toBe(302);
    expect((await kit.store.auth().findUserByName('ivy'))!).toMatchObject({ id: user.id, role: 'analyst' });
    idp.claims.groups = ['sec-investigators'];
    // An OIDC user has no password: the password sign-in refuses it like any wrong password.
    expect((await kit.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'localhost' }, payload: { username: 'ivy', password: 'anything at all' } })).statusCode).toBe(401);
  });

  it('refuses a forged state, a state from another browser, and a replayed code/state', async () => {
    const forged = await flow({ state: () => 'A'.repeat(43), browserState: () => 'A'.repeat(43) });
    expect(forged.res.statusCode).toBe(401);
    expect(forged.res.json().message).toContain('unknown or expired sign-in state');
    const otherBrowser = await flow({ browserState: () => 'B'.repeat(43) });
    expect(otherBrowser.res.statusCode).toBe(401);
    expect(otherBrowser.res.json().message).toContain('does not match this browser');
    // Each state is used once: replaying a successful callback fails.
    const ok = await flow();
    expect(ok.res.statusCode).toBe(302);
    const replay = await kit.app.inject({ url: `/api/auth/oidc/callback?code=${ok.code}&state=${ok.state}`, headers: { host: 'localhost', cookie: `sw_oidc=${ok.state}` } });
    expect(replay.statusCode).toBe(401);
    expect(replay.headers['set-cookie']).toBeUndefined();
  });

  for (const [what, tamper, message] of [
    ['a wrong nonce', { nonce: true }, 'nonce does not match'],
    ['a signature by another key', { key: true }, 'does not verify'],
    ['another audience', { audience: true }, 'does not verify'],
    ['an expired token', { expired: true }, 'does not verify'],
  ] as const) {
    it(`refuses an id_token with ${what}`, async () => {
      idp.tamper = { ...tamper };
      try {
        const { res } = await flow();
        expect(res.statusCode).toBe(401);
        expect(res.json().message).toContain(message);
        expect(res.headers['set-cookie']).toBeUndefined();
      } finally {
        idp.tamper = {};
      }
    });
  }

  it('refuses an account whose groups map to no role (audited), and a user disabled here', async () => {
    idp.claims = { ...idp.claims, sub: 'user-999', preferred_username: 'norole', groups: ['marketing'] };
    const { res } = await flow();
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('no groups value');
    expect(await kit.store.auth().findUserByName('norole')).toBeUndefined();
    const failed = (await kit.store.respond().listAudit({ limit: 1000 })).filter((r) => r.action === 'auth.login-failed').at(-1)!;
    expect(failed.subject).toBe('username:norole');

    idp.claims = { ...idp.claims, sub: 'user-123', preferred_username: 'ivy', groups: ['sec-investigators'] };
    const ivy = (await kit.store.auth().findUserByName('ivy'))!;
    await kit.store.auth().updateUser(ivy.id, { disabled: true }, { actor: 'test', now: Date.now() });
    const disabled = await flow();
    expect(disabled.res.statusCode).toBe(403);
    expect(disabled.res.json().message).toContain('disabled');
  });
});
