// What keeps strangers out, as root hooks (they run for every route and for unknown ones):
//   1. Host check (DNS rebinding): the Host header must name this server (an allowed host) → else 421;
//   2. Bearer token on every route but /healthz → else 401 with WWW-Authenticate: Bearer;
//   3. security headers on every response (errors, 401s and 404s included), with the request id.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verifyToken } from '../app/tokens.ts';
import type { ApiToken, Store } from '../store/types.ts';
import { errorBody } from './types.ts';
import './principal.ts';

/** The names a browser on this machine uses: each on the serving port. */
export const DEFAULT_ALLOWED_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Routes that answer without a token (exact paths, any method fastify routes there: GET/HEAD). */
const OPEN_PATHS = new Set(['/healthz']);

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
    /** The API token the request authenticated with (null on open routes): its name is the actor audit rows record. */
    apiToken: ApiToken | null;
  }
}

export function installSecurity(app: FastifyInstance, opts: { store: Store; allowedHosts: HostSpec[] }): void {
  app.decorateRequest('apiToken', null);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req, reply) => {
    const port = req.raw.socket?.localPort;
    if (!hostAllowed(req.headers.host, opts.allowedHosts, typeof port === 'number' && port > 0 ? port : undefined)) {
      return reply
        .status(421)
        .send(errorBody(421, `this server does not answer to host '${String(req.headers.host ?? '').slice(0, 100)}'; start it with --allowed-host NAME to allow that name`));
    }
    // The matched route's pattern (undefined for unknown routes): /healthz?x=1 is /healthz, /healthz/ is not.
    if (OPEN_PATHS.has(req.routeOptions.url ?? '') || req.routeOptions.config?.public === true) return;
    const presented = bearer(req);
    if (presented === undefined) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="sleetwatch"')
        .send(errorBody(401, 'an API token is required: send Authorization: Bearer <token> (create one with `sleetwatch token create --name NAME`)'));
    }
    const token = await verifyToken(opts.store, presented);
    if (!token) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="sleetwatch", error="invalid_token"')
        .send(errorBody(401, 'the API token is unknown or revoked'));
    }
    req.apiToken = token;
    // Until users and roles land, an API token acts as an admin.
    req.principal = { kind: 'token', id: token.id, name: token.name, role: 'admin' };
    req.log.info({ token: token.id, tokenName: token.name }, 'authenticated');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    // The web UI's files set their own CSP and caching (src/server/web.ts); every other answer gets the API's.
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!(ROUTE_SET.has(k) && reply.hasHeader(k))) reply.header(k, v);
    reply.header('x-request-id', req.id);
    return payload;
  });
}
