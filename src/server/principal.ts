// Who is asking: the principal of a request (a signed-in user or an API token) and its role. Every route declares
// the roles that may call it in its route config (`config: { roles: [...] }`), or `config: { public: true }` for the
// few open routes (/healthz, the login page and its assets). security.ts authenticates and sets req.principal; the
// role check is enforced for every route from that config (deny by default: a route without roles is refused).
import type { FastifyRequest } from 'fastify';
import { HttpError } from './types.ts';

export const ROLES = ['admin', 'analyst', 'investigator', 'recruiter', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  kind: 'user' | 'token';
  /** user id or token id */
  id: string;
  /** the name audit rows record as the actor */
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated principal (null on public routes). */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The roles that may call this route. */
    roles?: readonly Role[];
    /** Open to anyone (no authentication): /healthz and the login page only. */
    public?: boolean;
  }
}

/** The request's principal; a 401 when there is none. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError(401, 'authentication is required');
  return req.principal;
}

/** The actor name audit rows record for this request. */
export const actorOf = (req: FastifyRequest): string => principalOf(req).name;
