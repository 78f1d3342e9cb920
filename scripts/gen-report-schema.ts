// Regenerates schemas/report.v1.schema.json from the zod model (src/core/model.ts Report).
// `npx tsx scripts/gen-report-schema.ts` — a test checks the committed file is current.
import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../src/app/report-schema.ts';

writeFileSync(new URL('../schemas/report.v1.schema.json', import.meta.url), JSON.stringify(reportJsonSchema(), null, 2) + '\n');
console.log('wrote schemas/report.v1.schema.json');
