// What the web UI reads besides the people list (migration 013): facets, a department's detector states, and the
// settings overlay with its optimistic-concurrency version. The same SQL on PGlite and PostgreSQL.
import type { SqlExecutor } from './executor.ts';
import { sqlRespondStore } from './respond-store.ts';
import type { StoredSettings } from './types.ts';

const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
/** Code-unit order, the same on every database and collation. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The department key detectors group colleagues by (src/detectors/common/department.ts), in SQL. */
export const DEPARTMENT_KEY = `lower(btrim(p.directory ->> 'department'))`;

/**
 * Distinct departments and detectors by skipping through their indexes (a recursive "loose index scan": one probe
 * per distinct value, not a pass over 100,000 rows). A department is shown as its highest-risk member spells it.
 */
export async function peopleFacets(db: SqlExecutor): Promise<{ departments: string[]; detectors: string[] }> {
  const d = await db.query<{ name: string | null }>(
    `WITH RECURSIVE k AS (
       (SELECT ${DEPARTMENT_KEY} AS v FROM people p WHERE ${DEPARTMENT_KEY} > '' ORDER BY ${DEPARTMENT_KEY} LIMIT 1)
       UNION ALL
       SELECT (SELECT ${DEPARTMENT_KEY} FROM people p WHERE ${DEPARTMENT_KEY} > k.v ORDER BY ${DEPARTMENT_KEY} LIMIT 1) FROM k WHERE k.v IS NOT NULL
     )
     SELECT (SELECT btrim(p.directory ->> 'department') FROM people p WHERE ${DEPARTMENT_KEY} = k.v ORDER BY p.risk DESC, p.person_id LIMIT 1) AS name
     FROM k WHERE k.v IS NOT NULL`,
  );
  const f = await db.query<{ v: string }>(
    `WITH RECURSIVE k AS (
       (SELECT detector AS v FROM findings ORDER BY detector LIMIT 1)
       UNION ALL
       SELECT (SELECT detector FROM findings WHERE detector > k.v ORDER BY detector LIMIT 1) FROM k WHERE k.v IS NOT NULL
     )
     SELECT v FROM k WHERE v IS NOT NULL`,
  );
  return { departments: d.rows.flatMap((r) => (r.name ? [r.name] : [])).sort(cmp), detectors: f.rows.map((r) => r.v).sort(cmp) };
}

export async function departmentStates(db: SqlExecutor, department: string, limit: number): Promise<{ personId: string; state: Record<string, unknown> }[]> {
  const key = department.trim().toLowerCase();
  if (!key) return [];
  const { rows } = await db.query<{ person_id: string; state: string }>(
    `SELECT p.person_id, s.state FROM people p JOIN detector_state s ON s.person_id = p.person_id
     WHERE ${DEPARTMENT_KEY} = $1 ORDER BY p.risk DESC, p.person_id LIMIT $2`,
    [key, limit],
  );
  return rows.map((r) => ({ personId: r.person_id, state: JSON.parse(r.state) as Record<string, unknown> }));
}

interface SettingsRow {
  version: string | number;
  overlay: string;
  updated_at: unknown;
  updated_by: string;
}

const toSettings = (r: SettingsRow | undefined): StoredSettings => {
  if (!r || Number(r.version) === 0) return { version: 0, overlay: {} };
  return { version: Number(r.version), overlay: JSON.parse(r.overlay) as Record<string, unknown>, updatedAt: isoOf(r.updated_at), updatedBy: r.updated_by };
};

export async function getSettings(db: SqlExecutor): Promise<StoredSettings> {
  const { rows } = await db.query<SettingsRow>('SELECT version, overlay, updated_at, updated_by FROM settings WHERE id = 1');
  return toSettings(rows[0]);
}

/**
 * A conditional UPDATE of the one row (seeded at version 0 by the migration): two writers that read the same version
 * cannot both succeed, the second matches no row. The audit row joins the same transaction.
 */
export function putSettings(
  db: SqlExecutor,
  overlay: Record<string, unknown>,
  expectedVersion: number,
  ctx: { actor: string; now: number; audit: { action: string; subject: string; detail: unknown } },
): Promise<{ ok: true; settings: StoredSettings } | { ok: false; settings: StoredSettings }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<SettingsRow>(
      `UPDATE settings SET version = version + 1, overlay = $2, updated_at = $3, updated_by = $4
       WHERE id = 1 AND version = $1 RETURNING version, overlay, updated_at, updated_by`,
      [expectedVersion, JSON.stringify(overlay), new Date(ctx.now).toISOString(), ctx.actor],
    );
    if (rows.length === 0) return { ok: false as const, settings: await getSettings(tx) };
    await sqlRespondStore(tx, true).appendAudit([{ actor: ctx.actor, ...ctx.audit }], ctx.now);
    return { ok: true as const, settings: toSettings(rows[0]) };
  });
}
