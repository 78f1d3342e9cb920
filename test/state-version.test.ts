// Persisted detector state carries a version. A state written under another version is never read: the service
// rebuilds it from the store's event log when it opens (same findings as before), and refuses with a clear message
// when the log does not hold all of the person's events (history ingested before the store kept one).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestService } from '../src/app/service.ts';
import { openPGliteStore, type SqlStore } from '../src/store/index.ts';
import { oktaClText, readSample } from './samples.ts';

const DATA_DIR = join(import.meta.dirname, '../.sleetwatch-test');

async function filled(): Promise<{ store: SqlStore; people: Awaited<ReturnType<SqlStore['getPerson']>>[] }> {
  const store = await openPGliteStore('memory://');
  const svc = await IngestService.open(store, { dataDir: DATA_DIR });
  await svc.ingest(readSample('entra/training_lab_sign-in_adelete_EXCERPT.csv'), { name: 'entra.csv' });
  await svc.ingest(oktaClText(), { name: 'okta.json' });
  const people = await Promise.all((await store.listPeople()).map((s) => store.getPerson(s.personId)));
  return { store, people };
}

const findingsOf = (people: Awaited<ReturnType<SqlStore['getPerson']>>[]) =>
  people.map((p) => ({ id: p!.personId, risk: p!.risk, level: p!.level, events: p!.events, findings: p!.findings }));

describe('versioned detector state', () => {
  it('states of another version are rebuilt from the event log at open: same findings, new version stamped', async () => {
    const { store, people } = await filled();
    try {
      expect(people.some((p) => p!.findings.length > 0)).toBe(true);
      const tampered = await store.db.query(`UPDATE detector_state SET state = jsonb_set(state::jsonb, '{v}', '"an-older-version"')::text RETURNING person_id`);
      expect(tampered.rows.length).toBeGreaterThan(0);
      // an older state that would be misread if it were trusted: counts that do not match any event
      await store.db.query(`UPDATE detector_state SET state = jsonb_set(state::jsonb, '{detectors}', '{"high-risk-network": {"bogus": true}}')::text`);
      const svc = await IngestService.open(store, { dataDir: DATA_DIR });
      const after = await Promise.all((await store.listPeople()).map((s) => store.getPerson(s.personId)));
      expect(findingsOf(after)).toEqual(findingsOf(people));
      const { rows } = await store.db.query<{ v: string }>(`SELECT DISTINCT state::jsonb->>'v' AS v FROM detector_state`);
      expect(rows.map((r) => r.v)).not.toContain('an-older-version');
      // the rebuilt pipeline in memory agrees with what it stored
      expect(comparableResults(await svc.results())).toEqual(findingsOf(after).map(({ id, risk, level, events }) => ({ id, risk, level, events })).sort((a, b) => a.id.localeCompare(b.id)));
    } finally {
      await store.close();
    }
  });

  it('refuses, naming the person and what to do, when the log lacks part of the history it would rebuild from', async () => {
    const { store } = await filled();
    try {
      const { rows } = await store.db.query<{ person_id: string }>(
        `SELECT person_id FROM events WHERE person_id IS NOT NULL GROUP BY person_id HAVING count(*) > 1 ORDER BY person_id LIMIT 1`,
      );
      const pid = rows[0].person_id;
      // history from before the event log: the person's counters say more events than the log holds
      await store.db.query(`DELETE FROM events WHERE event_id = (SELECT event_id FROM events WHERE person_id = $1 ORDER BY t LIMIT 1)`, [pid]);
      await store.db.query(`UPDATE detector_state SET state = jsonb_set(state::jsonb, '{v}', '"an-older-version"')::text WHERE person_id = $1`, [pid]);
      await expect(IngestService.open(store, { dataDir: DATA_DIR })).rejects.toThrow(new RegExp(`person ${pid}: \\d+ events are counted but the event log holds \\d+.*scan the original exports into a new store`));
      // nothing was written by the refused rebuild
      const { rows: v } = await store.db.query<{ v: string }>(`SELECT state::jsonb->>'v' AS v FROM detector_state WHERE person_id = $1`, [pid]);
      expect(v[0].v).toBe('an-older-version');
    } finally {
      await store.close();
    }
  });
});

function comparableResults(r: Awaited<ReturnType<IngestService['results']>>) {
  return r.people.map((p) => ({ id: p.personId, risk: p.risk, level: p.level, events: p.events })).sort((a, b) => a.id.localeCompare(b.id));
}
