// Who is asking: the principal of a request (a signed-in user or an API token) and its role. Every route declares
// the roles that may call it in its route config (`config: { roles: POLICY.x }`, src/server/policy.ts), or
// `config: { public: true }` for the few open routes (/healthz, sign-in). security.ts authenticates and sets
// req.principal; the role check is enforced for every route from that config (deny by default: a route without
// roles is refused to everyone).
import type { FastifyRequest } from 'fastify';
import { HttpError } from './types.ts';
import { ROLES, type Role } from '../core/roles.ts';

export { ROLES, type Role };

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
    /** The authenticated principal (null on public routes without credentials). */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The roles that may call this route. */
    roles?: readonly Role[];
    /** Open to anyone (no authentication): /healthz and the sign-in routes only. */
    public?: boolean;
    /**
     * 'raw': this route's answers are not pseudonymised (the audit log, users, candidates, the reveal itself). Every
     * other route's JSON answers go through src/server/privacy.ts.
     */
    identity?: 'raw';
  }
}

/** The request's principal; a 401 when there is none. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError(401, 'authentication is required');
  return req.principal;
}

/** The actor name audit rows record for this request: the user's or the token's name. */
export const actorOf = (req: FastifyRequest): string => principalOf(req).name;
