// Regenerates schemas/share.v1.schema.json from the zod schema (src/app/share.ts ShareFile).
// `npx tsx scripts/gen-share-schema.ts` — a test checks the committed file is current.
import { writeFileSync } from 'node:fs';
import { shareJsonSchema } from '../src/app/share.ts';

writeFileSync(new URL('../schemas/share.v1.schema.json', import.meta.url), JSON.stringify(shareJsonSchema(), null, 2) + '\n');
console.log('wrote schemas/share.v1.schema.json');
