// PGlite runs PostgreSQL without autovacuum: a store that grew by bulk writes keeps no planner statistics and no
// visibility map, and its list queries fall back to scans and sorts (bench:ui at 100,000 people: pages of 230-1,100 ms
// before, 9-65 ms after VACUUM ANALYZE). This does what autovacuum would, on the same rule of thumb: after a committed
// write, when the people written since the last run reach 10% of the table (at least 1,000), and once at open for a
// store that already holds 1,000 people but was never analyzed. PostgreSQL has autovacuum and does not use this.
import type { SqlExecutor } from './executor.ts';

/** Tables read by index (list pages, counts): statistics and the visibility map. */
const VACUUM_TABLES = ['people', 'findings', 'identifiers', 'risk_history', 'detector_state'];
/** The event log is read per person by its index: statistics only (a VACUUM of it would be long). */
const ANALYZE_TABLES = ['events'];
export const MIN_WRITTEN = 1000;
export const FRACTION = 0.1;

export class AutoMaintenance {
  private written = 0;
  private checked = false;
  private running = false;
  /** Runs done (for tests and logs). */
  runs = 0;

  constructor(private readonly db: SqlExecutor) {}

  /** People rows written in a transaction that committed (or will: a rollback only makes the next run earlier). */
  note(people: number): void {
    this.written += people;
  }

  /** After a commit, outside any transaction: VACUUM ANALYZE when due. */
  async afterCommit(): Promise<void> {
    if (this.running || (this.checked && this.written < MIN_WRITTEN)) return;
    this.running = true;
    try {
      const { rows } = await this.db.query<{ n: number | string }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'people'::regclass`);
      const n = Number(rows[0]?.n ?? -1);
      let due = this.written >= Math.max(MIN_WRITTEN, FRACTION * n);
      if (!this.checked) {
        this.checked = true;
        // Never analyzed (reltuples unknown or 0) yet holding many people: a store written before this process.
        if (n <= 0) due ||= (await this.db.query(`SELECT 1 FROM people OFFSET ${MIN_WRITTEN - 1} LIMIT 1`)).rows.length > 0;
      }
      if (!due) return;
      this.written = 0;
      for (const t of VACUUM_TABLES) await this.db.exec(`VACUUM (ANALYZE) ${t}`);
      for (const t of ANALYZE_TABLES) await this.db.exec(`ANALYZE ${t}`);
      this.runs++;
    } finally {
      this.running = false;
    }
  }
}
