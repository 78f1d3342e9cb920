// Regenerates schemas/vetting-record.v1.schema.json from the zod schema (src/sources/vetting-records/schema.ts).
// `npx tsx scripts/gen-vetting-record-schema.ts` — a test checks the committed file is current.
import { writeFileSync } from 'node:fs';
import { vettingRecordJsonSchema } from '../src/sources/vetting-records/schema.ts';

writeFileSync(new URL('../schemas/vetting-record.v1.schema.json', import.meta.url), JSON.stringify(vettingRecordJsonSchema(), null, 2) + '\n');
console.log('wrote schemas/vetting-record.v1.schema.json');
