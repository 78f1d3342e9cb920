// Builds the sleetwatch.report/v1 document (schema: schemas/report.v1.schema.json). Pure.
import type { InputSummary, Report } from './model.ts';
import type { PipelineResult } from './pipeline.ts';

export const REPORT_SCHEMA = 'sleetwatch.report/v1' as const;

export function buildReport(result: PipelineResult, inputs: InputSummary[], generatedAt: Date): Report {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    schema: REPORT_SCHEMA,
    generatedAt: generatedAt.toISOString(),
    window: { from: iso(result.window.from), to: iso(result.window.to) },
    inputs,
    people: result.people,
    detectorErrors: result.errors,
  };
}
