import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeConformance } from './conformance.ts';
import { adele, user100 } from './fixtures/people.ts';
import { openStore } from './index.ts';
import { openPGliteStore } from './pglite.ts';

storeConformance('PGlite (in memory)', () => openPGliteStore('memory://'));

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
