// The JSON form of an interview / verification record (our own format, `vetting-record/v1`), as a zod schema: the
// parser validates with it and schemas/vetting-record.v1.schema.json is generated from it
// (scripts/gen-report-schema.ts), so the documented schema and the parser cannot drift.
import { jsonSchemaDocument } from '../../core/json-schema.ts';
import { z } from 'zod';

const short = (max = 300) => z.string().trim().min(1).max(max);

export const VettingReference = z
  .object({
    name: short().optional(),
    email: short(320).optional(),
    phone: short(64).optional(),
    company: short().optional(),
    /** How the reference was actually reached: a live voice (phone, video), only by e-mail, or not at all. */
    channel: z.enum(['phone', 'video', 'email', 'none']),
    reached: z.boolean().optional(),
  })
  .describe('One reference check');

export const VettingRecordV1 = z
  .object({
    /** The candidate this record is about: their e-mail, their candidate key (greenhouse:123) or their id. */
    candidate: short(320).describe("The candidate's e-mail, candidate key (e.g. greenhouse:53883394) or ATS id"),
    interviewedAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional().describe('ISO 8601 date-time of the interview'),
    interviewer: short().optional(),
    cameraOn: z.boolean().optional().describe('Camera on for the whole interview (false: refused or turned off)'),
    idShownOnCamera: z.boolean().optional().describe('An identity document was shown on camera and compared with the face'),
    documentCheck: z.enum(['passed', 'failed', 'not done']).optional().describe('Result of a document / identity verification service'),
    documentCheckProvider: short().optional(),
    references: z.array(VettingReference).max(20).optional(),
    recording: z
      .object({
        file: short(1000),
        sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
        bytes: z.number().int().nonnegative().optional(),
      })
      .optional()
      .describe('The archived interview recording'),
    shippingAddress: z
      .object({
        street: short(500).optional(),
        locality: short().optional(),
        region: short().optional(),
        postalCode: short(40).optional(),
        country: short(100).optional(),
      })
      .optional()
      .describe('Where the candidate asks the laptop to be shipped'),
    sourcing: z
      .object({
        channel: z.enum(['agency', 'referral', 'job-board', 'cold', 'direct', 'internal', 'unknown']),
        name: short().optional(),
        referrer: short(320).optional(),
      })
      .optional()
      .describe('How the candidate came in: the staffing agency and which, the referrer, a cold approach...'),
    notes: z.string().max(20_000).optional(),
  })
  .describe('sleetwatch interview and verification record v1 (one per candidate interview)');
export type VettingRecordV1 = z.infer<typeof VettingRecordV1>;

export function vettingRecordJsonSchema(): Record<string, unknown> {
  return jsonSchemaDocument(VettingRecordV1, { file: 'vetting-record.v1.schema.json', title: 'sleetwatch vetting record v1', io: 'input' });
}
