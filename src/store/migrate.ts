// Applies src/store/migrations/NNN_name.sql in name order, each in its own transaction, recording the file name
// in schema_migrations. Idempotent; concurrent migrators on one PostgreSQL database serialise on an advisory lock.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SqlExecutor } from './executor.ts';

export interface Migration {
  version: string; // file name, e.g. '001_init.sql'
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Arbitrary constant key for pg_advisory_xact_lock ("sleetwat" in ASCII, truncated to int8 range). */
const LOCK_KEY = 0x736c656574776174n.toString();

let cached: Migration[] | undefined;

/** The migration files next to this module, in order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  if (dir === MIGRATIONS_DIR && cached) return cached;
  const files = readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort();
  const list = files.map((f) => ({ version: f, sql: readFileSync(`${dir}/${f}`, 'utf8') }));
  if (dir === MIGRATIONS_DIR) cached = list;
  return list;
}

/** Apply pending migrations; returns the versions applied now (empty when up to date). */
export async function migrate(db: SqlExecutor, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  // Under the same lock as the migrations: two processes starting at once on a new database would otherwise race on
  // CREATE TABLE IF NOT EXISTS, which is not atomic in PostgreSQL (one fails on pg_type's unique index).
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  });
  const applied = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      // Another process may have applied it while we waited for the lock.
      const again = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (again.rows.length > 0) return;
      try {
        await tx.exec(m.sql);
      } catch (e) {
        throw new Error(`migration ${m.version} failed: ${(e as Error).message}`, { cause: e });
      }
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      done.push(m.version);
    });
  }
  return done;
}
