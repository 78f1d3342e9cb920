// What keeps strangers out, as root hooks (they run for every route and for unknown ones):
//   1. Host check (DNS rebinding): the Host header must name this server (an allowed host) → else 421;
//   2. Authentication: a bearer API token (with its role) or the sw_session cookie → else 401 on every route that is
//      not `public` (WWW-Authenticate: Bearer);
//   3. Authorisation: the route's config.roles must include the principal's role → else 403 (a route with no roles
//      is refused to everyone: deny by default; src/server/policy.ts, docs/roles.md);
//   4. CSRF: a cookie-authenticated POST/PUT/PATCH/DELETE needs the session's x-csrf-token header → else 403;
//   5. security headers on every response (errors, 401s and 404s included), with the request id.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyToken } from '../app/tokens.ts';
import { csrfTokenOf, sameSecret, type AuthService } from '../app/auth.ts';
import type { ApiToken, Store } from '../store/types.ts';
import { errorBody } from './types.ts';
import './principal.ts';

/** The names a browser on this machine uses: each on the serving port. */
export const DEFAULT_ALLOWED_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

/** Headers a route may set itself (the web UI's CSP and cache policy). */
const ROUTE_SET = new Set(['content-security-policy', 'cache-control']);

export interface HostSpec {
  /** lower-case host name, IPv4 address, or bracketed IPv6 address */
  name: string;
  /** undefined: any port */
  port?: number;
}

/**
 * Parse a Host header or an --allowed-host value: `name`, `name:port`, `[v6]`, `[v6]:port` (a bare IPv6 address is
 * bracketed). Undefined when it is not one.
 */
export function parseHost(value: string): HostSpec | undefined {
  const v = value.trim().toLowerCase();
  let name: string;
  let port: string | undefined;
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(v);
  if (v6) {
    name = `[${v6[1]}]`;
    port = v6[2];
  } else if (/^[0-9a-f:]+$/.test(v) && v.split(':').length > 2) {
    name = `[${v}]`; // bare IPv6 (only in --allowed-host; a Host header brackets it)
  } else {
    const m = /^([a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(v);
    if (!m) return undefined;
    name = m[1].replace(/\.$/, ''); // "localhost." is "localhost"
    port = m[2];
  }
  if (!name || name === '[]') return undefined;
  if (port === undefined) return { name };
  const n = Number(port);
  return n >= 1 && n <= 65535 ? { name, port: n } : undefined;
}

/**
 * Whether a request's Host header names this server. An entry `name` matches that name without a port (a reverse
 * proxy passing the client's Host) or on the port the request arrived on; an entry `name:port` matches that port
 * (and no port at all when it is 80 or 443). Requests not on a real socket (inject in tests) have no serving port:
 * there a bare entry matches the name on any port.
 */
export function hostAllowed(header: string | undefined, allowed: HostSpec[], servingPort: number | undefined): boolean {
  if (!header) return false;
  const h = parseHost(header);
  if (!h) return false;
  return allowed.some((a) => {
    if (a.name !== h.name) return false;
    if (a.port !== undefined) return h.port === undefined ? a.port === 80 || a.port === 443 : h.port === a.port;
    return h.port === undefined || servingPort === undefined || h.port === servingPort;
  });
}

/** The credentials of `Authorization: Bearer <credentials>` (undefined when absent, another scheme, or empty). */
function bearer(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const m = /^Bearer(?:\s+(.*))?$/is.exec(auth.trim());
  const credentials = m?.[1]?.trim();
  return credentials ? credentials : undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The API token the request authenticated with (null otherwise). */
    apiToken: ApiToken | null;
    /** The session cookie's secret the request authenticated with (null otherwise): the CSRF token derives from it. */
    sessionSecret: string | null;
  }
}

export const SESSION_COOKIE = 'sw_session';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The value of one cookie of the Cookie header (the first one of that name). */
export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string' || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Whether the session cookie is sent with Secure: always, unless the config says `auto` and the request came over
 * plain HTTP to a loopback address (a browser on this machine; there is no TLS to ask for).
 */
export function secureCookie(req: FastifyRequest, mode: 'auto' | 'always'): boolean {
  if (mode === 'always') return true;
  const socket = req.raw.socket as (typeof req.raw.socket & { encrypted?: boolean }) | undefined;
  if (socket?.encrypted) return true;
  const local = socket?.localAddress ?? '127.0.0.1'; // inject() in tests has no socket address: loopback
  return !LOOPBACK.test(local);
}

export interface SecurityOptions {
  store: Store;
  allowedHosts: HostSpec[];
  auth: AuthService;
}

function deny(reply: FastifyReply, status: 401 | 403, message: string, bearerError?: boolean) {
  if (status === 401) reply.header('www-authenticate', bearerError ? 'Bearer realm="sleetwatch", error="invalid_token"' : 'Bearer realm="sleetwatch"');
  return reply.status(status).send(errorBody(status, message));
}

/** A route as registered, with the config security.ts enforces (what the role matrix test walks). */
export interface RegisteredRoute {
  method: string;
  url: string;
  roles?: readonly string[];
  public?: boolean;
}
const routeTables = new WeakMap<FastifyInstance, RegisteredRoute[]>();
/** Every route registered on a server after installSecurity (HEAD routes fastify adds for GET ones included). */
export const registeredRoutes = (app: FastifyInstance): RegisteredRoute[] => [...(routeTables.get(app) ?? [])];

export function installSecurity(app: FastifyInstance, opts: SecurityOptions): void {
  const table: RegisteredRoute[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (r) => {
    const cfg = (r.config ?? {}) as { roles?: readonly string[]; public?: boolean };
    for (const method of [r.method].flat()) table.push({ method, url: r.url, roles: cfg.roles, public: cfg.public });
  });
  app.decorateRequest('apiToken', null);
  app.decorateRequest('sessionSecret', null);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req, reply) => {
    const port = req.raw.socket?.localPort;
    if (!hostAllowed(req.headers.host, opts.allowedHosts, typeof port === 'number' && port > 0 ? port : undefined)) {
      return reply
        .status(421)
        .send(errorBody(421, `this server does not answer to host '${String(req.headers.host ?? '').slice(0, 100)}'; start it with --allowed-host NAME to allow that name`));
    }
    const config = req.routeOptions.config ?? {};
    // 1. Who: a bearer token, else the session cookie. A bearer header wins (scripts), and needs no CSRF token.
    const presented = bearer(req);
    if (presented !== undefined) {
      const token = await verifyToken(opts.store, presented);
      if (!token) {
        if (config.public) return;
        return deny(reply, 401, 'the API token is unknown or revoked', true);
      }
      req.apiToken = token;
      req.principal = { kind: 'token', id: token.id, name: token.name, role: token.role };
    } else {
      const secret = cookieOf(req, SESSION_COOKIE);
      const found = secret ? await opts.auth.sessionOf(secret) : undefined;
      if (found && secret) {
        req.sessionSecret = secret;
        req.principal = { kind: 'user', id: found.user.id, name: found.user.username, role: found.user.role };
      }
    }
    if (config.public) return;
    if (!req.principal) {
      return deny(reply, 401, 'authentication is required: sign in (POST /api/auth/login) or send Authorization: Bearer <token> (sleetwatch token create --name NAME --role ROLE)');
    }
    req.log.info({ principal: req.principal.kind, id: req.principal.id, role: req.principal.role }, 'authenticated');
    // An unknown route: the not-found handler answers (to authenticated callers only).
    if (req.is404) return;
    // 2. May this role call this route? Deny by default: a route that names no roles is refused to everyone.
    const roles = config.roles;
    if (!roles || !roles.includes(req.principal.role)) {
      return deny(reply, 403, roles ? `the role ${req.principal.role} may not ${req.method} ${req.routeOptions.url ?? ''}` : `${req.method} ${req.routeOptions.url ?? ''} declares no roles: refused to everyone`);
    }
    // 3. A cookie-authenticated change needs the session's CSRF token (a cross-site page cannot read it).
    if (req.sessionSecret && STATE_CHANGING.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, csrfTokenOf(req.sessionSecret))) {
        return deny(reply, 403, 'a missing or wrong x-csrf-token header (GET /api/auth/me returns the token of this session)');
      }
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    // The web UI's files set their own CSP and caching (src/server/web.ts); every other answer gets the API's.
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!(ROUTE_SET.has(k) && reply.hasHeader(k))) reply.header(k, v);
    reply.header('x-request-id', req.id);
    return payload;
  });
}
