// Embedded store: PGlite (PostgreSQL compiled to WASM) with its data in a folder, or in memory ('memory://').
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './dir-lock.ts';
import type { SqlExecutor } from './executor.ts';
import { SqlStore } from './sql-store.ts';
import { AutoMaintenance } from './maintenance.ts';

type PGliteLike = Pick<PGlite, 'query' | 'exec'> & Partial<Pick<PGlite, 'transaction'>>;

function wrap(db: PGliteLike, close: () => Promise<void>, inTx: boolean): SqlExecutor {
  const ex: SqlExecutor = {
    async query<T>(sql: string, params?: unknown[]) {
      const r = await db.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      if (inTx || !db.transaction) return fn(ex);
      return db.transaction((tx: Transaction) => fn(wrap(tx, close, true)));
    },
    close,
  };
  return ex;
}

/** PGlite executor without migrating (for tools and tests); most callers want openPGliteStore. */
export async function openPGliteExecutor(dataDir: string): Promise<SqlExecutor> {
  const inMemory = dataDir.startsWith('memory://');
  let release = () => {};
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (e) {
    release();
    throw new Error(`cannot open the embedded database in ${dataDir}: ${(e as Error).message}`, { cause: e });
  }
  return wrap(
    db,
    async () => {
      try {
        await db.close();
      } finally {
        release();
      }
    },
    false,
  );
}

/** Open (creating if needed) and migrate a PGlite store. `dataDir` is a folder, or 'memory://' for a throwaway one. */
export async function openPGliteStore(dataDir: string | 'memory://'): Promise<SqlStore> {
  const db = await openPGliteExecutor(dataDir);
  // No autovacuum in PGlite: the store runs VACUUM ANALYZE itself after large writes (./maintenance.ts).
  const store = new SqlStore(db, false, new AutoMaintenance(db));
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
