// JSON Schemas of the API, generated from the zod model (one source of truth) (draft-07, valid in OpenAPI 3.1). Fastify uses
// them to validate requests and serialise responses; @fastify/swagger publishes them in /api/openapi.json.
import { z } from 'zod';
import { InputSummary, PersonResult, RiskLevel } from '../core/model.ts';
import { Candidate, CandidateResult, Recommendation } from '../core/candidate.ts';
import type { CandidateSummary as StoreCandidateSummary, IngestRun as StoreRun, PersonSummary as StorePersonSummary, StoredPerson as StoreStoredPerson } from '../store/types.ts';

export const PersonSummarySchema = z.object({
  personId: z.string(),
  displayName: z.string().optional(),
  risk: z.number(),
  level: RiskLevel,
  findings: z.number().int(),
  topFinding: z.string().optional(),
  identifiers: z.array(z.string()),
  updatedAt: z.string(),
});

export const StoredPersonSchema = PersonResult.extend({
  riskHistory: z.array(z.object({ at: z.string(), risk: z.number(), level: RiskLevel, runId: z.string() })),
  updatedAt: z.string(),
});

export const IngestRunSchema = z.object({
  id: z.string(),
  via: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  inputs: z.array(InputSummary),
});

export const IngestResultSchema = z.object({
  runId: z.string(),
  inputs: z.array(InputSummary),
  /** Events of this batch the store had already ingested (an earlier batch or scan): not processed again. */
  alreadyIngested: z.number().int(),
  people: z.number().int(),
  updated: z.array(PersonSummarySchema),
  /** Scale-out mode (docs/scale-out.md): events published to the stream for the workers (`people` is then 0 and `updated` empty: people change when the workers commit). */
  queued: z.number().int().optional(),
});

export const CandidateSummarySchema = z.object({
  candidateId: z.string(),
  displayName: z.string().optional(),
  risk: z.number(),
  level: RiskLevel,
  recommendation: Recommendation,
  directoryId: z.string().optional(),
  updatedAt: z.string(),
});

export const StoredCandidateSchema = z.object({ result: CandidateResult, candidate: Candidate, updatedAt: z.string() });

export const VetResultSchema = z.object({ inputs: z.array(InputSummary), candidates: z.array(CandidateResult) });

export const ErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  /** Server errors (5xx) only: the id under which the cause is logged. */
  requestId: z.string().optional(),
});

export const HealthSchema = z.object({
  status: z.enum(['ok', 'error']),
  version: z.string(),
  store: z.enum(['ok', 'error']),
  message: z.string().optional(),
});

// The zod schemas describe exactly the store's types (checked at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>(): T | undefined => undefined;
check<Same<z.infer<typeof PersonSummarySchema>, StorePersonSummary>>();
check<Same<z.infer<typeof StoredPersonSchema>, StoreStoredPerson>>();
check<Same<z.infer<typeof IngestRunSchema>, StoreRun>>();
check<Same<z.infer<typeof CandidateSummarySchema>, StoreCandidateSummary>>();

type JsonSchema = Record<string, unknown>;

/** JSON Schema (draft-07) of a zod schema, registered under `$id` (a component in the OpenAPI document). */
export function jsonSchema(id: string, schema: z.ZodType): JsonSchema {
  // 'input' keeps defaulted fields (directory emails/phones) optional, so a stored value without them still serialises.
  const out = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return { $id: id, ...out };
}

export const componentSchemas: JsonSchema[] = [
  // `pseudonym`: added by the redaction unit (src/server/privacy.ts) to every person it names.
  jsonSchema('PersonSummary', PersonSummarySchema.extend({ pseudonym: z.string().optional() })),
  jsonSchema('StoredPerson', StoredPersonSchema.extend({ pseudonym: z.string().optional() })),
  jsonSchema('IngestRun', IngestRunSchema),
  jsonSchema('IngestResult', IngestResultSchema),
  jsonSchema('CandidateSummary', CandidateSummarySchema),
  jsonSchema('StoredCandidate', StoredCandidateSchema),
  jsonSchema('VetResult', VetResultSchema),
  jsonSchema('Error', ErrorSchema),
  jsonSchema('Health', HealthSchema),
];

export const ref = (id: string): JsonSchema => ({ $ref: `${id}#` });
