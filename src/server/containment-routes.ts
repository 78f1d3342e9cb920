// Containment routes (issue 11): propose a connector action on a case, list requests, approve (a second person:
// the connector runs and the answer carries the outcome) or reject. Investigators and admins only. A refusal (wrong
// case state, the proposer approving, already decided) is a 409 with the reason; a vendor failure is not an error of
// the request: the approval succeeded and the request is answered in state failed with the reason.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ContainmentRequest, ContainmentState, DecideRequest, ProposeRequest } from '../core/containment.ts';
import { PlaybookStep } from '../core/respond.ts';
import type { ContainmentService } from '../app/containment.ts';
import { jsonSchema, ref } from './schemas.ts';
import { HttpError } from './types.ts';
import { actorOf } from './principal.ts';
import { POLICY } from './policy.ts';

// Investigators and admins (src/server/policy.ts). Answers name the account to act on (its UPN or login): they are not
// pseudonymised, as acting on an account needs its name; every proposal and decision is audited.
const ROUTE = { roles: POLICY.containment, identity: 'raw' } as const;
const BODY_LIMIT = 16 * 1024;
const MAX_LIST = 1000;

const RequestEnvelope = z.object({ request: ContainmentRequest, step: PlaybookStep.optional(), stepNote: z.string().optional() });

export const containmentSchemas = [
  jsonSchema('ContainmentRequest', ContainmentRequest),
  jsonSchema('ContainmentEnvelope', RequestEnvelope),
  jsonSchema('ProposeRequest', ProposeRequest),
  jsonSchema('DecideRequest', DecideRequest),
];

const ID_PARAM = { type: 'string', minLength: 1, maxLength: 512, pattern: '^[^\\x00-\\x1f\\x7f]+$' } as const;
const idParams = { type: 'object', properties: { id: ID_PARAM }, required: ['id'] } as const;
const errors = { 400: ref('Error'), 401: ref('Error'), 403: ref('Error'), 404: ref('Error'), 421: ref('Error'), 500: ref('Error') };
const writeErrors = { ...errors, 409: ref('Error'), 413: ref('Error'), 415: ref('Error') };
const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: ContainmentState.options },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIST, default: 100 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  },
} as const;

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new HttpError(400, `invalid body: ${issue.path.join('.') || 'body'} ${issue.message}`);
}

type Outcome<T> = ({ ok: true } & T) | { ok: false; code: 'not-found' | 'refused'; reason: string };
function answer<T>(o: Outcome<T>): T {
  if (!o.ok) throw new HttpError(o.code === 'not-found' ? 404 : 409, o.reason);
  const { ok: _ok, ...rest } = o as { ok: true } & T;
  return rest as unknown as T;
}

export const containmentRoutes: FastifyPluginAsync<{ containment: ContainmentService }> = async (app, { containment }) => {
  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/cases/:id/containment',
    {
      config: ROUTE,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['cases'],
        summary: 'Propose a containment action (revoke sessions, disable the account) through a connector; a second person approves',
        description:
          'Only on an escalated or contained case about a person. `target` defaults to the account the person\'s identifiers give for ' +
          'that vendor (Graph: Entra object id, else UPN; Okta: user id, else login).',
        params: idParams,
        body: ref('ProposeRequest'),
        response: { 201: ref('ContainmentEnvelope'), ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(answer(await containment.propose(req.params.id, parse(ProposeRequest, req.body), actorOf(req)))),
  );

  app.get<{ Querystring: { state?: ContainmentState; limit: number; offset: number } }>(
    '/api/containment',
    {
      config: ROUTE,
      schema: { tags: ['cases'], summary: 'Containment requests, newest first (?state=pending: those awaiting a second person)', querystring: listQuery, response: { 200: { type: 'array', items: ref('ContainmentRequest') }, ...errors } },
    },
    async (req) => containment.list(req.query),
  );

  app.get<{ Params: { id: string }; Querystring: { state?: ContainmentState; limit: number; offset: number } }>(
    '/api/cases/:id/containment',
    {
      config: ROUTE,
      schema: { tags: ['cases'], summary: "A case's containment requests, newest first", params: idParams, querystring: listQuery, response: { 200: { type: 'array', items: ref('ContainmentRequest') }, ...errors } },
    },
    async (req) => containment.list({ ...req.query, caseId: req.params.id }),
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/containment/:id/approve',
    {
      config: ROUTE,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['cases'],
        summary: 'Approve (not the proposer: 409) and execute: the answer is the request in state done or failed, with the result',
        params: idParams,
        body: { anyOf: [ref('DecideRequest'), { type: 'null' }] },
        response: { 200: ref('ContainmentEnvelope'), ...writeErrors },
      },
    },
    async (req) => answer(await containment.approve(req.params.id, actorOf(req), parse(DecideRequest, req.body).reason)),
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/containment/:id/reject',
    {
      config: ROUTE,
      bodyLimit: BODY_LIMIT,
      schema: { tags: ['cases'], summary: 'Reject a pending request (its proposer may withdraw it)', params: idParams, body: { anyOf: [ref('DecideRequest'), { type: 'null' }] }, response: { 200: ref('ContainmentEnvelope'), ...writeErrors } },
    },
    async (req) => answer(await containment.reject(req.params.id, actorOf(req), parse(DecideRequest, req.body).reason)),
  );
};
