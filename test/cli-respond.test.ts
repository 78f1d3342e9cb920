// The respond commands from the command line, on an embedded store in a temp folder: a case raised from a person's
// rise to high, `case list` / `case show`, `audit verify` intact (exit 0) and after a row is deleted behind the
// store's back (exit 1, naming the row), `suppression revoke` needing --as.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../src/core/config.ts';
import { alertsFor, previousLevels } from '../src/app/respond.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { adele } from '../src/store/fixtures/people.ts';
import { runCli } from './run-cli.ts';

const run = runCli;
afterEach(() => vi.restoreAllMocks());

describe('respond commands', () => {
  it('case list / show, audit verify before and after tampering, suppression revoke needs --as', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-cli-respond-'));
    const store = await openPGliteStore(join(dataDir, 'db'));
    await store.atomic(async (tx) => {
      const prev = await previousLevels(tx, [adele]);
      await tx.savePeople([adele], 'run-1');
      return alertsFor(tx, [adele], prev, { config: defaultConfig(), now: Date.parse('2026-03-02T09:00:00Z') });
    });
    await store.close();

    const list = await run('case', 'list', '--data-dir', dataDir);
    expect(list.code, list.err).toBe(0);
    const caseId = list.out.split('\t')[0];
    expect(list.out).toContain(`person:${adele.personId}`);
    const show = await run('case', 'show', caseId, '--data-dir', dataDir);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain('playbook:');
    expect(show.out).toMatch(/Revoke|revoke/);

    const ok = await run('audit', 'verify', '--data-dir', dataDir);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^audit log intact: \d+ rows? verified/);

    // Someone with database access deletes the first audit row (bypassing the trigger, as a superuser could).
    const raw = await openPGliteStore(join(dataDir, 'db'));
    await raw.db.exec('ALTER TABLE audit_log DISABLE TRIGGER ALL; DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log); ALTER TABLE audit_log ENABLE TRIGGER ALL;');
    await raw.close();
    const bad = await run('audit', 'verify', '--data-dir', dataDir);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/audit log TAMPERED/);

    const noActor = await run('suppression', 'revoke', 'sup-1', '--data-dir', dataDir);
    expect(noActor.code).toBe(2);
    expect(noActor.err).toMatch(/--as NAME is required/);
  }, 120_000);
});
