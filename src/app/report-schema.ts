// JSON Schema of the report, derived from the zod model so the two cannot drift.
import { jsonSchemaDocument } from '../core/json-schema.ts';
import { Report } from '../core/model.ts';
import { VettingReport } from '../core/candidate.ts';

export function reportJsonSchema(): Record<string, unknown> {
  return jsonSchemaDocument(Report, {
    file: 'report.v1.schema.json',
    title: 'sleetwatch report v1',
    description:
      'Per-person report of a sleetwatch scan: inputs with accepted / ignored (with reasons) / rejected counts and every rejection reason, and people ranked by risk with explainable findings and evidence.',
    io: 'output',
  });
}

/** JSON Schema of the vetting report (sleetwatch.vetting/v1), from the zod model in src/core/candidate.ts. */
export function vettingJsonSchema(): Record<string, unknown> {
  return jsonSchemaDocument(VettingReport, {
    file: 'vetting.v1.schema.json',
    title: 'sleetwatch vetting report v1',
    description:
      'Candidates of a sleetwatch vetting run ranked by risk: each with a recommendation (stop | verify | proceed) and why, Microsoft\'s checklist (verified | failed | not done, with evidence) and explained findings; inputs with accepted / ignored / rejected counts.',
    io: 'output',
  });
}
