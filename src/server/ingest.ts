// POST /api/ingest: the raw body is one file in any supported format (JSON, NDJSON, CSV; sniffed by content
// unless ?format= names one). Bodies are read as text whatever the content type, up to 100 MB.
import type { FastifyPluginAsync } from 'fastify';
import { ref } from './schemas.ts';
import { HttpError, INGEST_BODY_LIMIT, type ServerDeps } from './types.ts';

const DOCUMENTED_TYPES = ['application/json', 'application/x-ndjson', 'text/csv', 'text/plain'];

/** PostgreSQL / PGlite errors carry a severity and a five-character SQLSTATE. */
const isDatabaseError = (e: unknown): boolean => {
  const x = e as { severity?: unknown; code?: unknown };
  return typeof x?.severity === 'string' && typeof x.code === 'string' && x.code.length === 5;
};

/** A failed ingest as an HTTP error: a bad file is the client's (400); the database failing is ours (500). */
export function ingestError(e: unknown): Error & { statusCode: number } {
  const err = e instanceof Error ? e : new Error(String(e));
  const given = (err as { statusCode?: unknown }).statusCode;
  if (typeof given === 'number' && given >= 400 && given < 600) return err as Error & { statusCode: number };
  return new HttpError(isDatabaseError(err) ? 500 : 400, err.message || String(e));
}

export const ingestRoutes: FastifyPluginAsync<Pick<ServerDeps, 'ingest'>> = async (app, { ingest }) => {
  // Encapsulated: only this route reads bodies, and it wants them as text, never parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: INGEST_BODY_LIMIT }, (req, body, done) => {
    if (/^multipart\//i.test(req.headers['content-type'] ?? '')) {
      done(new HttpError(415, 'send the file as the raw request body (e.g. curl --data-binary @file), not as a multipart form'), undefined);
      return;
    }
    done(null, body);
  });

  app.post<{ Querystring: { name?: string; format?: string }; Body: string | undefined }>(
    '/api/ingest',
    {
      bodyLimit: INGEST_BODY_LIMIT,
      schema: {
        tags: ['ingest'],
        summary: 'Ingest one file (raw body, up to 100 MB) in any supported format',
        description:
          'The body is the file itself: a JSON array or page, NDJSON or CSV export of an identity provider or ' +
          'directory. The format is sniffed from the content unless `format` names one. Bad records are rejected ' +
          'one by one with their line/index, field and reason (see the run); valid records about no person and ' +
          'records repeating an event id of the same batch are counted as ignored with their reasons; ' +
          '`alreadyIngested` counts events earlier batches brought. A file that cannot be read at all is a 400.',
        consumes: DOCUMENTED_TYPES,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 500, description: 'Name of the upload, shown in the run (default "upload")' },
            format: { type: 'string', minLength: 1, maxLength: 100, description: 'Format id (see `sleetwatch formats`); sniffed when absent' },
          },
        },
        body: { type: 'string', description: 'The file content' },
        response: { 200: ref('IngestResult'), 400: ref('Error'), 413: ref('Error'), 415: ref('Error'), 500: ref('Error') },
      },
    },
    async (req) => {
      const body = req.body;
      if (typeof body !== 'string' || body.length === 0) {
        throw new HttpError(400, 'empty body: send the file as the request body');
      }
      try {
        return await ingest(body, {
          name: req.query.name ?? 'upload',
          contentType: req.headers['content-type'],
          format: req.query.format,
        });
      } catch (e) {
        throw ingestError(e);
      }
    },
  );
};
