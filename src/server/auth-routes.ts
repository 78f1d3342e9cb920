// Sign-in, sign-out, who am I, users (admin), OIDC single sign-on (when configured), and the reveal of a case's
// identity. The contract is docs/roles.md; the checks are security.ts's; these routes do the rest.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, csrfTokenOf, type AuthService } from '../app/auth.ts';
import { OidcError, type OidcClient } from '../app/oidc.ts';
import type { RespondService } from '../app/respond.ts';
import { ROLES, type Role } from '../core/roles.ts';
import type { User } from '../store/auth-types.ts';
import { POLICY } from './policy.ts';
import { principalOf, actorOf } from './principal.ts';
import { ref } from './schemas.ts';
import { cookieOf, secureCookie, SESSION_COOKIE } from './security.ts';
import { HttpError } from './types.ts';

const OIDC_COOKIE = 'sw_oidc';
const ID_PARAM = { type: 'string', minLength: 1, maxLength: 512, pattern: '^[^\\x00-\\x1f\\x7f]+$' } as const;
const USERNAME = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\x00-\\x1f\\x7f]+$' } as const;
const PASSWORD = { type: 'string', minLength: 1, maxLength: 1024 } as const;
const UserSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    disabled: { type: 'boolean' },
    hasPassword: { type: 'boolean' },
    oidc: { type: 'boolean' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
  required: ['id', 'username', 'role'],
} as const;
const errors = { 400: ref('Error'), 401: ref('Error'), 403: ref('Error'), 404: ref('Error'), 409: ref('Error'), 421: ref('Error'), 429: ref('Error'), 500: ref('Error') };

const publicUser = (u: User) => ({ id: u.id, username: u.username, role: u.role, disabled: u.disabled, hasPassword: u.hasPassword, oidc: u.oidcSubject !== undefined, createdAt: u.createdAt, updatedAt: u.updatedAt });

function fail(e: unknown): never {
  if (e instanceof AuthError || e instanceof OidcError) throw new HttpError(e.statusCode, e.message);
  throw e;
}

export interface AuthRouteOptions {
  auth: AuthService;
  respond: RespondService;
  oidc?: OidcClient;
}

export const authRoutes: FastifyPluginAsync<AuthRouteOptions> = async (app, { auth, respond, oidc }) => {
  const session = auth.cfg.session;
  const setSession = (req: FastifyRequest, reply: FastifyReply, secret: string) =>
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(session.absoluteHours * 3600)}${secureCookie(req, session.secureCookie) ? '; Secure' : ''}`,
    );
  const clearSession = (req: FastifyRequest, reply: FastifyReply) =>
    reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secureCookie(req, session.secureCookie) ? '; Secure' : ''}`);

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      config: { public: true, identity: 'raw' },
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a user name and password: sets the sw_session cookie and returns the CSRF token',
        description: 'Wrong user name and wrong password answer alike (401). Too many failures for a user name or a client address: 429 with Retry-After.',
        security: [],
        body: { type: 'object', additionalProperties: false, required: ['username', 'password'], properties: { username: USERNAME, password: PASSWORD } },
        response: { 200: { type: 'object', properties: { user: UserSchema, csrfToken: { type: 'string' } }, required: ['user', 'csrfToken'] }, ...errors },
      },
    },
    async (req, reply) => {
      const r = await auth.login(req.body.username, req.body.password, { ip: req.ip });
      if (!r.ok) {
        if (r.status === 429) reply.header('retry-after', String(r.retryAfter));
        throw new HttpError(r.status, r.message);
      }
      setSession(req, reply, r.secret);
      return { user: publicUser(r.user), csrfToken: r.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { roles: POLICY.anyone, identity: 'raw' },
      schema: { tags: ['auth'], summary: 'Sign out: ends this session and clears its cookie', response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, ...errors } },
    },
    async (req, reply) => {
      if (!req.sessionSecret) throw new HttpError(400, 'signed in with an API token: there is no session to end (revoke the token instead)');
      await auth.logout(req.sessionSecret, actorOf(req));
      clearSession(req, reply);
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { roles: POLICY.anyone, identity: 'raw' },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, and the CSRF token of this session (send it as x-csrf-token on changes)',
        response: { 200: { type: 'object', properties: { user: UserSchema, csrfToken: { type: 'string' }, via: { type: 'string', enum: ['session', 'token'] } }, required: ['user', 'via'] }, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (req.sessionSecret) {
        return { user: { id: p.id, username: p.name, role: p.role }, csrfToken: csrfTokenOf(req.sessionSecret), via: 'session' };
      }
      return { user: { id: p.id, username: p.name, role: p.role }, via: 'token' };
    },
  );

  app.get(
    '/api/users',
    { config: { roles: POLICY.admin, identity: 'raw' }, schema: { tags: ['auth'], summary: 'Every user (never a password hash)', response: { 200: { type: 'array', items: UserSchema }, ...errors } } },
    async () => (await auth.store.auth().listUsers()).map(publicUser),
  );

  app.post<{ Body: { username: string; role: Role; password?: string } }>(
    '/api/users',
    {
      config: { roles: POLICY.admin, identity: 'raw' },
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['auth'],
        summary: 'Create a user; without a password one is generated and returned once',
        body: { type: 'object', additionalProperties: false, required: ['username', 'role'], properties: { username: USERNAME, role: { type: 'string', enum: [...ROLES] }, password: PASSWORD } },
        response: { 201: { type: 'object', properties: { user: UserSchema, password: { type: 'string' } }, required: ['user'] }, ...errors },
      },
    },
    async (req, reply) => {
      try {
        const r = await auth.createUser(req.body, actorOf(req));
        return reply.status(201).send({ user: publicUser(r.user), ...(r.password ? { password: r.password } : {}) });
      } catch (e) {
        fail(e);
      }
    },
  );

  app.patch<{ Params: { id: string }; Body: { role?: Role; disabled?: boolean; password?: string } }>(
    '/api/users/:id',
    {
      config: { roles: POLICY.admin, identity: 'raw' },
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['auth'],
        summary: "Change a user's role, disable or enable them, or set their password (their sessions end); the last active admin stays",
        params: { type: 'object', properties: { id: ID_PARAM }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { role: { type: 'string', enum: [...ROLES] }, disabled: { type: 'boolean' }, password: PASSWORD } },
        response: { 200: { type: 'object', properties: { user: UserSchema }, required: ['user'] }, ...errors },
      },
    },
    async (req) => {
      const target = await auth.store.auth().getUser(req.params.id);
      if (!target) throw new HttpError(404, `no user ${req.params.id}`);
      const staysAdmin = (req.body.role ?? target.role) === 'admin' && !(req.body.disabled ?? target.disabled);
      if (target.role === 'admin' && !target.disabled && !staysAdmin) {
        const admins = (await auth.store.auth().listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
        if (admins.length <= 1) throw new HttpError(409, 'this is the last active admin: make another admin first');
      }
      try {
        return { user: publicUser(await auth.updateUser(req.params.id, req.body, actorOf(req))) };
      } catch (e) {
        fail(e);
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/cases/:id/reveal',
    {
      config: { roles: POLICY.reveal, identity: 'raw' },
      schema: {
        tags: ['cases'],
        summary: "The identity behind an escalated case's pseudonym (written to the audit log as identity.reveal)",
        description: 'Only for cases in state escalated or contained, about a person. Every call is audited with who asked.',
        params: { type: 'object', properties: { id: ID_PARAM }, required: ['id'] },
        response: { 200: { type: 'object', additionalProperties: true }, ...errors },
      },
    },
    async (req) => {
      const d = await respond.getCase(req.params.id);
      if (!d) throw new HttpError(404, `no case ${req.params.id}`);
      if (d.case.subject.kind !== 'person') throw new HttpError(409, 'this case is about a candidate: candidates are not pseudonymised');
      if (d.case.state !== 'escalated' && d.case.state !== 'contained') {
        throw new HttpError(409, `the case is ${d.case.state}: an identity is revealed only on an escalated (or contained) case`);
      }
      const personId = d.case.subject.id;
      const id = (await auth.store.auth().identities([personId])).get(personId);
      const pseudonym = (await auth.pseudonyms())(personId);
      const dir = id?.directory;
      const upn = dir?.ids.find((x) => x.kind === 'upn')?.value ?? id?.identifiers.find((x) => x.includes('@'));
      const email = dir?.emails.find((e) => e.primary)?.value ?? dir?.emails[0]?.value ?? upn;
      await auth.store.respond().appendAudit([{ actor: actorOf(req), action: 'identity.reveal', subject: `case:${d.case.id}`, detail: { personId, pseudonym, role: principalOf(req).role } }], Date.now());
      return {
        identity: {
          personId,
          pseudonym,
          ...(id?.displayName ?? dir?.displayName ? { displayName: id?.displayName ?? dir?.displayName } : {}),
          ...(upn ? { upn } : {}),
          ...(email ? { email } : {}),
          identifiers: id?.identifiers ?? [],
          ...(dir?.givenName ? { givenName: dir.givenName } : {}),
          ...(dir?.familyName ? { familyName: dir.familyName } : {}),
          emails: dir?.emails ?? [],
          phones: dir?.phones ?? [],
          ...(dir?.homeAddress ? { homeAddress: dir.homeAddress } : {}),
        },
      };
    },
  );

  if (!oidc) return;
  app.get(
    '/api/auth/oidc/login',
    { config: { public: true, identity: 'raw' }, schema: { tags: ['auth'], summary: 'Start single sign-on: redirects to the identity provider', security: [] } },
    async (req, reply) => {
      const { url, state } = oidc.start();
      // SameSite=Lax: the IdP's redirect back is a cross-site navigation, which a Strict cookie would not follow.
      reply.header('set-cookie', `${OIDC_COOKIE}=${state}; HttpOnly; SameSite=Lax; Path=/api/auth/oidc; Max-Age=600${secureCookie(req, session.secureCookie) ? '; Secure' : ''}`);
      return reply.redirect(url, 302);
    },
  );

  app.get<{ Querystring: { code?: string; state?: string; error?: string } }>(
    '/api/auth/oidc/callback',
    {
      config: { public: true, identity: 'raw' },
      schema: {
        tags: ['auth'],
        summary: 'The identity provider sends the browser back here: signs in and redirects to the web UI',
        security: [],
        querystring: {
          type: 'object',
          properties: { code: { type: 'string', maxLength: 4096 }, state: { type: 'string', maxLength: 200 }, error: { type: 'string', maxLength: 200 }, error_description: { type: 'string', maxLength: 2000 } },
        },
      },
    },
    async (req, reply) => {
      try {
        const claims = await oidc.finish(req.query, cookieOf(req, OIDC_COOKIE));
        const r = await auth.oidcSignIn(claims, oidc.cfg, { ip: req.ip });
        setSession(req, reply, r.secret);
        return reply.redirect('/', 302);
      } catch (e) {
        fail(e);
      }
    },
  );
};
