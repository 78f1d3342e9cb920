// Embedded store: PGlite (PostgreSQL compiled to WASM) with its data in a folder, or in memory ('memory://').
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlExecutor } from './executor.ts';
import { SqlStore } from './sql-store.ts';

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
  if (dataDir !== 'memory://' && !dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (e) {
    throw new Error(`cannot open the embedded database in ${dataDir}: ${(e as Error).message}`, { cause: e });
  }
  return wrap(db, () => db.close(), false);
}

/** Open (creating if needed) and migrate a PGlite store. `dataDir` is a folder, or 'memory://' for a throwaway one. */
export async function openPGliteStore(dataDir: string | 'memory://'): Promise<SqlStore> {
  const store = new SqlStore(await openPGliteExecutor(dataDir));
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
