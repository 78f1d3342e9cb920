// The tiny SQL executor the shared store runs on. Adapters (pglite.ts, postgres.ts) implement it; sql-store.ts and
// migrate.ts only ever see this interface, so both databases run exactly the same SQL.

export interface SqlExecutor {
  /** One statement with $1..$n parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** One or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Run `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws. Nested calls join the outer one. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
