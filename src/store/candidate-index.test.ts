// The CandidateIndex conformance suite against all three adapters: memory, PGlite (in memory) and a REAL
// PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; its own schema, dropped after).
// An unreachable server fails the PostgreSQL suite, never skips it.
import pg from 'pg';
import { candidateIndexConformance } from './candidate-index.conformance.ts';
import { sqlCandidateIndex } from './candidate-index.ts';
import { openPGliteStore } from './pglite.ts';
import { openPostgresStore } from './postgres.ts';
import { memoryCandidateIndex } from '../vetting/index/memory.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sw_reuse_${process.pid}_${Date.now().toString(36)}`;

candidateIndexConformance('memory', async () => ({ index: memoryCandidateIndex(), close: async () => {} }));

candidateIndexConformance('PGlite (in memory)', async () => {
  const store = await openPGliteStore('memory://');
  return { index: sqlCandidateIndex(store.db), close: () => store.close() };
});

candidateIndexConformance(`PostgreSQL (${url}, schema ${schema})`, async () => {
  const store = await openPostgresStore(url, { schema });
  return {
    index: sqlCandidateIndex(store.db),
    close: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
});
