// Vetting routes: GET /api/candidates (ranked, paged), GET /api/candidates/:id (result and the merged candidate),
// GET /api/candidates/:id/report.html (printable), POST /api/candidates (a candidate file as the raw body: the same
// pipeline as `vet --store`). Body handling is the ingest route's: raw text, content types a form cannot send.
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/types.ts';
import { contentTypeProblem, INGEST_CONTENT_TYPES, ingestError } from './ingest.ts';
import { ref } from './schemas.ts';
import { POLICY } from './policy.ts';
import { MAX_OFFSET, MAX_PAGE } from './routes.ts';
import { HttpError, type ServerDeps } from './types.ts';
import { vettingHtmlOne } from './vet-page.ts';

const ID_PARAM = { type: 'string', minLength: 1, maxLength: 512, pattern: '^[^\\x00-\\x1f\\x7f]+$' } as const;
const errors = { 400: ref('Error'), 401: ref('Error'), 404: ref('Error'), 421: ref('Error'), 500: ref('Error') };

export const candidateRoutes: FastifyPluginAsync<{ store: Store; vet: ServerDeps['vet']; bodyLimit: number }> = async (app, { store, vet, bodyLimit }) => {
  app.get<{ Querystring: { recommendation?: 'stop' | 'verify' | 'proceed'; limit: number; offset: number } }>(
    '/api/candidates',
    {
      config: { roles: POLICY.candidates, identity: 'raw' },
      schema: {
        tags: ['candidates'],
        summary: 'Vetted candidates by risk, highest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            recommendation: { type: 'string', enum: ['stop', 'verify', 'proceed'] },
            limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
            offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
          },
        },
        response: { 200: { type: 'array', items: ref('CandidateSummary') }, ...errors },
      },
    },
    async (req) => store.listCandidates({ recommendation: req.query.recommendation, limit: req.query.limit, offset: req.query.offset }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/candidates/:id',
    {
      config: { roles: POLICY.candidates, identity: 'raw' },
      schema: {
        tags: ['candidates'],
        summary: 'One candidate: recommendation, checklist, findings with evidence, and the merged candidate record',
        params: { type: 'object', properties: { id: ID_PARAM }, required: ['id'] },
        response: { 200: ref('StoredCandidate'), ...errors },
      },
    },
    async (req) => {
      const c = await store.getCandidate(req.params.id);
      if (!c) throw new HttpError(404, 'no such candidate');
      return c;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/candidates/:id/report.html',
    {
      config: { roles: POLICY.candidates, identity: 'raw' },
      schema: {
        tags: ['candidates'],
        summary: 'Printable HTML vetting report of one candidate',
        params: { type: 'object', properties: { id: ID_PARAM }, required: ['id'] },
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      const c = await store.getCandidate(req.params.id);
      if (!c) throw new HttpError(404, 'no such candidate');
      return reply.type('text/html; charset=utf-8').send(vettingHtmlOne(c.result, c.updatedAt));
    },
  );

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (req, body, done) => {
      const problem = contentTypeProblem(req.headers['content-type']);
      done(problem ? new HttpError(415, problem) : null, problem ? undefined : body);
    });
    scope.post<{ Querystring: { name?: string; format?: string }; Body: string | undefined }>(
      '/api/candidates',
      {
        config: { roles: POLICY.candidates, identity: 'raw' },
        bodyLimit,
        onRequest: async (req) => {
          const problem = contentTypeProblem(req.headers['content-type']);
          if (problem) throw new HttpError(415, problem);
        },
        schema: {
          tags: ['candidates'],
          summary: 'Vet one candidate file (raw body): JSON Resume, Greenhouse candidates, candidate CSV or interview records',
          description:
            'The same pipeline as `sleetwatch vet --store`: the candidates are matched against every candidate and employee ' +
            'the store knows, scored, kept, and returned with their recommendation, checklist and findings. ' +
            `Send the file as ${INGEST_CONTENT_TYPES.join(', ')} (UTF-8). A file that cannot be read at all is a 400.`,
          consumes: INGEST_CONTENT_TYPES,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[^\\x00-\\x1f\\x7f]+$' },
              format: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' },
            },
          },
          body: { type: 'string' },
          response: { 200: ref('VetResult'), 400: ref('Error'), 401: ref('Error'), 413: ref('Error'), 415: ref('Error'), 421: ref('Error'), 500: ref('Error'), 501: ref('Error') },
        },
      },
      async (req) => {
        if (!vet) throw new HttpError(501, 'vetting is not wired in this server');
        const body = req.body;
        if (typeof body !== 'string' || body.length === 0) throw new HttpError(400, 'empty body: send the candidate file as the request body');
        try {
          return await vet(body, { name: req.query.name ?? 'upload', contentType: req.headers['content-type'], format: req.query.format });
        } catch (e) {
          throw ingestError(e);
        }
      },
    );
  });
};
