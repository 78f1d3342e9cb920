// A committed JSON Schema document (draft 2020-12) generated from a zod schema, so the documented format and the
// code cannot drift: schemas/*.schema.json are written by scripts/gen-report-schema.ts and checked by tests. Pure.
import { z } from 'zod';

export function jsonSchemaDocument(
  schema: z.ZodType,
  meta: { file: string; title: string; description?: string; io: 'input' | 'output' },
): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io: meta.io, target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://sleetwatch.dev/schemas/${meta.file}`,
    title: meta.title,
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...Object.fromEntries(Object.entries(out).filter(([k]) => k !== '$schema')),
  };
}
