// The HTTP API (fastify 5). Dependencies are injected: the server knows the Store and an `ingest` function (wired
// by the app layer to the real pipeline), never sources, intel or detectors. Errors are JSON {error, message}; a
// server error (5xx) never carries its cause's text (database messages included): it names a request id, and the
// cause is logged with that id.
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { ingestRoutes, isDatabaseError } from './ingest.ts';
import { queryRoutes } from './routes.ts';
import { candidateRoutes } from './candidates.ts';
import { respondRoutes, respondSchemas } from './respond-routes.ts';
import { uiRoutes, uiSchemas } from './ui-routes.ts';
import { settingsRoutes, settingsSchemas } from './settings-routes.ts';
import { SettingsService } from '../app/settings.ts';
import { UiDataService } from '../app/ui-data.ts';
import { containmentRoutes, containmentSchemas } from './containment-routes.ts';
import { ContainmentService } from '../app/containment.ts';
import { exportRoutes } from './export-routes.ts';
import { collectorRoutes } from './collector-routes.ts';
import { collectorStatus } from '../app/collectors/runner.ts';
import { RespondService } from '../app/respond.ts';
import { AuthService } from '../app/auth.ts';
import { authRoutes } from './auth-routes.ts';
import { POLICY } from './policy.ts';
import { redact } from './privacy.ts';
import { defaultConfig } from '../core/config.ts';
import { componentSchemas } from './schemas.ts';
import { defaultWebRoot, webRoutes } from './web.ts';
import { DEFAULT_ALLOWED_HOSTS, installSecurity, parseHost, SECURITY_HEADERS, type HostSpec } from './security.ts';
import { DEFAULT_BODY_LIMIT, errorBody, type ServerDeps } from './types.ts';

/** The allowed hosts as specs; throws on a value that is not a host name or address (with an optional port). */
export function allowedHostSpecs(values: string[]): HostSpec[] {
  return values.map((v) => {
    const h = parseHost(v);
    if (!h) throw new Error(`not a host name or address (with an optional :port): '${v}'`);
    return h;
  });
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: deps.logger ?? false,
    genReqId: () => randomUUID(),
    // Path ids are validated up to 512 characters (a 400 naming the bound); longer path segments stop at the router.
    routerOptions: { maxParamLength: 600 },
    // A URL the router cannot decode, or a path segment over maxParamLength: answered before any hook runs, so the
    // security headers are set here, and the URL is not echoed back.
    frameworkErrors: (err, req, reply) => {
      const status: 400 | 414 = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
      reply.header('x-request-id', req.id);
      const body = errorBody(status, status === 414 ? 'a path segment is longer than 600 characters' : 'the URL is not valid (bad percent-encoding)');
      return (reply as FastifyReply).status(status).send(body);
    },
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
          'ingest runs with every rejected record; upload of identity-provider exports in any supported format. ' +
          'Every route but /healthz and sign-in needs a session (POST /api/auth/login sets the sw_session cookie; changes then ' +
          'need the x-csrf-token header) or `Authorization: Bearer <token>` (`sleetwatch token create --name NAME --role ROLE`). ' +
          'Each route names the roles that may call it (docs/roles.md); monitored people appear under a pseudonym.',
      },
      tags: [
        { name: 'people', description: 'Risk-ranked people, findings and evidence' },
        { name: 'runs', description: 'Ingest runs and their rejected records' },
        { name: 'ingest', description: 'Upload a file' },
        { name: 'candidates', description: 'Vetting: candidates, recommendations, checklists, findings' },
        { name: 'cases', description: 'Respond: cases, alerts, workflow, playbook, suppressions, calibration' },
        { name: 'audit', description: 'The hash-chained audit log and its verification' },
        { name: 'auth', description: 'Sign-in, sessions, users, single sign-on' },
        { name: 'settings', description: 'Effective config and its stored overlay (admin)' },
        { name: 'exports', description: 'OCSF findings, the CSV report and the STIX bundle of shared infrastructure' },
        { name: 'meta', description: 'Health and this document' },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token with a role: sleetwatch token create --name NAME --role ROLE' },
          session: { type: 'apiKey', in: 'cookie', name: 'sw_session', description: 'The session cookie of POST /api/auth/login (changes need x-csrf-token)' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  for (const s of [...componentSchemas, ...respondSchemas, ...containmentSchemas, ...uiSchemas, ...settingsSchemas]) app.addSchema(s);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const given = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const status = err.validation ? 400 : isDatabaseError(err) ? 500 : given;
    if (status >= 500) {
      req.log.error({ err, reqId: req.id }, 'request failed');
      return reply.status(status).send({ ...errorBody(status, `the server failed to answer (request id ${req.id}; the cause is in the server log)`), requestId: req.id });
    }
    const pattern = err.validation?.find((v) => v.keyword === 'pattern');
    const field = String(pattern?.instancePath ?? '').replace(/^\//, '');
    const message = pattern
      ? `invalid ${err.validationContext ?? 'request'}: ${field} ${field === 'format' ? 'must be a format id (letters, digits, . _ -)' : 'must have no control characters (U+0000-U+001F, U+007F)'}`
      : err.validation
        ? `invalid ${err.validationContext ?? 'request'}: ${err.message}`
        : err.message;
    return reply.status(status).send(errorBody(status, message));
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send(errorBody(404, `no route ${req.method} ${req.url.slice(0, 200)}`)));

  const auth = deps.auth ?? new AuthService(deps.store, defaultConfig().auth);
  const respond = deps.respond ?? new RespondService(deps.store, defaultConfig());
  // One pseudonymiser for every answer: the store-keyed one of AuthService unless the caller gives one.
  const pseudonyms = deps.pseudonyms ?? (() => auth.pseudonyms());
  installSecurity(app, { store: deps.store, allowedHosts: allowedHostSpecs(deps.allowedHosts ?? DEFAULT_ALLOWED_HOSTS), auth });
  // Every JSON answer but those of `identity: 'raw'` routes names monitored people by pseudonym (src/server/privacy.ts).
  app.addHook('preSerialization', async (req, reply, payload) => {
    if (!req.principal || req.routeOptions.config?.identity === 'raw' || reply.statusCode >= 400) return payload;
    const store = deps.store.auth();
    return redact(payload, { pseudonym: await pseudonyms(), identities: (ids) => store.identities(ids), ownersOf: (v) => store.ownersOf(v) });
  });

  await app.register(queryRoutes, { store: deps.store, version: deps.version });
  await app.register(ingestRoutes, { ingest: deps.ingest, bodyLimit });
  await app.register(candidateRoutes, { store: deps.store, vet: deps.vet, bodyLimit });
  await app.register(respondRoutes, { respond });
  await app.register(authRoutes, { auth, respond, oidc: deps.oidc });
  await app.register(containmentRoutes, { containment: deps.containment ?? new ContainmentService(deps.store, defaultConfig()) });
  await app.register(exportRoutes, { store: deps.store, version: deps.version, config: deps.config ?? defaultConfig() });
  const ui = deps.ui ?? new UiDataService(deps.store, defaultConfig(), async (c) => (await import('../app/scan.ts')).getIntel(undefined, c));
  await app.register(uiRoutes, { store: deps.store, ui, pseudonyms });
  await app.register(settingsRoutes, { settings: deps.settings ?? new SettingsService(deps.store, defaultConfig()) });
  await app.register(collectorRoutes, { status: deps.collectors ?? (async () => collectorStatus(await deps.store.collectors().list(), undefined, Date.now())) });
  if (deps.webRoot !== false) await app.register(webRoutes, { root: deps.webRoot ?? defaultWebRoot() });

  app.get(
    '/api/openapi.json',
    { config: { roles: POLICY.anyone, identity: 'raw' }, schema: { tags: ['meta'], summary: 'This OpenAPI 3 document', response: { 200: { type: 'object', additionalProperties: true } } } },
    async () => app.swagger(),
  );

  await app.ready();
  return app;
}
