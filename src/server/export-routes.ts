// Exports over the API: GET /api/export/ocsf (OCSF 1.3 Detection Finding array), /api/export/csv (the report as
// CSV) and /api/export/stix (STIX 2.1 bundle of shared infrastructure), for admins, analysts and investigators.
// People are always pseudonymised here (keyed pseudonyms and opaque person ids; no names, UPNs, e-mails or phones):
// an export spans many cases, so the investigator's reveal of one escalated case does not apply.
// The pseudonyms are the web UI's: keyed by the store's own key (server_secrets 'pseudonym', the one
// src/server/privacy.ts uses), so a person has one pseudonym in the UI and in the exports of the API.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../core/config.ts';
import type { Store } from '../store/types.ts';
import { exportCsv, exportOcsf, exportStix, exportView, type ExportView } from '../app/export/index.ts';
import { pseudonymiser } from '../app/notify/pseudonym.ts';
import { ref } from './schemas.ts';
import { POLICY } from './policy.ts';

const ROLES = POLICY.exports;
const errors = { 401: ref('Error'), 403: ref('Error'), 421: ref('Error'), 500: ref('Error') };

export const exportRoutes: FastifyPluginAsync<{ store: Store; version: string; config: Config; env?: Record<string, string | undefined> }> = async (app, o) => {
  // One view for the server's life, keyed by the store's pseudonym key (created on first use).
  let viewP: Promise<ExportView> | undefined;
  const view = (): Promise<ExportView> =>
    (viewP ??= o.store
      .auth()
      .secret('pseudonym')
      .then((hex) => ({ ...exportView(o.config, o.env ?? process.env, false), pseudonym: pseudonymiser(Buffer.from(hex, 'hex')) })));
  const stamp = () => new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);

  app.get(
    '/api/export/ocsf',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['exports'],
        summary: 'Findings as OCSF 1.3 Detection Finding events (class_uid 2004), pseudonymised',
        response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errors },
      },
    },
    async (_req, reply) => {
      reply.header('content-disposition', `attachment; filename="sleetwatch-ocsf-${stamp()}.json"`);
      return exportOcsf(o.store, await view(), o.version);
    },
  );

  app.get(
    '/api/export/csv',
    {
      config: { roles: ROLES },
      schema: { tags: ['exports'], summary: 'The report as CSV (RFC 4180, formula-injection safe), pseudonymised', response: { 200: { type: 'string' }, ...errors } },
    },
    async (_req, reply) => {
      const csv = await exportCsv(o.store, await view());
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sleetwatch-report-${stamp()}.csv"`).send(csv);
    },
  );

  app.get(
    '/api/export/stix',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['exports'],
        summary: 'Shared infrastructure (IP addresses) as a STIX 2.1 bundle; shared e-mails and phones only from the CLI with --identities',
        response: { 200: { type: 'object', additionalProperties: true }, ...errors },
      },
    },
    async (_req, reply) => {
      const { bundle, withheld } = await exportStix(o.store, await view());
      reply.header('x-withheld-indicators', String(withheld));
      reply.header('content-type', 'application/stix+json;version=2.1');
      return reply.send(JSON.stringify(bundle));
    },
  );
};
