// The HTTP API (fastify 5). Dependencies are injected: the server knows the Store and an `ingest` function (wired
// by the app layer to the real pipeline), never sources, intel or detectors. Errors are JSON {error, message}.
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ingestRoutes } from './ingest.ts';
import { queryRoutes } from './routes.ts';
import { componentSchemas } from './schemas.ts';
import { errorBody, type ServerDeps } from './types.ts';

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, useDefaults: true, allErrors: false } },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sleetwatch API',
        version: deps.version,
        description:
          'People ranked by the risk of being a fraudulent remote IT worker, each finding with its evidence; ' +
          'ingest runs with every rejected record; upload of identity-provider exports in any supported format.',
      },
      tags: [
        { name: 'people', description: 'Risk-ranked people, findings and evidence' },
        { name: 'runs', description: 'Ingest runs and their rejected records' },
        { name: 'ingest', description: 'Upload a file' },
        { name: 'meta', description: 'Health and this document' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  for (const s of componentSchemas) app.addSchema(s);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.validation ? 400 : err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const message = err.validation ? `invalid ${err.validationContext ?? 'request'}: ${err.message}` : err.message;
    return reply.status(status).send(errorBody(status, message));
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send(errorBody(404, `no route ${req.method} ${req.url}`)));

  await app.register(queryRoutes, { store: deps.store, version: deps.version });
  await app.register(ingestRoutes, { ingest: deps.ingest });

  app.get(
    '/api/openapi.json',
    { schema: { tags: ['meta'], summary: 'This OpenAPI 3 document', response: { 200: { type: 'object', additionalProperties: true } } } },
    async () => app.swagger(),
  );

  await app.ready();
  return app;
}
