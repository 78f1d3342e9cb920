// PostgreSQL store over a `pg` Pool. An optional schema (created when missing) isolates one store from another in
// the same database: every connection of the pool gets it as search_path.
import pg from 'pg';
import type { SqlExecutor } from './executor.ts';
import { SqlStore } from './sql-store.ts';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

function describe(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length) return e.errors.map((x) => (x as Error).message).join('; ');
  const err = e as Error & { code?: string };
  return err.message || err.code || String(e);
}

function clientExecutor(client: pg.PoolClient): SqlExecutor {
  const ex: SqlExecutor = {
    async query<T>(sql: string, params?: unknown[]) {
      const r = await client.query(sql, params);
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    transaction: (fn) => fn(ex), // already inside one
    async close() {},
  };
  return ex;
}

function poolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pool.query(sql, params);
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A checked-out client whose connection drops (server restart, pg_terminate_backend, network) emits 'error';
      // without a listener that event would kill the process. The query in flight rejects instead, the transaction
      // rolls back with the batch's claims, and the broken client is destroyed, not returned to the pool.
      let broken: Error | undefined;
      const onError = (e: Error): void => {
        broken = e;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(clientExecutor(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.off('error', onError);
        client.release(broken ?? false);
      }
    },
    close: () => pool.end(),
  };
}

/** PostgreSQL executor without migrating (for tools and tests); most callers want openPostgresStore. */
export async function openPostgresExecutor(url: string, opts: { schema?: string } = {}): Promise<SqlExecutor> {
  const { schema } = opts;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and _ (max 63)`);
  }
  const config: pg.PoolConfig = { connectionString: url, connectionTimeoutMillis: 10_000, max: 4 };
  if (schema) config.options = `-c search_path=${schema}`;
  const pool = new pg.Pool(config);
  // An idle client losing its connection must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  try {
    if (schema) {
      // Serialised like the migrations: concurrent CREATE SCHEMA IF NOT EXISTS can fail on pg_namespace's unique index.
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('sleetwatch:create-schema'))`);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    }
    else await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${describe(e)}`, { cause: e });
  }
  return poolExecutor(pool);
}

/** Connect to PostgreSQL (DATABASE_URL form), create `schema` if given, and migrate. */
export async function openPostgresStore(url: string, opts: { schema?: string } = {}): Promise<SqlStore> {
  const store = new SqlStore(await openPostgresExecutor(url, opts));
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
