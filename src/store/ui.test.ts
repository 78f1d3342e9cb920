// The UI store conformance suite (ui.conformance.ts) on PGlite and on a real PostgreSQL (its own schema, dropped after).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { manyPeople } from './fixtures/people.ts';
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

describe('PGlite auto-maintenance (no autovacuum)', () => {
  it('runs VACUUM ANALYZE once 1,000 people were written, then again after 10% growth, never inside a transaction', async () => {
    const store = await openPGliteStore('memory://');
    try {
      const reltuples = async () => Number((await store.db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'people'::regclass`)).rows[0].n);
      await store.savePeople(manyPeople(400, 'm1'), 'run-m1');
      expect(store.maintenance?.runs).toBe(0);
      // Inside atomic(): noted, run after the commit.
      await store.atomic(async (tx) => tx.savePeople(manyPeople(700, 'm2'), 'run-m2'));
      expect(store.maintenance?.runs).toBe(1);
      expect(await reltuples()).toBe(1100);
      const visible = await store.db.query<{ v: number }>(`SELECT relallvisible AS v FROM pg_class WHERE oid = 'people'::regclass`);
      expect(Number(visible.rows[0].v)).toBeGreaterThan(0);
      await store.savePeople(manyPeople(999, 'm3'), 'run-m3');
      expect(store.maintenance?.runs).toBe(1);
      await store.savePeople(manyPeople(1, 'm4'), 'run-m4');
      expect(store.maintenance?.runs).toBe(2);
      expect(await reltuples()).toBe(2100);
    } finally {
      await store.close();
    }
  });
});
