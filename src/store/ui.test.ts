// The UI store conformance suite (ui.conformance.ts) on PGlite and on a real PostgreSQL (its own schema, dropped after).
import pg from 'pg';
import { uiConformance } from './ui.conformance.ts';
import { openPGliteStore } from './pglite.ts';
import { openPostgresStore } from './postgres.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sw_ui_${process.pid}_${Date.now().toString(36)}`;

uiConformance('PGlite (in memory)', async () => {
  const store = await openPGliteStore('memory://');
  return { store, close: () => store.close() };
});

uiConformance(`PostgreSQL (${url}, schema ${schema})`, async () => {
  const store = await openPostgresStore(url, { schema });
  return {
    store,
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
