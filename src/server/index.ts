export { buildServer } from './server.ts';
export { errorBody, HttpError, INGEST_BODY_LIMIT, type IngestOptions, type IngestResult, type ServerDeps } from './types.ts';
export { ingestError } from './ingest.ts';
