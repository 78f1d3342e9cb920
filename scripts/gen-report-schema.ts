// Regenerates schemas/report.v1.schema.json and schemas/vetting.v1.schema.json from the zod models
// (src/core/model.ts Report, src/core/candidate.ts VettingReport).
// `npx tsx scripts/gen-report-schema.ts` — tests check the committed files are current.
import { writeFileSync } from 'node:fs';
import { reportJsonSchema, vettingJsonSchema } from '../src/app/report-schema.ts';

writeFileSync(new URL('../schemas/report.v1.schema.json', import.meta.url), JSON.stringify(reportJsonSchema(), null, 2) + '\n');
writeFileSync(new URL('../schemas/vetting.v1.schema.json', import.meta.url), JSON.stringify(vettingJsonSchema(), null, 2) + '\n');
console.log('wrote schemas/report.v1.schema.json, schemas/vetting.v1.schema.json');
