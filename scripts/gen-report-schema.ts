// Regenerates every committed JSON Schema from its zod model: schemas/report.v1.schema.json (src/core/model.ts Report),
// vetting.v1 (src/core/candidate.ts VettingReport), vetting-record.v1 (src/sources/vetting-records/schema.ts) and
// share.v1 (src/app/share.ts ShareFile). `npx tsx scripts/gen-report-schema.ts` — tests check the files are current.
import { writeFileSync } from 'node:fs';
import { reportJsonSchema, vettingJsonSchema } from '../src/app/report-schema.ts';
import { shareJsonSchema } from '../src/app/share.ts';
import { vettingRecordJsonSchema } from '../src/sources/vetting-records/schema.ts';

const docs: [string, Record<string, unknown>][] = [
  ['report.v1.schema.json', reportJsonSchema()],
  ['vetting.v1.schema.json', vettingJsonSchema()],
  ['vetting-record.v1.schema.json', vettingRecordJsonSchema()],
  ['share.v1.schema.json', shareJsonSchema()],
];
for (const [file, doc] of docs) writeFileSync(new URL(`../schemas/${file}`, import.meta.url), JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote ${docs.map(([f]) => `schemas/${f}`).join(', ')}`);
