// Data for the web UI: the people list with filters and a total count, one person (with the calibrated likelihood
// ratios of their risk breakdown), their sign-ins on a map, working hours, devices, and the list's facets. Roles:
// analyst, investigator and admin (people data). Search (`q`) matches the start of a personId or of a pseudonym,
// never a name or e-mail: whoever may not see identities must not be able to find them by guessing.
import { POLICY } from './policy.ts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf, type Role } from './principal.ts';
import type { UiDataService } from '../app/ui-data.ts';
import { NetClass, Outcome, RiskLevel } from '../core/model.ts';
import type { PeopleSort, PersonListRow, Store } from '../store/types.ts';
import { PersonSummarySchema, jsonSchema, ref } from './schemas.ts';
import { MAX_OFFSET, MAX_PAGE } from './routes.ts';
import { HttpError } from './types.ts';
import { PseudonymSearch, type PseudonymOf } from './pseudonyms.ts';

/** Who may read people data (common.md role policy). */
export const PEOPLE_ROLES: readonly Role[] = POLICY.people;

/** Roles that may see identities, hence look a person up by UPN, e-mail or vendor id (common.md role policy). */
const IDENTITY_ROLES: readonly Role[] = POLICY.reveal;

/** Path ids: no control characters (PostgreSQL text cannot hold U+0000), at most 512 characters. */
const ID_PARAM = { type: 'string', minLength: 1, maxLength: 512, pattern: '^[^\\x00-\\x1f\\x7f]+$' } as const;
const TEXT = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '^[^\\x00-\\x1f\\x7f]+$' }) as const;
/** Most ids a pseudonym prefix resolves to (a short prefix matches many: the list pages them). */
const MAX_PSEUDONYM_IDS = 10_000;

const errors = { 400: ref('Error'), 401: ref('Error'), 403: ref('Error'), 404: ref('Error'), 421: ref('Error'), 500: ref('Error') };

const PersonListRowSchema = PersonSummarySchema.extend({
  department: z.string().optional(),
  hiredAt: z.string().optional(),
  /** A stable pseudonym of the person (HMAC of the personId), when the server has a pseudonym key. */
  pseudonym: z.string().optional(),
  topDetectors: z.array(z.string()),
});
const TravelEnd = z.object({ at: z.string(), ip: z.string(), lat: z.number(), lon: z.number() });
const SigninsSchema = z.object({
  home: z.object({ lat: z.number(), lon: z.number(), label: z.string(), country: z.string().optional() }).optional(),
  points: z.array(
    z.object({
      at: z.string(),
      ip: z.string(),
      lat: z.number(),
      lon: z.number(),
      country: z.string().optional(),
      city: z.string().optional(),
      networkClass: NetClass,
      accuracyKm: z.number(),
      outcome: Outcome,
      disputed: z.boolean(),
    }),
  ),
  travel: z.array(z.object({ from: TravelEnd, to: TravelEnd, km: z.number(), kmh: z.number().nullable(), impossible: z.boolean() })),
  truncated: z.number().int(),
});
const HoursSchema = z.object({
  person: z.array(z.number()),
  department: z.array(z.number()),
  zone: z.string(),
  zoneFrom: z.enum(['directory', 'home', 'none']),
  departmentPeople: z.number().int(),
});
const DevicesSchema = z.array(
  z.object({
    deviceId: z.string(),
    name: z.string().optional(),
    os: z.string().optional(),
    enrolledAt: z.string().optional(),
    tools: z.array(z.object({ name: z.string(), category: z.string(), firstSeen: z.string(), confidence: z.enum(['high', 'low']) })),
  }),
);
const FacetsSchema = z.object({ departments: z.array(z.string()), detectors: z.array(z.string()) });

export const uiSchemas = [
  jsonSchema('PersonListRow', PersonListRowSchema),
  jsonSchema('Signins', SigninsSchema),
  jsonSchema('Hours', HoursSchema),
  jsonSchema('Devices', DevicesSchema),
  jsonSchema('Facets', FacetsSchema),
];

interface PeopleQuery {
  level?: z.infer<typeof RiskLevel>;
  department?: string;
  newHires?: boolean;
  detector?: string;
  q?: string;
  sort: PeopleSort;
  limit: number;
  offset: number;
}

export const uiRoutes: FastifyPluginAsync<{ store: Store; ui: UiDataService; pseudonyms?: () => Promise<PseudonymOf> }> = async (app, { store, ui, pseudonyms }) => {
  const search = pseudonyms ? new PseudonymSearch(store, pseudonyms) : undefined;
  const config = { roles: PEOPLE_ROLES };

  /**
   * The person a path id names: a personId, else (for roles that may see identities) any identifier of theirs (UPN,
   * e-mail, vendor id): a lookup by e-mail would confirm who a pseudonym is. 404 otherwise.
   */
  async function personIdOf(req: FastifyRequest<{ Params: { id: string } }>): Promise<string> {
    const id = req.params.id;
    if (await store.getPerson(id)) return id;
    const pid = IDENTITY_ROLES.includes(principalOf(req).role) ? await store.findPersonByIdentifier(id) : undefined;
    if (!pid) throw new HttpError(404, `no person ${id}`);
    return pid;
  }

  app.get<{ Querystring: PeopleQuery }>(
    '/api/people',
    {
      config,
      schema: {
        tags: ['people'],
        summary: 'People, highest risk first, filtered; the header x-total-count says how many match in all',
        description:
          '`q` matches the start of a personId or of a pseudonym (never a name or e-mail). `newHires=true`: hired within the ' +
          "config's new-hire window (scoring.newHireDays). `detector`: people with a current finding of it. `sort`: risk " +
          '(highest first, the default), updated (latest first) or hired (latest hire first).',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            level: { type: 'string', enum: RiskLevel.options, description: 'Only people at this risk level' },
            department: { ...TEXT(200), description: "Directory department (trimmed, case-insensitive)" },
            newHires: { type: 'boolean' },
            detector: { ...TEXT(100), description: 'Detector id (GET /api/facets lists them)' },
            q: { ...TEXT(200), description: 'Start of a personId or pseudonym' },
            sort: { type: 'string', enum: ['risk', 'updated', 'hired'], default: 'risk' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
            offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
          },
        },
        response: {
          200: { type: 'array', items: ref('PersonListRow'), headers: { 'x-total-count': { type: 'integer' } } },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { q, newHires, ...rest } = req.query;
      const term = q?.trim();
      const page = await ui.people({
        ...rest,
        ...(newHires ? { newHires } : {}),
        ...(term ? { idPrefix: term, ...(search ? { ids: await search.idsWithPrefix(term, MAX_PSEUDONYM_IDS) } : {}) } : {}),
      });
      reply.header('x-total-count', String(page.total));
      if (!pseudonyms) return page.people;
      const of = await pseudonyms();
      return page.people.map((p): PersonListRow & { pseudonym: string } => ({ ...p, pseudonym: of(p.personId) }));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/people/:id',
    {
      config,
      schema: {
        tags: ['people'],
        summary: 'One person with findings, evidence and risk history (by personId, or by any identifier: UPN, e-mail, vendor id)',
        description:
          'Each risk-breakdown contribution of a detector calibrated by case verdicts carries `calibrated` {lr, verdicts, priorLR}: the ' +
          'per-finding likelihood ratio used, how many verdicts it came from and the configured ratio before them.',
        params: { type: 'object', properties: { id: { ...ID_PARAM, description: 'personId or any identifier of the person' } }, required: ['id'] },
        response: { 200: ref('StoredPerson'), ...errors },
      },
    },
    async (req) => (await store.getPerson(await personIdOf(req)))!,
  );

  const params = { type: 'object', properties: { id: ID_PARAM }, required: ['id'] };

  app.get<{ Params: { id: string } }>(
    '/api/people/:id/signins',
    {
      config,
      schema: {
        tags: ['people'],
        summary: "Located sign-ins for a map, the claimed home (no street), and travel between consecutive located sign-ins",
        description:
          'Places combine the identity provider\'s and the local database\'s opinions as the detectors do. A travel line is impossible by ' +
          "the impossible-travel detector's configured maxSpeedKmh and minSeparationKm; VPN, relay, hosting and mobile sign-ins are not locations.",
        params,
        response: { 200: ref('Signins'), ...errors },
      },
    },
    async (req) => ui.signins(await personIdOf(req)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/people/:id/hours',
    {
      config,
      schema: {
        tags: ['people'],
        summary: "Sign-ins per local hour in the claimed zone, and the department's (each colleague in their own claimed zone)",
        params,
        response: { 200: ref('Hours'), ...errors },
      },
    },
    async (req) => ui.hours(await personIdOf(req)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/people/:id/devices',
    {
      config,
      schema: {
        tags: ['people'],
        summary: 'Company devices of the person with the catalogued tools (remote access, VPN, keep-awake, IP-KVM) seen on each',
        params,
        response: { 200: ref('Devices'), ...errors },
      },
    },
    async (req) => ui.devices(await personIdOf(req)),
  );

  app.get(
    '/api/facets',
    {
      config,
      schema: { tags: ['people'], summary: 'Values the people list can be filtered by: departments and detectors with findings', response: { 200: ref('Facets'), ...errors } },
    },
    async () => ui.facets(),
  );
};
