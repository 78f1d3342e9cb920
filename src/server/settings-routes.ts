// Settings (admin only): the effective config without secrets, and its stored overlay. PUT replaces the overlay with
// optimistic concurrency: the body names the `version` it read (or the If-Match header carries it as the ETag), a
// stale one is a 409 carrying the current settings. Every change is audited (`settings.update`, changed keys only),
// and the pipeline is rebuilt with it (SettingsService's onChanged hook).
import { POLICY } from './policy.ts';
import type { FastifyPluginAsync } from 'fastify';
import type { SettingsService } from '../app/settings.ts';
import { actorOf, type Role } from './principal.ts';
import { ref } from './schemas.ts';
import { HttpError, errorBody } from './types.ts';

export const SETTINGS_ROLES: readonly Role[] = POLICY.admin;
const BODY_LIMIT = 512 * 1024;

const SettingsViewSchema = {
  $id: 'Settings',
  type: 'object',
  required: ['version', 'config', 'overlay', 'connectors', 'outboundAllowList'],
  properties: {
    version: { type: 'integer', description: 'Send it back in PUT (or as If-Match: "<version>"); a stale one is a 409' },
    updatedAt: { type: 'string' },
    updatedBy: { type: 'string' },
    config: { type: 'object', additionalProperties: true, description: 'The effective config (file + overlay), without secrets' },
    overlay: { type: 'object', additionalProperties: true, description: 'The stored overlay, merged over the file config' },
    connectors: { type: 'object', additionalProperties: true, description: 'Containment connectors, without secrets' },
    outboundAllowList: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const settingsSchemas = [SettingsViewSchema];

const etag = (version: number): string => `"${version}"`;
/** The version an If-Match header names ("3", W/"3" or 3); undefined when absent or not a version. */
function versionOfIfMatch(h: string | undefined): number | undefined {
  const m = h?.trim().match(/^(?:W\/)?"?(\d{1,15})"?$/);
  return m ? Number(m[1]) : undefined;
}

export const settingsRoutes: FastifyPluginAsync<{ settings: SettingsService }> = async (app, { settings }) => {
  const config = { roles: SETTINGS_ROLES };
  const errors = { 400: ref('Error'), 401: ref('Error'), 403: ref('Error'), 409: ref('Error'), 500: ref('Error') };

  app.get(
    '/api/settings',
    { config, schema: { tags: ['settings'], summary: 'The effective config (without secrets) and the stored overlay, with its version (ETag)', response: { 200: ref('Settings'), ...errors } } },
    async (_req, reply) => {
      const view = await settings.get();
      reply.header('etag', etag(view.version));
      return view;
    },
  );

  app.put<{ Body: { overlay: unknown; version?: number }; Headers: { 'if-match'?: string } }>(
    '/api/settings',
    {
      config,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['settings'],
        summary: 'Replace the settings overlay (a partial config merged over the file config); stale version → 409',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['overlay'],
          properties: { overlay: { type: 'object', additionalProperties: true }, version: { type: 'integer', minimum: 0 } },
        },
        response: { 200: ref('Settings'), ...errors },
      },
    },
    async (req, reply) => {
      const version = req.body.version ?? versionOfIfMatch(req.headers['if-match']);
      if (version === undefined) throw new HttpError(428, 'name the settings version you read: `version` in the body or an If-Match header (GET /api/settings gives it)');
      const out = await settings.update(req.body.overlay, version, actorOf(req));
      if (!out.ok && out.code === 'invalid') throw new HttpError(400, out.message);
      if (!out.ok) {
        reply.header('etag', etag(out.view.version));
        return reply.status(409).send(errorBody(409, `the settings changed since version ${version} (now ${out.view.version}${out.view.updatedBy ? `, by ${out.view.updatedBy}` : ''}): read them again and re-apply your change`));
      }
      reply.header('etag', etag(out.view.version));
      return out.view;
    },
  );
};
