import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeConformance } from './conformance.ts';
import { respondConformance } from './respond.conformance.ts';
import { authConformance } from './auth.conformance.ts';
import { containmentConformance } from './containment.conformance.ts';
import { outboxConformance } from './outbox.conformance.ts';
import { collectorsConformance } from './collectors.conformance.ts';
import { adele, user100 } from './fixtures/people.ts';
import { openStore } from './index.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { openPGliteExecutor, openPGliteStore } from './pglite.ts';
import { SqlStore } from './sql-store.ts';

storeConformance('PGlite (in memory)', () => openPGliteStore('memory://'));

respondConformance('PGlite (in memory)', async () => {
  const store = await openPGliteStore('memory://');
  return { store, close: () => store.close() };
});

authConformance('PGlite (in memory)', async () => {
  const store = await openPGliteStore('memory://');
  return { store, close: () => store.close() };
});

containmentConformance('PGlite (in memory)', async () => {
  const store = await openPGliteStore('memory://');
  return { store, close: () => store.close() };
});

collectorsConformance('PGlite (in memory)', async () => {
  const store = await openPGliteStore('memory://');
  return { store, close: () => store.close() };
});

describe('migration 010 (auth)', () => {
  it('tokens created before roles become admins', async () => {
    const db = await openPGliteExecutor('memory://');
    try {
      const all = loadMigrations();
      const i = all.findIndex((m) => m.version === '010_auth.sql');
      expect(i).toBeGreaterThan(0);
      await migrate(db, all.slice(0, i));
      await db.query(`INSERT INTO api_tokens (id, name, token_hash) VALUES ('tok_000000000001', 'old', 'h1')`);
      const store = new SqlStore(db);
      await store.migrate();
      expect((await store.listTokens())[0]).toMatchObject({ name: 'old', role: 'admin' });
      // New rows must name a role: the default is gone.
      await expect(db.query(`INSERT INTO api_tokens (id, name, token_hash) VALUES ('tok_000000000002', 'new', 'h2')`)).rejects.toThrow();
      await expect(db.query(`INSERT INTO api_tokens (id, name, token_hash, role) VALUES ('tok_000000000003', 'bad', 'h3', 'root')`)).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});

outboxConformance('PGlite (in memory)', async () => {
  const store = await openPGliteStore('memory://');
  return { store, close: () => store.close() };
});

describe('PGlite on disk', () => {
  it('keeps data in the folder across reopen, and openStore uses <dataDir>/db without a database URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sleetwatch-store-'));
    try {
      const first = await openStore({ dataDir: dir, databaseUrl: '' });
      await first.savePeople([adele, user100], 'run-disk-1');
      await first.saveState(adele.personId, { 'sanctioned-network': { hits: 2 } });
      await first.close();
      expect(existsSync(join(dir, 'db', 'PG_VERSION'))).toBe(true);

      const again = await openPGliteStore(join(dir, 'db'));
      const got = await again.getPerson(adele.personId);
      expect(got?.findings).toEqual(adele.findings);
      expect(got?.riskHistory.map((h) => h.runId)).toEqual(['run-disk-1']);
      expect(await again.findPersonByIdentifier('USER100@ABCCOMPANY.COM')).toBe(user100.personId);
      expect(await again.loadState(adele.personId)).toEqual({ 'sanctioned-network': { hits: 2 } });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('locks the folder: a second open fails clearly until the first closes; stale locks are taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sleetwatch-lock-'));
    const db = join(dir, 'db');
    try {
      const first = await openPGliteStore(db);
      await expect(openPGliteStore(db)).rejects.toThrow(`the database in ${db} is already open in this process`);
      await first.close();
      expect(existsSync(`${db}.lock`)).toBe(false);

      writeFileSync(`${db}.lock`, '1'); // pid 1 always exists: another live process holds it
      await expect(openPGliteStore(db)).rejects.toThrow(`the database in ${db} is in use by process 1`);

      const gone = spawnSync(process.execPath, ['-e', '']).pid!; // exited: its lock is stale
      writeFileSync(`${db}.lock`, String(gone));
      const again = await openPGliteStore(db);
      await again.savePeople([user100], 'run-lock');
      expect(await again.findPersonByIdentifier('user100@abccompany.com')).toBe(user100.personId);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 005 (event log)', () => {
  it('keeps the ids of seen_events as legacy events: already ingested, replayed for nobody', async () => {
    const db = await openPGliteExecutor('memory://');
    try {
      expect(loadMigrations()[3].version).toBe('004_api_tokens.sql');
      expect(await migrate(db, loadMigrations().slice(0, 4))).toHaveLength(4);
      const ids = ['entra:cfb68155-70f5-4e28-b046-0a3a7086c401', 'okta:aac560bd-f125-11ee-9caa-cd5d09945def'];
      await db.query('INSERT INTO seen_events (event_id) VALUES ($1), ($2)', ids);
      await db.query(
        `INSERT INTO people (person_id, risk, level) VALUES ('p_old', 40, 'medium')`,
      );
      const store = new SqlStore(db);
      await store.migrate();
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'seen_events'`);
      expect(rows[0].n).toBe(0);
      expect(await store.currentVersion()).toBe(0);
      const ev = (id: string) => ({
        id,
        personId: 'p_old',
        time: 1619618925221,
        event: { id, source: 'entra-signin', kind: 'signin' as const, type: 'Sign-in activity', time: 1619618925221, actor: { ids: [{ kind: 'upn' as const, value: 'adelev@m365x816222.onmicrosoft.com' }] }, outcome: 'success' as const },
      });
      expect(await store.appendEvents(ids.map(ev), 1)).toEqual([]);
      expect(await store.eventsOf(['p_old'])).toEqual({ events: [], legacy: {} });
      // Existing people get version 0: only changesSince(0) (everything) lists them.
      expect((await store.changesSince(0)).people).toEqual([{ personId: 'p_old' }]);
      expect((await store.changesSince(1)).people).toEqual([]);
      expect(await store.appendEvents([ev('entra:new')], 0)).toEqual(['entra:new']);
      // A body-less row attributed to a person (none are written today) is counted, never replayed.
      await db.query(`INSERT INTO events (event_id, person_id) VALUES ('okta:attributed-legacy', 'p_old')`);
      expect(await store.eventsOf(['p_old'])).toEqual({ events: [{ ...ev('entra:new'), personId: 'p_old' }], legacy: { p_old: 1 } });
    } finally {
      await db.close();
    }
  });
});
