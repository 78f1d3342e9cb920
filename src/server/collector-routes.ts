// GET /api/collectors: each vendor API collector's lag, last success and error, back-off (src/app/collectors/).
import { POLICY } from './policy.ts';
import type { FastifyPluginAsync } from 'fastify';
import type { CollectorStatus } from '../app/collectors/runner.ts';
import { ref } from './schemas.ts';

const errors = { 401: ref('Error'), 403: ref('Error'), 421: ref('Error'), 500: ref('Error') };

const CollectorStatusSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'configured', 'failures', 'events', 'pages', 'health'],
  properties: {
    id: { type: 'string' },
    vendor: { type: 'string', enum: ['graph', 'okta', 'google'] },
    kind: { type: 'string', enum: ['events', 'snapshot'] },
    configured: { type: 'boolean' },
    lagSeconds: { type: 'integer', description: 'now minus the newest event time collected' },
    newestEventAt: { type: 'string', format: 'date-time' },
    lastSuccessAt: { type: 'string', format: 'date-time' },
    lastErrorAt: { type: 'string', format: 'date-time' },
    lastError: { type: 'string' },
    failures: { type: 'integer', description: 'consecutive failures since the last success' },
    nextAttemptAt: { type: 'string', format: 'date-time', description: 'while backing off' },
    events: { type: 'integer' },
    pages: { type: 'integer' },
    health: { type: 'string', enum: ['ok', 'backing-off', 'never-run', 'failing'] },
  },
} as const;

export const collectorRoutes: FastifyPluginAsync<{ status: () => Promise<CollectorStatus[]> }> = async (app, { status }) => {
  app.get(
    '/api/collectors',
    {
      config: { roles: POLICY.collectors },
      schema: {
        tags: ['collectors'],
        summary: 'Vendor API collectors: lag, last success, last error, back-off',
        response: { 200: { type: 'array', items: CollectorStatusSchema }, ...errors },
      },
    },
    async () => status(),
  );
};
