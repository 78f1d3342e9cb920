// Open the configured store: PostgreSQL when a database URL is given (or DATABASE_URL is set), else the embedded
// PGlite database in `${dataDir}/db`. Either way the schema is migrated before the store is returned.
import { join } from 'node:path';
import { openPGliteStore } from './pglite.ts';
import { openPostgresStore } from './postgres.ts';
import type { Store } from './types.ts';

export const DEFAULT_DATA_DIR = './.sleetwatch';

export interface OpenStoreOptions {
  /** postgres://… ; defaults to process.env.DATABASE_URL. */
  databaseUrl?: string;
  /** Folder for the embedded database (used when there is no database URL); default ./.sleetwatch */
  dataDir?: string;
}

export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (url) return openPostgresStore(url);
  return openPGliteStore(join(opts.dataDir ?? DEFAULT_DATA_DIR, 'db'));
}

export type { ApiToken, IngestRun, LoggedEvent, PersonSummary, Store, StoreChanges, StoredPerson } from './types.ts';
export type { SqlExecutor } from './executor.ts';
export { SqlStore } from './sql-store.ts';
export { openPGliteStore } from './pglite.ts';
export { openPostgresStore } from './postgres.ts';
export { migrate, loadMigrations } from './migrate.ts';
