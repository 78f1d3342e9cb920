export { allowedHostSpecs, buildServer } from './server.ts';
export { DEFAULT_BODY_LIMIT, errorBody, HttpError, INGEST_BODY_LIMIT, type IngestOptions, type IngestResult, type ServerDeps } from './types.ts';
export { INGEST_CONTENT_TYPES, ingestError } from './ingest.ts';
export { DEFAULT_ALLOWED_HOSTS, registeredRoutes, SECURITY_HEADERS, type RegisteredRoute } from './security.ts';
