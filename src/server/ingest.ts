// POST /api/ingest: the raw body is one file in any supported format (JSON, NDJSON, CSV; sniffed by content
// unless ?format= names one), read as text up to the server's body limit. Only content types an HTML form cannot
// send are accepted (a cross-site form POST is a 415 before its body is read), and only with a UTF-8 charset.
import type { FastifyPluginAsync } from 'fastify';
import { ref } from './schemas.ts';
import { POLICY } from './policy.ts';
import { HttpError, type ServerDeps } from './types.ts';

/**
 * Accepted media types. None is one an HTML form can send (urlencoded, multipart, text/plain), and a cross-origin
 * fetch() with any of them needs a CORS preflight this server never grants. text/csv stays: CSV exports (Sentinel,
 * HR) are a supported input, and it is no more "simple" than JSON.
 */
export const INGEST_CONTENT_TYPES = ['application/json', 'application/x-ndjson', 'text/csv'];

/** PostgreSQL / PGlite errors carry a severity and a five-character SQLSTATE. */
export const isDatabaseError = (e: unknown): boolean => {
  const x = e as { severity?: unknown; code?: unknown };
  return typeof x?.severity === 'string' && typeof x.code === 'string' && x.code.length === 5;
};

/**
 * A failed ingest as an HTTP error: an error carrying a 4xx statusCode (a bad file) keeps it and its message; anything
 * else (the database, a bug) is a 500, whose text the error handler keeps out of the answer.
 */
export function ingestError(e: unknown): Error & { statusCode: number } {
  const err = e instanceof Error ? e : new Error(String(e));
  const given = (err as { statusCode?: unknown }).statusCode;
  if (typeof given === 'number' && given >= 400 && given < 600 && !isDatabaseError(err)) return err as Error & { statusCode: number };
  return Object.assign(err, { statusCode: 500 });
}

/** Why this Content-Type header cannot be ingested, or undefined when it can. */
export function contentTypeProblem(header: string | undefined): string | undefined {
  const accepted = `send the file with Content-Type ${INGEST_CONTENT_TYPES.join(', ')} (e.g. curl --data-binary @file -H 'Content-Type: application/json')`;
  if (!header) return `no Content-Type: ${accepted}`;
  const [type, ...params] = header.split(';').map((x) => x.trim().toLowerCase());
  if (/^multipart\//.test(type)) return `send the file as the raw request body (e.g. curl --data-binary @file), not as a multipart form; ${accepted}`;
  if (!INGEST_CONTENT_TYPES.includes(type)) return `Content-Type ${type.slice(0, 100)} is not accepted: ${accepted}`;
  for (const p of params) {
    const [k, v = ''] = p.split('=').map((x) => x.trim().replace(/^"|"$/g, ''));
    if (k === 'charset' && v !== 'utf-8' && v !== 'utf8') return `charset ${v.slice(0, 50)} is not accepted: files are read as UTF-8`;
  }
  return undefined;
}

export const ingestRoutes: FastifyPluginAsync<Pick<ServerDeps, 'ingest'> & { bodyLimit: number }> = async (app, { ingest, bodyLimit }) => {
  const mb = Math.round((bodyLimit / 1024 / 1024) * 10) / 10;
  // Encapsulated: only this route reads bodies, and it wants them as text, never parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    const problem = contentTypeProblem(req.headers['content-type']);
    done(problem ? new HttpError(415, problem) : null, problem ? undefined : body);
  });

  app.post<{ Querystring: { name?: string; format?: string }; Body: string | undefined }>(
    '/api/ingest',
    {
      config: { roles: POLICY.ingest },
      bodyLimit,
      // After the token check (root onRequest), before the body is read: a form post never reaches the parser.
      onRequest: async (req) => {
        const problem = contentTypeProblem(req.headers['content-type']);
        if (problem) throw new HttpError(415, problem);
      },
      schema: {
        tags: ['ingest'],
        summary: `Ingest one file (raw body, up to ${mb} MB) in any supported format`,
        description:
          'The body is the file itself: a JSON array or page, NDJSON or CSV export of an identity provider or ' +
          `directory, sent as ${INGEST_CONTENT_TYPES.join(', ')} (UTF-8; anything else is a 415). ` +
          'The format is sniffed from the content unless `format` names one. Bad records are rejected ' +
          'one by one with their line/index, field and reason (see the run); valid records about no person and ' +
          'records repeating an event id of the same batch are counted as ignored with their reasons; ' +
          '`alreadyIngested` counts events earlier batches brought. A file that cannot be read at all is a 400.',
        consumes: INGEST_CONTENT_TYPES,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[^\\x00-\\x1f\\x7f]+$', description: 'Name of the upload, shown in the run (default "upload")' },
            format: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$', description: 'Format id (see `sleetwatch formats`); sniffed when absent' },
          },
        },
        body: { type: 'string', description: 'The file content' },
        response: { 200: ref('IngestResult'), 400: ref('Error'), 401: ref('Error'), 413: ref('Error'), 415: ref('Error'), 421: ref('Error'), 500: ref('Error') },
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
