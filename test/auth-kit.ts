// A server with auth for the tests of issue 11: an in-memory PGlite store, one API token per role, users per role
// with known passwords, fast argon2 parameters (the minimum the config allows), and optionally OIDC against a fake IdP.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { AuthService } from '../src/app/auth.ts';
import { OidcClient } from '../src/app/oidc.ts';
import { createToken } from '../src/app/tokens.ts';
import { AuthConfig } from '../src/core/auth-config.ts';
import { ROLES, type Role } from '../src/core/roles.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import type { Store } from '../src/store/types.ts';
import { buildServer } from '../src/server/index.ts';
import type { ServerDeps } from '../src/server/types.ts';
import type { FakeIdp } from './fake-idp.ts';

export const PASSWORD = 'correct horse battery staple';

export interface AuthKit {
  store: Store;
  app: FastifyInstance;
  auth: AuthService;
  tokens: Record<Role, string>;
  clock: { now: number };
  /** Sign in as `<role>-user`: the cookie header value and the CSRF token. */
  login(role: Role): Promise<{ cookie: string; csrf: string }>;
  as(role: Role): (o: InjectOptions) => Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function authKit(o: { auth?: Record<string, unknown>; idp?: FakeIdp; deps?: Partial<ServerDeps>; store?: Store } = {}): Promise<AuthKit> {
  const store = o.store ?? (await openPGliteStore('memory://'));
  const clock = { now: Date.now() };
  const cfg = AuthConfig.parse({
    password: { memoryKiB: 8192, iterations: 1 },
    ...(o.idp
      ? {
          oidc: {
            issuer: o.idp.issuer,
            clientId: o.idp.clientId,
            clientSecretEnv: 'SW_TEST_OIDC_SECRET',
            redirectUri: 'http://127.0.0.1/api/auth/oidc/callback',
            roleMap: { 'sec-investigators': 'investigator', 'sec-analysts': 'analyst', 'it-admins': 'admin' },
          },
        }
      : {}),
    ...o.auth,
  });
  const auth = new AuthService(store, cfg, () => clock.now);
  const oidc = cfg.oidc ? await OidcClient.discover(cfg.oidc, { SW_TEST_OIDC_SECRET: o.idp!.clientSecret }, () => clock.now) : undefined;
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = (await createToken(store, `${role}-token`, role)).token;
    await auth.createUser({ username: `${role}-user`, role, password: PASSWORD }, 'test');
  }
  const app = await buildServer({ store, version: 't', ingest: async () => { throw Object.assign(new Error('no ingest in this test'), { statusCode: 400 }); }, auth, oidc, ...o.deps });
  const kit: AuthKit = {
    store,
    app,
    auth,
    tokens,
    clock,
    async login(role) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'localhost' }, payload: { username: `${role}-user`, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${role}: ${res.statusCode} ${res.body}`);
      const set = String(res.headers['set-cookie']);
      return { cookie: set.split(';')[0], csrf: res.json().csrfToken as string };
    },
    as: (role) => (x) => app.inject({ ...x, headers: { host: 'localhost', authorization: `Bearer ${tokens[role]}`, ...x.headers } }),
    close: async () => {
      await app.close();
      if (!o.store) await store.close();
    },
  };
  return kit;
}
