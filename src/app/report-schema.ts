// JSON Schema of the report, derived from the zod model so the two cannot drift.
import { z } from 'zod';
import { Report } from '../core/model.ts';
import { VettingReport } from '../core/candidate.ts';

export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Report, { io: 'output', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://sleetwatch.dev/schemas/report.v1.schema.json',
    title: 'sleetwatch report v1',
    description:
      'Per-person report of a sleetwatch scan: inputs with accepted / ignored (with reasons) / rejected counts and every rejection reason, and people ranked by risk with explainable findings and evidence.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** JSON Schema of the vetting report (sleetwatch.vetting/v1), from the zod model in src/core/candidate.ts. */
export function vettingJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(VettingReport, { io: 'output', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://sleetwatch.dev/schemas/vetting.v1.schema.json',
    title: 'sleetwatch vetting report v1',
    description:
      'Candidates of a sleetwatch vetting run ranked by risk: each with a recommendation (stop | verify | proceed) and why, Microsoft\'s checklist (verified | failed | not done, with evidence) and explained findings; inputs with accepted / ignored / rejected counts.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
