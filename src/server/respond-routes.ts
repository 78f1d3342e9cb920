// Respond routes: cases (list, one with its alerts, notes and playbook), the workflow (transition, assign, notes,
// playbook steps), suppressions, calibration, and the audit log (paged, verified). The actor of every change is the
// principal's name (a user or an API token, set by security.ts); each route names its roles (src/server/policy.ts).
// Answers name people by pseudonym (src/server/privacy.ts), except the audit log, which is shown as written: its
// hash chain must verify, and its readers (auditors, admins) audit who did what.
// Bodies are JSON, at most BODY_LIMIT bytes, validated by the JSON Schema (generated from the zod model) and then by
// the zod model itself (control characters, blank text); a refused transition is a 409 with the workflow's reason.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  Alert,
  AssignRequest,
  Case,
  CaseState,
  Contribution,
  Note,
  NoteRequest,
  PlaybookStep,
  Sla,
  StepId,
  StepRequest,
  StoredSuppression,
  TransitionRequest,
  AuditRow,
} from '../core/respond.ts';
import { withSla, type RespondService } from '../app/respond.ts';
import { jsonSchema, ref } from './schemas.ts';
import { MAX_OFFSET } from './routes.ts';
import { HttpError } from './types.ts';
import { actorOf } from './principal.ts';
import { POLICY } from './policy.ts';

/** Largest request body of these routes (a note is at most 20,000 characters). */
export const RESPOND_BODY_LIMIT = 256 * 1024;
const MAX_LIST = 1000;

// `pseudonym`: added by the redaction unit (src/server/privacy.ts) to a case about a person.
const CaseWithSla = Case.extend({ sla: Sla, pseudonym: z.string().optional() });
const CaseDetailSchema = z.object({ case: Case.extend({ pseudonym: z.string().optional() }), sla: Sla, alerts: z.array(Alert), notes: z.array(Note), steps: z.array(PlaybookStep) });
const TransitionResult = z.object({ case: Case, suppressions: z.array(StoredSuppression), verdicts: z.array(Contribution) });
const AuditPage = z.object({ rows: z.array(AuditRow), next: z.number().int().optional() });
const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).optional(),
  firstBad: z.object({ seq: z.number().int(), kind: z.enum(['edited', 'deleted', 'reordered', 'inserted', 'truncated']), message: z.string() }).optional(),
});
const CalibrationSchema = z.array(
  z.object({
    kind: z.enum(['person', 'candidate']),
    calibrated: z.object({
      detector: z.string(),
      lr: z.number(),
      verdicts: z.number().int(),
      priorLR: z.number(),
      precision: z.number(),
      applied: z.boolean(),
      explanation: z.string(),
    }),
  }),
);

export const respondSchemas = [
  jsonSchema('Case', CaseWithSla),
  jsonSchema('CaseDetail', CaseDetailSchema),
  jsonSchema('TransitionRequest', TransitionRequest),
  jsonSchema('TransitionResult', TransitionResult),
  jsonSchema('AssignRequest', AssignRequest),
  jsonSchema('NoteRequest', NoteRequest),
  jsonSchema('Note', Note),
  jsonSchema('StepRequest', StepRequest),
  jsonSchema('PlaybookStep', PlaybookStep),
  jsonSchema('Suppression', StoredSuppression),
  jsonSchema('AuditPage', AuditPage),
  jsonSchema('AuditVerification', AuditVerificationSchema),
  jsonSchema('Calibration', CalibrationSchema),
];

const ID_PARAM = { type: 'string', minLength: 1, maxLength: 512, pattern: '^[^\\x00-\\x1f\\x7f]+$' } as const;
const errors = { 400: ref('Error'), 401: ref('Error'), 404: ref('Error'), 421: ref('Error'), 500: ref('Error') };
const writeErrors = { ...errors, 409: ref('Error'), 413: ref('Error'), 415: ref('Error') };
const caseParams = { type: 'object', properties: { id: ID_PARAM }, required: ['id'] } as const;

/** The body through its zod model: a 400 naming the field. */
function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || 'body';
  throw new HttpError(400, `invalid body: ${field} ${issue.message}`);
}


type Outcome<T> = ({ ok: true } & T) | { ok: false; code: 'not-found' | 'refused'; reason: string };
function answer<T>(o: Outcome<T>): T {
  if (!o.ok) throw new HttpError(o.code === 'not-found' ? 404 : 409, o.reason);
  const { ok: _ok, ...rest } = o as { ok: true } & T;
  return rest as unknown as T;
}

export const respondRoutes: FastifyPluginAsync<{ respond: RespondService }> = async (app, { respond }) => {
  app.get<{ Querystring: { state?: CaseState; assignee?: string; open?: boolean; limit: number; offset: number } }>(
    '/api/cases',
    {
      config: { roles: POLICY.cases },
      schema: {
        tags: ['cases'],
        summary: 'Cases, newest first, with their SLA clock',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', enum: CaseState.options },
            assignee: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\x00-\\x1f\\x7f]+$' },
            open: { type: 'boolean' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_LIST, default: 100 },
            offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
          },
        },
        response: { 200: { type: 'array', items: ref('Case') }, ...errors },
      },
    },
    async (req) => respond.listCases(req.query),
  );

  app.get<{ Params: { id: string } }>(
    '/api/cases/:id',
    {
      config: { roles: POLICY.cases },
      schema: {
        tags: ['cases'],
        summary: 'One case: its alerts, notes, playbook steps and SLA clock',
        params: caseParams,
        response: { 200: ref('CaseDetail'), ...errors },
      },
    },
    async (req) => {
      const d = await respond.getCase(req.params.id);
      if (!d) throw new HttpError(404, `no case ${req.params.id}`);
      return d;
    },
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/cases/:id/transition',
    {
      config: { roles: POLICY.cases },
      bodyLimit: RESPOND_BODY_LIMIT,
      schema: {
        tags: ['cases'],
        summary: 'Move a case along the workflow (new → triage → investigating → escalated → contained → closed)',
        description:
          'A refused move is a 409 whose message says why and what is allowed. Closing needs a verdict and a reason; a true positive is ' +
          'closed after containment; closing as false-positive or benign can suppress detectors for this person (`suppress`).',
        params: caseParams,
        body: ref('TransitionRequest'),
        response: { 200: ref('TransitionResult'), ...writeErrors },
      },
    },
    async (req) => answer(await respond.transition(req.params.id, parse(TransitionRequest, req.body), actorOf(req))),
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/cases/:id/assign',
    {
      config: { roles: POLICY.cases },
      bodyLimit: RESPOND_BODY_LIMIT,
      schema: { tags: ['cases'], summary: 'Assign the case (null: unassign)', params: caseParams, body: ref('AssignRequest'), response: { 200: ref('Case'), ...writeErrors } },
    },
    async (req) => withSla(answer(await respond.assign(req.params.id, parse(AssignRequest, req.body), actorOf(req))).case, Date.now()),
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/cases/:id/notes',
    {
      config: { roles: POLICY.cases },
      bodyLimit: RESPOND_BODY_LIMIT,
      schema: { tags: ['cases'], summary: 'Add an immutable, timestamped note', params: caseParams, body: ref('NoteRequest'), response: { 201: ref('Note'), ...writeErrors } },
    },
    async (req, reply) => {
      const note = answer(await respond.addNote(req.params.id, parse(NoteRequest, req.body).text, actorOf(req))).note;
      return reply.status(201).send(note);
    },
  );

  app.post<{ Params: { id: string; step: StepId }; Body: unknown }>(
    '/api/cases/:id/steps/:step',
    {
      config: { roles: POLICY.cases },
      bodyLimit: RESPOND_BODY_LIMIT,
      schema: {
        tags: ['cases'],
        summary: 'Mark a playbook step done or skipped (retrieve-laptop: with the serial received)',
        params: { type: 'object', properties: { id: ID_PARAM, step: { type: 'string', enum: StepId.options } }, required: ['id', 'step'] },
        body: ref('StepRequest'),
        response: { 200: ref('PlaybookStep'), ...writeErrors },
      },
    },
    async (req) => answer(await respond.updateStep(req.params.id, req.params.step, parse(StepRequest, req.body), actorOf(req))).step,
  );

  app.get<{ Querystring: { active?: boolean; person?: string } }>(
    '/api/suppressions',
    {
      config: { roles: POLICY.cases },
      schema: {
        tags: ['cases'],
        summary: 'Suppressions made by verdicts, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { active: { type: 'boolean' }, person: ID_PARAM },
        },
        response: { 200: { type: 'array', items: ref('Suppression') }, ...errors },
      },
    },
    async (req) => respond.listSuppressions(req.query),
  );

  app.post<{ Params: { id: string } }>(
    '/api/suppressions/:id/revoke',
    { config: { roles: POLICY.cases }, schema: { tags: ['cases'], summary: 'Revoke a suppression', params: caseParams, response: { 200: ref('Suppression'), ...writeErrors } } },
    async (req) => answer(await respond.revokeSuppression(req.params.id, actorOf(req))).suppression,
  );

  app.get(
    '/api/calibration',
    {
      config: { roles: POLICY.cases },
      schema: {
        tags: ['cases'],
        summary: "Each detector's likelihood ratio calibrated by the verdicts of closed cases, with how many verdicts it came from",
        response: { 200: ref('Calibration'), ...errors },
      },
    },
    async () => respond.calibration(),
  );

  app.get<{ Querystring: { after: number; limit: number } }>(
    '/api/audit',
    {
      config: { roles: POLICY.audit, identity: 'raw' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, oldest first, paged by seq (pass `next` as `after`)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: MAX_LIST, default: 100 },
          },
        },
        response: { 200: ref('AuditPage'), ...errors },
      },
    },
    async (req) => {
      const rows = await respond.listAudit({ after: req.query.after, limit: req.query.limit });
      return rows.length === req.query.limit ? { rows, next: rows[rows.length - 1].seq } : { rows };
    },
  );

  app.get<{ Querystring: { anchor?: string } }>(
    '/api/audit/verify',
    {
      config: { roles: POLICY.audit, identity: 'raw' },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain: the first edited, deleted, reordered or inserted row, or ok with the head',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { anchor: { type: 'string', minLength: 1, maxLength: 100, description: 'SEQ:HASH of a head written down earlier' } },
        },
        response: { 200: ref('AuditVerification'), ...errors },
      },
    },
    async (req) => {
      const anchor = req.query.anchor;
      if (anchor === undefined) return respond.verifyAudit();
      const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(anchor);
      if (!m) throw new HttpError(400, 'invalid querystring: anchor must be SEQ:HASH (a row number, a colon, 64 lower-case hex digits)');
      return respond.verifyAudit({ seq: Number(m[1]), hash: m[2] });
    },
  );
};
