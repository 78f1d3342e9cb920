// Read-only routes: health, runs. (People: ui-routes.ts.)
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/types.ts';
import { errorBody } from './types.ts';
import { ref } from './schemas.ts';
import { POLICY } from './policy.ts';
import { principalOf } from './principal.ts';

export const MAX_PAGE = 10_000;
/** Largest offset of GET /api/people (beyond any real head count; PostgreSQL's OFFSET is a bigint). */
export const MAX_OFFSET = 1_000_000_000;
/** Path ids: no control characters (PostgreSQL text cannot hold U+0000), at most 512 characters. */
export const ID_PARAM = { type: 'string', minLength: 1, maxLength: 512, pattern: '^[^\\x00-\\x1f\\x7f]+$' } as const;

const errors = { 400: ref('Error'), 401: ref('Error'), 404: ref('Error'), 421: ref('Error'), 500: ref('Error') };

export const queryRoutes: FastifyPluginAsync<{ store: Store; version: string }> = async (app, { store, version }) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['meta'],
        summary: 'Liveness and store reachability (no token needed)',
        security: [],
        response: { 200: ref('Health'), 503: ref('Health') },
      },
    },
    async (req, reply) => {
      try {
        if (store.ping) await store.ping();
        else await store.listRuns(1);
        return { status: 'ok', version, store: 'ok' };
      } catch (e) {
        // Anyone may ask: the cause (a database message, an address) goes to the log, not to the caller.
        req.log.error({ err: e, reqId: req.id }, 'health check: store unreachable');
        return reply.status(503).send({ status: 'error', version, store: 'error', message: `the store is unreachable (request id ${req.id}; the cause is in the server log)` });
      }
    },
  );

  app.get<{ Querystring: { limit: number } }>(
    '/api/runs',
    {
      config: { roles: POLICY.runs },
      schema: {
        tags: ['runs'],
        summary: 'Latest ingest runs first (counts only; GET /api/runs/{id} lists the rejected records)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
        },
        response: { 200: { type: 'array', items: ref('IngestRun') }, ...errors },
      },
    },
    async (req) => store.listRuns(req.query.limit),
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id',
    {
      config: { roles: POLICY.runs },
      schema: {
        tags: ['runs'],
        summary: 'One ingest run with every rejected record and its reason',
        params: { type: 'object', properties: { id: ID_PARAM }, required: ['id'] },
        response: { 200: ref('IngestRun'), ...errors },
      },
    },
    async (req, reply) => {
      const run = await store.getRun(req.params.id);
      if (!run) return reply.status(404).send(errorBody(404, `no run ${req.params.id}`));
      return run;
    },
  );
};
