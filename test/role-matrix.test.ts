// The role × route matrix (issue 11): every route the built server registers (collected by security.ts's onRoute
// hook, OIDC routes included) is called anonymously, with a token of each role, and with a session of each role:
// anonymous → 401 unless the route is public; a role the route does not list → 403; a role it lists → neither 401
// nor 403. Every route must list roles (or be public), and docs/roles.md must list every route with the same roles:
// a route added without roles, or left out of the table, fails here.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROUTES } from '../src/server/web.ts';
import { AuthService } from '../src/app/auth.ts';
import { AuthConfig } from '../src/core/auth-config.ts';
import { ROLES, type Role } from '../src/core/roles.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { registeredRoutes, type RegisteredRoute } from '../src/server/index.ts';
import { installSecurity } from '../src/server/security.ts';
import { authKit, type AuthKit } from './auth-kit.ts';
import { startFakeIdp, type FakeIdp } from './fake-idp.ts';

/** A concrete URL for a route pattern: path parameters get a harmless value. */
const urlOf = (pattern: string): string => pattern.replace(/:step\b/, 'contact-manager').replace(/:[A-Za-z]+/g, 'x1');

/** The table between the role-table markers of docs/roles.md: "METHOD /path" → roles (or 'public'). */
function docTable(): Map<string, string> {
  const md = readFileSync(new URL('../docs/roles.md', import.meta.url), 'utf8');
  const body = md.slice(md.indexOf('<!-- role-table'), md.indexOf('<!-- /role-table -->'));
  const rows = new Map<string, string>();
  for (const line of body.split('\n')) {
    const m = /^\| ([A-Z]+ \/\S*) \| ([a-z, ]+) \|$/.exec(line.trim());
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

describe('role × route matrix', () => {
  let kit: AuthKit;
  let idp: FakeIdp;
  let routes: RegisteredRoute[];
  const sessions = {} as Record<Role, { cookie: string; csrf: string }>;

  beforeAll(async () => {
    idp = await startFakeIdp();
    kit = await authKit({ idp });
    for (const r of ROLES) sessions[r] = await kit.login(r);
    // HEAD routes share their GET route's config and answer as it does.
    routes = registeredRoutes(kit.app).filter((r) => r.method !== 'HEAD');
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
    await idp?.close();
  });

  const call = (r: RegisteredRoute, headers: Record<string, string>) => {
    const body = ['POST', 'PUT', 'PATCH'].includes(r.method);
    return kit.app.inject({
      method: r.method as 'GET',
      url: urlOf(r.url),
      headers: { host: 'localhost', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { payload: '{}' } : {}),
    });
  };

  it('collects every route, and each declares roles from ROLES or is public', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    for (const r of routes) {
      const what = `${r.method} ${r.url}`;
      if (r.public) continue;
      expect(r.roles, `${what} declares no roles`).toBeDefined();
      expect(r.roles!.length, what).toBeGreaterThan(0);
      for (const role of r.roles!) expect(ROLES as readonly string[], what).toContain(role);
    }
    // The sign-in routes, the health check and the web UI's shell and files (no data) are the only public ones.
    expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      ['GET /api/auth/oidc/callback', 'GET /api/auth/oidc/login', 'GET /healthz', 'POST /api/auth/login', ...WEB_ROUTES.map((u) => `GET ${u}`)].sort(),
    );
  });

  it('docs/roles.md lists every route with the roles its config declares', () => {
    const table = docTable();
    const registered = new Map(routes.map((r) => [`${r.method} ${r.url}`, r.public ? 'public' : ROLES.filter((x) => r.roles?.includes(x)).join(', ')]));
    for (const [route, roles] of registered) expect(table.get(route), `docs/roles.md row: | ${route} | ${roles} |`).toBe(roles);
    for (const route of table.keys()) expect(registered.has(route), `docs/roles.md lists ${route}, which the server does not register`).toBe(true);
  });

  it('anonymous: 401 on every route but the public ones', async () => {
    for (const r of routes) {
      const res = await call(r, {});
      const what = `${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (r.public) expect([401, 403], what).not.toContain(res.statusCode);
      else {
        expect(res.statusCode, what).toBe(401);
        expect(res.headers['www-authenticate'], what).toBe('Bearer realm="sleetwatch"');
      }
    }
  });

  for (const via of ['token', 'session'] as const) {
    it(`each role by ${via}: 403 where the route does not list it, neither 401 nor 403 where it does`, async () => {
      for (const role of ROLES) {
        const headers: Record<string, string> =
          via === 'token' ? { authorization: `Bearer ${kit.tokens[role]}` } : { cookie: sessions[role].cookie, 'x-csrf-token': sessions[role].csrf };
        for (const r of routes) {
          if (r.public) continue;
          if (via === 'session' && r.url === '/api/auth/logout') continue; // would end the session the loop uses
          const res = await call(r, headers);
          const what = `${role} (${via}) ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (r.roles?.includes(role)) expect([401, 403], what).not.toContain(res.statusCode);
          else expect(res.statusCode, what).toBe(403);
        }
      }
    }, 120_000);
  }

  it('a route without roles is refused to everyone, admins included (deny by default)', async () => {
    const store = await openPGliteStore('memory://');
    const app = Fastify();
    const auth = new AuthService(store, AuthConfig.parse({ password: { memoryKiB: 8192, iterations: 1 } }));
    installSecurity(app, { store, allowedHosts: [{ name: 'localhost' }], auth });
    app.get('/forgotten', async () => ({ secret: true }));
    app.get('/declared', { config: { roles: ['auditor'] } }, async () => ({ ok: true }));
    const { createToken } = await import('../src/app/tokens.ts');
    const admin = (await createToken(store, 'a', 'admin')).token;
    const auditor = (await createToken(store, 'b', 'auditor')).token;
    const get = (url: string, t: string) => app.inject({ url, headers: { host: 'localhost', authorization: `Bearer ${t}` } });
    expect((await get('/forgotten', admin)).statusCode).toBe(403);
    expect((await get('/forgotten', admin)).json().message).toContain('declares no roles');
    expect((await get('/declared', admin)).statusCode).toBe(403);
    expect((await get('/declared', auditor)).statusCode).toBe(200);
    // And the matrix's own check would name it.
    const forgotten = registeredRoutes(app).find((r) => r.url === '/forgotten');
    expect(forgotten?.roles).toBeUndefined();
    await app.close();
    await store.close();
  });
});
