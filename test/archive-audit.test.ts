// The vetting archive purge (src/app/vet.ts purgeArchive) writes its deletions to the hash-chained audit log in the
// same transaction as archive_log, so `audit verify` covers them; a purge with nothing due writes nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { purgeArchive } from '../src/app/vet.ts';
import { openPGliteStore } from '../src/store/pglite.ts';

const SHA = 'a'.repeat(64);
const SHA2 = 'b'.repeat(64);

describe('archive purge in the audit log', () => {
  it('audits each purge (candidate, hash, kind; no file name) and verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-archive-'));
    const store = await openPGliteStore('memory://');
    try {
      mkdirSync(join(dir, 'archive'));
      writeFileSync(join(dir, 'archive', SHA), 'recording');
      await store.archiveFile({ candidateId: 'cand-1', sha256: SHA, kind: 'recording', file: 'Jane_Doe_interview.mp4', bytes: 9, retainUntil: '2025-01-01T00:00:00.000Z' });
      await store.archiveFile({ candidateId: 'cand-2', sha256: SHA2, kind: 'resume', file: 'cv.pdf', retainUntil: '2030-01-01T00:00:00.000Z' });
      const gone = await purgeArchive(store, dir, new Date('2025-06-01T00:00:00Z'), 'admin-ada');
      expect(gone.map((f) => f.sha256)).toEqual([SHA]);
      expect(existsSync(join(dir, 'archive', SHA))).toBe(false);
      const rows = (await store.respond().listAudit({ limit: 100 })).filter((r) => r.action === 'archive.purge');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor: 'admin-ada', subject: 'archive', at: '2025-06-01T00:00:00.000Z' });
      expect(JSON.parse(rows[0].detail)).toEqual({ files: [{ candidateId: 'cand-1', sha256: SHA, kind: 'recording', retainUntil: '2025-01-01T00:00:00.000Z' }] });
      expect(rows[0].detail).not.toContain('Jane_Doe');
      expect((await store.archiveLog()).map((l) => l.action)).toEqual(['archived', 'archived', 'deleted after retention']);
      expect((await store.respond().verifyAudit()).ok).toBe(true);
      // Nothing more is due: no audit row.
      expect(await purgeArchive(store, dir, new Date('2025-07-01T00:00:00Z'))).toEqual([]);
      expect((await store.respond().listAudit({ limit: 100 })).filter((r) => r.action === 'archive.purge')).toHaveLength(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
